//! Every policy in `policies/` (and language.md's example, kept as a
//! fixture) parses with no diagnostics.

// Tests stop at the first wrong shape with a message saying which.
#![allow(clippy::panic)]

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

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn language_md_example_parses_clean() {
    use accord_syntax::ast::*;
    let path = fixture("language-example.accord");
    let policy = assert_parses_clean(&path);
    let text = std::fs::read_to_string(&path).expect("fixture");
    let at = |s: accord_syntax::Span| &text[s.range()];
    // agreement, lead fields, calendar, list, fit, score, trigger,
    // 2 exclusions, mql, tiers, 2 SLAs, persistence, rejection reasons,
    // recycling, 2 metrics, 2 breaches.
    assert_eq!(policy.items.len(), 20);
    assert!(matches!(policy.items[0], Item::Agreement(_)));
    assert!(matches!(policy.items[19], Item::Breach(_)));
    // Comments are kept, without the `#`.
    assert!(policy
        .comments
        .iter()
        .any(|c| c.text.trim() == "policies/mql-sql-agreement.accord"));

    let Item::Fit(fit) = &policy.items[4] else {
        panic!("fifth item is the fit")
    };
    assert_eq!(at(fit.name.span), "icp");
    assert_eq!(
        fit.title.as_ref().map(|t| t.value.as_str()),
        Some("Minimum ICP fit (B.1)")
    );
    assert_eq!(fit.conditions.len(), 4);
    assert_eq!(
        at(fit.conditions[0].span),
        "employees is between 20 and 500"
    );
    assert!(at(fit.span).starts_with("fit icp") && at(fit.span).ends_with("\"Manager\""));

    let Item::Score(score) = &policy.items[5] else {
        panic!("sixth item is the score")
    };
    let ScoreBody::Weighted(parts) = &score.body else {
        panic!("weighted score")
    };
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[1].rules.len(), 4);
    assert_eq!(parts[1].rules[0].cap, Some(25.0));
    assert_eq!(parts[1].rules[3].points, -10.0);
    assert!(matches!(parts[0].weight.kind, ValueKind::Percent(w) if w == 40.0));
    let decay = score.decay.as_ref().expect("decay");
    assert_eq!(at(decay.span), "decays 10% every 30 days without activity");

    let Item::Trigger(trigger) = &policy.items[6] else {
        panic!("seventh item is the trigger")
    };
    assert!(trigger.any);
    assert_eq!(trigger.window.as_ref().map(|d| d.amount), Some(30.0));
    assert_eq!(trigger.items.len(), 4);
    let ConditionKind::Events(last) = &trigger.items[3].kind else {
        panic!("an event pattern")
    };
    assert_eq!(last.quantity, Quantity::AtLeast(3));
    assert!(matches!(last.window, Some(Window::Any(_))));

    let Item::Exclusion(personal) = &policy.items[8] else {
        panic!("ninth item is an exclusion")
    };
    assert_eq!(
        at(personal.when.span),
        "the domain of email is in free_email_domains"
    );
    assert_eq!(
        personal.unless.as_ref().map(|u| at(u.span)),
        Some("phone_verified")
    );

    // Tier 1's condition continues on the next, deeper-indented line, and
    // `and` binds tighter than `or`.
    let Item::Tiers(tiers) = &policy.items[10] else {
        panic!("eleventh item is the tiers")
    };
    assert_eq!(tiers.tiers.len(), 3);
    let tier1 = tiers.tiers[0].condition.as_ref().expect("tier 1 condition");
    assert!(matches!(&tier1.kind, ConditionKind::Any(parts) if parts.len() == 2));
    assert!(at(tier1.span).ends_with("where page is \"pricing\""));
    assert!(tiers.tiers[2].condition.is_none());

    let Item::Sla(acceptance) = &policy.items[12] else {
        panic!("thirteenth item is an SLA")
    };
    assert_eq!(acceptance.limits.len(), 2);
    assert!(acceptance.limits[0].tier.is_none());
    assert_eq!(acceptance.limits[1].tier.map(|t| t.0), Some(1));

    let Item::Rejections(reasons) = &policy.items[14] else {
        panic!("fifteenth item is the rejection reasons")
    };
    assert_eq!(reasons.reasons.len(), 6);
    // The continuation line belongs to its reason.
    assert_eq!(reasons.reasons[1].disposition.len(), 2);
    assert!(at(reasons.reasons[1].span).ends_with("with a new activity \"budget_signal\""));
}

/// design/language.md's example exactly as written: everything reads except
/// the two breach rules that describe their rate inline (a breach names a
/// declared metric); those get an error each, with a help line showing the
/// form to use.
#[test]
fn language_md_verbatim_only_the_inline_breaches_fail() {
    let path = fixture("language-example-verbatim.accord");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let (policy, diagnostics) = parse(FileId(0), &text);
    assert_eq!(policy.items.len(), 16, "all but the two breaches");
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    for d in &diagnostics {
        let line_start = text[..d.span.start as usize]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let block_line = text[..line_start]
            .lines()
            .rfind(|l| !l.starts_with(' ') && !l.is_empty())
            .unwrap_or("");
        assert!(block_line.starts_with("breach"), "{d:#?}");
        assert!(d.help.as_deref().is_some_and(|h| h.contains("metric")));
    }
}
