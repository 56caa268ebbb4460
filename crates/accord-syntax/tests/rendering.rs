//! How diagnostics are drawn for people at the edges: a column counted in
//! characters (as the JSON form and editors count it) on lines with
//! non-ASCII text, and an excerpt instead of the whole line when a line is
//! very long (miette cannot draw lines past 65,535 columns).

use accord_syntax::{diagnostic::render, parse, JsonDiagnostic, RenderOptions, SourceMap};

/// Parses `text` as `case.accord` and renders its first diagnostic
/// without colour at 80 columns, with the JSON form's line and column.
fn first_diagnostic(text: &str) -> (String, usize, usize) {
    let mut sources = SourceMap::new();
    let file = sources.add("case.accord", text.to_string());
    let (_, diagnostics) = parse(file, text);
    let d = diagnostics.first().expect("a diagnostic");
    let json = JsonDiagnostic::new(d, &sources);
    let opts = RenderOptions {
        color: false,
        width: 80,
    };
    (render(d, &sources, opts), json.line, json.column)
}

#[test]
fn columns_count_characters_like_the_json_form() {
    let (text, line, column) = first_diagnostic("list l \"é\": \"ü\" \"x\"\n");
    assert_eq!((line, column), (1, 13));
    assert!(text.contains("[case.accord:1:13]"), "{text}");
    insta::assert_snapshot!("non_ascii_column", text);
}

#[test]
fn a_very_long_line_is_quoted_as_an_excerpt() {
    let policy = format!("list l \"{}\": \"x\" \"y\"\n", "a".repeat(70_000));
    let (text, line, column) = first_diagnostic(&policy);
    assert_eq!((line, column), (1, 70_012));
    assert!(text.contains("[case.accord:1:70012]"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() < 200), "{text}");
    insta::assert_snapshot!("long_line_excerpt", text);
}

/// A definition beyond the parser's step limit is "too large", with a help
/// line, not a misleading syntax error somewhere inside it; its one-line
/// span is drawn as an excerpt too.
#[test]
fn a_definition_too_large_to_read_says_so() {
    let values: Vec<String> = (0..120_000).map(|i| format!("\"v{i}\"")).collect();
    let policy = format!("list big: {}\n", values.join(", "));
    let (text, line, column) = first_diagnostic(&policy);
    assert_eq!((line, column), (1, 1));
    assert!(text.lines().all(|l| l.chars().count() < 200), "{text}");
    insta::assert_snapshot!("too_large", text);
}
