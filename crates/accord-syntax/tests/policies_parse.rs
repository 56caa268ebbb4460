//! Every policy in `policies/` (and language.md's example, kept as a
//! fixture) parses with no diagnostics.

use accord_syntax::{diagnostic::render, parse, FileId, RenderOptions, SourceMap};
use std::path::{Path, PathBuf};

fn accord_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            accord_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "accord") {
            out.push(path);
        }
    }
}

fn assert_parses_clean(path: &Path) -> accord_syntax::ast::Policy {
    let text = std::fs::read_to_string(path).expect("readable policy");
    let mut sources = SourceMap::new();
    let file = sources.add(path.display().to_string(), text.clone());
    let (policy, diagnostics) = parse(file, &text);
    let rendered: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            render(
                d,
                &sources,
                RenderOptions {
                    color: false,
                    width: 100,
                },
            )
        })
        .collect();
    assert!(
        diagnostics.is_empty(),
        "{} has syntax errors:\n{}",
        path.display(),
        rendered.join("\n")
    );
    policy
}

#[test]
fn every_policy_parses_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies");
    let mut files = Vec::new();
    accord_files(&root, &mut files);
    assert!(
        files.len() >= 8,
        "expected the seed policies and shared files, found {}",
        files.len()
    );
    for path in files {
        let policy = assert_parses_clean(&path);
        assert!(
            !policy.items.is_empty(),
            "{} parsed to nothing",
            path.display()
        );
    }
}

#[test]
fn language_md_example_parses_clean() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/language-example.accord");
    let policy = assert_parses_clean(&path);
    let text = std::fs::read_to_string(&path).expect("fixture");
    // 19 definitions: agreement, fields, calendar, list, fit, score, trigger,
    // 2 exclusions, mql, tiers, 2 slas, persistence, reasons, recycling, 2 breaches… (metrics absent)
    assert!(
        policy.items.len() >= 17,
        "only {} items",
        policy.items.len()
    );
    // Spans point at the text they came from.
    let fit = policy.items.iter().find_map(|i| match i {
        accord_syntax::ast::Item::Fit(f) => Some(f),
        _ => None,
    });
    let fit = fit.expect("a fit");
    assert_eq!(&text[fit.name.span.range()], "icp");
    let first = fit.conditions.first().expect("conditions");
    assert_eq!(&text[first.span.range()], "employees is between 20 and 500");
    let _ = FileId(0);
}
