//! `accord fmt`: one canonical layout for policy files.
//!
//! The formatter changes only where lines break and how they are indented
//! and spaced; it never rewrites a word, never moves a comment to another
//! clause, and never changes what a policy means. The pipeline:
//!
//! 1. parse the file with `accord-syntax` — a file with syntax errors is
//!    refused ([`FormatError::Syntax`]) and left as it is;
//! 2. split it into tokens and lines ([`tokens`]);
//! 3. find from the syntax tree where a clause may go on in the next line
//!    ([`breaks`]);
//! 4. lay the clauses out again ([`layout`], whose docs give the rules);
//! 5. parse the result and compare it with the original, spans and layout
//!    aside ([`meaning`]): if they differ (a fault in the formatter, never
//!    expected), the result is refused ([`FormatError::WouldChangeMeaning`]).

pub mod breaks;
pub mod layout;
pub mod tokens;

use accord_syntax::ast::Policy;
use accord_syntax::{Diagnostic, FileId, Severity};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Why a file was not formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The file has syntax errors (these diagnostics, spans in the file id
    /// given to [`format()`]); it is left as it is.
    Syntax(Vec<Diagnostic>),
    /// The laid-out text would not read the same as the original. A fault
    /// in the formatter: the file is left as it is.
    WouldChangeMeaning,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::Syntax(d) => write!(
                f,
                "the policy has {} syntax error{}; fix {} and format again",
                d.len(),
                if d.len() == 1 { "" } else { "s" },
                if d.len() == 1 { "it" } else { "them" }
            ),
            FormatError::WouldChangeMeaning => f.write_str(
                "formatting would change what this policy means (a fault in accord fmt, please report it); the file is left as it is",
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// Formats the text of one policy file (`file` tags the spans of any
/// diagnostics returned).
pub fn format(file: FileId, text: &str) -> Result<String, FormatError> {
    let (policy, diagnostics) = accord_syntax::parse(file, text);
    let errors: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Err(FormatError::Syntax(errors));
    }
    let lexed = tokens::lex(text);
    let breaks = breaks::find(&policy, &lexed.tokens);
    let formatted = layout::layout(&lexed, &breaks);
    let (again, diagnostics) = accord_syntax::parse(file, &formatted);
    if diagnostics.iter().any(|d| d.severity == Severity::Error)
        || meaning(&again) != meaning(&policy)
    {
        return Err(FormatError::WouldChangeMeaning);
    }
    Ok(formatted)
}

/// What a parsed policy says, without where it says it: the syntax tree
/// with every span removed, and the text of each comment in order. Two
/// files with equal meanings differ only in layout.
pub fn meaning(policy: &Policy) -> Value {
    let mut tree = serde_json::to_value(&policy.items).unwrap_or(Value::Null);
    strip_spans(&mut tree);
    let comments: Vec<&str> = policy.comments.iter().map(|c| c.text.trim_end()).collect();
    serde_json::json!({ "items": tree, "comments": comments })
}

/// Replaces every span (`{file, start, end}`) with null.
fn strip_spans(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let is_span = map.len() == 3
                && map.contains_key("file")
                && map.contains_key("start")
                && map.contains_key("end");
            if is_span {
                *value = Value::Null;
            } else {
                map.values_mut().for_each(strip_spans);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_spans),
        _ => {}
    }
}

/// A unified diff from `old` to `new` (three lines of context), headed
/// with `path`; empty when they are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{path} (as written)"),
            &format!("{path} (formatted)"),
        )
        .to_string()
}

/// Every `.accord` file under `dir` (at any depth), sorted by path.
pub fn policy_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    files_ending_in(dir, ".accord")
}

/// Every file under `dir` (at any depth) whose name ends in `suffix`
/// (`.accord`, `.accord-test`), sorted by path. A symbolic link to a file
/// is listed; one to a directory is not entered (a link to a folder above
/// would list the same files again and again).
pub fn files_ending_in(dir: &Path, suffix: &str) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut entries: Vec<(PathBuf, bool)> = std::fs::read_dir(dir)?
        .map(|e| e.and_then(|e| Ok((e.path(), e.file_type()?.is_dir()))))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for (path, is_dir) in entries {
        if is_dir {
            out.extend(files_ending_in(&path, suffix)?);
        } else if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with(suffix))
        {
            out.push(path);
        }
    }
    Ok(out)
}

/// `files` without a file named a second time (the same file reached
/// through two of the paths given, `policies` and `policies/a.accord`, or
/// through a link), in the order first named.
pub fn without_repeats(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    files
        .into_iter()
        .filter(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())))
        .collect()
}
