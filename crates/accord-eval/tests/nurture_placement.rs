//! Nurture placement (seed 000 F.3, `nurture placement within 5 business
//! days`) when the lead records the placement: a one-file policy whose
//! schema has a `nurture_placed_at` timestamp, loaded from memory.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::t;

use accord_eval::{CompiledPolicy, Decision, Row};
use accord_records::{read_leads, InputFormat};
use chrono::{DateTime, Utc};

const POLICY: &str = r#"lead fields identified by lead_id:
  lead_id is text
  time_zone is a time zone
  rejection_reason is optional one of "no_budget", "wrong_contact"
  rejected_at is an optional timestamp
  recycle_count is a number
  nurture_placed_at is an optional timestamp

calendar sales_hours "Business hours":
  open Monday to Friday from 08:00 to 18:00 in the lead's time zone
  closed on 2026-11-26

rejection reasons "Reasons":
  no_budget "No budget signal": nurture "long-cycle" for 6 months, re-enter after 30 days with a new trigger
  wrong_contact "Wrong contact": re-route, re-enter with a new trigger

recycling "Re-entry":
  cooling off at least 30 days
  nurture placement within 5 business days
"#;

fn policy() -> CompiledPolicy {
    common::from_text("/mem/placement.accord", POLICY).0
}

/// Rejected "no_budget" Tue 2026-11-03 09:40 Chicago (due Tue 11-10 09:40),
/// placed at `placed` (or not).
fn decide(p: &CompiledPolicy, placed: Option<&str>, as_of: &str) -> Decision {
    let placed = placed.map_or(String::new(), |t| format!(r#","nurture_placed_at":"{t}""#));
    let line = format!(
        r#"{{"lead_id":"N1","time_zone":"America/Chicago","rejection_reason":"no_budget","rejected_at":"2026-11-03T15:40:00Z","recycle_count":0{placed}}}"#
    );
    let lead = read_leads(p.schema(), line.as_bytes(), InputFormat::Ndjson, None)
        .next()
        .unwrap()
        .result
        .unwrap();
    let d = p.evaluate(&lead, t(as_of), true);
    assert_eq!(
        p.evaluate(&lead, t(as_of), false),
        Decision {
            explanation: None,
            ..d.clone()
        }
    );
    d
}

fn placement(d: &Decision) -> (Option<DateTime<Utc>>, Option<bool>) {
    let r = d.recycling.as_ref().unwrap();
    (r.nurture_placement_due, r.nurture_placement_met)
}

#[test]
fn placement_met_late_missing_and_not_yet_due() {
    let p = policy();
    let due = Some(t("2026-11-10T15:40:00Z"));
    let on_time = decide(&p, Some("2026-11-10T15:40:00Z"), "2026-11-20T15:00:00Z");
    assert_eq!(placement(&on_time), (due, Some(true)));
    let late = decide(&p, Some("2026-11-10T15:41:00Z"), "2026-11-20T15:00:00Z");
    assert_eq!(placement(&late), (due, Some(false)));
    let x = late
        .explanation
        .as_ref()
        .unwrap()
        .render_text(accord_eval::Detail::Full);
    assert!(
        x.contains("✗ nurture placement within 5 business days  [placement due = 2026-11-10 09:40 America/Chicago, nurture_placed_at = 2026-11-10 15:41 UTC] — nurture_placed_at 2026-11-10 09:41 America/Chicago is after the due 2026-11-10 09:40 America/Chicago"),
        "{x}"
    );
    let missing = decide(&p, None, "2026-11-20T15:00:00Z");
    assert_eq!(placement(&missing), (due, Some(false)));
    let not_yet_due = decide(&p, None, "2026-11-09T15:00:00Z");
    assert_eq!(placement(&not_yet_due), (due, None));
    // Placed later than as-of: not placed yet.
    let later = decide(&p, Some("2026-11-06T15:00:00Z"), "2026-11-05T15:00:00Z");
    assert_eq!(placement(&later), (due, None));
    let row = serde_json::to_value(Row::from_decision(&p, on_time)).unwrap();
    assert_eq!(row["recycling"]["nurture_placement_met"], true);
}
