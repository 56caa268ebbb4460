//! The literal values conditions compare with: a literal ([`Lit`]), a
//! text pattern ([`Pattern`]), and sets of literals and texts ([`LitSet`],
//! [`TextSet`]) as lists and `is one of` hold them, prepared at compile
//! time so that testing a lead's value does no lower-casing or parsing.
//! Below the plan (`plan.rs`), which holds them in its conditions; it
//! imports nothing of the plan.

use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use std::collections::HashSet;

/// A literal a test compares against.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Lit {
    Num(f64),
    Text(String),
    Bool(bool),
    Date(NaiveDate),
    /// An SLA state word (`met`, `breached`, `pending`, `not_applicable`).
    State(crate::outcome::SlaState),
}

/// How a literal reads in explanations: `65`, `"SaaS"`, `yes`, `2026-01-01`.
impl std::fmt::Display for Lit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Lit::Num(n) => crate::show::Num(*n).fmt(f),
            Lit::Text(t) => write!(f, "\"{t}\""),
            Lit::Bool(b) => f.write_str(if *b { "yes" } else { "no" }),
            Lit::Date(d) => d.fmt(f),
            Lit::State(s) => f.write_str(s.word()),
        }
    }
}

/// The same text as `Display` writes, written straight (a number digit by
/// digit, a text copied; a date through its `Display`).
impl crate::text::Text for &Lit {
    fn put_into<S: crate::text::Sink>(self, out: &mut S) {
        match self {
            Lit::Num(n) => crate::show::Num(*n).put_into(out),
            Lit::Text(t) => ("\"", t, "\"").put_into(out),
            Lit::Bool(b) => out.push_str(if *b { "yes" } else { "no" }),
            Lit::Date(d) => crate::text::ByDisplay(d).put_into(out),
            Lit::State(s) => out.push_str(s.word()),
        }
    }
}

impl Lit {
    /// Midnight UTC of a date literal (for comparing timestamps with dates).
    pub fn as_instant(&self) -> Option<DateTime<Utc>> {
        match self {
            Lit::Date(d) => d.and_hms_opt(0, 0, 0).map(|n| Utc.from_utc_datetime(&n)),
            _ => None,
        }
    }
}

/// The text of `contains`, `starts with`, `ends with`: as written (shown,
/// and matched exactly against list items) and lower-cased once here
/// (matched against a lower-cased value).
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    pub text: String,
    pub lower: String,
}

impl Pattern {
    pub fn new(text: &str) -> Pattern {
        Pattern {
            text: text.to_string(),
            lower: text.to_lowercase(),
        }
    }
}

impl std::fmt::Display for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether two texts are the same. Most texts compared are short (a
/// country, a status, a title), and are compared in place, without a call
/// to compare bytes: a text of up to 16 bytes as its first and last eight
/// bytes (four, for up to 7; each byte, for up to 3), which between them
/// cover every byte.
#[inline]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    // The first and last `N` bytes of each, as words.
    fn ends<const N: usize>(s: &[u8]) -> Option<([u8; N], [u8; N])> {
        Some((*s.first_chunk::<N>()?, *s.last_chunk::<N>()?))
    }
    match n {
        0..=3 => a.first() == b.first() && a.get(n / 2) == b.get(n / 2) && a.last() == b.last(),
        4..=7 => match (ends::<4>(a), ends::<4>(b)) {
            (Some((ah, at)), Some((bh, bt))) => {
                u32::from_ne_bytes(ah) == u32::from_ne_bytes(bh)
                    && u32::from_ne_bytes(at) == u32::from_ne_bytes(bt)
            }
            _ => false,
        },
        8..=16 => match (ends::<8>(a), ends::<8>(b)) {
            (Some((ah, at)), Some((bh, bt))) => {
                u64::from_ne_bytes(ah) == u64::from_ne_bytes(bh)
                    && u64::from_ne_bytes(at) == u64::from_ne_bytes(bt)
            }
            _ => false,
        },
        _ => a == b,
    }
}

/// Whether a text is all ASCII, read eight bytes at a time (the standard
/// library reads a short text byte by byte).
#[inline]
pub(crate) fn is_ascii(text: &str) -> bool {
    let (words, rest) = text.as_bytes().as_chunks::<8>();
    let high = words
        .iter()
        .fold(0, |seen, w| seen | u64::from_ne_bytes(*w));
    high & 0x8080_8080_8080_8080 == 0 && rest.iter().all(u8::is_ascii)
}

/// Texts to test membership in: a few are scanned in order (cheaper than
/// hashing the text read), many are hashed.
#[derive(Clone, Debug)]
pub(crate) enum TextSet {
    Scanned(Vec<String>),
    Hashed(HashSet<String>),
}

impl Default for TextSet {
    fn default() -> TextSet {
        TextSet::Scanned(Vec::new())
    }
}

impl TextSet {
    /// Up to this many, a scan.
    const SCANNED: usize = 16;
    pub fn insert(&mut self, t: String) {
        if self.contains(&t) {
            return;
        }
        match self {
            TextSet::Hashed(h) => {
                h.insert(t);
            }
            TextSet::Scanned(items) if items.len() < Self::SCANNED => items.push(t),
            TextSet::Scanned(items) => {
                let mut h: HashSet<String> = items.drain(..).collect();
                h.insert(t);
                *self = TextSet::Hashed(h);
            }
        }
    }
    #[inline]
    pub fn contains(&self, t: &str) -> bool {
        match self {
            // The length and the first byte first: most items differ there,
            // without a call to compare the bytes.
            TextSet::Scanned(items) => items.iter().any(|i| same_text(i, t)),
            TextSet::Hashed(h) => h.contains(t),
        }
    }
    pub fn iter(&self) -> Box<dyn Iterator<Item = &String> + '_> {
        match self {
            TextSet::Scanned(items) => Box::new(items.iter()),
            TextSet::Hashed(h) => Box::new(h.iter()),
        }
    }
}

/// A set of literals (`one of`, a named list).
#[derive(Clone, Debug, Default)]
pub(crate) struct LitSet {
    pub texts: TextSet,
    /// Lower-cased copies, for `the domain of email` (domains are
    /// case-insensitive), of the texts that can be a domain (without `@`).
    pub lower: TextSet,
    pub nums: Vec<f64>,
    pub shown: String,
}

impl LitSet {
    pub fn from_lits(lits: &[Lit]) -> LitSet {
        let mut set = LitSet::default();
        let mut shown = Vec::new();
        for l in lits {
            shown.push(l.to_string());
            match l {
                Lit::Num(n) => set.nums.push(*n),
                Lit::Text(t) => {
                    // A domain follows the last `@`: a text with one is
                    // never a domain.
                    if !t.contains('@') {
                        set.lower.insert(t.to_lowercase());
                    }
                    set.texts.insert(t.clone());
                }
                Lit::Bool(b) => {
                    set.texts.insert(if *b { "yes" } else { "no" }.to_string());
                }
                Lit::Date(d) => {
                    set.texts.insert(d.to_string());
                }
                Lit::State(s) => {
                    set.texts.insert(s.word().to_string());
                }
            }
        }
        set.shown = shown.join(", ");
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `same_text` and `is_ascii` answer as `==` and `str::is_ascii` for
    /// texts of every length up to 40, differing (or not ASCII) at each
    /// position in turn.
    #[test]
    fn in_place_text_checks_answer_as_the_standard_library() {
        let mut checked = 0;
        for n in 0..=40usize {
            let base: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            assert!(same_text(&base, &base.clone()));
            assert!(is_ascii(&base));
            for at in 0..n {
                for with in ['b', 'A', 'é', '\u{7f}'] {
                    let mut other: Vec<char> = base.chars().collect();
                    other[at] = with;
                    let other: String = other.into_iter().collect();
                    assert_eq!(
                        same_text(&base, &other),
                        base == other,
                        "{base:?} {other:?}"
                    );
                    assert_eq!(is_ascii(&other), other.is_ascii(), "{other:?}");
                    checked += 1;
                }
            }
            let longer = format!("{base}x");
            assert!(!same_text(&base, &longer));
        }
        assert!(checked > 3000);
    }
}
