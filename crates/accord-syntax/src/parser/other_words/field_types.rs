//! A lead field's type named as a database or a CRM names it (`a string`,
//! `an integer`, `a boolean`, `a datetime`, `a picklist of …`): the
//! policy's word for it (`text`, `a number`, `yes/no`, `a timestamp`,
//! `one of …`). Each has one right answer.

use super::{Instead, Stop};
use crate::parser::grammar::Rule;

/// Type names from databases and CRMs, and the type as a policy writes it
/// (with its article, when it takes one).
const TYPES_IN_OTHER_WORDS: [(&str, &str); 22] = [
    ("string", "text"),
    ("str", "text"),
    ("varchar", "text"),
    ("char", "text"),
    ("integer", "a number"),
    ("int", "a number"),
    ("float", "a number"),
    ("decimal", "a number"),
    ("double", "a number"),
    ("numeric", "a number"),
    ("currency", "a number"),
    ("boolean", "yes/no"),
    ("bool", "yes/no"),
    ("checkbox", "yes/no"),
    ("datetime", "a timestamp"),
    ("date-time", "a timestamp"),
    ("date_time", "a timestamp"),
    ("instant", "a timestamp"),
    ("enum", "one of"),
    ("picklist", "one of"),
    ("choice", "one of"),
    ("timezone", "a time zone"),
];

/// What to write instead where the parser stopped, when it is one of
/// this module's: a type named another way where a field's type goes.
pub(super) fn instead(stop: &Stop) -> Option<Instead> {
    if !stop.expects(Rule::type_expr) {
        return None;
    }
    let token = stop.token;
    let lower = token.to_ascii_lowercase();
    let (_, meant) = TYPES_IN_OTHER_WORDS
        .into_iter()
        .find(|(said, _)| *said == lower)?;
    // `a string`: the article before the type goes too.
    let before = stop.line_before.trim_end();
    let article = [" a", " an"]
        .into_iter()
        .find(|a| before.ends_with(a))
        .map_or(0, |a| stop.line_before.len() - before.len() + a.len() - 1);
    // `an enum of "a", "b"`: `one of "a", "b"`, its `of` read too.
    let of = if meant == "one of" {
        let after = stop.after_token();
        let of = after.strip_prefix(" of")?;
        after.len() - of.len()
    } else {
        0
    };
    let start = stop.pos - article;
    let written = stop.block.get(start..stop.pos + token.len() + of)?;
    Some(Instead::unexpected(
        start,
        stop.pos + token.len() + of,
        meant,
        format!("`{written}` is written `{meant}` in a policy"),
        String::from(
            "a field's type is one of: a number, text, yes/no, an email, a date, a timestamp, a time zone, a percentage, one of \"…\", a list of …, events",
        ),
    ))
}
