//! The HTTP API (documented in `openapi.json`, served at `/openapi.json`):
//! the router, its handlers and the layers around them (request id and
//! metrics, authentication, the concurrency limit and the timeout).

use crate::answers::{accepts, batch_response, body_response, one_response, RowsAs};
use crate::decision_log::DecisionLog;
use crate::errors::ApiError;
use crate::policies::PolicySet;
use crate::records::{self, decide, is_malformed, Kind, Record, Records};
use crate::state::AppState;
use accord::{Detail, Policy, Row};
use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, SubsecRound, Utc};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// The OpenAPI document of this API (kept in the repository beside the
/// crate; a test compares its paths and methods with [`ROUTES`]).
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Every route (path, method) the router answers.
pub const ROUTES: &[(&str, &str)] = &[
    ("/v1/evaluate", "POST"),
    ("/v1/explain", "POST"),
    ("/v1/check", "POST"),
    ("/v1/policies", "GET"),
    ("/health", "GET"),
    ("/ready", "GET"),
    ("/metrics", "GET"),
    ("/openapi.json", "GET"),
];

/// Routes answered without a token (load balancers and orchestrators
/// probe them).
const OPEN: &[&str] = &["/health", "/ready"];

/// Routes outside the concurrency limit and the timeout (cheap, and must
/// answer while the server is busy).
const UNLIMITED: &[&str] = &["/health", "/ready", "/metrics"];

type Shared = Arc<AppState>;

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/v1/evaluate", post(evaluate))
        .route("/v1/explain", post(explain))
        .route("/v1/check", post(check))
        .route("/v1/policies", get(policies))
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/metrics", get(metrics_text))
        .route("/openapi.json", get(openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), limits))
        .layer(middleware::from_fn_with_state(state.clone(), authenticate))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// The route a request matched, or `unmatched` (for metrics and logs).
fn route_of(request: &Request) -> String {
    request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string())
}

/// The request id: the caller's `X-Request-Id` when it is short and plain,
/// else a new one.
#[derive(Clone)]
pub struct RequestId(pub String);

/// Outermost: gives the request its id, counts it in flight, and records
/// its status and latency in the metrics and the log (never the body).
async fn observe(State(state): State<Shared>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 128
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c))
        })
        .map_or_else(|| state.request_id(), str::to_string);
    request.extensions_mut().insert(RequestId(id.clone()));
    let method = request.method().to_string();
    let route = route_of(&request);
    state.metrics.enter();
    let mut response = next.run(request).await;
    state.metrics.leave();
    let took = started.elapsed();
    let status = response.status().as_u16();
    state.metrics.request(&route, &method, status, took);
    tracing::info!(
        request_id = %id,
        method = %method,
        route = %route,
        status,
        micros = took.as_micros() as u64,
        "answered"
    );
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", v);
    }
    response
}

/// Bearer tokens, when any are configured (all routes but `/health` and
/// `/ready`). Tokens are compared in constant time.
async fn authenticate(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let tokens = &state.config.tokens;
    if tokens.is_empty() || OPEN.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
    match given {
        None => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "accord::unauthorized",
            "this server needs a token: send `Authorization: Bearer TOKEN`",
        )
        .into_response(),
        Some(t)
            if tokens
                .iter()
                .any(|known| same_bytes(known.as_bytes(), t.as_bytes())) =>
        {
            next.run(request).await
        }
        Some(_) => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "accord::unauthorized",
            "the token given is not one this server accepts",
        )
        .into_response(),
    }
}

/// Equal, in time that depends on the lengths only.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether a request's decisions are still to be answered. The decision
/// log commits to answering them before it writes them; the timeout gives
/// the request up only while they are not committed. So every logged
/// decision is answered, and a request answered 503 logs nothing.
#[derive(Clone, Default)]
pub struct Answer(Arc<AtomicU8>);

impl Answer {
    const WAITING: u8 = 0;
    const COMMITTED: u8 = 1;
    const ABANDONED: u8 = 2;

    /// The decisions will be answered; false when the request has been
    /// answered with a timeout already.
    fn commit(&self) -> bool {
        self.settle(Answer::COMMITTED)
    }

    /// The request is answered with a timeout; false when its decisions
    /// are committed already (being logged, so they must be answered).
    fn abandon(&self) -> bool {
        self.settle(Answer::ABANDONED)
    }

    /// Leaves waiting for `to`, once; whether `to` is where it is now.
    fn settle(&self, to: u8) -> bool {
        match self
            .0
            .compare_exchange(Answer::WAITING, to, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => true,
            Err(now) => now == to,
        }
    }
}

/// The answer to a request not answered within `timeout`.
fn timed_out(timeout: std::time::Duration) -> ApiError {
    ApiError::unavailable(
        "accord::timeout",
        format!(
            "the request was not answered within {} s (--timeout)",
            timeout.as_secs_f64()
        ),
        1,
    )
}

/// At most `max_concurrent` requests at once (beyond: 503 with
/// `Retry-After`), each answered within `timeout` (else 503, unless its
/// decisions are being logged: see [`Answer`]).
async fn limits(State(state): State<Shared>, mut request: Request, next: Next) -> Response {
    if UNLIMITED.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    let Ok(_permit) = Arc::clone(&state.permits).try_acquire_owned() else {
        return ApiError::unavailable(
            "accord::overloaded",
            format!(
                "the server is answering {} requests already (--max-concurrent); retry in a moment",
                state.config.max_concurrent
            ),
            1,
        )
        .into_response();
    };
    let answer = Answer::default();
    request.extensions_mut().insert(answer.clone());
    let timeout = state.config.timeout;
    let mut run = std::pin::pin!(next.run(request));
    match tokio::time::timeout(timeout, &mut run).await {
        Ok(response) => response,
        // Its decisions are being logged: answered late rather than not.
        Err(_) if !answer.abandon() => run.await,
        Err(_) => timed_out(timeout).into_response(),
    }
}

async fn not_found(request: Request) -> ApiError {
    let routes: Vec<String> = ROUTES.iter().map(|(p, m)| format!("{m} {p}")).collect();
    ApiError::new(
        StatusCode::NOT_FOUND,
        "accord::not-found",
        format!(
            "there is no {} here; the routes are: {}",
            request.uri().path(),
            routes.join(", ")
        ),
    )
}

async fn method_not_allowed(request: Request) -> Response {
    let path = request.uri().path().to_string();
    let allowed: Vec<&str> = ROUTES
        .iter()
        .filter(|(p, _)| *p == path)
        .map(|(_, m)| *m)
        .collect();
    let mut response = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "accord::method-not-allowed",
        format!(
            "{path} does not answer {}; use {}",
            request.method(),
            allowed.join(", ")
        ),
    )
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&allowed.join(", ")) {
        response.headers_mut().insert(header::ALLOW, v);
    }
    response
}

/// The query string as the handlers take it (its rejection answered with
/// the error object, not axum's plain text).
type QueryParams = Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>;

/// Query parameters, each checked against the ones a route knows (a typo
/// such as `as-of` is an error, not silently ignored).
fn params(query: QueryParams, known: &[&str]) -> Result<HashMap<String, String>, ApiError> {
    let Query(map) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    for key in map.keys() {
        if !known.contains(&key.as_str()) {
            let hint = accord_syntax::suggest::closest(key, known.iter().copied())
                .map(|c| format!("; did you mean {c}?"))
                .unwrap_or_default();
            return Err(ApiError::bad_request(format!(
                "unknown query parameter {key:?} (this route takes {}){hint}",
                known.join(", ")
            )));
        }
    }
    Ok(map)
}

/// `as_of` (RFC 3339), default now to the second.
fn as_of(params: &HashMap<String, String>) -> Result<DateTime<Utc>, ApiError> {
    match params.get("as_of") {
        None => Ok(Utc::now().trunc_subsecs(0)),
        Some(s) => accord::parse_instant(s).map_err(|why| {
            // A `+` written as is in a query string arrives as a space.
            let plus = s.replace(' ', "+");
            if plus != *s && accord::parse_instant(&plus).is_ok() {
                return ApiError::bad_request(format!(
                    "as_of {s:?} has a space where its offset's `+` was: a `+` in a URL is read as a space, so write it %2B (as_of={})",
                    plus.replace('+', "%2B")
                ));
            }
            ApiError::bad_request(format!("as_of {why}"))
        }),
    }
}

fn flag(params: &HashMap<String, String>, name: &str) -> Result<bool, ApiError> {
    match params.get(name).map(String::as_str) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") | Some("") => Ok(true),
        Some(other) => Err(ApiError::bad_request(format!(
            "{name}={other:?}: write {name}=true or {name}=false"
        ))),
    }
}

/// Reads the body, at most `max_body_bytes` (413 beyond).
async fn read_body(state: &AppState, headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    let limit = state.config.max_body_bytes;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "accord::body-too-large",
            format!(
                "the body is larger than {}, the most this server reads (--max-body); send the leads in smaller batches",
                accord_records::limits::describe_bytes(limit)
            ),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(s) = source {
            if s.is::<http_body_util::LengthLimitError>() {
                return too_large();
            }
            source = s.source();
        }
        // A body cut short or unreadable: the client's side.
        ApiError::bad_request(format!("the body could not be read: {e}"))
    })
}

fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
}

/// The version a request is decided by: the agreement it names (or the
/// only one), in effect at `as_of`.
fn version<'s>(
    set: &'s PolicySet,
    params: &HashMap<String, String>,
    as_of: DateTime<Utc>,
) -> Result<&'s Policy, ApiError> {
    let agreement = set
        .agreement(params.get("agreement").map(String::as_str))
        .map_err(ApiError::bad_request)?;
    agreement.in_effect(as_of).map_err(|why| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "accord::no-version-in-effect",
            why,
        )
    })
}

/// Runs blocking work (evaluation) off the async workers, at most one
/// piece per core at a time (the others wait their turn).
async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let internal = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "an evaluation task failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "accord::internal",
            "the evaluation failed inside the server; this is a bug, please report it",
        )
    };
    let turn = Arc::clone(&state.evaluations)
        .acquire_owned()
        .await
        .map_err(|e| internal(&e))?;
    tokio::task::spawn_blocking(move || {
        let done = work();
        drop(turn);
        done
    })
    .await
    .map_err(|e| internal(&e))
}

/// Gives the decisions: commits the request to answering them (unless it
/// has timed out already: then 503, nothing logged or counted), logs them
/// when a decision log is kept (a failure to write is logged and answered
/// with 503: a decision that must be logged is not given unlogged), and
/// counts them in the metrics — only decisions actually answered.
fn log_decisions(
    state: &AppState,
    id: &str,
    answer: &Answer,
    kind: Kind,
    policy: &Policy,
    as_of: DateTime<Utc>,
    decided: &[(&Record, &Row)],
) -> Result<(), ApiError> {
    let not_logged = |e: std::io::Error| {
        tracing::error!(error = %e, "cannot write the decision log");
        ApiError::unavailable(
            "accord::decision-log",
            format!("the decision could not be logged ({e}); nothing was decided"),
            5,
        )
    };
    let to_log = match &state.log {
        Some(log) => {
            let as_of = accord_eval::output::rfc3339(as_of);
            let lines =
                DecisionLog::lines(id, kind, policy, &as_of, decided).map_err(not_logged)?;
            Some((log, lines))
        }
        None => None,
    };
    if !answer.commit() {
        return Err(timed_out(state.config.timeout));
    }
    if let Some((log, lines)) = to_log {
        log.write(&lines).map_err(not_logged)?;
    }
    state.metrics.decisions(decided.iter().map(|(_, row)| *row));
    Ok(())
}

/// Decides one lead (counted and logged); a record that could not be
/// read is the error answer (400 or 422) rather than a row.
fn decide_one(
    state: &AppState,
    id: &str,
    answer: &Answer,
    kind: Kind,
    policy: &Policy,
    record: &Record,
    as_of: DateTime<Utc>,
) -> Result<Row, ApiError> {
    let row = decide(policy, kind, record, as_of);
    log_decisions(state, id, answer, kind, policy, as_of, &[(record, &row)])?;
    if row.is_error() {
        return Err(ApiError::record(row.errors, is_malformed(record)));
    }
    Ok(row)
}

/// `POST /v1/evaluate`: one lead → its row; a batch → the summary and one
/// row per record (the document `accord eval --format json` prints; with
/// `Accept: application/x-ndjson`, one row per line; with `text/csv`, the
/// rows as CSV, one lead's too: [`RowsAs`]).
async fn evaluate(
    State(state): State<Shared>,
    axum::Extension(RequestId(id)): axum::Extension<RequestId>,
    axum::Extension(answer): axum::Extension<Answer>,
    query: QueryParams,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    // The version is fixed when the request arrives: a reload while the
    // body is still coming in does not change what decides it.
    let set = state.current();
    let params = params(query, &["as_of", "explain", "agreement"])?;
    let as_of = as_of(&params)?;
    let explain = flag(&params, "explain")?;
    version(&set, &params, as_of)?;
    let body_type = content_type(&headers).map(str::to_string);
    records::readable_type(body_type.as_deref())?;
    let rows_as = RowsAs::asked(&headers, explain)?;
    let body = read_body(&state, &headers, body).await?;
    let worker_state = Arc::clone(&state);
    // Read into records only on its turn: a request waiting for a core
    // holds its body and nothing more.
    blocking(&state, move || {
        let policy = version(&set, &params, as_of)?;
        let kind = Kind::Evaluate { explain };
        match records::records(body, body_type.as_deref())? {
            Records::One(record) => {
                let row = decide_one(&worker_state, &id, &answer, kind, policy, &record, as_of)?;
                Ok(one_response(policy, &row, rows_as))
            }
            Records::Batch(batch) => {
                let rows: Vec<Row> = batch
                    .par_iter()
                    .map(|r| decide(policy, kind, r, as_of))
                    .collect();
                let pairs: Vec<(&Record, &Row)> = batch.iter().zip(&rows).collect();
                log_decisions(&worker_state, &id, &answer, kind, policy, as_of, &pairs)?;
                Ok(batch_response(policy, as_of, &rows, rows_as))
            }
        }
    })
    .await?
}

/// `POST /v1/explain`: one lead's explanation (the row of `accord explain
/// --format json`), or as text/markdown when asked with `Accept`.
async fn explain(
    State(state): State<Shared>,
    axum::Extension(RequestId(id)): axum::Extension<RequestId>,
    axum::Extension(answer): axum::Extension<Answer>,
    query: QueryParams,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let set = state.current();
    let params = params(query, &["as_of", "agreement", "detail"])?;
    let as_of = as_of(&params)?;
    let detail = match params.get("detail").map(String::as_str) {
        None | Some("decisive") => Detail::Decisive,
        Some("summary") => Detail::Summary,
        Some("full") => Detail::Full,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "detail={other:?}: write summary, decisive or full"
            )))
        }
    };
    version(&set, &params, as_of)?;
    let body_type = content_type(&headers).map(str::to_string);
    records::readable_type(body_type.as_deref())?;
    let body = read_body(&state, &headers, body).await?;
    let text = accepts(&headers, "text/plain");
    let markdown = accepts(&headers, "text/markdown");
    let worker_state = Arc::clone(&state);
    blocking(&state, move || {
        let record = match records::records(body, body_type.as_deref())? {
            Records::One(record) => record,
            // One NDJSON line is one lead.
            Records::Batch(mut batch) if batch.len() == 1 => batch.remove(0),
            Records::Batch(batch) => {
                return Err(ApiError::bad_request(format!(
                    "explain takes one lead (a JSON object); this body holds {} records: evaluate them with ?explain=true",
                    batch.len()
                )))
            }
        };
        let policy = version(&set, &params, as_of)?;
        let row = decide_one(
            &worker_state,
            &id,
            &answer,
            Kind::Explain,
            policy,
            &record,
            as_of,
        )?;
        Ok(match (&row.explanation, markdown, text) {
            (Some(e), true, _) => body_response(
                StatusCode::OK,
                e.render_markdown(detail).into_bytes(),
                "text/markdown; charset=utf-8",
            ),
            (Some(e), false, true) => body_response(
                StatusCode::OK,
                e.render_text(detail).into_bytes(),
                "text/plain; charset=utf-8",
            ),
            _ => body_response(
                StatusCode::OK,
                serde_json::to_vec(&row).unwrap_or_default(),
                "application/json",
            ),
        })
    })
    .await?
}

/// `POST /v1/check`: policy files in the body (`{"files": {"PATH":
/// "TEXT", …}}`, or one file as `text/plain`), their diagnostics out as
/// `accord check --format json` gives them.
async fn check(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let body = read_body(&state, &headers, body).await?;
    let is_text = content_type(&headers).is_some_and(|c| c.starts_with("text/plain"));
    let files: Vec<(String, String)> = if is_text {
        let text = String::from_utf8(body.to_vec())
            .map_err(|_| ApiError::bad_request("the policy text is not UTF-8"))?;
        vec![("policy.accord".to_string(), text)]
    } else {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct CheckRequest {
            files: std::collections::BTreeMap<String, String>,
        }
        let request: CheckRequest = serde_json::from_slice(&body).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "accord::malformed-json",
                format!(
                    "the body should be {{\"files\": {{\"PATH\": \"POLICY TEXT\", …}}}} (or one policy as text/plain): {e}"
                ),
            )
        })?;
        request.files.into_iter().collect()
    };
    if files.is_empty() {
        return Err(ApiError::bad_request(
            "no policy files to check: \"files\" is empty",
        ));
    }
    let report = blocking(&state, move || {
        let checked = accord::check_texts(&files);
        serde_json::json!({
            "diagnostics": checked
                .diagnostics
                .iter()
                .map(|d| accord_syntax::JsonDiagnostic::new(d, &checked.sources))
                .collect::<Vec<_>>(),
            "errors": checked.errors(),
            "warnings": checked.warnings(),
        })
    })
    .await?;
    Ok(body_response(
        StatusCode::OK,
        serde_json::to_vec(&report).unwrap_or_default(),
        "application/json",
    ))
}

/// `GET /v1/policies`: every version loaded.
async fn policies(State(state): State<Shared>) -> Response {
    let set = state.current();
    let body = serde_json::json!({
        "policies": set.describe(Utc::now()),
        "generation": set.generation,
        "loaded_at": accord_eval::output::rfc3339(set.loaded_at.trunc_subsecs(0)),
        "refused_change": state.refusal(),
    });
    body_response(
        StatusCode::OK,
        serde_json::to_vec(&body).unwrap_or_default(),
        "application/json",
    )
}

/// `GET /health`: the process answers.
async fn health() -> Response {
    body_response(
        StatusCode::OK,
        b"{\"status\":\"ok\"}".to_vec(),
        "application/json",
    )
}

/// `GET /ready`: a policy is loaded and the server is not shutting down.
async fn ready(State(state): State<Shared>) -> Response {
    if state.draining.load(std::sync::atomic::Ordering::Relaxed) {
        return ApiError::unavailable("accord::shutting-down", "the server is shutting down", 5)
            .into_response();
    }
    let set = state.current();
    let versions = set.policies().count();
    let body = serde_json::json!({
        "status": "ready",
        "policies": versions,
        "generation": set.generation,
        "refused_change": state.refusal().is_some(),
    });
    body_response(
        StatusCode::OK,
        serde_json::to_vec(&body).unwrap_or_default(),
        "application/json",
    )
}

/// `GET /metrics`: Prometheus text.
async fn metrics_text(State(state): State<Shared>) -> Response {
    let set = state.current();
    let now = Utc::now();
    let versions: Vec<(String, String, String, bool)> = set
        .describe(now)
        .into_iter()
        .map(|v| (v.name, v.version.unwrap_or_default(), v.hash, v.in_effect))
        .collect();
    let mut response = state.metrics.render(&versions).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// `GET /openapi.json`.
async fn openapi() -> Response {
    body_response(
        StatusCode::OK,
        OPENAPI.as_bytes().to_vec(),
        "application/json",
    )
}
