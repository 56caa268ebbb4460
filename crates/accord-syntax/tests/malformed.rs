//! The malformed corpus: `tests/malformed/NN-short-name.accord` at the repo
//! root, one mistake per file (two cases show recovery from several). Each
//! case is parsed and snapshotted — the source, every diagnostic as a person
//! sees it, and the JSON form — in `tests/snapshots/`. Independently of the
//! snapshots, the code checks that every case yields an error whose span is
//! non-empty and inside the file, and that each `# expect: <text>` marker
//! (in order) names the exact text under the matching error.

use accord_syntax::diagnostic::render;
use accord_syntax::{parse, Diagnostic, JsonDiagnostic, RenderOptions, SourceMap};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

struct Case {
    name: String,
    text: String,
    diagnostics: Vec<Diagnostic>,
    sources: SourceMap,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/malformed")
}

fn cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/malformed exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "accord"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("file name")
                .to_string();
            let text = std::fs::read_to_string(&path).expect("readable case");
            let mut sources = SourceMap::new();
            let file = sources.add(format!("tests/malformed/{name}.accord"), text.clone());
            let (_, diagnostics) = parse(file, &text);
            Case {
                name,
                text,
                diagnostics,
                sources,
            }
        })
        .collect()
}

/// The `# expect: <text>` markers of a case, in order.
fn expectations(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .collect()
}

#[test]
fn corpus_is_large_enough() {
    assert!(cases().len() >= 40, "the corpus needs at least 40 cases");
}

#[test]
fn every_case_reports_an_error_at_the_right_place() {
    for case in cases() {
        let errors: Vec<&Diagnostic> = case.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(!errors.is_empty(), "{}: no error reported", case.name);
        for d in &case.diagnostics {
            let (s, e) = (d.span.start as usize, d.span.end as usize);
            assert!(
                s < e && e <= case.text.len(),
                "{}: span {s}..{e} is empty or outside the file",
                case.name
            );
            assert!(
                case.text.is_char_boundary(s) && case.text.is_char_boundary(e),
                "{}: span {s}..{e} splits a character",
                case.name
            );
            assert!(!d.message.is_empty(), "{}: empty message", case.name);
        }
        let expected = expectations(&case.text);
        assert!(
            expected.len() <= errors.len(),
            "{}: {} markers but {} errors",
            case.name,
            expected.len(),
            errors.len()
        );
        for (want, d) in expected.iter().zip(&errors) {
            assert_eq!(
                &case.text[d.span.range()],
                *want,
                "{}: the error points at the wrong text ({})",
                case.name,
                d.message
            );
        }
    }
}

/// Every error says how to fix it: a help line, in words (a message
/// alone tells a reader what is wrong, not what to write).
#[test]
fn every_error_says_how_to_fix_it() {
    for case in cases() {
        for d in case.diagnostics.iter().filter(|d| d.is_error()) {
            assert!(
                d.help.as_deref().is_some_and(|h| !h.trim().is_empty()),
                "{}: no help for: {}",
                case.name,
                d.message
            );
        }
    }
}

#[test]
fn messages_never_show_grammar_names() {
    // Rule names of the grammar look like `kw_between`, `cond_line`,
    // `score_line`; none may reach a reader.
    for case in cases() {
        for d in &case.diagnostics {
            let words = [
                d.message.as_str(),
                d.label.as_str(),
                d.help.as_deref().unwrap_or(""),
            ];
            for text in words {
                for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                    let internal = word.starts_with("kw_")
                        || word.ends_with("_line")
                        || word.ends_with("_block")
                        || word == "EOI"
                        || word == "SOI";
                    assert!(!internal, "{}: `{word}` in {text:?}", case.name);
                }
            }
            assert!(
                !d.message.contains("something else"),
                "{}: a vague message: {}",
                case.name,
                d.message
            );
        }
    }
}

#[test]
fn corpus_covers_every_help_and_every_kind_of_definition() {
    let all = cases();
    let codes: BTreeSet<&str> = all
        .iter()
        .flat_map(|c| c.diagnostics.iter().map(|d| d.code.as_str()))
        .collect();
    for code in accord_syntax::CODES.iter().filter(|c| {
        !matches!(
            **c,
            "accord::syntax::unreadable" | "accord::syntax::too-large"
        )
    }) {
        assert!(codes.contains(code), "no case produces {code}");
    }
    // Each kind of definition has a case whose first error lies inside it.
    let mut kinds = BTreeSet::new();
    for case in &all {
        let Some(d) = case.diagnostics.first() else {
            continue;
        };
        // The text up to the end of the error's line; its last line that
        // starts at column 0 with a word is the definition's header.
        let start = d.span.start as usize;
        let line_end = case.text[start..]
            .find('\n')
            .map_or(case.text.len(), |i| start + i);
        let header = case.text[..line_end]
            .lines()
            .rfind(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()));
        if let Some(word) = header.and_then(|h| h.split_whitespace().next()) {
            kinds.insert(word.to_string());
        }
    }
    for kind in [
        "import",
        "agreement",
        "lead",
        "calendar",
        "list",
        "fit",
        "score",
        "trigger",
        "exclusion",
        "mql",
        "sal",
        "sql",
        "tiers",
        "sla",
        "persistence",
        "rejection",
        "recycling",
        "handoff",
        "metric",
        "breach",
        "drift",
    ] {
        assert!(kinds.contains(kind), "no case has an error inside `{kind}`");
    }
}

#[test]
fn snapshots() {
    for case in cases() {
        let mut out = String::new();
        out.push_str("── source ──\n");
        out.push_str(&case.text);
        out.push_str("\n── diagnostics ──\n");
        for d in &case.diagnostics {
            out.push_str(&render(
                d,
                &case.sources,
                RenderOptions {
                    color: false,
                    width: 80,
                },
            ));
            out.push('\n');
        }
        out.push_str("── json ──\n");
        let json: Vec<JsonDiagnostic> = case
            .diagnostics
            .iter()
            .map(|d| JsonDiagnostic::new(d, &case.sources))
            .collect();
        out.push_str(&serde_json::to_string_pretty(&json).expect("JSON"));
        out.push('\n');
        insta::assert_snapshot!(case.name.clone(), out);
    }
}
