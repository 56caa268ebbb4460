//! Synthetic leads built from the policy alone: a small constraint solver
//! over the language's conditions. A condition to make true (or false) adds
//! constraints on fields (intervals of numbers and dates, sets of values,
//! presence, how long ago an instant was) and events to add or forbid; `any
//! of`, a failing `all of` and similar choices are tried in order with
//! backtracking. A required score is reached by adding, one at a time, what
//! its point rules reward, reading the score back from the real evaluator.
//!
//! Whatever is built is only a candidate: the caller runs it through both
//! versions with the evaluator and keeps it only when it flips.

use crate::sets::{accepted, Accepted, End, Interval};
use accord_records::{FieldType, Schema};
use accord_syntax::ast::{
    self, Condition, ConditionKind, EventPattern, Item, Operand, PointBasis, Quantity, ScoreBody,
    Window,
};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// One version's definitions, to look names up in.
pub struct Defs<'a> {
    pub files: &'a [ast::Policy],
}

impl<'a> Defs<'a> {
    fn items(&self) -> impl Iterator<Item = &'a Item> + 'a {
        self.files.iter().flat_map(|f| f.items.iter())
    }
    /// A fit's lines.
    pub fn fit(&self, name: &str) -> Option<Vec<&'a Condition>> {
        self.items().find_map(|i| match i {
            Item::Fit(f) if f.name.name == name => Some(f.conditions.iter().collect()),
            _ => None,
        })
    }
    pub fn exclusion(&self, name: &str) -> Option<&'a ast::Exclusion> {
        self.items().find_map(|i| match i {
            Item::Exclusion(e) if e.name.name == name => Some(e),
            _ => None,
        })
    }
    pub fn tiers(&self) -> Option<&'a ast::Tiers> {
        self.items().find_map(|i| match i {
            Item::Tiers(t) => Some(t),
            _ => None,
        })
    }
    /// A named list's values (as set members).
    pub fn list_values(&self, name: &str) -> Option<Vec<String>> {
        self.list(name)
    }
    fn list(&self, name: &str) -> Option<Vec<String>> {
        self.items().find_map(|i| match i {
            Item::List(l) if l.name.name == name => {
                Some(l.values.iter().map(crate::sets::key).collect())
            }
            _ => None,
        })
    }
    /// The condition a name stands for, as (condition list, all of them?).
    fn named(&self, name: &str) -> Option<Named<'a>> {
        self.items().find_map(|i| match i {
            Item::Fit(f) if f.name.name == name => Some(Named::All(f.conditions.iter().collect())),
            Item::Trigger(t) if t.name.name == name => Some(Named::Trigger(t)),
            Item::Exclusion(e) if e.name.name == name => Some(Named::Exclusion(e)),
            Item::Stage(s) if stage_word(s.kind) == name => Some(Named::All(vec![&s.condition])),
            _ => None,
        })
    }
    fn exclusions(&self) -> Vec<&'a ast::Exclusion> {
        self.items()
            .filter_map(|i| match i {
                Item::Exclusion(e) => Some(e),
                _ => None,
            })
            .collect()
    }
    pub fn score(&self, name: &str) -> Option<&'a ast::Score> {
        self.items().find_map(|i| match i {
            Item::Score(s) if s.name.name == name => Some(s),
            _ => None,
        })
    }
    /// The stage's condition (`mql`).
    pub fn stage(&self, word: &str) -> Option<&'a Condition> {
        self.items().find_map(|i| match i {
            Item::Stage(s) if stage_word(s.kind) == word => Some(&s.condition),
            _ => None,
        })
    }
}

pub fn stage_word(kind: ast::StageKind) -> &'static str {
    match kind {
        ast::StageKind::Mql => "mql",
        ast::StageKind::Sal => "sal",
        ast::StageKind::Sql => "sql",
    }
}

enum Named<'a> {
    All(Vec<&'a Condition>),
    Trigger(&'a ast::Trigger),
    Exclusion(&'a ast::Exclusion),
}

/// What one field must be.
#[derive(Clone, Debug, Default)]
struct Want {
    numbers: Option<Vec<Interval>>,
    members: Option<Vec<String>>,
    excluded: Vec<String>,
    present: Option<bool>,
    /// Seconds before as-of the instant must lie in.
    ago: Option<Interval>,
    /// For an email: what its domain must (not) be.
    domain_members: Option<Vec<String>>,
    domain_excluded: Vec<String>,
    /// Text tests the value (or the email's domain) must pass or fail.
    patterns: Vec<TextTest>,
}

/// `contains`, `starts with`, `ends with` or `matches` on a text (or an
/// email's domain), to pass (`holds`) or fail.
#[derive(Clone, Debug)]
struct TextTest {
    kind: TextKind,
    text: String,
    domain: bool,
    holds: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextKind {
    Contains,
    /// `contains the word`: the text, bounded by non-letters.
    Word,
    Starts,
    Ends,
    Matches,
}

/// An event to add.
#[derive(Clone, Debug)]
struct PlannedEvent {
    stream: usize,
    kind: String,
    fields: Map<String, Json>,
    /// Seconds before as-of (or an absolute instant).
    ago: f64,
    at: Option<DateTime<Utc>>,
}

/// A lead under construction.
#[derive(Clone, Debug, Default)]
pub struct Goal {
    fields: BTreeMap<String, Want>,
    events: Vec<PlannedEvent>,
    /// (stream, kinds; empty = any) no event may match.
    forbidden: Vec<(usize, Vec<String>)>,
    /// Scores that must lie in these values.
    pub scores: Vec<(String, Vec<Interval>)>,
    /// Instants set exactly (an SLA's start).
    instants: BTreeMap<String, DateTime<Utc>>,
}

/// The numbers in both sets of intervals.
pub fn intersect(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::new();
    for x in a {
        for y in b {
            let lo = match (x.lo, y.lo) {
                (None, l) | (l, None) => l,
                (Some(p), Some(q)) => Some(if p.at > q.at || (p.at == q.at && !p.included) {
                    p
                } else {
                    q
                }),
            };
            let hi = match (x.hi, y.hi) {
                (None, h) | (h, None) => h,
                (Some(p), Some(q)) => Some(if p.at < q.at || (p.at == q.at && !p.included) {
                    p
                } else {
                    q
                }),
            };
            let i = Interval { lo, hi };
            if !i.is_empty() {
                out.push(i);
            }
        }
    }
    out
}

/// Every number outside the intervals.
fn complement(a: &[Interval]) -> Vec<Interval> {
    let mut out = vec![Interval { lo: None, hi: None }];
    for cut in a {
        let mut next = Vec::new();
        for piece in &out {
            if let Some(l) = cut.lo {
                next.extend(intersect(
                    &[*piece],
                    &[Interval {
                        lo: None,
                        hi: Some(End {
                            at: l.at,
                            included: !l.included,
                        }),
                    }],
                ));
            }
            if let Some(h) = cut.hi {
                next.extend(intersect(
                    &[*piece],
                    &[Interval {
                        lo: Some(End {
                            at: h.at,
                            included: !h.included,
                        }),
                        hi: None,
                    }],
                ));
            }
        }
        out = next;
    }
    out
}

/// Builds leads for one version.
pub struct Builder<'a> {
    pub defs: Defs<'a>,
    pub schema: &'a Schema,
    pub as_of: DateTime<Utc>,
}

impl Builder<'_> {
    /// Adds what makes `c` come out `want`; `false` when it cannot.
    pub fn satisfy(&self, goal: &mut Goal, c: &Condition, want: bool, depth: usize) -> bool {
        if depth > 24 {
            return false;
        }
        match &c.kind {
            ConditionKind::Compare { subject, test } => {
                self.compare(goal, subject, &test.kind, want)
            }
            ConditionKind::All(cs) => self.all(goal, &cs.iter().collect::<Vec<_>>(), want, depth),
            ConditionKind::Any(cs) => self.any(goal, &cs.iter().collect::<Vec<_>>(), want, depth),
            ConditionKind::Not(inner) => self.satisfy(goal, inner, !want, depth + 1),
            ConditionKind::Ref(i) => self.reference(goal, &i.name, want, depth),
            ConditionKind::Events(p) => self.events(goal, p, want, None),
            ConditionKind::NoExclusionApplies => {
                let exclusions = self.defs.exclusions();
                exclusions
                    .iter()
                    .all(|e| self.exclusion(goal, e, !want, depth))
            }
        }
    }

    /// All of `cs` hold (`want`), or (not `want`) at least one fails.
    fn all(&self, goal: &mut Goal, cs: &[&Condition], want: bool, depth: usize) -> bool {
        if want {
            self.every(goal, cs, true, depth)
        } else {
            self.some(goal, cs, false, depth)
        }
    }

    /// One of `cs` holds (`want`), or none does.
    fn any(&self, goal: &mut Goal, cs: &[&Condition], want: bool, depth: usize) -> bool {
        if want {
            self.some(goal, cs, true, depth)
        } else {
            self.every(goal, cs, false, depth)
        }
    }

    /// Every one of `cs` comes out `value` on one lead: `goal` is changed
    /// only when all of them could be made so.
    fn every(&self, goal: &mut Goal, cs: &[&Condition], value: bool, depth: usize) -> bool {
        let mut g = goal.clone();
        if cs.iter().all(|c| self.satisfy(&mut g, c, value, depth + 1)) {
            *goal = g;
            return true;
        }
        false
    }

    /// The first of `cs` that can be made to come out `value` does, on a
    /// copy of `goal` each time, so a failed try leaves no trace.
    fn some(&self, goal: &mut Goal, cs: &[&Condition], value: bool, depth: usize) -> bool {
        for c in cs {
            let mut g = goal.clone();
            if self.satisfy(&mut g, c, value, depth + 1) {
                *goal = g;
                return true;
            }
        }
        false
    }

    fn reference(&self, goal: &mut Goal, name: &str, want: bool, depth: usize) -> bool {
        match self.defs.named(name) {
            Some(Named::All(cs)) => self.all(goal, &cs, want, depth),
            Some(Named::Trigger(t)) => {
                let items: Vec<&Condition> = t.items.iter().collect();
                let window = t.window.as_ref();
                let one = |goal: &mut Goal, c: &Condition, w: bool| match &c.kind {
                    ConditionKind::Events(p) => self.events(goal, p, w, window),
                    _ => self.satisfy(goal, c, w, depth + 1),
                };
                if t.any == want {
                    // any of them holds / (all of) one of them fails
                    for c in &items {
                        let mut g = goal.clone();
                        if one(&mut g, c, want) {
                            *goal = g;
                            return true;
                        }
                    }
                    false
                } else {
                    let mut g = goal.clone();
                    if items.iter().all(|c| one(&mut g, c, want)) {
                        *goal = g;
                        return true;
                    }
                    false
                }
            }
            Some(Named::Exclusion(e)) => self.exclusion(goal, e, want, depth),
            None => match self.schema.field(name).map(|f| &f.ty) {
                Some(FieldType::YesNo) => {
                    let key = if want { "yes" } else { "no" };
                    self.constrain_values(goal, name, &[key.to_string()], true)
                }
                _ => false,
            },
        }
    }

    /// Adds what makes exclusion `e` apply (or not).
    pub fn satisfy_exclusion(&self, goal: &mut Goal, e: &ast::Exclusion, applies: bool) -> bool {
        self.exclusion(goal, e, applies, 0)
    }

    fn exclusion(&self, goal: &mut Goal, e: &ast::Exclusion, applies: bool, depth: usize) -> bool {
        let mut g = goal.clone();
        let ok = if applies {
            self.satisfy(&mut g, &e.when, true, depth + 1)
                && e.unless
                    .as_ref()
                    .is_none_or(|u| self.satisfy(&mut g, u, false, depth + 1))
        } else {
            self.satisfy(&mut g, &e.when, false, depth + 1) || {
                g = goal.clone();
                e.unless
                    .as_ref()
                    .is_some_and(|u| self.satisfy(&mut g, u, true, depth + 1))
            }
        };
        if ok {
            *goal = g;
        }
        ok
    }

    fn constrain_values(
        &self,
        goal: &mut Goal,
        field: &str,
        values: &[String],
        member: bool,
    ) -> bool {
        let want = goal.fields.entry(field.to_string()).or_default();
        if member {
            let next: Vec<String> = match &want.members {
                Some(m) => m.iter().filter(|v| values.contains(v)).cloned().collect(),
                None => values.to_vec(),
            };
            let next: Vec<String> = next
                .into_iter()
                .filter(|v| !want.excluded.contains(v))
                .collect();
            if next.is_empty() {
                return false;
            }
            want.members = Some(next);
        } else {
            want.excluded.extend(values.iter().cloned());
            if let Some(m) = &want.members {
                if m.iter().all(|v| want.excluded.contains(v)) {
                    return false;
                }
            }
        }
        want.present != Some(false)
    }

    /// Constrains what `operand` reads to `set` (or its complement).
    pub fn constrain(
        &self,
        goal: &mut Goal,
        operand: &Operand,
        set: &Accepted,
        want: bool,
    ) -> bool {
        let (name, domain) = match operand {
            Operand::Name(i) => (i.name.as_str(), false),
            Operand::DomainOf(i, _) => (i.name.as_str(), true),
        };
        if self.defs.score(name).is_some() {
            let Accepted::Numbers(n) = set else {
                return false;
            };
            let allowed = if want { n.clone() } else { complement(n) };
            goal.scores.push((name.to_string(), allowed));
            return true;
        }
        let Some(spec) = self.schema.field(name) else {
            return false;
        };
        match set {
            Accepted::Values { member, values } if domain => {
                let w = goal.fields.entry(name.to_string()).or_default();
                if *member == want {
                    let next: Vec<String> = match &w.domain_members {
                        Some(m) => m.iter().filter(|v| values.contains(v)).cloned().collect(),
                        None => values.clone(),
                    };
                    let next: Vec<String> = next
                        .into_iter()
                        .filter(|v| !w.domain_excluded.contains(v))
                        .collect();
                    if next.is_empty() {
                        return false;
                    }
                    w.domain_members = Some(next);
                } else {
                    w.domain_excluded.extend(values.iter().cloned());
                }
                w.present = Some(true);
                true
            }
            Accepted::Values { member, values } => {
                if want {
                    goal.fields.entry(name.to_string()).or_default().present = Some(true);
                }
                self.constrain_values(goal, name, values, *member == want)
                    || (!want && {
                        // a missing value fails any comparison
                        let w = goal.fields.entry(name.to_string()).or_default();
                        w.members.is_none() && spec.optional && w.present != Some(true) && {
                            w.present = Some(false);
                            true
                        }
                    })
            }
            Accepted::Numbers(n) => {
                let w = goal.fields.entry(name.to_string()).or_default();
                if !want && spec.optional && w.present.is_none() && w.numbers.is_none() {
                    w.present = Some(false);
                    return true;
                }
                let allowed = if want { n.clone() } else { complement(n) };
                let next = match &w.numbers {
                    Some(cur) => intersect(cur, &allowed),
                    None => allowed,
                };
                w.present = Some(true);
                let ok = !next.is_empty();
                w.numbers = Some(next);
                ok
            }
            Accepted::Recent(secs) | Accepted::Older(secs) => {
                let recent = matches!(set, Accepted::Recent(_)) == want;
                let w = goal.fields.entry(name.to_string()).or_default();
                if !want && spec.optional && w.present.is_none() {
                    w.present = Some(false);
                    return true;
                }
                let range = if recent {
                    Interval {
                        lo: Some(End {
                            at: 0.0,
                            included: true,
                        }),
                        hi: Some(End {
                            at: *secs,
                            included: true,
                        }),
                    }
                } else {
                    Interval {
                        lo: Some(End {
                            at: *secs,
                            included: false,
                        }),
                        hi: None,
                    }
                };
                let next = match &w.ago {
                    Some(cur) => intersect(&[*cur], &[range]).first().copied(),
                    None => Some(range),
                };
                w.present = Some(true);
                w.ago = next;
                next.is_some()
            }
        }
    }

    fn compare(
        &self,
        goal: &mut Goal,
        subject: &Operand,
        test: &ast::TestKind,
        want: bool,
    ) -> bool {
        use ast::TestKind::*;
        let name = match subject {
            Operand::Name(i) | Operand::DomainOf(i, _) => i.name.as_str(),
        };
        match test {
            Present | Missing => {
                let present = matches!(test, Present) == want;
                let w = goal.fields.entry(name.to_string()).or_default();
                if w.present.is_some_and(|p| p != present) {
                    return false;
                }
                if !present && !self.schema.field(name).is_some_and(|f| f.optional) {
                    return false;
                }
                w.present = Some(present);
                true
            }
            Contains(s) | ContainsWord(s) | StartsWith(s) | EndsWith(s) | Matches(s) => {
                let kind = match test {
                    Contains(_) => TextKind::Contains,
                    ContainsWord(_) => TextKind::Word,
                    StartsWith(_) => TextKind::Starts,
                    EndsWith(_) => TextKind::Ends,
                    _ => TextKind::Matches,
                };
                if want && kind == TextKind::Matches {
                    return false;
                }
                let w = goal.fields.entry(name.to_string()).or_default();
                w.patterns.push(TextTest {
                    kind,
                    text: s.value.clone(),
                    domain: matches!(subject, Operand::DomainOf(..)),
                    holds: want,
                });
                true
            }
            _ => match accepted(test, &|l| self.defs.list(l)) {
                Some(set) => self.constrain(goal, subject, &set, want),
                None => false,
            },
        }
    }

    /// Adds (or forbids) events matching `p`. `default_window`: a
    /// trigger's window for items without their own.
    fn events(
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

    /// Sets a timestamp field exactly.
    pub fn set_instant(&self, goal: &mut Goal, field: &str, at: DateTime<Utc>) {
        goal.instants.insert(field.to_string(), at);
        goal.fields.entry(field.to_string()).or_default().present = Some(true);
    }

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

    /// Moves that raise (`up`) or lower a score: each point rule's
    /// condition, or one more matching event.
    pub fn score_moves(&self, goal: &Goal, score: &str, up: bool) -> Vec<Goal> {
        let Some(s) = self.defs.score(score) else {
            return Vec::new();
        };
        let rules: Vec<&ast::PointRule> = match &s.body {
            ScoreBody::Rules(r) => r.iter().collect(),
            ScoreBody::Weighted(subs) => subs.iter().flat_map(|x| x.rules.iter()).collect(),
            ScoreBody::FromField(_) => Vec::new(),
        };
        let mut out = Vec::new();
        for r in rules.into_iter().filter(|r| (r.points > 0.0) == up) {
            let mut g = goal.clone();
            let ok = match &r.basis {
                PointBasis::When(c) => self.satisfy(&mut g, c, true, 0),
                PointBasis::ForEach(p) => {
                    let mut one = p.clone();
                    let have = g.events.len();
                    one.quantity = Quantity::AtLeast(1);
                    // one more than now
                    let before = g.events.clone();
                    let ok = self.events(&mut g, &one, true, None);
                    if ok && g.events.len() == have {
                        if let Some(last) = before.iter().rev().find(|e| {
                            self.schema.stream(&p.stream.name) == Some(e.stream)
                                && p.kinds.first().is_none_or(|k| k.value == e.kind)
                        }) {
                            let mut e = last.clone();
                            e.ago += 600.0 * (g.events.len() as f64 + 1.0);
                            g.events.push(e);
                        }
                    }
                    ok
                }
            };
            if ok && g.events.len() + g.fields.len() > 0 {
                out.push(g);
            }
        }
        out
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
