//! The summary on top of every explanation: the verdict in words, tier and
//! score against the threshold, each SLA in one line with the amount,
//! persistence, handoff, the rejection, and the reasons ranked.
//!
//! **Reasons.** For the first stage (MQL, SAL, SQL in policy order) the
//! lead does not reach, the reasons are the clauses that fail, followed
//! down through `all of`, fits and stage references to the smallest clause
//! that fails on its own (an `any of`, a trigger, a `not`, an exclusion
//! and a comparison are each one reason). Each is marked actionable or
//! fixed by what it reads (`explain/inputs.rs`); a failing fixed fact decides
//! the verdict whatever the team does, so fixed facts rank first. A lead
//! held out by a rejection has that one reason. A lead that reaches every
//! stage has the last stage's requirements as its reasons, holding.
//!
//! Instants are shown in the lead's zone (`Tue 2026-11-24 10:15
//! America/Chicago`); the JSON beside them keeps them in UTC.

use super::what_it_would_take::{Deadline, WhatItWouldTake};
use crate::eval::Ev;
use crate::outcome::*;
use crate::plan::*;
use crate::show::{Amount, LocalWithDay};
use crate::text::{string_of, Joined};
use chrono::{DateTime, Utc};
use serde::Serialize;

pub use super::reason::{Changeable, Reason};

/// One SLA in one line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SlaLine {
    pub name: std::sync::Arc<str>,
    pub state: SlaState,
    /// `breached, 1h18m late — due Tue 2026-11-24 10:15 America/Chicago`.
    pub text: String,
    /// UTC, beside the local instant in `text`.
    pub due: Option<DateTime<Utc>>,
    pub late_by_seconds: Option<i64>,
    pub remaining_seconds: Option<i64>,
}

/// The tier, or the tier a lead that is not an MQL would have.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierLine {
    pub tier: u32,
    /// The lead is not an MQL: the tier it would be.
    pub would_be: bool,
    /// `tier 1`, `would be tier 1 (not an MQL)` (shared by the summaries
    /// a thread makes).
    pub text: std::sync::Arc<str>,
}

/// The summary of one lead's explanation (see the module docs).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// `not an MQL — lead_score 64, needs 1 more`.
    pub verdict: String,
    /// The furthest stage reached (`mql`, `sal`, `sql`), if any.
    pub stage: Option<StageKind>,
    /// The lead's time zone, in which instants are shown.
    pub zone: &'static str,
    /// As-of in the lead's zone (`Fri 2026-11-20 09:00 America/Chicago`).
    /// (Shared by the summaries of leads in the same zone.)
    pub as_of_local: std::sync::Arc<str>,
    /// Business hours in words (`Mon–Fri 08:00–18:00 America/Chicago,
    /// closed on 8 holidays (sales_hours)`), when the policy has a calendar.
    /// (Shared by the summaries of leads in the same zone.)
    pub business_hours: Option<std::sync::Arc<str>>,
    pub tier: Option<TierLine>,
    /// `lead_score 64 (MQL needs at least 65)`.
    pub score: Option<String>,
    pub slas: Vec<SlaLine>,
    pub persistence: Option<String>,
    pub handoff: Option<String>,
    /// The lead's rejection and what re-entry needs.
    pub rejection: Option<String>,
    /// Deciding ones first.
    pub reasons: Vec<Reason>,
    pub what_it_would_take: WhatItWouldTake,
}

mod find_reasons;
mod words;

thread_local! {
    /// The list of SLA lines of this thread's last dropped explanation,
    /// emptied, for the next summary's.
    static SPARE_SLA_LINES: std::cell::Cell<Vec<SlaLine>> = const { std::cell::Cell::new(Vec::new()) };
}

/// An empty list for a summary's SLA lines: this thread's spare one when
/// there is one (see [`Summary::give_back`]).
fn sla_line_list() -> Vec<SlaLine> {
    crate::spare::take(&SPARE_SLA_LINES)
}

impl Summary {
    /// Gives the summary's strings (its lines, reasons, SLA lines and
    /// what it would take) back to the thread for the next explanation's
    /// lines (`text::give_back_strings`), and its lists of reasons, their
    /// inputs and SLA lines, emptied, for the next summary's: called by a
    /// dropped explanation.
    pub(crate) fn give_back(&mut self) {
        let take = std::mem::take::<String>;
        let w = &mut self.what_it_would_take;
        let lines = [
            &mut self.score,
            &mut self.persistence,
            &mut self.handoff,
            &mut self.rejection,
        ]
        .into_iter()
        .chain([&mut w.no_change, &mut w.reentry])
        .filter_map(Option::take);
        let reasons = self.reasons.iter_mut().map(|r| take(&mut r.text));
        let slas = self.slas.iter_mut().map(|l| take(&mut l.text));
        let deadlines = w
            .deadlines
            .iter_mut()
            .flat_map(|d| [take(&mut d.text), take(&mut d.action)]);
        let missing = w.missing.iter_mut().map(take);
        crate::text::give_back_strings(
            std::iter::once(take(&mut self.verdict))
                .chain(lines)
                .chain(reasons)
                .chain(slas)
                .chain(deadlines)
                .chain(missing),
        );
        super::reason::give_back_reasons(std::mem::take(&mut self.reasons));
        let mut sla_lines = std::mem::take(&mut self.slas);
        sla_lines.clear();
        crate::spare::keep(&SPARE_SLA_LINES, sla_lines);
    }
}

use words::{business_hours, does_not_apply, stage_words};

/// What the summary is built from: the decision's answers.
pub(crate) struct Answers<'a> {
    pub stages: &'a [StageOutcome],
    pub tier: Option<u32>,
    pub scores: &'a [ScoreOutcome],
    pub slas: &'a [SlaOutcome],
    pub persistence: Option<&'a PersistenceOutcome>,
    pub recycling: Option<&'a RecyclingOutcome>,
    pub handoff: Option<&'a HandoffOutcome>,
}

impl CompiledPolicy {
    /// The summary of a lead's decision (only built when explaining), on
    /// the decision's own evaluation `ev`, whose memo already holds the
    /// answers of the definitions the decision read: the clauses the
    /// summary judges again are not evaluated again. `ev`'s tree must be
    /// empty (the decision's taken out): the summary writes its scratch
    /// nodes there.
    pub(crate) fn summarize<'p>(&'p self, ev: &mut Ev<'p>, a: &Answers<'_>) -> Summary {
        self.summarize_drawing(ev, a, false)
    }

    /// [`CompiledPolicy::summarize`]; `draw_scores`: see [`Ev::start_summary`].
    fn summarize_drawing<'p>(
        &'p self,
        ev: &mut Ev<'p>,
        a: &Answers<'_>,
        draw_scores: bool,
    ) -> Summary {
        ev.start_summary(
            a.recycling
                .filter(|r| !r.may_reenter)
                .map(|r| r.reason.clone()),
            draw_scores,
        );
        let as_of = ev.as_of;
        let tz = ev.lead_zone();
        // The verdict and its reasons.
        let reached = a
            .stages
            .iter()
            .take_while(|s| s.passed)
            .last()
            .map(|s| s.kind);
        let missed = a.stages.iter().position(|s| !s.passed);
        let mut reasons = super::reason::reason_list();
        let rejection = a
            .recycling
            .map(|r| self.rejection_words(r, tz, as_of, ev.rejected_at));
        let reentry = a
            .recycling
            .filter(|r| !r.may_reenter)
            .map(|r| self.reentry_words(r, tz, as_of));
        let held = a.stages.iter().any(|s| s.held_by_rejection);
        match missed {
            Some(_) if held => {
                let code = a.recycling.map_or("", |r| &*r.reason);
                let label = self
                    .reasons
                    .iter()
                    .find(|d| &*d.code == code)
                    .and_then(|d| d.label.as_deref())
                    .map_or(String::new(), |l| string_of(("\"", l, "\" ")));
                let text = string_of(("held out by the rejection ", label, "(", code, ")"));
                let src = self.recycling.as_ref().map_or(0, |r| r.src);
                // Fixed, and nothing the team can change.
                reasons.push(ev.reason(text, false, &ReadBy::default(), src));
            }
            Some(i) => {
                // A decision's stages are the plan's, in order.
                if let Some(def) = self.stages.get(Idx::new(i)) {
                    ev.failing(&def.condition, &mut reasons, 0);
                }
            }
            None => {
                if let Some(def) = self.stages.iter().next_back() {
                    ev.holding(&def.condition, &mut reasons);
                }
            }
        }
        let fixed_fails = reasons
            .iter()
            .any(|r| !r.holds && r.changeable == Changeable::Fixed);
        for r in &mut reasons {
            r.decides = r.holds || !fixed_fails || r.changeable == Changeable::Fixed;
        }
        // Stable: deciding first, then in policy order.
        reasons.sort_by_key(|r| !r.decides);

        let verdict = {
            let missed_kind = missed.and_then(|i| a.stages.get(i)).map(|s| s.kind);
            // The stage words, then the first failing reason and how many
            // more, written into one string.
            let (a_stage, then, other) = match (reached, missed_kind) {
                (_, None) => match reached {
                    Some(k) => (stage_words(k).trim_start_matches("an "), "", ""),
                    None => ("no stage defined", "", ""),
                },
                (None, Some(k)) => ("not ", stage_words(k), ""),
                (Some(r), Some(k)) => (
                    stage_words(r).trim_start_matches("an "),
                    ", not yet ",
                    stage_words(k),
                ),
            };
            let first = reasons.first().filter(|r| !r.holds).map(|first| {
                let more = reasons.iter().filter(|r| !r.holds).count() - 1;
                (
                    " — ",
                    &*first.text,
                    (more > 0).then_some((" (and ", more, " more)")),
                )
            });
            string_of((a_stage, then, other, first))
        };

        let is_mql = a
            .stages
            .iter()
            .find(|s| s.kind == StageKind::Mql)
            .map(|s| s.passed);
        let tier = a.tier.map(|t| {
            let would_be = is_mql == Some(false);
            TierLine {
                tier: t,
                would_be,
                text: words::tier_words(t, would_be),
            }
        });
        let score = self.score_words(a.scores);

        let mut deadlines = Vec::new();
        let mut slas = sla_line_list();
        let lines = a.slas.iter().map(|o| {
            // The SLA's definition (its name is the very text the
            // outcome shares) and the zone its calendar read it in.
            let def = self
                .slas
                .iter()
                .find(|d| std::sync::Arc::ptr_eq(&d.name, &o.name));
            let calendar = def
                .and_then(|d| d.calendar)
                .and_then(|c| self.calendars.get(c));
            let zone = o.zone.and(calendar).map_or(tz, |c| ev.zone(c));
            let business = if o.zone.is_some() {
                " of business time"
            } else {
                ""
            };
            let amount = |s: Option<i64>| Amount {
                secs: s.unwrap_or(0),
                days: o.zone.is_none(),
            };
            let action = def.map(|d| d.stop.words()).unwrap_or_default();
            let due = o.due.map(|t| LocalWithDay(t, zone));
            let text = match o.state {
                SlaState::Met => {
                    let at = o.stopped_at.map(|t| LocalWithDay(t, zone));
                    match o.remaining_seconds.unwrap_or(0) {
                        0 => string_of(("met at the due instant — ", action, " at ", at)),
                        s => string_of((
                            "met, ",
                            amount(Some(s)),
                            business,
                            " to spare — ",
                            action,
                            " at ",
                            at,
                        )),
                    }
                }
                SlaState::Breached => {
                    let late = amount(o.late_by_seconds);
                    match o.stopped_at {
                        Some(s) => string_of((
                            ("breached, ", late, business, " late — due ", due),
                            (", ", action, " at ", LocalWithDay(s, zone)),
                        )),
                        None => string_of((
                            "breached, ",
                            late,
                            business,
                            " late — due ",
                            due,
                            ", no ",
                            action,
                            " yet",
                        )),
                    }
                }
                SlaState::Pending => {
                    deadlines.push(Deadline {
                        sla: o.name.clone(),
                        action: string_of(action),
                        by: o.due,
                        text: string_of((&o.name, ": ", action, " by ", due, " at the latest")),
                    });
                    string_of((
                        "pending, ",
                        amount(o.remaining_seconds),
                        business,
                        " left — ",
                        action,
                        " due ",
                        due,
                    ))
                }
                SlaState::NotApplicable => does_not_apply(
                    o.reason.as_deref().unwrap_or("its condition does not hold"),
                    a.stages,
                ),
            };
            SlaLine {
                name: o.name.clone(),
                state: o.state,
                text,
                due: o.due,
                late_by_seconds: o.late_by_seconds,
                remaining_seconds: o.remaining_seconds,
            }
        });
        slas.extend(lines);

        let persistence = a
            .persistence
            .map(|p| self.persistence_words(p, ev, a.stages));
        let handoff = a.handoff.map(|h| {
            if !h.applies {
                let def = self.handoff.as_ref().and_then(|d| d.applies.as_ref());
                return match ev.not_applicable_because(def, None) {
                    Some(reason) => does_not_apply(&reason, a.stages),
                    None => string_of("does not apply"),
                };
            }
            let missing =
                (!h.complete).then_some(("incomplete: missing ", Joined(&h.missing, ", ")));
            let preferred = (!h.missing_preferred.is_empty()).then_some((
                "; preferred, not there: ",
                Joined(&h.missing_preferred, ", "),
            ));
            string_of((h.complete.then_some("complete"), missing, preferred))
        });
        // The calendar the SLAs count in (else the first).
        let business_hours = self
            .slas
            .iter()
            .find_map(|s| s.calendar)
            .and_then(|i| self.calendars.get(i))
            .or_else(|| self.calendars.first())
            .map(|c| business_hours(c, ev.zone(c)));

        let what_it_would_take = WhatItWouldTake::plain(
            missed.and_then(|i| a.stages.get(i)).map(|s| s.kind),
            held,
            &reasons,
            deadlines,
            reentry,
        );
        Summary {
            verdict,
            stage: reached,
            zone: tz.name(),
            as_of_local: words::as_of_local(as_of, tz),
            business_hours,
            tier,
            score,
            slas,
            persistence,
            handoff,
            rejection,
            reasons,
            what_it_would_take,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    /// The summary is built on the decision's own evaluation (its memo
    /// holding the answers the decision read, scores' breakdowns not drawn
    /// again); built on a fresh evaluation with every definition drawn in
    /// full, as on a first reference, it must read the same, for every
    /// policy of `policies/` and every readable bundled lead, and for the
    /// unit tests' policy and lead.
    #[test]
    fn the_summary_on_the_decisions_evaluation_reads_as_on_a_fresh_one() {
        let as_of = "2026-11-30T15:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let mut cases: Vec<_> = crate::tests::bundled_policies_and_leads()
            .into_iter()
            .map(|(_, p, leads)| (p, leads))
            .collect();
        let (p, schema) = crate::tests::compiled();
        cases.push((p, vec![crate::tests::good_lead(&schema)]));
        let mut compared = 0;
        let mut with_reasons = 0;
        // On the plan the decisions are made on (this thread's copy): the
        // summary finds an SLA's definition by the name its outcome shares.
        for (p, leads) in &cases {
            p.on_this_thread(|p| {
                for lead in leads {
                    let d = p.evaluate(lead, as_of, true);
                    let summary = &d.explanation.as_ref().unwrap().summary;
                    let mut ev = Ev::new(p, lead, as_of);
                    ev.start_tree();
                    let fresh = p.summarize_drawing(
                        &mut ev,
                        &Answers {
                            stages: &d.stages,
                            tier: d.tier,
                            scores: &d.scores,
                            slas: &d.slas,
                            persistence: d.persistence.as_ref(),
                            recycling: d.recycling.as_ref(),
                            handoff: d.handoff.as_ref(),
                        },
                        true,
                    );
                    Ev::finish(ev.memo, ev.seen_events);
                    assert_eq!(summary, &fresh, "lead {}", lead.id);
                    compared += 1;
                    with_reasons += usize::from(summary.reasons.iter().any(|r| !r.holds));
                }
            });
        }
        assert!(compared > 1000, "{compared} summaries compared");
        assert!(with_reasons > 100, "{with_reasons} with failing reasons");
    }
}
