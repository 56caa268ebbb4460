//! What the formatter tests share: every policy file in the repository.

use std::path::Path;

/// Every `.accord` file under `policies/`, `examples/`, `tests/` and the
/// syntax crate's fixtures, with its text (sorted by path).
pub fn policy_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths = Vec::new();
    for dir in [
        "policies",
        "examples",
        "tests",
        "crates/accord-syntax/tests/fixtures",
    ] {
        paths.extend(accord_fmt::policy_files(&root.join(dir)).unwrap_or_default());
    }
    paths
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let name = p.strip_prefix(&root).unwrap_or(&p).display().to_string();
            Some((name, text))
        })
        .collect()
}

/// Whether the parser reads `text` without errors.
pub fn parses(text: &str) -> bool {
    let (_, diagnostics) = accord_syntax::parse(accord_syntax::FileId(0), text);
    diagnostics
        .iter()
        .all(|d| d.severity != accord_syntax::Severity::Error)
}
