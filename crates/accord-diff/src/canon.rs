//! The meaning of a syntax node without its layout: the node serialized with
//! every span removed (two nodes mean the same when their canonical forms are
//! equal, however they were indented, wrapped or commented), and the text of
//! a clause as written, with its line breaks and indentation collapsed, for
//! quoting it in a sentence.

use accord_syntax::{SourceMap, Span};
use serde::Serialize;
use serde_json::Value;

pub use accord_syntax::canon::canonical;

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
