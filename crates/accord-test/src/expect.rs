//! What a case expects, and how it is compared with the evaluator's row.
//!
//! | line | compares |
//! |---|---|
//! | `expect mql yes` / `no` (also `sal`, `sql`) | the stage's answer |
//! | `expect tier 2` / `expect no tier` | the tier |
//! | `expect excluded by customer` / `expect not excluded` | the exclusion that decided |
//! | `expect sla first_response met` (`breached`, `pending`, `not applicable`) | an SLA's state |
//! | `expect persistence compliant` (`failed`, `pending`, `not applicable`) | contact persistence |
//! | `expect recycling may re-enter` (`held`, `none` = not rejected) | recycling |
//! | `expect handoff complete` / `incomplete` | handoff completeness |

use accord_eval::{Row, SlaState};
use accord_syntax::suggest::or_list;

/// One `expect …` line.
#[derive(Clone, Debug, PartialEq)]
pub enum Expectation {
    /// `mql yes`, `sal no`, `sql yes`.
    Stage(StageWord, bool),
    /// `tier 1`; `None` for `no tier`.
    Tier(Option<u32>),
    /// `excluded by NAME`; `None` for `not excluded`.
    Excluded(Option<String>),
    /// `sla NAME STATE`.
    Sla(String, SlaState),
    /// `persistence compliant|failed|pending|not applicable`.
    Persistence(PersistenceWord),
    /// `recycling may re-enter|held|none`.
    Recycling(RecyclingWord),
    /// `handoff complete|incomplete`.
    Handoff(bool),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageWord {
    Mql,
    Sal,
    Sql,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersistenceWord {
    Compliant,
    Failed,
    Pending,
    NotApplicable,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecyclingWord {
    MayReenter,
    Held,
    None,
}

/// A state's words in a test file, for reading it and for writing it.
trait Worded: Copy + PartialEq + 'static {
    /// Each state with its words.
    const WORDS: &'static [(&'static str, Self)];

    /// The state `words` name.
    fn read(words: &str) -> Option<Self> {
        Self::WORDS
            .iter()
            .find(|(w, _)| *w == words)
            .map(|(_, s)| *s)
    }

    /// The words of this state.
    fn words(self) -> &'static str {
        Self::WORDS
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("", |(w, _)| w)
    }
}

impl Worded for PersistenceWord {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("compliant", PersistenceWord::Compliant),
        ("failed", PersistenceWord::Failed),
        ("pending", PersistenceWord::Pending),
        ("not applicable", PersistenceWord::NotApplicable),
    ];
}

impl Worded for RecyclingWord {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("may re-enter", RecyclingWord::MayReenter),
        ("held", RecyclingWord::Held),
        ("none", RecyclingWord::None),
    ];
}

/// An expectation the row did not meet.
#[derive(Clone, Debug, PartialEq)]
pub struct Mismatch {
    /// What was compared (`tier`, `sla first_response`).
    pub what: String,
    pub expected: String,
    pub actual: String,
}

const HELP: &str = "write one of: `expect mql yes` (or sal, sql; yes or no), `expect tier 1`, `expect no tier`, `expect excluded by NAME`, `expect not excluded`, `expect sla NAME met` (breached, pending, not applicable), `expect persistence compliant` (failed, pending, not applicable), `expect recycling may re-enter` (held, none), `expect handoff complete` (incomplete)";

/// The help for an expectation that could not be read: what its first
/// word takes, when that word is one `expect` knows; else every form.
fn help_for(first: &str) -> String {
    match first {
        "mql" | "sal" | "sql" => {
            format!("`expect {first}` takes yes or no: `expect {first} yes`")
        }
        "tier" => "`expect tier` takes a tier number, e.g. `expect tier 1`; for a lead with no tier write `expect no tier`".into(),
        "excluded" | "not" => "write `expect excluded by NAME` with the name of an exclusion (e.g. `expect excluded by customer`), or `expect not excluded`".into(),
        "sla" => format!(
            "write `expect sla NAME STATE`: the name of an SLA, then {}",
            or_list(&values_of(first))
        ),
        "persistence" | "recycling" | "handoff" => {
            format!("`expect {first}` takes {}", or_list(&values_of(first)))
        }
        _ => HELP.to_string(),
    }
}

/// An expectation that could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Unread {
    /// What the expectation's first word takes (or every form).
    pub help: String,
    /// When its value is a word `expect` knows said another way (`true`,
    /// `one`, `breach`, `complet`): where it is in the text (bytes) and
    /// the word to write there.
    pub fix: Option<(std::ops::Range<usize>, String)>,
}

/// Words people write for the value of an expectation, and the word
/// `expect` takes — offered where the kind takes that word and not the
/// one written (`failed` is persistence's own word, an SLA's `breached`).
const SAID_OTHERWISE: [(&str, &str); 20] = [
    ("true", "yes"),
    ("false", "no"),
    ("y", "yes"),
    ("n", "no"),
    ("qualified", "yes"),
    ("breach", "breached"),
    ("missed", "breached"),
    ("late", "breached"),
    ("failed", "breached"),
    ("on time", "met"),
    ("ok", "met"),
    ("n/a", "not applicable"),
    ("na", "not applicable"),
    ("none", "not applicable"),
    ("breached", "failed"),
    ("met", "compliant"),
    ("non-compliant", "failed"),
    ("can re-enter", "may re-enter"),
    ("reenter", "may re-enter"),
    ("incompleted", "incomplete"),
];

/// The words each expectation takes as its value.
fn values_of(first: &str) -> Vec<&'static str> {
    fn words<T: Worded>() -> Vec<&'static str> {
        T::WORDS.iter().map(|(w, _)| *w).collect()
    }
    match first {
        "mql" | "sal" | "sql" => vec!["yes", "no"],
        "sla" => SlaState::ALL.into_iter().map(state_words).collect(),
        "persistence" => words::<PersistenceWord>(),
        "recycling" => words::<RecyclingWord>(),
        "handoff" => vec!["complete", "incomplete"],
        _ => Vec::new(),
    }
}

/// The word to write for the value `said` of an expectation that takes
/// `values`: another way of saying one of them, or one of them misspelt.
fn value_meant(said: &str, values: &[&'static str]) -> Option<String> {
    let lower = said.to_lowercase();
    if let Some((_, meant)) = SAID_OTHERWISE
        .iter()
        .find(|(w, meant)| *w == lower && values.contains(meant) && !values.contains(w))
    {
        return Some(meant.to_string());
    }
    accord_syntax::suggest::closest(&lower, values.iter().copied())
        .or_else(|| values.iter().copied().find(|v| *v == lower))
        .map(str::to_string)
}

fn yes_no(word: &str) -> Option<bool> {
    match word {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// Where the words of `text` from the `n`-th on start (bytes).
fn words_from(text: &str, n: usize) -> Option<usize> {
    let mut at = 0;
    for _ in 0..n {
        let rest = &text[at..];
        let start = rest.len() - rest.trim_start().len();
        let word = rest.split_whitespace().next()?;
        at += start + word.len();
    }
    let rest = &text[at..];
    Some(at + rest.len() - rest.trim_start().len())
}

impl Expectation {
    /// Reads the words after `expect`; the error says what the first word
    /// takes and, for a value said another way, the word to write.
    pub fn parse(text: &str) -> Result<Expectation, Unread> {
        Expectation::parse_words(text).ok_or_else(|| Expectation::unread(text))
    }

    /// Why `text` (which does not parse) is no expectation.
    fn unread(text: &str) -> Unread {
        let first = text.split_whitespace().next().unwrap_or_default();
        let help = help_for(first);
        // The value: after the first word, or the SLA's name.
        let skip = if first == "sla" { 2 } else { 1 };
        let fix = words_from(text, skip).and_then(|at| {
            let said = text[at..].trim_end();
            let meant = if first == "tier" {
                accord_syntax::number::number_in_words(&said.to_lowercase()).map(|n| n.to_string())
            } else {
                value_meant(said, &values_of(first))
            }?;
            (!said.is_empty() && meant != said).then(|| (at..at + said.len(), meant))
        });
        Unread { help, fix }
    }

    /// Reads the words after `expect`.
    fn parse_words(text: &str) -> Option<Expectation> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let rest = |from: usize| words.get(from..).map(|w| w.join(" ")).unwrap_or_default();
        let parsed = match words.as_slice() {
            [stage @ ("mql" | "sal" | "sql"), answer] => yes_no(answer).map(|b| {
                let kind = match *stage {
                    "mql" => StageWord::Mql,
                    "sal" => StageWord::Sal,
                    _ => StageWord::Sql,
                };
                Expectation::Stage(kind, b)
            }),
            ["tier", n] => n.parse().ok().map(|n| Expectation::Tier(Some(n))),
            ["no", "tier"] => Some(Expectation::Tier(None)),
            ["excluded", "by", name] => Some(Expectation::Excluded(Some(name.to_string()))),
            ["not", "excluded"] => Some(Expectation::Excluded(None)),
            ["sla", name, ..] => {
                SlaState::from_word(&rest(2)).map(|s| Expectation::Sla(name.to_string(), s))
            }
            ["persistence", ..] => PersistenceWord::read(&rest(1)).map(Expectation::Persistence),
            ["recycling", ..] => RecyclingWord::read(&rest(1)).map(Expectation::Recycling),
            ["handoff", "complete"] => Some(Expectation::Handoff(true)),
            ["handoff", "incomplete"] => Some(Expectation::Handoff(false)),
            _ => None,
        };
        parsed
    }

    /// Compares with a row: `None` when the row meets the expectation.
    pub fn check(&self, row: &Row) -> Option<Mismatch> {
        let (what, expected, actual) = match self {
            Expectation::Stage(kind, want) => {
                let (what, got) = match kind {
                    StageWord::Mql => ("mql", row.mql),
                    StageWord::Sal => ("sal", row.sal),
                    StageWord::Sql => ("sql", row.sql),
                };
                (what.to_string(), answer(Some(*want)), answer(got))
            }
            Expectation::Tier(want) => ("tier".to_string(), tier(*want), tier(row.tier)),
            Expectation::Excluded(want) => {
                let got = row
                    .exclusions
                    .as_ref()
                    .and_then(|e| e.first())
                    .map(|e| e.name.to_string());
                ("exclusion".to_string(), excluded(want), excluded(&got))
            }
            Expectation::Sla(name, want) => {
                let got = row
                    .slas
                    .as_ref()
                    .and_then(|s| s.get(name))
                    .map_or("(no such SLA)", |s| state_words(s.state));
                (
                    format!("sla {name}"),
                    state_words(*want).to_string(),
                    got.to_string(),
                )
            }
            Expectation::Persistence(want) => {
                let got = match &row.persistence {
                    None => "(no persistence rules)",
                    Some(p) if !p.applies => "not applicable",
                    Some(p) if !p.compliant => "failed",
                    Some(p) if !p.pending.is_empty() => "pending",
                    Some(_) => "compliant",
                };
                let want = want.words();
                ("persistence".to_string(), want.to_string(), got.to_string())
            }
            Expectation::Recycling(want) => {
                let got = match &row.recycling {
                    None => "none",
                    Some(r) if r.may_reenter => "may re-enter",
                    Some(_) => "held",
                };
                let want = want.words();
                ("recycling".to_string(), want.to_string(), got.to_string())
            }
            Expectation::Handoff(want) => {
                let word = |c: bool| if c { "complete" } else { "incomplete" };
                let got = row
                    .handoff
                    .as_ref()
                    .map_or("(no handoff rules)", |h| word(h.complete));
                (
                    "handoff".to_string(),
                    word(*want).to_string(),
                    got.to_string(),
                )
            }
        };
        (expected != actual).then_some(Mismatch {
            what,
            expected,
            actual,
        })
    }
}

fn answer(b: Option<bool>) -> String {
    match b {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => "(not defined by the policy)".into(),
    }
}

fn tier(t: Option<u32>) -> String {
    t.map_or_else(|| "no tier".to_string(), |t| t.to_string())
}

fn excluded(name: &Option<String>) -> String {
    name.as_ref().map_or_else(
        || "not excluded".to_string(),
        |n| format!("excluded by {n}"),
    )
}

/// An SLA state as an expectation writes it (`not applicable`, two words).
fn state_words(s: SlaState) -> &'static str {
    match s {
        SlaState::NotApplicable => "not applicable",
        other => other.word(),
    }
}
