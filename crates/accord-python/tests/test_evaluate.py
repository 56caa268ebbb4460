"""Every input kind gives the CLI's rows on the bundled data; bad records
are error rows, never a batch exception; results keep the input's kind."""

import json
import re

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import accord
from conftest import AS_OF, cli_rows, plain, to_table


def test_list_of_dicts_gives_the_cli_rows(policy, records, records_file):
    rows = policy.evaluate(records, as_of=AS_OF)
    assert isinstance(rows, list)
    assert rows == cli_rows(records_file, lines=False)
    assert any(r["errors"] for r in rows), "the bundled data has malformed records"


def test_pandas_frame_gives_the_cli_rows(policy, frame_records, frame_file):
    # Mixed kinds in a column (a number written as text): read record by record.
    frame = pd.DataFrame(frame_records)
    assert accord._pandas_to_arrow(frame) is None
    out = policy.evaluate(frame, as_of=AS_OF)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == list(accord.COLUMNS)
    assert str(out["mql"].dtype) == "boolean" and str(out["tier"].dtype) == "Int64"
    assert plain(out.to_dict("records")) == cli_rows(frame_file, lines=False)


def test_pandas_frame_through_arrow_gives_the_cli_rows(policy, columnar_records, columnar_file):
    frame = pd.DataFrame(columnar_records)
    assert accord._pandas_to_arrow(frame) is not None, "typed columns go through Arrow"
    out = policy.evaluate(frame, as_of=AS_OF)
    assert plain(out.to_dict("records")) == cli_rows(columnar_file, lines=False)


def test_arrow_table_and_batch_give_the_cli_rows(policy, columnar_records, columnar_file):
    expected = cli_rows(columnar_file, lines=False)
    table = to_table(columnar_records)
    out = policy.evaluate(table, as_of=AS_OF)
    assert isinstance(out, pa.Table)
    assert out.column_names == list(accord.COLUMNS)
    assert out.to_pylist() == expected
    batch = table.combine_chunks().to_batches()[0]
    out = policy.evaluate(batch, as_of=AS_OF)
    assert isinstance(out, pa.RecordBatch)
    assert out.to_pylist() == expected


def test_arrow_table_of_many_batches(policy, columnar_records, columnar_file):
    table = to_table(columnar_records)
    chunked = pa.Table.from_batches(table.to_batches(max_chunksize=7))
    assert chunked.num_rows == table.num_rows and len(chunked.to_batches()) > 50
    assert policy.evaluate(chunked, as_of=AS_OF).to_pylist() == cli_rows(columnar_file, lines=False)


def test_polars_frame_gives_the_cli_rows(policy, columnar_records, columnar_file):
    frame = pl.from_arrow(to_table(columnar_records))
    out = policy.evaluate(frame, as_of=AS_OF)
    assert isinstance(out, pl.DataFrame)
    assert out.columns == list(accord.COLUMNS)
    assert out.to_dicts() == cli_rows(columnar_file, lines=False)


def test_parquet_file_through_pyarrow(policy, columnar_records, columnar_file, tmp_path):
    path = tmp_path / "leads.parquet"
    pq.write_table(to_table(columnar_records), path, row_group_size=100)
    out = policy.evaluate(pq.read_table(path), as_of=AS_OF)
    assert out.to_pylist() == cli_rows(columnar_file, lines=False)
    # and the CLI reads the Parquet file itself
    assert cli_rows(path) == cli_rows(columnar_file, lines=False)


def test_typed_timestamps_and_categoricals(policy, columnar_records):
    """Columns of real timestamps (zoned), dates and dictionary-encoded
    text give the rows their text forms give."""
    table = to_table(columnar_records)
    expected = policy.evaluate(table, as_of=AS_OF).to_pylist()
    def parses(value):
        try:
            return value is None or pd.Timestamp(value) is not None
        except ValueError:
            return False

    stamps = ("created_at", "mql_at", "routed_at")
    columnar_records = [r for r in columnar_records if all(parses(r.get(c)) for c in stamps)]
    table = to_table(columnar_records)
    expected = policy.evaluate(table, as_of=AS_OF).to_pylist()
    frame = pd.DataFrame(columnar_records)
    for column in stamps:
        frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    for column in ("segment", "country", "status"):
        frame[column] = frame[column].astype("category")
    out = policy.evaluate(frame, as_of=AS_OF)
    assert plain(out.to_dict("records")) == expected


def test_separate_events_frame_gives_the_cli_rows(policy, columnar_records, tmp_path):
    """Leads without embedded events, and the events as a table of their
    own (as `accord eval --events`)."""
    import pyarrow.csv as pacsv
    from conftest import REPO

    events_csv = REPO / "examples" / "data" / "events.csv"
    leads = [{k: v for k, v in r.items() if k not in ("activities", "attempts")} for r in columnar_records]
    leads_file = tmp_path / "leads.ndjson"
    leads_file.write_text("".join(json.dumps(r) + "\n" for r in leads))
    expected = cli_rows(leads_file, events=events_csv, lines=False)
    header = events_csv.read_text().splitlines()[0].split(",")
    events = pacsv.read_csv(
        events_csv,
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in header}, strings_can_be_null=True),
    )
    out, event_errors = policy.evaluate_with_events(to_table(leads), events, as_of=AS_OF)
    # A table's rows are said by number ("events file row 4"), the CSV
    # file's by line (line 5: its header is line 1).
    by_row = lambda m: re.sub(r"events file line (\d+)", lambda g: f"events file row {int(g[1]) - 1}", m)
    for row in expected:
        for error in row["errors"]:
            error["message"] = by_row(error["message"])
    assert any("events file row" in e["message"] for r in expected for e in r["errors"])
    assert out.to_pylist() == expected
    assert sum(1 for r in expected if r["persistence"] and r["persistence"]["applies"]) > 0
    # The events file's leads that are not among these leads are its errors.
    ids = {r["lead_id"] for r in leads}
    unknown = {e["lead_id"] for e in event_errors if e["message"].endswith("not in the leads input")}
    assert unknown and not unknown & ids


def test_malformed_records_are_error_rows(policy):
    leads = [
        {"lead_id": "L-1", "employees": "many"},
        "not a lead",
        {"lead_id": "L-3", "activities": [{"kind": "no_such_kind", "at": "yesterday"}]},
        {"lead_id": "L-4", "created_at": float("nan")},
    ]
    rows = policy.evaluate(leads, as_of=AS_OF)
    assert len(rows) == 4
    assert [r["record"] for r in rows] == [1, 2, 3, 4]
    assert all(r["errors"] and r["mql"] is None for r in rows)
    fields = {e["field"] for e in rows[0]["errors"]}
    assert "employees" in fields
    assert rows[0]["errors"][0]["lead_id"] == "L-1"
    assert rows[1]["errors"][0]["message"].startswith("a lead record must be a JSON object")
    assert any(e["field"] == "activities[0].kind" for e in rows[2]["errors"])


def test_values_json_cannot_hold_are_error_rows_in_place(policy):
    from decimal import Decimal

    leads = [
        {"lead_id": "L-1", "employees": float("inf")},
        {"lead_id": "L-2", "employees": Decimal("NaN")},
        {"lead_id": "L-3", (1, 2): 3},
        {"lead_id": "L-4", "employees": float("-inf")},
    ]
    rows = policy.evaluate(leads, as_of=AS_OF)
    assert [r["record"] for r in rows] == [1, 2, 3, 4]
    assert all(r["errors"] and r["mql"] is None for r in rows), rows
    assert any(e["field"] == "employees" for e in rows[0]["errors"])
    assert any(e["field"] == "employees" for e in rows[3]["errors"])


def test_bytes_are_text_when_they_are_utf8_else_an_error_row(policy, columnar_records):
    lead = next(dict(r) for r in columnar_records if isinstance(r.get("industry"), str))
    good = dict(lead, industry=lead["industry"].encode())
    bad = dict(lead, industry=b"\xff\xfe")
    rows = policy.evaluate([lead, good, bad], as_of=AS_OF)
    assert len(rows) == 3
    strip = lambda r: {k: v for k, v in r.items() if k != "record"}
    # UTF-8 bytes read as their text (they were sent as "b'SaaS'").
    assert strip(rows[1]) == strip(rows[0])
    assert rows[2]["errors"] and rows[2]["mql"] is None, rows[2]


def test_a_frame_arrow_cannot_hold_is_read_record_by_record(policy):
    frame = pd.DataFrame({"lead_id": ["L-1", "L-2"], "employees": pd.Series([10**30, "x"], dtype=object)})
    # (10**30 in an object column: pyarrow raises OverflowError, not an
    # Arrow error; the frame must still be read, one row per record.)
    rows = policy.evaluate(frame, as_of=AS_OF)
    assert len(rows) == 2


def test_malformed_cells_in_arrow_are_error_rows(policy, columnar_records):
    table = to_table(columnar_records[:3])
    bad = table.set_column(
        table.column_names.index("employees"), "employees", pa.array(["12", "x", "many"], pa.string())
    )
    rows = policy.evaluate(bad, as_of=AS_OF).to_pylist()
    assert len(rows) == 3
    for row in rows:
        assert row["errors"], row
        assert any(e["field"] == "employees" for e in row["errors"])
    assert rows[1]["errors"][0]["record"] == 2


def test_infinity_in_an_arrow_float_column_is_an_error_row(policy, columnar_records):
    # Arrow (and pandas) floats can hold infinity, JSON cannot: a lead's
    # number is finite, whichever way it came (it was read as a number).
    table = to_table(columnar_records[:3])
    bad = table.set_column(
        table.column_names.index("employees"),
        "employees",
        pa.array([float("inf"), 120.0, float("-inf")], pa.float64()),
    )
    rows = policy.evaluate(bad, as_of=AS_OF).to_pylist()
    assert len(rows) == 3
    for i in (0, 2):
        errors = [e for e in rows[i]["errors"] if e["field"] == "employees"]
        assert errors and "finite" in errors[0]["message"], rows[i]
        assert rows[i]["mql"] is None
    assert not any(e["field"] == "employees" for e in rows[1]["errors"]), rows[1]


def test_a_column_of_a_type_no_field_reads_is_an_error_row_even_for_text(policy, columnar_records):
    # A binary column in a text field was once read as the text "a Binary
    # value"; it is an error row saying what the column holds, in words.
    table = to_table(columnar_records[:3])
    at = table.column_names.index("industry")
    bad = table.set_column(at, "industry", pa.array([b"SaaS", b"x", None], pa.binary()))
    rows = policy.evaluate(bad, as_of=AS_OF).to_pylist()
    assert len(rows) == 3
    for row in rows[:2]:
        errors = [e for e in row["errors"] if e["field"] == "industry"]
        assert errors and errors[0]["found"] == "binary data (bytes, not text)", row
    # A column no field names is ignored whatever its type.
    extra = table.append_column("blob", pa.array([b"a", b"b", b"c"], pa.binary()))
    plain = policy.evaluate(table, as_of=AS_OF).to_pylist()
    assert policy.evaluate(extra, as_of=AS_OF).to_pylist() == plain


def test_empty_inputs(policy):
    assert policy.evaluate([], as_of=AS_OF) == []
    assert len(policy.evaluate(pd.DataFrame(), as_of=AS_OF)) == 0
    assert policy.evaluate(pa.table({"lead_id": pa.array([], pa.string())}), as_of=AS_OF).num_rows == 0


def test_explain_column(policy, columnar_records):
    rows = policy.evaluate(columnar_records[:5], as_of=AS_OF, explain=True)
    assert all("explanation" in r for r in rows)
    table = policy.evaluate(to_table(columnar_records[:5]), as_of=AS_OF, explain=True)
    trees = [json.loads(t) for t in table.column("explanation").to_pylist()]
    assert trees == [r["explanation"] for r in rows]


def test_as_of_is_checked(policy, records):
    with pytest.raises(ValueError, match="RFC 3339"):
        policy.evaluate(records[:1], as_of="2026-11-20")
    import datetime as dt

    with pytest.raises(ValueError, match="time zone"):
        policy.evaluate(records[:1], as_of=dt.datetime(2026, 11, 20, 15))
    aware = dt.datetime(2026, 11, 20, 15, tzinfo=dt.timezone.utc)
    assert policy.evaluate(records[:3], as_of=aware) == policy.evaluate(records[:3], as_of=AS_OF)
