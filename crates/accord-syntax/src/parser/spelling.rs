//! Misspelt words: when a block does not parse, find a word near the error
//! that is a small edit away from a word of the language (`trigerr` →
//! `trigger`, `betwen` → `between`, `monday` → `Monday`) *and* that, once
//! corrected, lets the block parse further. Proving the correction by
//! re-parsing keeps suggestions honest: a field name that merely looks like
//! a keyword is never "corrected".

use super::grammar::{AccordParser, Rule};
use crate::suggest::edit_distance;
use pest::error::InputLocation;
use pest::Parser;

/// Every fixed word of the language (keywords, units, types, weekdays).
pub(crate) const WORDS: &[&str] = &[
    // words found by the keyword test in phrases.rs
    "a",
    "changed",
    "definition",
    "has",
    "passes",
    "read",
    "reason",
    // agreement lines of population reports
    "reporting",
    "breaches",
    "escalate",
    "corrective",
    "plan",
    "period",
    "end",
    // definitions
    "import",
    "agreement",
    "lead",
    "fields",
    "calendar",
    "list",
    "fit",
    "score",
    "trigger",
    "exclusion",
    "mql",
    "sal",
    "sql",
    "tiers",
    "sla",
    "persistence",
    "rejection",
    "reasons",
    "recycling",
    "handoff",
    "metric",
    "breach",
    "drift",
    // agreement and schema
    "version",
    "effective",
    "ratified",
    "changes",
    "take",
    "effect",
    "ratification",
    "review",
    "every",
    "next",
    "owner",
    "party",
    "represented",
    "identified",
    "default",
    "time",
    "zone",
    "optional",
    "number",
    "numbers",
    "percentage",
    "text",
    "email",
    "date",
    "timestamp",
    "events",
    "written",
    // conditions
    "and",
    "or",
    "not",
    "is",
    "are",
    "between",
    "at",
    "least",
    "most",
    "more",
    "less",
    "than",
    "above",
    "below",
    "one",
    "of",
    "in",
    "present",
    "missing",
    "contains",
    "word",
    "starts",
    "ends",
    "with",
    "matches",
    "within",
    "the",
    "last",
    "ago",
    "before",
    "after",
    "there",
    "an",
    "no",
    "exactly",
    "where",
    "since",
    "new",
    "any",
    "all",
    "domain",
    "exclusion",
    "applies",
    "yes",
    // scores, tiers, SLAs
    "weighs",
    "when",
    "for",
    "each",
    "decays",
    "without",
    "unless",
    "route",
    "to",
    "tier",
    "otherwise",
    "from",
    "counted",
    "hours",
    "due",
    "by",
    "business",
    "day",
    "first",
    "second",
    "third",
    "open",
    "closed",
    "on",
    "distinct",
    "lead's",
    // dispositions and recycling
    "archive",
    "never",
    "may",
    "go",
    "recycled",
    "nurture",
    "re-route",
    "enrich",
    "re-enter",
    "re-entry",
    "cooling",
    "off",
    "needs",
    "rejected",
    "times",
    "human",
    "placement",
    "requires",
    "prefers",
    // aggregates
    "share",
    "average",
    "leads",
    "per",
    "consecutive",
    "versions",
    "week",
    "month",
    "quarter",
    "year",
    "minutes",
    "days",
    "weeks",
    "months",
    "quarters",
    "years",
    // weekdays
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// How many re-parses one suggestion may cost at most.
const MAX_TRIES: usize = 24;

/// A proven correction: the misspelt word's byte range in the block and the
/// word to write instead.
pub(crate) struct Suggestion {
    pub start: usize,
    pub end: usize,
    pub word: &'static str,
}

/// Looks for a misspelt word on the error's line, at or before `pos`.
pub(crate) fn suggest(block: &str, pos: usize) -> Option<Suggestion> {
    let line_start = block.get(..pos)?.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = block
        .get(pos..)
        .and_then(|r| r.find('\n'))
        .map(|i| pos + i)
        .unwrap_or(block.len());
    let line = block.get(line_start..line_end)?;
    // Candidate words: the one at the error first, then up to two before it.
    let mut words: Vec<(usize, usize)> = words_of(line)
        .into_iter()
        .map(|(s, e)| (line_start + s, line_start + e))
        .filter(|(s, _)| *s <= pos)
        .collect();
    words.reverse();
    words.truncate(3);
    let mut tries = 0usize;
    for (start, end) in words {
        let Some(word) = block.get(start..end) else {
            continue;
        };
        // A word of the language before the error is right where it is;
        // at the error it may be the wrong one (`one off` for `one of`).
        if WORDS.contains(&word) && end <= pos {
            continue;
        }
        for candidate in close_words(word) {
            if tries >= MAX_TRIES {
                return None;
            }
            tries += 1;
            if improves(block, start, end, candidate, line_end) {
                return Some(Suggestion {
                    start,
                    end,
                    word: candidate,
                });
            }
        }
    }
    None
}

/// Byte ranges of the bare words of one line (not inside quotes, not in a
/// comment).
fn words_of(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut in_string = false;
    let mut current: Option<usize> = None;
    for (i, c) in line.char_indices() {
        let word_char = c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '\'');
        if in_string {
            if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (word_char, current) {
            (true, None) => current = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                current = None;
            }
            _ => {}
        }
        if c == '"' {
            in_string = true;
        } else if c == '#' {
            current = None;
            break;
        }
    }
    if let Some(s) = current {
        out.push((s, line.len()));
    }
    out.retain(|(s, _)| {
        line.get(*s..)
            .and_then(|w| w.chars().next())
            .is_some_and(|c| c.is_ascii_alphabetic())
    });
    out
}

/// Two-word phrases of the language, as they are misspelt run together.
const JOINED: &[(&str, &str)] = &[
    ("atleast", "at least"),
    ("atmost", "at most"),
    ("oneof", "one of"),
    ("noneof", "none of"),
    ("anyof", "any of"),
    ("allof", "all of"),
    ("nextbusinessday", "next business day"),
];

/// Each of [`WORDS`] with its lower-case form (made once: every unknown
/// word is measured against all of them).
fn lowered_words() -> &'static [(&'static str, String)] {
    static LOWERED: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();
    LOWERED.get_or_init(|| WORDS.iter().map(|w| (*w, w.to_lowercase())).collect())
}

/// Words of the language within a small edit distance, closest first.
fn close_words(word: &str) -> Vec<&'static str> {
    let limit = match word.chars().count() {
        0..=3 => 1,
        4..=5 => 1,
        _ => 2,
    };
    // Keywords are lower case (`SLA` is `sla`), and a few are two words
    // often run together (`atleast`).
    let lower = word.to_lowercase();
    let mut found: Vec<(usize, &'static str)> = JOINED
        .iter()
        .filter(|(joined, _)| *joined == lower)
        .map(|(_, words)| (0, *words))
        .collect();
    // Two words further apart in length than the limit are further apart
    // than the limit: only the others are measured (a word of the text may
    // be long and broken, and every unknown word is looked up).
    let length = lower.chars().count();
    found.extend(
        lowered_words()
            .iter()
            .filter(|(w, low)| {
                w.len() > 1 && *w != word && low.chars().count().abs_diff(length) <= limit
            })
            .map(|(w, low)| (edit_distance(&lower, low), *w))
            .filter(|(d, _)| *d <= limit),
    );
    found.sort_by_key(|(d, w)| (*d, w.len().abs_diff(word.len())));
    found.dedup_by_key(|(_, w)| *w);
    found.into_iter().map(|(_, w)| w).collect()
}

/// Whether writing `candidate` over `start..end` lets the block parse, or
/// at least read past `line_end` (the end of the line with the error): a
/// correction that only moves the error one word along proves nothing.
fn improves(block: &str, start: usize, end: usize, candidate: &str, line_end: usize) -> bool {
    let (Some(before), Some(after)) = (block.get(..start), block.get(end..)) else {
        return false;
    };
    let fixed = format!("{before}{candidate}{after}");
    match AccordParser::parse(Rule::block, &fixed) {
        Ok(_) => true,
        Err(e) => {
            let new_pos = match e.location {
                InputLocation::Pos(p) => p,
                InputLocation::Span((s, _)) => s,
            };
            // Compare in the original text's coordinates.
            let shift = candidate.len() as isize - (end - start) as isize;
            (new_pos as isize - shift) > line_end as isize
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("trigerr", "trigger"), 2);
        assert_eq!(edit_distance("tirgger", "trigger"), 1);
        assert_eq!(edit_distance("betwen", "between"), 1);
        assert_eq!(edit_distance("monday", "Monday"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("fit", "fit"), 0);
    }

    /// The suggestion for the error pest reports in `block`.
    fn fix(block: &str) -> Option<&'static str> {
        let error = AccordParser::parse(Rule::block, block).err()?;
        suggest(block, super::super::tree::error_pos(&error)).map(|s| s.word)
    }

    #[test]
    fn corrections_are_proven_by_parsing() {
        assert_eq!(
            fix("fit icp:\n  employees is betwen 20 and 30\n"),
            Some("between")
        );
        assert_eq!(
            fix("trigerr hi:\n  any of:\n    an activity \"x\"\n"),
            Some("trigger")
        );
        assert_eq!(fix("fit icp:\n  x is at leest 3\n"), Some("least"));
        assert_eq!(
            fix("fit icp:\n  industry is one off \"SaaS\"\n"),
            Some("of")
        );
        // `fitt` is a field name here: the mistake is the missing value.
        assert_eq!(fix("fit icp:\n  fitt is\n"), None);
    }

    #[test]
    fn words_skip_strings_numbers_and_comments() {
        let w = words_of("a \"b c\" 12 d # e");
        assert_eq!(w, vec![(0, 1), (11, 12)]);
    }
}
