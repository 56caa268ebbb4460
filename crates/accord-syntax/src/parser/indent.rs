//! Indentation of body lines, checked on the parse tree: a line may be
//! indented deeper than the line above it only when that line ends in `:`
//! (it opens a list: `any of:`, `fit weighs 40%:`, `activities are events:`),
//! and a line that comes back out must line up with an earlier level. Lines
//! that continue a clause (after a comma, before `or`, `and`, `unless`) are
//! not body lines and may be indented freely.
//!
//! Without this, a deeper line would silently join whatever list is open
//! (`icp` then an over-indented `lead_score …` read as two siblings), which
//! is rarely what the writer meant.
//!
//! The other way round, a line ending in `:` must have lines indented under
//! it (`accord::syntax::nothing-under`): an empty `fit`, `any of:`, score
//! part or calendar would otherwise be read as a list of nothing, which
//! passes every lead (an empty fit), passes none (an empty `any of:`), or
//! cannot be evaluated at all (a calendar that is never open).

use super::grammar::Rule;
use super::tree::P;
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};

/// Checks the body lines of one parsed block (`block` is its text, `base`
/// its offset in the file) and reports the first line that is out of line.
pub(crate) fn check(
    file: FileId,
    base: usize,
    block_text: &str,
    block: &P<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Every body-line break, in order: (start of the line's text, width).
    let mut lines: Vec<(usize, usize)> = block
        .clone()
        .into_inner()
        .flatten()
        .filter(|p| p.as_rule() == Rule::nl)
        .map(|p| {
            let width = p
                .clone()
                .into_inner()
                .find(|i| i.as_rule() == Rule::indent)
                .map_or(0, |i| i.as_str().len());
            (p.as_span().end(), width)
        })
        .collect();
    lines.sort_unstable();
    if let Some(line) = list_with_nothing_under(block_text, &lines) {
        report_nothing_under(file, base, line, diagnostics);
        return;
    }
    let mut levels: Vec<usize> = vec![0];
    for (start, width) in lines {
        let top = levels.last().copied().unwrap_or(0);
        if width > top {
            if levels.len() > 1 && !opens_list(block_text, start) {
                report(
                    file,
                    base,
                    block_text,
                    (start, width, top),
                    true,
                    diagnostics,
                );
                return;
            }
            levels.push(width);
        } else {
            while levels.last().is_some_and(|&l| l > width) {
                levels.pop();
            }
            if levels.last() != Some(&width) {
                report(
                    file,
                    base,
                    block_text,
                    (start, width, top),
                    false,
                    diagnostics,
                );
                return;
            }
        }
    }
}

/// Whether the last line with text before `start` ends in `:` (comments
/// aside).
fn opens_list(block_text: &str, start: usize) -> bool {
    block_text
        .get(..start)
        .unwrap_or("")
        .lines()
        .rev()
        .map(strip_comment)
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_end().ends_with(':'))
}

/// The first line (start, end of its text) that ends in `:` but has no
/// line indented deeper right below it (blank and comment-only lines
/// aside). The block's header counts: it is at indentation 0. A `:` the
/// clause goes on after (`…: route to "CSM"`, `list x:` then its values)
/// is followed by a continuation, not by a body line (`body_lines`, the
/// starts of the block's body lines), and continuations may be indented
/// freely.
fn list_with_nothing_under(
    block_text: &str,
    body_lines: &[(usize, usize)],
) -> Option<(usize, usize)> {
    // Every line with text: (start of its text, end of its text, indentation).
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in block_text.split_inclusive('\n') {
        let text = strip_comment(line).trim_end();
        let indent = text.len() - text.trim_start().len();
        if !text.trim_start().is_empty() {
            lines.push((offset + indent, offset + text.len(), indent));
        }
        offset += line.len();
    }
    lines
        .iter()
        .enumerate()
        .find_map(|(i, &(start, end, indent))| {
            let opens = block_text.get(start..end).is_some_and(|t| t.ends_with(':'));
            let next_is_fine = lines.get(i + 1).is_some_and(|&(next_start, _, next)| {
                next > indent || !body_lines.iter().any(|&(body, _)| body == next_start)
            });
            (opens && !next_is_fine).then_some((start, end))
        })
}

fn report_nothing_under(
    file: FileId,
    base: usize,
    (start, end): (usize, usize),
    diagnostics: &mut Vec<Diagnostic>,
) {
    diagnostics.push(
        Diagnostic::error(
            "accord::syntax::nothing-under",
            Span::new(file, base + start, base + end),
            "this line ends with `:` but nothing is indented under it",
        )
        .with_label("nothing is indented under this")
        .with_help("write the lines that belong to it below it, indented two spaces deeper (an empty list would pass every lead, or none), or delete it"),
    );
}

/// A line without its `# comment` (a `#` inside quotes is text). The one
/// definition of where a comment starts: the test-file reader and the
/// explanations' clause text use it too.
pub fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '#' if !in_string => return line.get(..i).unwrap_or(line),
            _ => {}
        }
    }
    line
}

fn report(
    file: FileId,
    base: usize,
    block_text: &str,
    (start, width, above): (usize, usize, usize),
    deeper: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let line_end = block_text
        .get(start..)
        .and_then(|r| r.find('\n'))
        .map_or(block_text.len(), |i| start + i);
    let text_end = block_text
        .get(start..line_end)
        .map_or(line_end, |l| start + strip_comment(l).trim_end().len());
    let span = Span::new(file, base + start, base + text_end.max(start + 1));
    let (message, help) = if deeper {
        (
            "this line is indented deeper than the line above, but nothing above opens a list",
            "indent it like the line above; only a line ending in `:` (such as `any of:` or `fit weighs 40%:`) takes deeper-indented lines below it, and a clause that goes on in the next line ends with a comma or goes on with `and` / `or`",
        )
    } else {
        (
            "this line does not line up with the lines above",
            "indent it exactly like the lines it belongs with",
        )
    };
    diagnostics.push(
        Diagnostic::error("accord::syntax::indentation", span, message)
            .with_label(format!(
                "indented by {width} spaces, the line above by {above}"
            ))
            .with_help(help),
    );
}

#[cfg(test)]
mod tests {
    use crate::{parse, FileId};

    /// An exclusion's colon before its route opens no list: the route may
    /// follow on a line of the same indentation (as a wrapped clause does).
    #[test]
    fn a_route_after_the_colon_is_not_a_list_with_nothing_under() {
        let text = "exclusion customer \"Customer\"\n    when status is \"customer\":\n    route to \"CSM\"\n";
        let (_, diagnostics) = parse(FileId(0), text);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        // A colon with nothing at all under it is still one.
        let (_, diagnostics) = parse(FileId(0), "fit icp \"ICP\":\n\nmql \"MQL\" when icp\n");
        assert!(
            diagnostics
                .iter()
                .any(|d| d.code == "accord::syntax::nothing-under"),
            "{diagnostics:#?}"
        );
    }
}
