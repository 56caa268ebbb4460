//! Events on a synthetic lead: adding the events a pattern asks for (inside
//! its window, an hour apart), forbidding them, or adding one at an exact
//! instant; and the event fields a pattern's filter asks for.

use super::constraints::PlannedEvent;
use super::{Builder, Goal};
use accord_syntax::ast::{self, Condition, ConditionKind, EventPattern, Operand, Quantity, Window};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value as Json};

impl Builder<'_> {
    /// Adds (or forbids) events matching `p`. `default_window`: a
    /// trigger's window for items without their own.
    pub(super) fn events(
        &self,
        goal: &mut Goal,
        p: &EventPattern,
        want: bool,
        default_window: Option<&ast::Duration>,
    ) -> bool {
        let Some(stream) = self.schema.stream(&p.stream.name) else {
            return false;
        };
        let spec = &self.schema.streams[stream];
        let kinds: Vec<String> = p.kinds.iter().map(|k| k.value.clone()).collect();
        let needed = match (&p.quantity, want) {
            (Quantity::Some, true) => 1,
            (Quantity::AtLeast(n), true) | (Quantity::Exactly(n), true) => *n,
            (Quantity::None, false) => 1,
            (Quantity::AtMost(_), true) => 0,
            (Quantity::None, true) | (Quantity::Some, false) => {
                goal.forbidden.push((stream, kinds));
                return !goal.events.iter().any(|e| {
                    e.stream == stream
                        && (p.kinds.is_empty() || p.kinds.iter().any(|k| k.value == e.kind))
                });
            }
            (Quantity::AtLeast(n), false) if *n > 1 => {
                // fewer than n: none at all is the simplest
                goal.forbidden.push((stream, kinds));
                return true;
            }
            _ => return false,
        };
        if p.since.is_some() || p.new {
            return false;
        }
        let kind = kinds
            .first()
            .cloned()
            .or_else(|| spec.kinds.first().cloned())
            .unwrap_or_default();
        if goal
            .forbidden
            .iter()
            .any(|(s, ks)| *s == stream && (ks.is_empty() || ks.contains(&kind)))
        {
            return false;
        }
        let mut fields = Map::new();
        if let Some(filter) = &p.filter {
            if !event_fields(filter, &mut fields) {
                return false;
            }
        }
        let window_days = match &p.window {
            Some(Window::Last(d)) | Some(Window::Any(d)) => crate::durations::duration_seconds(d),
            None => default_window.and_then(crate::durations::duration_seconds),
        };
        let already = goal
            .events
            .iter()
            .filter(|e| e.stream == stream && e.kind == kind && e.fields == fields)
            .count() as u32;
        for i in already..needed {
            // an hour apart, the last a day before as-of: inside any window of a day or more
            let ago = 86_400.0 + f64::from(i) * 3600.0;
            if window_days.is_some_and(|w| ago > w) {
                return false;
            }
            goal.events.push(PlannedEvent {
                stream,
                kind: kind.clone(),
                fields: fields.clone(),
                ago,
                at: None,
            });
        }
        true
    }

    /// Adds one event at an exact instant (an SLA's stop).
    pub fn add_event_at(&self, goal: &mut Goal, p: &EventPattern, at: DateTime<Utc>) -> bool {
        let Some(stream) = self.schema.stream(&p.stream.name) else {
            return false;
        };
        let kind = p
            .kinds
            .first()
            .map(|k| k.value.clone())
            .or_else(|| self.schema.streams[stream].kinds.first().cloned())
            .unwrap_or_default();
        let mut fields = Map::new();
        if let Some(filter) = &p.filter {
            if !event_fields(filter, &mut fields) {
                return false;
            }
        }
        goal.events.push(PlannedEvent {
            stream,
            kind,
            fields,
            ago: 0.0,
            at: Some(at),
        });
        true
    }
}

/// Event fields a filter asks for (`where page is "pricing"`).
fn event_fields(c: &Condition, out: &mut Map<String, Json>) -> bool {
    match &c.kind {
        ConditionKind::Compare {
            subject: Operand::Name(f),
            test,
        } => match &test.kind {
            ast::TestKind::Is(v) => {
                out.insert(f.name.clone(), value_json(v));
                true
            }
            ast::TestKind::OneOf(vs) => match vs.first() {
                Some(v) => {
                    out.insert(f.name.clone(), value_json(v));
                    true
                }
                None => false,
            },
            ast::TestKind::Present => {
                out.insert(f.name.clone(), Json::String("Synthetic".into()));
                true
            }
            _ => false,
        },
        ConditionKind::All(cs) => cs.iter().all(|c| event_fields(c, out)),
        _ => false,
    }
}

fn value_json(v: &ast::Value) -> Json {
    match &v.kind {
        ast::ValueKind::Number(n) | ast::ValueKind::Percent(n) => {
            serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number)
        }
        ast::ValueKind::Text(s) | ast::ValueKind::Word(s) => Json::String(s.clone()),
        ast::ValueKind::YesNo(b) => Json::Bool(*b),
        ast::ValueKind::Date(d) => Json::String(crate::durations::show_date(d)),
    }
}
