//! A lead field given twice in one record — two keys of a JSON object
//! (NDJSON, a JSON array), two columns of a CSV header — is an error row
//! for that field, showing both values, and the batch goes on: reading
//! either value would quietly lose the other. A repeated key that is not a
//! lead field is ignored like any unknown key, and a `serde_json::Value`
//! (which keeps one value per key before the decoder sees it) cannot show
//! the repeat at all.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_records::{FieldValue, InputFormat, Lead, RecordDecoder, RecordError};
use common::{assert_one_per_record, one_error, read, schema, valid};

/// The valid record's text with `more` (`"key": value, …`) added at its end.
fn with_keys(more: &str) -> String {
    let mut text = serde_json::to_string(&valid()).unwrap();
    text.pop(); // the closing brace
    format!("{text}, {more}}}")
}

fn decode(text: &str) -> Result<Lead, Vec<RecordError>> {
    RecordDecoder::new(&schema()).decode_json(text.as_bytes(), 4, Some(5))
}

/// Asserts `result` is a lead whose email is `email`.
fn assert_email(result: Result<Lead, Vec<RecordError>>, email: &str) {
    let slot = schema().fields.iter().position(|f| f.name == "email");
    let lead = result.unwrap();
    assert_eq!(
        slot.and_then(|s| lead.values.get(s)),
        Some(&FieldValue::Text(email.into()))
    );
}

#[test]
fn a_field_given_twice_is_an_error_showing_both_values() {
    let text = with_keys(r#""email": "b@y.com""#);
    let result = decode(&text);
    let e = one_error(&result);
    assert_eq!(
        (e.record, e.line, e.lead_id.as_deref(), e.field.as_deref()),
        (4, Some(5), Some("L-1"), Some("email"))
    );
    assert_eq!(
        e.message,
        r#"email is given twice in this record ("jane@acme.com", then "b@y.com"): keep one"#
    );
    assert_eq!(e.found, r#""jane@acme.com", then "b@y.com""#);
    assert_eq!(e.expected, "email given once");
    // The same record as a `Value`: serde_json kept the last value only,
    // so the repeat cannot be seen there (documented on `decode_value`).
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let lead = RecordDecoder::new(&schema()).decode_value(&value, 4, Some(5));
    assert_email(lead, "b@y.com");
}

/// The values as they were read (a bad one as its error found it); the
/// errors of each value are said by the one error for the field.
#[test]
fn bad_and_null_values_given_twice_are_one_error_for_the_field() {
    for (more, message) in [
        (
            r#""employees": "many""#,
            r#"employees is given twice in this record (120, then "many"): keep one"#,
        ),
        (
            r#""employees": "many", "employees": 7"#,
            "employees is given 3 times in this record: keep one",
        ),
        (
            r#""industry": null"#,
            r#"industry is given twice in this record ("SaaS", then null): keep one"#,
        ),
        (
            r#""disposition_at": "2026-11-18T10:00:00Z""#,
            "disposition_at is given twice in this record (null, then 2026-11-18T10:00:00Z): keep one",
        ),
        (
            r#""industry": "an industry written out at much greater length""#,
            "industry is given twice in this record: keep one",
        ),
        (
            r#""activities": []"#,
            "activities is given twice in this record: keep one",
        ),
    ] {
        let result = decode(&with_keys(more));
        let errors = result.as_ref().err().cloned().unwrap_or_default();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages, [message], "{more}");
    }
    // The id field given twice: the row names the lead by its last id.
    let result = decode(&with_keys(r#""lead_id": "L-2""#));
    let e = one_error(&result);
    assert_eq!(e.lead_id.as_deref(), Some("L-2"));
    assert_eq!(
        e.message,
        r#"lead_id is given twice in this record ("L-1", then "L-2"): keep one"#
    );
}

/// A key is its text with the escapes undone, so `em\u0061il` is `email`;
/// names are not folded (`Email` is an unknown key, ignored). An unknown
/// key given twice is ignored twice: neither value is read, so keeping
/// one would lose nothing the other held.
#[test]
fn spellings_of_a_field_and_repeated_unknown_keys() {
    let result = decode(&with_keys(r#""em\u0061il": "b@y.com""#));
    assert_eq!(one_error(&result).field.as_deref(), Some("email"));
    let lead = decode(&with_keys(
        r#""Email": "b@y.com", "notes": 1, "notes": "two""#,
    ));
    assert_email(lead, "jane@acme.com");
}

/// In a file, the record with the repeated field is one error row and the
/// records around it are read — NDJSON and a JSON array alike.
#[test]
fn the_batch_goes_on_past_a_record_with_a_field_given_twice() {
    let good = serde_json::to_string(&valid()).unwrap();
    let twice = with_keys(r#""employees": 5"#);
    let lines = [good.as_str(), twice.as_str(), good.as_str()];
    for (format, text) in [
        (InputFormat::Ndjson, lines.join("\n")),
        (InputFormat::JsonArray, format!("[{}]", lines.join(",\n"))),
    ] {
        let outcomes = read(&schema(), &text, format, None);
        assert_one_per_record(&outcomes, 3);
        assert!(outcomes[0].result.is_ok() && outcomes[2].result.is_ok());
        let e = one_error(&outcomes[1].result);
        assert_eq!((e.record, e.line), (2, Some(2)), "{format:?}");
        assert_eq!(
            e.message,
            "employees is given twice in this record (120, then 5): keep one"
        );
    }
}

/// A CSV header naming a field twice: one error for the file, and every
/// row an error for the field showing its two cells (before, the first
/// column was read and the second dropped with a warning).
#[test]
fn a_csv_column_given_twice_is_an_error_for_every_row() {
    let header = "lead_id,email,employees,phone_verified,title_level,routed_at,time_zone,email";
    let row = "A,a@x.com,120,yes,VP,2026-11-18T10:00:00Z,UTC,b@y.com";
    let text = format!("{header}\n{row}\n{}\n", row.replacen("b@y.com", "", 1));
    let (outcomes, notes) = common::read_csv_noted(&text, 2);
    let messages: Vec<&str> = outcomes
        .iter()
        .map(|o| one_error(&o.result).message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            r#"email is given twice in this record ("a@x.com", then "b@y.com"): keep one"#,
            r#"email is given twice in this record ("a@x.com", then an empty cell): keep one"#,
        ]
    );
    assert_eq!(
        common::one_header_error(&notes, "email").message,
        "the CSV header has the column `email` twice (columns 2 and 8): each row gives email \
         twice, so every row is an error; keep one column"
    );
    assert!(notes.warnings().is_empty(), "{:#?}", notes.warnings());
}
