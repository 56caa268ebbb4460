//! What a policy's `metric` and `breach` definitions ask of each lead, and
//! the agreement's reporting rules — compiled with the rest of the plan.
//!
//! A metric is computed over a population of leads, period by period (see
//! the `accord-report` crate). This module does the per-lead part, on the
//! evaluator's one code path: for each metric, whether the lead is in the
//! population, whether the share's condition holds (or the average's value),
//! the instant that places it in a period and its `per` key
//! ([`CompiledPolicy::evaluate_with_metrics`]). The definitions themselves
//! are public as [`MetricSpec`], [`BreachSpec`] and [`ReportingRules`], in
//! words ready for a report.

use crate::compile::Cx;
use crate::plan::*;
use crate::Decision;
use accord_records::{FieldType, FieldValue, Lead};
use accord_syntax::ast;
pub use accord_syntax::ast::PeriodKind;
use chrono::{DateTime, NaiveDate, Utc};

/// What a metric computes for each period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// `the number of … leads`
    Count,
    /// `the share of … leads where …` (a percentage, 0–100)
    Share,
    /// `the average <field or score> of … leads`
    Average,
}

/// A `metric` definition, in words.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MetricSpec {
    pub name: String,
    pub title: Option<String>,
    pub kind: MetricKind,
    /// The population's name (`mql`, `tier_one_mql`); `None` for all leads.
    pub population: Option<String>,
    /// The share's condition or the averaged value, as written.
    pub condition: Option<String>,
    pub period: PeriodKind,
    /// The timestamp (or date) field that places a lead in a period.
    pub instant: String,
    /// Whether [`MetricSpec::instant`] is the population's default (the
    /// metric does not say `by month of …`).
    pub instant_is_default: bool,
    /// `per owner_rep`: the field values are reported apart.
    pub per: Option<String>,
    /// The share's condition reads the `per` field itself (`where
    /// rejection_reason is present, per rejection_reason`): each key's share
    /// is then of the whole population, not of the leads with that key.
    pub per_in_condition: bool,
    /// The whole definition, whitespace collapsed.
    pub text: String,
    /// `file:line`.
    pub location: String,
}

impl MetricSpec {
    /// The population in words: `MQL leads`, `tier_one_mql leads`, `leads`.
    pub fn population_words(&self) -> String {
        match self.population.as_deref() {
            Some(p @ ("mql" | "sal" | "sql")) => format!("{} leads", p.to_uppercase()),
            Some(p) => format!("{p} leads"),
            None => "leads".to_string(),
        }
    }
    /// How a lead lands in a period, in words: `an MQL lead counts in the
    /// month of its mql_at (reporting zone America/Chicago)`.
    pub fn placement_words(&self, zone: &str) -> String {
        let who = match self.population.as_deref() {
            Some(p @ ("mql" | "sal" | "sql")) => format!("an {} lead", p.to_uppercase()),
            Some(p) => format!("a {p} lead"),
            None => "a lead".to_string(),
        };
        let default = if self.instant_is_default {
            ", by default"
        } else {
            ""
        };
        format!(
            "{who} counts in the {} of its {}{default} (reporting zone {zone})",
            period_noun(self.period),
            self.instant
        )
    }
}

/// `day`, `week`, `month`, `quarter`, `year`.
pub fn period_noun(p: PeriodKind) -> &'static str {
    p.noun()
}

/// A breach's test on its metric's value.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "op", content = "value")]
pub enum Comparison {
    AtLeast(f64),
    AtMost(f64),
    MoreThan(f64),
    LessThan(f64),
    Between(f64, f64),
}

impl Comparison {
    /// Whether a period's value trips the breach.
    pub fn holds(self, v: f64) -> bool {
        match self {
            Comparison::AtLeast(t) => v >= t,
            Comparison::AtMost(t) => v <= t,
            Comparison::MoreThan(t) => v > t,
            Comparison::LessThan(t) => v < t,
            Comparison::Between(a, b) => v >= a && v <= b,
        }
    }
    /// Whether the rule trips on low values (`below 90%`): its contributing
    /// leads are then the population's leads the condition missed.
    pub fn is_floor(self) -> bool {
        matches!(self, Comparison::AtMost(_) | Comparison::LessThan(_))
    }
    /// `is below 90%` (`unit` is `%` for shares, empty for counts).
    pub fn words(self, unit: &str) -> String {
        let n = |v: f64| format!("{}{unit}", crate::eval::Num(v));
        match self {
            Comparison::AtLeast(t) => format!("is at least {}", n(t)),
            Comparison::AtMost(t) => format!("is at most {}", n(t)),
            Comparison::MoreThan(t) => format!("is above {}", n(t)),
            Comparison::LessThan(t) => format!("is below {}", n(t)),
            Comparison::Between(a, b) => format!("is between {} and {}", n(a), n(b)),
        }
    }
}

/// A `breach` definition, in words.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct BreachSpec {
    pub name: String,
    pub title: Option<String>,
    /// Index into [`CompiledPolicy::metrics`].
    pub metric: usize,
    pub comparison: Comparison,
    /// `for 2 consecutive months`.
    pub consecutive: u32,
    pub period: PeriodKind,
    pub text: String,
    pub location: String,
}

/// The agreement's reporting rules (its header).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ReportingRules {
    /// `reporting zone "…"` (default UTC): periods are cut in this zone.
    #[serde(serialize_with = "zone_name")]
    pub zone: chrono_tz::Tz,
    /// `breaches escalate after 3 consecutive months without a corrective
    /// plan`.
    pub escalate_after: Option<(u32, PeriodKind)>,
    /// `breaches are identified within 3 business days of period end`, as
    /// written (`3 business days`).
    pub identified_within: Option<String>,
    #[serde(skip)]
    pub(crate) identified_within_dur: Option<Dur>,
}

fn zone_name<S: serde::Serializer>(z: &chrono_tz::Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(z.name())
}

impl Default for ReportingRules {
    fn default() -> Self {
        ReportingRules {
            zone: chrono_tz::UTC,
            escalate_after: None,
            identified_within: None,
            identified_within_dur: None,
        }
    }
}

/// Where a lead lands in time for one metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum LeadInstant {
    At(DateTime<Utc>),
    Day(NaiveDate),
}

impl LeadInstant {
    /// The local date in a zone (a date field is its own date).
    pub fn local_date(self, zone: chrono_tz::Tz) -> NaiveDate {
        match self {
            LeadInstant::At(t) => t.with_timezone(&zone).date_naive(),
            LeadInstant::Day(d) => d,
        }
    }
}

/// One lead's part in one metric.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MetricFact {
    /// In the metric's population (the denominator of a share).
    pub counted: bool,
    /// The share's condition holds (the numerator); `false` for counts and
    /// averages.
    pub hit: bool,
    /// The averaged value (averages only; `None` when missing).
    pub value: Option<f64>,
    /// The period instant; `None` when the field is missing (or not yet).
    pub instant: Option<LeadInstant>,
    /// The `per` field's value as text (`None` when missing or no `per`).
    pub key: Option<String>,
}

/// A metric's compiled parts (conditions by slot and index).
#[derive(Clone, Debug)]
pub(crate) struct MetricPlan {
    pub population: Option<Cond>,
    pub share: Option<Cond>,
    pub average: Option<Subject>,
    pub instant: Option<usize>,
    pub per: Option<usize>,
}

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
        let instant = self.schema.slot(&instant_name);
        if instant.is_none() {
            self.error(m.period.span, format!("unknown field `{instant_name}`"));
            return None;
        }
        let per = match &m.per {
            Some(id) => match self.schema.slot(&id.name) {
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

impl CompiledPolicy {
    /// The policy's metrics, in policy order.
    pub fn metrics(&self) -> &[MetricSpec] {
        &self.metric_specs
    }
    /// The policy's breaches, in policy order.
    pub fn breaches(&self) -> &[BreachSpec] {
        &self.breaches
    }
    /// Names of the scores, in policy order (as in a decision's `scores`).
    pub fn scores_names(&self) -> Vec<String> {
        self.scores.iter().map(|s| s.name.clone()).collect()
    }
    /// The agreement's reporting rules.
    pub fn reporting(&self) -> &ReportingRules {
        &self.reporting
    }
    /// When a breach of a period ending at `period_end` must be identified
    /// by (`breaches are identified within …`): business days count on the
    /// policy's first calendar, read in the reporting zone. `None` when the
    /// agreement sets no deadline.
    pub fn identification_due(&self, period_end: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let dur = self.reporting.identified_within_dur?;
        match (dur, self.calendars.first()) {
            (Dur::BusinessDays(d), Some(cal)) => {
                cal.calendar
                    .add_business_days(period_end, self.reporting.zone, d)
            }
            (Dur::BusinessSecs(s), Some(cal)) => {
                cal.calendar
                    .add_business_seconds(period_end, self.reporting.zone, s)
            }
            (d, _) => d.add_plain(period_end),
        }
    }

    /// Evaluates one lead (as [`CompiledPolicy::evaluate`], without an
    /// explanation) and, on the same evaluation, its part in every metric,
    /// in [`CompiledPolicy::metrics`] order.
    pub fn evaluate_with_metrics(
        &self,
        lead: &Lead,
        as_of: DateTime<Utc>,
    ) -> (Decision, Vec<MetricFact>) {
        let mut facts = Vec::new();
        let decision = self.evaluate_inner(lead, as_of, false, |ev| {
            facts = self
                .metric_plans
                .iter()
                .map(|m| ev.metric_fact(m))
                .collect();
        });
        (decision, facts)
    }
}

impl<'p> crate::eval::Ev<'p> {
    fn metric_fact(&mut self, m: &'p MetricPlan) -> MetricFact {
        let counted = match &m.population {
            Some(c) => self.cond(c, None),
            None => true,
        };
        let hit = counted && m.share.as_ref().is_some_and(|c| self.cond(c, None));
        let value = match (&m.average, counted) {
            (Some(s), true) => self.number(s),
            _ => None,
        };
        let instant = m.instant.and_then(|s| match self.field(s) {
            FieldValue::Timestamp(t) => Some(LeadInstant::At(*t)),
            FieldValue::Date(d) => Some(LeadInstant::Day(*d)),
            _ => None,
        });
        let key = m.per.and_then(|s| match self.field(s) {
            FieldValue::Missing => None,
            FieldValue::Text(t) => Some(t.to_string()),
            v => Some(v.to_string()),
        });
        MetricFact {
            counted,
            hit,
            value,
            instant,
            key,
        }
    }
}
