"""Accord for Python: evaluate lead data against an Accord policy.

Load a policy once (``Policy.load`` from files, ``Policy.from_text`` from
text in memory), then evaluate leads given as a list of dicts, a pandas or
Polars DataFrame, or a pyarrow Table / RecordBatch: the result is the same
kind of object with one row per lead, in the row contract of ``accord eval
--format json`` (the same values the CLI gives). A lead that does not fit
the policy's schema gets an error row (``errors`` names the record and the
field); a batch never raises for a bad record.

Batch work runs in Rust on all cores with the GIL released, and a policy
may be shared by any number of threads.
"""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import json as _json
import math as _math
import os as _os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _accord

__all__ = ["Policy", "PolicyError", "RecordError", "COLUMNS", "MAX_THREADS", "__version__"]

__version__: str = _accord.__version__

#: The most worker threads ``threads=`` may ask for (``accord eval
#: --threads`` has the same bound).
MAX_THREADS: int = _accord.MAX_THREADS

#: The columns of a result, in order (``explanation`` is added with
#: ``explain=True``). Nested columns (``policy``, ``exclusions``, ``slas``,
#: ``persistence``, ``recycling``, ``handoff``, ``errors``) hold what the
#: CLI's JSON rows hold.
COLUMNS: Tuple[str, ...] = (
    "id",
    "record",
    "policy",
    "as_of",
    "mql",
    "mql_definition",
    "sal",
    "sql",
    "exclusions",
    "tier",
    "slas",
    "persistence",
    "recycling",
    "handoff",
    "errors",
)


#: pandas dtypes of the scalar columns (nullable: an error row has no
#: decision); the nested columns hold dicts and lists (dtype object).
_PANDAS_DTYPES: Dict[str, Any] = {
    "record": "int64",
    "mql": "boolean",
    "mql_definition": "boolean",
    "sal": "boolean",
    "sql": "boolean",
    "tier": "Int64",
}


class PolicyError(Exception):
    """A policy that does not check: the CLI's diagnostics.

    ``rendered`` is the text ``accord check`` prints (without colour);
    ``diagnostics`` the structured list (code, severity, message, file, line,
    column, end_line, end_column, span, label, help), as ``accord check
    --format json`` gives.
    """

    def __init__(self, message: str, rendered: str, diagnostics: List[Dict[str, Any]]):
        super().__init__(f"{message}\n{rendered}" if rendered else message)
        self.message = message
        self.rendered = rendered
        self.diagnostics = diagnostics


class RecordError(ValueError):
    """A lead that cannot be explained because it does not fit the schema;
    ``errors`` holds its error entries (record, field, expected, found,
    message), as in an error row."""

    def __init__(self, errors: List[Dict[str, Any]]):
        lines = [e.get("message", "") for e in errors]
        super().__init__("the lead does not fit the schema: " + "; ".join(lines))
        self.errors = errors


AsOf = Union[str, _dt.datetime, None]


def _check_threads(threads: Any) -> None:
    """``threads=`` is a whole number from 0 (all cores) to ``MAX_THREADS``."""
    if isinstance(threads, bool) or not isinstance(threads, int):
        raise TypeError(f"threads must be a whole number (0: all cores), not {type(threads).__name__}")
    if not 0 <= threads <= MAX_THREADS:
        raise ValueError(f"threads must be from 0 (all cores) to {MAX_THREADS}, not {threads}")


def _as_of_text(as_of: AsOf) -> str:
    """An RFC 3339 instant: given as text, an aware datetime, or now."""
    if as_of is None:
        return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    if isinstance(as_of, _dt.datetime):
        if as_of.tzinfo is None or as_of.utcoffset() is None:
            raise ValueError(
                "as_of has no time zone: give an aware datetime "
                "(e.g. datetime(2026, 11, 20, 15, tzinfo=timezone.utc)) or RFC 3339 text"
            )
        return as_of.isoformat()
    if isinstance(as_of, str):
        return as_of
    raise TypeError(f"as_of must be RFC 3339 text or an aware datetime, not {type(as_of).__name__}")


def _as_of_day(text: str) -> _dt.date:
    value = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"as_of {text!r} has no UTC offset; write e.g. 2026-11-20T15:00:00Z")
    return value.astimezone(_dt.timezone.utc).date()


def _json_default(value: Any) -> Any:
    """What a data frame's cell stands for in JSON."""
    if value is None:
        return None
    module = type(value).__module__
    if module.startswith("pandas") and type(value).__name__ in ("NaTType", "NAType"):
        return None
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, _decimal.Decimal):
        return float(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        # UTF-8 text as its text; other bytes are no lead value (the
        # UnicodeDecodeError makes the record an error row in its place).
        return bytes(value).decode("utf-8")
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return value.tolist()
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def _clean(value: Any) -> Any:
    """NaN (pandas' missing number) as null, an infinity as the text
    "Infinity" (not a number: the record's error row names the field), a
    key that is not text as its text, recursively."""
    if isinstance(value, _decimal.Decimal) and not value.is_finite():
        value = float(value)
    if isinstance(value, float) and _math.isnan(value):
        return None
    if isinstance(value, float) and _math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, Mapping):
        return {k if isinstance(k, str) else str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _record_json(record: Any) -> str:
    """One record as one JSON line, whatever it holds: a value JSON cannot
    hold is cleaned (`_clean`), and a record still not JSON is sent as its
    text, so that it is an error row in its place, not the batch's end."""
    try:
        return _json.dumps(record, allow_nan=False, default=_json_default)
    except (ValueError, TypeError, OverflowError):
        pass
    try:
        return _json.dumps(_clean(record), allow_nan=False, default=_json_default)
    except (ValueError, TypeError, OverflowError):
        return _json.dumps(repr(record)[:200])


def _ndjson(records: Iterable[Any]) -> bytes:
    return "\n".join(_record_json(r) for r in records).encode()


def _rows(data: bytes, lines: bool = True) -> List[Dict[str, Any]]:
    """NDJSON rows; `lines=False`: without the line numbers of errors
    (those of the NDJSON made from the records, which mean nothing to the
    caller)."""
    rows = [_json.loads(line) for line in data.splitlines() if line]
    if not lines:
        for row in rows:
            for error in row.get("errors") or ():
                error["line"] = None
    return rows


def _without_lines(result: Any) -> Any:
    """An Arrow result of records given as a list: the errors' line
    numbers (those of the NDJSON made from the records, which mean nothing
    to the caller) set to null."""
    import pyarrow as pa

    table = pa.table(result)
    rows = table.column("errors").to_pylist()
    if not any(rows):
        return table
    for errors in rows:
        for error in errors or ():
            error["line"] = None
    index = table.column_names.index("errors")
    return table.set_column(index, "errors", pa.array(rows, table.schema.field("errors").type))


def _kind(obj: Any) -> str:
    """Which kind of input: pandas, polars, arrow-table, arrow-batch,
    arrow-stream, records."""
    module = type(obj).__module__
    name = type(obj).__name__
    if module.startswith("pandas") and name == "DataFrame":
        return "pandas"
    if module.startswith("polars") and name == "DataFrame":
        return "polars"
    if module.startswith("pyarrow") and name == "Table":
        return "arrow-table"
    if module.startswith("pyarrow") and name == "RecordBatch":
        return "arrow-batch"
    if hasattr(obj, "__arrow_c_stream__"):
        return "arrow-stream"
    return "records"


def _pandas_to_arrow(frame: Any) -> Any:
    """A pandas frame as a pyarrow Table, or None when a column mixes
    kinds of value Arrow cannot hold in one column (then the frame is read
    record by record)."""
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        # (OverflowError: an int too large for any Arrow integer.)
        return None


def _arrow_stream(obj: Any, kind: str) -> Any:
    """The Arrow C stream capsule of a tabular input (None: read the frame
    as records)."""
    if kind == "pandas":
        table = _pandas_to_arrow(obj)
        return None if table is None else table.__arrow_c_stream__()
    if kind == "polars":
        return obj.to_arrow().__arrow_c_stream__()
    if kind == "arrow-batch":
        import pyarrow as pa

        return pa.Table.from_batches([obj]).__arrow_c_stream__()
    return obj.__arrow_c_stream__()


def _is_missing(value: Any) -> bool:
    """A frame's empty cell: None, NaN, pandas' NA or NaT."""
    if value is None:
        return True
    if isinstance(value, float):
        return _math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def _frame_records(obj: Any, kind: str) -> Iterable[Dict[str, Any]]:
    """A pandas frame's rows as records; an empty cell is an absent field
    (as a null Arrow cell is)."""
    if kind == "pandas":
        return (
            {k: v for k, v in rec.items() if not _is_missing(v)}
            for rec in obj.to_dict("records")
        )
    raise TypeError(f"cannot read records from {type(obj).__name__}")


_COLUMNAR = ("pandas", "polars", "arrow-table", "arrow-batch", "arrow-stream")


def _empty_table(explain: bool) -> Any:
    import pyarrow as pa

    columns = list(COLUMNS) + (["explanation"] if explain else [])
    return pa.table({c: pa.array([], pa.null()) for c in columns})


def _output(result: Any, kind: str, explain: bool) -> Any:
    """The native result as the same kind of object as the input: rows
    (a list of dicts) for records; for a frame or Arrow input, the Arrow
    table the native side built (None: no rows) as that kind."""
    if kind not in _COLUMNAR:
        return result
    import pyarrow as pa

    table = _empty_table(explain) if result is None else pa.table(result)
    if kind == "pandas":
        import pandas as pd

        # Column by column from Arrow: nested values as dicts and lists,
        # scalars in pandas' nullable dtypes (an error row has no decision).
        return pd.DataFrame(
            {
                c: pd.Series(table.column(c).to_pylist(), dtype=_PANDAS_DTYPES.get(c, object))
                for c in table.column_names
            }
        )
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(table)
    if kind == "arrow-batch":
        return table.combine_chunks().to_batches()[0] if table.num_rows else pa.RecordBatch.from_pydict(
            {c: [] for c in table.column_names}
        )
    return table


class Policy:
    """A checked, compiled Accord policy (one or more versions of one
    agreement). Immutable: share it across threads freely."""

    __slots__ = ("_versions", "warnings", "warnings_text")

    def __init__(self, versions: Sequence[Any], warnings: List[Dict[str, Any]], warnings_text: str):
        self._versions = list(versions)
        #: Warnings found while checking (structured, like ``PolicyError.diagnostics``).
        self.warnings: List[Dict[str, Any]] = warnings
        #: The warnings as ``accord check`` prints them.
        self.warnings_text: str = warnings_text

    @staticmethod
    def _checked(result: Tuple[Any, str, List[Dict[str, Any]]], shown: str) -> Tuple[Any, str, List[Dict[str, Any]]]:
        native, text, diagnostics = result
        if native is None:
            errors = sum(1 for d in diagnostics if d.get("severity") == "error")
            raise PolicyError(f"{shown} has {errors} error(s)", text, diagnostics)
        return native, text, diagnostics

    @classmethod
    def _of(cls, loaded: List[Tuple[Any, str, List[Dict[str, Any]]]]) -> "Policy":
        names = {native.meta()[0] for native, _, _ in loaded}
        if len(names) > 1:
            raise ValueError(
                f"the policies are different agreements ({', '.join(sorted(names))}); "
                "several files are versions of one agreement"
            )
        text = "\n".join(t for _, t, _ in loaded if t)
        warnings = [w for _, _, ws in loaded for w in ws]
        return cls([n for n, _, _ in loaded], warnings, text)

    @classmethod
    def load(
        cls,
        path: Union[str, "_os.PathLike[str]", Sequence[Union[str, "_os.PathLike[str]"]]],
        *,
        root: Optional[str] = None,
    ) -> "Policy":
        """Reads, checks and compiles the policy at ``path`` (with its
        imports). Several paths are versions of one agreement: each
        evaluation uses the one in effect at its ``as_of``, as ``accord
        eval`` does. Raises ``PolicyError`` when a policy has errors,
        ``FileNotFoundError`` when it cannot be read."""
        paths = [path] if isinstance(path, (str, _os.PathLike)) else list(path)
        if not paths:
            raise ValueError("no policy path given")
        loaded = []
        for p in paths:
            shown = _os.fspath(p)
            loaded.append(cls._checked(_accord.NativePolicy.load(shown, root), shown))
        return cls._of(loaded)

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        name: str = "policy.accord",
        files: Optional[Mapping[str, str]] = None,
    ) -> "Policy":
        """A policy from text in memory. ``name`` is its file name (shown in
        diagnostics); ``files`` maps the relative path of each file it
        imports (``"shared/mql.accord"``) to its text. Nothing is read from
        disk. Raises ``PolicyError`` when the policy has errors."""
        sources = [(name, text)] + [(k, v) for k, v in (files or {}).items() if k != name]
        return cls._of([cls._checked(_accord.NativePolicy.from_texts(name, sources), name)])

    @property
    def sources(self) -> Dict[str, str]:
        """Every file of the policy (the version in effect now when there
        are several), by path: ``Policy.from_text(text, name=…,
        files=sources)`` rebuilds it elsewhere (a Spark executor)."""
        return dict(self._versions[-1].files())

    @property
    def name(self) -> str:
        return str(self._versions[0].meta()[0])

    @property
    def version(self) -> Optional[str]:
        return self._select(None).meta()[1]

    @property
    def hash(self) -> str:
        return str(self._select(None).meta()[2])

    @property
    def fields(self) -> List[str]:
        """The schema's field names, in declaration order."""
        return list(self._versions[0].field_names())

    def _select(self, as_of: Optional[str]) -> Any:
        """The version in effect at ``as_of``: the latest effective date on
        or before its day (later versions win ties)."""
        if len(self._versions) == 1:
            return self._versions[0]
        day = _as_of_day(as_of or _as_of_text(None))
        best, best_date = None, None
        for native in self._versions:
            effective = native.meta()[3]
            date = _dt.date.fromisoformat(effective) if effective else None
            if date is not None and date > day:
                continue
            if best is None or not (best_date is not None and (date is None or best_date > date)):
                best, best_date = native, date
        if best is None:
            raise ValueError(f"no version of {self.name} is in effect at {as_of}")
        return best

    def version_at(self, as_of: AsOf = None) -> Optional[str]:
        """The version (as its header names it) in effect at ``as_of``."""
        return self._select(_as_of_text(as_of)).meta()[1]

    def entry(self, as_of: AsOf = None) -> Tuple[str, Dict[str, str]]:
        """``(entry file name, files)`` of the version in effect at
        ``as_of``: what ``from_text`` needs to rebuild it elsewhere."""
        files = self._select(_as_of_text(as_of)).files()
        return files[0][0], dict(files)

    def evaluate(
        self,
        leads: Any,
        *,
        as_of: AsOf = None,
        explain: bool = False,
        events: Any = None,
        threads: int = 0,
    ) -> Any:
        """Evaluates every lead; returns one row per lead, in input order,
        as the same kind of object as ``leads``: a list of dicts for a list
        (or any iterable) of dicts; a pandas / Polars DataFrame; a pyarrow
        Table or RecordBatch (a Table for other Arrow streams).

        Event streams (``activities``, ``attempts``) come as list-of-struct
        columns (list-of-dict values), or as a separate ``events`` frame
        with ``lead_id``, ``stream``, ``kind``, ``at`` and event fields (as
        ``accord eval --events``; tabular leads only). ``as_of``: RFC 3339
        text or an aware datetime (default: now). ``explain``: add the
        explanation tree (JSON text in Arrow and Polars results).
        ``threads``: 0 = all cores, at most ``MAX_THREADS`` (1024). A record that does not fit the schema
        gets an error row. For the events frame's own errors, use
        ``evaluate_with_events``."""
        rows, _ = self._evaluate(leads, as_of, explain, events, threads)
        return rows

    def evaluate_with_events(
        self,
        leads: Any,
        events: Any,
        *,
        as_of: AsOf = None,
        explain: bool = False,
        threads: int = 0,
    ) -> Tuple[Any, List[Dict[str, Any]]]:
        """Like ``evaluate`` with a separate events frame; also returns the
        events frame's own errors (each naming its row, the lead and the
        field; events of lead ids not among the leads), which are not
        rows, as ``accord eval`` prints them beside the rows."""
        return self._evaluate(leads, as_of, explain, events, threads)

    def _evaluate(self, leads: Any, as_of: AsOf, explain: bool, events: Any, threads: int) -> Tuple[Any, List[Dict[str, Any]]]:
        _check_threads(threads)
        as_of_text = _as_of_text(as_of)
        native = self._select(as_of_text)
        kind = _kind(leads)
        columnar = kind in _COLUMNAR
        stream = None if kind == "records" else _arrow_stream(leads, kind)
        events_stream = None
        if events is not None:
            if stream is None:
                raise TypeError(
                    "a separate events frame goes with tabular leads (pandas, Polars, Arrow); "
                    "with a list of dicts, give each lead its events as lists of dicts"
                )
            events_kind = _kind(events)
            if events_kind == "records":
                import pyarrow as pa

                events = pa.Table.from_pylist(list(events))
                events_kind = "arrow-table"
            events_stream = _arrow_stream(events, events_kind)
            if events_stream is None:
                raise TypeError("the events frame has columns Arrow cannot hold")
        if stream is not None:
            result, errors = native.evaluate_arrow(stream, as_of_text, explain, threads, columnar, events_stream)
            if not columnar:
                result = _rows(result)
            return _output(result, kind, explain), _rows(errors)
        records = leads if kind == "records" else _frame_records(leads, kind)
        if isinstance(records, (Mapping, str, bytes)):
            raise TypeError("evaluate takes many leads (a list of dicts); for one lead use [lead]")
        result = native.evaluate_ndjson(_ndjson(records), as_of_text, explain, threads, columnar)
        if not columnar:
            result = _rows(result, lines=False)
        elif result is not None:
            result = _without_lines(result)
        return _output(result, kind, explain), []

    def explain(
        self,
        lead: Mapping[str, Any],
        *,
        as_of: AsOf = None,
        detail: str = "decisive",
        format: str = "text",
    ) -> Any:
        """Explains one lead (a dict, or a pandas Series / one-row frame):
        ``format="text"`` or ``"markdown"`` gives the rendering at
        ``detail`` (``"summary"``, ``"decisive"``, ``"full"``), as ``accord
        explain`` prints it; ``format="dict"`` the row with its explanation
        tree and what it would take (``accord explain --format json``).
        Raises ``RecordError`` for a lead that does not fit the schema
        (text and markdown; the dict holds the errors)."""
        if format not in ("text", "markdown", "dict"):
            raise ValueError(f'format {format!r}: expected "text", "markdown" or "dict"')
        if hasattr(lead, "to_dict") and not isinstance(lead, Mapping):
            lead = lead.to_dict()
        as_of_text = _as_of_text(as_of)
        rendered, row = self._select(as_of_text).explain(_record_json(lead), as_of_text, detail, format)
        row = _json.loads(row)
        if format == "dict":
            return row
        if rendered is None:
            raise RecordError(row.get("errors", []))
        return rendered

    def __repr__(self) -> str:
        return f"<accord.Policy {self.name!r} {self.version or ''} {self.hash}>"
