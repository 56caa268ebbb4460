"""The Spark recipe (examples/spark/accord_spark.py) in local mode gives
exactly the CLI's rows on the bundled data.

Run by crates/accord-python/tests/run.sh (so by .ci/run) when Java and
PySpark are present: `python tests/spark_local.py [CORES]`. Prints
`N passed, 0 failed` or raises.
"""

import json
import os
import pathlib
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "examples" / "spark"))
sys.path.insert(0, str(REPO / "crates" / "accord-python" / "tests"))

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402

import accord  # noqa: E402
import accord_spark  # noqa: E402
import conftest  # noqa: E402


def main() -> None:
    cores = sys.argv[1] if len(sys.argv) > 1 else "2"
    # The data files live only as long as the run (removed also when it fails).
    with tempfile.TemporaryDirectory(prefix="accord-spark-") as work:
        failed = run(cores, pathlib.Path(work))
    sys.exit(1 if failed else 0)


def run(cores: str, work: pathlib.Path) -> int:
    """Checks Spark's rows against the CLI's, with the data files in
    `work`; prints each check and returns how many failed."""
    leads = conftest.bundled_columnar()
    expected = conftest.cli_rows(conftest.write_ndjson(work / "leads.ndjson", leads), lines=False)
    table = conftest.to_table(leads)
    table = table.append_column("record", pa.array(range(1, len(leads) + 1), pa.int64()))
    pq.write_table(table, work / "leads.parquet", row_group_size=64)

    # The workers import the recipe's module (the mapInArrow function
    # lives there) with this interpreter.
    paths = [str(REPO / "examples" / "spark"), os.environ.get("PYTHONPATH", "")]
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("accord-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", cores)
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    policy = accord.Policy.load(conftest.POLICY)
    df = spark.read.parquet(str(work / "leads.parquet")).repartition(int(cores) * 2)
    result = accord_spark.evaluate(df, policy, conftest.AS_OF).toArrow().to_pylist()
    spark.stop()
    rows = sorted(result, key=lambda r: r["record"])
    for row in rows:
        for column in accord_spark.NESTED:
            row[column] = json.loads(row[column])
    passed = failed = 0
    checks = [
        ("one row per lead", len(rows) == len(expected)),
        ("rows equal the CLI's", rows == expected),
        ("error rows kept", any(r["errors"] for r in rows)),
    ]
    for name, ok in checks:
        print(("ok     " if ok else "FAILED ") + name)
        passed, failed = passed + ok, failed + (not ok)
    if rows != expected:
        for a, b in zip(rows, expected):
            if a != b:
                print("first difference:", {k: (a.get(k), b[k]) for k in b if a.get(k) != b[k]})
                break
    print(f"{passed} passed, {failed} failed")
    return failed


if __name__ == "__main__":
    main()
