//! The explanation tree and its two renderings.
//!
//! A node is one clause of the policy as it applied to one lead: the clause
//! text (sliced from the source), its verdict, the values it read, the
//! thresholds it compared them to, the gap when it failed ("needs 6.2
//! more"), and its place in the source (`file:line`). The evaluator builds
//! these nodes on the same code path that decides (see `eval`), only when
//! asked.
//!
//! Storage is flat so that explaining a lead costs a handful of allocations,
//! not several per node: a [`Tree`] keeps every node in one vector (children
//! and readings linked by index) and every piece of text in one buffer
//! (nodes hold byte ranges into it; values are written there straight from
//! the lead, without intermediate strings). [`Node`] and [`Reading`] are
//! read-only views into it.
//!
//! [`Explanation::render_text`] draws the tree for a person (✓/✗ marks,
//! indentation, locations aligned on the right); the JSON form is the serde
//! serialization of the views (the same shape as a plain tree of nodes).

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;
use std::fmt::{self, Display, Write as _};

/// What a clause came to for this lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The clause holds.
    Pass,
    /// The clause does not hold.
    Fail,
    /// The clause does not apply to this lead (SLA not applicable, rule
    /// skipped by its `when`).
    NotApplicable,
    /// Information only (a score breakdown, a route, a due instant).
    Info,
}

impl Verdict {
    /// `true` → pass, `false` → fail.
    pub fn of(holds: bool) -> Verdict {
        if holds {
            Verdict::Pass
        } else {
            Verdict::Fail
        }
    }
    /// The mark drawn in the text rendering.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Pass => "✓",
            Verdict::Fail => "✗",
            Verdict::NotApplicable => "–",
            Verdict::Info => "·",
        }
    }
}

/// A node of a [`Tree`] (index into its nodes; [`ROOT`] holds the answers).
pub(crate) type NodeId = u32;

/// The root: its children are the explanation's answers.
pub(crate) const ROOT: NodeId = 0;

/// "No node" / "no item" in the links.
const NONE: u32 = u32::MAX;

/// A byte range of the tree's text buffer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

/// A linked list by index: its first and last element (each element
/// links to the next).
#[derive(Clone, Copy, Debug, PartialEq)]
struct List {
    first: u32,
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

/// One node: text as spans, children and items as linked lists.
#[derive(Clone, Debug, PartialEq)]
struct Rec {
    clause: Span,
    title: Option<Span>,
    gap: Option<Span>,
    location: Span,
    verdict: Verdict,
    children: List,
    next_sibling: u32,
    items: List,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ItemKind {
    /// A value read (`name = text`).
    Value,
    /// A threshold compared against.
    Threshold,
    /// A further fact.
    Note,
}

/// A value, threshold or note of one node (`name` is empty but for values).
#[derive(Clone, Debug, PartialEq)]
struct Item {
    kind: ItemKind,
    name: Span,
    text: Span,
    next: u32,
}

/// Appends to the text buffer (which holds only whole `str`s, so stays UTF-8).
struct Out<'a>(&'a mut Vec<u8>);

impl fmt::Write for Out<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// The nodes of one explanation and all their text. Built by the evaluator
/// (node by node, children attached to their parent when done), read
/// through [`Node`] views.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Tree {
    nodes: Vec<Rec>,
    items: Vec<Item>,
    text: Vec<u8>,
}

fn id(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

impl Tree {
    /// An empty tree (the root only) with room for about `nodes` nodes
    /// (and, as measured on the example policies, 1.5 items and under 100
    /// bytes of text a node).
    pub(crate) fn with_capacity(nodes: usize) -> Tree {
        let mut t = Tree {
            nodes: Vec::with_capacity(nodes),
            items: Vec::with_capacity(nodes * 3 / 2),
            text: Vec::with_capacity(nodes * 96),
        };
        t.node("", "");
        t
    }

    /// Writes text into the buffer.
    fn put(&mut self, text: impl Display) -> Span {
        let start = id(self.text.len());
        let _ = write!(Out(&mut self.text), "{text}");
        Span {
            start,
            end: id(self.text.len()),
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
    pub(crate) fn node(&mut self, clause: &str, location: &str) -> NodeId {
        let clause = self.put_str(clause);
        let location = self.put_str(location);
        self.nodes.push(Rec {
            clause,
            title: None,
            gap: None,
            location,
            verdict: Verdict::Info,
            children: List::EMPTY,
            next_sibling: NONE,
            items: List::EMPTY,
        });
        id(self.nodes.len() - 1)
    }

    /// Makes `child` the last child of `parent`.
    pub(crate) fn attach(&mut self, parent: NodeId, child: NodeId) {
        let prev = self.rec(parent).and_then(|p| p.children.push(child));
        if let Some(prev) = prev.and_then(|i| self.rec(i)) {
            prev.next_sibling = child;
        }
    }

    pub(crate) fn verdict(&self, n: NodeId) -> Verdict {
        self.nodes
            .get(n as usize)
            .map_or(Verdict::Info, |r| r.verdict)
    }
    pub(crate) fn set_verdict(&mut self, n: NodeId, v: Verdict) {
        if let Some(r) = self.rec(n) {
            r.verdict = v;
        }
    }
    /// Sets (or, with `None`, clears) the title.
    pub(crate) fn set_title(&mut self, n: NodeId, title: Option<&str>) {
        let span = title.map(|t| self.put_str(t));
        if let Some(r) = self.rec(n) {
            r.title = span;
        }
    }
    pub(crate) fn set_location(&mut self, n: NodeId, location: &str) {
        let span = self.put_str(location);
        if let Some(r) = self.rec(n) {
            r.location = span;
        }
    }
    /// Sets the gap (why not, in the lead's terms).
    pub(crate) fn gap(&mut self, n: NodeId, text: impl Display) {
        let span = self.put(text);
        if let Some(r) = self.rec(n) {
            r.gap = Some(span);
        }
    }
    /// Puts `prefix` before the gap (when there is one).
    pub(crate) fn prefix_gap(&mut self, n: NodeId, prefix: &str) {
        let Some(old) = self.nodes.get(n as usize).and_then(|r| r.gap) else {
            return;
        };
        let start = id(self.text.len());
        self.text.extend_from_slice(prefix.as_bytes());
        self.text
            .extend_from_within(old.start as usize..old.end as usize);
        let span = Span {
            start,
            end: id(self.text.len()),
        };
        if let Some(r) = self.rec(n) {
            r.gap = Some(span);
        }
    }
    pub(crate) fn clear_gap(&mut self, n: NodeId) {
        if let Some(r) = self.rec(n) {
            r.gap = None;
        }
    }

    /// Clears the gaps of a clause read under `not` and of the clauses it
    /// is made of (what would make it hold is not what the agreement
    /// needs); informational and not-applicable subtrees (a score's
    /// breakdown) keep theirs.
    pub(crate) fn clear_gaps_under_not(&mut self, n: NodeId) {
        let mut stack = vec![n];
        while let Some(n) = stack.pop() {
            let Some(r) = self.rec(n) else { continue };
            if !matches!(r.verdict, Verdict::Pass | Verdict::Fail) {
                continue;
            }
            r.gap = None;
            let mut child = r.children.first;
            while let Some(c) = self.nodes.get(child as usize) {
                stack.push(child);
                child = c.next_sibling;
            }
        }
    }

    fn item(&mut self, n: NodeId, kind: ItemKind, name: Span, text: Span) {
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
    pub(crate) fn read(&mut self, n: NodeId, name: &str, value: impl Display) {
        let name = self.put_str(name);
        let value = self.put(value);
        self.item(n, ItemKind::Value, name, value);
    }
    /// Adds a threshold compared against.
    pub(crate) fn threshold(&mut self, n: NodeId, text: impl Display) {
        let text = self.put(text);
        self.item(n, ItemKind::Threshold, Span::default(), text);
    }
    /// Adds a note line.
    pub(crate) fn note(&mut self, n: NodeId, text: impl Display) {
        let text = self.put(text);
        self.item(n, ItemKind::Note, Span::default(), text);
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
                self.text
                    .extend_from_within(clause.start as usize..clause.end as usize);
            }
            child = next;
        }
        let span = Span {
            start,
            end: id(self.text.len()),
        };
        if let Some(r) = self.rec(n) {
            r.gap = Some(span);
        }
    }

    fn str(&self, s: Span) -> &str {
        self.text
            .get(s.start as usize..s.end as usize)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
    fn view(&self, n: u32) -> Option<Node<'_>> {
        self.nodes
            .get(n as usize)
            .map(|rec| Node { tree: self, rec })
    }
}

/// A value the clause read: `employees = 120`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Reading<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

/// One clause as it applied to one lead (a view into an [`Explanation`]).
#[derive(Clone, Copy)]
pub struct Node<'a> {
    tree: &'a Tree,
    rec: &'a Rec,
}

/// The children of a node, in order.
#[derive(Clone)]
pub struct Children<'a> {
    tree: &'a Tree,
    next: u32,
}

impl<'a> Iterator for Children<'a> {
    type Item = Node<'a>;
    fn next(&mut self) -> Option<Node<'a>> {
        let node = self.tree.view(self.next)?;
        self.next = node.rec.next_sibling;
        Some(node)
    }
}

/// The items of one kind of a node, in order.
#[derive(Clone)]
struct Items<'a> {
    tree: &'a Tree,
    kind: ItemKind,
    next: u32,
}

impl<'a> Iterator for Items<'a> {
    type Item = (&'a str, &'a str);
    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        while let Some(item) = self.tree.items.get(self.next as usize) {
            self.next = item.next;
            if item.kind == self.kind {
                return Some((self.tree.str(item.name), self.tree.str(item.text)));
            }
        }
        None
    }
}

impl<'a> Node<'a> {
    /// The clause as written (first line of it, for multi-line definitions).
    pub fn clause(&self) -> &'a str {
        self.tree.str(self.rec.clause)
    }
    /// The definition's title, when it has one (`Minimum ICP fit (B.1)`).
    pub fn title(&self) -> Option<&'a str> {
        self.rec.title.map(|s| self.tree.str(s))
    }
    pub fn verdict(&self) -> Verdict {
        self.rec.verdict
    }
    fn items(&self, kind: ItemKind) -> Items<'a> {
        Items {
            tree: self.tree,
            kind,
            next: self.rec.items.first,
        }
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
        self.rec.gap.map(|s| self.tree.str(s))
    }
    /// Further facts (`fit 18 × 40% = 7.2; …`, `due 2026-11-18 10:15 …`).
    pub fn notes(&self) -> impl Iterator<Item = &'a str> + Clone + 'a {
        self.items(ItemKind::Note).map(|(_, t)| t)
    }
    /// `file:line` of the clause.
    pub fn location(&self) -> &'a str {
        self.tree.str(self.rec.location)
    }
    pub fn children(&self) -> Children<'a> {
        Children {
            tree: self.tree,
            next: self.rec.children.first,
        }
    }
}

/// Serializes an iterator as a sequence.
struct Seq<I>(I);

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
        let has_values = values.clone().next().is_some();
        let has_thresholds = thresholds.clone().next().is_some();
        let has_notes = notes.clone().next().is_some();
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

/// The explanation of one lead: a header and one tree per answer (MQL, SAL,
/// SQL, tier, each SLA, persistence, recycling, handoff).
#[derive(Clone, PartialEq)]
pub struct Explanation {
    pub lead: String,
    pub as_of: String,
    /// `Acme MQL/SQL Agreement 1.2 (hash 1a2b…)`.
    pub policy: String,
    tree: Tree,
}

impl Explanation {
    pub(crate) fn new(lead: String, as_of: String, policy: String, tree: Tree) -> Explanation {
        Explanation {
            lead,
            as_of,
            policy,
            tree,
        }
    }
    /// The answers, in order: MQL, SAL, SQL, tier, each SLA, persistence,
    /// recycling, handoff (those the policy defines).
    pub fn answers(&self) -> Children<'_> {
        Children {
            tree: &self.tree,
            next: self.tree.nodes.first().map_or(NONE, |r| r.children.first),
        }
    }
}

impl Serialize for Explanation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Explanation", 4)?;
        st.serialize_field("lead", &self.lead)?;
        st.serialize_field("as_of", &self.as_of)?;
        st.serialize_field("policy", &self.policy)?;
        st.serialize_field("answers", &Seq(self.answers()))?;
        st.end()
    }
}

impl fmt::Debug for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Explanation")
            .field("lead", &self.lead)
            .field("as_of", &self.as_of)
            .field("policy", &self.policy)
            .field("answers", &self.answers().collect::<Vec<_>>())
            .finish()
    }
}

/// Column where locations start in the text rendering.
const LOCATION_COLUMN: usize = 64;

impl Explanation {
    /// The text form for people: one line per clause, ✓/✗ marks, values
    /// read and gaps after the clause, `file:line` aligned on the right.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "lead {}  as of {}", self.lead, self.as_of);
        let _ = writeln!(out, "policy {}", self.policy);
        for node in self.answers() {
            render_node(&mut out, node, 0);
        }
        out
    }
}

/// Whether `clause` contains `title` in double quotes.
fn quotes(clause: &str, title: &str) -> bool {
    clause.match_indices('"').any(|(i, _)| {
        clause
            .get(i + 1..)
            .and_then(|rest| rest.strip_prefix(title))
            .is_some_and(|rest| rest.starts_with('"'))
    })
}

fn render_node(out: &mut String, node: Node<'_>, depth: usize) {
    let indent = "  ".repeat(depth);
    let mut line = format!("{indent}{} {}", node.verdict().mark(), node.clause());
    if let Some(title) = node.title() {
        if !quotes(node.clause(), title) {
            let _ = write!(line, " — {title}");
        }
    }
    let mut values = node.values().peekable();
    if values.peek().is_some() {
        line.push_str("  [");
        for (i, r) in values.enumerate() {
            if i > 0 {
                line.push_str(", ");
            }
            let _ = write!(line, "{} = {}", r.name, r.value);
        }
        line.push(']');
    }
    if let Some(gap) = node.gap() {
        let _ = write!(line, " — {gap}");
    }
    let width = line.chars().count();
    let location = node.location();
    if location.is_empty() {
        out.push_str(line.trim_end());
    } else {
        let pad = LOCATION_COLUMN.saturating_sub(width).max(2);
        let _ = write!(out, "{line}{}{location}", " ".repeat(pad));
    }
    out.push('\n');
    for note in node.notes() {
        let _ = writeln!(out, "{indent}    {note}");
    }
    for child in node.children() {
        render_node(out, child, depth + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Explanation {
        let mut t = Tree::with_capacity(4);
        let root = t.node("lead_score is at least 65", "p.accord:30");
        t.set_verdict(root, Verdict::Fail);
        t.read(root, "lead_score", "58.8");
        t.gap(root, "lead_score 58.8, needs 6.2 more");
        let child = t.node("employees is between 20 and 500", "p.accord:12");
        t.set_verdict(child, Verdict::Pass);
        t.note(child, "a note");
        t.threshold(child, "between 20 and 500");
        t.read(child, "employees", 120);
        t.attach(root, child);
        t.attach(ROOT, root);
        Explanation::new("L-1".into(), "2026-11-20 15:00 UTC".into(), "P 1".into(), t)
    }

    #[test]
    fn text_rendering_aligns_locations_and_marks() {
        let text = sample().render_text();
        assert!(text.contains("✗ lead_score is at least 65  [lead_score = 58.8]"));
        assert!(text.contains("\n  ✓ employees is between 20 and 500  [employees = 120]"));
        assert!(text
            .lines()
            .nth(2)
            .is_some_and(|l| l.ends_with("p.accord:30")));
    }

    #[test]
    fn json_has_the_shape_of_a_plain_tree() {
        let json = serde_json::to_string(&sample()).unwrap_or_default();
        assert_eq!(
            json,
            concat!(
                r#"{"lead":"L-1","as_of":"2026-11-20 15:00 UTC","policy":"P 1","answers":["#,
                r#"{"clause":"lead_score is at least 65","verdict":"fail","#,
                r#""values":[{"name":"lead_score","value":"58.8"}],"#,
                r#""gap":"lead_score 58.8, needs 6.2 more","location":"p.accord:30","children":["#,
                r#"{"clause":"employees is between 20 and 500","verdict":"pass","#,
                r#""values":[{"name":"employees","value":"120"}],"thresholds":["between 20 and 500"],"#,
                r#""notes":["a note"],"location":"p.accord:12"}]}]}"#
            )
        );
    }

    #[test]
    fn failed_children_gap_and_quoted_titles() {
        let mut t = Tree::with_capacity(4);
        let all = t.node("all of", "");
        for (clause, v) in [
            ("a", Verdict::Fail),
            ("b", Verdict::Pass),
            ("c", Verdict::Fail),
        ] {
            let c = t.node(clause, "");
            t.set_verdict(c, v);
            t.attach(all, c);
        }
        t.gap_failed_children(all);
        assert_eq!(t.view(all).and_then(|n| n.gap()), Some("failed: a; c"));
        assert!(quotes(r#"mql "M Q L" when"#, "M Q L"));
        assert!(!quotes(r#"mql "M Q L2" when"#, "M Q L"));
        assert!(!quotes("mql M Q L", "M Q L"));
    }
}
