//! End-to-end tests of `accord check`: the shipped policies check clean
//! (one by one and as a directory), errors exit 1 with the label on the
//! offending text, JSON diagnostics, colour, warnings and `--deny`, exit
//! codes for missing files and bad arguments, `--leads` validation of
//! every record and field, and an unreadable file among readable ones. Run
//! from the repository root the way the README runs them.

use std::process::Command;

mod cli_support;
use cli_support::*;

#[test]
fn every_policy_checks_clean() {
    let mut args = vec!["check", "--deny", "warnings"];
    let files = [
        "policies/mql-sql-agreement.accord",
        "policies/marketing-sales-sla.accord",
        "policies/scoring-bant.accord",
        "policies/mql-definition.accord",
        "policies/handoff.accord",
    ];
    args.extend(files);
    let out = accord(&args);
    assert_eq!(code(&out), 0, "stderr:\n{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("0 errors, 0 warnings"));
}

/// `accord check DIR` checks every `.accord` file under it (the shared
/// files too), which is how the policies directory is kept clean.
#[test]
fn checking_the_policies_directory_checks_every_file_under_it() {
    let out = accord(&[
        "check",
        "--deny",
        "warnings",
        "--as-of",
        "2026-02-01T00:00:00Z",
        "policies/",
    ]);
    assert_eq!(code(&out), 0, "stderr:\n{}", text(&out.stderr));
    let err = text(&out.stderr);
    let policies = std::fs::read_dir(root().join("policies"))
        .expect("policies/")
        .chain(std::fs::read_dir(root().join("policies/shared")).expect("policies/shared"))
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "accord"))
        .count();
    assert!(
        err.contains(&format!(
            "checked {policies} policies: 0 errors, 0 warnings"
        )),
        "{err}"
    );
    assert!(
        !err.contains("overdue"),
        "nothing is due before 2026-03-02: {err}"
    );
}

#[test]
fn a_policy_error_exits_1_with_the_label_on_the_offending_text() {
    let out = accord(&["check", "--color", "never", "tests/policies/broken.accord"]);
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(err.contains("tests/policies/broken.accord:7:13"), "{err}");
    assert!(
        err.contains("is at least"),
        "help names the words to use: {err}"
    );
    assert!(
        !err.contains('\u{1b}'),
        "no colour when not asked and not a terminal"
    );
}

#[test]
fn json_diagnostics_carry_position_span_and_help() {
    let out = accord(&["check", "--format", "json", "tests/policies/broken.accord"]);
    assert_eq!(code(&out), 1);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "accord::syntax::comparison-symbol");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "tests/policies/broken.accord");
    assert_eq!(d["line"], 7);
    assert_eq!(d["column"], 13);
    let source =
        std::fs::read_to_string(root().join("tests/policies/broken.accord")).expect("fixture");
    let start = d["span"][0].as_u64().expect("span start") as usize;
    let end = d["span"][1].as_u64().expect("span end") as usize;
    assert_eq!(&source[start..end], ">=");
    assert!(d["help"]
        .as_str()
        .is_some_and(|h| h.contains("is at least")));
    // The broken `fit big` is not reported again where `mql` names it.
    assert_eq!(report["errors"], 1, "{report}");
}

#[test]
fn colour_only_when_forced_and_never_with_no_color() {
    let forced = accord(&["check", "--color", "always", "tests/policies/broken.accord"]);
    assert!(
        text(&forced.stderr).contains('\u{1b}'),
        "--color always colours"
    );
    let auto = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["check", "tests/policies/broken.accord"])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    assert!(!text(&auto.stderr).contains('\u{1b}'));
}

#[test]
fn warnings_pass_unless_denied() {
    let plain = accord(&["check", "tests/policies/warning-only.accord"]);
    assert_eq!(code(&plain), 0, "{}", text(&plain.stderr));
    assert!(
        text(&plain.stderr).contains("1 warning"),
        "{}",
        text(&plain.stderr)
    );
    let denied = accord(&[
        "check",
        "--deny",
        "warnings",
        "tests/policies/warning-only.accord",
    ]);
    assert_eq!(code(&denied), 1);
}

#[test]
fn missing_files_and_bad_arguments_exit_2() {
    assert_eq!(
        code(&accord(&["check", "policies/no-such-policy.accord"])),
        2
    );
    assert_eq!(code(&accord(&["check"])), 2);
    assert_eq!(
        code(&accord(&["eval", SEED, "--leads", "examples/none.ndjson"])),
        2
    );
    assert_eq!(
        code(&accord(&[
            "eval",
            SEED,
            "--leads",
            "examples/edge-cases/leads.ndjson",
            "--as-of",
            "yesterday"
        ])),
        2
    );
}

#[test]
fn check_leads_reports_every_bad_record_and_field() {
    let out = accord(&[
        "check",
        SEED,
        "--leads",
        "tests/data/broken-leads.ndjson",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 3, "record errors exit 3: {}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let errors = report["record_errors"].as_array().expect("record_errors");
    // Every even record (30 of 60) has exactly one mistake.
    let mut records: Vec<u64> = errors.iter().filter_map(|e| e["record"].as_u64()).collect();
    records.dedup();
    assert_eq!(records, (1..=30).map(|i| i * 2).collect::<Vec<u64>>());
    // The report counts the records read, and those that could not be.
    assert_eq!(
        report["records"],
        serde_json::json!({"read": 60, "unreadable": 30})
    );
    for (field, record) in [
        ("employees", 16),
        ("email", 2),
        ("created_at", 4),
        ("time_zone", 6),
        ("title_level", 8),
    ] {
        assert!(
            errors.iter().any(|e| e["record"] == record
                && e["field"].as_str().is_some_and(|f| f.starts_with(field))),
            "record {record} should name field {field}: {errors:?}"
        );
    }
}

/// The text form: one line per bad record and field, each naming the file,
/// record, line and lead, and saying what was expected only once.
#[test]
fn check_leads_text_names_each_record_once() {
    let out = accord(&["check", SEED, "--leads", "tests/data/broken-leads.ndjson"]);
    assert_eq!(code(&out), 3);
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error[accord::record]"))
        .collect();
    assert_eq!(lines.len(), 30, "{stderr}");
    for (i, line) in lines.iter().enumerate() {
        let record = (i + 1) * 2;
        let at = format!(
            "tests/data/broken-leads.ndjson record {record} (line {record}), lead B-{record:03}"
        );
        assert!(line.contains(&at), "{line}");
        if line.contains(" should be ") {
            assert!(!line.contains("(expected "), "said twice: {line}");
        }
    }
    assert!(
        stderr.contains("not valid JSON: EOF while parsing a string, at column"),
        "{stderr}"
    );
}

/// One unreadable file among several: the others are still checked and
/// reported (in JSON too), and the exit code says I/O error.
#[test]
fn check_reports_the_readable_files_when_one_is_missing() {
    let out = accord(&[
        "check",
        "--format",
        "json",
        "tests/policies/broken.accord",
        "tests/policies/no-such-file.accord",
    ]);
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["errors"], 1);
    assert_eq!(
        report["diagnostics"][0]["code"],
        "accord::syntax::comparison-symbol"
    );
    assert_eq!(
        report["unreadable"][0]["file"],
        "tests/policies/no-such-file.accord"
    );
    let out = accord(&[
        "check",
        "tests/policies/broken.accord",
        "tests/policies/no-such-file.accord",
    ]);
    assert_eq!(code(&out), 2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error: cannot read tests/policies/no-such-file.accord"),
        "{stderr}"
    );
    assert!(
        stderr.contains("accord::syntax::comparison-symbol"),
        "{stderr}"
    );
}

/// The last line counts the lead records read (and how many could not be)
/// and the inputs' errors by what they are about: a bad field of a lead
/// record, the leads file's header, a row of the events file (never all
/// of them as "bad lead record fields").
#[test]
fn check_leads_counts_record_file_and_events_errors_apart() {
    let dir = temp_dir("check-counts");
    let bundled = bundled_lines("leads.csv", 2);
    let mut lines = bundled.lines();
    let header = lines.next().expect("a header");
    let row = lines.next().expect("a row");
    // No `email` column: one header error (the rows' own are left out);
    // `employees` unreadable: one bad field.
    let drop_email = |line: &str| {
        let cells: Vec<&str> = line.split(',').collect();
        [&cells[..1], &cells[2..]].concat().join(",")
    };
    let row = drop_email(row).replacen(",39,", ",many,", 1);
    let leads = dir.path().join("leads.csv");
    std::fs::write(&leads, format!("{}\n{row}\n", drop_email(header))).expect("written");
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "lead_id,stream,kind,at\nL-000001,activities,page_view,yesterday\nL-000001,chats,page_view,2026-10-23T10:20:44Z\n",
    )
    .expect("written");
    let out = accord(&[
        "check",
        SEED,
        "--leads",
        leads.to_str().expect("a UTF-8 path"),
        "--events",
        events.to_str().expect("a UTF-8 path"),
        "--as-of",
        "2026-03-01T00:00:00Z",
    ]);
    assert_eq!(code(&out), 3, "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr.lines().last(),
        Some(
            "checked 1 policy and 1 lead record (1 unreadable): 0 errors, 0 warnings, 1 bad \
             lead record field, 1 leads file error, 2 events file errors"
        ),
        "{stderr}"
    );
}
