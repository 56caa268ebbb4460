//! How instants and numbers read in explanations and rows: the one place
//! that writes a time (`2026-11-18 14:02 UTC`, in a zone, RFC 3339) or a
//! number (`120`, `58.8`) as text. Below every other module of the crate:
//! the plan, the evaluator, the explanation and the row all show values
//! through it.

use crate::text::{display_by_text, put_display, Text};
use chrono::{DateTime, SecondsFormat, Utc};

/// `2026-11-18 14:02` (`:SS` added when the seconds are not zero); written
/// by hand, digit by digit, because chrono's `format` re-parses its pattern
/// on every call and `write!` is slow for so many small numbers.
fn put_wall(out: &mut Vec<u8>, t: &impl chrono::Timelike, date: chrono::NaiveDate) {
    use chrono::Datelike;
    let (h, m, s) = (t.hour(), t.minute(), t.second());
    let Ok(year @ 0..=9999) = u32::try_from(date.year()) else {
        // Not four digits (rare): the same text, the slow way.
        let (y, mo, d) = (date.year(), date.month(), date.day());
        format_args!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02}").put_into(out);
        if s != 0 {
            format_args!(":{s:02}").put_into(out);
        }
        return;
    };
    let mut b = *b"0000-00-00 00:00:00";
    let fields = [
        (0, year / 100),
        (2, year % 100),
        (5, date.month()),
        (8, date.day()),
        (11, h),
        (14, m),
        (17, s),
    ];
    for (at, v) in fields {
        if let Some(pair) = b.get_mut(at..at + 2) {
            pair.copy_from_slice(&[b'0' + (v / 10) as u8, b'0' + (v % 10) as u8]);
        }
    }
    let len = if s != 0 { 19 } else { 16 };
    out.extend_from_slice(b.get(..len).unwrap_or_default());
}

/// Shows an instant in UTC: `2026-11-18 14:02 UTC` (seconds shown only
/// when not zero).
#[derive(Clone, Copy)]
pub(crate) struct Ts(pub DateTime<Utc>);

impl Text for Ts {
    fn put_into(self, out: &mut Vec<u8>) {
        put_wall(out, &self.0, self.0.date_naive());
        out.extend_from_slice(b" UTC");
    }
}

/// Shows an instant in a zone: `2026-11-18 10:15 America/Chicago`.
#[derive(Clone, Copy)]
pub(crate) struct Local(pub DateTime<Utc>, pub chrono_tz::Tz);

impl Text for Local {
    fn put_into(self, out: &mut Vec<u8>) {
        // The zone's offset looked up once (and remembered per thread by
        // `accord_time`: the same instants are shown in the tree and the
        // summary), the wall time computed once (each of a zoned instant's
        // hour, minute, second and date would add the offset again). The
        // seconds are whole either way: the text shows no fraction.
        let local = accord_time::local_wall(self.1, self.0.timestamp())
            .unwrap_or_else(|| self.0.with_timezone(&self.1).naive_local());
        put_wall(out, &local, local.date());
        (" ", self.1.name()).put_into(out);
    }
}

display_by_text!(Ts, Local, Num);

/// `2026-11-18 14:02 UTC` as a string.
pub(crate) fn show_ts(t: DateTime<Utc>) -> String {
    Ts(t).to_string()
}

/// Shows a number as [`accord_records::value::format_number`] does (`120`,
/// `58.8`, at most 2 decimals), without allocating: the one spelling of a
/// number, [`accord_syntax::number::Number`], at two decimals.
#[derive(Clone, Copy)]
pub(crate) struct Num(pub f64);

/// A whole number (most: counts, points, thresholds) digit by digit, as
/// [`accord_syntax::number::Number`] writes it; others through it.
impl Text for Num {
    fn put_into(self, out: &mut Vec<u8>) {
        let Num(n) = self;
        if n.fract() == 0.0 && n.abs() < 1e15 {
            (n as i64).put_into(out);
        } else {
            put_display(out, &accord_syntax::number::Number(n, Some(2)));
        }
    }
}

/// RFC 3339 in UTC with a `Z` (`2026-11-18T16:00:00Z`); after the year
/// 9999 (a due date counted from a timestamp near the end of the years data
/// can carry) with ISO 8601's expanded year (`+10001-01-01T00:00:00Z`), as
/// the row schema allows.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// `format!` into a string with room for a line ([`crate::text::string_of`] of the
/// arguments: `format!` starts from the length of its literal pieces and
/// grows the string step by step as the values are written), for lines
/// not written as pieces.
macro_rules! text {
    ($($args:tt)*) => {
        $crate::text::string_of(format_args!($($args)*))
    };
}
pub(crate) use text;

/// Numbers that are awkward to show (signed zeros, halves, the edges of
/// whole numbers and of `f64`), for the tests of everything that shows one.
#[cfg(test)]
pub(crate) const AWKWARD_NUMBERS: [f64; 28] = [
    0.0,
    -0.0,
    1.0,
    -3.0,
    120.0,
    58.8,
    65.0 - 58.8,
    0.1 + 0.2,
    0.005,
    0.004999,
    2.675,
    -0.5,
    -0.001,
    99.999,
    1e14,
    1e15,
    1e15 + 0.5,
    1e16,
    1e21,
    -1e21,
    1e300,
    1e-300,
    f64::MAX,
    f64::MIN,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    9_007_199_254_740_993.0,
];

#[cfg(test)]
mod tests {
    use super::*;
    use accord_records::value::format_number;

    #[test]
    fn text_is_what_format_writes() {
        let (n, name) = (3, "acceptance");
        assert_eq!(text!("{name}: has {n}"), format!("{name}: has {n}"));
        assert_eq!(text!("no decay"), "no decay");
        let long = "x".repeat(300);
        assert_eq!(text!("{long}{n}"), format!("{long}{n}"));
        assert_eq!(text!("{}", Num(58.8)), "58.8");
    }

    #[test]
    fn numbers_show_as_format_number_does() {
        for n in AWKWARD_NUMBERS {
            assert_eq!(Num(n).to_string(), format_number(n), "{n:e}");
        }
    }

    #[test]
    fn instants_show_with_seconds_only_when_needed() {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap_or_default();
        assert_eq!(show_ts(t("2026-11-18T14:02:00Z")), "2026-11-18 14:02 UTC");
        assert_eq!(
            Ts(t("2026-11-18T14:02:09Z")).to_string(),
            "2026-11-18 14:02:09 UTC"
        );
        assert_eq!(
            Local(t("2026-11-18T16:15:00Z"), chrono_tz::America::Chicago).to_string(),
            "2026-11-18 10:15 America/Chicago"
        );
    }
}
