//! What each clause reads, as a summary's reason gives it (the
//! inputs' names and whether the team can change any of them): a property
//! of the policy, remembered in its plan the first time a summary needs
//! it; worked out by `explain/inputs.rs`.

use std::sync::{Arc, OnceLock};

/// What a reason's clause reads, as a summary gives it: whether the team
/// can change any of it, and the names (the actionable ones when it can,
/// else the facts). The clause's, whatever the lead: worked out once per
/// policy ([`ReadByMemo`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ReadBy {
    pub(crate) actionable: bool,
    pub(crate) names: Box<[Arc<str>]>,
}

/// Each clause's and each exclusion's [`ReadBy`], worked out the first
/// time a summary gives it as a reason (by clause, as its source's
/// number; an exclusion, what its `when` and `unless` read).
#[derive(Clone, Debug, Default)]
pub(crate) struct ReadByMemo {
    pub(crate) clauses: Box<[OnceLock<ReadBy>]>,
    pub(crate) exclusions: Box<[OnceLock<ReadBy>]>,
}

impl ReadByMemo {
    /// Room for a policy's clauses and exclusions, none worked out yet.
    pub(crate) fn new(clauses: usize, exclusions: usize) -> ReadByMemo {
        let empty = |n| (0..n).map(|_| OnceLock::new()).collect();
        ReadByMemo {
            clauses: empty(clauses),
            exclusions: empty(exclusions),
        }
    }
}
