//! Parquet and Arrow input give the rows the same leads give as JSON:
//! events nested as list-of-struct columns or in a separate events file,
//! malformed cells as error rows naming record and field, and a file of
//! many row groups read as a stream.

use accord::{Policy, Row};
use accord_arrow::{evaluate_batches, events_index, open_parquet};
use arrow_array::RecordBatch;
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;

#[path = "support/parquet_files.rs"]
mod parquet_files;
use parquet_files::{batch, events_batch, ndjson_objects, projected, with_column, write_parquet};

fn policy() -> Policy {
    Policy::load("../../policies/mql-sql-agreement.accord").expect("the bundled policy checks")
}

fn as_of() -> DateTime<Utc> {
    "2026-11-20T15:00:00Z".parse().expect("an instant")
}

/// The first `n` bundled leads that are JSON objects.
fn bundled(n: usize) -> Vec<Value> {
    ndjson_objects(Path::new("../../examples/data/leads.ndjson"), n)
}

/// A path named `name` in a fresh directory, and the directory (removed
/// when dropped, also when the test fails: keep it while the file is used).
fn temp(name: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("accord-arrow-")
        .tempdir()
        .expect("temp dir");
    let path = dir.path().join(name);
    (dir, path)
}

fn json_rows(policy: &Policy, leads: &[Value]) -> Vec<Row> {
    leads
        .iter()
        .enumerate()
        .map(|(i, l)| policy.evaluate_json(l, i + 1, as_of(), false))
        .collect()
}

/// Every row of a batch stream, on all cores.
fn rows_of<B>(policy: &Policy, batches: B, events: Option<accord::EventsIndex>) -> Vec<Row>
where
    B: Iterator<Item = accord_arrow::BatchResult>,
{
    evaluate_batches(policy, batches, events, as_of(), false, 0).collect()
}

fn lines(rows: &[Row]) -> Vec<String> {
    rows.iter().map(Row::to_json_line).collect()
}

#[test]
fn nested_events_in_parquet_give_the_json_rows() {
    let policy = policy();
    let leads = projected(policy.schema(), &bundled(120), true);
    let (_dir, path) = temp("nested.parquet");
    write_parquet(&path, &[batch(policy.schema(), &leads, true)], 1000);
    let rows = rows_of(&policy, open_parquet(&path).expect("opens"), None);
    assert_eq!(lines(&rows), lines(&json_rows(&policy, &leads)));
    assert!(
        rows.iter().any(|r| r.mql == Some(true)),
        "some lead qualifies"
    );
}

#[test]
fn a_file_of_many_row_groups_streams_in_order() {
    let policy = policy();
    let leads = projected(policy.schema(), &bundled(600), true);
    // Several batches and small row groups: records numbered across them.
    let batches: Vec<RecordBatch> = leads
        .chunks(97)
        .map(|c| batch(policy.schema(), c, true))
        .collect();
    let (_dir, path) = temp("groups.parquet");
    write_parquet(&path, &batches, 50);
    let meta = parquet::file::reader::SerializedFileReader::new(
        std::fs::File::open(&path).expect("written"),
    )
    .map(|r| parquet::file::reader::FileReader::metadata(&r).num_row_groups())
    .expect("readable");
    assert!(meta >= 12, "{meta} row groups");
    let rows = rows_of(&policy, open_parquet(&path).expect("opens"), None);
    assert_eq!(rows.len(), leads.len());
    assert_eq!(lines(&rows), lines(&json_rows(&policy, &leads)));
}

#[test]
fn separate_events_file_gives_the_nested_rows() {
    let policy = policy();
    let leads = projected(policy.schema(), &bundled(60), true);
    let without: Vec<RecordBatch> = vec![batch(policy.schema(), &leads, false)];
    let events = events_batch(&leads);
    let (_dir, events_path) = temp("events.parquet");
    write_parquet(&events_path, &[events], 100);
    let (index, errors) =
        events_index(policy.decoder(), open_parquet(&events_path).expect("opens"));
    assert!(errors.is_empty(), "{errors:?}");
    let rows = rows_of(&policy, without.into_iter().map(Ok), Some(index));
    assert_eq!(lines(&rows), lines(&json_rows(&policy, &leads)));
}

#[test]
fn malformed_cells_are_error_rows_naming_record_and_field() {
    let policy = policy();
    let leads = projected(policy.schema(), &bundled(3), true);
    let good = batch(policy.schema(), &leads, true);
    // employees as text: "12" and "many" do not read as numbers.
    let text = arrow_array::StringArray::from(vec![Some("12"), None, Some("many")]);
    let bad = with_column(&good, "employees", Arc::new(text));
    let (rows, messages) = employees_errors(&policy, &leads, bad);
    for message in messages {
        assert!(message.contains("should be a number"), "{message}");
    }
    // A null cell is an absent field, as a key left out of JSON.
    let mut absent = leads[1].clone();
    absent.as_object_mut().map(|o| o.remove("employees"));
    assert_eq!(
        rows[1].to_json_line(),
        policy
            .evaluate_json(&absent, 2, as_of(), false)
            .to_json_line()
    );
    // A batch of an Arrow stream that cannot be read (no row group to
    // skip: how many rows it held is unknown) ends the stream with an
    // error row.
    let broken = vec![
        Ok(batch(policy.schema(), &leads[..1], false)),
        Err(arrow_schema::ArrowError::ParseError("truncated".into())),
    ];
    let rows = rows_of(&policy, broken.into_iter(), None);
    assert_eq!(rows.len(), 2);
    assert!(rows[1].errors[0].message.contains("truncated"));
}

/// The rows of three leads in `bad` (their `employees` column swapped,
/// the second cell null), and the messages of the `employees` errors of
/// the first and third, each naming its record and lead.
fn employees_errors(policy: &Policy, leads: &[Value], bad: RecordBatch) -> (Vec<Row>, Vec<String>) {
    let rows = rows_of(policy, std::iter::once(Ok(bad)), None);
    assert_eq!(rows.len(), 3);
    let messages = [0, 2]
        .iter()
        .map(|&n| {
            let e = rows[n]
                .errors
                .iter()
                .find(|e| e.field.as_deref() == Some("employees"))
                .expect("an employees error");
            assert_eq!(e.record, n + 1);
            assert_eq!(e.lead_id, leads[n]["lead_id"].as_str().map(String::from));
            e.message.clone()
        })
        .collect();
    (rows, messages)
}

/// A cell of an Arrow type no field reads (binary data) is an error row
/// naming the record and field, saying in words what the cell is — not
/// Arrow's name for its type; the other records go on.
#[test]
fn a_column_of_a_type_no_field_reads_is_named_in_words_per_record() {
    let policy = policy();
    let leads = projected(policy.schema(), &bundled(3), true);
    let binary =
        arrow_array::BinaryArray::from(vec![Some(b"12".as_ref()), None, Some(b"4".as_ref())]);
    let bad = with_column(
        &batch(policy.schema(), &leads, true),
        "employees",
        Arc::new(binary),
    );
    let (rows, messages) = employees_errors(&policy, &leads, bad);
    for message in messages {
        assert_eq!(
            message,
            "employees should be a number, but is binary data (bytes, not text)"
        );
    }
    assert!(
        rows[1]
            .errors
            .iter()
            .all(|e| e.field.as_deref() != Some("employees")),
        "a null cell is an absent field"
    );
}

#[test]
fn not_a_parquet_file_is_an_error_not_a_panic() {
    let (_dir, path) = temp("not.parquet");
    std::fs::write(&path, b"lead_id\nL-1\n").expect("written");
    let err = open_parquet(&path).err().expect("refused");
    assert!(err.to_string().contains("Parquet"), "{err}");
}
