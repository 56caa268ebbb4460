//! Lead records: the resolved schema ([`schema`]), typed values ([`value`]),
//! and streaming readers for NDJSON, JSON arrays and CSV (+ an events CSV)
//! that turn raw records into typed [`Lead`]s or per-field [`RecordError`]s.
//!
//! Entry points:
//! - [`read_leads`]: a streaming iterator of [`RecordOutcome`]s, exactly one
//!   per input record, in input order (memory does not grow with the number
//!   of leads).
//! - [`validate`]: every [`RecordError`] of an input (for `accord check
//!   --leads`).
//! - [`lead_from_json`] / [`RecordDecoder`]: one record at a time (each
//!   thread decoding on its own copy of the decoder, [`per_thread`], the
//!   mechanism `accord-eval`'s compiled policies use too).
//! - [`EventsIndex::from_csv`]: a CRM-style events export joined to leads by
//!   id.

mod array;
mod convert;
pub mod csv_input;
mod csv_separator;
mod decode;
mod email;
mod events;
mod fnv;
mod json;
pub mod limits;
mod lines;
mod names;
mod notes;
pub mod per_thread;
pub mod read;
pub mod schema;
mod seed;
mod streams;
mod text;
pub mod value;
mod value_seed;
mod walk;
mod written;

pub use array::json_array_elements;
pub use csv_separator::header_separator;
pub use decode::RecordDecoder;
pub use email::is_email;
pub use events::{EventsIndex, UnmatchedEvents};
pub use fnv::Fnv1a;
pub use json::lead_from_json;
pub use lines::LineCounter;
pub use notes::{and_more_records, record_at, InputNotes, InputWarning};
pub use read::{read_leads, validate, InputFormat, LeadReader, RecordOutcome};
pub use schema::{FieldSpec, FieldType, Schema, StreamSpec};
pub use value::{Event, FieldValue, Lead, LeadText, RecordError};
pub use written::{parse_date, parse_timestamp, Written};
