//! The text rendering, for a terminal: the header, the summary (labelled
//! lines, the reasons ranked, what it would take), then — at
//! [`Detail::Decisive`] — the clauses that decide the verdict, or — at
//! [`Detail::Full`] — every clause. Also the pieces the markdown rendering
//! shares: the summary's rows and lines, and the tree lines.
//!
//! In the tree, `file:line` is shown once per definition (on an answer and
//! on a definition's first appearance), aligned on the right.

use super::summary::{Changeable, Reason, Summary};
use super::view::Node;
use super::{Detail, Explanation, Verdict};
use crate::outcome::SlaState;
use std::fmt::Write as _;

/// Column where locations start in the tree.
const LOCATION_COLUMN: usize = 64;

/// Most lines the decisive clauses take (the rest: `--detail full`).
pub(super) const DECISIVE_LINES: usize = 7;

/// Most reasons listed before `--detail full`.
const MOST_REASONS: usize = 5;

impl Explanation {
    /// The text form for people, at the given level of detail.
    pub fn render_text(&self, detail: Detail) -> String {
        let mut out = String::new();
        let s = &self.summary;
        let _ = writeln!(out, "lead {}", self.lead);
        let _ = writeln!(out, "as of {}", as_of_line(s, &self.as_of));
        let _ = writeln!(out, "policy {}", self.policy);
        out.push('\n');
        let rows = summary_rows(s);
        let width = rows
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        for (label, text) in &rows {
            let pad = width - label.chars().count();
            let _ = writeln!(out, "  {label}{}  {text}", " ".repeat(pad));
        }
        if !s.reasons.is_empty() {
            let _ = writeln!(out, "\n{}", reasons_heading(s));
            for line in reason_lines(s, detail) {
                let _ = writeln!(out, "  {line}");
            }
        }
        let take = take_lines(s);
        if !take.is_empty() {
            let _ = writeln!(out, "\nwhat it would take");
            for line in take {
                let _ = writeln!(out, "  {line}");
            }
        }
        match detail {
            Detail::Summary => {}
            Detail::Decisive => {
                let lines = self.decisive_lines();
                if !lines.is_empty() {
                    let _ = writeln!(out, "\ndecisive clauses (all of them: --detail full)");
                    for l in lines {
                        let _ = writeln!(out, "  {l}");
                    }
                }
            }
            Detail::Full => {
                let _ = writeln!(out, "\nevery clause");
                for l in self.full_lines() {
                    let _ = writeln!(out, "{l}");
                }
            }
        }
        out
    }

    /// The clauses that decide the verdict, pruned: the answer the verdict
    /// comes from, then only what goes against the lead below a clause
    /// that does (at most [`DECISIVE_LINES`]). A lead that reaches every
    /// stage gets the answer's line only (its reasons list what it meets).
    pub(super) fn decisive_lines(&self) -> Vec<String> {
        let Some(answer) = self.decisive.and_then(|i| self.answers().nth(i)) else {
            return Vec::new();
        };
        let mut lines = Vec::new();
        decisive(&mut lines, answer, 0);
        if lines.len() > DECISIVE_LINES {
            let more = lines.len() - (DECISIVE_LINES - 1);
            lines.truncate(DECISIVE_LINES - 1);
            lines.push(format!("… and {more} more (--detail full)"));
        }
        lines
    }

    /// Every clause, `file:line` once per definition.
    pub(super) fn full_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let mut shown = Vec::new();
        for node in self.answers() {
            full(&mut lines, &mut shown, node, 0);
        }
        lines
    }
}

/// As-of in the lead's zone, with UTC beside it unless the zone is UTC.
pub(super) fn as_of_line(s: &Summary, utc: &str) -> String {
    if s.zone == "UTC" {
        s.as_of_local.to_string()
    } else {
        format!("{} ({utc})", s.as_of_local)
    }
}

/// The summary's labelled rows: verdict, tier, score, each SLA,
/// persistence, handoff, rejection, business hours.
pub(super) fn summary_rows(s: &Summary) -> Vec<(String, String)> {
    let mut rows = vec![("verdict".to_string(), s.verdict.clone())];
    if let Some(t) = &s.tier {
        rows.push(("tier".into(), t.text.to_string()));
    }
    if let Some(score) = &s.score {
        rows.push(("score".into(), score.clone()));
    }
    // SLAs that do not apply for the same reason share a row.
    let mut done = vec![false; s.slas.len()];
    for (i, sla) in s.slas.iter().enumerate() {
        if done.get(i).copied().unwrap_or(true) {
            continue;
        }
        if sla.state != SlaState::NotApplicable {
            rows.push((format!("sla {}", sla.name), sla.text.clone()));
            continue;
        }
        let mut same = Vec::new();
        for (j, o) in s.slas.iter().enumerate().skip(i) {
            if o.state == SlaState::NotApplicable && o.text == sla.text {
                same.push(&*o.name);
                if let Some(d) = done.get_mut(j) {
                    *d = true;
                }
            }
        }
        if same.len() > 1 {
            let reason = sla.text.trim_start_matches("does not apply");
            rows.push((
                "slas".into(),
                format!("{} do not apply{reason}", same.join(", ")),
            ));
        } else {
            rows.push((format!("sla {}", sla.name), sla.text.clone()));
        }
    }
    if let Some(p) = &s.persistence {
        rows.push(("persistence".into(), p.clone()));
    }
    if let Some(h) = &s.handoff {
        rows.push(("handoff".into(), h.clone()));
    }
    if let Some(r) = &s.rejection {
        rows.push(("rejection".into(), r.clone()));
    }
    // Business hours matter where an SLA applies.
    let counted = s.slas.iter().any(|o| o.state != SlaState::NotApplicable);
    if let (Some(h), true) = (&s.business_hours, counted) {
        rows.push(("business hours".into(), h.to_string()));
    }
    rows
}

pub(super) fn reasons_heading(s: &Summary) -> &'static str {
    if s.reasons.iter().all(|r| r.holds) {
        "why (the requirements it meets)"
    } else {
        "why not (deciding first)"
    }
}

/// The reasons, one line each; but for `full`, the first [`MOST_REASONS`]
/// then how many more.
pub(super) fn reason_lines(s: &Summary, detail: Detail) -> Vec<String> {
    let most = if detail == Detail::Full {
        usize::MAX
    } else {
        MOST_REASONS
    };
    let mut lines: Vec<String> = s.reasons.iter().take(most).map(reason_line).collect();
    if s.reasons.len() > most {
        lines.push(format!(
            "… and {} more (--detail full)",
            s.reasons.len() - most
        ));
    }
    lines
}

/// `✗ lead_score 64, needs 1 more — can change: activities`.
pub(super) fn reason_line(r: &Reason) -> String {
    let mark = if r.holds { "✓" } else { "✗" };
    let mut s = format!("{mark} {}", r.text);
    if !r.holds {
        let what = r.inputs.join(", ");
        match (r.changeable, what.is_empty()) {
            (Changeable::Actionable, false) => {
                let _ = write!(s, " — can change: {what}");
            }
            (Changeable::Actionable, true) => s.push_str(" — can change"),
            (Changeable::Fixed, false) => {
                let _ = write!(s, " — fixed fact: {what}");
            }
            (Changeable::Fixed, true) => {}
        }
    }
    s
}

/// What it would take, one line each.
pub(super) fn take_lines(s: &Summary) -> Vec<String> {
    let w = &s.what_it_would_take;
    let mut lines = Vec::new();
    if let Some(r) = &w.reentry {
        lines.push(format!("re-entry: {r}"));
    }
    if let Some(n) = &w.no_change {
        lines.push(n.clone());
    } else {
        match &w.changes {
            Some(sets) if sets.is_empty() => lines.push(
                "no change to activities, attempts or recorded fields found that gets it there"
                    .into(),
            ),
            Some(sets) => {
                for (i, set) in sets.iter().enumerate() {
                    let or = if i == 0 { "" } else { "or " };
                    lines.push(format!("{or}{} — {}", set.changes.join(" + "), set.result));
                }
            }
            None => {}
        }
        // The change sets say what is missing when there are some.
        if w.changes.as_ref().is_none_or(|c| c.is_empty()) {
            for m in &w.missing {
                lines.push(format!("missing: {m}"));
            }
        }
    }
    for d in &w.deadlines {
        lines.push(d.text.clone());
    }
    lines
}

/// One node's line: mark, clause, title, values, gap.
fn node_line(node: Node<'_>, depth: usize) -> String {
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
    line
}

fn decisive(lines: &mut Vec<String>, node: Node<'_>, depth: usize) {
    lines.push(node_line(node, depth));
    for child in node.children() {
        if node.verdict() == Verdict::Fail && child.verdict() == Verdict::Fail {
            decisive(lines, child, depth + 1);
        }
    }
}

fn full<'a>(lines: &mut Vec<String>, shown: &mut Vec<&'a str>, node: Node<'a>, depth: usize) {
    let mut line = node_line(node, depth);
    let location = node.location();
    let definition = depth == 0 || node.title().is_some();
    if definition && !location.is_empty() && !shown.contains(&location) {
        shown.push(location);
        let pad = LOCATION_COLUMN.saturating_sub(line.chars().count()).max(2);
        let _ = write!(line, "{}{location}", " ".repeat(pad));
    }
    lines.push(line.trim_end().to_string());
    let indent = "  ".repeat(depth);
    for note in node.notes() {
        lines.push(format!("{indent}    {note}"));
    }
    for child in node.children() {
        full(lines, shown, child, depth + 1);
    }
}

/// Whether `clause` contains `title` in double quotes.
pub(super) fn quotes(clause: &str, title: &str) -> bool {
    clause.match_indices('"').any(|(i, _)| {
        clause
            .get(i + 1..)
            .and_then(|rest| rest.strip_prefix(title))
            .is_some_and(|rest| rest.starts_with('"'))
    })
}
