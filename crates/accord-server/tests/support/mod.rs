//! What the server tests share: a server started in-process on
//! 127.0.0.1 (port 0) and a minimal blocking HTTP/1.1 client over a real
//! socket (so the tests see exactly the bytes a client would).

#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use accord_server::state::AppState;
use accord_server::{Config, Server};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bundled seed agreement.
pub fn agreement() -> PathBuf {
    repo().join("policies/mql-sql-agreement.accord")
}

pub const AS_OF: &str = "2026-11-20T15:00:00Z";

/// The edge-case leads, one JSON text per line.
pub fn edge_leads() -> Vec<String> {
    std::fs::read_to_string(repo().join("examples/edge-cases/leads.ndjson"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// A running server; stopped (gracefully) when dropped.
pub struct TestServer {
    pub addr: SocketAddr,
    pub state: Arc<AppState>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    pub fn start(config: Config) -> TestServer {
        TestServer::try_start(config).unwrap_or_else(|e| panic!("server did not start: {e}"))
    }

    pub fn try_start(config: Config) -> Result<TestServer, String> {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                match Server::bind(config).await {
                    Ok(server) => {
                        let addr = server.local_addr().unwrap();
                        ready_tx.send(Ok((addr, server.state()))).unwrap();
                        server
                            .run(async {
                                let _ = stop_rx.await;
                            })
                            .await
                            .unwrap();
                    }
                    Err(e) => ready_tx.send(Err(e.to_string())).unwrap(),
                }
            });
        });
        let (addr, state) = ready_rx.recv().unwrap()?;
        Ok(TestServer {
            addr,
            state,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// Asks the server to stop, without waiting for it to finish.
    pub fn begin_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// Starts evaluating `lead` and leaves it in flight: headers and part
    /// of the body sent, and its handler already holding the version being
    /// served (the lock's own reference, the one taken to look, and the
    /// request's). Finish it with [`InFlight::finish`].
    pub fn request_in_flight(&self, lead: &str) -> InFlight {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        let path = format!("/v1/evaluate?as_of={AS_OF}");
        let headers = [("content-type", "application/json")];
        stream
            .write_all(&head("POST", &path, &headers, lead.len()))
            .unwrap();
        stream.write_all(&lead.as_bytes()[..20]).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while Arc::strong_count(&self.state.current()) < 3 {
            assert!(
                std::time::Instant::now() < deadline,
                "the request never started"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        InFlight {
            stream,
            rest: lead.as_bytes()[20..].to_vec(),
        }
    }

    pub fn get(&self, path: &str) -> Response {
        request(self.addr, "GET", path, &[], b"")
    }

    pub fn post(&self, path: &str, content_type: &str, body: &[u8]) -> Response {
        request(
            self.addr,
            "POST",
            path,
            &[("content-type", content_type)],
            body,
        )
    }
}

/// A request whose body has not all been sent.
pub struct InFlight {
    stream: TcpStream,
    rest: Vec<u8>,
}

impl InFlight {
    /// Sends the rest of the body and reads the answer.
    pub fn finish(mut self) -> Response {
        self.stream.write_all(&self.rest).unwrap();
        read_response(&mut self.stream)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A config serving `policies` on 127.0.0.1:0, files not watched (tests
/// reload explicitly).
pub fn config(policies: Vec<PathBuf>) -> Config {
    let mut c = Config::new(policies, "127.0.0.1:0".parse().unwrap());
    c.watch = None;
    c
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The error object's code (panics when the body is not one).
    pub fn error_code(&self) -> String {
        let v = self.json();
        let code = v["error"]["code"].as_str();
        let message = v["error"]["message"].as_str();
        assert!(message.is_some_and(|m| !m.is_empty()), "{v}");
        code.unwrap_or_else(|| panic!("not an error object: {v}"))
            .to_string()
    }
}

/// One request on a new connection (`Connection: close`).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(&head(method, path, headers, body.len()))
        .unwrap();
    stream.write_all(body).unwrap();
    read_response(&mut stream)
}

/// The request line and headers.
pub fn head(method: &str, path: &str, headers: &[(&str, &str)], length: usize) -> Vec<u8> {
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nhost: test\r\nconnection: close\r\ncontent-length: {length}\r\n"
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

/// Reads a whole response (the server closes the connection after it).
pub fn read_response(stream: &mut TcpStream) -> Response {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&raw[..end]).unwrap().trim(), 16).unwrap();
        raw = &raw[end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

/// Copies the bundled policies into a scratch folder (to edit them).
pub fn scratch_policies() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("policies"), &dir.path().join("policies"));
    let entry = dir.path().join("policies/mql-sql-agreement.accord");
    (dir, entry)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
