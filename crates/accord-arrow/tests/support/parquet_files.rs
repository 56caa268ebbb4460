//! Writing lead data as Parquet for tests: the bundled leads projected to
//! typed columns (text, numbers, flags, and activities as a list of
//! structs), as one record batch, the activities as a separate events
//! table, a batch with one column swapped for another of any type, and
//! batches written to a file. Shared by accord-arrow's own
//! Parquet tests and the CLI's (`tests/cli_parquet.rs`).

#![allow(dead_code)] // each test file uses its own part

use accord::{FieldType, Schema as LeadSchema};
use arrow_array::builder::{ListBuilder, StringBuilder, StructBuilder};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

/// The lead fields these files carry as columns, with their Arrow types,
/// in the schema's order: numbers and percentages as floats, yes/no as
/// booleans, every other scalar (text, choices, emails, dates, instants,
/// zones) as text. Lists and event streams are not columns here (the
/// activities are added as a list-of-struct column, or as an events
/// table).
pub fn columns(schema: &LeadSchema) -> Vec<(String, DataType)> {
    schema
        .fields
        .iter()
        .filter_map(|f| {
            let ty = match f.ty {
                FieldType::Number | FieldType::Percentage => DataType::Float64,
                FieldType::YesNo => DataType::Boolean,
                FieldType::ListOf(_) | FieldType::Events(_) => return None,
                _ => DataType::Utf8,
            };
            Some((f.name.clone(), ty))
        })
        .collect()
}

/// The first `n` records of an NDJSON file that are JSON objects (the
/// bundled leads have malformed lines on purpose).
pub fn ndjson_objects(path: &Path, n: usize) -> Vec<Value> {
    let text = std::fs::read_to_string(path).expect("bundled data");
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .take(n)
        .collect()
}

/// `batch` with its column `name` replaced by `column`, whatever its type
/// (a malformed or unsupported column).
pub fn with_column(batch: &RecordBatch, name: &str, column: ArrayRef) -> RecordBatch {
    let index = batch
        .schema()
        .index_of(name)
        .expect("a column of that name");
    let mut fields: Vec<Field> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.as_ref().clone())
        .collect();
    fields[index] = Field::new(name, column.data_type().clone(), true);
    let mut columns = batch.columns().to_vec();
    columns[index] = column;
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).expect("a batch")
}

/// Whether a JSON value is one a column of this type holds.
fn fits(ty: &DataType, v: &Value) -> bool {
    match ty {
        DataType::Float64 => v.is_number(),
        DataType::Boolean => v.is_boolean(),
        _ => v.is_string(),
    }
}

/// The leads as JSON holding only what the columns hold (what the Arrow
/// side holds), for the expected rows.
pub fn projected(schema: &LeadSchema, leads: &[Value], with_events: bool) -> Vec<Value> {
    let columns = columns(schema);
    leads
        .iter()
        .map(|l| {
            let mut out = serde_json::Map::new();
            for (k, v) in l.as_object().into_iter().flatten() {
                if with_events && k == "activities" {
                    // Only the event fields the struct column has.
                    let events: Vec<Value> = v
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|e| {
                            let mut kept = serde_json::Map::new();
                            for key in ["kind", "at", "page", "campaign"] {
                                if let Some(s) = e.get(key).filter(|s| s.is_string()) {
                                    kept.insert(key.into(), s.clone());
                                }
                            }
                            Value::Object(kept)
                        })
                        .collect();
                    out.insert(k.clone(), Value::Array(events));
                    continue;
                }
                if columns.iter().any(|(name, ty)| name == k && fits(ty, v)) {
                    out.insert(k.clone(), v.clone());
                }
            }
            Value::Object(out)
        })
        .collect()
}

fn activity_fields() -> Fields {
    Fields::from(vec![
        Field::new("kind", DataType::Utf8, true),
        Field::new("at", DataType::Utf8, true),
        Field::new("page", DataType::Utf8, true),
        Field::new("campaign", DataType::Utf8, true),
    ])
}

/// One record batch of `leads` (already projected).
pub fn batch(schema: &LeadSchema, leads: &[Value], with_events: bool) -> RecordBatch {
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    for (name, ty) in self::columns(schema) {
        let column: ArrayRef = match ty {
            DataType::Float64 => Arc::new(arrow_array::Float64Array::from(
                leads.iter().map(|l| l[&name].as_f64()).collect::<Vec<_>>(),
            )),
            DataType::Boolean => Arc::new(arrow_array::BooleanArray::from(
                leads.iter().map(|l| l[&name].as_bool()).collect::<Vec<_>>(),
            )),
            _ => Arc::new(arrow_array::StringArray::from(
                leads.iter().map(|l| l[&name].as_str()).collect::<Vec<_>>(),
            )),
        };
        fields.push(Field::new(name, ty, true));
        columns.push(column);
    }
    if with_events {
        let item = StructBuilder::from_fields(activity_fields(), 0);
        let mut list = ListBuilder::new(item).with_field(Arc::new(Field::new(
            "item",
            DataType::Struct(activity_fields()),
            true,
        )));
        for lead in leads {
            for event in lead["activities"].as_array().into_iter().flatten() {
                let s = list.values();
                for (i, key) in ["kind", "at", "page", "campaign"].iter().enumerate() {
                    if let Some(b) = s.field_builder::<StringBuilder>(i) {
                        b.append_option(event[*key].as_str());
                    }
                }
                s.append(true);
            }
            list.append(true);
        }
        let array = list.finish();
        fields.push(Field::new("activities", array.data_type().clone(), true));
        columns.push(Arc::new(array));
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).expect("a valid batch")
}

pub fn write_parquet(path: &Path, batches: &[RecordBatch], row_group: usize) {
    let file = std::fs::File::create(path).expect("temp file");
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(row_group))
        .build();
    let schema = batches.first().expect("a batch").schema();
    let mut writer = ArrowWriter::try_new(file, schema, Some(props)).expect("a writer");
    for b in batches {
        writer.write(b).expect("written");
    }
    writer.close().expect("closed");
}

/// Damages the first data page of row group `group` (from 0) of the
/// Parquet file at `path`, leaving its footer whole: that group cannot be
/// decoded, the others can.
pub fn damage_row_group(path: &Path, group: usize) {
    let reader = parquet::file::reader::SerializedFileReader::new(
        std::fs::File::open(path).expect("written"),
    )
    .expect("readable");
    let group = parquet::file::reader::FileReader::metadata(&reader).row_group(group);
    let page = usize::try_from(group.column(0).data_page_offset()).expect("an offset");
    let mut bytes = std::fs::read(path).expect("written");
    bytes[page..page + 8].fill(0xff);
    std::fs::write(path, &bytes).expect("damaged");
}

/// The activities of `leads` (already projected) as an events table:
/// lead_id, stream, kind, at, page, campaign — the shape `--events` takes.
pub fn events_batch(leads: &[Value]) -> RecordBatch {
    let mut cols: [Vec<Option<String>>; 6] = Default::default();
    for lead in leads {
        for e in lead["activities"].as_array().into_iter().flatten() {
            cols[0].push(lead["lead_id"].as_str().map(String::from));
            cols[1].push(Some("activities".into()));
            for (i, key) in ["kind", "at", "page", "campaign"].iter().enumerate() {
                cols[i + 2].push(e[*key].as_str().map(String::from));
            }
        }
    }
    let names = ["lead_id", "stream", "kind", "at", "page", "campaign"];
    RecordBatch::try_new(
        Arc::new(Schema::new(
            names
                .iter()
                .map(|n| Field::new(*n, DataType::Utf8, true))
                .collect::<Vec<_>>(),
        )),
        cols.iter()
            .map(|c| Arc::new(arrow_array::StringArray::from(c.clone())) as ArrayRef)
            .collect(),
    )
    .expect("an events batch")
}
