//! A small deterministic sample of the differential test: generated
//! policies (each must pass `accord check`) × generated leads; accord-eval
//! and the reference must agree on every decision, and every evaluation
//! must be sound (no panic, no NaN, a valid row). The long run is
//! `examples/differential.rs` (see the README, "Reliability").

mod support;

#[test]
fn the_evaluators_agree_on_a_deterministic_sample() {
    let stats = support::run(0x5EED_0009, 12, 10, false);
    let report = |what: &str, list: &[String]| {
        assert!(
            list.is_empty(),
            "{} {what}; the first:\n{}",
            list.len(),
            list.first().map_or("", |s| s.as_str())
        );
    };
    report(
        "faults (refused policies, panics, invalid rows)",
        &stats.faults,
    );
    report("disagreements", &stats.disagreements);
    assert!(stats.pairs >= 100, "{stats:?}");
}
