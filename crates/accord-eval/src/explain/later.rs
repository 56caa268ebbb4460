//! Values an explanation tree keeps as they are while it is built, and
//! writes as text when it is first read (see [`Later`]): an instant in a
//! zone, a number with a fraction. Building an explanation writes many of
//! them (each event line's time in the lead's zone, each value read, each
//! gap's amount) and most explanations an engine asks for are read only in
//! part, or not as text at all; the text is the same either way.
//!
//! In the tree's byte buffer such a value is a mark — [`MARK`], a byte
//! UTF-8 never uses, then its index in the tree's list of kept values (4
//! bytes) — inside the text it belongs to, so that copying a text (a gap
//! prefixed, a threshold turned `not`) copies its values too. The first
//! read writes the whole buffer out once ([`Written`]) and maps each
//! span onto it. Part of [`super::tree`], which owns the buffers.

use super::words::Span;
use crate::text::{Later, Sink, Text};
use std::fmt;
use std::sync::OnceLock;

#[cfg(test)]
thread_local! {
    /// Whether an explanation's tree keeps no values (writes every text at
    /// once), for the test that keeping them changes no text.
    pub(crate) static KEEPING_OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The byte that starts a kept value's mark (never in UTF-8 text).
const MARK: u8 = 0xFF;
/// A mark's length: [`MARK`] and a 4-byte index.
const MARK_LEN: usize = 5;

/// What an explanation's tree keeps of its values: the values, in the
/// order of their marks' indices, and the tree's text with them written,
/// made on the first read.
#[derive(Clone, Debug, Default)]
pub(super) struct Kept {
    pub(super) values: Vec<Later>,
    written: OnceLock<Written>,
}

impl Kept {
    /// Emptied, for the thread's next tree.
    pub(super) fn clear(&mut self) {
        self.values.clear();
        self.written = OnceLock::new();
    }

    /// `raw`, the tree's buffer, with the values written: made on the
    /// first call (a tree is read only once built).
    pub(super) fn written(&self, raw: &[u8]) -> &Written {
        self.written.get_or_init(|| Written::of(raw, &self.values))
    }

    /// Whether the tree was read (its text written out).
    pub(super) fn was_read(&self) -> bool {
        self.written.get().is_some()
    }
}

/// The tree's text buffer as a [`Sink`] while the tree is built: text is
/// copied in, and (when the tree keeps values) a [`Later`] value is kept
/// in `later`, marked where its text goes.
pub(super) struct TreeText<'a> {
    pub(super) text: &'a mut Vec<u8>,
    pub(super) later: Option<&'a mut Vec<Later>>,
}

impl Sink for TreeText<'_> {
    #[inline]
    fn push_str(&mut self, s: &str) {
        self.text.extend_from_slice(s.as_bytes());
    }
    #[inline]
    fn push_ascii(&mut self, b: &[u8]) {
        self.text.extend_from_slice(b);
    }
    fn push_fmt(&mut self, args: fmt::Arguments<'_>) {
        self.text.push_fmt(args);
    }
    #[inline]
    fn keep_for_later(&mut self, value: Later) -> bool {
        let Some(later) = self.later.as_deref_mut() else {
            return false;
        };
        let Ok(index) = u32::try_from(later.len()) else {
            return false;
        };
        later.push(value);
        let [a, b, c, d] = index.to_le_bytes();
        self.text.extend_from_slice(&[MARK, a, b, c, d]);
        true
    }
}

/// A tree's text with every kept value written, and where each mark was:
/// made once, on the first read of a tree that kept values.
#[derive(Clone, Debug, Default)]
pub(super) struct Written {
    text: String,
    /// For each mark, in order: the position just after it in the
    /// buffer, and how much longer the text is from there on than the
    /// buffer (the written values' lengths less their marks').
    shifts: Vec<(u32, i64)>,
    /// For each [`BLOCK`] bytes of the buffer, how many marks end at or
    /// before its start: where the search for a position's shift starts
    /// (a few marks at most to step over, so every read is quick).
    blocks: Vec<u32>,
}

/// The size of the buffer's blocks in [`Written::blocks`].
const BLOCK: usize = 64;

impl Written {
    /// Writes out `raw` (the tree's buffer), each mark as the text of its
    /// value in `later`.
    pub(super) fn of(raw: &[u8], later: &[Later]) -> Written {
        let mut text = String::with_capacity(raw.len() + later.len() * 24);
        let mut shifts: Vec<(u32, i64)> = Vec::with_capacity(later.len());
        for piece in Pieces::of(raw) {
            match piece {
                Piece::Text(t) => text.push_str(t),
                Piece::Value { index, end } => {
                    let start = text.len();
                    if let Some(v) = later.get(index) {
                        v.put_into(&mut text);
                    }
                    let longer = (text.len() - start) as i64 - MARK_LEN as i64;
                    let shift = shifts.last().map_or(0, |(_, s)| *s) + longer;
                    shifts.push((u32::try_from(end).unwrap_or(u32::MAX), shift));
                }
            }
        }
        let blocks = (0..=raw.len() / BLOCK)
            .map(|b| {
                let start = b * BLOCK;
                let before = shifts.partition_point(|(end, _)| *end as usize <= start);
                u32::try_from(before).unwrap_or(u32::MAX)
            })
            .collect();
        Written {
            text,
            shifts,
            blocks,
        }
    }

    /// The written text of the buffer's `span` (which starts and ends
    /// outside every mark, as every span does).
    pub(super) fn str(&self, span: Span) -> &str {
        let at = |pos: u32| {
            let block = self.blocks.get(pos as usize / BLOCK);
            let mut before = block.map_or(0, |b| *b as usize);
            while self.shifts.get(before).is_some_and(|(end, _)| *end <= pos) {
                before += 1;
            }
            let shift = before
                .checked_sub(1)
                .and_then(|i| self.shifts.get(i))
                .map_or(0, |(_, s)| *s);
            usize::try_from(i64::from(pos) + shift).unwrap_or(0)
        };
        self.text.get(at(span.start)..at(span.end)).unwrap_or("")
    }
}

/// Some of a tree's buffer as a [`Text`]: written with each kept value's
/// text (a clause's words read off a tree still being built, without
/// writing the whole tree out).
pub(super) struct WithValues<'a>(pub &'a [u8], pub &'a [Later]);

impl Text for WithValues<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        for piece in Pieces::of(self.0) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Value { index, .. } => {
                    if let Some(v) = self.1.get(index) {
                        v.put_into(out);
                    }
                }
            }
        }
    }
}

/// A piece of a tree's buffer: text, or a kept value's mark.
enum Piece<'a> {
    Text(&'a str),
    /// The value's index in the kept values, and where its mark ends in
    /// the buffer.
    Value {
        index: usize,
        end: usize,
    },
}

/// The pieces of (some of) a tree's buffer, in order: the buffer and
/// how far they have been read.
struct Pieces<'a>(&'a [u8], usize);

impl<'a> Pieces<'a> {
    fn of(raw: &'a [u8]) -> Pieces<'a> {
        Pieces(raw, 0)
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;
    fn next(&mut self) -> Option<Piece<'a>> {
        let Pieces(raw, read) = *self;
        let rest = raw.get(read..).filter(|r| !r.is_empty())?;
        match rest.iter().position(|b| *b == MARK) {
            Some(0) => {
                let index = match rest.get(1..MARK_LEN) {
                    Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]) as usize,
                    _ => usize::MAX,
                };
                self.1 = read + MARK_LEN;
                Some(Piece::Value { index, end: self.1 })
            }
            at => {
                let len = at.unwrap_or(rest.len());
                self.1 = read + len;
                let text = rest.get(..len).unwrap_or_default();
                Some(Piece::Text(std::str::from_utf8(text).unwrap_or("")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::text::string_of;

    /// Instants in a zone and numbers with a fraction are kept as values
    /// while the tree is built, and read — viewed once built, or as a
    /// clause's words off the tree still being built — as the text written
    /// at once, wherever they were copied (a gap prefixed, a threshold
    /// turned `not`).
    #[test]
    fn values_kept_for_later_read_as_written_at_once() {
        use super::super::tree::{Tree, ROOT};
        use crate::plan::Src;
        use crate::show::{Local, LocalWithDay, Num, Ts};
        use std::sync::Arc;
        let at = "2026-11-18T14:02:30Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap();
        let tz = chrono_tz::America::Chicago;
        let srcs: Arc<[Src]> = Arc::from(Vec::new());
        let fields: Arc<[Arc<str>]> = Arc::from(Vec::new());
        let mut t = Tree::with_capacity(&srcs, &fields, 4);
        let leaf = t.node("competitor_contract", "");
        t.read(leaf, "at", Local(at, tz));
        t.read(leaf, "score", Num(58.75));
        t.threshold(leaf, ("after ", Ts(at)));
        let gap = t.node("lead_score is at least 65", "");
        t.gap(
            gap,
            ("needs ", Num(6.25), " more by ", LocalWithDay(at, tz)),
        );
        let gap_text = format!("needs 6.25 more by {}", LocalWithDay(at, tz));
        assert_eq!(t.words(gap, false), gap_text);
        assert_eq!(
            t.words(leaf, true),
            format!(
                "competitor_contract (at = {}, score = 58.75)",
                Local(at, tz)
            )
        );
        t.prefix_gap(gap, "late: ");
        let not = t.node("not competitor_contract", "");
        t.attach(not, leaf);
        t.fold_only_leaf(not);
        t.attach(ROOT, not);
        t.attach(ROOT, gap);
        assert_eq!(t.kept_values(), 5, "every such value kept, none written");
        let t = t.built();
        let answers: Vec<_> = t.root_children().collect();
        let values: Vec<_> = answers[0].values().collect();
        let local = Local(at, tz).to_string();
        assert_eq!(values[0].value, local);
        assert!(local.starts_with("2026-11-18 08:02:30"), "{local}");
        assert_eq!(values[1].value, "58.75");
        let thresholds: Vec<_> = answers[0].thresholds().collect();
        assert_eq!(thresholds, [format!("not after {}", Ts(at))]);
        assert_eq!(answers[1].gap(), Some(&*format!("late: {gap_text}")));
        assert_eq!(answers[1].clause(), "lead_score is at least 65");
    }

    /// Every span between two piece boundaries of a buffer with marks in
    /// many blocks (values of many lengths, text between them of many
    /// lengths, none) reads from the written text as its own pieces
    /// written one by one.
    #[test]
    fn every_span_reads_as_its_pieces_written() {
        let at = "2026-11-18T14:02:30Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap();
        let values = [
            Later::Num(6.25),
            Later::Num(-1234.5),
            Later::Ts(at),
            Later::Local(at, chrono_tz::America::Chicago),
            Later::LocalWithDay(at, chrono_tz::Asia::Kolkata),
        ];
        let mut raw = Vec::new();
        let mut later = Vec::new();
        let mut bounds = vec![0u32];
        for i in 0..200 {
            let mut sink = TreeText {
                text: &mut raw,
                later: Some(&mut later),
            };
            // Text of 0 to 12 bytes (some not ASCII), then a value.
            sink.push_str(
                &"é-xyz"
                    .repeat(i % 5)
                    .chars()
                    .take(i % 13)
                    .collect::<String>(),
            );
            bounds.push(u32::try_from(sink.text.len()).unwrap());
            assert!(sink.keep_for_later(values[i % values.len()]));
            bounds.push(u32::try_from(sink.text.len()).unwrap());
        }
        assert!(raw.len() > 20 * BLOCK, "marks in many blocks");
        let written = Written::of(&raw, &later);
        for (i, &start) in bounds.iter().enumerate() {
            for &end in bounds.iter().skip(i).step_by(7) {
                let span = Span { start, end };
                let piece = &raw[start as usize..end as usize];
                assert_eq!(
                    written.str(span),
                    string_of(WithValues(piece, &later)),
                    "{start}..{end}"
                );
            }
        }
        assert_eq!(written.str(Span { start: 0, end: 0 }), "");
    }
}
