//! `accord check FILE|DIR... [--root DIR] [--format json] [--deny warnings] [--as-of T] [--leads FILE [--events FILE]]`:
//! parse and check policies (with their imports) and, optionally, lead
//! records against the policy's schema. A directory stands for every
//! `.accord` file under it. An agreement whose `next review` date has
//! passed (at `--as-of`, default now) is overdue for review: a note, not a
//! warning, so a date passing never breaks a build.

use super::eval::parse_as_of;
use super::{exit, render_all, usage_error};
use crate::cli::{CheckArgs, Deny, DiagnosticFormat};
use crate::leads::{check_inputs, FileWarning, InputError, RecordCount};
use accord_check::{PolicyId, Workspace};
use accord_eval::ReviewStatus;
use accord_syntax::{Diagnostic, JsonDiagnostic, Severity};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic>,
    record_errors: &'a [InputError],
    /// Ignored columns and keys, duplicate lead ids (no effect on the exit code).
    input_warnings: &'a [FileWarning],
    /// Policy files that could not be read (the others are still checked).
    unreadable: &'a [Unreadable],
    /// Every agreement with a `next review` date, judged at the as-of date.
    reviews: &'a [ReviewNote],
    errors: usize,
    warnings: usize,
    /// With `--leads`: how many lead records were read, and how many of
    /// them could not be.
    #[serde(skip_serializing_if = "Option::is_none")]
    records: Option<RecordCount>,
}

/// A policy file given on the command line that could not be read.
#[derive(Serialize)]
struct Unreadable {
    file: String,
    message: String,
}

/// An agreement's review date, judged at the check's as-of date.
#[derive(Serialize)]
struct ReviewNote {
    file: String,
    agreement: String,
    version: Option<String>,
    #[serde(flatten)]
    status: ReviewStatus,
}

impl ReviewNote {
    fn describe(&self) -> String {
        let version = self
            .version
            .as_deref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        format!(
            "note: {}{version} ({}) is {}",
            self.agreement,
            self.file,
            self.status.sentence()
        )
    }
}

/// The files to check: each file as given, a directory replaced by the
/// `.accord` files under it (sorted, hidden entries skipped).
fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            // Unreadable: `Workspace::load` reports it in words.
            out.push(dir.to_path_buf());
            return;
        };
        // A symbolic link is not followed into a directory (no loops, and
        // nothing outside the folder given).
        let mut found: Vec<(PathBuf, bool)> = entries
            .flatten()
            .filter(|e| !e.file_name().to_str().is_some_and(|n| n.starts_with('.')))
            .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
            .collect();
        found.sort();
        for (p, is_dir) in found {
            if is_dir {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "accord") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out
}

pub fn run(args: &CheckArgs, color: bool) -> u8 {
    let as_of = match parse_as_of(args.as_of.as_deref()) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut workspace = Workspace::new();
    workspace.set_root(args.root.as_deref());
    let mut entries = Vec::new();
    // A file that cannot be read is reported, and the others still checked.
    let mut unreadable = Vec::new();
    for file in &expand(&args.files) {
        match workspace.load(file) {
            Ok(id) => entries.push(id),
            Err(e) => unreadable.push(Unreadable {
                file: file.display().to_string(),
                message: e.to_string(),
            }),
        }
    }
    // Files shared through imports are reported once.
    let diagnostics: Vec<Diagnostic> = workspace.diagnostics_of(&entries);
    let sources = workspace.sources();
    let reviews = review_notes(&workspace, &entries, as_of);

    let mut record_errors: Vec<InputError> = Vec::new();
    let mut input_warnings: Vec<FileWarning> = Vec::new();
    let mut records = None;
    if let Some(leads_path) = &args.leads {
        let Some(first) = entries.first() else {
            return usage_error("--leads needs a policy file");
        };
        let schema = workspace.resolved(*first).schema;
        // Each error names its file (leads or events); see leads.rs.
        match check_inputs(&schema, leads_path, args.events.as_deref()) {
            Ok(checked) => {
                records = Some(checked.records);
                (record_errors, input_warnings) = (checked.errors, checked.warnings);
            }
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
                reviews: &reviews,
                errors,
                warnings,
                records,
            };
            match serde_json::to_string_pretty(&report) {
                Ok(s) => outln!("{s}"),
                Err(e) => return usage_error(e),
            }
        }
        DiagnosticFormat::Text => {
            for u in &unreadable {
                errln!("error: {}", u.message);
            }
            if !diagnostics.is_empty() {
                err!("{}", render_all(&diagnostics, &sources, color));
            }
            for e in &record_errors {
                errln!("{}", e.describe());
            }
            for w in &input_warnings {
                errln!("{}", w.describe());
            }
            for r in reviews.iter().filter(|r| r.status.overdue) {
                errln!("{}", r.describe());
            }
            errln!(
                "{}",
                summary_line(entries.len(), records, errors, warnings, &record_errors)
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

/// The review date of each entry's agreement (each agreement once).
fn review_notes(
    workspace: &Workspace,
    entries: &[PolicyId],
    as_of: DateTime<Utc>,
) -> Vec<ReviewNote> {
    let mut notes: Vec<ReviewNote> = Vec::new();
    for id in entries {
        let resolved = workspace.resolved(*id);
        let meta = accord_eval::policy_meta(&resolved.files, &resolved.sources);
        let Some(status) = ReviewStatus::at(&meta, as_of) else {
            continue;
        };
        if notes
            .iter()
            .any(|n| *n.agreement == *meta.name && n.version.as_deref() == meta.version.as_deref())
        {
            continue;
        }
        let file = resolved
            .files
            .last()
            .and_then(|f| resolved.sources.get(f.file))
            .map(|s| s.path.clone())
            .unwrap_or_default();
        notes.push(ReviewNote {
            file,
            agreement: meta.name.to_string(),
            version: meta.version.as_deref().map(str::to_string),
            status,
        });
    }
    notes
}

/// `checked 2 policies: 0 errors, 1 warning, 3 bad lead record fields, 1
/// events file error`: the inputs' errors counted by what they are about
/// (a lead record's field, the leads file as a whole — its header —, or a
/// row of the events file).
fn summary_line(
    files: usize,
    records: Option<RecordCount>,
    errors: usize,
    warnings: usize,
    inputs: &[InputError],
) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    // `and 600 lead records (18 unreadable)` after the policies, with
    // `--leads`.
    let leads = records.map_or(String::new(), |r| {
        let unreadable = match r.unreadable {
            0 => String::new(),
            n => format!(" ({n} unreadable)"),
        };
        format!(" and {}{unreadable}", plural(r.read, "lead record"))
    });
    let mut s = format!(
        "checked {}{leads}: {}, {}",
        plural(files, "policy"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    for (about, word) in [
        ("record", "bad lead record field"),
        ("input", "leads file error"),
        ("events", "events file error"),
    ] {
        let n = inputs.iter().filter(|e| e.about() == about).count();
        if n > 0 {
            s.push_str(&format!(", {}", plural(n, word)));
        }
    }
    s.replace("policys", "policies")
}
