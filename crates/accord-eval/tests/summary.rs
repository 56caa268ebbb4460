//! The run summary starts from the policy: every SLA (policy order) with
//! all four states and every declared tier are listed at 0 before any row,
//! so an empty input still shows them.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use accord_eval::{Row, Summary};
use common::*;

#[test]
fn an_empty_run_lists_every_sla_and_tier_at_zero() {
    let (p, _) = load(SEED);
    let s = Summary::new(&p);
    let json = serde_json::to_value(&s).unwrap();
    let slas = json["slas"].as_object().unwrap();
    let names: Vec<&str> = p.sla_names().collect();
    assert!(names.len() >= 4, "{names:?}");
    assert_eq!(slas.len(), names.len());
    // In policy order (serde_json's Value sorts keys: read the text).
    let text = serde_json::to_string(&s).unwrap();
    let at: Vec<usize> = names
        .iter()
        .map(|n| text.find(&format!("\"{n}\":{{")).unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{names:?} in {text}");
    for (name, counts) in slas {
        assert_eq!(
            counts,
            &serde_json::json!({"met": 0, "breached": 0, "pending": 0, "not_applicable": 0}),
            "{name}"
        );
    }
    assert_eq!(json["tiers"], serde_json::json!({"1": 0, "2": 0, "3": 0}));
    let text = s.render_text();
    for name in names {
        assert!(
            text.contains(&format!(
                "SLA {name}: breached 0, met 0, not_applicable 0, pending 0\n"
            )),
            "{text}"
        );
    }
    assert!(
        text.contains("tier 3           0  (0.0% of MQLs)"),
        "{text}"
    );
}

#[test]
fn starting_from_the_policy_counts_the_same() {
    let (p, schema) = load(SEED);
    let mut from_policy = Summary::new(&p);
    let mut from_rows = Summary::default();
    for lead in leads(&schema, DATA) {
        let row = Row::from_decision(&p, p.evaluate(&lead, t(EXPORT), false));
        from_policy.add(&row);
        from_rows.add(&row);
    }
    // Starting from the policy also lists the tiers no MQL has (at 0).
    assert_eq!(from_policy.tiers.get("3"), Some(&0));
    from_policy.tiers.retain(|_, n| *n > 0);
    assert_eq!(from_policy, from_rows);
}
