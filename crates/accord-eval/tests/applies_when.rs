//! `applies when` on the blocks that take it (issue 11: one shape for every
//! block): persistence and handoff as SLAs. Leads for which the condition
//! does not hold owe nothing, the explanation says why in words, the others
//! are judged exactly as without it, and the eval summary counts among the
//! leads a block applies to.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use accord_eval::{CompiledPolicy, Decision, Row, StageKind, Summary};
use common::*;

/// The seed policy with `applies when mql` under `header`, and the seed.
fn limited_to_mqls(header: &str) -> (CompiledPolicy, CompiledPolicy, accord_records::Schema) {
    let seed = std::fs::read_to_string(root().join("policies").join(SEED)).unwrap();
    assert!(seed.contains(header));
    let limited = seed.replace(header, &format!("{header}  applies when mql\n"));
    // Opened beside the seed so that its imports resolve.
    let path = root().join("policies").join("applies-when.accord");
    let (with, schema) = from_text(path.to_str().unwrap(), &limited);
    let (without, _) = load(SEED);
    (with, without, schema)
}

/// `mql` in a condition reads the definition (a lead held out by a
/// rejection still owes what an MQL owes).
fn mql_definition(d: &Decision) -> bool {
    d.stages
        .iter()
        .find(|s| s.kind == StageKind::Mql)
        .unwrap()
        .definition_holds
}

#[test]
fn persistence_applies_only_to_the_leads_its_condition_holds_for() {
    let (with, without, schema) =
        limited_to_mqls("persistence \"Contact persistence before Unresponsive (E.2)\":\n");
    let (mut held_out, mut judged) = (0, 0);
    for lead in leads(&schema, DATA) {
        let as_of = t(EXPORT);
        let a = with.evaluate(&lead, as_of, true);
        let b = without.evaluate(&lead, as_of, false);
        let (pa, pb) = (a.persistence.clone().unwrap(), b.persistence.unwrap());
        if mql_definition(&a) {
            assert_eq!(pa, pb, "{}: an MQL is judged as before", lead.id);
            judged += usize::from(pa.applies);
        } else {
            assert!(!pa.applies && pa.compliant, "{}: {pa:?}", lead.id);
            let summary = &a.explanation.as_ref().unwrap().summary;
            assert_eq!(
                summary.persistence.as_deref(),
                Some("does not apply: not an MQL"),
                "{}",
                lead.id
            );
            held_out += usize::from(pb.applies);
        }
    }
    // Both kinds occur in the bundled data: routed leads that are not MQLs
    // (held out now) and MQLs that owe the attempts.
    assert!(held_out > 0 && judged > 0, "{held_out} {judged}");
}

#[test]
fn handoff_applies_only_to_the_leads_its_condition_holds_for() {
    let (with, without, schema) =
        limited_to_mqls("handoff \"Data completeness at handoff (D.1)\":\n");
    let as_of = t(EXPORT);
    let (mut summary_with, mut summary_without) = (Summary::new(&with), Summary::new(&without));
    let (mut mqls, mut incomplete_mqls, mut incomplete_others) = (0, 0, 0);
    for lead in leads(&schema, DATA) {
        let a = with.evaluate(&lead, as_of, true);
        let b = without.evaluate(&lead, as_of, false);
        let (ha, hb) = (a.handoff.clone().unwrap(), b.handoff.clone().unwrap());
        assert!(hb.applies, "{}: without `applies when` it applies", lead.id);
        if mql_definition(&a) {
            assert_eq!(ha, hb, "{}: an MQL is judged as before", lead.id);
            mqls += 1;
            incomplete_mqls += usize::from(!ha.complete);
        } else {
            assert!(
                !ha.applies && ha.complete && ha.missing.is_empty(),
                "{}: {ha:?}",
                lead.id
            );
            let explanation = a.explanation.as_ref().unwrap();
            assert_eq!(
                explanation.summary.handoff.as_deref(),
                Some("does not apply: not an MQL"),
                "{}",
                lead.id
            );
            incomplete_others += usize::from(!hb.complete);
        }
        summary_with.add(&Row::from_decision(&with, a));
        summary_without.add(&Row::from_decision(&without, b));
    }
    // The bundled data has incomplete handoffs on both sides.
    assert!(incomplete_mqls > 0 && incomplete_others > 0);
    // The summary counts among the leads handoff applies to.
    assert_eq!(summary_with.handoff_applicable, mqls);
    assert_eq!(summary_with.handoff_incomplete, incomplete_mqls);
    assert_eq!(
        summary_without.handoff_applicable,
        summary_without.records - summary_without.errors
    );
    assert_eq!(
        summary_without.handoff_incomplete,
        incomplete_mqls + incomplete_others
    );
    assert!(summary_with.render_text().contains(&format!(
        "handoff (applies to {mqls} leads): incomplete {incomplete_mqls}\n"
    )));
}
