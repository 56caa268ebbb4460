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

impl DaySpec {
    /// The weekdays it covers, in order (`Friday to Monday` wraps around
    /// the weekend).
    pub fn weekdays(&self) -> Vec<Weekday> {
        match *self {
            DaySpec::Single(day, _) => vec![day],
            DaySpec::Range(first, last, _) => {
                let start = first as usize;
                let len = (last as usize + 7 - start) % 7 + 1;
                (start..start + len).map(|i| Weekday::ALL[i % 7]).collect()
            }
        }
    }
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

impl Weekday {
    /// Monday to Sunday; `ALL[day as usize]` is `day`.
    pub const ALL: [Weekday; 7] = {
        use Weekday::*;
        [
            Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday,
        ]
    };
}

/// A weekday shows as a policy writes it: the variant's name (`Monday`).
impl std::fmt::Display for Weekday {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
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
