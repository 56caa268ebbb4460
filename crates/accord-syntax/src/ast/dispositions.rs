//! What happens after a lead is rejected and when it is handed off:
//! rejection reasons and their dispositions (archive, nurture, re-entry),
//! recycling, and handoff requirements.

use super::{Condition, Duration, EventPattern, Ident, Str};
use crate::span::Span;
use serde::Serialize;

/// ```text
/// rejection reasons "Reason codes (E.3) and dispositions (F.1)":
///   not_icp "Not ICP fit": archive, never recycled
///   no_budget "No budget signal": nurture "long-cycle" for 6 months,
///       re-enter after 30 days with a new activity "budget_signal"
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RejectionReasons {
    pub title: Option<Str>,
    pub reasons: Vec<Reason>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    pub code: Ident,
    pub label: Option<Str>,
    pub disposition: Vec<DispositionStep>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DispositionStep {
    pub kind: DispositionKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum DispositionKind {
    /// `archive`
    Archive,
    /// `never recycled`
    NeverRecycled,
    /// `nurture "long-cycle" for 6 months`
    Nurture {
        track: Str,
        duration: Option<Duration>,
    },
    /// `re-route`
    ReRoute,
    /// `enrich`
    Enrich,
    /// `route to "CSM"`
    RouteTo(Str),
    /// `re-enter [after 30 days] [with a new trigger | with a new activity "x" | when <cond>
    /// | when the icp definition has changed since the rejection]`
    ReEnter {
        after: Option<Duration>,
        requirement: Option<ReEntryRequirement>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ReEntryRequirement {
    /// `with a new trigger` — any trigger, counting only events after the rejection.
    NewTrigger,
    /// `with a new activity "budget_signal"`
    NewEvent(EventPattern),
    /// `when enrichment_passed`
    When(Condition),
    /// `when the icp definition has changed since the rejection`: the
    /// version of the agreement in effect now defines it differently from
    /// the version in effect when the lead was rejected.
    DefinitionChanged(Ident),
}

/// ```text
/// recycling "Re-entry (F.2)":
///   rejection reason is rejection_reason
///   rejected at rejected_at
///   times recycled is recycle_count
///   cooling off at least 30 days, 90 days for not_icp
///   re-entry needs a new trigger after the rejection
///   human review when recycled more than 2 times
///   nurture placement within 5 business days
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recycling {
    pub title: Option<Str>,
    pub clauses: Vec<RecyclingClause>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecyclingClause {
    pub kind: RecyclingClauseKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum RecyclingClauseKind {
    /// `rejection reason is rejection_reason`
    ReasonField(Ident),
    /// `rejected at rejected_at`
    RejectedAtField(Ident),
    /// `times recycled is recycle_count`
    RecycleCountField(Ident),
    /// `cooling off at least 30 days, 90 days for not_icp`
    CoolingOff {
        default: Duration,
        overrides: Vec<(Ident, Duration)>,
    },
    /// `re-entry needs a new trigger after the rejection`
    NewTriggerRequired,
    /// `human review when recycled more than 2 times`
    HumanReviewAfter(u32),
    /// `nurture placement within 5 business days`
    NurturePlacementWithin(Duration),
}

/// ```text
/// handoff "Data completeness (D.1)":
///   applies when mql
///   requires full_name, job_title, email, company_name, employees
///   requires email_deliverable is yes
///   requires activities
///   prefers linkedin_url
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Handoff {
    pub title: Option<Str>,
    /// `applies when <condition>` — only leads for which it holds are
    /// judged; for the others handoff does not apply (as for an SLA).
    pub applies: Option<Condition>,
    pub required: Vec<HandoffItem>,
    pub preferred: Vec<HandoffItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum HandoffItem {
    /// `email`: the field has a value (an event stream: at least one event).
    Field(Ident),
    /// `at least 1 activity "demo_request"`: the count holds.
    Events(EventPattern),
    /// `email_deliverable is yes`: the comparison holds (a value, not only
    /// its presence).
    Condition(Condition),
}
