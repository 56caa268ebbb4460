//! `accord check FILE... [--root DIR] [--format json] [--deny warnings] [--leads FILE [--events FILE]]`:
//! parse and check policies (with their imports) and, optionally, lead
//! records against the policy's schema.

use super::{exit, render_all, usage_error};
use crate::cli::{CheckArgs, Deny, DiagnosticFormat};
use crate::leads::{check_inputs, FileWarning, InputError};
use accord_check::Workspace;
use accord_syntax::{Diagnostic, JsonDiagnostic, Severity};
use serde::Serialize;

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic>,
    record_errors: &'a [InputError],
    /// Ignored columns and keys, duplicate lead ids (no effect on the exit code).
    input_warnings: &'a [FileWarning],
    /// Policy files that could not be read (the others are still checked).
    unreadable: &'a [Unreadable],
    errors: usize,
    warnings: usize,
}

/// A policy file given on the command line that could not be read.
#[derive(Serialize)]
struct Unreadable {
    file: String,
    message: String,
}

pub fn run(args: &CheckArgs, color: bool) -> u8 {
    let mut workspace = Workspace::new();
    workspace.set_root(args.root.as_deref());
    let mut entries = Vec::new();
    // A file that cannot be read is reported, and the others still checked.
    let mut unreadable = Vec::new();
    for file in &args.files {
        match workspace.load(file) {
            Ok(id) => entries.push(id),
            Err(e) => unreadable.push(Unreadable {
                file: file.display().to_string(),
                message: e.to_string(),
            }),
        }
    }
    // Files shared through imports are reported once.
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for id in &entries {
        for d in workspace.diagnostics(*id) {
            if !diagnostics.contains(&d) {
                diagnostics.push(d);
            }
        }
    }
    let sources = workspace.sources();

    let mut record_errors: Vec<InputError> = Vec::new();
    let mut input_warnings: Vec<FileWarning> = Vec::new();
    if let Some(leads_path) = &args.leads {
        let Some(first) = entries.first() else {
            return usage_error("--leads needs a policy file");
        };
        let schema = workspace.resolved(*first).schema;
        // Each error names its file (leads or events); see leads.rs.
        match check_inputs(&schema, leads_path, args.events.as_deref()) {
            Ok(checked) => (record_errors, input_warnings) = (checked.errors, checked.warnings),
            Err(code) => return code,
        }
    }

    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        DiagnosticFormat::Json => {
            let report = JsonReport {
                diagnostics: diagnostics
                    .iter()
                    .map(|d| JsonDiagnostic::new(d, &sources))
                    .collect(),
                record_errors: &record_errors,
                input_warnings: &input_warnings,
                unreadable: &unreadable,
                errors,
                warnings,
            };
            match serde_json::to_string_pretty(&report) {
                Ok(s) => println!("{s}"),
                Err(e) => return usage_error(e),
            }
        }
        DiagnosticFormat::Text => {
            for u in &unreadable {
                eprintln!("error: {}", u.message);
            }
            if !diagnostics.is_empty() {
                eprint!("{}", render_all(&diagnostics, &sources, color));
            }
            for e in &record_errors {
                eprintln!("{}", e.describe());
            }
            for w in &input_warnings {
                eprintln!("{}", w.describe());
            }
            eprintln!(
                "{}",
                summary_line(entries.len(), errors, warnings, record_errors.len())
            );
        }
    }
    let deny_warnings = args.deny == Some(Deny::Warnings);
    if !unreadable.is_empty() {
        exit::USAGE
    } else if errors > 0 || (deny_warnings && warnings > 0) {
        exit::POLICY_ERRORS
    } else if !record_errors.is_empty() {
        exit::RECORD_ERRORS
    } else {
        exit::OK
    }
}

fn summary_line(files: usize, errors: usize, warnings: usize, records: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut s = format!(
        "checked {}: {}, {}",
        plural(files, "policy"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if records > 0 {
        s.push_str(&format!(", {}", plural(records, "bad lead record field")));
    }
    s.replace("policys", "policies")
}
