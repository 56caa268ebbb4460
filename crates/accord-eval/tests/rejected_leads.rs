//! Rejected leads: what the explanation and the row say about MQL, the
//! trigger counted since the rejection, nurture placement (F.3) and human
//! review for leads that are never recycled.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use accord_eval::{Row, StageKind};
use common::*;

#[test]
fn references_to_mql_do_not_contradict_the_answer() {
    // L-000001: the MQL definition holds, but the lead was rejected and may
    // not re-enter; references to `mql` read the definition.
    let (p, d) = decide(SEED, DATA, "L-000001", EXPORT);
    let mql = d.stages.iter().find(|s| s.kind == StageKind::Mql).unwrap();
    assert!(mql.definition_holds && mql.held_by_rejection && !d.mql());
    let x = text(&d);
    assert!(x.lines().next().is_some(), "{x}");
    assert!(
        lines_with(&x, "[mql = yes]").is_empty(),
        "a reference says mql = yes:\n{x}"
    );
    let lines: Vec<&str> = x.lines().collect();
    let refs: Vec<usize> = (0..lines.len())
        .filter(|i| lines[*i].contains("[mql definition = yes]"))
        .collect();
    assert!(refs.len() >= 2, "{x}");
    for i in refs {
        let note = lines.get(i + 1).copied().unwrap_or_default();
        assert!(
            note.contains("the definition holds (explained above), but the lead was rejected (\"wrong_contact\") and may not re-enter yet"),
            "{note}"
        );
    }
    // The row says both.
    let row = serde_json::to_value(Row::from_decision(&p, d)).unwrap();
    assert_eq!(row["mql"], false);
    assert_eq!(row["mql_definition"], true);
}

#[test]
fn mql_definition_in_rows() {
    let (p, d) = decide(SEED, EDGE, "E02", "2026-11-20T15:00:00Z");
    let row = serde_json::to_value(Row::from_decision(&p, d)).unwrap();
    assert_eq!(
        (&row["mql"], &row["mql_definition"]),
        (&false.into(), &false.into())
    );
    let (p, d) = decide(SEED, EDGE, "E01", "2026-11-20T15:00:00Z");
    let x = text(&d);
    assert!(!x.contains("mql definition"), "not rejected: {x}");
    let row = serde_json::to_value(Row::from_decision(&p, d)).unwrap();
    assert_eq!(
        (&row["mql"], &row["mql_definition"]),
        (&true.into(), &true.into())
    );
    // A policy without an MQL stage has no definition to report.
    let (p, schema) = load("scoring-bant.accord");
    if !p.defines(StageKind::Mql) {
        let lead = &leads(&schema, DATA)[0];
        let row = Row::from_decision(&p, p.evaluate(lead, t(EXPORT), false));
        assert_eq!(row.mql_definition, None);
    }
}

#[test]
fn triggers_since_the_rejection_say_so() {
    // L-000001 was rejected at 2026-11-12 14:49 UTC; it has 6 pricing page
    // views in the last 30 days but 1 after the rejection.
    let (_, d) = decide(SEED, DATA, "L-000001", EXPORT);
    let x = text(&d);
    let since = "1 activity \"page_view\" where page is \"pricing\" since the rejection on 2026-11-12 14:49:27 UTC, needs 2";
    assert_eq!(lines_with(&x, since).len(), 1, "{x}");
    let start = x.find("a new trigger since the rejection").unwrap();
    let subtree = &x[start..];
    let end = subtree
        .find("\n· ")
        .or(subtree.find("\n✓ "))
        .unwrap_or(subtree.len());
    assert!(
        !subtree[..end].contains("in the last 30 days"),
        "{}",
        &subtree[..end]
    );
    // E11 was rejected before the 30-day window began: the window decides,
    // and the explanation says the events are after the rejection too.
    let (_, d) = decide(SEED, EDGE, "E11", "2026-11-20T15:00:00Z");
    let x = text(&d);
    assert!(
        x.contains("1 activity \"page_view\" where page is \"pricing\" in the last 30 days, after the rejection on 2026-09-29 16:50 UTC, needs 2"),
        "{x}"
    );
}

#[test]
fn nurture_placement_is_due_five_business_days_after_the_rejection() {
    // E10: rejected "no_budget" (nurture "long-cycle") at 2026-11-03
    // 09:40 Chicago; 5 business days later is Tue 2026-11-10 09:40.
    let (p, d) = decide(SEED, EDGE, "E10", "2026-11-20T15:00:00Z");
    let r = d.recycling.clone().unwrap();
    assert_eq!(r.nurture_placement_due, Some(t("2026-11-10T15:40:00Z")));
    assert_eq!(r.nurture_placement_met, None, "no field records placement");
    let x = text(&d);
    let line = lines_with(&x, "nurture placement within 5 business days");
    assert_eq!(line.len(), 1, "{x}");
    assert!(
        line[0].contains("[placement due = 2026-11-10 09:40 America/Chicago]"),
        "{}",
        line[0]
    );
    let row = serde_json::to_value(Row::from_decision(&p, d)).unwrap();
    assert_eq!(
        row["recycling"]["nurture_placement_due"],
        "2026-11-10T15:40:00Z"
    );
    assert_eq!(
        row["recycling"]["nurture_placement_met"],
        serde_json::Value::Null
    );
    // E11: "bad_timing" (nurture "short-cycle"), rejected Tue 2026-09-29
    // 09:50 Los Angeles → Tue 2026-10-06 09:50.
    let (_, d) = decide(SEED, EDGE, "E11", "2026-11-20T15:00:00Z");
    let r = d.recycling.unwrap();
    assert_eq!(r.nurture_placement_due, Some(t("2026-10-06T16:50:00Z")));
    // E12: "wrong_contact" has no nurture step, so placement does not apply.
    let (_, d) = decide(SEED, EDGE, "E12", "2026-11-20T15:00:00Z");
    assert_eq!(d.recycling.clone().unwrap().nurture_placement_due, None);
    assert!(
        text(&d).contains("does not apply: \"wrong_contact\" has no nurture step"),
        "{}",
        text(&d)
    );
}

#[test]
fn never_recycled_leads_are_never_due_for_review() {
    // L-000046: rejected "existing" (route to CSM, never recycled),
    // recycled 3 times.
    let (_, d) = decide(SEED, DATA, "L-000046", EXPORT);
    let r = d.recycling.clone().unwrap();
    assert_eq!(&*r.reason, "existing");
    assert!(!r.human_review_due && !r.may_reenter, "{r:?}");
    let x = text(&d);
    assert!(!x.contains("human review due"), "{x}");
    // The summary counts only leads that could be recycled.
    let (p, schema) = load(SEED);
    let mut summary = accord_eval::Summary::default();
    let mut due = 0;
    for lead in leads(&schema, DATA) {
        let row = Row::from_decision(&p, p.evaluate(&lead, t(EXPORT), false));
        if let Some(r) = &row.recycling {
            let never = &*r.reason == "existing";
            assert!(!(never && r.human_review_due), "{:?}: {r:?}", row.id);
            due += usize::from(r.human_review_due);
        }
        summary.add(&row);
    }
    assert_eq!(summary.human_review_due, due);
    assert!(due > 0, "the bundled data still has leads due for review");
}
