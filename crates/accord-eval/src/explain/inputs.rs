//! Which inputs a clause reads, and which of them the team can change.
//!
//! The rule (one for every policy, documented in README.md):
//! - **Actionable** — something a rep or marketing can change: every event
//!   stream (an activity marketing can drive, an attempt a rep logs); an
//!   optional yes/no or timestamp field (what the CRM records as the lead
//!   moves on: a confirmation, an acceptance); and any field an exclusion's
//!   `unless` reads (the agreement's own way out of the exclusion: verify
//!   the phone).
//! - **Fixed** — every other field: facts about the lead (company size,
//!   industry, country, title, status, the email's domain, whether the lead
//!   unsubscribed).
//!
//! What a clause reads does not depend on the lead: a summary's reason
//! asks it of the plan's memo ([`ReadByMemo`]), which works it out the
//! first time.

use crate::plan::*;
use accord_records::FieldType;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

/// Deepest nesting followed (guards cycles in an unchecked policy).
const MAX_DEPTH: u32 = 64;

/// The fields (slots) and event streams a clause reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Inputs {
    pub fields: Vec<usize>,
    pub streams: Vec<usize>,
}

impl Inputs {
    fn field(&mut self, slot: usize) {
        if !self.fields.contains(&slot) {
            self.fields.push(slot);
        }
    }
    fn stream(&mut self, s: usize) {
        if !self.streams.contains(&s) {
            self.streams.push(s);
        }
    }
}

impl CompiledPolicy {
    /// What clause `c` reads (see [`ReadBy`]).
    pub(crate) fn clause_read_by(&self, c: &Cond) -> Cow<'_, ReadBy> {
        let cell = self.read_by.clauses.get(c.src as usize);
        self.read_by_in(cell, |acc| self.cond_inputs(c, acc, 0))
    }

    /// What exclusion `i` reads: its `when` and its `unless`.
    pub(crate) fn exclusion_read_by(&self, i: Idx<ExclusionDef>) -> Cow<'_, ReadBy> {
        let cell = self.read_by.exclusions.get(i.index());
        self.read_by_in(cell, |acc| self.exclusion_inputs(i, acc, 0))
    }

    /// The [`ReadBy`] of what `inputs_of` adds: from `cell`, worked out
    /// there the first time (or afresh when there is no cell).
    fn read_by_in<'a>(
        &'a self,
        cell: Option<&'a OnceLock<ReadBy>>,
        inputs_of: impl FnOnce(&mut Inputs),
    ) -> Cow<'a, ReadBy> {
        let work_out = || {
            let mut inputs = Inputs::default();
            inputs_of(&mut inputs);
            let actionable = self.any_actionable(&inputs);
            ReadBy {
                actionable,
                names: self.input_names(&inputs, actionable).into(),
            }
        };
        match cell {
            Some(c) => Cow::Borrowed(c.get_or_init(work_out)),
            None => Cow::Owned(work_out()),
        }
    }

    /// Whether the team can change a field (see the module docs), as
    /// decided once for the policy ([`CompiledPolicy::find_actionable_fields`]).
    pub(crate) fn actionable_field(&self, slot: usize) -> bool {
        self.actionable_fields.get(slot).copied().unwrap_or(false)
    }

    /// Whether the team can change each field, by slot (see the module
    /// docs): an optional yes/no or timestamp field, or a field any
    /// exclusion's `unless` reads. Worked out at compile time, once the
    /// exclusions are compiled.
    pub(crate) fn find_actionable_fields(&self) -> Vec<bool> {
        let mut unless = Inputs::default();
        for u in self.exclusions.iter().filter_map(|e| e.unless.as_ref()) {
            self.cond_inputs(u, &mut unless, 0);
        }
        self.schema
            .fields
            .iter()
            .enumerate()
            .map(|(slot, f)| {
                (f.optional && matches!(f.ty, FieldType::YesNo | FieldType::Timestamp))
                    || unless.fields.contains(&slot)
            })
            .collect()
    }

    /// Whether any input is actionable.
    fn any_actionable(&self, i: &Inputs) -> bool {
        !i.streams.is_empty() || i.fields.iter().any(|s| self.actionable_field(*s))
    }

    /// The names of the inputs, actionable ones first when `actionable`
    /// (`activities, phone_verified`), else the fixed ones.
    fn input_names(&self, i: &Inputs, actionable: bool) -> Vec<Arc<str>> {
        let streams = i
            .streams
            .iter()
            .filter(|_| actionable)
            .filter_map(|s| self.stream_names.get(*s))
            .map(|st| Arc::clone(&st.name));
        let fields = i
            .fields
            .iter()
            .filter(|slot| self.actionable_field(**slot) == actionable)
            .filter_map(|slot| self.field_names.get(*slot))
            .map(Arc::clone);
        streams.chain(fields).collect()
    }

    /// Adds what `c` reads to `acc` (through definitions it refers to).
    pub(crate) fn cond_inputs(&self, c: &Cond, acc: &mut Inputs, depth: u32) {
        if depth > MAX_DEPTH {
            return;
        }
        let d = depth + 1;
        match &c.kind {
            CondKind::Cmp { subject, .. } => self.subject_inputs(subject, acc, d),
            CondKind::All(items) | CondKind::Any(items) => {
                for item in items {
                    self.cond_inputs(item, acc, d);
                }
            }
            CondKind::Not(inner) => self.cond_inputs(inner, acc, d),
            CondKind::YesNo(slot) => acc.field(*slot),
            CondKind::Fit(i) => {
                for c in self.fits.get(*i).map(|f| &f.conditions[..]).unwrap_or(&[]) {
                    self.cond_inputs(c, acc, d);
                }
            }
            CondKind::Trigger(i) => {
                for c in self.triggers.get(*i).map(|t| &t.items[..]).unwrap_or(&[]) {
                    self.cond_inputs(c, acc, d);
                }
            }
            CondKind::Exclusion(i) => self.exclusion_inputs(*i, acc, d),
            CondKind::NoExclusion => {
                for i in self.exclusions.indices() {
                    self.exclusion_inputs(i, acc, d);
                }
            }
            CondKind::Stage(i) => {
                if let Some(s) = self.stages.get(*i) {
                    self.cond_inputs(&s.condition, acc, d);
                }
            }
            CondKind::Events(p) => self.pattern_inputs(p, acc, d),
        }
    }

    pub(crate) fn exclusion_inputs(&self, i: Idx<ExclusionDef>, acc: &mut Inputs, depth: u32) {
        if let Some(e) = self.exclusions.get(i) {
            self.cond_inputs(&e.when, acc, depth);
            if let Some(u) = &e.unless {
                self.cond_inputs(u, acc, depth);
            }
        }
    }

    fn pattern_inputs(&self, p: &EvPat, acc: &mut Inputs, _depth: u32) {
        acc.stream(p.stream);
        if let Some(s) = p.since {
            acc.field(s);
        }
    }

    fn subject_inputs(&self, s: &Subject, acc: &mut Inputs, depth: u32) {
        match s {
            Subject::Field(slot) | Subject::DomainOf(slot) => acc.field(*slot),
            Subject::Score(i) => self.score_inputs(*i, acc, depth),
            Subject::Tier => {
                for t in self.tiers.iter().flat_map(|t| &t.tiers) {
                    if let Some(c) = &t.condition {
                        self.cond_inputs(c, acc, depth);
                    }
                }
            }
            Subject::Sla(_) | Subject::EventField(_) | Subject::EventKind | Subject::EventAt => {}
        }
    }

    pub(crate) fn score_inputs(&self, i: Idx<ScoreDef>, acc: &mut Inputs, depth: u32) {
        let Some(def) = self.scores.get(i) else {
            return;
        };
        if let ScoreBody::FromField(slot) = def.body {
            acc.field(slot);
        }
        for r in def.body.rules() {
            match &r.basis {
                Basis::When(c) => self.cond_inputs(c, acc, depth),
                Basis::ForEach(p) => self.pattern_inputs(p, acc, depth),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Every clause of `c`, itself first.
    fn clauses<'a>(c: &'a Cond, out: &mut Vec<&'a Cond>) {
        out.push(c);
        match &c.kind {
            CondKind::All(items) | CondKind::Any(items) => {
                items.iter().for_each(|i| clauses(i, out));
            }
            CondKind::Not(inner) => clauses(inner, out),
            _ => {}
        }
    }

    /// What each clause of every bundled policy reads, asked in policy
    /// order and then backwards (the second time from the memo), is what
    /// working it out afresh gives: no two clauses share an entry.
    #[test]
    fn a_clause_reads_what_it_reads_remembered_or_not() {
        for (name, p, _) in crate::tests::bundled_policies_and_leads() {
            let mut all = Vec::new();
            for s in p.stages.iter() {
                clauses(&s.condition, &mut all);
            }
            for f in p.fits.iter() {
                f.conditions.iter().for_each(|c| clauses(c, &mut all));
            }
            for t in p.triggers.iter() {
                t.items.iter().for_each(|c| clauses(c, &mut all));
            }
            for e in p.exclusions.iter() {
                clauses(&e.when, &mut all);
                e.unless.iter().for_each(|c| clauses(c, &mut all));
            }
            for t in p.tiers.iter().flat_map(|t| &t.tiers) {
                t.condition.iter().for_each(|c| clauses(c, &mut all));
            }
            assert!(all.len() > 20, "{name}: {} clauses", all.len());
            let afresh = |c: &Cond| {
                p.read_by_in(None, |acc| p.cond_inputs(c, acc, 0))
                    .into_owned()
            };
            for c in all.iter().chain(all.iter().rev()) {
                assert_eq!(*p.clause_read_by(c), afresh(c), "{name}: clause {}", c.src);
            }
            for i in p.exclusions.indices().chain(p.exclusions.indices().rev()) {
                let fresh = p.read_by_in(None, |acc| p.exclusion_inputs(i, acc, 0));
                assert_eq!(p.exclusion_read_by(i), fresh, "{name}: exclusion {i:?}");
            }
            // Some clause reads something the team can change, some only facts.
            let kinds: Vec<bool> = all.iter().map(|c| p.clause_read_by(c).actionable).collect();
            assert!(kinds.contains(&true) && kinds.contains(&false), "{name}");
        }
    }
}
