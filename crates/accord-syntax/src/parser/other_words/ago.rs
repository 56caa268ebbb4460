//! A time counted back from as-of in other words than a policy's: `is
//! within 30 days`, `is less than 30 days ago`, `is after 30 days ago`, `is
//! newer than 30 days` are `is within the last 30 days`; `is before 90
//! days ago` and `is older than 90 days` are `is more than 90 days ago`.
//! Each has one right answer.

use super::{Instead, TIME_UNITS};

/// Each phrasing: the words before the duration and after it, and what a
/// policy writes before and after it.
const PHRASINGS: [(&str, &str, &str, &str); 7] = [
    ("within ", "", "within the last ", ""),
    ("less than ", " ago", "within the last ", ""),
    ("after ", " ago", "within the last ", ""),
    ("newer than ", "", "within the last ", ""),
    ("younger than ", "", "within the last ", ""),
    ("before ", " ago", "more than ", " ago"),
    ("older than ", "", "more than ", " ago"),
];

/// The phrasing the parser stopped in (at `pos` of `block`), after the
/// line's last `is` before `pos`, and what to write instead.
pub(super) fn time_ago_reworded(block: &str, pos: usize) -> Option<Instead> {
    let before = block.get(..pos)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let from_is = before.get(line_start..)?.rfind(" is ")? + " is ".len();
    let start = line_start + from_is;
    let after_is = block.get(start..)?.split('\n').next()?;
    let field = block
        .get(line_start..start - " is ".len())
        .and_then(super::subject_at_end)
        .map_or("the time", |(_, field)| field);
    PHRASINGS
        .into_iter()
        .find_map(|(lead, trail, write_lead, write_trail)| {
            let rest = after_is.strip_prefix(lead)?;
            let number = rest.split(' ').next()?;
            if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let rest = rest.get(number.len()..)?.strip_prefix(' ')?;
            let unit = TIME_UNITS
                .into_iter()
                .find(|u| rest.split([' ', ')']).next() == Some(*u))?;
            rest.get(unit.len()..)?.starts_with(trail).then_some(())?;
            let len = lead.len() + number.len() + 1 + unit.len() + trail.len();
            if pos > start + len {
                return None;
            }
            let written = after_is.get(..len)?;
            let write = format!("{write_lead}{number} {unit}{write_trail}");
            let meaning = if write_trail.is_empty() {
                format!("{field} lies between {number} {unit} before as-of and as-of")
            } else {
                format!("{field} lies before as-of minus {number} {unit}")
            };
            Some(Instead::unexpected(
                start,
                start + len,
                write.clone(),
                format!("`is {written}` is written `is {write}` in a policy"),
                format!("write `is {write}`: {meaning}"),
            ))
        })
}
