//! What every request shares: the policy set being served (swapped whole
//! on reload, so a request keeps the set it started with), the metrics,
//! the decision log and the limits.

use crate::decision_log::DecisionLog;
use crate::metrics::Metrics;
use crate::policies::{load_set, PolicySet, SetError};
use crate::Config;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tokio::sync::Semaphore;

/// The server's shared state.
pub struct AppState {
    pub config: Config,
    current: RwLock<Arc<PolicySet>>,
    /// One reload at a time; holds what the files read when a change was
    /// last refused, so the same broken change is not retried (and its
    /// errors logged) every time the files are looked at.
    reloading: Mutex<Option<Snapshot>>,
    /// The change on disk that was refused, while the files still hold it
    /// (`/v1/policies` and `/ready` say so: the version serving is not
    /// what the files say).
    refusal: RwLock<Option<Refusal>>,
    pub metrics: Metrics,
    pub log: Option<DecisionLog>,
    /// Permits for requests answered at once (beyond: 503).
    pub permits: Arc<Semaphore>,
    /// Evaluations running at once: one per core. Requests beyond wait
    /// their turn holding only their body, so memory is bounded by the
    /// cores rather than by the requests in flight.
    pub evaluations: Arc<Semaphore>,
    /// Set when shutting down: `/ready` answers 503.
    pub draining: AtomicBool,
    next_request: AtomicU64,
    /// Distinguishes this process's request ids from another instance's.
    started: u64,
}

/// A change to the policy files that was refused: when, and why (the
/// diagnostics as `/v1/check` gives them).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Refusal {
    pub at: String,
    pub error: String,
    pub diagnostics: Vec<accord_syntax::JsonDiagnostic>,
}

/// What a reload did.
#[derive(Debug)]
pub enum ReloadOutcome {
    /// The files changed and checked clean: the new set serves now.
    Applied { generation: u64 },
    /// Nothing changed on disk.
    Unchanged,
    /// The change has errors: the previous set keeps serving.
    Refused(SetError),
}

impl AppState {
    pub fn new(config: Config, set: PolicySet, log: Option<DecisionLog>) -> AppState {
        let permits = Arc::new(Semaphore::new(config.max_concurrent.max(1)));
        AppState {
            config,
            current: RwLock::new(Arc::new(set)),
            reloading: Mutex::new(None),
            refusal: RwLock::new(None),
            metrics: Metrics::default(),
            log,
            permits,
            evaluations: Arc::new(Semaphore::new(
                std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get),
            )),
            draining: AtomicBool::new(false),
            next_request: AtomicU64::new(1),
            started: chrono::Utc::now().timestamp_millis().unsigned_abs(),
        }
    }

    /// The set serving now (a request holds it until it has answered).
    pub fn current(&self) -> Arc<PolicySet> {
        match self.current.read() {
            Ok(c) => Arc::clone(&c),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// The refused change the files still hold, if any.
    pub fn refusal(&self) -> Option<Refusal> {
        match self.refusal.read() {
            Ok(r) => r.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set_refusal(&self, refusal: Option<Refusal>) {
        match self.refusal.write() {
            Ok(mut r) => *r = refusal,
            Err(poisoned) => *poisoned.into_inner() = refusal,
        }
    }

    /// A new request id, unique to this process and start.
    pub fn request_id(&self) -> String {
        let n = self.next_request.fetch_add(1, Ordering::Relaxed);
        format!("{:x}-{n}", self.started)
    }

    /// Reloads the policy files now: a change that checks clean is swapped
    /// in atomically; one with errors is refused (its diagnostics logged)
    /// and the previous set keeps serving. Blocking: reads and checks files.
    pub fn reload(&self) -> ReloadOutcome {
        let mut refused = self
            .reloading
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let old = self.current();
        if !files_changed(&old) {
            // Back to what is served (a refused change undone).
            *refused = None;
            self.set_refusal(None);
            return ReloadOutcome::Unchanged;
        }
        if let Some(snapshot) = refused.as_ref() {
            if snapshot.is_current() {
                return ReloadOutcome::Unchanged;
            }
        }
        let generation = old.generation + 1;
        match load_set(
            &self.config.policies,
            self.config.root.as_deref(),
            generation,
        ) {
            Ok(set) => {
                if let Some(log) = &self.log {
                    log.store_set(&set);
                }
                let hashes: Vec<String> = set
                    .policies()
                    .map(|p| p.compiled().meta().hash.to_string())
                    .collect();
                match self.current.write() {
                    Ok(mut c) => *c = Arc::new(set),
                    Err(poisoned) => *poisoned.into_inner() = Arc::new(set),
                }
                self.metrics.reload("applied");
                tracing::info!(generation, hashes = ?hashes, "policy reloaded");
                *refused = None;
                self.set_refusal(None);
                ReloadOutcome::Applied { generation }
            }
            Err(e) => {
                let mut paths: Vec<String> = old.files().into_iter().map(|(p, _)| p).collect();
                paths.extend(e.sources.files().iter().map(|f| f.path.clone()));
                *refused = Some(Snapshot::read(paths));
                self.set_refusal(Some(Refusal {
                    at: accord_eval::output::rfc3339(chrono::SubsecRound::trunc_subsecs(
                        chrono::Utc::now(),
                        0,
                    )),
                    error: e.to_string(),
                    diagnostics: e.json_diagnostics(),
                }));
                self.metrics.reload("refused");
                tracing::error!(
                    error = %e,
                    diagnostics = %e.rendered(),
                    "policy change refused; the previous version keeps serving"
                );
                ReloadOutcome::Refused(e)
            }
        }
    }
}

/// Whether any file of `set` (or any policy file given) reads differently
/// now than when it was loaded.
fn files_changed(set: &PolicySet) -> bool {
    set.files()
        .iter()
        .any(|(path, text)| std::fs::read_to_string(path).map_or(true, |now| now != *text))
        || set
            .agreements
            .iter()
            .flat_map(|a| a.paths.iter())
            .any(|p| !p.exists())
}

/// What some files read at one moment (`None`: unreadable).
pub struct Snapshot(Vec<(String, Option<String>)>);

impl Snapshot {
    fn read(paths: Vec<String>) -> Snapshot {
        Snapshot(
            paths
                .into_iter()
                .map(|p| {
                    let text = std::fs::read_to_string(&p).ok();
                    (p, text)
                })
                .collect(),
        )
    }

    /// Whether every file still reads the same.
    fn is_current(&self) -> bool {
        self.0
            .iter()
            .all(|(p, text)| std::fs::read_to_string(p).ok() == *text)
    }
}
