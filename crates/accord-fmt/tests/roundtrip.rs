//! Over every policy file in the repository: formatting keeps the meaning
//! (the syntax tree without spans, and the comments), is idempotent, and a
//! file with syntax errors is refused.

mod common;

use accord_fmt::{format, meaning, FormatError};
use accord_syntax::FileId;

fn meaning_of(text: &str) -> serde_json::Value {
    meaning(&accord_syntax::parse(FileId(0), text).0)
}

#[test]
fn every_policy_keeps_its_meaning_and_formats_once() {
    let files = common::policy_files();
    let mut formatted_count = 0;
    for (name, text) in &files {
        if !common::parses(text) {
            continue;
        }
        let once = format(FileId(0), text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            meaning_of(&once),
            meaning_of(text),
            "{name}: meaning changed"
        );
        let twice = format(FileId(0), &once).unwrap_or_else(|e| panic!("{name} (formatted): {e}"));
        assert_eq!(twice, once, "{name}: formatting twice changes it again");
        assert!(
            once.lines().all(|l| l == l.trim_end()),
            "{name}: trailing spaces"
        );
        formatted_count += 1;
    }
    // policies/ (8), tests/policies (3 that parse), the syntax fixtures (2).
    assert!(
        formatted_count >= 13,
        "only {formatted_count} files formatted"
    );
}

#[test]
fn a_file_with_syntax_errors_is_refused_with_its_diagnostics() {
    let mut refused = 0;
    for (name, text) in common::policy_files() {
        if common::parses(&text) {
            continue;
        }
        match format(FileId(7), &text) {
            Err(FormatError::Syntax(diagnostics)) => {
                assert!(!diagnostics.is_empty(), "{name}");
                assert!(
                    diagnostics.iter().all(|d| d.span.file == FileId(7)),
                    "{name}"
                );
                refused += 1;
            }
            other => panic!("{name}: expected a refusal, got {other:?}"),
        }
    }
    // tests/malformed holds about seventy broken files.
    assert!(refused >= 60, "only {refused} refused");
}

#[test]
fn the_meaning_tells_a_real_change_from_a_layout_change() {
    let a = "fit icp:\n  employees is at least 20\n";
    let moved = "fit icp:\n\n    employees   is at least 20   # why\n";
    let changed = "fit icp:\n  employees is at least 21\n";
    let (pa, pm, pc) = (meaning_of(a), meaning_of(moved), meaning_of(changed));
    assert_ne!(pa, pc);
    // A comment is part of what a file says.
    assert_ne!(pa, pm);
    assert_eq!(
        meaning_of("fit icp:\n  employees is at least 20 # why\n"),
        pm
    );
}

#[test]
fn check_diff_is_a_unified_diff_and_empty_when_nothing_changes() {
    let text = "fit icp:\n    employees is at least 20\n";
    let formatted = format(FileId(0), text).expect("formats");
    assert_eq!(formatted, "fit icp:\n  employees is at least 20\n");
    let diff = accord_fmt::unified_diff("p.accord", text, &formatted);
    insta::assert_snapshot!(diff);
    assert_eq!(
        accord_fmt::unified_diff("p.accord", &formatted, &formatted),
        ""
    );
}
