//! Lowering of the operational blocks: SLAs, persistence, rejection
//! reasons, recycling, handoff, metrics and breaches.

use super::grammar::Rule;
use super::lower::{Lowerer, APPLIES_ONCE};
use super::tree::{find, find_all, first_non_kw, has, P};
use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::span::Span;

/// Helps for a line a block takes once ([`Lowerer::first_time`]).
const SPAN_ONCE: &str =
    "an SLA measures one clock: keep one `from … to …` line (a second clock is a second SLA)";
const FROM_ONCE: &str = "persistence counts from one instant: keep one `from …` line";

impl Lowerer<'_> {
    pub(crate) fn tier_ref(&self, p: &P<'_>) -> Option<(u32, Span)> {
        find(p, Rule::tier_ref)
            .and_then(|t| find(&t, Rule::int))
            .map(|n| (self.int(&n), self.span(&n)))
    }

    pub(crate) fn instant(&mut self, p: &P<'_>) -> Option<InstantExpr> {
        if let Some(nth) = find(p, Rule::nth_event) {
            let ordinal = find(&nth, Rule::ordinal)?;
            let n = match ordinal.as_str() {
                "first" => 1,
                "second" => 2,
                "third" => 3,
                "fourth" => 4,
                "fifth" => 5,
                _ => self.int(&ordinal),
            };
            let mut pattern = self.event_body(&find(&nth, Rule::event_body)?);
            pattern.span = self.span(&nth);
            return Some(InstantExpr::NthEvent {
                n,
                pattern,
                span: self.span(&nth),
            });
        }
        find(p, Rule::name).map(|n| InstantExpr::Field(self.ident(&n)))
    }

    /// The condition of an `applies when <condition>` line (the one rule
    /// SLAs, persistence and handoff share).
    fn applies_line(&mut self, line: &P<'_>) -> Option<Condition> {
        find(line, Rule::condition).map(|x| self.condition(&x))
    }

    pub(crate) fn sla(&mut self, p: &P<'_>) -> Option<Sla> {
        let name = self.ident(&find(p, Rule::name)?);
        let (mut start, mut stop, mut calendar, mut applies) = (None, None, None, None);
        let (mut limits, mut after_hours) = (Vec::new(), Vec::new());
        let (mut span_at, mut applies_at) = (None, None);
        for (_, line) in self.lines(p, Rule::sla_line) {
            let Some(c) = line.clone().into_inner().next() else {
                continue;
            };
            match c.as_rule() {
                Rule::sla_span
                    if !self.first_time(&mut span_at, &c, "`from … to …`", SPAN_ONCE) => {}
                Rule::sla_span => {
                    let instants = find_all(&c, Rule::instant);
                    start = instants.first().and_then(|i| self.instant(i));
                    stop = instants.get(1).and_then(|i| self.instant(i));
                    calendar = find(&c, Rule::counted)
                        .and_then(|k| find(&k, Rule::name))
                        .map(|n| self.ident(&n));
                }
                Rule::applies_line
                    if self.first_time(&mut applies_at, &c, "`applies when`", APPLIES_ONCE) =>
                {
                    applies = self.applies_line(&c);
                }
                Rule::sla_limits => {
                    for limit in find_all(&c, Rule::sla_limit) {
                        let Some(d) = find(&limit, Rule::duration) else {
                            continue;
                        };
                        limits.push(SlaLimit {
                            tier: self.tier_ref(&limit),
                            within: self.duration(&d),
                            span: self.span(&limit),
                        });
                    }
                }
                Rule::sla_after_hours => {
                    let Some(t) = find(&c, Rule::time) else {
                        continue;
                    };
                    after_hours.push(AfterHoursRule {
                        tier: self.tier_ref(&c),
                        by: self.time_of_day(&t),
                        span: self.span(&c),
                    });
                }
                _ => {}
            }
        }
        let span = self.span(p);
        let (Some(start), Some(stop)) = (start, stop) else {
            self.diagnostics.push(
                Diagnostic::error("accord::syntax::sla-span", name.span, "this SLA does not say when its clock starts and stops")
                    .with_label("no `from … to …` line")
                    .with_help("add a line such as `from routed_at to the first attempt, counted in sales_hours`"),
            );
            return None;
        };
        Some(Sla {
            name,
            title: self.title(p),
            start,
            stop,
            calendar,
            applies,
            limits,
            after_hours,
            span,
        })
    }

    pub(crate) fn persistence(&mut self, p: &P<'_>) -> Persistence {
        let (mut start, mut calendar, mut applies, mut rules) = (None, None, None, Vec::new());
        let (mut from_at, mut applies_at) = (None, None);
        for (_, line) in self.lines(p, Rule::pers_line) {
            let Some(c) = line.clone().into_inner().next() else {
                continue;
            };
            if c.as_rule() == Rule::pers_from {
                if !self.first_time(&mut from_at, &c, "`from …`", FROM_ONCE) {
                    continue;
                }
                start = find(&c, Rule::name).map(|n| self.ident(&n));
                calendar = find(&c, Rule::counted)
                    .and_then(|k| find(&k, Rule::name))
                    .map(|n| self.ident(&n));
                continue;
            }
            if c.as_rule() == Rule::applies_line {
                if self.first_time(&mut applies_at, &c, "`applies when`", APPLIES_ONCE) {
                    applies = self.applies_line(&c);
                }
                continue;
            }
            let Some(r) = first_non_kw(&c).filter(|r| r.as_rule() != Rule::pers_when) else {
                continue;
            };
            let mut pattern = self.event_body(&r);
            pattern.span = self.span(&r);
            let days = || {
                find(&r, Rule::pers_days)
                    .and_then(|d| find(&d, Rule::int))
                    .map(|n| self.int(&n))
            };
            let kind = match r.as_rule() {
                Rule::pers_per_day => PersistenceRuleKind::PerDayMax {
                    at_most: find(&r, Rule::int).map(|n| self.int(&n)).unwrap_or(0),
                    pattern,
                },
                Rule::pers_distinct => PersistenceRuleKind::DistinctDays {
                    at_least: days().unwrap_or(0),
                    pattern,
                },
                _ => {
                    pattern.quantity = find(&r, Rule::quantity)
                        .map(|q| self.quantity(&q))
                        .unwrap_or(Quantity::Some);
                    PersistenceRuleKind::Count {
                        within: find(&r, Rule::pers_within)
                            .and_then(|w| find(&w, Rule::duration))
                            .map(|d| self.duration(&d)),
                        distinct_days: days(),
                        pattern,
                    }
                }
            };
            let when = find(&c, Rule::pers_when)
                .and_then(|w| find(&w, Rule::condition))
                .map(|x| self.condition(&x));
            rules.push(PersistenceRule {
                kind,
                when,
                span: self.span(&c),
            });
        }
        Persistence {
            title: self.title(p),
            start,
            calendar,
            applies,
            rules,
            span: self.span(p),
        }
    }

    pub(crate) fn rejections(&mut self, p: &P<'_>) -> RejectionReasons {
        let mut reasons = Vec::new();
        for (_, line) in self.lines(p, Rule::reason_line) {
            let Some(code) = find(&line, Rule::name) else {
                continue;
            };
            let disposition = find_all(&line, Rule::disposition)
                .iter()
                .filter_map(|d| self.disposition(d))
                .collect();
            reasons.push(Reason {
                code: self.ident(&code),
                label: self.title(&line),
                disposition,
                span: self.span(&line),
            });
        }
        RejectionReasons {
            title: self.title(p),
            reasons,
            span: self.span(p),
        }
    }

    pub(crate) fn disposition(&mut self, p: &P<'_>) -> Option<DispositionStep> {
        let d = p.clone().into_inner().next()?;
        let kind = match d.as_rule() {
            Rule::d_archive => DispositionKind::Archive,
            Rule::d_never => DispositionKind::NeverRecycled,
            Rule::d_nurture => DispositionKind::Nurture {
                track: self.string(&find(&d, Rule::string)?),
                duration: find(&d, Rule::duration).map(|x| self.duration(&x)),
            },
            Rule::d_reroute => DispositionKind::ReRoute,
            Rule::d_enrich => DispositionKind::Enrich,
            Rule::d_route => DispositionKind::RouteTo(self.string(&find(&d, Rule::string)?)),
            _ => {
                let requirement = find(&d, Rule::reentry_req).and_then(|r| {
                    if has(&r, Rule::re_new_trigger) {
                        Some(ReEntryRequirement::NewTrigger)
                    } else if let Some(c) = find(&r, Rule::re_changed) {
                        find(&c, Rule::name)
                            .map(|n| ReEntryRequirement::DefinitionChanged(self.ident(&n)))
                    } else if let Some(e) = find(&r, Rule::event_cond) {
                        Some(ReEntryRequirement::NewEvent(self.event_cond(&e)))
                    } else {
                        find(&r, Rule::condition)
                            .map(|c| ReEntryRequirement::When(self.condition(&c)))
                    }
                });
                DispositionKind::ReEnter {
                    after: find(&d, Rule::duration).map(|x| self.duration(&x)),
                    requirement,
                }
            }
        };
        Some(DispositionStep {
            kind,
            span: self.span(&d),
        })
    }

    pub(crate) fn recycling(&mut self, p: &P<'_>) -> Recycling {
        let mut clauses = Vec::new();
        for (_, line) in self.lines(p, Rule::recycling_line) {
            let Some(c) = line.clone().into_inner().next() else {
                continue;
            };
            let name = find(&c, Rule::name).map(|n| self.ident(&n));
            let kind = match (c.as_rule(), name) {
                (Rule::r_reason, Some(n)) => RecyclingClauseKind::ReasonField(n),
                (Rule::r_rejected_at, Some(n)) => RecyclingClauseKind::RejectedAtField(n),
                (Rule::r_count, Some(n)) => RecyclingClauseKind::RecycleCountField(n),
                (Rule::r_cooling, _) => {
                    let Some(default) = find(&c, Rule::duration).map(|d| self.duration(&d)) else {
                        continue;
                    };
                    let overrides = find_all(&c, Rule::r_override)
                        .iter()
                        .filter_map(|o| {
                            Some((
                                self.ident(&find(o, Rule::name)?),
                                self.duration(&find(o, Rule::duration)?),
                            ))
                        })
                        .collect();
                    RecyclingClauseKind::CoolingOff { default, overrides }
                }
                (Rule::r_new_trigger, _) => RecyclingClauseKind::NewTriggerRequired,
                (Rule::r_review, _) => RecyclingClauseKind::HumanReviewAfter(
                    find(&c, Rule::int).map(|n| self.int(&n)).unwrap_or(0),
                ),
                (Rule::r_nurture, _) => match find(&c, Rule::duration) {
                    Some(d) => RecyclingClauseKind::NurturePlacementWithin(self.duration(&d)),
                    None => continue,
                },
                _ => continue,
            };
            clauses.push(RecyclingClause {
                kind,
                span: self.span(&c),
            });
        }
        Recycling {
            title: self.title(p),
            clauses,
            span: self.span(p),
        }
    }

    pub(crate) fn handoff(&mut self, p: &P<'_>) -> Handoff {
        let (mut required, mut preferred, mut applies) = (Vec::new(), Vec::new(), None);
        let mut applies_at = None;
        for (_, line) in self.lines(p, Rule::handoff_line) {
            if let Some(a) = find(&line, Rule::applies_line) {
                if self.first_time(&mut applies_at, &a, "`applies when`", APPLIES_ONCE) {
                    applies = self.applies_line(&a);
                }
                continue;
            }
            let items: Vec<HandoffItem> = find_all(&line, Rule::handoff_item)
                .iter()
                .filter_map(|i| {
                    if let Some(e) = find(i, Rule::event_cond) {
                        Some(HandoffItem::Events(self.event_cond(&e)))
                    } else if let Some(c) = find(i, Rule::compare) {
                        Some(HandoffItem::Condition(self.compare(&c)))
                    } else {
                        find(i, Rule::name).map(|n| HandoffItem::Field(self.ident(&n)))
                    }
                })
                .collect();
            if has(&line, Rule::h_prefers) {
                preferred.extend(items);
            } else {
                required.extend(items);
            }
        }
        Handoff {
            title: self.title(p),
            applies,
            required,
            preferred,
            span: self.span(p),
        }
    }

    pub(crate) fn metric(&mut self, p: &P<'_>) -> Option<Metric> {
        let name = self.ident(&find(p, Rule::name)?);
        let (aggregate, population_pair) = if let Some(m) = find(p, Rule::m_count) {
            (Aggregate::Count, find(&m, Rule::population))
        } else if let Some(m) = find(p, Rule::m_share) {
            (
                Aggregate::Share(self.condition(&find(&m, Rule::condition)?)),
                find(&m, Rule::population),
            )
        } else {
            let m = find(p, Rule::m_average)?;
            (
                Aggregate::Average(self.operand(&find(&m, Rule::operand)?)),
                find(&m, Rule::population),
            )
        };
        let population = population_pair
            .and_then(|pop| find(&pop, Rule::name))
            .map(|n| {
                let id = self.ident(&n);
                Condition {
                    span: id.span,
                    kind: ConditionKind::Ref(id),
                }
            });
        let period = find(p, Rule::m_period)?;
        Some(Metric {
            name,
            title: self.title(p),
            aggregate,
            population,
            period: self.period(&find(&period, Rule::period)?),
            instant: find(&period, Rule::name).map(|n| self.ident(&n)),
            per: find(p, Rule::m_per)
                .and_then(|m| find(&m, Rule::name))
                .map(|n| self.ident(&n)),
            span: self.span(p),
        })
    }

    pub(crate) fn breach(&mut self, p: &P<'_>) -> Option<Breach> {
        let names = find_all(p, Rule::name);
        Some(Breach {
            name: self.ident(names.first()?),
            title: self.title(p),
            metric: self.ident(names.get(1)?),
            test: self.test(&find(p, Rule::test)?),
            consecutive: find(p, Rule::int).map(|n| self.int(&n)).unwrap_or(0),
            period: self.period(&find(p, Rule::period)?),
            span: self.span(p),
        })
    }

    pub(crate) fn drift(&mut self, p: &P<'_>) -> Option<Drift> {
        let names = find_all(p, Rule::name);
        let threshold = self.value(&find(p, Rule::value)?);
        self.require_percent(&threshold, "a drift threshold");
        Some(Drift {
            name: self.ident(names.first()?),
            title: self.title(p),
            metric: self.ident(names.get(1)?),
            threshold,
            span: self.span(p),
        })
    }
}
