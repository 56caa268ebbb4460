//! The outline of an agreement (document symbols: each definition, with
//! its fields, event streams, reason codes or tiers inside) and its folding
//! ranges (each definition, and each run of comment lines).

use accord_check::db::DefKind;
use accord_check::ide::{self, Occurrence, Target};
use accord_check::parse::{def_item, def_offsets, definitions, kind_and_name, split_chunks};
use accord_syntax::ast::Item;
use lsp_types::{DocumentSymbol, FoldingRange, FoldingRangeKind, SymbolKind};

use crate::state::{Document, State};

pub fn document_symbols(state: &State, path: &str) -> Vec<DocumentSymbol> {
    let (Some(doc), Some(id)) = (state.docs.get(path), state.policy(path)) else {
        return Vec::new();
    };
    let db = state.ws.db();
    let file = id.entry();
    let offsets = def_offsets(db, file);
    let decls: Vec<Occurrence> = ide::file_occurrences(db, file, file)
        .into_iter()
        .filter(|o| o.declaration)
        .collect();
    let mut out = Vec::new();
    for def in definitions(db, file) {
        let Some(item) = def_item(db, *def).as_deref() else {
            continue;
        };
        let base = offsets.get(def.key(db)).copied().unwrap_or(0);
        let (start, end) = (item.span().start + base, item.span().end + base);
        let inside = |o: &&Occurrence| o.context.start >= start && o.context.end <= end;
        let own = decls
            .iter()
            .filter(inside)
            .find(|o| o.context.start == start && o.context.end == end);
        let mut top = match own {
            Some(o) => symbol(doc, o),
            None => block_symbol(doc, item, start, end),
        };
        // What the definition declares inside it: fields, streams (with
        // their event fields and kinds), reason codes, tiers.
        let mut children: Vec<DocumentSymbol> = Vec::new();
        let mut stream_end = 0;
        for o in decls.iter().filter(inside).filter(|o| Some(*o) != own) {
            let child = symbol(doc, o);
            match children.last_mut() {
                Some(stream) if o.context.end <= stream_end => {
                    stream.children.get_or_insert_with(Vec::new).push(child)
                }
                _ => {
                    if matches!(o.target, Target::Stream(_)) {
                        stream_end = o.context.end;
                    }
                    children.push(child);
                }
            }
        }
        if !children.is_empty() {
            top.children = Some(children);
        }
        out.push(top);
    }
    out
}

/// A block without a name of its own (`lead fields`, `tiers`, `rejection
/// reasons`, `agreement`, `import`…): named by what it is.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be given.
fn block_symbol(doc: &Document, item: &Item, start: u32, end: u32) -> DocumentSymbol {
    let (kind, name) = kind_and_name(item);
    let what = match kind {
        DefKind::Fields => "lead fields".to_string(),
        DefKind::Rejections => "rejection reasons".to_string(),
        DefKind::Import => format!("import \"{name}\""),
        other => other.describe().to_string(),
    };
    let header = doc
        .text
        .get(start as usize..end as usize)
        .and_then(|t| t.lines().next())
        .unwrap_or("");
    let range = doc.index.range(&doc.text, start as usize, end as usize);
    let selection_range = doc
        .index
        .range(&doc.text, start as usize, start as usize + header.len());
    DocumentSymbol {
        name: what,
        detail: None,
        kind: if kind == DefKind::Import {
            SymbolKind::FILE
        } else {
            SymbolKind::NAMESPACE
        },
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children: None,
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be given.
fn symbol(doc: &Document, o: &Occurrence) -> DocumentSymbol {
    let (name, kind, detail) = match &o.target {
        Target::Field(n) => (n.clone(), SymbolKind::FIELD, None),
        Target::Stream(n) => (n.clone(), SymbolKind::STRUCT, Some("events".to_string())),
        Target::EventField(_, n) => (n.clone(), SymbolKind::FIELD, None),
        Target::EventKind(_, k) => (format!("\"{k}\""), SymbolKind::ENUM_MEMBER, None),
        Target::Definition(n) => {
            let kind = match o.kind {
                DefKind::List => SymbolKind::ARRAY,
                DefKind::Calendar => SymbolKind::OBJECT,
                DefKind::Metric | DefKind::Score => SymbolKind::NUMBER,
                DefKind::Sla => SymbolKind::EVENT,
                _ => SymbolKind::FUNCTION,
            };
            let what = if o.kind == DefKind::Stage {
                "stage"
            } else {
                o.kind.describe()
            };
            (n.clone(), kind, Some(what.to_string()))
        }
        Target::Reason(c) => (
            c.clone(),
            SymbolKind::ENUM_MEMBER,
            Some("reason".to_string()),
        ),
        Target::Tier(n) => (format!("tier {n}"), SymbolKind::ENUM_MEMBER, None),
        Target::File(p) => (p.clone(), SymbolKind::FILE, None),
    };
    let range = doc
        .index
        .range(&doc.text, o.context.start as usize, o.context.end as usize);
    let selection_range = doc
        .index
        .range(&doc.text, o.span.start as usize, o.span.end as usize);
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children: None,
    }
}

/// Each definition that spans lines, and each run of two or more comment
/// lines, folds.
pub fn folding_ranges(state: &State, path: &str) -> Vec<FoldingRange> {
    let Some(doc) = state.docs.get(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for chunk in split_chunks(&doc.text) {
        let start = doc.index.position(&doc.text, chunk.start as usize).line;
        let end = doc
            .index
            .position(&doc.text, chunk.start as usize + chunk.text.len())
            .line;
        if end > start {
            out.push(FoldingRange {
                start_line: start,
                end_line: end,
                kind: Some(FoldingRangeKind::Region),
                ..Default::default()
            });
        }
    }
    let mut run: Option<(u32, u32)> = None;
    let lines = doc.text.lines().chain(std::iter::once(""));
    for (i, line) in lines.enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        if line.trim_start().starts_with('#') {
            run = Some(run.map_or((i, i), |(s, _)| (s, i)));
        } else if let Some((s, e)) = run.take() {
            if e > s {
                out.push(FoldingRange {
                    start_line: s,
                    end_line: e,
                    kind: Some(FoldingRangeKind::Comment),
                    ..Default::default()
                });
            }
        }
    }
    out.sort_by_key(|r| (r.start_line, r.end_line));
    out
}
