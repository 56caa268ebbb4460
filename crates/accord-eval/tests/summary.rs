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
    assert_eq!(
        from_policy.tiers.get(&accord_eval::TierKey::Tier(3)),
        Some(&0)
    );
    from_policy.tiers.retain(|_, n| *n > 0);
    assert_eq!(from_policy, from_rows);
}

/// Tiers are counted by number: with ten or more, tier 2 comes before
/// tier 10 in the text and in JSON (the counts were once keyed by the
/// tier's text, which put "10" before "2"), and "no tier" comes last.
#[test]
fn tiers_are_listed_in_number_order() {
    let mut policy = String::from(
        "lead fields identified by lead_id:\n  lead_id is text\n  n is a number\n\n\
         mql \"MQL\" when n is at least 0\n\ntiers \"Tiers\":\n",
    );
    for tier in 1..=11 {
        policy.push_str(&format!("  tier {tier} when n is {tier}\n"));
    }
    let (p, schema) = from_text("tiers.accord", &policy);
    let mut summary = Summary::new(&p);
    let input: String = [2, 10, 10, 0]
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{{\"lead_id\":\"L{i}\",\"n\":{n}}}\n"))
        .collect();
    let leads: Vec<_> = accord_records::read_leads(
        &schema,
        input.as_bytes(),
        accord_records::InputFormat::Ndjson,
        None,
    )
    .map(|o| o.result.unwrap())
    .collect();
    for lead in &leads {
        summary.add(&Row::from_decision(&p, p.evaluate(lead, t(EXPORT), false)));
    }
    let text = summary.render_text();
    let at = |label: &str| {
        text.find(label)
            .unwrap_or_else(|| panic!("{label} in {text}"))
    };
    assert!(at("tier 2 ") < at("tier 3 "), "{text}");
    assert!(at("tier 9 ") < at("tier 10 "), "{text}");
    assert!(at("tier 11 ") < at("no tier "), "{text}");
    assert!(
        text.contains("tier 10          2  (50.0% of MQLs)"),
        "{text}"
    );
    let json = serde_json::to_string(&summary.tiers).unwrap();
    assert!(
        json.starts_with("{\"1\":0,\"2\":1,\"3\":0,")
            && json.ends_with("\"10\":2,\"11\":0,\"none\":1}"),
        "{json}"
    );
}
