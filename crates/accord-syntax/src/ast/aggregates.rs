//! Aggregates over many leads: metrics (shares and counts by period),
//! breaches (a metric past a bound for consecutive periods) and drift
//! (a metric changing between versions).

use super::{Condition, ConditionKind, Ident, Operand, Period, Str, Test, Value};
use crate::span::Span;
use serde::Serialize;

/// ```text
/// metric rejection_rate "MQL rejection rate":
///   the share of mql leads where rejection_reason is present, by month
/// metric mql_volume "Monthly MQL volume": the number of mql leads, by month
/// metric rejection_rate_by_reason: the share of mql leads where rejection_reason is present, by month, per rejection_reason
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metric {
    pub name: Ident,
    pub title: Option<Str>,
    pub aggregate: Aggregate,
    /// `mql leads` → Some(Ref(mql)); `leads` → None.
    pub population: Option<Condition>,
    pub period: Period,
    /// `by month of mql_at`: the timestamp (or date) field that places a
    /// lead in a period. Without it, a lead lands in the period of its
    /// population's own instant ([`default_period_instant`]).
    pub instant: Option<Ident>,
    /// `per rejection_reason`
    pub per: Option<Ident>,
    pub span: Span,
}

/// The field a metric's lead lands in a period by, when the metric does not
/// say (`by month of …`): a stage population counts in the period the lead
/// reached that stage (`mql` → `mql_at`, `sal` → `sal_at`, else
/// `accepted_at`, `sql` → `sql_at`); any other population in the period it
/// was created (`created_at`). The first candidate the schema declares wins;
/// the checker refuses a metric none of whose candidates exist.
pub fn default_period_instant(population: Option<&Condition>) -> &'static [&'static str] {
    let stage = match population.map(|c| &c.kind) {
        Some(ConditionKind::Ref(id)) => id.name.as_str(),
        _ => "",
    };
    match stage {
        "mql" => &["mql_at"],
        "sal" => &["sal_at", "accepted_at"],
        "sql" => &["sql_at"],
        _ => &["created_at"],
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Aggregate {
    /// `the number of … leads`
    Count,
    /// `the share of … leads where <condition>` (a percentage)
    Share(Condition),
    /// `the average lead_score of … leads`
    Average(Operand),
}

/// ```text
/// breach response_rate "Response rate (SLA 4.1)":
///   response_within_sla is below 90% for 2 consecutive weeks
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Breach {
    pub name: Ident,
    pub title: Option<Str>,
    pub metric: Ident,
    pub test: Test,
    pub consecutive: u32,
    pub period: Period,
    pub span: Span,
}

/// `drift mql_volume_shift "Scoring change review": mql_volume changes by more than 15% between versions`
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Drift {
    pub name: Ident,
    pub title: Option<Str>,
    pub metric: Ident,
    pub threshold: Value,
    pub span: Span,
}
