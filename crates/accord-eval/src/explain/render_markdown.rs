//! The markdown rendering, for pasting into chat, a ticket or a CRM note:
//! a heading with the verdict, the summary as a two-column table, the
//! reasons and what it would take as lists, and (at `decisive` or `full`)
//! the clauses in a fenced block, as the text rendering draws them.

use super::render_text::{as_of_line, reason_lines, reasons_heading, summary_rows, take_lines};
use super::{Detail, Explanation};
use std::fmt::Write as _;

/// Escapes the characters a table cell or list item would misread.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

impl Explanation {
    /// The markdown form, at the given level of detail.
    pub fn render_markdown(&self, detail: Detail) -> String {
        let s = &self.summary;
        let mut out = String::new();
        let _ = writeln!(out, "### Lead {} — {}", self.lead, s.verdict);
        out.push('\n');
        let _ = writeln!(
            out,
            "As of {} · {}",
            as_of_line(s, &self.as_of),
            self.policy
        );
        out.push('\n');
        out.push_str("| | |\n|---|---|\n");
        for (label, text) in summary_rows(s) {
            let _ = writeln!(out, "| {} | {} |", cell(&label), cell(&text));
        }
        if !s.reasons.is_empty() {
            let _ = writeln!(out, "\n**{}**\n", capitalised(reasons_heading(s)));
            for line in reason_lines(s, detail) {
                let _ = writeln!(out, "- {line}");
            }
        }
        let take = take_lines(s);
        if !take.is_empty() {
            out.push_str("\n**What it would take**\n\n");
            for line in take {
                let _ = writeln!(out, "- {line}");
            }
        }
        let (heading, lines) = match detail {
            Detail::Summary => return out,
            Detail::Decisive => ("Decisive clauses", self.decisive_lines()),
            Detail::Full => ("Every clause", self.full_lines()),
        };
        if !lines.is_empty() {
            let _ = writeln!(out, "\n**{heading}**\n\n```text");
            for l in lines {
                let _ = writeln!(out, "{l}");
            }
            out.push_str("```\n");
        }
        out
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
