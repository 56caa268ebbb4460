//! A broken JSON array still gives exactly one outcome per element: a
//! missing `]`, text after it and an empty input are problems of the input
//! as a whole, reported as header errors through the notes (with the line),
//! never as rows. Without notes they stay the extra error rows they were.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_records::{
    read_leads, InputFormat, InputNotes, LeadReader, RecordDecoder, RecordError, RecordOutcome,
};
use common::{assert_one_per_record, one_error, schema, valid};
use std::io::BufReader;

/// Every outcome and the header errors, read with notes (a tiny buffer so
/// elements straddle buffer boundaries).
fn read_noted(text: &str) -> (Vec<RecordOutcome>, Vec<RecordError>) {
    let notes = InputNotes::new();
    let decoder = RecordDecoder::new(&schema()).with_notes(notes.clone());
    let reader = BufReader::with_capacity(16, text.as_bytes());
    let outcomes = LeadReader::new(decoder, reader, InputFormat::JsonArray, None).collect();
    (outcomes, notes.header_errors())
}

fn read_plain(text: &str) -> Vec<RecordOutcome> {
    read_leads(
        &schema(),
        BufReader::with_capacity(16, text.as_bytes()),
        InputFormat::JsonArray,
        None,
    )
    .collect()
}

/// A valid lead, pretty-printed over several lines.
fn lead(id: &str) -> String {
    let mut v = valid();
    v["lead_id"] = serde_json::json!(id);
    serde_json::to_string_pretty(&v).unwrap()
}

fn lines(text: &str) -> usize {
    text.trim_end().lines().count()
}

#[test]
fn an_unclosed_array_is_one_header_error_not_a_row() {
    let text = format!("[{}, 5, {}\n\n", lead("A"), lead("C"));
    let (outcomes, errors) = read_noted(&text);
    assert_one_per_record(&outcomes, 3);
    assert_eq!(outcomes[0].result.as_ref().unwrap().id.as_str(), "A");
    assert_eq!(outcomes[2].result.as_ref().unwrap().id.as_str(), "C");
    let e = one_error(&outcomes[1].result);
    assert_eq!(e.expected, "a JSON object (one lead)");
    assert_eq!(e.message, "a lead record must be a JSON object, but is 5");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let last = lines(&text);
    assert_eq!((errors[0].record, errors[0].line), (0, Some(last)));
    assert_eq!(
        errors[0].message,
        format!(
            "the JSON array opened on line 1 is not closed: the input ends on line {last} without \
             its `]`, so it may be truncated (every element before the end is read)"
        )
    );

    // Without notes: the same rows plus one error row, as before.
    let plain = read_plain(&text);
    assert_one_per_record(&plain, 4);
    assert_eq!(&plain[..3], &outcomes[..]);
    assert!(one_error(&plain[3].result).message.contains("not closed"));
}

#[test]
fn text_after_the_closing_bracket_is_one_header_error() {
    let text = format!("[{}] trailing words\n", lead("A"));
    let (outcomes, errors) = read_noted(&text);
    assert_one_per_record(&outcomes, 1);
    assert_eq!(outcomes[0].result.as_ref().unwrap().id.as_str(), "A");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let line = lines(&text);
    assert_eq!((errors[0].record, errors[0].line), (0, Some(line)));
    assert_eq!(errors[0].found, "\"trailing words\"");
    assert!(
        errors[0].message.starts_with(&format!(
            "unexpected text after the closing `]` of the array (line {line})"
        )),
        "{}",
        errors[0].message
    );
    // A second array after the first is not read, and said once.
    let (outcomes, errors) = read_noted(&format!("[{}]\n[{}]", lead("A"), lead("B")));
    assert_one_per_record(&outcomes, 1);
    assert_eq!(errors.len(), 1);

    let plain = read_plain(&text);
    assert_one_per_record(&plain, 2);
    assert!(one_error(&plain[1].result)
        .message
        .contains("after the closing `]`"));
}

/// A half-written last element is still a record: its own error row (the
/// input ends inside it), and nothing more.
#[test]
fn a_cut_off_last_element_is_its_own_error_row() {
    let full = format!("[{}, {}]", lead("A"), lead("B"));
    let cut = &full[..full.len() - 30];
    let (outcomes, errors) = read_noted(cut);
    assert_one_per_record(&outcomes, 2);
    let e = one_error(&outcomes[1].result);
    assert!(e.message.contains("the input ends inside"), "{}", e.message);
    assert_eq!(e.lead_id.as_deref(), Some("B"));
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(read_plain(cut), outcomes);
}

#[test]
fn valid_arrays_are_unchanged_and_an_empty_input_is_noted() {
    for text in [
        format!("[\n{},\n{}\n]\n", lead("A"), lead("B")),
        format!("\u{feff}[{}, {},]", lead("A"), lead("B")),
        "[]".to_string(),
        " [ ]\n\n".to_string(),
    ] {
        let (outcomes, errors) = read_noted(&text);
        assert!(errors.is_empty(), "{text}: {errors:#?}");
        assert!(outcomes.iter().all(|o| o.result.is_ok()));
        assert_eq!(read_plain(&text), outcomes);
    }
    // No array at all: no record, so no row; an error with notes.
    let (outcomes, errors) = read_noted(" \n ");
    assert!(outcomes.is_empty());
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.starts_with("the input is empty"));
    assert!(read_plain(" \n ").is_empty());
}
