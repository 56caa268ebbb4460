//! `accord serve`: an HTTP decision service over [`accord::Policy`], for
//! engines that are not written in Rust (a CRM sync, a lead router, a data
//! job). Stateless, so that several instances behind a load balancer scale
//! out; every answer is the row `accord eval --format json` gives.
//!
//! - [`routes`]: the API (`openapi.json`): `POST /v1/evaluate`,
//!   `/v1/explain`, `/v1/check`; `GET /v1/policies`, `/health`, `/ready`,
//!   `/metrics`, `/openapi.json`; bearer tokens, a body limit, a timeout
//!   and a concurrency limit.
//! - [`policies`], [`state`]: the policy set, swapped whole on reload (the
//!   files are polled, or reloaded on SIGHUP); a change with errors is
//!   refused and the previous version keeps serving.
//! - [`decision_log`], [`replay`]: every decision as a JSON line, the
//!   policy texts kept by content hash, and `accord replay`.
//! - [`records`]: request bodies as records, and the one function that
//!   decides a record (the handlers and replay both call it).

pub mod answers;
pub mod decision_log;
pub mod errors;
pub mod metrics;
pub mod policies;
pub mod records;
pub mod replay;
pub mod routes;
pub mod state;

use decision_log::DecisionLog;
use state::AppState;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// Default body limit: 16 MiB (a batch of about 10,000 leads with events).
pub const DEFAULT_MAX_BODY: usize = 16 << 20;
/// Default request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default number of requests answered at once.
pub const DEFAULT_MAX_CONCURRENT: usize = 256;
/// Default interval between looks at the policy files.
pub const DEFAULT_WATCH: Duration = Duration::from_secs(1);

/// How to serve.
#[derive(Clone, Debug)]
pub struct Config {
    /// Policy files (several versions of an agreement, several agreements).
    pub policies: Vec<PathBuf>,
    /// The folder imports must stay inside (`--root`).
    pub root: Option<PathBuf>,
    pub addr: SocketAddr,
    /// Bearer tokens; none: no authentication (loopback only, unless
    /// `insecure_no_auth`).
    pub tokens: Vec<String>,
    pub insecure_no_auth: bool,
    pub max_body_bytes: usize,
    pub timeout: Duration,
    pub max_concurrent: usize,
    /// How often to look at the policy files; `None`: only on SIGHUP.
    pub watch: Option<Duration>,
    pub decision_log: Option<PathBuf>,
    /// The policy store (default: the log's path + `.policies`).
    pub policy_store: Option<PathBuf>,
}

impl Config {
    /// Serving `policies` on `addr` with the defaults.
    pub fn new(policies: Vec<PathBuf>, addr: SocketAddr) -> Config {
        Config {
            policies,
            root: None,
            addr,
            tokens: Vec::new(),
            insecure_no_auth: false,
            max_body_bytes: DEFAULT_MAX_BODY,
            timeout: DEFAULT_TIMEOUT,
            max_concurrent: DEFAULT_MAX_CONCURRENT,
            watch: Some(DEFAULT_WATCH),
            decision_log: None,
            policy_store: None,
        }
    }
}

/// Why the server did not start (printed by the CLI, exit code 2; a
/// policy with errors: its diagnostics and exit code 1).
#[derive(Debug)]
pub enum StartError {
    Usage(String),
    Policy(policies::SetError),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Usage(m) => write!(f, "{m}"),
            StartError::Policy(e) => write!(f, "{e}"),
        }
    }
}

/// A server bound to its address, policies loaded, not yet answering.
pub struct Server {
    state: Arc<AppState>,
    listener: tokio::net::TcpListener,
}

impl Server {
    /// Loads the policies (refusing to start on any error), opens the
    /// decision log and binds the address. Refuses an address other than
    /// loopback without tokens, unless `insecure_no_auth`.
    pub async fn bind(config: Config) -> Result<Server, StartError> {
        if config.policies.is_empty() {
            return Err(StartError::Usage("no policy files to serve".into()));
        }
        if config.tokens.is_empty() && !config.addr.ip().is_loopback() && !config.insecure_no_auth {
            return Err(StartError::Usage(format!(
                "refusing to serve {} without authentication: give tokens with ACCORD_TOKENS or --tokens-file, or pass --insecure-no-auth if something in front of this server authenticates",
                config.addr
            )));
        }
        let (paths, root) = (config.policies.clone(), config.root.clone());
        let set =
            tokio::task::spawn_blocking(move || policies::load_set(&paths, root.as_deref(), 1))
                .await
                .map_err(|e| StartError::Usage(format!("loading the policies failed: {e}")))?
                .map_err(StartError::Policy)?;
        let log = match &config.decision_log {
            Some(path) => {
                let store = config
                    .policy_store
                    .clone()
                    .unwrap_or_else(|| decision_log::default_store(path));
                let log = DecisionLog::open(path, &store).map_err(StartError::Usage)?;
                log.store_set(&set);
                Some(log)
            }
            None => None,
        };
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|e| StartError::Usage(format!("cannot listen on {}: {e}", config.addr)))?;
        Ok(Server {
            state: Arc::new(AppState::new(config, set, log)),
            listener,
        })
    }

    /// The address bound (the port chosen when 0 was asked for).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The shared state (to reload from a test, or hold a version).
    pub fn state(&self) -> Arc<AppState> {
        Arc::clone(&self.state)
    }

    /// Answers until `shutdown` completes, then stops accepting, lets the
    /// requests in flight finish, and returns. Watches the policy files
    /// meanwhile.
    pub async fn run(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let state = self.state;
        let watcher = state.config.watch.map(|every| {
            let state = Arc::clone(&state);
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(every);
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tick.tick().await;
                    let state = Arc::clone(&state);
                    let _ = tokio::task::spawn_blocking(move || state.reload()).await;
                }
            })
        });
        let draining = Arc::clone(&state);
        let app = routes::router(Arc::clone(&state));
        let served = axum::serve(self.listener, app)
            .with_graceful_shutdown(async move {
                shutdown.await;
                draining.draining.store(true, Ordering::Relaxed);
                tracing::info!("shutting down: finishing the requests in flight");
            })
            .await;
        if let Some(w) = watcher {
            w.abort();
        }
        served
    }
}

/// SIGTERM or Ctrl-C.
pub async fn terminate_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => ctrl_c.await,
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}

/// Reloads on every SIGHUP (unix), forever.
pub async fn reload_on_hangup(state: Arc<AppState>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let Ok(mut hup) = signal(SignalKind::hangup()) else {
            return;
        };
        while hup.recv().await.is_some() {
            let state = Arc::clone(&state);
            let _ = tokio::task::spawn_blocking(move || state.reload()).await;
        }
    }
    #[cfg(not(unix))]
    drop(state);
}

/// Log output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Runs `accord serve` to the end: logs on stderr, answers until SIGTERM
/// or Ctrl-C, then finishes the requests in flight.
pub fn serve_blocking(config: Config, log_format: LogFormat) -> Result<(), StartError> {
    use tracing_subscriber::layer::SubscriberExt;
    // The server's own events at info; other crates' (the checker's
    // database, hyper) only from warnings up. RUST_LOG (`target=level,…`)
    // overrides.
    let targets = std::env::var("RUST_LOG")
        .ok()
        .and_then(|v| v.parse::<tracing_subscriber::filter::Targets>().ok())
        .unwrap_or_else(|| {
            tracing_subscriber::filter::Targets::new()
                .with_default(tracing::Level::WARN)
                .with_target("accord_server", tracing::Level::INFO)
        });
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false);
    let _ = match log_format {
        LogFormat::Json => {
            tracing::subscriber::set_global_default(subscriber.json().finish().with(targets))
        }
        LogFormat::Text => {
            tracing::subscriber::set_global_default(subscriber.finish().with(targets))
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| StartError::Usage(format!("cannot start the runtime: {e}")))?;
    let served = runtime.block_on(async move {
        let server = Server::bind(config).await?;
        let addr = server.local_addr().map_err(|e| StartError::Usage(e.to_string()))?;
        let state = server.state();
        for v in state.current().describe(chrono::Utc::now()) {
            tracing::info!(agreement = %v.name, version = ?v.version, hash = %v.hash, in_effect = v.in_effect, "serving");
        }
        tracing::info!(%addr, auth = !state.config.tokens.is_empty(), "listening");
        tokio::spawn(reload_on_hangup(Arc::clone(&state)));
        server
            .run(terminate_signal())
            .await
            .map_err(|e| StartError::Usage(format!("the server stopped: {e}")))
    });
    // Work still running off the network threads (a reload) gets a moment
    // to finish; nothing holds the process after that.
    runtime.shutdown_timeout(Duration::from_secs(5));
    served
}
