//! Quick fixes and formatting: edits the server hands the editor.
//!
//! A quick fix is a diagnostic's replacement
//! ([`accord_syntax::Diagnostic::replacement`]): the checker sets one only
//! where the fix has one right answer (every "did you mean" of a name,
//! `>=` → `is at least`, a missing `:` or `,`, `40` → `40%`, curly
//! quotes, `-` in a name). Formatting runs the formatter (`accord fmt`);
//! a document with syntax errors is left as it is. Every edit names the
//! document version it was computed for, so a client whose document moved
//! on refuses it rather than applying it to other text.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Range, TextDocumentEdit, TextEdit, WorkspaceEdit,
};

use crate::diagnostics::{checker_diagnostics, to_lsp};
use crate::state::{Document, State};

/// The quick fixes of the diagnostics that touch `range`.
pub fn code_actions(state: &State, path: &str, range: Range) -> Vec<CodeActionOrCommand> {
    let Some(doc) = state.docs.get(path) else {
        return Vec::new();
    };
    let from = doc.index.offset(&doc.text, range.start);
    let to = doc.index.offset(&doc.text, range.end);
    let mut out = Vec::new();
    for d in checker_diagnostics(state, path) {
        let Some(replacement) = &d.replacement else {
            continue;
        };
        let (start, end) = (d.span.start as usize, d.span.end as usize);
        if end < from || start > to {
            continue;
        }
        let written = doc.text.get(start..end).unwrap_or("");
        let edit_range = doc.index.range(&doc.text, start, end);
        let title = if written.is_empty() {
            format!("Write `{replacement}`")
        } else {
            format!("Replace `{written}` with `{replacement}`")
        };
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![to_lsp(&d, edit_range, Vec::new())]),
            edit: Some(edit(
                doc,
                vec![TextEdit {
                    range: edit_range,
                    new_text: replacement.clone(),
                }],
            )),
            is_preferred: Some(true),
            ..Default::default()
        }));
    }
    out
}

/// The edits that lay the document out as `accord fmt` does, or none when
/// it has syntax errors (or is laid out already).
pub fn format(state: &State, path: &str) -> Option<Vec<TextEdit>> {
    let doc = state.docs.get(path)?;
    if doc.too_large {
        return None;
    }
    let mut formatted = accord_fmt::format(accord_syntax::FileId(0), &doc.text).ok()?;
    // The formatter writes `\n`; a document with `\r\n` line endings keeps
    // them (else every line would be an edit).
    if doc.text.contains("\r\n") {
        formatted = formatted.replace('\n', "\r\n");
    }
    Some(minimal_edit(doc, &formatted).into_iter().collect())
}

/// One edit that turns the document's text into `new`, covering only what
/// differs (the common start and end stay, so the cursor and folds do).
fn minimal_edit(doc: &Document, new: &str) -> Option<TextEdit> {
    let old = doc.text.as_str();
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Some(TextEdit {
        range: doc.index.range(old, prefix, old.len() - suffix),
        new_text: new.get(prefix..new.len() - suffix)?.to_string(),
    })
}

/// A workspace edit of one document at its current version.
fn edit(doc: &Document, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: doc.uri.clone(),
                version: Some(doc.version),
            },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        }])),
        changes: None::<HashMap<_, _>>,
        change_annotations: None,
    }
}
