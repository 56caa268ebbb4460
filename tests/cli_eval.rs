//! End-to-end tests of `accord eval`: rows per record in input order, the
//! summary, CSV with events, the version in effect at as-of, the bundled
//! data set's mix of outcomes, an agreement overdue for review, `--as-of`
//! mistakes, leads from a pipe (and the copy of it removed), what may be
//! evaluated together, and an empty input. Run from the repository root
//! the way the README runs them.

use std::process::{Command, Output};

mod cli_support;
use cli_support::*;

/// `accord eval` of the seed agreement over `leads`, at the instant the
/// bundled data set was exported.
fn seed_eval_args<'a>(leads: &'a str, format: &'a str) -> [&'a str; 8] {
    [
        "eval", SEED, "--leads", leads, "--as-of", DATA_AS_OF, "--format", format,
    ]
}

/// The README's main job: the seed agreement over the bundled data set.
fn bundled_data_args(format: &str) -> [&str; 8] {
    seed_eval_args("examples/data/leads.ndjson", format)
}

fn eval_bundled_data(format: &str) -> Output {
    accord(&bundled_data_args(format))
}

/// An agreement past its next review date is overdue for review: `check`
/// says so in a note (the exit code stays 0, even with `--deny warnings`:
/// a date passing is not a mistake in the policy) and `eval`'s summary
/// says so in text and JSON.
#[test]
fn an_agreement_past_its_next_review_is_overdue_for_review() {
    let out = accord(&[
        "check",
        "--deny",
        "warnings",
        "--as-of",
        "2026-04-02T09:00:00Z",
        SEED,
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(
            "note: Acme MQL/SQL Agreement 1.0 (policies/mql-sql-agreement.accord) is overdue for review: the next review was due 2026-04-01 (1 day before the as-of date)"
        ),
        "{}",
        text(&out.stderr)
    );
    let on_time = accord(&["check", "--as-of", "2026-04-01T23:00:00Z", SEED]);
    assert!(!text(&on_time.stderr).contains("overdue"));
    let json = accord(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-04-02T09:00:00Z",
        SEED,
    ]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let review = &report["reviews"][0];
    assert_eq!(review["agreement"], "Acme MQL/SQL Agreement");
    assert_eq!(review["next_review"], "2026-04-01");
    assert_eq!(review["overdue"], true);
    assert_eq!(review["days_overdue"], 1);

    let eval = eval_bundled_data("text");
    assert!(
        text(&eval.stdout).contains(
            "agreement overdue for review: the next review was due 2026-04-01 (243 days before the as-of date)"
        ),
        "{}",
        text(&eval.stdout)
    );
    let eval = eval_bundled_data("json");
    let doc: serde_json::Value = serde_json::from_slice(&eval.stdout).expect("JSON");
    assert_eq!(doc["summary"]["review"]["overdue"], true);
    assert_eq!(doc["summary"]["review"]["next_review"], "2026-04-01");
    assert_eq!(doc["summary"]["review"]["days_overdue"], 243);
}

#[test]
fn eval_writes_one_row_per_record_in_input_order() {
    let out = accord(&[
        "eval",
        SEED,
        "--leads",
        "tests/data/broken-leads.ndjson",
        "--as-of",
        AS_OF,
        "--format",
        "ndjson",
    ]);
    assert_eq!(code(&out), 3, "some records errored: {}", text(&out.stderr));
    let rows: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(rows.len(), 60);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["record"], i as u64 + 1);
        let bad = (i + 1) % 2 == 0;
        assert_eq!(
            row["errors"].as_array().is_some_and(|e| !e.is_empty()),
            bad,
            "row {i}: {row}"
        );
        if !bad {
            assert_eq!(row["id"], format!("B-{:03}", i + 1));
            assert_eq!(row["policy"]["name"], "Acme MQL/SQL Agreement");
        }
    }
}

#[test]
fn eval_on_the_edge_cases_is_clean_and_summarised() {
    let out = accord(&[
        "eval",
        SEED,
        "--leads",
        "examples/edge-cases/leads.ndjson",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("E01"), "{stdout}");
    assert!(
        stdout.contains("16 records: 16 leads evaluated, 0 unreadable"),
        "{stdout}"
    );
}

#[test]
fn csv_with_events_gives_the_same_decisions_as_ndjson() {
    let nd = eval_bundled_data("ndjson");
    let csv = accord(&[
        "eval",
        SEED,
        "--leads",
        "examples/data/leads.csv",
        "--events",
        "examples/data/events.csv",
        "--as-of",
        DATA_AS_OF,
        "--format",
        "ndjson",
    ]);
    // Everything decided, not just the verdicts: SLA instants, persistence,
    // recycling and handoff come from the events file in the CSV shape.
    let pick = |o: &Output| -> Vec<serde_json::Value> {
        text(&o.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|r| r["errors"].as_array().is_some_and(|e| e.is_empty()))
            .map(|r| {
                serde_json::json!([
                    r["id"],
                    r["mql"],
                    r["tier"],
                    r["slas"],
                    r["persistence"],
                    r["recycling"],
                    r["handoff"]
                ])
            })
            .collect()
    };
    let (a, b) = (pick(&nd), pick(&csv));
    assert!(
        a.len() > 500,
        "most generated leads are readable: {}",
        a.len()
    );
    assert_eq!(a, b);
}

#[test]
fn the_version_in_effect_at_as_of_decides() {
    let run = |as_of: &str| {
        accord(&[
            "eval",
            "tests/policies/versions/v1.accord",
            "tests/policies/versions/v2.accord",
            "--leads",
            "tests/data/versioned-lead.ndjson",
            "--as-of",
            as_of,
            "--format",
            "ndjson",
        ])
    };
    let row = |o: &Output| -> serde_json::Value {
        serde_json::from_str(text(&o.stdout).trim()).expect("one JSON row")
    };
    // v2 (employees at least 50) is ratified 2026-06-01 and takes effect 30 days later.
    let before = run("2026-06-30T23:59:59Z");
    assert_eq!(code(&before), 0, "{}", text(&before.stderr));
    assert_eq!(
        (
            row(&before)["policy"]["version"].clone(),
            row(&before)["mql"].clone()
        ),
        ("1.0".into(), false.into())
    );
    let after = run("2026-07-01T00:00:00Z");
    assert_eq!(
        (
            row(&after)["policy"]["version"].clone(),
            row(&after)["mql"].clone()
        ),
        ("2.0".into(), true.into())
    );
    let none = run("2025-12-31T00:00:00Z");
    assert_eq!(code(&none), 2);
    assert!(
        text(&none.stderr).contains("no policy version is in effect"),
        "{}",
        text(&none.stderr)
    );
}

#[test]
fn summary_comes_first_and_matches_the_rows() {
    let text_out = accord(&[
        "eval",
        SEED,
        "--leads",
        "tests/data/broken-leads.ndjson",
        "--as-of",
        AS_OF,
    ]);
    let stdout = text(&text_out.stdout);
    let summary_at = stdout
        .find("60 records: 30 leads evaluated, 30 unreadable")
        .expect("summary");
    let first_row = stdout.find("B-001").expect("first row");
    assert!(summary_at < first_row, "{stdout}");

    let json_out = accord(&[
        "eval",
        SEED,
        "--leads",
        "tests/data/broken-leads.ndjson",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    let doc: serde_json::Value =
        serde_json::from_slice(&json_out.stdout).expect("one JSON document");
    let rows = doc["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 60);
    assert_eq!(doc["summary"]["records"], 60);
    assert_eq!(doc["summary"]["errors"], 30);
    let mql = rows.iter().filter(|r| r["mql"] == true).count();
    assert_eq!(doc["summary"]["mql"], mql as u64);
}

/// The bundled data set is the README's main example: under the seed
/// agreement it must show every kind of outcome, not a wall of "no".
#[test]
fn the_bundled_data_exercises_every_outcome() {
    let out = eval_bundled_data("json");
    assert_eq!(code(&out), 3, "18 records are malformed on purpose");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let summary = &doc["summary"];
    assert_eq!(summary["records"], 600);
    assert_eq!(summary["errors"], 18);
    let leads = summary["leads"].as_u64().expect("leads") as f64;
    let share = |key: &str| summary[key].as_u64().unwrap_or(0) as f64 / leads;
    assert!(
        (0.15..0.45).contains(&share("mql")),
        "MQL share {}",
        share("mql")
    );
    assert!(share("sal") > 0.05 && share("sql") > 0.01, "{summary}");
    assert!((0.1..0.4).contains(&share("excluded")), "{summary}");
    // Tiers are counted among MQLs (an MQL's trigger is mostly a tier 1
    // signal): the counts add up to the MQLs, and every tier is listed.
    let tiers: u64 = ["1", "2", "3", "none"]
        .iter()
        .map(|t| summary["tiers"][*t].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(Some(tiers), summary["mql"].as_u64(), "{summary}");
    assert!(
        summary["tiers"]["1"].as_u64().unwrap_or(0) >= 30,
        "{summary}"
    );
    for tier in ["2", "3"] {
        assert!(summary["tiers"][tier].is_u64(), "tier {tier}: {summary}");
    }
    // Keyed by SLA name, like the rows' `slas`, in the policy's order.
    let slas = summary["slas"].as_object().expect("slas");
    assert_eq!(slas.len(), 4, "{summary}");
    let raw = text(&out.stdout);
    let summary_text = raw.split("\"rows\"").next().unwrap_or("");
    let at = |name: &str| summary_text.find(&format!("\"{name}\":")).expect(name);
    assert!(
        at("acceptance") < at("reach")
            && at("reach") < at("routing")
            && at("routing") < at("first_response"),
        "{summary_text}"
    );
    let state_total = |state: &str| -> u64 {
        slas.values()
            .map(|counts| counts[state].as_u64().unwrap_or(0))
            .sum()
    };
    for state in ["met", "breached", "pending"] {
        assert!(state_total(state) > 0, "no SLA is {state}: {summary}");
    }
    for (name, counts) in slas {
        assert!(
            counts["met"].as_u64().unwrap_or(0) > 0 && counts["breached"].as_u64().unwrap_or(0) > 0,
            "SLA {name} is never both met and breached: {summary}"
        );
    }
    assert!(
        summary["recycling_may_reenter"].as_u64().unwrap_or(0) > 0,
        "{summary}"
    );
    assert!(
        summary["human_review_due"].as_u64().unwrap_or(0) > 0,
        "{summary}"
    );
}

/// `accord eval … | head`: the reader closes the pipe early; the run stops
/// quietly, without an error and without a summary of only the rows read.
#[test]
fn a_closed_pipe_stops_quietly() {
    use std::io::Read;
    for (format, start) in [
        ("ndjson", "{\"id\":\"L-000001\""),
        ("csv", "record,id,mql,"),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(bundled_data_args(format))
            .current_dir(root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the accord binary runs");
        let mut first = [0u8; 100];
        let mut stdout = child.stdout.take().expect("stdout");
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let out = child.wait_with_output().expect("it ends");
        let stderr = text(&out.stderr);
        assert!(stderr.is_empty(), "{format}: {stderr}");
        assert!(text(&first).starts_with(start), "{format}");
    }
}

/// `--format csv`: the same rows as NDJSON in flat columns, one line per
/// record (error rows too), with the same summary on stderr and the same
/// exit code; each cell read back agrees with the JSON row's value.
#[test]
fn csv_rows_are_the_json_rows_in_columns() {
    let ndjson = eval_bundled_data("ndjson");
    let csv_out = eval_bundled_data("csv");
    assert_eq!(code(&csv_out), code(&ndjson));
    assert_eq!(text(&csv_out.stderr), text(&ndjson.stderr));
    let rows: Vec<serde_json::Value> = text(&ndjson.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON row"))
        .collect();
    let mut reader = csv::Reader::from_reader(csv_out.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(String::from)
        .collect();
    let lines: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a line")).collect();
    assert_eq!(lines.len(), rows.len(), "one line per record");
    let scalar = |v: &serde_json::Value| match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut errors_seen = 0;
    for (row, line) in rows.iter().zip(&lines) {
        assert_eq!(line.len(), header.len(), "{line:?}");
        let cell = |name: &str| {
            let at = header.iter().position(|h| h == name).expect(name);
            line.get(at).unwrap_or_default().to_string()
        };
        for name in [
            "record",
            "id",
            "mql",
            "mql_definition",
            "sal",
            "sql",
            "tier",
            "as_of",
        ] {
            assert_eq!(cell(name), scalar(&row[name]), "{name} of {row}");
        }
        assert_eq!(cell("policy_hash"), scalar(&row["policy"]["hash"]));
        let exclusions: Vec<String> = (row["exclusions"].as_array().into_iter().flatten())
            .map(|e| scalar(&e["name"]))
            .collect();
        assert_eq!(cell("exclusions"), exclusions.join("; "));
        if let Some(slas) = row["slas"].as_object() {
            for (sla, answer) in slas {
                for part in ["state", "due", "stopped_at", "late_by_seconds"] {
                    assert_eq!(
                        cell(&format!("{sla}_{part}")),
                        scalar(&answer[part]),
                        "{sla}"
                    );
                }
            }
        }
        for (column, value) in [
            ("persistence_compliant", &row["persistence"]["compliant"]),
            ("recycling_may_reenter", &row["recycling"]["may_reenter"]),
            (
                "recycling_earliest_reentry",
                &row["recycling"]["earliest_reentry"],
            ),
            ("handoff_complete", &row["handoff"]["complete"]),
        ] {
            assert_eq!(cell(column), scalar(value), "{column} of {row}");
        }
        let missing: Vec<String> = (row["persistence"]["missing"]
            .as_array()
            .into_iter()
            .flatten())
        .map(scalar)
        .collect();
        assert_eq!(cell("persistence_missing"), missing.join("; "));
        let errors: Vec<String> = (row["errors"].as_array().into_iter().flatten())
            .map(|e| scalar(&e["message"]))
            .collect();
        errors_seen += usize::from(!errors.is_empty());
        assert_eq!(cell("errors"), errors.join(" | "));
    }
    assert!(errors_seen > 0, "the data has error rows, each a line");
}

/// The head of `--format csv` on the bundled data: the columns and the
/// first leads as they are written.
#[test]
fn csv_head_snapshot() {
    let out = eval_bundled_data("csv");
    let head: Vec<&str> = std::str::from_utf8(&out.stdout)
        .expect("UTF-8")
        .lines()
        .take(4)
        .collect();
    insta::assert_snapshot!("eval_csv_head", head.join("\n"));
}

/// `--explain` with `--format csv` is refused: a CSV line cannot hold an
/// explanation tree.
#[test]
fn csv_with_explain_is_a_usage_error() {
    let mut args = bundled_data_args("csv").to_vec();
    args.push("--explain");
    let out = accord(&args);
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("a CSV line cannot hold"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
}

/// A bad `--as-of` says what is wrong with it in words; without `--as-of`
/// the instant is now, to the second.
#[test]
fn as_of_mistakes_are_explained() {
    let eval = |as_of: &str| {
        let out = accord(&[
            "eval",
            SEED,
            "--leads",
            "examples/edge-cases/leads.ndjson",
            "--as-of",
            as_of,
        ]);
        assert_eq!(code(&out), 2);
        text(&out.stderr)
    };
    assert!(eval("2026-11-20T15:00:00").contains("it has no UTC offset: add `Z` for UTC"));
    assert!(eval("2026-11-20").contains("a date alone is not an instant"));
    assert!(eval("yesterday").contains("expected year-month-day"));
    let out = accord(&[
        "eval",
        SEED,
        "--leads",
        "examples/edge-cases/leads.ndjson",
        "--format",
        "ndjson",
    ]);
    let first: serde_json::Value =
        serde_json::from_str(text(&out.stdout).lines().next().expect("a row")).expect("JSON");
    let as_of = first["as_of"].as_str().expect("as_of");
    assert_eq!(as_of.len(), "2026-11-30T15:00:00Z".len(), "{as_of}");
}

/// The first five records of the bundled data, as NDJSON.
fn five_bundled_leads() -> String {
    bundled_lines("leads.ndjson", 5)
}

/// Leads from a pipe: the summary-first formats read their input twice, so
/// a pipe is kept in a temporary file first; every row is there, and the
/// copy is removed when the run ends (its temporary folder is left empty).
/// `--leads -` is standard input too, as `accord fmt -` is.
#[test]
fn leads_from_a_pipe_give_every_row() {
    let input = five_bundled_leads();
    let formats = ["json", "text", "ndjson"];
    for (leads, format) in ["/dev/stdin", "-"]
        .into_iter()
        .flat_map(|leads| formats.map(|format| (leads, format)))
    {
        let (out, left) = accord_piped(&seed_eval_args(leads, format), &input);
        assert!(left.is_empty(), "{format}: left behind {left:?}");
        let stdout = text(&out.stdout);
        let rows = match format {
            "json" => serde_json::from_str::<serde_json::Value>(&stdout).expect("JSON")["rows"]
                .as_array()
                .map_or(0, Vec::len),
            "text" => stdout.lines().filter(|l| l.starts_with("L-0000")).count(),
            _ => stdout.lines().count(),
        };
        assert_eq!(rows, 5, "{format}: {stdout}{}", text(&out.stderr));
    }
}

/// One pipe cannot be both the leads and the events: `--leads -
/// --events -` (or `/dev/stdin` for either) is a usage error naming both
/// options, not a run that reads the leads and finds no events.
#[test]
fn leads_and_events_cannot_both_be_standard_input() {
    let input = five_bundled_leads();
    for (leads, events) in [("-", "-"), ("/dev/stdin", "-"), ("-", "/dev/stdin")] {
        let mut args = seed_eval_args(leads, "ndjson").to_vec();
        args.extend(["--events", events]);
        let (out, _) = accord_piped(&args, &input);
        let stderr = text(&out.stderr);
        assert_eq!(code(&out), 2, "{leads} {events}: {stderr}");
        assert!(
            stderr.contains("--events reads standard input, but --leads reads it already")
                || stderr.contains("--leads reads standard input, but --events reads it already"),
            "{leads} {events}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{leads} {events}: rows written");
    }
}

/// A run that fails after its leads pipe was copied (the events file is
/// missing) still removes the copy.
#[test]
fn the_copy_of_a_pipe_is_removed_when_the_run_fails() {
    let (out, left) = accord_piped(
        &[
            "eval",
            SEED,
            "--leads",
            "/dev/stdin",
            "--events",
            "no-such-events.csv",
            "--as-of",
            DATA_AS_OF,
            "--format",
            "json",
        ],
        "{}\n",
    );
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("cannot read no-such-events.csv"),
        "{}",
        text(&out.stderr)
    );
    assert!(left.is_empty(), "left behind {left:?}");
}

/// The copy of a pipe is created afresh under a name nobody can guess: a
/// symlink planted in the temporary folder where a name made of the pid
/// would be (`accord-PID-leads`, the name once used) is neither followed
/// (the file it points to keeps its content) nor removed, and the copy
/// itself is gone when the run ends.
#[cfg(unix)]
#[test]
fn the_copy_of_a_pipe_follows_no_planted_symlink() {
    let tmp = temp_dir("tmpdir");
    let elsewhere = temp_dir("symlink-target");
    let target = elsewhere.path().join("someone-elses-file");
    std::fs::write(&target, "not to be overwritten\n").expect("written");
    let child = spawn_piped(&seed_eval_args("/dev/stdin", "json"), tmp.path());
    // Planted while the run waits for its input (nothing is written yet).
    let planted = format!("accord-{}-leads", child.id());
    std::os::unix::fs::symlink(&target, tmp.path().join(&planted))
        .expect("nothing there yet to plant the symlink over");
    let (out, left) = finish_piped(child, &five_bundled_leads(), tmp.path());
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["rows"].as_array().map_or(0, Vec::len), 5);
    let content = std::fs::read_to_string(&target).expect("still there");
    assert!(
        content == "not to be overwritten\n",
        "the symlink was followed: its target now holds {} bytes of the input",
        content.len()
    );
    assert_eq!(left, vec![planted], "only the planted symlink is left");
}

/// Several files are versions of one agreement that can be told apart, and
/// a shared file that decides nothing is not a policy to evaluate: usage
/// errors (exit 2) that say so. I/O errors are said in words.
#[test]
fn what_is_evaluated_must_be_one_agreement() {
    let eval = |policies: &[&str]| {
        let mut args = vec!["eval"];
        args.extend_from_slice(policies);
        args.extend_from_slice(&[
            "--leads",
            "examples/edge-cases/leads.ndjson",
            "--as-of",
            AS_OF,
        ]);
        let out = accord(&args);
        (code(&out), text(&out.stderr))
    };
    let (c, e) = eval(&[SEED, "policies/handoff.accord"]);
    assert_eq!(c, 2);
    assert!(e.contains("are different agreements"), "{e}");
    let (c, e) = eval(&[SEED, SEED]);
    assert_eq!(c, 2);
    assert!(e.contains("cannot be told apart"), "{e}");
    let (c, e) = eval(&["policies/shared/lists.accord"]);
    assert_eq!(c, 2);
    assert!(e.contains("decides nothing"), "{e}");
    let (c, e) = eval(&[SEED, "--events", "no-such-events.csv"]);
    assert_eq!(c, 2);
    assert!(
        e.contains("cannot read no-such-events.csv: no such file"),
        "{e}"
    );
    assert!(!e.contains("os error"), "{e}");
    // `check` takes a directory (every policy under it); `eval` needs the
    // one agreement to evaluate.
    let (c, e) = eval(&["policies"]);
    assert_eq!(c, 2);
    assert!(
        e.contains("cannot read policies: it is a directory, not a file"),
        "{e}"
    );
}

/// An empty input still gives a summary with every SLA (in policy order,
/// each state at 0) and every tier, so a consumer can read it by name.
#[test]
fn an_empty_input_summarises_every_sla_and_tier() {
    let dir = temp_dir("empty");
    let empty = dir.path().join("leads.ndjson");
    std::fs::write(&empty, "").expect("written");
    let path = empty.to_string_lossy().into_owned();
    let out = accord(&[
        "eval", SEED, "--leads", &path, "--as-of", DATA_AS_OF, "--format", "json",
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let summary = &doc["summary"];
    assert_eq!(summary["records"], 0);
    for sla in ["acceptance", "reach", "routing", "first_response"] {
        for state in ["met", "breached", "pending", "not_applicable"] {
            assert_eq!(summary["slas"][sla][state], 0, "{summary}");
        }
    }
    for tier in ["1", "2", "3"] {
        assert_eq!(summary["tiers"][tier], 0, "{summary}");
    }
    assert_eq!(doc["rows"].as_array().map(Vec::len), Some(0));
}
