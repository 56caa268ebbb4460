//! Numbers larger in size than `accord_syntax::MAX_NUMBER` are refused where
//! they are written (they once read as infinity: `+1e400 points` made every
//! score infinite and a decay of it NaN); the bound itself is accepted.

use accord_syntax::{diagnostic::render, parse, RenderOptions, SourceMap, MAX_NUMBER};

/// The rendered diagnostics of `text` (no colour, 80 columns) with code
/// `accord::syntax::number-too-large`.
fn too_large(text: &str) -> Vec<String> {
    let mut sources = SourceMap::new();
    let file = sources.add("case.accord", text.to_string());
    let (_, diagnostics) = parse(file, text);
    let opts = RenderOptions {
        color: false,
        width: 80,
    };
    diagnostics
        .iter()
        .filter(|d| d.code == "accord::syntax::number-too-large")
        .map(|d| render(d, &sources, opts))
        .collect()
}

#[test]
fn points_beyond_the_bound_are_refused() {
    let policy = format!(
        "score s:\n  +{} for each activity \"visit\"\n",
        "9".repeat(40)
    );
    let found = too_large(&policy);
    assert_eq!(found.len(), 1, "{found:?}");
    insta::assert_snapshot!("points_too_large", found[0]);
}

#[test]
fn every_kind_of_number_is_bounded() {
    let big = "10000000000000001";
    for text in [
        format!("fit f:\n  n is at least {big}\n"),
        format!("fit f:\n  n is between -{big} and 3\n"),
        format!("score s:\n  +1 for each activity \"v\", at most {big}\n"),
        format!(
            "score s:\n  +1 when n is present\n  decays 10% every {big} days without activity\n"
        ),
        format!("trigger t:\n  any of, within the last {big} minutes:\n    an activity \"v\"\n"),
        format!("fit f:\n  n is at most {big}%\n"),
    ] {
        assert_eq!(too_large(&text).len(), 1, "{text}");
    }
}

#[test]
fn the_bound_itself_is_a_number() {
    assert_eq!(MAX_NUMBER, 1e15);
    for text in [
        "fit f:\n  n is between -1000000000000000 and 1000000000000000\n",
        "score s:\n  +1000000000000000 for each activity \"v\", at most 1000000000000000\n",
    ] {
        assert!(too_large(text).is_empty(), "{text}");
    }
}
