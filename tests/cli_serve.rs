//! `accord serve` and `accord replay` end to end: the binary refuses a
//! policy with errors and a public address without tokens, answers with a
//! token from a file, logs the decision, stops on SIGTERM, and the log
//! replays the same (exit 0) until the stored text is altered (exit 1); a
//! decision refused because the log is full never reaches the log.

mod cli_support;

use cli_support::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn serve_refuses_broken_policies_and_public_addresses_without_tokens() {
    let dir = temp_dir("serve-refuses");
    let broken = dir.path().join("broken.accord");
    std::fs::write(&broken, "score fit weighs:\n").expect("written");
    let o = accord(&[
        "serve",
        broken.to_str().expect("utf-8"),
        "--addr",
        "127.0.0.1:0",
    ]);
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("broken.accord"),
        "{}",
        text(&o.stderr)
    );
    let o = accord(&["serve", SEED, "--addr", "0.0.0.0:0"]);
    assert_eq!(code(&o), 2);
    assert!(
        text(&o.stderr).contains("--insecure-no-auth"),
        "{}",
        text(&o.stderr)
    );
    let o = accord(&["serve", SEED, "--max-body", "lots"]);
    assert_eq!(code(&o), 2);
}

/// One request on its own connection; the raw response.
fn http(addr: &str, request: &str) -> String {
    let mut s = std::net::TcpStream::connect(addr).expect("connects");
    s.write_all(request.as_bytes()).expect("sent");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("answered");
    out
}

/// The address a starting server says it listens on (its stderr read up
/// to that line).
fn listening_addr(stderr: &mut impl BufRead) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            stderr.read_line(&mut line).expect("reads") > 0,
            "no listening line"
        );
        if let Some(rest) = line.split("addr=").nth(1) {
            return rest
                .split_whitespace()
                .next()
                .expect("an address")
                .to_string();
        }
    }
}

/// The first bundled edge-case lead, as its JSON text.
fn first_edge_lead() -> String {
    std::fs::read_to_string(root().join("examples/edge-cases/leads.ndjson"))
        .expect("bundled")
        .lines()
        .next()
        .expect("a lead")
        .to_string()
}

#[test]
fn serve_answers_logs_stops_on_sigterm_and_the_log_replays() {
    let dir = temp_dir("serve-e2e");
    let tokens = dir.path().join("tokens");
    std::fs::write(&tokens, "# the CRM sync\nfile-token\n").expect("written");
    let log = dir.path().join("decisions.ndjson");
    let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["serve", SEED, "--addr", "127.0.0.1:0", "--watch", "0"])
        .arg("--tokens-file")
        .arg(&tokens)
        .arg("--decision-log")
        .arg(&log)
        .current_dir(root())
        .env("ACCORD_TOKENS", "env-token-1, env-token-2")
        .stderr(Stdio::piped())
        .spawn()
        .expect("the accord binary runs");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let addr = listening_addr(&mut stderr);
    let lead = first_edge_lead();
    let post = |token: &str| {
        http(
            &addr,
            &format!(
                "POST /v1/evaluate?as_of={AS_OF} HTTP/1.1\r\nhost: t\r\nconnection: close\r\nauthorization: Bearer {token}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{lead}",
                lead.len()
            ),
        )
    };
    assert!(post("nope").starts_with("HTTP/1.1 401"));
    assert!(post("file-token").starts_with("HTTP/1.1 200"));
    assert!(post("env-token-2").starts_with("HTTP/1.1 200"));
    assert!(http(
        &addr,
        "GET /health HTTP/1.1\r\nhost: t\r\nconnection: close\r\n\r\n"
    )
    .starts_with("HTTP/1.1 200"));

    // SIGTERM: the server stops cleanly.
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().expect("waits") {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));

    // The two decisions replay the same; an altered store does not.
    let log_arg = log.to_str().expect("utf-8");
    let o = accord(&["replay", log_arg]);
    assert_eq!(code(&o), 0, "{}{}", text(&o.stdout), text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        "replayed 2 decisions: 2 the same, 0 different\n"
    );
    let store = dir.path().join("decisions.ndjson.policies");
    for entry in std::fs::read_dir(&store)
        .expect("the store exists")
        .flatten()
    {
        let stored = std::fs::read_to_string(entry.path()).expect("readable");
        std::fs::write(
            entry.path(),
            stored.replacen("version \\\"1.0\\\"", "version \\\"9.9\\\"", 1),
        )
        .expect("written");
    }
    let o = accord(&[
        "replay",
        log_arg,
        "--policies",
        store.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 1, "{}", text(&o.stdout));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(report["same"], 0);
    assert_eq!(report["differences"].as_array().map(Vec::len), Some(2));
}

#[cfg(unix)]
#[test]
fn a_decision_refused_because_the_log_is_full_never_reaches_the_log() {
    let dir = temp_dir("serve-log-full");
    let log = dir.path().join("decisions.ndjson");
    // Files may not grow past 80 blocks (40 KiB in dash, 80 in bash):
    // room for the stored policy (24 KiB) and a few logged decisions.
    let serve = format!(
        "ulimit -f 80; trap '' XFSZ; exec \"$0\" serve {SEED} --addr 127.0.0.1:0 --watch 0 --decision-log \"$1\" --policy-store \"$2\""
    );
    /// The server, stopped however the test ends.
    struct Server(std::process::Child);
    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut server = Server(
        Command::new("sh")
            .arg("-c")
            .arg(serve)
            .arg(env!("CARGO_BIN_EXE_accord"))
            .arg(&log)
            .arg(dir.path().join("store"))
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sh runs"),
    );
    let mut stderr = BufReader::new(server.0.stderr.take().expect("stderr"));
    let addr = listening_addr(&mut stderr);
    // Keep reading the server's log so that it never blocks on stderr.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    let lead = first_edge_lead();
    let post = |id: &str| {
        http(
            &addr,
            &format!(
                "POST /v1/evaluate?as_of={AS_OF} HTTP/1.1\r\nhost: t\r\nconnection: close\r\nx-request-id: {id}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{lead}",
                lead.len()
            ),
        )
    };
    // Until the log is full; then a few more, each refused.
    let mut refused = 0;
    for n in 0..100 {
        let answer = post(&format!("before-{n}"));
        if answer.starts_with("HTTP/1.1 503") {
            assert!(answer.contains("accord::decision-log"), "{answer}");
            refused += 1;
            if refused == 3 {
                break;
            }
        } else {
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        }
    }
    assert_eq!(refused, 3, "the log never filled up");
    // Every line logged is whole, and is a decision that was given.
    let whole = |text: &str| {
        text.lines()
            .map(|l| {
                let entry: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| {
                    panic!(
                        "a torn line ({e}): {}",
                        l.chars().take(80).collect::<String>()
                    )
                });
                entry["request_id"].as_str().expect("an id").to_string()
            })
            .collect::<Vec<_>>()
    };
    let given = whole(&std::fs::read_to_string(&log).expect("the log"));
    assert!(!given.is_empty());
    // The log is rotated (emptied in place) and decisions go on.
    std::fs::File::create(&log).expect("emptied");
    assert!(post("after").starts_with("HTTP/1.1 200"));
    let logged = whole(&std::fs::read_to_string(&log).expect("the log"));
    drop(server);
    assert_eq!(logged, ["after"], "decisions answered 503 were logged");
}

/// `--port N` listens on port N of the `--addr` host (loopback unless
/// told otherwise): `--port 0` takes any free port, not the default 8181.
#[test]
fn port_sets_the_port_of_the_address() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["serve", SEED, "--port", "0", "--watch", "0"])
        .current_dir(root())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the accord binary runs");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let addr = listening_addr(&mut stderr);
    let _ = child.kill();
    let _ = child.wait();
    let (host, port) = addr.rsplit_once(':').expect("host:port");
    assert_eq!(host, "127.0.0.1", "{addr}");
    assert_ne!(port, "8181", "{addr}");
    assert_ne!(port, "0", "{addr}");
}
