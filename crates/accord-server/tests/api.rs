//! Every endpoint over a real socket on 127.0.0.1: answers, the rows'
//! identity with `accord eval`'s, error objects for bad input (4xx, never
//! 5xx), limits and authentication.

#![allow(clippy::unwrap_used, clippy::panic)]

mod support;

use accord::Policy;
use std::io::Write;
use support::*;

fn seed_server() -> TestServer {
    TestServer::start(config(vec![agreement()]))
}

fn evaluate_path() -> String {
    format!("/v1/evaluate?as_of={AS_OF}")
}

/// The rows `accord eval --format json` gives for the edge cases (the
/// library's batch path, which the command prints).
fn cli_rows(explain: bool) -> Vec<serde_json::Value> {
    let policy = Policy::load(agreement()).unwrap();
    let text = edge_leads().join("\n");
    let as_of = accord::parse_instant(AS_OF).unwrap();
    policy
        .evaluate_reader(
            text.as_bytes(),
            accord_records::InputFormat::Ndjson,
            None,
            as_of,
            explain,
            1,
        )
        .map(|row| serde_json::to_value(&row).unwrap())
        .collect()
}

#[test]
fn probes_policies_and_metrics_answer() {
    let server = seed_server();
    let health = server.get("/health");
    assert_eq!(
        (health.status, health.json()["status"].as_str()),
        (200, Some("ok"))
    );
    let ready = server.get("/ready");
    assert_eq!(ready.status, 200);
    assert_eq!(ready.json()["status"], "ready");

    let policies = server.get("/v1/policies").json();
    let list = policies["policies"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    let p = &list[0];
    assert_eq!(p["name"], "Acme MQL/SQL Agreement");
    assert_eq!(p["version"], "1.0");
    assert_eq!(p["effective"], "2026-01-01");
    let hash = Policy::load(agreement())
        .unwrap()
        .compiled()
        .meta()
        .hash
        .clone();
    assert_eq!(p["hash"], &*hash);
    let files: Vec<&str> = p["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(
        files[0].ends_with("policies/mql-sql-agreement.accord"),
        "{files:?}"
    );
    assert!(
        files.iter().any(|f| f.ends_with("shared/mql.accord")),
        "{files:?}"
    );
    assert_eq!(p["in_effect"], true);

    let lead = edge_leads()[0].clone();
    assert_eq!(
        server
            .post(&evaluate_path(), "application/json", lead.as_bytes())
            .status,
        200
    );
    assert_eq!(
        server.post("/v1/evaluate", "application/json", b"{").status,
        400
    );
    let metrics = server.get("/metrics");
    assert!(metrics
        .header("content-type")
        .unwrap()
        .starts_with("text/plain"));
    let text = metrics.text();
    for line in [
        "accord_http_requests_total{route=\"/v1/evaluate\",method=\"POST\",status=\"200\"} 1",
        "accord_http_requests_total{route=\"/v1/evaluate\",method=\"POST\",status=\"400\"} 1",
        "accord_http_request_duration_seconds_count{route=\"/v1/evaluate\",method=\"POST\",status=\"200\"} 1",
        "accord_decisions_total{verdict=\"sql\"} 1",
        "accord_decisions_total{verdict=\"error\"} 1",
        "accord_reloads_total{outcome=\"applied\"} 0",
        "accord_reloads_total{outcome=\"refused\"} 0",
    ] {
        assert!(text.lines().any(|l| l == line), "no {line:?} in\n{text}");
    }
    assert!(text.contains(&format!("hash=\"{hash}\"}} 1")), "{text}");
}

#[test]
fn one_lead_gets_the_row_the_library_and_cli_give() {
    let server = seed_server();
    let policy = Policy::load(agreement()).unwrap();
    let as_of = accord::parse_instant(AS_OF).unwrap();
    for explain in [false, true] {
        for line in edge_leads() {
            let path = format!("{}&explain={explain}", evaluate_path());
            let response = server.post(&path, "application/json", line.as_bytes());
            assert_eq!(response.status, 200, "{}", response.text());
            let lead: serde_json::Value = serde_json::from_str(&line).unwrap();
            let expected =
                serde_json::to_value(policy.evaluate_json(&lead, 1, as_of, explain)).unwrap();
            assert_eq!(response.json(), expected);
            assert_eq!(response.json().get("explanation").is_some(), explain);
        }
    }
}

#[test]
fn a_batch_is_the_document_accord_eval_prints() {
    let server = seed_server();
    let ndjson = edge_leads().join("\n");
    let expected = cli_rows(false);
    // NDJSON in, {"summary", "rows"} out: rows identical to the CLI's.
    let doc = server
        .post(&evaluate_path(), "application/x-ndjson", ndjson.as_bytes())
        .json();
    assert_eq!(doc["rows"].as_array().unwrap(), &expected);
    assert_eq!(doc["summary"]["records"], expected.len());
    assert_eq!(doc["summary"]["sql"], 1, "{}", doc["summary"]);
    // A JSON array: the same decisions (records numbered 1, 2, …).
    let array = format!("[{}]", edge_leads().join(","));
    let doc = server
        .post(&evaluate_path(), "application/json", array.as_bytes())
        .json();
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows, &expected);
    // NDJSON out, and the explanation in every row when asked.
    let with_trees = cli_rows(true);
    let response = request(
        server.addr,
        "POST",
        &format!("{}&explain=true", evaluate_path()),
        &[
            ("content-type", "application/x-ndjson"),
            ("accept", "application/x-ndjson"),
        ],
        ndjson.as_bytes(),
    );
    assert_eq!(
        response.header("content-type"),
        Some("application/x-ndjson")
    );
    let lines: Vec<serde_json::Value> = response
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines, with_trees);
}

#[test]
fn a_bad_record_in_a_batch_is_an_error_row_and_the_batch_goes_on() {
    let server = seed_server();
    let leads = edge_leads();
    let body = format!(
        "{}\n{{\"lead_id\": \"L-BAD\", \"email\": 7\n\n{}\n",
        leads[0], leads[1]
    );
    let response = server.post(&evaluate_path(), "application/x-ndjson", body.as_bytes());
    assert_eq!(response.status, 200);
    let rows = response.json()["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 3, "one row per record");
    assert_eq!(rows[0]["id"], "E01");
    let error = &rows[1]["errors"][0];
    assert_eq!(
        (error["record"].as_u64(), error["line"].as_u64()),
        (Some(2), Some(2))
    );
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("not valid JSON"),
        "{error}"
    );
    assert_eq!(rows[1]["mql"], serde_json::Value::Null);
    assert_eq!(
        (rows[2]["record"].as_u64(), rows[2]["id"].as_str()),
        (Some(3), Some("E02"))
    );
    assert_eq!(response.json()["summary"]["errors"], 1);
}

/// The same for a JSON array body: a malformed element, or one nested
/// deeper than the JSON reader goes, is that element's error row and the
/// other elements are decided (the whole batch was one 400 or 422).
#[test]
fn a_malformed_element_of_a_json_array_is_an_error_row_and_the_batch_goes_on() {
    let server = seed_server();
    let leads = edge_leads();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let body = format!(
        "[{},\n{{\"lead_id\": \"L-BAD\", \"email\": }},\n{deep},\n{}]",
        leads[0], leads[1]
    );
    let response = server.post(&evaluate_path(), "application/json", body.as_bytes());
    assert_eq!(response.status, 200);
    let rows = response.json()["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 4, "one row per element");
    assert_eq!(rows[0]["id"], "E01");
    assert_eq!(rows[0]["errors"], serde_json::json!([]));
    let bad = &rows[1]["errors"][0];
    assert_eq!(
        (
            bad["record"].as_u64(),
            bad["line"].as_u64(),
            bad["lead_id"].as_str()
        ),
        (Some(2), Some(2), Some("L-BAD")),
        "{bad}"
    );
    assert!(
        bad["message"]
            .as_str()
            .unwrap()
            .starts_with("not valid JSON"),
        "{bad}"
    );
    let deep = &rows[2]["errors"][0];
    assert_eq!(
        (deep["record"].as_u64(), deep["line"].as_u64()),
        (Some(3), Some(3)),
        "{deep}"
    );
    assert_eq!(rows[3]["id"], "E02");
    assert_eq!(response.json()["summary"]["errors"], 2);
}

#[test]
fn malformed_json_and_records_that_fail_the_schema_are_4xx_error_objects() {
    let server = seed_server();
    // Not JSON: 400 with the record error `accord eval` would put in the row.
    let r = server.post(
        &evaluate_path(),
        "application/json",
        b"{\"lead_id\": \"L-1\", ",
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.error_code(), "accord::malformed-json");
    let e = &r.json()["error"]["errors"][0];
    assert_eq!(
        (e["record"].as_u64(), e["lead_id"].as_str()),
        (Some(1), Some("L-1"))
    );
    assert!(e["message"].as_str().unwrap().contains("not valid JSON"));
    // JSON that does not fit the schema: 422 naming each field.
    let mut lead: serde_json::Value = serde_json::from_str(&edge_leads()[0]).unwrap();
    lead["employees"] = serde_json::json!("many");
    lead.as_object_mut().unwrap().remove("email");
    let r = server.post(
        &evaluate_path(),
        "application/json",
        lead.to_string().as_bytes(),
    );
    assert_eq!(r.status, 422);
    assert_eq!(r.error_code(), "accord::record");
    let fields: Vec<String> = r.json()["error"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect();
    assert!(
        fields.iter().any(|f| f == "employees") && fields.iter().any(|f| f == "email"),
        "{fields:?}"
    );
    // The same for explain; and explain takes one lead only.
    let r = server.post(
        &format!("/v1/explain?as_of={AS_OF}"),
        "application/json",
        b"[1,",
    );
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (400, "accord::malformed-json")
    );
    let r = server.post(
        &format!("/v1/explain?as_of={AS_OF}"),
        "application/json",
        lead.to_string().as_bytes(),
    );
    assert_eq!((r.status, r.error_code().as_str()), (422, "accord::record"));
    let r = server.post("/v1/explain", "application/json", b"[{}, {}]");
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (400, "accord::bad-request")
    );
    // A body type the server does not read.
    let r = server.post("/v1/evaluate", "text/csv", b"lead_id\nL-1\n");
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (415, "accord::unsupported-media-type")
    );
    // Query parameters: a typo, a bad instant, a bad flag.
    for (path, says) in [
        (
            "/v1/evaluate?as-of=2026-11-20T15:00:00Z",
            "did you mean as_of",
        ),
        (
            "/v1/evaluate?as_of=2026-11-20",
            "a date alone is not an instant",
        ),
        // A `+` not written %2B arrives as a space.
        ("/v1/evaluate?as_of=2026-11-20T16:00:00+01:00", "%2B"),
        ("/v1/evaluate?explain=maybe", "explain=true"),
        ("/v1/explain?detail=most", "summary, decisive or full"),
    ] {
        let r = server.post(path, "application/json", b"{}");
        assert_eq!(
            (r.status, r.error_code().as_str()),
            (400, "accord::bad-request"),
            "{path}"
        );
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains(says),
            "{}",
            r.text()
        );
    }
}

#[test]
fn explain_answers_json_text_and_markdown() {
    let server = seed_server();
    let lead = edge_leads()[1].clone();
    let path = format!("/v1/explain?as_of={AS_OF}");
    let policy = Policy::load(agreement()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&lead).unwrap();
    let row = policy.explain_json(&value, 1, accord::parse_instant(AS_OF).unwrap());
    let json = server.post(&path, "application/json", lead.as_bytes());
    assert_eq!(json.json(), serde_json::to_value(&row).unwrap());
    // One NDJSON line is one lead too.
    let line = server.post(
        &path,
        "application/x-ndjson",
        format!("{lead}\n").as_bytes(),
    );
    assert_eq!(line.json(), json.json(), "{}", line.text());
    assert!(json.json()["explanation"]["summary"]["what_it_would_take"].is_object());
    let explanation = row.explanation.unwrap();
    for (accept, detail, expected) in [
        (
            "text/plain",
            "summary",
            explanation.render_text(accord::Detail::Summary),
        ),
        (
            "text/plain",
            "full",
            explanation.render_text(accord::Detail::Full),
        ),
        (
            "text/markdown",
            "decisive",
            explanation.render_markdown(accord::Detail::Decisive),
        ),
    ] {
        let r = request(
            server.addr,
            "POST",
            &format!("{path}&detail={detail}"),
            &[("content-type", "application/json"), ("accept", accept)],
            lead.as_bytes(),
        );
        assert_eq!(r.status, 200);
        assert!(r.header("content-type").unwrap().starts_with(accept));
        assert_eq!(r.text(), expected);
    }
}

#[test]
fn check_reports_diagnostics_across_imports() {
    let server = seed_server();
    let body = serde_json::json!({"files": {
        "p/entry.accord": "import \"shared/lists.accord\"\n",
        "p/shared/lists.accord": "list regions: \"emea\"\nlist regions: \"apac\"\n",
    }});
    let r = server.post("/v1/check", "application/json", body.to_string().as_bytes());
    assert_eq!(r.status, 200);
    let report = r.json();
    assert!(report["errors"].as_u64().unwrap() >= 1, "{report}");
    let d = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "error")
        .unwrap()
        .clone();
    assert_eq!(d["file"], "p/shared/lists.accord");
    assert_eq!(d["line"], 2);
    assert!(d["code"].as_str().unwrap().starts_with("accord::"));
    assert!(d["help"].is_string() || d["help"].is_null());
    // The bundled agreement and its shared files check clean.
    let mut files = serde_json::Map::new();
    for (path, text) in Policy::load(agreement()).unwrap().files() {
        files.insert(path, text.into());
    }
    let r = server.post(
        "/v1/check",
        "application/json",
        serde_json::json!({"files": files}).to_string().as_bytes(),
    );
    assert_eq!(r.json()["errors"], 0, "{}", r.text());
    // One file as plain text; an import outside the files is missing.
    let r = server.post("/v1/check", "text/plain", b"import \"../etc/x.accord\"\n");
    let codes: Vec<String> = r.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        codes.iter().any(|c| c.starts_with("accord::import")),
        "{codes:?}"
    );
    let r = server.post("/v1/check", "application/json", b"{\"file\": {}}");
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (400, "accord::malformed-json")
    );
}

#[test]
fn versions_are_chosen_by_as_of_and_agreements_by_name() {
    let versions = repo().join("examples/agreement-versions");
    let server = TestServer::start(config(vec![
        versions.join("v1.0/mql-sql-agreement.accord"),
        versions.join("v1.1/mql-sql-agreement.accord"),
        repo().join("policies/mql-definition.accord"),
    ]));
    let lead = edge_leads()[0].clone();
    for (as_of, version) in [
        ("2026-03-01T12:00:00Z", "1.0"),
        ("2026-11-20T15:00:00Z", "1.1"),
    ] {
        let path = format!("/v1/evaluate?as_of={as_of}&agreement=Acme%20MQL/SQL%20Agreement");
        let r = server.post(&path, "application/json", lead.as_bytes());
        assert_eq!(r.json()["policy"]["version"], version, "{}", r.text());
    }
    let r = server.post(
        "/v1/evaluate?agreement=Acme%20MQL/SQL%20Agreement&as_of=2025-06-01T00:00:00Z",
        "application/json",
        lead.as_bytes(),
    );
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (422, "accord::no-version-in-effect")
    );
    let r = server.post("/v1/evaluate", "application/json", lead.as_bytes());
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (400, "accord::bad-request")
    );
    assert!(
        r.text().contains("name one with ?agreement="),
        "{}",
        r.text()
    );
    let r = server.post(
        "/v1/evaluate?agreement=Acme%20MQL%20Definitio",
        "application/json",
        lead.as_bytes(),
    );
    assert!(
        r.text()
            .contains("did you mean \\\"Acme MQL Definition\\\""),
        "{}",
        r.text()
    );
    let listed = server.get("/v1/policies").json();
    let in_effect: Vec<(String, bool)> = listed["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["version"].as_str().unwrap_or("").to_string(),
                p["in_effect"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(in_effect.len(), 3);
    assert!(
        in_effect.contains(&("1.1".to_string(), true)),
        "{in_effect:?}"
    );
}

#[test]
fn unknown_routes_and_methods_are_4xx_error_objects() {
    let server = seed_server();
    let r = server.get("/v2/evaluate");
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (404, "accord::not-found")
    );
    let r = server.get("/v1/evaluate");
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (405, "accord::method-not-allowed")
    );
    assert_eq!(r.header("allow"), Some("POST"));
    let r = request(server.addr, "DELETE", "/v1/policies", &[], b"");
    assert_eq!(r.status, 405);
}

#[test]
fn bodies_past_the_limit_are_refused_with_413() {
    let mut c = config(vec![agreement()]);
    c.max_body_bytes = 2_000;
    let server = TestServer::start(c);
    let big = format!("[{}]", edge_leads().join(","));
    assert!(big.len() > 2_000);
    let r = server.post(&evaluate_path(), "application/json", big.as_bytes());
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (413, "accord::body-too-large")
    );
    // Without a length up front (chunked), the limit still holds.
    let mut stream = std::net::TcpStream::connect(server.addr).unwrap();
    let head = "POST /v1/evaluate HTTP/1.1\r\nhost: t\r\nconnection: close\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    stream.write_all(head.as_bytes()).unwrap();
    for chunk in big.as_bytes().chunks(500) {
        let _ = stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes());
        let _ = stream.write_all(chunk);
        let _ = stream.write_all(b"\r\n");
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let r = read_response(&mut stream);
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (413, "accord::body-too-large")
    );
    // A small body still passes.
    assert_eq!(
        server
            .post(
                &evaluate_path(),
                "application/json",
                edge_leads()[0].as_bytes()
            )
            .status,
        200
    );
}

#[test]
fn tokens_guard_every_route_but_the_probes() {
    let mut c = config(vec![agreement()]);
    c.tokens = vec!["s3cret-one".into(), "s3cret-two".into()];
    let server = TestServer::start(c);
    assert_eq!(server.get("/health").status, 200);
    assert_eq!(server.get("/ready").status, 200);
    for path in ["/v1/policies", "/metrics", "/openapi.json"] {
        let missing = server.get(path);
        assert_eq!(
            (missing.status, missing.error_code().as_str()),
            (401, "accord::unauthorized")
        );
        assert!(missing
            .header("www-authenticate")
            .unwrap()
            .starts_with("Bearer"));
        let wrong = request(
            server.addr,
            "GET",
            path,
            &[("authorization", "Bearer s3cret-three")],
            b"",
        );
        assert_eq!(wrong.status, 401);
        assert!(wrong.text().contains("not one this server accepts"));
        let right = request(
            server.addr,
            "GET",
            path,
            &[("authorization", "Bearer s3cret-two")],
            b"",
        );
        assert_eq!(right.status, 200, "{path}");
    }
    let lead = edge_leads()[0].clone();
    let r = server.post(&evaluate_path(), "application/json", lead.as_bytes());
    assert_eq!(r.status, 401);
    let r = request(
        server.addr,
        "POST",
        &evaluate_path(),
        &[
            ("authorization", "bearer s3cret-one"),
            ("content-type", "application/json"),
        ],
        lead.as_bytes(),
    );
    assert_eq!(r.status, 200);
}

#[test]
fn serving_beyond_loopback_needs_tokens_or_the_insecure_flag() {
    let mut c = config(vec![agreement()]);
    c.addr = "0.0.0.0:0".parse().unwrap();
    let refused = TestServer::try_start(c.clone()).err().unwrap();
    assert!(refused.contains("without authentication"), "{refused}");
    c.insecure_no_auth = true;
    assert!(TestServer::try_start(c.clone()).is_ok());
    c.insecure_no_auth = false;
    c.tokens = vec!["t".into()];
    assert!(TestServer::try_start(c).is_ok());
}

#[test]
fn beyond_the_concurrency_limit_the_answer_is_503_with_retry_after() {
    let mut c = config(vec![agreement()]);
    c.max_concurrent = 1;
    let server = TestServer::start(c);
    let lead = edge_leads()[0].clone();
    // A request whose body has not all arrived holds the only permit.
    let hold = || {
        let mut first = std::net::TcpStream::connect(server.addr).unwrap();
        first
            .write_all(&head(
                "POST",
                &evaluate_path(),
                &[("content-type", "application/json")],
                lead.len(),
            ))
            .unwrap();
        first.write_all(&lead.as_bytes()[..10]).unwrap();
        first
    };
    // Whether the server has answered on `stream` already.
    let answered = |stream: &std::net::TcpStream| {
        let wait = Some(std::time::Duration::from_millis(1));
        stream.set_read_timeout(wait).unwrap();
        let got = matches!(stream.peek(&mut [0u8; 1]), Ok(n) if n > 0);
        stream.set_read_timeout(None).unwrap();
        got
    };
    let mut first = hold();
    // Until the server has taken the first request in (slow on a loaded
    // machine), a probe is answered normally: try for up to 20 s, well
    // inside the 30 s request timeout. A probe the server took in first
    // held the permit itself, and the first request was refused: then it
    // is sent again.
    let mut busy = None;
    for _ in 0..2000 {
        let r = server.post(&evaluate_path(), "application/json", lead.as_bytes());
        if r.status == 503 {
            busy = Some(r);
            break;
        }
        if answered(&first) {
            first = hold();
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let busy = busy.expect("the second request is refused while the first holds the permit");
    assert_eq!(busy.error_code(), "accord::overloaded");
    assert_eq!(busy.header("retry-after"), Some("1"));
    // The probes still answer; the first request finishes normally.
    assert_eq!(server.get("/ready").status, 200);
    first.write_all(&lead.as_bytes()[10..]).unwrap();
    assert_eq!(read_response(&mut first).status, 200);
    assert_eq!(
        server
            .post(&evaluate_path(), "application/json", lead.as_bytes())
            .status,
        200
    );
}

#[test]
fn a_request_not_answered_in_time_is_a_503() {
    let mut c = config(vec![agreement()]);
    c.timeout = std::time::Duration::from_millis(300);
    let server = TestServer::start(c);
    let mut slow = std::net::TcpStream::connect(server.addr).unwrap();
    slow.write_all(&head(
        "POST",
        "/v1/evaluate",
        &[("content-type", "application/json")],
        100,
    ))
    .unwrap();
    slow.write_all(b"{").unwrap();
    let r = read_response(&mut slow);
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (503, "accord::timeout")
    );
}

#[test]
fn openapi_document_matches_the_routes() {
    let server = seed_server();
    let served = server.get("/openapi.json").json();
    let in_repo: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("crates/accord-server/openapi.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(served, in_repo);
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in in_repo["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.push((path.clone(), method.to_ascii_uppercase()));
        }
    }
    documented.sort();
    let mut routed: Vec<(String, String)> = accord_server::routes::ROUTES
        .iter()
        .map(|(p, m)| (p.to_string(), m.to_string()))
        .collect();
    routed.sort();
    assert_eq!(documented, routed);
    // Every documented route is answered by a handler (not the 404/405
    // fallbacks), and each status it gives is documented.
    for (path, method) in &documented {
        let r = request(
            server.addr,
            method,
            path,
            &[("content-type", "application/json")],
            b"{}",
        );
        let code = if r.status >= 400 {
            Some(r.error_code())
        } else {
            None
        };
        assert!(
            !matches!(
                code.as_deref(),
                Some("accord::not-found" | "accord::method-not-allowed")
            ),
            "{method} {path}: {}",
            r.text()
        );
        let responses = &in_repo["paths"][path][method.to_ascii_lowercase()]["responses"];
        assert!(
            responses.get(r.status.to_string()).is_some(),
            "{method} {path} answered {} (not documented)",
            r.status
        );
        // Every request body type it documents is taken (not 415).
        let content =
            &in_repo["paths"][path][method.to_ascii_lowercase()]["requestBody"]["content"];
        for kind in content.as_object().into_iter().flat_map(|c| c.keys()) {
            let r = request(server.addr, method, path, &[("content-type", kind)], b"{}");
            assert_ne!(
                r.status,
                415,
                "{method} {path} refuses its documented {kind}: {}",
                r.text()
            );
        }
    }
}
