//! Accord: policy-as-code for revenue teams.
//!
//! This crate is the façade an engine embeds (and the `accord` CLI uses):
//! load and check a policy once, then evaluate one lead or a whole batch,
//! with or without the explanation tree. A [`Policy`] is `Send + Sync`, so
//! many threads can share one.
//!
//! ```
//! use accord::Policy;
//! use chrono::{TimeZone, Utc};
//!
//! let policy = Policy::load("../../policies/mql-sql-agreement.accord").expect("policy checks clean");
//! let leads = std::fs::read_to_string("../../examples/edge-cases/leads.ndjson").unwrap();
//! let lead: serde_json::Value = serde_json::from_str(leads.lines().next().unwrap()).unwrap();
//! let as_of = Utc.with_ymd_and_hms(2026, 11, 20, 15, 0, 0).unwrap();
//! let row = policy.evaluate_json(&lead, 1, as_of, true);
//! assert_eq!((row.mql, row.tier), (Some(true), Some(1)));
//! let why = row.explanation.unwrap();
//! println!("{}", why.render_text(accord::Detail::Decisive)); // summary + deciding clauses
//! assert!(why.summary.verdict.starts_with("SQL"));
//!
//! // `explain_json` also searches what it would take (for `accord explain`).
//! let e02: serde_json::Value = serde_json::from_str(leads.lines().nth(1).unwrap()).unwrap();
//! let row = policy.explain_json(&e02, 2, as_of);
//! let take = &row.explanation.unwrap().summary.what_it_would_take;
//! assert!(take.changes.as_ref().is_some_and(|c| !c.is_empty()));
//!
//! // A record that does not fit the schema gives an error row, not a panic.
//! let bad = policy.evaluate_json(&serde_json::json!({ "lead_id": "L-2" }), 2, as_of, false);
//! assert!(bad.mql.is_none() && bad.errors.iter().all(|e| e.record == 2));
//! ```

use accord_check::Workspace;
use chrono::{DateTime, Utc};
use std::io::BufRead;
use std::path::Path;

mod texts;
mod versions;
pub use texts::{check_texts, parse_instant, Checked};
pub use versions::{check_versions, link_versions, none_in_effect};

pub use accord_eval::batch::MAX_THREADS;
pub use accord_eval::{CompiledPolicy, CsvRows, Decision, Detail, Explanation, Row, Summary};
pub use accord_records::{
    EventsIndex, FieldSpec, FieldType, InputFormat, Lead, LeadText, RecordDecoder, RecordError,
    RecordOutcome, Schema,
};
pub use accord_syntax::diagnostic::{self, JsonDiagnostic, RenderOptions};
pub use accord_syntax::{Diagnostic, Severity, SourceMap};

/// Why a policy could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read.
    Io(accord_check::LoadError),
    /// The policy has errors; render them with `accord_syntax::diagnostic::render`.
    Invalid {
        diagnostics: Vec<Diagnostic>,
        sources: SourceMap,
    },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(e) => write!(f, "{e}"),
            LoadError::Invalid { diagnostics, .. } => {
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(f, "the policy has {errors} error(s)")
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// A checked, compiled policy, ready to evaluate leads.
pub struct Policy {
    compiled: CompiledPolicy,
    decoder: RecordDecoder,
    sources: SourceMap,
    warnings: Vec<Diagnostic>,
}

impl Policy {
    /// Reads the policy at `path` (and its imports), checks it, and compiles
    /// it. Warnings do not stop loading; see [`Policy::warnings`]. Imports
    /// stay inside the policy file's folder.
    pub fn load(path: impl AsRef<Path>) -> Result<Policy, LoadError> {
        Policy::load_with_root(path, None)
    }

    /// Like [`Policy::load`], with imports allowed anywhere inside `root`
    /// (`--root`), which must hold the policy file; `None`: the policy
    /// file's folder.
    pub fn load_with_root(
        path: impl AsRef<Path>,
        root: Option<&Path>,
    ) -> Result<Policy, LoadError> {
        let mut workspace = Workspace::new();
        workspace.set_root(root);
        Policy::from_workspace(workspace, path.as_ref())
    }

    /// Loads `entry` from `workspace`, checks it and compiles it.
    fn from_workspace(mut workspace: Workspace, entry: &Path) -> Result<Policy, LoadError> {
        let id = workspace.load(entry).map_err(LoadError::Io)?;
        let diagnostics = workspace.diagnostics(id);
        let resolved = workspace.resolved(id);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(LoadError::Invalid {
                diagnostics,
                sources: resolved.sources,
            });
        }
        let compiled = accord_eval::compile(&resolved.files, &resolved.schema, &resolved.sources)
            .map_err(|diagnostics| LoadError::Invalid {
            diagnostics,
            sources: resolved.sources.clone(),
        })?;
        Ok(Policy {
            decoder: RecordDecoder::new(&resolved.schema),
            compiled,
            sources: resolved.sources,
            warnings: diagnostics,
        })
    }

    /// The version in effect at `as_of` among several versions of one
    /// agreement: the latest effective date on or before `as_of` (later
    /// entries win ties). `None` when none is in effect yet.
    pub fn in_effect(versions: &[Policy], as_of: DateTime<Utc>) -> Option<&Policy> {
        let metas = versions.iter().map(|p| p.compiled.meta());
        versions.get(accord_eval::select_version_index(metas, as_of)?)
    }

    /// The compiled plan (agreement name, version, hash: `compiled().meta()`).
    pub fn compiled(&self) -> &CompiledPolicy {
        &self.compiled
    }

    /// The lead schema records are read against.
    pub fn schema(&self) -> &Schema {
        self.compiled.schema()
    }

    /// Warnings found while checking.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The policy's files (for rendering diagnostics).
    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// Evaluates one lead given as JSON. A record that does not fit the
    /// schema gives an error row naming each bad field.
    pub fn evaluate_json(
        &self,
        record: &serde_json::Value,
        record_number: usize,
        as_of: DateTime<Utc>,
        explain: bool,
    ) -> Row {
        let outcome = RecordOutcome {
            record: record_number,
            line: None,
            result: self.decoder.decode_value(record, record_number, None),
        };
        accord_eval::batch::row_for(&self.compiled, outcome, as_of, explain)
    }

    /// Explains one lead given as JSON: the decision with its explanation
    /// (summary and tree) and what it would take, found by re-evaluating
    /// changed copies of the lead (slower than `evaluate_json`).
    pub fn explain_json(
        &self,
        record: &serde_json::Value,
        record_number: usize,
        as_of: DateTime<Utc>,
    ) -> Row {
        let outcome = RecordOutcome {
            record: record_number,
            line: None,
            result: self.decoder.decode_value(record, record_number, None),
        };
        accord_eval::batch::explain_row(&self.compiled, outcome, as_of)
    }

    /// The decoder that reads records against the policy's schema (for
    /// readers of other formats, like `accord-arrow`'s Arrow rows).
    pub fn decoder(&self) -> &RecordDecoder {
        &self.decoder
    }

    /// Evaluates read outcomes (from any reader) in parallel (`threads` =
    /// 0: all cores), one row per outcome, in order, a chunk at a time.
    pub fn evaluate_outcomes<'p>(
        &'p self,
        outcomes: impl Iterator<Item = RecordOutcome> + 'p,
        as_of: DateTime<Utc>,
        explain: bool,
        threads: usize,
    ) -> impl Iterator<Item = Row> + 'p {
        accord_eval::evaluate_batch(&self.compiled, outcomes, as_of, explain, threads)
    }

    /// Evaluates every record of `reader` in parallel (`threads` = 0: all
    /// cores), yielding exactly one row per record, in input order, with
    /// memory bounded by one chunk of records.
    pub fn evaluate_reader<'p, R: BufRead + Send + 'p>(
        &'p self,
        reader: R,
        format: InputFormat,
        events: Option<EventsIndex>,
        as_of: DateTime<Utc>,
        explain: bool,
        threads: usize,
    ) -> Box<dyn Iterator<Item = Row> + 'p> {
        if format == InputFormat::Ndjson && events.is_none() {
            return Box::new(accord_eval::batch::evaluate_ndjson(
                &self.compiled,
                &self.decoder,
                reader,
                as_of,
                explain,
                threads,
            ));
        }
        let outcomes =
            accord_records::LeadReader::new(self.decoder.clone(), reader, format, events);
        Box::new(accord_eval::evaluate_batch(
            &self.compiled,
            outcomes,
            as_of,
            explain,
            threads,
        ))
    }
}
