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

#[test]
fn a_requirement_whose_window_is_open_is_pending_not_failed() {
    // L-000019: routed 2026-11-30 06:01 Chicago, window ends 2026-12-14;
    // as of the export instant the window is open: nothing has failed.
    let (_, d) = decide(SEED, DATA, "L-000019", EXPORT);
    let p = d.persistence.clone().unwrap();
    assert!(p.applies);
    assert!(p.compliant, "{p:?}");
    assert!(p.missing.is_empty(), "{p:?}");
    let first = p
        .pending
        .iter()
        .find(|l| l.starts_with("at least 6 attempts by one of"))
        .unwrap_or_else(|| panic!("{p:?}"));
    assert!(
        first.ends_with("has 1, needs 6 by 2026-12-14 08:00 America/Chicago: 5 more"),
        "{first}"
    );
    assert!(
        p.pending.iter().all(|l| l.contains("by 2026-12-14")),
        "{p:?}"
    );
    let x = text(&d);
    let node = lines_with(&x, "persistence \"Contact persistence");
    assert!(node[0].starts_with("· persistence"), "{}", node[0]);
    assert!(node[0].contains(" — pending: "), "{}", node[0]);
    let six = lines_with(&x, "  · at least 6 attempts by one of");
    assert_eq!(six.len(), 1, "{x}");
    assert!(
        six[0].contains("— has 1, needs 6 by 2026-12-14"),
        "{}",
        six[0]
    );
    assert!(!x.lines().any(|l| l.starts_with("  ✗ at least")), "{x}");
    // Past the window's end the same shortfall has failed.
    let (_, later) = decide(SEED, DATA, "L-000019", "2026-12-15T15:00:00Z");
    let p = later.persistence.unwrap();
    assert!(!p.compliant && p.pending.is_empty(), "{p:?}");
}

/// A one-file policy: phone at least 3, email at most 1, both within 5
/// business days of routing.
const CAPS: &str = r#"lead fields identified by lead_id:
  lead_id is text
  routed_at is an optional timestamp
  attempts are events:
    channel is one of "phone", "email"

calendar office "Office":
  open Monday to Friday from 08:00 to 18:00 in "UTC"

persistence "Persistence":
  from routed_at, counted in office
  at least 3 attempts by "phone" within 5 business days
  at most 1 attempt by "email" within 5 business days
  at least 2 attempts by "phone" within 5 business days on at least 2 distinct days

mql "MQL" when routed_at is present
"#;

#[test]
fn too_many_fails_at_once_too_few_waits_for_the_window() {
    use accord_records::{read_leads, InputFormat};
    let (p, _) = from_text("/mem/caps.accord", CAPS);
    // Routed Monday 2026-11-16 09:00 UTC: the window ends Monday 11-23 09:00.
    let line = r#"{"lead_id":"C1","routed_at":"2026-11-16T09:00:00Z","attempts":[
        {"kind":"phone","at":"2026-11-16T10:00:00Z"},
        {"kind":"email","at":"2026-11-16T11:00:00Z"},
        {"kind":"email","at":"2026-11-17T11:00:00Z"}]}"#
        .replace('\n', "");
    let lead = read_leads(p.schema(), line.as_bytes(), InputFormat::Ndjson, None)
        .next()
        .unwrap()
        .result
        .unwrap();
    let d = p.evaluate(&lead, t("2026-11-18T12:00:00Z"), true);
    let o = d.persistence.clone().unwrap();
    assert!(!o.compliant, "{o:?}");
    assert_eq!(
        o.missing,
        ["at most 1 attempt by \"email\" within 5 business days: has 2"]
    );
    assert_eq!(
        o.pending,
        [
            "at least 3 attempts by \"phone\" within 5 business days: has 1, needs 3 by 2026-11-23 09:00 UTC: 2 more",
            "at least 2 attempts by \"phone\" within 5 business days on at least 2 distinct days: has 1 on 1 distinct day(s), needs 2 on 2 distinct days by 2026-11-23 09:00 UTC: 1 more, on 1 more day(s)",
        ]
    );
    let x = text(&d);
    assert!(x.contains("\n✗ persistence \"Persistence\""), "{x}");
    assert!(x.contains(" — missing: at most 1 attempt"), "{x}");
    assert!(x.contains("; pending: at least 3 attempts"), "{x}");
    // After the window: the shortfalls have failed.
    let d = p.evaluate(&lead, t("2026-11-24T12:00:00Z"), false);
    let o = d.persistence.unwrap();
    assert!(o.pending.is_empty(), "{o:?}");
    assert_eq!(o.missing.len(), 3, "{o:?}");
}

#[test]
fn the_summary_counts_pending_apart_from_non_compliant() {
    let (p, schema) = load(SEED);
    let mut summary = accord_eval::Summary::default();
    for lead in leads(&schema, DATA) {
        let d = p.evaluate(&lead, t(EXPORT), false);
        summary.add(&accord_eval::Row::from_decision(&p, d));
    }
    // 265 leads fall short; 133 of them are still inside their window.
    assert_eq!(summary.persistence_non_compliant, 132, "{summary:?}");
    assert_eq!(summary.persistence_pending, 133, "{summary:?}");
    assert!(summary
        .render_text()
        .contains("persistence (applies to 287 leads): non-compliant 132, pending 133\n"));
}
