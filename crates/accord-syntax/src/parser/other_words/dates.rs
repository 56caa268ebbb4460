//! A date written another way than a policy writes it (`01/15/2026`,
//! `15.01.2026`, `2026/1/15`, `2026-1-5`, `January 15, 2026`, `15 Jan
//! 2026`): a policy writes year-month-day, with two digits for the month
//! and the day. When the order of the month and the day is plain (one of
//! them is over 12, or they are the same, or the month is named), the fix
//! writes the date; when it is not (`03/04/2026`), the help gives both
//! readings and no fix. A date with a time of day after it
//! (`2026-01-15T10:00`) is told a policy writes the date alone; a month and
//! day without a year (`closed on Dec 25`), that a date has its year (no
//! fix: which year is the writer's to say).

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
        let date = iso(a, b, c)?;
        if date != written {
            return Some(fix(date));
        }
        // Written as a policy writes it: what follows is the mistake.
        return time_after_a_date(block, written, end);
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

/// `2026-01-15T10:00` (or with seconds and a zone): a time of day after a
/// date the parser read whole, which ends at `end` of `block`. There is no
/// one right answer (the date alone means its midnight, UTC: another moment), so no fix.
fn time_after_a_date(block: &str, date: &str, end: usize) -> Option<Instead> {
    let after = block.get(end..)?;
    let time = after.strip_prefix('T')?;
    if !time.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let len = 1 + time
        .find(|c: char| c.is_whitespace() || c == ')')
        .unwrap_or(time.len());
    let written = after.get(..len)?;
    Some(Instead {
        code: UNEXPECTED,
        start: end,
        end: end + len,
        offer: Offer::Label("a date has no time of day"),
        message: format!("`{date}{written}` is a date and a time; a policy writes a date alone"),
        help: format!(
            "write the date alone, year-month-day: `{date}` (a timestamp is compared with the start of that day, midnight UTC)"
        ),
    })
}

/// The months, as a date in words names them (in full, or their first
/// three letters; `Sept` too).
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month `word` names (1 for January), any case, a full stop after
/// an abbreviation allowed.
fn month_named(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let i = MONTHS.iter().position(|m| {
        m.starts_with(w.as_str()) && (w.len() == 3 || w.len() == m.len() || w == "sept")
    })?;
    u32::try_from(i + 1).ok()
}

/// The name of month `month` (1: January), capitalised.
fn month_title(month: u32) -> String {
    let name = MONTHS.get(month as usize - 1).copied().unwrap_or_default();
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// A day of the month as written in words' company: `1`, `01`, `1st`,
/// `22nd`, `3rd`, `15th`.
fn day_written(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = word.get(digits.len()..)?.to_ascii_lowercase();
    let suffix = suffix.as_str();
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let day: u32 = digits.parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

/// Where a date in words starts when the parser read part of it as
/// something else and stopped inside it (`is after 15` a number, `is
/// after March` a name): just after the `after`, `before` or `effective`
/// at most two words before `pos`.
fn start_of_words_read_otherwise(block: &str, pos: usize) -> Option<usize> {
    let before = block.get(..pos)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.get(line_start..)?;
    let (at, word) = [" after ", " before ", "effective "]
        .into_iter()
        .filter_map(|w| Some((line.rfind(w)?, w)))
        .max()?;
    let start = line_start + at + word.len();
    let between = block.get(start..pos)?;
    (between.split_whitespace().count() <= 2).then_some(start)
}

/// A date with its month named (`January 15, 2026`, `Jan 15th 2026`,
/// `15 January 2026`) where the parser expected a date: the fix writes it
/// year-month-day.
pub(super) fn date_in_words(block: &str, pos: usize, positives: &[Rule]) -> Option<Instead> {
    let stopped_at = pos;
    let pos = if positives.contains(&Rule::date) {
        pos
    } else {
        start_of_words_read_otherwise(block, pos)?
    };
    let line = block.get(pos..)?.split('\n').next()?;
    // The first three words, each with where it ends in `line`.
    let mut words = Vec::with_capacity(3);
    let mut at = 0;
    for word in line.split([' ', ',']) {
        at += word.len();
        if !word.is_empty() {
            words.push((word, at));
            if words.len() == 3 {
                break;
            }
        }
        at += 1;
    }
    let [(w0, _), (w1, month_day_end), rest @ ..] = words.as_slice() else {
        return None;
    };
    let (month, day) = match (month_named(w0), month_named(w1)) {
        (Some(month), None) => (month, day_written(w1)?),
        (None, Some(month)) => (month, day_written(w0)?),
        _ => return None,
    };
    let year = rest
        .first()
        .filter(|(w, _)| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()));
    let Some((w2, end)) = year else {
        // `closed on Dec 25`: no year, and a policy's dates each have one.
        if !positives.contains(&Rule::date) {
            return None;
        }
        let written = line.get(..*month_day_end)?;
        return Some(Instead {
            code: UNEXPECTED,
            start: pos,
            end: pos + month_day_end,
            offer: Offer::Label("a date needs its year"),
            message: format!("`{written}` has no year: a date in a policy is one day of one year"),
            help: format!(
                "write the date year-month-day, with its year: `2026-{month:02}-{day:02}` for {day} {} 2026; a calendar lists each year's closed days, e.g. `closed on 2026-{month:02}-{day:02}, 2027-{month:02}-{day:02}`",
                month_title(month)
            ),
        });
    };
    if pos + end < stopped_at {
        return None; // the parser stopped after the date: not its mistake
    }
    let date = format!("{w2}-{month:02}-{day:02}");
    let written = line.get(..*end)?;
    Some(Instead::unexpected(
        pos,
        pos + end,
        date.clone(),
        format!("`{written}` is not how a date is written in a policy"),
        format!(
            "dates are written year-month-day, with two digits for the month and the day: `{date}`"
        ),
    ))
}
