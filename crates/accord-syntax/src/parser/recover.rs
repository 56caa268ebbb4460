//! Error recovery inside one block. A block that does not parse is left out
//! of the policy, but one mistake should not hide the next: after reporting
//! an error on a body line, that line (and the lines indented under it, which
//! belong to it) is blanked out in a working copy and the block is parsed
//! again, until it parses or the error no longer moves forward. Blanking
//! keeps every byte offset, so later errors point at the real text.

use super::errors;
use super::grammar::{AccordParser, Rule};
use crate::diagnostic::Diagnostic;
use crate::span::FileId;
use pest::error::{Error, ErrorVariant};
use pest::Parser;

/// At most this many errors are reported for one block.
const MAX_ERRORS_PER_BLOCK: usize = 8;

/// Reports the errors of `block` (which failed to parse, or had lines
/// blanked already), at most one per body line. `first` is the error of
/// parsing `block` as it is, when the caller has it already (so the block
/// is not parsed twice for the same error).
pub(crate) fn report_errors(
    file: FileId,
    base: usize,
    block: &str,
    first: Option<Error<Rule>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut text = block.to_string();
    let mut last_line_end = 0usize;
    let mut known = first;
    for round in 0..MAX_ERRORS_PER_BLOCK {
        let parsed = match known.take() {
            Some(e) => Err(e),
            None => AccordParser::parse(Rule::block, &text).map(|_| ()),
        };
        let error = match parsed {
            Ok(()) => return,
            Err(e) => e,
        };
        let diagnostic = errors::translate(&error, file, base, &text);
        // Where the mistake is shown (for "the line ends" that is the last
        // word of the line, not the start of the next one).
        let at = (diagnostic.span.start as usize)
            .saturating_sub(base)
            .min(text.len());
        if round > 0 && at <= last_line_end {
            // No progress: whatever follows is a consequence of the blanking.
            return;
        }
        diagnostics.push(diagnostic);
        let (start, end) = line_bounds(&text, at);
        if start == 0 || needs_header_line(&error) {
            // The header (or a trigger's `any of:` line) is wrong; the body
            // cannot be read without it.
            return;
        }
        last_line_end = blank_line_and_children(&mut text, start, end);
    }
}

/// Whether the error is a missing header line inside the body (a trigger's
/// `any of:`), after which every other line would be reported too.
fn needs_header_line(error: &Error<Rule>) -> bool {
    matches!(&error.variant, ErrorVariant::ParsingError { positives, .. } if positives.contains(&Rule::trigger_head))
}

/// Blanks the given lines of `text` (each byte but newlines becomes a space;
/// lines are whole, so the text stays valid UTF-8).
pub(crate) fn blank_lines(text: &str, lines: &[(usize, usize)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &(start, end) in lines {
        for b in bytes.iter_mut().take(end).skip(start) {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// The byte range of the line holding `pos` (without its newline).
pub(crate) fn line_bounds(text: &str, pos: usize) -> (usize, usize) {
    let start = text
        .get(..pos)
        .and_then(|b| b.rfind('\n'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let end = text
        .get(pos..)
        .and_then(|r| r.find('\n'))
        .map(|i| pos + i)
        .unwrap_or(text.len());
    (start, end)
}

/// Blanks the line `start..end` and the lines after it that are indented
/// deeper (its continuation lines or children). Returns the end of the last
/// blanked line.
fn blank_line_and_children(text: &mut String, start: usize, end: usize) -> usize {
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let own = text.get(start..end).map(indent).unwrap_or(0);
    let mut ranges = vec![(start, end)];
    let mut last_end = end;
    let mut offset = end + 1;
    while offset < text.len() {
        let (s, e) = line_bounds(text, offset);
        let line = text.get(s..e).unwrap_or("");
        if !line.trim().is_empty() {
            if indent(line) <= own || line.trim_start().starts_with('#') {
                break;
            }
            ranges.push((s, e));
            last_end = e;
        }
        offset = e + 1;
    }
    *text = blank_lines(text, &ranges);
    last_end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(block: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        report_errors(FileId(0), 0, block, None, &mut out);
        // Given the first error, the same errors (the block parsed once less).
        let first = AccordParser::parse(Rule::block, block).err();
        let mut given = Vec::new();
        report_errors(FileId(0), 0, block, first, &mut given);
        assert_eq!(out, given);
        out
    }

    #[test]
    fn two_bad_lines_two_errors() {
        let block =
            "fit icp:\n  employees >= 20\n  industry is one of \"SaaS\"\n  country == \"US\"\n";
        let found = errors_of(block);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(&block[found[1].span.range()], "==");
    }

    #[test]
    fn children_of_a_bad_line_go_with_it() {
        let block = "score s:\n  fit weighs 40% when\n    +10 when x is 1\n  decays 10% every 30 days without activity\n";
        let found = errors_of(block);
        assert_eq!(found.len(), 1, "{found:#?}");
    }

    #[test]
    fn blanking_keeps_offsets() {
        let text = "ab\ncdé\nef";
        let blanked = blank_lines(text, &[(3, 7)]);
        assert_eq!(blanked.len(), text.len());
        assert_eq!(blanked, "ab\n    \nef");
    }
}
