//! Helpers shared by the integration tests: load a policy of `policies/`
//! (with its imports, through the checker's `Workspace`) or one written in
//! the test, read a bundled NDJSON file of leads, evaluate one lead by id as
//! of an instant.

#![allow(clippy::unwrap_used, clippy::panic, dead_code)]

use accord_eval::{CompiledPolicy, Decision};
use accord_records::{read_leads, InputFormat, Lead, Schema};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `policies/<name>` compiled (panics on errors).
pub fn load(name: &str) -> (CompiledPolicy, Schema) {
    let mut ws = accord_check::Workspace::new();
    let id = ws.load(&root().join("policies").join(name)).unwrap();
    compile_checked(&ws, id, name)
}

/// A one-file policy written in the test, opened as `path` (which need not
/// exist), compiled (panics on errors).
pub fn from_text(path: &str, text: &str) -> (CompiledPolicy, Schema) {
    let mut ws = accord_check::Workspace::new();
    let id = ws.open(Path::new(path), text.to_string());
    compile_checked(&ws, id, path)
}

/// The policy `id` of `ws`, checked to have no errors, then compiled.
fn compile_checked(
    ws: &accord_check::Workspace,
    id: accord_check::PolicyId,
    name: &str,
) -> (CompiledPolicy, Schema) {
    let errors: Vec<_> = ws
        .diagnostics(id)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{name} has errors: {errors:#?}");
    let r = ws.resolved(id);
    match accord_eval::compile(&r.files, &r.schema, &r.sources) {
        Ok(p) => (p, r.schema),
        Err(d) => panic!("compile {name}: {d:#?}"),
    }
}

/// The readable leads of a bundled NDJSON file (relative to the root).
pub fn leads(schema: &Schema, file: &str) -> Vec<Lead> {
    let text = std::fs::read(root().join(file)).unwrap();
    read_leads(schema, text.as_slice(), InputFormat::Ndjson, None)
        .filter_map(|o| o.result.ok())
        .collect()
}

/// `2026-11-20T15:00:00Z` as an instant.
pub fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The seed agreement.
pub const SEED: &str = "mql-sql-agreement.accord";
/// The hand-written edge cases.
pub const EDGE: &str = "examples/edge-cases/leads.ndjson";
/// The generated example data.
pub const DATA: &str = "examples/data/leads.ndjson";
/// The example data's export instant.
pub const EXPORT: &str = "2026-11-30T15:00:00Z";

/// Evaluates lead `id` of `file` under `policies/<policy>` as of `as_of`,
/// with its explanation.
pub fn decide(policy: &str, file: &str, id: &str, as_of: &str) -> (CompiledPolicy, Decision) {
    let (p, schema) = load(policy);
    let lead = leads(&schema, file)
        .into_iter()
        .find(|l| &*l.id == id)
        .unwrap_or_else(|| panic!("no lead {id} in {file}"));
    let d = p.evaluate(&lead, t(as_of), true);
    let plain = p.evaluate(&lead, t(as_of), false);
    assert_eq!(
        plain,
        Decision {
            explanation: None,
            ..d.clone()
        },
        "{id}: deciding and explaining agree"
    );
    (p, d)
}

/// The clause tree of a decision's text explanation (`--detail full`,
/// after the summary).
pub fn text(d: &Decision) -> String {
    tree(d.explanation.as_ref().unwrap())
}

/// The clause tree of a text explanation (`--detail full`, after the summary).
pub fn tree(x: &accord_eval::Explanation) -> String {
    let full = x.render_text(accord_eval::Detail::Full);
    let tree = full.split_once("\nevery clause\n").map_or("", |(_, t)| t);
    tree.to_string()
}

/// The lines of the text explanation containing `needle`.
pub fn lines_with<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(needle)).collect()
}
