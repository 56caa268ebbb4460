//! Hot reload: a change that checks clean takes effect; a change with
//! errors is refused and the previous version keeps answering; a request
//! in flight during a reload finishes on the version it started with.

#![allow(clippy::unwrap_used, clippy::panic)]

mod support;

use accord_server::state::ReloadOutcome;
use std::time::{Duration, Instant};
use support::*;

fn evaluate(server: &TestServer) -> serde_json::Value {
    let r = server.post(
        &format!("/v1/evaluate?as_of={AS_OF}"),
        "application/json",
        edge_leads()[0].as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

/// Rewrites a file of the scratch policy set.
fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn metric(server: &TestServer, line_start: &str) -> String {
    let text = server.get("/metrics").text();
    text.lines()
        .find(|l| l.starts_with(line_start))
        .unwrap_or_else(|| panic!("no {line_start} in\n{text}"))
        .to_string()
}

#[test]
fn a_clean_change_takes_effect_and_a_broken_one_is_refused() {
    let (_dir, entry) = scratch_policies();
    let server = TestServer::start(config(vec![entry.clone()]));
    let before = evaluate(&server);
    assert_eq!(before["policy"]["version"], "1.0");
    assert!(matches!(server.state.reload(), ReloadOutcome::Unchanged));

    // A clean change (in the entry file): the new version answers.
    edit(&entry, "version \"1.0\"", "version \"1.0.1\"");
    assert!(matches!(
        server.state.reload(),
        ReloadOutcome::Applied { generation: 2 }
    ));
    let after = evaluate(&server);
    assert_eq!(after["policy"]["version"], "1.0.1");
    assert_ne!(after["policy"]["hash"], before["policy"]["hash"]);
    assert_eq!(server.get("/v1/policies").json()["generation"], 2);

    // A broken change in an imported file: refused with its diagnostics;
    // the previous version keeps answering, and is still ready.
    let shared = entry.parent().unwrap().join("shared/mql.accord");
    let original = std::fs::read_to_string(&shared).unwrap();
    std::fs::write(&shared, format!("{original}\nscore broken weighs:\n")).unwrap();
    match server.state.reload() {
        ReloadOutcome::Refused(e) => {
            assert!(!e.diagnostics.is_empty());
            assert!(
                e.rendered().contains("shared/mql.accord"),
                "{}",
                e.rendered()
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(evaluate(&server)["policy"], after["policy"]);
    assert_eq!(server.get("/ready").status, 200);
    // Both say a refused change is pending, /v1/policies with why.
    assert_eq!(server.get("/ready").json()["refused_change"], true);
    let refused = &server.get("/v1/policies").json()["refused_change"];
    assert!(
        refused["diagnostics"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("shared/mql.accord")))),
        "{refused}"
    );
    assert!(
        refused["at"].as_str().is_some_and(|t| t.ends_with('Z')),
        "{refused}"
    );
    // The same broken files are not tried (and logged) again.
    assert!(matches!(server.state.reload(), ReloadOutcome::Unchanged));
    assert_eq!(
        metric(&server, "accord_reloads_total{outcome=\"refused\"}"),
        "accord_reloads_total{outcome=\"refused\"} 1"
    );
    assert_eq!(
        metric(&server, "accord_reloads_total{outcome=\"applied\"}"),
        "accord_reloads_total{outcome=\"applied\"} 1"
    );

    // Undone: nothing is pending any more.
    std::fs::write(&shared, &original).unwrap();
    assert!(matches!(server.state.reload(), ReloadOutcome::Unchanged));
    assert!(server.get("/v1/policies").json()["refused_change"].is_null());
    assert_eq!(server.get("/ready").json()["refused_change"], false);

    // Changed again, cleanly: it takes effect.
    edit(&entry, "version \"1.0.1\"", "version \"1.0.2\"");
    assert!(matches!(
        server.state.reload(),
        ReloadOutcome::Applied { generation: 3 }
    ));
    assert_eq!(evaluate(&server)["policy"]["version"], "1.0.2");
}

#[test]
fn the_files_are_watched() {
    let (_dir, entry) = scratch_policies();
    let mut c = config(vec![entry.clone()]);
    c.watch = Some(Duration::from_millis(50));
    let server = TestServer::start(c);
    assert_eq!(evaluate(&server)["policy"]["version"], "1.0");
    edit(&entry, "version \"1.0\"", "version \"1.1-watched\"");
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.get("/v1/policies").json()["generation"] != 2 {
        assert!(Instant::now() < deadline, "the change was not picked up");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(evaluate(&server)["policy"]["version"], "1.1-watched");
}

#[test]
fn a_request_in_flight_finishes_on_the_version_it_started_with() {
    let (_dir, entry) = scratch_policies();
    let server = TestServer::start(config(vec![entry.clone()]));
    let old_hash = evaluate(&server)["policy"]["hash"].clone();
    // A request arrives, and its handler holds the version being served.
    let in_flight = server.request_in_flight(&edge_leads()[0]);
    // A reload swaps in a new version meanwhile.
    edit(&entry, "version \"1.0\"", "version \"2.0\"");
    assert!(matches!(
        server.state.reload(),
        ReloadOutcome::Applied { .. }
    ));
    let new = evaluate(&server);
    assert_eq!(new["policy"]["version"], "2.0");
    // The request in flight is answered by the version it started with.
    let answered = in_flight.finish();
    assert_eq!(answered.status, 200);
    assert_eq!(answered.json()["policy"]["hash"], old_hash);
    assert_eq!(answered.json()["policy"]["version"], "1.0");
    assert_ne!(new["policy"]["hash"], old_hash);
}
