//! One failing policy (snapshot of its rendered diagnostic) and one
//! near-miss policy (must not report that code) for every check.
//!
//! Each policy is written after the shared [`support::PRELUDE`] (a schema,
//! the `sales_hours` calendar and the `free_domains` list).

mod support;

use support::{check_code, codes};

macro_rules! case {
    ($name:ident, $code:literal, bad: $bad:expr, good: $good:expr $(,)?) => {
        #[test]
        fn $name() {
            let bad = check_code($bad, $code);
            assert!(
                !bad.is_empty(),
                "expected {} for:\n{}\nbut got codes {:?}",
                $code,
                $bad,
                codes($bad)
            );
            insta::assert_snapshot!(stringify!($name), bad);
            let good = codes($good);
            assert!(
                !good.iter().any(|c| c == $code),
                "near miss reported {}:\n{}\n{:?}",
                $code,
                $good,
                good
            );
        }
    };
}

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

case!(unknown_field, "accord::unknown-field",
    bad: "fit big \"Big\":\n  employes is at least 10\n",
    good: "fit big \"Big\":\n  employees is at least 10\n");

case!(unknown_definition, "accord::unknown-definition",
    bad: "fit icp \"ICP\":\n  employees is at least 10\n\nmql \"MQL\" when icpp\n",
    good: "fit icp \"ICP\":\n  employees is at least 10\n\nmql \"MQL\" when icp\n");

case!(unknown_list, "accord::unknown-list",
    bad: "fit personal \"Personal\":\n  the domain of email is in free_domain\n",
    good: "fit personal \"Personal\":\n  the domain of email is in free_domains\n");

case!(unknown_calendar, "accord::unknown-calendar",
    bad: "sla first \"First\":\n  from routed_at to the first attempt, counted in sales_hour\n  within 2 hours\n",
    good: "sla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 2 hours\n");

case!(unknown_tier, "accord::unknown-tier",
    bad: "tiers \"Tiers\":\n  tier 1 when employees is at least 100\n  tier 2 otherwise\n\nsla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 4 hours; tier 3 within 1 hour\n",
    good: "tiers \"Tiers\":\n  tier 1 when employees is at least 100\n  tier 2 otherwise\n\nsla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 4 hours; tier 1 within 1 hour\n");

case!(unknown_reason_code, "accord::unknown-reason-code",
    bad: "rejection reasons \"Reasons\":\n  not_icp \"Not ICP\": archive, never recycled\n\nrecycling \"Recycling\":\n  cooling off at least 30 days, 90 days for not_icpp\n",
    good: "rejection reasons \"Reasons\":\n  not_icp \"Not ICP\": archive, never recycled\n\nrecycling \"Recycling\":\n  cooling off at least 30 days, 90 days for not_icp\n");

case!(unknown_event_stream, "accord::unknown-event-stream",
    bad: "trigger hot \"Hot\":\n  any of, within the last 30 days:\n    an activty \"demo_request\"\n",
    good: "trigger hot \"Hot\":\n  any of, within the last 30 days:\n    an activity \"demo_request\"\n");

case!(unknown_event_kind, "accord::unknown-event-kind",
    bad: "trigger hot \"Hot\":\n  any of, within the last 30 days:\n    an activity \"demo_reqest\"\n",
    good: "trigger hot \"Hot\":\n  any of, within the last 30 days:\n    an activity \"demo_request\"\n");

case!(unknown_event_field, "accord::unknown-event-field",
    bad: "trigger hot \"Hot\":\n  any of, within the last 30 days:\n    at least 2 activities \"page_view\" where pag is \"pricing\"\n",
    good: "trigger hot \"Hot\":\n  any of, within the last 30 days:\n    at least 2 activities \"page_view\" where page is \"pricing\"\n");

#[test]
fn lead_fields_are_visible_inside_event_filters() {
    let got = codes("trigger hot \"Hot\":\n  any of, within the last 30 days:\n    an activity \"page_view\" where page is \"pricing\" and status is \"lead\"\n");
    assert!(
        !got.iter().any(|c| c == "accord::unknown-event-field"),
        "{got:?}"
    );
}

/// Two neighbouring letters swapped are one slip, as the lead readers
/// count them: a short name (`emial`, five letters: one slip allowed) still
/// gets its suggestion and its quick fix.
#[test]
fn a_swap_of_two_letters_is_one_slip() {
    let bad = check_code(
        "fit personal \"Personal\":\n  the domain of emial is in free_domains\n",
        "accord::unknown-field",
    );
    assert!(bad.contains("did you mean `email`?"), "{bad}");
}

/// A name like none declared gets the general help and, when there are a
/// few of its kind, their names: the writer picks the one meant.
#[test]
fn an_unknown_name_like_none_declared_lists_those_declared() {
    let bad = check_code(
        "sla first \"First\":\n  from routed_at to the first attempt, counted in business_hours\n  within 2 hours\n",
        "accord::unknown-calendar",
    );
    insta::assert_snapshot!("unknown_name_lists_declared", bad);
    let bad = check_code(
        "fit personal \"Personal\":\n  the domain of email is in consumer_mail\n",
        "accord::unknown-list",
    );
    let words = bad.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("the lists declared: `free_domains`"),
        "{bad}"
    );
}

case!(unknown_metric, "accord::unknown-metric",
    bad: "metric mql_volume \"Volume\": the number of leads, by month\nbreach low \"Low\":\n  mql_volum is below 120 for 2 consecutive months\n",
    good: "metric mql_volume \"Volume\": the number of leads, by month\nbreach low \"Low\":\n  mql_volume is below 120 for 2 consecutive months\n");

case!(missing_import, "accord::missing-import",
    bad: "import \"nowhere/schema.accord\"\n",
    good: "fit big \"Big\":\n  employees is at least 10\n");

case!(not_a_value, "accord::not-a-value",
    bad: "fit odd \"Odd\":\n  sales_hours is present\n",
    good: "fit odd \"Odd\":\n  routed_at is present\n");

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

case!(type_mismatch_text_vs_number, "accord::type-mismatch",
    bad: "fit saas \"SaaS\":\n  industry is 5\n",
    good: "fit saas \"SaaS\":\n  industry is \"5\"\n");

// `is empty` / `is not set` and the like: `is missing` / `is present`
// (not the text "empty" in quotes, which the checker offered before).
case!(no_value_in_other_words, "accord::type-mismatch",
    bad: "fit known \"Known\":\n  industry is not empty\n  employees is null\n  routed_at is not set\n",
    good: "fit known \"Known\":\n  industry is present\n  employees is missing\n  routed_at is missing\n");

// `true` / `false` (and 1 / 0) for a yes/no field: `yes` / `no`.
case!(yes_no_written_true_or_false, "accord::type-mismatch",
    bad: "fit verified \"Verified\":\n  phone_verified is true\n\nfit unverified \"Unverified\":\n  phone_verified is 0\n",
    good: "fit verified \"Verified\":\n  phone_verified is yes\n\nfit unverified \"Unverified\":\n  phone_verified is no\n");

// A number in words as a bound: the digits, with the fix.
case!(number_in_words_as_a_bound, "accord::type-mismatch",
    bad: "fit mid \"Mid\":\n  employees is at least twenty\n  recycle_count is between five and fifty\n",
    good: "fit mid \"Mid\":\n  employees is at least 20\n  recycle_count is between 5 and 50\n");

case!(number_in_words_as_a_value, "accord::type-mismatch",
    bad: "fit mid \"Mid\":\n  employees is twenty\n  recycle_count is not three\n",
    good: "fit mid \"Mid\":\n  employees is 20\n  recycle_count is not 3\n");

case!(values_joined_by_or, "accord::type-mismatch",
    bad: "fit senior \"Senior\":\n  title_level is VP or Director\n  industry is SaaS or Fintech\n  title_level is Manager or Directr\n",
    good: "fit senior \"Senior\":\n  title_level is one of \"VP\", \"Director\"\n  industry is one of \"SaaS\", \"Fintech\"\n  title_level is VP or phone_verified\n  industry is \"SaaS\" or phone_verifed\n");

case!(not_excluded, "accord::unknown-definition",
    bad: "fit icp \"ICP\":\n  employees is at least 10\n\nmql \"MQL\" when icp and not excluded\n",
    good: "fit icp \"ICP\":\n  employees is at least 10\n\nexclusion excluded \"Excluded\" when status is \"customer\"\n\nmql \"MQL\" when icp and not excluded\n");

case!(between_needs_numbers, "accord::between-needs-numbers",
    bad: "fit mid \"Mid\":\n  industry is between 20 and 500\n",
    good: "fit mid \"Mid\":\n  employees is between 20 and 500\n");

case!(unknown_choice, "accord::unknown-choice",
    bad: "fit senior \"Senior\":\n  title_level is one of \"VP\", \"Directr\"\n",
    good: "fit senior \"Senior\":\n  title_level is one of \"VP\", \"Director\"\n");

case!(yes_no_compared, "accord::yes-no-compared",
    bad: "fit verified \"Verified\":\n  phone_verified is at least 1\n",
    good: "fit verified \"Verified\":\n  phone_verified is yes\n");

case!(not_a_condition, "accord::not-a-condition",
    bad: "fit sized \"Sized\":\n  employees\n",
    good: "fit sized \"Sized\":\n  phone_verified\n");

case!(domain_of_non_email, "accord::domain-of-non-email",
    bad: "fit personal \"Personal\":\n  the domain of industry is in free_domains\n",
    good: "fit personal \"Personal\":\n  the domain of email is in free_domains\n");

case!(list_as_field, "accord::list-as-field",
    bad: "fit listed \"Listed\":\n  free_domains is present\n",
    good: "fit listed \"Listed\":\n  email is present\n");

// ---------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------

case!(business_time_in_trigger_window, "accord::business-time-without-calendar",
    bad: "trigger hot \"Hot\":\n  any of, within the last 2 business days:\n    an activity \"demo_request\"\n",
    good: "trigger hot \"Hot\":\n  any of, within the last 2 days:\n    at least 2 activities \"page_view\" within any 14 days\n");

case!(business_time_in_sla_without_calendar, "accord::business-time-without-calendar",
    bad: "sla first \"First\":\n  from routed_at to the first attempt\n  within 2 business hours\n",
    good: "sla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 2 business hours\n");

case!(business_time_in_condition, "accord::business-time-without-calendar",
    bad: "fit fresh \"Fresh\":\n  routed_at is within the last 2 business days\n",
    good: "fit fresh \"Fresh\":\n  routed_at is within the last 2 days\n");

case!(sla_limit_unit, "accord::sla-limit-unit",
    bad: "sla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 2 weeks\n",
    good: "sla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 10 days\n");

case!(percent_expected_share_threshold, "accord::percent-expected",
    bad: "metric accepted \"Accepted\": the share of leads where accepted_at is present, by month\nbreach low \"Low\":\n  accepted is below 60 for 1 consecutive month\n",
    good: "metric accepted \"Accepted\": the share of leads where accepted_at is present, by month\nbreach low \"Low\":\n  accepted is below 60% for 1 consecutive month\n");

/// A weight, decay rate or drift threshold without `%` is a syntax error
/// (`accord::syntax::percent-missing`); the checker, which also sees a
/// number where a percentage belongs, does not say it a second time.
#[test]
fn a_percent_the_parser_reported_missing_is_reported_once() {
    for src in [
        "score s \"S\":\n  fit weighs 40:\n    +10 when phone_verified\n  behavior weighs 60%:\n    +5 when there is an activity \"demo_request\"\n",
        "score s \"S\":\n  +10 when phone_verified\n  decays 10 every 30 days without activity\n",
        "metric volume \"Volume\": the number of leads, by month\ndrift shift \"Shift\": volume changes by more than 15 between versions\n",
    ] {
        let (_, diags) = support::diagnostics(&support::with_prelude(src));
        let about_percent: Vec<&str> = diags
            .iter()
            .filter(|d| d.code.contains("percent"))
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(
            about_percent,
            vec!["accord::syntax::percent-missing"],
            "{src}\n{diags:#?}"
        );
    }
}

case!(percent_mismatch, "accord::percent-mismatch",
    bad: "fit big \"Big\":\n  employees is at least 40%\n",
    good: "fit big \"Big\":\n  conversion is at least 40%\n");

case!(unknown_time_zone, "accord::unknown-time-zone",
    bad: "calendar berlin \"Berlin\":\n  open Monday to Friday from 09:00 to 17:00 in \"Europe/Berlinn\"\n",
    good: "calendar berlin \"Berlin\":\n  open Monday to Friday from 09:00 to 17:00 in \"Europe/Berlin\"\n");

case!(unknown_default_time_zone, "accord::unknown-time-zone",
    bad: "lead fields:\n  extra is text\n  default time zone \"Mars/Olympus\"\n",
    good: "lead fields:\n  extra is text\n  default time zone \"UTC\"\n");

case!(no_lead_time_zone, "accord::no-lead-time-zone",
    bad: "lead fields:\n  office_zone is a time zone\n\ncalendar local \"Local\":\n  open Monday to Friday from 09:00 to 17:00 in the lead's time zone\n",
    good: "calendar local \"Local\":\n  open Monday to Friday from 09:00 to 17:00 in the lead's time zone\n");

case!(calendar_hours, "accord::calendar-hours",
    bad: "calendar late \"Late\":\n  open Monday to Friday from 18:00 to 08:00 in \"UTC\"\n",
    good: "calendar late \"Late\":\n  open Monday to Friday from 08:00 to 18:00 in \"UTC\"\n");

// The evaluator refuses both calendars below, so the check must too.
case!(calendar_hours_overlap, "accord::calendar-hours",
    bad: "calendar split \"Split\":\n  open Monday to Friday from 08:00 to 12:00 in \"UTC\"\n  open Friday to Monday from 11:00 to 18:00\n",
    good: "calendar split \"Split\":\n  open Monday to Friday from 08:00 to 12:00 in \"UTC\"\n  open Saturday to Monday from 12:00 to 18:00\n");

case!(calendar_never_open, "accord::calendar-hours",
    bad: "calendar holidays_only \"Holidays\":\n  closed on 2026-12-25\n",
    good: "calendar holidays_only \"Holidays\":\n  open Monday to Friday from 08:00 to 18:00 in \"UTC\"\n  closed on 2026-12-25\n");

case!(invalid_date, "accord::invalid-date",
    bad: "calendar h \"Holidays\":\n  open Monday to Friday from 08:00 to 18:00 in \"UTC\"\n  closed on 2026-02-30\n",
    good: "calendar h \"Holidays\":\n  open Monday to Friday from 08:00 to 18:00 in \"UTC\"\n  closed on 2026-02-28\n");

case!(invalid_time, "accord::invalid-time",
    bad: "calendar h \"Hours\":\n  open Monday to Friday from 08:00 to 25:00 in \"UTC\"\n",
    good: "calendar h \"Hours\":\n  open Monday to Friday from 08:00 to 23:00 in \"UTC\"\n");

// ---------------------------------------------------------------------------
// Agreement logic
// ---------------------------------------------------------------------------

case!(weights_sum, "accord::weights-sum",
    bad: "score s \"S\":\n  fit weighs 40%:\n    +10 when phone_verified\n  behavior weighs 50%:\n    +5 when there is an activity \"demo_request\"\n",
    good: "score s \"S\":\n  fit weighs 40%:\n    +10 when phone_verified\n  behavior weighs 60%:\n    +5 when there is an activity \"demo_request\"\n");

case!(threshold_unreachable, "accord::threshold-unreachable",
    bad: "score s \"S\":\n  +10 when phone_verified\n  +5 for each activity \"website_visit\", at most 20\n\nmql \"MQL\" when s is at least 65\n",
    good: "score s \"S\":\n  +10 when phone_verified\n  +5 for each activity \"website_visit\", at most 20\n\nmql \"MQL\" when s is at least 30\n");

// A cap caps what a rule adds (or, for a penalty, takes away) at its
// amount, whichever sign it is written with: the evaluator reads
// `at most -5` as 5, and so do a score's bounds.
case!(threshold_unreachable_cap_written_negative, "accord::threshold-unreachable",
    bad: "score s \"S\":\n  +10 when phone_verified, at most -5\n  +5 for each activity \"website_visit\", at most -20\n\nmql \"MQL\" when s is at least 30\n",
    good: "score s \"S\":\n  +10 when phone_verified, at most -5\n  +5 for each activity \"website_visit\", at most -20\n\nmql \"MQL\" when s is at least 25\n");

case!(threshold_unreachable_weighted, "accord::threshold-unreachable",
    bad: "score s \"S\":\n  fit weighs 40%:\n    +50 when phone_verified\n  behavior weighs 60%:\n    +50 when there is an activity \"demo_request\"\n\nmql \"MQL\" when s is at least 65\n",
    good: "score s \"S\":\n  fit weighs 40%:\n    +50 when phone_verified\n  behavior weighs 60%:\n    +5 for each activity \"website_visit\"\n\nmql \"MQL\" when s is at least 65\n");

case!(threshold_always_met, "accord::threshold-always-met",
    bad: "score s \"S\":\n  +10 when phone_verified\n\nmql \"MQL\" when s is at least 0\n",
    good: "score s \"S\":\n  +10 when phone_verified\n\nmql \"MQL\" when s is at least 5\n");

case!(empty_range, "accord::empty-range",
    bad: "fit mid \"Mid\":\n  employees is between 500 and 20\n",
    good: "fit mid \"Mid\":\n  employees is between 20 and 500\n");

case!(unreachable_tier_threshold, "accord::unreachable-tier",
    bad: "tiers \"Tiers\":\n  tier 1 when employees is at least 50\n  tier 2 when employees is at least 80\n  tier 3 otherwise\n",
    good: "tiers \"Tiers\":\n  tier 1 when employees is at least 80\n  tier 2 when employees is at least 50\n  tier 3 otherwise\n");

case!(unreachable_tier_otherwise_not_last, "accord::unreachable-tier",
    bad: "tiers \"Tiers\":\n  tier 1 when employees is at least 50\n  tier 2 otherwise\n  tier 3 when phone_verified\n",
    good: "tiers \"Tiers\":\n  tier 1 when employees is at least 50\n  tier 2 when phone_verified\n  tier 3 otherwise\n");

case!(unreachable_tier_identical, "accord::unreachable-tier",
    bad: "tiers \"Tiers\":\n  tier 1 when there is an activity \"demo_request\"\n  tier 2 when there is an activity \"demo_request\"\n  tier 3 otherwise\n",
    good: "tiers \"Tiers\":\n  tier 1 when there is an activity \"demo_request\"\n  tier 2 when there is an activity \"page_view\"\n  tier 3 otherwise\n");

case!(unreachable_tier_membership, "accord::unreachable-tier",
    bad: "tiers \"Tiers\":\n  tier 1 when title_level is one of \"VP\", \"Director\"\n  tier 2 when title_level is \"VP\"\n  tier 3 otherwise\n",
    good: "tiers \"Tiers\":\n  tier 1 when title_level is \"VP\"\n  tier 2 when title_level is one of \"VP\", \"Director\"\n  tier 3 otherwise\n");

case!(no_fallback_tier, "accord::no-fallback-tier",
    bad: "tiers \"Tiers\":\n  tier 1 when employees is at least 80\n  tier 2 when employees is at least 20\n",
    good: "tiers \"Tiers\":\n  tier 1 when employees is at least 80\n  tier 2 otherwise\n");

case!(sla_missing_tier_limit, "accord::sla-missing-tier-limit",
    bad: "tiers \"Tiers\":\n  tier 1 when employees is at least 80\n  tier 2 when employees is at least 20\n  tier 3 otherwise\n\nsla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  tier 1 within 15 minutes\n  tier 2 within 2 hours\n",
    good: "tiers \"Tiers\":\n  tier 1 when employees is at least 80\n  tier 2 when employees is at least 20\n  tier 3 otherwise\n\nsla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 1 day; tier 1 within 15 minutes\n  tier 2 within 2 hours\n");

case!(definition_cycle, "accord::definition-cycle",
    bad: "fit alpha \"A\":\n  beta\n\nfit beta \"B\":\n  alpha\n\nmql \"MQL\" when alpha\n",
    good: "fit alpha \"A\":\n  beta\n\nfit beta \"B\":\n  phone_verified\n\nmql \"MQL\" when alpha\n");

case!(duplicate_name, "accord::duplicate-name",
    bad: "fit icp \"ICP\":\n  employees is at least 10\n\nfit icp \"ICP again\":\n  phone_verified\n",
    good: "fit icp \"ICP\":\n  employees is at least 10\n\nfit icp_verified \"ICP again\":\n  phone_verified\n");

// The evaluator takes one persistence and one handoff block, so a second
// one is refused by the check (as a second `tiers` or `recycling` is).
case!(duplicate_persistence, "accord::duplicate-name",
    bad: "persistence \"Phone\":\n  at least 2 attempts by \"phone\"\n\npersistence \"Email\":\n  at least 3 attempts by \"email\"\n",
    good: "persistence \"Phone and email\":\n  at least 2 attempts by \"phone\"\n  at least 3 attempts by \"email\"\n");

case!(duplicate_handoff, "accord::duplicate-name",
    bad: "handoff \"Contact\":\n  requires email\n\nhandoff \"Company\":\n  requires industry\n",
    good: "handoff \"Contact and company\":\n  requires email, industry\n");

// The evaluator refuses every test of an event stream as one value
// (`activities is present`), so the check must too.
case!(event_stream_tested_as_a_value, "accord::type-mismatch",
    bad: "fit active \"Active\":\n  activities is present\n",
    good: "fit active \"Active\":\n  at least 1 activity \"page_view\"\n");

// A calendar alone is no condition, and `is present` would not help.
case!(calendar_as_a_condition, "accord::not-a-condition",
    bad: "fit open \"Open\":\n  sales_hours\n",
    good: "fit open \"Open\":\n  phone_verified\n");

#[test]
fn event_stream_alone_is_counted_not_tested_for_presence() {
    let got = check_code(
        "fit active \"Active\":\n  activities\n",
        "accord::not-a-condition",
    );
    assert!(got.contains("at least 1 activity"), "{got}");
    assert!(!got.contains("is present"), "{got}");
}

case!(domain_with_at, "accord::domain-with-at",
    bad: "fit personal \"Personal\":\n  the domain of email is one of \"@gmail.com\", \"yahoo.com\"\n",
    good: "fit personal \"Personal\":\n  the domain of email is one of \"gmail.com\", \"yahoo.com\"\n");

case!(duplicate_field, "accord::duplicate-name",
    bad: "lead fields:\n  employees is text\n",
    good: "lead fields:\n  headcount is text\n");

case!(unused_definition, "accord::unused-definition",
    bad: "fit icp \"ICP\":\n  employees is at least 10\n\nlist spare: \"x\"\n\nmql \"MQL\" when icp and the domain of email is not in free_domains\n\nsla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 2 hours\n",
    good: "fit icp \"ICP\":\n  employees is at least 10\n\nmql \"MQL\" when icp and the domain of email is not in free_domains\n\nsla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 2 hours\n");

/// A file that decides nothing (schema, calendars, lists, fits) is a library
/// for other policies to import: nothing in it is "unused". Adding one
/// decision (an MQL) makes it a policy, and the warning comes back.
#[test]
fn a_library_file_has_no_unused_definitions() {
    let library = "list spare: \"x\"\n\nfit icp \"ICP\":\n  employees is at least 10\n";
    let codes_of_library = codes(library);
    assert!(
        !codes_of_library
            .iter()
            .any(|c| c == "accord::unused-definition"),
        "{codes_of_library:?}"
    );
    let policy = format!("{library}\nmql \"MQL\" when icp\n");
    assert!(codes(&policy)
        .iter()
        .any(|c| c == "accord::unused-definition"));
}

case!(effective_after_review, "accord::effective-after-review",
    bad: "agreement \"A\"\n  version \"1\"\n  effective 2026-06-01\n  next review 2026-04-01\n",
    good: "agreement \"A\"\n  version \"1\"\n  effective 2026-01-01\n  next review 2026-04-01\n");

// The effective date may come from ratification plus the amendment delay (seed G.2).
case!(effective_after_review_from_ratification, "accord::effective-after-review",
    bad: "agreement \"A\"\n  version \"1\"\n  ratified 2026-03-15\n  changes take effect 30 days after ratification\n  next review 2026-04-01\n",
    good: "agreement \"A\"\n  version \"1\"\n  ratified 2026-02-15\n  changes take effect 30 days after ratification\n  next review 2026-04-01\n");

// Seeds 000 and 003: "Review Cadence: Quarterly (next review: [Date + 90 days])".
case!(review_too_late, "accord::review-too-late",
    bad: "agreement \"A\"\n  version \"1\"\n  effective 2026-01-01\n  review every quarter\n  next review 2027-01-01\n",
    good: "agreement \"A\"\n  version \"1\"\n  effective 2026-01-01\n  review every quarter\n  next review 2026-04-01\n");

// The effective date may come from ratification plus the amendment delay.
case!(review_too_late_from_ratification, "accord::review-too-late",
    bad: "agreement \"A\"\n  version \"1\"\n  ratified 2025-12-02\n  changes take effect 30 days after ratification\n  review every month\n  next review 2026-03-01\n",
    good: "agreement \"A\"\n  version \"1\"\n  ratified 2025-12-02\n  changes take effect 30 days after ratification\n  review every year\n  next review 2026-03-01\n");

// `contains "intern"` also matches "Director of International Sales".
case!(contains_part_of_word, "accord::contains-part-of-word",
    bad: "fit intern \"Intern\":\n  industry contains \"intern\"\n",
    good: "fit intern \"Intern\":\n  industry contains the word \"intern\"\n  industry contains \"internship\"\n  industry contains \"vice president\"\n  industry matches \"*intern*\"\n");

case!(contains_the_word_needs_text, "accord::type-mismatch",
    bad: "fit intern \"Intern\":\n  employees contains the word \"intern\"\n",
    good: "fit intern \"Intern\":\n  industry contains the word \"intern\"\n");

case!(missing_version, "accord::missing-version",
    bad: "agreement \"A\"\n  effective 2026-01-01\n",
    good: "agreement \"A\"\n  version \"1\"\n  effective 2026-01-01\n");

case!(missing_effective_date, "accord::missing-effective-date",
    bad: "agreement \"A\"\n  version \"1\"\n",
    good: "agreement \"A\"\n  version \"1\"\n  effective 2026-01-01\n");

case!(missing_effective_date_but_ratified, "accord::missing-effective-date",
    bad: "agreement \"A\"\n  version \"1\"\n  ratified 2026-01-01\n",
    good: "agreement \"A\"\n  version \"1\"\n  ratified 2026-01-01\n  changes take effect 30 days after ratification\n");

// ---------------------------------------------------------------------------
// Several files
// ---------------------------------------------------------------------------

#[test]
fn a_mistake_in_an_imported_file_points_into_that_file() {
    let (ws, id) = support::workspace(&[
        ("policy/main.accord", "import \"shared/rules.accord\"\n\nmql \"MQL\" when big\n"),
        ("policy/shared/rules.accord", "lead fields:\n  employees is a number\n\nfit big \"Big\":\n  employes is at least 10\n"),
    ]);
    let diags = ws.diagnostics(id);
    let unknown: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "accord::unknown-field")
        .collect();
    assert_eq!(unknown.len(), 1, "{diags:#?}");
    assert!(
        !diags.iter().any(|d| d.code == "accord::missing-import"),
        "{diags:#?}"
    );
    insta::assert_snapshot!("imported_file_mistake", support::render_all(&ws, &unknown));
}

#[test]
fn a_missing_import_is_a_diagnostic_not_a_load_error() {
    let (ws, id) = support::workspace(&[("main.accord", "import \"gone.accord\"\n")]);
    let diags = ws.diagnostics(id);
    assert!(
        diags.iter().any(|d| d.code == "accord::missing-import"),
        "{diags:#?}"
    );
}

#[test]
fn an_unreadable_entry_is_a_load_error() {
    let mut ws =
        accord_check::Workspace::with_reader(|_| Err(std::io::Error::other("disk on fire")));
    assert!(ws.load(std::path::Path::new("x.accord")).is_err());
}

// `written "…"`: a format that cannot be read, a time of day on a date,
// none on a timestamp, a format on a number.
case!(date_format_unreadable, "accord::date-format",
    bad: "lead fields identified by mql_id:\n  mql_id is text\n  first_contact_date is a date written \"DD-MMM-YYYY\"\n",
    good: "lead fields identified by mql_id:\n  mql_id is text\n  first_contact_date is a date written \"DD-MM-YYYY\"\n");

case!(date_format_time_on_a_date, "accord::date-format",
    bad: "lead fields identified by mql_id:\n  mql_id is text\n  first_contact_date is a date written \"DD-MM-YYYY HH:MM\"\n",
    good: "lead fields identified by mql_id:\n  mql_id is text\n  first_contact_date is a timestamp written \"DD-MM-YYYY HH:MM\"\n");

case!(date_format_no_time_on_a_timestamp, "accord::date-format",
    bad: "lead fields identified by mql_id:\n  mql_id is text\n  won_at is an optional timestamp written \"DD/MM/YYYY\"\n",
    good: "lead fields identified by mql_id:\n  mql_id is text\n  won_at is an optional date written \"DD/MM/YYYY\"\n");

case!(date_format_on_a_number, "accord::date-format",
    bad: "lead fields identified by mql_id:\n  mql_id is text\n  stock is a number written \"DD-MM-YYYY\"\n",
    good: "lead fields identified by mql_id:\n  mql_id is text\n  stock is a number\n");

#[test]
fn every_code_is_documented_once() {
    let mut seen = std::collections::BTreeSet::new();
    for c in accord_check::CODES {
        assert!(c.starts_with("accord::"), "{c}");
        assert!(seen.insert(*c), "{c} listed twice");
    }
}

// Found by the differential run (issue 9): an exclusion that applies when
// no exclusion applies checked clean, and each evaluator broke the loop its
// own way (accord-eval by a depth limit, answering "excluded").
case!(exclusion_reading_no_exclusion_applies, "accord::definition-cycle",
    bad: "exclusion odd \"Odd\" when no exclusion applies: route to \"CSM\"\n\nexclusion customer \"Customer\" when status is \"customer\"\n\nmql \"MQL\" when no exclusion applies\n",
    good: "exclusion odd \"Odd\" when status is \"lead\": route to \"CSM\"\n\nexclusion customer \"Customer\" when status is \"customer\"\n\nmql \"MQL\" when no exclusion applies\n");

#[test]
fn a_trigger_an_exclusion_reads_may_not_say_no_exclusion_applies() {
    let got = codes("trigger clean \"Clean\":\n  any of:\n    no exclusion applies\n\nexclusion quiet \"Quiet\" when clean\n\nmql \"MQL\" when no exclusion applies\n");
    assert!(
        got.iter().any(|c| c == "accord::definition-cycle"),
        "{got:?}"
    );
}

case!(tier_sla_cycle, "accord::definition-cycle",
    bad: "tiers \"Tiers\":\n  tier 1 when first is met\n  tier 2 otherwise\n\nsla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  tier 1 within 15 minutes\n  tier 2 within 2 hours\n",
    good: "tiers \"Tiers\":\n  tier 1 when first is met\n  tier 2 otherwise\n\nsla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 2 hours\n");

case!(unreachable_tier_named_list, "accord::unreachable-tier",
    bad: "list target_industries: \"SaaS\", \"Fintech\"\n\ntiers \"Tiers\":\n  tier 1 when industry is in target_industries\n  tier 2 when industry is \"SaaS\"\n  tier 3 otherwise\n",
    good: "list target_industries: \"SaaS\", \"Fintech\"\n\ntiers \"Tiers\":\n  tier 1 when industry is in target_industries\n  tier 2 when industry is \"Retail\"\n  tier 3 otherwise\n");

case!(unreachable_tier_list_inside_one_of, "accord::unreachable-tier",
    bad: "list target_industries: \"SaaS\", \"Fintech\"\n\ntiers \"Tiers\":\n  tier 1 when industry is one of \"SaaS\", \"Fintech\", \"Retail\"\n  tier 2 when industry is in target_industries\n  tier 3 otherwise\n",
    good: "list target_industries: \"SaaS\", \"Fintech\", \"Health\"\n\ntiers \"Tiers\":\n  tier 1 when industry is one of \"SaaS\", \"Fintech\", \"Retail\"\n  tier 2 when industry is in target_industries\n  tier 3 otherwise\n");

case!(share_above_100_percent, "accord::percent-out-of-range",
    bad: "metric accepted \"Accepted\": the share of leads where accepted_at is present, by month\nbreach flood \"Flood\":\n  accepted is above 130% for 1 consecutive month\n",
    good: "metric accepted \"Accepted\": the share of leads where accepted_at is present, by month\nbreach flood \"Flood\":\n  accepted is above 95% for 1 consecutive month\n");

case!(percentage_field_above_100_percent, "accord::percent-out-of-range",
    bad: "fit converting \"Converting\":\n  conversion is at least 130%\n",
    good: "fit converting \"Converting\":\n  conversion is at least 30%\n");

case!(weight_above_100_percent, "accord::percent-out-of-range",
    bad: "score s \"S\":\n  fit weighs 130%:\n    +10 when phone_verified\n  behavior weighs 60%:\n    +5 when there is an activity \"demo_request\"\n",
    good: "score s \"S\":\n  fit weighs 40%:\n    +10 when phone_verified\n  behavior weighs 60%:\n    +5 when there is an activity \"demo_request\"\n");

/// A weight above 100% is the mistake; that the weights then add up to
/// more than 100% follows from it and is not reported a second time.
#[test]
fn a_weight_above_100_percent_is_not_also_a_wrong_sum() {
    let got = codes("score s \"S\":\n  fit weighs 130%:\n    +10 when phone_verified\n  behavior weighs 60%:\n    +5 when there is an activity \"demo_request\"\n");
    assert!(
        got.iter().any(|c| c == "accord::percent-out-of-range"),
        "{got:?}"
    );
    assert!(!got.iter().any(|c| c == "accord::weights-sum"), "{got:?}");
}

case!(decay_above_100_percent, "accord::percent-out-of-range",
    bad: "score s \"S\":\n  +10 when phone_verified\n  decays 150% every 30 days without activity\n",
    good: "score s \"S\":\n  +10 when phone_verified\n  decays 15% every 30 days without activity\n");

// The crash of issue 9: `within the last 99999999999999 days` checked clean
// and then panicked in every evaluation (chrono cannot hold that span).
case!(duration_longer_than_ten_thousand_years, "accord::duration-out-of-range",
    bad: "trigger hot \"Hot\":\n  any of, within the last 99999999999999 days:\n    an activity \"demo_request\"\n",
    good: "trigger hot \"Hot\":\n  any of, within the last 3652425 days:\n    an activity \"demo_request\"\n");

case!(negative_duration, "accord::duration-out-of-range",
    bad: "sla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within -5 minutes\n",
    good: "sla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 0 minutes\n");

// A window of no time holds no events: the trigger could never fire.
case!(trigger_window_of_zero_days, "accord::duration-out-of-range",
    bad: "trigger hot \"Hot\":\n  any of, within the last 0 days:\n    an activity \"demo_request\"\n",
    good: "trigger hot \"Hot\":\n  any of, within the last 1 days:\n    an activity \"demo_request\"\n");

case!(sliding_window_of_zero_days, "accord::duration-out-of-range",
    bad: "trigger hot \"Hot\":\n  any of, within the last 30 days:\n    at least 3 activities \"page_view\" within any 0 days\n",
    good: "trigger hot \"Hot\":\n  any of, within the last 30 days:\n    at least 3 activities \"page_view\" within any 14 days\n");

case!(decay_every_zero_days, "accord::duration-out-of-range",
    bad: "score s \"S\":\n  +10 when phone_verified\n  decays 15% every 0 days without activity\n",
    good: "score s \"S\":\n  +10 when phone_verified\n  decays 15% every 0.5 days without activity\n");

#[test]
fn every_duration_is_bounded() {
    for clause in [
        "fit f \"F\":\n  routed_at is within the last 120001 months\n",
        "fit f \"F\":\n  routed_at is more than 10001 years ago\n",
        "trigger t \"T\":\n  any of:\n    at least 2 activities \"page_view\" within any 530000 weeks\n",
        "rejection reasons \"R\":\n  no_budget \"No budget\": nurture \"x\" for 40001 quarters, re-enter after 30 days\n",
        "rejection reasons \"R\":\n  no_budget \"No budget\": archive, re-enter after 3652426 days\n",
        "recycling \"R\":\n  cooling off at least 87658201 hours\n",
        "recycling \"R\":\n  nurture placement within 5259492001 business minutes\n",
        "persistence \"P\":\n  from routed_at, counted in sales_hours\n  at least 6 attempts within 3652426 business days\n",
    ] {
        let got = codes(clause);
        assert!(
            got.iter().any(|c| c == "accord::duration-out-of-range"),
            "{clause}\n{got:?}"
        );
    }
}

case!(duplicate_default_sla_limit, "accord::duplicate-sla-limit",
    bad: "sla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 1 hour\n  within 2 hours\n",
    good: "sla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 1 hour\n");

case!(duplicate_tier_sla_limit, "accord::duplicate-sla-limit",
    bad: "tiers \"Tiers\":\n  tier 1 when employees is at least 100\n  tier 2 otherwise\n\nsla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  tier 1 within 15 minutes\n  tier 2 within 2 hours\n  tier 1 within 30 minutes\n  after hours, tier 1 is due by 09:00 the next business day\n",
    good: "tiers \"Tiers\":\n  tier 1 when employees is at least 100\n  tier 2 otherwise\n\nsla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  tier 1 within 15 minutes\n  tier 2 within 2 hours\n  after hours, tier 1 is due by 09:00 the next business day\n  after hours, due by 10:00 the next business day\n");

case!(duplicate_after_hours_rule, "accord::duplicate-sla-limit",
    bad: "sla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 2 hours\n  after hours, due by 09:00 the next business day\n  after hours, due by 10:00 the next business day\n",
    good: "sla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 2 hours\n  after hours, due by 09:00 the next business day\n");

case!(time_zone_compared_with_unknown_zone, "accord::unknown-time-zone",
    bad: "fit martian \"Martian\":\n  time_zone is \"Mars/Olympus\"\n",
    good: "fit martian \"Martian\":\n  time_zone is one of \"Europe/Berlin\", \"America/Chicago\"\n");

#[test]
fn every_time_zone_in_a_one_of_is_checked() {
    let got = check_code(
        "fit martian \"Martian\":\n  time_zone is one of \"Europe/Berlin\", \"Mars/Olympus\"\n",
        "accord::unknown-time-zone",
    );
    assert!(
        got.contains("Mars/Olympus") && !got.contains("\"Europe/Berlin\" is not"),
        "{got}"
    );
}

case!(after_hours_without_calendar, "accord::after-hours-without-calendar",
    bad: "sla first \"First\":\n  from routed_at to the first attempt\n  within 2 hours\n  after hours, due by 09:00 the next business day\n",
    good: "sla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 2 hours\n  after hours, due by 09:00 the next business day\n");

case!(breach_period_mismatch, "accord::breach-period-mismatch",
    bad: "metric mql_volume \"Volume\": the number of leads, by month\nbreach low \"Low\":\n  mql_volume is below 120 for 2 consecutive weeks\n",
    good: "metric mql_volume \"Volume\": the number of leads, by month\nbreach low \"Low\":\n  mql_volume is below 120 for 2 consecutive months\n");

case!(metric_instant, "accord::metric-instant",
    bad: "metric volume \"Volume\": the number of leads, by month\n",
    good: "metric volume \"Volume\": the number of leads, by month of routed_at\n");

case!(metric_instant_not_a_timestamp, "accord::type-mismatch",
    bad: "metric volume \"Volume\": the number of leads, by month of employees\n",
    good: "metric volume \"Volume\": the number of leads, by month of routed_at\n");

case!(breach_test, "accord::breach-test",
    bad: "metric volume \"Volume\": the number of leads, by month of routed_at\nbreach low \"Low\":\n  volume is present for 2 consecutive months\n",
    good: "metric volume \"Volume\": the number of leads, by month of routed_at\nbreach low \"Low\":\n  volume is below 120 for 2 consecutive months\n");

// ---------------------------------------------------------------------------
// Clauses that can never change an outcome (issue 13, item 7)
// ---------------------------------------------------------------------------

case!(cap_of_zero_removes_the_points, "accord::points-always-removed",
    bad: "score s \"S\":\n  +5 for each activity \"website_visit\", at most 0\n  +10 when phone_verified\n\nfit hot \"Hot\":\n  s is at least 10\n",
    good: "score s \"S\":\n  +5 for each activity \"website_visit\", at most 5\n  +10 when phone_verified\n\nfit hot \"Hot\":\n  s is at least 10\n");

case!(weight_of_zero_removes_the_points, "accord::points-always-removed",
    bad: "score s \"S\":\n  fit weighs 0%:\n    +10 when phone_verified\n  behavior weighs 100%:\n    +5 for each activity \"website_visit\", at most 100\n\nfit hot \"Hot\":\n  s is at least 10\n",
    good: "score s \"S\":\n  fit weighs 10%:\n    +10 when phone_verified\n  behavior weighs 90%:\n    +5 for each activity \"website_visit\", at most 100\n\nfit hot \"Hot\":\n  s is at least 10\n");

case!(requirement_implied_by_another_line, "accord::implied-requirement",
    bad: "fit big \"Big\":\n  employees is at least 20\n  title_level is \"VP\"\n  employees is at least 50\n",
    good: "fit big \"Big\":\n  employees is at least 20\n  title_level is \"VP\"\n  employees is at most 50\n");

case!(requirement_repeated_inside_and, "accord::implied-requirement",
    bad: "mql \"MQL\" when status is \"lead\" and phone_verified and status is one of \"lead\", \"customer\"\n",
    good: "mql \"MQL\" when status is \"lead\" and phone_verified or status is one of \"lead\", \"customer\"\n");

case!(exclusion_preempted_by_an_earlier_one, "accord::preempted-exclusion",
    bad: "exclusion personal \"Personal\" when the domain of email is in free_domains\n\nexclusion gmail \"Gmail\" when the domain of email is \"gmail.com\": route to \"SDR\"\n\nmql \"MQL\" when no exclusion applies\n",
    good: "exclusion personal \"Personal\" when the domain of email is in free_domains unless phone_verified\n\nexclusion gmail \"Gmail\" when the domain of email is \"gmail.com\": route to \"SDR\"\n\nmql \"MQL\" when no exclusion applies\n");

case!(cooling_off_for_a_never_recycled_reason, "accord::never-recycled-reentry",
    bad: "rejection reasons \"Reasons\":\n  not_icp \"Not ICP\": archive, never recycled\n  bad_timing \"Timing\": re-enter after 30 days\n\nrecycling \"Recycling\":\n  rejection reason is rejection_reason\n  rejected at rejected_at\n  cooling off at least 30 days, 90 days for not_icp\n",
    good: "rejection reasons \"Reasons\":\n  not_icp \"Not ICP\": archive, never recycled\n  bad_timing \"Timing\": re-enter after 30 days\n\nrecycling \"Recycling\":\n  rejection reason is rejection_reason\n  rejected at rejected_at\n  cooling off at least 30 days, 90 days for bad_timing\n");

case!(reentry_for_a_never_recycled_reason, "accord::never-recycled-reentry",
    bad: "rejection reasons \"Reasons\":\n  not_icp \"Not ICP\": archive, never recycled, re-enter after 90 days\n",
    good: "rejection reasons \"Reasons\":\n  not_icp \"Not ICP\": archive, re-enter after 90 days\n");

// A handoff that requires a yes/no field by name only needs a value: `no`
// passes too. A comparison or `is present` says what is meant.
case!(handoff_yes_no_present, "accord::handoff-yes-no-present",
    bad: "handoff \"Handoff\":\n  requires email, phone_verified\n",
    good: "handoff \"Handoff\":\n  requires email, phone_verified is yes\n  prefers phone_verified is present\n");

// `re-enter when the NAME definition has changed since the rejection` names
// a definition whose meaning is compared across versions.
case!(changed_definition_unknown, "accord::unknown-definition",
    bad: "fit icp \"ICP\":\n  employees is at least 10\n\nrejection reasons \"R\":\n  not_icp \"Not ICP fit\": archive, re-enter when the icpp definition has changed since the rejection\n",
    good: "fit icp \"ICP\":\n  employees is at least 10\n\nrejection reasons \"R\":\n  not_icp \"Not ICP fit\": archive, re-enter when the icp definition has changed since the rejection\n");

case!(score_floor_not_a_number, "accord::score-floor",
    bad: "score s \"S\":\n  +10 when phone_verified\n  never below 5%\n",
    good: "score s \"S\":\n  +10 when phone_verified\n  never below -5\n");

case!(score_floor_may_go_below_not_zero, "accord::score-floor",
    bad: "score s \"S\":\n  +10 when phone_verified\n  may go below -20\n",
    good: "score s \"S\":\n  +10 when phone_verified\n  may go below 0\n");

case!(score_floor_above_the_most_it_reaches, "accord::score-floor",
    bad: "score s \"S\":\n  +10 when phone_verified\n  +5 for each activity \"website_visit\", at most 20\n  never below 40\n",
    good: "score s \"S\":\n  +10 when phone_verified\n  +5 for each activity \"website_visit\", at most 20\n  never below 30\n");

case!(score_floor_on_weighted_parts, "accord::score-floor",
    bad: "score s \"S\":\n  fit weighs 40%:\n    +10 when phone_verified\n  behavior weighs 60%:\n    +5 when there is an activity \"demo_request\"\n  never below -10\n",
    good: "score s \"S\":\n  fit weighs 40%:\n    +10 when phone_verified\n  behavior weighs 60%:\n    +5 when there is an activity \"demo_request\"\n");

// A score that may go below 0 is no longer always at least 0, and one
// held at 10 always is.
case!(threshold_always_met_at_the_floor, "accord::threshold-always-met",
    bad: "score s \"S\":\n  +10 when phone_verified\n  -20 when status is \"customer\"\n  never below 10\n\nmql \"MQL\" when s is at least 10\n",
    good: "score s \"S\":\n  +10 when phone_verified\n  -20 when status is \"customer\"\n  may go below 0\n\nmql \"MQL\" when s is at least 0\n");

/// A declared rejection reason code named like "no value" (`unknown`) is
/// still the code, not read as `is missing`.
#[test]
fn a_reason_code_named_like_no_value_stays_a_value() {
    let text = "rejection reasons \"Reasons\":\n  unknown \"Unknown\": archive, never recycled\n\nfit known \"Known\":\n  industry is unknown\n";
    let found = codes(text);
    assert!(
        !found.iter().any(|c| c == "accord::type-mismatch"),
        "{found:?}"
    );
    let without_code = "fit known \"Known\":\n  industry is unknown\n";
    assert!(codes(without_code)
        .iter()
        .any(|c| c == "accord::type-mismatch"));
}

/// While the block of reason codes does not parse, its codes are unknown:
/// a bare word like `unknown` may be one of them, so it is not read as
/// `is missing` (only the block's own syntax error is reported).
#[test]
fn a_no_value_word_is_left_alone_while_the_reason_codes_do_not_parse() {
    let text = "rejection reasons \"Reasons\":\n  unknown \"Unknown\" archive\n\nfit known \"Known\":\n  industry is unknown\n";
    let found = codes(text);
    assert!(
        found.iter().any(|c| c.starts_with("accord::syntax::")),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|c| c == "accord::type-mismatch"),
        "{found:?}"
    );
}
