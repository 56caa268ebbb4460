//! The summary on top of every explanation: the verdict in words, tier and
//! score against the threshold, each SLA in one line with the amount,
//! persistence, handoff, the rejection, and the reasons ranked.
//!
//! **Reasons.** For the first stage (MQL, SAL, SQL in policy order) the
//! lead does not reach, the reasons are the clauses that fail, followed
//! down through `all of`, fits and stage references to the smallest clause
//! that fails on its own (an `any of`, a trigger, a `not`, an exclusion
//! and a comparison are each one reason). Each is marked actionable or
//! fixed by what it reads ([`super::inputs`]); a failing fixed fact decides
//! the verdict whatever the team does, so fixed facts rank first. A lead
//! held out by a rejection has that one reason. A lead that reaches every
//! stage has the last stage's requirements as its reasons, holding.
//!
//! Instants are shown in the lead's zone (`Tue 2026-11-24 10:15
//! America/Chicago`); the JSON beside them keeps them in UTC.

use super::inputs::{Inputs, ScratchInputs};
use super::what_it_would_take::{Deadline, WhatItWouldTake};
use crate::eval::Ev;
use crate::outcome::*;
use crate::plan::*;
use crate::show::text;
use crate::show::{Amount, LocalWithDay, Num};
use crate::text::{string_of, Joined};
use accord_records::{FieldType, FieldValue};
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
    /// `tier 1`, `would be tier 1 (not an MQL)`.
    pub text: String,
}

/// The summary of one lead's explanation (see the module docs).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// `not an MQL — lead_score 64, needs 1 more`.
    pub verdict: String,
    /// The furthest stage reached (`mql`, `sal`, `sql`), if any.
    pub stage: Option<StageKind>,
    /// The lead's time zone, in which instants are shown.
    pub zone: String,
    /// As-of in the lead's zone (`Fri 2026-11-20 09:00 America/Chicago`).
    pub as_of_local: String,
    /// Business hours in words (`Mon–Fri 08:00–18:00 America/Chicago,
    /// closed on 8 holidays (sales_hours)`), when the policy has a calendar.
    pub business_hours: Option<String>,
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

/// An instant in a zone with its weekday: `Tue 2026-11-24 10:15 America/Chicago`.
pub(crate) fn local(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    string_of(LocalWithDay(t, tz))
}

/// A calendar's hours in words: `Mon–Fri 08:00–18:00 America/Chicago,
/// closed on 8 holidays`.
fn hours_in_words(cal: &accord_time::Calendar, tz: chrono_tz::Tz) -> String {
    use chrono::Weekday::*;
    const DAYS: [(chrono::Weekday, &str); 7] = [
        (Mon, "Mon"),
        (Tue, "Tue"),
        (Wed, "Wed"),
        (Thu, "Thu"),
        (Fri, "Fri"),
        (Sat, "Sat"),
        (Sun, "Sun"),
    ];
    let hours = cal.hours();
    // Runs of consecutive days with the same hours.
    // (first day, last day, the hours they share)
    type Run = (usize, usize, Vec<(chrono::NaiveTime, chrono::NaiveTime)>);
    let mut runs: Vec<Run> = Vec::new();
    for (i, (day, _)) in DAYS.iter().enumerate() {
        let iv = hours.intervals(*day);
        if iv.is_empty() {
            continue;
        }
        match runs.last_mut() {
            Some((_, end, same)) if *end + 1 == i && *same == iv => *end = i,
            _ => runs.push((i, i, iv)),
        }
    }
    let name = |i: usize| DAYS.get(i).map_or("", |d| d.1);
    let mut parts: Vec<String> = runs
        .iter()
        .map(|(a, b, iv)| {
            let days = if a == b {
                name(*a).to_string()
            } else {
                string_of((name(*a), "–", name(*b)))
            };
            let times: Vec<String> = iv
                .iter()
                .map(|(o, c)| text!("{}–{}", o.format("%H:%M"), c.format("%H:%M")))
                .collect();
            string_of((days, " ", times.join(", ")))
        })
        .collect();
    if parts.is_empty() {
        parts.push("never open".into());
    }
    let mut s = string_of((parts.join("; "), " ", tz.name()));
    match cal.holidays().len() {
        0 => {}
        1 => s.push_str(", closed on 1 holiday"),
        n => s.push_str(&string_of((", closed on ", n, " holidays"))),
    }
    s
}

/// What [`business_hours`] said on this thread, and what it said it of:
/// the hours, the number of holidays, the zone, the calendar's name.
type HoursSaid = (
    accord_time::OpeningHours,
    usize,
    chrono_tz::Tz,
    String,
    String,
);

/// How many of [`business_hours`]' answers a thread keeps (one per zone
/// its leads are in, for the commonest few).
const HOURS_KEPT: usize = 16;

thread_local! {
    static HOURS_SAID: std::cell::RefCell<Vec<HoursSaid>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A calendar's hours in words with its name: `Mon–Fri 08:00–18:00
/// America/Chicago, closed on 8 holidays (sales_hours)`. The same for
/// every lead in the same zone, so words said before on this thread are
/// reused when they were said of the same hours, holiday count, zone and
/// name (all that [`hours_in_words`] reads).
fn business_hours(c: &CalendarDef, tz: chrono_tz::Tz) -> String {
    let holidays = c.calendar.holidays().len();
    let same = |h: &&HoursSaid| {
        h.2 == tz && h.1 == holidays && h.3 == c.name && h.0 == *c.calendar.hours()
    };
    let said = HOURS_SAID
        .try_with(|h| h.borrow().iter().find(same).map(|h| h.4.clone()))
        .ok()
        .flatten();
    if let Some(words) = said {
        return words;
    }
    let words = string_of((hours_in_words(&c.calendar, tz), " (", &c.name, ")"));
    let _ = HOURS_SAID.try_with(|h| {
        let mut h = h.borrow_mut();
        if h.len() >= HOURS_KEPT {
            h.remove(0);
        }
        h.push((
            c.calendar.hours().clone(),
            holidays,
            tz,
            c.name.clone(),
            words.clone(),
        ));
    });
    words
}

/// A stage in words: `an MQL`, `accepted by sales (SAL)`, `an SQL`.
/// `does not apply: <reason>`, a stage's `applies when` said in words
/// (`` `mql` does not hold `` → `does not apply: not an MQL`).
fn does_not_apply(reason: &str, stages: &[StageOutcome]) -> String {
    let word = reason
        .strip_prefix('`')
        .and_then(|r| r.strip_suffix("` does not hold"));
    let stage = word.and_then(|w| stages.iter().find(|s| s.kind.word() == w));
    match stage {
        Some(s) => string_of(("does not apply: not ", stage_words(s.kind))),
        None => string_of(("does not apply: ", reason)),
    }
}

fn stage_words(k: StageKind) -> &'static str {
    match k {
        StageKind::Mql => "an MQL",
        StageKind::Sal => "accepted by sales (SAL)",
        StageKind::Sql => "an SQL",
    }
}

impl<'p> Ev<'p> {
    /// The lead's zone: the zone the first calendar read in the lead's
    /// zone uses, else the schema's default, else UTC.
    pub(crate) fn lead_zone(&self) -> chrono_tz::Tz {
        self.p
            .calendars
            .iter()
            .find(|c| matches!(c.zone, ZoneOf::Lead(_)))
            .map(|c| self.zone(c))
            .or_else(|| {
                let tz = self
                    .p
                    .schema
                    .fields
                    .iter()
                    .position(|f| f.ty == FieldType::TimeZone)
                    .map(|s| self.field(s));
                match tz {
                    Some(FieldValue::Zone(z)) => Some(*z),
                    _ => None,
                }
            })
            .unwrap_or_else(|| self.default_zone())
    }

    /// Evaluates a clause on a scratch node: its gap (or, when it holds or
    /// has none, its text with the values it read).
    fn clause_words(&mut self, c: &'p Cond) -> (bool, String) {
        let n = self.node(c.src);
        let holds = self.cond_body(c, Some(n));
        let words = self.x.words(n, holds);
        (holds, words)
    }

    /// The reasons a stage's condition fails: the smallest failing clauses.
    fn failing(&mut self, c: &'p Cond, out: &mut Vec<Reason>, depth: u32) {
        if depth > 64 {
            return;
        }
        match &c.kind {
            CondKind::All(items) => {
                for item in items {
                    if !self.cond(item, None) {
                        self.failing(item, out, depth + 1);
                    }
                }
            }
            CondKind::Fit(i) => {
                let Some(def) = self.p.fits.get(*i) else {
                    return;
                };
                for item in &def.conditions {
                    if !self.cond(item, None) {
                        self.failing(item, out, depth + 1);
                    }
                }
            }
            CondKind::Stage(i) => {
                let held = self.held_by.is_some()
                    && self
                        .p
                        .stages
                        .get(*i)
                        .is_some_and(|s| s.kind == StageKind::Mql);
                if let (Some(def), false) = (self.p.stages.get(*i), held) {
                    self.failing(&def.condition, out, depth + 1);
                }
            }
            CondKind::NoExclusion | CondKind::Exclusion(_) => {
                let hit = match &c.kind {
                    CondKind::Exclusion(i) => Some(*i),
                    _ => self.first_exclusion(None),
                };
                let Some((i, def)) = hit.and_then(|i| Some((i, self.p.exclusions.get(i)?))) else {
                    return;
                };
                let mut inputs = ScratchInputs::new();
                self.p.exclusion_inputs(i, &mut inputs, 0);
                let label = def.title.as_deref().unwrap_or(&def.name);
                let mut text = string_of(("excluded: ", label));
                if let Some(route) = &def.route {
                    text.push_str(&string_of((", route to \"", route, "\"")));
                }
                out.push(self.reason(text, false, &inputs, def.src));
            }
            CondKind::Trigger(i) => {
                let Some(def) = self.p.triggers.get(*i) else {
                    return;
                };
                let mut inputs = ScratchInputs::new();
                self.p.cond_inputs(c, &mut inputs, 0);
                let label = match &def.title {
                    Some(t) => string_of((&def.name, " (", t, ")")),
                    None => def.name.to_string(),
                };
                let text = if def.any {
                    string_of((
                        label,
                        " did not fire: none of its ",
                        def.items.len(),
                        " signals happened",
                    ))
                } else {
                    string_of((label, " did not fire: not all of its signals happened"))
                };
                out.push(self.reason(text, false, &inputs, def.src));
            }
            _ => {
                let (holds, words) = self.clause_words(c);
                let mut inputs = ScratchInputs::new();
                self.p.cond_inputs(c, &mut inputs, 0);
                out.push(self.reason(words, holds, &inputs, c.src));
            }
        }
    }

    fn reason(&self, text: String, holds: bool, inputs: &Inputs, src: SrcId) -> Reason {
        let actionable = self.p.any_actionable(inputs);
        Reason {
            text,
            holds,
            decides: true,
            changeable: if actionable {
                Changeable::Actionable
            } else {
                Changeable::Fixed
            },
            inputs: self.p.input_names(inputs, actionable),
            location: self
                .p
                .src(src)
                .map_or_else(|| "".into(), |s| std::sync::Arc::clone(&s.loc)),
        }
    }

    /// The requirements of a stage the lead reaches, holding.
    fn holding(&mut self, c: &'p Cond, out: &mut Vec<Reason>) {
        let items: Vec<&'p Cond> = match &c.kind {
            CondKind::All(items) => items.iter().collect(),
            _ => vec![c],
        };
        for item in items {
            let mut inputs = ScratchInputs::new();
            self.p.cond_inputs(item, &mut inputs, 0);
            let named = match &item.kind {
                CondKind::Fit(i) => self.p.fits.get(*i).map(|d| (&*d.name, &d.title)),
                CondKind::Trigger(i) => self.p.triggers.get(*i).map(|d| (&*d.name, &d.title)),
                CondKind::Stage(i) => self.p.stages.get(*i).map(|d| (d.kind.word(), &d.title)),
                _ => None,
            };
            let text = match named {
                Some((name, Some(title))) => string_of((name, " holds (", title, ")")),
                Some((name, None)) => string_of((name, " holds")),
                None => self.clause_words(item).1,
            };
            out.push(self.reason(text, true, &inputs, item.src));
        }
    }
}

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
        let show = |t: DateTime<Utc>| local(t, tz);

        // The verdict and its reasons.
        let reached = a
            .stages
            .iter()
            .take_while(|s| s.passed)
            .last()
            .map(|s| s.kind);
        let missed = a.stages.iter().position(|s| !s.passed);
        let mut reasons = Vec::new();
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
                let mut inputs = ScratchInputs::new();
                if let Some(s) = self.recycling.as_ref().and_then(|r| r.rejected_at_field) {
                    inputs.fields.push(s);
                }
                let code = a.recycling.map_or("", |r| &*r.reason);
                let label = self
                    .reasons
                    .iter()
                    .find(|d| &*d.code == code)
                    .and_then(|d| d.label.as_deref())
                    .map_or(String::new(), |l| string_of(("\"", l, "\" ")));
                let text = string_of(("held out by the rejection ", label, "(", code, ")"));
                let src = self.recycling.as_ref().map_or(0, |r| r.src);
                let mut r = ev.reason(text, false, &inputs, src);
                r.changeable = Changeable::Fixed;
                r.inputs = Vec::new();
                reasons.push(r);
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
            let mut v = match (reached, missed_kind) {
                (_, None) => match reached {
                    Some(k) => stage_words(k).trim_start_matches("an ").to_string(),
                    None => "no stage defined".to_string(),
                },
                (None, Some(k)) => string_of(("not ", stage_words(k))),
                (Some(r), Some(k)) => string_of((
                    stage_words(r).trim_start_matches("an "),
                    ", not yet ",
                    stage_words(k),
                )),
            };
            if let Some(first) = reasons.first().filter(|r| !r.holds) {
                v.push_str(" — ");
                v.push_str(&first.text);
                let more = reasons.iter().filter(|r| !r.holds).count() - 1;
                if more > 0 {
                    v.push_str(&string_of((" (and ", more, " more)")));
                }
            }
            v
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
                text: if would_be {
                    string_of(("would be tier ", t, " (not an MQL)"))
                } else {
                    string_of(("tier ", t))
                },
            }
        });
        let score = self.score_words(a.scores);

        let mut deadlines = Vec::new();
        let slas = a
            .slas
            .iter()
            .map(|o| {
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
                            action: action.to_string(),
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
            })
            .collect();

        let persistence = a
            .persistence
            .map(|p| self.persistence_words(p, ev, a.stages));
        let handoff = a.handoff.map(|h| {
            if !h.applies {
                let def = self.handoff.as_ref().and_then(|d| d.applies.as_ref());
                return match ev.not_applicable_because(def, None) {
                    Some(reason) => does_not_apply(&reason, a.stages),
                    None => "does not apply".into(),
                };
            }
            let mut s = if h.complete {
                "complete".to_string()
            } else {
                string_of(("incomplete: missing ", Joined(&h.missing, ", ")))
            };
            if !h.missing_preferred.is_empty() {
                s.push_str(&string_of((
                    "; preferred, not there: ",
                    Joined(&h.missing_preferred, ", "),
                )));
            }
            s
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
            zone: tz.name().to_string(),
            as_of_local: show(as_of),
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

    /// `lead_score 64 (MQL needs at least 65)`: the first score the MQL
    /// definition compares, else the first score.
    fn score_words(&self, scores: &[ScoreOutcome]) -> Option<String> {
        let mql = self.stages.iter().find(|s| s.kind == StageKind::Mql);
        let mut threshold = None;
        if let Some(def) = mql {
            find_threshold(&def.condition, &mut threshold);
        }
        let (i, test) = match threshold {
            Some((i, t)) => (i.index(), Some(t)),
            None => (0, None),
        };
        // A decision's scores are the plan's, in order.
        let s = scores.get(i)?;
        let value = s
            .value
            .map_or("(missing)".to_string(), |v| Num(v).to_string());
        Some(match test {
            Some(t) => string_of((&s.name, " ", value, " (MQL needs ", t, ")")),
            None => string_of((&s.name, " ", value)),
        })
    }

    fn persistence_words<'p>(
        &'p self,
        p: &PersistenceOutcome,
        ev: &mut Ev<'p>,
        stages: &[StageOutcome],
    ) -> String {
        if !p.applies {
            let def = self.persistence.as_ref();
            // `applies when` is judged before the start is read.
            if let Some(reason) =
                ev.not_applicable_because(def.and_then(|d| d.applies.as_ref()), None)
            {
                return does_not_apply(&reason, stages);
            }
            let start = def.and_then(|d| d.start).map(|s| ev.field_name(s));
            return match start {
                Some(f) => string_of(("does not apply yet: ", f, " is missing")),
                None => "does not apply".into(),
            };
        }
        let list = |v: &[String]| match v {
            [one] => one.clone(),
            [first, rest @ ..] => string_of((first, " (and ", rest.len(), " more)")),
            [] => String::new(),
        };
        if !p.compliant {
            string_of(("not compliant: ", list(&p.missing)))
        } else if !p.pending.is_empty() {
            string_of(("in progress: ", list(&p.pending)))
        } else {
            "compliant".into()
        }
    }

    /// `rejected "Bad timing" (bad_timing) on Mon 2026-11-02 10:00
    /// America/Chicago; <re-entry>`.
    fn rejection_words(
        &self,
        r: &RecyclingOutcome,
        tz: chrono_tz::Tz,
        as_of: DateTime<Utc>,
        rejected_at: Option<DateTime<Utc>>,
    ) -> String {
        let def = self.reasons.iter().find(|d| d.code == r.reason);
        let label = def
            .and_then(|d| d.label.as_deref())
            .map_or(String::new(), |l| string_of(("\"", l, "\" ")));
        let mut s = string_of(("rejected ", label, "(", &r.reason, ")"));
        if let Some(t) = rejected_at {
            s.push_str(&string_of((" on ", local(t, tz))));
        }
        s.push_str("; ");
        s.push_str(&self.reentry_words(r, tz, as_of));
        s
    }

    /// What re-entry needs and from when: `may re-enter from Thu
    /// 2026-12-03 09:40 America/Chicago, with a new activity "budget_signal"
    /// since the rejection`; `never recycled`; `may re-enter now`.
    fn reentry_words(
        &self,
        r: &RecyclingOutcome,
        tz: chrono_tz::Tz,
        as_of: DateTime<Utc>,
    ) -> String {
        let def = self.reasons.iter().find(|d| d.code == r.reason);
        if def.is_some_and(|d| d.never_recycled) {
            return "never recycled".into();
        }
        if r.may_reenter {
            return "may re-enter now".into();
        }
        let mut needs = Vec::new();
        match r.earliest_reentry {
            Some(t) if t > as_of => needs.push(string_of(("from ", local(t, tz)))),
            Some(_) => {}
            None => needs.push("once the rejection instant is recorded".into()),
        }
        match def.and_then(|d| d.requirement.as_ref()) {
            Some(ReEntryReq::NewTrigger) if !r.new_trigger_since_rejection => {
                needs.push("with a new trigger since the rejection".into())
            }
            Some(ReEntryReq::NewEvent(p)) => needs.push(string_of((
                "with a new ",
                &p.singular,
                &p.detail,
                " since the rejection",
            ))),
            Some(ReEntryReq::When(c)) => {
                let text = self.src(c.src).map_or("", |s| &s.text);
                needs.push(string_of(("when ", text)));
            }
            Some(ReEntryReq::DefinitionChanged(name)) if !r.requirement_met => {
                needs.push(string_of((
                    "only once the version in effect defines ",
                    name,
                    " differently from the one it was rejected under",
                )))
            }
            _ => {}
        }
        if self
            .recycling
            .as_ref()
            .is_some_and(|x| x.new_trigger_required)
            && !r.new_trigger_since_rejection
            && !needs.iter().any(|n| n.contains("trigger"))
        {
            needs.push("and a new trigger since the rejection".into());
        }
        if r.human_review_due {
            needs.push("after a human review (recycled more often than the policy allows)".into());
        }
        string_of(("may re-enter ", needs.join(", ")))
    }
}

/// The first `<score> is at least N` (or `more than`) in a condition.
fn find_threshold(c: &Cond, out: &mut Option<(Idx<ScoreDef>, String)>) {
    if out.is_some() {
        return;
    }
    match &c.kind {
        CondKind::Cmp {
            subject: Subject::Score(i),
            test,
            ..
        } => {
            let t = match test {
                Test::AtLeast(n) => string_of(("at least ", Num(*n))),
                Test::MoreThan(n) => string_of(("more than ", Num(*n))),
                Test::Between(a, b) => string_of(("between ", Num(*a), " and ", Num(*b))),
                _ => return,
            };
            *out = Some((*i, t));
        }
        CondKind::All(items) | CondKind::Any(items) => {
            for i in items {
                find_threshold(i, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    /// The words [`business_hours`] reuses are those it would say anew,
    /// whichever calendar, zone or name it was asked about last.
    #[test]
    fn business_hours_said_again_are_the_words_said_anew() {
        use chrono::{NaiveDate, NaiveTime, Weekday::*};
        let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        let hours = |days: Vec<chrono::Weekday>, close| {
            accord_time::OpeningHours::uniform(days, at(8), at(close)).unwrap()
        };
        let day = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        let cal = |h, holidays: Vec<NaiveDate>, name: &str| CalendarDef {
            name: name.into(),
            calendar: accord_time::Calendar::new(h, holidays).unwrap(),
            zone: ZoneOf::Fixed(chrono_tz::UTC),
        };
        let cals = [
            cal(hours(vec![Mon, Tue, Wed, Thu, Fri], 18), vec![day], "sales"),
            cal(hours(vec![Mon, Tue, Wed, Thu, Fri], 17), vec![day], "sales"),
            cal(hours(vec![Mon, Tue, Wed, Thu, Fri], 18), vec![], "sales"),
            cal(
                hours(vec![Mon, Tue, Wed, Thu, Fri], 18),
                vec![day],
                "support",
            ),
            cal(
                hours(vec![Mon, Tue, Wed, Thu, Fri, Sat], 18),
                vec![day],
                "sales",
            ),
        ];
        let zones = [chrono_tz::America::Chicago, chrono_tz::Europe::Berlin];
        let asked: Vec<_> = cals.iter().flat_map(|c| zones.map(|tz| (c, tz))).collect();
        // Every answer, right after every question (itself included).
        for (before, tz_before) in &asked {
            for (c, tz) in &asked {
                business_hours(before, *tz_before);
                let anew = string_of((hours_in_words(&c.calendar, *tz), " (", &c.name, ")"));
                assert_eq!(business_hours(c, *tz), anew);
            }
        }
    }

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
