//! References outside comparisons: event patterns (stream, kinds, `where`
//! filter, window, `since`) and fields named by `from`, `requires`,
//! `rejected at` and friends.

use accord_records::FieldType;
use accord_syntax::ast::{EventPattern, Ident, Window};

use crate::check::{error, Ctx, TimeCtx};
use crate::db::DefKind;
use crate::resolve::StreamSym;
use crate::suggest::SuggestName;
use crate::types::{condition, list_as_field, quoted, type_mismatch, Class, Scope};

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

/// Checks an event pattern: stream, kinds, filter, window, `since`.
pub fn pattern(ctx: &mut Ctx, p: &EventPattern) {
    let stream = stream(ctx, &p.stream);
    if let Some(stream) = stream {
        if stream.has_kinds {
            for k in &p.kinds {
                if !stream.kinds.contains(&k.value) {
                    ctx.emit(
                        error(
                            "accord::unknown-event-kind",
                            k.span,
                            format!(
                                "\"{}\" is not a declared {} {}",
                                k.value,
                                accord_records::schema::singular(&stream.name),
                                stream.kind_field
                            ),
                        )
                        .with_label("unknown kind")
                        .did_you_mean(
                            &k.value,
                            &stream.kinds,
                            true,
                            &format!(
                                "the kinds of {} are: {}",
                                stream.name,
                                quoted(&stream.kinds)
                            ),
                        ),
                    );
                }
            }
        }
        if let Some(filter) = &p.filter {
            condition(ctx, filter, Scope::Event(stream));
        }
    }
    if let Some(w) = &p.window {
        let d = match w {
            Window::Last(d) | Window::Any(d) => d,
        };
        ctx.with_time(TimeCtx::EventWindow, |ctx| crate::units::duration(ctx, d));
    }
    if let Some(since) = &p.since {
        match ctx.syms.field(&since.name).map(|f| Class::of(&f.ty)) {
            Some(c) if c.temporal() => {}
            Some(c) => type_mismatch(
                ctx,
                since.span,
                format!(
                    "`since` needs a date or timestamp, but {} is {}",
                    since.name,
                    c.describe()
                ),
                "not a date or timestamp",
                String::from("name a timestamp field, e.g. `since rejected_at`"),
            ),
            None => {
                let names = ctx
                    .syms
                    .field_names(|t| matches!(t, FieldType::Timestamp | FieldType::Date));
                ctx.emit(
                    error(
                        "accord::unknown-field",
                        since.span,
                        format!("no lead field is named `{}`", since.name),
                    )
                    .with_label("unknown field")
                    .did_you_mean(
                        &since.name,
                        &names,
                        false,
                        "declare it under `lead fields` as a timestamp",
                    ),
                );
            }
        }
    }
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
