//! Turns a pest error into a [`Diagnostic`] a RevOps person can act on:
//! the exact span of the offending text, what was expected *in words*
//! (never a grammar rule name), and a help line for mistakes we recognise.
//!
//! Codes:
//! - `accord::syntax::comparison-symbol` — `>=`, `<`, `==`… instead of words
//! - `accord::syntax::missing-colon` — a block header without its `:`
//! - `accord::syntax::unknown-word` — a misspelt keyword (closest suggested)
//! - `accord::syntax::unexpected` — anything else, with what was expected
//! - (in `parser/mod.rs`) `accord::syntax::tab-indent`,
//!   `accord::syntax::unterminated-string`; (in lowering)
//!   `accord::syntax::percent-missing`, `accord::syntax::mixed-score`,
//!   `accord::syntax::sla-span`.

use super::{spelling, Rule};
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};
use pest::error::{Error, ErrorVariant, InputLocation};

pub(crate) fn translate(error: &Error<Rule>, file: FileId, base: usize, block: &str) -> Diagnostic {
    let pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let positives: Vec<Rule> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let rest = block.get(pos..).unwrap_or("");
    let token = token_at(rest);
    let at_line_end =
        rest.trim_start_matches(' ').starts_with(['\n', '\r', '#']) || rest.trim().is_empty();

    // 1. A comparison symbol where words are expected.
    if let Some(words) = comparison_words(token) {
        let start = base + pos;
        // After `is`, only the rest of the words is missing.
        let after_is = block
            .get(..pos)
            .is_some_and(|b| b.trim_end().ends_with(" is"));
        let words = if after_is {
            words.strip_prefix("is ").unwrap_or(words)
        } else {
            words
        };
        let example = if words == "is" || words == "is not" {
            format!("`status {words} \"customer\"`")
        } else if after_is {
            format!("`employees is {words} 20`")
        } else {
            format!("`employees {words} 20`")
        };
        return Diagnostic::error(
            "accord::syntax::comparison-symbol",
            Span::new(file, start, start + token.len()),
            format!("`{token}` is not how a policy compares values"),
        )
        .with_label(format!("write `{words}` here"))
        .with_help(format!(
            "comparisons are written in words: `{words}` instead of `{token}`, e.g. {example}"
        ));
    }

    // 2. A block header missing its colon.
    if positives.contains(&Rule::colon) && at_line_end {
        let (s, e) = previous_token(block, pos);
        return Diagnostic::error(
            "accord::syntax::missing-colon",
            Span::new(file, base + s, base + e),
            "this line needs a colon at the end",
        )
        .with_label("add `:` after this")
        .with_help("a line that introduces indented lines below it ends with `:`");
    }

    // 3. A misspelt word (proven by re-parsing with the correction).
    if let Some(fix) = spelling::suggest(block, pos) {
        let wrong = block.get(fix.start..fix.end).unwrap_or("");
        return Diagnostic::error(
            "accord::syntax::unknown-word",
            Span::new(file, base + fix.start, base + fix.end),
            format!("`{wrong}` is not a word Accord knows here"),
        )
        .with_label(format!("did you mean `{}`?", fix.word))
        .with_help(format!("write `{}` instead of `{wrong}`", fix.word));
    }

    // 4. Anything else: say what was expected, in words.
    let expected = expected_phrase(&positives, pos == 0);
    let (s, e, found) = if token.is_empty() {
        let (s, e) = previous_token(block, pos);
        (s, e, String::from("the line ends"))
    } else {
        (pos, pos + token.len(), format!("found `{token}`"))
    };
    let mut d = Diagnostic::error(
        "accord::syntax::unexpected",
        Span::new(
            file,
            base + s,
            base + e.max(s + 1).min(block.len().max(s + 1)),
        ),
        format!("expected {expected}, but {found}"),
    )
    .with_label(if token.is_empty() {
        format!("expected {expected} after this")
    } else {
        format!("expected {expected}")
    });
    if pos == 0 {
        d = d.with_help(
            "a definition starts at the beginning of a line with a keyword such as `fit`, `score`, `trigger`, `mql`, `tiers` or `sla`; lines that belong to it are indented",
        );
    } else if token.is_empty() {
        d = d.with_help(
            "the line stops too early: finish the clause, or join it with the next line",
        );
    }
    d
}

/// The word, string, number or symbol at the start of `rest`.
fn token_at(rest: &str) -> &str {
    let rest_trimmed = rest.trim_start_matches(' ');
    let offset = rest.len() - rest_trimmed.len();
    let _ = offset;
    let mut chars = rest.char_indices();
    let Some((_, first)) = chars.next() else {
        return "";
    };
    let end = if first == '"' {
        rest.get(1..)
            .and_then(|r| r.find('"'))
            .map(|i| i + 2)
            .unwrap_or_else(|| rest.find('\n').unwrap_or(rest.len()))
    } else if first.is_alphanumeric() || first == '_' {
        rest.find(|c: char| {
            !(c.is_alphanumeric() || matches!(c, '_' | '-' | '\'' | '/' | '%' | '.' | ':'))
        })
        .unwrap_or(rest.len())
    } else if matches!(first, '>' | '<' | '=' | '!') {
        rest.find(|c: char| !matches!(c, '>' | '<' | '=' | '!'))
            .unwrap_or(rest.len())
    } else if matches!(first, '\n' | '\r' | ' ') {
        0
    } else {
        first.len_utf8()
    };
    rest.get(..end).unwrap_or("")
}

/// The span of the last token before `pos` (for "add `:` after this").
fn previous_token(block: &str, pos: usize) -> (usize, usize) {
    let before = block.get(..pos).unwrap_or("");
    let end = before.trim_end().len();
    let trimmed = before.get(..end).unwrap_or("");
    let start = if trimmed.ends_with('"') {
        trimmed
            .get(..end.saturating_sub(1))
            .and_then(|t| t.rfind('"'))
            .unwrap_or(0)
    } else {
        trimmed.rfind([' ', '\n']).map(|i| i + 1).unwrap_or(0)
    };
    if start >= end {
        (pos, pos + 1)
    } else {
        (start, end)
    }
}

fn comparison_words(token: &str) -> Option<&'static str> {
    Some(match token {
        ">=" | "=>" => "is at least",
        "<=" | "=<" => "is at most",
        ">" => "is more than",
        "<" => "is less than",
        "=" | "==" => "is",
        "!=" | "<>" => "is not",
        _ => return None,
    })
}

/// The literal word of a keyword rule (`kw_between` → `between`).
fn keyword_text(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::kw_between => "between",
        Rule::kw_is => "is",
        Rule::kw_are => "are",
        Rule::kw_at => "at",
        Rule::kw_least => "least",
        Rule::kw_most => "most",
        Rule::kw_more => "more",
        Rule::kw_less => "less",
        Rule::kw_than => "than",
        Rule::kw_above => "above",
        Rule::kw_below => "below",
        Rule::kw_one => "one",
        Rule::kw_of => "of",
        Rule::kw_in => "in",
        Rule::kw_present => "present",
        Rule::kw_missing => "missing",
        Rule::kw_within => "within",
        Rule::kw_when => "when",
        Rule::kw_unless => "unless",
        Rule::kw_where => "where",
        Rule::kw_and => "and",
        Rule::kw_or => "or",
        Rule::kw_not => "not",
        Rule::kw_for => "for",
        Rule::kw_each => "each",
        Rule::kw_weighs => "weighs",
        Rule::kw_decays => "decays",
        Rule::kw_every => "every",
        Rule::kw_without => "without",
        Rule::kw_otherwise => "otherwise",
        Rule::kw_tier => "tier",
        Rule::kw_from => "from",
        Rule::kw_to => "to",
        Rule::kw_counted => "counted",
        Rule::kw_applies => "applies",
        Rule::kw_after => "after",
        Rule::kw_open => "open",
        Rule::kw_closed => "closed",
        Rule::kw_version => "version",
        Rule::kw_effective => "effective",
        Rule::kw_ratified => "ratified",
        Rule::kw_review => "review",
        Rule::kw_owner => "owner",
        Rule::kw_party => "party",
        Rule::kw_requires => "requires",
        Rule::kw_prefers => "prefers",
        Rule::kw_route => "route",
        Rule::kw_nurture => "nurture",
        Rule::kw_archive => "archive",
        Rule::kw_enrich => "enrich",
        Rule::kw_never => "never",
        Rule::kw_cooling => "cooling",
        Rule::kw_human => "human",
        Rule::kw_default => "default",
        Rule::kw_contains => "contains",
        Rule::kw_matches => "matches",
        Rule::kw_starts => "starts",
        Rule::kw_ends => "ends",
        Rule::kw_business => "business",
        Rule::kw_consecutive => "consecutive",
        Rule::kw_since => "since",
        Rule::kw_any => "any",
        Rule::kw_all => "all",
        Rule::kw_the => "the",
        Rule::kw_there => "there",
        Rule::kw_exactly => "exactly",
        Rule::kw_optional => "optional",
        Rule::kw_by => "by",
        Rule::kw_on => "on",
        Rule::kw_with => "with",
        Rule::kw_share => "share",
        Rule::kw_number => "number",
        Rule::kw_average => "average",
        _ => return None,
    })
}

/// "a number, `between` or `at least`" from the rules pest tried.
fn expected_phrase(positives: &[Rule], block_start: bool) -> String {
    if block_start {
        return String::from("a definition keyword (`fit`, `score`, `trigger`, `mql`, `sla`, …)");
    }
    let mut phrases: Vec<String> = Vec::new();
    let mut push = |phrase: String| {
        if !phrases.contains(&phrase) {
            phrases.push(phrase);
        }
    };
    // Many comparison words at once read better as one phrase.
    let comparisons = positives
        .iter()
        .filter(|r| COMPARISON_WORDS.contains(r))
        .count();
    let group_comparisons = comparisons >= 3;
    if group_comparisons {
        push(String::from(
            "a comparison such as `at least 20`, `between 20 and 500`, `one of \"a\", \"b\"` or `present`",
        ));
    }
    for rule in positives {
        if group_comparisons && COMPARISON_WORDS.contains(rule) {
            continue;
        }
        let phrase = match keyword_text(*rule) {
            Some(k) => format!("`{k}`"),
            None => match rule_phrase(*rule) {
                Some(p) => p.to_string(),
                None => continue,
            },
        };
        push(phrase);
    }
    // The end of the line first: it is usually what the writer meant.
    if let Some(i) = phrases.iter().position(|p| p == END_OF_LINE) {
        let end = phrases.remove(i);
        phrases.insert(0, end);
    }
    match phrases.len() {
        0 => String::from("something else"),
        1 => phrases.remove(0),
        n => {
            let shown = n.min(6);
            let mut head: Vec<String> = phrases.drain(..shown).collect();
            let last = head.pop().unwrap_or_default();
            let more = if n > shown { ", …" } else { "" };
            format!("{}{more} or {last}", head.join(", "))
        }
    }
}

const END_OF_LINE: &str = "the end of the line";

/// The words that can follow `is` in a comparison.
const COMPARISON_WORDS: &[Rule] = &[
    Rule::kw_between,
    Rule::kw_at,
    Rule::kw_more,
    Rule::kw_less,
    Rule::kw_above,
    Rule::kw_below,
    Rule::kw_one,
    Rule::kw_in,
    Rule::kw_present,
    Rule::kw_missing,
    Rule::kw_within,
    Rule::kw_before,
    Rule::kw_after,
    Rule::kw_not,
];

fn rule_phrase(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::number | Rule::signed => "a number",
        Rule::int => "a whole number",
        Rule::percent => "a percentage such as `40%`",
        Rule::string | Rule::title | Rule::string_list => "text in quotes",
        Rule::date | Rule::date_list => "a date such as `2026-01-01`",
        Rule::time => "a time such as `08:00`",
        Rule::ident | Rule::name | Rule::word | Rule::stream_word => "a name",
        Rule::value | Rule::value_list => {
            "a value (a number, a percentage, text in quotes or a date)"
        }
        Rule::duration => "a duration such as `15 minutes`",
        Rule::unit => "a time unit (minutes, hours, days, weeks, months)",
        Rule::period => "a period (week, month, quarter or year)",
        Rule::colon => "`:`",
        Rule::weekday | Rule::day_spec | Rule::day_specs => "a weekday such as `Monday`",
        Rule::condition
        | Rule::or_expr
        | Rule::and_expr
        | Rule::not_expr
        | Rule::atom
        | Rule::cond_line
        | Rule::compare => "a condition",
        Rule::test => "`is …`, `contains …`, `starts with …` or `matches …`",
        Rule::quantity | Rule::event_cond => {
            "an event count such as `an activity \"demo_request\"`"
        }
        Rule::nl | Rule::indent | Rule::EOI => END_OF_LINE,
        Rule::type_expr | Rule::ty_number | Rule::ty_text => {
            "a type (a number, text, yes/no, one of …, a timestamp, events:)"
        }
        Rule::ordinal => "`first`, `second`, `2nd`…",
        Rule::yes_no | Rule::kw_yes | Rule::kw_no => "`yes` or `no`",
        Rule::zone_spec => "`in the lead's time zone` or `in \"Area/City\"`",
        Rule::instant => "a timestamp field or `the first …`",
        Rule::disposition => {
            "a disposition (archive, nurture, re-route, enrich, route to, re-enter)"
        }
        _ => return None,
    })
}
