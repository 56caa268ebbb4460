//! A hand-built schema for the reader tests (no parser involved), covering
//! every field type, plus small helpers.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use accord_records::{
    read_leads, EventsIndex, FieldSpec, FieldType, InputFormat, InputNotes, Lead, LeadReader,
    RecordDecoder, RecordError, RecordOutcome, Schema, StreamSpec,
};
use accord_syntax::Span;
use std::io::BufReader;

/// Every outcome of reading `text`, through a tiny buffer so records
/// straddle buffer boundaries.
pub fn read(
    schema: &Schema,
    text: &str,
    format: InputFormat,
    events: Option<EventsIndex>,
) -> Vec<RecordOutcome> {
    read_leads(
        schema,
        BufReader::with_capacity(16, text.as_bytes()),
        format,
        events,
    )
    .collect()
}

fn field(name: &str, ty: FieldType, optional: bool) -> FieldSpec {
    FieldSpec {
        name: name.into(),
        ty,
        optional,
        written: None,
        span: Span::default(),
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// lead_id, email, employees, discount (%), industry?, phone_verified,
/// title_level, signup_date?, routed_at, disposition_at?, time_zone,
/// tags? (list of text), scores? (list of numbers), activities, attempts.
pub fn schema() -> Schema {
    let fields = vec![
        field("lead_id", FieldType::Text, false),
        field("email", FieldType::Email, false),
        field("employees", FieldType::Number, false),
        field("discount", FieldType::Percentage, true),
        field("industry", FieldType::Text, true),
        field("phone_verified", FieldType::YesNo, false),
        field(
            "title_level",
            FieldType::OneOf(strings(&["VP", "Director", "Manager"])),
            false,
        ),
        field("signup_date", FieldType::Date, true),
        field("routed_at", FieldType::Timestamp, false),
        field("disposition_at", FieldType::Timestamp, true),
        field("time_zone", FieldType::TimeZone, false),
        field("tags", FieldType::ListOf(Box::new(FieldType::Text)), true),
        field(
            "scores",
            FieldType::ListOf(Box::new(FieldType::Number)),
            true,
        ),
        field("activities", FieldType::Events(0), false),
        field("attempts", FieldType::Events(1), false),
    ];
    let streams = vec![
        StreamSpec {
            name: "activities".into(),
            kind_field: "kind".into(),
            kinds: strings(&["website_visit", "page_view", "demo_request"]),
            fields: vec![field("page", FieldType::Text, true)],
            span: Span::default(),
        },
        StreamSpec {
            name: "attempts".into(),
            kind_field: "channel".into(),
            kinds: strings(&["phone", "email"]),
            fields: vec![
                field("outcome", FieldType::Text, true),
                field("minutes", FieldType::Number, true),
            ],
            span: Span::default(),
        },
    ];
    Schema {
        fields,
        streams,
        id_field: Some(0),
        default_zone: None,
    }
}

pub fn with_zone(zone: &str) -> Schema {
    let mut s = schema();
    s.default_zone = Some(zone.parse().unwrap());
    s
}

/// A valid record as a JSON object (edit it per test).
pub fn valid() -> serde_json::Value {
    serde_json::json!({
        "lead_id": "L-1",
        "email": "jane@acme.com",
        "employees": 120,
        "discount": "12%",
        "industry": "SaaS",
        "phone_verified": true,
        "title_level": "VP",
        "signup_date": "2026-10-01",
        "routed_at": "2026-11-18T10:00:00-06:00",
        "disposition_at": null,
        "time_zone": "America/Chicago",
        "tags": ["a", "b"],
        "scores": [1, 2.5],
        "activities": [
            {"kind": "page_view", "at": "2026-11-18T15:00:00Z", "page": "pricing"},
            {"kind": "website_visit", "at": "2026-11-17T15:00:00Z"}
        ],
        "attempts": [{"channel": "phone", "at": "2026-11-18T17:00:00Z", "outcome": "voicemail"}]
    })
}

/// The single error of a failed result (panics otherwise).
pub fn one_error(result: &Result<Lead, Vec<RecordError>>) -> &RecordError {
    match result {
        Err(errors) if errors.len() == 1 => &errors[0],
        other => panic!("expected exactly one error, got {other:#?}"),
    }
}

pub fn fields_of(errors: &[RecordError]) -> Vec<String> {
    errors
        .iter()
        .map(|e| e.field.clone().unwrap_or_default())
        .collect()
}

/// Reads a leads CSV with notes attached: its outcomes (one per row of
/// the `rows` asserted) and the notes (header errors, warnings).
pub fn read_csv_noted(text: &str, rows: usize) -> (Vec<RecordOutcome>, InputNotes) {
    let notes = InputNotes::new();
    let decoder = RecordDecoder::new(&schema()).with_notes(notes.clone());
    let outcomes: Vec<RecordOutcome> =
        LeadReader::new(decoder, text.as_bytes(), InputFormat::Csv, None).collect();
    assert_one_per_record(&outcomes, rows);
    (outcomes, notes)
}

/// The one header error of `notes`, which must be about the column of
/// `field` on line 1.
pub fn one_header_error(notes: &InputNotes, field: &str) -> RecordError {
    let errors = notes.header_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        (errors[0].line, errors[0].field.as_deref()),
        (Some(1), Some(field))
    );
    errors[0].clone()
}

/// Asserts records are numbered 1..=n with exactly one outcome each.
pub fn assert_one_per_record(outcomes: &[RecordOutcome], n: usize) {
    assert_eq!(outcomes.len(), n, "one outcome per record");
    for (i, o) in outcomes.iter().enumerate() {
        assert_eq!(o.record, i + 1);
        if let Err(errors) = &o.result {
            assert!(!errors.is_empty());
            for e in errors {
                assert_eq!(e.record, i + 1, "error names its record: {e:?}");
            }
        }
    }
}
