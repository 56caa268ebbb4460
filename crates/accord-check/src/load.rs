//! The edge: a [`Workspace`] owns the database, does all file I/O, assigns
//! [`FileId`]s, and turns the database's relative diagnostics into
//! absolute ones.
//!
//! Architecture invariant: this is the only module that reads files. The
//! database sees paths only as strings in [`FileSet`].
//!
//! Imports stay inside the policy set: every file belongs to a root folder
//! (the entry file's folder, or the one [`Workspace::set_root`] names), and
//! an import whose target lies outside it — by its path or through a
//! symbolic link — or that is not a regular file is never read: the edge
//! records a [`Refusal`] instead, and the import line gets a diagnostic that
//! quotes nothing of the file. Absolute paths and names that do not end in
//! `.accord` are refused by their text alone
//! ([`crate::resolve::written_refusal`]), before the edge looks at them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io;
use std::path::Path;

use accord_records::Schema;
use accord_syntax::ast::{self, Item};
use accord_syntax::{Diagnostic, FileId, SourceMap};
use salsa::plumbing::AsId;
use salsa::Setter;

use crate::check::check_all;
use crate::db::{
    Anchor, CheckDb, DefKey, ExecLog, FileEntry, FileSet, Refusal, Reported, SourceFile, Unit,
};
use crate::parse::{def_offsets, parse_file};
use crate::resolve::{file_imports, normalize, policy_definitions, policy_files};

/// A loaded policy set, named by its entry file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PolicyId(pub(crate) SourceFile);

impl PolicyId {
    /// The entry file's input (for tools that query the database).
    pub fn entry(self) -> SourceFile {
        self.0
    }
}

/// The entry file could not be read (the CLI exits with status 2).
#[derive(Debug)]
pub struct LoadError {
    pub path: String,
    pub source: io::Error,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read {}: {}",
            self.path,
            accord_syntax::diagnostic::io_words(&self.source)
        )
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Everything the evaluator needs from a checked policy set.
#[derive(Clone, Debug)]
pub struct ResolvedPolicy {
    /// Imports first, the entry last, each once; absolute spans.
    pub files: Vec<ast::Policy>,
    pub schema: Schema,
    pub sources: SourceMap,
}

type Reader = Box<dyn FnMut(&Path) -> io::Result<String>>;

/// The most bytes a policy file may hold: 4 MiB (a large hand-written
/// agreement is tens of kilobytes; a generated one of 10,000 definitions
/// about 1 MiB). A larger entry is a load error, a larger import a
/// diagnostic on its import line; neither is read past the limit.
pub const MAX_POLICY_BYTES: usize = 4 << 20;

/// The error for a file past [`MAX_POLICY_BYTES`].
pub fn too_large() -> io::Error {
    io::Error::other(format!(
        "it is larger than {} MiB, the most a policy file may hold",
        MAX_POLICY_BYTES >> 20
    ))
}

/// Reads a policy file from disk, never more than [`MAX_POLICY_BYTES`]
/// (plus one byte to tell that it is larger); text that is not UTF-8 is an
/// error.
pub fn read_policy_file(path: &Path) -> io::Result<String> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_POLICY_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_POLICY_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// The database plus the path ↔ [`FileId`] ↔ input mapping.
pub struct Workspace {
    db: CheckDb,
    log: Option<ExecLog>,
    /// Index = `FileId`.
    files: Vec<(String, SourceFile)>,
    by_path: HashMap<String, SourceFile>,
    entries: BTreeMap<String, FileEntry>,
    reader: Reader,
    /// The root folder given with [`Workspace::set_root`] (key form), if any.
    root: Option<String>,
    /// The root folder (key form) each file was admitted under.
    roots: HashMap<SourceFile, String>,
    /// Whether `reader` reads the real file system, so that symbolic links
    /// and file kinds can be checked before reading an import.
    real_files: bool,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

/// A path as the database sees it: `/`-separated, normalized.
fn key_of(path: &Path) -> String {
    normalize(&path.to_string_lossy().replace('\\', "/"))
}

impl Workspace {
    /// A workspace reading from the file system.
    pub fn new() -> Self {
        let mut ws = Self::with_reader(read_policy_file);
        ws.real_files = true;
        ws
    }

    /// A workspace reading files through `reader` (tests, editors).
    pub fn with_reader(reader: impl FnMut(&Path) -> io::Result<String> + 'static) -> Self {
        Self::build(CheckDb::default(), None, Box::new(reader))
    }

    /// A file-system workspace whose database logs every executed query
    /// (see [`Workspace::take_executed`]).
    pub fn with_log() -> Self {
        let (db, log) = CheckDb::with_log();
        let mut ws = Self::build(db, Some(log), Box::new(read_policy_file));
        ws.real_files = true;
        ws
    }

    fn build(db: CheckDb, log: Option<ExecLog>, mut reader: Reader) -> Self {
        // Whatever the reader, no text past the limit gets in.
        let reader: Reader = Box::new(move |path: &Path| {
            let text = reader(path)?;
            if text.len() > MAX_POLICY_BYTES {
                return Err(too_large());
            }
            Ok(text)
        });
        FileSet::new(&db, BTreeMap::new());
        Workspace {
            db,
            log,
            files: Vec::new(),
            by_path: HashMap::new(),
            entries: BTreeMap::new(),
            reader,
            root: None,
            roots: HashMap::new(),
            real_files: false,
        }
    }

    /// The folder that policy sets loaded from now on must stay inside
    /// (`--root`); `None`: each entry file's own folder.
    pub fn set_root(&mut self, root: Option<&Path>) {
        self.root = root.map(key_of);
    }

    /// The root folder of an entry file at `key`.
    fn root_for_entry(&self, key: &str) -> String {
        self.root.clone().unwrap_or_else(|| folder_of(key))
    }

    /// Reads `entry` and, recursively, its imports (relative to the
    /// importing file). Only an unreadable entry is an error; a missing
    /// import is reported as a diagnostic on the import line.
    /// An entry outside the root given with [`Workspace::set_root`] is an
    /// error too.
    pub fn load(&mut self, entry: &Path) -> Result<PolicyId, LoadError> {
        let key = key_of(entry);
        let root = self.root_for_entry(&key);
        if !is_inside(&root, &key) {
            return Err(LoadError {
                path: key,
                source: io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("it is outside the policy folder {}", shown_root(&root)),
                ),
            });
        }
        let text = (self.reader)(entry).map_err(|source| LoadError {
            path: key.clone(),
            source,
        })?;
        let file = self.upsert(&key, text);
        self.roots.insert(file, root);
        self.entries.insert(key, FileEntry::Loaded(file));
        self.discover(file);
        Ok(PolicyId(file))
    }

    /// Registers a file from memory and returns it as a policy entry.
    pub fn open(&mut self, path: &Path, text: String) -> PolicyId {
        self.set_text(path, text);
        let key = key_of(path);
        match self.by_path.get(&key) {
            Some(f) => PolicyId(*f),
            // `set_text` always registers the path.
            None => PolicyId(self.upsert(&key, String::new())),
        }
    }

    /// The policy whose entry is `path`, if loaded.
    pub fn policy(&self, path: &Path) -> Option<PolicyId> {
        self.by_path.get(&key_of(path)).copied().map(PolicyId)
    }

    /// Replaces the text of a file (registering it if new), then reads any
    /// import it names that was never looked at.
    pub fn set_text(&mut self, path: &Path, text: String) {
        let key = key_of(path);
        let file = self.upsert(&key, text);
        if !self.roots.contains_key(&file) {
            let root = self.root_for_entry(&key);
            self.roots.insert(file, root);
        }
        if !matches!(self.entries.get(&key), Some(FileEntry::Loaded(f)) if *f == file) {
            self.entries.insert(key, FileEntry::Loaded(file));
            self.sync_file_set();
        }
        self.discover(file);
    }

    /// A file can no longer be read (deleted, renamed, no permission, too
    /// large): an import of it is then reported as unreadable, in `error`'s
    /// words, as a file that was never there is — not read as an empty
    /// file. Giving the file a text again ([`Workspace::set_text`])
    /// restores it.
    pub fn set_unreadable(&mut self, path: &Path, error: &io::Error) {
        let key = key_of(path);
        let entry = FileEntry::Unreadable(accord_syntax::diagnostic::io_words(error));
        self.entries.insert(key, entry);
        self.sync_file_set();
    }

    fn upsert(&mut self, key: &str, text: String) -> SourceFile {
        if let Some(file) = self.by_path.get(key).copied() {
            if *file.text(&self.db) != text {
                file.set_text(&mut self.db).to(text);
            }
            return file;
        }
        let id = FileId(self.files.len() as u32);
        let file = SourceFile::new(&self.db, key.to_string(), text, id);
        self.files.push((key.to_string(), file));
        self.by_path.insert(key.to_string(), file);
        file
    }

    fn sync_file_set(&mut self) {
        if let Some(set) = FileSet::try_get(&self.db) {
            if *set.files(&self.db) != self.entries {
                set.set_files(&mut self.db).to(self.entries.clone());
            }
        }
    }

    /// Reads every import reachable from `file` that was never looked at
    /// and that stays inside the root of the file importing it.
    fn discover(&mut self, file: SourceFile) {
        let mut work = vec![file];
        self.sync_file_set();
        while let Some(f) = work.pop() {
            let root = match self.roots.get(&f) {
                Some(root) => root.clone(),
                None => self.root_for_entry(f.path(&self.db)),
            };
            let targets: Vec<String> = file_imports(&self.db, f)
                .iter()
                .filter(|l| !matches!(l.resolved, Some(FileEntry::Refused(_))))
                .map(|l| l.target.clone())
                .collect();
            let mut changed = false;
            for target in targets {
                if self.entries.contains_key(&target) {
                    continue;
                }
                let entry = match self.admit(&root, &target) {
                    Err(refusal) => FileEntry::Refused(refusal),
                    Ok(()) => match (self.reader)(Path::new(&target)) {
                        Ok(text) => {
                            let imported = self.upsert(&target, text);
                            self.roots.entry(imported).or_insert_with(|| root.clone());
                            work.push(imported);
                            FileEntry::Loaded(imported)
                        }
                        Err(e) => FileEntry::Unreadable(accord_syntax::diagnostic::io_words(&e)),
                    },
                };
                self.entries.insert(target, entry);
                changed = true;
            }
            if changed {
                self.sync_file_set();
            }
        }
    }

    /// Whether the import `target` may be read under `root`: its path must
    /// lie inside the root; on the real file system it must also be a
    /// regular file whose real location (symbolic links followed) lies
    /// inside the root's real location. A target that does not exist is
    /// admitted, so that reading it reports it missing.
    fn admit(&self, root: &str, target: &str) -> Result<(), Refusal> {
        let outside = || Refusal::OutsideRoot {
            root: shown_root(root),
        };
        if !is_inside(root, target) {
            return Err(outside());
        }
        if !self.real_files {
            return Ok(());
        }
        if let Ok(meta) = std::fs::metadata(target) {
            if !meta.is_file() {
                return Err(Refusal::NotAFile);
            }
        }
        let real_root = std::fs::canonicalize(if root.is_empty() { "." } else { root });
        if let (Ok(real_target), Ok(real_root)) = (std::fs::canonicalize(target), real_root) {
            if !real_target.starts_with(real_root) {
                return Err(outside());
            }
        }
        Ok(())
    }

    /// Parse and check diagnostics of the entry and its imports, with
    /// absolute spans, sorted by file and offset, without duplicates.
    pub fn diagnostics(&self, entry: PolicyId) -> Vec<Diagnostic> {
        let db = &self.db;
        check_all(db, entry.0);
        let reported: Vec<&Reported> = check_all::accumulated::<Reported>(db, entry.0);
        let mut offsets: HashMap<SourceFile, HashMap<DefKey, u32>> = HashMap::new();
        let mut base = |anchor: &Anchor| -> u32 {
            match anchor {
                Anchor::File => 0,
                Anchor::Def(at) => offsets
                    .entry(at.file)
                    .or_insert_with(|| def_offsets(db, at.file))
                    .get(&at.key)
                    .copied()
                    .unwrap_or(0),
            }
        };
        let mut out: Vec<Diagnostic> = Vec::new();
        for r in reported {
            let mut d = r.diagnostic.clone();
            let by = base(&r.anchor);
            d.span.start += by;
            d.span.end += by;
            for (rel, anchor) in d.related.iter_mut().zip(&r.related) {
                let by = base(anchor);
                rel.span.start += by;
                rel.span.end += by;
            }
            out.push(d);
        }
        out.sort_by(|a, b| {
            (a.span.file, a.span.start, a.span.end, &a.code, &a.message).cmp(&(
                b.span.file,
                b.span.start,
                b.span.end,
                &b.code,
                &b.message,
            ))
        });
        out.dedup();
        drop_repeats_of_syntax_errors(&mut out);
        out
    }

    /// Paths and texts of every file, with the ids used in spans.
    pub fn sources(&self) -> SourceMap {
        let mut map = SourceMap::new();
        for (path, file) in &self.files {
            map.add(path.clone(), file.text(&self.db).clone());
        }
        map
    }

    /// The parsed files of the set (absolute spans) and its schema.
    pub fn resolved(&self, entry: PolicyId) -> ResolvedPolicy {
        let files: Vec<ast::Policy> = policy_files(&self.db, entry.0)
            .iter()
            .map(|f| parse_file(&self.db, *f).clone())
            .collect();
        let blocks = files
            .iter()
            .flat_map(|p| p.items.iter())
            .filter_map(|i| match i {
                Item::Fields(b) => Some(b),
                _ => None,
            });
        let schema = Schema::from_blocks(blocks);
        ResolvedPolicy {
            files,
            schema,
            sources: self.sources(),
        }
    }

    /// The salsa database (for tests and tools).
    pub fn db(&self) -> &CheckDb {
        &self.db
    }

    /// Queries executed since the last call (only with [`Workspace::with_log`]),
    /// with definition ids spelled out: `check_unit(fit icp)`.
    pub fn take_executed(&self, entry: PolicyId) -> Vec<String> {
        let Some(log) = &self.log else {
            return Vec::new();
        };
        let raw: Vec<String> = match log.lock() {
            Ok(mut l) => std::mem::take(&mut *l),
            Err(_) => return Vec::new(),
        };
        let db = &self.db;
        let mut defs: HashMap<String, String> = HashMap::new();
        let mut units: HashMap<String, String> = HashMap::new();
        for def in policy_definitions(db, entry.0) {
            let key = def.key(db);
            let name = format!("{:?} {}#{}", key.kind, key.name, key.occurrence).to_lowercase();
            defs.insert(format!("{:?}", def.as_id()), name.clone());
            units.insert(format!("{:?}", Unit::new(db, entry.0, *def).as_id()), name);
        }
        raw.into_iter()
            .map(|line| {
                let Some((func, rest)) = line.split_once('(') else {
                    return line;
                };
                let id = rest.trim_end_matches(')').to_string() + ")";
                let table = if func == "check_unit" { &units } else { &defs };
                match table.get(&id) {
                    Some(name) if func == "check_unit" || is_def_query(func) => {
                        format!("{func}({name})")
                    }
                    _ => line,
                }
            })
            .collect()
    }
}

/// The folder of a file at `key` (key form; `""` is the current folder).
fn folder_of(key: &str) -> String {
    match key.rfind('/') {
        Some(0) => String::from("/"),
        Some(i) => key.get(..i).unwrap_or("").to_string(),
        None => String::new(),
    }
}

/// A root folder as messages show it.
fn shown_root(root: &str) -> String {
    if root.is_empty() {
        String::from(".")
    } else {
        root.to_string()
    }
}

/// A key as an absolute, normalized path (relative keys are taken from
/// the current folder), so that a relative and an absolute spelling of
/// one place compare equal.
fn absolute_key(key: &str) -> String {
    if key.starts_with('/') {
        return normalize(key);
    }
    let cwd = std::env::current_dir()
        .map(|d| key_of(&d))
        .unwrap_or_default();
    normalize(&format!("{cwd}/{key}"))
}

/// Whether `path` lies inside the folder `root` (both in key form),
/// judged by their text: `..` that climbs out of the root is outside.
fn is_inside(root: &str, path: &str) -> bool {
    let root = absolute_key(root);
    let path = absolute_key(path);
    root == "/" || path.starts_with(&format!("{}/", root.trim_end_matches('/')))
}

/// Whether a diagnostic is the parser's.
fn is_syntax(d: &Diagnostic) -> bool {
    d.code == "accord::syntax" || d.code.starts_with("accord::syntax::")
}

/// A mistake is reported once: a checker diagnostic on exactly the text
/// of a syntax diagnostic is the checker finding again what the parser
/// already said (`fit weighs 40:` is both a weight without `%` for the
/// parser and a weight that is not a percentage for the checker), so it is
/// dropped. Only the same text counts: a syntax diagnostic about a whole
/// line (its indentation, a rule outside the score's parts) says nothing
/// about an unknown name inside that line, which is still reported.
fn drop_repeats_of_syntax_errors(out: &mut Vec<Diagnostic>) {
    let syntax: HashSet<accord_syntax::Span> = out
        .iter()
        .filter(|d| is_syntax(d))
        .map(|d| d.span)
        .collect();
    if !syntax.is_empty() {
        out.retain(|d| is_syntax(d) || !syntax.contains(&d.span));
    }
}

fn is_def_query(func: &str) -> bool {
    matches!(func, "def_item" | "def_refs" | "score_bounds")
}
