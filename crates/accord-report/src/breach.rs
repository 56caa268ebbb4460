//! Breach runs: for each `breach`, every run of consecutive periods in
//! which its metric's value trips the rule, at least as long as the rule's
//! `for N consecutive …`; per key when the metric says `per …`.
//!
//! Each run names its periods (value against the threshold), the period in
//! which the breach tripped (the N-th), the contributing leads — the
//! numerator's leads, or for a floor rule (`is below 90%`) the population's
//! leads that missed — and its review status (seed 003 §4.2): the
//! corrective plan recorded for it, *late* when it was not identified
//! within the agreement's `breaches are identified within …` after the end
//! of the period that tripped it, *escalated* when it ran on for the
//! agreement's `breaches escalate after …` with no plan in place.
//!
//! A partial period (see [`crate::PeriodValue::partial`]) never trips a
//! breach: it breaks a run, and the reports mark it.

use crate::period::{local_midnight, periods_after, Period};
use crate::plans::{Plan, Plans};
use crate::{Cell, LeadRef, MetricSeries};
use accord_eval::metrics::{BreachSpec, MetricKind};
use accord_eval::CompiledPolicy;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// One period of a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunPeriod {
    pub period: String,
    pub value: Option<f64>,
    pub numerator: f64,
    pub denominator: u64,
}

/// A run of periods that tripped a breach.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreachRun {
    /// The `per` key the run is about (`None`: all leads).
    pub key: Option<String>,
    pub periods: Vec<RunPeriod>,
    /// The period in which the breach tripped (the N-th of the run).
    pub tripped: String,
    /// The run reaches the report's last period (it may go on).
    pub ongoing: bool,
    /// Contributing leads over the whole run, in input order.
    pub leads: Vec<LeadRef>,
    /// The corrective plan recorded for the run (the earliest), if any.
    pub plan: Option<Plan>,
    /// When the breach had to be identified by (agreement rule), if any.
    pub identify_by: Option<DateTime<Utc>>,
    /// Identified after [`BreachRun::identify_by`] (by the plan's
    /// `identified` or `plan_date`; with no plan, when the deadline is
    /// before the report's as-of).
    pub late: bool,
    /// The period in which the run reached the escalation length, if it did.
    pub escalation_period: Option<String>,
    /// Reached the escalation length with no corrective plan in place.
    pub escalated: bool,
}

/// One breach and its runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreachReport {
    pub spec: BreachSpec,
    pub metric: String,
    /// The rule in words: `rejection_rate is above 30% for 2 consecutive months`.
    pub rule: String,
    pub runs: Vec<BreachRun>,
}

/// The rule of a breach in words: `rejection_rate is above 30% for 2
/// consecutive months`.
pub fn rule_words(b: &BreachSpec, metric: &MetricSeries) -> String {
    let unit = if metric.spec.kind == MetricKind::Share {
        "%"
    } else {
        ""
    };
    let noun = b.period.noun();
    let s = if b.consecutive == 1 { "" } else { "s" };
    format!(
        "{} {} for {} consecutive {noun}{s}",
        metric.spec.name,
        b.comparison.words(unit),
        b.consecutive
    )
}

/// Every run of every breach.
pub(crate) fn find(
    policy: &CompiledPolicy,
    metrics: &[MetricSeries],
    cells: &[BTreeMap<(Option<String>, Period), Cell>],
    leads: &[LeadRef],
    plans: &Plans,
    as_of: DateTime<Utc>,
) -> Vec<BreachReport> {
    let mut out = Vec::new();
    for spec in policy.breaches() {
        let (Some(metric), Some(cells)) = (metrics.get(spec.metric), cells.get(spec.metric)) else {
            continue;
        };
        let mut keys: Vec<Option<String>> = vec![None];
        keys.extend(metric.by_key.iter().map(|k| Some(k.key.clone())));
        let mut runs = Vec::new();
        for key in keys {
            let series = metric.series(key.as_deref());
            let mut i = 0;
            while i < series.len() {
                // A partial period (the report covers part of it, or it is
                // not over yet) never counts toward a breach.
                let trips = |j: usize| {
                    series
                        .get(j)
                        .filter(|v| v.partial.is_none())
                        .and_then(|v| v.value)
                        .is_some_and(|v| spec.comparison.holds(v))
                };
                if !trips(i) {
                    i += 1;
                    continue;
                }
                let mut end = i;
                while trips(end + 1) {
                    end += 1;
                }
                if end + 1 - i >= spec.consecutive as usize {
                    let ctx = RunCtx {
                        policy,
                        spec,
                        metric,
                        cells,
                        leads,
                        plans,
                        as_of,
                    };
                    runs.push(ctx.run(key.clone(), i, end));
                }
                i = end + 1;
            }
        }
        out.push(BreachReport {
            spec: spec.clone(),
            metric: metric.spec.name.clone(),
            rule: rule_words(spec, metric),
            runs,
        });
    }
    out
}

/// What building one run reads.
struct RunCtx<'a> {
    policy: &'a CompiledPolicy,
    spec: &'a BreachSpec,
    metric: &'a MetricSeries,
    cells: &'a BTreeMap<(Option<String>, Period), Cell>,
    leads: &'a [LeadRef],
    plans: &'a Plans,
    as_of: DateTime<Utc>,
}

impl RunCtx<'_> {
    fn run(&self, key: Option<String>, first: usize, last: usize) -> BreachRun {
        let series = self.metric.series(key.as_deref());
        let kind = self.metric.spec.period;
        let zone = self.policy.reporting().zone;
        let window = series.get(first..=last).unwrap_or(&[]);
        let periods_of: Vec<Period> = window
            .iter()
            .map(|v| Period {
                kind,
                start: v.start,
            })
            .collect();
        // Contributing leads.
        let floor = self.spec.comparison.is_floor() && self.metric.spec.kind == MetricKind::Share;
        let mut idx: Vec<u32> = Vec::new();
        for p in &periods_of {
            if let Some(c) = self.cells.get(&(key.clone(), *p)) {
                idx.extend(if floor { &c.misses } else { &c.hits });
            }
        }
        idx.sort_unstable();
        idx.dedup();
        let leads = idx
            .into_iter()
            .filter_map(|i| self.leads.get(i as usize).cloned())
            .collect();
        let tripped_at = periods_of
            .get(self.spec.consecutive.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(Period {
                kind,
                start: NaiveDate::MIN,
            });
        // Plans recorded for any period of the run; the earliest shown.
        let run_plans: Vec<&Plan> = self
            .plans
            .plans
            .iter()
            .filter(|p| p.breach == self.spec.name && periods_of.iter().any(|r| r.start == p.start))
            .collect();
        let plan = run_plans
            .iter()
            .min_by_key(|p| p.plan_date)
            .map(|p| (*p).clone());
        let identify_by = self.policy.identification_due(tripped_at.end(zone));
        let late = match (identify_by, &plan) {
            (None, _) => false,
            (Some(due), Some(p)) => local_midnight(p.identified.unwrap_or(p.plan_date), zone) > due,
            (Some(due), None) => self.as_of > due,
        };
        let escalation_at = self.policy.reporting().escalate_after.and_then(|(n, per)| {
            // The run must last `n` periods of the escalation's kind (days
            // or weeks too), counted from its first period.
            let start = periods_of.first()?.start;
            let reach = periods_after(per, start, n)?;
            periods_of.iter().find(|p| p.next().start >= reach).copied()
        });
        let escalated = escalation_at.is_some_and(|e| {
            let in_place_by = self
                .policy
                .identification_due(e.end(zone))
                .unwrap_or_else(|| e.end(zone));
            !run_plans
                .iter()
                .any(|p| p.start <= e.start && local_midnight(p.plan_date, zone) <= in_place_by)
        });
        BreachRun {
            key,
            periods: window
                .iter()
                .map(|v| RunPeriod {
                    period: v.period.clone(),
                    value: v.value,
                    numerator: v.numerator,
                    denominator: v.denominator,
                })
                .collect(),
            tripped: tripped_at.label(),
            ongoing: last + 1 == series.len(),
            leads,
            plan,
            identify_by,
            late,
            escalation_period: escalation_at.map(Period::label),
            escalated,
        }
    }
}
