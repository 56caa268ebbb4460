//! Parsing, one top-level block at a time, and the per-file list of
//! definitions.
//!
//! # How per-definition incrementality works
//!
//! A file is split into *chunks*: a chunk starts at a line that begins in
//! column 0 with something other than `#` (a definition keyword, by the
//! language's layout rule) and runs to the next such line, minus trailing
//! blank lines and column-0 comment lines. Each chunk's text is interned
//! ([`ChunkText`]) and parsed on its own by [`parse_chunk`], so every span
//! in a chunk's AST is *relative to the chunk start*.
//!
//! - Editing one definition changes one chunk's text: only that chunk is
//!   re-parsed. Every other chunk has the same interned text, hence the
//!   same (memoized) AST, even if it moved because the edit changed the
//!   length of the file.
//! - [`def_item`] hands a definition's AST to the checks. It re-runs after
//!   every edit of the file (it reads [`file_defs`], which knows the
//!   current offsets) but returns an equal value for an unchanged
//!   definition, so salsa *backdates* it and no check that reads it
//!   re-executes.
//! - Comments and blank lines between definitions are not part of any
//!   chunk: editing them changes no definition at all.
//! - Checks report spans relative to their definition ([`crate::db::Anchor`]);
//!   the edge adds the definition's current offset ([`def_offsets`]).
//!
//! [`parse_file`] parses a whole file the ordinary way; only
//! [`crate::load::Workspace::resolved`] uses it, for the evaluator.

use std::collections::HashMap;
use std::sync::Arc;

use accord_syntax::ast::{self, Item};
use accord_syntax::{Diagnostic, FileId};

use crate::db::{Anchor, DefKey, DefKind, Definition, Reported, SourceFile};

/// One top-level block of a file, as text, with its byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub start: u32,
    pub text: String,
}

/// Splits a file into top-level chunks (see the module docs).
pub fn split_chunks(text: &str) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    // (start offset, end offset of the last significant line)
    let mut current: Option<(usize, usize)> = None;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end();
        let trimmed = content.trim_start();
        let blank = trimmed.is_empty();
        let column0 = !line.starts_with([' ', '\t']);
        let comment_at_0 = column0 && trimmed.starts_with('#');
        let header = column0 && !blank && !comment_at_0;
        let content_end = line_start + content.len();
        if header {
            if let Some((s, e)) = current.take() {
                push_chunk(&mut chunks, text, s, e);
            }
            current = Some((line_start, content_end));
        } else if blank || comment_at_0 {
            // Between definitions unless something significant follows.
        } else {
            match current.as_mut() {
                Some((_, e)) => *e = content_end,
                // Indented text before any header: a chunk of its own, so
                // the parser reports it.
                None => current = Some((line_start, content_end)),
            }
        }
    }
    if let Some((s, e)) = current {
        push_chunk(&mut chunks, text, s, e);
    }
    chunks
}

fn push_chunk(chunks: &mut Vec<Chunk>, text: &str, start: usize, end: usize) {
    if let Some(t) = text.get(start..end) {
        chunks.push(Chunk {
            start: start as u32,
            text: t.to_string(),
        });
    }
}

/// A chunk's text (and the file id its spans carry): equal text, equal id.
#[salsa::interned(debug)]
pub struct ChunkText<'db> {
    #[returns(copy)]
    pub file_id: FileId,
    #[returns(ref)]
    pub text: String,
}

/// A parsed chunk; spans are relative to the chunk start.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedChunk {
    /// Shared, so that handing an item to a check is cheap.
    pub items: Vec<Arc<Item>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one chunk (memoized by its text).
#[salsa::tracked(returns(ref))]
pub fn parse_chunk<'db>(db: &'db dyn salsa::Database, chunk: ChunkText<'db>) -> ParsedChunk {
    let mut text = chunk.text(db).clone();
    text.push('\n');
    let (policy, diagnostics) = accord_syntax::parse(chunk.file_id(db), &text);
    ParsedChunk {
        items: policy.items.into_iter().map(Arc::new).collect(),
        diagnostics,
    }
}

/// Where one definition of a file lives right now.
#[derive(Clone, Debug, PartialEq, salsa::SalsaValue)]
pub struct DefEntry<'db> {
    pub key: DefKey,
    pub chunk: ChunkText<'db>,
    /// Index of the item in the chunk's parse.
    pub item: usize,
    /// Byte offset of the chunk in the file.
    pub start: u32,
}

/// Every chunk and definition of a file, with current offsets. Changes on
/// every edit of the file; only cheap functions read it.
#[derive(Clone, Debug, PartialEq, salsa::SalsaValue)]
pub struct FileDefs<'db> {
    pub chunks: Vec<(ChunkText<'db>, u32)>,
    pub defs: Vec<DefEntry<'db>>,
    pub index: HashMap<DefKey, usize>,
}

#[salsa::tracked(returns(ref))]
pub fn file_defs(db: &dyn salsa::Database, file: SourceFile) -> FileDefs<'_> {
    let file_id = file.file_id(db);
    let mut chunks = Vec::new();
    let mut defs = Vec::new();
    let mut index = HashMap::new();
    let mut seen: HashMap<(DefKind, String), u32> = HashMap::new();
    for chunk in split_chunks(file.text(db)) {
        let interned = ChunkText::new(db, file_id, chunk.text);
        chunks.push((interned, chunk.start));
        for (i, item) in parse_chunk(db, interned).items.iter().enumerate() {
            let (kind, name) = kind_and_name(item);
            let count = seen.entry((kind, name.clone())).or_insert(0);
            let key = DefKey {
                kind,
                name,
                occurrence: *count,
            };
            *count += 1;
            index.insert(key.clone(), defs.len());
            defs.push(DefEntry {
                key,
                chunk: interned,
                item: i,
                start: chunk.start,
            });
        }
    }
    FileDefs {
        chunks,
        defs,
        index,
    }
}

/// The definitions of a file, in source order. Backdated when only
/// positions or bodies changed.
#[salsa::tracked(returns(ref))]
pub fn definitions(db: &dyn salsa::Database, file: SourceFile) -> Vec<Definition<'_>> {
    file_defs(db, file)
        .defs
        .iter()
        .map(|d| Definition::new(db, file, d.key.clone()))
        .collect()
}

/// A definition's AST, spans relative to its start. Equal (and so
/// backdated) whenever the definition's own text did not change.
#[salsa::tracked(returns(ref))]
pub fn def_item<'db>(db: &'db dyn salsa::Database, def: Definition<'db>) -> Option<Arc<Item>> {
    let defs = file_defs(db, def.file(db));
    let entry = defs
        .index
        .get(def.key(db))
        .and_then(|&i| defs.defs.get(i))?;
    parse_chunk(db, entry.chunk).items.get(entry.item).cloned()
}

/// Current offset of every definition of a file (edge only).
pub fn def_offsets(db: &dyn salsa::Database, file: SourceFile) -> HashMap<DefKey, u32> {
    file_defs(db, file)
        .defs
        .iter()
        .map(|d| (d.key.clone(), d.start))
        .collect()
}

/// Reports the syntax diagnostics of every chunk of a file.
#[salsa::tracked]
pub fn file_syntax(db: &dyn salsa::Database, file: SourceFile) {
    use salsa::Accumulator;
    for (chunk, start) in &file_defs(db, file).chunks {
        for d in &parse_chunk(db, *chunk).diagnostics {
            let mut d = d.clone();
            shift(&mut d, *start);
            let related = vec![Anchor::File; d.related.len()];
            Reported {
                diagnostic: d,
                anchor: Anchor::File,
                related,
            }
            .accumulate(db);
        }
    }
}

/// Moves a diagnostic (and its related spans) by `by` bytes.
pub fn shift(d: &mut Diagnostic, by: u32) {
    d.span.start += by;
    d.span.end += by;
    for r in &mut d.related {
        r.span.start += by;
        r.span.end += by;
    }
}

/// The whole file parsed in one go (absolute spans), for the evaluator.
#[salsa::tracked(returns(ref))]
pub fn parse_file(db: &dyn salsa::Database, file: SourceFile) -> ast::Policy {
    accord_syntax::parse(file.file_id(db), file.text(db)).0
}

/// The identity parts of an item.
pub fn kind_and_name(item: &Item) -> (DefKind, String) {
    match item {
        Item::Import(x) => (DefKind::Import, x.path.value.clone()),
        Item::Agreement(_) => (DefKind::Agreement, String::new()),
        Item::Fields(_) => (DefKind::Fields, String::new()),
        Item::Calendar(x) => (DefKind::Calendar, x.name.name.clone()),
        Item::List(x) => (DefKind::List, x.name.name.clone()),
        Item::Fit(x) => (DefKind::Fit, x.name.name.clone()),
        Item::Score(x) => (DefKind::Score, x.name.name.clone()),
        Item::Trigger(x) => (DefKind::Trigger, x.name.name.clone()),
        Item::Exclusion(x) => (DefKind::Exclusion, x.name.name.clone()),
        Item::Stage(x) => (DefKind::Stage, stage_name(x.kind).to_string()),
        Item::Tiers(_) => (DefKind::Tiers, String::new()),
        Item::Sla(x) => (DefKind::Sla, x.name.name.clone()),
        Item::Persistence(_) => (DefKind::Persistence, String::new()),
        Item::Rejections(_) => (DefKind::Rejections, String::new()),
        Item::Recycling(_) => (DefKind::Recycling, String::new()),
        Item::Handoff(_) => (DefKind::Handoff, String::new()),
        Item::Metric(x) => (DefKind::Metric, x.name.name.clone()),
        Item::Breach(x) => (DefKind::Breach, x.name.name.clone()),
        Item::Drift(x) => (DefKind::Drift, x.name.name.clone()),
    }
}

pub fn stage_name(kind: ast::StageKind) -> &'static str {
    match kind {
        ast::StageKind::Mql => "mql",
        ast::StageKind::Sal => "sal",
        ast::StageKind::Sql => "sql",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_skip_comments_and_blank_lines_between_definitions() {
        let text = "# header\nfit a:\n  x is 1\n  # inner\n  y is 2\n\n# between\nlist l: \"a\"\n";
        let chunks = split_chunks(text);
        let texts: Vec<&str> = chunks.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["fit a:\n  x is 1\n  # inner\n  y is 2", "list l: \"a\""]
        );
        assert_eq!(chunks.first().map(|c| c.start), Some(9));
    }

    #[test]
    fn indented_text_before_any_header_is_its_own_chunk() {
        let chunks = split_chunks("  stray\nfit a:\n  x is 1\n");
        assert_eq!(chunks.len(), 2);
    }
}
