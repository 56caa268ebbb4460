//! Explaining a lead changes none of its answers: the decision evaluated
//! with its explanation, the explanation set aside, equals the decision
//! evaluated without one — stages, fits, scores, triggers with the events
//! that fired them, exclusions, tier, SLAs, persistence, recycling and
//! handoff — for every bundled policy on every lead of the bundled data
//! and the edge cases. (The explaining path walks the clauses as written
//! and reuses what it noted on the way, e.g. which of a trigger's items
//! held; the other runs the flat form.)

mod common;

use common::{leads, load, t, DATA, EDGE, EXPORT};

#[test]
fn an_explanation_changes_no_answer() {
    let policies = [
        "mql-sql-agreement.accord",
        "marketing-sales-sla.accord",
        "mql-definition.accord",
        "scoring-bant.accord",
        "handoff.accord",
    ];
    let mut compared = 0;
    let mut fired = 0;
    for name in policies {
        let (p, schema) = load(name);
        for file in [DATA, EDGE] {
            for lead in leads(&schema, file) {
                for as_of in [EXPORT, "2026-11-10T12:00:00Z"] {
                    let plain = p.evaluate(&lead, t(as_of), false);
                    let mut explained = p.evaluate(&lead, t(as_of), true);
                    assert!(explained.explanation.take().is_some());
                    assert_eq!(
                        explained, plain,
                        "{name}, {file}, lead {}, as of {as_of}",
                        lead.id
                    );
                    compared += 1;
                    fired += plain
                        .triggers
                        .iter()
                        .filter(|t| t.fired && !t.events.is_empty())
                        .count();
                }
            }
        }
    }
    // The data reaches the policies, and triggers fire on events.
    assert!(compared > 2_000, "{compared} decisions compared");
    assert!(fired > 100, "{fired} triggers fired with their events");
}
