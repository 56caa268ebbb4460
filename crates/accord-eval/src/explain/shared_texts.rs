//! Texts an explanation tree being built shows again and again — an
//! event listed under several patterns and the handoff, a lead's value
//! read by several comparisons — written once and shared by the nodes
//! that show them: the table of what the tree has written, by
//! [`TextKey`] (see `Tree::shared`). Part of [`super::tree`].

use super::words::Span;

/// What a text shown again and again is written from, when the same key
/// always writes the same text while one explanation is built (see
/// `Tree::shared`): the address of what it shows (an event, the lead's
/// values: neither moves nor changes while the explanation is built from
/// them), a number (a slot, a stream) and which text of it it is (each
/// writer of such texts a constant of its own, so that two writers of the
/// same thing never share their texts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TextKey {
    of: usize,
    index: usize,
    writer: u32,
}

impl TextKey {
    /// The key of the text `writer` writes of `of` (the lead's or the
    /// policy's, which outlive the building of the explanation) and
    /// `index`.
    pub(crate) fn of<A: ?Sized>(writer: u32, of: &A, index: usize) -> TextKey {
        TextKey {
            of: std::ptr::from_ref(of).cast::<u8>() as usize,
            index,
            writer,
        }
    }

    /// Where the key is looked for in the table of [`SharedTexts`].
    fn slot(self) -> usize {
        let h = (self.of as u64 ^ (self.index as u64).rotate_left(29) ^ u64::from(self.writer))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> (64 - SHARED_SLOTS.trailing_zeros())) as usize
    }
}

/// How many shared texts a tree being built remembers (a power of two;
/// an explanation of the seed agreement shows some 30 to 40). The table
/// is direct-mapped: with 64 slots, some ten of a lead's texts met
/// another in its slot and were written again (each event line once more
/// in the lead's zone); with 512 (20 KB a thread) few do.
const SHARED_SLOTS: usize = 512;

/// A text written into a tree being built, by its key.
#[derive(Clone, Copy, Debug, Default)]
struct SharedText {
    /// The tree the entry is for (entries of the thread's earlier trees
    /// are stale).
    stamp: u64,
    key: TextKey,
    span: Span,
}

/// The shared texts a tree being built has written, by key: this
/// thread's one table (taken by the tree being built, given back when it
/// is built), direct-mapped, its entries marked with the tree they are
/// for, so that it is never cleared.
#[derive(Clone)]
pub(super) struct SharedTexts {
    stamp: u64,
    table: [SharedText; SHARED_SLOTS],
}

/// Trees show as their nodes and text, whatever they remember.
impl std::fmt::Debug for SharedTexts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedTexts")
    }
}

#[cfg(test)]
thread_local! {
    /// Whether `Tree::shared` writes every text afresh (for the test
    /// that sharing changes no text).
    pub(crate) static SHARING_OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

thread_local! {
    /// This thread's table of shared texts and the last stamp given out.
    static SHARED: std::cell::Cell<Option<Box<SharedTexts>>> = const { std::cell::Cell::new(None) };
}

impl SharedTexts {
    /// The thread's table (or a new one), stamped for a new tree: what
    /// it holds of earlier trees is stale.
    pub(super) fn for_a_new_tree() -> Box<SharedTexts> {
        let mut shared = crate::spare::take(&SHARED).unwrap_or_else(|| {
            Box::new(SharedTexts {
                stamp: 0,
                table: [SharedText::default(); SHARED_SLOTS],
            })
        });
        shared.stamp += 1;
        shared
    }

    /// Gives the table back to the thread, for its next tree.
    pub(super) fn give_back(self: Box<SharedTexts>) {
        crate::spare::keep(&SHARED, Some(self));
    }

    /// Where the text of `key` was written in this tree, if it was.
    pub(super) fn find(&self, key: TextKey) -> Option<Span> {
        #[cfg(test)]
        if SHARING_OFF.with(std::cell::Cell::get) {
            return None;
        }
        self.table
            .get(key.slot())
            .filter(|s| s.stamp == self.stamp && s.key == key)
            .map(|s| s.span)
    }

    /// Remembers where the text of `key` was written.
    pub(super) fn remember(&mut self, key: TextKey, span: Span) {
        let stamp = self.stamp;
        if let Some(s) = self.table.get_mut(key.slot()) {
            *s = SharedText { stamp, key, span };
        }
    }
}
