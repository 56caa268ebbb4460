//! The change lines `accord diff` prints, for one edit of every kind of
//! clause (old text, new text, expected lines), including edits of layout
//! and comments only, which must say "no change in meaning".

mod common;

use accord_diff::{Direction, Report};

fn as_of() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-30T15:00:00Z")
        .expect("instant")
        .into()
}

const POLICY: &str = "mql-sql-agreement.accord";
const LISTS: &str = "shared/lists.accord";
const SCHEMA: &str = "shared/schema.accord";
const CALENDARS: &str = "shared/calendars.accord";

/// (name, file, edits, expected change sentences in order)
type Case = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
);

const CASES: &[Case] = &[
    (
        "pure reformat: one-line stage wrapped, comments added and moved",
        POLICY,
        &[
            ("sal \"Accepted by sales (C.3)\" when mql and accepted_at is present", "sal \"Accepted by sales (C.3)\" when mql\n      and accepted_at is present   # rewrapped"),
            ("fit icp \"Minimum ICP fit (B.1)\":\n  firmographics\n", "# a new comment\nfit icp \"Minimum ICP fit (B.1)\":\n  firmographics     # trailing comment\n\n"),
            ("within 4 hours; tier 1 within 1 hour", "within 4 hours;   tier 1 within 1 hour"),
        ],
        &[],
    ),
    ("whole word", POLICY, &[("when unsubscribed or do_not_contact", "when unsubscribed or do_not_contact or job_title contains the word \"intern\"")], &["exclusion no_contact: new alternative `job_title contains the word \"intern\"` (tighter: excludes more leads)"]),
    ("MQL threshold", POLICY, &[("  lead_score is at least 65\n", "  lead_score is at least 55\n")], &["MQL: lead_score threshold lowered from 65 to 55 (looser)"]),
    ("MQL threshold written another way", POLICY, &[("  lead_score is at least 65\n", "  lead_score is more than 70\n")], &["MQL: `lead_score is at least 65` → `lead_score is more than 70` (tighter)"]),
    ("fit range", POLICY, &[("employees is between 20 and 500\n  industry", "employees is between 10 and 500\n  industry")], &["fit firmographics: employees lower bound lowered from 20 to 10 (looser)"]),
    ("fit requirement removed", POLICY, &[("  uses_crm\n  not competitor_contract\n\n# B.2", "  uses_crm\n\n# B.2")], &["fit icp: no longer requires `not competitor_contract` (looser)"]),
    ("fit requirement added", POLICY, &[("  uses_crm\n  not competitor_contract\n\n# B.2", "  uses_crm\n  not competitor_contract\n  phone_verified\n\n# B.2")], &["fit icp: now requires `phone_verified` (tighter)"]),
    ("list value added", LISTS, &[("\"E-commerce\"", "\"E-commerce\", \"Fintech\"")], &["list target_industries: added \"Fintech\" (looser)"]),
    ("list an exclusion reads gains a value", LISTS, &[("\"yandex.com\"", "\"yandex.com\", \"fastmail.com\"")], &["list free_email_domains: added \"fastmail.com\" (tighter: excludes more leads)"]),
    ("list an exclusion reads loses a value", LISTS, &[("\"aol.com\",", "")], &["list free_email_domains: removed \"aol.com\" (looser: excludes fewer leads)"]),
    ("list an exclusion reads gains and loses values", LISTS, &[("\"aol.com\",", ""), ("\"yandex.com\"", "\"yandex.com\", \"fastmail.com\"")], &["list free_email_domains: added \"fastmail.com\"; removed \"aol.com\" (mixed: some leads move each way)"]),
    ("exclusion's values gain and lose one", POLICY, &[("\"job_seeker\", \"student\", \"academic\"", "\"job_seeker\", \"student\", \"lead\"")], &["exclusion not_a_buyer: status: added \"lead\"; removed \"academic\" (mixed: some leads move each way)"]),
    ("exclusion unless: and → or", POLICY, &[("unless company_verified and phone_verified", "unless company_verified or phone_verified")], &["exclusion personal_email (unless): `company_verified and phone_verified` → `company_verified or phone_verified` (looser: excludes fewer leads)"]),
    ("a line of a list: or → and", POLICY, &[("closed_lost_at is missing or closed_lost_at", "closed_lost_at is missing and closed_lost_at")], &["SQL: `closed_lost_at is missing or closed_lost_at is more than 90 days ago` → `closed_lost_at is missing and closed_lost_at is more than 90 days ago` (tighter)"]),
    ("exclusion when: or → and", POLICY, &[("when unsubscribed or do_not_contact", "when unsubscribed and do_not_contact")], &["exclusion no_contact: `unsubscribed or do_not_contact` → `unsubscribed and do_not_contact` (looser: excludes fewer leads)"]),
    (
        "new exclusion",
        POLICY,
        &[("exclusion no_contact", "exclusion student_email \"Student email\" when the domain of email ends with \".ac.uk\"\nexclusion no_contact")],
        &["new exclusion student_email (when `the domain of email ends with \".ac.uk\"`) (tighter: excludes more leads)"],
    ),
    ("exclusion removed", POLICY, &[("exclusion competitor \"Competitor (B.4)\"\n  when status is \"competitor\": route to \"competitive intelligence queue\"\n", "")], &["exclusion competitor removed (looser: excludes fewer leads)"]),
    (
        "exclusions that never apply together swap places",
        POLICY,
        &[("exclusion customer \"Existing customer (B.4)\" when status is \"customer\": route to \"CSM\"\nexclusion open_opportunity \"Active open opportunity (B.4)\"\n  when status is \"open_opportunity\": route to \"owning AE\"\n", "exclusion open_opportunity \"Active open opportunity (B.4)\"\n  when status is \"open_opportunity\": route to \"owning AE\"\nexclusion customer \"Existing customer (B.4)\" when status is \"customer\": route to \"CSM\"\n")],
        &[],
    ),
    (
        "exclusion moved first: it now decides for a lead others apply to",
        POLICY,
        &[
            ("exclusion no_contact \"Unsubscribed or do-not-contact (B.4)\" when unsubscribed or do_not_contact\n", ""),
            ("exclusion customer \"Existing", "exclusion no_contact \"Unsubscribed or do-not-contact (B.4)\" when unsubscribed or do_not_contact\nexclusion customer \"Existing"),
        ],
        &["exclusion no_contact: now checked before customer, open_opportunity, competitor, not_a_buyer, personal_email (a lead one of those also applies to is now excluded by no_contact instead)"],
    ),
    ("exclusion route", POLICY, &[("route to \"CSM\"\nexclusion open", "route to \"Customer Success\"\nexclusion open")], &["exclusion customer: route \"CSM\" → \"Customer Success\""]),
    ("exclusion unless removed", POLICY, &[("\n  unless company_verified and phone_verified", "")], &["exclusion personal_email: no longer spares leads where `company_verified and phone_verified` (tighter: excludes more leads)"]),
    ("SLA limit", POLICY, &[("  tier 1 within 15 minutes\n", "  tier 1 within 10 minutes\n")], &["SLA first_response: tier 1 limit tightened from 15 business minutes to 10 business minutes (tighter)"]),
    ("SLA default limit", POLICY, &[("within 4 hours; tier 1", "within 6 hours; tier 1")], &["SLA acceptance: limit loosened from 4 business hours to 6 business hours (looser)"]),
    ("SLA limits in another unit, same length", POLICY, &[("within 4 hours; tier 1 within 1 hour", "within 240 minutes; tier 1 within 60 minutes"), ("  tier 2 within 2 hours\n", "  tier 2 within 120 minutes\n")], &[]),
    ("nurture in quarters, same length", POLICY, &[("nurture \"long-cycle\" for 6 months", "nurture \"long-cycle\" for 2 quarters")], &[]),
    ("SLA after hours", POLICY, &[("tier 1 is due by 09:00 the next", "tier 1 is due by 10:00 the next")], &["SLA first_response: after hours, tier 1 due by 09:00 → 10:00 (later)"]),
    ("cooling-off for one reason", POLICY, &[("90 days for not_icp", "90 days for not_icp, 60 days for bad_timing")], &["recycling: bad_timing: cooling-off 30 days → 60 days (later)"]),
    ("human review", POLICY, &[("more than 2 times", "more than 3 times")], &["recycling: human review when recycled more than 2 → 3 times (later)"]),
    ("calendar holiday", CALENDARS, &[("2026-12-25,", "2026-12-24, 2026-12-25,")], &["calendar sales_hours: closed on 2026-12-24 added"]),
    ("calendar hours", CALENDARS, &[("from 08:00 to 18:00", "from 09:00 to 18:00")], &["calendar sales_hours: Monday to Friday: open 08:00–18:00 → 09:00–18:00"]),
    (
        "calendar days over a weekend (a range wraps around Sunday)",
        CALENDARS,
        &[("open Monday to Friday from", "open Friday to Monday from")],
        &["calendar sales_hours: Tuesday to Thursday: now closed (was open 08:00–18:00)", "calendar sales_hours: Saturday to Sunday: now open 08:00–18:00"],
    ),
    ("trigger window", POLICY, &[("any of, within the last 30 days:", "any of, within the last 14 days:")], &["trigger high_intent: window shortened from 30 days to 14 days (tighter)"]),
    (
        "trigger count",
        POLICY,
        &[("    at least 2 activities \"page_view\" where page is \"pricing\"\n    an activity \"integration", "    at least 3 activities \"page_view\" where page is \"pricing\"\n    an activity \"integration")],
        &["trigger high_intent: in `at least 3 activities \"page_view\" where page is \"pricing\"`: count raised from 2 to 3 (tighter)"],
    ),
    ("score points", POLICY, &[("+30 when title_level", "+25 when title_level")], &["score lead_score (fit): `+25 when title_level is one of \"VP\", \"Director\"`: points +30 → +25 (fewer points)"]),
    ("score rule threshold", POLICY, &[("+25 when employees is between 50 and 500", "+25 when employees is between 60 and 500")], &["score lead_score (fit): rule `+25 when employees is between 50 and 500`: employees lower bound raised from 50 to 60 (fewer points)"]),
    ("score rule condition and points", POLICY, &[("+20 when title_level is \"Manager\"", "+15 when title_level is one of \"Manager\", \"Individual\"")], &["score lead_score (fit): rule `+20 when title_level is \"Manager\"`: title_level: added \"Individual\" (more points)", "score lead_score (fit): `+15 when title_level is one of \"Manager\", \"Individual\"`: points +20 → +15 (fewer points)"]),
    ("penalty's condition", POLICY, &[("-10 when there is an activity \"unsubscribe\"", "-10 when there is an activity one of \"unsubscribe\", \"careers_page_visit\"")], &["score lead_score (behavior): rule `-10 when there is an activity \"unsubscribe\"`: in `there is an activity one of \"unsubscribe\", \"careers_page_visit\"`: kinds added \"careers_page_visit\" (fewer points)"]),
    ("score rule edited in place", POLICY, &[("+20 when country is in target_countries", "+20 when country is in target_countries and phone_verified")], &["score lead_score (fit): rule `+20 when country is in target_countries`: now requires `phone_verified` (fewer points)"]),
    ("score rule for each edited in place", POLICY, &[("+7 for each activity \"content_download\", at most 21", "+7 for each activity \"content_download\" where page is \"pricing\", at most 21")], &["score lead_score (behavior): in `+7 for each activity \"content_download\" where page is \"pricing\", at most 21`: now only events where `page is \"pricing\"` (fewer points)"]),
    ("trigger's where widened", POLICY, &[("      or at least 2 activities \"page_view\" where page is \"pricing\"\n  tier 2", "      or at least 2 activities \"page_view\" where page is one of \"pricing\", \"plans\"\n  tier 2")], &["tier 1: in `at least 2 activities \"page_view\" where page is one of \"pricing\", \"plans\"`: page: added \"plans\" (looser)"]),
    ("trigger's where removed", POLICY, &[("      or at least 2 activities \"page_view\" where page is \"pricing\"\n  tier 2", "      or at least 2 activities \"page_view\"\n  tier 2")], &["tier 1: in `at least 2 activities \"page_view\"`: no longer only events where `page is \"pricing\"` (looser)"]),
    (
        "a rule removed and another added elsewhere: not paired",
        POLICY,
        &[("    +10 when employees is between 20 and 49\n", ""), ("    +20 when country is in target_countries\n", "    +20 when country is in target_countries\n    +5 when phone_verified\n")],
        &["score lead_score (fit): rule `+10 when employees is between 20 and 49` removed (fewer points)", "score lead_score (fit): new rule `+5 when phone_verified` (more points)"],
    ),
    ("decay's stream in the plural: no change", POLICY, &[("decays 10% every 30 days without activity", "decays 10% every 30 days without activities")], &[]),
    ("decay's rate and period", POLICY, &[("decays 10% every 30 days without activity", "decays 15% every 60 days without activity")], &["score lead_score: decay 10% → 15% (fewer points)", "score lead_score: decay period lengthened from 30 days to 60 days (more points)"]),
    ("metric's population", POLICY, &[("the number of mql leads, by day", "the number of sal leads, by day")], &["metric daily_mql_volume: the leads counted: `mql` → `sal`", "metric daily_mql_volume: a lead now lands in the day of its population's own instant, `sal_at` or `accepted_at` (was its population's own instant, `mql_at`)"]),
    ("metric's default instant written out: no change", POLICY, &[("the number of mql leads, by month", "the number of mql leads, by month of mql_at")], &[]),
    ("metric's share condition", POLICY, &[("  the share of sal leads where unresponsive_at is present\n      and no attempt by one of \"phone\", \"email\", \"linkedin\", by month", "  the share of sal leads where unresponsive_at is present, by month")], &["metric unresponsive_without_attempt: the share's condition: no longer requires `no attempt by one of \"phone\", \"email\", \"linkedin\"` (matches more leads)"]),
    ("metric's period instant", POLICY, &[("the number of mql leads, by month", "the number of mql leads, by month of routed_at")], &["metric mql_volume: a lead now lands in the month of `routed_at` (was its population's own instant, `mql_at`)"]),
    ("metric's breakdown", POLICY, &[("by month, per rejection_reason", "by month")], &["metric rejection_rate_by_reason: no longer broken down per rejection_reason"]),
    ("metric's aggregate", POLICY, &[("the share of recycled leads where mql, by quarter", "the number of recycled leads, by quarter")], &["metric recycle_to_mql: now the number of leads (was the share of leads where `mql`)"]),
    ("for-each rule's kinds", POLICY, &[("+3 for each activity one of \"email_open\", \"email_click\", at most 15", "+3 for each activity one of \"email_open\", \"email_click\", \"newsletter_click\", at most 15")], &["score lead_score (behavior): in `+3 for each activity one of \"email_open\", \"email_click\", \"newsletter_click\", at most 15`: kinds added \"newsletter_click\" (more points)"]),
    ("for-each penalty's kinds", POLICY, &[("-5 for each activity \"careers_page_visit\"", "-5 for each activity one of \"careers_page_visit\", \"job_change\"")], &["score lead_score (behavior): in `-5 for each activity one of \"careers_page_visit\", \"job_change\"`: kinds added \"job_change\" (fewer points)"]),
    (
        "a rule on one event removed and a rule on another added: not paired",
        POLICY,
        &[("    +10 when there is an activity \"integration_docs_view\"\n", ""), ("    -10 when there is an activity \"unsubscribe\"\n", "    -10 when there is an activity \"unsubscribe\"\n    +10 when there is an activity \"pricing_calculator\"\n")],
        &["score lead_score (behavior): rule `+10 when there is an activity \"integration_docs_view\"` removed (fewer points)", "score lead_score (behavior): new rule `+10 when there is an activity \"pricing_calculator\"` (more points)"],
    ),
    ("score weight", POLICY, &[("fit weighs 40%:", "fit weighs 50%:"), ("behavior weighs 60%:", "behavior weighs 50%:")], &["score lead_score (fit): weight 40% → 50%", "score lead_score (behavior): weight 60% → 50%"]),
    ("score decay", POLICY, &[("decays 10% every", "decays 15% every")], &["score lead_score: decay 10% → 15% (fewer points)"]),
    ("tier condition", POLICY, &[("or lead_score is at least 80", "or lead_score is at least 70")], &["tier 2: lead_score threshold lowered from 80 to 70 (looser)"]),
    ("persistence count", POLICY, &[("at least 6 attempts by", "at least 5 attempts by")], &["persistence: `at least 5 attempts by one of \"phone\", \"email\", \"linkedin\" within 10 business days`: at least 6 → 5 (looser)"]),
    ("persistence applies when", POLICY, &[("persistence \"Contact persistence before Unresponsive (E.2)\":\n", "persistence \"Contact persistence before Unresponsive (E.2)\":\n  applies when mql\n")], &["persistence: now applies only when `mql` (matches fewer leads)"]),
    ("handoff applies when", POLICY, &[("handoff \"Data completeness at handoff (D.1)\":\n", "handoff \"Data completeness at handoff (D.1)\":\n  applies when mql\n")], &["handoff: now applies only when `mql` (matches fewer leads)"]),
    ("re-entry wait", POLICY, &[("re-enter after 30 days with a new activity", "re-enter after 60 days with a new activity")], &["rejection reason no_budget: may re-enter after a wait lengthened from 30 days to 60 days (later)"]),
    ("handoff", POLICY, &[("requires email_deliverable is yes", "requires email_deliverable is yes\n  requires phone")], &["handoff: now requires phone (tighter)"]),
    ("SQL window under or", POLICY, &[("more than 90 days ago", "more than 180 days ago")], &["SQL: closed_lost_at window lengthened from 90 days to 180 days (tighter)"]),
    ("breach threshold", POLICY, &[("is above 30% for 2", "is above 25% for 2")], &["breach reason_code_spike: rejection_rate_by_reason threshold lowered from 30% to 25% (fires more often)"]),
    ("drift threshold", POLICY, &[("by more than 15% between", "by more than 10% between")], &["drift mql_volume_shift: threshold 15% → 10% (fires more often)"]),
    ("metric period", POLICY, &[("the number of mql leads, by day", "the number of mql leads, by week"), ("is more than 50 for 1 consecutive day", "is more than 50 for 1 consecutive week")], &["metric daily_mql_volume: counted by week instead of by day", "breach campaign_surge: for 1 consecutive day → 1 consecutive week"]),
    ("agreement dates", POLICY, &[("effective 2026-01-01", "effective 2026-03-01")], &["agreement: effective date 2026-01-01 → 2026-03-01 (later)"]),
    ("field choices", SCHEMA, &[("\"Manager\", \"Individual\"", "\"Manager\", \"Individual\", \"Founder\"")], &["field title_level: choices: added \"Founder\""]),
    (
        "rename with the same body",
        POLICY,
        &[("fit firmographics \"", "fit company_fit \""), ("  firmographics\n  title_level", "  company_fit\n  title_level"), ("  sal\n  firmographics\n", "  sal\n  company_fit\n")],
        &["fit firmographics: renamed to company_fit (same body)"],
    ),
];

#[test]
fn every_kind_of_clause_is_described() {
    let base = common::load(&common::example("v1.0"));
    let mut failures = Vec::new();
    for (name, file, edits, expected) in CASES {
        let dir = common::edited(file, edits);
        let new = common::load(dir.path());
        let report = Report::new(&base, &new, as_of());
        let got: Vec<String> = report.changes.iter().map(|c| c.sentence()).collect();
        if got != *expected {
            failures.push(format!(
                "{name}:\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
        if report.no_change_in_meaning != expected.is_empty() {
            failures.push(format!(
                "{name}: no_change_in_meaning is {}",
                report.no_change_in_meaning
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A `where`, kinds or a window that let a pattern match more events make
/// `no …` and `at most …` patterns accept fewer leads (and `exactly …`
/// cannot be told: the pattern is said as replaced).
#[test]
fn more_events_in_a_no_or_at_most_pattern_read_the_other_way() {
    let line = "      or at least 2 activities \"page_view\" where page is \"pricing\"\n  tier 2";
    let pattern = |p: &str| format!("      or {p}\n  tier 2");
    for (old, new, expected) in [
        (
            "no activity \"page_view\" where page is \"pricing\"",
            "no activity \"page_view\"",
            "tier 1: in `no activity \"page_view\"`: no longer only events where `page is \"pricing\"` (tighter)",
        ),
        (
            "at most 2 activities \"page_view\"",
            "at most 2 activities \"page_view\" where page is \"pricing\"",
            "tier 1: in `at most 2 activities \"page_view\" where page is \"pricing\"`: now only events where `page is \"pricing\"` (looser)",
        ),
        (
            "no activity \"page_view\"",
            "no activity one of \"page_view\", \"demo_request\"",
            "tier 1: in `no activity one of \"page_view\", \"demo_request\"`: kinds added \"demo_request\" (tighter)",
        ),
        (
            "at most 1 activity \"page_view\" within the last 30 days",
            "at most 1 activity \"page_view\" within the last 60 days",
            "tier 1: in `at most 1 activity \"page_view\" within the last 60 days`: window within the last 30 days → within the last 60 days (tighter)",
        ),
        (
            "exactly 2 activities \"page_view\"",
            "exactly 2 activities \"page_view\" where page is \"pricing\"",
            "tier 1: `exactly 2 activities \"page_view\"` → `exactly 2 activities \"page_view\" where page is \"pricing\"`",
        ),
    ] {
        let (base, edited) = (
            common::edited(POLICY, &[(line, &pattern(old))]),
            common::edited(POLICY, &[(line, &pattern(new))]),
        );
        let report = Report::new(&common::load(base.path()), &common::load(edited.path()), as_of());
        let got: Vec<String> = report.changes.iter().map(|c| c.sentence()).collect();
        assert_eq!(got, [expected], "{old} → {new}");
    }
}

/// A comparison inside a pattern's `where` is on an event's field, not
/// the lead's: no region is worked out for it as if it were (was: "no
/// lead can be built in this region", read as a lead field `page`).
#[test]
fn a_change_inside_a_where_has_no_region_of_a_lead_field() {
    let widened = |before: &str, after: &str| {
        (
            format!("{before}at least 2 activities \"page_view\" where page is \"pricing\"{after}"),
            format!("{before}at least 2 activities \"page_view\" where page is one of \"pricing\", \"plans\"{after}"),
        )
    };
    // The trigger's line comes first; then tier 1's.
    let (trigger, tier) = (widened("", ""), widened("      or ", "\n  tier 2"));
    let edited = common::edited(POLICY, &[(&trigger.0, &trigger.1), (&tier.0, &tier.1)]);
    let base = common::load(&common::example("v1.0"));
    let report = Report::new(&base, &common::load(edited.path()), as_of());
    let sentence = "trigger high_intent: in `at least 2 activities \"page_view\" where page is one of \"pricing\", \"plans\"`: page: added \"plans\" (looser)";
    let region = report
        .regions
        .iter()
        .find(|r| r.change == sentence)
        .unwrap_or_else(|| panic!("{:#?}", report.regions));
    assert_eq!(
        region.not_shown.as_deref(),
        Some("this kind of change has no exact region from the policy alone; `--leads FILE` lists the real leads it flips")
    );
    // In a tier's condition, the same change moves leads between tiers.
    let tier = "tier 1: in `at least 2 activities \"page_view\" where page is one of \"pricing\", \"plans\"`: page: added \"plans\" (looser)";
    let region = report
        .regions
        .iter()
        .find(|r| r.change == tier)
        .unwrap_or_else(|| panic!("{:#?}", report.regions));
    let said = region.not_shown.as_deref().unwrap_or_default();
    assert!(
        said.starts_with("tier 1's condition is not an MQL requirement"),
        "{said}"
    );
}

#[test]
fn every_change_names_its_place_in_each_version() {
    let old = common::load(&common::example("v1.0"));
    let new = common::load(&common::example("v1.1"));
    let report = Report::new(&old, &new, as_of());
    for c in &report.changes {
        let old_place = c.old.as_ref().expect("old place");
        let new_place = c.new.as_ref().expect("new place");
        assert!(
            old_place.file.contains("v1.0") && old_place.line > 0,
            "{c:?}"
        );
        assert!(
            new_place.file.contains("v1.1") && new_place.line > 0,
            "{c:?}"
        );
    }
    let threshold = report
        .changes
        .iter()
        .find(|c| c.subject == "MQL")
        .expect("MQL change");
    let line = |file: &str, place: &accord_diff::Place| {
        let text = std::fs::read_to_string(common::example(file).join(POLICY)).expect("example");
        text.lines()
            .nth(place.line - 1)
            .map(str::to_string)
            .unwrap_or_default()
    };
    assert_eq!(
        line("v1.0", threshold.old.as_ref().expect("old")).trim(),
        "lead_score is at least 65"
    );
    assert_eq!(
        line("v1.1", threshold.new.as_ref().expect("new")).trim(),
        "lead_score is at least 55"
    );
}

/// A score rule edited in place — here a line added to its condition,
/// which has no old line of its own — is placed at the rule in each
/// version.
#[test]
fn an_edited_score_rule_names_its_place_in_each_version() {
    let base = common::load(&common::example("v1.0"));
    let dir = common::edited(
        POLICY,
        &[(
            "+20 when country is in target_countries",
            "+20 when country is in target_countries and phone_verified",
        )],
    );
    let report = Report::new(&base, &common::load(dir.path()), as_of());
    let [change] = report.changes.as_slice() else {
        panic!("one change: {:?}", report.changes);
    };
    let line = |dir: &std::path::Path, place: Option<&accord_diff::Place>| {
        let place = place.expect("a place");
        let text = std::fs::read_to_string(dir.join(POLICY)).expect("the policy");
        text.lines()
            .nth(place.line - 1)
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let old = line(&common::example("v1.0"), change.old.as_ref());
    let new = line(dir.path(), change.new.as_ref());
    assert_eq!(old, "+20 when country is in target_countries");
    assert_eq!(
        new,
        "+20 when country is in target_countries and phone_verified"
    );
}

#[test]
fn a_version_compared_with_itself_has_no_change() {
    let v = common::load(&common::example("v1.1"));
    assert!(Report::new(&v, &v, as_of()).no_change_in_meaning);
}

/// The example's policy with a score `extra` of `body`'s lines added
/// before `lead_score`.
fn with_extra_score(body: &str) -> tempfile::TempDir {
    let score = format!("score extra \"Extra points\":\n{body}\n");
    common::edited(
        POLICY,
        &[("score lead_score", &format!("{score}score lead_score"))],
    )
}

/// A score's floor line (`never below N`, `may go below 0`) compared, the
/// default (`never below 0`) named when a version has none.
#[test]
fn a_score_floor_change_is_described() {
    let flat = |floor: &str| {
        with_extra_score(&format!(
            "  +10 when phone_verified\n  -20 when competitor_contract\n{floor}"
        ))
    };
    let cases = [
        (
            "",
            "  never below -5\n",
            "score extra: floor: never below 0 (the default) → never below -5",
        ),
        (
            "  never below -5\n",
            "  may go below 0\n",
            "score extra: floor: never below -5 → may go below 0",
        ),
    ];
    for (old, new, expected) in cases {
        let (a, b) = (flat(old), flat(new));
        let report = Report::new(&common::load(a.path()), &common::load(b.path()), as_of());
        let got: Vec<String> = report.changes.iter().map(|c| c.sentence()).collect();
        assert_eq!(got, vec![expected.to_string()], "{old:?} → {new:?}");
    }
}

/// A rule's cap compared as the evaluator reads it: an amount, whichever
/// sign it is written with; a larger cap on a penalty takes more points
/// away (fewer points), on a reward adds more.
#[test]
fn a_cap_change_reads_as_the_evaluator_reads_the_cap() {
    let penalty = |cap: &str| {
        format!("  -5 for each activity \"careers_page_visit\", at most {cap}\n  +10 when phone_verified\n")
    };
    let reward =
        |cap: &str| format!("  +5 for each activity \"careers_page_visit\", at most {cap}\n");
    let cases = [
        (penalty("10"), penalty("-10"), None),
        (penalty("10"), penalty("20"), Some(Direction::FewerPoints)),
        (penalty("-20"), penalty("10"), Some(Direction::MorePoints)),
        (reward("10"), reward("20"), Some(Direction::MorePoints)),
        (reward("20"), reward("-10"), Some(Direction::FewerPoints)),
    ];
    for (old, new, expected) in cases {
        let (a, b) = (with_extra_score(&old), with_extra_score(&new));
        let report = Report::new(&common::load(a.path()), &common::load(b.path()), as_of());
        let caps: Vec<_> = report
            .changes
            .iter()
            .filter(|c| c.text.contains("cap"))
            .map(|c| c.direction)
            .collect();
        match expected {
            None => assert!(
                report.changes.is_empty(),
                "{old:?} → {new:?}: {:?}",
                sentences(&report)
            ),
            Some(d) => assert_eq!(
                caps,
                vec![Some(d)],
                "{old:?} → {new:?}: {:?}",
                sentences(&report)
            ),
        }
    }
}

/// A list's change moves every clause that reads it the way the same change
/// written into the clause would: `not` and a penalty's sign flip it, an
/// exclusion reads it the other way round from a requirement, and reads
/// that pull opposite ways make the change mixed. `reads` are added to the
/// policy of both versions; the new version's list also gains a value.
#[test]
fn a_list_change_moves_the_clauses_that_read_it() {
    const FIT_READS_UNDER_NOT: (&str, &str) = (
        "  not competitor_contract\n",
        "  not competitor_contract\n  not the domain of email is in competitor_domains\n",
    );
    const PENALTY_READS: (&str, &str) = (
        "    +20 when country is in target_countries\n",
        "    +20 when country is in target_countries\n    -10 when the domain of email is in competitor_domains\n",
    );
    // A new exclusion `rival` that reads the list, under `not` or not.
    let rival = |not: &str| {
        format!("exclusion rival \"Rival domain\" when {not}the domain of email is in competitor_domains\nexclusion no_contact")
    };
    let (rival_reads, rival_reads_under_not) = (rival(""), rival("not "));
    let exclusion_reads = ("exclusion no_contact", rival_reads.as_str());
    let exclusion_under_not_reads = ("exclusion no_contact", rival_reads_under_not.as_str());
    const GAINS: (&str, &str) = ("\"leadforge.com\"", "\"leadforge.com\", \"dealflow.io\"");
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[FIT_READS_UNDER_NOT], "tighter"),
        (&[PENALTY_READS], "fewer points"),
        (&[exclusion_under_not_reads], "looser: excludes fewer leads"),
        (
            &[FIT_READS_UNDER_NOT, PENALTY_READS, exclusion_reads],
            "tighter",
        ),
        (
            &[FIT_READS_UNDER_NOT, exclusion_under_not_reads],
            "mixed: some leads move each way",
        ),
    ];
    let mut failures = Vec::new();
    for (reads, expected) in cases {
        let old = common::edited(POLICY, reads);
        let new = common::edited(POLICY, reads);
        common::edit(new.path(), LISTS, &[GAINS]);
        let report = Report::new(
            &common::load(old.path()),
            &common::load(new.path()),
            as_of(),
        );
        let expected = format!("list competitor_domains: added \"dealflow.io\" ({expected})");
        if sentences(&report) != [expected.clone()] {
            failures.push(format!(
                "{reads:?}:\n  expected {expected:?}\n  got      {:?}",
                sentences(&report)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The name a copy of the example's policy file is given, the way two
/// versions are usually kept (`v1.accord`, `v2.accord`).
const RENAMED: &str = "renamed-agreement.accord";

/// A copy of example `v1.0` with `edits` applied to `file`, its policy file
/// then renamed to [`RENAMED`]; the guard and the renamed file.
fn renamed(file: &str, edits: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = common::edited(file, edits);
    let path = dir.path().join(RENAMED);
    std::fs::rename(dir.path().join(POLICY), &path).expect("rename");
    (dir, path)
}

fn sentences(report: &Report) -> Vec<String> {
    report.changes.iter().map(|c| c.sentence()).collect()
}

/// Two policy files compared are the same file whatever their names: an
/// identical copy has no change in meaning, an edit is that edit alone, and
/// the imported files still pair by their path beside it.
#[test]
fn the_files_given_are_the_same_file_whatever_their_names() {
    let old = common::load(&common::example("v1.0").join(POLICY));
    let cases: &[Case] = &[
        ("identical copy", POLICY, &[], &[]),
        (
            "MQL threshold",
            POLICY,
            &[(
                "  lead_score is at least 65\n",
                "  lead_score is at least 55\n",
            )],
            &["MQL: lead_score threshold lowered from 65 to 55 (looser)"],
        ),
        (
            "list value added in an import",
            LISTS,
            &[("\"E-commerce\"", "\"E-commerce\", \"Fintech\"")],
            &["list target_industries: added \"Fintech\" (looser)"],
        ),
    ];
    let mut failures = Vec::new();
    for (name, file, edits, expected) in cases {
        let (_dir, path) = renamed(file, edits);
        let report = Report::new(&old, &common::load(&path), as_of());
        let got = sentences(&report);
        if got != *expected || report.no_change_in_meaning != expected.is_empty() {
            failures.push(format!(
                "{name}:\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Under another name, a change keeps the places of the real files and
/// flips the same leads as under the same name.
#[test]
fn a_renamed_file_keeps_its_places_and_regions() {
    let edits: &[(&str, &str)] = &[(
        "  lead_score is at least 65\n",
        "  lead_score is at least 55\n",
    )];
    let old = common::load(&common::example("v1.0").join(POLICY));
    let same_name = common::edited(POLICY, edits);
    let (_dir, path) = renamed(POLICY, edits);
    let expected = Report::new(&old, &common::load(&same_name.path().join(POLICY)), as_of());
    let report = Report::new(&old, &common::load(&path), as_of());
    let [change] = report.changes.as_slice() else {
        panic!("one change expected: {:?}", sentences(&report));
    };
    let (o, n) = (
        change.old.as_ref().expect("old"),
        change.new.as_ref().expect("new"),
    );
    assert!(o.file.ends_with(&format!("v1.0/{POLICY}")), "{o}");
    assert!(n.file.ends_with(RENAMED), "{n}");
    assert_eq!(o.line, expected.changes[0].old.as_ref().expect("old").line);
    assert_eq!(n.line, expected.changes[0].new.as_ref().expect("new").line);
    assert!(!report.regions.is_empty());
    assert_eq!(report.regions, expected.regions);
}

/// A definition moved between an imported file and the policy file is
/// still a move, named by the real files, when the policy file is renamed.
#[test]
fn a_move_between_an_import_and_a_renamed_file_is_a_move() {
    let list = "list target_industries \"Target industries (000 B.1)\": \"SaaS\", \"Professional Services\", \"E-commerce\"\n";
    let (dir, moved) = renamed(LISTS, &[(list, "")]);
    common::edit(
        dir.path(),
        RENAMED,
        &[(
            "\nfit firmographics",
            &format!("\n{list}\nfit firmographics"),
        )],
    );
    let original = common::example("v1.0").join(POLICY);
    let (a, b) = (common::load(&original), common::load(&moved));
    assert_eq!(
        sentences(&Report::new(&a, &b, as_of())),
        [format!(
            "list target_industries: moved from {LISTS} to {RENAMED}"
        )]
    );
    assert_eq!(
        sentences(&Report::new(&b, &a, as_of())),
        [format!(
            "list target_industries: moved from {RENAMED} to {LISTS}"
        )]
    );
}
