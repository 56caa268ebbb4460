//! Numbers as people write them: `120`, not `120.0`. One spelling for every
//! crate that shows a number back to its author (the parser's help lines,
//! the checker's messages, lead values, `accord diff`), so they cannot
//! drift apart. [`Number`] writes it without allocating (for the
//! evaluator's explanations); [`format_number`] returns it as a `String`.
//! And the other way round, [`number_in_words`]: `twenty-five` read as 25,
//! for the parser's and the checker's "write numbers with digits".

use std::fmt::{self, Display, Write as _};

/// `n` as people write it. A whole number (below 10^15 in size) has no
/// fraction: `120`, `-3`. Any other number has at most `decimals` decimals,
/// rounded, without trailing zeros (`Some(2)`: `58.8`, `7.25`, `0.33`), or,
/// with `None`, the shortest text that reads back as `n` (`2.5`,
/// `0.125`).
pub fn format_number(n: f64, decimals: Option<usize>) -> String {
    Number(n, decimals).to_string()
}

/// `Number(n, decimals)` displays as `format_number(n, decimals)` spells
/// it, written straight into the formatter without allocating. Width and
/// other flags of the formatter are not applied.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number(pub f64, pub Option<usize>);

impl Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Number(n, decimals) = *self;
        if n.fract() == 0.0 && n.abs() < 1e15 {
            return write!(f, "{}", n as i64);
        }
        match decimals {
            None => write!(f, "{n}"),
            Some(decimals) => {
                if let Some((negative, units)) = rounded_units(n, decimals) {
                    return write_units(f, negative, units, decimals);
                }
                let mut out = TrimZeros {
                    out: f,
                    fraction: false,
                    point: false,
                    zeros: 0,
                };
                write!(out, "{n:.decimals$}")
            }
        }
    }
}

/// `|n|` × 10^`decimals` rounded to a whole number (and whether `n` is
/// negative), when that is certainly how `{n:.decimals$}` rounds `n`: the
/// product is below 10^9, so the float multiplication is off by under
/// 2^-23, and its fraction is not within 10^-6 of one half, so the exact
/// decimal expansion of `n` (which formatting rounds, ties to even) lies on
/// the same side of the half. `None`: too large, too near a tie, not finite,
/// or a negative number rounding to zero (formatted `-0.00`) — written the
/// exact way. The exact way runs the float formatter's exact mode (about a
/// thousand instructions); this is a multiplication and a few divisions.
fn rounded_units(n: f64, decimals: usize) -> Option<(bool, u64)> {
    const SCALES: [f64; 7] = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6];
    let x = (n * SCALES.get(decimals)?).abs();
    if !x.is_finite() || x >= 1e9 || (x.fract() - 0.5).abs() < 1e-6 {
        return None;
    }
    let units = x.round() as u64;
    if units == 0 && n.is_sign_negative() {
        return None;
    }
    Some((n < 0.0, units))
}

/// Writes `units` × 10^-`decimals` (negated when `negative`) without
/// trailing zeros in the fraction, nor a point when none is left: `5880`
/// with 2 decimals is `58.8`, `1200` is `12`.
fn write_units(
    f: &mut impl fmt::Write,
    negative: bool,
    units: u64,
    decimals: usize,
) -> fmt::Result {
    // Digits are written from the right into a buffer (an u64 has at most
    // 20, a sign and a point make 22).
    let mut buf = [0u8; 24];
    let mut at = buf.len();
    let mut put = |b: u8| {
        at -= 1;
        if let Some(slot) = buf.get_mut(at) {
            *slot = b;
        }
    };
    let (mut rest, mut fraction) = (units, decimals);
    // Trailing zeros of the fraction are not written.
    while fraction > 0 && rest % 10 == 0 {
        rest /= 10;
        fraction -= 1;
    }
    for _ in 0..fraction {
        put(b'0' + (rest % 10) as u8);
        rest /= 10;
    }
    if fraction > 0 {
        put(b'.');
    }
    loop {
        put(b'0' + (rest % 10) as u8);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if negative {
        put(b'-');
    }
    let text = buf.get(at..).and_then(|b| std::str::from_utf8(b).ok());
    f.write_str(text.unwrap_or_default())
}

/// Passes text through, except that zeros after the decimal point (and
/// the point itself) are held back until a digit other than zero follows:
/// what is still held at the end is dropped, so `58.80` is written `58.8`
/// and `12.00` is written `12`.
struct TrimZeros<W> {
    out: W,
    /// Past the decimal point.
    fraction: bool,
    /// The decimal point is held back.
    point: bool,
    /// How many zeros are held back.
    zeros: usize,
}

impl<W: fmt::Write> fmt::Write for TrimZeros<W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.chars() {
            match c {
                '.' if !self.fraction => {
                    self.fraction = true;
                    self.point = true;
                }
                '0' if self.fraction => self.zeros += 1,
                c => {
                    if self.point {
                        self.out.write_char('.')?;
                        self.point = false;
                    }
                    for _ in 0..self.zeros {
                        self.out.write_char('0')?;
                    }
                    self.zeros = 0;
                    self.out.write_char(c)?;
                }
            }
        }
        Ok(())
    }
}

/// A whole number written in words, as people write the small ones:
/// `zero` to `nineteen`, the tens (`twenty` … `ninety`) and a ten and a
/// unit joined by a hyphen (`twenty-five`), in any case. `None` for any
/// other word.
pub fn number_in_words(word: &str) -> Option<u32> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let position = |list: &[&str], w: &str| {
        list.iter()
            .position(|x| x.eq_ignore_ascii_case(w))
            .and_then(|i| u32::try_from(i).ok())
    };
    if let Some(n) = position(&UNITS, word) {
        return Some(n);
    }
    let (ten, unit) = match word.split_once('-') {
        Some((ten, unit)) => (ten, Some(unit)),
        None => (word, None),
    };
    let tens = 20 + 10 * position(&TENS, ten)?;
    match unit {
        None => Some(tens),
        Some(unit) => position(&UNITS, unit)
            .filter(|u| (1..=9).contains(u))
            .map(|u| tens + u),
    }
}

#[cfg(test)]
mod tests {
    use super::{format_number, number_in_words, Number};

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
        assert_eq!(format_number(10.4, Some(0)), "10");
    }

    #[test]
    fn no_decimals_given_is_the_shortest_spelling() {
        assert_eq!(format_number(2.5, None), "2.5");
        assert_eq!(format_number(0.125, None), "0.125");
        assert_eq!(format_number(1e15, None), "1000000000000000");
    }

    /// The spelling the copies this replaced had: format, then trim the
    /// zeros and the point at the end.
    fn trimmed_after_formatting(n: f64, decimals: Option<usize>) -> String {
        if n.fract() == 0.0 && n.abs() < 1e15 {
            return format!("{}", n as i64);
        }
        match decimals {
            None => format!("{n}"),
            Some(d) => {
                let s = format!("{n:.d$}");
                if s.contains('.') {
                    s.trim_end_matches('0').trim_end_matches('.').to_string()
                } else {
                    s
                }
            }
        }
    }

    #[test]
    fn writing_without_allocating_agrees_with_trimming_a_string() {
        // Awkward values (ties, binary fractions, signed zeros, the 10^15
        // edge, huge, tiny, not finite), then a sweep of small decimals.
        let awkward = [
            -0.0,
            0.005,
            0.004999,
            2.675,
            65.0 - 58.8,
            0.1 + 0.2,
            -0.001,
            99.999,
            f64::NAN,
            1e15 + 0.5,
            f64::MIN,
            1e-300,
            f64::INFINITY,
            -1e21,
            f64::MAX,
            1e300,
            f64::NEG_INFINITY,
        ];
        let sweep = (-2000..2000).map(|i| f64::from(i) * 0.0125);
        // Ties and near-ties of the quick rounding (`rounded_units`): the
        // thousandths and their neighbours a few ulps away, sums of scores
        // and weights, and numbers up to and past its 10^9 limit.
        let thousandths = (-20_000..20_000).flat_map(|i| {
            let n = f64::from(i) / 1000.0;
            [n, n.next_up(), n.next_down(), n * 1.000_000_1]
        });
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let pseudo_random = std::iter::repeat_with(move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Mantissas at several magnitudes: 10^-3 to 10^10.
            let m = (x >> 11) as f64 / (1u64 << 53) as f64;
            m * 10f64.powi((x % 14) as i32 - 3)
        })
        .take(50_000);
        let values: Vec<f64> = awkward
            .into_iter()
            .chain(sweep)
            .chain(thousandths)
            .chain(pseudo_random)
            .collect();
        for n in values {
            for decimals in [None, Some(0), Some(1), Some(2), Some(3), Some(4), Some(6)] {
                assert_eq!(
                    Number(n, decimals).to_string(),
                    trimmed_after_formatting(n, decimals),
                    "{n:e} {decimals:?}"
                );
            }
        }
    }

    #[test]
    fn numbers_in_words_are_read_up_to_ninety_nine() {
        let read = |w| number_in_words(w);
        assert_eq!(read("zero"), Some(0));
        assert_eq!(read("Twelve"), Some(12));
        assert_eq!(read("nineteen"), Some(19));
        assert_eq!(read("twenty"), Some(20));
        assert_eq!(read("twenty-five"), Some(25));
        assert_eq!(read("NINETY-nine"), Some(99));
        assert_eq!(read("twenty-zero"), None);
        assert_eq!(read("twenty-ten"), None);
        assert_eq!(read("five-twenty"), None);
        assert_eq!(read("hundred"), None);
        assert_eq!(read("lots"), None);
    }
}
