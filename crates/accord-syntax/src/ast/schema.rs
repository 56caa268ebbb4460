//! The lead schema: `lead fields identified by …:` blocks, each field's
//! declaration and type, and event streams with their own fields.

use super::{Ident, Str};
use crate::span::Span;
use serde::Serialize;

/// ```text
/// lead fields identified by lead_id:
///   lead_id is text
///   employees is a number
///   title_level is one of "C-level", "VP", "Director"
///   disposition_at is an optional timestamp
///   default time zone "America/Chicago"
///   activities are events:
///     kind is one of "website_visit", "page_view", "demo_request"
///     page is optional text
/// ```
/// Several `lead fields` blocks (e.g. one imported, one local) add up to one
/// schema. An event stream's first field is its *kind* (must be `one of`);
/// every event also has an implicit `at` timestamp.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldsBlock {
    /// `identified by lead_id` — the field that names a lead in output rows.
    pub identified_by: Option<Ident>,
    pub fields: Vec<FieldDecl>,
    /// `default time zone "America/Chicago"`: zone for timestamps written
    /// without an offset.
    pub default_zone: Option<Str>,
    pub span: Span,
}

/// `employees is a number`, `disposition_at is an optional timestamp`,
/// `attempts are events:` (+ indented event fields).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldDecl {
    pub name: Ident,
    pub ty: TypeExpr,
    pub optional: bool,
    /// `written "DD-MM-YYYY"`: how the data writes a date or timestamp
    /// field (checked by the checker, read by accord-records).
    pub written: Option<Str>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TypeKind {
    /// `a number`
    Number,
    /// `a percentage` (values written `12%` or as a number 0–100 in data)
    Percentage,
    /// `text`
    Text,
    /// `yes/no`
    YesNo,
    /// `one of "a", "b"`
    OneOf(Vec<Str>),
    /// `an email`
    Email,
    /// `a date`
    Date,
    /// `a timestamp`
    Timestamp,
    /// `a time zone` (IANA name)
    TimeZone,
    /// `a list of text` / `a list of numbers`
    ListOf(Box<TypeExpr>),
    /// `events:` with the event's own fields (first one is the kind).
    Events(Vec<FieldDecl>),
}
