//! The new version's `drift` rules, evaluated on the leads both versions
//! decided: the metric each rule watches is totalled over the same leads
//! under each version, and a change past the rule's threshold says an
//! out-of-cycle review is required.
//!
//! The totals come from the decisions themselves ([`metric_total`]): a
//! count or share of leads, of MQLs, SALs or SQLs. A metric over anything
//! else (an average, a share by another condition) is reported as not
//! computable here rather than guessed.

use crate::leads::StageCounts;
use crate::sets::number;
use accord_syntax::ast::{Aggregate, ConditionKind, Item, Metric};
use accord_syntax::number::format_number;
use serde::Serialize;

/// One drift rule's verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DriftCheck {
    pub name: String,
    pub title: Option<String>,
    pub metric: String,
    pub old_value: Option<f64>,
    pub new_value: Option<f64>,
    /// `(new − old) / old`, in percent.
    pub change_percent: Option<f64>,
    pub threshold_percent: Option<f64>,
    pub review_required: bool,
    /// Why the metric could not be computed, when it could not.
    pub note: Option<String>,
}

impl DriftCheck {
    /// One line: `drift mql_volume_shift: mql_volume 40 → 52 (+30%), more
    /// than 15%: an out-of-cycle review is required`.
    pub fn sentence(&self) -> String {
        let head = format!("drift {}: {}", self.name, self.metric);
        match (self.old_value, self.new_value, self.change_percent) {
            (Some(a), Some(b), Some(p)) => {
                let threshold = self
                    .threshold_percent
                    .map_or(String::new(), |t| format!("{}%", format_number(t, None)));
                let verdict = if self.review_required {
                    format!("more than {threshold}: an out-of-cycle review is required")
                } else {
                    format!("within {threshold}: no review needed")
                };
                format!(
                    "{head} {} → {} ({}{}%), {verdict}",
                    format_number(a, None),
                    format_number(b, None),
                    if p >= 0.0 { "+" } else { "" },
                    format_number((p * 10.0).round() / 10.0, None)
                )
            }
            (Some(a), Some(b), None) => format!(
                "{head} {} → {} (no change in percent can be computed from 0)",
                format_number(a, None),
                format_number(b, None)
            ),
            _ => format!("{head}: {}", self.note.as_deref().unwrap_or("not computed")),
        }
    }
}

/// The total of a metric over the leads one version decided, from the
/// decisions' stage counts.
pub fn metric_total(metric: &Metric, counts: &StageCounts) -> Result<f64, String> {
    let stage = |c: &Option<accord_syntax::ast::Condition>| -> Result<usize, String> {
        match c.as_ref().map(|c| &c.kind) {
            None => Ok(counts.leads),
            Some(ConditionKind::Ref(i)) => match i.name.as_str() {
                "mql" => Ok(counts.mql),
                "sal" => Ok(counts.sal),
                "sql" => Ok(counts.sql),
                other => Err(format!(
                    "its population `{other}` is not a stage (mql, sal, sql)"
                )),
            },
            Some(_) => Err("its population is not a stage (mql, sal, sql)".to_string()),
        }
    };
    match &metric.aggregate {
        Aggregate::Count => stage(&metric.population).map(|n| n as f64),
        Aggregate::Share(c) => {
            let of = stage(&metric.population)?;
            let part = stage(&Some(c.clone()))?;
            Ok(if of == 0 {
                0.0
            } else {
                part as f64 * 100.0 / of as f64
            })
        }
        Aggregate::Average(_) => {
            Err("an average cannot be computed from the decisions".to_string())
        }
    }
}

/// Every drift rule of the new version's files, evaluated.
pub fn drift_checks(
    new_files: &[accord_syntax::ast::Policy],
    old: &StageCounts,
    new: &StageCounts,
) -> Vec<DriftCheck> {
    let items: Vec<&Item> = new_files.iter().flat_map(|f| f.items.iter()).collect();
    let metric = |name: &str| {
        items.iter().find_map(|i| match i {
            Item::Metric(m) if m.name.name == name => Some(m),
            _ => None,
        })
    };
    items
        .iter()
        .filter_map(|i| match i {
            Item::Drift(d) => Some(d),
            _ => None,
        })
        .map(|d| {
            let threshold = number(&d.threshold);
            let mut check = DriftCheck {
                name: d.name.name.clone(),
                title: d.title.as_ref().map(|t| t.value.clone()),
                metric: d.metric.name.clone(),
                old_value: None,
                new_value: None,
                change_percent: None,
                threshold_percent: threshold,
                review_required: false,
                note: None,
            };
            let totals = metric(&d.metric.name)
                .ok_or_else(|| "no such metric".to_string())
                .and_then(|m| Ok((metric_total(m, old)?, metric_total(m, new)?)));
            match totals {
                Ok((a, b)) => {
                    check.old_value = Some(a);
                    check.new_value = Some(b);
                    check.change_percent = (a != 0.0).then(|| (b - a) * 100.0 / a);
                    check.review_required = match (check.change_percent, threshold) {
                        (Some(p), Some(t)) => p.abs() > t,
                        (None, _) => b != a,
                        _ => false,
                    };
                }
                Err(why) => check.note = Some(format!("cannot be computed here: {why}")),
            }
            check
        })
        .collect()
}
