//! The parser: text → [`ast::Policy`] plus diagnostics, never failing.
//!
//! 1. [`prepare`] makes a same-length working copy of the text (tabs become
//!    spaces, so byte offsets stay exact), reporting tab indentation and
//!    strings without a closing quote.
//! 2. [`split_blocks`] cuts the file into top-level blocks: a block starts at
//!    a line whose first character (column 0) is not a space or `#`.
//! 3. Each block is parsed with the pest grammar (`grammar/accord.pest`,
//!    rule `block`) and lowered to an [`ast::Item`] ([`lower`]). A block that
//!    does not parse produces one diagnostic ([`errors`]) and is left out;
//!    the other blocks are still read (error recovery per block).
//!
//! Comments are collected separately by [`scan_comments`].

mod errors;
mod lower;
mod lower_cond;
mod lower_ops;
mod tree;

use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/accord.pest"]
pub(crate) struct AccordParser;

/// Guard against pathological inputs (deep nesting, huge lines).
const CALL_LIMIT: usize = 5_000_000;

/// Parses one file. See the module docs.
pub fn parse(file: FileId, text: &str) -> (ast::Policy, Vec<Diagnostic>) {
    pest::set_call_limit(std::num::NonZeroUsize::new(CALL_LIMIT));
    let mut diagnostics = Vec::new();
    let (clean, broken_lines) = prepare(file, text, &mut diagnostics);
    let mut items = Vec::new();
    for (start, end) in split_blocks(&clean) {
        let Some(slice) = clean.get(start..end) else {
            continue;
        };
        let has_broken_string = broken_lines.iter().any(|&at| at >= start && at < end);
        match AccordParser::parse(Rule::block, slice) {
            Ok(mut pairs) => {
                let mut lowerer = lower::Lowerer::new(file, start, &mut diagnostics);
                if let Some(item) = pairs.next().and_then(|block| lowerer.block(block)) {
                    items.push(item);
                }
            }
            Err(error) if !has_broken_string => {
                diagnostics.push(errors::translate(&error, file, start, slice));
            }
            Err(_) => {}
        }
    }
    let comments = scan_comments(file, text);
    (
        ast::Policy {
            file,
            items,
            comments,
        },
        diagnostics,
    )
}

/// A same-length copy of `text` with tabs as spaces; reports tab
/// indentation and unterminated strings. Returns the copy and the offsets
/// of lines whose string is unterminated.
fn prepare(file: FileId, text: &str, diagnostics: &mut Vec<Diagnostic>) -> (String, Vec<usize>) {
    let mut broken = Vec::new();
    let mut offset = 0usize;
    let mut reported_tab = false;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let indent_len = content.len() - content.trim_start_matches([' ', '\t']).len();
        let indent = content.get(..indent_len).unwrap_or("");
        if indent.contains('\t') && !reported_tab {
            reported_tab = true;
            let tab = indent.find('\t').unwrap_or(0);
            let mixed = indent.contains(' ') || text.lines().any(|l| l.starts_with(' '));
            let message = if mixed {
                "this line is indented with a tab, but other lines use spaces"
            } else {
                "this line is indented with a tab"
            };
            diagnostics.push(
                Diagnostic::error("accord::syntax::tab-indent", Span::new(file, offset + tab, offset + tab + 1), message)
                    .with_label("tab here")
                    .with_help("indent with spaces only (two spaces per level is the convention); tabs and spaces look alike but line up differently"),
            );
        }
        if let Some(quote) = unterminated_quote(content) {
            broken.push(offset);
            diagnostics.push(
                Diagnostic::error(
                    "accord::syntax::unterminated-string",
                    Span::new(file, offset + quote, offset + content.len()),
                    "this text has no closing quote",
                )
                .with_label("the text starts here and runs to the end of the line")
                .with_help(
                    "add a `\"` where the text ends; text in quotes must end on the same line",
                ),
            );
        }
        offset += line.len();
    }
    (text.replace('\t', " "), broken)
}

/// Byte offset of a `"` on this line that is never closed (outside comments).
fn unterminated_quote(line: &str) -> Option<usize> {
    let mut open: Option<usize> = None;
    for (i, c) in line.char_indices() {
        match (c, open) {
            ('"', None) => open = Some(i),
            ('"', Some(_)) => open = None,
            ('#', None) => return None,
            _ => {}
        }
    }
    open
}

/// Byte ranges of the top-level blocks of `text`.
pub(crate) fn split_blocks(text: &str) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    let mut current: Option<usize> = None;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let starts_block = line
            .chars()
            .next()
            .is_some_and(|c| !matches!(c, ' ' | '\t' | '#' | '\n' | '\r'));
        if starts_block {
            if let Some(start) = current.take() {
                blocks.push((start, offset));
            }
            current = Some(offset);
        }
        offset += line.len();
    }
    if let Some(start) = current {
        blocks.push((start, text.len()));
    }
    blocks
}

/// Every `# comment` outside strings, with its span (text without `#`).
pub fn scan_comments(file: FileId, text: &str) -> Vec<ast::Comment> {
    let mut comments = Vec::new();
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let mut in_string = false;
        for (i, c) in content.char_indices() {
            match c {
                '"' => in_string = !in_string,
                '#' if !in_string => {
                    let body = content.get(i + 1..).unwrap_or("");
                    comments.push(ast::Comment {
                        text: body.to_string(),
                        span: Span::new(file, offset + i, offset + content.len()),
                    });
                    break;
                }
                _ => {}
            }
        }
        offset += line.len();
    }
    comments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_split_at_column_zero() {
        let text = "# intro\nfit a:\n  x is 1\n\n# note\nfit b:\n  y is 2\n";
        let blocks = split_blocks(text);
        assert_eq!(blocks.len(), 2);
        assert!(text[blocks[0].0..blocks[0].1].starts_with("fit a:"));
        assert!(text[blocks[1].0..blocks[1].1].starts_with("fit b:"));
    }

    #[test]
    fn comments_skip_strings() {
        let c = scan_comments(FileId(0), "list x: \"a#b\" # real\n");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].text, " real");
    }
}
