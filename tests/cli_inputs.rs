//! End-to-end tests of how the `accord` binary reads its lead inputs:
//! byte-order marks, events files (bad rows, unknown leads, events given
//! twice), JSON documents, CSV headers, unknown names, duplicate ids, and
//! paths that are not files. Inputs are written to a temporary directory;
//! the policy is the seed agreement.

use std::path::Path;
use std::process::Output;

mod cli_support;
use cli_support::*;

fn write(dir: &Path, name: &str, contents: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write input");
    path.display().to_string()
}

/// The first `n` leads of the edge cases, one JSON line each.
fn edge_lines(n: usize) -> Vec<String> {
    let all = std::fs::read_to_string(root().join("examples/edge-cases/leads.ndjson"))
        .expect("edge cases");
    all.lines()
        .filter(|l| !l.trim().is_empty())
        .take(n)
        .map(String::from)
        .collect()
}

fn ndjson_rows(out: &Output) -> Vec<serde_json::Value> {
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn eval_ndjson(leads: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "eval", SEED, "--leads", leads, "--as-of", AS_OF, "--format", "ndjson",
    ];
    args.extend(extra);
    accord(&args)
}

/// The CLI's NDJSON path (parallel, line by line) strips a byte-order mark
/// like the library readers do: record 1 is a lead, not "not valid JSON".
#[test]
fn a_byte_order_mark_before_the_first_lead_is_ignored() {
    let dir = temp_dir("bom");
    let lines = edge_lines(2);
    let leads = write(
        dir.path(),
        "leads.ndjson",
        &format!("\u{feff}{}\n", lines.join("\n")),
    );
    let out = eval_ndjson(&leads, &[]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let rows = ndjson_rows(&out);
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|r| r["errors"].as_array().is_some_and(Vec::is_empty)),
        "{rows:?}"
    );
}

/// The first `n` leads of the bundled CSV (header included).
fn bundled_csv(n: usize) -> String {
    bundled_lines("leads.csv", n + 1)
}

const EVENTS_HEADER: &str = "lead_id,stream,kind,at,page,question,campaign,outcome";

/// A bad events row and events for an unknown lead are the events file's
/// errors (its name, line, lead and field), not extra rows: one row per
/// lead record, exit 3. The lead with the bad row is not evaluated on the
/// rest of its history.
#[test]
fn events_file_errors_name_the_events_file_and_add_no_rows() {
    let dir = temp_dir("events-errors");
    let leads = write(dir.path(), "leads.csv", &bundled_csv(2));
    let events = write(
        dir.path(),
        "events.csv",
        &[
            EVENTS_HEADER,
            "L-000001,activities,website_visit,2026-10-23T10:20:44Z,,,,",
            "L-000001,activities,tweet,2026-10-24T10:00:00Z,,,,",
            "L-999999,activities,website_visit,2026-10-24T10:00:00Z,,,,",
            "",
        ]
        .join("\n"),
    );
    for format in ["ndjson", "text"] {
        let out = accord(&[
            "eval", SEED, "--leads", &leads, "--events", &events, "--as-of", AS_OF, "--format",
            format,
        ]);
        assert_eq!(code(&out), 3, "{format}: {}", text(&out.stderr));
        let stderr = text(&out.stderr);
        let bad_row = format!("error[accord::events]: {events} line 3, lead L-000001, field kind: kind should be one of");
        assert!(stderr.contains(&bad_row), "{format}: {stderr}");
        let unknown = format!(
            "error[accord::events]: {events} line 4, lead L-999999, field lead_id: 1 event for lead \"L-999999\", which is not in the leads input"
        );
        assert!(stderr.contains(&unknown), "{format}: {stderr}");
        assert!(!stderr.contains(&leads), "{format}: {stderr}");
        if format == "ndjson" {
            let rows = ndjson_rows(&out);
            assert_eq!(rows.len(), 2, "one row per lead record: {rows:?}");
            let message = rows[0]["errors"][0]["message"].as_str().unwrap_or("");
            assert!(
                message.starts_with(
                    "not evaluated: its row in the events file is bad (events file line 3"
                ),
                "{message}"
            );
            assert_eq!(rows[1]["id"], "L-000002");
        } else {
            let stdout = text(&out.stdout);
            assert!(!stdout.contains("L-999999"), "{stdout}");
        }
    }
}

/// Two lead records with one id and an events file: the events are joined
/// by id, so which record they belong to cannot be known. The first record
/// takes them; the later one is an error row saying so (it was decided on
/// no events at all before), not a decision on half the lead's history.
#[test]
fn a_repeated_lead_id_with_an_events_file_is_an_error_row() {
    let dir = temp_dir("events-duplicate-id");
    let csv = bundled_csv(3);
    let second = csv.lines().nth(2).expect("second lead");
    let repeated = csv.replacen(second, &second.replacen("L-000002", "L-000001", 1), 1);
    let leads = write(dir.path(), "leads.csv", &repeated);
    let events = one_event_of_the_first_lead(dir.path());
    for threads in ["1", "4"] {
        let out = eval_ndjson(&leads, &["--events", &events, "--threads", threads]);
        assert_eq!(code(&out), 3, "{}", text(&out.stderr));
        let rows = ndjson_rows(&out);
        assert_eq!(rows.len(), 3, "one row per lead record: {rows:?}");
        assert_eq!(rows[0]["errors"], serde_json::json!([]), "{rows:?}");
        assert_eq!(rows[2]["errors"], serde_json::json!([]), "{rows:?}");
        let error = &rows[1]["errors"][0];
        assert_eq!(error["record"], 2, "{error}");
        assert_eq!(error["line"], 3, "{error}");
        assert_eq!(error["lead_id"], "L-000001", "{error}");
        let message = error["message"].as_str().unwrap_or("");
        assert!(
            message.starts_with("not evaluated: lead id \"L-000001\" is also record 1's"),
            "{message}"
        );
    }
}

/// An events file with one website visit of lead L-000001; its path.
fn one_event_of_the_first_lead(dir: &Path) -> String {
    let rows = [
        EVENTS_HEADER,
        "L-000001,activities,website_visit,2026-10-23T10:20:44Z,,,,",
        "",
    ];
    write(dir, "events.csv", &rows.join("\n"))
}

/// The same, when the first record with the id cannot be read: the events
/// went to it (set aside with it), so the later record is refused the same
/// way — it was decided on no events, silently.
#[test]
fn a_repeated_lead_id_after_an_unreadable_record_is_an_error_row() {
    let dir = temp_dir("events-duplicate-id-unreadable");
    let csv = bundled_csv(3);
    let first = csv.lines().nth(1).expect("first lead");
    let second = csv.lines().nth(2).expect("second lead");
    let repeated = csv
        .replacen(first, &first.replacen(",39,", ",many,", 1), 1)
        .replacen(second, &second.replacen("L-000002", "L-000001", 1), 1);
    let leads = write(dir.path(), "leads.csv", &repeated);
    let events = one_event_of_the_first_lead(dir.path());
    let out = eval_ndjson(&leads, &["--events", &events]);
    assert_eq!(code(&out), 3, "{}", text(&out.stderr));
    let rows = ndjson_rows(&out);
    assert_eq!(rows.len(), 3, "one row per lead record: {rows:?}");
    assert_eq!(rows[0]["errors"][0]["field"], "employees", "{rows:?}");
    let error = &rows[1]["errors"][0];
    assert_eq!(error["record"], 2, "{error}");
    let message = error["message"].as_str().unwrap_or("");
    assert!(
        message.starts_with("not evaluated: lead id \"L-000001\" is also record 1's"),
        "{message}"
    );
    assert_eq!(rows[2]["errors"], serde_json::json!([]), "{rows:?}");
    // The events are not reported as events of an unknown lead either.
    let err = text(&out.stderr);
    assert!(!err.contains("which is not in the leads input"), "{err}");
}

/// NDJSON leads that embed their activities and attempts, plus the same
/// events again from an events file: each such lead is an error row naming
/// the stream, instead of every event counting twice.
#[test]
fn events_given_twice_are_an_error_not_counted_twice() {
    let out = accord(&[
        "eval",
        SEED,
        "--leads",
        "examples/data/leads.ndjson",
        "--events",
        "examples/data/events.csv",
        "--as-of",
        "2026-11-30T15:00:00Z",
        "--format",
        "ndjson",
    ]);
    assert_eq!(code(&out), 3);
    let rows = ndjson_rows(&out);
    assert_eq!(rows.len(), 600);
    let twice = rows
        .iter()
        .filter(|r| {
            r["errors"].as_array().is_some_and(|e| {
                e.iter().any(|e| {
                    e["field"] == "activities"
                        && e["message"].as_str().is_some_and(|m| {
                            m.starts_with(
                                "activities given both in the lead record and in the events file",
                            )
                        })
                })
            })
        })
        .count();
    assert!(twice > 500, "{twice}");
    assert!(
        rows.iter().all(|r| r["mql"] != true),
        "no lead is decided on doubled events"
    );
}

/// A `.json` file with one lead pretty-printed is one lead; a wrapper
/// object is one clear error.
#[test]
fn a_pretty_printed_json_file_is_read_as_objects() {
    let dir = temp_dir("pretty");
    let lead: serde_json::Value = serde_json::from_str(&edge_lines(1)[0]).expect("JSON");
    let pretty = serde_json::to_string_pretty(&lead).expect("pretty");
    let one = write(dir.path(), "one.json", &pretty);
    let out = eval_ndjson(&one, &[]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(ndjson_rows(&out).len(), 1);

    let wrapped = serde_json::json!({ "leads": [lead.clone(), lead] });
    let wrapper = write(
        dir.path(),
        "wrapped.json",
        &serde_json::to_string_pretty(&wrapped).expect("pretty"),
    );
    let out = eval_ndjson(&wrapper, &[]);
    assert_eq!(code(&out), 3);
    let rows = ndjson_rows(&out);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let errors = rows[0]["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["message"].as_str().is_some_and(|m| m.starts_with(
        "expected a JSON array of leads or NDJSON, found an object with key `leads`"
    )));
}

/// `accord check --leads ok.csv --events bad.csv`: the errors name the
/// events file and its lines (text), and carry a `file` (JSON) so the two
/// inputs' errors can be told apart.
#[test]
fn check_names_the_file_of_each_error() {
    let dir = temp_dir("check-files");
    let leads = write(dir.path(), "ok.csv", &bundled_csv(2));
    let events = write(
        dir.path(),
        "bad.csv",
        &[
            EVENTS_HEADER,
            "L-000002,attempts,phone,2026-10-24T10:00:00Z,,,,",
            "L-000002,attempts,phone,2026-10-24T10:00:00Z,,,,connected,extra",
            "L-000404,attempts,phone,2026-10-24T10:00:00Z,,,,",
            "",
        ]
        .join("\n"),
    );
    let out = accord(&["check", SEED, "--leads", &leads, "--events", &events]);
    assert_eq!(code(&out), 3);
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error[")).collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with(&format!(
            "error[accord::events]: {events} line 3, lead L-000002: the row has 9 columns"
        )),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with(&format!(
            "error[accord::events]: {events} line 4, lead L-000404, field lead_id:"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains(&leads), "{stderr}");

    let out = accord(&[
        "check", SEED, "--leads", &leads, "--events", &events, "--format", "json",
    ]);
    assert_eq!(code(&out), 3);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let errors = report["record_errors"].as_array().expect("record_errors");
    let files: Vec<&str> = errors.iter().filter_map(|e| e["file"].as_str()).collect();
    assert_eq!(files, vec![events.as_str(), events.as_str()]);
    assert_eq!(errors[0]["line"], 3);

    // A leads-file error names the leads file, record and line.
    let broken = write(
        dir.path(),
        "broken.csv",
        &bundled_csv(2).replacen(",39,", ",many,", 1),
    );
    let out = accord(&["check", SEED, "--leads", &broken, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let e = &report["record_errors"][0];
    assert_eq!(
        (e["file"].as_str(), e["record"].as_u64(), e["line"].as_u64()),
        (Some(broken.as_str()), Some(1), Some(2))
    );
}

/// `--leads` or `--events` naming a directory is a usage error (exit 2),
/// not a record error.
#[test]
fn a_directory_is_a_usage_error() {
    let out = eval_ndjson("examples", &[]);
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("error: --leads examples is a directory"));
    assert!(out.stdout.is_empty());
    let out = eval_ndjson(
        "examples/edge-cases/leads.ndjson",
        &["--events", "examples"],
    );
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("error: --events examples is a directory"));
    let out = accord(&["check", SEED, "--leads", "examples/data"]);
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
}

/// `--threads` is at most 1024 (a million started a million operating
/// system threads): more is a usage error that says the bound.
#[test]
fn too_many_threads_is_a_usage_error() {
    let leads = "examples/edge-cases/leads.ndjson";
    let out = eval_ndjson(leads, &["--threads", "1000000"]);
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("0..=1024"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let out = eval_ndjson(leads, &["--threads", "3"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
}

/// A leads CSV without a required column: one error about the header up
/// front (every row still has its error row, saying why), exit 3.
#[test]
fn a_header_without_a_required_column_is_one_error() {
    let dir = temp_dir("header");
    let csv = bundled_csv(3);
    let csv = csv.replacen("lead_id,email,", "lead_id,e_mail,", 1);
    let leads = write(dir.path(), "leads.csv", &csv);
    let out = eval_ndjson(&leads, &[]);
    assert_eq!(code(&out), 3);
    let stderr = text(&out.stderr);
    let header: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("no `email` column"))
        .collect();
    assert_eq!(header.len(), 1, "{stderr}");
    assert!(
        header[0].starts_with(&format!(
            "error[accord::input]: {leads} line 1, field email: the CSV header has no `email` column (is the column `e_mail` meant to be it?)"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("warning[accord::input]"), "{stderr}");
    let rows = ndjson_rows(&out);
    assert_eq!(rows.len(), 3);
    for row in &rows {
        assert_eq!(row["errors"][0]["field"], "email", "{row}");
        assert_eq!(
            row["errors"][0]["message"],
            "email is required, but the CSV header has no `email` column"
        );
    }
    // accord check: the header error once, not one per row.
    let lines = check_errors(&leads);
    assert_eq!(lines.len(), 1, "{lines:#?}");
}

/// The `error[…]` lines `accord check` of the seed agreement prints for
/// `leads` (which has errors: exit 3).
fn check_errors(leads: &str) -> Vec<String> {
    let out = accord(&["check", SEED, "--leads", leads]);
    assert_eq!(code(&out), 3);
    text(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("error["))
        .map(String::from)
        .collect()
}

/// A lead field given twice in one NDJSON record (the last value used to
/// win, quietly): that record is an error row naming the field and both
/// values, and the records around it are decided. A CSV header naming a
/// column twice is one error for the file and an error row per row.
#[test]
fn a_field_given_twice_is_an_error_row_and_the_batch_goes_on() {
    let dir = temp_dir("given-twice");
    let lines = edge_lines(3);
    let twice = lines[1].replacen('{', r#"{"employees": 7, "#, 1);
    let leads = write(
        dir.path(),
        "leads.ndjson",
        &format!("{}\n{twice}\n{}\n", lines[0], lines[2]),
    );
    let out = eval_ndjson(&leads, &[]);
    assert_eq!(code(&out), 3, "{}", text(&out.stderr));
    let rows = ndjson_rows(&out);
    assert_eq!(rows.len(), 3);
    for i in [0, 2] {
        assert_eq!(rows[i]["errors"], serde_json::json!([]), "{}", rows[i]);
    }
    let errors = rows[1]["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    let employees: serde_json::Value = serde_json::from_str(&lines[1]).expect("JSON");
    assert_eq!(errors[0]["record"], 2);
    assert_eq!(errors[0]["field"], "employees");
    assert_eq!(
        errors[0]["message"],
        format!(
            "employees is given twice in this record (7, then {}): keep one",
            employees["employees"]
        )
    );

    let csv = bundled_csv(2);
    let (header, rest) = csv.split_once('\n').expect("a header");
    let mut with_again = format!("{header},email\n");
    for row in rest.lines() {
        with_again.push_str(&format!("{row},other@example.com\n"));
    }
    let leads = write(dir.path(), "leads.csv", &with_again);
    let out = eval_ndjson(&leads, &[]);
    assert_eq!(code(&out), 3);
    let stderr = text(&out.stderr);
    let column = header.split(',').count() + 1;
    let position = header.split(',').position(|c| c == "email").expect("email") + 1;
    assert!(
        stderr.contains(&format!(
            "error[accord::input]: {leads} line 1, field email: the CSV header has the column \
             `email` twice (columns {position} and {column}): each row gives email twice, so \
             every row is an error; keep one column"
        )),
        "{stderr}"
    );
    let rows = ndjson_rows(&out);
    assert_eq!(rows.len(), 2);
    for row in &rows {
        let message = row["errors"][0]["message"].as_str().unwrap_or("");
        assert!(
            message.starts_with("email is given twice in this record (\"")
                && message.ends_with(", then \"other@example.com\"): keep one"),
            "{row}"
        );
    }
    // accord check: the header error once, not one per row.
    let errors = check_errors(&leads);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("`email` twice"), "{errors:#?}");
}

/// Unknown keys (once per distinct key, with its first record and the
/// closest field) and, under `accord check --leads`, duplicate lead ids
/// (once, naming both records) are warnings: the exit code stays 0.
/// `accord eval` does not look for duplicate ids (its memory stays flat).
#[test]
fn unknown_keys_and_duplicate_ids_are_warnings() {
    let dir = temp_dir("warnings");
    let lines = edge_lines(3);
    let renamed: Vec<String> = lines
        .iter()
        .map(|l| l.replacen("\"employees\"", "\"emploees\"", 1))
        .collect();
    let text_in = format!(
        "{}\n{}\n{}\n{}\n",
        lines[0], renamed[1], renamed[2], lines[0]
    );
    let leads = write(dir.path(), "leads.ndjson", &text_in);
    let id: serde_json::Value = serde_json::from_str(&lines[0]).expect("JSON");
    let id = id["lead_id"].as_str().expect("id").to_string();
    for format in ["ndjson", "text"] {
        let out = accord(&[
            "eval", SEED, "--leads", &leads, "--as-of", AS_OF, "--format", format,
        ]);
        let stderr = text(&out.stderr);
        assert_eq!(code(&out), 0, "{format}: {stderr}");
        let warnings: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("warning[accord::input]"))
            .collect();
        assert_eq!(
            warnings,
            vec![
                format!("warning[accord::input]: {leads} record 2 (line 2): unknown key `emploees` (did you mean `employees`?): not a field of the schema, so it is ignored").as_str(),
            ],
            "{format}"
        );
    }
    let out = accord(&["check", SEED, "--leads", &leads]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(&format!("warning[accord::input]: {leads} record 1 (line 1): lead id \"{id}\" appears more than once: in record 1 (line 1) and record 4 (line 4); each record is evaluated on its own")),
        "{}",
        text(&out.stderr)
    );
    let out = accord(&["check", SEED, "--leads", &leads, "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let warnings = report["input_warnings"].as_array().expect("input_warnings");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(warnings[0]["file"], leads.as_str());
    assert_eq!(warnings[0]["code"], "unknown-key");
    assert_eq!(warnings[0]["field"], "emploees");
    assert_eq!(warnings[1]["code"], "duplicate-id");
}

/// Lead data printed on a terminal cannot forge a row or drive the
/// terminal: a line break in a lead id and a terminal escape sequence in a
/// value are written as escapes in the text rows and in the error lines.
#[test]
fn control_characters_in_the_data_are_written_as_escapes() {
    let dir = temp_dir("control-characters");
    let csv = bundled_csv(3);
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    lines[1] = lines[1].replacen("L-000001", "\"L-1\nFAKE yes\"", 1);
    lines[2] = lines[2].replacen(",321,", ",321\u{1b}[2J,", 1);
    let leads = write(dir.path(), "leads.csv", &(lines.join("\n") + "\n"));
    let out = accord(&["eval", SEED, "--leads", &leads, "--as-of", DATA_AS_OF]);
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert!(!stdout.contains('\u{1b}') && !stderr.contains('\u{1b}'));
    assert!(
        stdout.lines().any(|l| l.starts_with("L-1\\nFAKE yes")),
        "{stdout}"
    );
    assert!(!stdout.lines().any(|l| l.starts_with("FAKE")), "{stdout}");
    assert!(
        stdout.contains("employees should be a number, but is \"321\\u{1b}[2J\""),
        "{stdout}"
    );
    let out = accord(&["check", SEED, "--leads", &leads]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("field employees: employees should be a number, but is \"321\\u{1b}[2J\""),
        "{stderr}"
    );
}

/// Output to a pipe its reader has closed (`accord check --leads … 2>&1 |
/// head -1`) ends the command with its own exit code, not a panic (101):
/// what can no longer be written is dropped. Thousands of bad records
/// write far more than a pipe holds, so the closed pipe is always met.
#[test]
fn a_closed_output_pipe_is_no_crash() {
    use std::process::{Command, Stdio};
    let dir = temp_dir("closed-pipe");
    let leads = write(dir.path(), "leads.ndjson", &"not json\n".repeat(5000));
    let runs: [(&[&str], bool); 3] = [
        (&["check", SEED, "--leads", &leads], false),
        (
            &["check", SEED, "--leads", &leads, "--format", "json"],
            true,
        ),
        (
            &[
                "report",
                "policies/marketing-sales-sla.accord",
                "--leads",
                &leads,
                "--as-of",
                DATA_AS_OF,
            ],
            false,
        ),
    ];
    for (args, on_stdout) in runs {
        let (stdout, stderr) = if on_stdout {
            (Stdio::piped(), Stdio::null())
        } else {
            (Stdio::null(), Stdio::piped())
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(args)
            .current_dir(root())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .expect("the accord binary runs");
        // The reader goes away at once.
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().expect("it ends");
        assert_eq!(status.code(), Some(3), "{args:?}");
    }
    // Every other command's output too (`accord docs | head`): the reader
    // is gone before the command has started writing.
    let v =
        |version: &str| format!("examples/agreement-versions/{version}/mql-sql-agreement.accord");
    let (old, new) = (v("v1.0"), v("v1.1"));
    let others: [&[&str]; 5] = [
        &["docs"],
        &["docs", "sla"],
        &["docs", "codes"],
        &["diff", &old, &new],
        &["test", "policies/"],
    ];
    for args in others {
        let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the accord binary runs");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("it ends");
        let stderr = text(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

/// A leads CSV and an events file saved with `;` between their columns
/// (a spreadsheet's CSV where the decimal mark is a comma) decide as the
/// comma files do: the same rows, the same exit code.
#[test]
fn a_semicolon_separated_csv_decides_as_the_comma_one() {
    let dir = temp_dir("semicolon-csv");
    let leads = bundled_csv(20);
    let events = bundled_lines("events.csv", 200);
    assert!(!leads.contains(';') && !events.contains(';'));
    // A tab-separated leads file named `.tsv` is told CSV by its content.
    let run = |name: &str, separator: &str| {
        let ext = if separator == "\t" { "tsv" } else { "csv" };
        let leads = write(
            dir.path(),
            &format!("{name}-leads.{ext}"),
            &leads.replace(',', separator),
        );
        let events = write(
            dir.path(),
            &format!("{name}-events.csv"),
            &events.replace(',', separator),
        );
        accord(&[
            "eval", SEED, "--leads", &leads, "--events", &events, "--as-of", AS_OF, "--format",
            "ndjson",
        ])
    };
    let comma = run("comma", ",");
    let rows = ndjson_rows(&comma);
    assert_eq!(rows.len(), 20, "{}", text(&comma.stderr));
    assert!(
        rows.iter().any(|r| r["mql"] == true),
        "some lead qualifies: {rows:?}"
    );
    for (name, separator) in [("semicolon", ";"), ("tab", "\t")] {
        let other = run(name, separator);
        assert_eq!(
            code(&other),
            code(&comma),
            "{separator:?}: {}",
            text(&other.stderr)
        );
        assert_eq!(ndjson_rows(&other), rows, "{separator:?}");
    }
}
