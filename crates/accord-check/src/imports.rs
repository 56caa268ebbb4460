//! Problems with how the files of a policy set fit together: a file that
//! imports itself or files that import each other (an import cycle), and
//! an entry file that declares nothing.
//!
//! Importing the same file more than once (twice in a row, through two
//! files that both import it, or by another spelling of its path such as
//! `./shared/../shared/x.accord`) is fine: paths are normalized and every
//! file is read once ([`crate::resolve::policy_files`]), so its definitions
//! are not duplicates.

use std::collections::{HashMap, HashSet};

use accord_syntax::ast::Item;
use accord_syntax::Span;

use crate::ctx::{error, warning};
use crate::db::{Anchor, DefKind, DefRef, FileEntry, FileSet, Reported, SourceFile};
use crate::parse::{def_item, definitions, file_defs};
use crate::resolve::{file_imports, resolve_import};

/// The imports of a file that name a loaded file, in order.
fn loaded_imports(db: &dyn salsa::Database, file: SourceFile) -> Vec<ImportEdge> {
    let mut out = Vec::new();
    for def in definitions(db, file) {
        if def.key(db).kind != DefKind::Import {
            continue;
        }
        let Some(Item::Import(import)) = def_item(db, *def).as_deref() else {
            continue;
        };
        if let Some(FileEntry::Loaded(imported)) =
            resolve_import(db, file, &import.path.value).resolved
        {
            out.push((def.def_ref(db), import.span, imported));
        }
    }
    out
}

/// One `import` of a file that names a loaded file: the import's
/// definition, its span relative to that definition, the file imported.
type ImportEdge = (DefRef, Span, SourceFile);

/// Import cycles reachable from `entry`, each reported once, on the
/// import that closes it (found by a depth-first walk from the entry).
pub fn import_cycles(db: &dyn salsa::Database, entry: SourceFile, out: &mut Vec<Reported>) {
    let mut imports: HashMap<SourceFile, Vec<ImportEdge>> = HashMap::new();
    let mut done: HashSet<SourceFile> = HashSet::new();
    // The walk, without recursion: each file on the current path with the
    // index of its next import to follow.
    let mut path: Vec<(SourceFile, usize)> = vec![(entry, 0)];
    while let Some(&(file, next)) = path.last() {
        let edges = imports
            .entry(file)
            .or_insert_with(|| loaded_imports(db, file));
        let Some((at, span, imported)) = edges.get(next).cloned() else {
            path.pop();
            done.insert(file);
            continue;
        };
        if let Some(top) = path.last_mut() {
            top.1 += 1;
        }
        if done.contains(&imported) {
            // Imported before (a diamond, or the same file twice): fine.
            continue;
        }
        match path.iter().position(|(f, _)| *f == imported) {
            Some(pos) => out.push(cycle(db, &path[pos..], imported, at, span)),
            None => path.push((imported, 0)),
        }
    }
}

/// The diagnostic for the import `at` of the last file of `path`, which
/// imports `imported`, itself on `path`.
fn cycle(
    db: &dyn salsa::Database,
    path: &[(SourceFile, usize)],
    imported: SourceFile,
    at: DefRef,
    span: Span,
) -> Reported {
    let importer = path.last().map(|(f, _)| *f);
    let (message, label, help) = if importer == Some(imported) {
        (
            String::from("this file imports itself"),
            "imports this very file",
            "remove this import: a file's own definitions are always part of it",
        )
    } else {
        let mut chain: Vec<&str> = path.iter().map(|(f, _)| f.path(db).as_str()).collect();
        chain.push(imported.path(db));
        (
            format!("import cycle: {}", chain.join(" → ")),
            "imports a file that imports this one",
            "remove this import: files cannot import each other in a loop; put the definitions both need in a file that both import",
        )
    };
    let d = error("accord::import-cycle", span, message)
        .with_label(label)
        .with_help(help);
    Reported {
        diagnostic: d,
        anchor: Anchor::Def(at),
        related: Vec::new(),
    }
}

/// Whether some other loaded file imports `file` (checked together, e.g.
/// `accord check main.accord shared/*.accord`).
fn imported_by_another(db: &dyn salsa::Database, file: SourceFile) -> bool {
    let Some(set) = FileSet::try_get(db) else {
        return false;
    };
    set.files(db).values().any(|entry| match entry {
        FileEntry::Loaded(other) if *other != file => file_imports(db, *other)
            .iter()
            .any(|link| link.resolved == Some(FileEntry::Loaded(file))),
        _ => false,
    })
}

/// Whether a file has no blocks at all (only comments and blank lines).
/// A query of its own, so that edits to a file that has blocks (which
/// change [`file_defs`]) give the same answer and re-run nothing.
#[salsa::tracked]
pub fn declares_nothing(db: &dyn salsa::Database, file: SourceFile) -> bool {
    file_defs(db, file).chunks.is_empty()
}

/// An entry file with no definitions at all (empty, or only comments and
/// blank lines) checks clean but decides nothing: most likely the wrong
/// file. A file some other loaded file imports is a placeholder there (its
/// definitions may come later), so it is not reported.
pub fn empty_entry(db: &dyn salsa::Database, entry: SourceFile, out: &mut Vec<Reported>) {
    if !declares_nothing(db, entry) || imported_by_another(db, entry) {
        return;
    }
    let file = entry.file_id(db);
    let d = warning(
        "accord::empty-policy",
        Span {
            file,
            start: 0,
            end: 0,
        },
        "this file declares nothing",
    )
    .with_label("no definitions in this file")
    .with_help("write the agreement's definitions here (a `fit`, the `mql` stage, an `sla`…), or check that this is the file you meant");
    out.push(Reported {
        diagnostic: d,
        anchor: Anchor::File,
        related: Vec::new(),
    });
}
