//! The meaning of a syntax node without its layout: the node serialized
//! with every span removed, so that two nodes mean the same when their
//! canonical forms are equal, however they were indented, wrapped or
//! commented. `accord diff` matches and compares definitions with it;
//! `re-enter when the icp definition has changed since the rejection`
//! compares one definition across versions with it.

use serde::Serialize;
use serde_json::Value;

/// `node` as JSON with every span (and every `*_span` field) removed.
pub fn canonical<T: Serialize>(node: &T) -> Value {
    let mut value = serde_json::to_value(node).unwrap_or(Value::Null);
    strip_spans(&mut value);
    value
}

fn is_span(map: &serde_json::Map<String, Value>) -> bool {
    map.len() == 3
        && ["file", "start", "end"]
            .iter()
            .all(|k| map.contains_key(*k))
}

fn strip_spans(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|k, v| {
                !(k == "span"
                    || k.ends_with("_span")
                    || matches!(v, Value::Object(m) if is_span(m)))
            });
            map.values_mut().for_each(strip_spans);
        }
        Value::Array(items) => {
            items.retain(|v| !matches!(v, Value::Object(m) if is_span(m)));
            items.iter_mut().for_each(strip_spans);
        }
        _ => {}
    }
}
