//! How decided rows are answered, in the form the request's `Accept` asks
//! for: a JSON document (one lead's row; a batch's summary and rows, the
//! document `accord eval --format json` prints), NDJSON rows (one per
//! line), or CSV rows (`text/csv`: a header line, then one line per
//! record, the columns `accord eval --format csv` writes).

use crate::errors::ApiError;
use accord::{CsvRows, Policy, Row, Summary};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

/// The form rows are answered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowsAs {
    /// JSON: one lead's row, or a batch's `{"summary": …, "rows": […]}`.
    Json,
    /// `application/x-ndjson`: one row per line.
    Ndjson,
    /// `text/csv`: a header line, then one line per row.
    Csv,
}

impl RowsAs {
    /// The form `headers`' `Accept` prefers: of the types it names, the
    /// one with the highest `q` (the first named, at equal `q`); JSON when
    /// it names none of them. Rows with explanations cannot be CSV: for
    /// them CSV is passed over, and when it is the only type named the
    /// answer is 406, saying so.
    pub fn asked(headers: &HeaderMap, explain: bool) -> Result<RowsAs, ApiError> {
        let accept = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mut best: Option<(f32, RowsAs)> = None;
        let mut csv_passed_over = false;
        for (media, q) in accept.split(',').map(media_and_q) {
            let rows_as = match media.as_str() {
                "text/csv" if explain => {
                    csv_passed_over |= q > 0.0;
                    continue;
                }
                "text/csv" => RowsAs::Csv,
                "application/x-ndjson" => RowsAs::Ndjson,
                "application/json" => RowsAs::Json,
                _ => continue,
            };
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, rows_as));
            }
        }
        match best {
            Some((_, rows_as)) => Ok(rows_as),
            None if csv_passed_over => Err(ApiError::new(
                StatusCode::NOT_ACCEPTABLE,
                "accord::not-acceptable",
                "an explanation cannot be written as CSV: ask for application/json or \
                 application/x-ndjson, or leave out explain=true",
            )),
            None => Ok(RowsAs::Json),
        }
    }
}

/// One entry of `Accept`: its media type (lower case) and its `q` (1
/// when not given, 0 when not a number).
fn media_and_q(entry: &str) -> (String, f32) {
    let mut parts = entry.split(';');
    let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let q = parts
        .filter_map(|p| p.trim().strip_prefix("q="))
        .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
        .next()
        .unwrap_or(1.0);
    (media, q)
}

/// Whether `Accept` names `media` (parameters such as `q=` ignored).
pub fn accepts(headers: &HeaderMap, media: &str) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| {
            a.split(',')
                .any(|m| m.split(';').next().unwrap_or("").trim() == media)
        })
}

/// A response with `body` of type `media`.
pub fn body_response(status: StatusCode, body: Vec<u8>, media: &'static str) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    response
}

/// One lead's answer: its row as JSON (also when NDJSON is asked for: one
/// lead is one document), or as CSV.
pub fn one_response(policy: &Policy, row: &Row, rows_as: RowsAs) -> Response {
    match rows_as {
        RowsAs::Csv => csv_response(policy, std::slice::from_ref(row)),
        RowsAs::Json | RowsAs::Ndjson => body_response(
            StatusCode::OK,
            row.to_json_line().into_bytes(),
            "application/json",
        ),
    }
}

/// A batch's answer: `{"summary": …, "rows": [...]}` as `accord eval
/// --format json` prints it, NDJSON rows, or CSV rows.
pub fn batch_response(
    policy: &Policy,
    as_of: DateTime<Utc>,
    rows: &[Row],
    rows_as: RowsAs,
) -> Response {
    let mut out = String::with_capacity(rows.len() * 1024);
    match rows_as {
        RowsAs::Csv => return csv_response(policy, rows),
        RowsAs::Ndjson => {
            for row in rows {
                out.push_str(&row.to_json_line());
                out.push('\n');
            }
            return body_response(StatusCode::OK, out.into_bytes(), "application/x-ndjson");
        }
        RowsAs::Json => {}
    }
    let mut summary = Summary::for_run(policy.compiled(), as_of);
    rows.iter().for_each(|r| summary.add(r));
    let summary = serde_json::to_string(&summary).unwrap_or_else(|_| "null".into());
    out.push_str("{\"summary\": ");
    out.push_str(&summary);
    out.push_str(", \"rows\": [");
    for (i, row) in rows.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&row.to_json_line());
    }
    out.push_str("\n]}\n");
    body_response(StatusCode::OK, out.into_bytes(), "application/json")
}

/// Rows as CSV, the columns of `policy`'s rows ([`CsvRows`]).
fn csv_response(policy: &Policy, rows: &[Row]) -> Response {
    let mut out = Vec::with_capacity(rows.len() * 256);
    // Written into memory: there is no write to fail.
    let _ = CsvRows::new(policy.compiled()).write(&mut out, rows);
    body_response(StatusCode::OK, out, "text/csv; charset=utf-8")
}
