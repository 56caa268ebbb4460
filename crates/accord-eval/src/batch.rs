//! Batch evaluation: many records in parallel (rayon, over chunks), rows
//! yielded in input order, memory bounded by the chunk size; and the
//! [`Summary`] of a run with its text rendering.

use crate::outcome::SlaState;
use crate::output::Row;
use crate::plan::CompiledPolicy;
use crate::review::ReviewStatus;
use accord_records::{Lead, RecordDecoder, RecordOutcome};
use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::BufRead;

/// Records evaluated per parallel chunk.
pub const CHUNK: usize = 4096;

/// Records per chunk when explaining: an explanation tree is tens of
/// kilobytes, so 4096 of them in flight would be hundreds of megabytes;
/// 256 keeps every core busy with a few megabytes.
pub const EXPLAIN_CHUNK: usize = 256;

/// The most input (in bytes, about) one chunk holds, whatever its number of
/// records: with records of up to [`accord_records::limits::MAX_RECORD_BYTES`]
/// each, a chunk of [`CHUNK`] of them could otherwise reach gigabytes.
pub const CHUNK_BYTES: usize = 64 << 20;

/// The chunk size for a run.
fn chunk_size(explain: bool) -> usize {
    if explain {
        EXPLAIN_CHUNK
    } else {
        CHUNK
    }
}

/// Evaluates one read outcome into a row.
pub fn row_for(
    policy: &CompiledPolicy,
    outcome: RecordOutcome,
    as_of: DateTime<Utc>,
    explain: bool,
) -> Row {
    match outcome.result {
        Ok(lead) => Row::for_lead(policy, &lead, as_of, explain),
        Err(errors) => Row::from_errors(policy, outcome.record, as_of, errors),
    }
}

/// Explains one read outcome into a row: the explanation tree and
/// summary, and what it would take found by the search (which
/// [`row_for`] never runs: it re-evaluates the lead many times).
pub fn explain_row(policy: &CompiledPolicy, outcome: RecordOutcome, as_of: DateTime<Utc>) -> Row {
    match outcome.result {
        Ok(lead) => {
            let mut decision = policy.evaluate(&lead, as_of, true);
            policy.search_changes(&lead, as_of, &mut decision);
            Row::from_decision(policy, decision)
        }
        Err(errors) => Row::from_errors(policy, outcome.record, as_of, errors),
    }
}

/// The most worker threads a batch starts (a larger request is held to
/// it): every front end (`accord eval --threads`, the Python package's
/// `threads=`) refuses more, which would only start that many operating
/// system threads for nothing.
pub const MAX_THREADS: usize = 1024;

/// A rayon pool with `threads` threads, at most [`MAX_THREADS`] (0 =
/// rayon's global pool).
fn pool(threads: usize) -> Option<rayon::ThreadPool> {
    if threads == 0 {
        return None;
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.min(MAX_THREADS))
        .build()
        .ok()
}

/// Pulls `CHUNK` jobs at a time, turns them into rows in parallel, yields
/// the rows in order.
struct Chunked<'p, I: Iterator, F> {
    input: I,
    work: F,
    pool: Option<rayon::ThreadPool>,
    chunk: usize,
    /// About how many bytes of input a job holds (see [`CHUNK_BYTES`]).
    weight: fn(&I::Item) -> usize,
    ready: std::vec::IntoIter<Row>,
    _policy: std::marker::PhantomData<&'p ()>,
}

impl<I, F> Iterator for Chunked<'_, I, F>
where
    I: Iterator,
    I::Item: Send,
    F: Fn(I::Item) -> Option<Row> + Sync,
{
    type Item = Row;
    fn next(&mut self) -> Option<Row> {
        loop {
            if let Some(row) = self.ready.next() {
                return Some(row);
            }
            let mut jobs: Vec<I::Item> = Vec::new();
            let mut bytes = 0usize;
            while jobs.len() < self.chunk && bytes < CHUNK_BYTES {
                let Some(job) = self.input.next() else { break };
                bytes = bytes.saturating_add((self.weight)(&job));
                jobs.push(job);
            }
            if jobs.is_empty() {
                return None;
            }
            let work = &self.work;
            let run = || jobs.into_par_iter().filter_map(work).collect::<Vec<Row>>();
            let rows = match &self.pool {
                Some(p) => p.install(run),
                None => run(),
            };
            self.ready = rows.into_iter();
        }
    }
}

/// Evaluates read outcomes in parallel (`threads` = 0: all cores) and
/// yields one row per outcome in input order; error outcomes become error
/// rows in place. At most one chunk ([`CHUNK`] records, [`EXPLAIN_CHUNK`]
/// when explaining) is held at a time.
pub fn evaluate_batch<'p>(
    policy: &'p CompiledPolicy,
    outcomes: impl Iterator<Item = RecordOutcome> + 'p,
    as_of: DateTime<Utc>,
    explain: bool,
    threads: usize,
) -> impl Iterator<Item = Row> + 'p {
    Chunked {
        input: outcomes,
        work: move |o: RecordOutcome| Some(row_for(policy, o, as_of, explain)),
        pool: pool(threads),
        chunk: chunk_size(explain),
        weight: |o: &RecordOutcome| o.result.as_ref().map_or(0, Lead::approx_bytes),
        ready: Vec::new().into_iter(),
        _policy: std::marker::PhantomData,
    }
}

/// NDJSON straight from a reader: lines are read in order, and decoding
/// *and* evaluation run in parallel per chunk (the fastest path; the rows
/// are the same as `read_leads` + [`evaluate_batch`] give). Blank lines are
/// skipped; an unreadable input line is an error row.
pub fn evaluate_ndjson<'p, R: BufRead + 'p>(
    policy: &'p CompiledPolicy,
    decoder: &'p RecordDecoder,
    reader: R,
    as_of: DateTime<Utc>,
    explain: bool,
    threads: usize,
) -> impl Iterator<Item = Row> + 'p {
    use accord_records::limits::{read_line, record_too_long, Line};
    let mut reader = reader;
    let limit = decoder.limits().record_bytes;
    let (mut record, mut line, mut done) = (0usize, 0usize, false);
    // Lines in order, blank ones skipped; one longer than the record
    // limit, or unreadable input, is an error row in its place.
    let lines = std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        let mut bytes = Vec::new();
        let read = read_line(&mut reader, &mut bytes, limit);
        line += 1;
        let error = match read {
            Ok(Line::End) => {
                done = true;
                return None;
            }
            Ok(Line::Read) if bytes.iter().all(u8::is_ascii_whitespace) => continue,
            Ok(Line::Read) => {
                record += 1;
                return Some((record, line, Ok(bytes)));
            }
            Ok(Line::TooLong(n)) => record_too_long(record + 1, Some(line), n, limit),
            Err(e) => {
                done = true;
                accord_records::RecordError {
                    record: record + 1,
                    line: Some(line),
                    lead_id: None,
                    field: None,
                    expected: "a line of text".into(),
                    found: e.to_string(),
                    message: format!("could not read line {line}: {e}"),
                }
            }
        };
        record += 1;
        return Some((record, line, Err(error)));
    });
    Chunked {
        input: lines,
        work: move |(record, line, bytes): (
            usize,
            usize,
            Result<Vec<u8>, accord_records::RecordError>,
        )| {
            let result = match bytes {
                Ok(b) => decoder.decode_json(&b, record, Some(line)),
                Err(e) => Err(vec![e]),
            };
            Some(row_for(
                policy,
                RecordOutcome {
                    record,
                    line: Some(line),
                    result,
                },
                as_of,
                explain,
            ))
        },
        pool: pool(threads),
        chunk: chunk_size(explain),
        weight: |(_, _, bytes)| bytes.as_ref().map_or(0, Vec::len),
        ready: Vec::new().into_iter(),
        _policy: std::marker::PhantomData,
    }
}

/// `[(name, counts)]` as `{name: counts}`, in policy order.
fn slas_as_object<S: serde::Serializer>(
    slas: &[(std::sync::Arc<str>, BTreeMap<String, usize>)],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(slas.iter().map(|(name, counts)| (name, counts)))
}

/// Counts over a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Records seen (leads + error rows).
    pub records: usize,
    /// Records evaluated.
    pub leads: usize,
    /// Records that could not be read.
    pub errors: usize,
    pub mql: usize,
    pub sal: usize,
    pub sql: usize,
    pub excluded: usize,
    /// MQLs per tier, in tier order (`none`, last, when no tier matched).
    /// Only MQLs are counted: a lead that is not an MQL has no tier, only
    /// the tier it would have (the rows' `tier`).
    pub tiers: BTreeMap<TierKey, usize>,
    /// Per SLA (policy order): counts per state. In JSON an object keyed
    /// by SLA name, like the rows' `slas`.
    #[serde(serialize_with = "slas_as_object")]
    pub slas: Vec<(std::sync::Arc<str>, BTreeMap<String, usize>)>,
    /// Leads persistence applies to (they have its start instant and its
    /// `applies when` holds); the two counts below are among them.
    pub persistence_applicable: usize,
    /// Leads with a persistence requirement that has definitively failed.
    pub persistence_non_compliant: usize,
    /// Leads with nothing failed but some persistence requirement still
    /// open inside its window (disjoint from `persistence_non_compliant`).
    pub persistence_pending: usize,
    /// Leads handoff applies to (its `applies when` holds, or it has
    /// none); `handoff_incomplete` is among them.
    pub handoff_applicable: usize,
    pub handoff_incomplete: usize,
    pub recycling_may_reenter: usize,
    pub human_review_due: usize,
    /// The agreement's `next review` judged at the run's as-of instant
    /// (absent when the header names no next review, or the summary was
    /// not made for a run: [`Summary::for_run`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewStatus>,
}

/// A key of [`Summary::tiers`]: a tier number, or no tier. Ordered as
/// numbers (tier 2 before tier 10), no tier last; in JSON the number as
/// text, or `"none"` (an object's keys are text).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TierKey {
    Tier(u32),
    None,
}

impl std::fmt::Display for TierKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TierKey::Tier(n) => n.fmt(f),
            TierKey::None => f.write_str("none"),
        }
    }
}

impl Serialize for TierKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Summary {
    /// An empty summary for a run under `policy`: every SLA (policy order)
    /// with all four states at 0 and every declared tier at 0, so that even
    /// a run without leads lists them. ([`Summary::default`] starts with
    /// none and lists what the rows bring.)
    pub fn new(policy: &CompiledPolicy) -> Summary {
        let states = || {
            SlaState::ALL
                .iter()
                .map(|s| (s.word().to_string(), 0))
                .collect::<BTreeMap<_, _>>()
        };
        Summary {
            tiers: policy
                .tier_numbers()
                .into_iter()
                .map(|t| (TierKey::Tier(t), 0))
                .collect(),
            slas: policy
                .sla_names()
                .map(|name| (name.into(), states()))
                .collect(),
            ..Summary::default()
        }
    }

    /// [`Summary::new`] for a run at `as_of`: also says whether the
    /// agreement is overdue for review at that instant.
    pub fn for_run(policy: &CompiledPolicy, as_of: DateTime<Utc>) -> Summary {
        Summary {
            review: ReviewStatus::at(policy.meta(), as_of),
            ..Summary::new(policy)
        }
    }

    /// Adds one row.
    pub fn add(&mut self, row: &Row) {
        self.records += 1;
        if row.is_error() {
            self.errors += 1;
            return;
        }
        self.leads += 1;
        self.mql += usize::from(row.mql == Some(true));
        self.sal += usize::from(row.sal == Some(true));
        self.sql += usize::from(row.sql == Some(true));
        self.excluded += usize::from(row.exclusions.as_ref().is_some_and(|e| !e.is_empty()));
        if row.mql == Some(true) {
            let tier = row.tier.map_or(TierKey::None, TierKey::Tier);
            *self.tiers.entry(tier).or_default() += 1;
        }
        for (name, sla) in row.slas.iter().flat_map(|m| m.0.iter()) {
            let pos = match self.slas.iter().position(|(n, _)| n == name) {
                Some(p) => p,
                None => {
                    let states = SlaState::ALL
                        .iter()
                        .map(|s| (s.word().to_string(), 0))
                        .collect();
                    self.slas.push((name.clone(), states));
                    self.slas.len() - 1
                }
            };
            if let Some((_, states)) = self.slas.get_mut(pos) {
                *states.entry(sla.state.word().to_string()).or_default() += 1;
            }
        }
        self.persistence_applicable +=
            usize::from(row.persistence.as_ref().is_some_and(|p| p.applies));
        self.persistence_non_compliant +=
            usize::from(row.persistence.as_ref().is_some_and(|p| !p.compliant));
        self.persistence_pending += usize::from(
            row.persistence
                .as_ref()
                .is_some_and(|p| p.compliant && !p.pending.is_empty()),
        );
        self.handoff_applicable += usize::from(row.handoff.as_ref().is_some_and(|h| h.applies));
        self.handoff_incomplete += usize::from(row.handoff.as_ref().is_some_and(|h| !h.complete));
        self.recycling_may_reenter +=
            usize::from(row.recycling.as_ref().is_some_and(|r| r.may_reenter));
        self.human_review_due +=
            usize::from(row.recycling.as_ref().is_some_and(|r| r.human_review_due));
    }

    /// The text form for people.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let pct = |n: usize| {
            if self.leads == 0 {
                0.0
            } else {
                n as f64 * 100.0 / self.leads as f64
            }
        };
        let _ = writeln!(
            out,
            "{} records: {} leads evaluated, {} unreadable",
            self.records, self.leads, self.errors
        );
        if let Some(review) = &self.review {
            let _ = writeln!(out, "agreement {}", review.sentence());
        }
        let _ = writeln!(out, "MQL       {:>8}  ({:.1}%)", self.mql, pct(self.mql));
        if self.sal > 0 {
            let _ = writeln!(out, "SAL       {:>8}  ({:.1}%)", self.sal, pct(self.sal));
        }
        if self.sql > 0 {
            let _ = writeln!(out, "SQL       {:>8}  ({:.1}%)", self.sql, pct(self.sql));
        }
        let _ = writeln!(
            out,
            "excluded  {:>8}  ({:.1}%)",
            self.excluded,
            pct(self.excluded)
        );
        // Tiers are counted among MQLs, as shares of the MQLs.
        let of_mqls = |n: usize| {
            if self.mql == 0 {
                0.0
            } else {
                n as f64 * 100.0 / self.mql as f64
            }
        };
        for (tier, n) in &self.tiers {
            let label = match tier {
                TierKey::None => "no tier".to_string(),
                TierKey::Tier(n) => format!("tier {n}"),
            };
            let _ = writeln!(out, "{label:<9} {n:>8}  ({:.1}% of MQLs)", of_mqls(*n));
        }
        for (name, states) in &self.slas {
            let parts: Vec<String> = states.iter().map(|(s, n)| format!("{s} {n}")).collect();
            let _ = writeln!(out, "SLA {name}: {}", parts.join(", "));
        }
        let _ = writeln!(
            out,
            "persistence (applies to {} leads): non-compliant {}, pending {}",
            self.persistence_applicable, self.persistence_non_compliant, self.persistence_pending
        );
        let _ = writeln!(
            out,
            "handoff (applies to {} leads): incomplete {}",
            self.handoff_applicable, self.handoff_incomplete
        );
        let _ = writeln!(
            out,
            "recycling: may re-enter {}, human review due {}",
            self.recycling_may_reenter, self.human_review_due
        );
        out
    }
}
