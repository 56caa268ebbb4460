//! The phrase table: what pest expected, in words a RevOps person reads
//! ("a number, or `between`"), never a grammar rule name. Keywords are shown
//! as themselves in backticks; everything else has a phrase with an example.

use super::Rule;

/// The literal word of a keyword rule (`kw_between` → `between`).
pub(crate) fn keyword_text(rule: Rule) -> Option<&'static str> {
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
        if group_comparisons && COMPARISON_WORDS.contains(rule)
            || with_value && *rule == Rule::value
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
            "a point rule such as `+10 when …` or `+5 for each activity \"…\"`, a weighted part such as `fit weighs 40%:`, or `decays 10% every 30 days without activity`"
        }
        Rule::subscore_header => "a weighted part such as `fit weighs 40%:`",
        Rule::decay => "`decays 10% every 30 days without activity`",
        Rule::trigger_head => "`any of:` or `all of:` (e.g. `any of, within the last 30 days:`)",
        Rule::group_header => "`all of:` or `any of:`",
        Rule::handoff_item => "a field name or an event count such as `at least 5 activities`",
        Rule::handoff_line => "`requires …` or `prefers …`",
        Rule::field_line | Rule::field_decl => {
            "a field such as `employees is a number`, or `default time zone \"UTC\"`"
        }
        Rule::agreement_clause => {
            "an agreement line such as `version \"1.2\"`, `effective 2026-01-01`, `review every quarter` or `owner \"RevOps\"`"
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
        Rule::m_period => "the period, such as `, by month`",
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
