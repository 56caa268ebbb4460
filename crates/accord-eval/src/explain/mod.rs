//! Explanations: why a lead got the answers it got, for a person and for
//! an engine.
//!
//! An [`Explanation`] has two parts:
//! - a [`Summary`] on top (built by [`summary`]): the verdict in words,
//!   tier and score against the threshold, each SLA in one line with the
//!   amount, persistence, handoff, the reasons ranked (those that decide
//!   first, each marked as something the team can change or a fixed fact),
//!   and [`WhatItWouldTake`] (found by the evaluator, see
//!   [`what_it_would_take`]);
//! - the tree of clauses (`tree.rs`, read through `view.rs`): each clause of
//!   the policy as it applied to the lead, with its verdict, the values it
//!   read, the thresholds, the gap ("needs 6.2 more") and `file:line`.
//!   The evaluator builds it on the same code path that decides (see
//!   `eval`), only when asked.
//!
//! **What the marks mean**, everywhere: ✓ is as the agreement wants it (a
//! requirement met, an exclusion that does not apply, a `not` that holds,
//! points earned, an SLA met); ✗ is against the lead (a requirement not
//! met, an exclusion that applies, a penalty taken, an SLA breached); ·
//! is information with no effect either way (a score rule that adds
//! nothing, a pending SLA, a breakdown); – does not apply.
//!
//! Renderings: [`Explanation::render_text`] and
//! [`Explanation::render_markdown`] at a [`Detail`] level
//! (`render_text.rs`, `render_markdown.rs`); the JSON form is serde's (the
//! summary, then the full tree).

mod inputs;
mod later;
mod reason;
mod render_markdown;
mod render_text;
mod shared_texts;
pub mod summary;
pub(crate) mod tree;
mod view;
pub mod what_it_would_take;
mod words;

#[cfg(test)]
pub(crate) use crate::text::string_of as tree_text;
#[cfg(test)]
pub(crate) use later::KEEPING_OFF;
#[cfg(test)]
pub(crate) use shared_texts::SHARING_OFF;
pub use summary::{Changeable, Reason, SlaLine, Summary};
pub(crate) use tree::{
    KeptTree, NodeId, Phrase, Shared, Span, TextKey, Tree, Words, NONE as NONE_NODE, ROOT,
};
pub use view::{Children, Node, Reading};
pub use what_it_would_take::{ChangeSet, Deadline, Edit, WhatItWouldTake};

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;
use std::fmt;
use view::Seq;

/// What a clause came to for this lead, as the marks say it (see the
/// module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// ✓ As the agreement wants it: the clause holds (or, for a clause
    /// whose holding is bad news — under `not`, an exclusion's condition,
    /// a penalty's condition — does not hold).
    Pass,
    /// ✗ Against the lead.
    Fail,
    /// – The clause does not apply to this lead (SLA not applicable, rule
    /// skipped by its `when`).
    NotApplicable,
    /// · Information, no effect either way (a score breakdown, a rule
    /// that adds no points, a pending SLA, a route).
    Info,
}

impl Verdict {
    /// `true` → pass, `false` → fail.
    pub fn of(holds: bool) -> Verdict {
        if holds {
            Verdict::Pass
        } else {
            Verdict::Fail
        }
    }
    /// The mark drawn in the text rendering.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Pass => "✓",
            Verdict::Fail => "✗",
            Verdict::NotApplicable => "–",
            Verdict::Info => "·",
        }
    }
}

/// How much of an explanation a rendering shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Detail {
    /// The summary only.
    Summary,
    /// The summary, then the clauses that decide the verdict (fits a
    /// screen).
    #[default]
    Decisive,
    /// The summary, then every clause.
    Full,
}

impl std::str::FromStr for Detail {
    type Err = String;
    fn from_str(s: &str) -> Result<Detail, String> {
        match s {
            "summary" => Ok(Detail::Summary),
            "decisive" => Ok(Detail::Decisive),
            "full" => Ok(Detail::Full),
            other => Err(format!(
                "unknown detail level {other:?}: use summary, decisive or full"
            )),
        }
    }
}

/// The explanation of one lead: a header, the [`Summary`], and one tree per
/// answer (MQL, SAL, SQL, tier, each SLA, persistence, recycling, handoff).
#[derive(Clone, PartialEq)]
pub struct Explanation {
    pub lead: accord_records::LeadText,
    /// `2026-11-30 15:00 UTC` (shared by the explanations made on one
    /// thread as of the same instant).
    pub as_of: std::sync::Arc<str>,
    /// `Acme MQL/SQL Agreement 1.2 (hash 1a2b…)`, shared by every
    /// explanation of the policy.
    pub policy: std::sync::Arc<str>,
    pub summary: Summary,
    tree: KeptTree,
    /// Which answer the verdict comes from (its clauses are the decisive
    /// ones), by position.
    decisive: Option<usize>,
}

impl Explanation {
    pub(crate) fn new(
        lead: accord_records::LeadText,
        as_of: std::sync::Arc<str>,
        policy: std::sync::Arc<str>,
        summary: Summary,
        tree: Tree,
        decisive: Option<usize>,
    ) -> Explanation {
        Explanation {
            lead,
            as_of,
            policy,
            summary,
            tree: KeptTree(tree.built()),
            decisive,
        }
    }
    /// How many values the tree keeps to write on its first read (for
    /// tests: see `explain/later.rs`).
    #[cfg(test)]
    pub(crate) fn kept_values(&self) -> usize {
        self.tree.kept_values()
    }
    /// The answers, in order: MQL, SAL, SQL, tier, each SLA, persistence,
    /// recycling, handoff (those the policy defines).
    pub fn answers(&self) -> Children<'_> {
        self.tree.root_children()
    }
}

/// A dropped explanation gives its summary's strings and lists back to
/// the thread for the next explanation's (`Summary::give_back`).
impl Drop for Explanation {
    fn drop(&mut self) {
        self.summary.give_back();
    }
}

impl Serialize for Explanation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Explanation", 5)?;
        st.serialize_field("lead", &self.lead)?;
        st.serialize_field("as_of", &self.as_of)?;
        st.serialize_field("policy", &self.policy)?;
        st.serialize_field("summary", &self.summary)?;
        st.serialize_field("answers", &Seq(self.answers()))?;
        st.end()
    }
}

impl fmt::Debug for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Explanation")
            .field("lead", &self.lead)
            .field("as_of", &self.as_of)
            .field("policy", &self.policy)
            .field("summary", &self.summary)
            .field("answers", &self.answers().collect::<Vec<_>>())
            .finish()
    }
}
