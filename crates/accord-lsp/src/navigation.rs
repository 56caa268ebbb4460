//! Hover, go to definition and find references, answered from the
//! checker's resolution of names ([`accord_check::ide`]).
//!
//! Hover says what a name is in the reader's words and shows its
//! declaration as written — so a field shows its type, a list its values, a
//! calendar its hours, an SLA its limits per tier, a reason code its
//! disposition, a definition its title and body — and where it is used.
//! References reach every policy file the server knows (open documents and
//! the editor's folder): an occurrence counts when, in its own file's
//! policy set, it resolves to the same declaration.

use accord_check::db::{DefKind, SourceFile};
use accord_check::ide::{self, Declaration, Occurrence, Target};
use accord_check::resolve::symbols;
use lsp_types::{Hover, HoverContents, Location, MarkupContent, MarkupKind, Position};

use crate::state::State;

/// The most lines of a declaration a hover shows.
const HOVER_LINES: usize = 24;
/// The most places of use a hover lists.
const HOVER_USES: usize = 5;

/// The occurrence under the cursor, in the document's own policy set.
fn at(state: &State, path: &str, position: Position) -> Option<(SourceFile, Occurrence)> {
    let doc = state.docs.get(path)?;
    let entry = state.policy(path)?.entry();
    let offset = doc.index.offset(&doc.text, position);
    let occurrence = ide::occurrence_at(state.ws.db(), entry, entry, u32::try_from(offset).ok()?)?;
    Some((entry, occurrence))
}

pub fn definition(state: &State, path: &str, position: Position) -> Option<Location> {
    let (entry, occurrence) = at(state, path, position)?;
    let decl = ide::declaration(state.ws.db(), entry, &occurrence.target)?;
    state.texts().location(decl.file, decl.occurrence.span)
}

pub fn references(
    state: &State,
    path: &str,
    position: Position,
    include_declaration: bool,
) -> Vec<Location> {
    let Some((entry, occurrence)) = at(state, path, position) else {
        return Vec::new();
    };
    let db = state.ws.db();
    let wanted =
        ide::declaration(db, entry, &occurrence.target).map(|d| (d.file, d.occurrence.span));
    let mut texts = state.texts();
    let mut out = Vec::new();
    for file in state.known_files() {
        let found: Vec<Occurrence> = ide::file_occurrences(db, file, file)
            .into_iter()
            .filter(|o| o.target == occurrence.target)
            .collect();
        if found.is_empty() {
            continue;
        }
        let here =
            ide::declaration(db, file, &occurrence.target).map(|d| (d.file, d.occurrence.span));
        // An unresolved name only matches itself in its own file.
        if here != wanted || (wanted.is_none() && file != entry) {
            continue;
        }
        for o in found {
            if include_declaration || !o.declaration {
                out.extend(texts.location(file, o.span));
            }
        }
    }
    out
}

pub fn hover(state: &State, path: &str, position: Position) -> Option<Hover> {
    let (entry, occurrence) = at(state, path, position)?;
    let db = state.ws.db();
    let decl = ide::declaration(db, entry, &occurrence.target)?;
    let mut texts = state.texts();
    let doc_dir = folder(path);
    let mut md = String::new();
    md.push_str(&headline(state, entry, &decl));
    let where_ = {
        let t = texts.get(decl.file);
        let line = t
            .index
            .position(&t.text, decl.occurrence.span.start as usize)
            .line
            + 1;
        format!("{}:{line}", shown(&t.path, &doc_dir))
    };
    if let Target::File(path) = &occurrence.target {
        md = format!("**imported file** `{}`\n", shown(path, &doc_dir));
        let header = leading_comment(&texts.get(decl.file).text);
        if !header.is_empty() {
            md.push_str(&format!("\n{header}\n"));
        }
    } else {
        md.push_str(&format!("\n\ndeclared in `{where_}`\n"));
        let t = texts.get(decl.file);
        let context = decl.occurrence.context;
        let source = t
            .text
            .get(context.start as usize..context.end as usize)
            .unwrap_or("");
        md.push_str(&format!(
            "\n```accord\n{}\n```\n",
            excerpt(&dedent(source, t, context.start))
        ));
    }
    let uses: Vec<(SourceFile, Occurrence)> = ide::references(db, entry, &occurrence.target)
        .into_iter()
        .filter(|(_, o)| !o.declaration)
        .collect();
    if !uses.is_empty() {
        let places: Vec<String> = uses
            .iter()
            .take(HOVER_USES)
            .map(|(f, o)| {
                let t = texts.get(*f);
                let line = t.index.position(&t.text, o.span.start as usize).line + 1;
                format!("`{}:{line}`", shown(&t.path, &doc_dir))
            })
            .collect();
        let more = uses.len().saturating_sub(HOVER_USES);
        let times = if uses.len() == 1 { "once" } else { "times" };
        let count = if uses.len() == 1 {
            String::new()
        } else {
            format!("{} ", uses.len())
        };
        md.push_str(&format!("\nused {count}{times}: {}", places.join(", ")));
        if more > 0 {
            md.push_str(&format!(" and {more} more"));
        }
        md.push('\n');
    }
    let doc = state.docs.get(path)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md,
        }),
        range: Some(doc.index.range(
            &doc.text,
            occurrence.span.start as usize,
            occurrence.span.end as usize,
        )),
    })
}

/// The first line of a hover: what the thing is, in words.
fn headline(state: &State, entry: SourceFile, decl: &Declaration) -> String {
    let syms = symbols(state.ws.db(), entry);
    match &decl.occurrence.target {
        Target::Field(name) => {
            let (ty, optional) = syms
                .field(name)
                .map(|f| (f.ty.describe(), f.optional))
                .unwrap_or_default();
            let optional = if optional { ", optional" } else { "" };
            format!("**lead field** `{name}` — {ty}{optional}")
        }
        Target::Stream(name) => {
            let kinds = syms
                .stream(name)
                .map(|s| {
                    s.kinds
                        .iter()
                        .map(|k| format!("\"{k}\""))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            if kinds.is_empty() {
                format!("**event stream** `{name}`")
            } else {
                format!("**event stream** `{name}` — kinds {}", kinds.join(", "))
            }
        }
        Target::EventKind(stream, kind) => format!("**kind of {stream}** \"{kind}\""),
        Target::EventField(stream, field) => {
            let ty = syms
                .stream(stream)
                .and_then(|s| s.field(field))
                .map(|t| format!(" — {}", t.describe()))
                .unwrap_or_default();
            format!("**field of {stream}** `{field}`{ty}")
        }
        Target::Definition(name) => {
            let kind = match decl.occurrence.kind {
                DefKind::Stage => "stage",
                other => other.describe(),
            };
            format!("**{kind}** `{name}`")
        }
        Target::Reason(code) => format!("**rejection reason** `{code}`"),
        Target::Tier(n) => format!("**tier {n}**"),
        Target::File(path) => format!("**imported file** `{path}`"),
    }
}

/// At most [`HOVER_LINES`] lines of a declaration.
fn excerpt(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    if lines.len() <= HOVER_LINES {
        return source.trim_end().to_string();
    }
    let mut out = lines[..HOVER_LINES].join("\n");
    out.push_str(&format!("\n# … {} more lines", lines.len() - HOVER_LINES));
    out
}

/// A declaration that starts inside a line (a field of the schema) loses
/// the indentation of its first line; the others lose as much.
fn dedent(source: &str, t: &crate::state::FileText, start: u32) -> String {
    let pos = t.index.position(&t.text, start as usize);
    let indent = pos.character as usize;
    if indent == 0 {
        return source.to_string();
    }
    source
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_string()
            } else {
                let cut = l.len() - l.trim_start_matches(' ').len();
                l.get(cut.min(indent)..).unwrap_or(l).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The comment lines a file starts with, without their `#`: what the
/// file says it is.
fn leading_comment(text: &str) -> String {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .take(HOVER_LINES)
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn folder(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => path.get(..=i).unwrap_or("").to_string(),
        None => String::new(),
    }
}

/// A path as a hover shows it: relative to the hovered document's folder
/// when it lies inside it.
pub(crate) fn shown(path: &str, dir: &str) -> String {
    match path.strip_prefix(dir) {
        Some(rest) if !dir.is_empty() => rest.to_string(),
        _ => path.to_string(),
    }
}
