//! Read-only views into an explanation's [`Tree`]: [`Node`] (one clause
//! as it applied to one lead), its [`Children`] and the values it read
//! ([`Reading`]); and their JSON form (serde), the shape of a plain tree of
//! nodes.

use super::tree::{Item, ItemKind, NodeId, Rec, Tree, NONE};
use super::Verdict;
use crate::text::{Sink, Text};
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;
use std::fmt;

/// A value the clause read: `employees = 120`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Reading<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

/// One clause as it applied to one lead (a view into an
/// [`Explanation`](crate::Explanation)).
#[derive(Clone, Copy)]
pub struct Node<'a> {
    pub(super) tree: &'a Tree,
    pub(super) rec: &'a Rec,
}

/// The children of a node, in order.
#[derive(Clone)]
pub struct Children<'a> {
    pub(super) tree: &'a Tree,
    pub(super) next: u32,
}

impl<'a> Iterator for Children<'a> {
    type Item = Node<'a>;
    fn next(&mut self) -> Option<Node<'a>> {
        let node = self.tree.view(self.next)?;
        self.next = node.rec.next_sibling;
        Some(node)
    }
}

/// The items of a node, in order (their texts not read): what its
/// values, thresholds and notes, and a clause's words, are read from.
#[derive(Clone)]
struct ItemsOf<'a> {
    tree: &'a Tree,
    next: u32,
}

impl<'a> Iterator for ItemsOf<'a> {
    type Item = &'a Item;
    fn next(&mut self) -> Option<&'a Item> {
        let item = self.tree.items.get(self.next as usize)?;
        self.next = item.next;
        Some(item)
    }
}

impl<'a> Node<'a> {
    /// The clause as written (first line of it, for multi-line definitions).
    pub fn clause(&self) -> &'a str {
        self.tree.text_of(self.rec.clause)
    }
    /// The definition's title, when it has one (`Minimum ICP fit (B.1)`).
    pub fn title(&self) -> Option<&'a str> {
        self.rec.title.map(|w| self.tree.text_of(w))
    }
    /// The mark: as the agreement wants it (✓), against the lead (✗), …
    pub fn verdict(&self) -> Verdict {
        self.rec.verdict
    }
    /// Whether the clause itself holds, whatever the mark says (under a
    /// `not` or in an exclusion's condition, ✓ is a clause that does not
    /// hold; a score rule that adds nothing is ·); `None` for a node that
    /// is information only.
    pub fn holds(&self) -> Option<bool> {
        self.rec.holds
    }
    /// Whether the node has an item of `kind` (its text not read).
    fn has(&self, kind: ItemKind) -> bool {
        self.tree.items_of(self.rec).any(|i| i.kind == kind)
    }
    /// The name and text of each item of `kind`.
    fn items(&self, kind: ItemKind) -> impl Iterator<Item = (&'a str, &'a str)> + Clone + 'a {
        let tree = self.tree;
        (tree.items_of(self.rec))
            .filter(move |i| i.kind == kind)
            .map(move |i| (tree.text_of(i.name), tree.text_of(i.text)))
    }
    /// Values read from the lead.
    pub fn values(&self) -> impl Iterator<Item = Reading<'a>> + Clone + 'a {
        self.items(ItemKind::Value)
            .map(|(name, value)| Reading { name, value })
    }
    /// Thresholds compared against (`at least 65`).
    pub fn thresholds(&self) -> impl Iterator<Item = &'a str> + Clone + 'a {
        self.items(ItemKind::Threshold).map(|(_, t)| t)
    }
    /// Why not, in the lead's terms (`lead_score 58.8, needs 6.2 more`).
    pub fn gap(&self) -> Option<&'a str> {
        self.rec.gap.map(|w| self.tree.text_of(w))
    }
    /// Further facts (`fit 18 × 40% = 7.2; …`, `due 2026-11-18 10:15 …`).
    pub fn notes(&self) -> impl Iterator<Item = &'a str> + Clone + 'a {
        self.items(ItemKind::Note).map(|(_, t)| t)
    }
    /// `file:line` of the clause.
    pub fn location(&self) -> &'a str {
        self.tree.text_of(self.rec.location)
    }
    pub fn children(&self) -> Children<'a> {
        Children {
            tree: self.tree,
            next: self.rec.children.first,
        }
    }
    /// For a reference to a definition drawn in full elsewhere in the
    /// explanation (its note says "explained above"): the node it is
    /// drawn at, with the clauses below it.
    pub fn drawn_at(&self) -> Option<Node<'a>> {
        self.tree.view(self.rec.drawn_at)
    }
}

/// Serializes an iterator as a sequence.
pub(super) struct Seq<I>(pub(super) I);

impl<I> Serialize for Seq<I>
where
    I: Iterator + Clone,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone())
    }
}

impl Serialize for Node<'_> {
    /// `clause`, `title`?, `verdict`, `values`?, `thresholds`?, `gap`?,
    /// `notes`?, `location`, `children`? (`?`: left out when empty).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (title, gap) = (self.title(), self.gap());
        let values = self.values();
        let thresholds = self.thresholds();
        let notes = self.notes();
        let children = self.children();
        let has_values = self.has(ItemKind::Value);
        let has_thresholds = self.has(ItemKind::Threshold);
        let has_notes = self.has(ItemKind::Note);
        let has_children = self.rec.children.first != NONE;
        let len = 3 + [
            title.is_some(),
            has_values,
            has_thresholds,
            gap.is_some(),
            has_notes,
            has_children,
        ]
        .iter()
        .filter(|b| **b)
        .count();
        let mut st = s.serialize_struct("Node", len)?;
        st.serialize_field("clause", self.clause())?;
        match title {
            Some(t) => st.serialize_field("title", &Some(t))?,
            None => st.skip_field("title")?,
        }
        st.serialize_field("verdict", &self.verdict())?;
        if has_values {
            st.serialize_field("values", &Seq(values))?;
        } else {
            st.skip_field("values")?;
        }
        if has_thresholds {
            st.serialize_field("thresholds", &Seq(thresholds))?;
        } else {
            st.skip_field("thresholds")?;
        }
        match gap {
            Some(g) => st.serialize_field("gap", &Some(g))?,
            None => st.skip_field("gap")?,
        }
        if has_notes {
            st.serialize_field("notes", &Seq(notes))?;
        } else {
            st.skip_field("notes")?;
        }
        st.serialize_field("location", self.location())?;
        if has_children {
            st.serialize_field("children", &Seq(children))?;
        } else {
            st.skip_field("children")?;
        }
        st.end()
    }
}

/// Nodes are equal when they read the same: the same words, marks,
/// values, thresholds, gap, notes, location and children (whatever the
/// storage of their texts: a text one tree shares between nodes another
/// may write twice).
impl PartialEq for Node<'_> {
    fn eq(&self, other: &Node<'_>) -> bool {
        self.clause() == other.clause()
            && self.title() == other.title()
            && self.verdict() == other.verdict()
            && self.holds() == other.holds()
            && self.values().eq(other.values())
            && self.thresholds().eq(other.thresholds())
            && self.gap() == other.gap()
            && self.notes().eq(other.notes())
            && self.location() == other.location()
            && self.children().eq(other.children())
    }
}

/// Trees are equal when their answers read the same (see [`Node`]'s
/// equality).
impl PartialEq for Tree {
    fn eq(&self, other: &Tree) -> bool {
        self.root_children().eq(other.root_children())
    }
}

impl fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Node")
            .field("clause", &self.clause())
            .field("title", &self.title())
            .field("verdict", &self.verdict())
            .field("values", &self.values().collect::<Vec<_>>())
            .field("thresholds", &self.thresholds().collect::<Vec<_>>())
            .field("gap", &self.gap())
            .field("notes", &self.notes().collect::<Vec<_>>())
            .field("location", &self.location())
            .field("children", &self.children().collect::<Vec<_>>())
            .finish()
    }
}

/// The views a tree hands out (kept here, beside the views, so that the
/// storage in [`super::tree`] knows nothing of them).
impl Tree {
    /// The answers (the root's children).
    pub(super) fn root_children(&self) -> Children<'_> {
        Children {
            tree: self,
            next: self.nodes.first().map_or(NONE, |r| r.children.first),
        }
    }

    /// A clause in a few words: its gap when it fails and has one, else
    /// its text with the values it read (`lead_score is at least 65
    /// (lead_score = 73.6)`). Written as a summary line is
    /// ([`crate::text::string_of`]: into one of the thread's spare
    /// strings when there is one).
    pub(crate) fn words(&self, n: NodeId, holds: bool) -> String {
        let Some(rec) = self.nodes.get(n as usize) else {
            return String::new();
        };
        match (holds, rec.gap) {
            (false, Some(gap)) => crate::text::string_of(self.with_values(gap)),
            _ => crate::text::string_of(ClauseRead(self, rec)),
        }
    }

    /// The items of the node `rec`, in order.
    fn items_of(&self, rec: &Rec) -> ItemsOf<'_> {
        ItemsOf {
            tree: self,
            next: rec.items.first,
        }
    }

    pub(super) fn view(&self, n: u32) -> Option<Node<'_>> {
        self.nodes
            .get(n as usize)
            .map(|rec| Node { tree: self, rec })
    }
}

/// A clause's text with the values it read: `lead_score is at least 65
/// (lead_score = 73.6)` (see `Tree::words`; read off the buffer, as a
/// tree still being built is).
struct ClauseRead<'a>(&'a Tree, &'a Rec);

impl Text for ClauseRead<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        let ClauseRead(tree, rec) = self;
        tree.with_values(rec.clause).put_into(out);
        let mut values = 0;
        for item in tree.items_of(rec).filter(|i| i.kind == ItemKind::Value) {
            out.push_str(if values == 0 { " (" } else { ", " });
            values += 1;
            let (name, value) = (tree.with_values(item.name), tree.with_values(item.text));
            (name, " = ", value).put_into(out);
        }
        if values > 0 {
            out.push_str(")");
        }
    }
}
