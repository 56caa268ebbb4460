//! The lines each kind of block takes, in the words a user writes them: one
//! table, [`BLOCKS`], read by the misplaced-line diagnostic
//! (`accord::syntax::misplaced-line`). A line written in a block that does
//! not take it — `applies when mql` in recycling, `requires email` in an
//! SLA, `within 4 business hours` in persistence, `target 5` in the tiers —
//! is reported at that line, naming the block and the lines it does take,
//! and, when the line is one another block takes, which.
//!
//! A line is recognised by its first words (`requires`, `applies when`,
//! `tier 1`), never by grammar rule names: lines that start with a name
//! (`employees is a number`, `fit weighs 40%:`) are listed for the reader
//! but recognise nothing.

use super::indent::strip_comment;
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};
use crate::suggest::or_list;

/// One kind of line a block takes.
pub(crate) struct Line {
    /// The words such a line starts with; `#` stands for a whole number,
    /// `+#` for a signed one. Empty: the line starts with a name.
    pub starts: &'static [&'static str],
    /// The line in words, with an example.
    pub shown: &'static str,
}

/// One kind of block with body lines.
pub(crate) struct BlockLines {
    /// The words its header starts with.
    pub header: &'static [&'static str],
    /// The block in a sentence ("an SLA", "the tiers").
    pub name: &'static str,
    pub takes: &'static [Line],
    /// Why it takes no `applies when` (`None` for the blocks that do).
    pub no_applies: Option<&'static str>,
}

/// How a condition line can start (fits, triggers, stages).
const CONDITION_STARTS: &[&str] = &[
    "not",
    "(",
    "no",
    "there is",
    "at least",
    "at most",
    "exactly",
    "a",
    "an",
    "the domain of",
];

const APPLIES: Line = Line {
    starts: &["applies when"],
    shown: "`applies when CONDITION`",
};

const GROUP: Line = Line {
    starts: &["all of", "any of"],
    shown: "a group: `all of:` or `any of:` with conditions under it",
};

/// Every block kind that has body lines, in the order of the reference.
pub(crate) const BLOCKS: &[BlockLines] = &[
    BlockLines {
        header: &["agreement"],
        name: "the agreement header",
        takes: &[
            Line { starts: &["version"], shown: "`version \"1.2\"`" },
            Line { starts: &["effective"], shown: "`effective 2026-01-01`" },
            Line { starts: &["ratified"], shown: "`ratified 2025-12-15`" },
            Line { starts: &["changes take effect"], shown: "`changes take effect 5 business days after ratification`" },
            Line { starts: &["review every"], shown: "`review every quarter`" },
            Line { starts: &["next review"], shown: "`next review 2026-04-01`" },
            Line { starts: &["owner"], shown: "`owner \"Revenue Operations\"`" },
            Line { starts: &["party"], shown: "`party \"Sales\" represented by \"VP Sales\"`" },
            Line { starts: &["reporting zone"], shown: "`reporting zone \"UTC\"`" },
            Line { starts: &["breaches"], shown: "`breaches escalate after 2 consecutive months without a corrective plan`" },
        ],
        no_applies: Some("the agreement header is about the whole policy, not about some leads"),
    },
    BlockLines {
        header: &["lead fields"],
        name: "the lead fields",
        takes: &[
            Line { starts: &[], shown: "fields such as `employees is an optional number`" },
            Line { starts: &["default time zone"], shown: "`default time zone \"UTC\"`" },
        ],
        no_applies: Some("the lead fields describe every lead record"),
    },
    BlockLines {
        header: &["calendar"],
        name: "a calendar",
        takes: &[
            Line { starts: &["open"], shown: "`open Monday to Friday from 08:00 to 18:00`" },
            Line { starts: &["closed on"], shown: "`closed on 2026-12-25`" },
            Line { starts: &["in"], shown: "`in \"America/Chicago\"` or `in the lead's time zone`" },
        ],
        no_applies: Some("a calendar's opening hours are the same for every lead (in each lead's own zone with `in the lead's time zone`)"),
    },
    BlockLines {
        header: &["fit"],
        name: "a fit",
        takes: &[
            Line { starts: CONDITION_STARTS, shown: "conditions, one per line (all must hold), such as `employees is at least 20`" },
            GROUP,
        ],
        no_applies: Some("a fit is itself a condition: write the condition as one more line of it"),
    },
    BlockLines {
        header: &["score"],
        name: "a score",
        takes: &[
            Line { starts: &["+#"], shown: "point rules such as `+10 when employees is at least 200` or `+5 for each activity \"page_view\"`" },
            Line { starts: &[], shown: "weighted parts such as `fit weighs 40%:`" },
            Line { starts: &["decays"], shown: "`decays 10% every 30 days without activity`" },
            Line { starts: &["never below", "may go below"], shown: "a floor: `never below -20`, or `may go below 0` for none (without one, never below 0)" },
        ],
        no_applies: Some("a score is computed for every lead: to give points to some leads only, put the condition on the point rule (`+10 when mql and …`)"),
    },
    BlockLines {
        header: &["trigger"],
        name: "a trigger",
        takes: &[
            Line { starts: &["any of", "all of"], shown: "one `any of:` (or `all of:`) line, such as `any of, within the last 30 days:`" },
            Line { starts: CONDITION_STARTS, shown: "conditions under it, such as `an activity \"demo_request\"`" },
        ],
        no_applies: Some("a trigger is itself a condition: add the condition under its `all of:` line"),
    },
    BlockLines {
        header: &["mql", "sal", "sql"],
        name: "a stage definition",
        takes: &[Line { starts: CONDITION_STARTS, shown: "conditions, one per line, such as `lead_score is at least 65`, under the header's `when all of:` (or `when any of:`)" }, GROUP],
        no_applies: Some("a stage is itself a condition: add the condition under its `all of:` line"),
    },
    BlockLines {
        header: &["tiers"],
        name: "the tiers",
        takes: &[Line { starts: &["tier #"], shown: "`tier N when CONDITION` and `tier N otherwise`" }],
        no_applies: Some("the tiers are tried for every lead, top to bottom: put the condition on the tier lines (`tier 1 when mql and …`)"),
    },
    BlockLines {
        header: &["sla"],
        name: "an SLA",
        takes: &[
            Line { starts: &["from"], shown: "`from START to STOP, counted in CALENDAR`" },
            APPLIES,
            Line { starts: &["within", "tier #"], shown: "limits such as `within 4 hours` or `tier 1 within 15 minutes`" },
            Line { starts: &["after hours,"], shown: "`after hours, due by 08:00 the next business day`" },
        ],
        no_applies: None,
    },
    BlockLines {
        header: &["persistence"],
        name: "persistence",
        takes: &[
            Line { starts: &["from"], shown: "`from FIELD, counted in CALENDAR`" },
            APPLIES,
            Line {
                starts: &["at least", "at most", "exactly", "no", "a", "an", "there is"],
                shown: "requirements such as `at least 6 attempts within 10 business days` (a window goes on each requirement), `attempts on at least 3 distinct days` or `at most 2 attempts by \"phone\" on any one day`",
            },
        ],
        no_applies: None,
    },
    BlockLines {
        header: &["rejection reasons"],
        name: "the rejection reasons",
        takes: &[Line { starts: &[], shown: "reasons such as `no_budget \"No budget\": nurture \"long-cycle\", re-enter after 90 days`" }],
        no_applies: Some("a reason applies to the leads rejected with it: limit its re-entry with `re-enter … when CONDITION`"),
    },
    BlockLines {
        header: &["recycling"],
        name: "recycling",
        takes: &[
            Line { starts: &["rejection reason is"], shown: "`rejection reason is FIELD`" },
            Line { starts: &["rejected at"], shown: "`rejected at FIELD`" },
            Line { starts: &["times recycled is"], shown: "`times recycled is FIELD`" },
            Line { starts: &["cooling off"], shown: "`cooling off at least 30 days, 90 days for no_budget`" },
            Line { starts: &["re-entry needs"], shown: "`re-entry needs a new trigger after the rejection`" },
            Line { starts: &["human review"], shown: "`human review when recycled more than 2 times`" },
            Line { starts: &["nurture placement"], shown: "`nurture placement within 5 business days`" },
        ],
        no_applies: Some("recycling applies to every rejected lead (every lead with a rejection reason): to treat some differently, give their reason its own `re-enter … when CONDITION` in the rejection reasons, or its own cooling-off (`cooling off at least 30 days, 90 days for no_budget`)"),
    },
    BlockLines {
        header: &["handoff"],
        name: "handoff",
        takes: &[
            APPLIES,
            Line { starts: &["requires"], shown: "`requires FIELD, FIELD, …` or `requires at least 5 activities`" },
            Line { starts: &["prefers"], shown: "`prefers FIELD, …`" },
        ],
        no_applies: None,
    },
];

/// The words that start the body lines of the block whose header begins
/// with `keyword` (`sla` → `from`, `applies when`, `within`, `tier`, …):
/// what an editor offers at the start of a line. Lines that start with a
/// name, points or a condition are left out (fits and stages get none).
pub fn line_starts(keyword: &str) -> Vec<&'static str> {
    let Some(b) = BLOCKS.iter().find(|b| {
        b.header
            .iter()
            .any(|h| h.split(' ').next() == Some(keyword))
    }) else {
        return Vec::new();
    };
    b.takes
        .iter()
        .filter(|l| l.starts != CONDITION_STARTS && l.shown != GROUP.shown)
        .flat_map(|l| l.starts.iter())
        .filter(|w| !w.starts_with('+'))
        .map(|w| w.strip_suffix(" #").unwrap_or(w))
        .fold(Vec::new(), |mut out, w| {
            if !out.contains(&w) {
                out.push(w);
            }
            out
        })
}

impl BlockLines {
    /// The block kind a block's text is (by its header's first words).
    pub(crate) fn of(block: &str) -> Option<&'static BlockLines> {
        let first_line = block.lines().next().unwrap_or("");
        BLOCKS.iter().find(|b| {
            b.header
                .iter()
                .any(|h| starts_with_words(first_line, h).is_some())
        })
    }

    /// Whether it takes a line starting with `opener`.
    fn takes_opener(&self, opener: &str) -> bool {
        self.takes.iter().any(|l| l.starts.contains(&opener))
    }

    /// "`from START to STOP, …`; `applies when CONDITION`; …".
    fn takes_in_words(&self) -> String {
        let shown: Vec<&str> = self.takes.iter().map(|l| l.shown).collect();
        shown.join("; ")
    }
}

/// A body line written in a block that does not take it.
pub(crate) struct Misplaced {
    block: &'static BlockLines,
    /// The line's text (without indentation and trailing comment), and its
    /// byte range in the block.
    start: usize,
    end: usize,
    /// The words the line starts with, when another block takes such lines.
    opener: Option<&'static str>,
}

/// The line at `pos` (where the parser stopped) when it is a body line
/// that `block` does not take. With `anywhere`, the parser may have
/// stopped anywhere in the line's first words; else only at its start.
///
/// A line that another kind of block takes is recognised by its first
/// words; any other line counts only when the parser stopped at its very
/// start (`anywhere` is then not enough: the line may be a name that
/// begins a line this block takes).
pub(crate) fn misplaced(block: &str, pos: usize) -> Option<Misplaced> {
    let kind = BlockLines::of(block)?;
    let line_start = block.get(..pos)?.rfind('\n')? + 1;
    // A line that goes on from the one above (after a comma) is part of it.
    let above = block.get(..line_start.saturating_sub(1)).unwrap_or("");
    let above = above
        .rsplit('\n')
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    if above.is_some_and(|l| strip_comment(l).trim_end().ends_with(',')) {
        return None;
    }
    let rest = block.get(line_start..)?;
    let line = rest.split('\n').next().unwrap_or("");
    let indent = line.len() - line.trim_start_matches(' ').len();
    let text = strip_comment(line).trim_end();
    if text.len() <= indent {
        return None;
    }
    let (start, end) = (line_start + indent, line_start + text.len());
    let words = text.get(indent..).unwrap_or("");
    let others: Vec<&'static str> = BLOCKS
        .iter()
        .flat_map(|b| b.takes.iter().flat_map(|l| l.starts.iter().copied()))
        .filter(|o| !kind.takes_opener(o))
        .collect();
    // The longest opener another block takes that this one does not.
    let foreign = others
        .iter()
        .filter_map(|o| starts_with_words(words, o).map(|n| (*o, n)))
        .filter(|(o, _)| {
            // `a`, `an`, `no`: only as the start of a count.
            !matches!(*o, "a" | "an" | "no" | "not" | "(")
        })
        .max_by_key(|(_, n)| *n);
    match foreign {
        Some((opener, len)) => {
            // Stopped within the opener or at the word after it.
            let after = words.get(len..).unwrap_or("");
            let next_word = start + len + (after.len() - after.trim_start().len());
            (pos <= next_word).then_some(Misplaced {
                block: kind,
                start,
                end,
                opener: Some(opener),
            })
        }
        None => (pos == start).then_some(Misplaced {
            block: kind,
            start,
            end,
            opener: None,
        }),
    }
}

impl Misplaced {
    /// The line starts with words another kind of block takes.
    pub(crate) fn is_foreign(&self) -> bool {
        self.opener.is_some()
    }

    pub(crate) fn diagnostic(&self, file: FileId, base: usize, block: &str) -> Diagnostic {
        let b = self.block;
        let line = block.get(self.start..self.end).unwrap_or("");
        let first = self
            .opener
            .map(str::to_string)
            .unwrap_or_else(|| line.split_whitespace().next().unwrap_or(line).to_string());
        let shown = if first.contains('#') {
            line.split_whitespace()
                .take(first.split_whitespace().count())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            first.clone()
        };
        let mut help = format!("the lines of {} are: {}", b.name, b.takes_in_words());
        match (self.opener, b.no_applies) {
            (Some("applies when"), Some(why)) => {
                help.push_str(&format!(". It takes no `applies when`: {why}"));
            }
            (Some(opener), _) => {
                let owners: Vec<&str> = BLOCKS
                    .iter()
                    .filter(|o| o.takes_opener(opener) && !is_condition_block(o))
                    .map(|o| o.name)
                    .collect();
                if !owners.is_empty() {
                    help.push_str(&format!(
                        ". {} `{shown} …` line belongs in {}",
                        article(&shown),
                        or_list(&owners)
                    ));
                }
            }
            (None, _) => {}
        }
        Diagnostic::error(
            "accord::syntax::misplaced-line",
            Span::new(file, base + self.start, base + self.end),
            format!("`{shown} …` is not a line of {}", b.name),
        )
        .with_label(format!("not a line of {}", b.name))
        .with_help(help)
    }
}

/// Fits, triggers and stages take conditions: a line that starts like a
/// condition "belongs" there only in a trivial sense, never worth saying.
fn is_condition_block(b: &BlockLines) -> bool {
    b.takes.iter().any(|l| l.starts == CONDITION_STARTS)
}

/// "A" or "An" before a word shown in backticks.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "An"
    } else {
        "A"
    }
}

/// The byte length of `text`'s start matching `pattern`'s words (`#` a
/// whole number, `+#` a signed one, `(` a bracket), whole words only.
fn starts_with_words(text: &str, pattern: &str) -> Option<usize> {
    let mut at = 0;
    for (i, word) in pattern.split(' ').enumerate() {
        let rest = text.get(at..)?;
        let rest_trimmed = if i == 0 {
            rest
        } else {
            rest.trim_start_matches(' ')
        };
        if i > 0 && rest_trimmed.len() == rest.len() {
            return None;
        }
        at += rest.len() - rest_trimmed.len();
        let len = match word {
            "(" => usize::from(rest_trimmed.starts_with('(')),
            "#" | "+#" => {
                let signed = word == "+#";
                let sign = usize::from(signed && rest_trimmed.starts_with(['+', '-']));
                if signed && sign == 0 {
                    return None;
                }
                let digits = rest_trimmed
                    .get(sign..)?
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .count();
                if digits == 0 {
                    return None;
                }
                sign + digits
            }
            _ => {
                let candidate = rest_trimmed.get(..word.len())?;
                if candidate != word {
                    return None;
                }
                word.len()
            }
        };
        if len == 0 {
            return None;
        }
        // Whole words: the next character is no letter, digit or `_`.
        let after = rest_trimmed.get(len..)?;
        if word != "(" && after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        at += len;
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_are_offered_each_block_s_line_words() {
        assert_eq!(
            line_starts("sla"),
            ["from", "applies when", "within", "tier", "after hours,"]
        );
        assert_eq!(
            line_starts("handoff"),
            ["applies when", "requires", "prefers"]
        );
        assert_eq!(line_starts("trigger"), ["any of", "all of"]);
        assert!(line_starts("fit").is_empty() && line_starts("mql").is_empty());
        assert!(line_starts("lead").contains(&"default time zone"));
        assert!(line_starts("import").is_empty());
    }

    #[test]
    fn openers_match_whole_words() {
        assert_eq!(
            starts_with_words("applies when mql", "applies when"),
            Some(12)
        );
        assert_eq!(
            starts_with_words("applies  when mql", "applies when"),
            Some(13)
        );
        assert_eq!(starts_with_words("applies_when", "applies when"), None);
        assert_eq!(starts_with_words("fromage is 1", "from"), None);
        assert_eq!(starts_with_words("tier 12 within", "tier #"), Some(7));
        assert_eq!(starts_with_words("tier one", "tier #"), None);
        assert_eq!(starts_with_words("+10 when x", "+#"), Some(3));
        assert_eq!(starts_with_words("10 when x", "+#"), None);
    }

    /// Every line the table shows (its first example, in backticks) parses
    /// inside its block: the table cannot describe lines the language does
    /// not have.
    #[test]
    fn every_line_shown_is_a_line_of_its_block() {
        let headers = [
            ("agreement", "agreement \"A\""),
            ("lead fields", "lead fields:\n  routed_at is a timestamp"),
            ("calendar", "calendar c:"),
            ("fit", "fit f:"),
            ("score", "score s:"),
            ("trigger", "trigger t:"),
            ("mql", "mql when all of:"),
            ("tiers", "tiers:"),
            ("sla", "sla s:\n  from routed_at to the first attempt"),
            ("persistence", "persistence:"),
            ("rejection reasons", "rejection reasons:"),
            ("recycling", "recycling:"),
            ("handoff", "handoff:"),
        ];
        for b in BLOCKS {
            let header = headers
                .iter()
                .find(|(h, _)| b.header.contains(h))
                .map(|(_, t)| (*t).to_string())
                .unwrap_or_else(|| panic!("no header for {}", b.name));
            for line in b.takes {
                let example = line.shown.split('`').nth(1).unwrap_or("");
                // Placeholders in capitals stand for what the user writes.
                let example = example
                    .replace("START", "routed_at")
                    .replace("STOP", "the first attempt")
                    .replace("CALENDAR", "c")
                    .replace("CONDITION", "segment is \"smb\"")
                    .replace("FIELD, FIELD, …", "segment, routed_at")
                    .replace("FIELD, …", "segment")
                    .replace("FIELD", "routed_at")
                    .replace("tier N", "tier 1");
                let mut indent = "  ";
                // An SLA takes one `from … to …` line: the example is it.
                let header = if b.header == ["sla"] && example.starts_with("from ") {
                    "sla s:".to_string()
                } else {
                    header.clone()
                };
                let mut header = header;
                // A trigger's conditions go under its `any of:` line.
                if b.header == ["trigger"] && !example.starts_with("any of") {
                    header.push_str("\n  any of:");
                    indent = "    ";
                }
                // A line ending in `:` opens lines below it.
                let below = match (example.ends_with(':'), b.header == ["score"]) {
                    (true, true) => format!("\n{indent}  +1 when segment is \"smb\""),
                    (true, false) => format!("\n{indent}  segment is \"smb\""),
                    _ => String::new(),
                };
                let text = format!(
                    "lead fields:\n  segment is text\n  attempts are events:\n    channel is text\n  activities are events:\n    kind is text\n\ncalendar c:\n  open Monday to Friday from 08:00 to 18:00\n\n{header}\n{indent}{example}{below}\n"
                );
                let text = text.replacen(
                    "lead fields:\n  segment is text",
                    "lead fields:\n  segment is text\n  routed_at is a timestamp",
                    usize::from(b.header != ["lead fields"]),
                );
                let text = if b.header == ["lead fields"] {
                    text.replacen("lead fields:\n  segment is text\n  attempts are events:\n    channel is text\n  activities are events:\n    kind is text\n\n", "", 1)
                } else {
                    text
                };
                let (_, diagnostics) = crate::parse(crate::span::FileId(0), &text);
                assert!(
                    diagnostics.iter().all(|d| !d.is_error()),
                    "{}: `{example}` does not parse:\n{text}\n{diagnostics:?}",
                    b.name
                );
            }
        }
    }
}
