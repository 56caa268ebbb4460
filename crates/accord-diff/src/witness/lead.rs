//! The synthetic lead itself, as JSON: every field picked from its
//! constraints (or a plain default), texts built to pass the text tests
//! that must hold, events placed before as-of.

use super::constraints::{TextKind, TextTest, Want};
use super::{Builder, Goal};
use crate::sets::Interval;
use accord_records::FieldType;
use serde_json::{Map, Value as Json};

impl Builder<'_> {
    /// The lead as JSON, every field picked from its constraints (or a
    /// plain default); `None` when a constraint has no value.
    pub fn lead(&self, goal: &Goal, id: &str) -> Option<Json> {
        let mut lead = Map::new();
        let id_field = self
            .schema
            .id_field
            .and_then(|i| self.schema.fields.get(i))
            .map(|f| f.name.clone());
        for spec in &self.schema.fields {
            let want = goal.fields.get(&spec.name).cloned().unwrap_or_default();
            if Some(&spec.name) == id_field.as_ref() {
                lead.insert(spec.name.clone(), Json::String(id.to_string()));
                continue;
            }
            if let FieldType::Events(stream) = spec.ty {
                let events: Vec<Json> = goal
                    .events
                    .iter()
                    .filter(|e| e.stream == stream)
                    .map(|e| {
                        let mut m = e.fields.clone();
                        m.insert(
                            self.schema.streams[stream].kind_field.clone(),
                            Json::String(e.kind.clone()),
                        );
                        let at =
                            e.at.unwrap_or(self.as_of - chrono::Duration::seconds(e.ago as i64));
                        m.insert(
                            "at".into(),
                            Json::String(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                        );
                        Json::Object(m)
                    })
                    .collect();
                lead.insert(spec.name.clone(), Json::Array(events));
                continue;
            }
            let present = want
                .present
                .unwrap_or(!spec.optional || want.members.is_some() || want.numbers.is_some());
            if !present {
                if !spec.optional {
                    return None;
                }
                continue;
            }
            let value = if let Some(at) = goal.instants.get(&spec.name) {
                Json::String(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            } else {
                self.value(&spec.ty, &want)?
            };
            // A field the schema says is `written "DD-MM-YYYY"` is written so.
            let value = match (&spec.written, value) {
                (Some(w), Json::String(s)) => {
                    Json::String(w.rewrite(&s, self.schema.default_zone.unwrap_or_default()))
                }
                (_, v) => v,
            };
            lead.insert(spec.name.clone(), value);
        }
        Some(Json::Object(lead))
    }

    fn value(&self, ty: &FieldType, want: &Want) -> Option<Json> {
        // Texts built to pass the text tests that must hold.
        let aimed = |domain: bool| -> Vec<String> {
            want.patterns
                .iter()
                .filter(|t| t.holds && t.domain == domain)
                .map(|t| match t.kind {
                    TextKind::Ends => format!("synthetic{}", t.text),
                    TextKind::Starts => format!("{}synthetic", t.text),
                    TextKind::Word => format!("synthetic {} lead", t.text),
                    _ => format!("a{}b", t.text),
                })
                .collect()
        };
        let text_of =
            |key: &str| serde_json::from_str::<String>(key).unwrap_or_else(|_| key.to_string());
        let pick_text = |fallback: Vec<String>| -> Option<String> {
            let mut candidates: Vec<String> = match &want.members {
                Some(m) => m.iter().map(|k| text_of(k)).collect(),
                None => aimed(false).into_iter().chain(fallback).collect(),
            };
            candidates.retain(|c| !want.excluded.iter().any(|x| text_of(x) == *c));
            candidates
                .into_iter()
                .find(|c| patterns_hold(&want.patterns, c, false))
        };
        Some(match ty {
            FieldType::Number | FieldType::Percentage => {
                let n = match &want.numbers {
                    Some(ns) => ns.iter().find_map(Interval::sample)?,
                    None => 1.0,
                };
                serde_json::Number::from_f64(n).map(Json::Number)?
            }
            FieldType::YesNo => Json::Bool(match &want.members {
                Some(m) => m.first().is_some_and(|v| v == "yes"),
                None => want.excluded.iter().any(|v| v == "no"),
            }),
            FieldType::OneOf(choices) => Json::String(pick_text(choices.clone())?),
            FieldType::Text => Json::String(pick_text(vec![
                "Synthetic".to_string(),
                "Other value".to_string(),
            ])?),
            FieldType::Email => {
                let mut domains: Vec<String> = match &want.domain_members {
                    Some(m) => m.iter().map(|k| text_of(k)).collect(),
                    None => aimed(true)
                        .into_iter()
                        .chain([
                            "synthetic-lead.com".to_string(),
                            "example-corp.io".to_string(),
                        ])
                        .collect(),
                };
                domains.retain(|d| !want.domain_excluded.iter().any(|x| text_of(x) == *d));
                let domain = domains
                    .into_iter()
                    .find(|d| patterns_hold(&want.patterns, d, true))?;
                Json::String(format!("lead@{domain}"))
            }
            FieldType::TimeZone => Json::String("America/New_York".to_string()),
            FieldType::Timestamp | FieldType::Date => {
                let ago = want.ago.and_then(|i| i.sample()).unwrap_or(2.0 * 86_400.0);
                let mut at = self.as_of - chrono::Duration::seconds(ago.max(0.0) as i64);
                if let Some(ns) = &want.numbers {
                    // a day number (before/after a date)
                    let day = ns.iter().find_map(Interval::sample)?;
                    let date = chrono::NaiveDate::from_num_days_from_ce_opt(day as i32)?;
                    at = date.and_hms_opt(12, 0, 0)?.and_utc();
                }
                if matches!(ty, FieldType::Date) {
                    Json::String(at.format("%Y-%m-%d").to_string())
                } else {
                    Json::String(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                }
            }
            FieldType::ListOf(_) => Json::Array(Vec::new()),
            FieldType::Events(_) => Json::Array(Vec::new()),
        })
    }
}

/// Whether a candidate text (or email domain) passes the text tests.
fn patterns_hold(patterns: &[TextTest], text: &str, domain: bool) -> bool {
    let lower = text.to_lowercase();
    patterns.iter().filter(|t| t.domain == domain).all(|t| {
        let p = t.text.to_lowercase();
        let passes = match t.kind {
            TextKind::Contains => lower.contains(&p),
            TextKind::Word => lower
                .split(|c: char| !c.is_alphanumeric())
                .collect::<Vec<_>>()
                .windows(p.split_whitespace().count().max(1))
                .any(|w| w.join(" ") == p),
            TextKind::Starts => lower.starts_with(&p),
            TextKind::Ends => lower.ends_with(&p),
            // `*` patterns are only ever avoided, never aimed at: a plain
            // value never matches one with a `*` in it.
            TextKind::Matches => !p.contains('*') && lower == p,
        };
        passes == t.holds
    })
}
