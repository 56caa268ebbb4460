//! End to end: `policies/mql-sql-agreement.accord` (with its imports, loaded
//! by the checker's `Workspace`) against `examples/edge-cases/leads.ndjson`,
//! each lead judged as of the instant `examples/edge-cases/README.md` gives.
//!
//! - the hand-worked verdicts of that README (MQL, tier, SLA states, late
//!   and remaining business time, exclusions, recycling, handoff) are
//!   asserted in code;
//! - the text and JSON explanation of every lead are snapshots;
//! - every output row validates against `schema/decision-row.schema.json`.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::t;

use accord_eval::{CompiledPolicy, Decision, Row, SlaState};
use accord_records::{read_leads, InputFormat, Lead, Schema};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The seed agreement, compiled.
fn load() -> (CompiledPolicy, Schema) {
    common::load("mql-sql-agreement.accord")
}

fn leads(schema: &Schema) -> Vec<Lead> {
    let text = std::fs::read(root().join("examples/edge-cases/leads.ndjson")).unwrap();
    read_leads(schema, text.as_slice(), InputFormat::Ndjson, None)
        .map(|o| {
            o.result
                .unwrap_or_else(|e| panic!("record {}: {e:#?}", o.record))
        })
        .collect()
}

/// The README's as-of: 2026-11-20T15:00:00Z, except E09.
fn as_of(id: &str) -> DateTime<Utc> {
    if id == "E09" {
        t("2026-11-27T20:00:00Z")
    } else {
        t("2026-11-20T15:00:00Z")
    }
}

fn decisions(explain: bool) -> Vec<(CompiledPolicy, Decision)> {
    let (p, schema) = load();
    leads(&schema)
        .iter()
        .map(|l| (p.clone(), p.evaluate(l, as_of(&l.id), explain)))
        .collect()
}

use SlaState::{Breached as B, Met as M, NotApplicable as NA, Pending as P};

/// (lead, mql, lead_score, tier, routing, acceptance, first_response, reach)
#[allow(clippy::type_complexity)]
const EXPECTED: &[(&str, bool, f64, u32, SlaState, SlaState, SlaState, SlaState)] = &[
    ("E01", true, 73.6, 1, M, M, M, M),
    ("E02", false, 64.0, 1, NA, NA, NA, NA),
    ("E03", false, 67.0, 1, NA, NA, NA, NA),
    ("E04", true, 67.6, 1, M, M, B, P),
    ("E05", true, 76.6, 2, M, M, B, B),
    ("E06", true, 65.8, 1, M, M, M, P),
    ("E07", true, 71.8, 3, M, M, M, M),
    ("E08", true, 84.4, 2, M, B, M, NA),
    ("E09", true, 67.0, 3, M, B, P, NA),
    ("E10", false, 68.8, 1, M, M, M, NA),
    ("E11", true, 67.0, 1, M, M, M, NA),
    ("E12", false, 74.2, 1, M, M, M, NA),
    ("E13", true, 67.0, 1, M, M, M, P),
    ("E14", true, 67.6, 1, M, M, M, M),
    ("E15", false, 63.0, 1, NA, NA, NA, NA),
    ("E16", true, 67.0, 1, M, M, M, P),
];

fn sla<'d>(d: &'d Decision, name: &str) -> &'d accord_eval::SlaOutcome {
    d.sla(name)
        .unwrap_or_else(|| panic!("{}: no SLA {name}", d.lead_id))
}

#[test]
fn hand_worked_verdicts() {
    let all = decisions(false);
    assert_eq!(all.len(), EXPECTED.len());
    for ((_, d), (id, mql, score, tier, routing, acceptance, first, reach)) in
        all.iter().zip(EXPECTED)
    {
        assert_eq!(&*d.lead_id, *id);
        let got = d
            .scores
            .iter()
            .find(|s| &*s.name == "lead_score")
            .and_then(|s| s.value)
            .unwrap();
        assert!(
            (got - score).abs() < 1e-9,
            "{id}: lead_score {got}, expected {score}"
        );
        assert_eq!(d.mql(), *mql, "{id}: mql");
        assert_eq!(d.tier, Some(*tier), "{id}: tier");
        assert_eq!(
            sla(d, "routing").state,
            *routing,
            "{id}: routing {:?}",
            sla(d, "routing")
        );
        assert_eq!(
            sla(d, "acceptance").state,
            *acceptance,
            "{id}: acceptance {:?}",
            sla(d, "acceptance")
        );
        assert_eq!(
            sla(d, "first_response").state,
            *first,
            "{id}: first_response {:?}",
            sla(d, "first_response")
        );
        if *reach != NA || d.sla("reach").is_some_and(|s| s.state != NA) {
            assert_eq!(
                sla(d, "reach").state,
                *reach,
                "{id}: reach {:?}",
                sla(d, "reach")
            );
        }
    }
}

fn find<'a>(all: &'a [(CompiledPolicy, Decision)], id: &str) -> &'a Decision {
    &all.iter().find(|(_, d)| &*d.lead_id == id).unwrap().1
}

#[test]
fn hand_worked_details() {
    let all = decisions(false);
    let due = |id: &str, name: &str| sla(find(&all, id), name).due;
    let late = |id: &str, name: &str| sla(find(&all, id), name).late_by_seconds;
    let left = |id: &str, name: &str| sla(find(&all, id), name).remaining_seconds;

    // E01: SQL yes, SAL yes.
    let e01 = find(&all, "E01");
    assert_eq!(e01.stage(accord_eval::StageKind::Sal), Some(true));
    assert_eq!(e01.stage(accord_eval::StageKind::Sql), Some(true));
    assert_eq!(due("E01", "routing"), Some(t("2026-11-18T15:56:00Z")));
    assert_eq!(due("E01", "acceptance"), Some(t("2026-11-18T16:45:00Z")));
    assert_eq!(
        due("E01", "first_response"),
        Some(t("2026-11-18T16:00:00Z"))
    );
    assert_eq!(due("E01", "reach"), Some(t("2026-11-23T16:10:00Z")));
    assert_eq!(
        find(&all, "E01").handoff.as_ref().map(|h| h.complete),
        Some(true)
    );

    // Met SLAs give their margin: the business time left when they stopped.
    assert_eq!(left("E01", "routing"), Some(11 * 60));
    assert_eq!(left("E01", "acceptance"), Some(35 * 60));
    assert_eq!(left("E01", "first_response"), Some(8 * 60));
    assert_eq!(left("E04", "acceptance"), Some(13 * 60));
    assert_eq!(left("E05", "acceptance"), Some(50 * 60));
    assert_eq!(left("E06", "first_response"), Some(40 * 60));
    assert_eq!(left("E07", "first_response"), Some(30 * 60));
    assert_eq!(left("E08", "first_response"), Some(5 * 60));
    assert_eq!(left("E14", "first_response"), Some(0));
    assert_eq!(left("E16", "first_response"), Some(2 * 60));
    assert_eq!(late("E01", "routing"), None);
    // Routed after hours, before the 08:00 due: no business time between.
    assert_eq!(left("E06", "routing"), Some(0));

    // E03: the first exclusion decides, with its route.
    let e03 = find(&all, "E03");
    assert_eq!(e03.exclusions.len(), 1);
    assert_eq!(&*e03.exclusions[0].name, "customer");
    assert_eq!(e03.exclusions[0].route.as_deref(), Some("CSM"));
    // E04: personal email saved by `unless`.
    assert!(find(&all, "E04").exclusions.is_empty());
    assert_eq!(late("E04", "first_response"), Some(7 * 60));
    assert_eq!(due("E04", "reach"), Some(t("2026-11-24T17:50:00Z")));
    assert_eq!(left("E04", "reach"), Some(22 * 3600 + 50 * 60));
    assert_eq!(
        find(&all, "E04").stage(accord_eval::StageKind::Sql),
        Some(false)
    );

    // E05: due exactly at closing; weekend; persistence compliant.
    assert_eq!(due("E05", "routing"), Some(t("2026-11-14T00:00:00Z")));
    assert_eq!(
        due("E05", "first_response"),
        Some(t("2026-11-16T15:50:00Z"))
    );
    assert_eq!(late("E05", "first_response"), Some(30 * 60));
    assert_eq!(due("E05", "acceptance"), Some(t("2026-11-16T17:50:00Z")));
    assert_eq!(due("E05", "reach"), Some(t("2026-11-19T17:00:00Z")));
    assert_eq!(late("E05", "reach"), Some(8 * 3600));
    let per = find(&all, "E05").persistence.clone().unwrap();
    assert!(per.compliant, "{:?}", per.missing);

    // E06: after-hours rules.
    assert_eq!(due("E06", "routing"), Some(t("2026-11-18T13:00:00Z")));
    assert_eq!(
        due("E06", "first_response"),
        Some(t("2026-11-18T14:00:00Z"))
    );
    assert_eq!(due("E06", "acceptance"), Some(t("2026-11-18T14:00:00Z")));

    // E07: across the end of US daylight saving time.
    assert_eq!(
        due("E07", "first_response"),
        Some(t("2026-11-02T22:00:00Z"))
    );
    assert_eq!(due("E07", "acceptance"), Some(t("2026-11-02T16:00:00Z")));

    // E08: Kolkata.
    assert_eq!(
        due("E08", "first_response"),
        Some(t("2026-11-20T04:15:00Z"))
    );
    assert_eq!(due("E08", "acceptance"), Some(t("2026-11-20T06:15:00Z")));
    assert_eq!(late("E08", "acceptance"), Some(6 * 3600 + 15 * 60));

    // E09: Thanksgiving.
    assert_eq!(due("E09", "acceptance"), Some(t("2026-11-27T17:30:00Z")));
    assert_eq!(late("E09", "acceptance"), Some(2 * 3600 + 30 * 60));
    assert_eq!(
        due("E09", "first_response"),
        Some(t("2026-11-27T23:30:00Z"))
    );
    assert_eq!(left("E09", "first_response"), Some(3 * 3600 + 30 * 60));

    // E10: rejected, cooling off.
    let e10 = find(&all, "E10");
    let r = e10.recycling.clone().unwrap();
    assert_eq!(&*r.reason, "no_budget");
    assert_eq!(r.nurture_track.as_deref(), Some("long-cycle"));
    assert_eq!(r.earliest_reentry, Some(t("2026-12-03T15:40:00Z")));
    assert!(!r.new_trigger_since_rejection && !r.human_review_due && !r.may_reenter);
    assert!(e10.stages[0].definition_holds && e10.stages[0].held_by_rejection);

    // E11: may re-enter.
    let r = find(&all, "E11").recycling.clone().unwrap();
    assert!(
        r.new_trigger_since_rejection && !r.human_review_due && r.may_reenter,
        "{r:?}"
    );
    assert_eq!(r.nurture_track.as_deref(), Some("short-cycle"));

    // E12: human review.
    let r = find(&all, "E12").recycling.clone().unwrap();
    assert!(
        r.new_trigger_since_rejection && r.human_review_due && !r.may_reenter,
        "{r:?}"
    );

    // E13: handoff incomplete.
    let h = find(&all, "E13").handoff.clone().unwrap();
    assert!(!h.complete);
    assert_eq!(h.missing.len(), 4, "{:?}", h.missing);
    let names = |v: &[std::sync::Arc<str>]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        names(&h.missing[..3]),
        ["job_title", "lead_source", "crm_account_match"]
    );
    assert_eq!(names(&h.missing_preferred), ["phone", "linkedin_url"]);

    // E14: stop exactly at the due instant is met.
    assert_eq!(
        due("E14", "first_response"),
        Some(t("2026-11-16T16:15:00Z"))
    );
    assert_eq!(
        sla(find(&all, "E14"), "first_response").stopped_at,
        due("E14", "first_response")
    );

    // E15: the trigger holds at the window edge, the score decays.
    assert!(find(&all, "E15")
        .triggers
        .iter()
        .any(|t| &*t.name == "high_intent" && t.fired));

    // E16: due at closing, not next morning.
    assert_eq!(
        due("E16", "first_response"),
        Some(t("2026-11-20T00:00:00Z"))
    );
    assert_eq!(due("E16", "acceptance"), Some(t("2026-11-20T14:45:00Z")));
}

#[test]
fn explanations_agree_with_decisions_and_are_snapshotted() {
    let plain = decisions(false);
    let explained = decisions(true);
    for ((_, a), (_, b)) in plain.iter().zip(&explained) {
        let e = b.explanation.clone().unwrap();
        assert_eq!(
            a,
            &Decision {
                explanation: None,
                ..b.clone()
            }
        );
        let id = &a.lead_id;
        insta::assert_snapshot!(
            format!("{id}_text"),
            e.render_text(accord_eval::Detail::Full)
        );
        insta::assert_json_snapshot!(format!("{id}_json"), e);
    }
}

#[test]
fn rows_validate_against_the_schema() {
    let text =
        std::fs::read_to_string(root().join("crates/accord-eval/schema/decision-row.schema.json"))
            .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let v = jsonschema::draft202012::new(&schema).unwrap();
    for explain in [false, true] {
        for (p, d) in decisions(explain) {
            let row = serde_json::to_value(Row::from_decision(&p, d)).unwrap();
            let errors: Vec<String> = v
                .iter_errors(&row)
                .map(|e| format!("{e} at {}", e.instance_path))
                .collect();
            assert!(errors.is_empty(), "{errors:#?}");
        }
    }
}

#[test]
fn met_slas_show_their_margin() {
    let all = decisions(true);
    let text = |id: &str| {
        find(&all, id)
            .explanation
            .as_ref()
            .unwrap()
            .render_text(accord_eval::Detail::Full)
    };
    let e01 = text("E01");
    assert!(
        e01.contains("met with 11m of business time to spare"),
        "{e01}"
    );
    let e06 = text("E06");
    assert!(
        e06.contains(
            "met before the due instant, outside opening hours (no business time between them)"
        ),
        "{e06}"
    );
    let e14 = text("E14");
    assert!(
        e14.contains("met at the due instant, with no time to spare"),
        "{e14}"
    );
}
