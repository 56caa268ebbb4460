//! Accord's checker: an incremental (salsa 0.28) database that parses a
//! policy and its imports, resolves names, and checks types, units and the
//! agreement's logic, explaining every mistake with a stable code, a label
//! on the exact text and a help line.
//!
//! # Design
//!
//! - Inputs ([`db`]): one [`db::SourceFile`] per file (path, text, file id)
//!   and a [`db::FileSet`] of every path the edge tried to read. The
//!   database has no file system; [`load::Workspace`] does the I/O.
//! - Parsing ([`parse`]) is per top-level block: each block's text is
//!   interned and parsed on its own, so its AST has spans relative to the
//!   block start and stays equal when other blocks change or move.
//! - Definitions are interned by `(file, kind, name, occurrence)` — never by
//!   span — and checked one by one ([`check::check_unit`]) against the
//!   policy set's symbol table ([`resolve::symbols`]). Editing one
//!   definition re-runs only its own check (plus checks that read
//!   something that really changed, e.g. the bounds of an edited score);
//!   editing comments or blank lines between definitions re-runs none.
//! - Diagnostics are accumulated ([`db::Reported`]) with spans relative to
//!   their definition and made absolute only at the edge
//!   ([`load::Workspace::diagnostics`]).
//!
//! Check families: [`types`] (names and types in conditions), [`units`]
//! (time, percentages, zones, dates), [`logic`] (scores, weights, ranges,
//! header), [`tiers`] (unreachable tiers, SLA limits by tier), [`words`] (`contains` of a
//! short word that could match inside longer words), [`policy`]
//! (duplicates, unused definitions, cycles), [`imports`] (import cycles,
//! an entry that declares nothing), [`items`] (the per-definition
//! dispatcher). [`cascade`] keeps a syntax error from being reported again
//! as its consequences (unknown names, unused definitions).
//!
//! Codes: see [`CODES`].

mod bare_words;
pub mod cascade;
pub mod check;
pub mod class;
pub mod ctx;
pub mod db;
pub mod dead;
pub mod ide;
pub mod imports;
pub mod items;
pub mod load;
pub mod logic;
pub mod memory;
pub mod names;
pub mod parse;
pub mod policy;
pub mod resolve;
pub mod scale;
pub mod suggest;
pub mod tiers;
pub mod types;
pub mod units;
pub mod words;

pub use load::{LoadError, PolicyId, ResolvedPolicy, Workspace};

/// Every diagnostic code the checker reports (besides the parser's
/// `accord::syntax`).
pub const CODES: &[&str] = &[
    "accord::missing-import",
    "accord::import-outside-policy-set",
    "accord::import-not-a-policy",
    "accord::import-cycle",
    "accord::empty-policy",
    "accord::unknown-field",
    "accord::unknown-definition",
    "accord::unknown-list",
    "accord::unknown-calendar",
    "accord::unknown-tier",
    "accord::unknown-reason-code",
    "accord::unknown-event-stream",
    "accord::unknown-event-kind",
    "accord::unknown-event-field",
    "accord::unknown-metric",
    "accord::metric-instant",
    "accord::breach-test",
    "accord::breach-period-mismatch",
    "accord::not-a-value",
    "accord::type-mismatch",
    "accord::between-needs-numbers",
    "accord::unknown-choice",
    "accord::yes-no-compared",
    "accord::not-a-condition",
    "accord::domain-of-non-email",
    "accord::domain-with-at",
    "accord::list-as-field",
    "accord::business-time-without-calendar",
    "accord::sla-limit-unit",
    "accord::percent-expected",
    "accord::percent-mismatch",
    "accord::percent-out-of-range",
    "accord::duration-out-of-range",
    "accord::unknown-time-zone",
    "accord::date-format",
    "accord::no-lead-time-zone",
    "accord::calendar-hours",
    "accord::invalid-date",
    "accord::invalid-time",
    "accord::weights-sum",
    "accord::threshold-unreachable",
    "accord::threshold-always-met",
    "accord::score-floor",
    "accord::empty-range",
    "accord::unreachable-tier",
    "accord::no-fallback-tier",
    "accord::points-always-removed",
    "accord::implied-requirement",
    "accord::preempted-exclusion",
    "accord::never-recycled-reentry",
    "accord::sla-missing-tier-limit",
    "accord::duplicate-sla-limit",
    "accord::after-hours-without-calendar",
    "accord::reason-without-disposition",
    "accord::definition-cycle",
    "accord::duplicate-name",
    "accord::unused-definition",
    "accord::effective-after-review",
    "accord::review-too-late",
    "accord::missing-version",
    "accord::missing-effective-date",
    "accord::contains-part-of-word",
    "accord::handoff-yes-no-present",
];
