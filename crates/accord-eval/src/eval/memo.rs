//! The per-lead memo of named definitions' answers, and the per-thread
//! scratch it lives in.
//!
//! A lead's evaluation remembers each definition's answer (a fit, a score,
//! an SLA's state…) so that a definition referenced twice is evaluated
//! once. The tables are reused from lead to lead on a thread: starting a
//! lead does not clear them but moves to a new *epoch*, and an entry
//! counts only when it was written in the current one ([`MemoTable`]), so
//! starting a lead costs the same for a policy of three definitions or
//! three hundred.

use crate::outcome::{SlaOutcome, SlaState};
use crate::plan::*;
use chrono::{DateTime, NaiveDate, Utc};
use std::marker::PhantomData;

/// One kind of definition's (`D`'s) answers for the lead being
/// evaluated, by the definition's [`Idx<D>`]. An entry counts only when
/// it was written in the memo's current epoch ([`Memo::epoch`], one for
/// all the tables, passed in).
pub(crate) struct MemoTable<D, T> {
    /// Each entry with the epoch it was written in (grown on first use).
    cells: Vec<(u32, T)>,
    kind: PhantomData<fn() -> D>,
}

impl<D, T> Default for MemoTable<D, T> {
    fn default() -> Self {
        MemoTable {
            cells: Vec::new(),
            kind: PhantomData,
        }
    }
}

impl<D, T: Default> MemoTable<D, T> {
    /// The answer remembered for definition `i` on this lead.
    #[inline]
    pub fn get(&self, i: Idx<D>, epoch: u32) -> Option<&T> {
        self.cells
            .get(i.index())
            .filter(|(written, _)| *written == epoch)
            .map(|(_, v)| v)
    }

    /// Remembers the answer for definition `i` on this lead.
    #[inline]
    pub fn set(&mut self, i: Idx<D>, value: T, epoch: u32) {
        if self.cells.len() <= i.index() {
            self.grow(i.index() + 1);
        }
        if let Some(cell) = self.cells.get_mut(i.index()) {
            *cell = (epoch, value);
        }
    }

    /// Room for `len` definitions (entries of no epoch: 0 is none).
    #[cold]
    fn grow(&mut self, len: usize) {
        self.cells.resize_with(len, || (0, T::default()));
    }

    /// Takes the answer remembered for definition `i` (it is then forgotten).
    pub fn take(&mut self, i: Idx<D>, epoch: u32) -> Option<T> {
        let cell = self.cells.get_mut(i.index()).filter(|(e, _)| *e == epoch)?;
        cell.0 = 0;
        Some(std::mem::take(&mut cell.1))
    }

    /// Forgets every entry (the epochs wrapped round).
    fn forget_all(&mut self) {
        for cell in &mut self.cells {
            cell.0 = 0;
        }
    }
}

/// Per-lead memo of named definitions' results, and scratch buffers. Its
/// buffers are per-thread scratch: [`Memo::take`] reuses the ones a
/// finished evaluation gave back ([`super::Ev::finish`]), so that
/// evaluating a lead allocates no memo.
#[derive(Default)]
pub(crate) struct Memo {
    /// The current lead's epoch (never 0 once started): an answer in a
    /// table counts only when written in it, so starting a lead forgets
    /// every answer of the one before by adding one here.
    pub epoch: u32,
    pub fits: MemoTable<FitDef, bool>,
    pub scores: MemoTable<ScoreDef, Option<f64>>,
    pub triggers: MemoTable<TriggerDef, bool>,
    /// Which of a trigger's items held (bit k: item k, for its first 64),
    /// noted when its explanation evaluated every item, so that the
    /// events that fired it are collected without evaluating the items
    /// again.
    pub trigger_items: MemoTable<TriggerDef, u64>,
    pub exclusions: MemoTable<ExclusionDef, bool>,
    pub first_exclusion: Option<Option<Idx<ExclusionDef>>>,
    pub stages: MemoTable<StageDef, bool>,
    pub tier: Option<Option<u32>>,
    pub slas: MemoTable<SlaDef, Option<SlaState>>,
    /// An SLA computed for a condition reading its state, kept whole for
    /// its root answer (so that it is computed once).
    pub sla_outcomes: MemoTable<SlaDef, Option<SlaOutcome>>,
    /// Scratch for persistence: instants of the attempts a rule counts,
    /// and their local days.
    pub instants: Vec<DateTime<Utc>>,
    pub days: Vec<NaiveDate>,
    /// Scratch for `within any N`: the instants of the matched events.
    pub window_instants: Vec<DateTime<Utc>>,
    /// The room of an explained lead's list of matched events
    /// (`Ev::seen_events`), kept empty between leads (see
    /// [`events_list_of`] and [`room_of_events_list`]).
    pub events_room: Vec<&'static accord_records::Event>,
}

/// An empty list of events with the room of `room` (the same buffer: a
/// list of longer-lived references is a list of shorter-lived ones).
pub(crate) fn events_list_of<'p>(
    mut room: Vec<&'static accord_records::Event>,
) -> Vec<&'p accord_records::Event> {
    room.clear();
    room
}

/// The room of a list of events, emptied, to keep between leads (its
/// buffer reused: collected in place, since the two hold references
/// alike, and nothing is kept).
pub(crate) fn room_of_events_list(
    list: Vec<&accord_records::Event>,
) -> Vec<&'static accord_records::Event> {
    // Not `filter`: only `filter_map` can change the references' lifetime.
    #[allow(clippy::unnecessary_filter_map)]
    list.into_iter().filter_map(|_| None).collect()
}

thread_local! {
    /// The memo given back last on this thread (the one the next lead
    /// takes: one load and one store, no borrow to check).
    static LAST_MEMO: std::cell::Cell<Option<Box<Memo>>> = const { std::cell::Cell::new(None) };
    /// Memos given back by finished evaluations on this thread beyond
    /// [`LAST_MEMO`] (when an evaluation runs another inside it). Boxed,
    /// so that taking one and giving it back moves a pointer, not the
    /// tables.
    #[allow(clippy::vec_box)]
    static SPARE_MEMOS: std::cell::RefCell<Vec<Box<Memo>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Spare memos kept per thread beyond the last one given back, at most.
const SPARE_MEMOS_KEPT: usize = 8;

impl Memo {
    /// A memo for a new lead, reusing a spare one's buffers.
    pub(super) fn take() -> Box<Memo> {
        let mut m = LAST_MEMO
            .try_with(std::cell::Cell::take)
            .ok()
            .flatten()
            .or_else(|| {
                SPARE_MEMOS
                    .try_with(|s| s.borrow_mut().pop())
                    .ok()
                    .flatten()
            })
            .unwrap_or_default();
        m.epoch = m.epoch.wrapping_add(1);
        if m.epoch == 0 {
            // After 4 billion leads, once: no old entry may look current.
            m.forget_all();
            m.epoch = 1;
        }
        m.first_exclusion = None;
        m.tier = None;
        m
    }

    /// Forgets every answer in every table.
    fn forget_all(&mut self) {
        self.fits.forget_all();
        self.scores.forget_all();
        self.triggers.forget_all();
        self.trigger_items.forget_all();
        self.exclusions.forget_all();
        self.stages.forget_all();
        self.slas.forget_all();
        self.sla_outcomes.forget_all();
    }

    /// Gives the buffers back for the next evaluation on this thread.
    pub(super) fn give_back(self: Box<Memo>) {
        let Ok(Some(other)) = LAST_MEMO.try_with(|last| last.replace(Some(self))) else {
            return;
        };
        let _ = SPARE_MEMOS.try_with(|s| {
            let mut spare = s.borrow_mut();
            if spare.len() < SPARE_MEMOS_KEPT {
                spare.push(other);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_lead_forgets_every_answer() {
        let mut m = Box::<Memo>::default();
        m.epoch = 1;
        m.fits.set(Idx::new(1), true, m.epoch);
        assert_eq!(m.fits.get(Idx::new(1), m.epoch), Some(&true));
        assert_eq!(m.fits.get(Idx::new(0), m.epoch), None);
        assert_eq!(m.fits.get(Idx::new(5), m.epoch), None, "beyond the room");
        let m = {
            m.give_back();
            Memo::take()
        };
        assert_eq!(
            m.fits.get(Idx::new(1), m.epoch),
            None,
            "an answer of the lead before"
        );
    }

    /// The list of events keeps its room from lead to lead (collected
    /// in place), empty.
    #[test]
    fn the_events_list_keeps_its_room() {
        let event = accord_records::Event {
            kind: 0,
            at: chrono::DateTime::<Utc>::default(),
            fields: Default::default(),
        };
        let mut list = events_list_of(Vec::with_capacity(16));
        list.push(&event);
        let room = room_of_events_list(list);
        assert!(room.is_empty() && room.capacity() >= 16);
        let again = events_list_of(room);
        assert!(again.is_empty() && again.capacity() >= 16);
    }

    #[test]
    fn taking_an_answer_forgets_it() {
        let mut t: MemoTable<FitDef, Option<u8>> = MemoTable::default();
        t.set(Idx::new(0), Some(7), 1);
        assert_eq!(t.take(Idx::new(0), 1), Some(Some(7)));
        assert_eq!(t.take(Idx::new(0), 1), None);
    }

    #[test]
    fn the_epoch_wrapping_round_forgets_every_answer() {
        let mut m = Box::<Memo>::default();
        m.epoch = u32::MAX;
        m.scores.set(Idx::new(0), Some(1.0), m.epoch);
        m.give_back();
        let m = Memo::take();
        assert_eq!(m.epoch, 1);
        assert_eq!(m.scores.get(Idx::new(0), m.epoch), None);
        assert_eq!(
            m.scores.get(Idx::new(0), u32::MAX),
            None,
            "forgotten, not just out of date"
        );
    }
}
