//! Rejection and recycling: for a lead with a rejection reason, the
//! reason's disposition steps and nurture track, the earliest re-entry
//! instant (rejected-at + cooling-off, per-code override, or the reason's
//! own `re-enter after`, whichever is later), whether a new trigger fired
//! since the rejection (every trigger re-evaluated counting only events
//! strictly after rejected-at), whether human review is due (recycled more
//! than N times; never for a reason that is never recycled) and whether re-entry is possible as of now (never
//! recycled: no; otherwise cooling-off over, the reason's requirement and the
//! policy's new-trigger requirement met, and no human review due).
//!
//! Nurture placement (F.3, `nurture placement within 5 business days`):
//! for a reason with a nurture step, placement is due rejected-at + N
//! business days on the policy's calendar (its first) in the lead's zone;
//! whether it was met is known only when a timestamp field named
//! `nurture_placed_at` records it.
//!
//! A lead whose rejected-at is later than as-of has not been rejected yet:
//! it has no recycling answer (its reason code is not read).
//!
//! A rejected lead is out of the MQL queue until it may re-enter: the
//! reported MQL answer is the definition's verdict *and* "may re-enter"
//! (see `CompiledPolicy::evaluate`). References to `mql` inside the policy
//! (e.g. `applies when mql` on the SLAs of its first routing) still read
//! the definition itself.

use super::sla::When;
use super::{Ev, Num, Ts};
use crate::explain::{NodeId, Verdict, Words};
use crate::outcome::RecyclingOutcome;
use crate::plan::*;
use crate::text::{string_of, ByDisplay, Joined};
use crate::versions::SinceRejection;
use chrono::{DateTime, Utc};
use std::sync::Arc;

impl<'p> Ev<'p> {
    /// Whether any trigger fires counting only events after the rejection
    /// (evaluated afresh; when explaining, into this explanation's tree).
    fn new_trigger(&mut self, node: Option<NodeId>) -> bool {
        let Some(rejected) = self.rejected_at else {
            return false;
        };
        let mut fresh = Ev::new(self.p, self.lead, self.as_of);
        fresh.after = Some(rejected);
        let fired = match node {
            Some(parent) => {
                fresh.x = std::mem::take(&mut self.x);
                fresh.show_zone = self.show_zone;
                let r = fresh.trigger_nodes(parent);
                self.x = std::mem::take(&mut fresh.x);
                r
            }
            None => self.p.triggers.indices().any(|i| fresh.trigger(i, None)),
        };
        Ev::finish(fresh.memo, fresh.seen_events);
        fired
    }

    /// `when the NAME definition has changed since the rejection`: whether
    /// the version in effect now defines NAME differently from the version
    /// in effect when the lead was rejected (see [`crate::versions`]).
    fn definition_changed(&mut self, name: &str, parent: Option<NodeId>) -> bool {
        let since = self
            .rejected_at
            .map(|r| (r, self.p.definition_since(name, r)));
        let changed = matches!(since, Some((_, SinceRejection::Changed(_))));
        let Some(parent) = parent else {
            return changed;
        };
        let clause = string_of(("the ", name, " definition has changed since the rejection"));
        let n = self.x.node(&clause, "");
        let now = match &self.p.meta.version {
            Some(v) => string_of(("version ", v)),
            None => "this version".to_string(),
        };
        let under = |label: &Option<Arc<str>>| match label {
            Some(v) => string_of(("version ", v)),
            None => now.clone(),
        };
        self.x.read(n, "in effect now", &now);
        self.x.threshold(
            n,
            (
                name,
                " defined differently from the version in effect at the rejection",
            ),
        );
        match &since {
            None => {
                let why = match self.rejected_at_slot() {
                    Some(s) => self.why_missing(s).to_string(),
                    None => "the rejection instant is unknown".to_string(),
                };
                self.x.gap(n, ("stays out: ", why));
            }
            Some((_, SinceRejection::Changed(label))) => {
                self.x.read(n, "rejected under", under(label));
                self.x.note(
                    n,
                    (
                        "re-enters: the ",
                        name,
                        " definition changed since it was rejected under ",
                        under(label),
                        " (now ",
                        now,
                        ")",
                    ),
                );
            }
            Some((_, SinceRejection::Unchanged(label))) => {
                self.x.read(n, "rejected under", under(label));
                self.x.gap(
                    n,
                    (
                        "stays out: the ",
                        name,
                        " definition is unchanged since the rejection (under ",
                        under(label),
                        ")",
                    ),
                );
            }
            Some((r, SinceRejection::Unknown)) => {
                self.x.gap(
                    n,
                    (
                        "stays out: no version of the agreement in effect on ",
                        ByDisplay(r.date_naive()),
                        " was given, so the ",
                        name,
                        " definition is taken as unchanged (evaluate with every version)",
                    ),
                );
            }
        }
        self.x.set_verdict(n, Verdict::of(changed));
        self.x.attach(parent, n);
        changed
    }

    /// Recycling as a root answer (`None` when the lead has no rejection reason).
    pub(crate) fn recycling_answer(&mut self, out: Option<NodeId>) -> Option<RecyclingOutcome> {
        let rec = self.p.recycling.as_ref();
        if rec.is_none() && self.p.reasons.is_empty() {
            return None;
        }
        let slot = self.p.rejection_reason_slot?;
        let code = self.field(slot).as_text()?;
        // Rejected later than as-of: not rejected yet.
        if self
            .rejected_at_slot()
            .and_then(|s| self.not_yet(s))
            .is_some()
        {
            return None;
        }
        let idx = self.p.reasons.position(|r| &*r.code == code);
        let def = idx.and_then(|i| self.p.reasons.get(i));
        let node = out.map(|_| match (rec, def) {
            (Some(r), _) => self.node(r.src),
            (None, Some(d)) => self.node(d.src),
            (None, None) => self.x.node("recycling", ""),
        });
        if let Some(n) = node {
            self.x
                .read(n, Words::Field(slot as u32), ("\"", code, "\""));
            if let Some(t) = self.rejected_at {
                self.x.read(n, "rejected at", Ts(t));
            }
        }
        let never = def.is_some_and(|d| d.never_recycled);
        let cooling = rec.and_then(|r| {
            idx.and_then(|i| {
                r.cooling_overrides
                    .iter()
                    .find(|(j, _)| *j == i)
                    .map(|(_, d)| *d)
            })
            .or(r.cooling_off)
        });
        let reenter_after = def.and_then(|d| d.reenter_after);
        let earliest = if never || def.is_none() {
            None
        } else {
            self.rejected_at.and_then(|t| {
                let a = match cooling {
                    Some(d) => d.add_plain(t)?,
                    None => t,
                };
                let b = match reenter_after {
                    Some(d) => d.add_plain(t)?,
                    None => t,
                };
                Some(a.max(b))
            })
        };
        let trig_node = node.map(|_| self.x.node("a new trigger since the rejection", ""));
        let new_trigger = self.new_trigger(trig_node);
        let requirement = match def.and_then(|d| d.requirement.as_ref()) {
            None => true,
            Some(ReEntryReq::NewTrigger) => new_trigger,
            Some(ReEntryReq::NewEvent(p)) => {
                let child = node.map(|_| self.node(p.src));
                let r = self.pattern_holds(p, child);
                if let (Some(c), Some(n)) = (child, node) {
                    self.x.set_verdict(c, Verdict::of(r));
                    self.x.attach(n, c);
                }
                r
            }
            Some(ReEntryReq::When(c)) => self.cond(c, node),
            Some(ReEntryReq::DefinitionChanged(name)) => self.definition_changed(name, node),
        };
        let needs_trigger = rec.is_some_and(|r| r.new_trigger_required);
        let count = rec
            .and_then(|r| r.count_field)
            .and_then(|s| self.field(s).as_number());
        let review_after = rec.and_then(|r| r.human_review_after);
        // A lead that is never recycled cannot be due for a recycling review.
        let human_review_due = !never
            && match (count, review_after) {
                (Some(c), Some(n)) => c > f64::from(n),
                _ => false,
            };
        let cooled = earliest.is_some_and(|e| self.as_of >= e);
        let may_reenter = !never
            && def.is_some()
            && cooled
            && requirement
            && (!needs_trigger || new_trigger)
            && !human_review_due;
        let mut placement_node = None;
        let placement = match (rec, def) {
            (Some(r), Some(d)) => self.nurture_placement(r, d, node.map(|_| &mut placement_node)),
            _ => None,
        };
        if let Some(n) = node {
            self.x.set_verdict(n, Verdict::Info);
            match def {
                Some(d) => {
                    let reason = self.node(d.src);
                    if let Some(label) = &d.label {
                        self.x.set_title(reason, Some(label));
                    }
                    self.x.read(reason, "disposition", Joined(&d.steps, ", "));
                    self.x.attach(n, reason);
                    if let Some(c) = placement_node {
                        self.x.attach(n, c);
                    }
                }
                None => self
                    .x
                    .note(n, ("\"", code, "\" is not a reason code of this policy")),
            }
            if let Some(t) = trig_node {
                match self.rejected_at {
                    Some(r) => self.x.read(t, "rejected at", Ts(r)),
                    None => self.x.read(t, "rejected at", "missing"),
                }
                self.x
                    .threshold(t, "a trigger that fires on activity after the rejection");
                self.x.set_verdict(t, Verdict::of(new_trigger));
                if !new_trigger {
                    match (self.rejected_at, self.p.triggers.is_empty()) {
                        (None, _) => {
                            let why = match self.rejected_at_slot() {
                                Some(s) => self.why_missing(s).to_string(),
                                None => "the rejection instant is unknown".to_string(),
                            };
                            self.x.gap(t, why);
                        }
                        (Some(_), true) => self.x.gap(t, "the policy defines no trigger"),
                        (Some(r), false) => self.x.gap(
                            t,
                            (
                                "no trigger fires on activity since the rejection on ",
                                Ts(r),
                            ),
                        ),
                    }
                }
                self.x.attach(n, t);
            }
            match earliest {
                Some(e) => self.x.read(n, "earliest re-entry", Ts(e)),
                None if never => self.x.note(n, "never recycled"),
                None => {}
            }
            if let (Some(c), Some(k)) = (count, review_after) {
                self.x.read(n, "times recycled", Num(c));
                if human_review_due {
                    self.x
                        .note(n, ("human review due: recycled more than ", k, " times"));
                }
            }
            let mut why = Vec::new();
            if never {
                why.push("never recycled".to_string());
            }
            if !cooled && !never {
                why.push("cooling-off not over".to_string());
            }
            match def.and_then(|d| d.requirement.as_ref()) {
                Some(ReEntryReq::DefinitionChanged(name)) => {
                    if !requirement {
                        why.push(string_of((
                            "the ",
                            name,
                            " definition is unchanged since the rejection",
                        )));
                    }
                    if needs_trigger && !new_trigger {
                        why.push("no new trigger since the rejection".to_string());
                    }
                }
                _ if !requirement || (needs_trigger && !new_trigger) => why
                    .push("no new trigger or re-entry requirement since the rejection".to_string()),
                _ => {}
            }
            if human_review_due {
                why.push("human review is due first".to_string());
            }
            if may_reenter {
                self.x.note(n, "may re-enter now");
            } else {
                self.x
                    .gap(n, ("may not re-enter yet: ", Joined(&why, "; ")));
            }
        }
        self.push(out, node);
        Some(RecyclingOutcome {
            reason: def.map_or_else(|| code.into(), |d| Arc::clone(&d.code)),
            disposition: def.map_or_else(Default::default, |d| Arc::clone(&d.steps)),
            nurture_track: def.and_then(|d| d.nurture_track.clone()),
            earliest_reentry: earliest,
            new_trigger_since_rejection: new_trigger,
            requirement_met: requirement,
            human_review_due,
            may_reenter,
            nurture_placement_due: placement.map(|(due, _)| due),
            nurture_placement_met: placement.and_then(|(_, met)| met),
        })
    }

    /// Nurture placement (F.3) for a reason with a nurture step: the due
    /// instant (rejected-at + N business days on the policy's calendar, in
    /// the lead's zone) and, when a field records the placement, whether it
    /// was met. When explaining, its node (not attached) goes to `out`.
    fn nurture_placement(
        &mut self,
        rec: &'p RecyclingDef,
        reason: &'p ReasonDef,
        out: Option<&mut Option<NodeId>>,
    ) -> Option<(DateTime<Utc>, Option<bool>)> {
        let (within, src) = rec.nurture_placement?;
        let node = out.map(|o| *o.insert(self.node(src)));
        let set_verdict = |ev: &mut Self, verdict: Verdict| {
            if let Some(c) = node {
                ev.x.set_verdict(c, verdict);
            }
        };
        let Some(track) = &reason.nurture_track else {
            if let Some(c) = node {
                let code = &reason.code;
                self.x
                    .gap(c, ("does not apply: \"", code, "\" has no nurture step"));
            }
            set_verdict(self, Verdict::NotApplicable);
            return None;
        };
        let Some(rejected) = self.rejected_at else {
            if let Some(c) = node {
                let why = match self.rejected_at_slot() {
                    Some(s) => self.why_missing(s).to_string(),
                    None => "the rejection instant is unknown".to_string(),
                };
                self.x.gap(c, ("does not apply: ", why));
            }
            set_verdict(self, Verdict::NotApplicable);
            return None;
        };
        let cal = rec.placement_calendar.and_then(|c| self.p.calendars.get(c));
        let tz = cal.map_or(chrono_tz::UTC, |c| self.zone(c));
        let due = within.add_on(rejected, cal.map(|c| &c.calendar), tz)?;
        let placed = rec.placed_at_field.and_then(|s| self.instant_field(s));
        let met = match placed {
            Some(t) => Some(t <= due),
            None if rec.placed_at_field.is_some() && self.as_of > due => Some(false),
            None => None,
        };
        if let Some(c) = node {
            let shown = |t| When(t, cal.map(|_| tz));
            self.x.read(c, "placement due", shown(due));
            self.x
                .threshold(c, ("nurture \"", track, "\" by ", shown(due)));
            match cal {
                Some(k) => self.x.note(
                    c,
                    (
                        "from the rejection at ",
                        shown(rejected),
                        ", counted in ",
                        &k.name,
                    ),
                ),
                None => self.x.note(c, ("from the rejection at ", shown(rejected))),
            }
            match rec.placed_at_field {
                Some(s) => {
                    let name = self.field_name(s);
                    self.x.read(c, name, self.show_field(s));
                    match (placed, met) {
                        (Some(t), Some(false)) => self.x.gap(
                            c,
                            (name, " ", shown(t), " is after the due ", shown(due)),
                        ),
                        (None, Some(false)) => self.x.gap(
                            c,
                            ("not placed yet, due ", shown(due)),
                        ),
                        _ => {}
                    }
                }
                None => self.x.note(
                    c,
                    "no field records the placement (nurture_placed_at), so whether it was met is not known",
                ),
            }
        }
        let verdict = match met {
            Some(m) => Verdict::of(m),
            None => Verdict::Info,
        };
        set_verdict(self, verdict);
        Some((due, met))
    }
}
