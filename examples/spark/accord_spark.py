"""Evaluate a Spark DataFrame of leads with Accord, on the executors.

    spark-submit examples/spark/accord_spark.py \
        --policy policies/mql-sql-agreement.accord --leads leads.parquet \
        --as-of 2026-11-20T15:00:00Z --out decisions.parquet

The driver loads and checks the policy once (a policy with errors stops
the job before any executor starts, with the CLI's diagnostics), then ships
its text — the entry file and every file it imports, a few kilobytes — in
the closure of a `mapInArrow` function. Each Python worker rebuilds the
policy from that text once (`Policy.from_text`, nothing read from disk) and
evaluates each Arrow batch of its partition in Rust, one core per task
(Spark runs one task per core). The result is a DataFrame of the row
contract (`accord eval --format json`): the scalar columns typed, the
nested ones (`policy`, `exclusions`, `slas`, `persistence`, `recycling`,
`handoff`, `errors`) as JSON text (`from_json` opens them; their shape
depends on the policy, Spark's schema must not).

Record numbers: give the leads a `record` column (a long) to have rows and
errors numbered as in your source (the tests number the bundled file's
records like the CLI); without one, records are numbered within each
Arrow batch.

Requirements on every executor: the wheel built by the README's command
(`pip install accord_policy-*.whl pyarrow`), e.g. `--py-files` is not
enough for a compiled module: use a cluster library (Databricks), a
bootstrap action (EMR) or an initialization action / custom image
(Dataproc), or `spark.archives` with a packed virtual environment.
"""

from __future__ import annotations

import argparse
import json
from typing import Dict, Iterator, Optional, Tuple

import accord

#: The result schema (Spark DDL): typed scalars, nested values as JSON.
NESTED = ("policy", "exclusions", "slas", "persistence", "recycling", "handoff", "errors")
RESULT_DDL = (
    "id string, record long, policy string, as_of string, mql boolean, "
    "mql_definition boolean, sal boolean, sql boolean, exclusions string, tier int, "
    "slas string, persistence string, recycling string, handoff string, errors string"
)

_POLICIES: Dict[Tuple[str, str], accord.Policy] = {}


def _policy(entry: str, files: Dict[str, str], hash_: str) -> accord.Policy:
    """The policy rebuilt from its text, once per Python worker."""
    key = (entry, hash_)
    if key not in _POLICIES:
        policy = accord.Policy.from_text(files[entry], name=entry, files=files)
        if policy.hash != hash_:
            raise RuntimeError(f"the shipped policy rebuilt as {policy.hash}, not {hash_}")
        _POLICIES[key] = policy
    return _POLICIES[key]


def evaluate(df, policy: accord.Policy, as_of: str, record_column: Optional[str] = "record"):
    """`df` (one lead per row, events as arrays of structs) → a DataFrame
    of decision rows, one per lead."""
    entry, files = policy.entry(as_of)
    shipped = dict(files)
    hash_ = policy.hash
    numbered = record_column is not None and record_column in df.columns

    def run(batches: Iterator) -> Iterator:
        import pyarrow as pa

        local = _policy(entry, shipped, hash_)
        schema = None
        for batch in batches:
            numbers = None
            if numbered:
                numbers = batch.column(batch.schema.get_field_index(record_column)).to_pylist()
                batch = batch.drop_columns([record_column])
            table = pa.Table.from_batches([batch])
            rows = local.evaluate(table, as_of=as_of, threads=1).to_pylist()
            out = []
            for i, row in enumerate(rows):
                if numbers is not None:
                    row["record"] = numbers[i]
                    for error in row["errors"]:
                        error["record"] = numbers[i]
                out.append({k: json.dumps(row[k]) if k in NESTED else row[k] for k in accord.COLUMNS})
            if schema is None:
                schema = _arrow_schema(pa)
            yield pa.RecordBatch.from_pylist(out, schema=schema)

    return df.mapInArrow(run, RESULT_DDL)


def _arrow_schema(pa):
    types = {"record": pa.int64(), "tier": pa.int32()}
    for flag in ("mql", "mql_definition", "sal", "sql"):
        types[flag] = pa.bool_()
    return pa.schema([(c, types.get(c, pa.string())) for c in accord.COLUMNS])


def main() -> None:
    from pyspark.sql import SparkSession

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy", required=True, nargs="+")
    parser.add_argument("--leads", required=True, help="Parquet (or a folder of Parquet files)")
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    policy = accord.Policy.load(args.policy)  # accord.PolicyError stops the job here
    spark = SparkSession.builder.appName("accord").getOrCreate()
    evaluate(spark.read.parquet(args.leads), policy, args.as_of).write.mode("overwrite").parquet(args.out)


if __name__ == "__main__":
    main()
