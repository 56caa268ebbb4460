//! The streaming readers on broken inputs: exactly one outcome per record,
//! in order, each error naming its record (and line, lead id, field).
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_records::{
    read_leads, validate, EventsIndex, FieldValue, InputFormat, Lead, RecordOutcome,
};
use common::{assert_one_per_record, fields_of, one_error, read, schema, valid, with_zone};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::path::Path;

fn lead(o: &RecordOutcome) -> &Lead {
    match &o.result {
        Ok(lead) => lead,
        Err(e) => panic!("record {} should be a lead: {e:#?}", o.record),
    }
}

fn slot(name: &str) -> usize {
    schema().slot(name).unwrap()
}

/// The mistakes mixed into the broken files, by `i % 9`, with the field
/// each one must be reported on (`None` = record-level).
fn mistake(i: usize, v: &mut serde_json::Value) -> Option<Option<&'static str>> {
    match i % 9 {
        0 => return None,
        1 => return Some(None), // malformed JSON, applied to the text
        2 => {
            v.as_object_mut().unwrap().remove("employees");
            return Some(Some("employees"));
        }
        3 => v["employees"] = json!("120"),
        4 => v["routed_at"] = json!("next tuesday"),
        5 => v["routed_at"] = json!("2026-11-18T10:00:00"),
        6 => v["time_zone"] = json!("Mars/Base_Alpha"),
        7 => {
            v["activities"][0]["kind"] = json!("tweet");
            return Some(Some("activities[0].kind"));
        }
        _ => {
            v["phone_verified"] = serde_json::Value::Null;
            return Some(Some("phone_verified"));
        }
    }
    Some(Some(match i % 9 {
        3 => "employees",
        4 | 5 => "routed_at",
        _ => "time_zone",
    }))
}

#[test]
fn broken_ndjson_yields_one_outcome_per_record() {
    let n = 63;
    let mut text = String::new();
    let mut expect = Vec::new(); // (line, mistake)
    let mut line = 0;
    for i in 1..=n {
        if i % 5 == 0 {
            text.push_str("   \n");
            line += 1;
        }
        let mut v = valid();
        v["lead_id"] = json!(format!("L-{i}"));
        let m = mistake(i, &mut v);
        let mut record = serde_json::to_string(&v).unwrap();
        if m == Some(None) {
            record.truncate(record.len() - 10);
        }
        text.push_str(&record);
        text.push_str(if i % 7 == 0 { "\r\n" } else { "\n" });
        line += 1;
        expect.push((line, m));
    }
    let outcomes = read(&schema(), &text, InputFormat::Ndjson, None);
    assert_one_per_record(&outcomes, n);
    for (o, (line, m)) in outcomes.iter().zip(&expect) {
        let id = format!("L-{}", o.record);
        assert_eq!(o.line, Some(*line), "record {}", o.record);
        match m {
            None => assert_eq!(*lead(o).id, *id),
            Some(field) => {
                let e = one_error(&o.result);
                assert_eq!(e.lead_id.as_deref(), Some(id.as_str()), "{e:?}");
                assert_eq!(e.line, Some(*line));
                assert_eq!(e.field.as_deref(), *field, "record {}: {e:?}", o.record);
                if field.is_none() {
                    assert!(e.message.starts_with("not valid JSON: "), "{}", e.message);
                }
            }
        }
    }
    let good = outcomes.iter().filter(|o| o.result.is_ok()).count();
    assert_eq!(good, 7);
    assert_eq!(
        validate(&schema(), text.as_bytes(), InputFormat::Ndjson, None).len(),
        n - 7
    );
}

#[test]
fn naive_timestamps_with_and_without_a_default_zone() {
    let mut v = valid();
    v["routed_at"] = json!("2026-10-24 09:30:00");
    v["activities"][0]["at"] = json!("2026-10-26T09:30:00");
    let text = serde_json::to_string(&v).unwrap();
    let errors = validate(&schema(), text.as_bytes(), InputFormat::Ndjson, None);
    assert_eq!(fields_of(&errors), vec!["routed_at", "activities[0].at"]);
    // Europe/London: BST (UTC+1) on 10-24, GMT after the EU DST end on 10-25.
    let outcomes = read(
        &with_zone("Europe/London"),
        &text,
        InputFormat::Ndjson,
        None,
    );
    let lead = lead(&outcomes[0]);
    assert_eq!(
        lead.values[slot("routed_at")].to_string(),
        "2026-10-24T08:30:00Z"
    );
    assert_eq!(
        lead.streams[0][0].at.to_rfc3339(),
        "2026-10-26T09:30:00+00:00"
    );
}

const CSV_HEADER: &str = "lead_id,email,employees,discount,industry,phone_verified,title_level,signup_date,routed_at,disposition_at,time_zone,tags,scores,crm_extra\n";

fn csv_row(id: &str, tweak: impl Fn(&mut Vec<String>)) -> String {
    let mut cells: Vec<String> = [
        id,
        "jane@acme.com",
        "120",
        "12%",
        "SaaS",
        "yes",
        "VP",
        "2026-10-01",
        "2026-11-18T10:00:00-06:00",
        "",
        "America/Chicago",
        "a; b",
        "1;2.5",
        "x",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    tweak(&mut cells);
    cells.join(",") + "\n"
}

#[test]
fn csv_rows_with_mistakes() {
    let mut text = String::from(CSV_HEADER);
    text += &csv_row("C-1", |_| {});
    text += &csv_row("C-2", |c| {
        c.pop();
    });
    text += &csv_row("C-3", |c| c[5] = "maybe".into());
    text += &csv_row("C-4", |c| c[2] = String::new());
    text += &csv_row("C-5", |c| {
        c[5] = "No".into();
        c[3] = "7".into();
        c[4] = String::new();
        c[11] = String::new();
    });
    text += &csv_row("C-6", |c| c.push("extra".into()));
    text += &csv_row("C-7", |c| c[4] = "\"Software, Inc\nEU\"".into());
    text += &csv_row("C-8", |c| c[8] = "2026-11-18 10:00".into());
    text += &csv_row("C-9", |c| c[12] = "1;x".into());
    text += &csv_row("C-10", |c| c[5] = "TRUE".into());
    let outcomes = read(&schema(), &text, InputFormat::Csv, None);
    assert_one_per_record(&outcomes, 10);
    let lines: Vec<Option<usize>> = outcomes.iter().map(|o| o.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8, 10, 11, 12].map(Some).to_vec());

    let first = lead(&outcomes[0]);
    assert_eq!(
        first.values[slot("phone_verified")],
        FieldValue::YesNo(true)
    );
    assert_eq!(first.values[slot("discount")], FieldValue::Number(12.0));
    assert_eq!(first.values[slot("tags")].to_string(), "[\"a\", \"b\"]");
    assert_eq!(first.values[slot("scores")].to_string(), "[1, 2.5]");
    assert_eq!(first.values[slot("disposition_at")], FieldValue::Missing);

    let e = one_error(&outcomes[1].result);
    assert_eq!(
        (e.field.as_deref(), e.lead_id.as_deref()),
        (None, Some("C-2"))
    );
    assert_eq!(e.message, "CSV line 3 has 13 columns but the header has 14");
    let e = one_error(&outcomes[2].result);
    assert_eq!(e.field.as_deref(), Some("phone_verified"));
    assert_eq!(e.found, "\"maybe\"");
    let e = one_error(&outcomes[3].result);
    assert_eq!(
        (e.field.as_deref(), e.message.as_str()),
        (Some("employees"), "employees is required but missing")
    );
    let fifth = lead(&outcomes[4]);
    assert_eq!(
        fifth.values[slot("phone_verified")],
        FieldValue::YesNo(false)
    );
    assert_eq!(fifth.values[slot("discount")], FieldValue::Number(7.0));
    assert_eq!(fifth.values[slot("industry")], FieldValue::Missing);
    assert_eq!(fifth.values[slot("tags")], FieldValue::Missing);
    assert_eq!(
        one_error(&outcomes[5].result).message,
        "CSV line 7 has 15 columns but the header has 14"
    );
    assert_eq!(
        lead(&outcomes[6]).values[slot("industry")].as_text(),
        Some("Software, Inc\nEU")
    );
    assert_eq!(
        one_error(&outcomes[7].result).field.as_deref(),
        Some("routed_at")
    );
    assert_eq!(
        one_error(&outcomes[8].result).field.as_deref(),
        Some("scores[1]")
    );
    assert!(outcomes[9].result.is_ok());
}

#[test]
fn csv_without_a_required_column_reports_it_on_every_row() {
    let text = "lead_id,email\nA,a@b.co\nB,b@b.co\n";
    let outcomes = read(&schema(), text, InputFormat::Csv, None);
    assert_one_per_record(&outcomes, 2);
    let errors = outcomes[1].result.as_ref().unwrap_err();
    assert_eq!(
        fields_of(errors),
        vec![
            "employees",
            "phone_verified",
            "title_level",
            "routed_at",
            "time_zone"
        ]
    );
    assert!(errors.iter().all(|e| e.lead_id.as_deref() == Some("B")));
}

fn array_of(elements: &[String]) -> String {
    format!("[\n  {}\n]\n", elements.join(",\n  "))
}

fn element(id: &str) -> String {
    let mut v = valid();
    v["lead_id"] = json!(id);
    serde_json::to_string_pretty(&v)
        .unwrap()
        .replace('\n', "\n  ")
}

#[test]
fn json_array_with_a_broken_element_in_the_middle() {
    let mut elements: Vec<String> = (1..=7).map(|i| element(&format!("A-{i}"))).collect();
    elements[3] = elements[3].replacen("\"employees\": 120,", "\"employees\": 120,,", 1);
    elements[5] = elements[5].replacen("120", "\"120\"", 1);
    let text = array_of(&elements);
    let outcomes = read(&schema(), &text, InputFormat::JsonArray, None);
    assert_one_per_record(&outcomes, 7);
    for (i, o) in outcomes.iter().enumerate() {
        match i {
            3 => {
                let e = one_error(&o.result);
                assert!(e.message.starts_with("not valid JSON"), "{}", e.message);
                assert_eq!(e.lead_id.as_deref(), Some("A-4"));
            }
            5 => assert_eq!(one_error(&o.result).field.as_deref(), Some("employees")),
            _ => assert_eq!(*lead(o).id, *format!("A-{}", i + 1)),
        }
    }
    // Each element's line is where it starts.
    let first_lines: Vec<usize> = outcomes.iter().map(|o| o.line.unwrap()).collect();
    assert_eq!(first_lines[0], 2);
    let per = first_lines[1] - first_lines[0];
    assert!(first_lines.windows(2).all(|w| w[1] - w[0] == per));
}

#[test]
fn json_array_broken_beyond_recovery_is_one_error_for_the_rest() {
    let mut elements: Vec<String> = (1..=5).map(|i| element(&format!("B-{i}"))).collect();
    elements[2] = elements[2].replacen("\"VP\"", "\"VP", 1); // unterminated string (after lead_id)
    let outcomes = read(
        &schema(),
        &array_of(&elements),
        InputFormat::JsonArray,
        None,
    );
    assert_one_per_record(&outcomes, 3);
    assert!(outcomes[0].result.is_ok() && outcomes[1].result.is_ok());
    let e = one_error(&outcomes[2].result);
    assert!(e.message.contains("beyond recovery"), "{}", e.message);
    assert_eq!(e.lead_id.as_deref(), Some("B-3"));
    assert_eq!(outcomes[2].line, Some(outcomes[1].line.unwrap() * 2 - 2));

    // Truncated file: the last element is incomplete.
    let text = array_of(&elements[..2]);
    let truncated = &text[..text.len() - 40];
    let outcomes = read(&schema(), truncated, InputFormat::JsonArray, None);
    assert_one_per_record(&outcomes, 2);
    assert!(one_error(&outcomes[1].result)
        .message
        .contains("the input ends inside"));

    // Not an array at all; text after the `]`; empty input.
    let outcomes = read(
        &schema(),
        "{\"lead_id\": \"X\"}",
        InputFormat::JsonArray,
        None,
    );
    assert_one_per_record(&outcomes, 1);
    let outcomes = read(
        &schema(),
        &(array_of(&elements[..1]) + "garbage"),
        InputFormat::JsonArray,
        None,
    );
    assert_one_per_record(&outcomes, 2);
    assert!(one_error(&outcomes[1].result)
        .message
        .contains("after the closing `]`"));
    assert!(read(&schema(), " \n ", InputFormat::JsonArray, None).is_empty());
    assert!(read(&schema(), "[]", InputFormat::JsonArray, None).is_empty());
}

const EVENTS: &str = "\
lead_id,stream,channel,at,page,outcome,minutes
L-1,activities,demo_request,2026-11-16T10:00:00Z,,,
L-2,attempts,phone,2026-11-18T18:00:00Z,,voicemail,2
L-2,attempt,email,2026-11-18T17:00:00Z,,,
L-9,activities,website_visit,2026-11-18T17:00:00Z,/pricing,,
L-2,activities,tweet,2026-11-18T17:00:00Z,,,
L-3,meetings,phone,2026-11-18T17:00:00Z,,,
L-3,attempts,phone,yesterday,,,
L-3,attempts,phone,2026-11-18T17:00:00Z,,,x
L-3,attempts,phone
,attempts,phone,2026-11-18T17:00:00Z,,,
L-9,activity,page_view,2026-11-18T18:00:00Z,/docs,,
";

#[test]
fn events_csv_errors_name_the_events_file_line() {
    let (index, errors) = EventsIndex::from_csv(&schema(), EVENTS.as_bytes());
    assert_eq!(index.len(), 5);
    // Every bad row is the events file's own error: its row, line, lead id
    // (when it has one) and field.
    type Row<'a> = (usize, Option<usize>, Option<&'a str>, Option<&'a str>);
    let got: Vec<Row> = errors
        .iter()
        .map(|e| (e.record, e.line, e.lead_id.as_deref(), e.field.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (5, Some(6), Some("L-2"), Some("kind")),
            (6, Some(7), Some("L-3"), Some("stream")),
            (7, Some(8), Some("L-3"), Some("at")),
            (8, Some(9), Some("L-3"), Some("minutes")),
            (9, Some(10), Some("L-3"), None),
            (10, Some(11), None, Some("lead_id")),
        ]
    );
    assert!(errors[0]
        .message
        .starts_with("kind should be one of \"website_visit\""));
    assert!(errors[1].expected.contains("\"attempts\""));
    // A header without the needed columns.
    let (index, errors) = EventsIndex::from_csv(&schema(), "lead,when\nL-1,now\n".as_bytes());
    assert!(index.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].record, 0);
}

#[test]
fn events_csv_join_into_ndjson_and_csv_leads() {
    let mut text = String::new();
    for id in ["L-1", "L-2", "L-3"] {
        let mut v = valid();
        v["lead_id"] = json!(id);
        // L-1 keeps its embedded attempts; its activities come from the
        // events file.
        v.as_object_mut().unwrap().remove("activities");
        if id != "L-1" {
            v.as_object_mut().unwrap().remove("attempts");
        }
        text += &(serde_json::to_string(&v).unwrap() + "\n");
    }
    let (index, _) = EventsIndex::from_csv(&schema(), EVENTS.as_bytes());
    let unmatched = index.unmatched_handle();
    assert_eq!(unmatched.get(), None, "not known before the leads are read");
    let outcomes = read(&schema(), &text, InputFormat::Ndjson, Some(index));
    // Three leads, three rows: L-9's events are not a row.
    assert_one_per_record(&outcomes, 3);
    let l1 = lead(&outcomes[0]);
    let kinds: Vec<usize> = l1.streams[0].iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![2], "the events file's demo_request");
    assert_eq!(l1.streams[1].len(), 1, "the embedded attempt");
    // L-2 has one bad events row (an unknown kind): the row is the events
    // file's error; L-2's own row says it was not evaluated, and why.
    let l2 = one_error(&outcomes[1].result);
    assert_eq!(
        (
            l2.record,
            l2.line,
            l2.lead_id.as_deref(),
            l2.field.as_deref()
        ),
        (2, Some(2), Some("L-2"), None)
    );
    assert!(l2.is_events_consequence());
    assert_eq!(
        l2.message,
        "not evaluated: its row in the events file is bad (events file line 6; see the events-file errors)"
    );
    // L-3 has four bad rows.
    let l3 = one_error(&outcomes[2].result);
    assert!(l3.message.contains("4 of its rows"), "{l3:?}");
    assert!(l3.message.contains("lines 7, 8, 9, 10"), "{l3:?}");
    // The events of L-9, which is not a lead here, after the last lead.
    let orphans = unmatched.get().unwrap();
    let orphan = &orphans[..];
    assert_eq!(orphan.len(), 1, "{orphan:#?}");
    assert_eq!(
        (
            orphan[0].record,
            orphan[0].line,
            orphan[0].lead_id.as_deref()
        ),
        (4, Some(5), Some("L-9"))
    );
    assert_eq!(orphan[0].field.as_deref(), Some("lead_id"));
    assert_eq!(
        orphan[0].message,
        "2 events for lead \"L-9\", which is not in the leads input"
    );

    // The same join from a leads CSV; a bad lead row still claims its events.
    let (index, _) = EventsIndex::from_csv(&schema(), EVENTS.as_bytes());
    let unmatched = index.unmatched_handle();
    let mut csv = String::from(CSV_HEADER);
    csv += &csv_row("L-1", |_| {});
    csv += &csv_row("L-9", |c| c[2] = "many".into());
    let outcomes = read(&schema(), &csv, InputFormat::Csv, Some(index));
    assert_one_per_record(&outcomes, 2);
    assert_eq!(lead(&outcomes[0]).streams[0].len(), 1);
    assert_eq!(
        one_error(&outcomes[1].result).field.as_deref(),
        Some("employees")
    );
    // L-2's events are unclaimed (L-3 only had bad rows: errors already).
    let ids: Vec<Option<String>> = unmatched
        .get()
        .unwrap()
        .into_iter()
        .map(|e| e.lead_id)
        .collect();
    assert_eq!(ids, vec![Some("L-2".to_string())]);
}

#[test]
fn format_detection() {
    assert_eq!(
        InputFormat::from_extension(Path::new("a/leads.CSV")),
        Some(InputFormat::Csv)
    );
    assert_eq!(
        InputFormat::from_extension(Path::new("leads.jsonl")),
        Some(InputFormat::Ndjson)
    );
    assert_eq!(InputFormat::from_extension(Path::new("leads.json")), None);
    assert_eq!(
        InputFormat::sniff(b"\xEF\xBB\xBF \n [{"),
        Some(InputFormat::JsonArray)
    );
    assert_eq!(InputFormat::sniff(b"{\"a\":1}"), Some(InputFormat::Ndjson));
    assert_eq!(InputFormat::sniff(b"lead_id,email"), Some(InputFormat::Csv));
    assert_eq!(InputFormat::sniff(b"  "), None);
    let mut reader = BufReader::new("\n[ {} ]".as_bytes());
    assert_eq!(
        InputFormat::detect(Some(Path::new("x.json")), &mut reader),
        InputFormat::JsonArray
    );
    assert_eq!(
        reader.fill_buf().unwrap().len(),
        7,
        "detection consumes nothing"
    );
    assert_eq!(
        InputFormat::detect(Some(Path::new("x.csv")), &mut reader),
        InputFormat::Csv
    );
}

#[test]
fn an_ndjson_name_over_a_json_array_reads_the_array() {
    let lead = serde_json::to_string(&valid()).unwrap();
    // An export named `.jsonl` that is one array over many lines.
    let text = format!("[{lead},\n{lead}\n]\n");
    let mut reader = BufReader::new(text.as_bytes());
    let format = InputFormat::detect(Some(Path::new("leads.jsonl")), &mut reader);
    assert_eq!(format, InputFormat::JsonArray);
    let outcomes: Vec<RecordOutcome> = read_leads(&schema(), reader, format, None).collect();
    assert_eq!(outcomes.len(), 2);
    assert!(outcomes.iter().all(|o| o.result.is_ok()));
    // The same array on one line is the array too.
    let one_line = format!("[{lead},{lead}]\n");
    let mut reader = BufReader::new(one_line.as_bytes());
    assert_eq!(
        InputFormat::detect(Some(Path::new("leads.ndjson")), &mut reader),
        InputFormat::JsonArray
    );
    // NDJSON whose first record is a list stays NDJSON: the lines after
    // it are records of their own.
    let list_first = format!("[{lead}]\n{lead}\n");
    let mut reader = BufReader::new(list_first.as_bytes());
    assert_eq!(
        InputFormat::detect(Some(Path::new("leads.ndjson")), &mut reader),
        InputFormat::Ndjson
    );
}

#[test]
fn the_reader_is_lazy_and_send() {
    fn is_send<T: Send>(_: &T) {}
    let line = serde_json::to_string(&valid()).unwrap() + "\n";
    // An endless input: taking 3 records must not try to read it all.
    let source = BufReader::new(Cycle {
        line: line.into_bytes(),
        pos: 0,
    });
    let mut reader = read_leads(&schema(), source, InputFormat::Ndjson, None);
    is_send(&reader);
    let got: Vec<RecordOutcome> = reader.by_ref().take(3).collect();
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|o| o.result.is_ok()));
    assert_eq!(reader.records(), 3);
}

use std::io::Read;

/// An input that repeats one line forever.
struct Cycle {
    line: Vec<u8>,
    pos: usize,
}

impl Read for Cycle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            buf[n] = self.line[self.pos % self.line.len()];
            self.pos += 1;
            n += 1;
        }
        Ok(n)
    }
}
