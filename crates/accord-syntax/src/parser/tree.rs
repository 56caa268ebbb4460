//! Small helpers over pest pairs used by the lowering code (find children
//! by rule, read text, make spans) and over pest errors (where one points,
//! for the error translation and the recovery), and the token before the
//! place one points and whether the line ends there (which both the
//! translation and the everyday phrasings read). None of them can panic.

use super::grammar::Rule;
use pest::error::{Error, InputLocation};
use pest::iterators::Pair;

pub(crate) type P<'i> = Pair<'i, Rule>;

/// The direct children of a pair.
pub(crate) fn kids<'i>(p: &P<'i>) -> Vec<P<'i>> {
    p.clone().into_inner().collect()
}

/// The first direct child with this rule.
pub(crate) fn find<'i>(p: &P<'i>, rule: Rule) -> Option<P<'i>> {
    p.clone().into_inner().find(|c| c.as_rule() == rule)
}

/// Every direct child with this rule.
pub(crate) fn find_all<'i>(p: &P<'i>, rule: Rule) -> Vec<P<'i>> {
    p.clone()
        .into_inner()
        .filter(|c| c.as_rule() == rule)
        .collect()
}

/// Whether a direct child has this rule.
pub(crate) fn has(p: &P<'_>, rule: Rule) -> bool {
    p.clone().into_inner().any(|c| c.as_rule() == rule)
}

/// The first child that is not a keyword.
pub(crate) fn first_non_kw<'i>(p: &P<'i>) -> Option<P<'i>> {
    p.clone().into_inner().find(|c| !is_keyword(c.as_rule()))
}

/// Keyword rules are named `kw_*`.
pub(crate) fn is_keyword(rule: Rule) -> bool {
    format!("{rule:?}").starts_with("kw_")
}

/// Where a pest error points.
pub(crate) fn error_pos(error: &Error<Rule>) -> usize {
    match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

/// The span of the last token before `pos` (for "add `:` after this").
pub(crate) fn previous_token(block: &str, pos: usize) -> (usize, usize) {
    let before = block.get(..pos).unwrap_or("");
    let end = before.trim_end().len();
    let trimmed = before.get(..end).unwrap_or("");
    let start = if trimmed.ends_with('"') {
        trimmed
            .get(..end.saturating_sub(1))
            .and_then(|t| t.rfind('"'))
            .unwrap_or(0)
    } else {
        trimmed.rfind([' ', '\n']).map(|i| i + 1).unwrap_or(0)
    };
    if start >= end {
        (pos, pos + 1)
    } else {
        (start, end)
    }
}

/// Whether nothing but spaces (or a comment) comes before the end of the
/// line `text` starts in.
pub(crate) fn ends_the_line(text: &str) -> bool {
    text.trim_start_matches(' ').starts_with(['\n', '\r', '#']) || text.trim().is_empty()
}
