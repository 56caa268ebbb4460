//! The largest values `accord check` accepts, evaluated at the edges of the
//! instants a lead can carry (years 1 and 9999): no panic, and the answers
//! the documented semantics give. Issue 9's crash (`within the last
//! 99999999999999 days` passed the checker and panicked on every lead) is
//! now refused by the checker (`accord-check/tests/checks.rs`); these are
//! the values just inside that bound.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_eval::{SlaState, StageKind};
use accord_records::{read_leads, InputFormat};

/// Every duration at 10,000 years (in the largest count of its unit), every
/// number at the parser's bound. One exception: the tier 2 SLA limit is 100
/// years of business days, since measuring the time left until a due
/// instant 10,000 business years ahead walks every week in between
/// (about 10 s per lead in a debug build; bounded, and exercised by the
/// differential run of `accord-reference`).
const POLICY: &str = r#"lead fields identified by lead_id:
  lead_id is text
  n is an optional number
  routed_at is an optional timestamp
  done_at is an optional timestamp
  time_zone is a time zone
  rejection_reason is optional one of "ra", "rb"
  rejected_at is an optional timestamp
  recycle_count is a number
  activities are events:
    kind is one of "visit", "demo"
  attempts are events:
    channel is one of "phone", "email"

calendar hours:
  open Monday to Friday from 08:00 to 18:00 in the lead's time zone
  closed on 2026-12-25

trigger t:
  any of, within the last 3652425 days:
    an activity "demo"
    at least 2 activities "visit" within any 521775 weeks

score s:
  +1000000000000000 for each activity "visit", at most 1000000000000000
  -1000000000000000 when n is at least -1000000000000000
  decays 0.0001% every 120000 months without activity

tiers:
  tier 1 when s is at least 1000000000000000
  tier 2 otherwise

mql "m" when all of:
  t
  routed_at is within the last 10000 years

sla first "f":
  from routed_at to the first attempt, counted in hours
  tier 1 within 5259492000 minutes
  tier 2 within 36500 days
  after hours, tier 1 is due by 09:00 the next business day

sla plain "p":
  from routed_at to done_at
  within 87658200 hours

persistence:
  from routed_at, counted in hours
  at least 6 attempts within 3652425 business days
  attempts on at least 3 distinct days
  at most 2 attempts on any one day

rejection reasons:
  ra "A": nurture "x" for 40000 quarters, re-enter after 3652425 days with a new trigger
  rb "B": archive, never recycled

recycling:
  rejection reason is rejection_reason
  rejected at rejected_at
  times recycled is recycle_count
  cooling off at least 3652425 days, 87658200 hours for ra
  human review when recycled more than 4294967295 times
  nurture placement within 3652425 business days
"#;

const LEADS: &str = r#"{"lead_id":"now","n":5,"routed_at":"2026-11-27T20:00:00Z","done_at":"2026-11-28T10:00:00Z","time_zone":"America/New_York","rejection_reason":"ra","rejected_at":"2026-10-01T00:00:00Z","recycle_count":3,"activities":[{"kind":"demo","at":"2026-11-20T00:00:00Z"},{"kind":"visit","at":"2026-11-21T00:00:00Z"},{"kind":"visit","at":"2026-11-29T00:00:00Z"}],"attempts":[{"channel":"phone","at":"2026-11-28T12:00:00Z"}]}
{"lead_id":"empty","recycle_count":0,"time_zone":"UTC","activities":[],"attempts":[]}
{"lead_id":"edges","n":-1e300,"routed_at":"0001-01-01T00:00:00Z","done_at":"9999-12-31T23:59:59Z","time_zone":"Pacific/Kiritimati","rejection_reason":"rb","rejected_at":"9999-12-31T00:00:00Z","recycle_count":1e300,"activities":[{"kind":"visit","at":"0001-01-01T00:00:00Z"},{"kind":"demo","at":"9999-12-31T23:59:59Z"}],"attempts":[{"channel":"phone","at":"0001-01-02T00:00:00Z"}]}
"#;

#[test]
fn the_largest_accepted_values_evaluate_at_every_edge() {
    let (p, schema) = common::from_text("/mem/extreme.accord", POLICY);
    let leads: Vec<_> = read_leads(&schema, LEADS.as_bytes(), InputFormat::Ndjson, None)
        .map(|o| o.result.unwrap())
        .collect();
    // Every row valid against the published contract, even with a due
    // instant after the year 9999 (the plain SLA of lead "edges": 10,000
    // years from 0001-01-01).
    let text = std::fs::read_to_string(
        common::root().join("crates/accord-eval/schema/decision-row.schema.json"),
    )
    .unwrap();
    let rows = jsonschema::draft202012::new(&serde_json::from_str(&text).unwrap()).unwrap();
    for as_of in [
        "0001-01-01T00:00:00Z",
        "2026-11-30T15:00:00Z",
        "9999-12-31T23:59:59Z",
    ] {
        for lead in &leads {
            let d = p.evaluate(lead, common::t(as_of), true);
            let plain = p.evaluate(lead, common::t(as_of), false);
            assert_eq!(d.stage(StageKind::Mql), plain.stage(StageKind::Mql));
            let row = serde_json::to_value(accord_eval::Row::from_decision(&p, d)).unwrap();
            let errors: Vec<String> = rows
                .iter_errors(&row)
                .map(|e| format!("{e} at {}", e.instance_path))
                .collect();
            assert!(errors.is_empty(), "{errors:#?}\n{row:#}");
        }
    }
    // The documented answers for the lead "now" as of 2026-11-30: the demo
    // is within the last 10,000 years, so the trigger holds and it is an
    // MQL; its two visits are 2e15 points, capped at 1e15, less 1e15 for
    // `n`: 0, so tier 2; its plain SLA stopped within 10,000 years: met.
    let now = p.evaluate(&leads[0], common::t("2026-11-30T15:00:00Z"), false);
    let mql = &now.stages[0];
    assert!(mql.definition_holds && mql.held_by_rejection, "{mql:?}");
    assert_eq!(now.tier, Some(2));
    assert_eq!(now.slas[1].state, SlaState::Met);
}

/// Found by the `eval` fuzz target: the first bundled lead routed in the
/// year 13 (2,013 years before as-of) is late by two millennia of business
/// time on the seed SLA's calendar. Measuring that walked the calendar
/// week by week (about 0.1 s a lead in a release build, seconds in the
/// fuzzer's); the calendar now skips the centuries in which no zone
/// changes its offset (`accord-time/tests/steady_eras.rs`; the time is in
/// the limits benchmark, scenario `years`). The answers are the ones the
/// week-by-week walk gave, which the reference evaluator agreed with.
#[test]
fn an_sla_two_thousand_years_late_measures_its_lateness_exactly() {
    let (policy, schema) = common::load("marketing-sales-sla.accord");
    let text = std::fs::read_to_string(common::root().join(common::DATA)).unwrap();
    let first = text.lines().next().unwrap();
    let ancient = first.replace(
        "\"routed_at\":\"2026-11-09T08:40:08-06:00\"",
        "\"routed_at\":\"0013-11-09T08:40:08-06:00\"",
    );
    assert_ne!(ancient, first, "the first lead is routed on 2026-11-09");
    let lead = read_leads(&schema, ancient.as_bytes(), InputFormat::Ndjson, None)
        .next()
        .unwrap()
        .result
        .unwrap();
    let d = policy.evaluate(&lead, common::t(common::EXPORT), true);
    let late: Vec<_> = d
        .slas
        .iter()
        .map(|s| (&*s.name, s.state, s.late_by_seconds))
        .collect();
    assert_eq!(
        late,
        [
            ("routing", SlaState::NotApplicable, None),
            ("manual_routing", SlaState::NotApplicable, None),
            ("first_response", SlaState::Breached, Some(18_905_759_528)),
            ("disposition", SlaState::Breached, Some(18_905_856_567)),
        ]
    );
}
