//! One reason for a verdict and whether the team can change it: the words
//! the summary ranks ([`super::summary`]) and the search for what it would
//! take ([`super::what_it_would_take`]) both speak.

use serde::Serialize;

/// Whether the team can change what a reason reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Changeable {
    /// An activity, an attempt, or a field the CRM records.
    Actionable,
    /// A fact about the lead (company size, country, status).
    Fixed,
}

/// One reason for the verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    /// In the lead's terms: `lead_score 64, needs 1 more`.
    pub text: String,
    /// Whether the clause holds (reasons of a stage the lead reaches).
    pub holds: bool,
    /// Whether it decides the verdict: a failing fixed fact decides alone;
    /// when none fails, every failing reason decides (each is needed).
    pub decides: bool,
    pub changeable: Changeable,
    /// What it reads that the team can change (or, when fixed, the facts):
    /// the names the policy gives them.
    pub inputs: Vec<std::sync::Arc<str>>,
    /// `file:line` of the clause (shared with the plan).
    pub location: std::sync::Arc<str>,
}
