//! `POST /v1/evaluate` with `Accept: text/csv`: the rows as CSV, the
//! bytes `accord eval --format csv` writes for the same leads (its
//! columns, one line per record, a bad record's errors in its line), one
//! lead's row too; never with explanations (CSV passed over for them,
//! and 406, saying why, when it is the only type asked for).

#![allow(clippy::unwrap_used, clippy::panic)]

mod support;

use accord::{CsvRows, Policy};
use support::*;

fn evaluate_path() -> String {
    format!("/v1/evaluate?as_of={AS_OF}")
}

/// What `accord eval --format csv` writes for `ndjson` (the library's
/// batch path and its CSV writer, which the command calls).
fn cli_csv(ndjson: &str) -> String {
    let policy = Policy::load(agreement()).unwrap();
    let as_of = accord::parse_instant(AS_OF).unwrap();
    let rows = policy.evaluate_reader(
        ndjson.as_bytes(),
        accord_records::InputFormat::Ndjson,
        None,
        as_of,
        false,
        1,
    );
    let mut out = Vec::new();
    CsvRows::new(policy.compiled())
        .write(&mut out, rows)
        .unwrap();
    String::from_utf8(out).unwrap()
}

fn post(server: &TestServer, path: &str, content_type: &str, accept: &str, body: &str) -> Response {
    request(
        server.addr,
        "POST",
        path,
        &[("content-type", content_type), ("accept", accept)],
        body.as_bytes(),
    )
}

#[test]
fn a_batch_asked_for_as_csv_is_the_rows_accord_eval_writes() {
    let server = TestServer::start(config(vec![agreement()]));
    // The edge cases and a malformed line: one line per record.
    let mut leads = edge_leads();
    leads.insert(1, "{\"lead_id\": \"L-BAD\", \"email\": 7".into());
    let ndjson = leads.join("\n");
    for accept in ["text/csv", "application/x-ndjson;q=0.5, text/csv"] {
        let response = post(
            &server,
            &evaluate_path(),
            "application/x-ndjson",
            accept,
            &ndjson,
        );
        assert_eq!(response.status, 200, "{}", response.text());
        assert_eq!(
            response.header("content-type"),
            Some("text/csv; charset=utf-8")
        );
        let text = response.text();
        assert_eq!(text, cli_csv(&ndjson), "Accept: {accept}");
        assert!(text.starts_with("record,id,mql,"), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[2].starts_with("2,L-BAD,,"), "{}", lines[2]);
    }
    // CSV acceptable but NDJSON preferred: NDJSON.
    let response = post(
        &server,
        &evaluate_path(),
        "application/x-ndjson",
        "text/csv;q=0.9, application/x-ndjson",
        &ndjson,
    );
    assert_eq!(
        response.header("content-type"),
        Some("application/x-ndjson")
    );
}

#[test]
fn one_lead_asked_for_as_csv_is_a_header_and_its_line() {
    let server = TestServer::start(config(vec![agreement()]));
    let lead = edge_leads().swap_remove(0);
    let response = post(
        &server,
        &evaluate_path(),
        "application/json",
        "text/csv",
        &lead,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.text(), cli_csv(&lead));
    assert_eq!(response.text().lines().count(), 2);
}

#[test]
fn explanations_are_never_csv() {
    let server = TestServer::start(config(vec![agreement()]));
    let lead = edge_leads().swap_remove(0);
    let explaining = |accept: &str| {
        let path = format!("{}&explain=true", evaluate_path());
        post(&server, &path, "application/json", accept, &lead)
    };
    let response = explaining("text/csv");
    assert_eq!(response.status, 406, "{}", response.text());
    assert_eq!(response.error_code(), "accord::not-acceptable");
    assert!(
        response.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot be written as CSV"),
        "{}",
        response.text()
    );
    // With JSON acceptable too, the same request is answered in JSON.
    let response = explaining("text/csv, application/json;q=0.5");
    assert_eq!(response.status, 200, "{}", response.text());
    assert!(response.json()["explanation"].is_object());
}
