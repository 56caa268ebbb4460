//! A syntax error is reported once: blocks that did not parse, and which
//! checker diagnostics would only repeat them.
//!
//! A block the parser rejects is dropped, so whatever it declared (a fit's
//! name, the tiers, the rejection reason codes, the lead fields, a
//! calendar…) is missing from the symbol table, and whatever it used looks
//! unused. Each [`BrokenBlock`] records what kind of block it was and, for
//! named kinds, its name; [`explains`] decides, by the diagnostic's code,
//! whether a checker diagnostic is a consequence of it:
//!
//! - "no X is named `n`" codes ([`About::Name`]) are consequences of a
//!   broken block named `n`, or of a broken block of a kind that declares
//!   such names whose name could not be read;
//! - codes about what a kind of block declares as a whole ([`About::Kind`]:
//!   tier numbers, reason codes, the schema's streams and choices, whether
//!   a calendar exists) are consequences of any broken block of that kind;
//! - "never used" ([`About::Uses`]) is a consequence of any broken block
//!   that could have used it.
//!
//! A block whose first word is no keyword counts as the closest keyword's
//! kind, or as any kind when nothing is close. An `import` that did not
//! parse, or names a file that could not be read, stands for every kind
//! of block (the file it names could declare anything).

use accord_syntax::Diagnostic;

use crate::db::{DefKind, SourceFile};
use crate::parse::{file_defs, parse_chunk};
use accord_syntax::suggest::closest;

/// A top-level block that did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenBlock {
    /// `None` when its first word is not (close to) a keyword.
    pub kind: Option<DefKind>,
    /// The name it would have declared (`fit big` → `big`, `mql` → `mql`),
    /// when it can be read.
    pub name: Option<String>,
}

/// The first word of each kind of block.
const KEYWORDS: &[(&str, DefKind)] = &[
    ("import", DefKind::Import),
    ("agreement", DefKind::Agreement),
    ("lead", DefKind::Fields),
    ("calendar", DefKind::Calendar),
    ("list", DefKind::List),
    ("fit", DefKind::Fit),
    ("score", DefKind::Score),
    ("trigger", DefKind::Trigger),
    ("exclusion", DefKind::Exclusion),
    ("mql", DefKind::Stage),
    ("sal", DefKind::Stage),
    ("sql", DefKind::Stage),
    ("tiers", DefKind::Tiers),
    ("sla", DefKind::Sla),
    ("persistence", DefKind::Persistence),
    ("rejection", DefKind::Rejections),
    ("recycling", DefKind::Recycling),
    ("handoff", DefKind::Handoff),
    ("metric", DefKind::Metric),
    ("breach", DefKind::Breach),
    ("drift", DefKind::Drift),
];

/// Kinds whose blocks carry a name after the keyword.
fn is_named(kind: DefKind) -> bool {
    matches!(
        kind,
        DefKind::Calendar
            | DefKind::List
            | DefKind::Fit
            | DefKind::Score
            | DefKind::Trigger
            | DefKind::Exclusion
            | DefKind::Sla
            | DefKind::Metric
            | DefKind::Breach
            | DefKind::Drift
    )
}

/// Kinds of blocks whose conditions or clauses can name other definitions.
fn can_use_definitions(kind: DefKind) -> bool {
    !matches!(
        kind,
        DefKind::Import | DefKind::Agreement | DefKind::Fields | DefKind::List | DefKind::Calendar
    )
}

/// The kind of block a first word starts (misspellings included).
fn keyword_kind(word: &str) -> Option<DefKind> {
    let exact = KEYWORDS.iter().find(|(k, _)| *k == word);
    let near = || {
        closest(word, KEYWORDS.iter().map(|(k, _)| *k))
            .and_then(|c| KEYWORDS.iter().find(|(k, _)| *k == c))
    };
    exact.or_else(near).map(|(_, kind)| *kind)
}

/// The leading identifier of a word (`big:` → `big`).
fn identifier(word: &str) -> Option<String> {
    let first = word.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let ident: String = word
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    Some(ident)
}

/// What one block's text says about itself (its header words).
pub fn broken_block(text: &str) -> Option<BrokenBlock> {
    let mut words = text.split_whitespace();
    let keyword = words.next()?;
    let kind = keyword_kind(keyword);
    let name = match kind {
        Some(DefKind::Stage) => identifier(keyword),
        Some(k) if !is_named(k) => None,
        // Unknown keyword: the second word may still be a name.
        _ => words.next().and_then(identifier),
    };
    Some(BrokenBlock { kind, name })
}

/// The blocks of a file that did not parse.
pub fn broken_blocks(db: &dyn salsa::Database, file: SourceFile) -> Vec<BrokenBlock> {
    file_defs(db, file)
        .chunks
        .iter()
        .filter(|(chunk, _)| parse_chunk(db, *chunk).items.is_empty())
        .filter_map(|(chunk, _)| broken_block(chunk.text(db)))
        .collect()
}

/// What a checker diagnostic depends on, by its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum About {
    /// A name that blocks of these kinds declare is unknown.
    Name(&'static [DefKind]),
    /// Something blocks of these kinds declare as a whole is missing.
    Kind(&'static [DefKind]),
    /// A definition nothing uses.
    Uses,
    /// Not about declarations elsewhere.
    Nothing,
}

/// What each code depends on.
pub fn about(code: &str) -> About {
    use DefKind::*;
    match code {
        "accord::unknown-field" => About::Name(&[Fields, Score, Sla]),
        "accord::unknown-definition" => About::Name(&[Fit, Trigger, Exclusion, Stage, Fields]),
        "accord::unknown-list" => About::Name(&[List]),
        "accord::unknown-calendar" => About::Name(&[Calendar]),
        "accord::unknown-metric" => About::Name(&[Metric]),
        "accord::unknown-tier" => About::Kind(&[Tiers]),
        "accord::unknown-reason-code" => About::Kind(&[Rejections]),
        "accord::unknown-event-stream"
        | "accord::unknown-event-kind"
        | "accord::unknown-event-field"
        | "accord::unknown-choice"
        | "accord::no-lead-time-zone" => About::Kind(&[Fields]),
        "accord::business-time-without-calendar" => About::Kind(&[Calendar]),
        "accord::unused-definition" => About::Uses,
        _ => About::Nothing,
    }
}

/// Whether `d` only repeats what the broken block `b` already caused.
pub fn explains(b: &BrokenBlock, d: &Diagnostic) -> bool {
    // A block of unknown kind could have been any of them; an import
    // brings in blocks of every kind.
    let of_kind = |kinds: &[DefKind]| match b.kind {
        Some(DefKind::Import) | None => true,
        Some(k) => kinds.contains(&k),
    };
    match about(&d.code) {
        About::Name(kinds) => match &b.name {
            Some(name) => d.message.contains(&format!("`{name}`")),
            None => of_kind(kinds),
        },
        About::Kind(kinds) => of_kind(kinds),
        About::Uses => match b.kind {
            Some(k) => can_use_definitions(k),
            None => true,
        },
        About::Nothing => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_say_kind_and_name() {
        let b = |t: &str| broken_block(t).map(|b| (b.kind, b.name));
        assert_eq!(
            b("fit big \"Big\":\n  x >= 1"),
            Some((Some(DefKind::Fit), Some("big".into())))
        );
        assert_eq!(
            b("list free_domain: \"a\" \"b\""),
            Some((Some(DefKind::List), Some("free_domain".into())))
        );
        assert_eq!(
            b("tiers \"T\":\n  tier 3 otherwize"),
            Some((Some(DefKind::Tiers), None))
        );
        assert_eq!(
            b("rejection reasons \"R\"\n  a \"A\": archive"),
            Some((Some(DefKind::Rejections), None))
        );
        assert_eq!(
            b("mql \"MQL\" when a >= 1"),
            Some((Some(DefKind::Stage), Some("mql".into())))
        );
        assert_eq!(
            b("trigerr high_intent \"T\":"),
            Some((Some(DefKind::Trigger), Some("high_intent".into())))
        );
        assert_eq!(
            b("zzzzzz something"),
            Some((None, Some("something".into())))
        );
    }
}
