//! A calendar's days and hours written another way than a policy writes
//! them: a time of day (`9am`, `5:30pm`, `9:00`, `noon`) on the 24-hour
//! clock with two digits each (`09:00`, `17:30`); opening hours as one
//! range (`open Monday to Friday 9am-5pm`: `from 09:00 to 17:00`); a
//! range of days (`Mon-Fri`: `Monday to Friday`); a day shortened or in
//! lower case (`mon`: `Monday`, which `errors.rs` offers too); `the
//! lead's local time zone` (`the lead's time zone`). Each has one right
//! answer.

use super::{Instead, Stop};
use crate::parser::grammar::Rule;

/// `token`, a time of day as people write it, on the 24-hour clock with
/// two digits each: `9am` → `09:00`, `5:30pm` → `17:30`, `12am` → `00:00`,
/// `9:00` → `09:00`, `noon` → `12:00`. `None` for what is no time, or is
/// one already.
pub(super) fn time_as_written(token: &str) -> Option<String> {
    let lower = token.to_lowercase();
    if lower == "noon" {
        return Some(String::from("12:00"));
    }
    let (clock, half) = match lower.strip_suffix("am") {
        Some(c) => (c, Some(false)),
        None => match lower.strip_suffix("pm") {
            Some(c) => (c, Some(true)),
            None => (lower.as_str(), None),
        },
    };
    let clock = clock.strip_suffix('.').unwrap_or(clock);
    let (hour, minute) = match clock.split_once([':', '.']) {
        Some((h, m)) => (h, m),
        None if half.is_some() => (clock, "00"),
        None => return None,
    };
    let digits = |s: &str, most: usize| {
        (!s.is_empty() && s.len() <= most && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (h, m) = (digits(hour, 2)?, digits(minute, 2)?);
    if minute.len() != 2 || m > 59 {
        return None;
    }
    let h = match half {
        Some(pm) if (1..=12).contains(&h) => h % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None if h <= 23 => h,
        None => return None,
    };
    let written = format!("{h:02}:{m:02}");
    (written != token).then_some(written)
}

/// What to write instead where the parser stopped, when it is one of
/// this module's: a range of days where a day goes, a time of day where a
/// time goes, or opening hours as one range where `from` goes.
pub(super) fn instead(stop: &Stop) -> Option<Instead> {
    let token = stop.token;
    // `write` over the token.
    let over_token = |write: String, message: String, help: String| {
        Some(stop.write_over(token.len(), write, message, help))
    };
    // `in the lead's local time zone`: the lead's own zone is `the lead's
    // time zone` (`local` read as a field's name).
    let before = stop.line_before.trim_end();
    if token == "time" && stop.rest.starts_with("time zone") {
        if let Some(head) = before
            .strip_suffix(" local")
            .filter(|b| b.ends_with("lead's"))
        {
            let start = stop.pos - stop.line_before.len() + head.len() + 1;
            return Some(Instead::unexpected(
                start,
                stop.pos + "time zone".len(),
                "time zone",
                String::from("the lead's own zone is written `the lead's time zone`"),
                String::from(
                    "write `in the lead's time zone`: the lead's time zone is its local time",
                ),
            ));
        }
    }
    if stop.expects(Rule::weekday) {
        if let Some(range) = weekday_range(token) {
            return over_token(
                range.clone(),
                format!("`{token}` is written `{range}` in a policy"),
                format!("a range of weekdays is written in full with `to`: `{range}`"),
            );
        }
    }
    if stop.expects(Rule::time) {
        let time = time_as_written(token)?;
        return over_token(
            time.clone(),
            format!("`{token}` is written `{time}` in a policy"),
            format!(
                "times of day are written on the 24-hour clock with two digits each: `{time}` instead of `{token}`"
            ),
        );
    }
    // `open Monday to Friday 9am-5pm` (or `Friday, 9am-5pm`, where more
    // days could follow the comma): `from 09:00 to 17:00`.
    let after_comma = before.ends_with(',') && stop.expects(Rule::weekday);
    if stop.expects(Rule::kw_from) || after_comma {
        let (open, close) = token.split_once(['-', '–'])?;
        let as_time = |t: &str| time_as_written(t).or_else(|| is_time(t).then(|| t.to_string()));
        let write = format!("from {} to {}", as_time(open)?, as_time(close)?);
        let message = format!("opening hours are written `{write}`, not `{token}`");
        let help = format!(
            "write `from` the opening time `to` the closing time, on the 24-hour clock: `{write}`"
        );
        if after_comma {
            // Over the comma and the spaces after it too.
            let comma = stop.pos - (stop.line_before.len() - before.len()) - 1;
            let write = format!(" {write}");
            return Some(Instead::unexpected(
                comma,
                stop.pos + token.len(),
                write,
                message,
                help,
            ));
        }
        return over_token(write, message, help);
    }
    None
}

/// The weekday a lower-case or shortened day name stands for (`monday`,
/// `Mon`, `tues`, `THU` → `Monday`, …), when it stands for exactly one.
pub(in crate::parser) fn weekday_as_written(token: &str) -> Option<String> {
    let lower = token.to_lowercase();
    let mut days = crate::ast::Weekday::ALL
        .iter()
        .map(ToString::to_string)
        .filter(|d| lower.len() >= 2 && d.to_lowercase().starts_with(&lower));
    let day = days.next()?;
    days.next().is_none().then_some(day)
}

/// `Monday-Friday` (or `Mon-Fri`, `mon–fri`) as the language writes it
/// (`Monday to Friday`), when both sides are weekdays.
pub(in crate::parser) fn weekday_range(written: &str) -> Option<String> {
    let (first, last) = written.split_once(['-', '–'])?;
    let first = weekday_as_written(first)?;
    let last = weekday_as_written(last)?;
    Some(format!("{first} to {last}"))
}

/// Whether `word` is a time as a policy writes it (`09:00`).
fn is_time(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() == 5 && b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::time_as_written;

    #[test]
    fn times_as_people_write_them() {
        for (written, meant) in [
            ("9am", Some("09:00")),
            ("9AM", Some("09:00")),
            ("5pm", Some("17:00")),
            ("5:30pm", Some("17:30")),
            ("12pm", Some("12:00")),
            ("12am", Some("00:00")),
            ("9:00", Some("09:00")),
            ("9.30", Some("09:30")),
            ("noon", Some("12:00")),
            ("09:00", None),
            ("13pm", None),
            ("0am", None),
            ("9", None),
            ("24:00", None),
            ("9:5", None),
            ("9:60", None),
            ("soon", None),
        ] {
            assert_eq!(time_as_written(written).as_deref(), meant, "{written}");
        }
    }
}
