//! `accord lsp`: the real binary spoken to over stdio, framed as editors
//! frame it (`Content-Length` headers): initialize, open a document with a
//! mistake, read its diagnostics, hover, shut down and exit with status 0.
//! The protocol in depth is tested in `crates/accord-lsp/tests`.

#![allow(clippy::panic)]

use std::io::{BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{json, Value};

fn send(stdin: &mut impl Write, message: Message) {
    message.write(stdin).expect("the server reads its stdin");
    stdin.flush().expect("flushed");
}

/// Reads messages until `want` says it is the one.
fn read_until(out: &mut impl std::io::BufRead, want: impl Fn(&Message) -> bool) -> Message {
    loop {
        match Message::read(out).expect("a message") {
            Some(m) if want(&m) => return m,
            Some(_) => {}
            None => panic!("the server closed its stdout"),
        }
    }
}

fn response(out: &mut impl std::io::BufRead, id: i32) -> Value {
    let id = RequestId::from(id);
    match read_until(out, |m| matches!(m, Message::Response(r) if r.id == id)) {
        Message::Response(r) => r.response_result.expect("a result"),
        _ => unreachable!(),
    }
}

#[test]
fn accord_lsp_speaks_the_protocol_over_stdio() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../accord-lsp/tests/fixtures");
    let dir = dir.canonicalize().expect("fixtures");
    let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("accord lsp starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let root = format!("file://{}", dir.display());

    let init = json!({"capabilities": {}, "rootUri": root});
    send(
        &mut stdin,
        Message::Request(Request::new(1.into(), "initialize".into(), init)),
    );
    let result = response(&mut stdout, 1);
    assert_eq!(result["serverInfo"]["name"], "accord");
    assert_eq!(result["capabilities"]["definitionProvider"], true);
    send(
        &mut stdin,
        Message::Notification(Notification::new("initialized".into(), json!({}))),
    );

    let uri = format!("{root}/agreement.accord");
    let text = std::fs::read_to_string(dir.join("agreement.accord")).expect("fixture");
    let broken = text.replace("employees is at least 20", "employees >= 20");
    let open =
        json!({"textDocument": {"uri": uri, "languageId": "accord", "version": 1, "text": broken}});
    send(
        &mut stdin,
        Message::Notification(Notification::new("textDocument/didOpen".into(), open)),
    );
    let published = read_until(
        &mut stdout,
        |m| matches!(m, Message::Notification(n) if n.method == "textDocument/publishDiagnostics"),
    );
    let Message::Notification(published) = published else {
        unreachable!()
    };
    assert_eq!(published.params["uri"], uri.as_str());
    let codes: Vec<&str> = published.params["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, vec!["accord::syntax::comparison-symbol"]);

    // Hover over the name of `list target_industries` (the fit that uses
    // it does not parse now, so the declaration is the place to ask).
    let line = broken
        .lines()
        .position(|l| l.starts_with("list target_industries"))
        .expect("line");
    let hover = json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 8}});
    send(
        &mut stdin,
        Message::Request(Request::new(2.into(), "textDocument/hover".into(), hover)),
    );
    let hover = response(&mut stdout, 2);
    let shown = hover["contents"]["value"].as_str().expect("markdown");
    assert!(shown.starts_with("**list** `target_industries`"), "{shown}");

    send(
        &mut stdin,
        Message::Request(Request::new(3.into(), "shutdown".into(), Value::Null)),
    );
    assert_eq!(response(&mut stdout, 3), Value::Null);
    send(
        &mut stdin,
        Message::Notification(Notification::new("exit".into(), Value::Null)),
    );
    drop(stdin);
    let status = child.wait().expect("the server exits");
    assert!(status.success(), "exit status {status}");
}
