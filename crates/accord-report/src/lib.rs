//! Population reports: every `metric` and `breach` a policy declares,
//! computed over many leads' decisions, period by period.
//!
//! The evaluator decides each lead and, on the same evaluation, its part in
//! every metric ([`accord_eval::CompiledPolicy::evaluate_with_metrics`]:
//! in the population or not, condition met or not, the instant that places
//! it in a period, its `per` key). This crate sums those facts:
//!
//! - [`Collector`] takes one [`LeadFacts`] per lead and yields a [`Report`]:
//!   each metric's value per period (numerator and denominator shown; a
//!   period with no leads is there, at 0, and a share over 0 leads is "no
//!   leads", never 0%), split per key when the metric says `per …`;
//! - [`breach`] finds every run of periods that tripped each breach, with
//!   the contributing leads, and its status against the corrective plans
//!   ([`plans`]) and the agreement's review rules (escalated, late);
//! - [`compute_metric`] is the small stable entry point for one metric over
//!   a set of leads (used to compare policy versions).
//!
//! Periods ([`period`]) are cut in the agreement's reporting zone. The
//! HTML page of a report, and of a backtest, is [`html`]'s.

pub mod backtest;
pub mod breach;
pub mod html;
pub mod period;
pub mod plans;
pub mod render;

use accord_eval::metrics::{LeadInstant, MetricFact, MetricKind, MetricSpec};
use accord_eval::CompiledPolicy;
use accord_records::Lead;
use chrono::{DateTime, NaiveDate, Utc};
pub use period::Period;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the report needs from one lead: its id and record, its part in
/// every metric (policy order) and its rejection, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadFacts {
    pub id: String,
    /// 1-based record number in the input.
    pub record: usize,
    pub metrics: Vec<MetricFact>,
    /// Rejection reason code and the instant of the rejection.
    pub rejection: Option<(String, Option<DateTime<Utc>>)>,
}

impl LeadFacts {
    /// Evaluates a lead as of an instant and keeps what reports need.
    pub fn evaluate(policy: &CompiledPolicy, lead: &Lead, as_of: DateTime<Utc>) -> LeadFacts {
        let (decision, metrics) = policy.evaluate_with_metrics(lead, as_of);
        let field = |name: &str| policy.schema().slot(name).and_then(|s| lead.values.get(s));
        let rejected_at = field("rejected_at")
            .and_then(|v| v.as_timestamp())
            .filter(|t| *t <= as_of);
        // The recycling block's reading of the rejection, else the
        // `rejection_reason` field as it is.
        let reason = decision
            .recycling
            .map(|r| r.reason.to_string())
            .or_else(|| {
                rejected_at?;
                field("rejection_reason")?.as_text().map(str::to_string)
            });
        LeadFacts {
            id: lead.id.to_string(),
            record: lead.record,
            metrics,
            rejection: reason.map(|r| (r, rejected_at)),
        }
    }
}

/// The dates a report covers (local dates in the reporting zone, both
/// ends included); an open end follows the leads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Range {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Range {
    fn contains(&self, d: NaiveDate) -> bool {
        !matches!(self.from, Some(f) if d < f) && !matches!(self.to, Some(t) if d > t)
    }
}

/// A lead as reports name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LeadRef {
    pub id: String,
    pub record: usize,
}

/// One metric's value in one period (for one key, or over all leads).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeriodValue {
    /// `2026-03`, `2026-W10`, …
    pub period: String,
    pub start: NaiveDate,
    /// Count: the leads counted. Share: the leads meeting the condition.
    /// Average: the sum of the values.
    pub numerator: f64,
    /// Count: the leads counted. Share: the population. Average: the leads
    /// with a value.
    pub denominator: u64,
    /// The count, the share in percent, or the average; `None` when a share
    /// or an average has no leads to be taken over ("no leads").
    pub value: Option<f64>,
    /// Why the period is partial, in words, when the report covers only
    /// part of it: the first period when `--from` falls inside it; the last
    /// when `--to` falls inside it, or when it is not over as of the report
    /// ("so far"). A partial period never counts toward a breach.
    pub partial: Option<String>,
}

/// One metric's values for one `per` key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeySeries {
    pub key: String,
    pub values: Vec<PeriodValue>,
}

/// One metric over every period of the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricSeries {
    pub spec: MetricSpec,
    /// How a lead lands in a period, in words.
    pub placement: String,
    /// Over all leads of the population.
    pub values: Vec<PeriodValue>,
    /// Per key (`per owner_rep`), keys in order; empty without `per`.
    pub by_key: Vec<KeySeries>,
    /// Population leads whose period instant is missing (in no period).
    pub unplaced: u64,
    /// Population leads placed outside the report's range.
    pub out_of_range: u64,
}

impl MetricSeries {
    /// The series a breach reads for a key (`None`: over all leads).
    pub fn series(&self, key: Option<&str>) -> &[PeriodValue] {
        match key {
            None => &self.values,
            Some(k) => self
                .by_key
                .iter()
                .find(|s| s.key == k)
                .map_or(&[], |s| &s.values),
        }
    }
}

/// Leads counted in one cell (a metric, a key or none, a period).
#[derive(Clone, Debug, Default)]
struct Cell {
    den: u64,
    num: f64,
    /// Leads meeting the condition (counted leads, for counts and averages).
    hits: Vec<u32>,
    /// Population leads that did not meet the condition (shares only).
    misses: Vec<u32>,
}

/// Per metric: cells by (key, period), and what could not be placed.
#[derive(Clone, Debug, Default)]
struct MetricAcc {
    cells: BTreeMap<(Option<String>, Period), Cell>,
    unplaced: u64,
    out_of_range: u64,
}

/// Accumulates leads' facts into a report.
pub struct Collector<'p> {
    policy: &'p CompiledPolicy,
    range: Range,
    leads: Vec<LeadRef>,
    metrics: Vec<MetricAcc>,
    /// Local dates seen (placed, in range): the report's default span.
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    /// Rejections by month and reason.
    rejections: BTreeMap<Period, BTreeMap<String, u64>>,
    records: u64,
    unreadable: u64,
    as_of: DateTime<Utc>,
}

impl<'p> Collector<'p> {
    /// A collector for leads decided as of `as_of` (breaches not identified
    /// by then past their deadline are late).
    pub fn new(policy: &'p CompiledPolicy, range: Range, as_of: DateTime<Utc>) -> Collector<'p> {
        Collector {
            policy,
            range,
            as_of,
            leads: Vec::new(),
            metrics: vec![MetricAcc::default(); policy.metrics().len()],
            first: None,
            last: None,
            rejections: BTreeMap::new(),
            records: 0,
            unreadable: 0,
        }
    }

    /// A record that could not be read (it is in no metric).
    pub fn add_unreadable(&mut self) {
        self.records += 1;
        self.unreadable += 1;
    }

    /// Adds one lead's facts.
    pub fn add(&mut self, lead: LeadFacts) {
        self.records += 1;
        let zone = self.policy.reporting().zone;
        let index = self.leads.len() as u32;
        self.leads.push(LeadRef {
            id: lead.id,
            record: lead.record,
        });
        for ((spec, fact), acc) in self
            .policy
            .metrics()
            .iter()
            .zip(&lead.metrics)
            .zip(&mut self.metrics)
        {
            if !fact.counted {
                continue;
            }
            let Some(date) = fact.instant.map(|i: LeadInstant| i.local_date(zone)) else {
                acc.unplaced += 1;
                continue;
            };
            if !self.range.contains(date) {
                acc.out_of_range += 1;
                continue;
            }
            self.first = Some(self.first.map_or(date, |f| f.min(date)));
            self.last = Some(self.last.map_or(date, |l| l.max(date)));
            let period = Period::containing(spec.period, date);
            let mut keys = vec![None];
            if spec.per.is_some() {
                keys.push(Some(
                    fact.key.clone().unwrap_or_else(|| NO_VALUE.to_string()),
                ));
            }
            for key in keys {
                // A per key splits the whole population, unless the share's
                // condition is about the key itself (`rejection_reason is
                // present, per rejection_reason`): then each key's share is
                // of the whole population, and only its leads that meet the
                // condition are split by key.
                let split_numerator_only = key.is_some() && spec.per_in_condition;
                if split_numerator_only && !fact.hit {
                    continue;
                }
                let cell = acc.cells.entry((key, period)).or_default();
                if !split_numerator_only {
                    cell.den += u64::from(spec.kind != MetricKind::Average || fact.value.is_some());
                }
                match spec.kind {
                    MetricKind::Count => {
                        cell.num += 1.0;
                        cell.hits.push(index);
                    }
                    MetricKind::Share if fact.hit => {
                        cell.num += 1.0;
                        cell.hits.push(index);
                    }
                    MetricKind::Share => cell.misses.push(index),
                    MetricKind::Average => {
                        if let Some(v) = fact.value {
                            cell.num += v;
                            cell.hits.push(index);
                        }
                    }
                }
            }
        }
        if let Some((reason, at)) = lead.rejection {
            if let Some(date) = at.map(|t| t.with_timezone(&zone).date_naive()) {
                if self.range.contains(date) {
                    let month = Period::containing(accord_eval::metrics::PeriodKind::Month, date);
                    *self
                        .rejections
                        .entry(month)
                        .or_default()
                        .entry(reason)
                        .or_default() += 1;
                }
            }
        }
    }

    /// The report: every metric over every period of the range (the leads'
    /// first to last date where the range is open), and every breach run.
    pub fn finish(self, plans: &plans::Plans) -> Report {
        let policy = self.policy;
        let zone = policy.reporting().zone;
        let first = self.range.from.or(self.first);
        let last = self.range.to.or(self.last);
        let mut metrics = Vec::new();
        let mut cells_of = Vec::new();
        for (spec, acc) in policy.metrics().iter().zip(self.metrics) {
            let periods = match (first, last) {
                (Some(f), Some(l)) if f <= l => Period::span(
                    Period::containing(spec.period, f),
                    Period::containing(spec.period, l),
                ),
                _ => Vec::new(),
            };
            let totals: BTreeMap<Period, u64> = acc
                .cells
                .iter()
                .filter(|((k, _), _)| k.is_none())
                .map(|((_, p), c)| (*p, c.den))
                .collect();
            let partial = |p: &Period| -> Option<String> {
                if let Some(f) = self.range.from.filter(|f| p.start < *f) {
                    return Some(format!("the report starts on {f} (--from)"));
                }
                if p.end(zone) > self.as_of {
                    return Some(format!(
                        "so far: the {} is not over as of {}",
                        p.kind.noun(),
                        self.as_of.with_timezone(&zone).format("%Y-%m-%d %H:%M")
                    ));
                }
                if let Some(l) = self.range.to.filter(|l| p.last_day() > *l) {
                    return Some(format!("the report ends on {l} (--to)"));
                }
                None
            };
            let series_for = |key: Option<&String>| -> Vec<PeriodValue> {
                periods
                    .iter()
                    .map(|p| {
                        let cell = acc.cells.get(&(key.cloned(), *p));
                        let num = cell.map_or(0.0, |c| c.num);
                        let den = if key.is_some() && spec.per_in_condition {
                            totals.get(p).copied().unwrap_or(0)
                        } else {
                            cell.map_or(0, |c| c.den)
                        };
                        PeriodValue {
                            period: p.label(),
                            start: p.start,
                            numerator: num,
                            denominator: den,
                            value: value(spec.kind, num, den),
                            partial: partial(p),
                        }
                    })
                    .collect()
            };
            let values = series_for(None);
            let mut keys: Vec<&String> = acc.cells.keys().filter_map(|(k, _)| k.as_ref()).collect();
            keys.dedup();
            keys.sort();
            keys.dedup();
            let by_key = keys
                .into_iter()
                .map(|k| KeySeries {
                    key: k.clone(),
                    values: series_for(Some(k)),
                })
                .collect();
            metrics.push(MetricSeries {
                placement: spec.placement_words(zone.name()),
                spec: spec.clone(),
                values,
                by_key,
                unplaced: acc.unplaced,
                out_of_range: acc.out_of_range,
            });
            cells_of.push(acc.cells);
        }
        let breaches = breach::find(policy, &metrics, &cells_of, &self.leads, plans, self.as_of);
        let rejections = self
            .rejections
            .into_iter()
            .map(|(p, reasons)| RejectionMonth {
                month: p.label(),
                reasons: reasons.into_iter().collect(),
            })
            .collect();
        let mut notes = Vec::new();
        if self.leads.is_empty() {
            notes.push("the input has no leads: every period below is empty".to_string());
        } else if self.first.is_none() {
            notes.push(match (self.range.from, self.range.to) {
                (None, None) => "no lead has the instants the metrics count by".to_string(),
                (f, t) => format!(
                    "no lead falls between {} and {} (reporting zone {})",
                    f.map_or("the start".into(), |d| d.to_string()),
                    t.map_or("the end".into(), |d| d.to_string()),
                    zone.name()
                ),
            });
        }
        Report {
            policy: policy.meta().clone(),
            zone: zone.name().to_string(),
            range: Range {
                from: first,
                to: last,
            },
            records: self.records,
            leads: self.leads.len() as u64,
            unreadable: self.unreadable,
            metrics,
            breaches,
            plan_problems: plans.problems.clone(),
            rejections,
            notes,
        }
    }
}

/// Shown for a lead without a value of the `per` field.
pub const NO_VALUE: &str = "(none)";

/// A period's value from its numerator and denominator.
fn value(kind: MetricKind, num: f64, den: u64) -> Option<f64> {
    match kind {
        MetricKind::Count => Some(num),
        MetricKind::Share => (den > 0).then(|| num / den as f64 * 100.0),
        MetricKind::Average => (den > 0).then(|| num / den as f64),
    }
}

/// Rejections of one month, by reason code.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RejectionMonth {
    pub month: String,
    pub reasons: Vec<(String, u64)>,
}

/// A whole report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub policy: accord_eval::PolicyMeta,
    /// The reporting zone periods are cut in.
    pub zone: String,
    /// The dates covered (the leads' first and last where not given).
    pub range: Range,
    pub records: u64,
    pub leads: u64,
    /// Records that could not be read (in no metric).
    pub unreadable: u64,
    pub metrics: Vec<MetricSeries>,
    pub breaches: Vec<breach::BreachReport>,
    /// Rows of the corrective-plans file that could not be read.
    pub plan_problems: Vec<plans::Problem>,
    /// Rejections by month of `rejected_at` and reason code.
    pub rejections: Vec<RejectionMonth>,
    /// What the report could not cover, in words.
    pub notes: Vec<String>,
}

/// One metric of a policy over a set of leads' facts, period by period —
/// the small stable entry point for comparing policy versions. `None` when
/// the policy has no metric of that name. Each lead's facts must come from
/// this `policy` ([`LeadFacts::evaluate`]).
pub fn compute_metric(
    policy: &CompiledPolicy,
    metric: &str,
    leads: impl IntoIterator<Item = LeadFacts>,
    range: Range,
) -> Option<MetricSeries> {
    let index = policy.metrics().iter().position(|m| m.name == metric)?;
    let mut c = Collector::new(policy, range, DateTime::<Utc>::MAX_UTC);
    for lead in leads {
        c.add(lead);
    }
    c.finish(&plans::Plans::default())
        .metrics
        .into_iter()
        .nth(index)
}
