//! A whole comparison and its three renderings: text for a terminal,
//! markdown for a pull-request comment, JSON for bots.

use crate::change::Change;
use crate::drift::DriftCheck;
use crate::leads::LeadImpact;
use crate::region::Region;
use crate::version::{Entry, Version};
use serde::Serialize;
use std::fmt::Write as _;

/// One side of the comparison, as named in the output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Side {
    /// The path (or `REV:path`) given.
    pub label: String,
    /// Agreement names and versions of the policies that decide something
    /// (`Acme MQL/SQL Agreement 1.1`); a policy without an agreement header
    /// (a shared definition the agreements import) is not one.
    pub agreements: Vec<String>,
}

impl Side {
    pub fn of(version: &Version) -> Side {
        let agreements = version
            .entries
            .iter()
            .filter_map(Entry::agreement)
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

/// What one policy's two versions did to real leads.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntryImpact {
    /// The policy file (relative to each version's root).
    pub policy: String,
    pub leads: LeadImpact,
    /// The new version's `drift` rules over these leads.
    pub drift: Vec<DriftCheck>,
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
    /// The leads each change flips, from the policy alone.
    pub regions: Vec<Region>,
    /// With `--leads`: what the versions decided on real leads.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub impact: Vec<EntryImpact>,
}

impl Report {
    /// Compares two loaded versions: changes, and the region each flips
    /// (witnesses evaluated as of `as_of`).
    pub fn new(old: &Version, new: &Version, as_of: chrono::DateTime<chrono::Utc>) -> Report {
        let changes = crate::compare(old, new);
        let pairs = crate::paired_entries(old, new);
        // Change by change, each policy holding it gives its regions; one
        // that several give alike is shown once, naming them all.
        let mut regions: Vec<Region> = Vec::new();
        for c in &changes {
            for &(a, b) in &pairs {
                let found =
                    crate::region::regions(std::slice::from_ref(c), (old, new), a, b, as_of);
                for mut r in found {
                    if pairs.len() > 1 {
                        r.agreements = vec![b.agreement().unwrap_or_else(|| b.rel.clone())];
                    }
                    match regions.iter_mut().find(|q| q.same_finding(&r)) {
                        Some(q) => q.agreements.append(&mut r.agreements),
                        None => regions.push(r),
                    }
                }
            }
        }
        Report {
            old: Side::of(old),
            new: Side::of(new),
            no_change_in_meaning: changes.is_empty(),
            changes,
            regions,
            impact: Vec::new(),
        }
    }

    /// Whether any drift rule asks for an out-of-cycle review.
    pub fn review_required(&self) -> bool {
        self.impact
            .iter()
            .any(|i| i.drift.iter().any(|d| d.review_required))
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
        if !self.regions.is_empty() {
            let _ = writeln!(out, "\nLeads each change flips, from the policy alone (each shown on a synthetic lead run through both versions):");
            for r in &self.regions {
                let _ = writeln!(out, "  • {}", r.change);
                for line in r.explained() {
                    let _ = writeln!(out, "      {line}");
                }
            }
        }
        for i in &self.impact {
            text_impact(&mut out, i);
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
        let shown = self.regions.iter().filter(|r| r.witness.is_some()).count();
        let _ = writeln!(
            out,
            "| regions of leads that flip, with a witness | {shown} |"
        );
        for i in &self.impact {
            let l = &i.leads;
            let _ = writeln!(
                out,
                "| `{}`: leads that flip | {} of {} |",
                i.policy, l.leads_flipped, l.records
            );
            let _ = writeln!(
                out,
                "| `{}`: MQLs | {} → {} |",
                i.policy, l.old.mql, l.new.mql
            );
        }
        if !self.impact.is_empty() {
            let review = if self.review_required() {
                "**yes**"
            } else {
                "no"
            };
            let _ = writeln!(out, "| out-of-cycle review required | {review} |");
        }
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
        if !self.regions.is_empty() {
            let _ = writeln!(
                out,
                "\n#### Leads each change flips (from the policy alone)\n"
            );
            for r in &self.regions {
                let _ = writeln!(out, "- {}", r.change);
                for line in r.explained() {
                    let _ = writeln!(out, "  - {line}");
                }
                if let Some(w) = &r.witness {
                    let lead = serde_json::to_string(&w.lead).unwrap_or_default();
                    let _ = writeln!(out, "    <details><summary>witness lead</summary>\n\n    ```json\n    {lead}\n    ```\n    </details>");
                }
            }
        }
        for i in &self.impact {
            let l = &i.leads;
            let _ = writeln!(
                out,
                "\n#### Real leads that flip: `{}` ({} leads as of {})\n",
                i.policy, l.records, l.as_of
            );
            if l.counts.is_empty() {
                let _ = writeln!(out, "No lead flips.");
            } else {
                let _ = writeln!(
                    out,
                    "{} flip: {}.\n",
                    plural(l.leads_flipped, "lead"),
                    counts(l)
                );
                let _ = writeln!(
                    out,
                    "| lead | flips | the clause that made the difference |\n|---|---|---|"
                );
                for (lead, flips, because) in by_lead(&l.flips) {
                    let why: Vec<String> = because
                        .iter()
                        .map(|d| format!("{} (`{}`)", reason(d), d.place))
                        .collect();
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} |",
                        cell(lead),
                        cell(&outcomes(&flips)),
                        cell(&why.join("; "))
                    );
                }
                if l.unlisted > 0 {
                    let _ = writeln!(out, "\n…and {} more flips not listed.", l.unlisted);
                }
            }
            for d in &i.drift {
                let _ = writeln!(
                    out,
                    "\n{}{}",
                    if d.review_required { "⚠️ " } else { "" },
                    d.sentence()
                );
            }
        }
        out
    }

    /// For bots: the report as one JSON document.
    pub fn render_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_string()) + "\n"
    }
}

fn text_impact(out: &mut String, i: &EntryImpact) {
    let l = &i.leads;
    let _ = writeln!(
        out,
        "\nReal leads ({}): {} records as of {}",
        i.policy, l.records, l.as_of
    );
    let _ = writeln!(out, "  MQL: {} → {}", l.old.mql, l.new.mql);
    if l.unreadable > 0 {
        let _ = writeln!(
            out,
            "  {} unreadable (not compared)",
            plural(l.unreadable, "record")
        );
    }
    if l.counts.is_empty() {
        let _ = writeln!(out, "  no lead flips");
    } else {
        let _ = writeln!(
            out,
            "  {} flip: {}",
            plural(l.leads_flipped, "lead"),
            counts(l)
        );
        for (lead, flips, because) in by_lead(&l.flips) {
            let _ = writeln!(out, "  {lead}  {}", outcomes(&flips));
            for d in because {
                let _ = writeln!(out, "      {}  {}", reason(d), d.place);
            }
        }
        if l.unlisted > 0 {
            let _ = writeln!(out, "  …and {} more flips not listed", l.unlisted);
        }
    }
    for d in &i.drift {
        let _ = writeln!(out, "  {}", d.sentence());
    }
}

/// `MQL 3, SLA first_response 1`.
fn counts(l: &LeadImpact) -> String {
    l.counts
        .iter()
        .map(|c| format!("{} {}", c.outcome, c.leads))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `MQL: no → yes; SLA reach: not_applicable → met`.
fn outcomes(flips: &[&crate::leads::LeadFlip]) -> String {
    flips
        .iter()
        .map(|f| format!("{}: {} → {}", f.outcome, f.old, f.new))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A deciding clause in each version: `✗ … → ✓ …`.
fn reason(d: &crate::leads::Deciding) -> String {
    format!(
        "{} → {}",
        d.old.as_deref().unwrap_or("—"),
        d.new.as_deref().unwrap_or("—")
    )
}

/// Flips grouped by lead (they come in input order), with the clauses
/// behind them once each; a clause that only repeats a stage that flipped
/// too (`mql … (explained above)`) is left out when another reason is there.
fn by_lead(
    flips: &[crate::leads::LeadFlip],
) -> Vec<(
    &str,
    Vec<&crate::leads::LeadFlip>,
    Vec<&crate::leads::Deciding>,
)> {
    let mut out: Vec<(
        &str,
        Vec<&crate::leads::LeadFlip>,
        Vec<&crate::leads::Deciding>,
    )> = Vec::new();
    for f in flips {
        match out.last_mut() {
            Some((lead, group, _)) if *lead == f.lead => group.push(f),
            _ => out.push((f.lead.as_str(), vec![f], Vec::new())),
        }
    }
    for (_, group, because) in &mut out {
        let all: Vec<&crate::leads::Deciding> =
            group.iter().flat_map(|f| f.because.iter()).collect();
        let own = |d: &&crate::leads::Deciding| {
            !d.new.as_deref().unwrap_or("").contains("(explained above)")
        };
        let mut kept: Vec<&crate::leads::Deciding> = all.iter().copied().filter(own).collect();
        if kept.is_empty() {
            kept = all.into_iter().take(1).collect();
        }
        for d in kept {
            if !because.contains(&d) {
                because.push(d);
            }
        }
    }
    out
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
