//! The decision log (`--decision-log FILE`): every row the server answers
//! is appended as one JSON line — request id, the input record as it came,
//! as-of, how it was decided, the policy (name, version, content hash) and
//! the row itself. Beside it, a content-addressed store (`--policy-store
//! DIR`, default `FILE.policies/`) keeps the text of every policy version
//! the server has served, one file per content hash, so that `accord
//! replay` can evaluate each logged record again under exactly the text
//! that decided it and show any difference.
//!
//! Lines are written whole, one request's lines at a time, before the
//! answer is sent; a write that fails part way is cut back off, so the log
//! never holds part of a decision that was not given.

use crate::policies::PolicySet;
use crate::records::{Input, Kind, Record};
use accord::{Policy, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One line of the log. `R` is the row: a [`Row`] when writing, a JSON
/// value when reading it back.
#[derive(Serialize, Deserialize)]
pub struct Entry<R> {
    pub request_id: String,
    /// When the decision was made (RFC 3339).
    pub decided_at: String,
    /// `evaluate` or `explain`.
    pub kind: String,
    /// Whether the row carries the explanation tree.
    pub explain: bool,
    pub as_of: String,
    /// The record's number in its request (the row's `record`).
    pub record_number: usize,
    /// The body line the record started on (NDJSON bodies).
    pub line: Option<usize>,
    /// The record as JSON, when it was JSON.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub record: Option<Value>,
    /// The record's text, when it was not valid JSON.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub record_text: Option<String>,
    pub policy: PolicyKey,
    pub row: R,
}

/// Which policy decided.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PolicyKey {
    pub name: String,
    pub version: Option<String>,
    pub hash: String,
}

impl PolicyKey {
    pub fn of(policy: &Policy) -> PolicyKey {
        let m = policy.compiled().meta();
        PolicyKey {
            name: m.name.to_string(),
            version: m.version.as_deref().map(str::to_string),
            hash: m.hash.to_string(),
        }
    }
}

impl<R> Entry<R> {
    /// How the record was decided.
    pub fn decided_as(&self) -> Kind {
        if self.kind == "explain" {
            Kind::Explain
        } else {
            Kind::Evaluate {
                explain: self.explain,
            }
        }
    }

    /// The record as the server read it: a JSON value, or text (an NDJSON
    /// line, or a body that was not JSON).
    pub fn input(&self) -> Record {
        let input = match (&self.record, &self.record_text) {
            (_, Some(text)) => Input::Text(text.clone().into_bytes().into()),
            (Some(v), None) if self.line.is_some() => {
                Input::Text(serde_json::to_vec(v).unwrap_or_default().into())
            }
            (Some(v), None) => Input::Value(v.clone()),
            (None, None) => Input::Value(Value::Null),
        };
        Record {
            number: self.record_number,
            line: self.line,
            input,
        }
    }
}

/// The open log and the store beside it.
pub struct DecisionLog {
    /// Unbuffered: lines a failed write leaves behind must not reach the
    /// file with a later request's.
    file: Mutex<File>,
    store: PathBuf,
}

/// The store folder for a log file when none is given: `FILE.policies`.
pub fn default_store(log: &Path) -> PathBuf {
    let mut name = log.as_os_str().to_owned();
    name.push(".policies");
    PathBuf::from(name)
}

/// A stored policy version: every file's path and text, the entry first.
#[derive(Serialize, Deserialize)]
pub struct Stored {
    pub hash: String,
    pub name: String,
    pub version: Option<String>,
    pub files: Vec<StoredFile>,
}

#[derive(Serialize, Deserialize)]
pub struct StoredFile {
    pub path: String,
    pub text: String,
}

/// The store's file for a hash.
pub fn stored_path(store: &Path, hash: &str) -> PathBuf {
    store.join(format!("{hash}.json"))
}

/// Rebuilds the policy stored under `hash`; the error says why not.
/// The rebuilt policy's own hash is compared by the caller: a stored text
/// that was altered gives another hash.
pub fn load_stored(store: &Path, hash: &str) -> Result<Policy, String> {
    let path = stored_path(store, hash);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read the stored policy {}: {}",
            path.display(),
            accord_syntax::diagnostic::io_words(&e)
        )
    })?;
    let stored: Stored = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a stored policy: {e}", path.display()))?;
    let files: Vec<(&str, &str)> = stored
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    let entry = files.first().map(|(p, _)| *p).unwrap_or_default();
    // The files were inside their policy set when served; in memory
    // nothing else can be read, so the root is the whole tree.
    Policy::load_texts(&files, entry, Some(Path::new("/")))
        .map_err(|e| format!("the stored policy {} no longer loads: {e}", path.display()))
}

impl DecisionLog {
    /// Opens `path` for appending (creating it) and the store folder.
    pub fn open(path: &Path, store: &Path) -> Result<DecisionLog, String> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| {
                format!(
                    "cannot open the decision log {}: {}",
                    path.display(),
                    accord_syntax::diagnostic::io_words(&e)
                )
            })?;
        std::fs::create_dir_all(store).map_err(|e| {
            format!(
                "cannot create the policy store {}: {}",
                store.display(),
                accord_syntax::diagnostic::io_words(&e)
            )
        })?;
        Ok(DecisionLog {
            file: Mutex::new(file),
            store: store.to_path_buf(),
        })
    }

    /// Keeps every version of `set` in the store (each once).
    pub fn store_set(&self, set: &PolicySet) {
        for policy in set.policies() {
            if let Err(e) = self.store(policy) {
                tracing::error!(error = %e, "cannot keep a policy version in the store");
            }
        }
    }

    fn store(&self, policy: &Policy) -> std::io::Result<()> {
        let key = PolicyKey::of(policy);
        let path = stored_path(&self.store, &key.hash);
        if path.exists() {
            return Ok(());
        }
        let stored = Stored {
            hash: key.hash.clone(),
            name: key.name,
            version: key.version,
            files: policy
                .files()
                .into_iter()
                .map(|(path, text)| StoredFile { path, text })
                .collect(),
        };
        let tmp = self.store.join(format!(".{}.tmp", key.hash));
        std::fs::write(&tmp, serde_json::to_vec_pretty(&stored)?)?;
        std::fs::rename(&tmp, &path)
    }

    /// The log lines of some decisions, one per row (not yet written).
    pub fn lines(
        request_id: &str,
        kind: Kind,
        policy: &Policy,
        as_of: &str,
        decided: &[(&Record, &Row)],
    ) -> std::io::Result<Vec<u8>> {
        let decided_at = accord_eval::output::rfc3339(chrono::Utc::now());
        let key = PolicyKey::of(policy);
        let mut lines = Vec::new();
        for (record, row) in decided {
            let (value, text) = match &record.input {
                Input::Value(v) => (Some(v.clone()), None),
                Input::Text(t) => match serde_json::from_slice::<Value>(t) {
                    Ok(v) => (Some(v), None),
                    Err(_) => (None, Some(String::from_utf8_lossy(t).into_owned())),
                },
            };
            let entry = Entry {
                request_id: request_id.to_string(),
                decided_at: decided_at.clone(),
                kind: match kind {
                    Kind::Explain => "explain".to_string(),
                    Kind::Evaluate { .. } => "evaluate".to_string(),
                },
                explain: matches!(kind, Kind::Explain | Kind::Evaluate { explain: true }),
                as_of: as_of.to_string(),
                record_number: record.number,
                line: record.line,
                record: value,
                record_text: text,
                policy: key.clone(),
                row: *row,
            };
            serde_json::to_writer(&mut lines, &entry)?;
            lines.push(b'\n');
        }
        Ok(lines)
    }

    /// Appends lines made by [`DecisionLog::lines`]. A write that fails
    /// part way (the disk full) is undone: the file is cut back to where it
    /// ended. (The log is this process's own; another writer appending
    /// meanwhile would be cut too.)
    pub fn write(&self, lines: &[u8]) -> std::io::Result<()> {
        let mut file = self
            .file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let end = file.metadata()?.len();
        file.write_all(lines).inspect_err(|_| {
            let _ = file.set_len(end);
        })
    }
}
