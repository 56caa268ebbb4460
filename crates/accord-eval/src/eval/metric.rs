//! One lead's part in each metric ([`crate::metrics`]): whether it is in
//! the population, whether the share's condition holds, the averaged
//! value, the instant that places it in a period and its `per` key — read
//! on the evaluator's one code path.

use super::Ev;
use crate::metrics::{LeadInstant, MetricFact};
use crate::plan::MetricPlan;
use accord_records::FieldValue;

impl<'p> Ev<'p> {
    pub(crate) fn metric_fact(&mut self, m: &'p MetricPlan) -> MetricFact {
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
