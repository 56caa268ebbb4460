//! Words after a complete comparison, where a condition may only end: a
//! full stop (`status is "customer".`), a unit after a number
//! (`employees is at least 20 people`; `20 percent` is `20%`), a time
//! window after a value (`pricing_views is at least 2 in the last 30
//! days`). The first two have one right answer (remove the full stop or
//! the unit; write `%`); a window has none.

use super::{is_number, Instead, Offer, UNEXPECTED};
use crate::parser::grammar::Rule;

/// What follows a complete comparison (the parser stopped at `rest`, `pos`
/// in the block, expecting `positives`; `line_before` is its line up to
/// there), and what to write instead.
pub(super) fn instead(
    line_before: &str,
    rest: &str,
    pos: usize,
    positives: &[Rule],
) -> Option<Instead> {
    let line = rest.split('\n').next().unwrap_or("").trim_end();
    let ends_here = positives.iter().any(|r| matches!(r, Rule::nl | Rule::EOI));
    let mut found = None;
    if ends_here && line == "." {
        found = Some(Instead::unexpected(
            pos,
            pos + 1,
            "",
            String::from("a line of a policy does not end with a full stop"),
            String::from(
                "remove the `.`: each line is one clause, and the end of the line ends it",
            ),
        ));
    } else if ends_here {
        found = unit_after_a_number(line_before, line, pos);
    }
    found.or_else(|| window_after_a_value(line_before, rest, pos))
}

/// Words a unit after a number is never taken for: a time (a timestamp
/// compared with a number has another mistake, whose general error says
/// what may follow).
const NOT_A_UNIT: &[&str] = &[
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
    "month", "months", "quarter", "quarters", "year", "years", "business",
];

/// `employees is at least 20 people`: one word after the number that ends
/// a comparison (`line_before`, up to the word at `pos`; `word` the rest
/// of its line). A number is compared as it is: the word goes. `percent`
/// is `%`.
fn unit_after_a_number(line_before: &str, word: &str, pos: usize) -> Option<Instead> {
    let number = line_before.trim_end().rsplit(' ').next()?;
    let plain_word = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic());
    let compared = line_before.contains(" is ") || line_before.contains(" and ");
    if !is_number(number) || !plain_word || !compared || NOT_A_UNIT.contains(&word) {
        return None;
    }
    if matches!(word, "percent" | "pct") {
        // The number and the word: `20 percent` → `20%`.
        let gap = line_before.len() - line_before.trim_end().len();
        return Some(Instead::unexpected(
            pos - gap - number.len(),
            pos + word.len(),
            format!("{number}%"),
            format!("a percentage is written `{number}%` in a policy"),
            format!("write `{number}%`, with the `%` against the number"),
        ));
    }
    Some(Instead::unexpected(
        pos,
        pos + word.len(),
        "",
        format!("`{word}` cannot follow the number: a number in a comparison stands alone"),
        format!(
            "remove `{word}`: the comparison ends at `{number}` (what the field counts is its own meaning, not written here)"
        ),
    ))
}

/// `pricing_views is at least 2 in the last 30 days`: a time window after
/// a comparison of a value (the parser stopped at the window's first
/// word, at `pos` in the block, where a condition may only end). A value
/// has no time; a window belongs to a count of events, or to a field the
/// CRM counts for that window. No one right answer: the window's words
/// with a label, the message and the help.
fn window_after_a_value(line_before: &str, rest: &str, pos: usize) -> Option<Instead> {
    super::window_in_other_words(rest)?;
    let head = line_before.trim_end();
    let is_at = head.rfind(" is ")?;
    let subject = head.get(..is_at)?.rsplit(' ').next()?;
    let value = head.rsplit(' ').next()?;
    if !is_number(value) || subject.is_empty() {
        return None;
    }
    let len = rest.find('\n').unwrap_or(rest.len());
    let len = rest.get(..len)?.trim_end().len();
    Some(Instead {
        code: UNEXPECTED,
        start: pos,
        end: pos + len,
        offer: Offer::Label("a time window"),
        message: format!("`{subject}` is a value, and a value has no time window"),
        help: String::from(
            "a window such as `within the last 30 days` limits a count of events: write `at least 2 activities \"pricing_view\" within the last 30 days` (the event stream and kinds the lead fields declare), or compare a field that holds the count for that window",
        ),
    })
}
