//! Checks that the grammar cannot reach (the parser rejects the text
//! before the checker sees it), run on hand-built syntax trees, as a tool
//! that builds policies without text would produce them.

use accord_check::check::Ctx;
use accord_check::db::{CheckDb, DefKey, DefKind, DefRef, SourceFile};
use accord_check::resolve::Symbols;
use accord_syntax::ast::{
    DispositionKind, DispositionStep, Ident, Item, Reason, RejectionReasons, Str,
};
use accord_syntax::diagnostic::{render, RenderOptions};
use accord_syntax::{FileId, SourceMap, Span};

fn span(text: &str, needle: &str) -> Span {
    let start = text.find(needle).unwrap_or(0);
    Span::new(FileId(0), start, start + needle.len())
}

#[test]
fn reason_without_disposition() {
    // What the tree says, written out (the grammar requires `: <disposition>`).
    let text = "rejection reasons \"Reasons\":\n  not_icp \"Not ICP\"\n  no_budget \"No budget\": archive\n";
    let reason = |code: &str, label: &str, steps: Vec<DispositionStep>| Reason {
        code: Ident {
            name: code.into(),
            span: span(text, code),
        },
        label: Some(Str {
            value: label.into(),
            span: span(text, &format!("\"{label}\"")),
        }),
        disposition: steps,
        span: span(text, code),
    };
    let archive = DispositionStep {
        kind: DispositionKind::Archive,
        span: span(text, "archive"),
    };
    let item = Item::Rejections(RejectionReasons {
        title: Some(Str {
            value: "Reasons".into(),
            span: span(text, "\"Reasons\""),
        }),
        reasons: vec![
            reason("not_icp", "Not ICP", Vec::new()),
            reason("no_budget", "No budget", vec![archive]),
        ],
        span: Span::new(FileId(0), 0, text.len()),
    });

    let db = CheckDb::default();
    let file = SourceFile::new(&db, "reasons.accord".into(), text.into(), FileId(0));
    let syms = Symbols::default();
    let here = DefRef {
        file,
        key: DefKey {
            kind: DefKind::Rejections,
            name: String::new(),
            occurrence: 0,
        },
    };
    let mut ctx = Ctx::new(&db, &syms, here);
    accord_check::items::check_item(&mut ctx, &item);
    let reported = ctx.into_reported();

    let mut sources = SourceMap::new();
    sources.add("reasons.accord", text);
    let codes: Vec<&str> = reported
        .iter()
        .map(|r| r.diagnostic.code.as_str())
        .collect();
    assert_eq!(codes, vec!["accord::reason-without-disposition"]);
    let rendered: Vec<String> = reported
        .iter()
        .map(|r| {
            render(
                &r.diagnostic,
                &sources,
                RenderOptions {
                    color: false,
                    width: 80,
                },
            )
        })
        .collect();
    insta::assert_snapshot!("reason_without_disposition", rendered.join("\n"));
}

#[test]
fn the_parser_rejects_a_reason_without_disposition() {
    // The near miss in text form: the grammar itself reports it.
    let (_, diags) = accord_syntax::parse(
        FileId(0),
        "rejection reasons \"R\":\n  not_icp \"Not ICP\"\n",
    );
    assert!(
        diags.iter().any(|d| d.code.starts_with("accord::syntax")),
        "{diags:#?}"
    );
}
