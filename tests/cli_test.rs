//! End-to-end tests of `accord test`: the shipped policy tests pass with
//! full clause coverage; a failing case shows expected, actual and the
//! explanation; coverage finds a clause no case exercised; a broken test
//! file gets diagnostics and is counted as not run.

mod cli_support;
use cli_support::*;

/// The top of a test file of the seed policy, with the edge-case leads.
fn seed_test_header() -> String {
    let root = root().canonicalize().expect("root");
    format!(
        "policy \"{}\"\nleads \"{}\"\nas of 2026-11-20T15:00:00Z\n\n",
        root.join(SEED).display(),
        root.join("examples/edge-cases/leads.ndjson").display()
    )
}

/// A test file in a fresh directory, next to a copy-free reference to the
/// repository's policy and edge-case leads: the directory (removed when
/// dropped: keep it while the file is used) and the file's path.
fn test_file(name: &str, cases: &str) -> (tempfile::TempDir, String) {
    let dir = temp_dir(name);
    let path = dir.path().join("t.accord-test");
    std::fs::write(&path, format!("{}{cases}", seed_test_header())).expect("write");
    let path = path.display().to_string();
    (dir, path)
}

#[test]
fn the_shipped_policy_tests_pass_with_full_coverage() {
    let out = accord(&["test", "--coverage", "policies/"]);
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 0, "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("test result: ok."), "{stdout}");
    assert!(
        stdout.contains("0 clause(s) not exercised both ways"),
        "{stdout}"
    );
}

#[test]
fn a_test_file_named_twice_is_run_once() {
    let out = accord(&["test", "policies/", "policies/handoff.accord-test"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout.matches("from policies/handoff.accord-test").count(),
        1,
        "{stdout}"
    );
}

#[test]
fn a_failing_case_shows_expected_actual_and_the_explanation() {
    let (_dir, path) = test_file(
        "test-failing",
        "case \"E02 is wrongly expected to be an MQL\":\n  lead \"E02\"\n  expect mql yes\n  expect tier 1\n",
    );
    let out = accord(&["test", &path]);
    assert_eq!(code(&out), 1);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("FAILED  E02 is wrongly expected to be an MQL"),
        "{stdout}"
    );
    assert!(stdout.contains("mql: expected yes, got no"), "{stdout}");
    assert!(
        !stdout.contains("tier: expected"),
        "tier 1 is right: {stdout}"
    );
    // The explanation of the actual decision, down to the deciding clause.
    assert!(stdout.contains("why (accord explain):"), "{stdout}");
    assert!(
        stdout.contains("✗ lead_score is at least 65  [lead_score = 64]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("test result: FAILED. 0 passed; 1 failed"),
        "{stdout}"
    );
}

#[test]
fn coverage_names_the_clause_no_case_exercised() {
    let (_dir, path) = test_file(
        "test-coverage",
        "case \"E01 is an MQL\":\n  lead \"E01\"\n  expect mql yes\n",
    );
    let plain = accord(&["test", &path]);
    assert_eq!(code(&plain), 0, "{}", text(&plain.stdout));
    let out = accord(&["test", "--coverage", &path]);
    assert_eq!(code(&out), 1);
    let stdout = text(&out.stdout);
    // E01 is not a competitor: the exclusion's condition never held.
    assert!(
        stdout.contains("shared/mql.accord:80  status is \"competitor\"  — never held"),
        "{stdout}"
    );
    // The tested policy's own places are named from the current folder,
    // as the test file's are, so that each can be opened as printed.
    assert!(
        stdout.contains(&format!("coverage of {SEED}: ")),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("  {SEED}:")), "{stdout}");
    // Tier 1 matched, so tier 3 was never reached.
    assert!(
        stdout.contains("tier 3 otherwise  — never reached"),
        "{stdout}"
    );
}

/// A policy whose cases are split over two test files is covered by both
/// together: a clause one file saw hold and the other saw fail is covered,
/// and the policy's coverage is reported once, at the end.
#[test]
fn a_policy_tested_by_two_files_is_covered_by_both_together() {
    let dir = temp_dir("test-two-files");
    let head = seed_test_header();
    let qualifies = dir.path().join("a.accord-test");
    let short = dir.path().join("b.accord-test");
    let case = |name: &str, lead: &str, mql: &str| {
        format!("{head}case \"{name}\":\n  lead \"{lead}\"\n  expect mql {mql}\n")
    };
    std::fs::write(&qualifies, case("E01 is an MQL", "E01", "yes")).expect("write");
    std::fs::write(&short, case("E02 is one point short", "E02", "no")).expect("write");
    let out = accord(&["test", "--coverage", &dir.path().display().to_string()]);
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout.matches(&format!("coverage of {SEED}")).count(),
        1,
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("coverage of {SEED} (all its test files together)")),
        "{stdout}"
    );
    assert!(
        !stdout.contains("lead_score is at least 65  — never"),
        "{stdout}"
    );
}

/// Runs `accord test` (without colour) on a test file holding `text`,
/// written as `file` in a fresh directory named after `name`.
fn run_test_file(name: &str, file: &str, text: &str) -> std::process::Output {
    let dir = temp_dir(name);
    let path = dir.path().join(file);
    std::fs::write(&path, text).expect("write");
    accord(&["test", "--color", "never", &path.display().to_string()])
}

#[test]
fn a_broken_test_file_gets_diagnostics_and_exit_1() {
    let out = run_test_file(
        "test-broken",
        "b.accord-test",
        "policy \"x.accord\"\ncase \"a\":\n  lead \"E01\"\n  expect mql maybe\n",
    );
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(err.contains("accord::test::unknown-expectation"), "{err}");
    assert!(err.contains("b.accord-test:4:3"), "{err}");
    assert!(err.contains("not run"), "{err}");
    // The summary counts the file that was not run.
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("test result: FAILED. 0 passed; 0 failed; 1 test file(s) not run"),
        "{stdout}"
    );
}

/// A line written but unreadable gets its own diagnostic, and only that:
/// a case is not also told it has no `as of`, no expectation or no lead
/// when it has one, just mistyped.
#[test]
fn an_unreadable_line_is_not_reported_again_as_missing() {
    let out = run_test_file(
        "test-unreadable",
        "u.accord-test",
        "policy \"x.accord\"\nleads \"leads.ndjson\"\nas of 2026-13-45T15:00:00Z\n\ncase \"a\":\n  lead \"E01\"\n  expect mql maybe\n\ncase \"b\":\n  lead {not json}\n  expect mql yes\n",
    );
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(err.contains("accord::test::bad-instant"), "{err}");
    assert!(err.contains("accord::test::unknown-expectation"), "{err}");
    assert!(err.contains("accord::test::bad-json"), "{err}");
    for follow_on in ["no-as-of", "no-expectation", "no-lead"] {
        assert!(
            !err.contains(&format!("accord::test::{follow_on}")),
            "{follow_on}: {err}"
        );
    }
}

/// `accord test policies/x.accord` (the policy, not its tests) is a usage
/// error naming the test file, not a diagnostic for every line of the
/// policy read as a test file.
#[test]
fn a_policy_given_instead_of_its_tests_names_the_test_file() {
    let out = accord(&["test", "--color", "never", SEED]);
    assert_eq!(code(&out), 2);
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "{SEED} is a policy, not a test file: its tests are in {SEED}-test"
        )),
        "{err}"
    );
    assert!(!err.contains("accord::test::"), "{err}");
}

/// A test file whose policy cannot be read says so at the policy line and
/// is named as not run, like a test file with any other error.
#[test]
fn a_missing_policy_is_named_and_the_file_not_run() {
    let out = run_test_file(
        "test-missing-policy",
        "m.accord-test",
        "policy \"nope.accord\"\nas of 2026-11-20T15:00:00Z\ncase \"x\":\n  lead {\"lead_id\": \"T\"}\n  expect mql yes\n",
    );
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(err.contains("accord::test::policy-unreadable"), "{err}");
    assert!(
        err.contains("m.accord-test: not run (its policy cannot be read)"),
        "{err}"
    );
}

#[test]
fn an_unknown_lead_id_is_named_with_the_closest() {
    let (_dir, path) = test_file(
        "test-unknown-lead",
        "case \"x\":\n  lead \"E1\"\n  expect mql yes\n",
    );
    let out = accord(&["test", "--color", "never", &path]);
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(err.contains("the leads file has no lead \"E1\""), "{err}");
    assert!(err.contains("did you mean \"E01\"?"), "{err}");
    // An id like none of the file's is no slip: no lead is offered for it.
    let (_dir, path) = test_file(
        "test-unknown-lead-far",
        "case \"x\":\n  lead \"ZEBRA-99\"\n  expect mql yes\n",
    );
    let out = accord(&["test", "--color", "never", &path]);
    let err = text(&out.stderr);
    assert!(
        err.contains("the leads file has no lead \"ZEBRA-99\""),
        "{err}"
    );
    assert!(!err.contains("did you mean"), "{err}");
}

/// A misspelt field in `with` (or a stream in `add`), or an SLA or an
/// exclusion the policy does not have, would make a case test nothing (or
/// one that can never pass) — `with emplyees 10` left
/// the lead as it was and the case still passed: each is a mistake in the
/// test file, pointed at (the name itself, not its line) with the closest
/// name, and the file is not run.
#[test]
fn a_misspelt_field_or_sla_in_a_case_is_a_diagnostic() {
    let (_dir, path) = test_file(
        "test-unknown-names",
        "case \"x\":\n  lead \"E01\"\n  with emplyees 10\n  add activites {\"kind\": \"demo_request\", \"at\": \"2026-11-19T10:00:00Z\"}\n  expect mql yes\n  expect sla first_responce met\n  expect excluded by custmer\n",
    );
    let out = accord(&["test", "--color", "never", &path]);
    let (stdout, err) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(code(&out), 1, "{stdout}{err}");
    assert!(err.contains("t.accord-test:7:8"), "{err}");
    assert!(
        err.contains("the policy's leads have no field `emplyees`"),
        "{err}"
    );
    assert!(err.contains("did you mean `employees`?"), "{err}");
    assert!(err.contains("t.accord-test:8:7"), "{err}");
    assert!(err.contains("no field `activites`"), "{err}");
    assert!(err.contains("did you mean `activities`?"), "{err}");
    assert!(err.contains("t.accord-test:10:14"), "{err}");
    assert!(
        err.contains("the policy has no SLA `first_responce`"),
        "{err}"
    );
    assert!(err.contains("did you mean `first_response`?"), "{err}");
    assert!(err.contains("t.accord-test:11:22"), "{err}");
    assert!(
        err.contains("the policy has no exclusion `custmer`"),
        "{err}"
    );
    assert!(err.contains("did you mean `customer`?"), "{err}");
    assert!(err.contains("not run"), "{err}");
    assert!(!stdout.contains("  ok  "), "{stdout}");
}

/// A test file on the Olist policy (leads identified by `mql_id`) with
/// `leads` as NDJSON lines and `cases`: the directory and the file's path.
fn olist_test_file(name: &str, leads: &[&str], cases: &str) -> (tempfile::TempDir, String) {
    let dir = temp_dir(name);
    let root = root().canonicalize().expect("root");
    std::fs::write(dir.path().join("leads.ndjson"), leads.join("\n") + "\n").expect("write");
    let text = format!(
        "policy \"{}\"\nleads \"leads.ndjson\"\nas of 2018-06-15T12:00:00Z\n\n{cases}",
        root.join("examples/olist/olist.accord").display(),
    );
    let path = dir.path().join("t.accord-test");
    std::fs::write(&path, text).expect("write");
    let path = path.display().to_string();
    (dir, path)
}

const OLIST_M1: &str = r#"{"mql_id": "m1", "first_contact_date": "01-02-2018", "landing_page_id": "p1", "origin": "organic_search"}"#;
const OLIST_M2: &str = r#"{"mql_id": "m2", "first_contact_date": "01-02-2018", "landing_page_id": "p1", "origin": "social"}"#;

/// `lead "ID"` is looked up by the policy's `identified by` field
/// (`mql_id` for Olist), not only `lead_id` or `id`.
#[test]
fn leads_are_found_by_the_policys_id_field() {
    let (_dir, path) = olist_test_file(
        "test-olist-id",
        &[OLIST_M1, OLIST_M2],
        "case \"an organic search lead is an MQL\":\n  lead \"m1\"\n  expect mql yes\n\ncase \"a social one is not\":\n  lead \"m2\"\n  expect mql no\n",
    );
    let out = accord(&["test", "--color", "never", &path]);
    let (stdout, err) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(code(&out), 0, "{stdout}{err}");
    assert!(
        stdout.contains("test result: ok. 2 passed; 0 failed"),
        "{stdout}{err}"
    );
}

/// Two leads with one id: which one a case means is unknown, so it is a
/// mistake in the test data, named with both lines; the file is not run.
#[test]
fn a_duplicate_lead_id_is_a_diagnostic_naming_both_lines() {
    let m1_again = OLIST_M2.replace("\"m2\"", "\"m1\"");
    let (_dir, path) = olist_test_file(
        "test-olist-duplicate",
        &[OLIST_M1, OLIST_M2, &m1_again],
        "case \"m1\":\n  lead \"m1\"\n  expect mql yes\n",
    );
    let out = accord(&["test", "--color", "never", &path]);
    let (stdout, err) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(code(&out), 1, "{stdout}{err}");
    assert!(err.contains("accord::test::duplicate-lead"), "{err}");
    assert!(
        err.contains("two leads with mql_id \"m1\": lines 1 and 3"),
        "{err}"
    );
    assert!(err.contains("not run"), "{err}");
}
