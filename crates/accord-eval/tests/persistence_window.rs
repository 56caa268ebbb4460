//! Contact persistence (seed 000 E.2): "a minimum of 6 contact attempts
//! over 10 business days (2 phone, 3 email, 1 LinkedIn, 3 distinct days)"
//! — the 10-business-day window from routing applies to every requirement,
//! not only to the total.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::*;

#[test]
fn every_requirement_counts_inside_the_window() {
    // L-000137 (routed 2026-11-10 08:37 Los Angeles, window ends 11-24
    // 08:37): one phone attempt inside the window (11-13), the second on
    // 11-26, after it.
    let (_, d) = decide(SEED, DATA, "L-000137", EXPORT);
    let p = d.persistence.clone().unwrap();
    assert!(p.applies);
    assert!(!p.compliant, "{p:?}");
    assert_eq!(
        p.missing,
        ["at least 2 attempts by \"phone\" within 10 business days: has 1"]
    );
    let x = text(&d);
    let phone = lines_with(
        &x,
        "at least 2 attempts by \"phone\" within 10 business days  [",
    );
    assert_eq!(phone.len(), 1, "{x}");
    assert!(phone[0].contains("[attempts = 1,"), "{}", phone[0]);
}

#[test]
fn every_rule_of_the_seed_agreement_has_the_window() {
    // Each requirement's explanation gives the window's end.
    let (_, d) = decide(SEED, DATA, "L-000137", EXPORT);
    let x = text(&d);
    let rules: Vec<&str> = lines_with(&x, " attempt")
        .into_iter()
        .filter(|l| l.starts_with("  ✓ at least") || l.starts_with("  ✗ at least"))
        .collect();
    assert!(
        rules.iter().all(|l| l.contains("within 10 business days")),
        "{rules:#?}"
    );
    assert_eq!(rules.len(), 5, "{x}");
    let ends = lines_with(&x, "window ends 2026-11-24 08:37:18 America/Los_Angeles");
    assert_eq!(ends.len(), rules.len(), "{x}");
}
