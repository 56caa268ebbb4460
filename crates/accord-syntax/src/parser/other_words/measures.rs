//! What an agreement measures, said in other words:
//! - an SLA's calendar without `, counted` (`from routed_at to accepted_at
//!   in sales_hours`, or `counted in` without its comma), its limit with
//!   `in` (`tier 1 in 15 minutes`: `within`), its after-hours rule
//!   (`outside business hours,`: `after hours,`) and its span said another
//!   way (`starts at routed_at, ends at accepted_at`, `between routed_at
//!   and accepted_at`: `from … to …`);
//! - persistence's time (`over 10 business days`: `within`), its kind of
//!   attempt (`via "email"`: `by "email"`) and `in total` (removed);
//! - what an SLA applies to (`applies to tier 1 and tier 2`: `applies when
//!   tier is 1 or tier is 2`; `applies to mql leads`: `applies when mql`);
//! - the agreement's review cadence (`review quarterly`: `review every
//!   quarter`);
//! - a metric's kind (`the count of`: `number`; `the percentage of`:
//!   `share`; `the mean`: `average`; `count of` without `the`), its period
//!   (`per month`, `monthly`, `by month` without its comma: `, by month`)
//!   and its breakdown (`, by owner_rep` after the period: `per`);
//! - a breach's run of periods without `consecutive` (`for 2 months`, `for
//!   2 months in a row`), a breach that tests an SLA's share of leads
//!   itself (`first_response is met for less than 90% of leads …`: the
//!   metric of that share, and the breach testing it), and one that tests
//!   a rate in words (`the rejection rate is above 30% …`: help only).
//!
//! Each has one right answer but the last.

use super::{is_number, Instead, Offer, Stop, UNEXPECTED};
use crate::parser::grammar::Rule;

/// The periods a metric is counted by and a breach runs for, as the
/// grammar's `period` takes them.
const PERIODS: [&str; 10] = [
    "day", "days", "week", "weeks", "month", "months", "quarter", "quarters", "year", "years",
];

/// How people say an SLA's `after hours`.
const AFTER_HOURS_IN_OTHER_WORDS: [&str; 8] = [
    "outside business hours",
    "outside of business hours",
    "outside hours",
    "outside office hours",
    "out of hours",
    "after business hours",
    "after-hours",
    "off hours",
];

/// What to write instead where the parser stopped, when it is one of
/// this module's.
pub(super) fn instead(stop: &Stop) -> Option<Instead> {
    let (token, line_before) = (stop.token, stop.line_before);
    let expects = |r: Rule| stop.expects(r);
    let after = stop.after_token().trim_start_matches(' ');
    let next = after.split([' ', ',', '\n']).next().unwrap_or("");
    // What to write over the `len` bytes from where the parser stopped;
    // what starts with a comma goes right after the word before (over the
    // spaces between, so that no space stands before the comma).
    let write = |len: usize, write: String, message: String, help: &str| {
        Some(if write.starts_with(',') {
            stop.after_word_before(len, write, message, help.to_string())
        } else {
            stop.write_over(len, write, message, help.to_string())
        })
    };
    let in_sla_span = {
        let line = line_before.trim_start();
        line.starts_with("from ") && line.contains(" to ")
    };
    let in_metric = stop.block.trim_start().starts_with("metric ");

    // `applies to tier 1 and tier 2`, `applies to mql leads`: `applies
    // when` and a condition.
    if token == "to" && expects(Rule::kw_when) && line_before.trim() == "applies" {
        return Some(applies_to(stop));
    }

    // `review quarterly`: the agreement's review cadence is `review every
    // quarter`.
    if let Some(period) = adverb_period(token).filter(|_| expects(Rule::kw_every)) {
        return write(
            token.len(),
            format!("every {period}"),
            format!("a review cadence is written `every {period}`, not `{token}`"),
            "write `every` and the period, e.g. `review every quarter`",
        );
    }

    // `the rejection rate is above 30% for 2 consecutive months`: a breach
    // names the metric it tests.
    if let Some(i) = rate_in_words_in_a_breach(stop) {
        return Some(i);
    }

    // `first_response is met for less than 90% of leads for 2 consecutive
    // weeks`: a breach tests a metric, which the share is.
    if let Some(i) = sla_share_in_a_breach(stop) {
        return Some(i);
    }

    // `from routed_at to accepted_at counted in sales_hours`: the comma
    // before `counted` left out.
    if in_sla_span && token == "counted" && expects(Rule::comma) {
        let missing_comma = write(
            token.len(),
            String::from(", counted"),
            String::from("an SLA's calendar follows a comma: `, counted in`"),
            "write a comma before `counted`, e.g. `from routed_at to the first attempt, counted \
             in sales_hours`",
        )?;
        return Some(Instead {
            code: "accord::syntax::missing-comma",
            ..missing_comma
        });
    }

    // `from routed_at to accepted_at in sales_hours` (or `, in`): the
    // calendar an SLA counts in follows `, counted in`.
    let calendar_word = matches!(token, "in" | "during" | "using" | "on");
    if in_sla_span && calendar_word && (expects(Rule::comma) || expects(Rule::kw_counted)) {
        let counted = if expects(Rule::comma) {
            ", counted in"
        } else {
            "counted in"
        };
        return write(
            token.len(),
            counted.to_string(),
            format!(
                "an SLA's calendar follows `{}`",
                counted.trim_start_matches(", ")
            ),
            "write `, counted in` and the calendar's name, e.g. `from routed_at to the first \
             attempt, counted in sales_hours`",
        );
    }

    // `starts at routed_at, ends at accepted_at`, `between routed_at and
    // accepted_at`: an SLA's span is `from START to STOP`.
    if expects(Rule::sla_line) && line_before.trim().is_empty() {
        if let Some((len, start, stop_at)) = span_in_other_words(token, stop.rest_of_line()) {
            return write(
                len,
                format!("from {start} to {stop_at}"),
                String::from("an SLA's clock is written `from START to STOP`"),
                "write `from`, the instant the clock starts, `to` and the one it stops at, e.g. \
                 `from routed_at to accepted_at, counted in sales_hours`",
            );
        }
    }

    // `outside business hours, tier 1 is due by …`: an SLA's rule for a
    // clock that starts when the calendar is closed is `after hours`.
    let line = stop.rest_of_line();
    let after_hours = AFTER_HOURS_IN_OTHER_WORDS
        .into_iter()
        .find(|w| line.strip_prefix(w).is_some_and(|r| r.starts_with(',')));
    if let Some(said) = after_hours.filter(|_| expects(Rule::sla_line)) {
        return write(
            said.len(),
            String::from("after hours"),
            format!("an SLA's rule for a lead that comes in while the calendar is closed starts `after hours`, not `{said}`"),
            "write `after hours`, e.g. `after hours, tier 1 is due by 09:00 the next business day`",
        );
    }

    // Persistence: `at least 3 attempts via "email"` (`using`, `through`,
    // `over`) is `by "email"`; `at least 6 attempts in total` needs no
    // `in total`.
    if stop.block.starts_with("persistence") {
        if matches!(token, "via" | "using" | "through" | "over") && after.starts_with('"') {
            return write(
                token.len(),
                String::from("by"),
                format!("attempts of one kind are written `by \"…\"`, not `{token} \"…\"`"),
                "write `by` and the kind, e.g. `at least 3 attempts by \"email\"`",
            );
        }
        let in_total = ["in total", "overall", "total"].into_iter().find(|w| {
            stop.rest
                .strip_prefix(w)
                .is_some_and(|r| r.starts_with([' ', '\n']) || r.is_empty())
        });
        if let Some(said) = in_total.filter(|_| expects(Rule::kw_within) || expects(Rule::kw_on)) {
            return Some(stop.after_word_before(
                said.len(),
                "",
                format!("a persistence requirement counts every attempt already: no `{said}`"),
                String::from("remove it: `at least 6 attempts within 10 business days` counts attempts of every kind"),
            ));
        }
    }

    // `tier 1 in 15 minutes`, `in 4 hours`: an SLA's limit is `within`;
    // so is persistence's time (`at least 6 attempts over 10 business
    // days`).
    let limit_here = expects(Rule::kw_within) || expects(Rule::sla_line);
    let limit_word = matches!(token, "in" | "under" | "over" | "during" | "inside");
    if limit_here && limit_word && is_number(next) {
        let (whose, example) = if stop.block.trim_start().starts_with("persistence") {
            (
                "persistence's time",
                "`at least 6 attempts within 10 business days`",
            )
        } else {
            (
                "an SLA's limit",
                "`within 4 hours`, `tier 1 within 15 minutes`",
            )
        };
        return write(
            token.len(),
            String::from("within"),
            format!("{whose} is written `within`, not `{token}`"),
            &format!("write `within` and the time, e.g. {example}"),
        );
    }

    // `the count of leads`, `the percentage of leads where …`: a metric is
    // the number, the share or the average (`count of leads`, without its
    // `the`: `the number of leads`).
    let without_the = in_metric && expects(Rule::kw_the);
    if expects(Rule::kw_number) || expects(Rule::kw_share) || without_the {
        let kind = match token {
            "count" | "amount" => Some("number"),
            "percentage" | "percent" | "proportion" | "fraction" | "ratio" | "rate" | "pct" => {
                Some("share")
            }
            "mean" | "avg" => Some("average"),
            "number" | "share" | "average" if without_the => Some(token),
            _ => None,
        };
        if let Some(kind) = kind {
            let kind = if without_the {
                format!("the {kind}")
            } else {
                kind.to_string()
            };
            return write(
                token.len(),
                kind.clone(),
                format!("`{token}` is written `{kind}` in a metric"),
                "a metric is `the number of … leads`, `the share of … leads where …` (shown as a \
                 percentage) or `the average FIELD of … leads`",
            );
        }
    }

    // `the number of leads per month`, `, monthly`, `leads by month`: a
    // metric's period is `, by month`.
    if in_metric && (expects(Rule::comma) || expects(Rule::kw_by)) {
        let comma = if expects(Rule::comma) { ", " } else { "" };
        let period = match token {
            "per" | "each" | "every" | "by" if PERIODS.contains(&next) => {
                Some((stop.rest.len() - after.len() + next.len(), singular(next)))
            }
            _ => adverb_period(token).map(|p| (token.len(), p)),
        };
        if let Some((len, period)) = period {
            return write(
                len,
                format!("{comma}by {period}"),
                format!("a metric's period is written `, by {period}`"),
                "a metric is counted by a period after a comma, e.g. `the number of mql leads, \
                 by month`; a breakdown follows it, e.g. `, by month, per owner_rep`",
            );
        }
    }

    // `, by month, by owner_rep`: a breakdown after the period is `per`.
    if in_metric && expects(Rule::kw_per) && token == "by" {
        return write(
            token.len(),
            String::from("per"),
            String::from("a metric's breakdown is written `per`"),
            "write `per` and the field, e.g. `the number of mql leads, by month, per owner_rep`",
        );
    }

    // `for 2 months`, `for 2 months in a row`: a breach runs for a number
    // of consecutive periods.
    if expects(Rule::kw_consecutive) && PERIODS.contains(&token) {
        let in_a_row = [" in a row", " running"]
            .into_iter()
            .find(|w| stop.after_token().starts_with(w))
            .map_or(0, str::len);
        return write(
            token.len() + in_a_row,
            format!("consecutive {token}"),
            format!("a breach holds for a number of `consecutive {token}`"),
            "write `consecutive` before the period, e.g. `rejection_rate is above 30% for 2 \
             consecutive months`",
        );
    }
    None
}

/// Words an SLA's start is said with (`starts at routed_at`), and its stop.
const STARTS: [&str; 6] = [
    "starts",
    "start",
    "begins",
    "begin",
    "starting",
    "beginning",
];
const STOPS: [&str; 8] = [
    "ends", "end", "stops", "stop", "finishes", "ending", "stopping", "until",
];
/// The little word that may follow either (`at routed_at`).
const AT: [&str; 5] = ["at", "with", "when", "on", "from"];

/// An SLA line giving its span in other words — `starts at START, ends
/// at STOP` (or `and ends`, `stops when`), `between START and STOP` —
/// from `line` (the line from its first word, `token`, without its
/// comment): how many bytes say it (up to `, counted` or the line's
/// end), START and STOP.
fn span_in_other_words<'a>(token: &str, line: &'a str) -> Option<(usize, &'a str, &'a str)> {
    let end = line.find(", counted").unwrap_or(line.len());
    let words = line.get(..end)?;
    let after_word = |text: &'a str, word: &str| -> &'a str {
        let text = text.get(word.len()..).unwrap_or("").trim_start();
        match AT
            .iter()
            .find(|w| text.strip_prefix(*w).is_some_and(|t| t.starts_with(' ')))
        {
            Some(w) => text.get(w.len()..).unwrap_or("").trim_start(),
            None => text,
        }
    };
    let (start, stop) = if token == "between" {
        let inner = words.get("between".len()..)?.trim_start();
        inner.split_once(" and ")?
    } else if STARTS.contains(&token) {
        let inner = after_word(words, token);
        // The stop: `, ends …`, ` and ends …`, `, then stops …`.
        let (at, verb) = STOPS.iter().find_map(|verb| {
            [", and ", " and ", ", then ", " then ", ", ", " "]
                .iter()
                .find_map(|sep| {
                    let marker = format!("{sep}{verb} ");
                    inner
                        .find(&marker)
                        .map(|i| (i, i + marker.len() - verb.len() - 1))
                })
                .map(|(i, v)| (i, inner.get(v..).unwrap_or("")))
        })?;
        let verb_word = verb.split(' ').next().unwrap_or("");
        (inner.get(..at)?, after_word(verb, verb_word))
    } else {
        return None;
    };
    let (start, stop) = (start.trim(), stop.trim());
    (!start.is_empty() && !stop.is_empty()).then_some((end, start, stop))
}

/// A period word in the singular (`months`: `month`).
fn singular(period: &str) -> &str {
    period.strip_suffix('s').unwrap_or(period)
}

/// The period an adverb names (`monthly`: `month`).
fn adverb_period(word: &str) -> Option<&'static str> {
    Some(match word {
        "daily" => "day",
        "weekly" => "week",
        "monthly" => "month",
        "quarterly" => "quarter",
        "yearly" | "annually" => "year",
        _ => return None,
    })
}

/// A breach that tests an SLA's share of leads itself (`first_response is
/// met for less than 90% of leads for 2 consecutive weeks`, the parser
/// stopped at `less`): a breach tests a metric, so the share becomes one
/// (`metric first_response_met "…": the share of leads where
/// first_response is met, by week`), written after the breach, which
/// tests it (`first_response_met is below 90% for 2 consecutive weeks`):
/// the fix covers the test.
fn sla_share_in_a_breach(stop: &Stop) -> Option<Instead> {
    if !stop.block.starts_with("breach ") || !stop.expects(Rule::int) {
        return None;
    }
    // The test so far: `NAME is met for ` (or `breached`).
    let before: Vec<&str> = stop.line_before.split_whitespace().rev().take(4).collect();
    let [kw_for, state @ ("met" | "breached"), "is", sla] = before.as_slice() else {
        return None;
    };
    if *kw_for != "for" {
        return None;
    }
    // The rest: `less than 90% of [mql] leads for 2 consecutive weeks`.
    let rest = stop.rest_of_line();
    let words: Vec<&str> = rest.split_whitespace().collect();
    let (compare, words) = match words.as_slice() {
        ["less" | "fewer", "than", rest @ ..] => ("is below", rest),
        ["more", "than", rest @ ..] => ("is above", rest),
        ["at", "least", rest @ ..] => ("is at least", rest),
        ["at", "most", rest @ ..] => ("is at most", rest),
        _ => return None,
    };
    let (share, words) = words.split_first()?;
    let percent = share.strip_suffix('%').filter(|n| is_number(n))?;
    let (population, words) = match words {
        ["of", "leads", rest @ ..] => (String::from("leads"), rest),
        ["of", stage, "leads", rest @ ..] => (format!("{stage} leads"), rest),
        _ => return None,
    };
    let ["for", count, "consecutive", periods] = words else {
        return None;
    };
    let period = periods.strip_suffix('s').unwrap_or(periods);
    if !is_number(count) || !PERIODS.contains(periods) {
        return None;
    }
    // Where the test starts: the SLA's name, the fourth word back.
    let mut at = stop.line_before.trim_end().len();
    for _ in 0..4 {
        let head = stop.line_before.get(..at)?.trim_end();
        at = head.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    }
    let test_start = stop.pos - stop.line_before.len() + at;
    let metric = format!("{sla}_{state}");
    let write = format!(
        "{metric} {compare} {percent}% for {count} consecutive {periods}\n\n\
         metric {metric} \"Share of {population} where {sla} is {state}\":\n  \
         the share of {population} where {sla} is {state}, by {period}"
    );
    Some(Instead::unexpected(
        test_start,
        stop.pos + rest.len(),
        write,
        format!("a breach tests a metric, not an SLA: the share of {population} where {sla} is {state} is one"),
        format!(
            "count the share as a metric and test it: `metric {metric}: the share of {population} where {sla} is {state}, by {period}`, then `{metric} {compare} {percent}% for {count} consecutive {periods}`"
        ),
    ))
}

/// A breach that tests a rate in words (`the rejection rate is above 30%
/// for 2 consecutive months`, the parser stopped at `the`): a breach names
/// the metric it tests, so the help names it (`rejection_rate`) and shows
/// the metric to declare. No fix: what the rate counts is the writer's.
fn rate_in_words_in_a_breach(stop: &Stop) -> Option<Instead> {
    if !stop.block.starts_with("breach ") || stop.token != "the" || !stop.expects(Rule::name) {
        return None;
    }
    let line = stop.rest_of_line();
    let (words, test) = line.strip_prefix("the ")?.split_once(" is ")?;
    if words.is_empty()
        || !words
            .split(' ')
            .all(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
    {
        return None;
    }
    // The metric's name: the words joined, unless the breach has it.
    let breach = stop.block.split_whitespace().nth(1).unwrap_or("");
    let joined = words.replace(' ', "_");
    let metric = if joined == breach {
        format!("{joined}_share")
    } else {
        joined
    };
    let written = format!("the {words}");
    Some(Instead {
        code: UNEXPECTED,
        start: stop.pos,
        end: stop.pos + written.len(),
        offer: Offer::Label("name the metric"),
        message: format!("a breach tests a metric by its name, not `{written}`"),
        help: format!(
            "declare the rate as a metric, e.g. `metric {metric}: the share of mql leads where …, by month`, then test it by its name: `{metric} is {test}`"
        ),
    })
}

/// `applies to …` where an SLA's or persistence's `applies when …` goes:
/// tiers (`to tier 1 and tier 2`: `when tier is 1 or tier is 2`) and a
/// stage's leads (`to mql leads`: `when mql`) have one right answer;
/// anything else is told to write `when` and a condition (no fix: the
/// condition is the writer's).
fn applies_to(stop: &Stop) -> Instead {
    let rest = stop.rest_of_line();
    let said = rest.strip_prefix("to ").unwrap_or("").trim();
    let items: Vec<&str> = said
        .split([','])
        .flat_map(|part| part.split(" and ").flat_map(|p| p.split(" or ")))
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect();
    let tier = |w: &str| {
        w.strip_prefix("tier ")
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty())
            .map(|n| format!("tier is {n}"))
    };
    let stage = match said {
        "mql leads" | "mqls" | "mql" => Some("mql"),
        "sal leads" | "sals" | "sal" => Some("sal"),
        "sql leads" | "sqls" | "sql" => Some("sql"),
        _ => None,
    };
    let condition = match stage {
        Some(s) => Some(s.to_string()),
        None => items
            .iter()
            .map(|w| tier(w))
            .collect::<Option<Vec<String>>>()
            .filter(|c| !c.is_empty())
            .map(|c| c.join(" or ")),
    };
    let message = String::from("what an SLA applies to is written `applies when` and a condition");
    match condition {
        Some(c) => stop.write_over(
            rest.len(),
            format!("when {c}"),
            message,
            format!("write `applies when {c}`"),
        ),
        None => Instead {
            code: UNEXPECTED,
            start: stop.pos,
            end: stop.pos + stop.token.len(),
            offer: Offer::Label("write `when` and a condition"),
            message,
            help: String::from("write `when` and the condition the leads meet, e.g. `applies when tier is 1 or tier is 2`, `applies when mql`"),
        },
    }
}
