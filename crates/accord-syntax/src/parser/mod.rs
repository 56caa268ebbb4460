//! The parser: text → [`ast::Policy`] plus diagnostics, never failing.
//!
//! 1. [`prepare`] makes a same-length working copy of the text (tabs become
//!    spaces, so byte offsets stay exact), reporting tab indentation and
//!    strings without a closing quote.
//! 2. [`split_blocks`] cuts the file into top-level blocks: a block starts at
//!    a line whose first character (column 0) is not a space or `#`.
//!    Indented lines before the first block belong to nothing and are
//!    reported (`accord::syntax::stray-indent`).
//! 3. Each block is parsed with the pest grammar (`grammar/accord.pest`,
//!    rule `block`) and lowered to an [`ast::Item`] ([`lower`], [`lower_cond`],
//!    [`lower_ops`]). A block that does not parse is left out; its errors are
//!    translated into words ([`errors`], [`spelling`]) and [`recover`] finds
//!    the further mistakes in it, one per clause line. The other blocks are
//!    still read (error recovery per block).
//!
//! Blocks nested deeper than [`MAX_NESTING`] are refused before parsing
//! (`accord::syntax::too-deep`), so recursion stays bounded. Comments are
//! collected separately by [`scan_comments`].

mod errors;
mod grammar;
mod indent;
mod lines;
mod lower;
mod lower_cond;
pub use indent::strip_comment;
pub use lines::line_starts;
pub use lower_cond::MAX_NUMBER;
mod lower_ops;
mod other_words;
mod phrases;
mod recover;
mod spelling;
mod tree;

use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};
use grammar::{AccordParser, Rule};
use pest::Parser;

/// Guard against pathological inputs (huge lines).
const CALL_LIMIT: usize = 5_000_000;

/// Deepest nesting of brackets, `not`s and `list of`s a block may have. The
/// parser and the lowering recurse once per level; this keeps them far from
/// the end of a 2 MB thread stack (about 60 levels in a debug build).
const MAX_NESTING: usize = 32;

/// Parses one file. See the module docs.
pub fn parse(file: FileId, text: &str) -> (ast::Policy, Vec<Diagnostic>) {
    pest::set_call_limit(std::num::NonZeroUsize::new(CALL_LIMIT));
    let mut diagnostics = Vec::new();
    let (clean, broken_lines) = prepare(file, text, &mut diagnostics);
    // A byte-order mark (some editors on Windows write one) is not text.
    let bom = if clean.starts_with('\u{feff}') { 3 } else { 0 };
    let blocks: Vec<(usize, usize)> = split_blocks(clean.get(bom..).unwrap_or(""))
        .into_iter()
        .map(|(s, e)| (s + bom, e + bom))
        .collect();
    report_stray_lines(
        file,
        &clean,
        bom,
        blocks.first().map(|b| b.0),
        &mut diagnostics,
    );
    let mut items = Vec::new();
    for (start, end) in blocks {
        let Some(slice) = clean.get(start..end) else {
            continue;
        };
        // Lines of this block whose text has no closing quote (already
        // reported): blank them and look for further mistakes.
        let broken: Vec<(usize, usize)> = broken_lines
            .iter()
            .filter(|&&at| at >= start && at < end)
            .map(|&at| recover::line_bounds(slice, at - start))
            .collect();
        if !broken.is_empty() {
            if broken.iter().all(|&(s, _)| s > 0) {
                let rest = recover::blank_lines(slice, &broken);
                recover::report_errors(file, start, &rest, None, &mut diagnostics);
            }
            continue;
        }
        if let Some((s, e)) = too_deep(slice) {
            diagnostics.push(
                Diagnostic::error(
                    "accord::syntax::too-deep",
                    Span::new(file, start + s, start + e),
                    "this condition is nested too deeply to read",
                )
                .with_label("too many brackets or `not`s inside each other")
                .with_help(format!(
                    "split it into named definitions (a `fit` or a `trigger`) and refer to them by name; at most {MAX_NESTING} brackets and `not`s may be nested"
                )),
            );
            continue;
        }
        match AccordParser::parse(Rule::block, slice) {
            Ok(mut pairs) => {
                let before = diagnostics.len();
                let block = pairs.next();
                // Tabs were already reported (and read as one space each,
                // which would misalign the lines a second time).
                let has_tab = text.get(start..end).is_some_and(|t| t.contains('\t'));
                if let Some(b) = block.as_ref().filter(|_| !has_tab) {
                    indent::check(file, start, slice, b, &mut diagnostics);
                }
                let mut lowerer = lower::Lowerer::new(file, start, &mut diagnostics);
                match block.and_then(|block| lowerer.block(block)) {
                    Some(item) => items.push(item),
                    // Never silently: a definition that parsed but could not
                    // be read says so (a bug in the parser, not the policy).
                    None if diagnostics.len() == before => {
                        diagnostics.push(unreadable(file, start, slice))
                    }
                    None => {}
                }
            }
            Err(e) if is_call_limit(&e) => diagnostics.push(too_large(file, start, slice)),
            Err(e) => recover::report_errors(file, start, slice, Some(e), &mut diagnostics),
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

/// Whether pest gave up because the block needs more than [`CALL_LIMIT`]
/// steps (a definition far larger than any agreement needs), not because
/// of a mistake in it.
fn is_call_limit(e: &pest::error::Error<Rule>) -> bool {
    matches!(&e.variant, pest::error::ErrorVariant::CustomError { message } if message.contains("call limit"))
}

/// The diagnostic for a definition too large to parse.
fn too_large(file: FileId, start: usize, block: &str) -> Diagnostic {
    let first_line = block.find('\n').unwrap_or(block.len()).max(1);
    let lines = block.lines().count();
    Diagnostic::error(
        "accord::syntax::too-large",
        Span::new(file, start, start + first_line.min(block.len().max(1))),
        format!(
            "this definition is too large to read ({lines} line{}, {} characters)",
            if lines == 1 { "" } else { "s" },
            block.len()
        ),
    )
    .with_label("too large")
    .with_help("split it into several smaller definitions (e.g. several lists, or named fits and triggers referred to by name)")
}

/// The diagnostic for a definition that parsed but could not be turned into
/// the syntax tree (should not happen; reported rather than dropped).
fn unreadable(file: FileId, start: usize, block: &str) -> Diagnostic {
    let first_line = block.find('\n').unwrap_or(block.len()).max(1);
    Diagnostic::error(
        "accord::syntax::unreadable",
        Span::new(file, start, start + first_line.min(block.len().max(1))),
        "this definition could not be read",
    )
    .with_label("left out")
    .with_help(
        "this is a fault in Accord, not in the policy: please report it with this definition",
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

/// Reports the first non-blank, non-comment line before the first block:
/// it is indented, so it belongs to no definition.
fn report_stray_lines(
    file: FileId,
    text: &str,
    from: usize,
    first_block: Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let before = text
        .get(from..first_block.unwrap_or(text.len()))
        .unwrap_or("");
    let mut offset = from;
    for line in before.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            let start = offset + (content.len() - trimmed.len());
            let end = start + trimmed.find(" #").unwrap_or(trimmed.len());
            diagnostics.push(
                Diagnostic::error(
                    "accord::syntax::stray-indent",
                    Span::new(file, start, end.max(start + 1)),
                    "this line is indented, but no definition starts above it",
                )
                .with_label("indented line outside any definition")
                .with_help("start a definition at the beginning of a line (no spaces before its keyword, e.g. `fit icp:`); indent only the lines that belong to it"),
            );
            return;
        }
        offset += line.len();
    }
}

/// Where a block nests deeper than [`MAX_NESTING`]: the byte range of the
/// word or bracket that goes too deep. Counts brackets across the block
/// (outside quotes and comments), plus `not` and `list` words per line.
fn too_deep(block: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut offset = 0usize;
    for line in block.split_inclusive('\n') {
        let mut words = 0usize;
        let mut in_string = false;
        let mut word_start: Option<usize> = None;
        for (i, c) in line.char_indices() {
            let at = offset + i;
            let word_char = c.is_ascii_alphanumeric() || c == '_';
            if let (Some(ws), false) = (word_start, word_char) {
                if matches!(line.get(ws..i), Some("not" | "list")) {
                    words += 1;
                    if depth + words > MAX_NESTING {
                        return Some((offset + ws, at));
                    }
                }
                word_start = None;
            }
            match c {
                '"' => in_string = !in_string,
                _ if in_string => {}
                '#' => break,
                '(' => {
                    depth += 1;
                    if depth + words > MAX_NESTING {
                        return Some((at, at + 1));
                    }
                }
                ')' => depth = depth.saturating_sub(1),
                _ if word_char && word_start.is_none() => word_start = Some(i),
                _ => {}
            }
        }
        offset += line.len();
    }
    None
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
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("mql \"x\" when {}y{}\n", "(".repeat(40), ")".repeat(40));
        let (s, e) = too_deep(&deep).expect("too deep");
        assert_eq!(&deep[s..e], "(");
        let nots = format!("fit x:\n  {}y\n", "not ".repeat(40));
        assert!(too_deep(&nots).is_some());
        let fine = "fit x:\n  not (a is 1 or not b)\n  not c\n  \"((((\" # ((((\n";
        assert!(too_deep(fine).is_none());
        let (_, diagnostics) = parse(FileId(0), &deep);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, "accord::syntax::too-deep");
    }

    #[test]
    fn a_byte_order_mark_is_not_text() {
        let (policy, diagnostics) = parse(FileId(0), "\u{feff}fit icp:\n  x is 1\n");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(policy.items.len(), 1);
        assert_eq!(policy.items[0].span().start, 3);
    }

    #[test]
    fn comments_skip_strings() {
        let c = scan_comments(FileId(0), "list x: \"a#b\" # real\n");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].text, " real");
    }
}
