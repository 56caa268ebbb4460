//! The summary on top of every explanation, and what it would take:
//! - snapshots of the summary (text, markdown, JSON) for every hand-worked
//!   edge case and for a sample of bundled leads picked to cover each
//!   verdict, every SLA state, rejection and re-entry, and SQL candidates;
//! - "what it would take" as a property over every bundled lead that is not
//!   an MQL: each change set offered, applied to the lead's JSON record by
//!   this test (not by the search) and read back, makes the evaluator say
//!   MQL; none is offered when a fixed fact decides;
//! - over every bundled lead and every policy: no summary line contradicts
//!   the verdict, and no mark says the opposite of what it means (an
//!   exclusion that does not apply, a `not` that holds, a penalty that adds
//!   nothing are never ✗; a lead a rejection holds out has no ✓ `mql`);
//! - the default explanation (`--detail decisive`) of every bundled lead
//!   stays within a screen.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::{load, root, t};

use accord_eval::explain::{Changeable, Edit};
use accord_eval::{CompiledPolicy, Decision, Detail, Node, SlaState, StageKind, Verdict};
use accord_records::{read_leads, InputFormat, Lead, Schema};
use chrono::{DateTime, Utc};

const SEED: &str = "mql-sql-agreement.accord";
const EXPORT: &str = "2026-11-30T15:00:00Z";
/// Lines the default explanation of any bundled lead fits in.
const LINE_BUDGET: usize = 33;

/// Each bundled record's JSON line with the lead read from it.
fn bundled(schema: &Schema) -> Vec<(String, Lead)> {
    let text = std::fs::read_to_string(root().join("examples/data/leads.ndjson")).unwrap();
    text.lines()
        .filter_map(|line| {
            let lead = read_leads(schema, line.as_bytes(), InputFormat::Ndjson, None)
                .next()?
                .result
                .ok()?;
            Some((line.to_string(), lead))
        })
        .collect()
}

/// Evaluates with the explanation and the search, as `accord explain` does.
fn explained(p: &CompiledPolicy, lead: &Lead, as_of: DateTime<Utc>) -> Decision {
    let mut d = p.evaluate(lead, as_of, true);
    p.search_changes(lead, as_of, &mut d);
    d
}

fn snapshot(name: &str, d: &Decision) {
    let x = d.explanation.as_ref().unwrap();
    insta::assert_snapshot!(format!("{name}_text"), x.render_text(Detail::Summary));
    insta::assert_snapshot!(format!("{name}_md"), x.render_markdown(Detail::Summary));
    insta::assert_json_snapshot!(format!("{name}_json"), x.summary);
}

#[test]
fn edge_case_summaries() {
    let (p, schema) = load(SEED);
    for lead in common::leads(&schema, "examples/edge-cases/leads.ndjson") {
        let as_of = if &*lead.id == "E09" {
            t("2026-11-27T20:00:00Z")
        } else {
            t("2026-11-20T15:00:00Z")
        };
        snapshot(&format!("edge_{}", lead.id), &explained(&p, &lead, as_of));
    }
}

#[test]
fn a_sample_of_bundled_leads_covering_every_case() {
    let (p, schema) = load(SEED);
    let as_of = t(EXPORT);
    let all: Vec<Decision> = bundled(&schema)
        .iter()
        .map(|(_, l)| explained(&p, l, as_of))
        .collect();
    let held = |d: &Decision| d.stages.iter().any(|s| s.held_by_rejection);
    let has = |d: &Decision, s: SlaState| d.slas.iter().any(|o| o.state == s);
    #[allow(clippy::type_complexity)]
    let cases: Vec<(&str, Box<dyn Fn(&Decision) -> bool>)> = vec![
        (
            "not an MQL, a change would do",
            Box::new(|d| {
                !d.mql()
                    && !held(d)
                    && summary(d)
                        .what_it_would_take
                        .changes
                        .as_ref()
                        .is_some_and(|c| !c.is_empty())
            }),
        ),
        (
            "not an MQL, a fixed fact decides",
            Box::new(|d| {
                summary(d).what_it_would_take.no_change.is_some() && d.exclusions.is_empty()
            }),
        ),
        ("excluded", Box::new(|d| !d.exclusions.is_empty())),
        ("held out by a rejection", Box::new(held)),
        (
            "rejected, may re-enter",
            Box::new(|d| d.recycling.as_ref().is_some_and(|r| r.may_reenter)),
        ),
        (
            "MQL, not accepted",
            Box::new(|d| d.mql() && d.stage(StageKind::Sal) == Some(false)),
        ),
        (
            "SAL, SQL missing confirmations",
            Box::new(|d| {
                d.stage(StageKind::Sal) == Some(true) && d.stage(StageKind::Sql) == Some(false)
            }),
        ),
        ("SQL", Box::new(|d| d.stage(StageKind::Sql) == Some(true))),
        ("an SLA met", Box::new(|d| has(d, SlaState::Met))),
        ("an SLA breached", Box::new(|d| has(d, SlaState::Breached))),
        ("an SLA pending", Box::new(|d| has(d, SlaState::Pending))),
        (
            "persistence in progress",
            Box::new(|d| {
                d.persistence
                    .as_ref()
                    .is_some_and(|p| p.compliant && !p.pending.is_empty())
            }),
        ),
    ];
    let mut picked: Vec<&str> = Vec::new();
    for (case, matches) in &cases {
        let d = all
            .iter()
            .find(|d| matches(d))
            .unwrap_or_else(|| panic!("no bundled lead is {case}"));
        if !picked.contains(&&*d.lead_id) {
            picked.push(&d.lead_id);
        }
    }
    for id in picked {
        let d = all.iter().find(|d| &*d.lead_id == id).unwrap();
        snapshot(&format!("bundled_{id}"), d);
    }
}

fn summary(d: &Decision) -> &accord_eval::explain::Summary {
    &d.explanation.as_ref().unwrap().summary
}

/// Applies the edits to the lead's JSON record.
fn apply(record: &str, edits: &[Edit]) -> String {
    let mut v: serde_json::Value = serde_json::from_str(record).unwrap();
    let obj = v.as_object_mut().unwrap();
    for e in edits {
        match e {
            Edit::AddEvents {
                stream,
                count,
                event,
            } => {
                let list = obj
                    .entry(stream.clone())
                    .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                for _ in 0..*count {
                    list.as_array_mut()
                        .unwrap()
                        .push(serde_json::Value::Object(event.clone()));
                }
            }
            Edit::SetField { field, value } => {
                obj.insert(field.clone(), value.clone());
            }
        }
    }
    v.to_string()
}

#[test]
fn what_it_would_take_makes_every_bundled_non_mql_an_mql() {
    let (p, schema) = load(SEED);
    let as_of = t(EXPORT);
    let (mut proved, mut fixed, mut none_found) = (0, 0, 0);
    for (record, lead) in bundled(&schema) {
        let plain = p.evaluate(&lead, as_of, false);
        if plain.mql() || plain.stages.iter().any(|s| s.held_by_rejection) {
            continue;
        }
        let d = explained(&p, &lead, as_of);
        let s = &d.explanation.as_ref().unwrap().summary;
        let w = &s.what_it_would_take;
        assert_eq!(w.target, Some(StageKind::Mql), "{}", lead.id);
        let changes = w.changes.as_ref().unwrap();
        let fixed_fails = s
            .reasons
            .iter()
            .any(|r| !r.holds && r.changeable == Changeable::Fixed);
        if fixed_fails {
            assert!(w.no_change.is_some(), "{}: {w:?}", lead.id);
            assert!(changes.is_empty(), "{}: {changes:?}", lead.id);
            fixed += 1;
            continue;
        }
        assert!(w.no_change.is_none(), "{}: {w:?}", lead.id);
        if changes.is_empty() {
            none_found += 1;
        }
        for set in changes {
            assert_eq!(set.edits.len(), set.changes.len(), "{}", lead.id);
            let changed = apply(&record, &set.edits);
            let again = read_leads(&schema, changed.as_bytes(), InputFormat::Ndjson, None)
                .next()
                .unwrap()
                .result
                .unwrap_or_else(|e| panic!("{}: the changed record reads: {e:?}", lead.id));
            let after = p.evaluate(&again, as_of, false);
            assert!(after.mql(), "{}: {set:?} does not make it an MQL", lead.id);
            proved += 1;
        }
    }
    assert!(proved > 100, "{proved} change sets proved");
    assert!(fixed > 20, "{fixed} leads where a fixed fact decides");
    assert!(
        none_found < proved / 10,
        "{none_found} leads with nothing found"
    );
}

/// Marks that say the opposite of what they mean, below `node`.
fn wrong_marks(lead: &str, node: Node<'_>, held: bool, out: &mut Vec<String>) {
    let value = |name: &str| node.values().find(|r| r.name == name).map(|r| r.value);
    let clause = node.clause();
    let wrong = match node.verdict() {
        Verdict::Fail if clause.starts_with("exclusion ") && value("applies") == Some("no") => {
            Some("an exclusion that does not apply marked ✗")
        }
        Verdict::Fail if clause.starts_with("not ") && node.gap().is_none() => {
            Some("a `not` marked ✗ without saying why")
        }
        Verdict::Fail if clause.starts_with('-') && value("points") == Some("0") => {
            Some("a penalty that adds nothing marked ✗")
        }
        Verdict::Pass if held && clause == "mql" => Some("✓ mql for a lead held out"),
        _ => None,
    };
    if let Some(w) = wrong {
        out.push(format!("{lead}: {clause}: {w}"));
    }
    for c in node.children() {
        wrong_marks(lead, c, held, out);
    }
}

#[test]
fn no_line_contradicts_the_verdict_and_marks_mean_one_thing() {
    let mut policies: Vec<String> = std::fs::read_dir(root().join("policies"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".accord"))
        .collect();
    policies.sort();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for name in &policies {
        let (p, schema) = load(name);
        for lead in common::leads(&schema, "examples/data/leads.ndjson") {
            let d = p.evaluate(&lead, t(EXPORT), true);
            let x = d.explanation.as_ref().unwrap();
            let s = &x.summary;
            let id = &lead.id;
            let held = d.stages.iter().any(|s| s.held_by_rejection);
            let mql = d
                .stages
                .iter()
                .find(|s| s.kind == StageKind::Mql)
                .map(|s| s.passed);
            let missed = d.stages.iter().any(|s| !s.passed);
            // The verdict in words says what the answers say.
            if mql == Some(false) && !s.verdict.starts_with("not an MQL") {
                wrong.push(format!(
                    "{name} {id}: verdict {:?} for a non-MQL",
                    s.verdict
                ));
            }
            if mql == Some(true) && s.verdict.starts_with("not ") {
                wrong.push(format!("{name} {id}: verdict {:?} for an MQL", s.verdict));
            }
            if let Some(tier) = &s.tier {
                if tier.would_be != (mql == Some(false))
                    || tier.text.starts_with("tier") == tier.would_be
                {
                    wrong.push(format!("{name} {id}: tier line {:?}", tier.text));
                }
            }
            // A lead that misses a stage has only reasons that fail; one
            // that reaches every stage only reasons that hold.
            if s.reasons.iter().any(|r| r.holds == missed) {
                wrong.push(format!("{name} {id}: reasons {:?}", s.reasons));
            }
            // Each SLA line starts with its state.
            for line in &s.slas {
                let word = match line.state {
                    SlaState::Met => "met",
                    SlaState::Breached => "breached",
                    SlaState::Pending => "pending",
                    SlaState::NotApplicable => "does not apply",
                };
                if !line.text.starts_with(word) {
                    wrong.push(format!("{name} {id}: sla {} {:?}", line.name, line.text));
                }
            }
            // The tier answer of a non-MQL says "would be".
            for a in x.answers() {
                if a.clause().starts_with("tiers")
                    && a.values().any(|r| r.name == "tier")
                    && mql == Some(false)
                {
                    wrong.push(format!("{name} {id}: `tier` read for a non-MQL"));
                }
                wrong_marks(id, a, held, &mut wrong);
            }
            checked += 1;
        }
        wrong.truncate(30);
    }
    assert!(checked > 2500, "{checked} explanations checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_default_explanation_fits_a_screen() {
    let (p, schema) = load(SEED);
    let mut longest = (0, String::new());
    for (_, lead) in bundled(&schema) {
        let d = explained(&p, &lead, t(EXPORT));
        let text = d
            .explanation
            .as_ref()
            .unwrap()
            .render_text(Detail::default());
        let n = text.lines().count();
        if n > longest.0 {
            longest = (n, text);
        }
    }
    assert!(
        longest.0 <= LINE_BUDGET,
        "{} lines, over the budget of {LINE_BUDGET}:\n{}",
        longest.0,
        longest.1
    );
}
