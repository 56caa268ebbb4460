//! `not` reads the right way round: the inner clause's marks are turned
//! round (✓ = as the agreement wants: not holding) and its gaps (what would
//! make it hold) are not shown; a `not` over a leaf is drawn on one line
//! with the leaf's values; a failing `not` says in the lead's terms why it
//! fails. A one-file policy loaded from memory.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_eval::{CompiledPolicy, Decision};
use accord_records::{read_leads, InputFormat};
use chrono::{DateTime, Utc};

const POLICY: &str = r#"lead fields identified by lead_id:
  lead_id is text
  competitor_contract is yes/no
  employees is a number

fit clean "Clean":
  not competitor_contract
  not (employees is at least 100 and employees is at most 500)

mql "MQL" when clean
"#;

fn policy() -> CompiledPolicy {
    common::from_text("/mem/not.accord", POLICY).0
}

fn explain(p: &CompiledPolicy, line: &str) -> (Decision, String) {
    let lead = read_leads(p.schema(), line.as_bytes(), InputFormat::Ndjson, None)
        .next()
        .unwrap()
        .result
        .unwrap();
    let as_of: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-30T15:00:00Z")
        .unwrap()
        .into();
    let d = p.evaluate(&lead, as_of, true);
    let tree = common::text(&d);
    (d, tree)
}

fn line<'a>(text: &'a str, starts: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start().starts_with(starts))
        .unwrap_or_else(|| panic!("no line {starts:?} in\n{text}"))
}

#[test]
fn a_passing_not_shows_no_gap_under_it() {
    let p = policy();
    let (d, x) = explain(
        &p,
        r#"{"lead_id":"N1","competitor_contract":false,"employees":50}"#,
    );
    assert!(d.mql(), "{x}");
    // Holds, and is drawn on one line, without a gap and without a ✗.
    let flag = line(&x, "✓ not competitor_contract  [competitor_contract = no]");
    assert!(!flag.contains(" — "), "{flag}");
    assert!(!x.contains("✗ competitor_contract"), "{x}");
    // Under `not (… and …)`: the `and` does not hold, as wanted (✓); the
    // part that makes it fail is ✓ too; each says so in words, and
    // nothing says "needs".
    let range = line(&x, "✓ employees is at least 100 and");
    assert!(range.ends_with(" — does not hold"), "{range}");
    let low = line(&x, "✓ employees is at least 100  [");
    assert!(low.ends_with(" — does not hold"), "{low}");
    assert!(!x.contains("needs"), "{x}");
}

#[test]
fn a_failing_not_says_why_in_the_leads_terms() {
    let p = policy();
    let (d, x) = explain(
        &p,
        r#"{"lead_id":"N2","competitor_contract":true,"employees":200}"#,
    );
    assert!(!d.mql(), "{x}");
    let flag = line(&x, "✗ not competitor_contract");
    assert!(
        flag.ends_with(" — competitor_contract is yes, needs no"),
        "{flag}"
    );
    let range = line(&x, "✗ not (employees");
    assert!(
        range.contains(
            " — employees is at least 100 and employees is at most 500 holds, and the agreement needs it not to"
        ),
        "{range}"
    );
    // The inner clause holds, which the agreement does not want: ✗, and
    // it says it holds (the `not` says why that fails).
    let inner = line(&x, "✗ employees is at least 100 and");
    assert!(inner.ends_with(" — holds"), "{inner}");
}
