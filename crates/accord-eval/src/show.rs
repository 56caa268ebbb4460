//! How instants and numbers read in explanations and rows: the one place
//! that writes a time (`2026-11-18 14:02 UTC`, in a zone, RFC 3339) or a
//! number (`120`, `58.8`) as text. Below every other module of the crate:
//! the plan, the evaluator, the explanation and the row all show values
//! through it.

use crate::text::{display_by_text, put_display, Later, Sink, Text};
use chrono::{DateTime, SecondsFormat, Utc};

/// `2026-11-18 14:02` (`:SS` added when the seconds are not zero); written
/// by hand, digit by digit, because chrono's `format` re-parses its pattern
/// on every call and `write!` is slow for so many small numbers.
fn put_wall(out: &mut impl Sink, t: &impl chrono::Timelike, date: chrono::NaiveDate) {
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
    out.push_ascii(b.get(..len).unwrap_or_default());
}

/// Shows an instant in UTC: `2026-11-18 14:02 UTC` (seconds shown only
/// when not zero).
#[derive(Clone, Copy)]
pub(crate) struct Ts(pub DateTime<Utc>);

impl Text for Ts {
    fn put_into<S: Sink>(self, out: &mut S) {
        if out.keep_for_later(Later::Ts(self.0)) {
            return;
        }
        if !put_wall_secs(out, self.0.timestamp()) {
            put_wall(out, &self.0, self.0.date_naive());
        }
        out.push_str(" UTC");
    }
}

/// Shows an instant in a zone: `2026-11-18 10:15 America/Chicago`.
#[derive(Clone, Copy)]
pub(crate) struct Local(pub DateTime<Utc>, pub chrono_tz::Tz);

impl Text for Local {
    fn put_into<S: Sink>(self, out: &mut S) {
        if out.keep_for_later(Later::Local(self.0, self.1)) {
            return;
        }
        // The zone's offset looked up once (remembered per thread, by the
        // day, by `accord_time`), the wall time computed once from it,
        // digit by digit. The seconds are whole: the text shows no fraction.
        let wall = accord_time::local_seconds(self.1, self.0.timestamp());
        self.put_at(wall, out);
    }
}

impl Local {
    /// The text, given the instant's wall time as
    /// `accord_time::local_seconds` gives it (looked up by the caller,
    /// which may need it too: [`LocalWithDay`]).
    fn put_at(self, wall: Option<i64>, out: &mut impl Sink) {
        if !wall.is_some_and(|w| put_wall_secs(out, w)) {
            let local = accord_time::local_wall(self.1, self.0.timestamp())
                .unwrap_or_else(|| self.0.with_timezone(&self.1).naive_local());
            put_wall(out, &local, local.date());
        }
        (" ", self.1.name()).put_into(out);
    }
}

/// Shows an instant in a zone with its weekday there: `Tue 2026-11-24
/// 10:15 America/Chicago` (the offset looked up once for both).
#[derive(Clone, Copy)]
pub(crate) struct LocalWithDay(pub DateTime<Utc>, pub chrono_tz::Tz);

impl Text for LocalWithDay {
    fn put_into<S: Sink>(self, out: &mut S) {
        if out.keep_for_later(Later::LocalWithDay(self.0, self.1)) {
            return;
        }
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let LocalWithDay(t, tz) = self;
        // The wall time looked up once, for the day and [`Local`]'s text.
        let wall = accord_time::local_seconds(tz, t.timestamp());
        let day = match wall {
            // 1970-01-01 was a Thursday.
            Some(w) if (0..=MAX_FAST_WALL).contains(&w) => (w.div_euclid(86_400) + 3).rem_euclid(7),
            _ => {
                use chrono::Datelike;
                i64::from(t.with_timezone(&tz).weekday().num_days_from_monday())
            }
        };
        let name = usize::try_from(day).ok().and_then(|d| DAYS.get(d));
        (name.copied().unwrap_or(""), " ").put_into(out);
        Local(t, tz).put_at(wall, out);
    }
}

/// The last wall-clock second (as Unix seconds) of the year 9999: wall
/// times from 0 (1970) to it are written by [`put_wall_secs`].
const MAX_FAST_WALL: i64 = 253_402_300_799;

/// The proleptic Gregorian date of the day `z` days after 1970-01-01
/// (at most the last day of 9999): year, month, day (H. Hinnant's
/// `civil_from_days`, in unsigned 32-bit arithmetic: no day here is
/// before 1970).
fn civil_from_days(z: u32) -> (u32, u32, u32) {
    let z = z + 719_468;
    let (era, doe) = (z / 146_097, z % 146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + u32::from(m <= 2), m, d)
}

/// `00` to `99`, two bytes each.
const TWO_DIGITS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// `v`'s last two digits.
fn two_digits(v: u32) -> [u8; 2] {
    let at = (v % 100) as usize * 2;
    match TWO_DIGITS.get(at..at + 2) {
        Some(&[a, b]) => [a, b],
        _ => *b"00",
    }
}

/// `2026-11-18`: the date of the day `days` days after 1970-01-01 (at
/// most the last day of 9999).
fn date_of_day(days: u32) -> [u8; 10] {
    let (year, month, day) = civil_from_days(days);
    let ([y0, y1], [y2, y3]) = (two_digits(year / 100), two_digits(year % 100));
    let ([mo0, mo1], [d0, d1]) = (two_digits(month), two_digits(day));
    [y0, y1, y2, y3, b'-', mo0, mo1, b'-', d0, d1]
}

/// [`put_wall`] of a wall time given as the Unix seconds of that wall
/// clock read as UTC (from 1970 to 9999; the others are left to
/// [`put_wall`]: `false`, nothing written).
fn put_wall_secs(out: &mut impl Sink, wall: i64) -> bool {
    let Some(wall) = u64::try_from(wall)
        .ok()
        .filter(|w| *w <= MAX_FAST_WALL as u64)
    else {
        return false;
    };
    // Both fit: the days are at most 2,932,896.
    let (days, secs) = ((wall / 86_400) as u32, (wall % 86_400) as u32);
    let [y0, y1, y2, y3, _, mo0, mo1, _, d0, d1] = date_of_day(days);
    let (h, m, s) = (secs / 3_600, secs / 60 % 60, secs % 60);
    let ([h0, h1], [mi0, mi1], [s0, s1]) = (two_digits(h), two_digits(m), two_digits(s));
    let b = [
        y0, y1, y2, y3, b'-', mo0, mo1, b'-', d0, d1, b' ', h0, h1, b':', mi0, mi1, b':', s0, s1,
    ];
    // Pieces of fixed lengths, so that each copy is a few moves (one
    // copy of either length would be a call to `memcpy`).
    let (minutes, seconds) = b.split_at(16);
    out.push_ascii(minutes);
    if s != 0 {
        out.push_ascii(seconds);
    }
    true
}

/// An amount of seconds for people, as [`accord_time::format_seconds`]
/// writes it (`1h37m`, `2d 3h`, `45s`) or, for business time (`days`
/// false), [`accord_time::format_business_seconds`] (`29h30m`), written
/// without allocating.
#[derive(Clone, Copy)]
pub(crate) struct Amount {
    pub secs: i64,
    pub days: bool,
}

impl Text for Amount {
    fn put_into<S: Sink>(self, out: &mut S) {
        let parts = accord_time::amount_parts(self.secs, self.days);
        if parts.negative {
            out.push_str("-");
        }
        parts.first.put_into(out);
        if let Some(second) = parts.second {
            second.put_into(out);
        }
    }
}

display_by_text!(Ts, Local, LocalWithDay, Num, Amount);

/// A value kept for later is written as it would have been at once.
impl Text for Later {
    fn put_into<S: Sink>(self, out: &mut S) {
        match self {
            Later::Ts(t) => Ts(t).put_into(out),
            Later::Local(t, tz) => Local(t, tz).put_into(out),
            Later::LocalWithDay(t, tz) => LocalWithDay(t, tz).put_into(out),
            Later::Num(n) => Num(n).put_into(out),
        }
    }
}

/// `2026-11-18 14:02 UTC` as a string.
pub(crate) fn show_ts(t: DateTime<Utc>) -> String {
    crate::text::string_of(Ts(t))
}

thread_local! {
    /// The instant [`show_ts_shared`] last showed on this thread, and how.
    static LAST_SHOWN: std::cell::RefCell<Option<(DateTime<Utc>, std::sync::Arc<str>)>> =
        const { std::cell::RefCell::new(None) };
}

/// [`show_ts`], shared: the same text for the same instant as the last
/// one asked on this thread (every explanation of a run shows its as-of).
pub(crate) fn show_ts_shared(t: DateTime<Utc>) -> std::sync::Arc<str> {
    let known = LAST_SHOWN
        .try_with(|l| match &*l.borrow() {
            Some((at, shown)) if *at == t => Some(std::sync::Arc::clone(shown)),
            _ => None,
        })
        .ok()
        .flatten();
    if let Some(shown) = known {
        return shown;
    }
    let shown: std::sync::Arc<str> = show_ts(t).into();
    let _ = LAST_SHOWN.try_with(|l| *l.borrow_mut() = Some((t, std::sync::Arc::clone(&shown))));
    shown
}

/// Shows a number as [`accord_records::value::format_number`] does (`120`,
/// `58.8`, at most 2 decimals), without allocating: the one spelling of a
/// number, [`accord_syntax::number::Number`], at two decimals.
#[derive(Clone, Copy)]
pub(crate) struct Num(pub f64);

/// A whole number (most: counts, points, thresholds) digit by digit, as
/// [`accord_syntax::number::Number`] writes it; others through it.
impl Text for Num {
    fn put_into<S: Sink>(self, out: &mut S) {
        let Num(n) = self;
        // The commonest: a whole number below 100 (points, counts, days).
        if (0.0..100.0).contains(&n) && f64::from(n as u8) == n {
            return (n as u8 as u32).put_into(out);
        }
        if out.keep_for_later(Later::Num(n)) {
            return;
        }
        if n.fract() == 0.0 && n.abs() < 1e15 {
            (n as i64).put_into(out);
        } else if !put_hundredths(out, n) {
            put_display(out, &accord_syntax::number::Number(n, Some(2)));
        }
    }
}

/// A number that is not whole at two decimals, the trailing zeros of the
/// fraction dropped (`58.8`, `0.33`, `-1.5`), where
/// [`accord_syntax::number::Number`] would round it by its quick rule
/// (the same test: `|n|` × 100 finite, below 10^9, not within 10^-6 of a
/// half, not a negative rounding to zero) — written here without `fmt`;
/// `false`, nothing written, for the others.
fn put_hundredths(out: &mut impl Sink, n: f64) -> bool {
    let x = (n * 100.0).abs();
    if !x.is_finite() || x >= 1e9 || (x.fract() - 0.5).abs() < 1e-6 {
        return false;
    }
    let units = x.round() as u64;
    if units == 0 && n.is_sign_negative() {
        return false;
    }
    if n < 0.0 {
        out.push_str("-");
    }
    let (whole, cents) = (units / 100, units % 100);
    whole.put_into(out);
    if cents % 10 != 0 {
        out.push_ascii(&[b'.', b'0' + (cents / 10) as u8, b'0' + (cents % 10) as u8]);
    } else if cents != 0 {
        out.push_ascii(&[b'.', b'0' + (cents / 10) as u8]);
    }
    true
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
        // Fractions of every size and sign, near halves and wholes too.
        for i in -30_000i64..30_000 {
            for n in [
                i as f64 / 1_000.0,
                i as f64 / 7.0,
                i as f64 * 0.1 + 0.005,
                i as f64 * 1_234.567,
                i as f64 * 40_000.0 + 0.125,
            ] {
                assert_eq!(Num(n).to_string(), format_number(n), "{n:e}");
            }
        }
    }

    /// The hand-written wall time and weekday are chrono's, over the
    /// years around 1970, 2000, 2026 and the edges of four-digit years.
    #[test]
    fn wall_times_are_chronos() {
        let starts = [
            0i64,
            946_684_800,
            1_767_225_600,
            MAX_FAST_WALL - 40 * 86_400,
        ];
        for start in starts {
            for step in 0..20_000i64 {
                let w = start + step * 3_601 * 7 + step % 61;
                if w > MAX_FAST_WALL {
                    break;
                }
                let t = DateTime::<Utc>::from_timestamp(w, 0).unwrap_or_default();
                let mut fast = Vec::new();
                assert!(put_wall_secs(&mut fast, w));
                let mut slow = Vec::new();
                put_wall(&mut slow, &t, t.date_naive());
                assert_eq!(fast, slow, "{w}");
            }
        }
        let mut out = Vec::new();
        assert!(!put_wall_secs(&mut out, -1));
        assert!(!put_wall_secs(&mut out, MAX_FAST_WALL + 1));
        assert!(out.is_empty());
        for tz in [
            chrono_tz::America::Chicago,
            chrono_tz::Asia::Tokyo,
            chrono_tz::UTC,
        ] {
            for step in 0..2_000i64 {
                let u = 1_767_225_600 + step * 3_607 * 5;
                let t = DateTime::<Utc>::from_timestamp(u, 0).unwrap_or_default();
                use chrono::Datelike;
                let local = t.with_timezone(&tz);
                let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
                let day = names[local.weekday().num_days_from_monday() as usize];
                let expected = format!("{day} {} {}", local.format("%Y-%m-%d %H:%M"), tz.name());
                let expected = if u % 60 != 0 {
                    format!("{day} {} {}", local.format("%Y-%m-%d %H:%M:%S"), tz.name())
                } else {
                    expected
                };
                assert_eq!(LocalWithDay(t, tz).to_string(), expected);
            }
        }
    }

    /// Amounts read as `accord_time` formats them.
    #[test]
    fn amounts_are_accord_times() {
        let mut secs = vec![0, 1, 59, 60, 61, 3599, 3600, 3661, 86_399, 86_400, 90_061];
        secs.extend([i64::MIN, i64::MAX, i64::MIN + 1, 29 * 3600 + 30 * 60]);
        secs.extend((0..20_000i64).map(|i| i * i * 7 + i));
        for s in secs {
            for s in [s, s.saturating_neg()] {
                let plain = Amount {
                    secs: s,
                    days: true,
                }
                .to_string();
                assert_eq!(plain, accord_time::format_seconds(s), "{s}");
                let business = Amount {
                    secs: s,
                    days: false,
                }
                .to_string();
                assert_eq!(business, accord_time::format_business_seconds(s), "{s}");
            }
        }
    }

    /// [`show_ts_shared`] shows what [`show_ts`] does, whichever instant
    /// it showed last.
    #[test]
    fn an_instant_shown_again_is_shown_as_anew() {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap_or_default();
        let instants = [
            t("2026-11-18T14:02:00Z"),
            t("2026-11-18T14:02:09Z"),
            t("1999-01-01T00:00:00Z"),
        ];
        for before in instants {
            for at in instants {
                show_ts_shared(before);
                assert_eq!(*show_ts_shared(at), *show_ts(at));
            }
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
