//! References outside comparisons: the event stream an event pattern
//! names, and fields named by `from`, `requires`, `rejected at` and
//! friends. (The rest of an event pattern is a condition:
//! [`crate::types::pattern`].)

use accord_records::FieldType;
use accord_syntax::ast::Ident;

use crate::class::{list_as_field, type_mismatch, Class};
use crate::ctx::{error, Ctx};
use crate::db::DefKind;
use crate::resolve::StreamSym;
use crate::suggest::SuggestName;

/// Resolves an event stream word (`activity`, `attempts`).
pub fn stream<'s>(ctx: &mut Ctx<'s>, word: &Ident) -> Option<&'s StreamSym> {
    let syms = ctx.syms;
    if let Some(s) = syms.stream(&word.name) {
        return Some(s);
    }
    let mut names = Vec::new();
    for s in &syms.streams {
        names.push(s.name.clone());
        names.push(accord_records::schema::singular(&s.name));
    }
    ctx.emit(
        error(
            "accord::unknown-event-stream",
            word.span,
            format!("no event stream is named `{}`", word.name),
        )
        .with_label("unknown event stream")
        .did_you_mean(
            &word.name,
            &names,
            false,
            "declare it under `lead fields`, e.g. `activities are events:`",
        ),
    );
    None
}

/// What kind of field is wanted: a description and a test.
pub type Want<'a> = (&'a str, fn(&FieldType) -> bool);

/// A field named where a lead field is expected (`requires`, `from`, …),
/// optionally of a given kind. Returns its type when known.
pub fn field_ref(ctx: &mut Ctx, id: &Ident, want: Option<Want>) -> Option<FieldType> {
    if let Some(f) = ctx.syms.field(&id.name) {
        let ty = f.ty.clone();
        if let Some((what, ok)) = want {
            if !ok(&ty) {
                type_mismatch(
                    ctx,
                    id.span,
                    format!(
                        "{} is {}, but {what} is needed here",
                        id.name,
                        Class::of(&ty).describe()
                    ),
                    "wrong kind of field",
                    format!("name a field that is {what}"),
                );
            }
        }
        return Some(ty);
    }
    if ctx.syms.def_of_kind(&id.name, &[DefKind::List]).is_some() {
        list_as_field(ctx, id);
        return None;
    }
    let names = match want {
        Some((_, ok)) => ctx.syms.field_names(ok),
        None => ctx.syms.field_names(|_| true),
    };
    ctx.emit(
        error(
            "accord::unknown-field",
            id.span,
            format!("no lead field is named `{}`", id.name),
        )
        .with_label("unknown field")
        .did_you_mean(
            &id.name,
            &names,
            false,
            "declare it under `lead fields`, or check the spelling",
        ),
    );
    None
}
