//! Parquet and Arrow input give the rows the same leads give as JSON:
//! events nested as list-of-struct columns or in a separate events file,
//! malformed cells as error rows naming record and field, and a file of
//! many row groups read as a stream.

use accord::{Policy, Row};
use accord_arrow::{evaluate_batches, events_index, open_parquet};
use arrow_array::builder::{ListBuilder, StringBuilder, StructBuilder};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema};
use chrono::{DateTime, Utc};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn policy() -> Policy {
    Policy::load("../../policies/mql-sql-agreement.accord").expect("the bundled policy checks")
}

fn as_of() -> DateTime<Utc> {
    "2026-11-20T15:00:00Z".parse().expect("an instant")
}

/// The first `n` bundled leads that are JSON objects.
fn bundled(n: usize) -> Vec<Value> {
    let text = std::fs::read_to_string("../../examples/data/leads.ndjson").expect("bundled data");
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .take(n)
        .collect()
}

/// The scalar fields these tests carry as text columns (every value
/// written as text in JSON too, so both sides read the same values).
const TEXT: &[&str] = &[
    "lead_id",
    "email",
    "full_name",
    "job_title",
    "title_level",
    "function",
    "company_name",
    "industry",
    "country",
    "segment",
    "phone",
    "status",
    "time_zone",
    "created_at",
    "mql_at",
    "routed_at",
    "routing_method",
    "accepted_at",
    "disposition_at",
    "lead_source",
    "campaign",
    "owner_rep",
    "linkedin_url",
    "crm_account_match",
    "rejection_reason",
    "rejected_at",
];
const NUMBERS: &[&str] = &["employees", "map_score", "recycle_count"];
const FLAGS: &[&str] = &[
    "phone_verified",
    "company_verified",
    "uses_crm",
    "competitor_contract",
    "do_not_contact",
    "unsubscribed",
];

/// The leads as JSON holding only the columns built here (what the
/// Arrow side holds), for the expected rows.
fn projected(leads: &[Value], with_events: bool) -> Vec<Value> {
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
                let kept = TEXT.contains(&k.as_str()) && v.is_string()
                    || NUMBERS.contains(&k.as_str()) && v.is_number()
                    || FLAGS.contains(&k.as_str()) && v.is_boolean();
                if kept {
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
fn batch(leads: &[Value], with_events: bool) -> RecordBatch {
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    for name in TEXT {
        fields.push(Field::new(*name, DataType::Utf8, true));
        let values: Vec<Option<&str>> = leads.iter().map(|l| l[*name].as_str()).collect();
        columns.push(Arc::new(arrow_array::StringArray::from(values)));
    }
    for name in NUMBERS {
        fields.push(Field::new(*name, DataType::Float64, true));
        let values: Vec<Option<f64>> = leads.iter().map(|l| l[*name].as_f64()).collect();
        columns.push(Arc::new(arrow_array::Float64Array::from(values)));
    }
    for name in FLAGS {
        fields.push(Field::new(*name, DataType::Boolean, true));
        let values: Vec<Option<bool>> = leads.iter().map(|l| l[*name].as_bool()).collect();
        columns.push(Arc::new(arrow_array::BooleanArray::from(values)));
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

fn write_parquet(path: &Path, batches: &[RecordBatch], row_group: usize) {
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

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("accord-arrow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

fn json_rows(policy: &Policy, leads: &[Value]) -> Vec<Row> {
    leads
        .iter()
        .enumerate()
        .map(|(i, l)| policy.evaluate_json(l, i + 1, as_of(), false))
        .collect()
}

/// Every row of a batch stream, on all cores.
fn rows_of<B>(policy: &Policy, batches: B, events: Option<accord::EventsIndex>) -> Vec<Row>
where
    B: Iterator<Item = accord_arrow::BatchResult>,
{
    evaluate_batches(policy, batches, events, as_of(), false, 0).collect()
}

fn lines(rows: &[Row]) -> Vec<String> {
    rows.iter().map(Row::to_json_line).collect()
}

#[test]
fn nested_events_in_parquet_give_the_json_rows() {
    let policy = policy();
    let leads = projected(&bundled(120), true);
    let path = temp("nested.parquet");
    write_parquet(&path, &[batch(&leads, true)], 1000);
    let rows = rows_of(&policy, open_parquet(&path).expect("opens"), None);
    assert_eq!(lines(&rows), lines(&json_rows(&policy, &leads)));
    assert!(
        rows.iter().any(|r| r.mql == Some(true)),
        "some lead qualifies"
    );
}

#[test]
fn a_file_of_many_row_groups_streams_in_order() {
    let policy = policy();
    let leads = projected(&bundled(600), true);
    // Several batches and small row groups: records numbered across them.
    let batches: Vec<RecordBatch> = leads.chunks(97).map(|c| batch(c, true)).collect();
    let path = temp("groups.parquet");
    write_parquet(&path, &batches, 50);
    let meta = parquet::file::reader::SerializedFileReader::new(
        std::fs::File::open(&path).expect("written"),
    )
    .map(|r| parquet::file::reader::FileReader::metadata(&r).num_row_groups())
    .expect("readable");
    assert!(meta >= 12, "{meta} row groups");
    let rows = rows_of(&policy, open_parquet(&path).expect("opens"), None);
    assert_eq!(rows.len(), leads.len());
    assert_eq!(lines(&rows), lines(&json_rows(&policy, &leads)));
}

#[test]
fn separate_events_file_gives_the_nested_rows() {
    let policy = policy();
    let leads = projected(&bundled(60), true);
    let without: Vec<RecordBatch> = vec![batch(&leads, false)];
    // The events as their own table: lead_id, stream, kind, at, fields.
    let mut cols: [Vec<Option<String>>; 6] = Default::default();
    for lead in &leads {
        for e in lead["activities"].as_array().into_iter().flatten() {
            cols[0].push(lead["lead_id"].as_str().map(String::from));
            cols[1].push(Some("activities".into()));
            for (i, key) in ["kind", "at", "page", "campaign"].iter().enumerate() {
                cols[i + 2].push(e[*key].as_str().map(String::from));
            }
        }
    }
    let names = ["lead_id", "stream", "kind", "at", "page", "campaign"];
    let events = RecordBatch::try_new(
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
    .expect("an events batch");
    let events_path = temp("events.parquet");
    write_parquet(&events_path, &[events], 100);
    let (index, errors) =
        events_index(policy.decoder(), open_parquet(&events_path).expect("opens"));
    assert!(errors.is_empty(), "{errors:?}");
    let rows = rows_of(&policy, without.into_iter().map(Ok), Some(index));
    assert_eq!(lines(&rows), lines(&json_rows(&policy, &leads)));
}

#[test]
fn malformed_cells_are_error_rows_naming_record_and_field() {
    let policy = policy();
    let leads = projected(&bundled(3), true);
    let good = batch(&leads, true);
    // employees as text: "12" and "many" do not read as numbers.
    let index = good.schema().index_of("employees").expect("a column");
    let mut columns = good.columns().to_vec();
    columns[index] = Arc::new(arrow_array::StringArray::from(vec![
        Some("12"),
        None,
        Some("many"),
    ]));
    let mut fields: Vec<Field> = good
        .schema()
        .fields()
        .iter()
        .map(|f| f.as_ref().clone())
        .collect();
    fields[index] = Field::new("employees", DataType::Utf8, true);
    let bad = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).expect("a batch");
    let rows = rows_of(&policy, std::iter::once(Ok(bad)), None);
    assert_eq!(rows.len(), 3);
    for n in [0, 2] {
        let e = rows[n]
            .errors
            .iter()
            .find(|e| e.field.as_deref() == Some("employees"))
            .expect("an employees error");
        assert_eq!(e.record, n + 1);
        assert_eq!(e.lead_id, leads[n]["lead_id"].as_str().map(String::from));
        assert!(e.message.contains("should be a number"), "{}", e.message);
    }
    // A null cell is an absent field, as a key left out of JSON.
    let mut absent = leads[1].clone();
    absent.as_object_mut().map(|o| o.remove("employees"));
    assert_eq!(
        rows[1].to_json_line(),
        policy
            .evaluate_json(&absent, 2, as_of(), false)
            .to_json_line()
    );
    // A batch that cannot be read ends the stream with an error row.
    let broken = vec![
        Ok(batch(&leads[..1], false)),
        Err(arrow_schema::ArrowError::ParseError("truncated".into())),
    ];
    let rows = rows_of(&policy, broken.into_iter(), None);
    assert_eq!(rows.len(), 2);
    assert!(rows[1].errors[0].message.contains("truncated"));
}

#[test]
fn not_a_parquet_file_is_an_error_not_a_panic() {
    let path = temp("not.parquet");
    std::fs::write(&path, b"lead_id\nL-1\n").expect("written");
    let err = open_parquet(&path).err().expect("refused");
    assert!(err.to_string().contains("Parquet"), "{err}");
}
