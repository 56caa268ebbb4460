//! "Not ICP fit" re-entry across versions (seed 000 F.1/F.2): a lead
//! rejected as `not_icp` re-enters only when the version of the agreement
//! in effect now defines `icp` differently from the version in effect at
//! its rejection, and then after the 90-day cooling-off. Uses the bundled
//! `examples/agreement-versions` (v1.1 adds Fintech to the target
//! industries `icp` reads) and `rejected.ndjson`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use accord::{link_versions, Detail, Policy};
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn versions(link: bool) -> Vec<Policy> {
    let dir = repo().join("examples/agreement-versions");
    let mut v: Vec<Policy> = ["v1.0", "v1.1"]
        .iter()
        .map(|d| Policy::load(dir.join(d).join("mql-sql-agreement.accord")).unwrap())
        .collect();
    if link {
        link_versions(&mut v);
    }
    v
}

fn leads() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(repo().join("examples/agreement-versions/rejected.ndjson"))
        .unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn lead(id: &str) -> serde_json::Value {
    leads()
        .into_iter()
        .find(|l| l["lead_id"] == id)
        .unwrap_or_else(|| panic!("no lead {id}"))
}

/// (may re-enter, explanation text) of a lead as of `as_of`, with the
/// version in effect then.
fn judge(versions: &[Policy], id: &str, as_of: &str) -> (bool, String) {
    let as_of = accord::parse_instant(as_of).unwrap();
    let policy = Policy::in_effect(versions, as_of).unwrap();
    let row = policy.evaluate_json(&lead(id), 1, as_of, true);
    assert!(row.errors.is_empty(), "{:?}", row.errors);
    let may = row.recycling.as_ref().unwrap().may_reenter;
    let text = row.explanation.unwrap().render_text(Detail::Full);
    (may, text)
}

#[test]
fn a_lead_rejected_under_an_older_icp_re_enters_after_90_days() {
    let v = versions(true);
    let (may, text) = judge(&v, "ICP-CHANGED", "2026-11-30T15:00:00Z");
    assert!(may, "{text}");
    assert!(
        text.contains("re-enters: the icp definition changed since it was rejected under version 1.0 (now version 1.1)"),
        "{text}"
    );
    // The cooling-off is F.2's 90 days for not ICP: 2026-03-02 + 90 days.
    assert!(text.contains("earliest re-entry"), "{text}");
    assert!(text.contains("2026-05-31"), "{text}");
}

#[test]
fn a_lead_rejected_under_the_icp_in_effect_stays_out() {
    let v = versions(true);
    let (may, text) = judge(&v, "ICP-SAME", "2026-11-30T15:00:00Z");
    assert!(!may, "{text}");
    assert!(
        text.contains(
            "stays out: the icp definition is unchanged since the rejection (under version 1.1)"
        ),
        "{text}"
    );
    assert!(
        text.contains("the icp definition is unchanged since the rejection"),
        "{text}"
    );
}

#[test]
fn a_changed_icp_still_needs_a_new_trigger() {
    let v = versions(true);
    let (may, text) = judge(&v, "ICP-NO-TRIGGER", "2026-11-30T15:00:00Z");
    assert!(!may, "{text}");
    assert!(
        text.contains("re-enters: the icp definition changed"),
        "{text}"
    );
    assert!(
        text.contains("no new trigger since the rejection"),
        "{text}"
    );
}

#[test]
fn under_the_version_it_was_rejected_in_nothing_has_changed() {
    // As of 2026-06-15 v1.0 is in effect: the lead rejected under it on
    // 2026-03-02 stays out, whatever it did since.
    let v = versions(true);
    let (may, text) = judge(&v, "ICP-CHANGED", "2026-06-15T15:00:00Z");
    assert!(!may, "{text}");
    assert!(
        text.contains("unchanged since the rejection (under version 1.0)"),
        "{text}"
    );
}

#[test]
fn without_the_older_version_the_rejection_version_is_unknown_and_the_lead_stays_out() {
    // Only v1.1 given: the version in effect at 2026-03-02 is not known.
    let v = versions(false);
    let only = vec![v.into_iter().nth(1).unwrap()];
    let (may, text) = judge(&only, "ICP-CHANGED", "2026-11-30T15:00:00Z");
    assert!(!may, "{text}");
    assert!(
        text.contains("no version of the agreement in effect on 2026-03-02 was given"),
        "{text}"
    );
}
