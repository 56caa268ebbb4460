//! A test client: runs the server in a thread on an in-memory connection
//! (`lsp_server::Connection::memory`, the same JSON-RPC messages as stdio)
//! and drives it like an editor. Fixtures are copied into a fresh folder
//! so that tests may change files on disk; the folder's path is replaced by
//! `ROOT` in snapshots, and the folder is removed when the client is
//! dropped (also when a test fails).

#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{Position, Uri};
use serde_json::{json, Value};
use tempfile::TempDir;

/// How long a test waits for a message before it fails (a hang guard,
/// not a measurement).
const PATIENCE: Duration = Duration::from_secs(60);

pub struct Client {
    conn: Connection,
    thread: Option<std::thread::JoinHandle<()>>,
    next_id: i32,
    pub root: PathBuf,
    /// The folder at `root`, removed when the client is dropped.
    _folder: TempDir,
    /// Notifications received while waiting for something else.
    pub pending: Vec<Notification>,
    /// Requests the server sent to the client (`client/registerCapability`).
    pub server_requests: Vec<Request>,
    versions: std::collections::HashMap<String, i32>,
}

/// A fresh copy of `tests/fixtures` in the system's temporary folder,
/// removed when dropped.
pub fn fixture_copy() -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("accord-lsp-test-")
        .tempdir()
        .unwrap();
    copy_dir(&fixtures(), dir.path());
    dir
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn uri_of(path: &Path) -> Uri {
    Uri::from_str(&format!("file://{}", path.display()).replace(' ', "%20")).unwrap()
}

impl Client {
    /// Starts a server on a copy of the fixtures and initializes it.
    pub fn start() -> Client {
        Self::start_in(fixture_copy())
    }

    /// Starts a server on `folder` (the client owns it from then on).
    pub fn start_in(folder: TempDir) -> Client {
        Self::start_with(folder, json!({}))
    }

    /// Starts a server on `folder` whose client declares `capabilities`.
    pub fn start_with(folder: TempDir, capabilities: Value) -> Client {
        let (server, client) = Connection::memory();
        let thread = std::thread::spawn(move || {
            accord_lsp::serve(&server).unwrap();
        });
        let mut c = Client {
            conn: client,
            thread: Some(thread),
            next_id: 0,
            root: folder.path().to_path_buf(),
            _folder: folder,
            pending: Vec::new(),
            server_requests: Vec::new(),
            versions: Default::default(),
        };
        let root_uri = uri_of(&c.root);
        let result = c.request(
            lsp_types::request::Initialize::METHOD,
            json!({
                "capabilities": capabilities,
                "workspaceFolders": [{"uri": root_uri.as_str(), "name": "fixtures"}],
            }),
        );
        assert!(result["capabilities"]["hoverProvider"]
            .as_bool()
            .unwrap_or(false));
        c.notify(lsp_types::notification::Initialized::METHOD, json!({}));
        c
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn uri(&self, rel: &str) -> Uri {
        uri_of(&self.path(rel))
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        let n = Notification::new(method.to_string(), params);
        self.conn.sender.send(Message::Notification(n)).unwrap();
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let r = Request::new(id.clone(), method.to_string(), params);
        self.conn.sender.send(Message::Request(r)).unwrap();
        id
    }

    /// The response to request `id` (result, or the error as `{"error": …}`).
    pub fn response(&mut self, id: RequestId) -> Value {
        loop {
            match self.conn.receiver.recv_timeout(PATIENCE) {
                Ok(Message::Response(r)) if r.id == id => {
                    return match r.response_result {
                        Ok(v) => v,
                        Err(e) => json!({"error": {"code": e.code, "message": e.message}}),
                    };
                }
                Ok(Message::Notification(n)) => self.pending.push(n),
                Ok(Message::Request(r)) => self.server_requests.push(r),
                Ok(other) => panic!("unexpected message {other:?}"),
                Err(e) => panic!("no response to {id:?}: {e}"),
            }
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    pub fn open(&mut self, rel: &str) -> String {
        let text = std::fs::read_to_string(self.path(rel)).unwrap();
        self.open_text(rel, &text);
        text
    }

    pub fn open_text(&mut self, rel: &str, text: &str) {
        self.versions.insert(rel.to_string(), 1);
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri.as_str(), "languageId": "accord", "version": 1, "text": text}}),
        );
    }

    /// Replaces the first occurrence of `old` in the document with `new`
    /// (an incremental change with a range, as editors send).
    pub fn edit(&mut self, rel: &str, text: &mut String, old: &str, new: &str) {
        let start = text
            .find(old)
            .unwrap_or_else(|| panic!("`{old}` not in {rel}"));
        let range = json!({"start": self.position(text, start), "end": self.position(text, start + old.len())});
        text.replace_range(start..start + old.len(), new);
        let version = self.versions.entry(rel.to_string()).or_insert(1);
        *version += 1;
        let v = *version;
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri.as_str(), "version": v},
                "contentChanges": [{"range": range, "text": new}],
            }),
        );
    }

    /// The LSP position (UTF-16) of a byte offset, computed here
    /// independently of the server.
    pub fn position(&self, text: &str, offset: usize) -> Value {
        let before = &text[..offset];
        let line = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let character: usize = before[line_start..].chars().map(char::len_utf16).sum();
        json!({"line": line, "character": character})
    }

    /// The position of the `nth` (0-based) occurrence of `needle`, plus
    /// `into` bytes.
    pub fn position_of(&self, text: &str, needle: &str, nth: usize, into: usize) -> Position {
        let offset = text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("`{needle}` #{nth} not found"))
            .0;
        serde_json::from_value(self.position(text, offset + into)).unwrap()
    }

    pub fn at(&self, rel: &str, position: Position) -> Value {
        json!({"textDocument": {"uri": self.uri(rel).as_str()}, "position": position})
    }

    /// Waits for the next diagnostics published for `rel`.
    pub fn diagnostics(&mut self, rel: &str) -> Value {
        let uri = self.uri(rel);
        if let Some(i) = self.pending.iter().position(|n| {
            n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri.as_str()
        }) {
            return self.pending.remove(i).params;
        }
        loop {
            match self.conn.receiver.recv_timeout(PATIENCE) {
                Ok(Message::Notification(n)) => {
                    if n.method == "textDocument/publishDiagnostics"
                        && n.params["uri"] == uri.as_str()
                    {
                        return n.params;
                    }
                    self.pending.push(n);
                }
                Ok(Message::Request(r)) => self.server_requests.push(r),
                Ok(other) => panic!("unexpected message {other:?}"),
                Err(e) => panic!("no diagnostics for {rel}: {e}"),
            }
        }
    }

    /// Replaces the fixture folder's path with `ROOT`.
    pub fn redact(&self, v: &Value) -> Value {
        let text = serde_json::to_string(v).unwrap();
        let root = uri_of(&self.root).as_str().to_string();
        let text = text
            .replace(&root, "file:///ROOT")
            .replace(&self.root.display().to_string(), "/ROOT");
        serde_json::from_str(&text).unwrap()
    }

    pub fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r, Value::Null);
        self.notify("exit", Value::Null);
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
    }
}

/// The messages of published diagnostics, for compact assertions.
pub fn messages(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}
