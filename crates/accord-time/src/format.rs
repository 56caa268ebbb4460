//! Plain (wall-clock) time helpers: formatting a number of seconds for people.

/// Formats a number of seconds with its two most significant units, e.g.
/// `"45s"`, `"25m"`, `"25m30s"`, `"1h37m"`, `"2d 3h"` (days are plain
/// 24-hour days). Smaller units are truncated, not rounded: 1h37m59s is
/// `"1h37m"`. Zero is `"0s"`; a negative amount gets a leading `-`.
pub fn format_seconds(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let n = secs.unsigned_abs();
    let (d, h, m, s) = (n / 86_400, n / 3600 % 24, n / 60 % 60, n % 60);
    let body = if d > 0 {
        if h > 0 {
            format!("{d}d {h}h")
        } else {
            format!("{d}d")
        }
    } else if h > 0 {
        if m > 0 {
            format!("{h}h{m}m")
        } else {
            format!("{h}h")
        }
    } else if m > 0 {
        if s > 0 {
            format!("{m}m{s}s")
        } else {
            format!("{m}m")
        }
    } else {
        format!("{s}s")
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::format_seconds;

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
