//! The context every check writes into: [`Ctx`] collects one check unit's
//! diagnostics, [`TimeCtx`] says where business time is allowed, and
//! [`error`] / [`warning`] / [`definition`] are the shorthands the checks
//! share. This module is the bottom of the checker's layering: the entry
//! points ([`crate::check`]) call the item checks ([`crate::items`],
//! [`crate::policy`]), which call the helper checks ([`crate::types`],
//! [`crate::units`], [`crate::logic`], …), and all of them write here; it
//! imports none of them.

use accord_syntax::{Diagnostic, Span};
use salsa::Accumulator;

use crate::db::{Anchor, DefRef, Definition, Reported};
use crate::resolve::Symbols;

/// Where business time (`2 business days`) is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeCtx {
    /// A calendar applies (an SLA or persistence `counted in` one).
    Calendar,
    /// Inside an SLA or persistence rule without `counted in`.
    NoCalendarClause,
    /// An event window (`within the last 30 days`, `within any 14 days`):
    /// always calendar time.
    EventWindow,
    /// Anywhere else: needs some calendar declared in the policy.
    Elsewhere,
}

/// Collects the diagnostics of one check unit (spans relative to `here`).
pub struct Ctx<'a> {
    pub db: &'a dyn salsa::Database,
    pub syms: &'a Symbols,
    pub here: DefRef,
    pub time: TimeCtx,
    out: Vec<Reported>,
}

impl<'a> Ctx<'a> {
    pub fn new(db: &'a dyn salsa::Database, syms: &'a Symbols, here: DefRef) -> Self {
        Ctx {
            db,
            syms,
            here,
            time: TimeCtx::Elsewhere,
            out: Vec::new(),
        }
    }

    /// Reports a diagnostic whose spans all lie in the current definition.
    pub fn emit(&mut self, d: Diagnostic) {
        if self.syms.is_cascade(&d) {
            return;
        }
        let related = vec![Anchor::Def(self.here.clone()); d.related.len()];
        self.out.push(Reported {
            diagnostic: d,
            anchor: Anchor::Def(self.here.clone()),
            related,
        });
    }

    /// Reports a diagnostic with a related span in another definition.
    pub fn emit_with(&mut self, d: Diagnostic, related_at: Vec<DefRef>) {
        if self.syms.is_cascade(&d) {
            return;
        }
        self.out.push(Reported {
            diagnostic: d,
            anchor: Anchor::Def(self.here.clone()),
            related: related_at.into_iter().map(Anchor::Def).collect(),
        });
    }

    /// Runs `f` with a different time context.
    pub fn with_time<R>(&mut self, time: TimeCtx, f: impl FnOnce(&mut Self) -> R) -> R {
        let saved = self.time;
        self.time = time;
        let r = f(self);
        self.time = saved;
        r
    }

    /// Hands everything collected to salsa.
    pub fn flush(self) {
        let db = self.db;
        for r in self.out {
            r.accumulate(db);
        }
    }

    /// The diagnostics collected so far (for unit tests).
    pub fn into_reported(self) -> Vec<Reported> {
        self.out
    }
}

/// Shorthands for building diagnostics.
pub fn error(code: &str, span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(code, span, message)
}
pub fn warning(code: &str, span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::warning(code, span, message)
}

/// Re-interns a definition reference (to call per-definition queries).
pub fn definition<'db>(db: &'db dyn salsa::Database, at: &DefRef) -> Definition<'db> {
    Definition::new(db, at.file, at.key.clone())
}
