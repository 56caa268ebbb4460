//! Request bodies as lead records, and the one function that turns a
//! record into a row — used by the handlers and again by `accord replay`,
//! so that a replayed decision takes exactly the path the served one took.
//!
//! A JSON body is one lead (an object) or a batch (an array of objects);
//! an NDJSON body (`Content-Type: application/x-ndjson`) is a batch, one
//! lead per line, blank lines skipped, read line by line exactly as
//! `accord eval` reads an NDJSON file (a malformed line is an error row).
//! Without a content type, a body that parses as JSON is JSON, else NDJSON.

use crate::errors::ApiError;
use accord::{Policy, Row};
use axum::body::Bytes;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// One record as it came.
#[derive(Clone, Debug)]
pub enum Input {
    /// A JSON value (an element of a JSON body).
    Value(Value),
    /// The text of an NDJSON line (a view into the request body, not a
    /// copy), of a body that is not valid JSON, or of an element of a JSON
    /// array that is not (the array's other elements are records too).
    Text(Bytes),
}

/// A record with its place in the body.
#[derive(Clone, Debug)]
pub struct Record {
    /// 1-based, as in a row's `record`.
    pub number: usize,
    /// The body line it starts on (NDJSON).
    pub line: Option<usize>,
    pub input: Input,
}

/// What a body holds.
pub enum Records {
    /// A single lead: the answer is its row.
    One(Record),
    /// A batch: the answer is a summary and one row per record.
    Batch(Vec<Record>),
}

/// How a record is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `POST /v1/evaluate`, with or without the explanation tree.
    Evaluate { explain: bool },
    /// `POST /v1/explain`: the explanation and what it would take.
    Explain,
}

/// The row for a record under `policy`.
pub fn decide(policy: &Policy, kind: Kind, record: &Record, as_of: DateTime<Utc>) -> Row {
    match (&record.input, kind) {
        (Input::Value(v), Kind::Evaluate { explain }) => {
            policy.evaluate_json(v, record.number, as_of, explain)
        }
        (Input::Value(v), Kind::Explain) => policy.explain_json(v, record.number, as_of),
        (Input::Text(t), Kind::Evaluate { explain }) => {
            policy.evaluate_json_text(t, record.number, record.line, as_of, explain)
        }
        // An NDJSON line is explained as the JSON it holds; text that is
        // not JSON gets its error row.
        (Input::Text(t), Kind::Explain) => match serde_json::from_slice::<Value>(t) {
            Ok(v) => policy.explain_json(&v, record.number, as_of),
            Err(_) => policy.evaluate_json_text(t, record.number, record.line, as_of, false),
        },
    }
}

/// Whether a record is not JSON at all (rather than JSON that does not fit).
pub fn is_malformed(record: &Record) -> bool {
    match &record.input {
        Input::Value(_) => false,
        Input::Text(t) => serde_json::from_slice::<serde::de::IgnoredAny>(t).is_err(),
    }
}

/// The body format a `Content-Type` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Json,
    Ndjson,
    /// No content type: JSON when it parses, else NDJSON.
    Sniff,
}

fn format_of(content_type: Option<&str>) -> Result<Format, ApiError> {
    let Some(ct) = content_type else {
        return Ok(Format::Sniff);
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" | "text/json" => Ok(Format::Json),
        "application/x-ndjson" | "application/ndjson" | "application/jsonl"
        | "application/x-jsonlines" | "application/jsonlines" => Ok(Format::Ndjson),
        // curl's `-d` sends this type whatever the data is.
        "" | "application/octet-stream" | "application/x-www-form-urlencoded" => Ok(Format::Sniff),
        other => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "accord::unsupported-media-type",
            format!(
                "a body of type {other} cannot be read: send application/json (one lead, or an array of leads) or application/x-ndjson (one lead per line)"
            ),
        )),
    }
}

/// Whether a body of this type can be read (before reading it).
pub fn readable_type(content_type: Option<&str>) -> Result<(), ApiError> {
    format_of(content_type).map(|_| ())
}

/// The records of a body.
pub fn records(body: Bytes, content_type: Option<&str>) -> Result<Records, ApiError> {
    let format = format_of(content_type)?;
    if format != Format::Ndjson {
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Array(items)) => {
                return Ok(Records::Batch(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| Record {
                            number: i + 1,
                            line: None,
                            input: Input::Value(v),
                        })
                        .collect(),
                ))
            }
            Ok(v) => {
                return Ok(Records::One(Record {
                    number: 1,
                    line: None,
                    input: Input::Value(v),
                }))
            }
            // An array with a malformed element (or one nested past what
            // the JSON reader takes): the array's elements, each its own
            // record, as `accord eval` reads a JSON-array file — the
            // malformed one gets its error row, the others are decided.
            Err(_) => {
                if body.trim_ascii_start().starts_with(b"[") {
                    if let Some(elements) = accord_records::json_array_elements(&body) {
                        return Ok(Records::Batch(
                            elements
                                .into_iter()
                                .enumerate()
                                .map(|(i, (line, text))| Record {
                                    number: i + 1,
                                    line: Some(line),
                                    input: Input::Text(Bytes::from(text)),
                                })
                                .collect(),
                        ));
                    }
                }
                // Else not JSON: an NDJSON body sent without its type, or
                // a malformed lead whose error row says what is wrong.
                if format != Format::Sniff || ndjson_lines(&body).nth(1).is_none() {
                    return Ok(Records::One(Record {
                        number: 1,
                        line: Some(1),
                        input: Input::Text(body),
                    }));
                }
            }
        }
    }
    Ok(Records::Batch(
        ndjson_lines(&body)
            .enumerate()
            .map(|(i, (line, range))| Record {
                number: i + 1,
                line: Some(line),
                input: Input::Text(body.slice(range)),
            })
            .collect(),
    ))
}

/// The non-blank lines of an NDJSON body: 1-based line numbers and byte
/// ranges (a blank line is no record, as in `accord eval`).
fn ndjson_lines(body: &[u8]) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> + '_ {
    let mut start = 0;
    body.split(|b| *b == b'\n')
        .enumerate()
        .filter_map(move |(i, l)| {
            let range = start..start + l.len();
            start += l.len() + 1;
            (!l.iter().all(u8::is_ascii_whitespace)).then_some((i + 1, range))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(r: Records) -> Vec<Record> {
        match r {
            Records::Batch(b) => b,
            Records::One(_) => panic!("expected a batch"),
        }
    }

    #[test]
    fn bodies_are_read_by_their_type() {
        let one =
            records(Bytes::from_static(b"{\"a\": 1}"), Some("application/json")).expect("json");
        assert!(matches!(one, Records::One(Record { number: 1, .. })));
        let array = batch(records(Bytes::from_static(b"[{}, {}]"), None).expect("json"));
        assert_eq!(array.len(), 2);
        let lines = batch(
            records(
                Bytes::from_static(b"{}\n\n{\"x\"\n"),
                Some("application/x-ndjson"),
            )
            .expect("nd"),
        );
        assert_eq!(
            lines.iter().map(|r| (r.number, r.line)).collect::<Vec<_>>(),
            [(1, Some(1)), (2, Some(3))]
        );
        assert!(!is_malformed(&lines[0]) && is_malformed(&lines[1]));
        assert!(matches!(&lines[1].input, Input::Text(t) if &t[..] == b"{\"x\""));
        // Several lines without a type: NDJSON; one bad line: a malformed lead.
        assert_eq!(
            batch(records(Bytes::from_static(b"{}\n{}\n"), None).expect("sniffed")).len(),
            2
        );
        let bad = records(Bytes::from_static(b"{\"lead_id\": "), None).expect("a record");
        assert!(matches!(bad, Records::One(ref r) if is_malformed(r)));
        // An array with a malformed element: each element a record.
        let body = b"[{\"lead_id\": \"A\"},\n {\"lead_id\": },\n {}]";
        let elements = batch(records(Bytes::from_static(body), None).expect("array"));
        assert_eq!(
            elements
                .iter()
                .map(|r| (r.number, r.line))
                .collect::<Vec<_>>(),
            [(1, Some(1)), (2, Some(2)), (3, Some(3))]
        );
        assert!(!is_malformed(&elements[0]) && is_malformed(&elements[1]));
        // An array not closed: one unreadable input, as before.
        let open = records(Bytes::from_static(b"[{}, {}"), Some("application/json"));
        assert!(matches!(open, Ok(Records::One(ref r)) if is_malformed(r)));
        let csv = records(Bytes::from_static(b"a,b\n1,2\n"), Some("text/csv"));
        assert!(csv.is_err_and(|e| e.status == StatusCode::UNSUPPORTED_MEDIA_TYPE));
    }
}
