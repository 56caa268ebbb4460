//! Parquet input that cannot be read is said in Accord's words, never the
//! Arrow or Parquet library's: an empty file, one that is not Parquet, one
//! cut short, one compressed with a codec not built in, a damaged row
//! group part-way through (an error row for each of its rows, saying
//! which rows could not be read, and the next group read; for an events
//! table, one error for the group), a row group whose data ends before
//! the rows its footer counts (an error row for each missing row), a page
//! header that would have the library read past the end of the file
//! again and again (damage, like the rest), and
//! an events column of a type no event field reads (a lead column of such
//! a type is an error per record and field: `parquet.rs`).
//!
//! `data/leads-gzip.parquet` was written by pyarrow:
//! `pq.write_table(pa.table({'lead_id': ['L-1', 'L-2'], 'employees':
//! [12.0, 40.0]}), path, compression='gzip')`;
//! `data/leads-rows-miscounted.parquet` by `pq.write_table` of six leads
//! (`lead_id` L-1 to L-6, `employees`) with `row_group_size=3`, then the
//! footer's row count (its byte after `16`, before the row-group list
//! `19 2c`) changed from 6 (`0c`) to 7 (`0e`).
//! `data/leads-group-ends-early.parquet` by pyarrow 26 the same way
//! (`employees` 10.0 to 60.0), then its second row group's row count
//! (byte 844) changed from 3 (`06`) to 5 (`0a`) and the file's (byte
//! 444) from 6 (`0c`) to 8 (`10`): the counts add up, but the group's
//! data holds 3 rows where its footer counts 5.
//! `data/leads-header-skips-past-the-end.parquet` is an input the
//! `read_parquet` fuzz target wrote (2026-12-06): nine rows in three row
//! groups, each damaged; the last group's page header declares a list of
//! values to skip far longer than the file.

use accord::{Policy, Row};
use accord_arrow::{evaluate_batches, events_index, open_parquet};
use arrow_array::{ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, Field};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;

#[path = "support/parquet_files.rs"]
mod parquet_files;
use parquet_files::{
    batch, damage_row_group, events_batch, ndjson_objects, projected, with_column, write_parquet,
};

fn policy() -> Policy {
    Policy::load("../../policies/mql-sql-agreement.accord").expect("the bundled policy checks")
}

fn as_of() -> DateTime<Utc> {
    "2026-11-20T15:00:00Z".parse().expect("an instant")
}

/// The first `n` bundled leads that are JSON objects, projected to the
/// columns the files hold.
fn leads(policy: &Policy, n: usize) -> Vec<Value> {
    let all = ndjson_objects(Path::new("../../examples/data/leads.ndjson"), n);
    projected(policy.schema(), &all, true)
}

fn temp() -> TempDir {
    tempfile::Builder::new()
        .prefix("accord-arrow-errors-")
        .tempdir()
        .expect("temp dir")
}

/// The words `open_parquet` refuses `path` with.
fn refusal(path: &Path) -> String {
    match open_parquet(path) {
        Ok(_) => String::from("(opened)"),
        Err(e) => e.to_string(),
    }
}

/// Asserts none of the libraries' own wordings reached the user.
fn assert_in_words(message: &str) {
    for library in [
        "Parquet error:",
        "Parquet argument error",
        "EOF:",
        "External:",
        "NYI:",
        "Corrupt footer",
        "Disabled feature",
        "Binary",
        "Struct(",
    ] {
        assert!(!message.contains(library), "{library:?} in: {message}");
    }
}

#[test]
fn an_unreadable_file_is_refused_in_words() {
    let dir = temp();
    let policy = policy();
    let good: PathBuf = dir.path().join("good.parquet");
    write_parquet(
        &good,
        &[batch(policy.schema(), &leads(&policy, 20), true)],
        10,
    );
    let bytes = std::fs::read(&good).expect("written");
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "empty.parquet",
            b"",
            "the file is empty (0 bytes): export the data again",
        ),
        (
            "csv.parquet",
            b"lead_id,employees\nL-1,12\n",
            "it is not a Parquet file (a Parquet file starts with the letters PAR1): export it \
             again as Parquet, or, if it holds CSV or JSON, name it .csv, .ndjson or .json",
        ),
        (
            "cut.parquet",
            &bytes[..bytes.len() / 2],
            "the file is cut short: it starts as a Parquet file, but its end, where Parquet \
             lists the columns and rows, is missing (an unfinished download or copy?): copy or \
             export it again",
        ),
    ];
    for (name, contents, words) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, contents).expect("written");
        assert_eq!(refusal(&path), words, "{name}");
    }
    // Its footer counts 7 rows, its two row groups 3 each (one byte of
    // the footer changed): the counts cannot both be right.
    assert_eq!(
        refusal(Path::new("tests/data/leads-rows-miscounted.parquet")),
        "part of the file is damaged and cannot be decoded: copy or export it again (detail: \
         the footer counts 7 rows, its row groups 6)"
    );
    let gzip = refusal(Path::new("tests/data/leads-gzip.parquet"));
    assert_eq!(
        gzip,
        "it is compressed with gzip, which Accord does not read: export it again with snappy \
         or zstd compression (the usual defaults), or uncompressed"
    );
    assert_in_words(&gzip);
}

/// The rows of the leads in the Parquet file at `path` (whose footer is
/// whole), on one thread.
fn rows_of_file(policy: &Policy, path: &Path) -> Vec<Row> {
    let batches = open_parquet(path).expect("the footer is whole");
    evaluate_batches(policy, batches, None, as_of(), false, 1).collect()
}

/// Writes `rows` to a Parquet file of row groups of [`accord_arrow::BATCH_ROWS`]
/// rows, then damages row group `damaged` (from 0).
fn damaged_file(dir: &TempDir, name: &str, rows: RecordBatch, damaged: usize) -> PathBuf {
    let path = dir.path().join(name);
    write_parquet(&path, &[rows], accord_arrow::BATCH_ROWS);
    damage_row_group(&path, damaged);
    path
}

/// A file of three row groups whose second one is damaged: every row of
/// the first and the third is evaluated, and each row of the second is
/// an error row saying what is wrong and which rows could not be read —
/// one row out per row in, in order.
#[test]
fn a_damaged_row_group_is_an_error_row_per_row_and_the_next_group_is_read() {
    let dir = temp();
    let policy = policy();
    let some = leads(&policy, 600);
    // 4096 rows fill each of the first two row groups (and exactly one
    // batch read); 1808 more are the third.
    let all: Vec<Value> = some.iter().cycle().take(10_000).cloned().collect();
    let path = damaged_file(
        &dir,
        "damaged.parquet",
        batch(policy.schema(), &all, true),
        1,
    );

    let rows = rows_of_file(&policy, &path);
    assert_eq!(rows.len(), 10_000, "one row per row of the file");
    let evaluated = |range: std::ops::Range<usize>| -> (Vec<String>, Vec<String>) {
        let expected = all[range.clone()]
            .iter()
            .zip(range.clone())
            .map(|(l, i)| {
                policy
                    .evaluate_json(l, i + 1, as_of(), false)
                    .to_json_line()
            })
            .collect();
        let got = rows[range].iter().map(Row::to_json_line).collect();
        (expected, got)
    };
    let (expected, got) = evaluated(0..4096);
    assert!(got == expected, "the first row group's rows are evaluated");
    let (expected, got) = evaluated(8192..10_000);
    assert!(got == expected, "the third row group's rows are evaluated");
    for (i, row) in rows[4096..8192].iter().enumerate() {
        let record = 4097 + i;
        assert_eq!(row.record, record);
        assert_eq!(row.errors.len(), 1, "record {record}");
        let error = &row.errors[0];
        assert_eq!((error.record, error.line), (record, None));
        assert_eq!(error.found, "a damaged part of the file");
        let start = format!(
            "could not read record {record}: part of the file is damaged and cannot be \
             decoded: copy or export it again (detail: "
        );
        assert!(
            error.message.starts_with(&start)
                && error.message.ends_with(
                    "; it is one of the rows 4097 to 8192 of the file's 10000, its row group 2 \
                     of 3, which could not be read (the other groups are read)"
                ),
            "{}",
            error.message
        );
        assert_in_words(error.message.split(" (detail: ").next().unwrap_or(""));
    }
}

/// A row group whose data ends before the rows its footer counts (the
/// footer's counts adding up, so that the file opens): the rows read are
/// evaluated, and each missing row is an error row saying so — one row
/// out per row the footer counts.
#[test]
fn a_row_group_ending_early_gives_an_error_row_per_missing_row() {
    let policy = policy();
    let path = Path::new("tests/data/leads-group-ends-early.parquet");
    let batches = open_parquet(path).expect("the footer's counts add up");
    assert_eq!(batches.rows(), 8);
    let rows: Vec<Row> = evaluate_batches(&policy, batches, None, as_of(), false, 1).collect();
    assert_eq!(rows.len(), 8, "one row per row the footer counts");
    let ids: Vec<Option<String>> = rows
        .iter()
        .map(|r| r.id.as_ref().map(|id| id.to_string()))
        .collect();
    let read: Vec<Option<String>> = (1..=6).map(|i| Some(format!("L-{i}"))).collect();
    assert_eq!(
        ids[..6],
        read[..],
        "the six rows of data are read, in order"
    );
    for (row, record) in rows[6..].iter().zip(7..) {
        assert_eq!(row.record, record);
        assert_eq!(row.errors.len(), 1, "record {record}");
        let message = &row.errors[0].message;
        assert!(
            message.starts_with(&format!(
                "could not read record {record}: part of the file is damaged and cannot be \
                 decoded: copy or export it again (detail: the row group ends before its last row)"
            )) && message.ends_with(
                "; it is one of the rows 7 to 8 of the file's 8, its row group 2 of 2, which \
                 could not be read (the other groups are read)"
            ),
            "{message}"
        );
    }
}

/// An events table whose second row group is damaged: one error says
/// which rows could not be read, and the events of the other groups are
/// read.
#[test]
fn a_damaged_row_group_of_events_is_one_error_and_the_other_groups_are_read() {
    let dir = temp();
    let policy = policy();
    let leads = leads(&policy, 600);
    let events = events_batch(&leads);
    let total = events.num_rows();
    assert!(
        total > 2 * accord_arrow::BATCH_ROWS,
        "three row groups: {total} events"
    );
    let path = damaged_file(&dir, "events.parquet", events.clone(), 1);
    let (whole, whole_errors) = events_index(policy.decoder(), std::iter::once(Ok(events)));
    let (index, mut errors) = events_index(
        policy.decoder(),
        open_parquet(&path).expect("the footer is whole"),
    );
    // The data's own bad rows outside the damaged group, numbered as in
    // the whole table, come first; then the group's error.
    let error = errors.pop().expect("an error");
    let (inside, outside): (Vec<_>, Vec<_>) = whole_errors
        .into_iter()
        .partition(|e| (4097..=8192).contains(&e.record));
    assert_eq!(errors, outside);
    assert_eq!(error.record, 4097);
    assert!(
        error
            .message
            .starts_with("could not read the events in the rows 4097 to 8192 of the file's ")
            && error.message.contains(&format!(
                "of the file's {total}, its row group 2 of 3, which could not be read (the other \
             groups are read): part of the file is damaged"
            )),
        "{}",
        error.message
    );
    // Every good event but those of the damaged group is read (the third
    // group's too).
    assert_eq!(
        index.len() + accord_arrow::BATCH_ROWS,
        whole.len() + inside.len()
    );
}

/// An events column whose cells are structs has no text an event could
/// hold: it is left out with one error naming it (not read as empty
/// cells, which would lose its values silently); the rest is read.
#[test]
fn an_events_column_of_structs_is_left_out_with_an_error_naming_it() {
    let policy = policy();
    let leads = leads(&policy, 20);
    let events = events_batch(&leads);
    let inner: ArrayRef = Arc::new(arrow_array::StringArray::from(vec![
        Some("docs");
        events.num_rows()
    ]));
    let page = StructArray::from(vec![(
        Arc::new(Field::new("path", DataType::Utf8, true)),
        inner,
    )]);
    let bad = with_column(&events, "page", Arc::new(page));
    let (index, errors) = events_index(policy.decoder(), std::iter::once(Ok(bad)));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field.as_deref(), Some("page"));
    assert_eq!(
        errors[0].message,
        "the events file's column `page` holds groups of named fields (a struct column), which \
         is not an event's value: the column is left out (export it as text, a number, \
         true/false or a timestamp)"
    );
    assert!(!index.is_empty(), "the other columns are read");
}

/// Damage anywhere in a file's row groups (the footer whole) never stops
/// the reading or loses a row: for every one of many damaged copies, one
/// row per row of the file comes out, in order, each either a decision
/// or an error row. (Damage the file's checks do not see can change a
/// value; damage they see makes error rows.) The places are drawn by a
/// fixed sequence, so a failure repeats: copy 373 makes the Parquet
/// library panic (an index past a buffer's end), caught as a damaged
/// group (`guard.rs`). `ACCORD_DAMAGED_COPIES` sets how many copies.
#[test]
fn damage_anywhere_in_the_row_groups_gives_one_row_per_row() {
    let dir = temp();
    let policy = policy();
    let all = leads(&policy, 120);
    let path = dir.path().join("good.parquet");
    write_parquet(&path, &[batch(policy.schema(), &all, true)], 40);
    let good = std::fs::read(&path).expect("written");
    let reader = parquet::file::reader::SerializedFileReader::new(
        std::fs::File::open(&path).expect("written"),
    )
    .expect("readable");
    let metadata = parquet::file::reader::FileReader::metadata(&reader);
    // The row groups' bytes: from the first column chunk to the footer.
    let start = usize::try_from(metadata.row_group(0).column(0).data_page_offset()).expect("at");
    let footer = u32::from_le_bytes(good[good.len() - 8..good.len() - 4].try_into().expect("4"));
    let end = good.len() - 8 - usize::try_from(footer).expect("a length");
    assert!(start < end, "data before the footer");
    // xorshift: a fixed sequence of places and bytes.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let undamaged: Vec<String> = rows_of_file(&policy, &path)
        .iter()
        .map(Row::to_json_line)
        .collect();
    let copies = std::env::var("ACCORD_DAMAGED_COPIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400);
    let mut changed = 0;
    for copy in 0..copies {
        let mut bytes = good.clone();
        for _ in 0..1 + copy % 4 {
            let at = start + usize::try_from(next() % (end - start) as u64).expect("in range");
            bytes[at] ^= u8::try_from(next() % 255 + 1).expect("a byte");
        }
        let damaged = dir.path().join(format!("damaged-{copy}.parquet"));
        std::fs::write(&damaged, &bytes).expect("written");
        let rows = rows_of_file(&policy, &damaged);
        let records: Vec<usize> = rows.iter().map(|r| r.record).collect();
        assert_eq!(
            records,
            (1..=all.len()).collect::<Vec<_>>(),
            "copy {copy}: one row per row, in order"
        );
        let lines: Vec<String> = rows.iter().map(Row::to_json_line).collect();
        changed += usize::from(lines != undamaged);
    }
    assert!(
        changed > copies / 4,
        "the damage shows: {changed} of {copies}"
    );
}

/// A page header declaring more to skip than the file holds
/// (`data/leads-header-skips-past-the-end.parquet`, 7 KB, found by the
/// `read_parquet` fuzz target: the Parquet library skipped past the end of
/// the file some two billion times, for hours, before the reader refused
/// to go on past the end): it is damage like any other — one outcome per
/// row its footer counts, the unreadable rows error rows in words.
#[test]
fn a_page_header_that_skips_past_the_end_is_damage() {
    let policy = policy();
    let path = Path::new("tests/data/leads-header-skips-past-the-end.parquet");
    let counted = open_parquet(path).expect("the file opens").rows();
    let rows = rows_of_file(&policy, path);
    assert_eq!(rows.len(), counted, "one row per row of the file");
    assert_eq!(counted, 9);
    // Its three row groups are all damaged; the last, of one row, is the
    // one whose header skipped past the end.
    for row in &rows {
        assert_eq!(row.errors.len(), 1, "record {}", row.record);
        assert_eq!(row.errors[0].found, "a damaged part of the file");
        assert_in_words(
            row.errors[0]
                .message
                .split(" (detail: ")
                .next()
                .unwrap_or(""),
        );
    }
    let last = &rows[8].errors[0].message;
    assert!(
        last.contains("(detail: the file ends where its own structure says more follows)")
            && last.ends_with(
                "; it is the row 9 of the file's 9, its row group 3 of 3, which could not be \
                 read (the other groups are read)"
            ),
        "{last}"
    );
}
