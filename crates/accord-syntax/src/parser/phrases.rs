//! The phrase table: what pest expected, in words a RevOps person reads
//! ("a number, or `between`"), never a grammar rule name. Keywords are shown
//! as themselves in backticks; everything else has a phrase with an example.

use super::grammar::Rule;

/// The literal word of a keyword rule (`kw_between` → `between`). Keyword
/// rules are named `kw_` + the word, except the few whose word is not a
/// valid rule name.
pub(crate) fn keyword_text(rule: Rule) -> Option<String> {
    let special = match rule {
        Rule::kw_reenter => Some("re-enter"),
        Rule::kw_reentry => Some("re-entry"),
        Rule::kw_reroute => Some("re-route"),
        Rule::kw_leads_own => Some("lead's"),
        Rule::kw_leads_word => Some("leads"),
        _ => None,
    };
    if let Some(word) = special {
        return Some(word.to_string());
    }
    format!("{rule:?}").strip_prefix("kw_").map(str::to_string)
}

/// "a number, `between` or `at least`" from the rules pest tried.
///
/// Empty when none of the rules has a phrase (the caller then says what
/// does not fit instead of what was expected).
///
/// At the start of a body line, "the end of the line" is dropped: what the
/// reader needs is what such a line looks like.
pub(crate) fn expected_phrase(positives: &[Rule], line_start: bool) -> String {
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
    // After `is`, a value may also come: say so in the same phrase.
    let with_value = group_comparisons && positives.contains(&Rule::value);
    if with_value {
        push(String::from(
            "a value or a comparison, such as `\"SaaS\"`, `at least 20`, `between 20 and 500`, `one of \"a\", \"b\"` or `present`",
        ));
    } else if group_comparisons {
        push(String::from(
            "a comparison such as `at least 20`, `between 20 and 500`, `one of \"a\", \"b\"` or `present`",
        ));
    }
    for rule in positives {
        // "a value" already says "a number, a percentage, text or a date".
        let covered_by_value = positives.contains(&Rule::value)
            && matches!(
                rule,
                Rule::number | Rule::percent | Rule::string | Rule::date
            );
        if group_comparisons && COMPARISON_WORDS.contains(rule)
            || with_value && *rule == Rule::value
            || covered_by_value
            // `icp passes` is a courtesy; never worth suggesting.
            || *rule == Rule::kw_passes
        {
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
    // A missing `)` is the likeliest mistake when one can close here.
    if let Some(i) = phrases.iter().position(|p| p.starts_with("`)`")) {
        let close = phrases.remove(i);
        phrases.insert(0, close);
    }
    // The end of the line first: it is usually what the writer meant. At
    // the start of a line it means nothing to the reader.
    if let Some(i) = phrases.iter().position(|p| p == END_OF_LINE) {
        let end = phrases.remove(i);
        if !line_start || phrases.is_empty() {
            phrases.insert(0, end);
        }
    }
    match phrases.len() {
        0 => String::new(),
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

pub(crate) const END_OF_LINE: &str = "the end of the line";

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
        Rule::comma => "a comma",
        Rule::score_line | Rule::point_rule => {
            "a point rule such as `+10 when …` or `+5 for each activity \"…\"`, a weighted part such as `fit weighs 40%:`, `decays 10% every 30 days without activity`, or a floor such as `never below -20`"
        }
        Rule::subscore_header => "a weighted part such as `fit weighs 40%:`",
        Rule::decay => "`decays 10% every 30 days without activity`",
        Rule::score_floor | Rule::floor_never | Rule::floor_may => {
            "a floor such as `never below -20` or `may go below 0`"
        }
        Rule::trigger_head => "`any of:` or `all of:` (e.g. `any of, within the last 30 days:`)",
        Rule::group_header => "`all of:` or `any of:`",
        Rule::handoff_item => {
            "a field name, a comparison such as `email_deliverable is yes`, or an event count such as `at least 1 activity \"demo_request\"`"
        }
        Rule::handoff_line => "`applies when …`, `requires …` or `prefers …`",
        Rule::field_line | Rule::field_decl => {
            "a field such as `employees is a number`, or `default time zone \"UTC\"`"
        }
        Rule::agreement_clause => {
            "an agreement line such as `version \"1.2\"`, `effective 2026-01-01`, `review every quarter`, `owner \"RevOps\"` or `reporting zone \"UTC\"`"
        }
        Rule::cal_line => {
            "`open Monday to Friday from 08:00 to 18:00`, `closed on 2026-12-25` or `in \"America/Chicago\"`"
        }
        Rule::tier_line => "a tier such as `tier 1 when …` or `tier 3 otherwise`",
        Rule::sla_line => {
            "`from … to …`, `applies when …`, a limit such as `tier 1 within 15 minutes`, or `after hours, due by 08:00 the next business day`"
        }
        Rule::sla_limit | Rule::sla_limits => "a limit such as `within 4 hours`",
        Rule::pers_line | Rule::pers_rule => {
            "a rule such as `at least 6 attempts within 10 business days`, or `from routed_at`"
        }
        Rule::reason_line => {
            "a reason such as `not_icp \"Not ICP fit\": archive, never recycled`"
        }
        Rule::recycling_line => {
            "a recycling rule such as `cooling off at least 30 days` or `human review when recycled more than 2 times`"
        }
        Rule::event_body => "an event stream such as `activity` or `attempt`",
        Rule::population => "`leads`, or a stage such as `mql leads`",
        Rule::m_count | Rule::m_share | Rule::m_average => {
            "`number of …`, `share of …` or `average …`"
        }
        Rule::window | Rule::w_last | Rule::w_any => {
            "`within the last 30 days` or `within any 14 days`"
        }
        Rule::for_each => "`for each …`",
        Rule::m_period => "the period, such as `, by month` or `, by month of mql_at`",
        Rule::cap => "`, at most 25`",
        Rule::close_paren => "`)` to close the `(`",
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every keyword of the grammar has its word, and the spelling checker
    /// knows that word (so a misspelling of it can be suggested).
    #[test]
    fn every_keyword_has_its_word() {
        let keywords: Vec<Rule> = Rule::all_rules()
            .iter()
            .copied()
            .filter(|r| format!("{r:?}").starts_with("kw_"))
            .collect();
        assert!(keywords.len() > 100);
        let missing: Vec<String> = keywords
            .iter()
            .map(|r| keyword_text(*r).unwrap_or_default())
            .filter(|w| w.is_empty() || !super::super::spelling::WORDS.contains(&w.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "missing from the spelling list: {missing:?}"
        );
    }
}
