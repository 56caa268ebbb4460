//! Every policy in `policies/` checks clean: no errors and no warnings,
//! and so does each shared file under `policies/shared/` checked on its
//! own (a library imports what it needs and has no "unused" definitions).

mod support;

use std::path::{Path, PathBuf};

use accord_check::Workspace;

fn policy_files() -> Vec<PathBuf> {
    accord_files("../../policies")
}

fn accord_files(under: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(under);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "accord"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn every_policy_checks_clean() {
    let mut files = policy_files();
    let shared = accord_files("../../policies/shared");
    assert!(shared.len() >= 3, "shared schema, calendars and lists");
    files.extend(shared);
    assert!(files.len() >= 8, "no policies found");
    let mut report = String::new();
    for path in &files {
        let mut ws = Workspace::new();
        let id = ws.load(path).expect("policy is readable");
        let diags = ws.diagnostics(id);
        if !diags.is_empty() {
            report.push_str(&format!("== {} ==\n", path.display()));
            report.push_str(&support::render_all(&ws, &diags.iter().collect::<Vec<_>>()));
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn resolved_lists_imports_first_and_entry_last() {
    for path in policy_files() {
        let mut ws = Workspace::new();
        let id = ws.load(&path).expect("policy is readable");
        let resolved = ws.resolved(id);
        let entry_file = resolved.files.last().map(|p| p.file);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let sources = ws.sources();
        let expected = sources
            .files()
            .iter()
            .find(|f| f.path.ends_with(&format!("/{name}")))
            .map(|f| f.id);
        assert_eq!(entry_file, expected);
        let mut ids: Vec<_> = resolved.files.iter().map(|p| p.file).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), resolved.files.len(), "a file appears twice");
        assert!(
            !resolved.schema.fields.is_empty(),
            "{}: no schema",
            path.display()
        );
    }
}
