//! Whether a text is an email address, as the `an email` type reads it:
//! one `@`, a non-empty local part, a domain with a dot that is neither
//! first nor last, and no white space (any Unicode white space).
//!
//! Nearly every address is printable ASCII, read here eight bytes at a
//! time ([`is_email`]); text with any other byte (a control character, a
//! space, a non-ASCII character) is read one byte at a time ([`by_byte`]),
//! which tells white space from the rest. Both give the same answer for
//! every text (the tests compare them).

/// One `@`, a non-empty local part, a domain with a dot that is neither
/// first nor last, and no spaces (any Unicode white space).
pub fn is_email(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut words = Words::new(bytes);
    // Where the one `@` is (once read), and whether a dot follows it.
    let mut at: Option<usize> = None;
    let mut dot_after_at = false;
    let mut base = 0;
    while let Some(w) = words.next() {
        if w.others != 0 {
            return by_byte(s);
        }
        if at.is_some() {
            if w.ats != 0 {
                return false; // a second `@`
            }
            dot_after_at |= w.dots != 0;
        } else if w.ats != 0 {
            if w.ats & (w.ats - 1) != 0 {
                return false; // two in this word
            }
            at = Some(base + (w.ats.trailing_zeros() / 8) as usize);
            // The dots in the bytes past the `@`.
            dot_after_at |= w.dots & !(w.ats | (w.ats - 1)) != 0;
        }
        base += 8;
    }
    let Some(at) = at else {
        return false;
    };
    at > 0 && dot_after_at && bytes.get(at + 1) != Some(&b'.') && bytes.last() != Some(&b'.')
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is 0 (exactly: no carry from one
/// byte into the next).
#[inline]
fn zero_bytes(x: u64) -> u64 {
    !(((x & !HIGH) + !HIGH) | x | !HIGH)
}

/// Eight bytes of a text, each told apart by its high bit in one of three
/// masks.
struct Word {
    ats: u64,
    dots: u64,
    /// Bytes below `!` (space, control characters) or not ASCII.
    others: u64,
}

/// A text's bytes, eight at a time; the last word filled out with `a`s.
struct Words<'a> {
    bytes: &'a [u8],
    /// The next word's first byte.
    next: usize,
}

impl<'a> Words<'a> {
    fn new(bytes: &'a [u8]) -> Words<'a> {
        Words { bytes, next: 0 }
    }

    #[inline]
    fn next(&mut self) -> Option<Word> {
        let rest = self.bytes.get(self.next..).unwrap_or_default();
        let w = match rest.first_chunk::<8>() {
            Some(chunk) => u64::from_le_bytes(*chunk),
            None if rest.is_empty() => return None,
            None => {
                let n = rest.len();
                let filler = (ONES * u64::from(b'a')) << (8 * n);
                match self.bytes.last_chunk::<8>() {
                    // The text's last eight bytes, the `n` not yet read
                    // moved down to the start.
                    Some(last) => (u64::from_le_bytes(*last) >> (8 * (8 - n))) | filler,
                    None => {
                        let mut buf = [b'a'; 8];
                        if let Some(head) = buf.get_mut(..n) {
                            head.copy_from_slice(rest);
                        }
                        u64::from_le_bytes(buf)
                    }
                }
            }
        };
        self.next += 8;
        // Each byte's low seven bits at least `!`: the high bit of
        // `(b | 0x80) - 0x21` (no borrow: `b | 0x80` is at least 0x80).
        let printable = (w | HIGH).wrapping_sub(ONES * 0x21);
        Some(Word {
            ats: zero_bytes(w ^ (ONES * u64::from(b'@'))),
            dots: zero_bytes(w ^ (ONES * u64::from(b'.'))),
            others: (!printable | w) & HIGH,
        })
    }
}

/// [`is_email`] one byte at a time, each looked up in [`EMAIL_BYTES`]:
/// `@`, `.` and ASCII white space are single bytes that never occur inside
/// a longer UTF-8 sequence; only text with non-ASCII characters is read
/// again by character for the other white space.
fn by_byte(s: &str) -> bool {
    let mut at = None;
    let (mut dot_after_at, mut ascii) = (false, true);
    for (i, &b) in s.as_bytes().iter().enumerate() {
        match EMAIL_BYTES.get(usize::from(b)).copied().unwrap_or(0) {
            0 => {}
            AT if at.is_some() => return false,
            AT => at = Some(i),
            DOT => dot_after_at |= at.is_some(),
            SPACE => return false,
            _ => ascii = false,
        }
    }
    let Some(at) = at else {
        return false;
    };
    let domain = s.get(at + 1..).unwrap_or("");
    at > 0
        && dot_after_at
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && (ascii || !s.chars().any(char::is_whitespace))
}

/// The classes of bytes [`by_byte`] tells apart (0: any other byte).
const AT: u8 = 1;
const DOT: u8 = 2;
const SPACE: u8 = 3;
const NOT_ASCII: u8 = 4;

/// Each byte's class for [`by_byte`]: `@`, `.`, ASCII white space (the
/// ASCII characters `char::is_whitespace` accepts), a byte of a non-ASCII
/// character, or 0.
const EMAIL_BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = match i as u8 {
            b'@' => AT,
            b'.' => DOT,
            b'\t'..=b'\r' | b' ' => SPACE,
            0x80..=0xff => NOT_ASCII,
            _ => 0,
        };
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for s in ["jane@acme.com", "j\u{e9}r\u{f4}me@\u{e9}cole.fr"] {
            assert!(by_byte(s));
        }
        assert!(is_email("jane@acme.com"));
        assert!(!is_email("jane@acme"));
        assert!(!is_email("jane.acme.com"));
        assert!(!is_email("a@b@c.com"));
        assert!(!is_email("@acme.com"));
        assert!(!is_email("jane@.com"));
        assert!(!is_email("jane doe@acme.com"));
        assert!(!is_email("jane@acme.com\u{b}"));
        assert!(!is_email("jane\u{a0}doe@acme.com"));
        assert!(!is_email("jane@acme\u{3000}.com"));
        assert!(is_email("j\u{e9}r\u{f4}me@\u{e9}cole.fr"));
        assert!(!is_email("jane@acme.com."));
        assert!(!is_email("jane@"));
    }

    #[test]
    fn eight_bytes_at_a_time_agrees_with_one_at_a_time() {
        let pieces = [
            "a",
            "jane",
            "@",
            ".",
            "acme",
            "com",
            " ",
            "\t",
            "\u{b}",
            "\u{1}",
            "\u{7f}",
            "\u{e9}",
            "\u{a0}",
            "\u{3000}",
            "x.y",
            "@@",
            "..",
            "0123456789",
        ];
        let mut checked = 0;
        // Every text of up to four pieces (lengths 0 to 40, so every
        // place of the `@` and the dots in a word and past it).
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let mut longer = Vec::new();
            for t in &texts {
                for p in pieces {
                    longer.push(format!("{t}{p}"));
                }
            }
            for t in texts.iter().chain(&longer) {
                assert_eq!(is_email(t), by_byte(t), "{t:?}");
                checked += 1;
            }
            texts = longer;
        }
        assert!(checked > 100_000);
        for t in [
            "jane@acme.com",
            "a@b.c",
            "first.last@sub.example.co.uk",
            "x@yy.zzzzzzzzzzzzz",
        ] {
            assert!(is_email(t), "{t}");
        }
    }
}
