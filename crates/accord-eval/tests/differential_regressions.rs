//! Disagreements the differential run (`crates/accord-reference`) found
//! between accord-eval and the reference evaluator, each minimised to one
//! policy and one lead, with the answer the documented semantics give.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_eval::{CompiledPolicy, Decision};
use accord_records::{read_leads, InputFormat};

/// Evaluates one NDJSON lead under a one-file policy.
fn decide(policy: &str, lead: &str, as_of: &str) -> (CompiledPolicy, Decision) {
    let (p, schema) = common::from_text("/mem/regression.accord", policy);
    let lead = read_leads(&schema, lead.as_bytes(), InputFormat::Ndjson, None)
        .next()
        .unwrap()
        .result
        .unwrap();
    let d = p.evaluate(&lead, common::t(as_of), false);
    (p, d)
}

/// A calendar open until `24:00` is open until midnight — the last second
/// of the day included. It was compiled to 23:59:59, so every day lost a
/// second: 19 business hours from Monday 18:37:06 came due at 13:37:07.
#[test]
fn open_until_24_00_counts_the_days_last_second() {
    let policy = r#"lead fields identified by lead_id:
  lead_id is text
  routed_at is a timestamp
  done_at is an optional timestamp

calendar always:
  open Monday to Friday from 00:00 to 24:00 in "UTC"

sla first:
  from routed_at to done_at, counted in always
  within 19 hours
"#;
    let lead = r#"{"lead_id":"L1","routed_at":"2026-10-26T18:37:06Z"}"#;
    let (_, d) = decide(policy, lead, "2026-11-30T15:00:00Z");
    assert_eq!(d.slas[0].due, Some(common::t("2026-10-27T13:37:06Z")));
}

/// A part of a weighted score weighs its points by its percentage: 100
/// points weighing 29% are 29, so `at least 29` holds. The evaluator kept
/// the weight as the fraction 0.29, and 100 × 0.29 is 28.999999999999996
/// in floating point: the stage said no where the reference (and the
/// arithmetic the agreement means) says yes. Found by the differential
/// run, seed 11 (an SLA that `applies when` the score reached 29).
#[test]
fn a_weighted_part_at_its_cap_makes_exactly_its_percentage() {
    let policy = r#"lead fields identified by lead_id:
  lead_id is text
  m is a number

score s:
  fit weighs 29%:
    +1000000000000000 when m is at least 73
  behavior weighs 71%:
    +28 when m is at least 1000

mql "MQL" when s is at least 29
"#;
    let lead = r#"{"lead_id":"L1","m":536}"#;
    let (_, d) = decide(policy, lead, "2026-11-30T15:00:00Z");
    assert_eq!(d.scores[0].value, Some(29.0));
    assert!(d.stages[0].passed, "{:?}", d.stages);
}
