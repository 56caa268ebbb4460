//! The checker's diagnostics as LSP diagnostics: the exact span, the
//! message, the help line (and where to read more, as `accord check` says
//! it), the code, and related spans ("first declared here") as related
//! information, in whichever file of the policy set they lie.

use accord_check::load::MAX_POLICY_BYTES;
use accord_syntax::{Diagnostic, Severity};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, NumberOrString, Range,
};

use crate::state::State;

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
    checker_diagnostics(state, path)
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
        .collect()
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
