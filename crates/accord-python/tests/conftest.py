"""Shared fixtures: the bundled data, the policy, and the CLI's rows on
the same leads (the `accord` binary built by cargo; ACCORD_BIN overrides)."""

import json
import os
import pathlib
import subprocess

import pytest

import accord

REPO = pathlib.Path(__file__).resolve().parents[3]
POLICY = REPO / "policies" / "mql-sql-agreement.accord"
LEADS = REPO / "examples" / "data" / "leads.ndjson"
AS_OF = "2026-11-20T15:00:00Z"


def accord_bin() -> pathlib.Path:
    path = pathlib.Path(os.environ.get("ACCORD_BIN", REPO / "target" / "debug" / "accord"))
    if not path.exists():
        pytest.fail(f"the accord binary is not built ({path}): cargo build -p accord-cli")
    return path


def cli_rows(leads: pathlib.Path, events: pathlib.Path = None, explain: bool = False, lines: bool = True):
    """`accord eval --format ndjson` rows on a leads file (`lines=False`:
    without the line numbers of errors, which a data frame has not)."""
    args = [str(accord_bin()), "eval", str(POLICY), "--leads", str(leads), "--as-of", AS_OF, "--format", "ndjson"]
    if events is not None:
        args += ["--events", str(events)]
    if explain:
        args.append("--explain")
    out = subprocess.run(args, capture_output=True, text=True)
    assert out.returncode in (0, 3), out.stderr  # 3: some records are error rows
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    if not lines:
        for row in rows:
            for error in row["errors"]:
                error["line"] = None
    return rows


def write_ndjson(path: pathlib.Path, records) -> pathlib.Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def plain(value):
    """A result value with pandas' missing markers as None (for comparing
    with JSON rows)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


@pytest.fixture(scope="session")
def policy():
    return accord.Policy.load(POLICY)


def bundled_records():
    """The bundled leads that are JSON objects (two lines of the file are
    deliberately malformed JSON, which no list of dicts can hold)."""
    out = []
    for line in LEADS.read_text().splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            pass
    return out


def as_frame_records(records):
    """The leads as a data frame holds them: a null is an empty cell, which
    reads as an absent field (JSON tells `null` from absent; a frame does not)."""
    return [{k: v for k, v in r.items() if v is not None} for r in records]


def bundled_columnar():
    """The bundled leads that fit typed columns (see `columnar_records`),
    for the scripts that share this file's data (the Spark test, the
    benchmark)."""
    return columnar_of(as_frame_records(bundled_records()))


@pytest.fixture(scope="session")
def records():
    return bundled_records()


@pytest.fixture(scope="session")
def frame_records(records):
    return as_frame_records(records)


@pytest.fixture(scope="session")
def frame_file(frame_records, tmp_path_factory):
    return write_ndjson(tmp_path_factory.mktemp("data") / "frame.ndjson", frame_records)


@pytest.fixture(scope="session")
def records_file(records, tmp_path_factory):
    return write_ndjson(tmp_path_factory.mktemp("data") / "leads.ndjson", records)


def kind_of(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


@pytest.fixture(scope="session")
def columnar_records(frame_records):
    return columnar_of(frame_records)


def columnar_of(frame_records):
    """The leads whose every value has its column's usual kind (the
    bundled data has deliberate type mistakes, like "120" for a number,
    which no typed column can hold beside numbers); those are tested as
    error rows elsewhere."""
    kinds = {}
    for r in frame_records:
        for k, v in r.items():
            if v is not None:
                kinds.setdefault(k, {}).setdefault(kind_of(v), 0)
                kinds[k][kind_of(v)] += 1
    usual = {k: max(c, key=c.get) for k, c in kinds.items()}
    keep = [r for r in frame_records if all(v is None or kind_of(v) == usual[k] for k, v in r.items())]
    return keep


@pytest.fixture(scope="session")
def columnar_file(columnar_records, tmp_path_factory):
    return write_ndjson(tmp_path_factory.mktemp("data") / "columnar.ndjson", columnar_records)


def to_table(records):
    """A pyarrow Table with a column for every key of any record
    (`Table.from_pylist` takes the keys of the first record only)."""
    import pyarrow as pa

    return pa.Table.from_struct_array(pa.array(records))
