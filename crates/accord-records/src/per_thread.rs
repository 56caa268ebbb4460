//! Each thread's own copy of a value that many threads read at once — a
//! lead decoder here, a compiled policy in `accord-eval` — so that they do
//! not contend for the reference counts of the texts it hands out.
//!
//! A decoder gives every lead whose `one of` field holds a choice too long
//! to be held in place (over 23 bytes) the schema's one text of that
//! choice (a shared [`LeadText`](crate::LeadText): counted, not copied), and a
//! policy gives every decision its names the same way (`Arc<str>`). Counting is an atomic add
//! and subtract on the text's counter, and threads doing it to the *same*
//! counters pass its cache line back and forth: on 2 cores, decoding took
//! about 25% longer per lead on two threads than on one, deciding 12–15%
//! (`crates/accord/benches/threads.rs`), and every core makes it worse.
//! With [`with_copy`], each thread works on a copy of its own, made on its
//! first use and kept while the value (or a clone of it) lives, at most
//! [`COPIES_KEPT`] values a thread: the copy of a value that is gone is
//! dropped when the thread next makes a copy, or when the thread ends.

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

/// Who a value is, for the threads' copies of it: a clone of the value is
/// the same value (same identity); a copy made for a thread answers to
/// the same identity without keeping the value alive.
#[derive(Clone, Debug)]
pub struct Identity {
    id: u64,
    /// Held by the value and its clones: when none is left, neither is
    /// the value, and the threads' copies of it go.
    alive: Arc<()>,
}

impl Default for Identity {
    fn default() -> Identity {
        Identity::new()
    }
}

impl Identity {
    /// A new identity (never reused in a process).
    pub fn new() -> Identity {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Identity {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            alive: Arc::new(()),
        }
    }

    /// The identity for a thread's copy of this value: the same value,
    /// but the copy does not keep it alive.
    pub fn for_copy(&self) -> Identity {
        Identity {
            id: self.id,
            alive: Arc::new(()),
        }
    }
}

/// Values a thread keeps its copy of at most (the least recently used goes
/// first): far more than a server serves at once, so that none is copied
/// again and again.
pub const COPIES_KEPT: usize = 64;

/// A thread's copy of one value.
struct Copy {
    id: u64,
    /// The copy's type (kept beside it: compared without a call).
    type_id: TypeId,
    alive: Weak<()>,
    copy: Rc<dyn Any>,
}

thread_local! {
    /// This thread's copies, the most recently used first.
    static COPIES: RefCell<Vec<Copy>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` on this thread's copy of the value `identity` names, made by
/// `make` on first use (the value itself when the thread's storage is
/// gone, at its exit: `f(None)`).
pub fn with_copy<T: 'static, R>(
    identity: &Identity,
    make: impl FnOnce() -> T,
    f: impl FnOnce(Option<&T>) -> R,
) -> R {
    let mine = |c: &Copy| c.id == identity.id && c.type_id == TypeId::of::<T>();
    let found = COPIES.try_with(|copies| {
        let mut copies = copies.borrow_mut();
        let i = copies.iter().position(mine)?;
        // To the front, the others after it in their order (two values
        // used in turn, a decoder and a policy, swap places).
        match i {
            0 => {}
            1 => copies.swap(0, 1),
            _ => copies.get_mut(..=i)?.rotate_right(1),
        }
        copies.first().map(|c| Rc::clone(&c.copy))
    });
    let copy = match found {
        Ok(Some(copy)) => Some(copy),
        // Made with no borrow held (making one may take another copy).
        Ok(None) => {
            let copy: Rc<dyn Any> = Rc::new(make());
            let alive = Arc::downgrade(&identity.alive);
            let kept = Copy {
                id: identity.id,
                type_id: TypeId::of::<T>(),
                alive,
                copy: Rc::clone(&copy),
            };
            let _ = COPIES.try_with(|copies| {
                let mut copies = copies.borrow_mut();
                copies.retain(|c| c.alive.strong_count() > 0);
                copies.truncate(COPIES_KEPT - 1);
                copies.insert(0, kept);
            });
            Some(copy)
        }
        Err(_) => None,
    };
    // No borrow is held: work inside `f` may take a copy too.
    f(copy.as_deref().and_then(|c| c.downcast_ref::<T>()))
}

/// How many copies this thread keeps (for tests).
pub fn copies_kept() -> usize {
    COPIES.try_with(|c| c.borrow().len()).unwrap_or(0)
}
