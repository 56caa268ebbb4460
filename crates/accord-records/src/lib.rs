//! Lead records: the resolved schema ([`schema`]), typed values ([`value`]),
//! and streaming readers for NDJSON, JSON arrays and CSV (+ an events CSV)
//! that turn raw records into typed [`Lead`]s or per-field [`RecordError`]s.

pub mod schema;
pub mod value;

pub use schema::{FieldSpec, FieldType, Schema, StreamSpec};
pub use value::{Event, FieldValue, Lead, RecordError};
