//! Limits that hold (`accord_records::limits`): a record longer than the
//! record limit, a text value longer than the text limit and a lead with
//! more events than the events limit each give an error row naming the
//! record (and the field), and the next record is read normally. Most
//! cases use small limits ([`RecordDecoder::with_limits`]) to stay fast;
//! the record and text limits are also tried at their documented values.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_records::limits::{Limits, MAX_RECORD_BYTES, MAX_TEXT_BYTES};
use accord_records::{EventsIndex, InputFormat, LeadReader, RecordDecoder, RecordOutcome};
use common::{assert_one_per_record, one_error, schema, valid};
use std::io::BufReader;

const SMALL: Limits = Limits {
    record_bytes: 600,
    text_bytes: 40,
    events_per_lead: 3,
};

fn read_with(limits: Limits, text: &str, format: InputFormat) -> Vec<RecordOutcome> {
    read_events(limits, text, format, None)
}

fn read_events(
    limits: Limits,
    text: &str,
    format: InputFormat,
    events: Option<EventsIndex>,
) -> Vec<RecordOutcome> {
    let decoder = RecordDecoder::new(&schema()).with_limits(limits);
    LeadReader::new(
        decoder,
        BufReader::with_capacity(16, text.as_bytes()),
        format,
        events,
    )
    .collect()
}

fn lead_with(key: &str, value: serde_json::Value) -> String {
    let mut lead = valid();
    lead[key] = value;
    lead.to_string()
}

#[test]
fn an_ndjson_line_past_the_record_limit_is_one_error_row_and_reading_goes_on() {
    let long = lead_with("industry", "x".repeat(700).into());
    let text = format!("{}\n{long}\n{}\n", valid(), valid());
    let outcomes = read_with(SMALL, &text, InputFormat::Ndjson);
    assert_one_per_record(&outcomes, 3);
    assert!(outcomes[0].result.is_ok());
    let e = one_error(&outcomes[1].result);
    assert_eq!((e.record, e.line), (2, Some(2)));
    assert_eq!(
        e.message,
        format!(
            "not read: the record is {} bytes long; a record may take at most 600 bytes",
            accord_records::limits::describe_count(long.len() + 1)
        )
    );
    assert!(outcomes[2].result.is_ok(), "{:?}", outcomes[2].result);
    // Near miss: within the limit it is read (the text limit then speaks).
    let fits = lead_with("industry", "x".repeat(30).into());
    let outcomes = read_with(SMALL, &fits, InputFormat::Ndjson);
    assert!(outcomes[0].result.is_ok(), "{:?}", outcomes[0].result);
}

#[test]
fn a_json_array_element_past_the_record_limit_is_one_error_row() {
    let long = lead_with("industry", "x".repeat(700).into());
    let text = format!("[{},\n{long},\n{}]\n", valid(), valid());
    let outcomes = read_with(SMALL, &text, InputFormat::JsonArray);
    assert_one_per_record(&outcomes, 3);
    let e = one_error(&outcomes[1].result);
    assert_eq!(e.record, 2);
    assert!(e.message.starts_with("not read: the record is"), "{e:?}");
    assert!(outcomes[0].result.is_ok() && outcomes[2].result.is_ok());
}

#[test]
fn a_csv_row_past_the_record_limit_is_one_error_row() {
    let header = "lead_id,email,employees,phone_verified,title_level,routed_at,time_zone,industry";
    let row = |id: &str, industry: &str| {
        format!("{id},a@acme.com,120,yes,VP,2026-11-18T10:00:00Z,UTC,{industry}")
    };
    let text = format!(
        "{header}\n{}\n{}\n{}\n",
        row("A", "SaaS"),
        row("B", &"x".repeat(700)),
        row("C", "SaaS")
    );
    let outcomes = read_with(SMALL, &text, InputFormat::Csv);
    assert_one_per_record(&outcomes, 3);
    let e = one_error(&outcomes[1].result);
    assert_eq!((e.record, e.line), (2, Some(3)));
    assert!(e.message.starts_with("not read: the record is"), "{e:?}");
    assert!(outcomes[2].result.is_ok(), "{:?}", outcomes[2].result);
    // A row that never ends (an open quote) is cut off long before it
    // could fill memory: reading stops with an error row.
    let endless = format!("{header}\n{}\n\"{}", row("A", "SaaS"), "y".repeat(1 << 21));
    let outcomes = read_with(SMALL, &endless, InputFormat::Csv);
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    let e = one_error(&outcomes[1].result);
    assert!(e.message.contains("reading stopped here"), "{e:?}");
}

#[test]
fn a_text_value_past_the_text_limit_is_an_error_naming_the_field() {
    let long = "y".repeat(41);
    let text = format!(
        "{}\n{}\n",
        lead_with("industry", long.clone().into()),
        lead_with("tags", serde_json::json!(["ok", long.clone()]))
    );
    let outcomes = read_with(SMALL, &text, InputFormat::Ndjson);
    assert_one_per_record(&outcomes, 2);
    let e = one_error(&outcomes[0].result);
    assert_eq!(e.field.as_deref(), Some("industry"));
    assert_eq!(e.found, "text of 41 bytes");
    assert!(
        e.message.contains("a value may hold at most 40 bytes"),
        "{e:?}"
    );
    assert!(!e.message.contains(&long), "the value itself is not quoted");
    let e = one_error(&outcomes[1].result);
    assert_eq!(e.field.as_deref(), Some("tags[1]"));
    // An event field, in an events file.
    let events = format!(
        "lead_id,stream,kind,at,page\nL-1,activities,page_view,2026-11-18T10:00:00Z,{long}\n"
    );
    let (_, errors) = EventsIndex::read_csv(
        RecordDecoder::new(&schema()).with_limits(SMALL),
        events.as_bytes(),
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("at most 40 bytes"), "{errors:?}");
}

#[test]
fn the_documented_record_and_text_limits_hold() {
    // A 10 MB text value (past the 1 MiB text limit, within the 16 MiB
    // record limit): an error row naming the field.
    let ten_mb = lead_with("industry", "z".repeat(10_000_000).into());
    let outcomes = read_with(Limits::default(), &ten_mb, InputFormat::Ndjson);
    let e = one_error(&outcomes[0].result);
    assert_eq!(e.field.as_deref(), Some("industry"));
    assert_eq!(e.found, "text of 10,000,000 bytes");
    assert!(e.message.contains("at most 1 MiB"), "{e:?}");
    // Exactly at the text limit: read.
    let at_limit = lead_with("industry", "z".repeat(MAX_TEXT_BYTES).into());
    let outcomes = read_with(Limits::default(), &at_limit, InputFormat::Ndjson);
    assert!(outcomes[0].result.is_ok());
    // A line past the 16 MiB record limit: an error row, then the next.
    let huge = format!("{}\n{}\n", "w".repeat(MAX_RECORD_BYTES + 1), valid());
    let outcomes = read_with(Limits::default(), &huge, InputFormat::Ndjson);
    assert_one_per_record(&outcomes, 2);
    assert!(one_error(&outcomes[0].result)
        .message
        .contains("at most 16 MiB"));
    assert!(outcomes[1].result.is_ok());
}

#[test]
fn a_lead_with_more_events_than_the_limit_is_an_error_row() {
    let event = serde_json::json!({"kind": "page_view", "at": "2026-11-18T10:00:00Z"});
    let text = format!(
        "{}\n{}\n",
        lead_with("activities", serde_json::json!([event, event])),
        lead_with(
            "activities",
            serde_json::json!([event, event, event, event])
        )
    );
    let outcomes = read_with(SMALL, &text, InputFormat::Ndjson);
    assert_one_per_record(&outcomes, 2);
    assert!(outcomes[0].result.is_ok(), "{:?}", outcomes[0].result);
    let e = one_error(&outcomes[1].result);
    assert_eq!(e.record, 2);
    assert_eq!(e.found, "5 events");
    assert!(e.message.contains("a lead may have at most 3"), "{e:?}");
    // From an events file: events past the limit are counted, not kept,
    // and the lead is an error row; its neighbour is unaffected.
    let mut events = String::from("lead_id,stream,kind,at\n");
    for i in 0..10 {
        events.push_str(&format!(
            "L-1,activities,page_view,2026-11-18T10:0{i}:00Z\n"
        ));
    }
    events.push_str("L-2,attempts,phone,2026-11-18T10:00:00Z\n");
    let (index, errors) = EventsIndex::read_csv(
        RecordDecoder::new(&schema()).with_limits(SMALL),
        events.as_bytes(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(index.len(), 4, "3 kept for L-1, 1 for L-2");
    let mut l2 = valid();
    l2["lead_id"] = "L-2".into();
    let mut l1 = valid();
    l1["activities"] = serde_json::json!([]);
    l2["attempts"] = serde_json::json!([]);
    let text = format!("{l1}\n{l2}\n");
    let outcomes = read_events(SMALL, &text, InputFormat::Ndjson, Some(index));
    assert_one_per_record(&outcomes, 2);
    let e = one_error(&outcomes[0].result);
    assert_eq!((e.record, e.lead_id.as_deref()), (1, Some("L-1")));
    assert_eq!(e.found, "11 events", "its own attempt and 10 from the file");
    assert!(outcomes[1].result.is_ok(), "{:?}", outcomes[1].result);
}
