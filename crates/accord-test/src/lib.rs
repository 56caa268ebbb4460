//! `accord test`: policy tests next to policies.
//!
//! A test file (`*.accord-test`, format in [`mod@file`]) names the policy it
//! tests and holds named cases: a lead (from a leads file by id, or written
//! inline, with fields changed by `with`), an `as of` instant, and what the
//! agreement must decide for it (MQL, SAL, SQL, tier, exclusion, SLA states,
//! persistence, recycling, handoff). [`expect`] compares a case's
//! expectations with the evaluator's row; [`coverage`] collects, over every
//! case, which clauses of the policy were seen to hold and to fail.
//!
//! This crate reads and judges; loading policies and leads, evaluating and
//! printing is the CLI's (`crates/accord-cli/src/cmd/test.rs`).

pub mod coverage;
pub mod expect;
pub mod file;

pub use coverage::{Coverage, Gap};
pub use expect::{Expectation, Mismatch};
pub use file::{parse, Case, LeadSource, TestFile};
