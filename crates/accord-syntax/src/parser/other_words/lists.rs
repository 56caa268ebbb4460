//! Lists said another way: items joined by `and` where a policy separates
//! them with commas (`closed on 2026-12-25 and 2027-01-01`, handoff's
//! `requires email, phone and company_name`); a list's values without
//! their quotes (`list domains: gmail.com, yahoo.com`); a list declared
//! with `are` or `=` for its colon (`list countries are "US", "CA"`);
//! handoff's `requires company_name to be present` (the words removed).
//! Each has one right answer.

use super::{Instead, Stop};
use crate::parser::grammar::Rule;

/// What to write instead where the parser stopped, when it is one of
/// this module's.
pub(super) fn instead(stop: &Stop) -> Option<Instead> {
    let (pos, token, before) = (stop.pos, stop.token, stop.line_before);
    // `closed on 2026-12-25 and 2027-01-01`, `requires email, phone and
    // company_name`: the last item after a comma too (where `and` joins
    // nothing: the parser does not take it there), in a line that lists
    // (closed days, handoff's fields, `one of`, a list's values).
    let line = before.trim_start();
    let a_list = line.starts_with("requires ")
        || line.starts_with("closed on ")
        || line.contains(" one of ")
        || stop.block.starts_with("list ");
    if token == "and" && a_list && stop.expects(Rule::comma) && !stop.expects(Rule::kw_and) {
        let (message, item, example) = if before.trim_start().starts_with("requires ") {
            (
                "the fields handoff requires are listed with commas, not `and`",
                "field",
                "`requires email, phone, company_name`",
            )
        } else {
            (
                "the items of a list are separated by commas, not `and`",
                "item",
                "`closed on 2026-12-25, 2027-01-01`",
            )
        };
        return Some(stop.after_word_before(
            token.len(),
            ",",
            String::from(message),
            format!("write a comma before the last {item} as before the others, e.g. {example}"),
        ));
    }
    // `requires company_name to be present`: handoff requires a field
    // present by naming it.
    if before.trim_start().starts_with("requires ") {
        let said = [
            "to be present",
            "to be filled",
            "to be set",
            "is present",
            "present",
        ]
        .into_iter()
        .find(|w| stop.rest_of_line() == *w);
        if let Some(said) = said {
            return Some(stop.after_word_before(
                said.len(),
                "",
                format!("handoff requires a field by naming it: no `{said}`"),
                String::from("remove the words: `requires company_name` requires it present"),
            ));
        }
    }
    if !stop.block.starts_with("list ") {
        return None;
    }
    // `list countries are "US", "CA"`, `list countries = …`: its colon.
    if matches!(token, "are" | "is" | "=") && stop.expects(Rule::colon) {
        return Some(stop.after_word_before(
            token.len(),
            ":",
            format!("a list's values follow a colon, not `{token}`"),
            String::from("write a colon after the list's name (and title), e.g. `list target_countries: \"US\", \"CA\"`"),
        ));
    }
    // `list domains: gmail.com, yahoo.com`: each value in quotes.
    let line_start = pos - before.len();
    let line = stop.block.get(line_start..)?.split('\n').next()?;
    let colon = line.find(':')?;
    let values = line.get(colon + 1..)?.split(" #").next()?.trim();
    let items: Vec<&str> = values.split(',').map(str::trim).collect();
    // Words, not numbers (a list of numbers takes them bare).
    let bare = |v: &&str| !v.is_empty() && !v.contains(['"', ' ']) && v.parse::<f64>().is_err();
    if pos <= line_start + colon || !items.iter().all(bare) {
        return None;
    }
    let quoted: Vec<String> = items.iter().map(|v| format!("\"{v}\"")).collect();
    let write = quoted.join(", ");
    let start = line_start
        + colon
        + 1
        + (line.get(colon + 1..)?.len() - line.get(colon + 1..)?.trim_start().len());
    Some(Instead::unexpected(
        start,
        start + values.len(),
        write.clone(),
        String::from("a list's values are written in quotes"),
        format!("put each value in double quotes: `{write}`"),
    ))
}
