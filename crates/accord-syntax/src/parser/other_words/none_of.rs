//! `none of:` and `not any of:`, a group turned round, which a policy does
//! not write: the same meaning is `all of` with `not` before each
//! condition under it (a trigger's `none of, within the last 30 days:`
//! too, its window kept). One right answer when every condition below is
//! one line.

use super::Instead;

/// `none of:` or `not any of:` over conditions indented below it (the
/// parser stopped at `of`, `rest` starts there), or heading a trigger
/// (`none of, within the last 30 days:`: it stopped at the first word):
/// a group is not turned round; the same meaning is `all of` (with the
/// trigger's window kept) and `not` before each condition (`not (…)`
/// round one with `and` or `or`, whose `not` binds tighter; `not x`
/// becomes `x`). Only when every condition below is one line at one
/// indentation (no group, no continuation, no comment): the replacement
/// covers the group's lines, otherwise unchanged.
pub(super) fn none_of_group(line_before: &str, rest: &str, line_start: usize) -> Option<Instead> {
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let line = rest.get(..line_end)?.trim_end();
    let words = ["none", "not any"];
    let (written, head_start, head) = if line_before.trim().is_empty() {
        // A trigger's heading: the words and `of` are all in `rest`.
        let w = words
            .into_iter()
            .find(|w| line.strip_prefix(w).is_some_and(|r| r.starts_with(' ')))?;
        let head = line.get(w.len()..)?.trim_start();
        let window = head.strip_prefix("of,").is_some_and(|h| h.ends_with(':'));
        (head == "of:" || window).then_some(())?;
        (w, line_start + line_before.len(), head)
    } else {
        (line == "of:").then_some(())?;
        let before = line_before.trim_end();
        let w = words.into_iter().find(|w| {
            before
                .strip_suffix(w)
                .is_some_and(|h| h.is_empty() || h.ends_with(' '))
        })?;
        (w, line_start + before.len() - w.len(), line)
    };
    let indent = line_before.len() - line_before.trim_start().len();
    let mut write = format!("all {head}");
    // How much of `rest` the replacement has covered.
    let mut copied = line.len();
    let mut next = line_end;
    let mut child_indent = None;
    while let Some(line) = rest.get(next..).and_then(|r| r.strip_prefix('\n')) {
        let line = line.split('\n').next().unwrap_or("");
        let text = line.trim();
        let at = line.len() - line.trim_start().len();
        if text.is_empty() || at <= indent {
            break;
        }
        // A comment (a `)` after it would be part of it), a group, a
        // continuation: no one rewrite.
        if *child_indent.get_or_insert(at) != at || text.contains('#') || text.ends_with(':') {
            return None;
        }
        let text_at = next + 1 + at;
        write.push_str(rest.get(copied..text_at)?);
        if text.contains(" and ") || text.contains(" or ") {
            write.push_str(&format!("not ({text})"));
        } else if let Some(turned) = text.strip_prefix("not ") {
            write.push_str(turned.trim_start());
        } else {
            write.push_str(&format!("not {text}"));
        }
        copied = text_at + text.len();
        next += 1 + line.len();
    }
    child_indent?;
    let message = if written == "none" {
        String::from("a policy has no `none of` group")
    } else {
        String::from("`not` goes before a condition, not before a group")
    };
    Some(Instead::unexpected(
        head_start,
        line_start + line_before.len() + copied,
        write,
        message,
        format!(
            "for none of these conditions, write `all {head}` with `not` before each condition under it (`not (…)` round one with `and` or `or`)"
        ),
    ))
}
