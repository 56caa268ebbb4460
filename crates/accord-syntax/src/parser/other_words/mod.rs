//! Clauses written the way people say them rather than the way a policy
//! writes them, found where the parser stopped: `+10 if …` (a policy says
//! `when`), `a || b` (`or`), `is equal to` (`is`), `is 50 to 500`
//! (`is between 50 and 500`), two values without a comma, `industry not
//! in target_industries` (`is not in`), a comparison without its `is`,
//! `+5 per activity …` (`for each`), a list in brackets or values joined
//! with `or` (`is one of "A", "B"`), `between 20-500` (`between 20 and
//! 500`), `when all:` (`all of:`), `is not at least` (`is less than`),
//! `more than or equal to` (`at least`), `is exactly` (`is`), `is not
//! between` and `does not contain` (`not` before the condition), an SLA
//! `from a until b` or `a -> b` (`to`), `4 hrs` and `4h` (`4 hours`),
//! `none of:` (`all of:` with `not` before each condition; a trigger's
//! `none of, within the last 30 days:` too; the rewrite in [`none_of`]),
//! `country in ["US", "CA"]` (`is one of "US", "CA"`), `in the
//! last 30 days` (`within the last`). Each has one right answer, so the
//! diagnostic carries it as the replacement. What follows a comparison
//! that is already complete — a full stop, a unit after the number, more
//! values, a second comparison without its field, a time window after a
//! value, a comma ending the line, a list's name as words — is read in
//! [`after_a_value`]; comparisons in other words (`is not at least`, `is
//! exactly`, `greater than`) in [`comparisons`]; a date written another
//! way (`01/15/2026`, `January 15, 2026`) in [`dates`]; a time counted
//! back from as-of (`less than 30 days ago`) in [`ago`]; an SLA's
//! calendar and limit, a metric's kind and period and a breach's run of
//! periods (`in sales_hours`, `the count of`, `per month`, `for 2
//! months`) in [`measures`]; a definition's keyword, a tier's last line
//! and a score's points (`exclude`, `tier 3 else`, `+10 points`, `add 10
//! when`) in [`rules`]; what happens to a rejected lead (`recycle after 30
//! days`, `nurture` without its track) in [`dispositions`]; lists said
//! another way (items joined by `and`, values without quotes, `list x
//! are …`) in [`lists`]; a time of day
//! written another way (`9am`, `9am-5pm` where a calendar's hours go) in
//! [`times`]; a field's type as a database names it (`a string`, `an
//! integer`, `a boolean`) in [`field_types`].

use super::grammar::Rule;
use super::lines;
use super::tree::ends_the_line;

mod after_a_value;
mod ago;
mod comparisons;
mod dates;
mod dispositions;
mod field_types;
mod lists;
mod measures;
mod none_of;
mod rules;
pub(super) mod times;

pub(super) use comparisons::comparison_in_other_words;
use comparisons::{comparison_reworded, subject_at_end};

/// The code of the general syntax error.
const UNEXPECTED: &str = "accord::syntax::unexpected";

/// The units a duration is written in, as the grammar's `unit` takes them.
const TIME_UNITS: [&str; 14] = [
    "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months",
    "quarter", "quarters", "year", "years",
];

/// What to write instead of what the parser stopped at: the byte range in
/// the block, what the diagnostic offers there, the message and the help.
pub(super) struct Instead {
    /// The diagnostic's code: `accord::syntax::unexpected` but for a
    /// mistake that has a code of its own.
    pub code: &'static str,
    pub start: usize,
    pub end: usize,
    pub offer: Offer,
    pub message: String,
    pub help: String,
}

/// What a diagnostic for words a policy does not use offers over its range.
pub(super) enum Offer {
    /// The words to write there: its label shows them, an editor applies
    /// them.
    Write(String),
    /// No one right answer (the help says what the choices are): only a
    /// label naming what the range is.
    Label(&'static str),
}

impl Instead {
    /// The general syntax error's `Instead`: write `write` over
    /// `start..end`.
    fn unexpected(
        start: usize,
        end: usize,
        write: impl Into<String>,
        message: String,
        help: String,
    ) -> Instead {
        Instead {
            code: UNEXPECTED,
            start,
            end,
            offer: Offer::Write(write.into()),
            message,
            help,
        }
    }
}

/// Where the parser stopped, as [`instead`]'s own readings and those of
/// [`measures`] and [`rules`] take it.
pub(super) struct Stop<'a> {
    /// The block the parser read.
    block: &'a str,
    /// Where in it the parser stopped.
    pos: usize,
    /// The word, text or symbol there.
    token: &'a str,
    /// The block from there.
    rest: &'a str,
    /// Its line up to there.
    line_before: &'a str,
    /// What the parser expected there.
    positives: &'a [Rule],
}

impl Stop<'_> {
    /// Whether the parser expected `rule` there.
    fn expects(&self, rule: Rule) -> bool {
        self.positives.contains(&rule)
    }

    /// The block after the token.
    fn after_token(&self) -> &str {
        self.rest.get(self.token.len()..).unwrap_or("")
    }

    /// `write` over `len` bytes from where the parser stopped.
    fn write_over(
        &self,
        len: usize,
        write: impl Into<String>,
        message: String,
        help: String,
    ) -> Instead {
        Instead::unexpected(self.pos, self.pos + len, write, message, help)
    }

    /// [`Stop::write_over`], taking in the spaces before where the parser
    /// stopped too (from the end of the word before): for what goes right
    /// after that word (`,`, `:`) or is removed with its space.
    fn after_word_before(
        &self,
        len: usize,
        write: impl Into<String>,
        message: String,
        help: String,
    ) -> Instead {
        let spaces = self.line_before.len() - self.line_before.trim_end().len();
        let mut instead = self.write_over(len, write, message, help);
        instead.start -= spaces;
        instead
    }

    /// The line from where the parser stopped to its end, without its
    /// comment or the spaces before it.
    fn rest_of_line(&self) -> &str {
        let line = self.rest.split('\n').next().unwrap_or("");
        line.split(" #").next().unwrap_or(line).trim_end()
    }
}

/// The clause at `pos` of `block` (the parser stopped at `token`,
/// expecting `positives`) in other words than a policy's, and what to
/// write instead; `None` when it is not one of them.
///
/// What follows a complete comparison ([`after_a_value`]) is not read on a
/// line another kind of block takes (`requires email` in a fit): that
/// line is told where it belongs instead, not taken for a name in words.
pub(super) fn instead(block: &str, pos: usize, token: &str, positives: &[Rule]) -> Option<Instead> {
    let stop = Stop {
        block,
        pos,
        token,
        rest: block.get(pos..)?,
        line_before: block.get(..pos)?.rsplit('\n').next().unwrap_or(""),
        positives,
    };
    let foreign_line = || lines::misplaced(block, pos).is_some_and(|m| m.is_foreign());
    reworded(&stop)
        .or_else(|| dates::date_as_written(block, pos, positives))
        .or_else(|| dates::date_in_words(block, pos, positives))
        .or_else(|| ago::time_ago_reworded(block, pos))
        .or_else(|| measures::instead(&stop))
        .or_else(|| rules::instead(&stop))
        .or_else(|| dispositions::instead(&stop))
        .or_else(|| times::instead(&stop))
        .or_else(|| field_types::instead(&stop))
        .or_else(|| lists::instead(&stop))
        .or_else(|| {
            (!foreign_line())
                .then(|| after_a_value::instead(stop.line_before, stop.rest, pos, positives))?
        })
}

/// [`instead`]'s clauses with one right answer.
fn reworded(stop: &Stop) -> Option<Instead> {
    let Stop {
        block,
        pos,
        token,
        rest,
        line_before,
        ..
    } = *stop;
    let expects = |r: Rule| stop.expects(r);
    // Where the line the parser stopped in starts, in `block`.
    let line_start = pos - line_before.len();

    // `+10 if phone_verified`: conditions follow `when`.
    if matches!(token, "if" | "whenever") && expects(Rule::kw_when) {
        return Some(stop.write_over(
            token.len(),
            "when",
            format!("`{token}` is not how a policy says when a rule applies"),
            format!(
                "a condition follows the word `when`, e.g. `+10 when phone_verified`: write `when` instead of `{token}`"
            ),
        ));
    }

    // `when all:`, `any, within the last 30 days:`: a group of conditions
    // is `all of` / `any of`.
    if matches!(token.chars().next(), Some(':' | ',')) && expects(Rule::kw_of) {
        let before = line_before.trim_end();
        let group = ["all", "any"].into_iter().find(|w| {
            before
                .strip_suffix(w)
                .is_some_and(|h| h.is_empty() || h.ends_with(' '))
        });
        if let Some(word) = group {
            return Some(Instead::unexpected(
                line_start + before.len() - word.len(),
                line_start + before.len(),
                format!("{word} of"),
                format!("a group of conditions is written `{word} of`"),
                format!(
                    "write `{word} of`: `when {word} of:` with the conditions indented below it (in a trigger, `{word} of, within the last 30 days:`)"
                ),
            ));
        }
    }

    if token.starts_with("of") {
        if let Some(i) = none_of::none_of_group(line_before, rest, line_start) {
            return Some(i);
        }
    }

    // `none of, within the last 30 days:` heading a trigger (the parser
    // stopped at its first word, expecting `any` or `all`).
    if matches!(token, "none" | "not")
        && expects(Rule::trigger_head)
        && line_before.trim().is_empty()
    {
        if let Some(i) = none_of::none_of_group(line_before, rest, line_start) {
            return Some(i);
        }
    }

    // `at least 2 activity in the last 30 days`, `over the past week`: a
    // count's window, or a trigger's (`any of, within the last …:`), is
    // `within the last`; persistence's and an SLA's limit is `within 10
    // business days`, without `the last`.
    if let Some(written) = window_in_other_words(rest).filter(|w| !w.starts_with("within")) {
        let wants_window = expects(Rule::window)
            || expects(Rule::w_last)
            || (expects(Rule::kw_within) && line_before.trim_end().ends_with(','));
        let fix = if wants_window {
            Some((
                "within the last",
                format!("a count of events is limited to a time with `within the last`, not `{written}`"),
                "write `within the last`, e.g. `at least 2 activities \"pricing_view\" within the last 30 days`",
            ))
        } else if expects(Rule::kw_within) {
            Some((
                "within",
                format!("a time limit is written `within`, not `{written}`"),
                "write `within` and the time, e.g. `at least 6 attempts within 10 business days`",
            ))
        } else {
            None
        };
        if let Some((write, message, help)) = fix {
            return Some(stop.write_over(written.len(), write, message, help.to_string()));
        }
    }
    if matches!(token, "past" | "previous") && expects(Rule::kw_last) {
        return Some(stop.write_over(
            token.len(),
            "last",
            format!("a time window is written `within the last`, not `within the {token}`"),
            String::from("write `last`, e.g. `within the last 30 days`"),
        ));
    }

    // `from mql_at until routed_at`, `mql_at -> routed_at`: an SLA runs
    // `from` one instant `to` another.
    let arrow = rest.starts_with("->").then_some("->");
    if let Some(word) =
        arrow.or(Some(token).filter(|t| matches!(*t, "until" | "till" | "through" | "thru")))
    {
        if expects(Rule::kw_to) {
            return Some(stop.write_over(
                word.len(),
                "to",
                format!("an SLA runs `from` one moment `to` another, not `{word}`"),
                String::from("write `to`, e.g. `from routed_at to the first attempt`"),
            ));
        }
    }

    // `within 4 hrs`, `5 mins`, `within 4h`: a time unit in full, after
    // its number and a space.
    let digits = token.len() - token.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, short) = if expects(Rule::unit) {
        let before = line_before.trim_end();
        let before = before.strip_suffix(" business").unwrap_or(before);
        (before.rsplit(' ').next().unwrap_or(""), token)
    } else if digits > 0 && expects(Rule::number) {
        token.split_at(digits)
    } else {
        ("", "")
    };
    if let Some(unit) = unit_in_full(short, number == "1") {
        let write = if expects(Rule::unit) {
            unit.to_string()
        } else {
            format!("{number} {unit}")
        };
        return Some(stop.write_over(
            token.len(),
            &write,
            format!("`{token}` is written `{write}` in a policy"),
            format!(
                "time is written with its unit in full after the number: minutes, hours, days, weeks, months, quarters or years; write `{write}`"
            ),
        ));
    }

    // `a || b`, `a && b`: conditions are joined with the words.
    for (symbol, word, rule) in [("||", "or", Rule::kw_or), ("&&", "and", Rule::kw_and)] {
        if rest.starts_with(symbol) && expects(rule) {
            return Some(stop.write_over(
                symbol.len(),
                word,
                format!("conditions are joined with the word `{word}`, not `{symbol}`"),
                format!(
                    "write `{word}` instead of `{symbol}`, e.g. `country is \"US\" {word} employees is at least 20`"
                ),
            ));
        }
    }
    // `between 20 & 500`, `icp & high_intent`: one ampersand is `and` too.
    if rest.starts_with('&') && !rest.starts_with("&&") && expects(Rule::kw_and) {
        return Some(stop.write_over(
            1,
            "and",
            String::from("`&` is written `and` in a policy"),
            String::from("write `and` instead of `&`, e.g. `employees is between 20 and 500`"),
        ));
    }

    // `country is equal to "US"`, `is not equal to`: a comparison with one
    // value is `is` (or `is not`) and the value.
    if token == "to" {
        let before = line_before.trim_end();
        if let Some(head) = before.strip_suffix(" equal") {
            let head = head.trim_end();
            let is = ["is not", "is"]
                .into_iter()
                .find(|is| head.strip_suffix(is).is_some_and(|h| h.ends_with(' ')));
            if let Some(is) = is {
                return Some(Instead::unexpected(
                    line_start + head.len() - is.len(),
                    pos + token.len(),
                    is,
                    format!("`{is} equal to` is written `{is}` in a policy"),
                    format!("write `{is}` and the value, e.g. `country {is} \"US\"`"),
                ));
            }
        }
    }

    if let Some(i) = comparison_reworded(line_before, rest, token, pos, line_start) {
        return Some(i);
    }

    // `employees is 50 to 500`, `is from 50 to 500`, `is 50-500`: a range
    // is `between A and B`. The parser stops at `to` or the dash (or,
    // after `from`, at the first number).
    let line = block.get(line_start..pos + rest.find('\n').unwrap_or(rest.len()))?;
    for (at_is, _) in line.match_indices(" is ") {
        let after_is = at_is + 4;
        let words: Vec<&str> = line.get(after_is..)?.split(' ').collect();
        // `20-500` (or with an en or em dash), one word.
        let dashed = words.first().and_then(|w| w.split_once(['-', '–', '—']));
        let (low, high, len) = match (words.as_slice(), dashed) {
            (["from", low, "to", high, ..], _) => (*low, *high, 4),
            ([low, "to", high, ..], _) => (*low, *high, 3),
            (_, Some((low, high))) => (low, high, 1),
            _ => continue,
        };
        let end = after_is + words.iter().take(len).map(|w| w.len() + 1).sum::<usize>() - 1;
        if is_number(low) && is_number(high) && (after_is..end).contains(&(pos - line_start)) {
            let write = format!("between {low} and {high}");
            let help = format!("write `{write}`: both ends are included");
            return Some(Instead::unexpected(
                line_start + after_is,
                line_start + end,
                write,
                String::from("a range is written `between … and …`"),
                help,
            ));
        }
    }

    // `one of "US" "CA"`: the values of a list are separated by commas.
    let before = line_before.trim_end();
    if let Some(previous) =
        quoted_at_end(before).filter(|_| expects(Rule::comma) && token.starts_with('"'))
    {
        let value = before.get(previous..).unwrap_or("");
        return Some(Instead {
            code: "accord::syntax::missing-comma",
            start: line_start + previous,
            end: line_start + before.len(),
            offer: Offer::Write(format!("{value},")),
            message: String::from("a comma is missing between these values"),
            help: format!("the values of a list are separated by commas: `{value}, {token}`"),
        });
    }

    // `industry not in target_industries`: a comparison starts with `is`.
    if token == "not" && expects(Rule::test) {
        let after = rest.get(3..).unwrap_or("").trim_start();
        let shape = if after.starts_with("in ") {
            "`industry is not in target_industries`"
        } else if after.starts_with("one of") {
            "`status is not one of \"customer\", \"partner\"`"
        } else {
            "`status is not \"customer\"`"
        };
        return Some(stop.write_over(
            token.len(),
            "is not",
            String::from("a comparison starts with `is`: `is not`, not `not` alone"),
            format!("write `is not` here, e.g. {shape}"),
        ));
    }

    // `employees between 20 and 500`, `industry in target_industries`,
    // `status "customer"`, `country isnt "US"` (or `isn't`): the
    // comparison's `is` left out (or run into `not`).
    if expects(Rule::test) {
        let words = [
            "between", "at", "more", "less", "above", "below", "in", "one", "present", "missing",
            "within", "before", "after",
        ];
        // The test's second word with it (`at least`, `more than`, `one of`).
        let after = stop.after_token();
        let next = after
            .trim_start_matches(' ')
            .split([' ', '\n'])
            .next()
            .unwrap_or("");
        let pair = match (token, next) {
            ("at", "least" | "most") | ("more" | "less", "than") | ("one", "of") => {
                Some(after.len() - after.trim_start_matches(' ').len() + next.len())
            }
            _ => None,
        };
        // `isn't` as typed, with a straight or a curly apostrophe (the
        // token stops before it), or `isnt`.
        let isnt = ["isnt", "isn't", "isn’t"].into_iter().find(|w| {
            rest.strip_prefix(w)
                .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        });
        if let Some(written) = isnt {
            return Some(stop.write_over(
                written.len(),
                "is not",
                format!("`{written}` is written `is not` in a policy"),
                String::from("write `is not` and the value, e.g. `status is not \"customer\"`"),
            ));
        }
        // `country in ["US", "CA"]`: `is one of` the values, in one fix.
        let listed = after.trim_start_matches(' ');
        let close = match listed.chars().next() {
            Some('(') => Some(')'),
            Some('[') => Some(']'),
            _ => None,
        };
        if let Some(end) = close.filter(|_| token == "in").and_then(|c| listed.find(c)) {
            let values = listed.get(1..end).unwrap_or("").trim();
            if !values.is_empty() && !values.contains('\n') {
                let write = format!("is one of {values}");
                let len = rest.len() - listed.len() + end + 1;
                return Some(stop.write_over(
                    len,
                    &write,
                    format!("a comparison starts with `is`, and a list of values is not written in brackets: `{write}`"),
                    format!("write `{write}`, e.g. `country is one of \"US\", \"CA\"`"),
                ));
            }
        }
        let len = token.len() + pair.unwrap_or(0);
        // `status "customer"`, `employees 20`, `phone_verified no`: a
        // value right after the field, ending the condition (`tier 1 when
        // …` is another kind of line).
        let after_value = after.trim_start_matches(' ');
        let value = ((token.len() >= 2 && token.starts_with('"') && token.ends_with('"'))
            || is_number(token)
            || matches!(token, "yes" | "no" | "true" | "false"))
            && (ends_the_line(after)
                || after_value.starts_with(')')
                || ["and ", "or "].iter().any(|w| after_value.starts_with(w)));
        let write = match token {
            _ if words.contains(&token) && pair.is_some() => Some(format!("is {token} {next}")),
            _ if words.contains(&token) || value => Some(format!("is {token}")),
            _ => None,
        };
        if let Some(write) = write {
            let message = format!("a comparison starts with `is`: `{write}`");
            let help = format!(
                "write `{write}` here, e.g. `employees is between 20 and 500`, `industry is in target_industries`"
            );
            return Some(Instead::unexpected(pos, pos + len, write, message, help));
        }
    }

    // `+5 per activity "page_view"`, `+5 each activity …`: points per
    // event are `for each`.
    if matches!(token, "per" | "each") && expects(Rule::kw_for) {
        return Some(stop.write_over(
            token.len(),
            "for each",
            format!("points per event are written `for each`, not `{token}`"),
            String::from(
                "write `for each` and the events, e.g. `+5 for each activity \"page_view\", at most 25`; \
                 for a number field, give points by its size instead: `+10 when visits is at least 3`",
            ),
        ));
    }

    // `country is in ("US", "CA")`, `is one of ["US", "CA"]`: a list of
    // values is `one of` and the values, without brackets.
    if let Some(close) = match token.chars().next() {
        Some('(') => Some(')'),
        Some('[') => Some(']'),
        _ => None,
    } {
        let inside_end = rest.find(close).filter(|&e| !rest[..e].contains('\n'))?;
        let values = rest.get(1..inside_end)?.trim();
        if values.is_empty() {
            return None;
        }
        let before = line_before.trim_end();
        let (start, write) = if let Some(kept) = before.strip_suffix(" in") {
            (kept.len() + 1, format!("one of {values}"))
        } else if before.ends_with(" one of") {
            (line_before.len(), values.to_string())
        } else {
            return None;
        };
        return Some(Instead::unexpected(
            line_start + start,
            pos + inside_end + 1,
            write,
            String::from("a list of values is not written in brackets"),
            format!("write the values after `one of`, without brackets: `one of {values}`"),
        ));
    }

    // `industry is "SaaS" or "Fintech"`, `industry contains "saas" or
    // "fintech"`: an `or` joins conditions, not values.
    if token.starts_with('"') {
        if let Some(i) = values_joined_with_or(line_before, rest, line_start) {
            return Some(i);
        }
    }

    // `between 20-500`, `between 20 to 500`: a range is `between A and B`.
    if expects(Rule::kw_and) && line_before.contains("between ") {
        let (len, write) = if token == "to" {
            (2, "and")
        } else if let Some(dash) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '–' | '—'))
            // Between two numbers (`20-500`, `20 - 500`), not inside a word
            // (`twenty-five`).
            .filter(|_| {
                line_before
                    .trim_end()
                    .ends_with(|c: char| c.is_ascii_digit())
            })
        {
            let spaced = line_before.ends_with(' ');
            (dash.len_utf8(), if spaced { "and" } else { " and " })
        } else {
            return None;
        };
        let written = rest.get(..len).unwrap_or(token);
        return Some(stop.write_over(
            len,
            write,
            format!("a range is not written with `{written}`"),
            String::from(
                "a range is written with `and`, both ends included, e.g. `employees is between 20 and 500`",
            ),
        ));
    }
    None
}

/// A time unit as people shorten it (`hrs`, `min`, `wk`; `h`, `m`, `d` as
/// in `4h`, `30m`, `2d`) in full (`one`: in the singular, after a 1).
fn unit_in_full(short: &str, one: bool) -> Option<&'static str> {
    let (unit, units) = match short.to_ascii_lowercase().as_str() {
        "m" | "min" | "mins" | "mn" => ("minute", "minutes"),
        "h" | "hr" | "hrs" => ("hour", "hours"),
        "d" | "dy" | "dys" => ("day", "days"),
        "w" | "wk" | "wks" => ("week", "weeks"),
        "mo" | "mos" | "mth" | "mths" => ("month", "months"),
        "q" | "qtr" | "qtrs" => ("quarter", "quarters"),
        "y" | "yr" | "yrs" => ("year", "years"),
        _ => return None,
    };
    Some(if one { unit } else { units })
}

/// Where the `n`th word of `text` ends (words separated by spaces).
fn words_end(text: &str, n: usize) -> Option<usize> {
    let mut end = 0;
    for _ in 0..n {
        let start = end + text.get(end..)?.len() - text.get(end..)?.trim_start_matches(' ').len();
        let len = text
            .get(start..)?
            .find([' ', '\n'])
            .unwrap_or(text.len() - start);
        if len == 0 {
            return None;
        }
        end = start + len;
    }
    Some(end)
}

/// `in the last`, `over the past`, `within the previous` … at the start
/// of `rest`, on its line: a window's first three words as written.
fn window_in_other_words(rest: &str) -> Option<&str> {
    let line = rest.split('\n').next()?;
    let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).take(3).collect();
    match words.as_slice() {
        ["in" | "within" | "over" | "during" | "for", "the", "last" | "past" | "previous"] => {
            line.get(..words_end(line, 3)?)
        }
        _ => None,
    }
}

/// The length of the quoted text `text` starts with (quotes included; a
/// policy's text has no escapes and ends at its line).
fn quoted_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix('"')?;
    let close = body.find(['"', '\n'])?;
    (body.get(close..)?.starts_with('"')).then_some(close + 2)
}

/// Where the quoted text that `text` ends with starts.
fn quoted_at_end(text: &str) -> Option<usize> {
    let body = text.strip_suffix('"')?;
    let open = body.rfind('"')?;
    (quoted_len(text.get(open..)?) == Some(text.len() - open)).then_some(open)
}

/// Whether `word` is a number as a policy writes one (`20`, `0.5`).
fn is_number(word: &str) -> bool {
    !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && word.parse::<f64>().is_ok()
}

/// `industry is "SaaS" or "Fintech" or …` (the parser stopped at the
/// second value, after `or`): `is one of "SaaS", "Fintech"` (after `one
/// of`, the values with commas); with another test (`contains "saas" or
/// "fintech"`), the condition written again for each value (`contains
/// "saas" or industry contains "fintech"`). `country is not "US" or "CA"`
/// is `is not one of "US", "CA"` (none of the values: what the words say;
/// the other reading, `is not "US" or is not "CA"`, always holds) and `is not one
/// of "A" or "B"` takes commas; any other `not` is left alone.
/// `line_start` is where the line (`line_before`, then `rest`) starts in
/// the block.
fn values_joined_with_or(line_before: &str, rest: &str, line_start: usize) -> Option<Instead> {
    let before = line_before.trim_end().strip_suffix(" or")?.trim_end();
    let first = quoted_at_end(before)?;
    let head = before.get(..first)?.trim_end();
    // The condition's own words: after the indentation, `when`, or the
    // `and`/`or` before it.
    let cond_start = [" when ", " and ", " or "]
        .iter()
        .filter_map(|w| head.rfind(w).map(|i| i + w.len()))
        .max()
        .unwrap_or(head.len() - head.trim_start().len());
    let condition = head.get(cond_start..)?.trim();
    // The one `not` a list may follow: `is not` or `not one of` at the end.
    let negated_is = head.ends_with(" is not");
    let not_at_end = negated_is || head.ends_with(" not one of");
    let nots = condition.split(' ').filter(|w| *w == "not").count();
    if nots > usize::from(not_at_end) || !condition.contains(' ') {
        return None;
    }
    // The values from the first through every further `or "…"`.
    let mut values = vec![before.get(first..)?];
    let mut end = 0;
    loop {
        let here = rest.get(end..)?;
        let len = quoted_len(here)?;
        values.push(here.get(..len)?);
        end += len;
        let after = rest.get(end..)?;
        let next = after.trim_start_matches(' ');
        match next.strip_prefix("or ").map(|n| n.trim_start_matches(' ')) {
            Some(n) if n.starts_with('"') => end += after.len() - n.len(),
            _ => break,
        }
    }
    let (write, help) = if head.ends_with(" is") {
        let write = format!("one of {}", values.join(", "));
        let help = format!("to accept any of these values, write `{write}`");
        (write, help)
    } else if negated_is {
        let write = format!("one of {}", values.join(", "));
        let help = format!("for a value that is none of these, write `is not {write}`");
        (write, help)
    } else if head.ends_with(" one of") {
        let write = values.join(", ");
        let help = format!("the values of a list are separated by commas: `one of {write}`");
        (write, help)
    } else {
        let again = format!(" or {condition} ");
        let write = values.join(&again);
        let help = format!("write the condition again for each value: `{condition} {write}`");
        (write, help)
    };
    Some(Instead::unexpected(
        line_start + first,
        line_start + line_before.len() + end,
        write,
        String::from("`or` joins conditions, not the values of one"),
        help,
    ))
}
