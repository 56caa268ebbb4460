//! End-to-end tests of `accord eval` on Parquet input: leads with their
//! events nested (a list-of-struct column), leads with a separate
//! `--events` Parquet file, and the events file's own errors (a bad row,
//! events of a lead not among the leads) — each giving exactly the rows
//! the same leads give as NDJSON, one row per lead record.

#![allow(clippy::panic)] // a failed comparison names the row that differs

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

mod cli_support;
use cli_support::*;

#[path = "../crates/accord-arrow/tests/support/parquet_files.rs"]
mod parquet_files;
use parquet_files::{
    batch, damage_row_group, events_batch, ndjson_objects, projected, with_column, write_parquet,
};

/// The seed agreement, whose schema says which columns the files hold.
fn seed_policy() -> accord::Policy {
    accord::Policy::load(root().join(SEED)).expect("the seed agreement checks")
}

/// The first `n` bundled leads that are JSON objects, projected to the
/// columns the Parquet files hold.
fn leads(policy: &accord::Policy, n: usize) -> Vec<Value> {
    let all = ndjson_objects(&root().join("examples/data/leads.ndjson"), n);
    projected(policy.schema(), &all, true)
}

fn eval(leads: &Path, events: Option<&Path>) -> Output {
    let leads = leads.display().to_string();
    let events = events.map(|e| e.display().to_string());
    let mut args = vec![
        "eval", SEED, "--leads", &leads, "--as-of", AS_OF, "--format", "ndjson",
    ];
    if let Some(e) = &events {
        args.extend(["--events", e.as_str()]);
    }
    accord(&args)
}

/// The rows with each error's `line` left out: a Parquet record has no
/// line in a text file, so only the NDJSON rows carry one.
fn without_lines(rows: Vec<String>) -> Vec<String> {
    rows.into_iter()
        .map(|line| {
            let mut row: Value = serde_json::from_str(&line).expect("each row is JSON");
            for error in row["errors"].as_array_mut().into_iter().flatten() {
                error["line"] = Value::Null;
            }
            row.to_string()
        })
        .collect()
}

/// Asserts two runs gave the same exit code and rows (error lines aside),
/// naming the first row that differs (not printing every row).
fn assert_same(got: (i32, Vec<String>), expected: (i32, Vec<String>)) {
    let got = (got.0, without_lines(got.1));
    let expected = (expected.0, without_lines(expected.1));
    assert_eq!(got.1.len(), expected.1.len(), "row count");
    if let Some(i) = (0..got.1.len()).find(|&i| got.1[i] != expected.1[i]) {
        panic!("row {} differs:\n{}\n{}", i + 1, got.1[i], expected.1[i]);
    }
    assert_eq!(got.0, expected.0, "exit code");
}

fn lines(out: &Output) -> Vec<String> {
    text(&out.stdout).lines().map(String::from).collect()
}

/// The exit code and rows `accord eval` gives for the same leads as
/// NDJSON (exit 3 when some bundled lead is malformed on purpose).
fn ndjson_eval(dir: &Path, leads: &[Value]) -> (i32, Vec<String>) {
    let path = dir.join("leads.ndjson");
    let body: String = leads.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, body).expect("write leads");
    let out = eval(&path, None);
    assert!(matches!(code(&out), 0 | 3), "{}", text(&out.stderr));
    (code(&out), lines(&out))
}

/// `leads.parquet` in `dir`: 80 bundled leads with their events nested,
/// in row groups of 25 (four groups); the leads it holds.
fn nested_leads_file(dir: &Path) -> (Vec<Value>, PathBuf) {
    let policy = seed_policy();
    let leads = leads(&policy, 80);
    let path = dir.join("leads.parquet");
    write_parquet(&path, &[batch(policy.schema(), &leads, true)], 25);
    (leads, path)
}

/// A leads file whose second row group (of four) is damaged: every row of
/// the other groups is the NDJSON row of its lead, and each row of the
/// damaged group is an error row naming the rows and the group: one row
/// out per row in, and the exit code of record errors.
#[test]
fn a_damaged_row_group_gives_an_error_row_per_row_and_the_rest_is_evaluated() {
    let dir = temp_dir("parquet-damaged-group");
    let (leads, path) = nested_leads_file(dir.path());
    damage_row_group(&path, 1);
    let out = eval(&path, None);
    assert_eq!(code(&out), 3, "{}", text(&out.stderr));
    let rows = without_lines(lines(&out));
    let (_, expected) = ndjson_eval(dir.path(), &leads);
    let expected = without_lines(expected);
    assert_eq!(rows.len(), 80, "one row per row of the file");
    for (i, (got, want)) in rows.iter().zip(&expected).enumerate() {
        let record = i + 1;
        if (26..=50).contains(&record) {
            let row: Value = serde_json::from_str(got).expect("each row is JSON");
            assert_eq!(row["record"], record, "{got}");
            let message = row["errors"][0]["message"].as_str().unwrap_or_default();
            assert!(
                message.starts_with(&format!(
                    "could not read record {record}: part of the file is damaged"
                )) && message.ends_with(
                    "; it is one of the rows 26 to 50 of the file's 80, its row group 2 of \
                         4, which could not be read (the other groups are read)"
                ),
                "{message}"
            );
        } else {
            assert_eq!(got, want, "row {record}");
        }
    }
}

#[test]
fn leads_with_nested_events_give_the_ndjson_rows() {
    let dir = temp_dir("parquet-nested");
    let (leads, path) = nested_leads_file(dir.path());
    let out = eval(&path, None);
    let rows = lines(&out);
    assert_eq!(rows.len(), leads.len());
    assert_same((code(&out), rows.clone()), ndjson_eval(dir.path(), &leads));
    assert!(
        rows.iter().any(|r| r.contains("\"mql\":true")),
        "some lead qualifies"
    );
}

#[test]
fn a_separate_events_parquet_file_gives_the_nested_rows() {
    let dir = temp_dir("parquet-events");
    let policy = seed_policy();
    let leads = leads(&policy, 80);
    let leads_path = dir.path().join("leads.parquet");
    let events_path = dir.path().join("events.parquet");
    write_parquet(&leads_path, &[batch(policy.schema(), &leads, false)], 25);
    write_parquet(&events_path, &[events_batch(&leads)], 40);
    let out = eval(&leads_path, Some(&events_path));
    assert_same((code(&out), lines(&out)), ndjson_eval(dir.path(), &leads));
}

/// A bad events row and events of an unknown lead are reported on stderr
/// naming the events file, the lead and the field; they add no rows, and
/// the lead with the bad row gets an error row while the others are
/// evaluated.
#[test]
fn events_parquet_errors_name_the_file_and_add_no_rows() {
    let dir = temp_dir("parquet-events-errors");
    let policy = seed_policy();
    let leads = leads(&policy, 3);
    let mut with_bad = leads.clone();
    let first = with_bad[0]["lead_id"].as_str().expect("an id").to_string();
    // A kind the seed schema does not know, for the first lead; and an
    // event for a lead that is not among the leads.
    with_bad[0]["activities"]
        .as_array_mut()
        .expect("activities")
        .push(serde_json::json!({"kind": "tweet", "at": "2026-10-24T10:00:00Z"}));
    let stranger = serde_json::json!({
        "lead_id": "L-999999",
        "activities": [{"kind": "website_visit", "at": "2026-10-24T10:00:00Z"}],
    });
    let mut events_source = with_bad.clone();
    events_source.push(stranger);
    let leads_path = dir.path().join("leads.parquet");
    let events_path = dir.path().join("events.parquet");
    write_parquet(&leads_path, &[batch(policy.schema(), &leads, false)], 25);
    write_parquet(&events_path, &[events_batch(&events_source)], 40);
    let out = eval(&leads_path, Some(&events_path));
    assert_eq!(code(&out), 3, "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    let events_name = events_path.display().to_string();
    // The bad row is the first lead's last activity: a table's rows are
    // said by number (no line: a Parquet file has none).
    let bad_row = with_bad[0]["activities"].as_array().map_or(0, Vec::len);
    assert!(
        stderr.contains(&format!(
            "error[accord::events]: {events_name} row {bad_row}, lead {first}, field kind: kind should be one of"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("lead L-999999, field lead_id: 1 event for lead \"L-999999\", which is not in the leads input"),
        "{stderr}"
    );
    let rows = lines(&out);
    assert_eq!(rows.len(), 3, "one row per lead record: {rows:?}");
    let row: Value = serde_json::from_str(&rows[0]).expect("JSON");
    let message = row["errors"][0]["message"].as_str().unwrap_or("");
    assert!(
        message.starts_with(&format!(
            "not evaluated: its row in the events file is bad (events file row {bad_row};"
        )),
        "{message}"
    );
    assert_eq!(
        row["errors"][0]["line"],
        Value::Null,
        "a table row has no line"
    );
    let (_, expected) = ndjson_eval(dir.path(), &leads);
    assert_eq!(
        without_lines(rows[1..].to_vec()),
        without_lines(expected[1..].to_vec()),
        "the other leads are evaluated as usual"
    );
}

/// A Parquet file with a column name twice: a row whose two cells both
/// hold a value is an error row naming the field and both values, as the
/// same record written as NDJSON with the key twice (the last value used
/// to win, quietly); a null cell is no value (as in every Parquet row),
/// so a row with one of the two cells null is read.
#[test]
fn a_column_name_given_twice_is_an_error_row() {
    let dir = temp_dir("parquet-twice");
    let policy = seed_policy();
    let leads = leads(&policy, 3);
    let table = batch(policy.schema(), &leads, false);
    let mut fields: Vec<arrow_schema::Field> = table
        .schema()
        .fields()
        .iter()
        .map(|f| f.as_ref().clone())
        .collect();
    fields.push(arrow_schema::Field::new(
        "email",
        arrow_schema::DataType::Utf8,
        true,
    ));
    let mut columns = table.columns().to_vec();
    columns.push(std::sync::Arc::new(arrow_array::StringArray::from(vec![
        Some("other@example.com"),
        None,
        Some("other@example.com"),
    ])));
    let table = arrow_array::RecordBatch::try_new(
        std::sync::Arc::new(arrow_schema::Schema::new(fields)),
        columns,
    )
    .expect("a batch with email twice");
    let path = dir.path().join("leads.parquet");
    write_parquet(&path, &[table], 10);
    let out = eval(&path, None);
    assert_eq!(code(&out), 3, "{}", text(&out.stderr));
    let rows: Vec<Value> = lines(&out)
        .iter()
        .map(|l| serde_json::from_str(l).expect("JSON rows"))
        .collect();
    assert_eq!(rows.len(), 3);
    for i in [0, 2] {
        let errors = rows[i]["errors"].as_array().expect("an error row");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0]["field"], "email");
        assert_eq!(
            errors[0]["message"],
            format!(
                "email is given twice in this record ({}, then \"other@example.com\"): keep one",
                leads[i]["email"]
            )
        );
    }
    assert_eq!(rows[1]["errors"], serde_json::json!([]), "{}", rows[1]);
}

/// Parquet files that cannot be read, as `--leads` and as `--events`:
/// each is refused (exit 2) naming the file and the option, saying what
/// is wrong and what to do in Accord's words — not the Parquet library's
/// ("Parquet error: Invalid Parquet file. Corrupt footer", "EOF: …") —
/// and an events column of structs is named, not read as empty cells.
#[test]
fn unreadable_parquet_files_are_said_in_words() {
    let dir = temp_dir("parquet-unreadable");
    let policy = seed_policy();
    let leads = leads(&policy, 20);
    let good = dir.path().join("leads.parquet");
    write_parquet(&good, &[batch(policy.schema(), &leads, false)], 10);
    let bytes = std::fs::read(&good).expect("written");
    let write = |name: &str, contents: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, contents).expect("written");
        path
    };
    let empty = write("empty.parquet", b"");
    let csv = write("export.parquet", b"lead_id,employees\nL-1,12\n");
    let cut = write("cut.parquet", &bytes[..bytes.len() / 2]);
    // Written by pyarrow (see crates/accord-arrow/tests/read_errors.rs);
    // relative to the root, where `accord` runs.
    let gzip = Path::new("crates/accord-arrow/tests/data/leads-gzip.parquet").to_path_buf();
    let events = dir.path().join("events.parquet");
    let rows = events_batch(&leads).num_rows();
    let structs = arrow_array::StructArray::from(vec![(
        std::sync::Arc::new(arrow_schema::Field::new(
            "path",
            arrow_schema::DataType::Utf8,
            true,
        )),
        std::sync::Arc::new(arrow_array::StringArray::from(vec![Some("docs"); rows]))
            as arrow_array::ArrayRef,
    )]);
    let table = with_column(&events_batch(&leads), "page", std::sync::Arc::new(structs));
    write_parquet(&events, &[table], 100);

    let mut seen = String::new();
    for (option, path) in [
        ("--leads", &empty),
        ("--leads", &csv),
        ("--leads", &cut),
        ("--leads", &gzip),
        ("--events", &empty),
        ("--events", &csv),
        ("--events", &cut),
        ("--events", &events),
    ] {
        let out = if option == "--leads" {
            eval(path, None)
        } else {
            eval(&good, Some(path))
        };
        let stderr = text(&out.stderr).replace(&dir.path().display().to_string(), "DIR");
        let first = stderr.lines().next().unwrap_or("");
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        seen.push_str(&format!(
            "{option} {name} → exit {}\n{first}\n\n",
            code(&out)
        ));
    }
    insta::assert_snapshot!("parquet_unreadable", seen);
}
