//! How the text of explanations, summaries and rows is written: a
//! [`Text`] puts itself straight onto the end of a [`Sink`] (the
//! explanation tree's byte buffer, a summary line's string), piece by piece — a `str`
//! copied, a whole number digit by digit, a sentence as a tuple of its
//! pieces, `("needs ", Num(x), " more")` — without `fmt`'s machinery, which
//! costs more than the copying for text made of many small pieces (an
//! explanation is some 1,000 of them per lead). The lowest module of the
//! crate: [`crate::show`] (instants, numbers) and the evaluator's values
//! are written through it; `Display`, where something else asks for it,
//! is the same text ([`display_by_text`]). A sink may keep a value whose
//! text costs more to write than to keep ([`Later`]: an instant in a zone,
//! a number with a fraction) to be written when the text is read: only an
//! explanation's tree being built does.

use std::cell::Cell;
use std::fmt::{self, Display, Write as _};

/// Where a [`Text`] is written: the explanation tree's text buffer (bytes,
/// holding only whole `str`s, so always UTF-8) or a `String` (a line of a
/// summary, written straight into the string it will be: nothing to check
/// after). One writer per text serves both.
pub(crate) trait Sink {
    fn push_str(&mut self, s: &str);
    /// ASCII bytes (digits, a date written digit by digit).
    fn push_ascii(&mut self, b: &[u8]);
    fn push_fmt(&mut self, args: fmt::Arguments<'_>);
    /// Keeps `value` as it is, to be written when the text is read;
    /// `false` when this sink writes every text now (the caller then
    /// writes it). Only an explanation tree being built keeps values (see
    /// [`Later`]).
    #[inline]
    fn keep_for_later(&mut self, value: Later) -> bool {
        let _ = value;
        false
    }
}

/// A value whose text costs more to write than to keep — an instant
/// shown in a zone (the zone's offset looked up, the calendar date worked
/// out), a number with a fraction — as the explanation tree being built
/// keeps it ([`Sink::keep_for_later`]): its text is written when the
/// explanation is first read (viewed, rendered, serialised), the same
/// text it would have written then and there (`crate::show` writes both).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Later {
    /// `crate::show::Ts`.
    Ts(chrono::DateTime<chrono::Utc>),
    /// `crate::show::Local`.
    Local(chrono::DateTime<chrono::Utc>, chrono_tz::Tz),
    /// `crate::show::LocalWithDay`.
    LocalWithDay(chrono::DateTime<chrono::Utc>, chrono_tz::Tz),
    /// `crate::show::Num`.
    Num(f64),
}

impl Sink for Vec<u8> {
    #[inline]
    fn push_str(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
    #[inline]
    fn push_ascii(&mut self, b: &[u8]) {
        self.extend_from_slice(b);
    }
    fn push_fmt(&mut self, args: fmt::Arguments<'_>) {
        let _ = Out(self).write_fmt(args);
    }
}

impl Sink for String {
    #[inline]
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }
    #[inline]
    fn push_ascii(&mut self, b: &[u8]) {
        for &c in b {
            // (Only ASCII is given; anything else would show as `?`.)
            self.push(if c.is_ascii() { char::from(c) } else { '?' });
        }
    }
    fn push_fmt(&mut self, args: fmt::Arguments<'_>) {
        let _ = self.write_fmt(args);
    }
}

/// Appends to the text buffer (which holds only whole `str`s, so stays UTF-8).
struct Out<'a>(&'a mut Vec<u8>);

impl fmt::Write for Out<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// A piece of text: a `str` is copied, a whole number written digit by
/// digit, a tuple writes its pieces in order, `format_args!` is written by
/// `fmt` (or copied when it has no arguments), and a value that has only a
/// `Display` goes through it ([`ByDisplay`]) — the
/// same text as `{}` writes, without `fmt` for the commonest.
pub(crate) trait Text {
    fn put_into<S: Sink>(self, out: &mut S);
}

/// Every owned or borrowed string: its bytes as they are.
macro_rules! text_as_str {
    ($($t:ty),*) => {$(
        impl Text for $t {
            #[inline]
            fn put_into<S: Sink>(self, out: &mut S) {
                out.push_str(AsRef::<str>::as_ref(&self));
            }
        }
    )*};
}

text_as_str!(
    &str,
    &String,
    String,
    std::borrow::Cow<'_, str>,
    &std::borrow::Cow<'_, str>,
    std::sync::Arc<str>,
    &std::sync::Arc<str>
);

impl Text for fmt::Arguments<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        match self.as_str() {
            Some(s) => out.push_str(s),
            None => out.push_fmt(self),
        }
    }
}

/// Writes `v`'s digits (as `{}` writes a whole number): one or two
/// digits (most numbers in an explanation: counts, points, days) written
/// straight, longer ones by [`put_many_digits`].
#[inline]
fn put_digits(out: &mut impl Sink, negative: bool, v: u64) {
    if negative {
        out.push_str("-");
    }
    if v < 10 {
        out.push_ascii(&[b'0' + v as u8]);
    } else if v < 100 {
        out.push_ascii(&[b'0' + (v / 10) as u8, b'0' + (v % 10) as u8]);
    } else {
        put_many_digits(out, v);
    }
}

/// [`put_digits`] of any `v` (no sign).
#[inline(never)]
fn put_many_digits(out: &mut impl Sink, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (v % 10) as u8;
        }
        v /= 10;
        if v == 0 || at == 0 {
            break;
        }
    }
    out.push_ascii(digits.get(at..).unwrap_or_default());
}

impl Text for usize {
    #[inline]
    fn put_into<S: Sink>(self, out: &mut S) {
        put_digits(out, false, self as u64);
    }
}

impl Text for u64 {
    #[inline]
    fn put_into<S: Sink>(self, out: &mut S) {
        put_digits(out, false, self);
    }
}

impl Text for u32 {
    #[inline]
    fn put_into<S: Sink>(self, out: &mut S) {
        put_digits(out, false, u64::from(self));
    }
}

impl Text for i32 {
    #[inline]
    fn put_into<S: Sink>(self, out: &mut S) {
        put_digits(out, self < 0, u64::from(self.unsigned_abs()));
    }
}

impl Text for i64 {
    #[inline]
    fn put_into<S: Sink>(self, out: &mut S) {
        put_digits(out, self < 0, self.unsigned_abs());
    }
}

/// Writes a value through its `Display` (see [`ByDisplay`]).
pub(crate) fn put_display(out: &mut impl Sink, v: &impl Display) {
    out.push_fmt(format_args!("{v}"));
}

/// A value written through its `Display` (for a piece of a sentence whose
/// type is shown only by `Display`).
pub(crate) struct ByDisplay<T>(pub T);

impl<T: Display> Text for ByDisplay<T> {
    fn put_into<S: Sink>(self, out: &mut S) {
        put_display(out, &self.0);
    }
}

/// A sentence: its pieces one after another.
macro_rules! text_tuple {
    ($($piece:ident)+) => {
        impl<$($piece: Text),+> Text for ($($piece,)+) {
            #[allow(non_snake_case)]
            #[inline]
            fn put_into<S: Sink>(self, out: &mut S) {
                let ($($piece,)+) = self;
                $($piece.put_into(out);)+
            }
        }
    };
}
text_tuple!(A B);
text_tuple!(A B C);
text_tuple!(A B C D);
text_tuple!(A B C D E);
text_tuple!(A B C D E F);
text_tuple!(A B C D E F G);
text_tuple!(A B C D E F G H);

/// Texts one after another with a separator between them: the text
/// `join` makes, written without making the string.
#[derive(Clone, Copy)]
pub(crate) struct Joined<'a, T>(pub &'a [T], pub &'a str);

impl<T: AsRef<str>> Text for Joined<'_, T> {
    fn put_into<S: Sink>(self, out: &mut S) {
        let Joined(texts, sep) = self;
        for (i, t) in texts.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(t.as_ref());
        }
    }
}

/// Nothing, or the piece.
impl<T: Text> Text for Option<T> {
    fn put_into<S: Sink>(self, out: &mut S) {
        if let Some(t) = self {
            t.put_into(out);
        }
    }
}

/// A [`Text`] as a string, with room for a long line (an SLA's summary
/// line is about 150 bytes, a persistence requirement's up to about 200;
/// most are under 100), so that it is not grown as its pieces are written
/// (a block of 256 bytes costs the allocator what one of 128 does). The
/// string is one of this thread's spare ones when there is one (see
/// [`give_back_strings`]), else new.
pub(crate) fn string_of(t: impl Text) -> String {
    let spare = crate::spare::take_one(&SPARE_STRINGS);
    let mut out = spare.unwrap_or_else(|| String::with_capacity(ROOM));
    t.put_into(&mut out);
    out
}

/// The room [`string_of`] gives a new string.
const ROOM: usize = 256;

/// How many spare strings a thread keeps (an explanation of the seed
/// agreement gives back some 20).
const SPARE_STRINGS_KEPT: usize = 64;

thread_local! {
    /// Strings of this thread's dropped explanations, emptied, for
    /// [`string_of`] to write again instead of allocating.
    static SPARE_STRINGS: Cell<Vec<String>> = const { Cell::new(Vec::new()) };
}

/// Keeps `strings` (emptied) as this thread's spare ones for
/// [`string_of`] (explanations give their summary's strings back when
/// dropped, so that the next explanation's lines are written into them
/// instead of new allocations, lead after lead): those with the room a
/// new one has and not much more, up to [`SPARE_STRINGS_KEPT`]; the
/// others are freed.
pub(crate) fn give_back_strings(strings: impl IntoIterator<Item = String>) {
    crate::spare::keep_some(&SPARE_STRINGS, strings, SPARE_STRINGS_KEPT, |mut one| {
        one.clear();
        (ROOM..=4 * ROOM).contains(&one.capacity()).then_some(one)
    });
}

thread_local! {
    /// [`show_text`]'s buffer, kept between calls.
    static SCRATCH: Cell<String> = const { Cell::new(String::new()) };
}

/// Writes a [`Text`] to a formatter (for [`display_by_text`]): written
/// into a per-thread buffer, then handed over in one piece.
pub(crate) fn show_text(f: &mut fmt::Formatter<'_>, t: impl Text) -> fmt::Result {
    // Taken, not borrowed: a `Display` inside `t` may come back here (it
    // then starts from an empty buffer of its own).
    // (While the thread's locals are torn down, a buffer of its own.)
    let mut buf = crate::spare::take(&SCRATCH);
    buf.clear();
    t.put_into(&mut buf);
    let r = f.write_str(&buf);
    crate::spare::keep(&SCRATCH, buf);
    r
}

/// Makes each (`Copy`) type that is a [`Text`] show the same text through
/// `Display`.
macro_rules! display_by_text {
    ($($t:ty),* $(,)?) => {
        $(impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                $crate::text::show_text(f, *self)
            }
        })*
    };
}
pub(crate) use display_by_text;

#[cfg(test)]
mod tests {
    use super::string_of as text;
    use super::*;

    /// Each [`Text`] writes what `{}` writes.
    #[test]
    fn text_is_written_as_display_writes_it() {
        for v in [0, 1, -1, 9, 10, -10, 99, 100, 65_536, i64::MIN, i64::MAX] {
            assert_eq!(text(v), v.to_string());
        }
        for v in [i32::MIN, -7, 0, 42, i32::MAX] {
            assert_eq!(text(v), v.to_string());
        }
        for v in [0, 5, 10, 1_000_000, u32::MAX] {
            assert_eq!(text(v), v.to_string());
        }
        for v in [0, 3, 12_345, usize::MAX] {
            assert_eq!(text(v), v.to_string());
        }
        let n = 6.2;
        assert_eq!(text(format_args!("needs {n} more")), "needs 6.2 more");
        assert_eq!(
            text(format_args!("none of these holds")),
            "none of these holds"
        );
        assert_eq!(text("“quoted” ✓"), "“quoted” ✓");
        let a = String::from("a");
        assert_eq!(text(&a), "a");
        for parts in [&[][..], &["x"][..], &["x", "yz", ""][..]] {
            assert_eq!(text(Joined(parts, "; ")), parts.join("; "));
        }
        assert_eq!(text(String::from("b")), "b");
    }

    /// A sentence's pieces, an absent piece, and `Display` by `Text` (nested).
    #[test]
    fn pieces_are_written_in_order() {
        assert_eq!(text(("needs ", 3usize, " more")), "needs 3 more");
        assert_eq!(text((Some("a"), None::<&str>, "b")), "ab");
        #[derive(Clone, Copy)]
        struct Inner;
        impl Text for Inner {
            fn put_into<S: Sink>(self, out: &mut S) {
                "inner".put_into(out);
            }
        }
        #[derive(Clone, Copy)]
        struct Outer;
        impl Text for Outer {
            fn put_into<S: Sink>(self, out: &mut S) {
                ("[", format_args!("{} {}", Inner, 7), "]").put_into(out);
            }
        }
        display_by_text!(Inner, Outer);
        assert_eq!(Outer.to_string(), "[inner 7]");
        assert_eq!(format!("{Outer}{Outer}"), "[inner 7][inner 7]");
    }
}
