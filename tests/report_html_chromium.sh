#!/usr/bin/env bash
# Opens the HTML report of the bundled data, and the HTML backtest of the
# bundled Olist-shaped data, in headless Chromium, takes a screenshot of
# each and checks that the charts were drawn (not a blank page): each
# screenshot must hold the metric line's (or bars') blue, the target
# line's orange and the breached periods' (or inflection band's) red, in
# more than a handful of pixels each.
#
# Chromium: Debian's `chromium` package (`apt-get install -y chromium`);
# CHROMIUM=/path/to/chrome picks another build. Without one the script
# says so and exits 0 unless REQUIRE_CHROMIUM=1. Run by `.ci/run`.
set -euo pipefail
cd "$(dirname "$0")/.."
browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$browser" ]; then
    echo "skipped: the HTML report was not opened in a browser: no Chromium found (install it with: apt-get install -y chromium)"
    [ "${REQUIRE_CHROMIUM:-0}" = 1 ] && exit 1
    exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo run -q -p accord-cli -- report policies/marketing-sales-sla.accord \
    --leads examples/data/leads.ndjson --as-of 2026-11-30T15:00:00Z \
    --format html --out "$work/report.html" || [ $? -eq 3 ]
# The backtest page: coverage/precision bars (blue over the bar, red under
# it), the bars dashed orange, the inflection band red.
cargo run -q -p accord-cli -- backtest examples/olist/olist.accord \
    --leads examples/olist/mql.csv --won-ids examples/olist/closed_deals.csv \
    --won-key mql_id --at first_contact_date --format html --out "$work/backtest.html"
for page in report backtest; do
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size=1000,2400 \
    --screenshot="$work/$page.png" "file://$work/$page.html" >"$work/chromium.log" 2>&1 || {
    cat "$work/chromium.log"; echo "FAILED: chromium did not take the screenshot of $page.html"; exit 1; }
python3 - "$work/$page.png" "$page" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and colour in (2, 6), f"unexpected PNG format {depth}/{colour}"
        bpp = 3 if colour == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw, stride = zlib.decompress(idat), width * bpp
prev, rows, i = bytearray(stride), [], 0
for _ in range(height):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
def near(px, rgb): return all(abs(px[k] - rgb[k]) < 40 for k in range(3))
counts = {"metric line or bar (blue)": 0, "target line (orange)": 0, "breached period or inflection (red)": 0}
colours = {"metric line or bar (blue)": (25, 90, 170), "target line (orange)": (230, 119, 0), "breached period or inflection (red)": (176, 0, 32)}
for line in rows:
    for x in range(0, stride, bpp):
        px = line[x:x + 3]
        for name, rgb in colours.items():
            if near(px, rgb): counts[name] += 1
print(sys.argv[2], "pixels:", counts)
missing = [k for k, v in counts.items() if v < 50]
if missing:
    sys.exit(f"FAILED: the {sys.argv[2]} screenshot shows no " + ", no ".join(missing))
print(f"ok: the HTML {sys.argv[2]} page drew its charts in Chromium")
PY
done
