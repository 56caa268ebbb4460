//! Each thread's own copy of a value that many threads read at once — a
//! lead decoder here, a compiled policy in `accord-eval` — so that they do
//! not contend for the reference counts of the texts it hands out.
//!
//! A decoder gives every lead whose `one of` field holds a choice too long
//! to be held in place (over 40 bytes) the schema's one text of that
//! choice (a shared [`LeadText`](crate::LeadText): counted, not copied), and a
//! policy gives every decision its names the same way (`Arc<str>`). Counting is an atomic add
//! and subtract on the text's counter, and threads doing it to the *same*
//! counters pass its cache line back and forth: on 2 cores, decoding took
//! about 25% longer per lead on two threads than on one, deciding 12–15%
//! (`crates/accord/benches/threads.rs`), and every core makes it worse.
//! With [`with_copy`], each thread works on a copy of its own, made on its
//! first use and kept while the value (or a clone of it) lives, at most
//! [`COPIES_KEPT`] values of a type a thread: the copy of a value that is
//! gone is dropped when the thread next makes a copy of that type, or
//! when the thread ends. Each type has its own list of copies on each
//! thread ([`PerThread`], declared by [`crate::per_thread_copies!`]), so
//! that a lookup compares identities only and values of two types used
//! in turn do not swap places on one list.

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

/// Values of one type a thread keeps its copy of at most (the least
/// recently used goes first): far more than a server serves at once, so
/// that none is copied again and again.
pub const COPIES_KEPT: usize = 64;

/// A type whose values threads keep copies of: each such type has its own
/// list of copies on each thread ([`crate::per_thread_copies!`] declares
/// it), so that finding a copy compares identities only (no type to tell,
/// no value to downcast), and values of two types used in turn — a
/// decoder and a policy, lead after lead — do not push each other down
/// one list.
pub trait PerThread: Sized + 'static {
    /// This thread's copies of values of this type.
    fn copies() -> &'static std::thread::LocalKey<Copies<Self>>;
}

/// Declares the per-thread list of copies of a type (implements
/// [`PerThread`] for it).
#[macro_export]
macro_rules! per_thread_copies {
    ($t:ty) => {
        impl $crate::per_thread::PerThread for $t {
            fn copies() -> &'static ::std::thread::LocalKey<$crate::per_thread::Copies<$t>> {
                ::std::thread_local! {
                    static COPIES: $crate::per_thread::Copies<$t> =
                        const { $crate::per_thread::Copies::new() };
                }
                &COPIES
            }
        }
    };
}

/// One thread's copies of values of type `T`, the most recently used
/// first.
pub struct Copies<T>(RefCell<Vec<Copy<T>>>);

impl<T> Default for Copies<T> {
    fn default() -> Copies<T> {
        Copies::new()
    }
}

impl<T> Copies<T> {
    /// No copies.
    pub const fn new() -> Copies<T> {
        Copies(RefCell::new(Vec::new()))
    }
}

/// A thread's copy of one value.
struct Copy<T> {
    id: u64,
    alive: Weak<()>,
    copy: Rc<T>,
}

/// Runs `f` on this thread's copy of the value `identity` names, made by
/// `make` on first use (the value itself when the thread's storage is
/// gone, at its exit: `f(None)`).
pub fn with_copy<T: PerThread, R>(
    identity: &Identity,
    make: impl FnOnce() -> T,
    f: impl FnOnce(Option<&T>) -> R,
) -> R {
    let found = T::copies().try_with(|copies| {
        let mut copies = copies.0.borrow_mut();
        let i = copies.iter().position(|c| c.id == identity.id)?;
        // To the front, the others after it in their order.
        if i > 0 {
            copies.get_mut(..=i)?.rotate_right(1);
        }
        copies.first().map(|c| Rc::clone(&c.copy))
    });
    let copy = match found {
        Ok(Some(copy)) => Some(copy),
        // Made with no borrow held (making one may take another copy).
        Ok(None) => {
            let copy = Rc::new(make());
            let kept = Copy {
                id: identity.id,
                alive: Arc::downgrade(&identity.alive),
                copy: Rc::clone(&copy),
            };
            let _ = T::copies().try_with(|copies| {
                let mut copies = copies.0.borrow_mut();
                copies.retain(|c| c.alive.strong_count() > 0);
                copies.truncate(COPIES_KEPT - 1);
                copies.insert(0, kept);
            });
            Some(copy)
        }
        Err(_) => None,
    };
    // No borrow is held: work inside `f` may take a copy too.
    f(copy.as_deref())
}

/// How many copies of values of type `T` this thread keeps (for tests).
pub fn copies_kept<T: PerThread>() -> usize {
    T::copies().try_with(|c| c.0.borrow().len()).unwrap_or(0)
}
