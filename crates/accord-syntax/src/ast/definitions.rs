//! The definitions that qualify a lead: fits, scores (point rules,
//! sub-scores, floors, decay), triggers, exclusions, stages (`mql`, `sal`,
//! `sql`) and tiers.

use super::{Condition, Duration, EventPattern, Ident, Str, Value};
use crate::span::Span;
use serde::Serialize;

/// ```text
/// fit icp "Minimum ICP fit (B.1)":
///   employees is between 20 and 500
///   industry is one of "SaaS", "E-commerce"
/// ```
/// Passes when every line holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fit {
    pub name: Ident,
    pub title: Option<Str>,
    pub conditions: Vec<Condition>,
    pub span: Span,
}

/// ```text
/// score lead_score "Combined fit + behavior score (B.2)":
///   fit weighs 40%:
///     +10 when title_level is one of "VP", "Director"
///   behavior weighs 60%:
///     +5 for each activity "website_visit", at most 25
///     -10 when there is an activity "unsubscribe"
///   decays 10% every 30 days without activity
/// ```
/// or `score crm_score "…" is read from crm_lead_score`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    pub name: Ident,
    pub title: Option<Str>,
    pub body: ScoreBody,
    pub decay: Option<Decay>,
    /// `never below -20` / `may go below 0`; `None`: the default (a flat
    /// score never goes below 0).
    pub floor: Option<ScoreFloor>,
    pub span: Span,
}

/// A flat score's floor line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreFloor {
    pub kind: ScoreFloorKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ScoreFloorKind {
    /// `never below -20`: the score is at least this (checked: a number).
    NeverBelow(Value),
    /// `may go below 0`: no floor (checked: the value is 0).
    MayGoBelow(Value),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ScoreBody {
    /// Point rules directly under the score: the score is their sum, never
    /// below its floor (`Score::floor`, by default 0).
    Rules(Vec<PointRule>),
    /// Weighted sub-scores: each sub-score's points are clamped to 0–100,
    /// multiplied by its weight, and summed.
    Weighted(Vec<SubScore>),
    /// `is read from crm_score`
    FromField(Ident),
}

/// `fit weighs 40%:` + indented point rules.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubScore {
    pub name: Ident,
    pub weight: Value,
    pub rules: Vec<PointRule>,
    pub span: Span,
}

/// `+10 when …`, `+5 for each activity "website_visit", at most 25`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PointRule {
    /// Signed points (`+10` → 10, `-10` → -10).
    pub points: f64,
    pub basis: PointBasis,
    /// `at most 25` — cap on the points this rule can add.
    pub cap: Option<f64>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum PointBasis {
    /// `when <condition>` — points once if it holds.
    When(Condition),
    /// `for each <event pattern>` — points per matching event.
    ForEach(EventPattern),
}

/// `decays 10% every 30 days without activity`: for every full period since
/// the last event of the stream, the score is multiplied by (1 − rate).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decay {
    pub percent: Value,
    pub every: Duration,
    /// The stream word (`activity`).
    pub without: Ident,
    pub span: Span,
}

/// ```text
/// trigger high_intent "Required behavioral trigger (B.3)":
///   any of, within the last 30 days:
///     an activity "demo_request"
///     at least 2 activities "page_view" where page is "pricing"
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trigger {
    pub name: Ident,
    pub title: Option<Str>,
    /// `any of` (true) or `all of` (false).
    pub any: bool,
    /// `within the last 30 days` on the `any of` line: the default window
    /// for items that do not give their own.
    pub window: Option<Duration>,
    pub items: Vec<Condition>,
    pub span: Span,
}

/// `exclusion customer "Existing customer (B.4)" when status is "customer": route to "CSM"`
/// `exclusion personal_email "…" when the domain of email is in free_email_domains unless phone_verified`
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exclusion {
    pub name: Ident,
    pub title: Option<Str>,
    pub when: Condition,
    pub unless: Option<Condition>,
    pub route: Option<Str>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StageKind {
    Mql,
    Sal,
    Sql,
}

/// `mql "Marketing Qualified Lead (Section B)" when all of:` + indented
/// conditions; also `sal …`, `sql …`. A one-line form `mql "…" when <cond>`
/// is allowed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stage {
    pub kind: StageKind,
    /// The keyword as written (`mql`), so diagnostics can point at it.
    pub keyword: Ident,
    pub title: Option<Str>,
    pub condition: Condition,
    pub span: Span,
}

/// ```text
/// tiers "Lead tiers (E.1)":
///   tier 1 when there is an activity "demo_request"
///   tier 2 when lead_score is at least 80
///   tier 3 otherwise
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tiers {
    pub title: Option<Str>,
    pub tiers: Vec<TierRule>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierRule {
    pub number: u32,
    pub number_span: Span,
    /// `None` for `otherwise`.
    pub condition: Option<Condition>,
    pub span: Span,
}
