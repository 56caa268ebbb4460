//! The flat form of conditions that the decision path runs (no
//! explanation asked), part of the plan ([`super`]): each fit, trigger, exclusion and stage condition
//! lowered at compile time (`compile/flat.rs`) into *jumping code* — an
//! array of leaf tests, each naming the step that comes next when it holds
//! and when it does not — so that deciding is one loop (`Ev::run`), with
//! no recursion over `all of` / `any of` / `not` and no match on the
//! combinators.
//!
//! The leaves are pre-resolved: a lead's number field within a range
//! (`Leaf::Range`), a lead's field compared (`Leaf::Field`),
//! the domain of one (`Leaf::Domain`), a yes/no field, a score within a
//! range or compared;
//! everything else (event patterns, references to other definitions, SLA
//! states, tiers) is a `Leaf::Cond`, evaluated by `Ev::holds` with the
//! definitions memoised as before. A score's `when` rule keeps its
//! condition as one leaf (`PointRule::when`). A fit referred to once in the whole
//! policy, whose conditions are all such pre-resolved leaves, is inlined
//! where it is referred to (it needs no memo: nothing else asks for it on
//! the decision path).
//!
//! The short-circuit order is the language's: `all of` stops at the first
//! clause that fails, `any of` at the first that holds, in the written
//! order — the same leaves in the same order as `Ev::holds` and the
//! explaining path, so the answers are the same (unit tests in
//! `eval/flat.rs` hold them equal on the test policies, and the
//! differential tests compare decisions with explanations).

use super::{Cond, ExclusionDef, FitDef, Idx, ScoreDef, StageDef, Test, TriggerDef};

/// A jump target past every step: the condition holds.
pub(crate) const HOLDS: u32 = u32::MAX;
/// A jump target past every step: the condition does not hold.
pub(crate) const FAILS: u32 = u32::MAX - 1;

/// A jump target past every step: exclusion `k` applies (the end of
/// [`Flat::first_exclusion`], the exclusions tried in order).
pub(crate) fn applies(k: usize) -> u32 {
    u32::try_from(k).map_or(FAILS, |k| FAILS.saturating_sub(1).saturating_sub(k))
}

/// The exclusion a program's end names (see [`applies`]), if any.
pub(crate) fn applying(end: u32) -> Option<usize> {
    FAILS
        .checked_sub(1)
        .and_then(|first| first.checked_sub(end))
        .and_then(|k| usize::try_from(k).ok())
}

/// One leaf test and where to go next.
#[derive(Clone, Debug)]
pub(crate) struct Step {
    pub leaf: Leaf,
    /// The next step when the leaf holds (or [`HOLDS`] / [`FAILS`]).
    pub then: u32,
    /// The next step when it does not.
    pub otherwise: u32,
}

/// A leaf test, its operands resolved.
#[derive(Clone, Debug)]
pub(crate) enum Leaf {
    /// A lead's number field (by slot) is within `lo..=hi`: a numeric
    /// test (`between`, `at least`, `more than`…) as the range of numbers
    /// it accepts (see `compile/flat.rs`).
    Range { slot: usize, lo: f64, hi: f64 },
    /// A lead's field (by slot) passes the test.
    Field { slot: usize, test: Test },
    /// The domain of a lead's field (an email) passes the test.
    Domain { slot: usize, test: Test },
    /// A yes/no field is yes.
    YesNo(usize),
    /// A score's value is within `lo..=hi` (a numeric test, as for
    /// [`Leaf::Range`]).
    ScoreRange {
        score: Idx<ScoreDef>,
        lo: f64,
        hi: f64,
    },
    /// A score's value passes the test.
    Score { score: Idx<ScoreDef>, test: Test },
    /// Any other condition, by [`crate::plan::CondKind`].
    Cond(Box<Cond>),
}

/// Where each definition `D`'s program starts (a step, or [`HOLDS`] /
/// [`FAILS`] when it needs none), by the definition's index.
#[derive(Clone, Debug)]
pub(crate) struct Entries<D> {
    at: Vec<u32>,
    kind: std::marker::PhantomData<fn() -> D>,
}

impl<D> Default for Entries<D> {
    fn default() -> Self {
        Entries {
            at: Vec::new(),
            kind: std::marker::PhantomData,
        }
    }
}

impl<D> Entries<D> {
    /// The program of definition `i` (one past the last: [`FAILS`]).
    pub fn get(&self, i: Idx<D>) -> u32 {
        self.at.get(i.index()).copied().unwrap_or(FAILS)
    }
    pub fn push(&mut self, entry: u32) {
        self.at.push(entry);
    }
}

/// Every program of a policy, in one array of steps.
#[derive(Clone, Debug, Default)]
pub(crate) struct Flat {
    pub steps: Vec<Step>,
    /// A fit: all its conditions hold.
    pub fits: Entries<FitDef>,
    /// A trigger: any (or all) of its items hold.
    pub triggers: Entries<TriggerDef>,
    /// An exclusion applies: its condition holds and its `unless` does not.
    pub exclusions: Entries<ExclusionDef>,
    /// A stage's condition.
    pub stages: Entries<StageDef>,
    /// Every exclusion tried in order: the program ends at [`applies`]`(k)`
    /// for the first that applies, at [`FAILS`] when none does.
    pub first_exclusion: u32,
}
