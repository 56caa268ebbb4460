//! What a thread keeps from one lead to the next so as not to allocate it
//! again: buffers and lists a dropped explanation leaves behind, emptied,
//! for the next one (an explanation tree's buffers, a summary's lists and
//! strings, a weighted score's parts…). (The decision path's memo keeps
//! its own, `eval::memo`: the last one given back in place, then a few.)
//!
//! Each kind of thing kept has its own thread-local slot (a
//! `thread_local!` `Cell`, declared where the thing is used); these
//! functions are the one way every slot is used: [`take`] and [`keep`] for
//! a slot that holds one value, [`take_one`] and [`keep_some`] for a slot
//! that holds a few (a pool). A slot is read by taking its value out (never
//! borrowed), so code that runs while it is out — a `Display` that writes
//! an explanation again — finds it empty and makes its own; while the
//! thread's locals are being torn down every function still works, on new
//! values.

use std::cell::Cell;
use std::thread::LocalKey;

/// A thread-local slot holding one kept value.
pub(crate) type Slot<T> = LocalKey<Cell<T>>;

/// This thread's value in `slot` (the slot is left with the default), or
/// a new one.
#[inline]
pub(crate) fn take<T: Default + 'static>(slot: &'static Slot<T>) -> T {
    slot.try_with(Cell::take).unwrap_or_default()
}

/// Keeps `value` in this thread's `slot` for the next [`take`] (what the
/// slot held is dropped).
#[inline]
pub(crate) fn keep<T: 'static>(slot: &'static Slot<T>, value: T) {
    let _ = slot.try_with(|s| s.set(value));
}

/// One of the values this thread keeps in `pool`, if any.
#[inline]
pub(crate) fn take_one<T: 'static>(pool: &'static Slot<Vec<T>>) -> Option<T> {
    pool.try_with(|s| {
        let mut kept = s.take();
        let one = kept.pop();
        s.set(kept);
        one
    })
    .ok()
    .flatten()
}

/// Keeps in this thread's `pool`, up to `most` in all, each of `values`
/// that `fit` gives back (emptied, say; `None`: not kept, dropped).
pub(crate) fn keep_some<T: 'static>(
    pool: &'static Slot<Vec<T>>,
    values: impl IntoIterator<Item = T>,
    most: usize,
    mut fit: impl FnMut(T) -> Option<T>,
) {
    let _ = pool.try_with(|s| {
        let mut kept = s.take();
        for value in values {
            if kept.len() >= most {
                break;
            }
            kept.extend(fit(value));
        }
        s.set(kept);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static ONE: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
        static POOL: Cell<Vec<String>> = const { Cell::new(Vec::new()) };
    }

    /// A value kept is the one taken next, once; a pool keeps what fits,
    /// up to its most, and gives each back once.
    #[test]
    fn what_is_kept_is_taken_back_once() {
        let mut v = take(&ONE);
        assert!(v.is_empty() && v.capacity() == 0);
        v.reserve(100);
        let room = v.capacity();
        keep(&ONE, v);
        assert_eq!(take(&ONE).capacity(), room);
        assert_eq!(take(&ONE).capacity(), 0, "taken once");

        let strings = ["a", "bb", "", "ccc", "dddd"].map(String::from);
        keep_some(&POOL, strings, 2, |s| (!s.is_empty()).then_some(s));
        assert_eq!(take_one(&POOL).as_deref(), Some("bb"));
        assert_eq!(take_one(&POOL).as_deref(), Some("a"));
        assert_eq!(take_one(&POOL), None, "at most 2 kept");
    }
}
