//! A whole comparison and its three renderings: text for a terminal,
//! markdown for a pull-request comment, JSON for bots.

use crate::change::Change;
use crate::version::Version;
use serde::Serialize;
use std::fmt::Write as _;

/// One side of the comparison, as named in the output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Side {
    /// The path (or `REV:path`) given.
    pub label: String,
    /// Agreement names and versions of the policies that decide something
    /// (`Acme MQL/SQL Agreement 1.1`).
    pub agreements: Vec<String>,
}

impl Side {
    pub fn of(version: &Version) -> Side {
        let agreements = version
            .entries
            .iter()
            .map(|e| {
                let m = e.compiled.meta();
                match &m.version {
                    Some(v) => format!("{} {v}", m.name),
                    None => m.name.clone(),
                }
            })
            .collect();
        Side {
            label: version.label.clone(),
            agreements,
        }
    }

    fn shown(&self) -> String {
        if self.agreements.is_empty() {
            self.label.clone()
        } else {
            format!("{} ({})", self.label, self.agreements.join(", "))
        }
    }
}

/// Everything `accord diff` found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub old: Side,
    pub new: Side,
    /// `true` when no clause means anything different (the texts may
    /// still differ in layout and comments).
    pub no_change_in_meaning: bool,
    pub changes: Vec<Change>,
}

impl Report {
    /// Compares two loaded versions.
    pub fn new(old: &Version, new: &Version) -> Report {
        let changes = crate::compare(old, new);
        Report {
            old: Side::of(old),
            new: Side::of(new),
            no_change_in_meaning: changes.is_empty(),
            changes,
        }
    }

    /// For a terminal.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "accord diff {} → {}",
            self.old.shown(),
            self.new.shown()
        );
        if self.no_change_in_meaning {
            let _ = writeln!(
                out,
                "\nNo change in meaning (layout and comments aside, the versions say the same)."
            );
            return out;
        }
        let _ = writeln!(
            out,
            "\n{} in meaning:",
            plural(self.changes.len(), "change")
        );
        for c in &self.changes {
            let _ = writeln!(out, "  • {}", c.sentence());
            let _ = writeln!(out, "      {}", c.places());
        }
        out
    }

    /// A pull-request comment.
    pub fn render_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "### Accord: what this change means\n");
        let _ = writeln!(out, "`{}` → `{}`\n", self.old.shown(), self.new.shown());
        if self.no_change_in_meaning {
            let _ = writeln!(out, "**No change in meaning** — layout and comments only.");
            return out;
        }
        let _ = writeln!(out, "| | |\n|---|---|");
        let _ = writeln!(out, "| changes in meaning | {} |", self.changes.len());
        let _ = writeln!(out, "\n#### Changes\n");
        let _ = writeln!(out, "| change | direction | old | new |\n|---|---|---|---|");
        for c in &self.changes {
            let text = if c.subject.is_empty() {
                c.text.clone()
            } else {
                format!("**{}**: {}", c.subject, c.text)
            };
            let place = |p: &Option<crate::Place>| {
                p.as_ref().map_or("—".to_string(), |p| format!("`{p}`"))
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&text),
                c.direction.map_or("—", |d| d.words()),
                place(&c.old),
                place(&c.new)
            );
        }
        out
    }

    /// For bots: the report as one JSON document.
    pub fn render_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_string()) + "\n"
    }
}

/// Text safe inside a markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// `1 change`, `3 changes`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
