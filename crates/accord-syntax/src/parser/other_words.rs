//! Clauses written the way people say them rather than the way a policy
//! writes them, found where the parser stopped: `+10 if …` (a policy says
//! `when`), `+5 per activity …` (`for each`), `industry not in
//! target_industries` (`is not in`), `between 20-500` or `between 20 to
//! 500` (`between 20 and 500`). Each has one right answer, so the diagnostic carries it as the replacement.

use super::grammar::Rule;

/// What to write instead of what the parser stopped at: the byte range in
/// the block, the words to write there, the message and the help.
pub(super) struct Instead {
    pub start: usize,
    pub end: usize,
    pub write: &'static str,
    pub message: String,
    pub help: String,
}

/// The clause at `pos` of `block` (the parser stopped at `token`,
/// expecting `positives`) in other words than a policy's, and what to
/// write instead; `None` when it is not one of them.
pub(super) fn instead(block: &str, pos: usize, token: &str, positives: &[Rule]) -> Option<Instead> {
    let expects = |r: Rule| positives.contains(&r);
    let rest = block.get(pos..)?;
    let line_before = block.get(..pos)?.rsplit('\n').next().unwrap_or("");
    let at = |len: usize, write: &'static str, message: String, help: String| Instead {
        start: pos,
        end: pos + len,
        write,
        message,
        help,
    };

    // `+10 if phone_verified`: conditions follow `when`.
    if matches!(token, "if" | "whenever") && expects(Rule::kw_when) {
        return Some(at(
            token.len(),
            "when",
            format!("`{token}` is not how a policy says when a rule applies"),
            format!(
                "a condition follows the word `when`, e.g. `+10 when phone_verified`: write `when` instead of `{token}`"
            ),
        ));
    }

    // `industry not in target_industries`: a comparison starts with `is`.
    if token == "not" && expects(Rule::test) {
        let after = rest.get(3..).unwrap_or("").trim_start();
        let shape = if after.starts_with("in ") {
            "`industry is not in target_industries`"
        } else if after.starts_with("one of") {
            "`status is not one of \"customer\", \"partner\"`"
        } else {
            "`status is not \"customer\"`"
        };
        return Some(at(
            token.len(),
            "is not",
            String::from("a comparison starts with `is`: `is not`, not `not` alone"),
            format!("write `is not` here, e.g. {shape}"),
        ));
    }

    // `+5 per activity "page_view"`, `+5 each activity …`: points per
    // event are `for each`.
    if matches!(token, "per" | "each") && expects(Rule::kw_for) {
        return Some(at(
            token.len(),
            "for each",
            format!("points per event are written `for each`, not `{token}`"),
            String::from(
                "write `for each` and the events, e.g. `+5 for each activity \"page_view\", at most 25`; \
                 for a number field, give points by its size instead: `+10 when visits is at least 3`",
            ),
        ));
    }

    // `between 20-500`, `between 20 to 500`: a range is `between A and B`.
    if expects(Rule::kw_and) && line_before.contains("between ") {
        let (len, write) = if token == "to" {
            (2, "and")
        } else if let Some(dash) = rest.chars().next().filter(|c| matches!(c, '-' | '–' | '—'))
        {
            (dash.len_utf8(), " and ")
        } else {
            return None;
        };
        let written = rest.get(..len).unwrap_or(token);
        return Some(at(
            len,
            write,
            format!("a range is not written with `{written}`"),
            String::from(
                "a range is written with `and`, both ends included, e.g. `employees is between 20 and 500`",
            ),
        ));
    }
    None
}
