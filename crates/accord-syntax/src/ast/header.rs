//! The agreement's header and imports: `import "…"`, the `agreement` block
//! (version, dates, review cadence, owner, parties) and the calendar
//! periods (`week`, `month`, `quarter`, `year`) it and metrics count in.

use super::{DateLit, Duration, Str};
use crate::span::Span;
use serde::Serialize;

/// `import "shared/schema.accord"` — path relative to the importing file.
/// Brings the imported file's fields, calendars and lists (and any other
/// definitions) into scope.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Import {
    pub path: Str,
    pub span: Span,
}

/// ```text
/// agreement "Acme MQL/SQL Agreement"
///   version "1.2"
///   effective 2026-01-01
///   ratified 2025-12-02
///   changes take effect 30 days after ratification
///   review every quarter
///   next review 2026-04-01
///   owner "RevOps"
///   party "Marketing" represented by "VP Marketing"
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agreement {
    pub name: Str,
    pub clauses: Vec<AgreementClause>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgreementClause {
    pub kind: AgreementClauseKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum AgreementClauseKind {
    /// `version "1.2"`
    Version(Str),
    /// `effective 2026-01-01`
    Effective(DateLit),
    /// `ratified 2025-12-02`
    Ratified(DateLit),
    /// `changes take effect 30 days after ratification`
    TakesEffectAfter(Duration),
    /// `review every quarter`: the review cadence. The checker warns when
    /// `next review` is more than one such period after the effective date.
    Review(Period),
    /// `next review 2026-04-01`: past this date the agreement is overdue for
    /// review (`accord check` notes it; `accord eval`'s summary says so).
    NextReview(DateLit),
    /// `owner "RevOps"`
    Owner(Str),
    /// `party "Marketing" represented by "VP Marketing"`
    Party {
        name: Str,
        represented_by: Option<Str>,
    },
    /// `reporting zone "America/Chicago"`: the zone metric periods (days,
    /// weeks, months…) are cut in. Without it, periods are cut in UTC.
    ReportingZone(Str),
    /// `breaches escalate after 3 consecutive months without a corrective
    /// plan` (seed 003 §4.2): a breach whose run of periods lasts this long
    /// with no corrective plan recorded for it is reported *escalated*.
    EscalateAfter { count: u32, period: Period },
    /// `breaches are identified within 3 business days of period end`
    /// (seed 003 §4.2 step 1): a breach first reported later than this after
    /// the end of the period that tripped it is reported *late*.
    IdentifiedWithin(Duration),
}

/// A calendar period: `week`, `month`, `quarter`, `year` (also used for
/// metric periods and review cadence).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PeriodKind {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    /// The period as a noun: `day`, `week`, `month`, `quarter`, `year`.
    pub fn noun(self) -> &'static str {
        match self {
            PeriodKind::Day => "day",
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub span: Span,
}
