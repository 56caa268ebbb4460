//! Conditions: name resolution inside conditions (fields, definitions,
//! lists, event streams, kinds and event fields), event patterns (stream,
//! kinds, `where` filter, window, `since`) and type checks (text vs
//! numbers, `between` on text, choices, yes/no misuse, bare conditions,
//! `the domain of` a non-email, lists used as fields). The operand classes
//! and the shared diagnostics are in [`crate::class`].

use accord_records::FieldType;
use accord_syntax::ast::{
    Condition, ConditionKind, EventPattern, Ident, Operand, Test, TestKind, Value, ValueKind,
    Window,
};
use accord_syntax::Span;

use crate::class::{list_as_field, quoted, type_mismatch, unknown_tier, Class, Scope};
use crate::ctx::{error, Ctx, TimeCtx};
use crate::db::DefKind;
use crate::resolve::StreamSym;
use crate::suggest::{or_declared, SuggestName};

/// Checks a condition.
pub fn condition(ctx: &mut Ctx, c: &Condition, scope: Scope) {
    match &c.kind {
        ConditionKind::Compare { subject, test } => {
            let class = operand(ctx, subject, scope);
            match class {
                Some(class) => check_test(ctx, subject, &class, test, scope),
                None => test_values(ctx, test),
            }
        }
        ConditionKind::All(cs) => cs.iter().for_each(|c| condition(ctx, c, scope)),
        ConditionKind::Any(cs) => {
            let said = match scope {
                Scope::Lead => crate::bare_words::values_joined_by_or(ctx, cs),
                Scope::Event(_) => Vec::new(),
            };
            for (i, c) in cs.iter().enumerate() {
                if !said.contains(&i) {
                    condition(ctx, c, scope);
                }
            }
        }
        ConditionKind::Not(inner) => {
            if !crate::bare_words::not_excluded(ctx, c, inner) {
                condition(ctx, inner, scope);
            }
        }
        ConditionKind::Ref(id) => bare_ref(ctx, id, scope),
        ConditionKind::Events(p) => pattern(ctx, p),
        ConditionKind::NoExclusionApplies => {}
    }
}

/// Checks an event pattern: stream, kinds, filter, window, `since`.
pub fn pattern(ctx: &mut Ctx, p: &EventPattern) {
    let stream = crate::names::stream(ctx, &p.stream);
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
        crate::units::event_window(ctx, d);
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

/// The name an operand is written with.
fn operand_text(subject: &Operand) -> String {
    match subject {
        Operand::Name(i) => i.name.clone(),
        Operand::DomainOf(i, _) => format!("the domain of {}", i.name),
    }
}

/// Resolves what an operand reads; reports unknown names.
fn operand(ctx: &mut Ctx, subject: &Operand, scope: Scope) -> Option<Class> {
    match subject {
        Operand::Name(id) => name_class(ctx, id, scope),
        Operand::DomainOf(id, span) => {
            let class = name_class(ctx, id, scope)?;
            if class != Class::Email {
                ctx.emit(
                    error(
                        "accord::domain-of-non-email",
                        id.span,
                        format!(
                            "`the domain of` needs an email address, but {} is {}",
                            id.name,
                            class.describe()
                        ),
                    )
                    .with_label("not an email field")
                    .with_help("use `the domain of` only on a field declared `is an email`"),
                );
                let _ = span;
                return None;
            }
            Some(Class::Text)
        }
    }
}

fn name_class(ctx: &mut Ctx, id: &Ident, scope: Scope) -> Option<Class> {
    if let Scope::Event(stream) = scope {
        if let Some(ty) = stream.field(&id.name) {
            return Some(Class::of(&ty));
        }
        if !known_in_lead_scope(ctx, &id.name) {
            unknown_event_field(ctx, stream, id);
            return None;
        }
    }
    if let Some(f) = ctx.syms.field(&id.name) {
        return Some(Class::of(&f.ty));
    }
    if let Some(sym) = ctx.syms.def(&id.name) {
        return match sym.kind {
            DefKind::Score => Some(Class::Score(id.name.clone())),
            DefKind::Sla => Some(Class::Sla),
            DefKind::Fit | DefKind::Trigger | DefKind::Exclusion | DefKind::Stage => {
                Some(Class::YesNo)
            }
            DefKind::List => {
                list_as_field(ctx, id);
                None
            }
            _ => {
                ctx.emit(
                    error(
                        "accord::not-a-value",
                        id.span,
                        format!(
                            "{} is a {}, not something a lead has",
                            id.name,
                            sym.kind.describe()
                        ),
                    )
                    .with_label("cannot be compared")
                    .with_help("compare a lead field, a score or an SLA here"),
                );
                None
            }
        };
    }
    if id.name == "tier" {
        return Some(Class::Tier);
    }
    let mut names = ctx.syms.field_names(|t| !matches!(t, FieldType::Events(_)));
    names.extend(ctx.syms.names_of(&[DefKind::Score, DefKind::Sla]));
    ctx.emit(
        error(
            "accord::unknown-field",
            id.span,
            format!("no lead field, score or SLA is named `{}`", id.name),
        )
        .with_label("unknown name")
        .did_you_mean(
            &id.name,
            &names,
            false,
            "declare the field under `lead fields`, or check the spelling",
        ),
    );
    None
}

/// Inside `where`, names that are not event fields fall back to the lead.
fn known_in_lead_scope(ctx: &Ctx, name: &str) -> bool {
    ctx.syms.field(name).is_some() || ctx.syms.def(name).is_some() || name == "tier"
}

fn unknown_event_field(ctx: &mut Ctx, stream: &StreamSym, id: &Ident) {
    let names = stream.field_names();
    ctx.emit(
        error(
            "accord::unknown-event-field",
            id.span,
            format!(
                "{} events have no field `{}`",
                accord_records::schema::singular(&stream.name),
                id.name
            ),
        )
        .with_label("not a field of this event")
        .did_you_mean(
            &id.name,
            &names,
            false,
            &format!("the fields of {} are: {}", stream.name, names.join(", ")),
        ),
    );
}

/// A name standing alone as a condition.
fn bare_ref(ctx: &mut Ctx, id: &Ident, scope: Scope) {
    let event_field = match scope {
        Scope::Event(stream) => match stream.field(&id.name) {
            Some(ty) => Some(ty),
            None if known_in_lead_scope(ctx, &id.name) => None,
            None => {
                unknown_event_field(ctx, stream, id);
                return;
            }
        },
        Scope::Lead => None,
    };
    let described = if let Some(ty) = event_field {
        match ty {
            FieldType::YesNo => return,
            ty => Some(Class::of(&ty)),
        }
    } else if let Some(f) = ctx.syms.field(&id.name) {
        match &f.ty {
            FieldType::YesNo => return,
            ty => Some(Class::of(ty)),
        }
    } else if let Some(sym) = ctx.syms.def(&id.name) {
        match sym.kind {
            DefKind::Fit | DefKind::Trigger | DefKind::Exclusion | DefKind::Stage => return,
            DefKind::List => {
                list_as_field(ctx, id);
                return;
            }
            DefKind::Score => Some(Class::Score(id.name.clone())),
            DefKind::Sla => Some(Class::Sla),
            kind => {
                // A calendar, metric, breach…: not a value a lead has.
                ctx.emit(
                    error(
                        "accord::not-a-condition",
                        id.span,
                        format!(
                            "{} is a {}, so it cannot stand alone as a condition",
                            id.name,
                            kind.describe()
                        ),
                    )
                    .with_label("not yes/no")
                    .with_help("a condition names a fit, trigger, exclusion, stage or yes/no field, or compares a lead field, score or SLA, e.g. `employees is at least 50`"),
                );
                return;
            }
        }
    } else {
        let names = crate::class::condition_names(ctx);
        ctx.emit(
            error(
                "accord::unknown-definition",
                id.span,
                format!(
                    "no fit, trigger, exclusion, stage or yes/no field is named `{}`",
                    id.name
                ),
            )
            .with_label("unknown name")
            .did_you_mean(&id.name, &names, false, "define it, or check the spelling"),
        );
        return;
    };
    let help = match &described {
        Some(Class::Number { .. }) | Some(Class::Score(_)) => {
            format!(
                "compare it with a number, e.g. `{} is at least 50`",
                id.name
            )
        }
        Some(Class::Sla) => format!("say which outcome counts, e.g. `{} is met`", id.name),
        Some(Class::Events) => format!(
            "count its events, e.g. `at least 1 {} \"…\"`, with the kind of event in quotes",
            accord_records::schema::singular(&id.name)
        ),
        Some(Class::Text) | Some(Class::Choice(_)) | Some(Class::Email) => {
            format!(
                "compare it, e.g. `{} is present` or `{} is \"…\"`",
                id.name, id.name
            )
        }
        _ => format!("compare it, e.g. `{} is present`", id.name),
    };
    let what = described
        .map(|c| c.describe())
        .unwrap_or_else(|| String::from("not a yes/no value"));
    ctx.emit(
        error(
            "accord::not-a-condition",
            id.span,
            format!(
                "{} is {}, so it cannot stand alone as a condition",
                id.name, what
            ),
        )
        .with_label("not yes/no")
        .with_help(help),
    );
}

/// Checks one value compared with an operand of class `class` by `is`,
/// `is one of` and friends.
fn equality_value(ctx: &mut Ctx, name: &str, class: &Class, v: &Value) {
    crate::units::value(ctx, v);
    match (class, &v.kind) {
        (Class::Choice(choices), ValueKind::Text(t)) => {
            if !choices.iter().any(|c| c == t) {
                ctx.emit(
                    error(
                        "accord::unknown-choice",
                        v.span,
                        format!("\"{t}\" is not one of the choices declared for {name}"),
                    )
                    .with_label("not a declared choice")
                    .did_you_mean(
                        t,
                        choices,
                        true,
                        &format!("the choices are: {}", quoted(choices)),
                    ),
                );
            }
        }
        (Class::Choice(choices), ValueKind::Word(w)) if choices.iter().any(|c| c == w) => {}
        (Class::Zone, ValueKind::Text(t)) => crate::units::zone(
            ctx,
            &accord_syntax::ast::Str {
                value: t.clone(),
                span: v.span,
            },
        ),
        (c, ValueKind::Word(w)) if c.texty() && ctx.syms.reasons.contains_key(w) => {}
        // A bare word compared with text is taken for a reason code when
        // codes are declared (or their block did not parse).
        (c, ValueKind::Word(w))
            if c.texty()
                && (!ctx.syms.reasons.is_empty() || ctx.syms.broken_kind(DefKind::Rejections)) =>
        {
            let codes: Vec<String> = ctx.syms.reasons.keys().cloned().collect();
            ctx.emit(
                error(
                    "accord::unknown-reason-code",
                    v.span,
                    format!("`{w}` is not a declared rejection reason code"),
                )
                .with_label("unknown reason code")
                .did_you_mean(
                    w,
                    &codes,
                    false,
                    "write text in double quotes, or use a code from `rejection reasons`",
                ),
            );
        }
        (c, ValueKind::Text(_)) | (c, ValueKind::Word(_)) if c.texty() => {
            if let ValueKind::Word(w) = &v.kind {
                type_mismatch(
                    ctx,
                    v.span,
                    format!("{name} is {}, but `{w}` is not quoted text", c.describe()),
                    "not text",
                    format!("write it in double quotes: \"{w}\""),
                );
            }
        }
        (c, ValueKind::Number(n)) if c.texty() => type_mismatch(
            ctx,
            v.span,
            format!(
                "{name} is {}, but it is compared with the number {n}",
                c.describe()
            ),
            "a number, compared with text",
            format!("write the text in double quotes (\"{n}\"), or compare a number field"),
        ),
        (Class::Number { percent: true }, ValueKind::Number(_) | ValueKind::Percent(_)) => {
            percent_field_value(ctx, name, v)
        }
        (Class::Number { .. } | Class::Score(_), ValueKind::Number(_)) => {}
        (Class::Number { .. }, ValueKind::Percent(_)) => percent_mismatch(ctx, name, v),
        (Class::Score(_), ValueKind::Percent(_)) => percent_mismatch(ctx, name, v),
        (Class::YesNo, ValueKind::YesNo(_)) => {}
        (Class::Date | Class::Timestamp, ValueKind::Date(_)) => {}
        (Class::Tier, ValueKind::Number(n)) => tier_value(ctx, *n, v.span),
        (Class::Sla, ValueKind::Word(w))
            if ["met", "breached", "pending", "not_applicable"].contains(&w.as_str()) => {}
        (Class::Sla, _) => type_mismatch(
            ctx,
            v.span,
            format!("{name} is an SLA; it can only be met, breached, pending or not_applicable"),
            "not an SLA state",
            format!("write e.g. `{name} is met`"),
        ),
        (Class::YesNo, _) if crate::bare_words::yes_no_value(v).is_some() => {
            crate::bare_words::yes_no_word(ctx, name, v)
        }
        (c, _) if crate::bare_words::number_in_words_value(ctx, name, c, v) => {}
        (c, _) => type_mismatch(
            ctx,
            v.span,
            format!(
                "{name} is {}, but this value is {}",
                c.describe(),
                value_kind(v)
            ),
            "wrong kind of value",
            format!("compare {name} with {}", c.describe()),
        ),
    }
}

fn tier_value(ctx: &mut Ctx, n: f64, span: Span) {
    if n < 0.0 || n.fract() != 0.0 || !ctx.syms.tier_declared(n as u32) {
        unknown_tier(ctx, n, span);
    }
}

/// A value compared with a percentage field: lead records hold 0–100.
fn percent_field_value(ctx: &mut Ctx, name: &str, v: &Value) {
    crate::units::percent_in_range(
        ctx,
        v,
        &format!("{name} (a percentage)"),
        &format!("{name} is never more than 100% or less than 0% in a lead record: compare it with a percentage from 0% to 100%"),
    );
}

fn percent_mismatch(ctx: &mut Ctx, name: &str, v: &Value) {
    ctx.emit(
        error(
            "accord::percent-mismatch",
            v.span,
            format!("{name} is a plain number, but it is compared with a percentage"),
        )
        .with_label("a percentage")
        .with_help(format!("drop the `%`, or declare {name} as `a percentage`")),
    );
}

fn value_kind(v: &Value) -> &'static str {
    match v.kind {
        ValueKind::Number(_) => "a number",
        ValueKind::Percent(_) => "a percentage",
        ValueKind::Text(_) => "text",
        ValueKind::Date(_) => "a date",
        ValueKind::YesNo(_) => "yes/no",
        ValueKind::Word(_) => "a bare word",
    }
}

/// A value used as a bound (`at least`, `between`, `before`).
fn bound_value(ctx: &mut Ctx, name: &str, class: &Class, v: &Value) {
    crate::units::value(ctx, v);
    match (class, &v.kind) {
        (c, ValueKind::Date(_)) if c.temporal() => {}
        (Class::Number { percent: true }, ValueKind::Number(_) | ValueKind::Percent(_)) => {
            percent_field_value(ctx, name, v)
        }
        (Class::Number { .. } | Class::Score(_), ValueKind::Number(_)) => {}
        (Class::Tier, ValueKind::Number(n)) => tier_value(ctx, *n, v.span),
        (Class::Number { .. }, ValueKind::Percent(_)) => percent_mismatch(ctx, name, v),
        (Class::Score(_), ValueKind::Percent(_)) => percent_mismatch(ctx, name, v),
        (c, _) => {
            if crate::bare_words::number_in_words_value(ctx, name, c, v) {
                return;
            }
            type_mismatch(
                ctx,
                v.span,
                format!(
                    "{name} is {}, but this bound is {}",
                    c.describe(),
                    value_kind(v)
                ),
                "wrong kind of value",
                format!("compare {name} with {}", c.describe()),
            )
        }
    }
}

/// `the domain of email is "@gmail.com"`: the domain is what follows the
/// `@`, so a value with an `@` in it never matches.
fn domain_values(ctx: &mut Ctx, test: &Test) {
    let values: Vec<&Value> = match &test.kind {
        TestKind::Is(v) | TestKind::IsNot(v) => vec![v],
        TestKind::OneOf(vs) | TestKind::NotOneOf(vs) => vs.iter().collect(),
        _ => Vec::new(),
    };
    for v in values {
        let ValueKind::Text(t) = &v.kind else {
            continue;
        };
        let Some((_, domain)) = t.rsplit_once('@') else {
            continue;
        };
        ctx.emit(
            error(
                "accord::domain-with-at",
                v.span,
                format!("\"{t}\" has an `@`, but the domain of an email is the part after the `@`"),
            )
            .with_label("never a domain")
            .with_help(format!("write the domain alone: \"{domain}\""))
            .with_replacement(format!("\"{domain}\"")),
        );
    }
}

fn check_test(ctx: &mut Ctx, subject: &Operand, class: &Class, test: &Test, scope: Scope) {
    let name = operand_text(subject);
    if *class == Class::Events {
        // No test reads an event stream as one value (the evaluator
        // refuses every one): its events are counted instead.
        type_mismatch(
            ctx,
            subject.span().to(test.span),
            format!("{name} is a list of events; a condition counts its events instead of testing the list"),
            "tests the whole list",
            format!(
                "count the events, e.g. `at least 1 {} \"…\"` or `at least 3 {name} \"…\"`, with the kind of event in quotes",
                accord_records::schema::singular(&name)
            ),
        );
        return;
    }
    if let Operand::DomainOf(..) = subject {
        domain_values(ctx, test);
    }
    let ordered = |c: &Class| c.numeric() || c.temporal();
    let bounds: Option<Vec<&Value>> = match &test.kind {
        TestKind::Between(a, b) => Some(vec![a, b]),
        TestKind::AtLeast(v)
        | TestKind::AtMost(v)
        | TestKind::MoreThan(v)
        | TestKind::LessThan(v) => Some(vec![v]),
        _ => None,
    };
    if let Some(bounds) = bounds {
        if *class == Class::YesNo {
            ctx.emit(
                error(
                    "accord::yes-no-compared",
                    test.span,
                    format!("{name} is yes/no; it cannot be more or less than something"),
                )
                .with_label("an ordering test on a yes/no value")
                .with_help(format!("write `{name} is yes` or `{name} is no`")),
            );
            return;
        }
        if !ordered(class) {
            let between = matches!(test.kind, TestKind::Between(..));
            let (code, label) = if between {
                (
                    "accord::between-needs-numbers",
                    "`between` needs numbers or dates",
                )
            } else {
                ("accord::type-mismatch", "compares amounts")
            };
            let help = if class.texty() {
                format!(
                    "to match text, use `is one of \"…\"`, `contains`, or `starts with` on {name}"
                )
            } else {
                format!("compare {name} with {}", class.describe())
            };
            ctx.emit(
                error(
                    code,
                    test.span,
                    format!(
                        "{name} is {}, so it cannot be compared as an amount",
                        class.describe()
                    ),
                )
                .with_label(label)
                .with_help(help),
            );
            return;
        }
        for v in bounds {
            bound_value(ctx, &name, class, v);
        }
        crate::logic::empty_range(ctx, test);
        if let (Class::Score(score), Scope::Lead) = (class, scope) {
            crate::logic::threshold(ctx, score, test);
        }
        return;
    }
    if let (TestKind::Contains(text), Class::Text) = (&test.kind, class) {
        crate::words::suggest_whole_word(ctx, text, test.span);
    }
    match &test.kind {
        TestKind::Between(..)
        | TestKind::AtLeast(_)
        | TestKind::AtMost(_)
        | TestKind::MoreThan(_)
        | TestKind::LessThan(_) => {}
        TestKind::Is(v) | TestKind::IsNot(v) => {
            if crate::bare_words::no_value_word(ctx, &name, class, test) {
                return;
            }
            equality_value(ctx, &name, class, v);
            if let (Class::Score(score), Scope::Lead) = (class, scope) {
                crate::logic::threshold(ctx, score, test);
            }
        }
        TestKind::OneOf(vs) | TestKind::NotOneOf(vs) => {
            for v in vs {
                equality_value(ctx, &name, class, v);
            }
        }
        TestKind::InList(list) | TestKind::NotInList(list) => {
            match ctx.syms.def(&list.name) {
                Some(s) if s.kind == DefKind::List => {}
                _ => {
                    let lists = ctx.syms.names_of(&[DefKind::List]);
                    ctx.emit(
                        error(
                            "accord::unknown-list",
                            list.span,
                            format!("no list is named `{}`", list.name),
                        )
                        .with_label("unknown list")
                        .did_you_mean(
                            &list.name,
                            &lists,
                            false,
                            &or_declared(
                                &format!("declare it: list {}: \"…\", \"…\"", list.name),
                                "lists",
                                &lists,
                            ),
                        ),
                    );
                }
            }
            if !(class.texty() || class.numeric()) {
                type_mismatch(
                    ctx,
                    test.span,
                    format!(
                        "{name} is {}; only text and numbers can be looked up in a list",
                        class.describe()
                    ),
                    "cannot be in a list",
                    format!("test {name} another way"),
                );
            }
        }
        TestKind::Present | TestKind::Missing => {}
        TestKind::Contains(_)
        | TestKind::ContainsWord(_)
        | TestKind::StartsWith(_)
        | TestKind::EndsWith(_)
        | TestKind::Matches(_) => {
            if !(class.texty() || *class == Class::List) {
                type_mismatch(
                    ctx,
                    test.span,
                    format!(
                        "{name} is {}; text patterns only apply to text",
                        class.describe()
                    ),
                    "a text test",
                    format!("compare {name} with {} instead", class.describe()),
                );
            }
        }
        TestKind::WithinLast(d) | TestKind::MoreThanAgo(d) => {
            ctx.with_time(TimeCtx::EventWindow, |ctx| crate::units::duration(ctx, d));
            if !class.temporal() {
                type_mismatch(
                    ctx,
                    test.span,
                    format!(
                        "{name} is {}; only dates and timestamps can be `within the last` or `ago`",
                        class.describe()
                    ),
                    "a time test",
                    format!("use a date or timestamp field instead of {name}"),
                );
            }
        }
        TestKind::Before(v) | TestKind::After(v) => {
            if class.temporal() {
                bound_value(ctx, &name, class, v);
            } else {
                type_mismatch(
                    ctx,
                    test.span,
                    format!(
                        "{name} is {}; only dates and timestamps can be before or after",
                        class.describe()
                    ),
                    "a time test",
                    format!("use a date or timestamp field instead of {name}"),
                );
            }
        }
    }
}

/// Checks the values of a test whose operand could not be resolved
/// (dates are still validated).
fn test_values(ctx: &mut Ctx, test: &Test) {
    match &test.kind {
        TestKind::Between(a, b) => {
            crate::units::value(ctx, a);
            crate::units::value(ctx, b);
            crate::logic::empty_range(ctx, test);
        }
        TestKind::AtLeast(v)
        | TestKind::AtMost(v)
        | TestKind::MoreThan(v)
        | TestKind::LessThan(v)
        | TestKind::Is(v)
        | TestKind::IsNot(v)
        | TestKind::Before(v)
        | TestKind::After(v) => crate::units::value(ctx, v),
        TestKind::OneOf(vs) | TestKind::NotOneOf(vs) => {
            for v in vs {
                crate::units::value(ctx, v);
            }
        }
        TestKind::WithinLast(d) | TestKind::MoreThanAgo(d) => {
            ctx.with_time(TimeCtx::EventWindow, |ctx| crate::units::duration(ctx, d))
        }
        _ => {}
    }
}
