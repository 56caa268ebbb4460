//! Turns a pest error into a [`Diagnostic`] a RevOps person can act on:
//! the exact span of the offending text, what was expected *in words*
//! (never a grammar rule name), and a help line for mistakes we recognise.
//!
//! Codes (stable; tools may match on them):
//! - `accord::syntax::comparison-symbol` — `>=`, `<=`, `>`, `<`, `==`, `!=`
//!   written instead of `is at least`, `is at most`, `is more than`,
//!   `is less than`, `is`, `is not`
//! - `accord::syntax::missing-colon` — a line that opens indented lines
//!   (a definition header, `fit weighs 40%`, `when all of`) without its `:`
//! - `accord::syntax::missing-comma` — `after hours due by …` and the like,
//!   where the two parts of a clause are joined by a comma
//! - `accord::syntax::unknown-word` — a misspelt word; the closest word of
//!   the language is suggested, and only if the correction makes the line
//!   read (see `spelling`)
//! - `accord::syntax::not-a-definition` — a line at the start of the line
//!   (column 0) that does not begin with a definition keyword
//! - `accord::syntax::name-letters` — a name with a letter outside a–z
//!   (`størrelse`); the name in plain letters is suggested
//! - `accord::syntax::misplaced-line` — a body line the block does not take
//!   (`requires …` in an SLA, `applies when …` in recycling), naming the
//!   block and the lines it takes (see `lines`)
//! - `accord::syntax::unexpected` — anything else, saying what was expected
//!   in words (see `phrases`)
//!
//! Raised elsewhere in the parser:
//! - `accord::syntax::tab-indent` — a line indented with a tab (mod.rs)
//! - `accord::syntax::unterminated-string` — text with no closing quote
//! - `accord::syntax::stray-indent` — indented lines before any definition
//! - `accord::syntax::percent-missing` — a plain number where a percentage
//!   is required (sub-score weights, decay rates, drift thresholds; lowering)
//! - `accord::syntax::mixed-score` — point rules both inside and outside a
//!   score's weighted parts (lowering)
//! - `accord::syntax::repeated-line` — a line a block takes once
//!   (`applies when`, an SLA's `from … to …`, a score's floor or decay)
//!   written twice
//! - `accord::syntax::sla-span` — an SLA without its `from … to …` line
//! - `accord::syntax::number-too-large` — a count, tier or position that
//!   does not fit a whole number, or any other number larger in size than
//!   `MAX_NUMBER` (lowering)
//! - `accord::syntax::indentation` — a body line indented deeper than the
//!   line above when nothing opens a list there, or not lining up (indent.rs)
//! - `accord::syntax::unreadable` — a definition that parsed but could not
//!   be lowered (a fault in Accord; never expected, never silent)
//! - `accord::syntax::too-deep` — brackets and `not`s nested too deeply to
//!   parse safely (mod.rs)

use super::grammar::Rule;
use super::other_words::times::{weekday_as_written, weekday_range};
use super::other_words::{comparison_in_other_words, Offer};
use super::phrases::expected_phrase;
use super::tree::{ends_the_line, error_pos, previous_token};
use super::{lines, spelling, MAX_NUMBER};
use crate::ast::DEFINITION_KEYWORDS;
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};
use pest::error::{Error, ErrorVariant};

/// Words that can never be a name (the grammar's `reserved`).
const RESERVED: &[&str] = &[
    "and",
    "or",
    "not",
    "when",
    "unless",
    "is",
    "are",
    "within",
    "where",
    "since",
    "for",
    "at",
    "by",
    "on",
    "the",
    "an",
    "a",
    "no",
    "there",
    "otherwise",
    "with",
    "between",
    "of",
    "exactly",
];

pub(crate) fn translate(error: &Error<Rule>, file: FileId, base: usize, block: &str) -> Diagnostic {
    let mut d = translate_raw(error, file, base, block);
    // Control characters (a stray NUL, a form feed) are shown escaped.
    for text in [&mut d.message, &mut d.label] {
        *text = escape_controls(text);
    }
    d.help = d.help.map(|h| escape_controls(&h));
    d
}

fn escape_controls(text: &str) -> String {
    if !text.contains(|c: char| c.is_control()) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn translate_raw(error: &Error<Rule>, file: FileId, base: usize, block: &str) -> Diagnostic {
    let pos = error_pos(error).min(block.len());
    let positives: Vec<Rule> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let rest = block.get(pos..).unwrap_or("");
    let token = token_at(rest);
    let at_line_end = ends_the_line(rest);

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
        ))
        .with_replacement(words);
    }

    // 1a. A comparison in other words (`is greater than 50`, `is over
    // 50`): the parser read the first word as a value and stopped after it.
    if let Some((s, e, words)) = comparison_in_other_words(block, pos, token) {
        let written = block.get(s..e).unwrap_or("");
        return write_instead(
            "accord::syntax::unknown-word",
            Span::new(file, base + s, base + e),
            format!("`{written}` is not how a policy compares values"),
            words.to_string(),
            format!("comparisons use the words `more than`, `less than`, `at least` and `at most`: write `{words}` instead of `{written}`"),
        );
    }

    // 1b. A number written with thousands separators (`1,000`) or an
    // exponent (`1e5`), as a spreadsheet shows it.
    if let Some((s, e, plain)) = number_as_written(block, pos) {
        let written = block.get(s..e).unwrap_or("");
        let span = Span::new(file, base + s, base + e);
        let message = format!("`{written}` is not how a number is written in a policy");
        let Some(plain) = plain else {
            // An exponent beyond any number a policy takes: no digits to
            // offer in its place.
            return Diagnostic::error("accord::syntax::unexpected", span, message)
                .with_label("an exponent, and too large")
                .with_help(format!(
                    "write numbers with digits only, without thousands separators or exponents; \
                     and `{written}` is too large: numbers in a policy lie between \
                     -{max} and {max} (a thousand million million)",
                    max = MAX_NUMBER
                ));
        };
        let help = format!(
            "write numbers with digits only, without thousands separators or exponents: `{plain}`"
        );
        return write_instead("accord::syntax::unexpected", span, message, plain, help);
    }

    // 1c. A clause in other words than a policy's (`if` for `when`, `not
    // in` for `is not in`, `20-500` for `20 and 500`).
    if let Some(i) = super::other_words::instead(block, pos, token, &positives) {
        let span = Span::new(file, base + i.start, base + i.end);
        return match i.offer {
            Offer::Write(write) => write_instead(i.code, span, i.message, write, i.help),
            Offer::Label(label) => Diagnostic::error(i.code, span, i.message)
                .with_label(label)
                .with_help(i.help),
        };
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
        .with_help("a line that introduces indented lines below it ends with `:`")
        .with_replacement(format!("{}:", block.get(s..e).unwrap_or("")));
    }

    // 3. A comma left out between two parts of a clause.
    if positives == [Rule::comma] && !token.is_empty() {
        let (s, e) = previous_token(block, pos);
        return Diagnostic::error(
            "accord::syntax::missing-comma",
            Span::new(file, base + s, base + e),
            "a comma is missing here",
        )
        .with_label("add `,` after this")
        .with_help(
            "some clauses have two parts joined by a comma, e.g. `after hours, due by 08:00 the next business day` or `from routed_at to the first attempt, counted in sales_hours`",
        )
        .with_replacement(format!("{},", block.get(s..e).unwrap_or("")));
    }

    // 4a. Text in curly or single quotes (pasted from a document).
    if token.starts_with(['“', '”', '‘', '’', '\'']) {
        let start = base + pos;
        let end = rest
            .char_indices()
            .skip(1)
            .find(|(_, c)| matches!(c, '“' | '”' | '‘' | '’' | '\'' | '\n'))
            .map_or(
                rest.len(),
                |(i, c)| if c == '\n' { i } else { i + c.len_utf8() },
            );
        let d = Diagnostic::error(
            "accord::syntax::wrong-quotes",
            Span::new(file, start, base + pos + end.max(1)),
            "text must be in straight double quotes",
        )
        .with_label("use \"…\" here")
        .with_help("write text between straight double quotes, e.g. `\"SaaS\"`; curly quotes (“ ”) and single quotes (' ') often come from pasting out of a document")
        ;
        // One right answer only when the text has its closing quote.
        return match straight_quotes(rest.get(..end.max(1)).unwrap_or("")) {
            Some(fixed) => d.with_replacement(fixed),
            None => d,
        };
    }

    // 4b. A word of the language where a name is expected (`fit is …`).
    let bare = token.trim_end_matches(':');
    let definition_keyword = block
        .get(..pos)
        .and_then(|b| b.split_whitespace().last())
        .filter(|w| DEFINITION_KEYWORDS.contains(w));
    if let Some(keyword) = definition_keyword.filter(|_| {
        RESERVED.contains(&bare)
            && positives
                .iter()
                .any(|r| matches!(r, Rule::name | Rule::ident))
    }) {
        let start = base + pos;
        return Diagnostic::error(
            "accord::syntax::reserved-name",
            Span::new(file, start, start + bare.len()),
            format!("`{bare}` is a word of the language, so it cannot be a name"),
        )
        .with_label("not usable as a name")
        .with_help(format!(
            "choose another name, e.g. `{bare}_{keyword}` or a word that says what it holds"
        ));
    }

    // 4c. A name with a hyphen (`lead-score`).
    let before = block.get(..pos).unwrap_or("");
    let name_before = before
        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    if !name_before.is_empty()
        && name_before.starts_with(|c: char| c.is_ascii_alphabetic())
        && rest
            .strip_prefix('-')
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        let start = base + pos - name_before.len();
        let rest_name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
            .collect();
        let written = format!("{name_before}{rest_name}");
        if let Some(range) = weekday_range(&written) {
            // `Monday-Friday` is a range of days, not a name.
            let help = format!("a range of weekdays is written with `to`: `{range}`");
            return write_instead(
                "accord::syntax::unexpected",
                Span::new(file, start, start + written.len()),
                format!("`{written}` is not how a range of days is written"),
                range,
                help,
            );
        }
        if let Some(n) = crate::number::number_in_words(&written) {
            // `twenty-five` is a number in words, not a name.
            return write_instead(
                "accord::syntax::unexpected",
                Span::new(file, start, start + written.len()),
                format!("`{written}` is a number in words"),
                n.to_string(),
                format!("write numbers with digits: `{n}` instead of `{written}`"),
            );
        }
        return Diagnostic::error(
            "accord::syntax::hyphen-in-name",
            Span::new(file, start, start + written.len()),
            format!("`{written}` is not a name: names cannot contain `-`"),
        )
        .with_label("use `_` instead of `-`")
        .with_help(format!(
            "names are letters, digits and underscores: write `{}`",
            written.replace('-', "_")
        ))
        .with_replacement(written.replace('-', "_"));
    }

    // 4d. A name with a letter outside a–z (`størrelse`, `größe`), or a
    // symbol such as an emoji written onto a name (`icp🚀`): the name as
    // written, from its first letter to its last.
    let outside_a_to_z = |c: char| !c.is_ascii() && !c.is_whitespace();
    if rest
        .starts_with(|c: char| outside_a_to_z(c) && (c.is_alphabetic() || !name_before.is_empty()))
        && (name_before.is_empty()
            || name_before.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
    {
        let start = base + pos - name_before.len();
        let rest_name: String = rest
            .chars()
            .take_while(|&c| c.is_alphanumeric() || c == '_' || outside_a_to_z(c))
            .collect();
        let written = format!("{name_before}{rest_name}");
        let letter = rest.chars().next().unwrap_or('?');
        return Diagnostic::error(
            "accord::syntax::name-letters",
            Span::new(file, start, start + written.len()),
            format!("`{written}` is not a name: names use only the letters a to z, without accents"),
        )
        .with_label(format!("`{letter}` is not one of them"))
        .with_help(format!(
            "names are plain letters, digits and underscores: write e.g. `{}` (a definition's title, in quotes, can say it in any language; a text value goes in quotes too: \"{written}\")",
            plain_letters(&written)
        ));
    }

    // 4a. A line another kind of block takes (`requires …` in an SLA).
    if let Some(m) = lines::misplaced(block, pos).filter(|m| m.is_foreign()) {
        return m.diagnostic(file, base, block);
    }

    // 4. A misspelt word (proven by re-parsing with the correction).
    if let Some(fix) = spelling::suggest(block, pos) {
        let wrong = block.get(fix.start..fix.end).unwrap_or("");
        return Diagnostic::error(
            "accord::syntax::unknown-word",
            Span::new(file, base + fix.start, base + fix.end),
            format!("`{wrong}` looks like a misspelling of `{}`", fix.word),
        )
        .with_label(format!("did you mean `{}`?", fix.word))
        .with_help(format!("write `{}` instead of `{wrong}`", fix.word))
        .with_replacement(fix.word);
    }

    // 5. A line that does not start a definition.
    if pos == 0 {
        let shown = if token.is_empty() { "this" } else { token };
        return Diagnostic::error(
            "accord::syntax::not-a-definition",
            Span::new(file, base, base + token.len().max(1).min(block.len().max(1))),
            format!("`{shown}` does not start a definition"),
        )
        .with_label("expected a definition keyword here")
        .with_help(
            "a definition starts at the beginning of a line with a keyword such as `fit`, `score`, `trigger`, `mql`, `tiers` or `sla`; if this line continues the one above it, indent it",
        );
    }

    // 6. Anything else: say what was expected, in words.
    let at_body_line_start = block
        .get(..pos)
        .and_then(|b| b.rsplit('\n').next())
        .is_some_and(|line| line.chars().all(|c| c == ' '))
        && pos > 0;
    let only_indent = positives
        .iter()
        .all(|r| matches!(r, Rule::indent | Rule::nl));
    let block_ends = rest
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    let mut expected = expected_phrase(&positives, at_body_line_start);
    if positives == [Rule::comma] && block.starts_with("metric") {
        expected = String::from("the period, such as `, by month`");
    }
    if only_indent && !positives.is_empty() {
        expected = String::from("indented lines below this");
    }
    let (s, e, found) = if token.is_empty() {
        let (s, e) = previous_token(block, pos);
        let found = if block_ends {
            "the definition ends"
        } else {
            "the line ends"
        };
        (s, e, String::from(found))
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
        if expected.is_empty() {
            if token.is_empty() {
                String::from("this line stops too early")
            } else {
                format!("`{token}` does not fit here")
            }
        } else {
            format!("expected {expected}, but {found}")
        },
    )
    .with_label(if expected.is_empty() {
        String::from("not expected here")
    } else if token.is_empty() && !only_indent {
        format!("expected {expected} after this")
    } else if only_indent {
        String::from("nothing is indented under this")
    } else {
        format!("expected {expected}")
    });
    let starts_with_digit = token.starts_with(|c: char| c.is_ascii_digit());
    if only_indent {
        d = d.with_help("write the lines that belong here below it, indented by two spaces");
    } else if positives.contains(&Rule::trigger_head) {
        d = d.with_help("a trigger lists its events under one `any of:` (or `all of:`) line, e.g. `any of, within the last 30 days:`");
    } else if starts_with_digit
        && positives
            .iter()
            .any(|r| matches!(r, Rule::score_line | Rule::point_rule | Rule::signed))
    {
        d = d.with_help(format!(
            "points start with a sign: `+{token} when …` adds points, `-{token} when …` takes them away"
        ));
    } else if starts_with_digit
        && positives.iter().any(|r| {
            matches!(
                r,
                Rule::condition | Rule::cond_line | Rule::atom | Rule::quantity | Rule::event_cond
            )
        })
    {
        d = d.with_help(format!(
            "a count of events starts with `at least`, `at most` or `exactly`, e.g. `at least {token} activities \"page_view\"`"
        ));
    } else if let Some(digits) = crate::number::number_in_words(token).filter(|_| {
        positives
            .iter()
            .any(|r| matches!(r, Rule::int | Rule::number | Rule::duration))
    }) {
        d = d.with_help(format!(
            "write numbers with digits: `{digits}` instead of `{token}`"
        ));
    } else if !token.is_empty()
        && !token.starts_with('"')
        && positives.contains(&Rule::string)
        && block
            .get(..pos)
            .is_some_and(|b| b.trim_end().ends_with("one of"))
        && token.starts_with(|c: char| c.is_ascii_alphabetic())
    {
        d = d.with_help(format!(
            "`one of` takes values in quotes, e.g. `one of \"SaaS\", \"E-commerce\"`; to test a named list, write `is in {token}`"
        ));
    } else if !token.is_empty()
        && token.starts_with(|c: char| c.is_alphanumeric())
        && positives.contains(&Rule::string)
    {
        d = d.with_help(format!("put text in double quotes, e.g. `\"{token}\"`"));
        // The one right answer when the word is all the line has left
        // (`version 1.0`, `import shared/schema.accord`): the same word in
        // quotes. A word with more after it (`agreement Acme Corp`) is
        // only part of the text, and one with a colon may end a header.
        let after = rest.get(token.len()..).unwrap_or("");
        if ends_the_line(after) && !token.contains([':', '"']) {
            d = d.with_replacement(format!("\"{token}\""));
        }
    } else if positives.contains(&Rule::date) || positives.contains(&Rule::date_list) {
        d = d.with_help(
            "dates are written year-month-day with two digits for the month and the day, e.g. `2026-01-01`",
        );
    } else if let Some(day) =
        weekday_as_written(token).filter(|_| positives.contains(&Rule::weekday))
    {
        d = d
            .with_help(format!(
                "weekdays are written in full, with a capital letter: `{day}` instead of `{token}`"
            ))
            .with_replacement(day);
    } else if positives.contains(&Rule::time) {
        d = d.with_help("times of day are written on the 24-hour clock with two digits each, e.g. `08:00` or `18:30`");
    } else if block.starts_with("breach") {
        d = d.with_help(
            "a breach names a metric and tests it, e.g. `response_within_sla is below 90% for 2 consecutive weeks`; define the rate first, e.g. `metric response_within_sla: the share of mql leads where first_response is met, by week`",
        );
    } else if token.is_empty() && block_ends && block.get(s..e).is_some_and(|t| t.ends_with(',')) {
        d = d.with_help(
            "the line ends with a comma, so it goes on in the next line: indent that line (a line that starts at the beginning begins a new definition)",
        );
    } else if token.is_empty() {
        d = d.with_help(
            "the line stops too early: finish the clause, or join it with the next line",
        );
    } else if let Some(m) = lines::misplaced(block, pos) {
        // A line this block does not take: say which lines it takes.
        return m.diagnostic(file, base, block);
    }
    // Every error says how to go on, if only in general words.
    if d.help.is_none() {
        d = d.with_help(if expected.is_empty() {
            String::from("this part of the line does not fit the clause: `accord docs` lists the forms each kind of definition takes")
        } else {
            format!("the line reads as a policy up to this point; what comes next must be {expected}")
        });
    }
    d
}

/// `six` → `6`: numbers written as words.
/// `written` in the letters a name may use: common accented and other
/// Latin letters spelt as a keyboard without them would (`ø` → `oe`,
/// `é` → `e`, `ß` → `ss`), anything else left out.
fn plain_letters(written: &str) -> String {
    let mut out = String::with_capacity(written.len());
    for c in written.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        let plain = match lower {
            'ä' | 'æ' => "ae",
            'ö' | 'ø' | 'œ' => "oe",
            'ü' => "ue",
            'å' => "aa",
            'ß' => "ss",
            'à' | 'á' | 'â' | 'ã' | 'ā' | 'ą' => "a",
            'ç' | 'ć' | 'č' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ō' => "o",
            'ù' | 'ú' | 'û' | 'ū' | 'ů' => "u",
            'ý' | 'ÿ' => "y",
            'ł' => "l",
            'ś' | 'š' => "s",
            'ź' | 'ż' | 'ž' => "z",
            'ř' => "r",
            'ď' => "d",
            'ť' => "t",
            _ => "",
        };
        if c.is_uppercase() {
            out.push_str(&plain.to_uppercase());
        } else {
            out.push_str(plain);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "name_");
    }
    out
}

/// The word, string, number or symbol at the start of `rest`.
fn token_at(rest: &str) -> &str {
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

/// Text in curly or single quotes, in straight double quotes; `None` when
/// it has no closing quote (where the text ends is then a guess).
fn straight_quotes(quoted: &str) -> Option<String> {
    let is_quote = |c: char| matches!(c, '“' | '”' | '‘' | '’' | '\'');
    let mut chars = quoted.chars();
    chars.next();
    let inner = chars.as_str().strip_suffix(is_quote)?;
    Some(format!("\"{inner}\""))
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

/// An error whose one right answer is `replacement` over its span: the
/// label shows it, and editors offer it as the fix.
fn write_instead(
    code: &str,
    span: Span,
    message: String,
    replacement: String,
    help: String,
) -> Diagnostic {
    // A replacement over several lines is labelled by its first line; an
    // empty one removes what it covers.
    let label = match replacement.split_once('\n') {
        _ if replacement.is_empty() => String::from("remove this"),
        Some((first, _)) => format!("write `{first}` …"),
        None => format!("write `{replacement}`"),
    };
    Diagnostic::error(code, span, message)
        .with_label(label)
        .with_help(help)
        .with_replacement(replacement)
}

/// A number the parser stopped in, written with thousands separators
/// (`1,000`, stopped at the comma) or an exponent (`1e5`, stopped at its
/// first digit, or at the `e` after the points' `+1`): its range in
/// `block` and the number as a policy writes it (`None` for an exponent
/// beyond [`MAX_NUMBER`], which no digits a policy takes can say).
fn number_as_written(block: &str, pos: usize) -> Option<(usize, usize, Option<String>)> {
    let is_number_char = |c: char| c.is_ascii_digit() || c == '.';
    let before = block.get(..pos)?;
    let rest = block.get(pos..)?;
    // Where the number the parser stopped after starts: the digits (and
    // points) just before `pos`, when there are some and they start a word.
    let number_start = || {
        let start = before.trim_end_matches(is_number_char).len();
        let starts_a_word = before
            .get(..start)
            .is_some_and(|b| !b.ends_with(|c: char| c.is_alphanumeric() || c == '_'));
        (start < pos && starts_a_word).then_some(start)
    };
    if rest.starts_with(',') {
        // Digits before the comma, then groups of exactly three digits.
        let start = number_start()?;
        let lead = before.get(start..)?;
        // `between 20,500` is more likely two numbers than one.
        let after_between = before
            .get(..start)
            .is_some_and(|b| b.trim_end().ends_with("between"));
        if lead.contains('.') || after_between {
            return None;
        }
        let groups_len = rest
            .as_bytes()
            .chunks(4)
            .take_while(|g| g.len() == 4 && g[0] == b',' && g[1..].iter().all(u8::is_ascii_digit))
            .count()
            * 4;
        let after = rest.get(groups_len..)?;
        if groups_len == 0 || after.starts_with(|c: char| c.is_alphanumeric() || c == '.') {
            return None;
        }
        let written = block.get(start..pos + groups_len)?;
        return Some((start, pos + groups_len, Some(written.replace(',', ""))));
    }
    // Stopped at the `e` (`+1e5 when …`: the points' number read as `1`):
    // the number starts at the digits before it.
    let start = if rest.starts_with(['e', 'E']) {
        number_start()?
    } else {
        pos
    };
    let token: &str = block
        .get(start..)?
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-')))
        .next()?;
    let (mantissa, exponent) = token.split_once(['e', 'E'])?;
    let plain_digits = |t: &str| !t.is_empty() && t.chars().all(is_number_char);
    let exponent_digits = exponent.trim_start_matches(['+', '-']);
    if !plain_digits(mantissa)
        || exponent_digits.is_empty()
        || !exponent_digits.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let value: f64 = token.parse().ok()?;
    let plain = (value.is_finite() && value.abs() <= MAX_NUMBER).then(|| value.to_string());
    Some((start, start + token.len(), plain))
}

#[cfg(test)]
mod tests {
    /// [`super::RESERVED`] is the grammar's `reserved` rule, word for word.
    #[test]
    fn reserved_words_match_the_grammar() {
        let grammar = include_str!("../../../../grammar/accord.pest");
        let rule = grammar
            .split("reserved = @{")
            .nth(1)
            .and_then(|r| r.split('}').next())
            .unwrap_or("");
        let mut in_grammar: Vec<&str> = rule.split('"').skip(1).step_by(2).collect();
        let mut listed = super::RESERVED.to_vec();
        in_grammar.sort_unstable();
        listed.sort_unstable();
        assert_eq!(listed, in_grammar);
    }
}
