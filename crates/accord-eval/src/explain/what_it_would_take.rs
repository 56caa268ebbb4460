//! What it would take: the smallest changes to actionable inputs that get
//! a lead to the stage it misses, found by the evaluator and proved by
//! re-evaluating the changed lead; for a pending SLA, the latest instant
//! the action is on time; for a rejected lead, what re-entry needs.
//!
//! **The search** ([`CompiledPolicy::what_it_would_take`]). The levers are
//! read off the stage's definition (through fits, triggers, scores and
//! exclusions), each pointing the way the definition wants: an event the
//! definition counts or scores (added at as-of, with the `where` fields it
//! asks for), an actionable field set so that a clause reads as wanted (a
//! yes/no set, a timestamp recorded at as-of; an exclusion's `unless` made
//! to hold). Fixed facts are never levers (`explain/inputs.rs`). Then:
//! 1. every lever at once (the most the team could do); if even that does
//!    not reach the stage, nothing is offered;
//! 2. each lever alone, with the fewest events that reach it;
//! 3. when no single lever does, the full set pared down (levers dropped,
//!    then event counts lowered, while the stage still holds), in two
//!    orders, for up to two different combinations.
//!
//! Each change set offered was evaluated and reaches the stage. It is
//! minimal for its levers (no lever can be dropped, no count lowered), not
//! necessarily the global minimum. The search runs only when asked (`accord
//! explain`), never on the decision path nor for `accord eval --explain`.

use super::reason::{Changeable, Reason};
use crate::plan::*;
use crate::show::text;
use crate::text::{string_of, Joined};
use accord_records::{Event, FieldType, FieldValue, Lead, LeadText};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Most events of one kind a lever adds.
const MAX_EVENTS: u32 = 10;
/// Most change sets offered.
const MAX_OPTIONS: usize = 3;

/// A pending SLA's deadline: the latest instant the action is on time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deadline {
    pub sla: std::sync::Arc<str>,
    /// `first attempt by "phone" or "email" or "linkedin"`.
    pub action: String,
    /// UTC.
    pub by: Option<DateTime<Utc>>,
    /// In words, in the lead's zone.
    pub text: String,
}

/// One change to a lead record, as an engine would make it to the lead's
/// JSON: add events to a stream, or set a field.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Edit {
    /// Add `count` copies of `event` (its kind, `at` = as-of, and the
    /// fields the clause asks for) to the stream.
    AddEvents {
        stream: String,
        count: u32,
        event: serde_json::Map<String, serde_json::Value>,
    },
    /// Set a field to a value (`true`, an RFC 3339 instant).
    SetField {
        field: String,
        value: serde_json::Value,
    },
}

/// One set of changes that, applied together, gets the lead to the stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChangeSet {
    /// `1 activity "page_view" where page is "pricing"`, `phone_verified: yes`.
    pub changes: Vec<String>,
    /// The same changes, as edits to the lead's record.
    pub edits: Vec<Edit>,
    /// Events added plus fields set.
    pub size: u32,
    /// What re-evaluating the changed lead gave: `lead_score 64 → 70; an MQL`.
    pub result: String,
}

/// What it would take (see the module docs).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WhatItWouldTake {
    /// The stage the lead misses and the changes aim at.
    pub target: Option<StageKind>,
    /// Change sets found by the search, each proved by re-evaluation;
    /// `null` when the search was not run (`accord eval --explain`), empty
    /// when it found none.
    pub changes: Option<Vec<ChangeSet>>,
    /// Set when a fixed fact decides: no change a rep can make gets the
    /// lead there, and why.
    pub no_change: Option<String>,
    /// For a lead past MQL: what is still missing for the next stage (the
    /// confirmations a rep records), in words.
    pub missing: Vec<String>,
    /// Pending SLAs: the latest on-time instant of each.
    pub deadlines: Vec<Deadline>,
    /// A lead a rejection holds out: what re-entry needs and from when.
    pub reentry: Option<String>,
}

impl WhatItWouldTake {
    /// Everything but the search (cheap: read off the summary).
    pub(crate) fn plain(
        missed: Option<StageKind>,
        held: bool,
        reasons: &[Reason],
        deadlines: Vec<Deadline>,
        reentry: Option<String>,
    ) -> WhatItWouldTake {
        let target = missed.filter(|_| !held);
        let mut fixed: Vec<&str> = Vec::new();
        for r in reasons
            .iter()
            .filter(|r| !r.holds && r.changeable == Changeable::Fixed)
        {
            for i in &r.inputs {
                if !fixed.contains(&&**i) {
                    fixed.push(i);
                }
            }
        }
        let no_change = (target.is_some()
            && reasons
                .iter()
                .any(|r| !r.holds && r.changeable == Changeable::Fixed))
        .then(|| match fixed.as_slice() {
            [] => string_of("no change a rep can make: a fixed fact decides"),
            [one] => string_of(("no change a rep can make: ", *one, " decides")),
            many => string_of(("no change a rep can make: ", Joined(many, ", "), " decide")),
        });
        let missing = match target {
            Some(StageKind::Mql) | None => Vec::new(),
            Some(_) => reasons
                .iter()
                .filter(|r| !r.holds && r.changeable == Changeable::Actionable)
                .map(|r| string_of(&r.text))
                .collect(),
        };
        WhatItWouldTake {
            target,
            changes: None,
            no_change,
            missing,
            deadlines,
            reentry,
        }
    }
}

/// One way to change a lead.
#[derive(Clone, Debug, PartialEq)]
enum Lever {
    /// Add events of one kind at as-of, with the given event fields.
    Events {
        stream: usize,
        kind: usize,
        /// One value per event field of the stream.
        fields: Vec<FieldValue>,
        max: u32,
        /// `activity "page_view" where page is "pricing"` (without the count).
        singular: String,
        plural: String,
    },
    /// Set a field.
    Field { slot: usize, value: FieldValue },
}

impl CompiledPolicy {
    /// Runs the search for an explained decision (fills
    /// `what_it_would_take.changes`): nothing to search when the lead
    /// misses no stage or a rejection holds it out; an empty list when a
    /// fixed fact decides.
    pub fn search_changes(
        &self,
        lead: &Lead,
        as_of: DateTime<Utc>,
        d: &mut crate::decision::Decision,
    ) {
        let Some(w) = d
            .explanation
            .as_mut()
            .map(|e| &mut e.summary.what_it_would_take)
        else {
            return;
        };
        let Some(target) = w.target else {
            return;
        };
        w.changes = Some(if w.no_change.is_some() {
            Vec::new()
        } else {
            self.what_it_would_take(lead, as_of, target)
        });
    }

    /// The change sets that get `lead` to the stage `target` (see the
    /// module docs); empty when none was found.
    pub fn what_it_would_take(
        &self,
        lead: &Lead,
        as_of: DateTime<Utc>,
        target: StageKind,
    ) -> Vec<ChangeSet> {
        let Some(def) = self.stages.iter().find(|s| s.kind == target) else {
            return Vec::new();
        };
        let mut levers = Vec::new();
        self.levers(&def.condition, true, as_of, &mut levers, 0);
        if levers.is_empty() {
            return Vec::new();
        }
        let reaches = |set: &[(usize, u32)]| {
            let changed = apply(lead, &levers, set, as_of);
            self.evaluate(&changed, as_of, false).stage(target) == Some(true)
        };
        let max = |i: usize| match levers.get(i) {
            Some(Lever::Events { max, .. }) => *max,
            _ => 1,
        };
        let all: Vec<(usize, u32)> = (0..levers.len()).map(|i| (i, max(i))).collect();
        if !reaches(&all) {
            return Vec::new();
        }
        let mut options: Vec<Vec<(usize, u32)>> = Vec::new();
        for i in 0..levers.len() {
            if reaches(&[(i, max(i))]) {
                let n = (1..=max(i)).find(|n| reaches(&[(i, *n)])).unwrap_or(max(i));
                options.push(vec![(i, n)]);
            }
        }
        if options.is_empty() {
            for reverse in [false, true] {
                let mut set = all.clone();
                let mut order: Vec<usize> = (0..levers.len()).collect();
                if reverse {
                    order.reverse();
                }
                for i in order {
                    let without: Vec<(usize, u32)> =
                        set.iter().copied().filter(|(j, _)| *j != i).collect();
                    if reaches(&without) {
                        set = without;
                    }
                }
                for k in 0..set.len() {
                    while set.get(k).is_some_and(|(_, n)| *n > 1) {
                        let mut fewer = set.clone();
                        if let Some(e) = fewer.get_mut(k) {
                            e.1 -= 1;
                        }
                        if !reaches(&fewer) {
                            break;
                        }
                        set = fewer;
                    }
                }
                set.sort_unstable();
                if !options.contains(&set) {
                    options.push(set);
                }
            }
        }
        options.sort_by_key(|o| o.iter().map(|(_, n)| *n).sum::<u32>());
        options.truncate(MAX_OPTIONS);
        let before = self.evaluate(lead, as_of, false);
        options
            .iter()
            .map(|set| {
                let changed = apply(lead, &levers, set, as_of);
                let after = self.evaluate(&changed, as_of, false);
                let mut result = Vec::new();
                for (b, a) in before.scores.iter().zip(&after.scores) {
                    if let (Some(x), Some(y)) = (b.value, a.value) {
                        if x != y {
                            result.push(text!(
                                "{} {} → {}",
                                a.name,
                                crate::show::Num(x),
                                crate::show::Num(y)
                            ));
                        }
                    }
                }
                let word = match target {
                    StageKind::Mql => "an MQL",
                    StageKind::Sal => "accepted by sales",
                    StageKind::Sql => "an SQL",
                };
                result.push(text!("then {word}"));
                ChangeSet {
                    changes: set
                        .iter()
                        .filter_map(|(i, n)| levers.get(*i).map(|l| self.lever_words(l, *n)))
                        .collect(),
                    edits: set
                        .iter()
                        .filter_map(|(i, n)| levers.get(*i).map(|l| self.lever_edit(l, *n, as_of)))
                        .collect(),
                    size: set.iter().map(|(_, n)| *n).sum(),
                    result: result.join("; "),
                }
            })
            .collect()
    }

    fn lever_edit(&self, l: &Lever, n: u32, as_of: DateTime<Utc>) -> Edit {
        match l {
            Lever::Events {
                stream,
                kind,
                fields,
                ..
            } => {
                let spec = self.schema.streams.get(*stream);
                let mut event = serde_json::Map::new();
                if let Some(s) = spec {
                    let kind = s.kinds.get(*kind).cloned().unwrap_or_default();
                    event.insert(s.kind_field.clone(), kind.into());
                }
                event.insert("at".into(), json_value(&FieldValue::Timestamp(as_of)));
                for (f, v) in spec
                    .map(|s| &s.fields[..])
                    .unwrap_or(&[])
                    .iter()
                    .zip(fields)
                {
                    if !v.is_missing() {
                        event.insert(f.name.clone(), json_value(v));
                    }
                }
                Edit::AddEvents {
                    stream: spec.map(|s| s.name.clone()).unwrap_or_default(),
                    count: n,
                    event,
                }
            }
            Lever::Field { slot, value } => Edit::SetField {
                field: self
                    .schema
                    .fields
                    .get(*slot)
                    .map(|f| f.name.clone())
                    .unwrap_or_default(),
                value: json_value(value),
            },
        }
    }

    fn lever_words(&self, l: &Lever, n: u32) -> String {
        match l {
            Lever::Events {
                singular, plural, ..
            } => text!("{n} {}", if n == 1 { singular } else { plural }),
            Lever::Field { slot, value } => {
                let name = self
                    .schema
                    .fields
                    .get(*slot)
                    .map_or("?", |f| f.name.as_str());
                match value {
                    FieldValue::YesNo(b) => text!("{name}: {}", if *b { "yes" } else { "no" }),
                    FieldValue::Timestamp(_) => text!("{name}: now"),
                    other => text!("{name}: {other:?}"),
                }
            }
        }
    }

    /// Collects the levers that make `c` read as `want`.
    fn levers(&self, c: &Cond, want: bool, as_of: DateTime<Utc>, out: &mut Vec<Lever>, depth: u32) {
        if depth > 64 {
            return;
        }
        let d = depth + 1;
        // One lever per field: the first value asked for wins.
        let push = |l: Lever, out: &mut Vec<Lever>| {
            let taken = out.iter().any(|o| match (o, &l) {
                (Lever::Field { slot: a, .. }, Lever::Field { slot: b, .. }) => a == b,
                _ => o == &l,
            });
            if !taken {
                out.push(l);
            }
        };
        match &c.kind {
            CondKind::All(items) | CondKind::Any(items) => {
                for i in items {
                    self.levers(i, want, as_of, out, d);
                }
            }
            CondKind::Not(inner) => self.levers(inner, !want, as_of, out, d),
            CondKind::YesNo(slot) => {
                if self.actionable_field(*slot) {
                    push(
                        Lever::Field {
                            slot: *slot,
                            value: FieldValue::YesNo(want),
                        },
                        out,
                    );
                }
            }
            CondKind::Cmp {
                subject: Subject::Field(slot),
                test,
                ..
            } if self.actionable_field(*slot) => {
                let ty = self.schema.fields.get(*slot).map(|f| &f.ty);
                let value = match (ty, test, want) {
                    (Some(FieldType::YesNo), Test::Is(Lit::Bool(b)), w) => {
                        Some(FieldValue::YesNo(*b == w))
                    }
                    (Some(FieldType::YesNo), Test::IsNot(Lit::Bool(b)), w) => {
                        Some(FieldValue::YesNo(*b != w))
                    }
                    (Some(FieldType::YesNo), Test::Present, true)
                    | (Some(FieldType::YesNo), Test::Missing, false) => {
                        Some(FieldValue::YesNo(true))
                    }
                    (Some(FieldType::Timestamp), Test::Present | Test::WithinLast(_), true)
                    | (Some(FieldType::Timestamp), Test::Missing, false) => {
                        Some(FieldValue::Timestamp(as_of))
                    }
                    _ => None,
                };
                if let Some(value) = value {
                    push(Lever::Field { slot: *slot, value }, out);
                }
            }
            CondKind::Cmp {
                subject: Subject::Score(i),
                test: Test::AtLeast(_) | Test::MoreThan(_) | Test::Between(..),
                ..
            } if want => self.score_levers(*i, as_of, out, d),
            CondKind::Cmp { .. } => {}
            CondKind::Fit(i) => {
                for item in self.fits.get(*i).map(|f| &f.conditions[..]).unwrap_or(&[]) {
                    self.levers(item, want, as_of, out, d);
                }
            }
            CondKind::Trigger(i) => {
                for item in self.triggers.get(*i).map(|t| &t.items[..]).unwrap_or(&[]) {
                    self.levers(item, want, as_of, out, d);
                }
            }
            CondKind::Stage(i) => {
                if let Some(s) = self.stages.get(*i) {
                    self.levers(&s.condition, want, as_of, out, d);
                }
            }
            CondKind::Exclusion(i) => self.exclusion_levers(*i, !want, as_of, out, d),
            CondKind::NoExclusion => {
                for i in self.exclusions.indices() {
                    self.exclusion_levers(i, want, as_of, out, d);
                }
            }
            CondKind::Events(p) => {
                if want {
                    self.event_levers(p, p.qty.minimum().unwrap_or(1), out);
                }
            }
        }
    }

    /// Levers that make exclusion `i` not apply (when `off`).
    fn exclusion_levers(
        &self,
        i: Idx<ExclusionDef>,
        off: bool,
        as_of: DateTime<Utc>,
        out: &mut Vec<Lever>,
        d: u32,
    ) {
        let Some(e) = self.exclusions.get(i).filter(|_| off) else {
            return;
        };
        self.levers(&e.when, false, as_of, out, d);
        if let Some(u) = &e.unless {
            self.levers(u, true, as_of, out, d);
        }
    }

    fn score_levers(&self, i: Idx<ScoreDef>, as_of: DateTime<Utc>, out: &mut Vec<Lever>, d: u32) {
        let Some(def) = self.scores.get(i) else {
            return;
        };
        for r in def.body.rules() {
            match &r.basis {
                Basis::ForEach(p) if r.points > 0.0 => {
                    let most = r.cap.map_or(MAX_EVENTS as f64, |c| (c / r.points).ceil());
                    self.event_levers(p, most.clamp(1.0, MAX_EVENTS as f64) as u32, out);
                }
                Basis::When(c) => self.levers(c, r.points > 0.0, as_of, out, d),
                Basis::ForEach(_) => {}
            }
        }
    }

    /// One lever per kind the pattern counts, with the `where` fields it asks for.
    fn event_levers(&self, p: &EvPat, max: u32, out: &mut Vec<Lever>) {
        let Some(spec) = self.schema.streams.get(p.stream) else {
            return;
        };
        let mut asked = Vec::new();
        if let Some(f) = &p.filter {
            if !filter_fields(f, &mut asked) {
                return;
            }
        }
        let mut fields = vec![FieldValue::Missing; spec.fields.len()];
        for (i, v) in asked {
            if let Some(slot) = fields.get_mut(i) {
                *slot = v;
            }
        }
        let by = if spec.kind_field == "kind" { "" } else { " by" };
        let filter = p
            .detail
            .find(" where ")
            .and_then(|i| p.detail.get(i..))
            .unwrap_or("");
        for kind in &p.kinds {
            let Some(name) = spec.kinds.get(*kind) else {
                continue;
            };
            let l = Lever::Events {
                stream: p.stream,
                kind: *kind,
                fields: fields.clone(),
                max: max.clamp(1, MAX_EVENTS),
                singular: text!("{}{by} \"{name}\"{filter}", p.singular),
                plural: text!("{}{by} \"{name}\"{filter}", p.plural),
            };
            // One lever per event: keep the larger count.
            match out.iter_mut().find(|o| same_event(o, &l)) {
                Some(Lever::Events { max: m, .. }) => *m = (*m).max(max.clamp(1, MAX_EVENTS)),
                _ => out.push(l),
            }
        }
    }
}

fn same_event(a: &Lever, b: &Lever) -> bool {
    match (a, b) {
        (
            Lever::Events {
                stream: s1,
                kind: k1,
                fields: f1,
                ..
            },
            Lever::Events {
                stream: s2,
                kind: k2,
                fields: f2,
                ..
            },
        ) => s1 == s2 && k1 == k2 && f1 == f2,
        _ => false,
    }
}

/// The event fields a `where` filter asks for; `false` when it asks for
/// something this search cannot write (a range, a pattern).
fn filter_fields(c: &Cond, out: &mut Vec<(usize, FieldValue)>) -> bool {
    match &c.kind {
        CondKind::All(items) => items.iter().all(|i| filter_fields(i, out)),
        CondKind::Cmp {
            subject: Subject::EventField(i),
            test,
            ..
        } => {
            let v = match test {
                Test::Is(Lit::Text(t)) => FieldValue::Text(LeadText::new(t)),
                Test::Is(Lit::Num(n)) => FieldValue::Number(*n),
                Test::Is(Lit::Bool(b)) => FieldValue::YesNo(*b),
                Test::OneOf(set) => match set.texts.iter().min() {
                    Some(t) => FieldValue::Text(LeadText::new(t)),
                    None => return false,
                },
                Test::Present => FieldValue::Text(LeadText::new_static("(recorded)")),
                _ => return false,
            };
            out.push((*i, v));
            true
        }
        _ => false,
    }
}

/// A value as a lead record's JSON carries it.
fn json_value(v: &FieldValue) -> serde_json::Value {
    match v {
        FieldValue::YesNo(b) => (*b).into(),
        FieldValue::Number(n) => {
            serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into)
        }
        FieldValue::Text(t) => t.to_string().into(),
        FieldValue::Timestamp(t) => crate::show::rfc3339(*t).into(),
        FieldValue::Date(d) => d.to_string().into(),
        FieldValue::Zone(z) => z.name().into(),
        FieldValue::Missing | FieldValue::List(_) => serde_json::Value::Null,
    }
}

/// The lead with the levers applied (`set`: lever index, count).
fn apply(lead: &Lead, levers: &[Lever], set: &[(usize, u32)], as_of: DateTime<Utc>) -> Lead {
    let mut lead = lead.clone();
    for (i, n) in set {
        match levers.get(*i) {
            Some(Lever::Events {
                stream,
                kind,
                fields,
                ..
            }) => {
                if let Some(events) = lead.streams.get_mut(*stream) {
                    let at = events.partition_point(|e| e.at <= as_of);
                    let new = (0..*n).map(|_| Event {
                        at: as_of,
                        kind: *kind,
                        fields: fields.clone(),
                    });
                    events.splice(at..at, new);
                }
            }
            Some(Lever::Field { slot, value }) => {
                if let Some(v) = lead.values.get_mut(*slot) {
                    *v = value.clone();
                }
            }
            None => {}
        }
    }
    lead
}
