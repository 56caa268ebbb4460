//! Problems with an input as a whole, beside each record's own mistakes:
//! line ends and byte-order marks, events given twice or for unknown leads,
//! JSON documents that are not a list of leads, and header, unknown-name
//! and duplicate-id notices.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_records::{EventsIndex, InputFormat, RecordOutcome};
use common::{assert_one_per_record, one_error, read, schema, valid};
use std::io::BufReader;

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

/// A lead that embeds activities while the events file also has
/// activities for it would count them twice: its row is an error naming
/// the stream. A stream given in one place only is merged as before.
#[test]
fn events_given_both_embedded_and_in_the_events_file_are_an_error() {
    let events = "lead_id,stream,kind,at\n\
                  L-1,activities,demo_request,2026-11-16T10:00:00Z\n\
                  L-2,attempts,phone,2026-11-18T17:00:00Z\n";
    let mut text = String::new();
    for id in ["L-1", "L-2"] {
        let mut v = valid();
        v["lead_id"] = serde_json::json!(id);
        if id == "L-2" {
            v.as_object_mut().unwrap().remove("attempts");
        }
        text += &(serde_json::to_string(&v).unwrap() + "\n");
    }
    let (index, errors) = EventsIndex::from_csv(&schema(), events.as_bytes());
    assert!(errors.is_empty());
    let outcomes = read(&schema(), &text, InputFormat::Ndjson, Some(index));
    assert_one_per_record(&outcomes, 2);
    let e = one_error(&outcomes[0].result);
    assert_eq!(
        (e.record, e.line, e.lead_id.as_deref(), e.field.as_deref()),
        (1, Some(1), Some("L-1"), Some("activities"))
    );
    assert_eq!(e.found, "2 in the lead record and 1 in the events file");
    assert!(
        e.message.starts_with(
            "activities given both in the lead record and in the events file (from events file line 2)"
        ),
        "{}",
        e.message
    );
    // L-2: activities embedded, attempts from the events file only.
    let Ok(l2) = &outcomes[1].result else {
        panic!("{:?}", outcomes[1])
    };
    assert_eq!((l2.streams[0].len(), l2.streams[1].len()), (2, 1));
}

/// The format of a `.json` file (or an input without an extension) from
/// its start, as the CLI detects it.
fn detect(text: &str) -> InputFormat {
    let mut reader = BufReader::new(text.as_bytes());
    InputFormat::detect(Some(std::path::Path::new("leads.json")), &mut reader)
}

/// A `.json` file holding one lead pretty-printed over many lines is one
/// record (several such objects are one record each), not an error per
/// line.
#[test]
fn a_pretty_printed_lead_is_one_record() {
    let pretty = serde_json::to_string_pretty(&valid()).unwrap();
    assert!(pretty.lines().count() > 20);
    assert_eq!(detect(&pretty), InputFormat::JsonObjects);
    let outcomes = read(&schema(), &pretty, InputFormat::JsonObjects, None);
    assert_one_per_record(&outcomes, 1);
    assert!(outcomes[0].result.is_ok(), "{outcomes:#?}");

    let mut second = valid();
    second["lead_id"] = serde_json::json!("L-2");
    second["employees"] = serde_json::json!("many");
    let two = format!(
        "\u{feff}{pretty}\n{}\n",
        serde_json::to_string_pretty(&second).unwrap()
    );
    assert_eq!(detect(&two), InputFormat::JsonObjects);
    let outcomes = read(&schema(), &two, InputFormat::JsonObjects, None);
    assert_one_per_record(&outcomes, 2);
    let e = one_error(&outcomes[1].result);
    assert_eq!(
        (e.line, e.lead_id.as_deref(), e.field.as_deref()),
        (
            Some(pretty.lines().count() + 1),
            Some("L-2"),
            Some("employees")
        )
    );

    // One lead per line is still NDJSON, a malformed first line too.
    let line = serde_json::to_string(&valid()).unwrap();
    assert_eq!(detect(&format!("{line}\n{line}\n")), InputFormat::Ndjson);
    assert_eq!(detect("{\"lead_id\": \"cut\n{}\n"), InputFormat::Ndjson);
    assert_eq!(detect("{\"lead_id\" 1}\n{}\n"), InputFormat::Ndjson);
    assert_eq!(detect("[\n{}\n]"), InputFormat::JsonArray);
}

/// `{"leads": [...]}` is one clear error, not a missing-field error for
/// every field of the schema — pretty-printed or on one line.
#[test]
fn a_wrapper_object_is_one_clear_error() {
    let doc = serde_json::json!({ "leads": [valid(), valid(), valid()], "exported": "today" });
    for text in [
        serde_json::to_string_pretty(&doc).unwrap(),
        serde_json::to_string(&doc).unwrap(),
    ] {
        let format = detect(&text);
        let outcomes = read(&schema(), &text, format, None);
        assert_one_per_record(&outcomes, 1);
        let e = one_error(&outcomes[0].result);
        assert_eq!(e.field, None);
        assert_eq!(e.found, "an object with key `leads` (an array of 3 items)");
        assert!(
            e.message.starts_with(
                "expected a JSON array of leads or NDJSON, found an object with key `leads`"
            ),
            "{}",
            e.message
        );
    }
    // An object with some lead fields is a lead with mistakes, as before.
    let text = r#"{"lead_id": "L-1", "history": [1, 2]}"#;
    let outcomes = read(&schema(), text, InputFormat::Ndjson, None);
    assert!(one_error_or_more(&outcomes[0]) > 1);
}

fn one_error_or_more(o: &RecordOutcome) -> usize {
    o.result.as_ref().err().map_or(0, Vec::len)
}

/// A CSV header without a required column is one error up front (the rows
/// still get their error rows, saying why); ignored columns are warned
/// about once each, with the closest field.
#[test]
fn csv_header_problems_are_reported_once() {
    let header =
        "lead_id,emial,employees,phone_verified,title_level,routed_at,time_zone,activities";
    let row = "A,a@acme.com,120,yes,VP,2026-11-18T10:00:00Z,UTC,";
    let text = format!("{header}\n{row}\n{}\n", row.replacen('A', "B", 1));
    let (outcomes, notes) = common::read_csv_noted(&text, 2);
    for o in &outcomes {
        let e = one_error(&o.result);
        assert_eq!(e.field.as_deref(), Some("email"));
        assert_eq!(
            e.message,
            "email is required, but the CSV header has no `email` column"
        );
    }
    assert_eq!(
        common::one_header_error(&notes, "email").message,
        "the CSV header has no `email` column (is the column `emial` meant to be it?): `email` is required, so every row will be missing it"
    );
    let w = notes.warnings();
    assert_eq!(
        w.iter()
            .map(|w| (w.code, w.field.as_deref()))
            .collect::<Vec<_>>(),
        vec![
            ("unknown-column", Some("emial")),
            ("ignored-column", Some("activities")),
        ]
    );
    assert_eq!(
        w[0].message,
        "unknown column `emial` (did you mean `email`?): not a field of the schema, so it is ignored"
    );
    assert!(
        w[1].message.contains("events file (--events)"),
        "{}",
        w[1].message
    );
}

/// Unknown NDJSON keys and embedded event fields: one warning per distinct
/// name, naming the first record it appears in and the closest field, the
/// same whatever order the records were decoded in; duplicate ids once.
#[test]
fn unknown_keys_and_duplicate_ids_are_noted_once() {
    use accord_records::{InputNotes, RecordDecoder};
    let mut lines = Vec::new();
    for (i, id) in ["L-1", "L-2", "L-3", "L-1"].iter().enumerate() {
        let mut v = valid();
        v["lead_id"] = serde_json::json!(id);
        if i >= 1 {
            v["emploees"] = serde_json::json!(5);
        }
        if i == 2 {
            v["activities"][0]["pgae"] = serde_json::json!("pricing");
            v["activities"][1]["pgae"] = serde_json::json!("docs");
        }
        lines.push(serde_json::to_string(&v).unwrap());
    }
    let mut seen = Vec::new();
    for order in [[0, 1, 2, 3], [3, 2, 1, 0]] {
        let notes = InputNotes::with_duplicate_ids();
        let decoder = RecordDecoder::new(&schema()).with_notes(notes.clone());
        for i in order {
            let record = i + 1;
            assert!(decoder
                .decode_json(lines[i].as_bytes(), record, Some(record))
                .is_ok());
        }
        seen.push(notes.warnings());
    }
    assert_eq!(seen[0], seen[1], "independent of decoding order");
    let w = &seen[0];
    let got: Vec<(&str, Option<usize>, Option<&str>)> = w
        .iter()
        .map(|w| (w.code, w.record, w.field.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("unknown-key", Some(2), Some("emploees")),
            ("unknown-event-field", Some(3), Some("activities[].pgae")),
            ("duplicate-id", Some(1), None),
        ]
    );
    assert_eq!(
        w[0].message,
        "unknown key `emploees` (did you mean `employees`?): not a field of the schema, so it is ignored"
    );
    assert_eq!(
        w[1].message,
        "unknown key `pgae` in activities events (did you mean `page`?): not a field of the stream, so it is ignored"
    );
    assert_eq!(
        w[2].message,
        "lead id \"L-1\" appears more than once: in record 1 (line 1) and record 4 (line 4); each record is evaluated on its own"
    );

    // The events file's unknown columns.
    let notes = InputNotes::new();
    let events =
        "lead_id,stream,kind,at,pgae,minutes\nL-1,attempts,phone,2026-11-18T10:00:00Z,,3\n";
    let (index, errors) = EventsIndex::from_csv_noted(&schema(), events.as_bytes(), &notes);
    assert!(errors.is_empty() && index.len() == 1);
    let w = notes.warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(
        w[0].message,
        "unknown column `pgae` (did you mean `page`?): not an event field, so it is ignored"
    );
}

/// Without asking, duplicate ids are not looked for (nothing kept per lead).
#[test]
fn duplicate_ids_are_looked_for_only_when_asked() {
    use accord_records::{InputNotes, RecordDecoder};
    let line = serde_json::to_string(&valid()).unwrap();
    for (notes, expected) in [
        (InputNotes::new(), 0),
        (InputNotes::with_duplicate_ids(), 1),
    ] {
        let decoder = RecordDecoder::new(&schema()).with_notes(notes.clone());
        for record in 1..=2 {
            assert!(decoder
                .decode_json(line.as_bytes(), record, Some(record))
                .is_ok());
        }
        let dups = notes
            .warnings()
            .iter()
            .filter(|w| w.code == "duplicate-id")
            .count();
        assert_eq!(dups, expected);
    }
}

/// A record that is valid UTF-8 is read as text in one pass; one with a
/// byte that is not UTF-8 inside a string goes the byte-by-byte way, which
/// says where the bad byte is. Either way: the same lead from the same
/// record, one error for the bad one, and the batch goes on.
#[test]
fn a_byte_that_is_not_utf8_is_one_error_and_the_next_record_reads() {
    let decoder = accord_records::RecordDecoder::new(&schema());
    let good = valid().to_string();
    let lead = decoder.decode_json(good.as_bytes(), 1, Some(1));
    let from_value = decoder.decode_value(&valid(), 1, Some(1));
    assert_eq!(lead, from_value, "text and value decode alike");
    assert!(lead.is_ok(), "{lead:?}");

    let mut bad = good.clone().into_bytes();
    let at = good.find("SaaS").unwrap();
    bad[at + 1] = 0xFF; // "S\xFFaS"
    let result = decoder.decode_json(&bad, 2, Some(2));
    let err = one_error(&result);
    assert!(
        err.message.contains("not valid JSON") && err.message.contains("invalid unicode"),
        "{err:?}"
    );

    let mut file = bad.clone();
    file.push(b'\n');
    file.extend_from_slice(good.as_bytes());
    file.push(b'\n');
    let rows: Vec<_> =
        accord_records::read_leads(&schema(), file.as_slice(), InputFormat::Ndjson, None).collect();
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0].result.is_err() && rows[1].result.is_ok(),
        "{rows:?}"
    );
}

/// A quote left open in a CSV cell takes the lines after it into that
/// cell: the row's error says so, naming the cell and the lines it took,
/// for the leads CSV and for the events CSV.
#[test]
fn an_unclosed_quote_names_the_lines_it_took_in() {
    let text = [
        CSV_HEADER.to_string(),
        csv_line("A").replace("a@acme.com", "\"a@acme.com"),
        csv_line("B"),
        csv_line("C"),
    ]
    .join("\n");
    let outcomes = read(&schema(), &text, InputFormat::Csv, None);
    assert_one_per_record(&outcomes, 1);
    let e = one_error(&outcomes[0].result);
    assert_eq!(
        e.message,
        "CSV line 2 has 2 columns but the header has 7: the quoted cell in column 2 runs on to \
         line 4, so lines 3–4 are read as part of that cell, not as rows of their own (is a \
         closing quote `\"` missing?)"
    );

    let events = "lead_id,stream,kind,at\nA,\"activities,page_view,2026-11-18T10:00:00Z\r\nA,activities,page_view,2026-11-18T10:00:00Z\r\n";
    let (_, errors) = EventsIndex::from_csv(&schema(), events.as_bytes());
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "the row has 2 columns but the header has 4: the quoted cell in column 2 runs on to \
             line 3, so line 3 is read as part of that cell, not as rows of their own (is a \
             closing quote `\"` missing?)"
        ]
    );
}

/// A CSV written with `;` (a spreadsheet's CSV where the decimal mark is
/// a comma), a tab or `|` between its columns is read as such: the header
/// shows the separator. The same leads as the comma file, and the same
/// events from an events file written so.
#[test]
fn a_csv_with_another_separator_is_read_with_it() {
    use accord_records::{InputNotes, LeadReader, RecordDecoder};
    let comma = [CSV_HEADER.to_string(), csv_line("A"), csv_line("B")].join("\n");
    let leads =
        |text: &str| -> Vec<RecordOutcome> { read(&schema(), text, InputFormat::Csv, None) };
    let expected = leads(&comma);
    assert!(expected.iter().all(|o| o.result.is_ok()), "{expected:#?}");
    for separator in [";", "\t", "|"] {
        let text = comma.replace(',', separator);
        let notes = InputNotes::new();
        let decoder = RecordDecoder::new(&schema()).with_notes(notes.clone());
        let outcomes: Vec<RecordOutcome> =
            LeadReader::new(decoder, text.as_bytes(), InputFormat::Csv, None).collect();
        assert_eq!(outcomes, expected, "{separator:?}");
        assert!(
            notes.header_errors().is_empty(),
            "{:#?}",
            notes.header_errors()
        );
        assert!(notes.warnings().is_empty(), "{:#?}", notes.warnings());
    }
    // The events file too.
    let events = "lead_id,stream,kind,at\nA,activities,page_view,2026-11-18T10:00:00Z\n";
    let (expected, errors) = EventsIndex::from_csv(&schema(), events.as_bytes());
    assert!(errors.is_empty(), "{errors:#?}");
    for separator in [";", "\t", "|"] {
        let text = events.replace(',', separator);
        let (index, errors) = EventsIndex::from_csv(&schema(), text.as_bytes());
        assert!(errors.is_empty(), "{separator:?}: {errors:#?}");
        assert_eq!(
            format!("{index:?}"),
            format!("{expected:?}"),
            "{separator:?}"
        );
    }
}

/// In a `;`-separated file a list cell's items, `;`-separated too, must
/// be in quotes: a row where they are not has more columns than the
/// header, and its error says why.
#[test]
fn a_semicolon_csv_says_a_list_cell_must_be_quoted() {
    let header = format!("{CSV_HEADER},tags").replace(',', ";");
    let row = |tags: &str| format!("{};{tags}", csv_line("A").replace(',', ";"));
    let text = [header, row("\"SaaS; EU\""), row("SaaS; EU")].join("\n");
    let outcomes = read(&schema(), &text, InputFormat::Csv, None);
    assert_one_per_record(&outcomes, 2);
    let lead = outcomes[0].result.as_ref().unwrap();
    let tags = schema().slot("tags").unwrap();
    assert_eq!(lead.values[tags].to_string(), "[\"SaaS\", \"EU\"]");
    assert_eq!(
        one_error(&outcomes[1].result).message,
        "CSV line 3 has 9 columns but the header has 8: this file separates its columns with \
         `;`, as a list cell separates its items, so a list cell must be in quotes (\"a; b\")"
    );
}

/// An empty events file is one error saying it is empty (not that its
/// header lacks every column).
#[test]
fn an_empty_events_file_says_it_is_empty() {
    for empty in ["", "\n\n", "\u{feff}"] {
        let (_, errors) = EventsIndex::from_csv(&schema(), empty.as_bytes());
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(
            errors[0].message,
            "the events file is empty: it needs a header row naming lead_id, stream, kind (or \
             channel) and at, then one row per event, so no event was read"
        );
    }
}
