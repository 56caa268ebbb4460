//! Graceful shutdown: once asked to stop, the server takes no new
//! connections but answers the requests already in flight.

#![allow(clippy::unwrap_used, clippy::panic)]

mod support;

use std::io::Write;
use std::time::{Duration, Instant};
use support::*;

#[test]
fn a_request_in_flight_at_shutdown_is_answered() {
    let mut server = TestServer::start(config(vec![agreement()]));
    let in_flight = server.request_in_flight(&edge_leads()[0]);
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
    let answered = in_flight.finish();
    assert_eq!(answered.status, 200, "{}", answered.text());
    assert_eq!(answered.json()["id"], "E01");
}
