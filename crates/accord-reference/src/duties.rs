//! What a lead is owed and owes: SLAs, contact persistence, rejection and
//! recycling, handoff completeness.

use crate::time::{plain, Cal, Instant};
use crate::{Ev, Handoff, Persistence, Recycling, Sla, SlaState};
use accord_records::{FieldType, FieldValue};
use accord_syntax::ast;
use chrono::{DateTime, NaiveDate, Utc};

impl<'a> Ev<'a> {
    /// The `n`-th event (1-based) matching `p`, at or after `from`.
    fn nth(
        &self,
        n: u32,
        p: &ast::EventPattern,
        from: Option<DateTime<Utc>>,
    ) -> Option<DateTime<Utc>> {
        self.matching(p, None)
            .into_iter()
            .filter_map(|i| self.event_at(p, i))
            .filter(|t| from.is_none_or(|f| *t >= f))
            .nth(n.max(1) as usize - 1)
    }

    fn instant(&self, e: &ast::InstantExpr, from: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
        match e {
            ast::InstantExpr::Field(f) => self.instant_field(&f.name),
            ast::InstantExpr::NthEvent { n, pattern, .. } => self.nth(*n, pattern, from),
        }
    }

    /// An SLA (see `ast::Sla` and the "SLA state" semantics): it applies
    /// when its `applies when` holds, it has started and a limit fits the
    /// lead's tier (the tier's own, else the default). Due: the after-hours
    /// rule when the clock starts while the calendar is closed, else start +
    /// limit (in business time when counted in a calendar). Met when the
    /// stop (the field, or the n-th event at or after the start) is at or
    /// before due; breached when after, or none yet and as-of is past due.
    pub(crate) fn sla(&self, s: &ast::Sla) -> Sla {
        let mut out = Sla {
            name: s.name.name.clone(),
            state: SlaState::NotApplicable,
            start: None,
            due: Instant::None,
            stopped_at: None,
            late_by: None,
            remaining: None,
        };
        if !self.enter() {
            self.leave();
            return out;
        }
        self.sla_into(s, &mut out);
        self.leave();
        out
    }

    fn sla_into(&self, s: &ast::Sla, out: &mut Sla) {
        if s.applies.as_ref().is_some_and(|c| !self.holds(c)) {
            return;
        }
        let Some(start) = self.instant(&s.start, None) else {
            return;
        };
        out.start = Some(start);
        let tier = self.tier();
        let limit = s
            .limits
            .iter()
            .find(|l| l.tier.is_some() && l.tier.map(|t| t.0) == tier)
            .or_else(|| s.limits.iter().find(|l| l.tier.is_none()));
        let Some(limit) = limit else { return };
        let cal: Option<Cal> = s.calendar.as_ref().and_then(|c| self.calendar(&c.name));
        let after_hours = match &cal {
            Some(c) if !self.is_open(c, start) => s
                .after_hours
                .iter()
                .find(|a| a.tier.is_some() && a.tier.map(|t| t.0) == tier)
                .or_else(|| s.after_hours.iter().find(|a| a.tier.is_none())),
            _ => None,
        };
        let due = match (after_hours, &cal) {
            (Some(a), Some(c)) => self.next_business_day_at(c, start, &a.by),
            _ => self.add_in(start, &limit.within, cal.as_ref()),
        };
        out.due = due;
        let due = match due {
            Instant::At(t) => t,
            Instant::None => return,
            Instant::Unknown => {
                out.state = SlaState::Unknown;
                return;
            }
        };
        let stop = self.instant(&s.stop, Some(start));
        out.stopped_at = stop;
        let between = |a: DateTime<Utc>, b: DateTime<Utc>| match &cal {
            Some(c) => c.hours.day_between(c.zone, a.timestamp(), b.timestamp()),
            None => Some((b - a).num_seconds()),
        };
        out.state = match stop {
            Some(t) if t <= due => {
                out.remaining = between(t, due);
                SlaState::Met
            }
            Some(t) => {
                out.late_by = between(due, t);
                SlaState::Breached
            }
            None if self.as_of > due => {
                out.late_by = between(due, self.as_of);
                SlaState::Breached
            }
            None => {
                out.remaining = between(self.as_of, due);
                SlaState::Pending
            }
        };
    }

    /// The SLA's state word, for conditions that read it.
    pub(crate) fn sla_state_word(&self, s: &ast::Sla) -> &'static str {
        match self.sla(s).state {
            SlaState::Met => "met",
            SlaState::Breached => "breached",
            SlaState::Pending => "pending",
            SlaState::NotApplicable => "not_applicable",
            SlaState::Unknown => {
                self.undecided.set(true);
                "not_applicable"
            }
        }
    }

    /// Contact persistence (see `ast::Persistence`): each rule whose `when`
    /// holds counts the matching events from the start field to the end of
    /// its window; a rule not yet met whose window is still open at as-of
    /// is pending, not failed. Days are local dates in the calendar's zone
    /// (else the schema's default zone).
    pub(crate) fn persistence(&self) -> Option<Persistence> {
        let p = self.items.iter().find_map(|i| match i {
            ast::Item::Persistence(p) => Some(p),
            _ => None,
        })?;
        let cal = p.calendar.as_ref().and_then(|c| self.calendar(&c.name));
        let zone = cal
            .as_ref()
            .map_or(self.schema.default_zone.unwrap_or(chrono_tz::UTC), |c| {
                c.zone
            });
        if p.applies.as_ref().is_some_and(|c| !self.holds(c)) {
            return Some(Persistence {
                applies: false,
                compliant: Some(true),
                missing: Some(0),
                pending: Some(0),
            });
        }
        let start = match &p.start {
            Some(f) => match self.instant_field(&f.name) {
                Some(t) => Some(t),
                None => {
                    return Some(Persistence {
                        applies: false,
                        compliant: Some(true),
                        missing: Some(0),
                        pending: Some(0),
                    })
                }
            },
            None => None,
        };
        let (mut missing, mut pending) = (0usize, 0usize);
        for rule in &p.rules {
            if rule.when.as_ref().is_some_and(|c| !self.holds(c)) {
                continue;
            }
            let (pattern, within) = match &rule.kind {
                ast::PersistenceRuleKind::Count {
                    pattern, within, ..
                } => (pattern, within.as_ref()),
                ast::PersistenceRuleKind::DistinctDays { pattern, .. }
                | ast::PersistenceRuleKind::PerDayMax { pattern, .. } => (pattern, None),
            };
            let end = match (within, start) {
                (Some(d), Some(s)) => self.add_in(s, d, cal.as_ref()),
                _ => Instant::None,
            };
            if end == Instant::Unknown {
                return Some(Persistence {
                    applies: true,
                    compliant: None,
                    missing: None,
                    pending: None,
                });
            }
            let end = end.at();
            let ats: Vec<DateTime<Utc>> = self
                .matching(pattern, None)
                .into_iter()
                .filter_map(|i| self.event_at(pattern, i))
                .filter(|t| start.is_none_or(|s| *t >= s) && end.is_none_or(|e| *t <= e))
                .collect();
            let days: std::collections::BTreeSet<NaiveDate> = ats
                .iter()
                .map(|t| t.with_timezone(&zone).date_naive())
                .collect();
            let open = end.is_some_and(|e| self.as_of < e);
            match &rule.kind {
                ast::PersistenceRuleKind::Count { distinct_days, .. } => {
                    let has = ats.len();
                    let (min, max) = match pattern.quantity {
                        ast::Quantity::Some => (1, usize::MAX),
                        ast::Quantity::None => (0, 0),
                        ast::Quantity::AtLeast(k) => (k as usize, usize::MAX),
                        ast::Quantity::AtMost(k) => (0, k as usize),
                        ast::Quantity::Exactly(k) => (k as usize, k as usize),
                    };
                    let count_ok = has >= min && has <= max;
                    let too_many = has > max;
                    let days_ok = days.len() >= distinct_days.map_or(0, |k| k as usize);
                    if open && !too_many && (has < min || !days_ok) {
                        pending += 1;
                    } else if !count_ok || !days_ok {
                        missing += 1;
                    }
                }
                ast::PersistenceRuleKind::DistinctDays { at_least, .. } => {
                    if days.len() < *at_least as usize {
                        missing += 1;
                    }
                }
                ast::PersistenceRuleKind::PerDayMax { at_most, .. } => {
                    for d in &days {
                        let n = ats
                            .iter()
                            .filter(|t| t.with_timezone(&zone).date_naive() == *d)
                            .count();
                        if n > *at_most as usize {
                            missing += 1;
                        }
                    }
                }
            }
        }
        Some(Persistence {
            applies: true,
            compliant: Some(missing == 0),
            missing: Some(missing),
            pending: Some(pending),
        })
    }

    /// The rejection instant: the recycling block's `rejected at` field,
    /// else a field named `rejected_at`.
    pub(crate) fn rejected_at(&self) -> Option<DateTime<Utc>> {
        self.instant_field(&self.recycling_field("rejected_at")?)
    }

    /// The field a recycling clause names (`rejection_reason`,
    /// `rejected_at`, `recycle_count`), else a field of that default name.
    fn recycling_field(&self, which: &str) -> Option<String> {
        for item in self.items {
            let ast::Item::Recycling(r) = item else {
                continue;
            };
            for c in &r.clauses {
                match (&c.kind, which) {
                    (ast::RecyclingClauseKind::ReasonField(f), "rejection_reason")
                    | (ast::RecyclingClauseKind::RejectedAtField(f), "rejected_at")
                    | (ast::RecyclingClauseKind::RecycleCountField(f), "recycle_count") => {
                        return Some(f.name.clone())
                    }
                    _ => {}
                }
            }
        }
        (which != "recycle_count" && self.schema.slot(which).is_some()).then(|| which.to_string())
    }

    /// Rejection and recycling (see `ast::Recycling`, `ast::Reason`).
    pub(crate) fn recycling(&self) -> Option<Recycling> {
        let rec = self.items.iter().find_map(|i| match i {
            ast::Item::Recycling(r) => Some(r),
            _ => None,
        });
        let reasons: Vec<&ast::Reason> = self
            .items
            .iter()
            .filter_map(|i| match i {
                ast::Item::Rejections(r) => Some(r.reasons.iter()),
                _ => None,
            })
            .flatten()
            .collect();
        if rec.is_none() && reasons.is_empty() {
            return None;
        }
        let code = self.field(&self.recycling_field("rejection_reason")?);
        let code = code.as_text()?.to_string();
        let at_field = self.recycling_field("rejected_at");
        if at_field.as_deref().is_some_and(|f| self.not_yet(f)) {
            return None;
        }
        let rejected = at_field.as_deref().and_then(|f| self.instant_field(f));
        let reason = reasons.iter().find(|r| r.code.name == code);
        let clauses: Vec<&ast::RecyclingClauseKind> =
            rec.map_or(Vec::new(), |r| r.clauses.iter().map(|c| &c.kind).collect());
        let never = reason.is_some_and(|r| {
            r.disposition
                .iter()
                .any(|d| matches!(d.kind, ast::DispositionKind::NeverRecycled))
        });
        let re_enter = reason.and_then(|r| {
            r.disposition.iter().rev().find_map(|d| match &d.kind {
                ast::DispositionKind::ReEnter { after, requirement } => Some((after, requirement)),
                _ => None,
            })
        });
        let cooling = clauses.iter().find_map(|c| match c {
            ast::RecyclingClauseKind::CoolingOff { default, overrides } => Some(
                overrides
                    .iter()
                    .find(|(r, _)| r.name == code)
                    .map_or(default, |(_, d)| d),
            ),
            _ => None,
        });
        let earliest = if never || reason.is_none() {
            None
        } else {
            rejected.and_then(|t| {
                let a = match cooling {
                    Some(d) => plain(d).add(t)?,
                    None => t,
                };
                let b = match re_enter.and_then(|(after, _)| after.as_ref()) {
                    Some(d) => plain(d).add(t)?,
                    None => t,
                };
                Some(a.max(b))
            })
        };
        let new_trigger = rejected.is_some_and(|r| {
            let fresh = Ev {
                undecided: self.undecided.clone(),
                ..Ev::new(self.items, self.schema, self.lead, self.as_of, Some(r))
            };
            self.items.iter().any(|i| match i {
                ast::Item::Trigger(t) => fresh.trigger(&t.name.name),
                _ => false,
            })
        });
        let requirement = match re_enter.and_then(|(_, req)| req.as_ref()) {
            None => true,
            Some(ast::ReEntryRequirement::NewTrigger) => new_trigger,
            Some(ast::ReEntryRequirement::NewEvent(p)) => {
                let mut p = p.clone();
                p.new = true;
                self.pattern_holds(&p, None)
            }
            Some(ast::ReEntryRequirement::When(c)) => self.holds(c),
            // The reference reads one version: the lead was rejected under
            // it (or under none it knows), so nothing it defines has changed.
            Some(ast::ReEntryRequirement::DefinitionChanged(_)) => false,
        };
        let needs_trigger = clauses
            .iter()
            .any(|c| matches!(c, ast::RecyclingClauseKind::NewTriggerRequired));
        let count = self
            .recycling_field("recycle_count")
            .and_then(|f| self.field(&f).as_number());
        let review_after = clauses.iter().find_map(|c| match c {
            ast::RecyclingClauseKind::HumanReviewAfter(n) => Some(*n),
            _ => None,
        });
        let human_review_due =
            !never && matches!((count, review_after), (Some(c), Some(n)) if c > f64::from(n));
        let cooled = earliest.is_some_and(|e| self.as_of >= e);
        let may_reenter = !never
            && reason.is_some()
            && cooled
            && requirement
            && (!needs_trigger || new_trigger)
            && !human_review_due;
        let placement = self.nurture_placement(&clauses, reason.copied(), rejected);
        Some(Recycling {
            reason: code,
            earliest_reentry: earliest,
            new_trigger_since_rejection: new_trigger,
            human_review_due,
            may_reenter,
            nurture_placement_due: placement,
        })
    }

    /// Nurture placement is due `within` after the rejection, on the
    /// policy's first calendar when the duration says `business`.
    fn nurture_placement(
        &self,
        clauses: &[&ast::RecyclingClauseKind],
        reason: Option<&ast::Reason>,
        rejected: Option<DateTime<Utc>>,
    ) -> Instant {
        let Some(within) = clauses.iter().find_map(|c| match c {
            ast::RecyclingClauseKind::NurturePlacementWithin(d) => Some(d),
            _ => None,
        }) else {
            return Instant::None;
        };
        let nurtures = reason.is_some_and(|r| {
            r.disposition
                .iter()
                .any(|d| matches!(d.kind, ast::DispositionKind::Nurture { .. }))
        });
        let (true, Some(rejected)) = (nurtures, rejected) else {
            return Instant::None;
        };
        let first_calendar = self.items.iter().find_map(|i| match i {
            ast::Item::Calendar(c) => Some(c.name.name.clone()),
            _ => None,
        });
        let cal = first_calendar
            .filter(|_| within.business)
            .and_then(|c| self.calendar(&c));
        match (&cal, within.business) {
            (Some(c), true) => self.add_in(rejected, within, Some(c)),
            _ => plain(within)
                .add(rejected)
                .map_or(Instant::None, Instant::At),
        }
    }

    /// Handoff completeness: a required field is present (text not blank;
    /// an event stream with an event by as-of); a required event pattern holds.
    pub(crate) fn handoff(&self) -> Option<Handoff> {
        let h = self.items.iter().find_map(|i| match i {
            ast::Item::Handoff(h) => Some(h),
            _ => None,
        })?;
        if h.applies.as_ref().is_some_and(|c| !self.holds(c)) {
            return Some(Handoff {
                applies: false,
                complete: true,
                missing: 0,
                missing_preferred: 0,
            });
        }
        let missing = |items: &[ast::HandoffItem]| {
            items
                .iter()
                .filter(|item| match item {
                    ast::HandoffItem::Field(f) => !self.present(&f.name),
                    ast::HandoffItem::Events(p) => !self.pattern_holds(p, None),
                    ast::HandoffItem::Condition(c) => !self.holds(c),
                })
                .count()
        };
        let (m, mp) = (missing(&h.required), missing(&h.preferred));
        Some(Handoff {
            applies: true,
            complete: m == 0,
            missing: m,
            missing_preferred: mp,
        })
    }

    fn present(&self, name: &str) -> bool {
        if let Some(FieldType::Events(s)) = self.schema.field(name).map(|f| &f.ty) {
            return self
                .lead
                .streams
                .get(*s)
                .is_some_and(|evs| evs.iter().any(|e| e.at <= self.as_of));
        }
        match self.field(name) {
            FieldValue::Missing => false,
            FieldValue::Text(t) => !t.trim().is_empty(),
            _ => true,
        }
    }
}
