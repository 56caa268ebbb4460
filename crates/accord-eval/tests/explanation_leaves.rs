//! Every leaf of every explanation shows what was read and what it was
//! compared with: for each policy in `policies/` and each readable lead of
//! `examples/data/leads.ndjson` (as of the export instant), and each
//! hand-written edge case under the seed agreement, every leaf that passes
//! or fails carries at least one value read and at least one threshold,
//! every leaf that fails also states its gap in the lead's terms
//! ("uses_crm is no, needs yes", "email_deliverable is missing"); an
//! informational leaf (a score, a disposition) shows its value, and a
//! not-applicable leaf says why.

#![allow(clippy::unwrap_used, clippy::panic)]

use accord_eval::{CompiledPolicy, Node, Verdict};
use accord_records::{read_leads, InputFormat, Lead, Schema};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(policy: &Path) -> (CompiledPolicy, Schema) {
    let mut ws = accord_check::Workspace::new();
    let id = ws.load(policy).unwrap();
    let r = ws.resolved(id);
    match accord_eval::compile(&r.files, &r.schema, &r.sources) {
        Ok(p) => (p, r.schema),
        Err(d) => panic!("{}: {d:#?}", policy.display()),
    }
}

fn readable_leads(schema: &Schema, file: &str) -> Vec<Lead> {
    let text = std::fs::read(root().join(file)).unwrap();
    read_leads(schema, text.as_slice(), InputFormat::Ndjson, None)
        .filter_map(|o| o.result.ok())
        .collect()
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Collects `lead: clause (location) what is lacking` for every leaf that
/// does not show what its verdict needs.
fn bare_leaves(lead: &str, node: Node<'_>, out: &mut Vec<String>) {
    let mut children = node.children().peekable();
    if children.peek().is_none() {
        let no_value = node.values().next().is_none();
        let no_threshold = node.thresholds().next().is_none();
        let no_reason = node.gap().is_none() && node.notes().next().is_none();
        let no_gap = node.gap().is_none();
        let lacking = match node.verdict() {
            Verdict::Pass | Verdict::Fail => match (no_value, no_threshold) {
                (true, true) => Some("no value, no threshold"),
                (true, false) => Some("no value"),
                (false, true) => Some("no threshold"),
                (false, false) if no_gap && node.verdict() == Verdict::Fail => Some("no gap"),
                (false, false) => None,
            },
            Verdict::Info => no_value.then_some("no value"),
            Verdict::NotApplicable => no_reason.then_some("no reason"),
        };
        if let Some(what) = lacking {
            out.push(format!(
                "{lead}: {} ({}): {what}",
                node.clause(),
                node.location()
            ));
        }
        return;
    }
    for child in children {
        bare_leaves(lead, child, out);
    }
}

fn check(policy: &CompiledPolicy, leads: &[Lead], as_of: DateTime<Utc>, out: &mut Vec<String>) {
    for lead in leads {
        let d = policy.evaluate(lead, as_of, true);
        let x = d.explanation.as_ref().unwrap();
        for answer in x.answers() {
            bare_leaves(&lead.id, answer, out);
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
    for path in &policies {
        let (p, schema) = load(path);
        let leads = readable_leads(&schema, "examples/data/leads.ndjson");
        assert!(leads.len() > 500, "{}: bundled leads read", path.display());
        let before = bare.len();
        check(&p, &leads, t("2026-11-30T15:00:00Z"), &mut bare);
        leads_explained += leads.len();
        if path.ends_with("mql-sql-agreement.accord") {
            let edge = readable_leads(&schema, "examples/edge-cases/leads.ndjson");
            check(&p, &edge, t("2026-11-20T15:00:00Z"), &mut bare);
        }
        bare.truncate(before + 20);
    }
    assert!(leads_explained > 2500);
    assert!(
        bare.is_empty(),
        "leaves without a value, threshold or (failing) gap:\n{}",
        bare.join("\n")
    );
}
