//! Formatting a number of seconds for people: wall-clock amounts (with
//! 24-hour days) and business-time amounts (hours and minutes only, because
//! a business day is as long as the calendar's opening hours, not 24 hours).

/// Formats a number of seconds with its two most significant units, e.g.
/// `"45s"`, `"25m"`, `"25m30s"`, `"1h37m"`, `"2d 3h"` (days are plain
/// 24-hour days). Smaller units are truncated, not rounded: 1h37m59s is
/// `"1h37m"`. Zero is `"0s"`; a negative amount gets a leading `-`.
pub fn format_seconds(secs: i64) -> String {
    format_with_days(secs, true)
}

/// Formats an amount of business time: like [`format_seconds`] but never
/// in days, since "1d" would read as a business day of unknown length;
/// 29½ business hours is `"29h30m"`.
pub fn format_business_seconds(secs: i64) -> String {
    format_with_days(secs, false)
}

/// An amount of seconds as people read it: its sign and its two most
/// significant units, each a number and the unit written after it (`2`,
/// `"d "` then `3`, `"h"` for `2d 3h`), smaller units truncated. The one
/// rule behind [`format_seconds`], [`format_business_seconds`] and the
/// explanation's amounts, which write the same parts without allocating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AmountParts {
    pub negative: bool,
    pub first: (u64, &'static str),
    pub second: Option<(u64, &'static str)>,
}

/// The parts of `secs` (`use_days` false: business time, never in days).
#[inline]
pub fn amount_parts(secs: i64, use_days: bool) -> AmountParts {
    let n = secs.unsigned_abs();
    let (d, h, m, s) = if use_days {
        (n / 86_400, n / 3600 % 24, n / 60 % 60, n % 60)
    } else {
        (0, n / 3600, n / 60 % 60, n % 60)
    };
    let (first, second) = match (d, h, m) {
        (1.., 1.., _) => ((d, "d "), Some((h, "h"))),
        (1.., 0, _) => ((d, "d"), None),
        (0, 1.., 1..) => ((h, "h"), Some((m, "m"))),
        (0, 1.., 0) => ((h, "h"), None),
        (0, 0, 1..) if s > 0 => ((m, "m"), Some((s, "s"))),
        (0, 0, 1..) => ((m, "m"), None),
        (0, 0, 0) => ((s, "s"), None),
    };
    AmountParts {
        negative: secs < 0,
        first,
        second,
    }
}

fn format_with_days(secs: i64, use_days: bool) -> String {
    use std::fmt::Write as _;
    let parts = amount_parts(secs, use_days);
    // Room for any amount: `-213503982334d 14h` is 19 bytes.
    let mut out = String::with_capacity(24);
    if parts.negative {
        out.push('-');
    }
    for (n, unit) in std::iter::once(parts.first).chain(parts.second) {
        let _ = write!(out, "{n}{unit}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{format_business_seconds, format_seconds};

    #[test]
    fn business_time_is_never_in_days() {
        assert_eq!(format_business_seconds(29 * 3600 + 30 * 60), "29h30m");
        assert_eq!(format_business_seconds(86_400), "24h");
        assert_eq!(format_business_seconds(10 * 3600), "10h");
        assert_eq!(format_business_seconds(25 * 60), "25m");
        assert_eq!(format_business_seconds(-(26 * 3600)), "-26h");
        assert!(format_business_seconds(i64::MIN).starts_with('-'));
    }

    #[test]
    fn examples_from_the_brief() {
        assert_eq!(format_seconds(3600 + 37 * 60), "1h37m");
        assert_eq!(format_seconds(2 * 86_400 + 3 * 3600), "2d 3h");
        assert_eq!(format_seconds(25 * 60), "25m");
        assert_eq!(format_seconds(45), "45s");
    }

    #[test]
    fn edges() {
        assert_eq!(format_seconds(0), "0s");
        assert_eq!(format_seconds(59), "59s");
        assert_eq!(format_seconds(60), "1m");
        assert_eq!(format_seconds(61), "1m1s");
        assert_eq!(format_seconds(3599), "59m59s");
        assert_eq!(format_seconds(3600), "1h");
        assert_eq!(format_seconds(3600 + 37 * 60 + 59), "1h37m");
        assert_eq!(format_seconds(86_399), "23h59m");
        assert_eq!(format_seconds(86_400), "1d");
        assert_eq!(format_seconds(86_400 + 59 * 60), "1d");
        assert_eq!(format_seconds(-(3600 + 37 * 60)), "-1h37m");
        assert_eq!(format_seconds(-45), "-45s");
        // No overflow at the extremes.
        assert!(format_seconds(i64::MIN).starts_with('-'));
        assert!(format_seconds(i64::MAX).ends_with('h'));
    }
}
