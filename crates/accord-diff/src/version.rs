//! One side of a comparison: a policy file with its imports, or every policy
//! file under a directory, read from the file system or from a git revision,
//! checked, and compiled where it decides something.

use accord_check::Workspace;
use accord_eval::CompiledPolicy;
use accord_records::RecordDecoder;
use accord_syntax::{ast, Diagnostic, SourceMap, Span};
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the files of a version are read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The working tree.
    FileSystem,
    /// A git revision (`HEAD~1`, a branch, a commit), read with `git show`
    /// from the repository around the current directory.
    Git(String),
    /// The file given has this text instead of its own (git hands an
    /// external diff driver each version of one file in a temporary file);
    /// its imports are read from the working tree. Files are shown as
    /// `prefix/path` (git's `a/…`, `b/…`).
    Text { text: String, prefix: String },
}

/// Why a version could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// A path that cannot be read (missing, unreadable, not in that revision).
    Io { path: String, message: String },
    /// A directory (or revision) without any `.accord` file.
    Empty { path: String },
    /// The policy has errors; nothing is compared until `accord check` passes.
    Invalid {
        label: String,
        diagnostics: Vec<Diagnostic>,
        sources: SourceMap,
    },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io { path, message } => write!(f, "cannot read {path}: {message}"),
            LoadError::Empty { path } => write!(f, "{path} holds no .accord file"),
            LoadError::Invalid {
                label, diagnostics, ..
            } => {
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(f, "{label} has {errors} error(s); run `accord check` on it")
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// A file of a version.
#[derive(Clone, Debug)]
pub struct VersionFile {
    /// Path relative to the version's root (the directory given, or the
    /// directory of the file given), `/`-separated: files of two versions
    /// with the same relative path are the same file (except for the files
    /// given, see [`same_file`]).
    pub rel: String,
    pub ast: ast::Policy,
}

/// A policy that decides something (MQL/SAL/SQL, tiers or SLAs), compiled.
pub struct Entry {
    /// Relative path of the entry file.
    pub rel: String,
    /// The entry and its imports (imports first, entry last).
    pub files: Vec<ast::Policy>,
    pub compiled: CompiledPolicy,
    pub decoder: RecordDecoder,
}

impl Entry {
    /// The agreement's name and version (`Acme MQL/SQL Agreement 1.1`);
    /// `None` for a policy without an agreement header of its own (a
    /// shared definition the agreements import).
    pub fn agreement(&self) -> Option<String> {
        let m = self.compiled.meta();
        if m.name.is_empty() {
            return None;
        }
        Some(match &m.version {
            Some(v) => format!("{} {v}", m.name),
            None => m.name.to_string(),
        })
    }

    /// Whether file `file` is the entry file or one it imports.
    pub fn reads(&self, file: accord_syntax::FileId) -> bool {
        self.files.iter().any(|f| f.file == file)
    }
}

/// A loaded version.
pub struct Version {
    /// How the version is named in output: the path given, or `REV:path`.
    pub label: String,
    pub origin: Origin,
    pub sources: SourceMap,
    /// Every file of the version, once, in path order.
    pub files: Vec<VersionFile>,
    /// The relative path of the file given, when the version is a file
    /// with its imports (not a directory).
    pub given_file: Option<String>,
    /// The files that decide something, compiled.
    pub entries: Vec<Entry>,
}

impl Version {
    /// Loads `path` (a policy file or a directory) as it is in `origin`.
    pub fn load(path: &Path, origin: Origin) -> Result<Version, LoadError> {
        let label = match &origin {
            Origin::FileSystem => path.display().to_string(),
            Origin::Git(rev) => format!("{rev}:{}", path.display()),
            Origin::Text { prefix, .. } => format!("{prefix}/{}", path.display()),
        };
        if let Origin::Git(rev) = &origin {
            if !git_has_revision(rev) {
                return Err(LoadError::Io {
                    path: label,
                    message: format!(
                        "there is no revision {rev} here (a branch, tag or commit of the git repository in this folder)"
                    ),
                });
            }
        }
        let is_dir = match &origin {
            Origin::FileSystem => path.is_dir(),
            Origin::Git(rev) => git_is_dir(rev, path),
            Origin::Text { .. } => false,
        };
        let (root, entry_paths) = if is_dir {
            let files = list_policy_files(path, &origin)?;
            if files.is_empty() {
                return Err(LoadError::Empty { path: label });
            }
            (path.to_path_buf(), files)
        } else {
            let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (root, vec![path.to_path_buf()])
        };
        let reader_origin = origin.clone();
        let entry_key = path_key(path);
        let root_key = path_key(&root);
        let given_file = (!is_dir).then(|| relative(&root_key, &entry_key));
        let mut workspace = Workspace::with_reader(move |p| read(&reader_origin, &entry_key, p));
        if is_dir {
            // Files of a directory may import each other anywhere inside it.
            workspace.set_root(Some(path));
        }
        let mut ids = Vec::new();
        for p in &entry_paths {
            let id = workspace.load(p).map_err(|e| LoadError::Io {
                path: display_path(&origin, &e.path),
                message: accord_syntax::diagnostic::io_words(&e.source),
            })?;
            ids.push((p.clone(), id));
        }
        let mut sources = workspace.sources();
        if !matches!(origin, Origin::FileSystem) {
            let mut shown = SourceMap::new();
            for f in sources.files() {
                shown.add(display_path(&origin, &f.path), f.text.clone());
            }
            sources = shown;
        }
        let mut diagnostics: Vec<Diagnostic> = Vec::new();
        let mut files: Vec<VersionFile> = Vec::new();
        let mut entries = Vec::new();
        for (p, id) in &ids {
            let found = workspace.diagnostics(*id);
            for d in found.into_iter().filter(Diagnostic::is_error) {
                if !diagnostics.contains(&d) {
                    diagnostics.push(d);
                }
            }
            let resolved = workspace.resolved(*id);
            for ast in &resolved.files {
                if files.iter().all(|f| f.ast.file != ast.file) {
                    let rel = relative(&root_key, &workspace_path(&workspace, ast.file));
                    files.push(VersionFile {
                        rel,
                        ast: ast.clone(),
                    });
                }
            }
            let decides = resolved
                .files
                .last()
                .is_some_and(|own| own.items.iter().any(decides_something));
            if diagnostics.is_empty() && (decides || !is_dir) {
                match accord_eval::compile(&resolved.files, &resolved.schema, &resolved.sources) {
                    Ok(compiled) => entries.push(Entry {
                        rel: relative(&root_key, &path_key(p)),
                        files: resolved.files.clone(),
                        decoder: RecordDecoder::new(&resolved.schema),
                        compiled,
                    }),
                    Err(found) => diagnostics.extend(found),
                }
            }
        }
        if !diagnostics.is_empty() {
            return Err(LoadError::Invalid {
                label,
                diagnostics,
                sources,
            });
        }
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        Ok(Version {
            label,
            origin,
            sources,
            files,
            given_file,
            entries,
        })
    }

    /// `file:line` of a span, as shown to a reader.
    pub fn location(&self, span: Span) -> String {
        self.sources.location(span)
    }

    /// The line of a span (1-based).
    pub fn line(&self, span: Span) -> usize {
        self.sources
            .get(span.file)
            .map_or(0, |f| f.line_col(span.start as usize).0)
    }

    /// The path of a span's file, as shown to a reader.
    pub fn file_name(&self, span: Span) -> String {
        self.sources
            .get(span.file)
            .map(|f| f.path.clone())
            .unwrap_or_default()
    }
}

/// Whether file `old_rel` of the old version and file `new_rel` of the new
/// one are one file in two versions. When each version is a file with its
/// imports, the files given are, whatever their names (`v1.accord` and
/// `v2.accord`); any other file is the file with the same path relative to
/// its version's root.
pub fn same_file((old, new): (&Version, &Version), old_rel: &str, new_rel: &str) -> bool {
    match (&old.given_file, &new.given_file) {
        (Some(a), Some(b)) if a == old_rel || b == new_rel => a == old_rel && b == new_rel,
        _ => old_rel == new_rel,
    }
}

/// Whether a definition makes a policy something to evaluate.
fn decides_something(item: &ast::Item) -> bool {
    matches!(
        item,
        ast::Item::Stage(_) | ast::Item::Tiers(_) | ast::Item::Sla(_)
    )
}

fn workspace_path(workspace: &Workspace, file: accord_syntax::FileId) -> String {
    workspace
        .sources()
        .get(file)
        .map(|f| f.path.clone())
        .unwrap_or_default()
}

/// A path as the checker keys it: `/`-separated, without `./` parts.
fn path_key(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    for part in text.split('/').filter(|p| !p.is_empty() && *p != ".") {
        if part == ".." && parts.last().is_some_and(|p| *p != "..") {
            parts.pop();
        } else {
            parts.push(part);
        }
    }
    let joined = parts.join("/");
    if text.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// `path` relative to `root` (both keys); the path itself when outside.
fn relative(root: &str, path: &str) -> String {
    if root.is_empty() {
        return path.to_string();
    }
    path.strip_prefix(root)
        .and_then(|rest| rest.strip_prefix('/'))
        .map_or_else(|| path.to_string(), str::to_string)
}

fn display_path(origin: &Origin, path: &str) -> String {
    match origin {
        Origin::FileSystem => path.to_string(),
        Origin::Text { prefix, .. } => format!("{prefix}/{path}"),
        Origin::Git(rev) => format!("{rev}:{path}"),
    }
}

/// Reads a file of a version (`entry`: the key of the path given).
fn read(origin: &Origin, entry: &str, path: &Path) -> io::Result<String> {
    match origin {
        Origin::Text { text, .. } if path_key(path) == entry => Ok(text.clone()),
        Origin::FileSystem | Origin::Text { .. } => std::fs::read_to_string(path),
        Origin::Git(rev) => {
            let spec = format!("{rev}:./{}", path_key(path));
            let out = Command::new("git").args(["show", &spec]).output()?;
            if !out.status.success() {
                return Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("not in revision {rev}"),
                ));
            }
            String::from_utf8(out.stdout)
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text"))
        }
    }
}

/// Whether `rev` names a commit of the git repository of the current folder.
fn git_has_revision(rev: &str) -> bool {
    Command::new("git")
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{rev}^{{commit}}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

fn git_is_dir(rev: &str, path: &Path) -> bool {
    let spec = format!("{rev}:./{}", path_key(path));
    Command::new("git")
        .args(["cat-file", "-t", &spec])
        .output()
        .is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"tree"))
}

/// Every `.accord` file under `dir`, in path order.
fn list_policy_files(dir: &Path, origin: &Origin) -> Result<Vec<PathBuf>, LoadError> {
    let io_error = |message: String| LoadError::Io {
        path: display_path(origin, &dir.display().to_string()),
        message,
    };
    let mut out = Vec::new();
    match origin {
        Origin::FileSystem | Origin::Text { .. } => {
            let mut stack = vec![dir.to_path_buf()];
            while let Some(d) = stack.pop() {
                let listing = std::fs::read_dir(&d)
                    .map_err(|e| io_error(accord_syntax::diagnostic::io_words(&e)))?;
                for entry in listing.flatten() {
                    let p = entry.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|e| e == "accord") {
                        out.push(p);
                    }
                }
            }
        }
        Origin::Git(rev) => {
            let listed = Command::new("git")
                .args(["ls-tree", "-r", "--name-only", rev, "--"])
                .arg(dir)
                .output()
                .map_err(|e| io_error(e.to_string()))?;
            if !listed.status.success() {
                return Err(io_error(format!("not in revision {rev}")));
            }
            out.extend(
                String::from_utf8_lossy(&listed.stdout)
                    .lines()
                    .filter(|l| l.ends_with(".accord"))
                    .map(PathBuf::from),
            );
        }
    }
    out.sort();
    Ok(out)
}
