//! Where the texts of an explanation tree's nodes are ([`Words`]): written
//! into the tree's own buffer, or read from the policy — its table of
//! clauses (a clause's text and location, a comparison's name and
//! threshold, a definition's title, all written once when the policy is
//! compiled), its field names — or from the fixed [`Phrase`]s; and the
//! policy's words by reference ([`shared_words`]). Part of
//! [`super::tree`], which stores the nodes.

use crate::plan::{Src, SrcId};
use std::sync::Arc;

/// A byte range of the tree's text buffer (here, below the tree that
/// writes it, since [`Words::Own`] holds one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub(super) start: u32,
    pub(super) end: u32,
}

/// Where a text of a node (its clause, location, title, gap, a value's
/// name or value, a threshold, a note) is: written into the tree's
/// buffer, or a clause of the policy (its text, its `file:line`, the name
/// and threshold of a comparison, pattern or per-occurrence rule written
/// when the policy was compiled: [`crate::plan::Compared`], a
/// definition's title: [`Src::title`]), read from the policy's table; a
/// field's name; a fixed phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Words {
    Own(Span),
    Clause(SrcId),
    Location(SrcId),
    ComparedName(SrcId),
    Threshold(SrcId),
    Title(SrcId),
    /// A lead's field by its slot: its name.
    Field(u32),
    Phrase(Phrase),
}

/// Fixed words explanations show again and again (a threshold `yes`, a
/// handoff field `present`, `explained above`, the `points` of every
/// score rule), read from here instead of written into every tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phrase {
    Yes,
    No,
    Present,
    Applies,
    ExplainedAbove,
    Holds,
    DoesNotHold,
    /// What a score rule adds, the name of its value (every rule of a
    /// score shows one).
    Points,
    NoDecay,
    Tier,
}

impl Phrase {
    pub(crate) fn text(self) -> &'static str {
        match self {
            Phrase::Yes => "yes",
            Phrase::No => "no",
            Phrase::Present => "present",
            Phrase::Applies => "applies",
            Phrase::ExplainedAbove => "explained above",
            Phrase::Holds => "holds",
            Phrase::DoesNotHold => "does not hold",
            Phrase::Points => "points",
            Phrase::NoDecay => "no decay",
            Phrase::Tier => "tier",
        }
    }
    /// `yes` or `no`.
    pub(crate) fn of(yes: bool) -> Phrase {
        if yes {
            Phrase::Yes
        } else {
            Phrase::No
        }
    }
}

/// The policy's words (`Words` but `Own`) from its table of clauses
/// `srcs` and its field names `fields`; empty for the tree's own.
pub(super) fn shared_words<'a>(
    srcs: Option<&'a [Src]>,
    fields: Option<&'a [Arc<str>]>,
    w: Words,
) -> &'a str {
    let src = |i: SrcId| srcs.and_then(|s| s.get(i as usize));
    let compared = |i: SrcId| src(i).and_then(|s| s.compared.as_ref());
    match w {
        Words::Own(_) => "",
        Words::Clause(i) => src(i).map_or("", |s| &s.text),
        Words::Location(i) => src(i).map_or("", |s| &s.loc),
        Words::ComparedName(i) => compared(i).map_or("", |c| &c.name),
        Words::Threshold(i) => compared(i)
            .and_then(|c| c.threshold.as_deref())
            .unwrap_or(""),
        Words::Title(i) => src(i).and_then(|s| s.title.as_deref()).unwrap_or(""),
        Words::Field(slot) => fields.and_then(|f| f.get(slot as usize)).map_or("?", |n| n),
        Words::Phrase(p) => p.text(),
    }
}
