//! Rejection and recycling: for a lead with a rejection reason, the
//! reason's disposition steps and nurture track, the earliest re-entry
//! instant (rejected-at + cooling-off, per-code override, or the reason's
//! own `re-enter after`, whichever is later), whether a new trigger fired
//! since the rejection (every trigger re-evaluated counting only events
//! strictly after rejected-at), whether human review is due (recycled more
//! than N times) and whether re-entry is possible as of now (never
//! recycled: no; otherwise cooling-off over, the reason's requirement and the
//! policy's new-trigger requirement met, and no human review due).
//!
//! A rejected lead is out of the MQL queue until it may re-enter: the
//! reported MQL answer is the definition's verdict *and* "may re-enter"
//! (see `CompiledPolicy::evaluate`). References to `mql` inside the policy
//! (e.g. `applies when mql` on the SLAs of its first routing) still read
//! the definition itself.

use super::{put, show_ts, Ev};
use crate::decision::RecyclingOutcome;
use crate::explain::{Node, Verdict};
use crate::plan::*;
use accord_records::value::format_number;

impl<'p> Ev<'p> {
    /// Whether any trigger fires counting only events after the rejection.
    fn new_trigger(&self, node: Option<&mut Vec<Node>>) -> bool {
        let Some(rejected) = self.rejected_at else {
            return false;
        };
        let mut fresh = Ev::new(self.p, self.lead, self.as_of);
        fresh.after = Some(rejected);
        match node {
            Some(parent) => fresh.trigger_nodes(parent),
            None => (0..self.p.triggers.len()).any(|i| fresh.trigger(i, None)),
        }
    }

    /// Recycling as a root answer (`None` when the lead has no rejection reason).
    pub(crate) fn recycling_answer(
        &mut self,
        out: Option<&mut Vec<Node>>,
    ) -> Option<RecyclingOutcome> {
        let rec = self.p.recycling.as_ref();
        if rec.is_none() && self.p.reasons.is_empty() {
            return None;
        }
        let slot = rec
            .and_then(|r| r.reason_field)
            .or_else(|| self.p.schema.slot("rejection_reason"))?;
        let code = self.field(slot).as_text()?;
        let idx = self.p.reasons.iter().position(|r| r.code == code);
        let def = idx.and_then(|i| self.p.reasons.get(i));
        let mut node = out.is_some().then(|| match (rec, def) {
            (Some(r), _) => self.node(r.src),
            (None, Some(d)) => self.node(d.src),
            (None, None) => Node::new("recycling", ""),
        });
        put(&mut node.as_mut(), |n| {
            n.read(self.field_name(slot), format!("\"{code}\""));
            if let Some(t) = self.rejected_at {
                n.read("rejected at", show_ts(t));
            }
        });
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
        let mut trig_node = node
            .is_some()
            .then(|| Node::new("a new trigger since the rejection", ""));
        let new_trigger = self.new_trigger(trig_node.as_mut().map(|n| &mut n.children));
        let requirement = match def.and_then(|d| d.requirement.as_ref()) {
            None => true,
            Some(ReEntryReq::NewTrigger) => new_trigger,
            Some(ReEntryReq::NewEvent(p)) => {
                let mut child = node.is_some().then(|| self.node(p.src));
                let r = self.pattern_holds(p, child.as_mut());
                if let (Some(mut c), Some(n)) = (child, node.as_mut()) {
                    c.verdict = Verdict::of(r);
                    n.children.push(c);
                }
                r
            }
            Some(ReEntryReq::When(c)) => self.cond(c, node.as_mut().map(|n| &mut n.children)),
        };
        let needs_trigger = rec.is_some_and(|r| r.new_trigger_required);
        let count = rec
            .and_then(|r| r.count_field)
            .and_then(|s| self.field(s).as_number());
        let review_after = rec.and_then(|r| r.human_review_after);
        let human_review_due = match (count, review_after) {
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
        if let Some(n) = node.as_mut() {
            n.verdict = Verdict::Info;
            match def {
                Some(d) => {
                    let mut reason = self.node(d.src);
                    if let Some(label) = &d.label {
                        reason.title = Some(label.clone());
                    }
                    reason.read("disposition", d.steps.join(", "));
                    n.children.push(reason);
                }
                None => n.note(format!("\"{code}\" is not a reason code of this policy")),
            }
            if let Some(mut t) = trig_node {
                t.verdict = Verdict::of(new_trigger);
                n.children.push(t);
            }
            match earliest {
                Some(e) => n.read("earliest re-entry", show_ts(e)),
                None if never => n.note("never recycled"),
                None => {}
            }
            if let (Some(c), Some(k)) = (count, review_after) {
                n.read("times recycled", format_number(c));
                if human_review_due {
                    n.note(format!("human review due: recycled more than {k} times"));
                }
            }
            let mut why = Vec::new();
            if never {
                why.push("never recycled".to_string());
            }
            if !cooled && !never {
                why.push("cooling-off not over".to_string());
            }
            if !requirement || (needs_trigger && !new_trigger) {
                why.push("no new trigger or re-entry requirement since the rejection".to_string());
            }
            if human_review_due {
                why.push("human review is due first".to_string());
            }
            if may_reenter {
                n.note("may re-enter now");
            } else {
                n.gap = Some(format!("may not re-enter yet: {}", why.join("; ")));
            }
        }
        Self::push(out, node);
        Some(RecyclingOutcome {
            reason: code.to_string(),
            disposition: def.map(|d| d.steps.clone()).unwrap_or_default(),
            nurture_track: def.and_then(|d| d.nurture_track.clone()),
            earliest_reentry: earliest,
            new_trigger_since_rejection: new_trigger,
            human_review_due,
            may_reenter,
        })
    }
}
