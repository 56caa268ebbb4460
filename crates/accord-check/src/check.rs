//! The check units: the salsa entry points of checking, at the top of the
//! checker's layering.
//!
//! [`check_unit`] checks one definition in the context of one policy set
//! (a [`Unit`]). It reads only that definition's AST ([`def_item`]), the
//! set's symbol table ([`symbols`]) and, for score thresholds, the bounds
//! of the score it compares ([`crate::logic::score_bounds`]); so it
//! re-executes only when one of those really changed. [`check_policy`]
//! holds the checks that look at the whole set (duplicates, unused
//! definitions, cycles); [`check_all`] calls everything, and the edge reads
//! the accumulated [`crate::db::Reported`] diagnostics from it. The context
//! the checks write into is [`crate::ctx`]; it is re-exported here for
//! callers that name it `check::Ctx`.

use salsa::Accumulator;

use crate::db::{SourceFile, Unit};
use crate::parse::{def_item, file_syntax};
use crate::resolve::{policy_definitions, policy_files, symbols};

pub use crate::ctx::{Ctx, TimeCtx};

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
