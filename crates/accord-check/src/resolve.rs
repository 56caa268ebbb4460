//! Import resolution and name resolution: which files make up a policy set,
//! and the symbol table of that set (definitions, fields, event streams,
//! reason codes, tiers).
//!
//! The symbol table holds names, kinds, types and *relative* spans only
//! (each entry knows the definition it lives in), never a definition's
//! body: editing the points of a score re-runs [`symbols`], which then
//! returns an equal table, so nothing that reads it re-executes.

use std::collections::BTreeMap;

use accord_records::schema::{field_type, singular};
use accord_records::FieldType;
use accord_syntax::ast::{self, Item};
use accord_syntax::Span;

use crate::cascade::{broken_blocks, explains, BrokenBlock};
use crate::db::{lookup_path, DefKind, DefRef, Definition, FileEntry, Refusal, SourceFile};
use crate::parse::{def_item, definitions};

/// Lexically normalizes a `/`-separated path (`a/./b/../c` → `a/c`).
pub fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if matches!(parts.last(), Some(p) if *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The normalized path an `import "…"` in `importer` names.
pub fn import_target(importer: &str, import: &str) -> String {
    if import.starts_with('/') {
        return normalize(import);
    }
    let dir = match importer.rfind('/') {
        Some(i) => importer.get(..i).unwrap_or(""),
        None => "",
    };
    if dir.is_empty() {
        normalize(import)
    } else {
        normalize(&format!("{dir}/{import}"))
    }
}

/// What the text of an import alone rules out, before any file is
/// looked at: an absolute path (a policy set is a folder of files that
/// name each other relatively) and a file that is not a policy (its name
/// does not end in `.accord`). Whether a relative path leaves the policy
/// set's root is decided at the edge ([`crate::load`]), which knows the root.
pub fn written_refusal(import: &str) -> Option<Refusal> {
    let bytes = import.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if import.starts_with(['/', '\\']) || drive {
        Some(Refusal::Absolute)
    } else if !import.ends_with(".accord") {
        Some(Refusal::NotAPolicy)
    } else {
        None
    }
}

/// What the import `written` in `importer` names: its normalized target,
/// and what the edge found there (or the refusal its text alone earns).
pub fn resolve_import(db: &dyn salsa::Database, importer: SourceFile, written: &str) -> ImportLink {
    let target = import_target(importer.path(db), written);
    let resolved = match written_refusal(written) {
        Some(refusal) => Some(FileEntry::Refused(refusal)),
        None => lookup_path(db, &target),
    };
    ImportLink { target, resolved }
}

/// One `import` of a file and what it resolved to.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportLink {
    /// Normalized target path.
    pub target: String,
    pub resolved: Option<FileEntry>,
}

/// The imports of one file, in order.
#[salsa::tracked(returns(ref))]
pub fn file_imports(db: &dyn salsa::Database, file: SourceFile) -> Vec<ImportLink> {
    let mut out = Vec::new();
    for def in definitions(db, file) {
        if let Some(Item::Import(import)) = def_item(db, *def).as_deref() {
            out.push(resolve_import(db, file, &import.path.value));
        }
    }
    out
}

/// The files of the policy set named by `entry`: imports first (depth
/// first, in order), the entry last, each once.
#[salsa::tracked(returns(ref))]
pub fn policy_files(db: &dyn salsa::Database, entry: SourceFile) -> Vec<SourceFile> {
    fn visit(
        db: &dyn salsa::Database,
        file: SourceFile,
        seen: &mut Vec<SourceFile>,
        out: &mut Vec<SourceFile>,
    ) {
        if seen.contains(&file) {
            return;
        }
        seen.push(file);
        for link in file_imports(db, file) {
            if let Some(FileEntry::Loaded(f)) = &link.resolved {
                visit(db, *f, seen, out);
            }
        }
        out.push(file);
    }
    let mut seen = Vec::new();
    let mut out = Vec::new();
    visit(db, entry, &mut seen, &mut out);
    out
}

/// Every definition of the policy set, in [`policy_files`] order.
#[salsa::tracked(returns(ref))]
pub fn policy_definitions(db: &dyn salsa::Database, entry: SourceFile) -> Vec<Definition<'_>> {
    policy_files(db, entry)
        .iter()
        .flat_map(|f| definitions(db, *f).iter().copied())
        .collect()
}

/// A named thing and where it was declared.
#[derive(Clone, Debug, PartialEq)]
pub struct Sym {
    pub kind: DefKind,
    pub at: DefRef,
    /// The name as written (relative to `at`).
    pub span: Span,
    /// For metrics: what kind of number it is and its period.
    pub metric: Option<MetricShape>,
}

/// What a metric measures, as breaches and drift signals need to know.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MetricShape {
    /// A share (a percentage of leads) rather than a count or average.
    pub is_share: bool,
    /// `by month`: the period each value covers.
    pub period: ast::PeriodKind,
}

/// A declared lead field.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldSym {
    pub ty: FieldType,
    pub optional: bool,
    pub at: DefRef,
    pub span: Span,
}

/// A declared event stream.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamSym {
    /// Plural as declared (`activities`).
    pub name: String,
    pub kind_field: String,
    /// Whether the first field was a `one of` (else kinds are not checked).
    pub has_kinds: bool,
    pub kinds: Vec<String>,
    pub fields: Vec<(String, FieldType)>,
    pub at: DefRef,
    pub span: Span,
}

impl StreamSym {
    pub fn is_named(&self, word: &str) -> bool {
        word == self.name || singular(&self.name) == word
    }
    /// The type of a name inside a `where` filter of this stream.
    pub fn field(&self, name: &str) -> Option<FieldType> {
        if name == self.kind_field {
            return Some(FieldType::OneOf(self.kinds.clone()));
        }
        if name == "at" {
            return Some(FieldType::Timestamp);
        }
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
    }
    pub fn field_names(&self) -> Vec<String> {
        let mut names = vec![self.kind_field.clone(), String::from("at")];
        names.extend(self.fields.iter().map(|(n, _)| n.clone()));
        names
    }
}

/// A tier declared in a `tiers` block.
#[derive(Clone, Debug, PartialEq)]
pub struct TierSym {
    pub number: u32,
    pub otherwise: bool,
    pub at: DefRef,
    pub span: Span,
}

/// The symbol table of a policy set. Lists keep every declaration in
/// order, so duplicates can be reported; lookups use the first.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Symbols {
    pub defs: BTreeMap<String, Vec<Sym>>,
    pub fields: BTreeMap<String, Vec<FieldSym>>,
    pub streams: Vec<StreamSym>,
    pub reasons: BTreeMap<String, Vec<Sym>>,
    pub tiers: Vec<TierSym>,
    /// Unnamed blocks that may appear once per policy set (`tiers`,
    /// `recycling`), with the span of their keyword.
    pub singletons: Vec<Sym>,
    pub calendar_count: usize,
    /// Blocks that did not parse (the parser already reported them):
    /// what they declared or used is not reported again
    /// ([`Symbols::is_cascade`]).
    pub broken: Vec<BrokenBlock>,
}

impl Symbols {
    /// Whether a diagnostic only repeats a syntax error elsewhere: it is
    /// about something a block that did not parse declared or used.
    pub fn is_cascade(&self, d: &accord_syntax::Diagnostic) -> bool {
        self.broken.iter().any(|b| explains(b, d))
    }

    /// Whether some block of this kind did not parse (or a block of
    /// unknown kind, which could have been one).
    pub fn broken_kind(&self, kind: DefKind) -> bool {
        self.broken
            .iter()
            .any(|b| b.kind.is_none() || b.kind == Some(kind))
    }

    pub fn def(&self, name: &str) -> Option<&Sym> {
        self.defs.get(name).and_then(|v| v.first())
    }
    pub fn field(&self, name: &str) -> Option<&FieldSym> {
        self.fields.get(name).and_then(|v| v.first())
    }
    pub fn stream(&self, word: &str) -> Option<&StreamSym> {
        self.streams.iter().find(|s| s.is_named(word))
    }
    pub fn def_of_kind(&self, name: &str, kinds: &[DefKind]) -> Option<&Sym> {
        self.def(name).filter(|s| kinds.contains(&s.kind))
    }
    /// Names of definitions of the given kinds (for suggestions).
    pub fn names_of(&self, kinds: &[DefKind]) -> Vec<String> {
        self.defs
            .iter()
            .filter(|(_, v)| v.first().is_some_and(|s| kinds.contains(&s.kind)))
            .map(|(n, _)| n.clone())
            .collect()
    }
    /// Field names, optionally only those whose type passes `keep`.
    pub fn field_names(&self, keep: impl Fn(&FieldType) -> bool) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(_, v)| v.first().is_some_and(|f| keep(&f.ty)))
            .map(|(n, _)| n.clone())
            .collect()
    }
    pub fn tier_declared(&self, n: u32) -> bool {
        self.tiers.iter().any(|t| t.number == n)
    }
    pub fn tier_numbers(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self.tiers.iter().map(|t| t.number).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// A span covering the first `len` bytes of a definition (its keyword).
pub fn keyword_span(item: &Item, len: usize) -> Span {
    let s = item.span();
    Span {
        file: s.file,
        start: s.start,
        end: s.end.min(s.start + len as u32),
    }
}

/// The symbol of a block of `kind` a policy has at most one of, placed on
/// the keyword that opens it.
fn singleton(kind: DefKind, item: &Item, at: &DefRef) -> Sym {
    let keyword = kind.singleton_keyword().unwrap_or_default();
    Sym {
        kind,
        at: at.clone(),
        span: keyword_span(item, keyword.len()),
        metric: None,
    }
}

/// Builds the symbol table of a policy set.
#[salsa::tracked(returns(ref))]
pub fn symbols(db: &dyn salsa::Database, entry: SourceFile) -> Symbols {
    let mut syms = Symbols::default();
    for file in policy_files(db, entry) {
        syms.broken.extend(broken_blocks(db, *file));
        let unread = file_imports(db, *file)
            .iter()
            .filter(|l| !matches!(l.resolved, Some(FileEntry::Loaded(_))));
        syms.broken.extend(unread.map(|_| BrokenBlock {
            kind: Some(DefKind::Import),
            name: None,
        }));
    }
    for def in policy_definitions(db, entry) {
        let Some(item) = def_item(db, *def).as_deref() else {
            continue;
        };
        let at = def.def_ref(db);
        let named = |syms: &mut Symbols, kind, name: &ast::Ident, metric| {
            syms.defs.entry(name.name.clone()).or_default().push(Sym {
                kind,
                at: at.clone(),
                span: name.span,
                metric,
            });
        };
        match item {
            Item::Calendar(c) => {
                syms.calendar_count += 1;
                named(&mut syms, DefKind::Calendar, &c.name, None);
            }
            Item::List(x) => named(&mut syms, DefKind::List, &x.name, None),
            Item::Fit(x) => named(&mut syms, DefKind::Fit, &x.name, None),
            Item::Score(x) => named(&mut syms, DefKind::Score, &x.name, None),
            Item::Trigger(x) => named(&mut syms, DefKind::Trigger, &x.name, None),
            Item::Exclusion(x) => named(&mut syms, DefKind::Exclusion, &x.name, None),
            Item::Sla(x) => named(&mut syms, DefKind::Sla, &x.name, None),
            Item::Metric(x) => {
                let shape = MetricShape {
                    is_share: matches!(x.aggregate, ast::Aggregate::Share(_)),
                    period: x.period.kind,
                };
                named(&mut syms, DefKind::Metric, &x.name, Some(shape))
            }
            Item::Breach(x) => named(&mut syms, DefKind::Breach, &x.name, None),
            Item::Drift(x) => named(&mut syms, DefKind::Drift, &x.name, None),
            Item::Stage(x) => named(&mut syms, DefKind::Stage, &x.keyword, None),
            Item::Fields(block) => add_fields(&mut syms, block, &at),
            Item::Rejections(r) => {
                for reason in &r.reasons {
                    syms.reasons
                        .entry(reason.code.name.clone())
                        .or_default()
                        .push(Sym {
                            kind: DefKind::Rejections,
                            at: at.clone(),
                            span: reason.code.span,
                            metric: None,
                        });
                }
            }
            Item::Tiers(t) => {
                syms.singletons.push(singleton(DefKind::Tiers, item, &at));
                for rule in &t.tiers {
                    syms.tiers.push(TierSym {
                        number: rule.number,
                        otherwise: rule.condition.is_none(),
                        at: at.clone(),
                        span: rule.number_span,
                    });
                }
            }
            Item::Recycling(_) => syms
                .singletons
                .push(singleton(DefKind::Recycling, item, &at)),
            Item::Persistence(_) => {
                syms.singletons
                    .push(singleton(DefKind::Persistence, item, &at))
            }
            Item::Handoff(_) => syms.singletons.push(singleton(DefKind::Handoff, item, &at)),
            Item::Import(_) | Item::Agreement(_) => {}
        }
    }
    syms
}

fn add_fields(syms: &mut Symbols, block: &ast::FieldsBlock, at: &DefRef) {
    for decl in &block.fields {
        let ty = match &decl.ty.kind {
            ast::TypeKind::Events(event_fields) => {
                let index = syms.streams.len();
                syms.streams.push(stream_sym(decl, event_fields, at));
                FieldType::Events(index)
            }
            other => field_type(other),
        };
        syms.fields
            .entry(decl.name.name.clone())
            .or_default()
            .push(FieldSym {
                ty,
                optional: decl.optional,
                at: at.clone(),
                span: decl.name.span,
            });
    }
}

fn stream_sym(decl: &ast::FieldDecl, event_fields: &[ast::FieldDecl], at: &DefRef) -> StreamSym {
    let (kind_field, has_kinds, kinds) = match event_fields.first() {
        Some(first) => match &first.ty.kind {
            ast::TypeKind::OneOf(choices) => (
                first.name.name.clone(),
                true,
                choices.iter().map(|c| c.value.clone()).collect(),
            ),
            _ => (first.name.name.clone(), false, Vec::new()),
        },
        None => (String::from("kind"), false, Vec::new()),
    };
    let fields = event_fields
        .iter()
        .skip(1)
        .filter(|f| f.name.name != "at")
        .map(|f| (f.name.name.clone(), field_type(&f.ty.kind)))
        .collect();
    StreamSym {
        name: decl.name.name.clone(),
        kind_field,
        has_kinds,
        kinds,
        fields,
        at: at.clone(),
        span: decl.name.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_paths_are_relative_to_the_importing_file() {
        assert_eq!(
            import_target("policies/a.accord", "shared/s.accord"),
            "policies/shared/s.accord"
        );
        assert_eq!(
            import_target("policies/x/a.accord", "../s.accord"),
            "policies/s.accord"
        );
        assert_eq!(import_target("a.accord", "./s.accord"), "s.accord");
        assert_eq!(import_target("/abs/a.accord", "s.accord"), "/abs/s.accord");
        assert_eq!(normalize("../a/../b"), "../b");
    }
}
