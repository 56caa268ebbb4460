//! What the server knows: the checker's workspace (a salsa database, so
//! that an edit re-checks only what changed), the documents the editor has
//! open (their unsaved text overrides the disk, imported files included),
//! and the other policy files of the editor's folder (for references).
//!
//! Every open document is checked as a policy of its own (it and its
//! imports), as `accord check FILE` would; its diagnostics are the ones
//! whose span lies in it. An edit in an imported file changes the salsa
//! inputs every importer reads, so the next round of diagnostics updates
//! them all.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use accord_check::db::SourceFile;
use accord_check::load::{read_policy_file, MAX_POLICY_BYTES};
use accord_check::resolve::policy_files;
use accord_check::{PolicyId, Workspace};
use accord_syntax::FileId;
use lsp_types::Uri;

use crate::position::LineIndex;
use crate::uri;

/// The most `.accord` files read from the editor's folder at start-up (a
/// folder with more is not a policy set; the open documents still work).
pub const MAX_FOLDER_FILES: usize = 2_000;

/// One document the editor has open.
#[derive(Debug)]
pub struct Document {
    pub uri: Uri,
    pub version: i32,
    pub text: String,
    pub index: LineIndex,
    /// The text is larger than a policy may be: it is not checked.
    pub too_large: bool,
}

/// A file's text and line index, whichever side holds it.
pub struct FileText {
    pub path: String,
    pub uri: Option<Uri>,
    pub text: String,
    pub index: LineIndex,
}

pub struct State {
    pub ws: Workspace,
    /// Open documents by workspace key.
    pub docs: BTreeMap<String, Document>,
    /// Policy files of the editor's folder, read at start-up.
    pub folder_files: BTreeSet<String>,
}

impl State {
    pub fn new() -> Self {
        State {
            ws: Workspace::new(),
            docs: BTreeMap::new(),
            folder_files: BTreeSet::new(),
        }
    }

    /// Reads the `.accord` files under `root` (hidden folders, `target` and
    /// `node_modules` skipped), so that references reach files the editor
    /// has not opened.
    pub fn scan_folder(&mut self, root: &Path) {
        let mut found = Vec::new();
        walk(root, &mut found);
        for path in found {
            if self.ws.load(&path).is_ok() {
                self.folder_files.insert(key(&path));
            }
        }
    }

    /// Opens or replaces a document's text.
    pub fn set_document(&mut self, uri: Uri, version: i32, text: String) {
        let path = uri::to_path(&uri);
        let too_large = text.len() > MAX_POLICY_BYTES;
        // A document past the limit is not checked: the database gets no
        // text of it, the editor one diagnostic saying why, and an importer
        // "cannot import" it (too large), as `accord check` says.
        if too_large {
            self.ws.set_text(Path::new(&path), String::new());
            self.ws
                .set_unreadable(Path::new(&path), &accord_check::load::too_large());
        } else {
            self.ws.set_text(Path::new(&path), text.clone());
        }
        let index = LineIndex::new(&text);
        self.docs.insert(
            path,
            Document {
                uri,
                version,
                text,
                index,
                too_large,
            },
        );
    }

    /// Closes a document: its file goes back to what the disk holds (or
    /// is unreadable, for its importers, when it is not on disk).
    pub fn close_document(&mut self, uri: &Uri) -> Option<Document> {
        let path = uri::to_path(uri);
        let doc = self.docs.remove(&path)?;
        self.read_from_disk(&path);
        Some(doc)
    }

    /// A file on disk changed: re-read it unless the editor holds it.
    pub fn reload_from_disk(&mut self, path: &str) {
        if self.docs.contains_key(path) {
            return;
        }
        if self.ws.policy(Path::new(path)).is_some() || path.ends_with(".accord") {
            self.read_from_disk(path);
        }
    }

    /// Gives the checker what the disk holds at `path`. A file that cannot
    /// be read (deleted, renamed away, no permission) is unreadable to its
    /// importers — "cannot read …" on their import line, as `accord check`
    /// says — not an empty file whose absence shows only as knock-on
    /// errors; nor is it a folder file of its own any more.
    fn read_from_disk(&mut self, path: &str) {
        match read_policy_file(Path::new(path)) {
            Ok(text) => {
                self.ws.set_text(Path::new(path), text);
                if path.ends_with(".accord") {
                    self.folder_files.insert(path.to_string());
                }
            }
            Err(e) => {
                self.ws.set_unreadable(Path::new(path), &e);
                self.folder_files.remove(path);
            }
        }
    }

    /// The checker's id of a file (document or file read from disk).
    pub fn policy(&self, path: &str) -> Option<PolicyId> {
        self.ws.policy(Path::new(path))
    }

    /// The file with id `id` in the policy set of `entry`.
    pub fn file_of(&self, entry: PolicyId, id: FileId) -> Option<SourceFile> {
        let db = self.ws.db();
        policy_files(db, entry.entry())
            .iter()
            .find(|f| f.file_id(db) == id)
            .copied()
    }

    /// The text and line index of a file: the editor's text for an open
    /// document, the checked text otherwise.
    pub fn file_text(&self, file: SourceFile) -> FileText {
        let db = self.ws.db();
        let path = file.path(db).clone();
        match self.docs.get(&path) {
            Some(doc) => FileText {
                uri: Some(doc.uri.clone()),
                text: doc.text.clone(),
                index: doc.index.clone(),
                path,
            },
            None => {
                let text = file.text(db).clone();
                FileText {
                    uri: uri::from_path(&path),
                    index: LineIndex::new(&text),
                    text,
                    path,
                }
            }
        }
    }

    /// Every file the server knows as an entry of its own: the open
    /// documents and the folder's policy files, with their imports.
    pub fn known_files(&self) -> Vec<SourceFile> {
        let db = self.ws.db();
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for path in self.docs.keys().chain(self.folder_files.iter()) {
            let Some(id) = self.policy(path) else {
                continue;
            };
            for f in policy_files(db, id.entry()) {
                if seen.insert(f.path(db).clone()) {
                    out.push(*f);
                }
            }
        }
        out
    }

    /// Line indexes of files, built once per request.
    pub fn texts(&self) -> Texts<'_> {
        Texts {
            state: self,
            cache: HashMap::new(),
        }
    }
}

impl Default for State {
    fn default() -> Self {
        Self::new()
    }
}

/// A request's cache of file texts (a definition in an import needs the
/// import's line index).
pub struct Texts<'s> {
    state: &'s State,
    cache: HashMap<SourceFile, FileText>,
}

impl Texts<'_> {
    pub fn get(&mut self, file: SourceFile) -> &FileText {
        let state = self.state;
        self.cache
            .entry(file)
            .or_insert_with(|| state.file_text(file))
    }

    /// An LSP location of a span in `file`.
    pub fn location(
        &mut self,
        file: SourceFile,
        span: accord_syntax::Span,
    ) -> Option<lsp_types::Location> {
        let t = self.get(file);
        let range = t
            .index
            .range(&t.text, span.start as usize, span.end as usize);
        Some(lsp_types::Location {
            uri: t.uri.clone()?,
            range,
        })
    }
}

/// A workspace key of a path.
pub fn key(path: &Path) -> String {
    accord_check::resolve::normalize(&path.to_string_lossy().replace('\\', "/"))
}

/// Collects the `.accord` files under `dir` (see [`State::scan_folder`]).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut found: Vec<(PathBuf, bool)> = entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| !n.starts_with('.') && n != "target" && n != "node_modules")
        })
        .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
        .collect();
    found.sort();
    for (p, is_dir) in found {
        if out.len() >= MAX_FOLDER_FILES {
            return;
        }
        if is_dir {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "accord") {
            out.push(p);
        }
    }
}
