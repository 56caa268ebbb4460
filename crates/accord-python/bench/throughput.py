"""Leads per second per core through Python (list of dicts, pandas,
Arrow table, Parquet) against the CLI on the same leads, with peak memory.
A benchmark, not a test: figures for the README, measured in one run.

    python crates/accord-python/bench/throughput.py [LEADS] [--spark]

`--spark` adds the Spark recipe (examples/spark) in local mode at 1, 2 and
all cores on the same Parquet file, each against the CLI at the same
thread count (`--threads N`): the job's wall time (Spark session already
started; the result written to Spark's no-op sink), and the peak memory of
the whole process tree (driver JVM and Python workers, sampled from /proc).

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

    base = conftest.bundled_columnar()
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


def measure_cli(name: str, work: pathlib.Path, threads: int = 1) -> dict:
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
            "--format", "ndjson", "--threads", str(threads)]
    out = subprocess.run([sys.executable, "-c", wrapper, *args],
                         capture_output=True, text=True, check=True)
    seconds, rss = out.stdout.split()
    return {"seconds": float(seconds), "max_rss_mb": int(rss) / 1024}


SPARK_JOB = r'''
import json, os, pathlib, sys, time
work, policy_path, as_of, cores = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, sys.argv[5])
import accord, accord_spark
from pyspark.sql import SparkSession
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (sys.argv[5], os.environ.get("PYTHONPATH", "")) if p)
os.environ["PYSPARK_PYTHON"] = sys.executable
spark = (SparkSession.builder.master(f"local[{cores}]").appName("accord-bench")
         .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", cores)
         .config("spark.driver.memory", "2g").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
policy = accord.Policy.load(policy_path)
df = spark.read.parquet(str(work / "leads.parquet")).repartition(cores * 4).cache()
n = df.count()  # read and cached before the clock starts, as the CLI's input sits in the page cache
start = time.perf_counter()
accord_spark.evaluate(df, policy, as_of).write.format("noop").mode("overwrite").save()
seconds = time.perf_counter() - start
spark.stop()
print(json.dumps({"rows": n, "seconds": seconds}))
'''


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    children = {}
    rss = {}
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0.0)
        stack.extend(children.get(pid, []))
    return total


def measure_spark(cores: int, work: pathlib.Path) -> dict:
    """One Spark local-mode job in its own process tree, its memory
    sampled every 0.2 s."""
    import threading

    proc = subprocess.Popen(
        [sys.executable, "-W", "ignore", "-c", SPARK_JOB, str(work), str(POLICY), AS_OF, str(cores),
         str(REPO / "examples" / "spark")],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    peak = [0.0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"the Spark job failed (exit {proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result["max_rss_mb"] = peak[0]
    return result


def spark_table(n: int, work: pathlib.Path) -> None:
    """Spark at 1, 2 and all cores against the CLI at the same threads."""
    cores = sorted({1, 2, os.cpu_count() or 1})
    print()
    print(f"{n:,} leads from Parquet, Spark local mode (examples/spark) against the CLI at the same thread count")
    print("| cores | CLI leads/s | Spark leads/s | Spark / CLI | Spark peak memory (all processes) |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for c in cores:
        cli = measure_cli("leads.parquet", work, threads=c)
        spark = measure_spark(c, work)
        assert spark["rows"] == n
        print(f"| {c} | {n / cli['seconds']:,.0f} | {n / spark['seconds']:,.0f} | "
              f"{cli['seconds'] / spark['seconds']:.2f}× | {spark['max_rss_mb']:,.0f} MB |")


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
    if "--spark" in sys.argv[1:]:
        spark_table(n, work)


if __name__ == "__main__":
    main()
