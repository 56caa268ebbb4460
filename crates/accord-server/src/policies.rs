//! The loaded policy set: every policy file given to `accord serve`,
//! checked and compiled, grouped by agreement (several files of one
//! agreement are its versions, chosen by `as_of` as `accord eval` chooses
//! them). A set is immutable: a reload builds a new one and swaps it in
//! whole (see `state.rs`), so a request keeps the set it started with.

use accord::{LoadError, Policy};
use accord_syntax::{Diagnostic, JsonDiagnostic, RenderOptions, SourceMap};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One agreement and its versions, in the order their files were given.
pub struct Agreement {
    pub name: String,
    pub versions: Vec<Policy>,
    /// The file each version was loaded from (as given).
    pub paths: Vec<PathBuf>,
}

/// Every agreement being served, and when it was loaded.
pub struct PolicySet {
    pub agreements: Vec<Agreement>,
    pub loaded_at: DateTime<Utc>,
    /// 1 for the set loaded at start, one more for each reload applied.
    pub generation: u64,
}

/// Why a set could not be loaded: one sentence, and the diagnostics of
/// the file that has errors (when that is the reason).
#[derive(Debug)]
pub struct SetError {
    pub message: String,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
}

impl SetError {
    fn plain(message: String) -> SetError {
        SetError {
            message,
            diagnostics: Vec::new(),
            sources: SourceMap::new(),
        }
    }

    /// The diagnostics as `accord check --format json` gives them.
    pub fn json_diagnostics(&self) -> Vec<JsonDiagnostic> {
        self.diagnostics
            .iter()
            .map(|d| JsonDiagnostic::new(d, &self.sources))
            .collect()
    }

    /// The diagnostics rendered for people (no colour), for the log.
    pub fn rendered(&self) -> String {
        self.diagnostics
            .iter()
            .map(|d| {
                accord_syntax::diagnostic::render(
                    d,
                    &self.sources,
                    RenderOptions {
                        color: false,
                        width: 100,
                    },
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

/// Loads every policy file (imports inside `root`, or each file's folder),
/// refusing the whole set when any file has errors or the versions of an
/// agreement cannot be told apart.
pub fn load_set(
    paths: &[PathBuf],
    root: Option<&Path>,
    generation: u64,
) -> Result<PolicySet, SetError> {
    let mut agreements: Vec<Agreement> = Vec::new();
    for path in paths {
        let policy = match Policy::load_with_root(path, root) {
            Ok(p) => p,
            Err(LoadError::Io(e)) => return Err(SetError::plain(e.to_string())),
            Err(LoadError::Invalid {
                diagnostics,
                sources,
            }) => {
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                return Err(SetError {
                    message: format!(
                        "{} has {errors} error(s); run `accord check` on it",
                        path.display()
                    ),
                    diagnostics,
                    sources,
                });
            }
        };
        let name = policy.compiled().meta().name.to_string();
        match agreements.iter_mut().find(|a| a.name == name) {
            Some(a) => {
                a.versions.push(policy);
                a.paths.push(path.clone());
            }
            None => agreements.push(Agreement {
                name,
                versions: vec![policy],
                paths: vec![path.clone()],
            }),
        }
    }
    for a in &agreements {
        let given: Vec<(&Path, &Policy)> = a
            .paths
            .iter()
            .map(PathBuf::as_path)
            .zip(&a.versions)
            .collect();
        accord::check_versions(&given).map_err(SetError::plain)?;
    }
    for a in &mut agreements {
        accord::link_versions(&mut a.versions);
    }
    Ok(PolicySet {
        agreements,
        loaded_at: Utc::now(),
        generation,
    })
}

/// A version as `GET /v1/policies` lists it.
#[derive(Serialize)]
pub struct VersionInfo {
    pub name: String,
    pub version: Option<String>,
    pub effective: Option<NaiveDate>,
    pub hash: String,
    /// The file given on the command line.
    pub entry: String,
    /// Every file of the version: the entry, then what it imports.
    pub files: Vec<String>,
    /// Whether this is the version in effect now.
    pub in_effect: bool,
}

impl PolicySet {
    /// The agreement a request names, or the only one; `None` with the
    /// reason otherwise.
    pub fn agreement(&self, name: Option<&str>) -> Result<&Agreement, String> {
        let names = || {
            self.agreements
                .iter()
                .map(|a| format!("{:?}", a.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match name {
            Some(n) => self.agreements.iter().find(|a| a.name == n).ok_or_else(|| {
                let suggestion = accord_syntax::suggest::closest(
                    n,
                    self.agreements.iter().map(|a| a.name.as_str()),
                )
                .map(|c| format!("; did you mean {c:?}?"))
                .unwrap_or_default();
                format!(
                    "no agreement {n:?} is loaded (loaded: {}){suggestion}",
                    names()
                )
            }),
            None => match self.agreements.as_slice() {
                [only] => Ok(only),
                _ => Err(format!(
                    "several agreements are loaded ({}): name one with ?agreement=",
                    names()
                )),
            },
        }
    }

    /// Every version of every agreement.
    pub fn describe(&self, now: DateTime<Utc>) -> Vec<VersionInfo> {
        let mut out = Vec::new();
        for a in &self.agreements {
            let current = Policy::in_effect(&a.versions, now);
            for (policy, path) in a.versions.iter().zip(&a.paths) {
                let meta = policy.compiled().meta();
                out.push(VersionInfo {
                    name: meta.name.to_string(),
                    version: meta.version.as_deref().map(str::to_string),
                    effective: meta.effective,
                    hash: meta.hash.to_string(),
                    entry: path.display().to_string(),
                    files: policy.files().into_iter().map(|(p, _)| p).collect(),
                    in_effect: current.is_some_and(|c| std::ptr::eq(c, policy)),
                });
            }
        }
        out
    }

    /// Every file of every version with the text it was loaded with (what
    /// the watcher compares the disk with).
    pub fn files(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for a in &self.agreements {
            for v in &a.versions {
                for file in v.files() {
                    if !out.iter().any(|(p, _)| *p == file.0) {
                        out.push(file);
                    }
                }
            }
        }
        out
    }

    /// Every version (for the store).
    pub fn policies(&self) -> impl Iterator<Item = &Policy> {
        self.agreements.iter().flat_map(|a| a.versions.iter())
    }
}

impl Agreement {
    /// The version in effect at `as_of`, or why there is none.
    pub fn in_effect(&self, as_of: DateTime<Utc>) -> Result<&Policy, String> {
        Policy::in_effect(&self.versions, as_of)
            .ok_or_else(|| accord::none_in_effect(&self.versions, as_of))
    }
}
