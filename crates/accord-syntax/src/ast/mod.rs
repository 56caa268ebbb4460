//! The typed syntax tree of an Accord policy.
//!
//! Every node carries a [`Span`] (byte range plus file id). The tree is what
//! was written, nothing resolved: names are plain [`Ident`]s, and the checker
//! (crate `accord-check`) decides what they refer to. The doc comment on each
//! node shows the surface syntax it comes from; `docs/language.md` (and
//! `policies/`) show whole policies.
//!
//! Conventions of the surface language (see `grammar/accord.pest`):
//! - A definition starts at column 0 with a keyword; its body is the indented
//!   lines below it (a header that has a body ends in `:`).
//! - `#` starts a comment, kept in [`Policy::comments`].
//! - Numbers are decimal (`65`, `0.5`, `-10`); percentages end in `%`.
//! - Text is in double quotes; dates are `YYYY-MM-DD`; times `HH:MM`.
//!
//! The nodes are grouped by part of the language, each in its own module
//! and all re-exported here (`accord_syntax::ast::Condition`):
//! - this module: names, texts, dates, times, comments, the [`Policy`] and
//!   its [`Item`]s;
//! - `header`: imports, the agreement header, calendar periods;
//! - `schema`: the lead fields and event streams;
//! - `calendars`: calendars and named lists;
//! - `conditions`: values, durations, conditions, event patterns;
//! - `definitions`: fits, scores, triggers, exclusions, stages, tiers;
//! - `slas`: SLAs and persistence;
//! - `dispositions`: rejection reasons, recycling, handoff;
//! - `aggregates`: metrics, breaches, drift.

mod aggregates;
mod calendars;
mod conditions;
mod definitions;
mod dispositions;
mod header;
mod schema;
mod slas;

pub use aggregates::*;
pub use calendars::*;
pub use conditions::*;
pub use definitions::*;
pub use dispositions::*;
pub use header::*;
pub use schema::*;
pub use slas::*;

use crate::span::{FileId, Span};
use serde::Serialize;

/// The keywords that start a definition and are followed by the name of
/// what they define (`fit icp:`, `list target_industries:`).
pub const DEFINITION_KEYWORDS: &[&str] = &[
    "list",
    "calendar",
    "fit",
    "score",
    "trigger",
    "exclusion",
    "sla",
    "metric",
    "breach",
    "drift",
];

/// A name written in the policy (field, definition, list, calendar, reason code…).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A quoted string, unescaped.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Str {
    pub value: String,
    pub span: Span,
}

/// `2026-01-01`. Kept as written; the checker validates it is a real date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DateLit {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub span: Span,
}

/// `08:00` (24-hour clock). Kept as written; the checker validates it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeOfDay {
    pub hour: u32,
    pub minute: u32,
    pub span: Span,
}

/// A `# comment`, text without the `#`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

/// One parsed `.accord` file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Policy {
    pub file: FileId,
    pub items: Vec<Item>,
    pub comments: Vec<Comment>,
}

/// A top-level definition.
// Items are built once per file and never copied in hot paths; boxing the
// big variants would only add noise for every consumer.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Item {
    Import(Import),
    Agreement(Agreement),
    Fields(FieldsBlock),
    Calendar(Calendar),
    List(ListDef),
    Fit(Fit),
    Score(Score),
    Trigger(Trigger),
    Exclusion(Exclusion),
    Stage(Stage),
    Tiers(Tiers),
    Sla(Sla),
    Persistence(Persistence),
    Rejections(RejectionReasons),
    Recycling(Recycling),
    Handoff(Handoff),
    Metric(Metric),
    Breach(Breach),
    Drift(Drift),
}

impl Item {
    /// The span of the whole definition (header and body).
    pub fn span(&self) -> Span {
        match self {
            Item::Import(x) => x.span,
            Item::Agreement(x) => x.span,
            Item::Fields(x) => x.span,
            Item::Calendar(x) => x.span,
            Item::List(x) => x.span,
            Item::Fit(x) => x.span,
            Item::Score(x) => x.span,
            Item::Trigger(x) => x.span,
            Item::Exclusion(x) => x.span,
            Item::Stage(x) => x.span,
            Item::Tiers(x) => x.span,
            Item::Sla(x) => x.span,
            Item::Persistence(x) => x.span,
            Item::Rejections(x) => x.span,
            Item::Recycling(x) => x.span,
            Item::Handoff(x) => x.span,
            Item::Metric(x) => x.span,
            Item::Breach(x) => x.span,
            Item::Drift(x) => x.span,
        }
    }

    /// The block's `applies when <condition>` line: the one way an SLA,
    /// persistence or handoff is limited to some leads (for the others it
    /// is not applicable). `None` for a block without one, and for the
    /// kinds that do not take it (see `grammar/docs`).
    pub fn applies(&self) -> Option<&Condition> {
        match self {
            Item::Sla(x) => x.applies.as_ref(),
            Item::Persistence(x) => x.applies.as_ref(),
            Item::Handoff(x) => x.applies.as_ref(),
            _ => None,
        }
    }
}
