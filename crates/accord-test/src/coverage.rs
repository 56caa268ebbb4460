//! Clause coverage: over every case, which clauses of the policy were seen
//! to hold and to fail.
//!
//! A clause is a node of the explanation with a place in the policy
//! (`file:line`) and a verdict that holds or fails: a condition (down to
//! each comparison inside `and`, `or`, `not`), a stage, a fit, a trigger
//! and each of its items, an exclusion, a score rule (points or none), a
//! tier rule, an SLA (met or breached), a persistence rule. It is
//! *covered* when some case saw it hold and some case saw it fail. A
//! definition and a reference to it (`trigger high_intent "…"` where it is
//! explained, `high_intent` where it is used) are one clause. Tier
//! rules are the one place evaluation stops early (the first tier that
//! matches decides), so a tier rule no case reached is listed too; `tier N
//! otherwise` cannot fail and is covered when some case reaches it.
//!
//! A file several policies import (`shared/mql.accord`) is covered by the
//! cases of all of them together: a run keeps one coverage per test file,
//! [`Coverage::in_folder`] names its files from a common folder, and
//! [`Coverage::merge`] adds them up; each policy's own file is reported
//! with its own cases, each imported file once over the whole run.

use accord_eval::{Explanation, Node};
use std::collections::BTreeMap;

/// What the cases saw of each clause.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// (file, line, clause text) → (seen holding, seen failing).
    seen: BTreeMap<(String, u32, String), (bool, bool)>,
}

/// A clause not exercised both ways.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    /// `file:line`.
    pub location: String,
    pub clause: String,
    pub missing: Missing,
}

/// Which way no case exercised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    /// Seen failing, never holding.
    NeverHeld,
    /// Seen holding, never failing.
    NeverFailed,
    /// No case reached it.
    NeverReached,
}

impl Missing {
    pub fn words(self) -> &'static str {
        match self {
            Missing::NeverHeld => "never held",
            Missing::NeverFailed => "never failed",
            Missing::NeverReached => "never reached",
        }
    }
}

/// `file:line` → (file, line).
fn split_location(location: &str) -> Option<(String, u32)> {
    let (file, line) = location.rsplit_once(':')?;
    Some((file.to_string(), line.parse().ok()?))
}

/// `tier 2 when …` / `tier 3 otherwise` (not `tier 1 within 15 minutes`).
fn is_tier_rule(text: &str) -> bool {
    let mut words = text.split_whitespace();
    words.next() == Some("tier")
        && words.next().is_some_and(|n| n.parse::<u32>().is_ok())
        && matches!(words.next(), Some("when" | "otherwise"))
}

/// The same clause is shown under two texts: a definition where it is
/// explained (`trigger high_intent "…"`, `mql "…" when all of`) and a
/// reference to it where it is used (`high_intent`, `mql`), both at the
/// definition's line. Both count as the definition's name.
fn clause_key(text: &str) -> &str {
    let mut words = text.split_whitespace();
    match (words.next(), words.next()) {
        (Some("fit" | "trigger" | "exclusion" | "score" | "sla"), Some(name))
            if !name.starts_with('"') && text.contains('"') =>
        {
            name
        }
        (Some(stage @ ("mql" | "sal" | "sql")), Some(next)) if next.starts_with('"') => stage,
        _ => text,
    }
}

fn cannot_fail(text: &str) -> bool {
    is_tier_rule(text) && text.trim_end().ends_with("otherwise")
}

impl Coverage {
    /// Starts from the policy's clauses (`CompiledPolicy::clauses`): its
    /// tier rules are listed even if no case reaches them.
    pub fn new<'a>(clauses: impl Iterator<Item = (&'a str, &'a str)>) -> Coverage {
        let mut seen = BTreeMap::new();
        for (text, location) in clauses {
            if let (true, Some((file, line))) = (is_tier_rule(text), split_location(location)) {
                seen.insert((file, line, text.to_string()), (false, false));
            }
        }
        Coverage { seen }
    }

    /// Adds what one case's explanation shows.
    pub fn record(&mut self, explanation: &Explanation) {
        for answer in explanation.answers() {
            self.walk(answer);
        }
    }

    fn walk(&mut self, node: Node<'_>) {
        // Whether the clause held, not its mark (✓ under a `not` is a
        // clause that did not hold).
        if let (Some(holds), Some((file, line))) = (node.holds(), split_location(node.location())) {
            let entry = self
                .seen
                .entry((file, line, clause_key(node.clause()).to_string()))
                .or_default();
            if holds {
                entry.0 = true;
            } else {
                entry.1 = true;
            }
        }
        for child in node.children() {
            self.walk(child);
        }
    }

    /// How many clauses there are, and how many are covered.
    pub fn counts(&self) -> (usize, usize) {
        (self.seen.len(), self.seen.len() - self.gaps().len())
    }

    /// The same coverage with every file named from `folder` (the folder
    /// the locations are relative to: the policy's), so that coverages of
    /// policies in different folders can be merged.
    pub fn in_folder(self, folder: &std::path::Path) -> Coverage {
        let seen = self
            .seen
            .into_iter()
            .map(|((file, line, text), seen)| {
                let file = folder.join(&file).to_string_lossy().replace('\\', "/");
                ((file, line, text), seen)
            })
            .collect();
        Coverage { seen }
    }

    /// Adds what another run of cases saw.
    pub fn merge(&mut self, other: &Coverage) {
        for (key, &(held, failed)) in &other.seen {
            let entry = self.seen.entry(key.clone()).or_default();
            entry.0 |= held;
            entry.1 |= failed;
        }
    }

    /// The files whose clauses this coverage holds.
    pub fn files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = self.seen.keys().map(|(f, _, _)| f.as_str()).collect();
        files.dedup();
        files
    }

    /// Only the clauses of `file`.
    pub fn only_file(&self, file: &str) -> Coverage {
        Coverage {
            seen: self
                .seen
                .iter()
                .filter(|((f, _, _), _)| f == file)
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
        }
    }

    /// The clauses not exercised both ways, in file and line order.
    pub fn gaps(&self) -> Vec<Gap> {
        self.seen
            .iter()
            .filter_map(|((file, line, text), &(held, failed))| {
                let missing = match (held, failed) {
                    (true, true) => return None,
                    (true, false) if cannot_fail(text) => return None,
                    (false, false) => Missing::NeverReached,
                    (true, false) => Missing::NeverFailed,
                    (false, true) => Missing::NeverHeld,
                };
                Some(Gap {
                    location: format!("{file}:{line}"),
                    clause: text.clone(),
                    missing,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tier_rules_are_told_from_tier_limits() {
        assert!(is_tier_rule("tier 2 when lead_score is at least 80"));
        assert!(is_tier_rule("tier 3 otherwise"));
        assert!(!is_tier_rule("tier 1 within 15 minutes"));
        assert!(cannot_fail("tier 3 otherwise"));
        assert!(!cannot_fail("tier 2 when x"));
    }

    #[test]
    fn a_definition_and_a_reference_to_it_are_one_clause() {
        assert_eq!(
            clause_key("trigger high_intent \"Intent (B.3)\""),
            "high_intent"
        );
        assert_eq!(clause_key("high_intent"), "high_intent");
        assert_eq!(clause_key("mql \"MQL (B)\" when all of"), "mql");
        assert_eq!(clause_key("fit weighs 40%"), "fit weighs 40%");
        assert_eq!(clause_key("sla reach \"Reach (C.3)\""), "reach");
        assert_eq!(clause_key("tier 1 when x"), "tier 1 when x");
    }

    #[test]
    fn an_imported_file_is_covered_by_the_cases_of_every_policy_together() {
        let one = |holds: bool| {
            let mut c = Coverage::default();
            c.seen
                .insert(("shared/m.accord".into(), 3, "x".into()), (holds, !holds));
            c.seen
                .insert(("a.accord".into(), 1, "y".into()), (true, true));
            c.in_folder(std::path::Path::new("policies"))
        };
        let (held, failed) = (one(true), one(false));
        assert_eq!(held.only_file("policies/shared/m.accord").gaps().len(), 1);
        let mut all = Coverage::default();
        all.merge(&held);
        all.merge(&failed);
        assert_eq!(
            all.files(),
            ["policies/a.accord", "policies/shared/m.accord"]
        );
        assert!(all.only_file("policies/shared/m.accord").gaps().is_empty());
        assert_eq!(all.counts(), (2, 2));
    }

    #[test]
    fn an_unreached_tier_rule_is_a_gap() {
        let c = Coverage::new(
            [
                ("tier 1 when x", "p.accord:3"),
                ("tier 2 otherwise", "p.accord:4"),
                ("tier 1 within 1 hour", "p.accord:9"),
            ]
            .into_iter(),
        );
        let gaps = c.gaps();
        assert_eq!(gaps.len(), 2);
        assert!(gaps.iter().all(|g| g.missing == Missing::NeverReached));
        assert_eq!(c.counts(), (2, 0));
    }
}
