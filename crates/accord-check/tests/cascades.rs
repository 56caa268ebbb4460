//! A syntax error is reported once: when a block does not parse, what it
//! declared or used is not reported again elsewhere (unknown tiers, reason
//! codes, lists, calendars, metrics, fields; unused definitions), and a
//! mistake the parser reported is not repeated by the checker. Each test
//! also has a near miss: the same mistake without the broken block (or a
//! broken block of another kind) is still reported.

mod support;

use support::{codes, diagnostics, with_prelude};

/// Codes that are not the parser's (with the prelude, whose calendar and
/// list these policies do not all use).
fn checker_codes(src: &str) -> Vec<String> {
    let prelude_unused = |d: &accord_syntax::Diagnostic| {
        d.code == "accord::unused-definition"
            && (d.message.contains("`sales_hours`") || d.message.contains("`free_domains`"))
    };
    diagnostics(&with_prelude(src))
        .1
        .into_iter()
        .filter(|d| !d.code.starts_with("accord::syntax") && !prelude_unused(d))
        .map(|d| d.code)
        .collect()
}

fn has_syntax_error(src: &str) -> bool {
    codes(src).iter().any(|c| c.starts_with("accord::syntax"))
}

/// `broken` has a syntax error and nothing else, while `fixed` (the same
/// policy without the broken block) reports `code`: the checker would
/// report it were it not a consequence of the syntax error.
fn only_the_syntax_error(broken: &str, fixed: &str, code: &str) {
    assert!(has_syntax_error(broken), "no syntax error in:\n{broken}");
    let got = checker_codes(broken);
    assert!(got.is_empty(), "cascade after a syntax error: {got:?}");
    assert!(
        checker_codes(fixed).iter().any(|c| c == code),
        "near miss should report {code}: {:?}",
        codes(fixed)
    );
}

const MQL_AND_FITS: &str = "fit icp \"ICP\":\n  employees is at least 10\n\nexclusion customer \"Customer\" when status is \"customer\"\n\nmql \"MQL\" when icp and no exclusion applies and employees >= 5\n";

#[test]
fn a_broken_block_hides_no_unused_definitions() {
    // Without the broken mql, icp and customer are really unused.
    let unused = "fit icp \"ICP\":\n  employees is at least 10\n\nexclusion customer \"Customer\" when status is \"customer\"\n\nsla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 2 hours\n";
    only_the_syntax_error(
        &format!(
            "{MQL_AND_FITS}\nsla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 2 hours\n"
        ),
        unused,
        "accord::unused-definition",
    );
}

#[test]
fn a_broken_list_cannot_have_used_anything() {
    // A list uses no definition: a broken list does not hide unused ones.
    let src = "fit icp \"ICP\":\n  employees is at least 10\n\nlist spare \"x\"\n\nmql \"MQL\" when phone_verified\n";
    assert!(has_syntax_error(src));
    assert!(codes(src).iter().any(|c| c == "accord::unused-definition"));
}

const TIERS: &str =
    "tiers \"Tiers\":\n  tier 1 when employees is at least 100\n  tier 2 otherwise\n";
const SLA_BY_TIER: &str = "sla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  tier 1 within 1 hour\n  tier 2 within 4 hours\n  after hours, tier 1 is due by 09:00 the next business day\n\nfit top \"Top\":\n  tier is 1\n\nmql \"MQL\" when top\n";

#[test]
fn a_broken_tiers_block_hides_no_unknown_tier() {
    only_the_syntax_error(
        &format!("{}\n{SLA_BY_TIER}", TIERS.replace("otherwise", "otherwize")),
        SLA_BY_TIER,
        "accord::unknown-tier",
    );
}

const REASONS: &str =
    "rejection reasons \"Reasons\":\n  not_icp \"Not ICP\": archive, never recycled\n";
const USES_REASONS: &str = "recycling \"Recycling\":\n  cooling off at least 30 days, 90 days for not_icp\n\nfit rejected_for_fit \"Rejected\":\n  rejection_reason is not_icp\n\nmql \"MQL\" when rejected_for_fit\n";

#[test]
fn a_broken_rejection_reasons_block_hides_no_unknown_reason_code() {
    let broken = format!(
        "{}\n{USES_REASONS}",
        REASONS.replace("\"Reasons\":", "\"Reasons\"")
    );
    only_the_syntax_error(&broken, USES_REASONS, "accord::unknown-reason-code");
    // Nor is the bare code taken for unquoted text.
    assert!(!checker_codes(&broken)
        .iter()
        .any(|c| c == "accord::type-mismatch"));
}

#[test]
fn a_broken_list_hides_no_unknown_list() {
    let uses = "fit eu \"EU\":\n  industry is in eu_industries\n\nmql \"MQL\" when eu\n";
    only_the_syntax_error(
        &format!("list eu_industries: \"SaaS\" \"Fintech\"\n\n{uses}"),
        uses,
        "accord::unknown-list",
    );
}

#[test]
fn a_broken_metric_hides_no_unknown_metric() {
    let uses = "breach low \"Low\":\n  mql_volume is below 120 for 2 consecutive months\n";
    only_the_syntax_error(
        &format!("metric mql_volume \"Volume\": the number of leads\n{uses}"),
        uses,
        "accord::unknown-metric",
    );
}

#[test]
fn a_broken_schema_hides_no_unknown_event_kind_or_choice() {
    // No prelude: the only schema is the broken one.
    let policy = "fit senior \"Senior\":\n  title_level is \"VP\"\n  there is an attempt by \"phone\"\n\nmql \"MQL\" when senior\n";
    let schema = "lead fields:\n  title_level is one of \"Director\"\n  attempts are events:\n    channel is one of \"email\"\n";
    let broken = format!(
        "{}\n{policy}",
        schema.replace("one of \"Director\"", "one off \"Director\"")
    );
    let (_, diags) = diagnostics(&broken);
    let checker: Vec<_> = diags
        .iter()
        .filter(|d| !d.code.starts_with("accord::syntax"))
        .map(|d| d.code.as_str())
        .collect();
    assert!(checker.is_empty(), "{checker:?}");
    let (_, fixed) = diagnostics(&format!("{schema}\n{policy}"));
    let fixed: Vec<_> = fixed.iter().map(|d| d.code.as_str()).collect();
    assert!(fixed.contains(&"accord::unknown-choice"), "{fixed:?}");
    assert!(fixed.contains(&"accord::unknown-event-kind"), "{fixed:?}");
}

#[test]
fn a_broken_calendar_hides_no_unknown_calendar_or_missing_calendar() {
    // No prelude: the broken calendar is the only one.
    let policy = "lead fields:\n  routed_at is a timestamp\n  attempts are events:\n    channel is one of \"phone\"\n\nsla first \"First\":\n  from routed_at to the first attempt, counted in office\n  within 2 hours\n\nfit recent \"Recent\":\n  routed_at is within the last 2 business days\n\nmql \"MQL\" when recent\n";
    let calendar =
        "calendar office \"Office\":\n  open Monday to Friday from 08:00 to 18:00 in \"UTC\"\n";
    let broken = format!("{}\n{policy}", calendar.replace("Monday to", "Monday too"));
    let (_, diags) = diagnostics(&broken);
    let checker: Vec<_> = diags
        .iter()
        .filter(|d| !d.code.starts_with("accord::syntax"))
        .map(|d| d.code.as_str())
        .collect();
    assert!(diags.len() > checker.len(), "no syntax error");
    assert!(checker.is_empty(), "{checker:?}");
    let (_, without) = diagnostics(policy);
    let without: Vec<_> = without.iter().map(|d| d.code.as_str()).collect();
    assert!(without.contains(&"accord::unknown-calendar"), "{without:?}");
    assert!(
        without.contains(&"accord::business-time-without-calendar"),
        "{without:?}"
    );
}

#[test]
fn a_broken_block_of_another_kind_hides_nothing() {
    // A broken fit named `a` says nothing about the misspelt `icpp`, the
    // tier 3 that does not exist, or the unknown reason code.
    let src = "fit a \"A\":\n  employees >= 1\n\nfit icp \"ICP\":\n  employees is at least 10\n\nmql \"MQL\" when icpp\n\ntiers \"Tiers\":\n  tier 1 when icp\n  tier 2 otherwise\n\nsla first \"First\":\n  from routed_at to the first attempt, counted in sales_hours\n  within 4 hours; tier 3 within 1 hour\n\nrecycling \"Recycling\":\n  cooling off at least 30 days, 90 days for not_icp\n";
    assert!(has_syntax_error(src));
    let got = checker_codes(src);
    for code in [
        "accord::unknown-definition",
        "accord::unknown-tier",
        "accord::unknown-reason-code",
    ] {
        assert!(got.iter().any(|c| c == code), "{code} missing: {got:?}");
    }
}

#[test]
fn a_broken_or_missing_import_hides_what_it_would_have_declared() {
    let main = "import \"shared/schema.accord\"\n\nfit big \"Big\":\n  employees is at least 10\n\nmql \"MQL\" when big\n";
    let schema = "lead fields:\n  employees is a number\n";
    let (ws, id) =
        support::workspace(&[("p/main.accord", main), ("p/shared/schema.accord", schema)]);
    assert!(ws.diagnostics(id).is_empty(), "{:?}", ws.diagnostics(id));
    let broken = main.replace(
        "import \"shared/schema.accord\"",
        "import shared/schema.accord",
    );
    let (ws, id) = support::workspace(&[
        ("p/main.accord", broken.as_str()),
        ("p/shared/schema.accord", schema),
    ]);
    let got: Vec<String> = ws.diagnostics(id).into_iter().map(|d| d.code).collect();
    assert!(
        got.iter().all(|c| c.starts_with("accord::syntax")) && !got.is_empty(),
        "{got:?}"
    );
    let (ws, id) = support::workspace(&[("p/main.accord", main)]);
    let got: Vec<String> = ws.diagnostics(id).into_iter().map(|d| d.code).collect();
    assert_eq!(got, vec!["accord::missing-import"], "{got:?}");
}

#[test]
fn the_prelude_itself_is_clean() {
    let (_, diags) = diagnostics(&with_prelude(""));
    assert!(diags.is_empty(), "{diags:?}");
}
