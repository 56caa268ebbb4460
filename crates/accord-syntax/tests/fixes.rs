//! A syntax error's replacement, applied, is the policy its writer meant:
//! the text it gives is the one written by hand here, and it parses
//! clean. (The replacements test in accord-check checks that every
//! replacement in the malformed corpus removes its error; this checks
//! what a replacement over several lines writes.)

use accord_syntax::{parse, Diagnostic, FileId};

/// The first diagnostic parsing `text` gives.
fn first_error(text: &str) -> Diagnostic {
    let (_, diagnostics) = parse(FileId(0), text);
    diagnostics.into_iter().next().expect("an error")
}

/// `text` with its first diagnostic's replacement applied.
fn fixed(text: &str) -> String {
    let d = first_error(text);
    let replacement = d.replacement.as_ref().expect("a replacement");
    let mut out = text.to_string();
    out.replace_range(d.span.range(), replacement);
    out
}

fn parses_clean(text: &str) {
    let (_, diagnostics) = parse(FileId(0), text);
    assert!(diagnostics.is_empty(), "{text}\n{diagnostics:#?}");
}

/// `written`'s fix gives `meant`, which parses clean.
fn fixes_to(written: &str, meant: &str) {
    assert_eq!(fixed(written), meant, "{written}");
    parses_clean(meant);
}

/// Each case's fix gives what was meant ([`fixes_to`]).
fn each_fixes_to(cases: &[(&str, &str)]) {
    for (written, meant) in cases {
        fixes_to(written, meant);
    }
}

/// The first error `text` gives, which offers no fix.
fn no_fix(text: &str) -> Diagnostic {
    let d = first_error(text);
    assert!(d.replacement.is_none(), "{d:#?}");
    d
}

#[test]
fn none_of_is_all_of_with_each_condition_turned_round() {
    let cases = [
        (
            "fit f \"F\":\n  none of:\n    status is \"customer\"\n    country is \"US\" or employees is 1\n    not phone_verified\n  icp\n",
            "fit f \"F\":\n  all of:\n    not status is \"customer\"\n    not (country is \"US\" or employees is 1)\n    phone_verified\n  icp\n",
        ),
        (
            "mql \"M\" when not any of:\n  icp\n  employees is between 20 and 500\n",
            "mql \"M\" when all of:\n  not icp\n  not (employees is between 20 and 500)\n",
        ),
        // Line ends as written, Windows' included.
        (
            "fit f \"F\":\r\n  none of:\r\n    x is 1\r\n    y is 2\r\n",
            "fit f \"F\":\r\n  all of:\r\n    not x is 1\r\n    not y is 2\r\n",
        ),
    ];
    each_fixes_to(&cases);
}

#[test]
fn none_of_heading_a_trigger_is_all_of_with_its_window_kept() {
    let cases = [
        (
            "trigger t \"T\":\n  none of, within the last 30 days:\n    an activity \"demo_request\"\n    at least 2 activities \"page_view\" where page is \"pricing\"\n",
            "trigger t \"T\":\n  all of, within the last 30 days:\n    not an activity \"demo_request\"\n    not at least 2 activities \"page_view\" where page is \"pricing\"\n",
        ),
        (
            "trigger t \"T\":\n  not any of:\n    an activity \"demo_request\"\n",
            "trigger t \"T\":\n  all of:\n    not an activity \"demo_request\"\n",
        ),
    ];
    each_fixes_to(&cases);
    // A heading that is not a group's (`none` alone) keeps the general
    // error, which names the headings a trigger takes.
    no_fix("trigger t \"T\":\n  none:\n    an activity \"demo_request\"\n");
}

#[test]
fn none_of_over_a_group_gets_no_rewrite() {
    // A group inside cannot take `not`: no replacement is offered (the
    // error stays the general one, at `of`).
    let text = "fit f \"F\":\n  none of:\n    any of:\n      x is 1\n      y is 2\n";
    let d = first_error(text);
    assert!(!d.message.contains("none of"), "{d:#?}");
}

#[test]
fn a_window_in_other_words_is_within_the_last() {
    for written in [
        "fit f \"F\":\n  at least 2 activities \"pricing_view\" in the last 30 days\n",
        "fit f \"F\":\n  at least 2 activities \"pricing_view\" over the past 30 days\n",
        "fit f \"F\":\n  at least 2 activities \"pricing_view\" within the past 30 days\n",
    ] {
        let meant =
            "fit f \"F\":\n  at least 2 activities \"pricing_view\" within the last 30 days\n";
        fixes_to(written, meant);
    }
}

#[test]
fn a_time_limit_in_other_words_is_within() {
    fixes_to(
        "persistence \"P\":\n  at least 6 attempts over the last 10 business days\n",
        "persistence \"P\":\n  at least 6 attempts within 10 business days\n",
    );
}

#[test]
fn a_window_after_a_value_is_told_what_a_window_belongs_to() {
    let text = "fit f \"F\":\n  pricing_views is at least 2 in the last 30 days\n";
    let d = no_fix(text);
    assert_eq!(&text[d.span.range()], "in the last 30 days");
    assert!(d.message.contains("`pricing_views` is a value"), "{d:#?}");
    // The help's example is a policy's own words.
    parses_clean(
        "fit f \"F\":\n  at least 2 activities \"pricing_view\" within the last 30 days\n",
    );
}

#[test]
fn none_of_over_a_condition_with_a_comment_gets_no_rewrite() {
    // `not (… or …  # note)` would put the `)` inside the comment.
    let text = "fit f \"F\":\n  none of:\n    x is 1 or y is 2  # or z\n    y is 3\n";
    no_fix(text);
}

#[test]
fn words_after_a_complete_comparison_are_removed_or_rewritten() {
    let cases = [
        (
            "fit f \"F\":\n  status is not \"customer\".\n",
            "fit f \"F\":\n  status is not \"customer\"\n",
        ),
        (
            "fit f \"F\":\n  employees is between 20 and 500 employees\n",
            "fit f \"F\":\n  employees is between 20 and 500 \n",
        ),
        (
            "mql \"M\" when lead_score is at least 65 points\n",
            "mql \"M\" when lead_score is at least 65 \n",
        ),
        (
            "fit f \"F\":\n  conversion is at least 20 percent\n",
            "fit f \"F\":\n  conversion is at least 20%\n",
        ),
        (
            "fit f \"F\":\n  segment is not \"smb\", \"mid-market\"\n",
            "fit f \"F\":\n  segment is not one of \"smb\", \"mid-market\"\n",
        ),
        (
            "fit f \"F\":\n  (employees is at least 20 and at most 500) or icp\n",
            "fit f \"F\":\n  (employees is between 20 and 500) or icp\n",
        ),
        (
            "fit f \"F\":\n  (employees is more than 20 and less than 500) or icp\n",
            "fit f \"F\":\n  (employees is more than 20 and employees is less than 500) or icp\n",
        ),
        (
            "fit f \"F\":\n  employees is more than 20 but less than 500\n",
            "fit f \"F\":\n  employees is more than 20 and employees is less than 500\n",
        ),
        (
            "fit f \"F\":\n  phone_verified but not competitor_contract\n",
            "fit f \"F\":\n  phone_verified and not competitor_contract\n",
        ),
        (
            "fit f \"F\":\n  employees is 20-500\n",
            "fit f \"F\":\n  employees is between 20 and 500\n",
        ),
        (
            "fit f \"F\":\n  status isn't \"customer\"\n",
            "fit f \"F\":\n  status is not \"customer\"\n",
        ),
    ];
    each_fixes_to(&cases);
    // A time after a number is not a unit to remove (a timestamp compared
    // with a number is another mistake): the general error, no fix.
    no_fix("fit f \"F\":\n  created_at is at least 30 days\n");
}

#[test]
fn a_date_written_another_way_is_year_month_day() {
    each_fixes_to(&[
        (
            "fit f \"F\":\n  created_at is after 01/15/2026\n",
            "fit f \"F\":\n  created_at is after 2026-01-15\n",
        ),
        (
            "fit f \"F\":\n  created_at is after 15.01.2026\n",
            "fit f \"F\":\n  created_at is after 2026-01-15\n",
        ),
        (
            "fit f \"F\":\n  created_at is before 2026/1/5\n",
            "fit f \"F\":\n  created_at is before 2026-01-05\n",
        ),
        (
            "agreement \"A\"\n  version \"1\"\n  effective 4/4/2026\n",
            "agreement \"A\"\n  version \"1\"\n  effective 2026-04-04\n",
        ),
    ]);
    // The month and the day cannot be told apart: both readings, no fix.
    let d = no_fix("fit f \"F\":\n  created_at is after 03/04/2026\n");
    assert!(
        d.help
            .as_deref()
            .is_some_and(|h| h.contains("2026-03-04") && h.contains("2026-04-03")),
        "{d:#?}"
    );
    // Where text is wanted, digits and dots are not taken for a date: the
    // fix is the same characters in quotes.
    let version = "agreement \"A\"\n  version 2026.01.15\n  effective 2026-01-01\n";
    assert!(!first_error(version).message.contains("date"));
    fixes_to(
        version,
        "agreement \"A\"\n  version \"2026.01.15\"\n  effective 2026-01-01\n",
    );
}

#[test]
fn text_without_its_quotes_at_the_end_of_a_line_is_quoted() {
    each_fixes_to(&[
        (
            "agreement \"A\"\n  version 1.0\n  effective 2026-01-01\n",
            "agreement \"A\"\n  version \"1.0\"\n  effective 2026-01-01\n",
        ),
        (
            "agreement Acme\n  version \"1\"\n  effective 2026-01-01\n",
            "agreement \"Acme\"\n  version \"1\"\n  effective 2026-01-01\n",
        ),
        (
            "import shared/schema.accord # the fields\n",
            "import \"shared/schema.accord\" # the fields\n",
        ),
    ]);
    // More words after it: the word is only part of the text, no fix.
    no_fix("agreement Acme Corp\n  version \"1\"\n  effective 2026-01-01\n");
}

#[test]
fn a_condition_in_brackets_is_reworded_with_its_field() {
    each_fixes_to(&[
        (
            "fit f \"F\":\n  (employees is not between 20 and 500) or unsubscribed\n",
            "fit f \"F\":\n  (not employees is between 20 and 500) or unsubscribed\n",
        ),
        (
            "fit f \"F\":\n  (job_title does not contain \"intern\") or unsubscribed\n",
            "fit f \"F\":\n  (not job_title contains \"intern\") or unsubscribed\n",
        ),
        (
            "fit f \"F\":\n  (employees is more than 20 but less than 500) or unsubscribed\n",
            "fit f \"F\":\n  (employees is more than 20 and employees is less than 500) or unsubscribed\n",
        ),
    ]);
}

#[test]
fn a_comma_ending_a_line_is_removed() {
    each_fixes_to(&[
        (
            "fit f \"F\":\n  employees is at least 20,\n",
            "fit f \"F\":\n  employees is at least 20\n",
        ),
        (
            "fit f \"F\":\n  industry is \"SaaS\", \n",
            "fit f \"F\":\n  industry is \"SaaS\" \n",
        ),
        (
            "agreement \"A\"\n  version \"1\",\n  effective 2026-01-01\n",
            "agreement \"A\"\n  version \"1\"\n  effective 2026-01-01\n",
        ),
    ]);
    // A value in quotes on the next line: more values were meant, and the
    // fix is `is one of`, not removing the comma.
    fixes_to(
        "fit f \"F\":\n  industry is \"SaaS\",\n    \"Fintech\"\n",
        "fit f \"F\":\n  industry is one of \"SaaS\",\n    \"Fintech\"\n",
    );
}

#[test]
fn a_date_with_its_month_named_is_year_month_day() {
    each_fixes_to(&[
        (
            "agreement \"A\"\n  version \"1\"\n  effective January 15, 2026\n",
            "agreement \"A\"\n  version \"1\"\n  effective 2026-01-15\n",
        ),
        (
            "agreement \"A\"\n  version \"1\"\n  effective 1st Jan 2026\n",
            "agreement \"A\"\n  version \"1\"\n  effective 2026-01-01\n",
        ),
        // Read as a comparison with a number, or a name, up to the month.
        (
            "fit f \"F\":\n  created_at is after 15 Sept. 2026\n",
            "fit f \"F\":\n  created_at is after 2026-09-15\n",
        ),
        (
            "fit f \"F\":\n  created_at is before March 3 2026\n",
            "fit f \"F\":\n  created_at is before 2026-03-03\n",
        ),
        (
            "fit f \"F\":\n  created_at is before 3rd March, 2026\n",
            "fit f \"F\":\n  created_at is before 2026-03-03\n",
        ),
    ]);
    // A month without its day is not one date: no fix.
    no_fix("fit f \"F\":\n  created_at is after May 2026\n");
}

#[test]
fn a_date_with_a_time_of_day_is_told_to_write_the_date_alone() {
    let d = no_fix("fit f \"F\":\n  created_at is after 2026-01-15T10:00\n");
    assert!(
        d.message.contains("2026-01-15T10:00")
            && d.help
                .as_deref()
                .is_some_and(|h| h.contains("`2026-01-15`")),
        "{d:#?}"
    );
}

#[test]
fn a_time_before_as_of_in_other_words_is_within_the_last_or_more_than_ago() {
    each_fixes_to(&[
        (
            "fit f \"F\":\n  created_at is less than 30 days ago\n",
            "fit f \"F\":\n  created_at is within the last 30 days\n",
        ),
        (
            "fit f \"F\":\n  created_at is after 30 days ago\n",
            "fit f \"F\":\n  created_at is within the last 30 days\n",
        ),
        (
            "fit f \"F\":\n  (created_at is newer than 2 weeks) or phone_verified\n",
            "fit f \"F\":\n  (created_at is within the last 2 weeks) or phone_verified\n",
        ),
        (
            "fit f \"F\":\n  created_at is before 90 days ago\n",
            "fit f \"F\":\n  created_at is more than 90 days ago\n",
        ),
        (
            "fit f \"F\":\n  created_at is older than 6 months\n",
            "fit f \"F\":\n  created_at is more than 6 months ago\n",
        ),
    ]);
}

#[test]
fn one_ampersand_is_and() {
    each_fixes_to(&[
        (
            "fit f \"F\":\n  employees is between 20 & 500\n",
            "fit f \"F\":\n  employees is between 20 and 500\n",
        ),
        (
            "fit f \"F\":\n  phone_verified & competitor_contract\n",
            "fit f \"F\":\n  phone_verified and competitor_contract\n",
        ),
    ]);
}

#[test]
fn a_list_name_written_as_words_is_joined_with_underscores() {
    let list = "list target_countries \"T\": \"US\", \"CA\"\n\n";
    each_fixes_to(&[
        (
            &format!("{list}fit f \"F\":\n  country is in target countries\n"),
            &format!("{list}fit f \"F\":\n  country is in target_countries\n"),
        ),
        (
            &format!(
                "{list}fit f \"F\":\n  (country is not in target countries) or unsubscribed\n"
            ),
            &format!(
                "{list}fit f \"F\":\n  (country is not in target_countries) or unsubscribed\n"
            ),
        ),
        (
            &format!("{list}fit f \"F\":\n  country is in target countries and unsubscribed\n"),
            &format!("{list}fit f \"F\":\n  country is in target_countries and unsubscribed\n"),
        ),
    ]);
}

#[test]
fn a_number_in_words_with_a_hyphen_is_written_with_digits() {
    fixes_to(
        "fit f \"F\":\n  employees is between 5 and twenty-five\n",
        "fit f \"F\":\n  employees is between 5 and 25\n",
    );
    // A range's dash stands between two numbers only.
    fixes_to(
        "fit f \"F\":\n  employees is between 20-500\n",
        "fit f \"F\":\n  employees is between 20 and 500\n",
    );
    // Any other hyphenated word is a name with a hyphen.
    assert_eq!(
        fixed("fit f \"F\":\n  employees is between 5 and twenty-ten\n"),
        "fit f \"F\":\n  employees is between 5 and twenty_ten\n"
    );
}

#[test]
fn a_name_written_as_words_where_a_condition_starts_is_joined_with_underscores() {
    each_fixes_to(&[
        (
            "fit f \"F\":\n  high intent\n",
            "fit f \"F\":\n  high_intent\n",
        ),
        (
            "fit f \"F\":\n  phone_verified and not high intent\n",
            "fit f \"F\":\n  phone_verified and not high_intent\n",
        ),
        (
            "fit f \"F\":\n  (very high intent or phone_verified)\n",
            "fit f \"F\":\n  (very_high_intent or phone_verified)\n",
        ),
        (
            "mql \"M\" when phone_verified or high intent\n",
            "mql \"M\" when phone_verified or high_intent\n",
        ),
        (
            "fit f \"F\":\n  recycle count is at least 2\n",
            "fit f \"F\":\n  recycle_count is at least 2\n",
        ),
        (
            "fit f \"F\":\n  job title contains \"vp\"\n",
            "fit f \"F\":\n  job_title contains \"vp\"\n",
        ),
    ]);
    // Two words may be a field and its value: the help says that reading.
    let d = first_error("fit f \"F\":\n  status customer\n");
    assert_eq!(d.replacement.as_deref(), Some("status_customer"));
    assert!(
        d.help
            .as_deref()
            .is_some_and(|h| h.contains("`status is \"customer\"`")),
        "{d:#?}"
    );
    // A field and a yes/no value is a comparison without its `is`.
    fixes_to(
        "fit f \"F\":\n  phone_verified no\n",
        "fit f \"F\":\n  phone_verified is no\n",
    );
}

#[test]
fn a_value_right_after_its_field_gets_its_is() {
    each_fixes_to(&[
        (
            "fit f \"F\":\n  status \"customer\"\n",
            "fit f \"F\":\n  status is \"customer\"\n",
        ),
        (
            "fit f \"F\":\n  employees 20 and phone_verified\n",
            "fit f \"F\":\n  employees is 20 and phone_verified\n",
        ),
        (
            "fit f \"F\":\n  (phone_verified yes)\n",
            "fit f \"F\":\n  (phone_verified is yes)\n",
        ),
    ]);
}

#[test]
fn an_sla_said_another_way_gets_its_words() {
    let sla = "sla s \"S\":\n  from routed_at to accepted_at";
    each_fixes_to(&[
        (
            &format!("{sla} in sales_hours\n  within 4 hours\n"),
            &format!("{sla}, counted in sales_hours\n  within 4 hours\n"),
        ),
        (
            &format!("{sla}, during sales_hours\n  within 4 hours\n"),
            &format!("{sla}, counted in sales_hours\n  within 4 hours\n"),
        ),
        (
            &format!("{sla}\n  in 4 hours\n"),
            &format!("{sla}\n  within 4 hours\n"),
        ),
        (
            &format!("{sla}\n  within 4 hours; tier 1 in 15 minutes\n"),
            &format!("{sla}\n  within 4 hours; tier 1 within 15 minutes\n"),
        ),
    ]);
}

#[test]
fn a_metric_said_another_way_gets_its_words() {
    let m = "metric m \"M\": the";
    each_fixes_to(&[
        (
            &format!("{m} count of mql leads, by month\n"),
            &format!("{m} number of mql leads, by month\n"),
        ),
        (
            &format!("{m} percentage of leads where phone_verified, by month\n"),
            &format!("{m} share of leads where phone_verified, by month\n"),
        ),
        (
            &format!("{m} mean employees of leads, by month\n"),
            &format!("{m} average employees of leads, by month\n"),
        ),
        (
            &format!("{m} number of leads per month\n"),
            &format!("{m} number of leads, by month\n"),
        ),
        (
            &format!("{m} number of leads by weeks\n"),
            &format!("{m} number of leads, by week\n"),
        ),
        (
            &format!("{m} number of leads, monthly\n"),
            &format!("{m} number of leads, by month\n"),
        ),
        (
            &format!("{m} number of leads quarterly\n"),
            &format!("{m} number of leads, by quarter\n"),
        ),
        (
            &format!("{m} number of leads, every month\n"),
            &format!("{m} number of leads, by month\n"),
        ),
        (
            &format!("{m} number of leads, by month, by owner_rep\n"),
            &format!("{m} number of leads, by month, per owner_rep\n"),
        ),
    ]);
}

#[test]
fn a_breach_without_consecutive_gets_it() {
    let b = "breach b \"B\":\n  rate is below 90% for 2";
    each_fixes_to(&[
        (
            &format!("{b} months\n"),
            &format!("{b} consecutive months\n"),
        ),
        (
            &format!("{b} weeks in a row\n"),
            &format!("{b} consecutive weeks\n"),
        ),
    ]);
}

#[test]
fn a_triggers_one_event_goes_under_any_of() {
    fixes_to(
        "trigger t \"T\":\n  at least 2 activities \"page_view\" within the last 30 days # why\n\nfit f \"F\":\n  phone_verified\n",
        "trigger t \"T\":\n  any of:\n    at least 2 activities \"page_view\" within the last 30 days # why\n\nfit f \"F\":\n  phone_verified\n",
    );
    // Two events: any or all is the writer's to say.
    no_fix("trigger t \"T\":\n  an activity \"demo_request\"\n  an activity \"trial_signup\"\n");
    // A line that is no event (a condition) is not put under one.
    no_fix("trigger t \"T\":\n  phone_verified\n");
}

#[test]
fn an_sla_span_said_another_way_is_from_to() {
    let sla = |line: &str| format!("sla s \"S\":\n  {line}\n  within 4 hours\n");
    let meant = sla("from routed_at to accepted_at, counted in sales_hours");
    for written in [
        "starts at routed_at, ends at accepted_at, counted in sales_hours",
        "starts when routed_at and stops at accepted_at, counted in sales_hours",
        "begins at routed_at then ends at accepted_at, counted in sales_hours",
        "between routed_at and accepted_at, counted in sales_hours",
    ] {
        fixes_to(&sla(written), &meant);
    }
    // The stop may be an event, with commas of its own.
    fixes_to(
        &sla("starts at routed_at, ends with the first attempt by one of \"phone\", \"email\""),
        &sla("from routed_at to the first attempt by one of \"phone\", \"email\""),
    );
    // Only a start: told the lines an SLA takes, no fix.
    no_fix(&sla("starts at routed_at"));
}

#[test]
fn a_keyword_a_tier_or_points_said_another_way_get_their_words() {
    each_fixes_to(&[
        (
            "exclude c \"C\" when competitor_contract\n",
            "exclusion c \"C\" when competitor_contract\n",
        ),
        (
            "scoring s \"S\":\n  +10 when phone_verified\n",
            "score s \"S\":\n  +10 when phone_verified\n",
        ),
        (
            "tiers \"T\":\n  tier 1 when phone_verified\n  tier 2 else\n",
            "tiers \"T\":\n  tier 1 when phone_verified\n  tier 2 otherwise\n",
        ),
        (
            "tiers \"T\":\n  tier 1 when phone_verified\n  tier 2 for all other leads # rest\n",
            "tiers \"T\":\n  tier 1 when phone_verified\n  tier 2 otherwise # rest\n",
        ),
        (
            "score s \"S\":\n  +10 points when phone_verified\n",
            "score s \"S\":\n  +10 when phone_verified\n",
        ),
        (
            "score s \"S\":\n  add 10 when phone_verified\n",
            "score s \"S\":\n  +10 when phone_verified\n",
        ),
        (
            "score s \"S\":\n  10 when phone_verified\n",
            "score s \"S\":\n  +10 when phone_verified\n",
        ),
        (
            "score s \"S\":\n  +10 for phone_verified\n",
            "score s \"S\":\n  +10 when phone_verified\n",
        ),
        (
            "score s \"S\":\n  +5 for activity \"website_visit\", at most 25\n",
            "score s \"S\":\n  +5 for each activity \"website_visit\", at most 25\n",
        ),
        (
            "score s \"S\":\n  +10 when phone_verified\n  deduct 5 points when competitor_contract\n",
            "score s \"S\":\n  +10 when phone_verified\n  -5 when competitor_contract\n",
        ),
    ]);
}

/// A breach that tests an SLA's share of leads itself gets the metric it
/// needs, written after it, and tests that (a one-line breach too).
#[test]
fn an_sla_share_tested_in_a_breach_becomes_a_metric() {
    each_fixes_to(&[
        (
            "breach response_rate \"Response rate (SLA 4.1)\":\n  first_response is met for less than 90% of leads for 2 consecutive weeks\n",
            "breach response_rate \"Response rate (SLA 4.1)\":\n  first_response_met is below 90% for 2 consecutive weeks\n\nmetric first_response_met \"Share of leads where first_response is met\":\n  the share of leads where first_response is met, by week\n",
        ),
        (
            "breach slow \"Slow\": routing is breached for more than 10% of mql leads for 3 consecutive months\n",
            "breach slow \"Slow\": routing_breached is above 10% for 3 consecutive months\n\nmetric routing_breached \"Share of mql leads where routing is breached\":\n  the share of mql leads where routing is breached, by month\n",
        ),
    ]);
}

/// `and` where only a comma goes gets a comma in a line that lists (closed
/// days, handoff's fields), and no fix elsewhere (an SLA's span, where it
/// joins nothing a comma would).
#[test]
fn and_for_a_comma_only_in_a_list() {
    each_fixes_to(&[(
        "calendar c \"C\":\n  open Monday to Friday from 09:00 to 17:00\n  closed on 2026-12-25 and 2027-01-01\n",
        "calendar c \"C\":\n  open Monday to Friday from 09:00 to 17:00\n  closed on 2026-12-25, 2027-01-01\n",
    )]);
    no_fix("sla s \"S\":\n  from routed_at to accepted_at and first attempt\n  within 2 hours\n");
}
