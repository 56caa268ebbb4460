//! A lead's timestamp field later than as-of has not happened yet and reads
//! as missing, everywhere a field is read (conditions, SLA start and stop,
//! rejection and recycling, persistence, handoff), and the explanation says
//! so where it shows the value.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use accord_eval::{SlaState, StageKind};
use common::*;

#[test]
fn accepted_later_than_as_of_is_not_accepted_yet() {
    // E01 was accepted at 2026-11-18T16:10Z; as of 15:50Z it was not.
    let (_, d) = decide(SEED, EDGE, "E01", "2026-11-18T15:50:00Z");
    assert!(d.mql());
    assert_eq!(d.stage(StageKind::Sal), Some(false));
    assert_eq!(d.stage(StageKind::Sql), Some(false));
    let reach = d.sla("reach").unwrap();
    assert_eq!(reach.state, SlaState::NotApplicable);
    let x = text(&d);
    let shown = lines_with(&x, "[accepted_at =");
    assert!(
        shown.iter().all(|l| l.contains("✗")
            && l.contains("[accepted_at = (not yet: 2026-11-18 16:10 UTC)]")
            && l.contains("accepted_at is not yet set (2026-11-18 16:10 UTC is after as-of)")),
        "{shown:#?}"
    );
    assert!(!shown.is_empty());
    // The acceptance SLA has not stopped yet (disposition_at is 16:10Z too).
    assert_eq!(d.sla("acceptance").unwrap().state, SlaState::Pending);
    assert_eq!(d.sla("acceptance").unwrap().stopped_at, None);
}

#[test]
fn rejected_later_than_as_of_is_not_rejected_yet() {
    // E10 was rejected at 2026-11-03T15:40Z; as of 15:20Z it was not.
    let (_, d) = decide(SEED, EDGE, "E10", "2026-11-03T15:20:00Z");
    assert_eq!(d.recycling, None, "not rejected yet");
    let mql = d.stages.iter().find(|s| s.kind == StageKind::Mql).unwrap();
    assert!(!mql.held_by_rejection);
    assert!(!text(&d).contains("rejected"), "{}", text(&d));
    // After the rejection it is.
    let (_, d) = decide(SEED, EDGE, "E10", "2026-11-03T15:40:00Z");
    assert_eq!(&*d.recycling.unwrap().reason, "no_budget");
}

#[test]
fn sla_start_and_persistence_start_later_than_as_of() {
    // E01 was routed at 2026-11-18T15:45Z.
    let (_, d) = decide(SEED, EDGE, "E01", "2026-11-18T15:44:00Z");
    let fr = d.sla("first_response").unwrap();
    assert_eq!(fr.state, SlaState::NotApplicable);
    assert_eq!(
        fr.reason.as_deref(),
        Some("routed_at is not yet set (2026-11-18 15:45 UTC is after as-of)")
    );
    let p = d.persistence.clone().unwrap();
    assert!(!p.applies);
    assert!(text(&d).contains(
        "not applicable: routed_at is not yet set (2026-11-18 15:45 UTC is after as-of)"
    ));
}
