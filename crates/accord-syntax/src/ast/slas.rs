//! SLAs (from an instant to another, counted in a calendar, limits per
//! tier, after-hours rules) and contact persistence.

use super::{Condition, Duration, EventPattern, Ident, Str, TimeOfDay};
use crate::span::Span;
use serde::Serialize;

/// ```text
/// sla first_response "First attempt (E.1)":
///   from routed_at to the first attempt where automated is no, counted in sales_hours
///   applies when mql
///   tier 1 within 15 minutes
///   tier 2 within 2 hours
///   tier 3 within 1 business day
///   after hours, tier 1 is due by 09:00 the next business day
/// ```
/// `within 4 hours; tier 1 within 1 hour` gives a default and overrides.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sla {
    pub name: Ident,
    pub title: Option<Str>,
    pub start: InstantExpr,
    pub stop: InstantExpr,
    /// `counted in sales_hours`; `None` = plain (wall-clock) time.
    pub calendar: Option<Ident>,
    /// `applies when <condition>`
    pub applies: Option<Condition>,
    pub limits: Vec<SlaLimit>,
    pub after_hours: Vec<AfterHoursRule>,
    pub span: Span,
}

/// An instant read from the lead.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum InstantExpr {
    /// `routed_at`
    Field(Ident),
    /// `the first attempt`, `the 2nd attempt by "phone"`,
    /// `the first activity "demo_request"`. The pattern's quantity is unused.
    NthEvent {
        n: u32,
        pattern: EventPattern,
        span: Span,
    },
}

/// `tier 1 within 15 minutes` or (no tier) `within 4 hours`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SlaLimit {
    pub tier: Option<(u32, Span)>,
    pub within: Duration,
    pub span: Span,
}

/// `after hours, tier 1 is due by 09:00 the next business day` / `after
/// hours, due by 08:00 the next business day`: when the clock starts outside
/// the calendar's opening hours, the due instant is that local time on the
/// next business day instead of the limit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AfterHoursRule {
    pub tier: Option<(u32, Span)>,
    pub by: TimeOfDay,
    pub span: Span,
}

/// ```text
/// persistence "Contact persistence before Unresponsive (E.2)":
///   from routed_at, counted in sales_hours
///   at least 6 attempts within 10 business days
///   at least 2 attempts by "phone" on at least 2 distinct days
///   at least 1 attempt by "linkedin" when segment is one of "mid-market", "enterprise"
///   attempts on at least 3 distinct days
///   at most 2 attempts on any one day
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Persistence {
    pub title: Option<Str>,
    /// `from routed_at`
    pub start: Option<Ident>,
    /// `counted in sales_hours` — business days and distinct days are
    /// counted in this calendar's zone.
    pub calendar: Option<Ident>,
    /// `applies when <condition>` — only leads for which it holds owe the
    /// attempts; for the others persistence does not apply (as for an
    /// SLA's `applies when`).
    pub applies: Option<Condition>,
    pub rules: Vec<PersistenceRule>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersistenceRule {
    pub kind: PersistenceRuleKind,
    /// `when segment is …` — the rule applies only to such leads.
    pub when: Option<Condition>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum PersistenceRuleKind {
    /// `at least 6 attempts [by "phone"] [within 10 business days] [on at least 2 distinct days]`
    Count {
        pattern: EventPattern,
        within: Option<Duration>,
        distinct_days: Option<u32>,
    },
    /// `attempts on at least 3 distinct days`
    DistinctDays {
        pattern: EventPattern,
        at_least: u32,
    },
    /// `at most 2 attempts on any one day`
    PerDayMax { pattern: EventPattern, at_most: u32 },
}
