//! The error object every failed request gets, whatever went wrong:
//! `{"error": {"code": "accord::…", "message": "…"}}`, with the records'
//! errors (`errors`: the same objects `accord eval` puts in a row's
//! `errors` and `accord check --leads` prints) or the policy's diagnostics
//! (`diagnostics`: the objects of `accord check --format json`) when there
//! are some. Input problems are 4xx; only a fault of the server itself
//! would be a 5xx (503 for overload, timeouts and shutting down).

use accord::RecordError;
use accord_syntax::JsonDiagnostic;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The body of an error: a stable code, one sentence for people, and what
/// it is about.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<RecordError>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<JsonDiagnostic>,
}

/// An error answer: status, body and the headers that go with it.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
    retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: ErrorBody {
                code,
                message: message.into(),
                errors: Vec::new(),
                diagnostics: Vec::new(),
            },
            retry_after: None,
        }
    }

    /// 400: a query parameter or header is wrong.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "accord::bad-request", message)
    }

    /// A record that could not be read: 400 when it is not JSON at all,
    /// 422 when it is JSON that does not fit the policy's schema.
    pub fn record(errors: Vec<RecordError>, malformed: bool) -> ApiError {
        let (status, code) = if malformed {
            (StatusCode::BAD_REQUEST, "accord::malformed-json")
        } else {
            (StatusCode::UNPROCESSABLE_ENTITY, "accord::record")
        };
        let message = match errors.first() {
            Some(e) if errors.len() > 1 => {
                format!("{} (and {} more problems)", e.message, errors.len() - 1)
            }
            Some(e) => e.message.clone(),
            None => "the record could not be read".to_string(),
        };
        let mut error = ApiError::new(status, code, message);
        error.body.errors = errors;
        error
    }

    /// 503 with `Retry-After`: busy, timed out or shutting down.
    pub fn unavailable(code: &'static str, message: impl Into<String>, retry: u64) -> ApiError {
        let mut error = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, code, message);
        error.retry_after = Some(retry);
        error
    }

    pub fn with_diagnostics(mut self, diagnostics: Vec<JsonDiagnostic>) -> ApiError {
        self.body.diagnostics = diagnostics;
        self
    }
}

#[derive(Serialize)]
struct Envelope<'a> {
    error: &'a ErrorBody,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&Envelope { error: &self.body }).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"accord\""),
            );
        }
        response
    }
}
