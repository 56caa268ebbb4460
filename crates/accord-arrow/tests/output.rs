//! Rows built as Arrow (`rows_batch`) hold exactly the JSON rows' values:
//! read back, each row equals its `--format json` row; integers are
//! signed 64-bit at every depth; an explanation is JSON text; no rows give
//! no table.

use accord::{Policy, Row};
use accord_arrow::rows_batch;
use arrow_schema::{DataType, Field};
use serde_json::Value;

fn policy() -> Policy {
    Policy::load("../../policies/mql-sql-agreement.accord").expect("the bundled policy checks")
}

/// Every bundled record (malformed ones too: they are error rows).
fn rows(policy: &Policy, explain: bool) -> Vec<Row> {
    let text = std::fs::read("../../examples/data/leads.ndjson").expect("bundled data");
    let as_of = "2026-11-20T15:00:00Z".parse().expect("an instant");
    policy
        .evaluate_reader(
            &text[..],
            accord::InputFormat::Ndjson,
            None,
            as_of,
            explain,
            1,
        )
        .take(300)
        .collect()
}

fn no_unsigned_or_narrow(field: &Field) -> bool {
    match field.data_type() {
        DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32 => false,
        DataType::Struct(children) => children.iter().all(|c| no_unsigned_or_narrow(c)),
        DataType::List(item) | DataType::LargeList(item) => no_unsigned_or_narrow(item),
        _ => true,
    }
}

#[test]
fn the_batch_holds_the_json_rows() {
    let policy = policy();
    let rows = rows(&policy, false);
    let expected: Vec<Value> = rows
        .iter()
        .map(|r| serde_json::to_value(r).expect("a row is JSON"))
        .collect();
    assert!(
        rows.iter().any(|r| !r.errors.is_empty()) && rows.iter().any(|r| r.mql == Some(true)),
        "error rows and decisions both present"
    );
    let batch = rows_batch(rows, false).expect("built").expect("rows");
    assert_eq!(batch.num_rows(), expected.len());
    let names: Vec<&str> = batch
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    let keys: Vec<&str> = expected[0]
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, keys, "one column per key of the JSON row");
    assert_eq!(names[0], "id");
    assert!(batch
        .schema_ref()
        .fields()
        .iter()
        .all(|f| no_unsigned_or_narrow(f)));
    let back: Vec<Value> = serde_arrow::from_record_batch(&batch).expect("read back");
    for (i, (got, want)) in back.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "row {}", i + 1);
    }
}

#[test]
fn explanations_are_json_text() {
    let policy = policy();
    let rows = rows(&policy, true);
    let trees: Vec<Option<Value>> = rows
        .iter()
        .map(|r| {
            r.explanation
                .as_ref()
                .map(|e| serde_json::to_value(e).expect("JSON"))
        })
        .collect();
    let batch = rows_batch(rows, true).expect("built").expect("rows");
    let column = batch
        .column_by_name("explanation")
        .expect("an explanation column");
    let text = column
        .as_any()
        .downcast_ref::<arrow_array::StringArray>()
        .expect("text");
    for (i, tree) in trees.iter().enumerate() {
        let got = (!arrow_array::Array::is_null(text, i))
            .then(|| serde_json::from_str::<Value>(text.value(i)).expect("JSON text"));
        assert_eq!(&got, tree, "row {}", i + 1);
    }
    assert!(trees.iter().any(Option::is_some));
}

#[test]
fn no_rows_give_no_table() {
    assert!(rows_batch(Vec::new(), false).expect("fine").is_none());
}
