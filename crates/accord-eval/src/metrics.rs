//! A policy's `metric` and `breach` definitions and the agreement's
//! reporting rules, in words ready for a report ([`MetricSpec`],
//! [`BreachSpec`], [`ReportingRules`]), and one lead's part in a metric
//! ([`MetricFact`]).
//!
//! A metric is computed over a population of leads, period by period (see
//! the `accord-report` crate). The definitions are lowered with the rest of
//! the plan (`compile/metric.rs`); the per-lead part is read on the
//! evaluator's one code path (`eval/metric.rs`,
//! [`crate::CompiledPolicy::evaluate_with_metrics`]).

use crate::dur::Dur;
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
            self.period.noun(),
            self.instant
        )
    }
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
        let n = |v: f64| format!("{}{unit}", crate::show::Num(v));
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
    /// Index into [`crate::CompiledPolicy::metrics`].
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
