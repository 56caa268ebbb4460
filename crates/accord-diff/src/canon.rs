//! The meaning of a syntax node without its layout: the node serialized with
//! every span removed (two nodes mean the same when their canonical forms are
//! equal, however they were indented, wrapped or commented), and the text of
//! a clause as written, with its line breaks and indentation collapsed, for
//! quoting it in a sentence. A duration's canonical form is its length in
//! the smallest unit of its kind (`2 hours` reads as `120 minutes`, `1
//! quarter` as `3 months`), so rewriting a duration in another unit is no
//! change either.

use accord_syntax::{SourceMap, Span};
use serde::Serialize;
use serde_json::Value;

/// `node` as JSON without spans ([`accord_syntax::canon::canonical`]),
/// with every duration in the smallest unit of its kind.
pub fn canonical<T: Serialize>(node: &T) -> Value {
    let mut value = accord_syntax::canon::canonical(node);
    measure_durations(&mut value);
    value
}

/// Rewrites each serialized duration (`{amount, unit, business}`) in hours
/// as minutes, and in quarters or years as months: the evaluator counts an
/// hour as 60 minutes and a quarter as 3 months in plain and in business
/// time alike. Weeks stay weeks: in a calendar a week is 5 business days,
/// outside one 7 days.
fn measure_durations(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let is_duration = map.len() == 3
                && map.contains_key("business")
                && map.get("amount").is_some_and(Value::is_f64);
            let per = match map.get("unit").and_then(Value::as_str) {
                Some("Hours") if is_duration => Some(("Minutes", 60.0)),
                Some("Quarters") if is_duration => Some(("Months", 3.0)),
                Some("Years") if is_duration => Some(("Months", 12.0)),
                _ => None,
            };
            if let Some((unit, per)) = per {
                let amount = map.get("amount").and_then(Value::as_f64).unwrap_or(0.0);
                map.insert("unit".into(), Value::from(unit));
                map.insert("amount".into(), Value::from(amount * per));
            } else {
                map.values_mut().for_each(measure_durations);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(measure_durations),
        _ => {}
    }
}

/// Like [`canonical`], but names renamed in the newer version read as their
/// new names, so a reference to a renamed definition is no change.
pub fn canonical_renamed<T: Serialize>(node: &T, renames: &[(String, String)]) -> Value {
    let mut value = canonical(node);
    if !renames.is_empty() {
        rename_idents(&mut value, renames);
    }
    value
}

/// Replaces `{"name": old}` (an identifier) by `{"name": new}`.
fn rename_idents(value: &mut Value, renames: &[(String, String)]) {
    match value {
        Value::Object(map) => {
            if map.len() == 1 {
                if let Some(Value::String(name)) = map.get_mut("name") {
                    if let Some((_, to)) = renames.iter().find(|(from, _)| from == name) {
                        *name = to.clone();
                    }
                }
            }
            map.values_mut().for_each(|v| rename_idents(v, renames));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_idents(v, renames)),
        _ => {}
    }
}

/// The text of `span` as written, on one line (runs of whitespace,
/// including line breaks and continuation indentation, become one space).
pub fn clause_text(sources: &SourceMap, span: Span) -> String {
    let Some(file) = sources.get(span.file) else {
        return String::new();
    };
    let text = file.text.get(span.range()).unwrap_or_default();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
