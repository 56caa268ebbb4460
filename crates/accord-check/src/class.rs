//! What a compared operand is ([`Class`]), where names in a condition are
//! looked up ([`Scope`]), and the diagnostics that the condition checks
//! ([`crate::types`]) and the field references ([`crate::names`]) both
//! report: a type mismatch, a list named where a field is expected, a tier
//! that is not declared.

use accord_records::FieldType;
use accord_syntax::ast::Ident;
use accord_syntax::Span;

use crate::ctx::{error, Ctx};
use crate::resolve::StreamSym;

/// What names in a condition refer to.
#[derive(Clone, Copy)]
pub enum Scope<'s> {
    /// A lead: its fields and the policy's definitions.
    Lead,
    /// Inside `where …` of an event pattern: that event's fields.
    Event(&'s StreamSym),
}

/// What a compared operand is.
#[derive(Clone, Debug, PartialEq)]
pub enum Class {
    Number { percent: bool },
    Text,
    Choice(Vec<String>),
    Email,
    YesNo,
    Date,
    Timestamp,
    Zone,
    List,
    Events,
    Score(String),
    Sla,
    Tier,
}

impl Class {
    pub fn of(ty: &FieldType) -> Class {
        match ty {
            FieldType::Number => Class::Number { percent: false },
            FieldType::Percentage => Class::Number { percent: true },
            FieldType::Text => Class::Text,
            FieldType::YesNo => Class::YesNo,
            FieldType::OneOf(c) => Class::Choice(c.clone()),
            FieldType::Email => Class::Email,
            FieldType::Date => Class::Date,
            FieldType::Timestamp => Class::Timestamp,
            FieldType::TimeZone => Class::Zone,
            FieldType::ListOf(_) => Class::List,
            FieldType::Events(_) => Class::Events,
        }
    }
    pub fn describe(&self) -> String {
        match self {
            Class::Number { percent: false } => "a number".into(),
            Class::Number { percent: true } => "a percentage".into(),
            Class::Text => "text".into(),
            Class::Choice(_) => "one of a fixed set of choices".into(),
            Class::Email => "an email address".into(),
            Class::YesNo => "yes/no".into(),
            Class::Date => "a date".into(),
            Class::Timestamp => "a timestamp".into(),
            Class::Zone => "a time zone".into(),
            Class::List => "a list".into(),
            Class::Events => "a list of events".into(),
            Class::Score(_) => "a score (points)".into(),
            Class::Sla => "an SLA (met, breached, pending or not_applicable)".into(),
            Class::Tier => "the lead's tier".into(),
        }
    }
    pub fn texty(&self) -> bool {
        matches!(
            self,
            Class::Text | Class::Choice(_) | Class::Email | Class::Zone
        )
    }
    pub fn numeric(&self) -> bool {
        matches!(self, Class::Number { .. } | Class::Score(_) | Class::Tier)
    }
    pub fn temporal(&self) -> bool {
        matches!(self, Class::Date | Class::Timestamp)
    }
}

pub fn list_as_field(ctx: &mut Ctx, id: &Ident) {
    ctx.emit(
        error(
            "accord::list-as-field",
            id.span,
            format!("{} is a list of values, not a lead field", id.name),
        )
        .with_label("a list, used where a field is expected")
        .with_help(format!(
            "to test a field against the list, write `<field> is in {}`",
            id.name
        )),
    );
}

pub fn type_mismatch(ctx: &mut Ctx, span: Span, message: String, label: &str, help: String) {
    ctx.emit(
        error("accord::type-mismatch", span, message)
            .with_label(label)
            .with_help(help),
    );
}

pub fn quoted(v: &[String]) -> String {
    v.iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The names a bare condition may be: the yes/no fields, the fits,
/// triggers, exclusions and stages (for suggestions).
pub fn condition_names(ctx: &Ctx) -> Vec<String> {
    let mut names = ctx.syms.field_names(|t| *t == FieldType::YesNo);
    names.extend(ctx.syms.names_of(&[
        crate::db::DefKind::Fit,
        crate::db::DefKind::Trigger,
        crate::db::DefKind::Exclusion,
        crate::db::DefKind::Stage,
    ]));
    names
}

/// `tier N` where no tier N is declared (`n` as written: `4`, `2.5`).
pub fn unknown_tier(ctx: &mut Ctx, n: impl std::fmt::Display, span: Span) {
    let list: Vec<String> = ctx
        .syms
        .tier_numbers()
        .iter()
        .map(|t| t.to_string())
        .collect();
    ctx.emit(
        error(
            "accord::unknown-tier",
            span,
            format!("there is no tier {n}"),
        )
        .with_label("not a declared tier")
        .with_help(if list.is_empty() {
            String::from("declare the tiers in a `tiers` block")
        } else {
            format!("the declared tiers are {}", list.join(", "))
        }),
    );
}
