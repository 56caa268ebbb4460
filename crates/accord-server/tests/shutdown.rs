//! Graceful shutdown: once asked to stop, the server takes no new
//! connections but answers the requests already in flight.

#![allow(clippy::unwrap_used, clippy::panic)]

mod support;

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::*;

#[test]
fn a_request_in_flight_at_shutdown_is_answered() {
    let mut server = TestServer::start(config(vec![agreement()]));
    let lead = edge_leads()[0].clone();
    let mut stream = std::net::TcpStream::connect(server.addr).unwrap();
    let path = format!("/v1/evaluate?as_of={AS_OF}");
    stream
        .write_all(&head(
            "POST",
            &path,
            &[("content-type", "application/json")],
            lead.len(),
        ))
        .unwrap();
    stream.write_all(&lead.as_bytes()[..20]).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Arc::strong_count(&server.state.current()) < 3 {
        assert!(Instant::now() < deadline, "the request never started");
        std::thread::sleep(Duration::from_millis(5));
    }
    server.begin_stop();
    // Not ready any more, and new connections are no longer answered.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !server
        .state
        .draining
        .load(std::sync::atomic::Ordering::Relaxed)
    {
        assert!(
            Instant::now() < deadline,
            "the server did not begin to stop"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(50));
    let refused = std::net::TcpStream::connect(server.addr).and_then(|mut s| {
        s.write_all(b"GET /health HTTP/1.1\r\nhost: t\r\nconnection: close\r\n\r\n")?;
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut s, &mut out)?;
        Ok(out)
    });
    assert!(
        refused.map_or(true, |out| out.is_empty()),
        "a new connection was answered"
    );
    // The request in flight completes with its row.
    stream.write_all(&lead.as_bytes()[20..]).unwrap();
    let answered = read_response(&mut stream);
    assert_eq!(answered.status, 200, "{}", answered.text());
    assert_eq!(answered.json()["id"], "E01");
}
