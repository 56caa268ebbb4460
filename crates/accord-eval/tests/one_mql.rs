//! Seed 003's SLA counts the MQLs "defined by the MQL/SQL agreement": both
//! policies import `policies/shared/mql.accord`, so over every bundled lead
//! the SLA's MQL definition and the agreement's give the same answer.
//! (Only the agreement has F.2's recycling rules, so only there does a
//! rejection hold a lead out of the MQL queue.)

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_eval::StageKind;

#[test]
fn the_sla_and_the_agreement_define_the_same_mql() {
    let (agreement, schema) = common::load(common::SEED);
    let (sla, _) = common::load("marketing-sales-sla.accord");
    let as_of = common::t(common::EXPORT);
    let mut both = 0;
    for file in [common::DATA, common::EDGE] {
        for lead in common::leads(&schema, file) {
            let a = agreement.evaluate(&lead, as_of, false);
            let s = sla.evaluate(&lead, as_of, false);
            let definition = |d: &accord_eval::Decision| {
                d.stages
                    .iter()
                    .find(|o| o.kind == StageKind::Mql)
                    .map(|o| o.definition_holds)
            };
            let (a, s) = (definition(&a), definition(&s));
            assert_eq!(a, s, "lead {}: agreement {a:?}, SLA {s:?}", lead.id);
            both += usize::from(a == Some(true));
        }
    }
    assert!(both > 100, "only {both} MQLs in the bundled data");
}
