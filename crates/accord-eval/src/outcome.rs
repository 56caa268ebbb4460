//! The parts of a lead's answers — stages, fits, scores, triggers, the
//! exclusion, each SLA, persistence, recycling, handoff — and the words
//! the plan and the answers share ([`StageKind`], [`SlaState`]). Plain
//! data at the bottom of the crate: the plan tests SLA states, the
//! evaluator fills these in, the summary reads them, and a
//! [`crate::decision::Decision`] gathers them with its explanation.
//!
//! Every text the policy wrote (a definition's name, a route, a zone, a
//! reason code and its steps) is an `Arc<str>` shared with the plan: a
//! decision counts a reference to it instead of copying it, so building
//! and dropping a decision does not allocate per name.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::sync::Arc;

/// The funnel stage an `mql`, `sal` or `sql` block defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StageKind {
    Mql,
    Sal,
    Sql,
}

impl StageKind {
    pub fn word(self) -> &'static str {
        match self {
            StageKind::Mql => "mql",
            StageKind::Sal => "sal",
            StageKind::Sql => "sql",
        }
    }
}

/// The state of one SLA for one lead as of an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    /// Stopped at or before the due instant.
    Met,
    /// Stopped after the due instant, or not stopped and past due.
    Breached,
    /// Not stopped, not yet due.
    Pending,
    /// The SLA does not apply to this lead (see the reason).
    NotApplicable,
}

impl SlaState {
    /// The word used in policies and output (`met`, `not_applicable`).
    pub fn word(self) -> &'static str {
        match self {
            SlaState::Met => "met",
            SlaState::Breached => "breached",
            SlaState::Pending => "pending",
            SlaState::NotApplicable => "not_applicable",
        }
    }
    /// Parses a policy word (`met`, `breached`, `pending`, `not_applicable`).
    pub fn from_word(w: &str) -> Option<SlaState> {
        match w {
            "met" => Some(SlaState::Met),
            "breached" => Some(SlaState::Breached),
            "pending" => Some(SlaState::Pending),
            "not_applicable" | "not applicable" => Some(SlaState::NotApplicable),
            _ => None,
        }
    }
    /// All states, in summary order.
    pub const ALL: [SlaState; 4] = [
        SlaState::Met,
        SlaState::Breached,
        SlaState::Pending,
        SlaState::NotApplicable,
    ];
}

/// Whether a stage (MQL, SAL, SQL) holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageOutcome {
    pub kind: StageKind,
    /// The answer: for MQL, the definition holds and the lead is not held
    /// out by a rejection it may not yet re-enter from.
    pub passed: bool,
    /// The definition's own verdict (what `mql` reads inside the policy).
    pub definition_holds: bool,
    /// MQL only: the definition holds but a rejection keeps the lead out
    /// (cooling-off, no new trigger, human review due, never recycled).
    pub held_by_rejection: bool,
}

/// A named yes/no answer (fits).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FitOutcome {
    pub name: Arc<str>,
    pub passed: bool,
}

/// A score's value (`None` when read from a missing field).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreOutcome {
    pub name: Arc<str>,
    pub value: Option<f64>,
}

/// An event that made a trigger fire.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FiredEvent {
    /// The stream (`activities`).
    pub stream: Arc<str>,
    /// The event's kind (`demo_request`).
    pub kind: Arc<str>,
    pub at: DateTime<Utc>,
}

/// Whether a trigger fired, and the events that fired it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TriggerOutcome {
    pub name: Arc<str>,
    pub fired: bool,
    pub events: Vec<FiredEvent>,
}

/// The exclusion that applied (first match in policy order) and its route.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExclusionHit {
    pub name: Arc<str>,
    pub route: Option<Arc<str>>,
}

/// One SLA for one lead.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SlaOutcome {
    pub name: Arc<str>,
    pub state: SlaState,
    pub start: Option<DateTime<Utc>>,
    pub due: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// Business seconds (or plain seconds without a calendar) past due.
    pub late_by_seconds: Option<i64>,
    /// Business seconds (or plain seconds) left until due: while pending,
    /// from as-of; for met, how much time was left when it stopped.
    pub remaining_seconds: Option<i64>,
    /// Why the SLA does not apply.
    pub reason: Option<String>,
    /// The zone the calendar was read in (`America/Chicago`).
    pub zone: Option<&'static str>,
}

/// Contact persistence: compliant, or what is missing; and what is still
/// open (pending) inside its window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersistenceOutcome {
    /// `false` when the start field is missing (nothing to count from yet).
    pub applies: bool,
    /// `false` only when some requirement has definitively failed (a
    /// requirement whose window is still open is pending, not failed).
    pub compliant: bool,
    /// One line per failed rule: `at least 2 attempts by "phone": has 1`.
    pub missing: Vec<String>,
    /// One line per rule not yet met whose window is still open at as-of:
    /// `at least 6 attempts … within 10 business days: has 1, needs 6 by
    /// 2026-12-14 08:01 America/Chicago: 5 more`.
    pub pending: Vec<String>,
}

/// Recycling for a rejected lead.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecyclingOutcome {
    pub reason: Arc<str>,
    /// Disposition steps of the reason, as written.
    pub disposition: Arc<[Arc<str>]>,
    pub nurture_track: Option<Arc<str>>,
    /// Rejected-at + cooling-off (per-code override, or the reason's own
    /// `re-enter after`, whichever is later); `None` when never recycled or
    /// the rejection instant is unknown.
    pub earliest_reentry: Option<DateTime<Utc>>,
    /// Some trigger fires counting only events after the rejection.
    pub new_trigger_since_rejection: bool,
    /// The reason's own re-entry requirement (`with a new trigger`, `when
    /// …`, `when the icp definition has changed since the rejection`) holds
    /// (`true` when it has none).
    pub requirement_met: bool,
    /// Recycled more times than the policy allows without review (never
    /// for a reason that is never recycled: there is no re-entry to review).
    pub human_review_due: bool,
    /// Nurture placement (F.3) is due by: rejected-at + the recycling
    /// block's `nurture placement within N business days`, on the policy's
    /// calendar in the lead's zone. `None` when the reason has no nurture
    /// step, the policy sets no deadline, or the rejection instant is unknown.
    pub nurture_placement_due: Option<DateTime<Utc>>,
    /// Whether placement met its deadline, when a `nurture_placed_at` field
    /// records it: placed at or before due (`true`), after it or still not
    /// placed past due (`false`); `None` when nothing records it or it is
    /// not placed and not yet due.
    pub nurture_placement_met: Option<bool>,
    /// Re-entry is possible as of now (cooling-off over, requirements met).
    pub may_reenter: bool,
}

/// Handoff completeness (required and preferred data at handoff).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HandoffOutcome {
    /// Whether handoff applies to this lead (its `applies when` holds, or
    /// it has none); when not, it is complete with nothing missing.
    pub applies: bool,
    pub complete: bool,
    /// The items missing, as the policy names them (shared with it).
    pub missing: Vec<Arc<str>>,
    pub missing_preferred: Vec<Arc<str>>,
}
