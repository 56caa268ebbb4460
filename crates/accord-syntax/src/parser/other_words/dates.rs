//! A date written another way than a policy writes it (`01/15/2026`,
//! `15.01.2026`, `2026/1/15`, `2026-1-5`): a policy writes year-month-day,
//! with two digits for the month and the day. When the order of the month
//! and the day is plain (one of them is over 12, or they are the same),
//! the fix writes the date; when it is not (`03/04/2026`), the help gives
//! both readings and no fix.

use super::{Instead, Offer, UNEXPECTED};
use crate::parser::grammar::Rule;

/// Whether `c` can be part of a date as people write it.
fn in_a_date(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '/' | '.' | '-')
}

/// The date written at `pos` of `block`, and what to write instead: where
/// the parser expected a date (`positives`), or where it stopped inside
/// one (`01` read as a number, then `/`). Elsewhere (`version 2026.01.15`,
/// which wants text in quotes) digits and dots are not taken for a date.
pub(super) fn date_as_written(block: &str, pos: usize, positives: &[Rule]) -> Option<Instead> {
    let start = block
        .get(..pos)?
        .rfind(|c| !in_a_date(c))
        .map_or(0, |i| i + 1);
    if start == pos && !positives.contains(&Rule::date) {
        return None;
    }
    let end = pos
        + block
            .get(pos..)?
            .find(|c| !in_a_date(c))
            .unwrap_or(block.len() - pos);
    let written = block.get(start..end)?;
    let separator = written.chars().find(|c| !c.is_ascii_digit())?;
    let parts: Vec<&str> = written.split(separator).collect();
    let [p0, p1, p2] = parts.as_slice() else {
        return None;
    };
    let number = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())?
    };
    let (a, b, c) = (number(p0)?, number(p1)?, number(p2)?);
    let iso = |y: u32, m: u32, d: u32| {
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
    };
    let message = format!("`{written}` is not how a date is written in a policy");
    let fix = |date: String| {
        Instead::unexpected(
            start,
            end,
            date.clone(),
            message.clone(),
            format!(
                "dates are written year-month-day, with two digits for the month and the day: `{date}`"
            ),
        )
    };
    if p0.len() == 4 {
        return iso(a, b, c).map(fix);
    }
    if p2.len() != 4 {
        return None;
    }
    match (a > 12, b > 12) {
        (true, false) => iso(c, b, a).map(fix),
        (false, true) => iso(c, a, b).map(fix),
        (false, false) if a == b => iso(c, a, b).map(fix),
        (false, false) => {
            let (month_first, day_first) = (iso(c, a, b)?, iso(c, b, a)?);
            Some(Instead {
                code: UNEXPECTED,
                start,
                end,
                offer: Offer::Label("a date"),
                message,
                help: format!(
                    "dates are written year-month-day: `{month_first}` if {p0} is the month, `{day_first}` if {p1} is"
                ),
            })
        }
        (true, true) => None,
    }
}
