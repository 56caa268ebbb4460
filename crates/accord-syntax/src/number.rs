//! Numbers as people write them: `120`, not `120.0`. One spelling for every
//! crate that shows a number back to its author (the parser's help lines,
//! the checker's messages, lead values, `accord diff`), so they cannot
//! drift apart.

/// `n` as people write it. A whole number (below 10^15 in size) has no
/// fraction: `120`, `-3`. Any other number has at most `decimals` decimals,
/// rounded, without trailing zeros (`Some(2)`: `58.8`, `7.25`, `0.33`), or,
/// with `None`, the shortest text that reads back as `n` (`2.5`,
/// `0.125`).
pub fn format_number(n: f64, decimals: Option<usize>) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    match decimals {
        Some(decimals) => {
            let s = format!("{n:.decimals$}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        None => format!("{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn whole_numbers_have_no_fraction() {
        assert_eq!(format_number(72.0, Some(2)), "72");
        assert_eq!(format_number(40.0, None), "40");
        assert_eq!(format_number(-3.0, None), "-3");
        assert_eq!(format_number(-0.0, Some(2)), "0");
    }

    #[test]
    fn decimals_are_rounded_and_trimmed() {
        assert_eq!(format_number(7.25, Some(2)), "7.25");
        assert_eq!(format_number(0.5, Some(2)), "0.5");
        assert_eq!(format_number(58.80, Some(2)), "58.8");
        assert_eq!(format_number(1.0 / 3.0, Some(2)), "0.33");
        assert_eq!(format_number(2.999, Some(2)), "3");
    }

    #[test]
    fn no_decimals_given_is_the_shortest_spelling() {
        assert_eq!(format_number(2.5, None), "2.5");
        assert_eq!(format_number(0.125, None), "0.125");
        assert_eq!(format_number(1e15, None), "1000000000000000");
    }
}
