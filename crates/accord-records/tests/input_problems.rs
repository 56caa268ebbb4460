//! Problems with an input as a whole, beside each record's own mistakes:
//! line ends and byte-order marks, events given twice or for unknown leads,
//! JSON documents that are not a list of leads, and header, unknown-name
//! and duplicate-id notices.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_records::{read_leads, EventsIndex, InputFormat, RecordOutcome, Schema};
use common::{assert_one_per_record, one_error, schema, valid};
use std::io::BufReader;

fn read(
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

const CSV_HEADER: &str = "lead_id,email,employees,phone_verified,title_level,routed_at,time_zone";

fn csv_line(id: &str) -> String {
    format!("{id},a@acme.com,120,yes,VP,2026-11-18T10:00:00Z,UTC")
}

/// The same CSV with `\n` and with `\r\n`: the same line numbers, for
/// leads and for events.
#[test]
fn crlf_csv_reports_the_same_lines_as_lf() {
    let lf = [
        CSV_HEADER.to_string(),
        csv_line("A"),
        csv_line("B") + ",extra",
        String::new(),
        csv_line("C"),
        String::new(),
    ]
    .join("\n");
    for text in [lf.clone(), lf.replace('\n', "\r\n")] {
        let outcomes = read(&schema(), &text, InputFormat::Csv, None);
        assert_one_per_record(&outcomes, 3);
        let lines: Vec<Option<usize>> = outcomes.iter().map(|o| o.line).collect();
        assert_eq!(lines, vec![Some(2), Some(3), Some(5)], "{text:?}");
        let e = one_error(&outcomes[1].result);
        assert_eq!(e.message, "CSV line 3 has 8 columns but the header has 7");
    }

    let events = "lead_id,stream,kind,at\nA,activities,page_view,2026-11-18T10:00:00Z\n\n,activities,page_view,2026-11-18T10:00:00Z\n";
    for text in [events.to_string(), events.replace('\n', "\r\n")] {
        let (_, errors) = EventsIndex::from_csv(&schema(), text.as_bytes());
        let lines: Vec<Option<usize>> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![Some(4)], "{text:?}: {errors:#?}");
    }
}

/// A UTF-8 byte-order mark before the first NDJSON record is not part of
/// it, whichever way the record is decoded.
#[test]
fn a_byte_order_mark_does_not_break_record_one() {
    let line = serde_json::to_string(&valid()).unwrap();
    let text = format!("\u{feff}{line}\n{line}\n");
    let outcomes = read(&schema(), &text, InputFormat::Ndjson, None);
    assert_one_per_record(&outcomes, 2);
    assert!(outcomes.iter().all(|o| o.result.is_ok()), "{outcomes:#?}");
    let decoder = accord_records::RecordDecoder::new(&schema());
    let with_bom = format!("\u{feff}{line}\r\n");
    assert!(decoder.decode_json(with_bom.as_bytes(), 1, Some(1)).is_ok());
}
