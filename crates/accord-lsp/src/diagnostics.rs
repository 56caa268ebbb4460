//! The checker's diagnostics as LSP diagnostics: the exact span, the
//! message, the help line (and where to read more, as `accord check` says
//! it), the code, and related spans ("first declared here") as related
//! information, in whichever file of the policy set they lie. An error in
//! an imported file the editor has not opened is shown on the import line
//! that brings the file in (else it would be shown nowhere, and the
//! document's own errors may be only its consequences).

use accord_check::ide::{self, Target};
use accord_check::load::MAX_POLICY_BYTES;
use accord_check::resolve::policy_files;
use accord_check::PolicyId;
use accord_syntax::{Diagnostic, Severity};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, NumberOrString, Range,
};

use crate::navigation::{folder, shown};
use crate::state::{Document, State};

/// The checker's diagnostics of an open document, with absolute spans in
/// it (those in its imports are reported on the imports themselves).
pub fn checker_diagnostics(state: &State, path: &str) -> Vec<Diagnostic> {
    let Some(id) = state.policy(path) else {
        return Vec::new();
    };
    let file_id = id.entry().file_id(state.ws.db());
    state
        .ws
        .diagnostics(id)
        .into_iter()
        .filter(|d| d.span.file == file_id)
        .collect()
}

/// The LSP diagnostics of an open document.
pub fn document_diagnostics(state: &State, path: &str) -> Vec<lsp_types::Diagnostic> {
    let Some(doc) = state.docs.get(path) else {
        return Vec::new();
    };
    if doc.too_large {
        return vec![lsp_types::Diagnostic {
            range: Range::default(),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("accord".into()),
            message: format!(
                "this file is larger than {} MiB, the most a policy file may hold, so it is not checked",
                MAX_POLICY_BYTES >> 20
            ),
            ..Default::default()
        }];
    }
    let Some(id) = state.policy(path) else {
        return Vec::new();
    };
    let mut texts = state.texts();
    let mut out: Vec<lsp_types::Diagnostic> = checker_diagnostics(state, path)
        .iter()
        .map(|d| {
            let range = doc
                .index
                .range(&doc.text, d.span.start as usize, d.span.end as usize);
            let related: Vec<DiagnosticRelatedInformation> = d
                .related
                .iter()
                .filter_map(|r| {
                    let file = state.file_of(id, r.span.file)?;
                    Some(DiagnosticRelatedInformation {
                        location: texts.location(file, r.span)?,
                        message: r.label.clone(),
                    })
                })
                .collect();
            to_lsp(d, range, related)
        })
        .collect();
    out.extend(import_errors(state, id, path, doc));
    out
}

/// The errors in files of the policy set the editor has not opened, each on
/// the import line of `doc` through which its file is read, its message
/// saying where it lies (`shared/schema.accord:4: …`).
fn import_errors(
    state: &State,
    id: PolicyId,
    path: &str,
    doc: &Document,
) -> Vec<lsp_types::Diagnostic> {
    let db = state.ws.db();
    let entry = id.entry();
    let files = policy_files(db, entry);
    // Each import line of the document with the files read through it.
    let imports: Vec<(accord_syntax::Span, Vec<String>)> = ide::file_occurrences(db, entry, entry)
        .into_iter()
        .filter_map(|o| match &o.target {
            Target::File(target) => {
                let file = files.iter().find(|f| f.path(db) == target)?;
                let reached = policy_files(db, *file).iter().map(|f| f.path(db).clone());
                Some((o.span, reached.collect()))
            }
            _ => None,
        })
        .collect();
    let dir = folder(path);
    let mut texts = state.texts();
    let mut out = Vec::new();
    for d in state.ws.diagnostics(id) {
        if d.severity != Severity::Error || d.span.file == entry.file_id(db) {
            continue;
        }
        let Some(file) = state.file_of(id, d.span.file) else {
            continue;
        };
        let file_path = file.path(db);
        if state.docs.contains_key(file_path) {
            continue; // shown on the file itself
        }
        let Some((import, _)) = imports
            .iter()
            .find(|(_, reached)| reached.contains(file_path))
        else {
            continue;
        };
        let range = doc
            .index
            .range(&doc.text, import.start as usize, import.end as usize);
        let Some(location) = texts.location(file, d.span) else {
            continue;
        };
        let mut shifted = d.clone();
        shifted.message = format!(
            "{}:{}: {}",
            shown(file_path, &dir),
            location.range.start.line + 1,
            d.message
        );
        let related = vec![DiagnosticRelatedInformation {
            location,
            message: d.label.clone(),
        }];
        out.push(to_lsp(&shifted, range, related));
    }
    out
}

/// One diagnostic, its range already converted.
pub fn to_lsp(
    d: &Diagnostic,
    range: Range,
    related: Vec<DiagnosticRelatedInformation>,
) -> lsp_types::Diagnostic {
    // The label ("unknown name") is what a terminal draws under the span;
    // an editor underlines the span itself, so the message says enough.
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    if accord_syntax::docs::code_page(&d.code).is_some() {
        message.push_str(&format!("\nfor more: accord docs {}", d.code));
    }
    let unnecessary = d.code == "accord::unused-definition";
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.clone())),
        source: Some("accord".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: unnecessary.then(|| vec![DiagnosticTag::UNNECESSARY]),
        ..Default::default()
    }
}
