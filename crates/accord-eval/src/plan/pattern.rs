//! Event patterns in the plan ([`super`]): a pattern over one event stream
//! ([`EvPat`]: kinds, `where` filter, quantity, look-back window), how
//! many events it asks for ([`Qty`]), and how its window and a count of
//! its events read in explanations ([`Window`], [`Described`]).

use super::*;
use crate::text::{display_by_text, Sink, Text};
use chrono::{DateTime, Utc};

/// How many matching events a pattern asks for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Qty {
    Some,
    None,
    AtLeast(u32),
    AtMost(u32),
    Exactly(u32),
}

impl Qty {
    pub fn holds(self, count: usize) -> bool {
        let c = count as u64;
        match self {
            Qty::Some => c >= 1,
            Qty::None => c == 0,
            Qty::AtLeast(n) => c >= u64::from(n),
            Qty::AtMost(n) => c <= u64::from(n),
            Qty::Exactly(n) => c == u64::from(n),
        }
    }
    /// The fewest events that can satisfy it, when it asks for at least
    /// some (`at least 2`, `exactly 3`, `some`); `None` for `at most`/`none`.
    pub fn minimum(self) -> Option<u32> {
        match self {
            Qty::Some => Some(1),
            Qty::AtLeast(n) | Qty::Exactly(n) => Some(n),
            Qty::None | Qty::AtMost(_) => None,
        }
    }
}

/// How a quantity reads: `at least 2`, `none`.
impl Text for Qty {
    fn put_into<S: Sink>(self, out: &mut S) {
        match self {
            Qty::Some => "at least 1".put_into(out),
            Qty::None => "none".put_into(out),
            Qty::AtLeast(n) => ("at least ", n).put_into(out),
            Qty::AtMost(n) => ("at most ", n).put_into(out),
            Qty::Exactly(n) => ("exactly ", n).put_into(out),
        }
    }
}

display_by_text!(Qty, Window<'_>, Described<'_>);

/// A pattern over one event stream.
#[derive(Clone, Debug)]
pub(crate) struct EvPat {
    pub stream: usize,
    /// Kind indices to match; empty = any kind.
    pub kinds: Vec<usize>,
    /// [`EvPat::kinds`] as a set of bits (bit `k`: kind `k`), when there
    /// are kinds and each is below 64 (see [`EvPat::has_kind`]).
    pub kind_bits: Option<u64>,
    pub filter: Option<Cond>,
    pub qty: Qty,
    /// `within the last N` — `[as_of − N, as_of]`.
    pub last: Option<Dur>,
    /// `within any N` — some sliding window of N seconds holds the count.
    pub any: Option<i64>,
    /// `since <field>` — only events at or after that instant.
    pub since: Option<usize>,
    /// `new` — only events after the lead's rejection.
    pub new: bool,
    /// Words for messages: `activity`, `activities`, ` "page_view" where page is "pricing"`.
    pub singular: String,
    pub plural: String,
    pub detail: String,
    /// ` within any 14 days` (or empty).
    pub any_text: String,
    /// ` in the last 30 days` (the pattern's own or its trigger's; or empty).
    pub last_text: String,
    /// ` since routed_at` (or empty).
    pub since_text: String,
    /// What follows a count of its events when no rejection bounds the
    /// window, for one event and for any other count (` activity
    /// "demo_request" in the last 30 days`, ` activities …`): written at
    /// compile time ([`EvPat::counted_words`]); empty until then.
    pub counted: [String; 2],
    pub src: SrcId,
}

impl EvPat {
    /// What follows a count of its events (one, or `many`) when no
    /// rejection bounds the window, written piece by piece (for
    /// [`EvPat::counted`]).
    pub fn counted_words(&self, many: bool) -> String {
        let word = if many { &self.plural } else { &self.singular };
        let unbounded = self.window(DateTime::<Utc>::UNIX_EPOCH, None);
        crate::text::string_of((" ", word, &self.detail, unbounded))
    }
    /// The bits of [`EvPat::kind_bits`] for `kinds`.
    pub fn bits_of(kinds: &[usize]) -> Option<u64> {
        if kinds.is_empty() || kinds.iter().any(|k| *k >= 64) {
            return None;
        }
        Some(kinds.iter().fold(0, |bits, k| bits | 1 << k))
    }
    /// Whether an event of kind `kind` is of the pattern's kinds (any kind
    /// when it names none): a bit test when every kind is below 64.
    #[inline]
    pub fn has_kind(&self, kind: usize) -> bool {
        match self.kind_bits {
            // Every kind named is below 64: one at or above is not named.
            Some(bits) => kind < 64 && (bits >> kind) & 1 == 1,
            None => self.kinds.is_empty() || self.kinds.contains(&kind),
        }
    }
    /// The pattern's window in words: ` within any 14 days in the last 30
    /// days`; when only events after a rejection count (`rejected`), the
    /// date says so: ` since the rejection on 2026-11-12 14:49 UTC` (or
    /// ` in the last 30 days, after the rejection on …` when the look-back
    /// window starts later than the rejection).
    pub fn window(&self, as_of: DateTime<Utc>, rejected: Option<DateTime<Utc>>) -> Window<'_> {
        Window {
            p: self,
            as_of,
            rejected,
        }
    }
    /// `2 activities "page_view" where page is "pricing" in the last 30 days`.
    pub fn describe(
        &self,
        count: usize,
        as_of: DateTime<Utc>,
        rejected: Option<DateTime<Utc>>,
    ) -> Described<'_> {
        Described(self, count, self.window(as_of, rejected))
    }
}

/// [`EvPat::window`].
#[derive(Clone, Copy)]
pub(crate) struct Window<'a> {
    p: &'a EvPat,
    as_of: DateTime<Utc>,
    rejected: Option<DateTime<Utc>>,
}

impl Text for Window<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        let p = self.p;
        p.any_text.as_str().put_into(out);
        match self.rejected {
            Some(r) => {
                let start = p.last.and_then(|d| d.sub_plain(self.as_of));
                if start.is_some_and(|s| s > r) {
                    (&p.last_text, ", after the rejection on ").put_into(out);
                } else {
                    " since the rejection on ".put_into(out);
                }
                crate::show::Ts(r).put_into(out);
            }
            None => {
                p.last_text.as_str().put_into(out);
                if p.new {
                    " since the rejection".put_into(out);
                }
            }
        }
        p.since_text.as_str().put_into(out);
    }
}

/// [`EvPat::describe`]: a count of a pattern's events, in words.
#[derive(Clone, Copy)]
pub(crate) struct Described<'a>(&'a EvPat, usize, Window<'a>);

impl Text for Described<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        let Described(p, count, window) = self;
        // Written at compile time, but for a window bounded by a rejection.
        let counted = p.counted.get(usize::from(count != 1));
        match counted.filter(|c| window.rejected.is_none() && !c.is_empty()) {
            Some(counted) => (count, counted).put_into(out),
            None => {
                let word = if count == 1 { &p.singular } else { &p.plural };
                (count, " ", word, &p.detail, window).put_into(out)
            }
        }
    }
}

/// `activity "demo_request" at `: the stream's word and the event's kind
/// (the one writer of this text: the plan writes each kind's with it, an
/// explanation a kind the plan does not know).
#[derive(Clone, Copy)]
pub(crate) struct EventLineStart<'a>(pub &'a str, pub &'a str);

impl Text for EventLineStart<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        (self.0, " \"", self.1, "\" at ").put_into(out);
    }
}
