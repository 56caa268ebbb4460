//! One reason for a verdict and whether the team can change it: the words
//! the summary ranks ([`super::summary`]) and the search for what it would
//! take ([`super::what_it_would_take`]) both speak; and the lists a
//! summary's reasons are kept in, given back by a dropped explanation for
//! the next one's (per thread: [`reason_list`], [`input_list`]).

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

thread_local! {
    /// The list of reasons of this thread's last dropped explanation,
    /// emptied, for the next summary's.
    static SPARE_REASONS: std::cell::Cell<Vec<Reason>> = const { std::cell::Cell::new(Vec::new()) };
    /// Lists of inputs of this thread's dropped explanations' reasons,
    /// emptied, for the next summary's reasons.
    static SPARE_INPUTS: std::cell::Cell<Vec<Vec<std::sync::Arc<str>>>> =
        const { std::cell::Cell::new(Vec::new()) };
}

/// How many emptied lists of inputs a thread keeps (a summary has a few
/// reasons).
const SPARE_INPUTS_KEPT: usize = 16;

/// An empty list for a summary's reasons: this thread's spare one when
/// there is one (see [`give_back_reasons`]).
pub(crate) fn reason_list() -> Vec<Reason> {
    crate::spare::take(&SPARE_REASONS)
}

/// An empty list for a reason's inputs, with room for `room`: one of this
/// thread's spare ones when there is one.
pub(crate) fn input_list(room: usize) -> Vec<std::sync::Arc<str>> {
    let mut list = crate::spare::take_one(&SPARE_INPUTS).unwrap_or_default();
    list.reserve(room);
    list
}

/// Keeps a dropped explanation's list of reasons and their lists of
/// inputs (emptied) as this thread's spare ones, so that the next
/// summary's are not allocated again.
pub(crate) fn give_back_reasons(mut reasons: Vec<Reason>) {
    let inputs = reasons.iter_mut().map(|r| std::mem::take(&mut r.inputs));
    crate::spare::keep_some(&SPARE_INPUTS, inputs, SPARE_INPUTS_KEPT, |mut inputs| {
        inputs.clear();
        (inputs.capacity() > 0).then_some(inputs)
    });
    reasons.clear();
    crate::spare::keep(&SPARE_REASONS, reasons);
}
