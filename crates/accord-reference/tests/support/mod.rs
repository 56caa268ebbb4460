//! The differential harness shared by `tests/differential.rs` (a small
//! deterministic sample) and `examples/differential.rs` (the long run):
//! generate a policy, require `accord check` to pass it, compile it with
//! `accord-eval`, generate leads, read them with `accord-records`, and for
//! every (policy, lead) pair compare `accord-eval`'s decision with the
//! reference's verdicts, and check the soundness property (no panic, no
//! NaN, every row valid against the row schema).

#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use accord_eval::{CompiledPolicy, Decision, Row, SlaState as EvalState};
use accord_records::{read_leads, InputFormat, Schema};
use accord_reference::generate::{self, Rng};
use accord_reference::{evaluate, Instant, SlaState, Verdicts};
use accord_syntax::ast;
use std::path::Path;

/// A generated policy, checked and compiled.
pub struct Checked {
    pub text: String,
    pub files: Vec<ast::Policy>,
    pub schema: Schema,
    pub compiled: CompiledPolicy,
}

/// The checks that judge a combination of clauses the generator writes
/// independently (a score threshold its rules cannot reach, a tier an
/// earlier one hides). The checker is right to refuse such a policy; the
/// harness counts it and generates the next one. Any other refusal is a
/// generator bug or a checker bug, and a fault.
pub const LOGIC_CODES: &[&str] = &[
    "accord::threshold-unreachable",
    "accord::threshold-always-met",
    "accord::unreachable-tier",
];

/// Why a generated policy was not evaluated.
pub enum Refused {
    /// Only [`LOGIC_CODES`]: counted, not a fault.
    Logic,
    /// Anything else: the rendered errors.
    Fault(String),
}

/// Checks and compiles `text`; refused when `accord check` refuses it, or
/// (a checker bug) when it checks clean but does not compile.
pub fn check(text: &str) -> Result<Checked, Refused> {
    let mut ws = accord_check::Workspace::new();
    let id = ws.open(Path::new("/gen/policy.accord"), text.to_string());
    let errors: Vec<(String, String)> = ws
        .diagnostics(id)
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect();
    if !errors.is_empty() {
        if errors
            .iter()
            .all(|(code, _)| LOGIC_CODES.contains(&code.as_str()))
        {
            return Err(Refused::Logic);
        }
        return Err(Refused::Fault(format!(
            "accord check refused it: {errors:?}"
        )));
    }
    let r = ws.resolved(id);
    let compiled = accord_eval::compile(&r.files, &r.schema, &r.sources)
        .map_err(|d| Refused::Fault(format!("checked clean but did not compile: {d:?}")))?;
    Ok(Checked {
        text: text.to_string(),
        files: r.files,
        schema: r.schema,
        compiled,
    })
}

/// Where the two evaluators disagree on one lead (empty when they agree),
/// and how many comparisons the reference could not decide (business time
/// beyond its walk's budget).
pub fn compare(d: &Decision, v: &Verdicts) -> (Vec<String>, usize) {
    let mut diffs = Vec::new();
    let mut skipped = 0;
    if v.undecided {
        return (diffs, 1);
    }
    let mut same = |what: String, a: String, b: String| {
        if a != b {
            diffs.push(format!("{what}: accord-eval {a}, reference {b}"));
        }
    };
    for (s, (kind, holds, passed)) in d.stages.iter().zip(&v.stages) {
        same(
            format!("{kind:?} definition"),
            s.definition_holds.to_string(),
            holds.to_string(),
        );
        same(
            format!("{kind:?}"),
            s.passed.to_string(),
            passed.to_string(),
        );
    }
    same(
        "stages".into(),
        d.stages.len().to_string(),
        v.stages.len().to_string(),
    );
    for (f, (name, passed)) in d.fits.iter().zip(&v.fits) {
        same(
            format!("fit {name}"),
            f.passed.to_string(),
            passed.to_string(),
        );
    }
    for (s, (name, value)) in d.scores.iter().zip(&v.scores) {
        let close = match (s.value, value) {
            (Some(a), Some(b)) => a == *b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
            (a, b) => a == *b,
        };
        if !close {
            same(
                format!("score {name}"),
                format!("{:?}", s.value),
                format!("{value:?}"),
            );
        }
    }
    for (t, (name, fired)) in d.triggers.iter().zip(&v.triggers) {
        same(
            format!("trigger {name}"),
            t.fired.to_string(),
            fired.to_string(),
        );
    }
    let hit = d
        .exclusions
        .first()
        .map(|e| (e.name.clone(), e.route.clone()));
    same(
        "exclusion".into(),
        format!("{hit:?}"),
        format!("{:?}", v.exclusion),
    );
    same(
        "tier".into(),
        format!("{:?}", d.tier),
        format!("{:?}", v.tier),
    );
    for (s, r) in d.slas.iter().zip(&v.slas) {
        if r.state == SlaState::Unknown || r.due == Instant::Unknown {
            skipped += 1;
            continue;
        }
        let state = match s.state {
            EvalState::Met => SlaState::Met,
            EvalState::Breached => SlaState::Breached,
            EvalState::Pending => SlaState::Pending,
            EvalState::NotApplicable => SlaState::NotApplicable,
        };
        same(
            format!("sla {} state", r.name),
            format!("{state:?}"),
            format!("{:?}", r.state),
        );
        same(
            format!("sla {} start", r.name),
            format!("{:?}", s.start),
            format!("{:?}", r.start),
        );
        same(
            format!("sla {} due", r.name),
            format!("{:?}", s.due),
            format!("{:?}", r.due.at()),
        );
        same(
            format!("sla {} stopped", r.name),
            format!("{:?}", s.stopped_at),
            format!("{:?}", r.stopped_at),
        );
        let measured = [
            ("late by", s.late_by_seconds, r.late_by),
            ("remaining", s.remaining_seconds, r.remaining),
        ];
        for (what, a, b) in measured {
            match b {
                Some(b) => same(
                    format!("sla {} {what}", r.name),
                    format!("{a:?}"),
                    format!("{:?}", Some(b)),
                ),
                None if a.is_some() => skipped += 1,
                None => {}
            }
        }
    }
    match (&d.persistence, &v.persistence) {
        (Some(p), Some(r)) if r.compliant.is_some() => {
            same(
                "persistence applies".into(),
                p.applies.to_string(),
                r.applies.to_string(),
            );
            same(
                "persistence compliant".into(),
                format!("{:?}", Some(p.compliant)),
                format!("{:?}", r.compliant),
            );
            same(
                "persistence missing".into(),
                format!("{:?}", Some(p.missing.len())),
                format!("{:?}", r.missing),
            );
            same(
                "persistence pending".into(),
                format!("{:?}", Some(p.pending.len())),
                format!("{:?}", r.pending),
            );
        }
        (Some(_), Some(_)) => skipped += 1,
        (a, b) => same(
            "persistence".into(),
            a.is_some().to_string(),
            b.is_some().to_string(),
        ),
    }
    match (&d.recycling, &v.recycling) {
        (Some(a), Some(b)) => {
            same(
                "recycling reason".into(),
                a.reason.to_string(),
                b.reason.clone(),
            );
            same(
                "earliest re-entry".into(),
                format!("{:?}", a.earliest_reentry),
                format!("{:?}", b.earliest_reentry),
            );
            same(
                "new trigger".into(),
                a.new_trigger_since_rejection.to_string(),
                b.new_trigger_since_rejection.to_string(),
            );
            same(
                "human review".into(),
                a.human_review_due.to_string(),
                b.human_review_due.to_string(),
            );
            same(
                "may re-enter".into(),
                a.may_reenter.to_string(),
                b.may_reenter.to_string(),
            );
            if b.nurture_placement_due == Instant::Unknown {
                skipped += 1;
            } else {
                same(
                    "nurture placement due".into(),
                    format!("{:?}", a.nurture_placement_due),
                    format!("{:?}", b.nurture_placement_due.at()),
                );
            }
        }
        (a, b) => same(
            "recycling".into(),
            a.is_some().to_string(),
            b.is_some().to_string(),
        ),
    }
    match (&d.handoff, &v.handoff) {
        (Some(a), Some(b)) => {
            same(
                "handoff applies".into(),
                a.applies.to_string(),
                b.applies.to_string(),
            );
            same(
                "handoff complete".into(),
                a.complete.to_string(),
                b.complete.to_string(),
            );
            same(
                "handoff missing".into(),
                a.missing.len().to_string(),
                b.missing.to_string(),
            );
            same(
                "handoff missing preferred".into(),
                a.missing_preferred.len().to_string(),
                b.missing_preferred.to_string(),
            );
        }
        (a, b) => same(
            "handoff".into(),
            a.is_some().to_string(),
            b.is_some().to_string(),
        ),
    }
    (diffs, skipped)
}

/// The row schema, compiled once.
pub fn row_schema() -> jsonschema::Validator {
    let text = include_str!("../../../accord-eval/schema/decision-row.schema.json");
    let schema: serde_json::Value = serde_json::from_str(text).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

/// The soundness property for one decision: every score a number (no NaN,
/// no infinity), the row valid against the row schema.
pub fn soundness(p: &CompiledPolicy, d: &Decision, rows: &jsonschema::Validator) -> Vec<String> {
    let mut faults = Vec::new();
    for s in &d.scores {
        if s.value.is_some_and(|v| !v.is_finite()) {
            faults.push(format!("score {} is {:?}", s.name, s.value));
        }
    }
    let row = serde_json::to_value(Row::from_decision(p, d.clone())).unwrap();
    for e in rows.iter_errors(&row) {
        faults.push(format!("row: {e} at {}", e.instance_path));
    }
    faults
}

/// Figures of a run.
#[derive(Debug, Default)]
pub struct Stats {
    pub policies: usize,
    pub refused: usize,
    pub pairs: usize,
    pub unreadable: usize,
    pub skipped: usize,
    pub disagreements: Vec<String>,
    pub faults: Vec<String>,
}

/// Runs `policies` generated policies with `leads` leads each from `seed`.
/// Every disagreement and fault is recorded with the policy and the lead.
pub fn run(seed: u64, policies: usize, leads: usize, explain: bool) -> Stats {
    let mut stats = Stats::default();
    let rows = row_schema();
    let mut rng = Rng(seed);
    for _ in 0..policies {
        let text = generate::policy(&mut rng);
        if std::env::var_os("ACCORD_DIFF_TRACE").is_some() {
            eprintln!("--- policy {} ---\n{text}", stats.policies);
        }
        stats.policies += 1;
        let checked = match check(&text) {
            Ok(c) => c,
            Err(Refused::Logic) => {
                stats.refused += 1;
                continue;
            }
            Err(Refused::Fault(e)) => {
                stats.faults.push(format!("{e}\n--- policy ---\n{text}"));
                continue;
            }
        };
        for i in 0..leads {
            let (line, as_of) = generate::lead(&mut rng, i);
            let Some(outcome) =
                read_leads(&checked.schema, line.as_bytes(), InputFormat::Ndjson, None).next()
            else {
                continue;
            };
            let Ok(lead) = outcome.result else {
                stats.unreadable += 1;
                continue;
            };
            stats.pairs += 1;
            let decided = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                checked.compiled.evaluate(&lead, as_of, false)
            }));
            let d = match decided {
                Ok(d) => d,
                Err(_) => {
                    stats.faults.push(format!("accord-eval panicked as of {as_of}\n--- lead ---\n{line}\n--- policy ---\n{text}"));
                    continue;
                }
            };
            // The explaining path (every fourth lead, or all with `explain`)
            // must decide the same and not fault either.
            if explain || i.is_multiple_of(4) {
                let explained = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let x = checked.compiled.evaluate(&lead, as_of, true);
                    let text = x
                        .explanation
                        .as_ref()
                        .map(|e| e.render_text(accord_eval::Detail::Full));
                    (x, text)
                }));
                match explained {
                    Ok((x, Some(_))) if Decision { explanation: None, ..x.clone() } == d => {}
                    Ok(_) => stats.faults.push(format!("explaining changed the decision as of {as_of}\n--- lead ---\n{line}\n--- policy ---\n{text}")),
                    Err(_) => stats.faults.push(format!("accord-eval panicked explaining as of {as_of}\n--- lead ---\n{line}\n--- policy ---\n{text}")),
                }
            }
            for f in soundness(&checked.compiled, &d, &rows) {
                stats.faults.push(format!(
                    "{f}\n--- lead (as of {as_of}) ---\n{line}\n--- policy ---\n{text}"
                ));
            }
            let v = evaluate(&checked.files, &checked.schema, &lead, as_of);
            let (diffs, skipped) = compare(&d, &v);
            stats.skipped += skipped;
            if !diffs.is_empty() {
                stats.disagreements.push(format!(
                    "{}\n--- lead (as of {as_of}) ---\n{line}\n--- policy ---\n{text}",
                    diffs.join("\n")
                ));
            }
        }
    }
    stats
}
