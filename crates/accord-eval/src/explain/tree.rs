//! The explanation tree's storage: every node in one vector (children
//! and items linked by index), every piece of text in one buffer (nodes
//! hold byte ranges into it; values are written there straight from the
//! lead, without intermediate strings) — but for the texts the policy
//! has already (a clause's own text and location as the policy wrote
//! them, a comparison's name and threshold and a definition's title
//! written when it was compiled, a field's name) and a few fixed phrases,
//! which the tree reads from the policy's table of clauses ([`Src`],
//! shared) and the like instead of copying (see [`super::words`]); and
//! text the explanation shows again and again (an event listed under
//! several patterns and the handoff, a lead's value read by several
//! comparisons) is written once and shared by the nodes that show it
//! ([`TextKey`], [`Tree::shared`]). Built by the evaluator node by node;
//! read through the views in [`super::view`].

use super::later::{Kept, TreeText, WithValues};
use super::shared_texts::SharedTexts;
pub(crate) use super::shared_texts::TextKey;
use super::words::shared_words;
pub(crate) use super::words::{Phrase, Span, Words};
use super::Verdict;
use crate::plan::{Src, SrcId};
use crate::text::Text;
use std::sync::Arc;

/// A node of a [`Tree`] (index into its nodes; [`ROOT`] holds the answers).
pub(crate) type NodeId = u32;

/// The root: its children are the explanation's answers.
pub(crate) const ROOT: NodeId = 0;

/// The empty text (an item's name, but for values).
const NO_WORDS: Words = Words::Own(Span { start: 0, end: 0 });

/// "No node" / "no item" in the links.
pub(crate) const NONE: u32 = u32::MAX;

/// A linked list by index: its first and last element (each element
/// links to the next).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct List {
    pub(super) first: u32,
    last: u32,
}

impl List {
    const EMPTY: List = List {
        first: NONE,
        last: NONE,
    };
    /// Makes `new` the last element; returns the one that was last, whose
    /// link must now point to `new`.
    fn push(&mut self, new: u32) -> Option<u32> {
        let prev = std::mem::replace(&mut self.last, new);
        if prev == NONE {
            self.first = new;
            None
        } else {
            Some(prev)
        }
    }
}

/// Read from the table of phrases, not copied.
impl Piece for Phrase {
    fn words_in(self, _: &mut Tree) -> Words {
        Words::Phrase(self)
    }
}

/// One node: text as spans, children and items as linked lists.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Rec {
    pub(super) clause: Words,
    pub(super) title: Option<Words>,
    pub(super) gap: Option<Words>,
    pub(super) location: Words,
    pub(super) verdict: Verdict,
    /// Whether the verdict was set (a node starts as `info`, unset).
    verdict_set: bool,
    /// Whether the clause itself holds, whatever its mark says (a clause
    /// read as unwanted is ✓ when it does not hold); `None` for
    /// information.
    pub(super) holds: Option<bool>,
    pub(super) children: List,
    pub(super) next_sibling: u32,
    pub(super) items: List,
    /// For a reference to a definition drawn in full elsewhere in the
    /// explanation ("explained above"): the node it is drawn at; else
    /// [`NONE`].
    pub(super) drawn_at: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ItemKind {
    /// A value read (`name = text`).
    Value,
    /// A threshold compared against.
    Threshold,
    /// A further fact.
    Note,
}

/// A value, threshold or note of one node (`name` is empty but for values).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Item {
    pub(super) kind: ItemKind,
    pub(super) name: Words,
    pub(super) text: Words,
    pub(super) next: u32,
}

/// A piece of a node's text: any [`Text`], written; a [`Shared`] one,
/// written unless the tree being built has it already; or the policy's
/// [`Words`], read from its table.
pub(crate) trait Piece {
    fn words_in(self, tree: &mut Tree) -> Words;
}

impl<T: Text> Piece for T {
    fn words_in(self, tree: &mut Tree) -> Words {
        Words::Own(tree.put(self))
    }
}

/// Text written already ([`Tree::written`]): shown again, not written
/// again.
impl Piece for Span {
    fn words_in(self, _: &mut Tree) -> Words {
        Words::Own(self)
    }
}

/// Words of the policy's table, not copied.
impl Piece for Words {
    fn words_in(self, _: &mut Tree) -> Words {
        self
    }
}

/// A text with its key, written once per explanation ([`Tree::shared`]).
pub(crate) struct Shared<T>(pub TextKey, pub T);

impl<T: Text> Piece for Shared<T> {
    fn words_in(self, tree: &mut Tree) -> Words {
        Words::Own(tree.shared(self.0, self.1))
    }
}

/// The nodes of one explanation and all their text. Built by the evaluator
/// (node by node, children attached to their parent when done), read
/// through [`Node`] views.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tree {
    pub(super) nodes: Vec<Rec>,
    pub(super) items: Vec<Item>,
    text: Vec<u8>,
    /// The values kept as they are, marked in `text`, and the text with
    /// them written once read (see [`super::later`]); only an
    /// explanation's tree keeps values, `None` for every other (each
    /// evaluation's empty tree, a scratch tree).
    kept: Option<Box<Kept>>,
    /// The policy's clauses (shared with its plan); `None` in the empty
    /// tree every evaluation starts with, so that an evaluation that
    /// explains nothing touches no reference count.
    srcs: Option<Arc<[Src]>>,
    /// The names of the lead's fields, by slot (shared with the plan;
    /// `None` as `srcs`).
    fields: Option<Arc<[Arc<str>]>>,
    /// While the tree is built: the texts written once (see
    /// [`Tree::shared`]); `None` otherwise (boxed: a tree that explains
    /// nothing, in every evaluation, stays small).
    shared: Option<Box<SharedTexts>>,
}

thread_local! {
    /// The buffers of this thread's last scratch tree (see [`Tree::scratch`]).
    #[allow(clippy::type_complexity)]
    static SPARE_SCRATCH: std::cell::Cell<(Vec<Rec>, Vec<Item>, Vec<u8>)> =
        const { std::cell::Cell::new((Vec::new(), Vec::new(), Vec::new())) };
}

thread_local! {
    /// The buffers of this thread's last dropped explanation's tree (see
    /// [`KeptTree`]), emptied when taken.
    static SPARE_EXPLANATION: std::cell::Cell<Buffers> =
        const { std::cell::Cell::new((Vec::new(), Vec::new(), Vec::new(), None)) };
}

/// A tree's buffers: its nodes, items, text and kept values.
type Buffers = (Vec<Rec>, Vec<Item>, Vec<u8>, Option<Box<Kept>>);

/// An explanation's tree, as its [`super::Explanation`] keeps it: when it
/// is dropped, its buffers (some 30 KB for the seed agreement, four
/// blocks) are left as the thread's spare ones for the next explanation's
/// tree ([`Tree::with_capacity`]) instead of being freed and allocated
/// again, lead after lead.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct KeptTree(pub Tree);

impl std::ops::Deref for KeptTree {
    type Target = Tree;
    fn deref(&self) -> &Tree {
        &self.0
    }
}

impl Drop for KeptTree {
    fn drop(&mut self) {
        let t = &mut self.0;
        let buffers = (
            std::mem::take(&mut t.nodes),
            std::mem::take(&mut t.items),
            std::mem::take(&mut t.text),
            t.kept.take(),
        );
        // (In place of any there: those are freed.)
        crate::spare::keep(&SPARE_EXPLANATION, buffers);
    }
}

fn id(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

impl Tree {
    /// Lets go of the tree an evaluation that explained nothing holds:
    /// `Tree::default()`, never added to (no node, no buffer, no clause
    /// or text shared — the tests' debug builds check it on every
    /// decision, and the allocation tests would see a buffer), so there
    /// is nothing to free. Not dropped: dropping it checks each of its
    /// parts through a call, some 30 instructions, 3% of a small rule's
    /// `decide`.
    #[inline(always)]
    pub(crate) fn forget_empty(self) {
        debug_assert!(
            self.nodes.capacity() == 0
                && self.items.capacity() == 0
                && self.text.capacity() == 0
                && self.kept.is_none()
                && self.srcs.is_none()
                && self.fields.is_none()
                && self.shared.is_none(),
            "a tree that holds something is dropped, not forgotten"
        );
        std::mem::forget(self);
    }

    /// An empty tree (the root only) for a policy whose clauses are
    /// `srcs`, with room for about `nodes` nodes, 1.5 items and 64 bytes
    /// of text a node (measured on the seed agreement's explained leads,
    /// `nodes` its clauses and 16: at most 268 items and 12,642 bytes of
    /// text — the clauses' own words are read from `srcs`, not copied).
    /// (Its buffers are those of the thread's last dropped explanation,
    /// when there is one: see [`KeptTree`].)
    pub(crate) fn with_capacity(srcs: &Arc<[Src]>, fields: &Arc<[Arc<str>]>, nodes: usize) -> Tree {
        let (mut node_room, mut items, mut text, kept) = crate::spare::take(&SPARE_EXPLANATION);
        let mut kept = kept.unwrap_or_default();
        kept.clear();
        let kept = Some(kept);
        #[cfg(test)]
        let kept = kept.filter(|_| !super::later::KEEPING_OFF.with(std::cell::Cell::get));
        node_room.clear();
        items.clear();
        text.clear();
        node_room.reserve(nodes);
        items.reserve(nodes * 3 / 2);
        text.reserve(nodes * 64);
        let shared = SharedTexts::for_a_new_tree();
        let mut t = Tree {
            nodes: node_room,
            items,
            text,
            kept,
            srcs: Some(Arc::clone(srcs)),
            fields: Some(Arc::clone(fields)),
            shared: Some(shared),
        };
        t.node("", "");
        t
    }

    /// The tree, built: its table of shared texts goes back to the
    /// thread, for the next tree built.
    pub(crate) fn built(mut self) -> Tree {
        if let Some(shared) = self.shared.take() {
            shared.give_back();
        }
        self
    }

    /// Writes `text` into the buffer, for nodes and items to show (see
    /// `Piece for Span`).
    pub(crate) fn written(&mut self, text: impl Text) -> Span {
        self.put(text)
    }

    /// Writes `text` into the buffer, unless text of the same key was
    /// written before while this tree is built: then its bytes are
    /// shared (the same span; no text is ever changed in place).
    pub(crate) fn shared(&mut self, key: TextKey, text: impl Text) -> Span {
        if let Some(span) = self.shared.as_ref().and_then(|s| s.find(key)) {
            return span;
        }
        let span = self.put(text);
        if let Some(s) = self.shared.as_mut() {
            s.remember(key, span);
        }
        span
    }

    /// An empty tree (no root) for the same policy: scratch nodes, e.g.
    /// the summary's words for a clause. Its buffers are this thread's
    /// spare ones when there are (see [`Tree::give_back_scratch`]), so
    /// that scratch nodes allocate nothing from lead to lead.
    pub(crate) fn scratch(&self) -> Tree {
        let (nodes, items, text) = crate::spare::take(&SPARE_SCRATCH);
        Tree {
            nodes,
            items,
            text,
            srcs: self.srcs.clone(),
            fields: self.fields.clone(),
            ..Tree::default()
        }
    }

    /// Gives a scratch tree's buffers back (emptied) for this thread's
    /// next [`Tree::scratch`].
    pub(crate) fn give_back_scratch(self) {
        let Tree {
            mut nodes,
            mut items,
            mut text,
            ..
        } = self;
        nodes.clear();
        items.clear();
        text.clear();
        crate::spare::keep(&SPARE_SCRATCH, (nodes, items, text));
    }

    /// The text of a node's clause or location (its kept values written:
    /// the whole tree's, on the first read of a tree that kept any).
    pub(super) fn text_of(&self, w: Words) -> &str {
        match w {
            Words::Own(span) => match self.kept.as_deref() {
                Some(kept) if !kept.values.is_empty() => kept.written(&self.text).str(span),
                _ => self.str(span),
            },
            shared => shared_words(self.srcs.as_deref(), self.fields.as_deref(), shared),
        }
    }

    /// How many values the tree keeps (for tests).
    #[cfg(test)]
    pub(crate) fn kept_values(&self) -> usize {
        self.kept.as_deref().map_or(0, |k| k.values.len())
    }

    /// The text of `w` as a [`Text`], its kept values written (read off
    /// the buffer as it is: a tree still being built can be read so).
    pub(super) fn with_values(&self, w: Words) -> WithValues<'_> {
        match w {
            Words::Own(span) => WithValues(
                self.text
                    .get(span.start as usize..span.end as usize)
                    .unwrap_or_default(),
                self.kept.as_deref().map_or(&[][..], |k| &k.values),
            ),
            shared => WithValues(
                shared_words(self.srcs.as_deref(), self.fields.as_deref(), shared).as_bytes(),
                &[],
            ),
        }
    }

    /// Writes text into the buffer.
    fn put(&mut self, text: impl Text) -> Span {
        // (Read only once built: the first read writes the text out.)
        debug_assert!(
            !self.kept.as_deref().is_some_and(Kept::was_read),
            "a tree read while built"
        );
        let start = id(self.text.len());
        text.put_into(&mut TreeText {
            text: &mut self.text,
            later: self.kept.as_deref_mut().map(|k| &mut k.values),
        });
        Span {
            start,
            end: id(self.text.len()),
        }
    }
    /// Appends the text of `w` to the buffer (a text written again, in
    /// another node's words).
    fn copy(&mut self, w: Words) {
        match w {
            Words::Own(span) => self
                .text
                .extend_from_within(span.start as usize..span.end as usize),
            shared => self.text.extend_from_slice(
                shared_words(self.srcs.as_deref(), self.fields.as_deref(), shared).as_bytes(),
            ),
        }
    }
    /// Copies a string into the buffer.
    fn put_str(&mut self, text: &str) -> Span {
        let start = id(self.text.len());
        self.text.extend_from_slice(text.as_bytes());
        Span {
            start,
            end: id(self.text.len()),
        }
    }

    fn rec(&mut self, n: NodeId) -> Option<&mut Rec> {
        self.nodes.get_mut(n as usize)
    }

    /// A new node (verdict `info`), not yet attached to a parent.
    pub(crate) fn node(&mut self, clause: impl Piece, location: &str) -> NodeId {
        let clause = clause.words_in(self);
        let location = Words::Own(self.put_str(location));
        self.push_node(clause, location)
    }

    /// A new node for the policy's clause `src` (its text and location
    /// read from the policy, not copied).
    pub(crate) fn node_of(&mut self, src: SrcId) -> NodeId {
        self.push_node(Words::Clause(src), Words::Location(src))
    }

    fn push_node(&mut self, clause: Words, location: Words) -> NodeId {
        self.nodes.push(Rec {
            clause,
            title: None,
            gap: None,
            location,
            verdict: Verdict::Info,
            verdict_set: false,
            holds: None,
            children: List::EMPTY,
            next_sibling: NONE,
            items: List::EMPTY,
            drawn_at: NONE,
        });
        id(self.nodes.len() - 1)
    }

    /// Links the reference `n` to the node `at` where the definition it
    /// names is drawn in full.
    pub(crate) fn set_drawn_at(&mut self, n: NodeId, at: NodeId) {
        if let Some(r) = self.rec(n) {
            r.drawn_at = at;
        }
    }

    /// Makes `child` the last child of `parent`.
    pub(crate) fn attach(&mut self, parent: NodeId, child: NodeId) {
        let prev = self.rec(parent).and_then(|p| p.children.push(child));
        if let Some(prev) = prev.and_then(|i| self.rec(i)) {
            prev.next_sibling = child;
        }
    }

    /// Whether [`Tree::set_verdict`] was called on the node.
    pub(crate) fn verdict_set(&self, n: NodeId) -> bool {
        self.nodes.get(n as usize).is_some_and(|r| r.verdict_set)
    }
    /// Sets the mark; ✓ and ✗ also say whether the clause holds (until
    /// [`Tree::read_as_unwanted`] turns the mark round, or
    /// [`Tree::set_holds`] says otherwise).
    pub(crate) fn set_verdict(&mut self, n: NodeId, v: Verdict) {
        if let Some(r) = self.rec(n) {
            r.verdict = v;
            r.verdict_set = true;
            match v {
                Verdict::Pass => r.holds = Some(true),
                Verdict::Fail => r.holds = Some(false),
                _ => {}
            }
        }
    }
    /// Says whether the clause holds where its mark does not (a score
    /// rule that adds nothing, a penalty taken).
    pub(crate) fn set_holds(&mut self, n: NodeId, holds: bool) {
        if let Some(r) = self.rec(n) {
            r.holds = Some(holds);
        }
    }
    /// Sets (or, with `None`, clears) the title.
    pub(crate) fn set_title(&mut self, n: NodeId, title: Option<impl Piece>) {
        let words = title.map(|t| t.words_in(self));
        if let Some(r) = self.rec(n) {
            r.title = words;
        }
    }
    /// Sets the location to that of the policy's clause `src`.
    pub(crate) fn set_location_of(&mut self, n: NodeId, src: SrcId) {
        if let Some(r) = self.rec(n) {
            r.location = Words::Location(src);
        }
    }
    /// Sets the gap (why not, in the lead's terms).
    pub(crate) fn gap(&mut self, n: NodeId, text: impl Piece) {
        let words = text.words_in(self);
        if let Some(r) = self.rec(n) {
            r.gap = Some(words);
        }
    }
    /// Puts `prefix` before the gap (when there is one).
    pub(crate) fn prefix_gap(&mut self, n: NodeId, prefix: &str) {
        let Some(old) = self.nodes.get(n as usize).and_then(|r| r.gap) else {
            return;
        };
        let start = id(self.text.len());
        self.text.extend_from_slice(prefix.as_bytes());
        self.copy(old);
        let span = Span {
            start,
            end: id(self.text.len()),
        };
        if let Some(r) = self.rec(n) {
            r.gap = Some(Words::Own(span));
        }
    }
    pub(crate) fn clear_gap(&mut self, n: NodeId) {
        if let Some(r) = self.rec(n) {
            r.gap = None;
        }
    }

    /// A clause whose holding is bad news (read under `not`, an
    /// exclusion's `when`, a penalty's condition): its marks and those of
    /// the clauses it is made of are turned round (✓ = as the agreement
    /// wants: here, not holding), and their gaps (what would make them
    /// hold, which is not what the agreement needs) give way to "holds" or
    /// "does not hold". Informational and not-applicable subtrees (a
    /// score's breakdown) are left as they are. Turning round twice (`not
    /// not`) gives the clause its own marks back.
    pub(crate) fn read_as_unwanted(&mut self, n: NodeId) {
        thread_local! {
            /// The nodes still to turn round (kept per thread: this runs
            /// for every `not` and penalty of every explained lead).
            static STACK: std::cell::Cell<Vec<NodeId>> = const { std::cell::Cell::new(Vec::new()) };
        }
        let mut stack = STACK.take();
        stack.clear();
        stack.push(n);
        self.turn_round(&mut stack);
        STACK.set(stack);
    }

    /// [`Tree::read_as_unwanted`] of every node on `stack` and below.
    fn turn_round(&mut self, stack: &mut Vec<NodeId>) {
        while let Some(n) = stack.pop() {
            let Some(r) = self.rec(n) else { continue };
            r.verdict = match r.verdict {
                Verdict::Pass => Verdict::Fail,
                Verdict::Fail => Verdict::Pass,
                _ => continue,
            };
            // Said in words, since the mark no longer says whether the
            // clause itself holds.
            r.gap = Some(Words::Phrase(if r.verdict == Verdict::Pass {
                Phrase::DoesNotHold
            } else {
                Phrase::Holds
            }));
            let mut child = r.children.first;
            while let Some(c) = self.nodes.get(child as usize) {
                stack.push(child);
                child = c.next_sibling;
            }
        }
    }

    /// [`Tree::read_as_unwanted`] for each child of `n` (a penalty rule's
    /// condition parts).
    pub(crate) fn read_children_as_unwanted(&mut self, n: NodeId) {
        let mut child = self
            .nodes
            .get(n as usize)
            .map_or(NONE, |r| r.children.first);
        while let Some(c) = self.nodes.get(child as usize) {
            let next = c.next_sibling;
            self.read_as_unwanted(child);
            child = next;
        }
    }

    /// When `n` (a `not`) has one child that is a leaf (`not
    /// competitor_contract` over `competitor_contract`), shows it on `n`'s
    /// own line: the child's values move to `n`, its thresholds too, turned
    /// round (`not yes`), and the child goes. A node that already has items
    /// of its own is left as it is.
    pub(crate) fn fold_only_leaf(&mut self, n: NodeId) {
        let Some(r) = self.nodes.get(n as usize) else {
            return;
        };
        let child = r.children.first;
        let Some(c) = self.nodes.get(child as usize) else {
            return;
        };
        if child != r.children.last || c.children.first != NONE || r.items.first != NONE {
            return;
        }
        // The child's items become `n`'s (`n` has none), thresholds
        // turned round in place; the child goes.
        let items = c.items;
        if let Some(r) = self.rec(n) {
            r.children = List::EMPTY;
            r.items = items;
        }
        let mut next = items.first;
        while let Some(item) = self.items.get(next as usize) {
            let (kind, text, following) = (item.kind, item.text, item.next);
            if kind == ItemKind::Threshold {
                let start = id(self.text.len());
                self.text.extend_from_slice(b"not ");
                self.copy(text);
                let turned = Span {
                    start,
                    end: id(self.text.len()),
                };
                if let Some(item) = self.items.get_mut(next as usize) {
                    item.text = Words::Own(turned);
                }
            }
            next = following;
        }
    }

    fn item(&mut self, n: NodeId, kind: ItemKind, name: Words, text: Words) {
        let i = id(self.items.len());
        self.items.push(Item {
            kind,
            name,
            text,
            next: NONE,
        });
        let prev = self.rec(n).and_then(|r| r.items.push(i));
        if let Some(prev) = prev.and_then(|p| self.items.get_mut(p as usize)) {
            prev.next = i;
        }
    }
    /// Adds a value read: `name = value`.
    pub(crate) fn read(&mut self, n: NodeId, name: impl Piece, value: impl Piece) {
        let name = name.words_in(self);
        let value = value.words_in(self);
        self.item(n, ItemKind::Value, name, value);
    }
    /// Adds a threshold compared against.
    pub(crate) fn threshold(&mut self, n: NodeId, text: impl Piece) {
        let text = text.words_in(self);
        self.item(n, ItemKind::Threshold, NO_WORDS, text);
    }
    /// Adds a note line.
    pub(crate) fn note(&mut self, n: NodeId, text: impl Piece) {
        let text = text.words_in(self);
        self.item(n, ItemKind::Note, NO_WORDS, text);
    }

    pub(crate) fn has_children(&self, n: NodeId) -> bool {
        self.nodes
            .get(n as usize)
            .is_some_and(|r| r.children.first != NONE)
    }
    pub(crate) fn last_child(&self, n: NodeId) -> Option<NodeId> {
        self.nodes
            .get(n as usize)
            .map(|r| r.children.last)
            .filter(|c| *c != NONE)
    }

    /// Sets the gap `failed: <clause>; <clause>` from the failed children.
    pub(crate) fn gap_failed_children(&mut self, n: NodeId) {
        let start = id(self.text.len());
        self.text.extend_from_slice(b"failed: ");
        let mut child = self
            .nodes
            .get(n as usize)
            .map_or(NONE, |r| r.children.first);
        let mut first = true;
        while let Some(c) = self.nodes.get(child as usize) {
            let (clause, next) = (c.clause, c.next_sibling);
            if c.verdict == Verdict::Fail {
                if !first {
                    self.text.extend_from_slice(b"; ");
                }
                first = false;
                self.copy(clause);
            }
            child = next;
        }
        let span = Span {
            start,
            end: id(self.text.len()),
        };
        if let Some(r) = self.rec(n) {
            r.gap = Some(Words::Own(span));
        }
    }

    pub(super) fn str(&self, s: Span) -> &str {
        self.text
            .get(s.start as usize..s.end as usize)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Every evaluation holds a tree, explained or not, and moves it with
    /// the evaluation: what only an explanation's tree has (its kept
    /// values, the text written on its first read) is boxed, so that the
    /// tree stays as small as it was before values were kept (120 bytes on
    /// a 64-bit machine; 224 with them inline).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn every_evaluations_tree_stays_small() {
        assert!(
            std::mem::size_of::<Tree>() <= 120,
            "{}",
            std::mem::size_of::<Tree>()
        );
    }

    /// A phrase shown by reference reads, wherever a node shows it (a
    /// value, a threshold, a note, a gap, prefixed or turned "not"), as
    /// the same words written into the tree.
    #[test]
    fn phrases_read_as_their_words_written() {
        let phrases = [
            Phrase::Yes,
            Phrase::No,
            Phrase::Present,
            Phrase::Applies,
            Phrase::ExplainedAbove,
            Phrase::Holds,
            Phrase::DoesNotHold,
            Phrase::Points,
            Phrase::NoDecay,
            Phrase::Tier,
        ];
        let srcs: Arc<[Src]> = Arc::from(Vec::new());
        let fields: Arc<[Arc<str>]> = Arc::from(Vec::new());
        let mut t = Tree::with_capacity(&srcs, &fields, 4);
        for p in phrases {
            let (by_ref, written) = (t.node("", ""), t.node("", ""));
            t.read(by_ref, p, p);
            t.read(written, p.text(), p.text());
            t.threshold(by_ref, p);
            t.threshold(written, p.text());
            t.gap(by_ref, p);
            t.gap(written, p.text());
            t.prefix_gap(by_ref, "no points: ");
            t.prefix_gap(written, "no points: ");
            for n in [by_ref, written] {
                let parent = t.node("", "");
                t.attach(parent, n);
                t.fold_only_leaf(parent);
                t.attach(ROOT, parent);
            }
            let (a, b) = (t.view(by_ref).unwrap(), t.view(written).unwrap());
            assert_eq!(a.gap(), Some(&*format!("no points: {}", p.text())));
            assert_eq!(a.gap(), b.gap());
            assert_eq!(
                a.values().collect::<Vec<_>>(),
                b.values().collect::<Vec<_>>()
            );
        }
        let answers: Vec<_> = t.root_children().collect();
        for pair in answers.chunks(2) {
            let th = |i: usize| pair[i].thresholds().collect::<Vec<_>>();
            assert_eq!(th(0), th(1));
            assert!(th(0)[0].starts_with("not "));
        }
    }
}
