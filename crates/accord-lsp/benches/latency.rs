//! Editing latency of `accord lsp`: the time from the client sending a
//! document (didOpen on a fresh server: cold) or an edit of one definition
//! (didChange: after one edit) to the server's publishDiagnostics for it,
//! over the protocol (JSON-RPC messages on the in-memory transport, the
//! same messages as stdio), for the largest policy in `policies/` and for
//! one 50 times its size (`accord_check::scale::scaled`).
//!
//! And one document of a single long line: a fit of 10,000 requirements
//! on fields the schema lacks, written on one line (10,000 diagnostics on
//! a line of 130 KB: each diagnostic's column is found on that line).
//!
//! Baseline, measured in the same run on the same text: the checker alone
//! (`Workspace::load` + `diagnostics`), cold and after the same edit. The
//! ratios say what the server adds to the check.
//!
//! Run: `cargo bench -p accord-lsp --bench latency` (medians of several
//! runs each; `ACCORD_BENCH_RUNS=N` to change how many).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

use accord_check::scale::{edited, scaled};
use accord_check::Workspace;
use lsp_server::{Connection, Message, Notification, Request};
use serde_json::{json, Value};

fn policies_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies")
}

/// The largest `.accord` file directly in `policies/`.
fn largest_policy() -> Option<(String, String)> {
    let mut best: Option<(String, String)> = None;
    for e in std::fs::read_dir(policies_dir()).ok()?.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "accord") {
            let text = std::fs::read_to_string(&p).ok()?;
            if best.as_ref().is_none_or(|(_, t)| text.len() > t.len()) {
                let name = p.file_name()?.to_string_lossy().into_owned();
                best = Some((name, text));
            }
        }
    }
    best
}

struct Server {
    conn: Connection,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let (server, client) = Connection::memory();
        let thread = std::thread::spawn(move || {
            if let Err(e) = accord_lsp::serve(&server) {
                eprintln!("server: {e}");
            }
        });
        let s = Server {
            conn: client,
            thread: Some(thread),
        };
        s.send(Message::Request(Request::new(
            1.into(),
            "initialize".into(),
            json!({"capabilities": {}}),
        )));
        s.wait(|m| matches!(m, Message::Response(_)));
        s.notify("initialized", json!({}));
        s
    }

    fn send(&self, m: Message) {
        self.conn.sender.send(m).expect("the server reads");
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    fn wait(&self, want: impl Fn(&Message) -> bool) -> Message {
        loop {
            let m = self
                .conn
                .receiver
                .recv_timeout(Duration::from_secs(600))
                .expect("the server answers");
            if want(&m) {
                return m;
            }
        }
    }

    /// Sends `notification` and waits for the diagnostics of `uri`.
    fn until_diagnostics(&self, method: &str, params: Value, uri: &str) -> (Duration, usize) {
        let start = Instant::now();
        self.notify(method, params);
        let m = self.wait(|m| {
            matches!(m, Message::Notification(n) if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri)
        });
        let elapsed = start.elapsed();
        let count = match m {
            Message::Notification(n) => n.params["diagnostics"].as_array().map_or(0, Vec::len),
            _ => 0,
        };
        (elapsed, count)
    }

    fn stop(mut self) {
        self.send(Message::Request(Request::new(
            2.into(),
            "shutdown".into(),
            Value::Null,
        )));
        self.wait(|m| matches!(m, Message::Response(_)));
        self.notify("exit", Value::Null);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read.
    let runs: usize = std::env::var("ACCORD_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let Some((name, text)) = largest_policy() else {
        eprintln!("no policy in policies/");
        return;
    };
    // The documents live next to the real policies, so their imports
    // (`shared/…`) are read from disk; the texts themselves only exist in
    // the editor (nothing is written).
    let dir = policies_dir().canonicalize().expect("policies/");
    let big = scaled(&text, 50);
    println!("| document | bytes | checker cold | lsp cold (didOpen → diagnostics) | checker one edit | lsp one edit (didChange → diagnostics) | lsp/checker cold | lsp/checker edit |");
    println!("|---|---|---|---|---|---|---|---|");
    let long_line = format!(
        "fit long \"One long line\":\n  {}\n",
        (0..10_000)
            .map(|i| format!("x{i} is 1"))
            .collect::<Vec<_>>()
            .join(" and ")
    );
    let documents = [
        (name.clone(), text.clone(), "largest"),
        (format!("{name} ×50"), big, "x50"),
        (
            "one line, 10,000 unknown names".to_string(),
            long_line,
            "line",
        ),
    ];
    for (label, text, file) in documents {
        let path = dir.join(format!("bench-latency-{file}.accord"));
        let uri = lsp_types::Uri::from_str(&format!("file://{}", path.display())).expect("uri");
        let uri = uri.as_str().to_string();
        let (mut lsp_cold, mut lsp_edit, mut check_cold, mut check_edit) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut diagnostics = 0;
        for run in 0..runs {
            // The checker alone, from the same text.
            let entry = path.clone();
            let (doc, doc_text) = (path.clone(), text.clone());
            let mut ws = Workspace::with_reader(move |p: &Path| {
                if p == doc {
                    Ok(doc_text.clone())
                } else {
                    std::fs::read_to_string(p)
                }
            });
            let t = Instant::now();
            let id = ws.load(&entry).expect("loads");
            std::hint::black_box(ws.diagnostics(id));
            check_cold.push(t.elapsed());
            let t = Instant::now();
            ws.set_text(&entry, edited(&text, run as u64 + 1));
            std::hint::black_box(ws.diagnostics(id));
            check_edit.push(t.elapsed());

            // The server, over the protocol.
            let server = Server::start();
            let open = json!({"textDocument": {"uri": uri, "languageId": "accord", "version": 1, "text": text}});
            let (cold, n) = server.until_diagnostics("textDocument/didOpen", open, &uri);
            diagnostics = n;
            lsp_cold.push(cold);
            let change = json!({
                "textDocument": {"uri": uri, "version": 2},
                "contentChanges": [{"text": edited(&text, run as u64 + 1)}],
            });
            let (edit, _) = server.until_diagnostics("textDocument/didChange", change, &uri);
            lsp_edit.push(edit);
            server.stop();
        }
        let (cc, lc, ce, le) = (
            median(check_cold),
            median(lsp_cold),
            median(check_edit),
            median(lsp_edit),
        );
        println!(
            "| {label} | {} | {} | {} | {} | {} | {:.2} | {:.2} |",
            text.len(),
            ms(cc),
            ms(lc),
            ms(ce),
            ms(le),
            lc.as_secs_f64() / cc.as_secs_f64(),
            le.as_secs_f64() / ce.as_secs_f64(),
        );
        eprintln!("{label}: {diagnostics} diagnostics published, {runs} runs");
    }
}
