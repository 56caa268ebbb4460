//! Every leaf of every explanation shows what was read and what it was
//! compared with: for each policy in `policies/` and each readable lead of
//! `examples/data/leads.ndjson` (as of the export instant), and each
//! hand-written edge case under the seed agreement, every leaf that passes
//! or fails carries at least one value read and at least one threshold,
//! every leaf that fails also states its gap in the lead's terms
//! ("uses_crm is no, needs yes", "email_deliverable is missing"); an
//! informational leaf (a score, a disposition) shows its value, and a
//! not-applicable leaf says why.
//!
//! Under `not` (and under an exclusion's condition or a penalty's, whose
//! holding is bad news too), what would make the inner clause hold is not
//! what the agreement needs: no leaf there carries a "needs" gap (a failing
//! leaf there has none), and every failing `not` states its own gap
//! ("competitor_contract is yes, needs no").

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::{load, root, t};

use accord_eval::{CompiledPolicy, Node, Verdict};
use accord_records::Lead;
use chrono::{DateTime, Utc};
use std::path::PathBuf;

/// `not` clauses met: (passing, failing).
#[derive(Default)]
struct Nots {
    passing: usize,
    failing: usize,
}

fn is_not(node: &Node<'_>) -> bool {
    node.clause().starts_with("not ")
}

/// Collects `lead: clause (location) what is lacking` for every leaf that
/// does not show what its verdict needs, and every `not` whose gap is wrong.
fn bare_leaves(
    lead: &str,
    node: Node<'_>,
    under_not: bool,
    nots: &mut Nots,
    out: &mut Vec<String>,
) {
    let mut children = node.children().peekable();
    // A `not` over a leaf is drawn as a leaf (the inner clause's values on
    // the `not`'s own line).
    if is_not(&node) {
        match node.verdict() {
            Verdict::Pass => nots.passing += 1,
            Verdict::Fail => nots.failing += 1,
            _ => {}
        }
    }
    let lacking = if children.peek().is_none() {
        let no_value = node.values().next().is_none();
        let no_threshold = node.thresholds().next().is_none();
        let no_reason = node.gap().is_none() && node.notes().next().is_none();
        let no_gap = node.gap().is_none();
        match node.verdict() {
            Verdict::Pass | Verdict::Fail => match (no_value, no_threshold) {
                (true, true) => Some("no value, no threshold"),
                (true, false) => Some("no value"),
                (false, true) => Some("no threshold"),
                (false, false) if under_not && node.gap().is_some_and(|g| g.contains("needs")) => {
                    Some("a \"needs\" gap under a `not`")
                }
                (false, false) if no_gap && !under_not && node.verdict() == Verdict::Fail => {
                    Some("no gap")
                }
                (false, false) => None,
            },
            Verdict::Info => no_value.then_some("no value"),
            Verdict::NotApplicable => no_reason.then_some("no reason"),
        }
    } else if is_not(&node) && node.verdict() == Verdict::Fail {
        node.gap()
            .is_none()
            .then_some("a failing `not` without a gap")
    } else {
        None
    };
    if let Some(what) = lacking {
        out.push(format!(
            "{lead}: {} ({}): {what}",
            node.clause(),
            node.location()
        ));
    }
    // Clauses whose holding is bad news are read like a `not`: an
    // exclusion's condition (its first child; an `unless` after it is read
    // as it is) and a penalty's condition.
    let exclusion = node.clause().starts_with("exclusion ");
    let unwanted = under_not || is_not(&node) || node.clause().starts_with('-');
    for (i, child) in children.enumerate() {
        bare_leaves(lead, child, unwanted || (exclusion && i == 0), nots, out);
    }
}

fn check(
    policy: &CompiledPolicy,
    leads: &[Lead],
    as_of: DateTime<Utc>,
    nots: &mut Nots,
    out: &mut Vec<String>,
) {
    for lead in leads {
        let d = policy.evaluate(lead, as_of, true);
        let x = d.explanation.as_ref().unwrap();
        for answer in x.answers() {
            bare_leaves(&lead.id, answer, false, nots, out);
        }
    }
}

#[test]
fn every_leaf_shows_what_its_verdict_rests_on() {
    let mut policies: Vec<PathBuf> = std::fs::read_dir(root().join("policies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "accord"))
        .collect();
    policies.sort();
    assert!(policies.len() >= 5, "policies/ holds the seed agreements");
    let mut bare = Vec::new();
    let mut leads_explained = 0;
    let mut nots = Nots::default();
    for path in &policies {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap();
        let (p, schema) = load(name);
        let leads = common::leads(&schema, "examples/data/leads.ndjson");
        assert!(leads.len() > 500, "{}: bundled leads read", path.display());
        let before = bare.len();
        check(&p, &leads, t("2026-11-30T15:00:00Z"), &mut nots, &mut bare);
        leads_explained += leads.len();
        if path.ends_with("mql-sql-agreement.accord") {
            let edge = common::leads(&schema, "examples/edge-cases/leads.ndjson");
            check(&p, &edge, t("2026-11-20T15:00:00Z"), &mut nots, &mut bare);
        }
        bare.truncate(before + 20);
    }
    assert!(leads_explained > 2500);
    assert!(
        nots.passing > 100 && nots.failing > 0,
        "`not` clauses met: {} passing, {} failing",
        nots.passing,
        nots.failing
    );
    assert!(
        bare.is_empty(),
        "leaves without a value, threshold or (failing) gap, or `not`s with a wrong gap:\n{}",
        bare.join("\n")
    );
}
