//! SLAs: start and stop instants, the due instant in business time (per-tier
//! limits, after-hours rules, the lead's or a fixed zone), and the state as
//! of the instant with how late or how much time is left.
//!
//! - `met` when the stop instant is at or before due; `breached` when it is
//!   after, or when there is no stop yet and as-of is past due; `pending`
//!   otherwise; `not_applicable` (with the clause that made it so) when
//!   `applies when` does not hold, the start is missing (a start field
//!   later than as-of has not happened yet and reads as missing), or no
//!   limit fits the lead's tier.
//! - A stop event counts only at or after the start (and at or before as-of);
//!   a stop field later than as-of reads as missing (not stopped yet).
//! - Late-by and remaining are business seconds on the SLA's calendar
//!   (plain seconds without one). Remaining is the time left until due
//!   while pending, and for met how much time was left when it stopped
//!   (the margin; 0 when it stopped at the due instant).

use super::{Ev, Local, Ts};
use crate::explain::{NodeId, Phrase};
use crate::outcome::{SlaOutcome, SlaState};
use crate::plan::*;
use crate::show::Amount;
use crate::text::{string_of, Sink, Text};
use chrono::{DateTime, Utc};
use std::sync::Arc;

crate::text::display_by_text!(When);

/// An instant as an SLA shows it: in the calendar's zone, else in UTC.
#[derive(Clone, Copy)]
pub(crate) struct When(pub DateTime<Utc>, pub Option<chrono_tz::Tz>);

impl Text for When {
    fn put_into<S: Sink>(self, out: &mut S) {
        match self.1 {
            Some(tz) => Local(self.0, tz).put_into(out),
            None => Ts(self.0).put_into(out),
        }
    }
}

/// What an SLA's stop logged, in words: `routed_at at 2026-11-18 09:45
/// America/Chicago`, or `no routed_at logged yet`.
#[derive(Clone, Copy)]
struct Logged<'a>(&'a str, Option<When>);

impl Text for Logged<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        match self.1 {
            Some(at) => (self.0, " at ", at).put_into(out),
            None => ("no ", self.0, " logged yet").put_into(out),
        }
    }
}

fn outcome(name: &Arc<str>, state: SlaState) -> SlaOutcome {
    SlaOutcome {
        name: Arc::clone(name),
        state,
        start: None,
        due: None,
        stopped_at: None,
        late_by_seconds: None,
        remaining_seconds: None,
        reason: None,
        zone: None,
    }
}

impl<'p> Ev<'p> {
    /// The state of an SLA (for `first_response is met` conditions).
    pub(crate) fn sla_state(&mut self, i: Idx<SlaDef>) -> SlaState {
        if let Some(Some(s)) = self.memo.slas.get(i, self.memo.epoch) {
            return *s;
        }
        let o = self.sla_eval(i, None);
        let state = o.state;
        self.memo.sla_outcomes.set(i, Some(o), self.memo.epoch);
        state
    }

    /// An SLA as a root answer.
    pub(crate) fn sla_answer(&mut self, i: Idx<SlaDef>, out: Option<NodeId>) -> Option<SlaOutcome> {
        let def = self.p.slas.get(i)?;
        if out.is_none() {
            if let Some(o) = self.memo.sla_outcomes.take(i, self.memo.epoch).flatten() {
                return Some(o);
            }
        }
        let node = out.map(|_| self.answer(def.src, &def.title));
        let o = self.sla_eval(i, node);
        if let Some(n) = node {
            self.x.set_verdict(n, Self::verdict_of_state(o.state));
        }
        self.push(out, node);
        Some(o)
    }

    /// The n-th matching event at or after `from` (as of the instant).
    fn nth_event(
        &mut self,
        n: u32,
        p: &'p EvPat,
        from: Option<DateTime<Utc>>,
    ) -> Option<DateTime<Utc>> {
        let mut seen = 0;
        for e in self.visible(p) {
            if from.is_some_and(|f| e.at < f) || !self.event_matches(p, e) {
                continue;
            }
            seen += 1;
            if seen >= n {
                return Some(e.at);
            }
        }
        None
    }

    fn instant(&mut self, i: &'p Instant, from: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
        match i {
            Instant::Field(slot, _) => self.instant_field(*slot),
            Instant::Nth(n, p, _) => self.nth_event(*n, p, from),
        }
    }

    fn sla_eval(&mut self, i: Idx<SlaDef>, n: Option<NodeId>) -> SlaOutcome {
        let Some(def) = self.p.slas.get(i) else {
            return outcome(&"?".into(), SlaState::NotApplicable);
        };
        if !self.enter() {
            self.leave();
            let mut o = outcome(&def.name, SlaState::NotApplicable);
            o.reason = Some("the SLA refers to itself".into());
            return o;
        }
        let o = self.sla_compute(def, n);
        self.leave();
        self.memo.slas.set(i, Some(o.state), self.memo.epoch);
        o
    }

    fn sla_compute(&mut self, def: &'p SlaDef, n: Option<NodeId>) -> SlaOutcome {
        let mut o = outcome(&def.name, SlaState::NotApplicable);
        let not_applicable = |ev: &mut Self, mut o: SlaOutcome, reason: String| {
            if let Some(n) = n {
                ev.x.gap(n, ("not applicable: ", &reason));
            }
            o.reason = Some(reason);
            o
        };
        if let Some(reason) = self.not_applicable_because(def.applies.as_ref(), n) {
            return not_applicable(self, o, reason);
        }
        let start = match &def.start {
            Instant::Field(slot, _) => match self.instant_field(*slot) {
                None => {
                    let reason = self.why_missing(*slot).to_string();
                    return not_applicable(self, o, reason);
                }
                Some(t) => t,
            },
            Instant::Nth(k, p, _) => match self.nth_event(*k, p, None) {
                Some(t) => t,
                None => {
                    let what = def.start.words();
                    return not_applicable(self, o, string_of(("no ", what, " yet")));
                }
            },
        };
        o.start = Some(start);
        let tier = self.tier(None);
        let limit = def
            .limits
            .iter()
            .find(|l| l.tier.is_some() && l.tier == tier)
            .or_else(|| def.limits.iter().find(|l| l.tier.is_none()));
        let Some(limit) = limit else {
            let reason = match tier {
                None => "the lead has no tier, and this SLA only sets limits per tier".to_string(),
                Some(t) => string_of(("this SLA sets no limit for tier ", t)),
            };
            return not_applicable(self, o, reason);
        };
        let cal = def.calendar.and_then(|c| self.p.calendars.get(c));
        let tz = cal.map(|c| self.zone(c)).unwrap_or(chrono_tz::UTC);
        o.zone = cal.map(|_| tz.name());
        let after_hours = match cal {
            Some(c) if !c.calendar.is_open(start, tz) => def
                .after_hours
                .iter()
                .find(|a| a.tier.is_some() && a.tier == tier)
                .or_else(|| def.after_hours.iter().find(|a| a.tier.is_none())),
            _ => None,
        };
        let due = match (after_hours, cal) {
            (Some(a), Some(c)) => c.calendar.next_business_day_at(start, tz, a.by),
            (_, cal) => limit.within.add_on(start, cal.map(|c| &c.calendar), tz),
        };
        let Some(due) = due else {
            return not_applicable(self, o, "the calendar never opens after the start".into());
        };
        o.due = Some(due);
        let stop = self.instant(&def.stop, Some(start));
        o.stopped_at = stop;
        let between = |a: DateTime<Utc>, b: DateTime<Utc>| match cal {
            Some(c) => c.calendar.business_seconds_between(a, b, tz),
            None => (b - a).num_seconds(),
        };
        o.state = match stop {
            Some(s) if s <= due => {
                o.remaining_seconds = Some(between(s, due));
                SlaState::Met
            }
            Some(s) => {
                o.late_by_seconds = Some(between(due, s));
                SlaState::Breached
            }
            None if self.as_of > due => {
                o.late_by_seconds = Some(between(due, self.as_of));
                SlaState::Breached
            }
            None => {
                o.remaining_seconds = Some(between(self.as_of, due));
                SlaState::Pending
            }
        };
        if let Some(node) = n {
            let zone = cal.map(|_| tz);
            let local = |t: DateTime<Utc>| When(t, zone);
            let stop_word = def.stop.words();
            let business = if cal.is_some() {
                " of business time"
            } else {
                ""
            };
            self.x.read(node, def.start.words(), local(start));
            if let Some(t) = tier {
                self.x.read(node, Phrase::Tier, t);
            }
            match after_hours {
                Some(a) => {
                    let text = self.text(a.src);
                    self.x
                        .threshold(node, (text, " (started outside opening hours)"));
                }
                None => {
                    let text = self.text(limit.src);
                    self.x.threshold(node, text);
                }
            }
            if let Some(c) = cal {
                self.x
                    .note(node, ("counted in ", &c.name, " (", tz.name(), ")"));
            }
            // Business time is never a 24-hour day: 29h30m of business
            // time is "29h30m", not "1d 5h".
            let fmt = |secs| Amount {
                secs,
                days: cal.is_none(),
            };
            let logged = Logged(stop_word, stop.map(local));
            match o.state {
                SlaState::Met => {
                    let spare = o.remaining_seconds.unwrap_or(0);
                    self.x.note(node, ("due ", local(due), "; ", logged));
                    if spare > 0 {
                        let spare = fmt(spare);
                        self.x
                            .note(node, ("met with ", spare, business, " to spare"));
                    } else if stop == Some(due) {
                        self.x
                            .note(node, "met at the due instant, with no time to spare");
                    } else {
                        self.x.note(
                            node,
                            "met before the due instant, outside opening hours (no business time between them)",
                        );
                    }
                }
                SlaState::Breached => {
                    let late = fmt(o.late_by_seconds.unwrap_or(0));
                    self.x.gap(
                        node,
                        (
                            (stop_word, " due ", local(due), ", "),
                            (logged, ", ", late, business, " late"),
                        ),
                    );
                }
                SlaState::Pending => {
                    let left = fmt(o.remaining_seconds.unwrap_or(0));
                    self.x.gap(
                        node,
                        (
                            (stop_word, " due ", local(due), ", "),
                            (logged, ", ", left, business, " left"),
                        ),
                    );
                }
                SlaState::NotApplicable => {}
            }
        }
        o
    }
}
