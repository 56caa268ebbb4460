//! Words after a complete comparison, where a condition may only end: a
//! full stop (`status is "customer".`), a unit after a number
//! (`employees is at least 20 people`; `20 percent` is `20%`), more
//! values (`segment is "smb", "mid-market"`: `is one of`), a second
//! comparison without its field (`employees is at least 20 and at most
//! 500`: `between 20 and 500`), `but` for `and`, a comma ending the line,
//! a name written as words (`is in target countries`, `mql and high
//! intent`),
//! a time window after a value
//! (`pricing_views is at least 2 in the last 30 days`). All but the last
//! have one right answer; a window has none.

use super::{is_number, quoted_at_end, Instead, Offer, TIME_UNITS, UNEXPECTED};
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
    let ends_here = positives
        .iter()
        .any(|r| matches!(r, Rule::nl | Rule::indent | Rule::EOI));
    // Where `and` may stand: at a line's end, or inside a bracket.
    let and_may_stand = ends_here || positives.contains(&Rule::kw_and);
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
    } else if ends_here && line == "," && !value_on_next_line(rest) {
        let help = if line_before.contains(" is ") {
            "remove the `,`: the end of the line ends the clause (several values \
             are written `is one of \"a\", \"b\"`)"
        } else {
            "remove the `,`: the end of the line ends the clause"
        };
        found = Some(Instead::unexpected(
            pos,
            pos + 1,
            "",
            String::from("a line of a policy does not end with a comma"),
            String::from(help),
        ));
    } else if and_may_stand && line.starts_with("but ") {
        found = but_for_and(line_before, line, pos);
    } else if ends_here && line.starts_with(',') {
        found = values_without_one_of(line_before, line, pos)
            .or_else(|| bare_values_without_one_of(line_before, line, pos));
    } else if ends_here {
        found = unit_after_a_number(line_before, line, pos);
    }
    found
        .or_else(|| and_may_stand.then(|| name_in_words(line_before, line, pos))?)
        .or_else(|| comparison_without_its_subject(line_before, line, pos))
        .or_else(|| window_after_a_value(line_before, rest, pos))
}

/// A name written as words: a list's (`country is in target countries`)
/// or a definition's or a field's where a condition starts (`mql and high
/// intent`, a line `high intent` in an `all of:` block). The parser read
/// the first word as the name and stopped at the next, `pos`;
/// `rest_of_line` is the line from there. A name is one word, its words
/// joined with `_`; if nothing has that name, the checker then says so
/// and offers the closest.
fn name_in_words(line_before: &str, rest_of_line: &str, pos: usize) -> Option<Instead> {
    let head = line_before.trim_end();
    let first = head.rsplit([' ', '(']).next()?;
    let before_name = head.get(..head.len() - first.len())?;
    let in_list = before_name.ends_with(" is in ") || before_name.ends_with(" is not in ");
    if !in_list && !starts_a_condition(before_name) {
        return None;
    }
    let is_word = |w: &str| {
        w.starts_with(|c: char| c.is_alphabetic())
            && w.chars().all(|c| c.is_alphanumeric() || c == '_')
    };
    let more: Vec<&str> = rest_of_line
        .split([' ', ')'])
        .take_while(|w| is_word(w) && !FOLLOWS_A_NAME.contains(w) && !NOT_IN_A_NAME.contains(w))
        .collect();
    let words = more.join(" ");
    // The words run to what follows a name (a value after them, as in
    // `phone_verified yes`, is a comparison without its `is`).
    let after = rest_of_line.get(words.len()..)?.trim_start();
    let next = after.split([' ', ')']).next().unwrap_or("");
    let ends_there = after.is_empty() || after.starts_with(')') || FOLLOWS_A_NAME.contains(&next);
    if !is_word(first) || more.is_empty() || !ends_there {
        return None;
    }
    let name = format!("{first}_{}", more.join("_"));
    let start = pos - (line_before.len() - before_name.len());
    let mut help = format!("write `{name}`: a name is one word, its words joined with `_`");
    // `status customer` may be a field and its value without the `is`.
    if let (false, [value]) = (in_list, more.as_slice()) {
        help.push_str(&format!(
            " (or, if `{first}` is a field and `{value}` its value, `{first} is \"{value}\"`)"
        ));
    }
    Some(Instead::unexpected(
        start,
        pos + words.len(),
        name.clone(),
        format!(
            "{} is one word: `{name}`",
            if in_list { "a list's name" } else { "a name" }
        ),
        help,
    ))
}

/// What follows a name in a condition: a name written as words ends
/// there.
const FOLLOWS_A_NAME: [&str; 9] = [
    "and", "or", "is", "are", "contains", "starts", "ends", "matches", "does",
];

/// Words that are not part of a name written as words: `not`, and the
/// values a comparison without its `is` ends in.
const NOT_IN_A_NAME: [&str; 7] = ["not", "yes", "no", "true", "false", "present", "missing"];

/// Whether a condition starts after `before` (the line up to a name): at
/// the start of the line, or after `when`, `and`, `or`, `not` or `(`.
fn starts_a_condition(before: &str) -> bool {
    let before = before.trim_end();
    before.is_empty()
        || before.ends_with('(')
        || ["when", "and", "or", "not"].iter().any(|w| {
            before
                .strip_suffix(w)
                .is_some_and(|b| b.is_empty() || b.ends_with([' ', '(']))
        })
}

/// Whether the line after the one the parser stopped in (`rest` starts
/// in it) begins with a value in quotes: a comma at the end of a line may
/// then mean more values (`is one of`), not a stray comma.
fn value_on_next_line(rest: &str) -> bool {
    rest.split('\n')
        .nth(1)
        .is_some_and(|next| next.trim_start().starts_with('"'))
}

/// The tests of a comparison with one bound, as a second comparison
/// without its field starts (`… and less than 500`).
const BOUNDS: [&str; 4] = ["at least", "at most", "more than", "less than"];

/// What a comparison compares: the subject before its `is` at `is_at` in
/// `head` ([`super::subject_at_end`]).
fn field_before_is(head: &str, is_at: usize) -> Option<&str> {
    super::subject_at_end(head.get(..is_at)?).map(|(_, subject)| subject)
}

/// `employees is more than 20 but less than 500`, `icp but not
/// competitor_contract`: conditions are joined with `and` (the parser
/// stopped at `but`, `rest_of_line`). A comparison after it without its
/// field takes the field of the one before.
fn but_for_and(line_before: &str, rest_of_line: &str, pos: usize) -> Option<Instead> {
    let after = rest_of_line.strip_prefix("but ")?.trim_start();
    let test = BOUNDS.into_iter().find(|t| after.starts_with(t));
    let head = line_before.trim_end();
    let subject = head
        .rfind(" is ")
        .and_then(|is_at| field_before_is(head, is_at));
    let (len, write, why) = match (test, subject) {
        (Some(test), Some(subject)) => (
            rest_of_line.len() - after.len() + test.len(),
            format!("and {subject} is {test}"),
            "each condition after `and` names its field",
        ),
        _ => (
            "but".len(),
            String::from("and"),
            "both conditions must hold",
        ),
    };
    Some(Instead::unexpected(
        pos,
        pos + len,
        write.clone(),
        String::from("conditions are joined with `and`, not `but`"),
        format!("write `{write}`: {why}"),
    ))
}

/// `segment is "smb", "mid-market"`: values after `is` (the parser
/// stopped at the comma after the first, `rest_of_line`): several values
/// are `is one of`.
fn values_without_one_of(line_before: &str, rest_of_line: &str, pos: usize) -> Option<Instead> {
    let head = line_before.trim_end();
    let first = quoted_at_end(head)?;
    let before_value = head.get(..first)?;
    let is = [" is ", " is not "]
        .into_iter()
        .find(|is| before_value.ends_with(is))?
        .trim();
    let value = head.get(first..)?;
    let start = pos - (line_before.len() - first);
    Some(Instead::unexpected(
        start,
        start + value.len(),
        format!("one of {value}"),
        format!("several values are written after `{is} one of`"),
        format!(
            "write `{is} one of {value}{rest_of_line}`: the value is {} of them",
            if is == "is" { "any" } else { "none" }
        ),
    ))
}

/// `title_level is VP, Director`: words after `is` separated by commas
/// (the parser read the first as a name and stopped at the comma,
/// `rest_of_line`) are values of the field, each in quotes: `is one of
/// "VP", "Director"`.
fn bare_values_without_one_of(
    line_before: &str,
    rest_of_line: &str,
    pos: usize,
) -> Option<Instead> {
    let head = line_before.trim_end();
    let first_at = head.rfind(' ')? + 1;
    let before_value = head.get(..first_at)?;
    let is = [" is ", " is not "]
        .into_iter()
        .find(|is| before_value.ends_with(is))?
        .trim();
    let word = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
    };
    let list = format!(
        "{}{}",
        head.get(first_at..)?,
        rest_of_line.split(" #").next()?.trim_end()
    );
    let items: Vec<&str> = list.split(',').map(str::trim).collect();
    if items.len() < 2 || !items.iter().all(|w| word(w)) {
        return None;
    }
    // Numbers stay bare (`employees is 10, 20`); words are quoted.
    let numbers = items.iter().filter(|w| w.parse::<f64>().is_ok()).count();
    let written: Vec<String> = match numbers {
        0 => items.iter().map(|w| format!("\"{w}\"")).collect(),
        n if n == items.len() => items.iter().map(|w| w.to_string()).collect(),
        _ => return None,
    };
    let write = format!("one of {}", written.join(", "));
    let start = pos - (line_before.len() - first_at);
    let end = pos + rest_of_line.split(" #").next()?.trim_end().len();
    Some(Instead::unexpected(
        start,
        end,
        write.clone(),
        format!("several values are written after `{is} one of`"),
        format!(
            "write `{is} {write}`: the value is {} of them",
            if is == "is" { "any" } else { "none" }
        ),
    ))
}

/// `employees is at least 20 and at most 500`: a second comparison after
/// `and` without its field (the parser read `at most 500` as a count of
/// events, or `less` in `less than 500` as a field, and stopped in it at
/// `pos`; `rest_of_line` is the line from there). `at least A and at most
/// B` is `between A and B`; any other pair takes the field again.
fn comparison_without_its_subject(
    line_before: &str,
    rest_of_line: &str,
    pos: usize,
) -> Option<Instead> {
    let whole = format!("{line_before}{rest_of_line}");
    let line = whole.trim_end();
    let (first, second) = line.rsplit_once(" and ")?;
    let second_test = BOUNDS.into_iter().find(|t| second.starts_with(t))?;
    let after_test = second.get(second_test.len()..)?;
    let high = after_test.trim_start().split([' ', ')']).next()?;
    // Where the second comparison's number ends, in the line.
    let high_end = first.len() + " and ".len() + second_test.len() + after_test.len()
        - after_test.trim_start().len()
        + high.len();
    let (subject_end, first_test) = BOUNDS
        .into_iter()
        .find_map(|t| Some((first.rfind(&format!(" is {t} "))?, t)))?;
    let low = first.get(subject_end + 4 + first_test.len()..)?.trim();
    let subject = field_before_is(first, subject_end)?;
    if !is_number(low) || !is_number(high) {
        return None;
    }
    let line_at = pos - line_before.len();
    // The parser stopped in the second comparison.
    if line_before.len() <= first.len() {
        return None;
    }
    if (first_test, second_test) == ("at least", "at most") {
        let start = line_at + subject_end + 1;
        let write = format!("is between {low} and {high}");
        return Some(Instead::unexpected(
            start,
            line_at + high_end,
            write.clone(),
            format!("`at least {low} and at most {high}` is written `between {low} and {high}`"),
            format!("write `{subject} {write}`: both ends are included"),
        ));
    }
    let start = line_at + first.len() + " and ".len();
    Some(Instead::unexpected(
        start,
        start + second_test.len(),
        format!("{subject} is {second_test}"),
        format!("`and` starts a new condition: `{second_test} {high}` needs its field"),
        format!("each condition names its field: write `and {subject} is {second_test} {high}`"),
    ))
}

/// Whether a unit after a number is never taken for `word`: a time (a
/// timestamp compared with a number has another mistake, whose general
/// error says what may follow).
fn is_a_time(word: &str) -> bool {
    TIME_UNITS.contains(&word) || matches!(word, "second" | "seconds" | "business")
}

/// `employees is at least 20 people`: one word after the number that ends
/// a comparison (`line_before`, up to the word at `pos`; `word` the rest
/// of its line). A number is compared as it is: the word goes. `percent`
/// is `%`.
fn unit_after_a_number(line_before: &str, word: &str, pos: usize) -> Option<Instead> {
    let number = line_before.trim_end().rsplit(' ').next()?;
    let plain_word = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic());
    let compared = line_before.contains(" is ");
    if !is_number(number) || !plain_word || !compared || is_a_time(word) {
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
    let subject = field_before_is(head, head.rfind(" is ")?)?;
    let value = head.rsplit(' ').next()?;
    if !is_number(value) {
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
