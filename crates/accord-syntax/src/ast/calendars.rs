//! Calendars (opening hours by weekday, holidays, the zone they are read
//! in) and named lists of values.

use super::{DateLit, Ident, Str, TimeOfDay, Value};
use crate::span::Span;
use serde::Serialize;

/// ```text
/// calendar sales_hours "Business hours (E.1)":
///   open Monday to Friday from 08:00 to 18:00 in the lead's time zone
///   open Saturday from 10:00 to 14:00
///   closed on 2026-12-25, 2027-01-01
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Calendar {
    pub name: Ident,
    pub title: Option<Str>,
    pub clauses: Vec<CalendarClause>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum CalendarClause {
    /// `open Monday to Friday from 08:00 to 18:00 [in …]`
    Open {
        days: Vec<DaySpec>,
        from: TimeOfDay,
        to: TimeOfDay,
        zone: Option<ZoneSpec>,
        span: Span,
    },
    /// `closed on 2026-12-25, 2027-01-01`
    Closed { dates: Vec<DateLit>, span: Span },
    /// `in "Europe/Berlin"` / `in the lead's time zone` on a line of its own.
    Zone(ZoneSpec),
}

/// `Monday to Friday` or `Saturday` (several joined by `,` / `and`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum DaySpec {
    Single(Weekday, Span),
    Range(Weekday, Weekday, Span),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ZoneSpec {
    /// `in the lead's time zone`: the schema's time-zone field (there must
    /// be exactly one), or `in the lead's time_zone` naming it.
    Lead { field: Option<Ident>, span: Span },
    /// `in "America/Chicago"`
    Fixed(Str),
}

/// `list free_email_domains: "gmail.com", "yahoo.com"` (values may continue
/// on indented lines).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListDef {
    pub name: Ident,
    pub title: Option<Str>,
    pub values: Vec<Value>,
    pub span: Span,
}
