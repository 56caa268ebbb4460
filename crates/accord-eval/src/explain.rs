//! The explanation tree and its two renderings.
//!
//! A [`Node`] is one clause of the policy as it applied to one lead: the
//! clause text (sliced from the source), its verdict, the values it read, the
//! thresholds it compared them to, the gap when it failed ("needs 6.2 more"),
//! and its place in the source (`file:line`). The evaluator builds these
//! nodes on the same code path that decides (see `eval`), only when asked.
//!
//! [`Explanation::render_text`] draws the tree for a person (✓/✗ marks,
//! indentation, locations aligned on the right); the JSON form is the serde
//! serialization of the same types.

use serde::Serialize;
use std::fmt::Write as _;
use std::sync::Arc;

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

/// A value the clause read: `employees = 120`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reading {
    pub name: String,
    pub value: String,
}

/// One clause as it applied to one lead.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    /// The clause as written (first line of it, for multi-line definitions).
    pub clause: Arc<str>,
    /// The definition's title, when it has one (`Minimum ICP fit (B.1)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub verdict: Verdict,
    /// Values read from the lead.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Reading>,
    /// Thresholds compared against (`at least 65`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<String>,
    /// Why not, in the lead's terms (`lead_score 58.8, needs 6.2 more`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<String>,
    /// Further facts (`fit 18 × 40% = 7.2; …`, `due 2026-11-18 10:15 …`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// `file:line` of the clause.
    pub location: Arc<str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

impl Node {
    /// A node with the given clause text and location, verdict `info`.
    pub fn new(clause: impl Into<Arc<str>>, location: impl Into<Arc<str>>) -> Node {
        Node {
            clause: clause.into(),
            title: None,
            verdict: Verdict::Info,
            values: Vec::new(),
            thresholds: Vec::new(),
            gap: None,
            notes: Vec::new(),
            location: location.into(),
            children: Vec::new(),
        }
    }
    /// Adds a value read: `name = value`.
    pub fn read(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.values.push(Reading {
            name: name.into(),
            value: value.into(),
        });
    }
    /// Adds a note line.
    pub fn note(&mut self, text: impl Into<String>) {
        self.notes.push(text.into());
    }
}

/// The explanation of one lead: a header and one tree per answer (MQL, SAL,
/// SQL, tier, each SLA, persistence, recycling, handoff).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub lead: String,
    pub as_of: String,
    /// `Acme MQL/SQL Agreement 1.2 (hash 1a2b…)`.
    pub policy: String,
    pub answers: Vec<Node>,
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
        for node in &self.answers {
            render_node(&mut out, node, 0);
        }
        out
    }
}

fn render_node(out: &mut String, node: &Node, depth: usize) {
    let indent = "  ".repeat(depth);
    let mut line = format!("{indent}{} {}", node.verdict.mark(), node.clause);
    if let Some(title) = &node.title {
        if !node.clause.contains(&format!("\"{title}\"")) {
            let _ = write!(line, " — {title}");
        }
    }
    if !node.values.is_empty() {
        let vals: Vec<String> = node
            .values
            .iter()
            .map(|r| format!("{} = {}", r.name, r.value))
            .collect();
        let _ = write!(line, "  [{}]", vals.join(", "));
    }
    if let Some(gap) = &node.gap {
        let _ = write!(line, " — {gap}");
    }
    let width = line.chars().count();
    if node.location.is_empty() {
        out.push_str(line.trim_end());
    } else {
        let pad = LOCATION_COLUMN.saturating_sub(width).max(2);
        let _ = write!(out, "{line}{}{}", " ".repeat(pad), node.location);
    }
    out.push('\n');
    for note in &node.notes {
        let _ = writeln!(out, "{indent}    {note}");
    }
    for child in &node.children {
        render_node(out, child, depth + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_rendering_aligns_locations_and_marks() {
        let mut root = Node::new("lead_score is at least 65", "p.accord:30");
        root.verdict = Verdict::Fail;
        root.read("lead_score", "58.8");
        root.gap = Some("lead_score 58.8, needs 6.2 more".into());
        let mut child = Node::new("employees is between 20 and 500", "p.accord:12");
        child.verdict = Verdict::Pass;
        root.children.push(child);
        let e = Explanation {
            lead: "L-1".into(),
            as_of: "2026-11-20 15:00 UTC".into(),
            policy: "P 1".into(),
            answers: vec![root],
        };
        let text = e.render_text();
        assert!(text.contains("✗ lead_score is at least 65  [lead_score = 58.8]"));
        assert!(text.contains("\n  ✓ employees is between 20 and 500"));
        assert!(text
            .lines()
            .nth(2)
            .is_some_and(|l| l.ends_with("p.accord:30")));
    }
}
