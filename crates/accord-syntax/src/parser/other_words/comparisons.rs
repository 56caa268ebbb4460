//! Comparisons the language has its own words for: `is not at least 3`
//! (`is less than 3`), `is not between` and `does not contain` (`not`
//! before the condition), `is exactly 3` (`is 3`), `is more than or equal
//! to 3` (`is at least 3`); and [`subject_at_end`], the one reading of
//! the field a rewording names again.

use super::{words_end, Instead};
use crate::parser::tree::previous_token;

/// What ends `more than or equal to`: the value itself included.
const OR_EQUAL_TO: &str = "or equal to";

/// Each strict comparison and the words for it with the value included
/// (`more than or equal to` is `at least`): read here after `is more
/// than`, and after other words for it (`greater than`,
/// [`comparison_in_other_words`]).
const VALUE_INCLUDED: [(&str, &str); 2] = [("more than", "at least"), ("less than", "at most")];

/// The subject of a condition's test that `head` ends with: a field's
/// name, after a space or an opening bracket, or `the domain of` a field.
/// Where it starts in `head`, and its text; `None` when `head` does not
/// end with a name. Every rewording that names the subject again reads
/// it here (`not employees is between …`, `and employees is less than …`).
pub(super) fn subject_at_end(head: &str) -> Option<(usize, &str)> {
    let word = head.rsplit([' ', '(']).next()?;
    let name = !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || c == '_');
    let mut start = head.len() - word.len();
    let domain = "the domain of ";
    if head.get(..start)?.ends_with(domain) {
        start -= domain.len();
    }
    name.then(|| (start, head.get(start..).unwrap_or(word)))
}

/// A comparison the language has its own words for (the parser stopped
/// at `token`, `pos` in the block; the line starts at `line_start`):
/// `is not at least 3` → `is less than 3` (and the other three the same
/// way), `is not between 20 and 500` → `not employees is between …`,
/// `is exactly 3` → `is 3`, `is more than or equal to 3` → `is at least
/// 3`, `does not contain "x"` → `not title contains "x"`.
pub(super) fn comparison_reworded(
    line_before: &str,
    rest: &str,
    token: &str,
    pos: usize,
    line_start: usize,
) -> Option<Instead> {
    let before = line_before.trim_end();
    let words: Vec<&str> = rest
        .split([' ', '\n'])
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    // `is not at least 3`, or `is not more` read as a value, stopped at
    // `than`: the words after `is not`, from where they start.
    let not_at = line_before
        .rfind(" is not ")
        .filter(|&i| !line_before[i + 8..].trim().contains(' '));
    if let Some(i) = not_at {
        let head = &line_before[..i];
        let from = i + 8;
        let after_not = format!("{}{rest}", &line_before[from..]);
        let words: Vec<&str> = after_not
            .split([' ', '\n'])
            .filter(|w| !w.is_empty())
            .take(2)
            .collect();
        let opposite = match words.as_slice() {
            ["at", "least", ..] => Some((2, "less than")),
            ["at", "most", ..] => Some((2, "more than")),
            ["more", "than", ..] => Some((2, "at most")),
            ["less", "than", ..] => Some((2, "at least")),
            _ => None,
        };
        if let Some((n, opposite)) = opposite {
            let written = words.get(..n)?.join(" ");
            return Some(Instead::unexpected(
                line_start + head.len() + 1,
                line_start + from + words_end(&after_not, n)?,
                format!("is {opposite}"),
                format!("`is not {written}` is written `is {opposite}` in a policy"),
                format!("write `is {opposite}`: a comparison says what holds, e.g. `employees is {opposite} 20`"),
            ));
        }
        if words.first() == Some(&"between") {
            let (start, subject) = subject_at_end(head)?;
            let write = format!("not {subject} is");
            return Some(Instead::unexpected(
                line_start + start,
                line_start + i + 7,
                write.clone(),
                String::from(
                    "`not` goes before a condition: `is not between` is written `not … is between`",
                ),
                format!("write `{write} between …`: `not` turns the whole condition round"),
            ));
        }
    }
    if token == "exactly" && before.ends_with(" is") {
        return Some(Instead::unexpected(
            line_start + before.len() - 2,
            pos + token.len(),
            String::from("is"),
            String::from("`is exactly` is written `is` in a policy"),
            String::from("write `is` and the value, e.g. `demo_requests is 1`"),
        ));
    }
    if token == "or" && rest.starts_with(OR_EQUAL_TO) {
        for (than, write) in VALUE_INCLUDED {
            if before.ends_with(&format!(" is {than}")) {
                return Some(Instead::unexpected(
                    line_start + before.len() - than.len(),
                    pos + OR_EQUAL_TO.len(),
                    write.to_string(),
                    format!("`{than} or equal to` is written `{write}` in a policy"),
                    format!("write `{write}`: it includes the value itself, e.g. `employees is {write} 20`"),
                ));
            }
        }
    }
    let (verb, n) = match words.as_slice() {
        ["does", "not", verb, ..] => (*verb, 3),
        ["doesn't" | "doesnt", verb, ..] => (*verb, 2),
        _ => return None,
    };
    let test = match verb {
        "contain" => "contains",
        "start" => "starts",
        "end" => "ends",
        "match" => "matches",
        _ => return None,
    };
    let (start, subject) = subject_at_end(before)?;
    let write = format!("not {subject} {test}");
    Some(Instead::unexpected(
        line_start + start,
        pos + words_end(rest, n)?,
        write.clone(),
        format!("`not` goes before a condition: write `{write}`"),
        format!("write `{write} …`: `not` turns the whole condition round"),
    ))
}

/// `greater than`, `over`, `fewer than`, `under` … where the parser
/// stopped after a comparison's `is`: the range of those words in `block`
/// and the words the language uses for them.
pub(in crate::parser) fn comparison_in_other_words(
    block: &str,
    pos: usize,
    token: &str,
) -> Option<(usize, usize, &'static str)> {
    let (s, e) = previous_token(block, pos);
    let word = block.get(s..e)?;
    let after_is = block.get(..s)?.trim_end().ends_with(" is");
    let words = match word {
        "greater" | "higher" | "bigger" | "larger" | "over" => "more than",
        "fewer" | "lower" | "smaller" | "under" => "less than",
        _ => return None,
    };
    if !after_is {
        return None;
    }
    if token == "than" {
        // `greater than or equal to`: the value itself included.
        let after = block.get(pos + token.len()..)?;
        if let Some(rest) = after.strip_prefix(' ') {
            if rest.starts_with(OR_EQUAL_TO) {
                let included = VALUE_INCLUDED.iter().find(|(than, _)| *than == words)?;
                return Some((s, pos + token.len() + 1 + OR_EQUAL_TO.len(), included.1));
            }
        }
        Some((s, pos + token.len(), words))
    } else if matches!(word, "over" | "under") && token.starts_with(|c: char| c.is_ascii_digit()) {
        Some((s, e, words))
    } else {
        None
    }
}
