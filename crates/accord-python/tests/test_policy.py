"""Loading (files, text in memory, versions), diagnostics, explain, and
one policy shared by many threads."""

import concurrent.futures
import json
import threading

import pytest

import accord
from conftest import AS_OF, POLICY, REPO, accord_bin


BROKEN = """agreement "Broken" version 1.0 effective 2026-01-01
mql when lead_scor >= 65
"""


def test_policy_with_errors_raises_with_its_diagnostics(tmp_path):
    path = tmp_path / "broken.accord"
    path.write_text(BROKEN)
    with pytest.raises(accord.PolicyError) as caught:
        accord.Policy.load(path)
    error = caught.value
    assert error.diagnostics, "structured diagnostics"
    first = error.diagnostics[0]
    assert first["severity"] == "error" and first["file"].endswith("broken.accord")
    assert first["line"] >= 1 and first["column"] >= 1
    # The same text `accord check` prints (no colour), at the same span.
    import subprocess

    check = subprocess.run([str(accord_bin()), "check", str(path), "--color", "never"], capture_output=True, text=True, env={"COLUMNS": "100"})
    assert check.returncode != 0
    assert first["code"] in check.stdout + check.stderr
    assert first["message"] in error.rendered
    assert "broken.accord" in str(error)
    with pytest.raises(accord.PolicyError):
        accord.Policy.from_text(BROKEN, name="broken.accord")


def test_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.accord"):
        accord.Policy.load(tmp_path / "nope.accord")


def test_from_text_with_imports_equals_load(records):
    loaded = accord.Policy.load(POLICY)
    entry, files = loaded.entry()
    assert entry.endswith("mql-sql-agreement.accord") and len(files) >= 2
    root = str(POLICY.parent) + "/"
    shipped = accord.Policy.from_text(
        (POLICY).read_text(),
        name="mql-sql-agreement.accord",
        files={path.replace(root, ""): text for path, text in files.items()},
    )
    assert shipped.hash == loaded.hash
    assert shipped.evaluate(records, as_of=AS_OF) == loaded.evaluate(records, as_of=AS_OF)
    # An import that is not given is a diagnostic, as a missing file is.
    with pytest.raises(accord.PolicyError, match="shared/mql.accord|import"):
        accord.Policy.from_text(POLICY.read_text(), name="mql-sql-agreement.accord")


def test_warnings_are_kept(policy):
    assert isinstance(policy.warnings, list)
    assert all(w["severity"] == "warning" for w in policy.warnings)


def test_versions_chosen_by_as_of(records):
    folder = REPO / "examples" / "agreement-versions"
    paths = sorted(folder.glob("*/mql-sql-agreement.accord"))
    assert len(paths) == 2
    policy = accord.Policy.load(paths)
    leads = [json.loads(line) for line in (folder / "leads.ndjson").read_text().splitlines() if line.strip()]
    import subprocess

    seen = set()
    for as_of in ("2026-03-01T12:00:00Z", "2026-06-01T12:00:00Z", "2026-11-20T15:00:00Z", "2027-06-01T12:00:00Z"):
        out = subprocess.run(
            [str(accord_bin()), "eval", *map(str, paths), "--leads", str(folder / "leads.ndjson"), "--as-of", as_of, "--format", "ndjson"],
            capture_output=True, text=True,
        )
        if out.returncode == 2:  # no version in effect yet
            with pytest.raises(ValueError, match="in effect"):
                policy.evaluate(leads, as_of=as_of)
            continue
        cli = [json.loads(line) for line in out.stdout.splitlines()]
        mine = policy.evaluate(leads, as_of=as_of)
        for row in cli:
            for e in row["errors"]:
                e["line"] = None
        assert mine == cli
        assert policy.version_at(as_of) == cli[0]["policy"]["version"]
        seen.add(policy.version_at(as_of))
    assert len(seen) == 2, seen


def test_explain_round_trip(policy, records):
    import subprocess

    lead = next(r for r in records if r.get("lead_id") == "L-000007")
    for fmt, flag in (("text", "text"), ("markdown", "markdown")):
        mine = policy.explain(lead, as_of=AS_OF, detail="full", format=fmt)
        cli = subprocess.run(
            [str(accord_bin()), "explain", str(POLICY), "--leads", str(REPO / "examples/data/leads.ndjson"), "--lead", "L-000007",
             "--as-of", AS_OF, "--format", flag, "--detail", "full"],
            capture_output=True, text=True,
        )
        assert mine == cli.stdout, fmt
    tree = policy.explain(lead, as_of=AS_OF, format="dict")
    assert tree["id"] == "L-000007" and tree["explanation"]["summary"]["verdict"]
    # the tree is the one evaluate(explain=True) gives, plus what it would take
    row = policy.evaluate([lead], as_of=AS_OF, explain=True)[0]
    assert row["explanation"]["lead"] == tree["explanation"]["lead"]
    assert row["mql"] == tree["mql"] and row["tier"] == tree["tier"]
    with pytest.raises(accord.RecordError) as caught:
        policy.explain({"lead_id": "L-X", "employees": "many"}, as_of=AS_OF)
    assert any(e["field"] == "employees" for e in caught.value.errors)
    with pytest.raises(ValueError, match="detail"):
        policy.explain(lead, as_of=AS_OF, detail="everything")


def test_threads_share_one_policy(policy, records):
    expected = policy.evaluate(records, as_of=AS_OF)
    barrier = threading.Barrier(4)

    def run(i):
        barrier.wait()
        part = records[i::4]
        return i, policy.evaluate(part, as_of=AS_OF, threads=1)

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(run, range(4)))
    for i, rows in results:
        want = [dict(r) for r in expected[i::4]]
        # records are numbered within each call
        for n, row in enumerate(rows, start=1):
            assert row["record"] == n
        strip = lambda rs: [{k: v for k, v in r.items() if k not in ("record", "errors")} for r in rs]
        assert strip(rows) == strip(want)


def test_threads_is_bounded(policy, records):
    # 10**6 used to start a million operating-system threads.
    for bad in (accord.MAX_THREADS + 1, 10**6, -1):
        with pytest.raises(ValueError, match="threads must be from 0"):
            policy.evaluate(records, as_of=AS_OF, threads=bad)
    with pytest.raises(TypeError, match="whole number"):
        policy.evaluate(records, as_of=AS_OF, threads=2.5)
