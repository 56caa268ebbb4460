//! The decision log and `accord replay`: every answered row is logged with
//! its request id, record, as-of and policy hash; replaying the log under
//! the stored policy texts gives the same rows; a stored text that was
//! altered is caught.

#![allow(clippy::unwrap_used, clippy::panic)]

mod support;

use accord_server::replay::replay;
use accord_server::state::ReloadOutcome;
use support::*;

fn log_lines(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_decision_is_logged_and_replays_the_same_until_the_store_is_altered() {
    let (dir, entry) = scratch_policies();
    let log = dir.path().join("decisions.ndjson");
    let store = dir.path().join("decisions.ndjson.policies");
    let mut c = config(vec![entry.clone()]);
    c.decision_log = Some(log.clone());
    let server = TestServer::start(c);
    let leads = edge_leads();
    let evaluate = format!("/v1/evaluate?as_of={AS_OF}");

    // One lead, with a request id given by the caller.
    let one = request(
        server.addr,
        "POST",
        &evaluate,
        &[
            ("content-type", "application/json"),
            ("x-request-id", "crm-sync-42"),
        ],
        leads[0].as_bytes(),
    );
    assert_eq!(one.header("x-request-id"), Some("crm-sync-42"));
    // A batch as NDJSON with a malformed line, with explanations.
    let batch = format!("{}\n{{\"lead_id\": \"L-BAD\",\n{}\n", leads[1], leads[2]);
    let batch_r = server.post(
        &format!("{evaluate}&explain=true"),
        "application/x-ndjson",
        batch.as_bytes(),
    );
    // A JSON array, and one explained lead.
    let array = format!("[{},{}]", leads[3], leads[4]);
    let array_r = server.post(&evaluate, "application/json", array.as_bytes());
    let explained = server.post(
        &format!("/v1/explain?as_of={AS_OF}"),
        "application/json",
        leads[5].as_bytes(),
    );
    // A lead that fails the schema: answered 422, its error row logged.
    let failed = server.post(&evaluate, "application/json", b"{\"lead_id\": \"L-X\"}");
    assert_eq!(failed.status, 422);

    let logged = log_lines(&log);
    let mut answered: Vec<serde_json::Value> = vec![one.json()];
    answered.extend(batch_r.json()["rows"].as_array().unwrap().iter().cloned());
    answered.extend(array_r.json()["rows"].as_array().unwrap().iter().cloned());
    answered.push(explained.json());
    assert_eq!(logged.len(), answered.len() + 1, "one line per row");
    for (line, row) in logged.iter().zip(&answered) {
        assert_eq!(&line["row"], row, "the logged row is the one answered");
        assert_eq!(line["as_of"], AS_OF);
        assert_eq!(line["policy"]["hash"], row["policy"]["hash"]);
        assert_eq!(line["record_number"], row["record"]);
    }
    assert_eq!(logged[0]["request_id"], "crm-sync-42");
    assert_eq!(
        logged[0]["record"],
        serde_json::from_str::<serde_json::Value>(&leads[0]).unwrap()
    );
    assert_eq!(
        logged[1]["request_id"].as_str(),
        batch_r.header("x-request-id")
    );
    assert_eq!(
        (logged[1]["explain"].as_bool(), logged[1]["line"].as_u64()),
        (Some(true), Some(1))
    );
    assert_eq!(
        logged[2]["record_text"], "{\"lead_id\": \"L-BAD\",",
        "malformed text kept as it came"
    );
    assert_eq!(logged[6]["kind"], "explain");
    assert_eq!(logged[7]["row"]["errors"][0]["lead_id"], "L-X");

    // A new version after a reload: its text is stored too.
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(
        &entry,
        text.replacen("version \"1.0\"", "version \"1.1\"", 1),
    )
    .unwrap();
    assert!(matches!(
        server.state.reload(),
        ReloadOutcome::Applied { .. }
    ));
    let later = server
        .post(&evaluate, "application/json", leads[0].as_bytes())
        .json();
    assert_eq!(later["policy"]["version"], "1.1");
    drop(server);
    let stored = std::fs::read_dir(&store).unwrap().count();
    assert_eq!(stored, 2, "one stored text per version served");

    // Replayed under the stored texts: every decision the same.
    let report = replay(&log, &store).unwrap();
    assert_eq!(
        (report.decisions, report.same),
        (logged.len() + 1, logged.len() + 1),
        "{}",
        report.render_text()
    );
    assert!(report.is_clean());

    // Someone alters the stored text of version 1.0: caught, and the
    // decisions it gives now are shown against the logged ones.
    let hash = logged[0]["policy"]["hash"].as_str().unwrap();
    let stored_path = store.join(format!("{hash}.json"));
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&stored_path).unwrap()).unwrap();
    let entry_text = doc["files"][0]["text"].as_str().unwrap().replacen(
        "version \"1.0\"",
        "version \"1.0-forged\"",
        1,
    );
    doc["files"][0]["text"] = entry_text.into();
    std::fs::write(&stored_path, doc.to_string()).unwrap();
    let report = replay(&log, &store).unwrap();
    assert_eq!(report.same, 1, "only the decision under 1.1 is untouched");
    assert_eq!(report.differences.len(), logged.len());
    let first = &report.differences[0];
    assert_eq!(first.request_id.as_deref(), Some("crm-sync-42"));
    assert!(
        first
            .problems
            .iter()
            .any(|p| p.contains("stored policy text was altered")),
        "{:?}",
        first.problems
    );
    assert!(
        first
            .problems
            .iter()
            .any(|p| p == "policy.version: logged \"1.0\", now \"1.0-forged\""),
        "{:?}",
        first.problems
    );
    let text = report.render_text();
    assert!(
        text.contains("difference: log line 1, request crm-sync-42, record 1, lead E01"),
        "{text}"
    );
    assert!(
        text.ends_with(&format!(
            "replayed {} decisions: 1 the same, {} different\n",
            logged.len() + 1,
            logged.len()
        )),
        "{text}"
    );

    // A log line that is not a decision, and a hash with no stored text.
    std::fs::remove_file(&stored_path).unwrap();
    std::fs::write(&log, "not json\n").unwrap();
    let report = replay(&log, &store).unwrap();
    assert!(report.differences[0].problems[0].starts_with("not a decision log line"));
    assert!(replay(&dir.path().join("missing.ndjson"), &store).is_err());
}

#[test]
fn a_line_that_is_not_utf8_is_one_difference_not_the_end_of_the_replay() {
    let (dir, entry) = scratch_policies();
    let log = dir.path().join("decisions.ndjson");
    let store = dir.path().join("decisions.ndjson.policies");
    let mut c = config(vec![entry]);
    c.decision_log = Some(log.clone());
    let server = TestServer::start(c);
    let batch = edge_leads()[..3].join("\n");
    let evaluate = format!("/v1/evaluate?as_of={AS_OF}");
    server.post(&evaluate, "application/x-ndjson", batch.as_bytes());
    drop(server);

    // Line 2 damaged on disk: two bytes in it are no longer UTF-8.
    let mut bytes = std::fs::read(&log).unwrap();
    let second = bytes.iter().position(|b| *b == b'\n').unwrap() + 1;
    bytes[second + 40..second + 42].copy_from_slice(&[0xff, 0xfe]);
    std::fs::write(&log, bytes).unwrap();

    let report = replay(&log, &store).unwrap();
    assert_eq!((report.decisions, report.same), (3, 2));
    assert_eq!(report.differences.len(), 1);
    let damaged = &report.differences[0];
    assert_eq!(damaged.line, 2);
    assert!(
        damaged.problems[0].starts_with("not a decision log line"),
        "{:?}",
        damaged.problems
    );
}

#[test]
fn a_request_answered_with_a_timeout_logs_no_decision() {
    let (dir, entry) = scratch_policies();
    let log = dir.path().join("decisions.ndjson");
    let mut c = config(vec![entry]);
    c.decision_log = Some(log.clone());
    c.timeout = std::time::Duration::from_millis(50);
    let server = TestServer::start(c);
    // A batch that takes far longer than the timeout to explain.
    let leads = std::fs::read_to_string(repo().join("examples/data/leads.ndjson")).unwrap();
    let batch = leads.repeat(5);
    let r = server.post(
        &format!("/v1/evaluate?as_of={AS_OF}&explain=true"),
        "application/x-ndjson",
        batch.as_bytes(),
    );
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (503, "accord::timeout")
    );
    // Once the evaluation left running has finished, the log still holds
    // none of the decisions the caller was told were not made.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while server.state.evaluations.available_permits() < cores {
        assert!(std::time::Instant::now() < deadline, "still evaluating");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let logged = std::fs::read_to_string(&log).unwrap().lines().count();
    assert_eq!(logged, 0, "decisions logged for a request answered 503");
    // Nor are they counted as decisions made.
    let metrics = server.get("/metrics").text();
    assert!(
        !metrics.contains("accord_decisions_total{"),
        "decisions counted for a request answered 503:\n{metrics}"
    );
}
