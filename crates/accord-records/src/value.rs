//! Typed lead records: the values the evaluator reads, by slot.

use chrono::{DateTime, NaiveDate, Utc};

/// A text a lead holds: in place up to 40 bytes, else shared.
pub use crate::text::LeadText;

/// One field's value in a typed lead.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    /// Absent or null (only valid for optional fields).
    Missing,
    Number(f64),
    /// Text, email, one-of choice.
    Text(LeadText),
    YesNo(bool),
    Date(NaiveDate),
    Timestamp(DateTime<Utc>),
    Zone(chrono_tz::Tz),
    List(Vec<FieldValue>),
}

impl Lead {
    /// About how many bytes the lead holds (texts and events), to bound
    /// how many are kept in memory at once.
    pub fn approx_bytes(&self) -> usize {
        let events: usize = self
            .streams
            .iter()
            .flatten()
            .map(|e| {
                std::mem::size_of::<Event>()
                    + e.fields.iter().map(FieldValue::approx_bytes).sum::<usize>()
            })
            .sum();
        events
            + self
                .values
                .iter()
                .map(FieldValue::approx_bytes)
                .sum::<usize>()
    }
}

impl FieldValue {
    /// About how many bytes the value holds.
    pub fn approx_bytes(&self) -> usize {
        std::mem::size_of::<FieldValue>()
            + match self {
                FieldValue::Text(t) => t.len(),
                FieldValue::List(items) => items.iter().map(FieldValue::approx_bytes).sum(),
                _ => 0,
            }
    }

    pub fn is_missing(&self) -> bool {
        matches!(self, FieldValue::Missing)
    }
    pub fn as_number(&self) -> Option<f64> {
        match self {
            FieldValue::Number(n) => Some(*n),
            _ => None,
        }
    }
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(t) => Some(t),
            _ => None,
        }
    }
    pub fn as_timestamp(&self) -> Option<DateTime<Utc>> {
        match self {
            FieldValue::Timestamp(t) => Some(*t),
            _ => None,
        }
    }
}

impl std::fmt::Display for FieldValue {
    /// How a value is shown in explanations: `120`, `"SaaS"`, `yes`,
    /// `2026-11-18T16:00:00Z`, `(missing)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldValue::Missing => write!(f, "(missing)"),
            FieldValue::Number(n) => write!(f, "{}", format_number(*n)),
            FieldValue::Text(t) => write!(f, "\"{t}\""),
            FieldValue::YesNo(b) => write!(f, "{}", if *b { "yes" } else { "no" }),
            FieldValue::Date(d) => write!(f, "{d}"),
            FieldValue::Timestamp(t) => write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%SZ")),
            FieldValue::Zone(z) => write!(f, "{}", z.name()),
            FieldValue::List(items) => {
                write!(f, "[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{item}")?;
                }
                write!(f, "]")
            }
        }
    }
}

/// A lead's number as messages and outputs show it: `120` not `120.0`;
/// `58.8` stays; at most 2 decimals ([`accord_syntax::number::format_number`]).
pub fn format_number(n: f64) -> String {
    accord_syntax::number::format_number(n, Some(2))
}

/// One event of a stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub at: DateTime<Utc>,
    /// Index into the stream's `kinds`.
    pub kind: usize,
    /// Values of the stream's other fields, by index into `StreamSpec::fields`.
    pub fields: Vec<FieldValue>,
}

/// A lead record checked against the schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Lead {
    /// The id as read (from the `identified by` field), or `#<record
    /// number>`; a copy of the id field's own text (held in place when
    /// short, as an id nearly always is, else shared), as is every
    /// decision's and row's about the lead.
    pub id: LeadText,
    /// 1-based position in the input.
    pub record: usize,
    /// One value per schema field, by slot. Stream slots hold `Missing`.
    pub values: Vec<FieldValue>,
    /// One list per schema stream, sorted by `at` ascending.
    pub streams: Vec<Vec<Event>>,
}

/// Why a record could not be read. One per bad field; a record may have many.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RecordError {
    /// 1-based record number in the input.
    pub record: usize,
    /// Line in the input file (NDJSON line, CSV line), when known.
    pub line: Option<usize>,
    /// The lead id, when it could be read.
    pub lead_id: Option<String>,
    /// The field (`employees`, `activities[3].at`), when the problem is in one.
    pub field: Option<String>,
    /// What the schema expects there.
    pub expected: String,
    /// What was found (shortened).
    pub found: String,
    /// One sentence for people.
    pub message: String,
}

impl RecordError {
    /// The `expected` of the error a lead's row gets when some of its rows
    /// in the events file are bad: the problem is reported as the events
    /// file's own error; this one only says why the lead was not evaluated.
    pub const EVENTS_INCOMPLETE: &'static str = "every events-file row of the lead readable";

    /// Whether this is the consequence, on a lead's row, of bad rows in the
    /// events file (see [`RecordError::EVENTS_INCOMPLETE`]).
    pub fn is_events_consequence(&self) -> bool {
        self.expected == Self::EVENTS_INCOMPLETE
    }
}
