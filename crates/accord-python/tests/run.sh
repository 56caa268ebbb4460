#!/usr/bin/env bash
# The Python package's tests (run by .ci/run): a virtual environment of its
# own, the wheel built by maturin and installed in it, then pytest against
# the `accord` binary cargo built. Skips (exit 0, saying why) when Python's
# venv module is missing or pip cannot reach the package registry.
set -euo pipefail
crate="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$crate/../.." && pwd)"
venv="${ACCORD_PY_VENV:-$repo/target/python-venv}"
python="${PYTHON:-python3}"
if ! "$python" -m venv --help >/dev/null 2>&1; then
  echo "python tests: skipped: no python3 with the venv module"; exit 0
fi
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
if ! "$venv/bin/pip" install -q --disable-pip-version-check maturin pytest pandas polars pyarrow; then
  echo "python tests: skipped: pip could not install maturin, pytest, pandas, polars, pyarrow (no registry?)"; exit 0
fi
cargo build -q -p accord-cli
rm -rf "$repo/target/wheels"
(cd "$crate" && CARGO_TARGET_DIR="$repo/target" "$venv/bin/maturin" build -q --out "$repo/target/wheels")
"$venv/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$repo"/target/wheels/accord_policy-*.whl
cd "$crate/tests"
ACCORD_BIN="$repo/target/debug/accord" "$venv/bin/python" -m pytest -q -p no:cacheprovider .
cd "$repo"
# The Spark recipe in local mode (examples/spark), when Java is here and
# PySpark installs (a large download: about 40 s here).
if ! command -v java >/dev/null 2>&1; then
  echo "spark test: skipped: no java on PATH (apt-get install -y default-jre-headless)"
elif ! "$venv/bin/pip" install -q --disable-pip-version-check pyspark; then
  echo "spark test: skipped: pip could not install pyspark"
else
  ACCORD_BIN="$repo/target/debug/accord" "$venv/bin/python" -W ignore "$repo/tests/spark_local.py" 2
fi
