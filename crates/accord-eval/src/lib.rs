//! Compiles a checked policy to an evaluation plan and evaluates leads as
//! of an instant, with explanations.
//!
//! - [`compile`] lowers the policy's AST (imports first, entry last) to a
//!   [`CompiledPolicy`]: field reads are slots, kinds are indices, lists are
//!   hash sets, calendars are [`accord_time::Calendar`]s, durations seconds.
//! - [`CompiledPolicy::evaluate`] decides MQL/SAL/SQL, exclusions, tier,
//!   SLAs, persistence, recycling and handoff for one lead; with `explain`
//!   it records the [`Explanation`] tree on the same code path. As of the
//!   instant, events after it do not exist and a timestamp field
//!   later than it reads as missing (it has not happened yet).
//! - [`output`] is the JSON row contract (schema in
//!   `schema/decision-row.schema.json`); [`batch`] evaluates many records
//!   in parallel, in input order, and sums them up.
//!
//! Architecture invariant: evaluating a lead does no name lookups and no
//! string parsing; deciding and explaining share one code path.

pub mod batch;
mod compile;
pub mod decision;
mod dur;
mod eval;
mod evaluate;
pub mod explain;
mod idx;
mod lits;
pub mod metrics;
mod outcome;
pub mod output;
pub mod output_csv;
mod plan;
pub mod review;
mod show;
mod spare;
mod text;
mod thread_copy;
mod versions;

pub use batch::{evaluate_batch, Summary, TierKey};
pub use compile::{compile, meta as policy_meta};
pub use decision::*;
pub use explain::{Detail, Explanation, Node, Reading, Verdict};
pub use metrics::{BreachSpec, Comparison, MetricFact, MetricKind, MetricSpec, ReportingRules};
pub use output::Row;
pub use output_csv::CsvRows;
pub use plan::VersionMeanings;
pub use plan::{select_version, select_version_index, CompiledPolicy, PolicyMeta, StageKind};
pub use review::ReviewStatus;

#[cfg(test)]
mod test_policy;
#[cfg(test)]
mod tests;
