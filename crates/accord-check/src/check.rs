//! The check units and the context every check writes into.
//!
//! [`check_unit`] checks one definition in the context of one policy set
//! (a [`Unit`]). It reads only that definition's AST ([`def_item`]), the
//! set's symbol table ([`symbols`]) and, for score thresholds, the bounds
//! of the score it compares ([`crate::logic::score_bounds`]); so it
//! re-executes only when one of those really changed. [`check_policy`]
//! holds the checks that look at the whole set (duplicates, unused
//! definitions, cycles); [`check_all`] calls everything, and the edge reads
//! the accumulated [`Reported`] diagnostics from it.

use accord_syntax::{Diagnostic, Span};
use salsa::Accumulator;

use crate::db::{Anchor, DefRef, Definition, Reported, SourceFile, Unit};
use crate::parse::{def_item, file_syntax};
use crate::resolve::{policy_definitions, policy_files, symbols, Symbols};

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

/// Checks one definition in the context of its policy set.
#[salsa::tracked]
pub fn check_unit<'db>(db: &'db dyn salsa::Database, unit: Unit<'db>) {
    let def = unit.def(db);
    let Some(item) = def_item(db, def).as_deref() else {
        return;
    };
    let syms = symbols(db, unit.entry(db));
    let mut ctx = Ctx::new(db, syms, def.def_ref(db));
    crate::items::check_item(&mut ctx, item);
    ctx.flush();
}

/// Checks that look at the whole policy set.
#[salsa::tracked]
pub fn check_policy(db: &dyn salsa::Database, entry: SourceFile) {
    let syms = symbols(db, entry);
    for r in crate::policy::policy_checks(db, entry) {
        if !syms.is_cascade(&r.diagnostic) {
            r.accumulate(db);
        }
    }
}

/// Everything: syntax of every file, every definition, the whole set.
#[salsa::tracked]
pub fn check_all(db: &dyn salsa::Database, entry: SourceFile) {
    for file in policy_files(db, entry) {
        file_syntax(db, *file);
    }
    for def in policy_definitions(db, entry) {
        check_unit(db, Unit::new(db, entry, *def));
    }
    check_policy(db, entry);
}

/// Re-interns a definition reference (to call per-definition queries).
pub fn definition<'db>(db: &'db dyn salsa::Database, at: &DefRef) -> Definition<'db> {
    Definition::new(db, at.file, at.key.clone())
}
