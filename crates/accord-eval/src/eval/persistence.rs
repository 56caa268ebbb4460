//! Contact persistence: attempts counted from the start field, within a
//! business-day window when the rule gives one (else up to as-of), distinct
//! days and per-day maxima in calendar days of the calendar's zone (the
//! lead's zone for a lead-local calendar), rules with `when` applying only
//! to matching leads. The answer is compliant, or the list of what is
//! missing (`at least 2 attempts by "phone": has 1`).
//!
//! A rule with a window that has not ended at as-of, which asks for *at
//! least* something not yet reached, is pending, not failed: there is still
//! time (`has 1, needs 6 by 2026-12-14 08:01 America/Chicago: 5 more`). Too
//! many (`at most`, `none`, per-day caps) fails at once.

use super::{Ev, Local};
use crate::explain::{NodeId, Span, Verdict, Words};
use crate::outcome::PersistenceOutcome;
use crate::plan::*;
use crate::text::{string_of, ByDisplay, Joined};
use chrono::{DateTime, Utc};

impl<'p> Ev<'p> {
    /// Persistence as a root answer.
    pub(crate) fn persistence_answer(&mut self, out: Option<NodeId>) -> Option<PersistenceOutcome> {
        let def = self.p.persistence.as_ref()?;
        let node = out.map(|_| self.answer(def.src, &def.title));
        let o = self.persistence_eval(def, node);
        if let Some(n) = node {
            let verdict = if !o.applies {
                Verdict::NotApplicable
            } else if o.compliant && !o.pending.is_empty() {
                // Nothing failed, something is still open: pending.
                Verdict::Info
            } else {
                Verdict::of(o.compliant)
            };
            self.x.set_verdict(n, verdict);
            match (o.missing.is_empty(), o.pending.is_empty()) {
                (true, true) => {}
                (false, true) => self.x.gap(n, ("missing: ", Joined(&o.missing, "; "))),
                (true, false) => self.x.gap(n, ("pending: ", Joined(&o.pending, "; "))),
                (false, false) => self.x.gap(
                    n,
                    (
                        "missing: ",
                        Joined(&o.missing, "; "),
                        "; pending: ",
                        Joined(&o.pending, "; "),
                    ),
                ),
            }
        }
        self.push(out, node);
        Some(o)
    }

    fn persistence_eval(
        &mut self,
        def: &'p PersistenceDef,
        node: Option<NodeId>,
    ) -> PersistenceOutcome {
        let cal = def.calendar.and_then(|c| self.p.calendars.get(c));
        let tz = cal
            .map(|c| self.zone(c))
            .unwrap_or_else(|| self.default_zone());
        let not_applicable = PersistenceOutcome {
            applies: false,
            compliant: true,
            missing: Vec::new(),
            pending: Vec::new(),
        };
        if let Some(reason) = self.not_applicable_because(def.applies.as_ref(), node) {
            if let Some(n) = node {
                self.x.gap(n, ("not applicable: ", reason));
            }
            return not_applicable;
        }
        let start = match def.start {
            Some(slot) => match self.instant_field(slot) {
                Some(t) => {
                    if let Some(n) = node {
                        self.x.read(n, Words::Field(slot as u32), Local(t, tz));
                    }
                    Some(t)
                }
                None => {
                    if let Some(n) = node {
                        let why = self.why_missing(slot);
                        self.x.gap(n, ("not applicable: ", why));
                    }
                    return not_applicable;
                }
            },
            None => None,
        };
        // The local day of an attempt, from the zone's offsets over its
        // day as `accord_time` remembers them per thread.
        let local = |t: DateTime<Utc>| {
            accord_time::local_wall(tz, t.timestamp())
                .map_or_else(|| t.with_timezone(&tz).date_naive(), |w| w.date())
        };
        let mut missing = Vec::new();
        let mut pending = Vec::new();
        // The attempts' instants and local days, in the per-thread scratch.
        let mut ats = std::mem::take(&mut self.memo.instants);
        let mut days = std::mem::take(&mut self.memo.days);
        // Rules usually share one window: its end is computed once, and
        // when explaining, its note written once.
        let mut last_end: Option<(Option<Dur>, Option<DateTime<Utc>>)> = None;
        let mut end_note: Option<(DateTime<Utc>, Span)> = None;
        for rule in &def.rules {
            let child = node.map(|_| self.node(rule.src));
            if let Some(w) = &rule.when {
                if !self.cond(w, child) {
                    if let (Some(c), Some(n)) = (child, node) {
                        self.x.set_verdict(c, Verdict::NotApplicable);
                        self.x.attach(n, c);
                    }
                    continue;
                }
            }
            let (pattern, within) = match &rule.kind {
                PRuleKind::Count {
                    pattern, within, ..
                } => (pattern, *within),
                PRuleKind::DistinctDays { pattern, .. } | PRuleKind::PerDayMax { pattern, .. } => {
                    (pattern, None)
                }
            };
            let end = match last_end {
                Some((w, end)) if w == within => end,
                _ => {
                    let end = match (within, start) {
                        (Some(d), Some(s)) => d.add_on(s, cal.map(|c| &c.calendar), tz),
                        _ => None,
                    };
                    last_end = Some((within, end));
                    end
                }
            };
            ats.clear();
            for e in self.visible(pattern) {
                if start.is_some_and(|s| e.at < s) || end.is_some_and(|x| e.at > x) {
                    continue;
                }
                if self.event_matches(pattern, e) {
                    ats.push(e.at);
                }
            }
            // Attempts per local calendar day: the local days sorted, so
            // that each day is one run (linear in the attempts after the
            // sort, whatever their number, and right even where a zone's
            // clock goes back across midnight). A plain count needs no
            // days (unless explained).
            days.clear();
            let by_day = node.is_some()
                || !matches!(
                    rule.kind,
                    PRuleKind::Count {
                        distinct_days: None,
                        ..
                    }
                );
            if by_day {
                days.extend(ats.iter().map(|t| local(*t)));
                days.sort_unstable();
            }
            let per_day = || {
                days.chunk_by(|a, b| a == b)
                    .filter_map(|run| run.first().map(|d| (*d, run.len())))
            };
            let distinct = per_day().count();
            let clause = self.text(rule.src);
            // The window is still open: a shortfall can still be made up.
            let open = end.filter(|x| self.as_of < *x);
            let mut problems = Vec::new();
            // What is still needed before the window ends (no clause).
            let mut open_gap: Option<String> = None;
            match &rule.kind {
                PRuleKind::Count { distinct_days, .. } => {
                    let has = ats.len();
                    let need = pattern.qty.minimum().map_or(0, |m| m as usize);
                    let short = has < need;
                    let too_many = !pattern.qty.holds(has) && !short;
                    let need_days = distinct_days.map_or(0, |k| k as usize);
                    let few_days = distinct < need_days;
                    match (open, too_many) {
                        (Some(x), false) if short || few_days => {
                            let by = Local(x, tz);
                            let (more, more_days) =
                                (need - has.min(need), need_days - distinct.min(need_days));
                            open_gap = Some(match (short, few_days) {
                                (true, true) => string_of((
                                    ("has ", has, " on ", distinct, " distinct day(s), needs "),
                                    (need, " on ", need_days, " distinct days by ", by, ": "),
                                    (more, " more, on ", more_days, " more day(s)"),
                                )),
                                (true, false) => string_of((
                                    ("has ", has, ", needs ", need, " by ", by),
                                    (": ", more, " more"),
                                )),
                                _ => string_of((
                                    ("on ", distinct, " distinct day(s), needs ", need_days),
                                    (" by ", by, ": ", more_days, " more day(s)"),
                                )),
                            });
                        }
                        _ => match (!pattern.qty.holds(has), few_days) {
                            (true, true) => problems.push(string_of((
                                clause,
                                ": has ",
                                has,
                                " on ",
                                distinct,
                                " distinct day(s)",
                            ))),
                            (true, false) => problems.push(string_of((clause, ": has ", has))),
                            (false, true) => problems.push(string_of((
                                clause,
                                ": on ",
                                distinct,
                                " distinct day(s)",
                            ))),
                            (false, false) => {}
                        },
                    }
                }
                PRuleKind::DistinctDays { at_least, .. } => {
                    if distinct < *at_least as usize {
                        problems.push(string_of((clause, ": on ", distinct, " distinct day(s)")));
                    }
                }
                PRuleKind::PerDayMax { at_most, .. } => {
                    for (d, count) in per_day() {
                        if count > *at_most as usize {
                            problems.push(string_of((clause, ": ", count, " on ", ByDisplay(d))));
                        }
                    }
                }
            }
            if let (Some(c), Some(n)) = (child, node) {
                let verdict = if open_gap.is_some() {
                    // Still open: neither met nor failed yet.
                    Verdict::Info
                } else {
                    Verdict::of(problems.is_empty())
                };
                self.x.set_verdict(c, verdict);
                self.x.read(c, &pattern.plural, ats.len());
                self.x.read(c, "distinct days", distinct);
                match &rule.kind {
                    PRuleKind::Count { distinct_days, .. } => {
                        self.x.threshold(c, pattern.qty);
                        if let Some(k) = distinct_days {
                            self.x.threshold(c, ("on at least ", *k, " distinct days"));
                        }
                    }
                    PRuleKind::DistinctDays { at_least, .. } => {
                        self.x
                            .threshold(c, ("on at least ", *at_least, " distinct days"));
                    }
                    PRuleKind::PerDayMax { at_most, .. } => {
                        self.x
                            .threshold(c, ("at most ", *at_most, " on any one day"));
                    }
                }
                if let Some(x) = end {
                    let note = match end_note {
                        Some((at, note)) if at == x => note,
                        _ => self.x.written(("window ends ", Local(x, tz))),
                    };
                    end_note = Some((x, note));
                    self.x.note(c, note);
                }
                if let Some(p) = problems.first().or(open_gap.as_ref()) {
                    self.x.gap(c, p);
                }
                self.x.attach(n, c);
            }
            missing.extend(problems);
            if let Some(g) = open_gap {
                pending.push(string_of((clause, ": ", g)));
            }
        }
        self.memo.instants = ats;
        self.memo.days = days;
        PersistenceOutcome {
            applies: true,
            compliant: missing.is_empty(),
            missing,
            pending,
        }
    }
}
