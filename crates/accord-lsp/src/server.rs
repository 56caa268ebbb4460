//! The main loop: reads the client's messages in order, applies document
//! changes to the checker's workspace, answers requests, and publishes
//! diagnostics once the messages waiting have been handled.
//!
//! # Staleness and cancellation
//!
//! Messages are handled one at a time in the order the client sent them,
//! so a request is answered against exactly the document versions the
//! client had when it sent it — never against a later or earlier text.
//! Edits the server returns (quick fixes, formatting) name the document
//! version they were computed for, so a client that changed the document
//! meanwhile refuses them instead of applying them to the wrong text.
//! Messages that arrived together are read as one batch: a request the
//! client cancelled (`$/cancelRequest`) before the server reached it is
//! answered with the protocol's `RequestCancelled` error, and diagnostics
//! are published once per batch, for its last versions.
//!
//! # Robustness
//!
//! Any text the editor sends is checked (the parser and checker never fail
//! on input; the fuzz targets hold them to it). As a last resort each
//! request and notification runs under `catch_unwind`: a panic is logged
//! (stderr and `window/logMessage`) and the request answered with an
//! internal error, and the server goes on.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use lsp_server::{
    Connection, ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError,
};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    HoverProviderCapability, InitializeParams, OneOf, PublishDiagnosticsParams, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::position::LineIndex;
use crate::state::State;
use crate::{actions, completion, diagnostics, navigation, outline, uri};

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// What the server can do (sent in answer to `initialize`).
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(lsp_types::CompletionOptions {
            trigger_characters: Some(vec!["\"".into()]),
            ..Default::default()
        }),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Options(
            lsp_types::CodeActionOptions {
                code_action_kinds: Some(vec![lsp_types::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(lsp_types::FoldingRangeProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

/// Runs the protocol on `connection` until the client says `exit`.
pub fn serve(connection: &Connection) -> Result<(), Error> {
    let (id, params) = connection.initialize_start()?;
    let init: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let result = lsp_types::InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "accord".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;
    let mut server = Server {
        conn: connection,
        state: State::new(),
        changed: BTreeSet::new(),
        dirty: false,
        published: HashMap::new(),
        shut_down: false,
    };
    for folder in folders(&init) {
        server.state.scan_folder(&folder);
    }
    server.watch_policy_files(&init);
    server.run()
}

/// The editor's folders (workspace folders, else the root).
#[allow(deprecated)] // `root_uri`: older clients send only that.
fn folders(init: &InitializeParams) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = init
        .workspace_folders
        .iter()
        .flatten()
        .map(|f| PathBuf::from(uri::to_path(&f.uri)))
        .collect();
    if out.is_empty() {
        out.extend(
            init.root_uri
                .as_ref()
                .map(|u| PathBuf::from(uri::to_path(u))),
        );
    }
    out.retain(|p| p.is_dir());
    out
}

struct Server<'c> {
    conn: &'c Connection,
    state: State,
    /// Documents opened or changed since diagnostics were last published.
    changed: BTreeSet<String>,
    /// Whether any file changed (a document, or a file on disk) since
    /// diagnostics were last published: a batch of requests alone
    /// publishes nothing.
    dirty: bool,
    /// What was last published per open document.
    published: HashMap<String, Vec<lsp_types::Diagnostic>>,
    shut_down: bool,
}

enum Flow {
    Continue,
    Exit,
}

impl Server<'_> {
    fn run(&mut self) -> Result<(), Error> {
        while let Ok(first) = self.conn.receiver.recv() {
            let mut batch = vec![first];
            while let Ok(more) = self.conn.receiver.try_recv() {
                batch.push(more);
            }
            let cancelled: HashSet<RequestId> = batch
                .iter()
                .filter_map(|m| match m {
                    Message::Notification(n) if n.method == notif::Cancel::METHOD => {
                        cancelled_id(&n.params)
                    }
                    _ => None,
                })
                .collect();
            for message in batch {
                let flow = match message {
                    Message::Request(r) if cancelled.contains(&r.id) => {
                        self.reply_error(
                            r.id,
                            ErrorCode::RequestCanceled,
                            "cancelled by the client",
                        );
                        Flow::Continue
                    }
                    Message::Request(r) => self.request(r),
                    Message::Notification(n) => self.notification(n),
                    Message::Response(_) => Flow::Continue,
                };
                if let Flow::Exit = flow {
                    return Ok(());
                }
            }
            if self.dirty {
                self.publish_diagnostics();
            }
        }
        Ok(())
    }

    /// Asks the client to report changes of `.accord` files on disk (a
    /// checkout, another editor), when it can be asked: the server then
    /// re-reads the files the editor does not hold.
    fn watch_policy_files(&self, init: &InitializeParams) {
        let dynamic = init
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        if !dynamic {
            return;
        }
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp_types::FileSystemWatcher {
                glob_pattern: lsp_types::GlobPattern::String("**/*.accord".into()),
                kind: None,
            }],
        };
        let params = lsp_types::RegistrationParams {
            registrations: vec![lsp_types::Registration {
                id: "accord-policy-files".into(),
                method: notif::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.send(Message::Request(Request::new(
            RequestId::from("accord-watch".to_string()),
            req::RegisterCapability::METHOD.into(),
            params,
        )));
    }

    fn send(&self, message: Message) {
        // The client went away: the next `recv` ends the loop.
        let _ = self.conn.sender.send(message);
    }

    fn reply_error(&self, id: RequestId, code: ErrorCode, message: &str) {
        self.send(Message::Response(Response::new_err(
            id,
            code as i32,
            message.to_string(),
        )));
    }

    /// Logs a fault in the server (stderr and the client's log).
    fn log_fault(&self, what: &str, payload: &(dyn std::any::Any + Send)) {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let message = format!("accord lsp: internal error while handling {what}: {detail}");
        eprintln!("{message}");
        let params = lsp_types::LogMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message,
        };
        self.send(Message::Notification(Notification::new(
            notif::LogMessage::METHOD.into(),
            params,
        )));
    }

    fn request(&mut self, r: Request) -> Flow {
        if r.method == req::Shutdown::METHOD {
            self.shut_down = true;
            self.send(Message::Response(Response::new_ok(r.id, Value::Null)));
            return Flow::Continue;
        }
        if self.shut_down {
            self.reply_error(
                r.id,
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            );
            return Flow::Continue;
        }
        let id = r.id.clone();
        let method = r.method.clone();
        let outcome = catch_unwind(AssertUnwindSafe(|| self.dispatch(r)));
        let response = match outcome {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err(error)) => Response {
                id,
                response_result: Err(error),
            },
            Err(payload) => {
                self.log_fault(&method, payload.as_ref());
                Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    format!("accord lsp could not answer {method} (an internal error; see the server log)"),
                )
            }
        };
        self.send(Message::Response(response));
        Flow::Continue
    }

    fn dispatch(&mut self, r: Request) -> Result<Value, ResponseError> {
        let state = &self.state;
        match r.method.as_str() {
            req::HoverRequest::METHOD => answer::<req::HoverRequest>(r, |p| {
                let (path, pos) = text_position(&p.text_document_position_params);
                navigation::hover(state, &path, pos)
            }),
            req::GotoDefinition::METHOD => answer::<req::GotoDefinition>(r, |p| {
                let (path, pos) = text_position(&p.text_document_position_params);
                navigation::definition(state, &path, pos)
                    .map(lsp_types::GotoDefinitionResponse::Scalar)
            }),
            req::References::METHOD => answer::<req::References>(r, |p| {
                let (path, pos) = text_position(&p.text_document_position);
                Some(navigation::references(
                    state,
                    &path,
                    pos,
                    p.context.include_declaration,
                ))
            }),
            req::Completion::METHOD => answer::<req::Completion>(r, |p| {
                let (path, pos) = text_position(&p.text_document_position);
                Some(lsp_types::CompletionResponse::Array(
                    completion::completions(state, &path, pos),
                ))
            }),
            req::CodeActionRequest::METHOD => answer::<req::CodeActionRequest>(r, |p| {
                let path = uri::to_path(&p.text_document.uri);
                Some(actions::code_actions(state, &path, p.range))
            }),
            req::DocumentSymbolRequest::METHOD => answer::<req::DocumentSymbolRequest>(r, |p| {
                let path = uri::to_path(&p.text_document.uri);
                Some(lsp_types::DocumentSymbolResponse::Nested(
                    outline::document_symbols(state, &path),
                ))
            }),
            req::FoldingRangeRequest::METHOD => answer::<req::FoldingRangeRequest>(r, |p| {
                Some(outline::folding_ranges(
                    state,
                    &uri::to_path(&p.text_document.uri),
                ))
            }),
            req::Formatting::METHOD => answer::<req::Formatting>(r, |p| {
                actions::format(state, &uri::to_path(&p.text_document.uri))
            }),
            _ => Err(ResponseError {
                code: ErrorCode::MethodNotFound as i32,
                message: format!("accord lsp does not handle {}", r.method),
                data: None,
            }),
        }
    }

    fn notification(&mut self, n: Notification) -> Flow {
        if n.method == notif::Exit::METHOD {
            return Flow::Exit;
        }
        let method = n.method.clone();
        self.dirty |= matches!(
            method.as_str(),
            notif::DidOpenTextDocument::METHOD
                | notif::DidChangeTextDocument::METHOD
                | notif::DidCloseTextDocument::METHOD
                | notif::DidChangeWatchedFiles::METHOD
        );
        let outcome = catch_unwind(AssertUnwindSafe(|| self.on_notification(n)));
        if let Err(payload) = outcome {
            self.log_fault(&method, payload.as_ref());
        }
        Flow::Continue
    }

    fn on_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                if let Some(p) = params::<lsp_types::DidOpenTextDocumentParams>(n.params) {
                    let doc = p.text_document;
                    self.changed.insert(uri::to_path(&doc.uri));
                    self.state.set_document(doc.uri, doc.version, doc.text);
                }
            }
            notif::DidChangeTextDocument::METHOD => {
                if let Some(p) = params::<lsp_types::DidChangeTextDocumentParams>(n.params) {
                    self.change(p);
                }
            }
            notif::DidCloseTextDocument::METHOD => {
                if let Some(p) = params::<lsp_types::DidCloseTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    let path = uri::to_path(&uri);
                    if self.state.close_document(&uri).is_some() {
                        self.changed.remove(&path);
                        self.published.remove(&path);
                        self.publish(uri, Vec::new(), None);
                    }
                }
            }
            notif::DidChangeWatchedFiles::METHOD => {
                if let Some(p) = params::<lsp_types::DidChangeWatchedFilesParams>(n.params) {
                    for change in p.changes {
                        self.state.reload_from_disk(&uri::to_path(&change.uri));
                    }
                }
            }
            _ => {}
        }
    }

    /// Applies an edit (whole text or ranges, in order) to an open document.
    fn change(&mut self, p: lsp_types::DidChangeTextDocumentParams) {
        let path = uri::to_path(&p.text_document.uri);
        let Some(doc) = self.state.docs.get(&path) else {
            return;
        };
        let mut text = doc.text.clone();
        for change in p.content_changes {
            match change.range {
                Some(range) => {
                    let index = LineIndex::new(&text);
                    let start = index.offset(&text, range.start);
                    let end = index.offset(&text, range.end).max(start);
                    text.replace_range(start..end, &change.text);
                }
                None => text = change.text,
            }
        }
        self.changed.insert(path);
        self.state
            .set_document(p.text_document.uri, p.text_document.version, text);
    }

    /// Publishes the diagnostics of every open document that changed, or
    /// whose diagnostics changed because a file it imports did.
    fn publish_diagnostics(&mut self) {
        let paths: Vec<String> = self.state.docs.keys().cloned().collect();
        for path in paths {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                diagnostics::document_diagnostics(&self.state, &path)
            }));
            let diags = match outcome {
                Ok(d) => d,
                Err(payload) => {
                    self.log_fault("diagnostics", payload.as_ref());
                    continue;
                }
            };
            let changed = self.changed.contains(&path);
            if !changed && self.published.get(&path) == Some(&diags) {
                continue;
            }
            let Some(doc) = self.state.docs.get(&path) else {
                continue;
            };
            let (uri, version) = (doc.uri.clone(), doc.version);
            self.published.insert(path, diags.clone());
            self.publish(uri, diags, Some(version));
        }
        self.changed.clear();
        self.dirty = false;
    }

    fn publish(
        &self,
        uri: lsp_types::Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Message::Notification(Notification::new(
            notif::PublishDiagnostics::METHOD.into(),
            params,
        )));
    }
}

/// Parses a request's parameters, runs `f` and serializes its answer.
fn answer<R: req::Request>(
    r: Request,
    f: impl FnOnce(R::Params) -> R::Result,
) -> Result<Value, ResponseError>
where
    R::Params: DeserializeOwned,
{
    let p: R::Params = serde_json::from_value(r.params).map_err(|e| ResponseError {
        code: ErrorCode::InvalidParams as i32,
        message: format!("invalid parameters for {}: {e}", r.method),
        data: None,
    })?;
    serde_json::to_value(f(p)).map_err(|e| ResponseError {
        code: ErrorCode::InternalError as i32,
        message: e.to_string(),
        data: None,
    })
}

fn params<P: DeserializeOwned>(value: Value) -> Option<P> {
    serde_json::from_value(value).ok()
}

fn text_position(p: &lsp_types::TextDocumentPositionParams) -> (String, lsp_types::Position) {
    (uri::to_path(&p.text_document.uri), p.position)
}

fn cancelled_id(params: &Value) -> Option<RequestId> {
    match params.get("id")? {
        Value::Number(n) => n
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .map(RequestId::from),
        Value::String(s) => Some(RequestId::from(s.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Messages that arrive together are one batch: a request cancelled
    /// in it is answered `RequestCancelled` and not run; the others are.
    #[test]
    fn a_request_cancelled_before_it_is_reached_is_not_run() {
        let (server_side, client) = Connection::memory();
        let hover = |id: i32| {
            Message::Request(Request::new(
                id.into(),
                req::HoverRequest::METHOD.into(),
                json!({"textDocument": {"uri": "file:///x.accord"}, "position": {"line": 0, "character": 0}}),
            ))
        };
        let cancel = Message::Notification(Notification::new(
            notif::Cancel::METHOD.into(),
            json!({"id": 1}),
        ));
        let exit =
            Message::Notification(Notification::new(notif::Exit::METHOD.into(), Value::Null));
        for m in [hover(1), hover(2), cancel, exit] {
            client.sender.send(m).expect("queued");
        }
        let mut server = Server {
            conn: &server_side,
            state: State::new(),
            changed: BTreeSet::new(),
            dirty: false,
            published: HashMap::new(),
            shut_down: false,
        };
        server.run().expect("runs to exit");
        let answers: Vec<(String, Option<i32>)> = client
            .receiver
            .try_iter()
            .filter_map(|m| match m {
                Message::Response(r) => {
                    Some((r.id.to_string(), r.response_result.err().map(|e| e.code)))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            answers,
            vec![
                ("1".to_string(), Some(ErrorCode::RequestCanceled as i32)),
                ("2".to_string(), None),
            ]
        );
    }
}
