"""Leads per second per core through Python (list of dicts, pandas,
Arrow table, Parquet) against the CLI on the same leads, with peak memory.
A benchmark, not a test: figures for the README, measured in one run.

    python crates/accord-python/bench/throughput.py [LEADS] [--spark]

Needs the release CLI (cargo build --release -p accord-cli) and the
release wheel installed (maturin build --release; pip install). The leads
are the bundled ones that fit typed columns, repeated with fresh ids up to
LEADS (default 100,000). Every measurement runs in its own process on one
core (threads=1 / --threads 1) so peak memory (max RSS) is its own.
"""

import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[3]
POLICY = REPO / "policies" / "mql-sql-agreement.accord"
AS_OF = "2026-11-20T15:00:00Z"
CLI = REPO / "target" / "release" / "accord"


def make_data(n: int, work: pathlib.Path) -> None:
    sys.path.insert(0, str(REPO / "crates" / "accord-python" / "tests"))
    import conftest
    import pyarrow.parquet as pq

    records = []
    for line in conftest.LEADS.read_text().splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            pass
    base = conftest.columnar_records.__wrapped__([{k: v for k, v in r.items() if v is not None} for r in records])
    leads = []
    while len(leads) < n:
        for r in base:
            if len(leads) == n:
                break
            copy = dict(r)
            copy["lead_id"] = f"{r['lead_id']}-{len(leads)}"
            leads.append(copy)
    (work / "leads.ndjson").write_text("".join(json.dumps(r) + "\n" for r in leads))
    pq.write_table(conftest.to_table(leads), work / "leads.parquet", row_group_size=16384, compression="snappy")


MEASURE = r'''
import json, pathlib, resource, sys, time
import accord
kind, work = sys.argv[1], pathlib.Path(sys.argv[2])
policy = accord.Policy.load(sys.argv[3])
as_of = sys.argv[4]
if kind == "list":
    data = [json.loads(l) for l in (work / "leads.ndjson").read_text().splitlines()]
elif kind == "pandas":
    import pyarrow.parquet as pq
    data = pq.read_table(work / "leads.parquet").to_pandas()
elif kind == "arrow":
    import pyarrow.parquet as pq
    data = pq.read_table(work / "leads.parquet")
elif kind == "polars":
    import polars as pl
    data = pl.read_parquet(work / "leads.parquet")
start = time.perf_counter()
if kind == "parquet":
    import pyarrow.parquet as pq
    data = pq.read_table(work / "leads.parquet")  # reading counts here
out = policy.evaluate(data, as_of=as_of, threads=1)
seconds = time.perf_counter() - start
print(json.dumps({"rows": len(out), "seconds": seconds,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
'''


def measure_python(kind: str, work: pathlib.Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, kind, str(work), str(POLICY), AS_OF], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.splitlines()[-1])


def measure_cli(name: str, work: pathlib.Path) -> dict:
    """The CLI on one core, its peak memory read from its own rusage (a
    wrapper process that runs only it: the parent's figure would be this
    Python process's)."""
    wrapper = (
        "import resource, subprocess, sys, time, os\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    args = [str(CLI), "eval", str(POLICY), "--leads", str(work / name), "--as-of", AS_OF,
            "--format", "ndjson", "--threads", "1"]
    out = subprocess.run([sys.executable, "-c", wrapper, *args],
                         capture_output=True, text=True, check=True)
    seconds, rss = out.stdout.split()
    return {"seconds": float(seconds), "max_rss_mb": int(rss) / 1024}


def main() -> None:
    n = int(next((a for a in sys.argv[1:] if a.isdigit()), 100_000))
    work = pathlib.Path(tempfile.mkdtemp(prefix="accord-bench-"))
    make_data(n, work)
    results = []
    for name in ("leads.ndjson", "leads.parquet"):
        r = measure_cli(name, work)
        results.append((f"CLI, {name.split('.')[1]} file", r["seconds"], r["max_rss_mb"]))
    for kind, label in (("list", "Python, list of dicts"), ("pandas", "Python, pandas frame"),
                        ("arrow", "Python, Arrow table"), ("polars", "Python, Polars frame"),
                        ("parquet", "Python, Parquet (read + evaluate)")):
        r = measure_python(kind, work)
        assert r["rows"] == n
        results.append((label, r["seconds"], r["max_rss_mb"]))
    base = results[0][1]
    print(f"{n:,} leads, one core each, {POLICY.name}, as of {AS_OF}")
    print("| input | leads/s per core | vs CLI (NDJSON) | peak memory (max RSS) |")
    print("| --- | ---: | ---: | ---: |")
    for label, seconds, rss in results:
        print(f"| {label} | {n / seconds:,.0f} | {base / seconds:.2f}× | {rss:,.0f} MB |")


if __name__ == "__main__":
    main()
