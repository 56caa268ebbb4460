//! Evaluating one lead against a compiled plan, as of an instant.
//!
//! **One code path.** Every evaluation function takes an optional
//! explanation node (`Option<NodeId>`: a node of [`Ev::x`], the tree being
//! built, to fill in, or a parent to attach new nodes to). When explaining,
//! the function fills it in as it goes (values read, thresholds, gaps,
//! children), writing text straight into the tree's buffer; when not, the
//! option is `None` and nothing is allocated or formatted. The verdict in the explanation is the value the
//! function returns, so the decision and its explanation cannot disagree.
//! (With an explanation, `all of`/`any of` evaluate every clause so the tree
//! shows them all; without one they short-circuit — same result.)
//!
//! Without an explanation the hot path is lean: named definitions go
//! through [`Ev::remembered`] (memo, cycle guard, remember) and their
//! conditions through [`Ev::run`] (their flat form, `plan::Flat`: one
//! loop over pre-resolved leaves), other conditions through [`Ev::holds`]
//! (the combinators alone, no tree bookkeeping); every comparison is
//! decided by the one `Ev::passes` on both paths.
//!
//! Results of named definitions are memoised per lead; when explaining, a
//! definition referenced twice is evaluated (identically) twice so that each
//! reference carries its own subtree.
//!
//! **As of an instant.** Events after as-of do not exist, and a lead's
//! timestamp field later than as-of has not happened yet: it reads
//! as missing — in conditions, SLA starts and stops, rejection and
//! recycling, persistence and handoff alike. The rule lives in one place,
//! [`Ev::field`], through which every field read goes; explanations show
//! such a value as `accepted_at = (not yet: 2026-11-18 16:10 UTC)`
//! ([`Ev::show_field`]) and say why it is missing ([`Ev::why_missing`]).

mod condition;
mod flat;
mod handoff;
mod memo;
mod metric;
mod persistence;
mod recycling;
mod score;
mod sla;
mod stage;
mod trigger;
mod value;

pub(crate) use score::{PerOccurrence, PER_OCCURRENCE_READS};
pub(crate) use value::{ShowTest, WhyMissing};

#[cfg(test)]
thread_local! {
    /// Whether explanations write the texts of comparisons and event
    /// patterns, and definitions' titles, per lead instead of reading
    /// those written at compile time ([`Compared`], [`Src::title`]; for
    /// the test that they are the same texts).
    pub(crate) static COMPILED_TEXTS_OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

use crate::explain::{NodeId, Phrase, Tree, Verdict, Words};
use crate::outcome::*;
use crate::plan::*;
pub(crate) use crate::show::{Local, Num, Ts};
use accord_records::{Event, FieldValue, Lead};
use chrono::{DateTime, Utc};
use memo::Memo;

/// The writers of texts an explanation shows again and again, written
/// once per explanation ([`crate::explain::TextKey`]): each writes one
/// text of what it is keyed by.
#[derive(Clone, Copy)]
#[repr(u32)]
pub(crate) enum Writer {
    /// A field's value as a comparison reads it ([`value::Val`]), by
    /// the lead's values and its slot.
    FieldRead = 1,
    /// An event ([`trigger::ShowEvent`]), by the event and its stream, in
    /// the lead's zone or in UTC.
    EventLocal,
    EventUtc,
}

/// Deepest nesting of definition references (guards cycles in an unchecked policy).
const MAX_DEPTH: u32 = 64;

/// The evaluation state of one lead.
pub(crate) struct Ev<'p> {
    pub p: &'p CompiledPolicy,
    pub lead: &'p Lead,
    pub as_of: DateTime<Utc>,
    /// Only events strictly after this instant exist (used only to
    /// re-evaluate triggers since the rejection: explanations then say
    /// "since the rejection on …").
    pub after: Option<DateTime<Utc>>,
    /// The lead's rejection instant, for `new` event patterns.
    pub rejected_at: Option<DateTime<Utc>>,
    /// When explaining: the lead's rejection reason when it keeps the lead
    /// out of the MQL queue (may not re-enter yet), so that references to
    /// `mql` say the definition holds but the lead was rejected.
    pub held_by: Option<std::sync::Arc<str>>,
    /// The event a `where` filter is reading.
    pub event: Option<&'p Event>,
    /// Stream of [`Ev::event`].
    pub event_stream: usize,
    /// (Moved out at the end: see [`Ev::finish`].)
    pub(crate) memo: Box<Memo>,
    depth: u32,
    /// Definitions whose subtree this explanation has drawn already (a
    /// second reference is drawn collapsed: verdict, value, "explained
    /// above"), by [`Ev::shown_index`]: the node each is drawn at
    /// ([`NONE`](crate::explain::NONE_NODE) when drawn where no node can
    /// point: the summary's scratch); empty until the first is drawn.
    shown: Vec<Option<NodeId>>,
    /// The explanation being built (empty, never touched, when not explaining).
    pub x: Tree,
    /// When explaining: the lead's zone, in which events are shown.
    pub show_zone: Option<chrono_tz::Tz>,
    /// The events an event pattern matched (explaining it, or listing
    /// the events that fired a trigger): one list, reused by every
    /// pattern of the lead.
    pub(crate) seen_events: Vec<&'p Event>,
    /// The last look-back window's start worked out (`within the last
    /// N`: as-of − N), for the next pattern with the same window (most
    /// patterns of a policy share one).
    last_window: std::cell::Cell<Option<(crate::dur::Dur, Option<DateTime<Utc>>)>>,
    /// The last events a pattern could see ([`Ev::visible`]): its stream,
    /// its bounds (inclusive, exclusive) and the range of the stream they
    /// leave, for the next pattern of the same stream and bounds.
    last_visible: std::cell::Cell<Option<VisibleRange>>,
}

/// [`Ev::last_visible`]: a stream, the bounds its events were cut to, and
/// the range of its events within them.
type VisibleRange = (
    usize,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    std::ops::Range<usize>,
);

/// Kinds of definitions drawn once per explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shown {
    Fit,
    Trigger,
    Stage,
    Score,
    Exclusion,
}

/// A definition type drawn once per explanation: its kind in [`Ev::shown`].
pub(crate) trait Drawn {
    const KIND: Shown;
}

impl Drawn for FitDef {
    const KIND: Shown = Shown::Fit;
}
impl Drawn for TriggerDef {
    const KIND: Shown = Shown::Trigger;
}
impl Drawn for StageDef {
    const KIND: Shown = Shown::Stage;
}
impl Drawn for ScoreDef {
    const KIND: Shown = Shown::Score;
}
impl Drawn for ExclusionDef {
    const KIND: Shown = Shown::Exclusion;
}

impl<'p> Ev<'p> {
    /// The evaluation of `lead` as of an instant. Its memo is this
    /// thread's scratch: give it back with [`Ev::finish`] when done (an
    /// evaluation dropped without it frees the memo instead).
    /// (Built in one piece, every field known first, so that the
    /// evaluation is made where it is kept, not copied there.)
    #[inline(always)]
    pub(crate) fn new(p: &'p CompiledPolicy, lead: &'p Lead, as_of: DateTime<Utc>) -> Ev<'p> {
        let memo = Memo::take();
        // [`Ev::instant_field`] of the rejection field: a timestamp not
        // later than as-of.
        let rejected_at = p.rejected_at_slot.and_then(|s| match lead.values.get(s) {
            Some(FieldValue::Timestamp(t)) if *t <= as_of => Some(*t),
            _ => None,
        });
        Ev {
            p,
            lead,
            as_of,
            after: None,
            rejected_at,
            held_by: None,
            event: None,
            event_stream: 0,
            memo,
            depth: 0,
            shown: Vec::new(),
            x: Tree::default(),
            show_zone: None,
            seen_events: Vec::new(),
            last_window: std::cell::Cell::new(None),
            last_visible: std::cell::Cell::new(None),
        }
    }

    /// Starts the explanation: an empty tree for the policy (its root
    /// only), with room for about a node per clause.
    pub(crate) fn start_tree(&mut self) {
        self.x = Tree::with_capacity(&self.p.srcs, &self.p.field_names, self.p.srcs.len() + 16);
        self.seen_events = memo::events_list_of(std::mem::take(&mut self.memo.events_room));
    }

    /// Turns the decision's evaluation into the summary's (its memo kept):
    /// events are shown in UTC, references to `mql` know the rejection
    /// `held_by` holding the lead out, if any, and no definition counts as
    /// drawn but scores. The summary words a clause from its own node (its
    /// gap, or its text and values; under a `not`, its only child's): a
    /// reference to a fit, trigger, stage or exclusion is drawn in full
    /// there, as on a first reference, since a collapsed one is a leaf
    /// whose values a `not` would take; a score's breakdown is never part
    /// of the words (a comparison of a score reads its value, the
    /// breakdown is a child below it whether drawn or collapsed), so it is
    /// not drawn.
    /// (`draw_scores`: draw them too, as a first reference would; for the
    /// test that holds the summary's words the same either way.)
    pub(crate) fn start_summary(
        &mut self,
        held_by: Option<std::sync::Arc<str>>,
        draw_scores: bool,
    ) {
        let (scores, len) = self.shown_index(Shown::Score, 0);
        self.shown.clear();
        self.shown.resize(len, None);
        for drawn in self.shown.iter_mut().skip(scores).take(self.p.scores.len()) {
            *drawn = (!draw_scores).then_some(crate::explain::NONE_NODE);
        }
        self.show_zone = None;
        self.held_by = held_by;
    }

    /// Ends an evaluation, giving its memo (and the room of its list of
    /// matched events) back for the next lead on this thread. Called with
    /// those two moved out of it, `Ev::finish(ev.memo, ev.seen_events)`,
    /// not with the whole evaluation: handing over a value this large
    /// copies it (some 270 bytes, a tenth of `decide`'s own work).
    #[inline(always)]
    pub(crate) fn finish(mut memo: Box<Memo>, seen_events: Vec<&Event>) {
        if seen_events.capacity() > 0 {
            memo.events_room = memo::room_of_events_list(seen_events);
        }
        memo.give_back();
    }

    /// The field recording the rejection instant (the recycling block's
    /// `rejected at`, else a field named `rejected_at`).
    pub(crate) fn rejected_at_slot(&self) -> Option<usize> {
        self.p.rejected_at_slot
    }

    /// A fresh node for a clause (not yet attached). Only called when explaining.
    pub(crate) fn node(&mut self, src: SrcId) -> NodeId {
        self.x.node_of(src)
    }
    /// The texts written at compile time for clause `src`'s node (see
    /// [`Compared`]), if it has them.
    pub(crate) fn compared(&self, src: SrcId) -> Option<&'p Compared> {
        let compared = self.p.src(src).and_then(|s| s.compared.as_ref());
        #[cfg(test)]
        let compared = compared.filter(|_| !COMPILED_TEXTS_OFF.with(std::cell::Cell::get));
        compared
    }
    pub(crate) fn loc(&self, src: SrcId) -> &'p str {
        self.p.src(src).map_or("", |s| &s.loc)
    }
    pub(crate) fn text(&self, src: SrcId) -> &'p str {
        self.p.src(src).map_or("", |s| &s.text)
    }
    /// [`Ev::text`], shared with the plan.
    pub(crate) fn src_text(&self, src: SrcId) -> std::sync::Arc<str> {
        self.p
            .src(src)
            .map_or_else(|| "".into(), |s| std::sync::Arc::clone(&s.text))
    }
    /// A block's `applies when` (SLAs, persistence, handoff), judged under
    /// `node`: `None` when the block applies to the lead (or has none),
    /// else why not (`` `mql` does not hold ``).
    pub(crate) fn not_applicable_because(
        &mut self,
        applies: Option<&'p Cond>,
        node: Option<NodeId>,
    ) -> Option<String> {
        let c = applies?;
        let holds = self.cond(c, node);
        (!holds).then(|| crate::text::string_of(("`", self.text(c.src), "` does not hold")))
    }
    /// Sets a definition node's title and location (the node's clause is
    /// the reference to it). Only called when explaining.
    pub(crate) fn definition(&mut self, n: NodeId, title: &Option<String>, src: SrcId) {
        self.set_title_of(n, title, src);
        self.x.set_location_of(n, src);
    }
    /// Gives node `n` the title of the definition whose clause is `src`
    /// (as the policy's table has it, when it has it: [`Src::title`]).
    pub(crate) fn set_title_of(&mut self, n: NodeId, title: &Option<String>, src: SrcId) {
        let compiled = self.p.src(src).and_then(|s| s.title.as_ref());
        #[cfg(test)]
        let compiled = compiled.filter(|_| !COMPILED_TEXTS_OFF.with(std::cell::Cell::get));
        match compiled {
            Some(_) => self.x.set_title(n, Some(Words::Title(src))),
            None => self.x.set_title(n, title.as_deref()),
        }
    }
    /// Whether the definition's subtree was drawn already in this
    /// explanation: if so, the reference `n` is linked to the node it was
    /// drawn at (`Tree::set_drawn_at`); if not, it is marked drawn at `n`.
    /// Only called when explaining.
    pub(crate) fn drawn_before<D: Drawn>(&mut self, i: Idx<D>, n: NodeId) -> bool {
        let (at, len) = self.shown_index(D::KIND, i.index());
        if self.shown.is_empty() {
            self.shown = vec![None; len];
        }
        let Some(drawn) = self.shown.get_mut(at) else {
            return false;
        };
        match *drawn {
            Some(first) => {
                self.x.set_drawn_at(n, first);
                true
            }
            None => {
                *drawn = Some(n);
                false
            }
        }
    }
    /// Whether the definition's subtree was drawn already (without marking it).
    pub(crate) fn drawn_before_peek<D: Drawn>(&self, i: Idx<D>) -> bool {
        let (at, _) = self.shown_index(D::KIND, i.index());
        self.shown.get(at).is_some_and(Option::is_some)
    }
    /// A definition drawn earlier in this explanation, referenced again:
    /// its answer (`firmographics = yes`, `applies = no`) against what the
    /// reference needs, and a pointer up instead of the subtree; when the
    /// answer is no, the gap says so (`firmographics is no, needs yes`).
    /// Returns `answer`.
    pub(crate) fn explained_above(&mut self, n: NodeId, what: &str, answer: bool) -> bool {
        self.x.read(n, what, Phrase::of(answer));
        self.x.threshold(n, Phrase::Yes);
        self.x.note(n, Phrase::ExplainedAbove);
        if !answer {
            if what == "applies" {
                self.x.gap(n, "the exclusion does not apply");
            } else {
                self.x.gap(n, (what, " is no, needs yes"));
            }
        }
        answer
    }
    /// A reference to the MQL definition, which holds, for a lead a
    /// rejection keeps out of the MQL queue: the reference reads the
    /// definition (so it passes), and says the reported answer is no.
    /// Returns whether it said so (only when explaining such a lead).
    pub(crate) fn held_reference(&mut self, n: NodeId, kind: StageKind, above: bool) -> bool {
        let Some(reason) = self.held_by.as_deref().filter(|_| kind == StageKind::Mql) else {
            return false;
        };
        let where_ = if above { " (explained above)" } else { "" };
        if above {
            self.x.read(n, "mql definition", Phrase::Yes);
            self.x.threshold(n, Phrase::Yes);
        }
        // Neither ✓ (the reported mql is no) nor ✗ (the definition holds):
        // the rejection is said once, on the mql answer.
        self.x.set_verdict(n, Verdict::Info);
        self.x.set_holds(n, true);
        self.x.note(
            n,
            (
                "the definition holds",
                where_,
                ", but the lead was rejected (\"",
                reason,
                "\") and may not re-enter yet, so the reported mql is no",
            ),
        );
        true
    }
    /// Where a definition's mark is in [`Ev::shown`], and how many marks
    /// there are (the policy's definitions, kind after kind).
    fn shown_index(&self, kind: Shown, i: usize) -> (usize, usize) {
        let p = self.p;
        let counts = [
            (Shown::Fit, p.fits.len()),
            (Shown::Trigger, p.triggers.len()),
            (Shown::Stage, p.stages.len()),
            (Shown::Score, p.scores.len()),
            (Shown::Exclusion, p.exclusions.len()),
        ];
        let before: usize = counts
            .iter()
            .take_while(|(k, _)| *k != kind)
            .map(|(_, n)| n)
            .sum();
        let len = counts.iter().map(|(_, n)| n).sum();
        (before + i, len)
    }
    /// A named definition's answer without an explanation — the one
    /// skeleton every memoised definition shares: the answer remembered
    /// for this lead in `table`, else `eval` run once on the definition
    /// `defs[i]` inside the cycle guard and remembered. `none` is the
    /// answer when there is no such definition or it nests too deep.
    pub(crate) fn remembered<D, T: Copy + Default>(
        &mut self,
        table: fn(&mut Memo) -> &mut memo::MemoTable<D, T>,
        defs: &'p Defs<D>,
        i: Idx<D>,
        none: T,
        eval: impl FnOnce(&mut Self, &'p D) -> T,
    ) -> T {
        let epoch = self.memo.epoch;
        if let Some(v) = table(&mut self.memo).get(i, epoch) {
            return *v;
        }
        let Some(def) = defs.get(i) else {
            return none;
        };
        if !self.enter() {
            self.leave();
            return none;
        }
        let v = eval(self, def);
        self.leave();
        table(&mut self.memo).set(i, v, epoch);
        v
    }

    /// Enters a definition reference; `false` when nested too deep (a cycle).
    pub(crate) fn enter(&mut self) -> bool {
        self.depth += 1;
        self.depth <= MAX_DEPTH
    }
    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
    /// A lead's field as of the instant: **the one place** where a
    /// timestamp later than as-of is hidden — it has not happened
    /// yet, so it reads as missing (see the module docs).
    pub(crate) fn field(&self, slot: usize) -> &'p FieldValue {
        static MISSING: FieldValue = FieldValue::Missing;
        let v = self.lead.values.get(slot).unwrap_or(&MISSING);
        if later_than(v, self.as_of) {
            &MISSING
        } else {
            v
        }
    }
    /// The lead's value that [`Ev::field`] hides because it is later than
    /// as-of (for explanations only).
    pub(crate) fn not_yet(&self, slot: usize) -> Option<&'p FieldValue> {
        self.lead
            .values
            .get(slot)
            .filter(|v| later_than(v, self.as_of))
    }
    /// A field as explanations show it: its value, `(missing)`, or
    /// `(not yet: 2026-11-18 16:10 UTC)` when it is later than as-of.
    pub(crate) fn show_field(&self, slot: usize) -> value::ShowAsOf<'p> {
        value::ShowAsOf {
            value: self.field(slot),
            not_yet: self.not_yet(slot),
        }
    }
    /// Why a field reads as missing: `routed_at is missing`, or
    /// `accepted_at is not yet set (2026-11-18 16:10 UTC is after as-of)`.
    pub(crate) fn why_missing(&self, slot: usize) -> WhyMissing<'p> {
        WhyMissing(self.field_name(slot), self.not_yet(slot))
    }
    pub(crate) fn field_name(&self, slot: usize) -> &'p str {
        self.p
            .schema
            .fields
            .get(slot)
            .map(|f| f.name.as_str())
            .unwrap_or("?")
    }
    /// A timestamp field, if present and not after as-of (see [`Ev::field`]).
    pub(crate) fn instant_field(&self, slot: usize) -> Option<DateTime<Utc>> {
        self.field(slot).as_timestamp()
    }
    /// The zone a calendar is read in for this lead.
    pub(crate) fn zone(&self, cal: &CalendarDef) -> chrono_tz::Tz {
        match cal.zone {
            ZoneOf::Fixed(tz) => tz,
            ZoneOf::Lead(slot) => match slot.map(|s| self.field(s)) {
                Some(FieldValue::Zone(tz)) => *tz,
                _ => self.p.schema.default_zone.unwrap_or(chrono_tz::UTC),
            },
        }
    }
    /// The zone for distinct-day counting without a calendar.
    pub(crate) fn default_zone(&self) -> chrono_tz::Tz {
        self.p.schema.default_zone.unwrap_or(chrono_tz::UTC)
    }
}

/// Whether a field's value is a timestamp or date later than as-of (a date
/// is later when its day is after as-of's day in UTC).
/// Only timestamps: a timestamp records when something happened, while a
/// plain date may lie in the future by nature (a contract's end date).
fn later_than(v: &FieldValue, as_of: DateTime<Utc>) -> bool {
    matches!(v, FieldValue::Timestamp(t) if *t > as_of)
}

impl<'p> Ev<'p> {
    /// A verdict node for a root answer (attached by [`Ev::push`] when done).
    pub(crate) fn answer(&mut self, src: SrcId, title: &Option<String>) -> NodeId {
        let n = self.node(src);
        self.set_title_of(n, title, src);
        n
    }
    /// Attaches a root answer node.
    pub(crate) fn push(&mut self, out: Option<NodeId>, node: Option<NodeId>) {
        if let (Some(out), Some(node)) = (out, node) {
            self.x.attach(out, node);
        }
    }
    pub(crate) fn verdict_of_state(s: SlaState) -> Verdict {
        match s {
            SlaState::Met => Verdict::Pass,
            SlaState::Breached => Verdict::Fail,
            SlaState::Pending => Verdict::Info,
            SlaState::NotApplicable => Verdict::NotApplicable,
        }
    }
}
