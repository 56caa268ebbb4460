//! The Olist-shaped data (`examples/olist/`): the committed files are what
//! `generate_olist --count 400 --seed 2018` writes, and they read cleanly
//! under `examples/olist/olist.accord` (day-first dates through the
//! schema's `written "DD-MM-YYYY"`, empty origins as missing). A value that
//! does not match the declared format is an error row naming its record and
//! field, in CSV and in JSON, and the records after it are still read.
#![allow(clippy::unwrap_used, clippy::panic)]

#[path = "../examples/generate_olist.rs"]
#[allow(dead_code)]
mod generate_olist;

use accord_records::{read_leads, FieldValue, InputFormat, RecordOutcome, Schema};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The schema of `examples/olist/olist.accord`.
fn schema() -> Schema {
    let text = std::fs::read_to_string(root().join("examples/olist/olist.accord")).unwrap();
    let (policy, diagnostics) = accord_syntax::parse(accord_syntax::FileId(0), &text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let blocks = policy.items.iter().filter_map(|i| match i {
        accord_syntax::ast::Item::Fields(f) => Some(f),
        _ => None,
    });
    Schema::from_blocks(blocks)
}

fn read(schema: &Schema, text: &str, format: InputFormat) -> Vec<RecordOutcome> {
    read_leads(schema, text.as_bytes(), format, None).collect()
}

#[test]
fn the_committed_files_are_what_the_generator_writes() {
    let dir = tempfile::Builder::new()
        .prefix("accord-olist-")
        .tempdir()
        .unwrap();
    let out = dir.path();
    let summary = generate_olist::generate(&generate_olist::Options {
        count: 400,
        seed: 2018,
        out: out.to_path_buf(),
    })
    .unwrap();
    assert_eq!(summary.leads, 400);
    for file in ["mql.csv", "closed_deals.csv"] {
        let made = std::fs::read(out.join(file)).unwrap();
        let committed = std::fs::read(root().join("examples/olist").join(file)).unwrap();
        assert!(
            made == committed,
            "examples/olist/{file} is not what `generate_olist --count 400 --seed 2018` writes: regenerate it"
        );
    }
    let deals = std::fs::read_to_string(out.join("closed_deals.csv")).unwrap();
    assert_eq!(deals.lines().count() - 1, summary.won);
}

#[test]
fn the_bundled_export_reads_cleanly_as_it_is() {
    let schema = schema();
    let text = std::fs::read_to_string(root().join("examples/olist/mql.csv")).unwrap();
    let rows = read(&schema, &text, InputFormat::Csv);
    assert_eq!(rows.len(), 400);
    let leads: Vec<_> = rows.iter().filter_map(|r| r.result.as_ref().ok()).collect();
    assert_eq!(leads.len(), 400, "every row reads");
    let date = schema.slot("first_contact_date").unwrap();
    let origin = schema.slot("origin").unwrap();
    // The first row, as written: 09-05-2018, social.
    assert_eq!(
        leads[0].values[date],
        FieldValue::Date(NaiveDate::from_ymd_opt(2018, 5, 9).unwrap())
    );
    assert_eq!(leads[0].values[origin].as_text(), Some("social"));
    // Empty origins are missing, not an error and not "".
    let empty = text.lines().filter(|l| l.ends_with(',')).count();
    assert!(empty > 0);
    let missing = leads
        .iter()
        .filter(|l| l.values[origin].is_missing())
        .count();
    assert_eq!(missing, empty);
}

#[test]
fn a_date_not_in_the_declared_format_is_an_error_row_and_the_batch_goes_on() {
    let schema = schema();
    let csv = "mql_id,first_contact_date,landing_page_id,origin\n\
               a1,01-02-2018,p1,social\n\
               a2,2018-02-01,p1,paid_search\n\
               a3,31-02-2018,p1,\n\
               a4,15-02-2018,p2,organic_search\n";
    let rows = read(&schema, csv, InputFormat::Csv);
    assert_eq!(rows.len(), 4, "one row per record");
    assert!(rows[0].result.is_ok() && rows[3].result.is_ok());
    for (row, found, why) in [
        (&rows[1], "\"2018-02-01\"", "year first"),
        (&rows[2], "\"31-02-2018\"", "no such date"),
    ] {
        let errors = row.result.as_ref().unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!(e.field.as_deref(), Some("first_contact_date"));
        assert_eq!(e.record, row.record);
        assert_eq!(e.lead_id.as_deref(), Some(["a2", "a3"][row.record - 2]));
        assert_eq!(e.expected, "a date written \"DD-MM-YYYY\"");
        assert_eq!(e.found, found);
        assert!(e.message.contains(why), "{}", e.message);
    }
    // JSON is held to the same format.
    let ndjson = "{\"mql_id\":\"j1\",\"first_contact_date\":\"2018-02-01\",\"landing_page_id\":\"p\",\"origin\":null}\n\
                  {\"mql_id\":\"j2\",\"first_contact_date\":\"01-02-2018\",\"landing_page_id\":\"p\"}\n";
    let rows = read(&schema, ndjson, InputFormat::Ndjson);
    assert_eq!(rows.len(), 2);
    let e = &rows[0].result.as_ref().unwrap_err()[0];
    assert_eq!(
        (e.record, e.field.as_deref()),
        (1, Some("first_contact_date"))
    );
    assert!(rows[1].result.is_ok());
}
