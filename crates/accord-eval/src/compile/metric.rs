//! Lowering a policy's `metric` and `breach` definitions and its agreement
//! clauses (the reporting rules) into the plan: a [`MetricSpec`] in words
//! for reports and a [`MetricPlan`] by slot for the evaluator.

use super::Cx;
use crate::metrics::*;
use crate::plan::*;
use accord_records::FieldType;
use accord_syntax::ast;

impl Cx<'_> {
    /// Lowers a metric: its spec and its plan.
    pub(crate) fn metric(&mut self, m: &ast::Metric) -> Option<(MetricSpec, MetricPlan)> {
        let population = match &m.population {
            Some(c) => Some(self.cond(c)?),
            None => None,
        };
        let (kind, share, average, condition) = match &m.aggregate {
            ast::Aggregate::Count => (MetricKind::Count, None, None, None),
            ast::Aggregate::Share(c) => (
                MetricKind::Share,
                Some(self.cond(c)?),
                None,
                Some(self.text(c.span)),
            ),
            ast::Aggregate::Average(op) => (
                MetricKind::Average,
                None,
                Some(self.subject(op)?.0),
                Some(self.text(op.span())),
            ),
        };
        let (instant_name, instant_is_default) = match &m.instant {
            Some(id) => (id.name.clone(), false),
            None => {
                let candidates = ast::default_period_instant(m.population.as_ref());
                let found = candidates.iter().find(|c| {
                    self.schema
                        .field(c)
                        .is_some_and(|f| matches!(f.ty, FieldType::Timestamp | FieldType::Date))
                });
                match found {
                    Some(c) => ((*c).to_string(), true),
                    None => {
                        self.error(
                            m.period.span,
                            format!(
                                "nothing says which period a lead of {} counts in",
                                m.name.name
                            ),
                        );
                        return None;
                    }
                }
            }
        };
        let instant = self.slot(&instant_name);
        if instant.is_none() {
            self.error(m.period.span, format!("unknown field `{instant_name}`"));
            return None;
        }
        let per = match &m.per {
            Some(id) => match self.slot(&id.name) {
                Some(s) => Some(s),
                None => {
                    self.error(id.span, format!("unknown field `{}`", id.name));
                    return None;
                }
            },
            None => None,
        };
        let location = self.location(m.span);
        let population_name = match m.population.as_ref().map(|c| &c.kind) {
            Some(ast::ConditionKind::Ref(id)) => Some(id.name.clone()),
            _ => None,
        };
        Some((
            MetricSpec {
                name: m.name.name.clone(),
                title: m.title.as_ref().map(|t| t.value.clone()),
                kind,
                population: population_name,
                condition,
                period: m.period.kind,
                instant: instant_name,
                instant_is_default,
                per: m.per.as_ref().map(|p| p.name.clone()),
                per_in_condition: match (&m.aggregate, &m.per) {
                    (ast::Aggregate::Share(c), Some(per)) => mentions(c, &per.name),
                    _ => false,
                },
                text: self.text(m.span),
                location,
            },
            MetricPlan {
                population,
                share,
                average,
                instant,
                per,
            },
        ))
    }

    /// Lowers a breach over one of `metrics`.
    pub(crate) fn breach(&mut self, b: &ast::Breach, metrics: &[MetricSpec]) -> Option<BreachSpec> {
        let Some(metric) = metrics.iter().position(|m| m.name == b.metric.name) else {
            self.error(
                b.metric.span,
                format!("no metric is named `{}`", b.metric.name),
            );
            return None;
        };
        let num = |v: &ast::Value| match v.kind {
            ast::ValueKind::Number(n) | ast::ValueKind::Percent(n) => Some(n),
            _ => None,
        };
        let comparison = match &b.test.kind {
            ast::TestKind::AtLeast(v) => num(v).map(Comparison::AtLeast),
            ast::TestKind::AtMost(v) => num(v).map(Comparison::AtMost),
            ast::TestKind::MoreThan(v) => num(v).map(Comparison::MoreThan),
            ast::TestKind::LessThan(v) => num(v).map(Comparison::LessThan),
            ast::TestKind::Between(a, c) => {
                num(a).zip(num(c)).map(|(a, c)| Comparison::Between(a, c))
            }
            _ => None,
        };
        let Some(comparison) = comparison else {
            self.error(b.test.span, "a breach compares its metric with a number");
            return None;
        };
        Some(BreachSpec {
            name: b.name.name.clone(),
            title: b.title.as_ref().map(|t| t.value.clone()),
            metric,
            comparison,
            consecutive: b.consecutive.max(1),
            period: b.period.kind,
            text: self.text(b.span),
            location: self.location(b.span),
        })
    }

    /// The agreement header's reporting rules.
    pub(crate) fn reporting(&mut self, a: &ast::Agreement, calendar: bool) -> ReportingRules {
        let mut rules = ReportingRules::default();
        for c in &a.clauses {
            match &c.kind {
                ast::AgreementClauseKind::ReportingZone(z) => match z.value.parse() {
                    Ok(tz) => rules.zone = tz,
                    Err(_) => self.error(z.span, format!("unknown time zone \"{}\"", z.value)),
                },
                ast::AgreementClauseKind::EscalateAfter { count, period } => {
                    rules.escalate_after = Some(((*count).max(1), period.kind));
                }
                ast::AgreementClauseKind::IdentifiedWithin(d) => {
                    rules.identified_within = Some(self.text(d.span));
                    rules.identified_within_dur = Some(self.dur_in(d, calendar && d.business));
                }
                _ => {}
            }
        }
        rules
    }
}

/// Whether a condition reads a field of the lead by name.
fn mentions(c: &ast::Condition, field: &str) -> bool {
    match &c.kind {
        ast::ConditionKind::All(items) | ast::ConditionKind::Any(items) => {
            items.iter().any(|c| mentions(c, field))
        }
        ast::ConditionKind::Not(inner) => mentions(inner, field),
        ast::ConditionKind::Ref(id) => id.name == field,
        ast::ConditionKind::Compare { subject, .. } => match subject {
            ast::Operand::Name(id) | ast::Operand::DomainOf(id, _) => id.name == field,
        },
        _ => false,
    }
}
