//! Lowering SLAs, persistence, rejection reasons, recycling and handoff.

use super::cond::time;
use super::{Cx, Def};
use crate::plan::*;
use accord_records::FieldType;
use accord_syntax::ast;

impl Cx<'_> {
    fn slot_of(&mut self, id: &ast::Ident) -> Option<usize> {
        let slot = self.slot(&id.name);
        if slot.is_none() {
            self.error(id.span, format!("unknown field `{}`", id.name));
        }
        slot
    }

    fn calendar_ref(&mut self, id: &ast::Ident) -> Option<Idx<CalendarDef>> {
        match self.def(&id.name) {
            Some(Def::Calendar(i)) => Some(i),
            _ => {
                self.error(id.span, format!("unknown calendar `{}`", id.name));
                None
            }
        }
    }

    fn instant(&mut self, e: &ast::InstantExpr) -> Option<Instant> {
        match e {
            ast::InstantExpr::Field(id) => Some(Instant::Field(self.slot_of(id)?, id.name.clone())),
            ast::InstantExpr::NthEvent { n, pattern, .. } => {
                let n = (*n).max(1);
                let pattern = self.pattern(pattern)?;
                let words = format!("{} {}{}", ordinal(n), pattern.singular, pattern.detail);
                Some(Instant::Nth(n, Box::new(pattern), words))
            }
        }
    }

    /// Lowers an SLA.
    pub fn sla(&mut self, s: &ast::Sla) -> Option<SlaDef> {
        let start = self.instant(&s.start);
        let stop = self.instant(&s.stop);
        let calendar = match &s.calendar {
            Some(c) => Some(self.calendar_ref(c)?),
            None => None,
        };
        let applies = self.applies(s.applies.as_ref())?;
        let in_cal = calendar.is_some();
        let mut limits = Vec::new();
        for l in &s.limits {
            let within = self.dur_in(&l.within, in_cal);
            let src = self.src(l.span);
            limits.push(LimitDef {
                tier: l.tier.map(|(t, _)| t),
                within,
                src,
            });
        }
        let mut after_hours = Vec::new();
        for a in &s.after_hours {
            let Some(by) = time(&a.by) else {
                self.error(a.by.span, "not a real time of day");
                return None;
            };
            if calendar.is_none() {
                self.error(
                    a.span,
                    "an after-hours rule needs the SLA to be counted in a calendar",
                );
                return None;
            }
            let src = self.src(a.span);
            after_hours.push(AfterHoursDef {
                tier: a.tier.map(|(t, _)| t),
                by,
                src,
            });
        }
        let src = self.src(s.span);
        Some(SlaDef {
            name: s.name.name.as_str().into(),
            title: s.title.as_ref().map(|t| t.value.clone()),
            start: start?,
            stop: stop?,
            calendar,
            applies,
            limits,
            after_hours,
            src,
        })
    }

    /// Lowers the persistence block.
    pub fn persistence(&mut self, p: &ast::Persistence) -> Option<PersistenceDef> {
        let start = match &p.start {
            Some(id) => Some(self.slot_of(id)?),
            None => None,
        };
        let calendar = match &p.calendar {
            Some(c) => Some(self.calendar_ref(c)?),
            None => None,
        };
        let applies = self.applies(p.applies.as_ref())?;
        let mut rules = Vec::new();
        for r in &p.rules {
            let kind = match &r.kind {
                ast::PersistenceRuleKind::Count {
                    pattern,
                    within,
                    distinct_days,
                } => PRuleKind::Count {
                    pattern: self.pattern(pattern)?,
                    within: within.as_ref().map(|d| self.dur_in(d, calendar.is_some())),
                    distinct_days: *distinct_days,
                },
                ast::PersistenceRuleKind::DistinctDays { pattern, at_least } => {
                    PRuleKind::DistinctDays {
                        pattern: self.pattern(pattern)?,
                        at_least: *at_least,
                    }
                }
                ast::PersistenceRuleKind::PerDayMax { pattern, at_most } => PRuleKind::PerDayMax {
                    pattern: self.pattern(pattern)?,
                    at_most: *at_most,
                },
            };
            let when = match &r.when {
                Some(c) => Some(self.cond(c)?),
                None => None,
            };
            let src = self.src(r.span);
            rules.push(PRule { kind, when, src });
        }
        let src = self.src(p.span);
        Some(PersistenceDef {
            title: p.title.as_ref().map(|t| t.value.clone()),
            applies,
            start,
            calendar,
            rules,
            src,
        })
    }

    /// Lowers one rejection reason (never fails: a bad re-entry condition
    /// is reported and dropped).
    pub fn reason(&mut self, r: &ast::Reason) -> ReasonDef {
        let mut def = ReasonDef {
            code: r.code.name.as_str().into(),
            label: r.label.as_ref().map(|l| l.value.clone()),
            steps: r
                .disposition
                .iter()
                .map(|step| self.text(step.span).into())
                .collect(),
            never_recycled: false,
            nurture_track: None,
            reenter_after: None,
            requirement: None,
            src: 0,
        };
        for step in &r.disposition {
            match &step.kind {
                ast::DispositionKind::NeverRecycled => def.never_recycled = true,
                ast::DispositionKind::Nurture { track, .. } => {
                    def.nurture_track = Some(track.value.as_str().into())
                }
                ast::DispositionKind::ReEnter { after, requirement } => {
                    def.reenter_after = after.as_ref().map(|d| self.dur_plain(d));
                    def.requirement = match requirement {
                        None => None,
                        Some(ast::ReEntryRequirement::NewTrigger) => Some(ReEntryReq::NewTrigger),
                        Some(ast::ReEntryRequirement::NewEvent(p)) => {
                            self.pattern(p).map(|mut p| {
                                p.new = true;
                                ReEntryReq::NewEvent(Box::new(p))
                            })
                        }
                        Some(ast::ReEntryRequirement::When(c)) => {
                            self.cond(c).map(ReEntryReq::When)
                        }
                        Some(ast::ReEntryRequirement::DefinitionChanged(id)) => {
                            Some(ReEntryReq::DefinitionChanged(id.name.clone()))
                        }
                    };
                }
                ast::DispositionKind::Archive
                | ast::DispositionKind::ReRoute
                | ast::DispositionKind::Enrich
                | ast::DispositionKind::RouteTo(_) => {}
            }
        }
        def.src = self.src(r.span);
        def
    }

    /// Lowers the recycling block.
    pub fn recycling(&mut self, r: &ast::Recycling) -> RecyclingDef {
        let src = self.src(r.span);
        let mut def = RecyclingDef {
            reason_field: None,
            rejected_at_field: None,
            count_field: None,
            cooling_off: None,
            cooling_overrides: Vec::new(),
            new_trigger_required: false,
            human_review_after: None,
            nurture_placement: None,
            placement_calendar: None,
            placed_at_field: None,
            src,
        };
        for clause in &r.clauses {
            match &clause.kind {
                ast::RecyclingClauseKind::ReasonField(id) => def.reason_field = self.slot_of(id),
                ast::RecyclingClauseKind::RejectedAtField(id) => {
                    def.rejected_at_field = self.slot_of(id)
                }
                ast::RecyclingClauseKind::RecycleCountField(id) => {
                    def.count_field = self.slot_of(id)
                }
                ast::RecyclingClauseKind::CoolingOff { default, overrides } => {
                    def.cooling_off = Some(self.dur_plain(default));
                    for (code, d) in overrides {
                        match self.def(&code.name) {
                            Some(Def::Reason(i)) => {
                                let d = self.dur_plain(d);
                                def.cooling_overrides.push((i, d));
                            }
                            _ => self.error(
                                code.span,
                                format!("unknown rejection reason `{}`", code.name),
                            ),
                        }
                    }
                }
                ast::RecyclingClauseKind::NewTriggerRequired => def.new_trigger_required = true,
                ast::RecyclingClauseKind::HumanReviewAfter(n) => def.human_review_after = Some(*n),
                ast::RecyclingClauseKind::NurturePlacementWithin(d) => {
                    let within = self.dur_in(d, d.business);
                    def.nurture_placement = Some((within, self.src(clause.span)));
                }
            }
        }
        def
    }

    /// Lowers the handoff block.
    /// A block's `applies when` (SLAs, persistence, handoff): `Some(None)`
    /// without one, `None` when its condition cannot be resolved (reported).
    fn applies(&mut self, c: Option<&ast::Condition>) -> Option<Option<Cond>> {
        match c {
            None => Some(None),
            Some(c) => self.cond(c).map(Some),
        }
    }

    pub fn handoff(&mut self, h: &ast::Handoff) -> HandoffDef {
        // An unresolved condition is reported; the plan is then refused.
        let applies = self.applies(h.applies.as_ref()).flatten();
        let required = self.handoff_items(&h.required);
        let preferred = self.handoff_items(&h.preferred);
        let src = self.src(h.span);
        HandoffDef {
            title: h.title.as_ref().map(|t| t.value.clone()),
            applies,
            required,
            preferred,
            src,
        }
    }

    fn handoff_items(&mut self, items: &[ast::HandoffItem]) -> Vec<HandoffItem> {
        let mut out = Vec::new();
        for item in items {
            match item {
                ast::HandoffItem::Field(id) => {
                    let Some(slot) = self.slot_of(id) else {
                        continue;
                    };
                    let name: std::sync::Arc<str> = id.name.as_str().into();
                    out.push(match self.schema.fields.get(slot).map(|f| &f.ty) {
                        Some(FieldType::Events(stream)) => HandoffItem::Stream {
                            stream: *stream,
                            singular: accord_records::schema::singular(&name),
                            name,
                        },
                        _ => HandoffItem::Field(slot, name),
                    });
                }
                ast::HandoffItem::Events(p) => {
                    if let Some(p) = self.pattern(p) {
                        out.push(HandoffItem::Events(Box::new(p)));
                    }
                }
                ast::HandoffItem::Condition(c) => {
                    if let Some(cond) = self.cond(c) {
                        out.push(HandoffItem::Condition(cond));
                    }
                }
            }
        }
        out
    }
}

/// `first`, `2nd`, `3rd`, `4th`, … (as SLAs name the n-th event).
fn ordinal(n: u32) -> String {
    match n {
        1 => "first".into(),
        2 => "2nd".into(),
        3 => "3rd".into(),
        n => format!("{n}th"),
    }
}
