//! The salsa database: inputs (source files and the set of loaded paths),
//! the interned identities of definitions and check units, and the
//! diagnostics accumulator.
//!
//! Architecture invariant: nothing here touches the file system. Files are
//! opaque inputs ([`SourceFile`]) that the edge ([`crate::load::Workspace`])
//! creates and edits.
//!
//! Identity never contains a span: a [`Definition`] is `(file, kind, name,
//! occurrence)`, so moving a definition inside its file, or editing another
//! one, keeps its id, and salsa can reuse everything computed for it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use accord_syntax::{Diagnostic, FileId};

/// One source file: its path as shown to people, its text, and the
/// [`FileId`] that every span parsed from it carries.
#[salsa::input(debug)]
pub struct SourceFile {
    #[returns(ref)]
    pub path: String,
    #[returns(ref)]
    pub text: String,
    #[returns(copy)]
    pub file_id: FileId,
}

/// What the edge found when it tried to read a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileEntry {
    /// Read and registered.
    Loaded(SourceFile),
    /// Could not be read; the reason, in words.
    Unreadable(String),
    /// Deliberately not read: the import names something outside the
    /// policy set or something that is not a policy. Nothing of such a file
    /// is ever shown.
    Refused(Refusal),
}

/// Why an import is not read (see [`crate::resolve::written_refusal`] for
/// what the import's text alone decides, [`crate::load`] for the rest).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Written as an absolute path (`/etc/passwd`, `C:\…`).
    Absolute,
    /// Leaves the policy set's root folder (`../../x.accord`), by its path
    /// or through a symbolic link. `root` as the user gave it.
    OutsideRoot { root: String },
    /// Does not name a policy file (one whose name ends in `.accord`).
    NotAPolicy,
    /// Names something that is not a regular file (a device, a pipe).
    NotAFile,
}

/// Every path the edge has tried to read (normalized, `/`-separated), so
/// that import resolution inside the database needs no file system.
#[salsa::input(singleton, debug)]
pub struct FileSet {
    #[returns(ref)]
    pub files: BTreeMap<String, FileEntry>,
}

/// The kind of a top-level definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DefKind {
    Import,
    Agreement,
    Fields,
    Calendar,
    List,
    Fit,
    Score,
    Trigger,
    Exclusion,
    Stage,
    Tiers,
    Sla,
    Persistence,
    Rejections,
    Recycling,
    Handoff,
    Metric,
    Breach,
    Drift,
}

impl DefKind {
    /// How the kind is said in messages.
    pub fn describe(self) -> &'static str {
        match self {
            DefKind::Import => "import",
            DefKind::Agreement => "agreement header",
            DefKind::Fields => "lead fields block",
            DefKind::Calendar => "calendar",
            DefKind::List => "list",
            DefKind::Fit => "fit",
            DefKind::Score => "score",
            DefKind::Trigger => "trigger",
            DefKind::Exclusion => "exclusion",
            DefKind::Stage => "stage",
            DefKind::Tiers => "tiers",
            DefKind::Sla => "SLA",
            DefKind::Persistence => "persistence rules",
            DefKind::Rejections => "rejection reasons",
            DefKind::Recycling => "recycling rules",
            DefKind::Handoff => "handoff rules",
            DefKind::Metric => "metric",
            DefKind::Breach => "breach",
            DefKind::Drift => "drift signal",
        }
    }

    /// For a block a policy (with its imports) has at most one of — the
    /// evaluator refuses a second — the keyword that opens it; `None` for
    /// every other kind.
    pub fn singleton_keyword(self) -> Option<&'static str> {
        match self {
            DefKind::Tiers => Some("tiers"),
            DefKind::Recycling => Some("recycling"),
            DefKind::Persistence => Some("persistence"),
            DefKind::Handoff => Some("handoff"),
            _ => None,
        }
    }
}

/// The identity of a definition inside its file: kind, name (empty for
/// unnamed blocks like `tiers`; the path for imports; `mql`/`sal`/`sql` for
/// stages) and how many earlier definitions of the same kind and name the
/// file has. No span.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DefKey {
    pub kind: DefKind,
    pub name: String,
    pub occurrence: u32,
}

/// A definition anywhere: file plus key. Plain data, so diagnostics can be
/// anchored to it (spans inside a definition are relative to its start).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DefRef {
    pub file: SourceFile,
    pub key: DefKey,
}

/// Interned definition id, the key of per-definition queries.
#[salsa::interned(debug)]
pub struct Definition<'db> {
    #[returns(copy)]
    pub file: SourceFile,
    #[returns(ref)]
    pub key: DefKey,
}

impl<'db> Definition<'db> {
    pub fn def_ref(self, db: &'db dyn salsa::Database) -> DefRef {
        DefRef {
            file: self.file(db),
            key: self.key(db).clone(),
        }
    }
}

/// One check unit: a definition checked in the context of one policy set
/// (named by its entry file).
#[salsa::interned(debug)]
pub struct Unit<'db> {
    #[returns(copy)]
    pub entry: SourceFile,
    #[returns(copy)]
    pub def: Definition<'db>,
}

/// Where a reported span is measured from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// Relative to the start of this definition's text.
    Def(DefRef),
    /// Already an absolute offset in the file.
    File,
}

/// A diagnostic as the checks report it: spans relative to their anchors.
/// Only the edge turns them into absolute spans.
#[salsa::accumulator]
#[derive(Clone, Debug)]
pub struct Reported {
    pub diagnostic: Diagnostic,
    pub anchor: Anchor,
    /// One anchor per entry of `diagnostic.related`.
    pub related: Vec<Anchor>,
}

/// Shared log of executed queries (for incrementality tests and benches).
pub type ExecLog = Arc<Mutex<Vec<String>>>;

/// The database. `Clone` shares storage (salsa snapshots).
#[salsa::db]
#[derive(Clone)]
pub struct CheckDb {
    storage: salsa::Storage<Self>,
    log: Option<ExecLog>,
}

impl Default for CheckDb {
    fn default() -> Self {
        CheckDb {
            storage: salsa::Storage::new(None),
            log: None,
        }
    }
}

impl CheckDb {
    /// A database that records every `WillExecute` event (the query name
    /// and key, e.g. `check_unit(Id(402))`) into the returned log.
    pub fn with_log() -> (Self, ExecLog) {
        let log: ExecLog = Arc::default();
        let sink = log.clone();
        let storage = salsa::Storage::new(Some(Box::new(move |event: salsa::Event| {
            if let salsa::EventKind::WillExecute { database_key } = event.kind {
                if let Ok(mut l) = sink.lock() {
                    l.push(format!("{database_key:?}"));
                }
            }
        })));
        (
            CheckDb {
                storage,
                log: Some(log.clone()),
            },
            log,
        )
    }

    /// The execution log, when enabled.
    pub fn log(&self) -> Option<&ExecLog> {
        self.log.as_ref()
    }
}

#[salsa::db]
impl salsa::Database for CheckDb {}

/// What the edge found at a (normalized) path; `None` if it never looked.
pub fn lookup_path(db: &dyn salsa::Database, path: &str) -> Option<FileEntry> {
    FileSet::try_get(db).and_then(|s| s.files(db).get(path).cloned())
}
