//! The evaluation's entry points on a compiled plan: one lead's whole
//! [`Decision`] (with its explanation when asked: the clause tree the
//! evaluator records, then the summary on top), the routing answers alone
//! ([`CompiledPolicy::decide`]), and the decision with the lead's part in
//! every metric. Above the evaluator ([`crate::eval`]) and the summary
//! ([`crate::explain::summary`]), which it puts together; the policy's
//! reporting definitions are read here too.

use crate::decision::*;
use crate::eval::Ev;
use crate::explain::{summary::Answers, Explanation, Verdict, ROOT};
use crate::metrics::{BreachSpec, MetricFact, MetricSpec, ReportingRules};
use crate::plan::*;
use crate::show::show_ts_shared;
use accord_records::Lead;
use chrono::{DateTime, Utc};
use std::sync::Arc;

impl CompiledPolicy {
    /// Evaluates one lead as of an instant. With `explain`, the decision
    /// carries its explanation tree, recorded on the same code path.
    /// It runs on this thread's copy of the policy (see
    /// `thread_copy.rs`), so that threads sharing one policy do not
    /// contend for its texts.
    pub fn evaluate(&self, lead: &Lead, as_of: DateTime<Utc>, explain: bool) -> Decision {
        self.on_this_thread(|p| p.evaluate_parts(lead, as_of, explain, true, |_| {}))
    }

    /// The answers a lead is routed on (stages, the deciding exclusion,
    /// the tier), the same as [`CompiledPolicy::evaluate`] gives, without
    /// building the rest of the decision: it allocates nothing (the memo
    /// is per-thread scratch) unless a rejection must be read (an MQL lead
    /// with a rejection reason).
    pub fn decide(&self, lead: &Lead, as_of: DateTime<Utc>) -> Verdicts {
        let mut ev = Ev::new(self, lead, as_of);
        // The first exclusion first: the stages' `no exclusion applies`
        // then reads it remembered (and their flat form tries it first).
        let mut v = Verdicts {
            exclusion: ev.first_exclusion(None).map(Idx::index),
            ..Verdicts::default()
        };
        for (i, def) in self.stages.iter_enumerated() {
            let holds = Some(ev.stage(i, None));
            match def.kind {
                StageKind::Mql => (v.mql, v.mql_definition) = (holds, holds),
                StageKind::Sal => v.sal = holds,
                StageKind::Sql => v.sql = holds,
            }
        }
        v.tier = self.tiers.as_ref().and_then(|_| ev.tier(None));
        if v.mql == Some(true) && ev.recycling_answer(None).is_some_and(|r| !r.may_reenter) {
            v.mql = Some(false);
        }
        Ev::finish(ev.memo, ev.seen_events);
        ev.x.forget_empty();
        v
    }

    /// [`CompiledPolicy::evaluate`] for an output row, which shows no fits,
    /// scores or triggers: without an explanation those are left empty
    /// (not built), so that the row's own values are all it allocates.
    /// Called on this thread's copy already (`Row::for_lead` takes it), so
    /// it does not look the copy up again.
    pub(crate) fn evaluate_for_row(
        &self,
        lead: &Lead,
        as_of: DateTime<Utc>,
        explain: bool,
    ) -> Decision {
        self.evaluate_parts(lead, as_of, explain, explain, |_| {})
    }

    /// The evaluation (on the plan it is called on: the public entry
    /// points call it on this thread's copy), then `more` on the same
    /// evaluation state (its memo of definitions' answers), e.g. for
    /// metrics; `outcomes`: build the fits, scores and triggers answers
    /// (always when explaining: the summary reads the scores).
    pub(crate) fn evaluate_parts<'p>(
        &'p self,
        lead: &'p Lead,
        as_of: DateTime<Utc>,
        explain: bool,
        outcomes: bool,
        more: impl FnOnce(&mut Ev<'p>),
    ) -> Decision {
        let outcomes = outcomes || explain;
        let mut ev = Ev::new(self, lead, as_of);
        let out = explain.then_some(ROOT);
        if explain {
            ev.start_tree();
            ev.show_zone = Some(ev.lead_zone());
            // References to `mql` drawn before the recycling answer must
            // know whether a rejection holds the lead out.
            if self.defines(StageKind::Mql) {
                ev.held_by = ev
                    .recycling_answer(None)
                    .filter(|r| !r.may_reenter)
                    .map(|r| r.reason);
            }
        }

        if !explain {
            // As in `decide`: the stages then read it remembered.
            ev.first_exclusion(None);
        }
        let mut stages = Vec::with_capacity(self.stages.len());
        let mut mql_node = None;
        for (i, def) in self.stages.iter_enumerated() {
            let holds = ev.stage(i, out);
            if def.kind == StageKind::Mql && explain {
                mql_node = ev.x.last_child(ROOT);
            }
            stages.push(StageOutcome {
                kind: def.kind,
                passed: holds,
                definition_holds: holds,
                held_by_rejection: false,
            });
        }
        let exclusions = ev.exclusion_answer(out);
        let tier = ev.tier_answer(out);
        let mut slas = Vec::with_capacity(self.slas.len());
        for i in self.slas.indices() {
            if let Some(s) = ev.sla_answer(i, out) {
                slas.push(s);
            }
        }
        let persistence = ev.persistence_answer(out);
        let recycling = ev.recycling_answer(out);
        let handoff = ev.handoff_answer(out);
        if let Some(r) = recycling.as_ref().filter(|r| !r.may_reenter) {
            for s in stages
                .iter_mut()
                .filter(|s| s.kind == StageKind::Mql && s.passed)
            {
                s.passed = false;
                s.held_by_rejection = true;
                if let Some(n) = mql_node {
                    ev.x.set_verdict(n, Verdict::Fail);
                    ev.x.gap(n, format_args!(
                        "the definition holds, but the lead was rejected (\"{}\") and may not re-enter yet",
                        r.reason
                    ));
                }
            }
        }
        let (fits, scores, triggers) = if outcomes {
            self.outcomes(&mut ev)
        } else {
            Default::default()
        };
        more(&mut ev);

        let explanation = explain.then(|| {
            // The summary words clauses on scratch nodes of the same policy.
            let scratch = ev.x.scratch();
            let tree = std::mem::replace(&mut ev.x, scratch);
            let summary = self.summarize(
                &mut ev,
                &Answers {
                    stages: &stages,
                    tier,
                    scores: &scores,
                    slas: &slas,
                    persistence: persistence.as_ref(),
                    recycling: recycling.as_ref(),
                    handoff: handoff.as_ref(),
                },
            );
            std::mem::take(&mut ev.x).give_back_scratch();
            // The verdict comes from the first stage the lead misses (or
            // the last it reaches); stages are the first answers.
            let decisive = stages
                .iter()
                .position(|s| !s.passed)
                .or_else(|| stages.len().checked_sub(1));
            Explanation::new(
                lead.id.clone(),
                show_ts_shared(as_of),
                Arc::clone(&self.label),
                summary,
                tree,
                decisive,
            )
        });
        Ev::finish(ev.memo, ev.seen_events);
        Decision {
            lead_id: lead.id.clone(),
            record: lead.record,
            policy: self.meta.clone(),
            as_of,
            stages,
            fits,
            scores,
            triggers,
            exclusions,
            tier,
            slas,
            persistence,
            recycling,
            handoff,
            explanation,
        }
    }

    /// The fits, scores and triggers answers, from `ev`'s memo.
    fn outcomes(
        &self,
        ev: &mut Ev<'_>,
    ) -> (Vec<FitOutcome>, Vec<ScoreOutcome>, Vec<TriggerOutcome>) {
        let fits = self
            .fits
            .iter_enumerated()
            .map(|(i, d)| FitOutcome {
                name: d.name.clone(),
                passed: ev.fit(i, None),
            })
            .collect();
        let scores: Vec<ScoreOutcome> = self
            .scores
            .iter_enumerated()
            .map(|(i, d)| ScoreOutcome {
                name: d.name.clone(),
                value: ev.score(i, None),
            })
            .collect();
        let triggers = self
            .triggers
            .indices()
            .filter_map(|i| ev.trigger_outcome(i))
            .collect();
        (fits, scores, triggers)
    }
}

impl CompiledPolicy {
    /// The policy's metrics, in policy order.
    pub fn metrics(&self) -> &[MetricSpec] {
        &self.metric_specs
    }
    /// The policy's breaches, in policy order.
    pub fn breaches(&self) -> &[BreachSpec] {
        &self.breaches
    }
    /// Names of the scores, in policy order (as in a decision's `scores`).
    pub fn scores_names(&self) -> Vec<String> {
        self.scores.iter().map(|s| s.name.to_string()).collect()
    }
    /// The agreement's reporting rules.
    pub fn reporting(&self) -> &ReportingRules {
        &self.reporting
    }
    /// When a breach of a period ending at `period_end` must be identified
    /// by (`breaches are identified within …`): business days count on the
    /// policy's first calendar, read in the reporting zone. `None` when the
    /// agreement sets no deadline.
    pub fn identification_due(&self, period_end: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let dur = self.reporting.identified_within_dur?;
        let calendar = self.calendars.first().map(|c| &c.calendar);
        dur.add_on(period_end, calendar, self.reporting.zone)
    }

    /// Evaluates one lead (as [`CompiledPolicy::evaluate`], without an
    /// explanation) and, on the same evaluation, its part in every metric,
    /// in [`CompiledPolicy::metrics`] order.
    pub fn evaluate_with_metrics(
        &self,
        lead: &Lead,
        as_of: DateTime<Utc>,
    ) -> (Decision, Vec<MetricFact>) {
        self.on_this_thread(|p| {
            let mut facts = Vec::new();
            let decision = p.evaluate_parts(lead, as_of, false, true, |ev| {
                facts = p.metric_plans.iter().map(|m| ev.metric_fact(m)).collect();
            });
            (decision, facts)
        })
    }
}
