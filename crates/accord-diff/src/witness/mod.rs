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
//!
//! - [`constraints`]: what a lead under construction must be ([`Goal`]:
//!   per-field wants, events to add or forbid, scores to reach) and the
//!   interval arithmetic over them.
//! - [`conditions`]: making a condition come out true or false (`all of`,
//!   `any of`, names, exclusions, comparisons) by adding constraints.
//! - [`events`]: adding or forbidding the events a pattern asks for.
//! - [`lead`]: the lead itself, every field picked from its constraints.
//! - [`scores`]: the moves that raise or lower a score.

mod conditions;
mod constraints;
mod events;
mod lead;
mod scores;

pub use constraints::{intersect, Goal};

use accord_records::Schema;
use accord_syntax::ast::{self, Condition, Item};
use chrono::{DateTime, Utc};

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

/// Builds leads for one version.
pub struct Builder<'a> {
    pub defs: Defs<'a>,
    pub schema: &'a Schema,
    pub as_of: DateTime<Utc>,
}
