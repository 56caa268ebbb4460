//! Rows as Arrow: the row contract (`accord eval --format json`) as one
//! record batch, built in Rust from the rows themselves — no JSON text in
//! between — so that a Python caller gets a pyarrow Table (or a Polars or
//! pandas frame made from it) without rebuilding every row as Python
//! objects.
//!
//! The columns are the row's fields in the row contract's order; nested
//! values become Arrow structs and lists with the JSON rows' shape
//! (`slas` a struct with a field per SLA, `errors` a list of structs), so
//! `to_pylist()` gives exactly the JSON rows' values. Integers are 64-bit
//! signed, as Arrow readers (pandas, Spark) expect. An explanation, whose
//! tree differs from lead to lead, is one more column of JSON text.

use accord::Row;
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{ArrowError, DataType, Field, FieldRef, Schema};
use serde_arrow::schema::{SchemaLike, TracingOptions};
use std::sync::Arc;

/// The rows as one record batch; `explain`: with an `explanation` column
/// (JSON text, null for a row without one). `None` for no rows (no
/// schema can be traced from nothing: the caller makes its empty table).
pub fn rows_batch(mut rows: Vec<Row>, explain: bool) -> Result<Option<RecordBatch>, ArrowError> {
    if rows.is_empty() {
        return Ok(None);
    }
    let explanations: Vec<Option<String>> = rows
        .iter_mut()
        .map(|r| {
            r.explanation
                .take()
                .and_then(|e| serde_json::to_string(&e).ok())
        })
        .collect();
    let options = TracingOptions::default()
        .allow_null_fields(true)
        .map_as_struct(true)
        .enums_without_data_as_strings(true)
        .string_dictionary_encoding(false);
    let traced = Vec::<FieldRef>::from_samples(&rows, options).map_err(arrow_error)?;
    let fields: Vec<FieldRef> = traced.iter().map(|f| Arc::new(normalized(f))).collect();
    let batch = serde_arrow::to_record_batch(&fields, &rows).map_err(arrow_error)?;
    if !explain {
        return Ok(Some(batch));
    }
    let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
    let mut schema_fields: Vec<FieldRef> = batch.schema().fields().iter().cloned().collect();
    columns.push(Arc::new(StringArray::from(explanations)));
    schema_fields.push(Arc::new(Field::new("explanation", DataType::Utf8, true)));
    RecordBatch::try_new(Arc::new(Schema::new(schema_fields)), columns).map(Some)
}

/// The traced field as the row contract's column, at any depth: every
/// integer a signed 64-bit one (counts and record numbers fit; readers
/// expect signed), and a state (an enum of names, traced from samples as
/// a union because not every name occurs in them) as text, as in JSON.
fn normalized(field: &Field) -> Field {
    let ty = match field.data_type() {
        DataType::UInt8 | DataType::UInt16 | DataType::UInt32 | DataType::UInt64 => DataType::Int64,
        DataType::Int8 | DataType::Int16 | DataType::Int32 => DataType::Int64,
        DataType::Union(variants, _)
            if variants
                .iter()
                .all(|(_, v)| v.data_type() == &DataType::Null) =>
        {
            DataType::Utf8
        }
        DataType::Struct(children) => {
            DataType::Struct(children.iter().map(|c| Arc::new(normalized(c))).collect())
        }
        DataType::List(item) => DataType::List(Arc::new(normalized(item))),
        DataType::LargeList(item) => DataType::LargeList(Arc::new(normalized(item))),
        other => other.clone(),
    };
    field.clone().with_data_type(ty).with_nullable(true)
}

fn arrow_error(e: serde_arrow::Error) -> ArrowError {
    ArrowError::ExternalError(Box::new(e))
}
