//! Event patterns and triggers: counting matching events as of the instant
//! (look-back windows, sliding windows, `since`, `new` since rejection), and
//! the events that made a trigger fire.

use super::sla::When;
use super::{Ev, Writer};
use crate::explain::{NodeId, Shared, TextKey, Verdict, Words};
use crate::outcome::{FiredEvent, TriggerOutcome};
use crate::plan::*;
use crate::text::{Sink, Text};
use accord_records::Event;
use chrono::{DateTime, Utc};
use std::sync::Arc;

crate::text::display_by_text!(ShowEvent<'_>);

/// How many matched events an explanation lists.
const SHOWN_EVENTS: usize = 5;

impl<'p> Ev<'p> {
    /// The events of the pattern's stream that exist for it: at or before
    /// as-of, inside its look-back window and `since`, after the rejection
    /// for `new`, after [`Ev::after`]. A slice, since streams are sorted.
    pub(crate) fn visible(&self, p: &EvPat) -> &'p [Event] {
        let Some(events) = self.lead.streams.get(p.stream) else {
            return &[];
        };
        let mut lo_incl: Option<DateTime<Utc>> = p.last.and_then(|d| self.window_start(d));
        if let Some(slot) = p.since {
            match self.instant_field(slot) {
                Some(t) => lo_incl = lo_incl.max(Some(t)),
                None => return &[],
            }
        }
        let mut lo_excl = self.after;
        if p.new {
            lo_excl = lo_excl.max(self.rejected_at);
        }
        // The same stream cut to the same bounds as the pattern before
        // (patterns of one stream mostly share their window): the same range.
        let range = match self.last_visible.take() {
            Some((stream, incl, excl, range))
                if stream == p.stream && incl == lo_incl && excl == lo_excl =>
            {
                range
            }
            _ => {
                let start = events.partition_point(|e| {
                    lo_incl.is_some_and(|lo| e.at < lo) || lo_excl.is_some_and(|lo| e.at <= lo)
                });
                let end = events.partition_point(|e| e.at <= self.as_of);
                start..end.max(start)
            }
        };
        self.last_visible
            .set(Some((p.stream, lo_incl, lo_excl, range.clone())));
        events.get(range).unwrap_or(&[])
    }

    /// The start of a look-back window of `d` (as-of − `d`), remembered
    /// for the lead's next pattern with the same window.
    fn window_start(&self, d: crate::dur::Dur) -> Option<DateTime<Utc>> {
        match self.last_window.get() {
            Some((known, start)) if known == d => start,
            _ => {
                let start = d.sub_plain(self.as_of);
                self.last_window.set(Some((d, start)));
                start
            }
        }
    }

    /// The lead's list for the events a pattern matches, empty, with room
    /// for every event of the pattern's stream (taken from
    /// [`Ev::seen_events`]; give it back there when done, so that the
    /// lead's next pattern reuses it).
    fn events_list(&mut self, p: &EvPat) -> Vec<&'p Event> {
        let mut list = std::mem::take(&mut self.seen_events);
        list.clear();
        list.reserve(self.lead.streams.get(p.stream).map_or(0, Vec::len));
        list
    }

    /// When only events after the lead's rejection count for this pattern
    /// (re-evaluating triggers since the rejection, or a `new` pattern):
    /// the rejection instant, for explanations to say so.
    pub(crate) fn rejection_bound(&self, p: &EvPat) -> Option<DateTime<Utc>> {
        let new = if p.new { self.rejected_at } else { None };
        self.after.max(new)
    }

    /// Whether one event matches the pattern's kinds and `where` filter.
    pub(crate) fn event_matches(&mut self, p: &'p EvPat, e: &'p Event) -> bool {
        if !p.has_kind(e.kind) {
            return false;
        }
        let Some(filter) = &p.filter else { return true };
        let prev_event = self.event.replace(e);
        let prev_stream = std::mem::replace(&mut self.event_stream, p.stream);
        let r = self.cond(filter, None);
        self.event = prev_event;
        self.event_stream = prev_stream;
        r
    }

    /// Counts matching events (the most in any sliding window, for `within
    /// any N`), stopping early at `limit`. Matched events go to `seen`.
    pub(crate) fn count(
        &mut self,
        p: &'p EvPat,
        limit: usize,
        mut seen: Option<&mut Vec<&'p Event>>,
    ) -> usize {
        let events = self.visible(p);
        match p.any {
            None => {
                let mut count = 0;
                for e in events {
                    if self.event_matches(p, e) {
                        count += 1;
                        if let Some(s) = seen.as_deref_mut() {
                            s.push(e);
                        }
                        if count >= limit {
                            break;
                        }
                    }
                }
                count
            }
            Some(width) => {
                // The matched instants, in the per-thread scratch.
                let mut ats = std::mem::take(&mut self.memo.window_instants);
                ats.clear();
                for e in events {
                    if self.event_matches(p, e) {
                        ats.push(e.at);
                        if let Some(s) = seen.as_deref_mut() {
                            s.push(e);
                        }
                    }
                }
                let most = max_in_window(&ats, width);
                self.memo.window_instants = ats;
                most
            }
        }
    }

    /// Whether an event condition holds, explained with the count, the
    /// events matched and, when it fails, how many more are needed.
    pub(crate) fn pattern_holds(&mut self, p: &'p EvPat, n: Option<NodeId>) -> bool {
        let limit = if n.is_some() || p.any.is_some() {
            usize::MAX
        } else {
            match p.qty {
                Qty::Some | Qty::None => 1,
                Qty::AtLeast(k) => k as usize,
                Qty::AtMost(k) | Qty::Exactly(k) => k as usize + 1,
            }
        };
        let count = self.count_listed(p, limit, n);
        let ok = p.qty.holds(count);
        if let Some(n) = n {
            // Written at compile time but for a window bounded by a
            // rejection.
            let bound = self.rejection_bound(p);
            let compared = self.compared(p.src);
            match compared {
                Some(_) => self.x.read(n, Words::ComparedName(p.src), count),
                None => self.x.read(n, &p.plural, count),
            }
            match compared.filter(|c| bound.is_none() && c.threshold.is_some()) {
                Some(_) => self.x.threshold(n, Words::Threshold(p.src)),
                None => self.x.threshold(n, (p.qty, p.window(self.as_of, bound))),
            }
            if !ok {
                let described = p.describe(count, self.as_of, self.rejection_bound(p));
                match p.qty {
                    Qty::AtLeast(k) => self.x.gap(n, (described, ", needs ", k)),
                    other => self.x.gap(n, (described, ", needs ", other)),
                }
            }
        }
        ok
    }

    /// [`Ev::count`]; when explaining (`n`), the events matched are
    /// listed under `n` too, collected in the lead's one scratch list
    /// ([`Ev::events_list`], given back after).
    pub(crate) fn count_listed(&mut self, p: &'p EvPat, limit: usize, n: Option<NodeId>) -> usize {
        let Some(n) = n else {
            return self.count(p, limit, None);
        };
        let mut seen = self.events_list(p);
        let count = self.count(p, limit, Some(&mut seen));
        self.list_events(n, p, &seen);
        self.seen_events = seen;
        count
    }

    /// Notes the first [`SHOWN_EVENTS`] events matched, then `… and N more`
    /// when there were more. Only called when explaining.
    fn list_events(&mut self, n: NodeId, p: &'p EvPat, seen: &[&'p Event]) {
        for e in seen.iter().take(SHOWN_EVENTS) {
            self.x.note(n, self.show_event(p, e));
        }
        let more = seen.len().saturating_sub(SHOWN_EVENTS);
        if more > 0 {
            self.x.note(n, ("… and ", more, " more"));
        }
    }

    /// `activity "demo_request" at 2026-11-18 08:02 America/Chicago`: an
    /// event of the pattern's stream, in the lead's zone.
    pub(crate) fn show_event(&self, p: &'p EvPat, e: &'p Event) -> Shared<ShowEvent<'p>> {
        self.show_stream_event(&p.singular, p.stream, e)
    }

    /// An event of stream `stream`, called `word` (`activity`: the
    /// stream's name made singular, the one word its events are called
    /// by — so that the line is the event's own, written once per
    /// explanation however many clauses list it).
    pub(crate) fn show_stream_event(
        &self,
        word: &'p str,
        stream: usize,
        e: &'p Event,
    ) -> Shared<ShowEvent<'p>> {
        let writer = match self.show_zone {
            Some(_) => Writer::EventLocal,
            None => Writer::EventUtc,
        };
        let key = TextKey::of(writer as u32, e, stream);
        Shared(key, self.event_line(word, stream, e))
    }

    /// [`Ev::show_stream_event`]'s text: the line's start as the plan
    /// wrote it for the event's kind (`word` is the stream's name made
    /// singular, as there), else written here.
    fn event_line(&self, word: &'p str, stream: usize, e: &'p Event) -> ShowEvent<'p> {
        let names = self.p.stream_names.get(stream);
        let start = match names.and_then(|n| n.line_starts.get(e.kind)) {
            Some(start) => LineStart::Written(start),
            None => LineStart::Of(EventLineStart(word, "?")),
        };
        ShowEvent {
            start,
            at: e.at,
            zone: self.show_zone,
        }
    }

    /// A trigger: any (or all) of its items hold.
    pub(crate) fn trigger(&mut self, i: Idx<TriggerDef>, n: Option<NodeId>) -> bool {
        let Some(n) = n else {
            let triggers = &self.p.triggers;
            return self.remembered(
                |m| &mut m.triggers,
                triggers,
                i,
                false,
                |ev, _| ev.run(ev.p.flat.triggers.get(i)),
            );
        };
        let Some(def) = self.p.triggers.get(i) else {
            return false;
        };
        self.definition(n, &def.title, def.src);
        if self.drawn_before(i, n) {
            let fires = self.trigger(i, None);
            return self.explained_above(n, &def.name, fires);
        }
        if !self.enter() {
            self.leave();
            return false;
        }
        // Every item evaluated (into the tree): which of them held noted
        // for `trigger_outcome`.
        let mut held = 0;
        let result = self.all_or_any_noting(&def.items, def.any, n, &mut held);
        self.memo.trigger_items.set(i, held, self.memo.epoch);
        self.leave();
        if !result {
            let gap = if def.any {
                "none of these happened"
            } else {
                "not all of these happened"
            };
            self.x.gap(n, gap);
        }
        self.memo.triggers.set(i, result, self.memo.epoch);
        result
    }

    /// Whether a trigger fired and the events that fired it.
    pub(crate) fn trigger_outcome(&mut self, i: Idx<TriggerDef>) -> Option<TriggerOutcome> {
        let def = self.p.triggers.get(i)?;
        let fired = self.trigger(i, None);
        let mut events = Vec::new();
        if fired {
            // The items' answers, as the trigger's explanation noted them
            // when it was drawn.
            let held = self.memo.trigger_items.get(i, self.memo.epoch).copied();
            for (k, item) in def.items.iter().enumerate() {
                let holds = match held {
                    Some(bits) if k < 64 => (bits >> k) & 1 == 1,
                    _ => self.cond(item, None),
                };
                if holds {
                    self.collect_events(item, &mut events, 0);
                }
            }
            events.sort_by(|a: &FiredEvent, b| a.at.cmp(&b.at).then_with(|| a.kind.cmp(&b.kind)));
            events.dedup();
        }
        Some(TriggerOutcome {
            name: def.name.clone(),
            fired,
            events,
        })
    }

    /// The events behind a condition that holds.
    fn collect_events(&mut self, c: &'p Cond, out: &mut Vec<FiredEvent>, depth: u32) {
        if depth > 16 {
            return;
        }
        match &c.kind {
            CondKind::Events(p) if p.qty != Qty::None => {
                let mut seen = self.events_list(p);
                self.count(p, usize::MAX, Some(&mut seen));
                let names = self.p.stream_names.get(p.stream);
                for e in seen.drain(..) {
                    out.push(FiredEvent {
                        stream: names.map(|s| Arc::clone(&s.name)).unwrap_or_default(),
                        kind: names
                            .and_then(|s| s.kinds.get(e.kind))
                            .cloned()
                            .unwrap_or_default(),
                        at: e.at,
                    });
                }
                self.seen_events = seen;
            }
            CondKind::All(items) | CondKind::Any(items) => {
                for item in items {
                    if self.cond(item, None) {
                        self.collect_events(item, out, depth + 1);
                    }
                }
            }
            CondKind::Trigger(j) => {
                if let Some(def) = self.p.triggers.get(*j) {
                    for item in &def.items {
                        if self.cond(item, None) {
                            self.collect_events(item, out, depth + 1);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A root node listing each trigger (used by recycling explanations).
    pub(crate) fn trigger_nodes(&mut self, parent: NodeId) -> bool {
        let mut any = false;
        for (i, def) in self.p.triggers.iter_enumerated() {
            let node = self.node(def.src);
            let r = self.trigger(i, Some(node));
            self.x.set_verdict(node, Verdict::of(r));
            self.x.attach(parent, node);
            any |= r;
        }
        any
    }
}

/// An event as explanations show it: `activity "demo_request" at
/// 2026-11-18 08:02 America/Chicago` (the stream's name made singular; in
/// the lead's zone).
#[derive(Clone, Copy)]
pub(crate) struct ShowEvent<'a> {
    start: LineStart<'a>,
    at: DateTime<Utc>,
    zone: Option<chrono_tz::Tz>,
}

/// How an event's line starts.
#[derive(Clone, Copy)]
enum LineStart<'a> {
    /// As the plan wrote it for the event's kind (every kind it knows).
    Written(&'a str),
    /// Written here (a kind the plan does not know).
    Of(EventLineStart<'a>),
}

impl Text for ShowEvent<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        match self.start {
            LineStart::Written(start) => out.push_str(start),
            LineStart::Of(start) => start.put_into(out),
        }
        When(self.at, self.zone).put_into(out);
    }
}

/// The most instants (sorted) that fit in any window of `width` seconds.
pub(crate) fn max_in_window(ats: &[DateTime<Utc>], width: i64) -> usize {
    let mut best = 0;
    let mut lo = 0;
    for (hi, t) in ats.iter().enumerate() {
        while let Some(start) = ats.get(lo) {
            if (*t - *start).num_seconds() > width {
                lo += 1;
            } else {
                break;
            }
        }
        best = best.max(hi + 1 - lo.min(hi + 1));
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn sliding_window_counts_the_densest_run() {
        let day = |d: u32| {
            Utc.with_ymd_and_hms(2026, 11, d, 12, 0, 0)
                .single()
                .unwrap_or_default()
        };
        let ats = [day(1), day(10), day(14), day(15), day(28)];
        // 1, 10, 14, 15: the 15th is exactly 14 days after the 1st (bound included).
        assert_eq!(max_in_window(&ats, 14 * 86_400), 4);
        // 10 and 14 (4 days), 14 and 15; never three (15 − 10 = 5 days).
        assert_eq!(max_in_window(&ats, 4 * 86_400), 2);
        assert_eq!(max_in_window(&[], 10), 0);
    }
}
