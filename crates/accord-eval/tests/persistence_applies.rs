//! `applies when` on the persistence block (issue 11: one shape for every
//! block): leads for which the condition does not hold owe no attempts,
//! the explanation says why in words, and the others are judged exactly as
//! without it.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use accord_eval::StageKind;
use common::*;

#[test]
fn persistence_applies_only_to_the_leads_its_condition_holds_for() {
    let seed = std::fs::read_to_string(root().join("policies").join(SEED)).unwrap();
    let header = "persistence \"Contact persistence before Unresponsive (E.2)\":\n";
    assert!(seed.contains(header));
    let limited = seed.replace(header, &format!("{header}  applies when mql\n"));
    // Opened beside the seed so that its imports resolve.
    let path = root().join("policies").join("persistence-applies.accord");
    let (with, schema) = from_text(path.to_str().unwrap(), &limited);
    let (without, _) = load(SEED);
    let (mut held_out, mut judged) = (0, 0);
    for lead in leads(&schema, DATA) {
        let as_of = t(EXPORT);
        let a = with.evaluate(&lead, as_of, true);
        let b = without.evaluate(&lead, as_of, false);
        let (pa, pb) = (a.persistence.clone().unwrap(), b.persistence.unwrap());
        // `mql` in a condition reads the definition (a lead held out by a
        // rejection still owed its attempts while it was an MQL).
        let mql = a.stages.iter().find(|s| s.kind == StageKind::Mql).unwrap();
        if mql.definition_holds {
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
