//! `accord report` and `accord backtest` on the Olist-shaped data bundled
//! in `examples/olist/` (generated: same columns, `DD-MM-YYYY` dates, empty
//! origins, won = listed in `closed_deals.csv`), as the README runs them:
//! snapshots of every format, and a malformed date that is an error naming
//! its record and field while the rest is reported.

mod cli_support;

use cli_support::{accord, code, temp_dir, text};

const POLICY: &str = "examples/olist/olist.accord";
const LEADS: &str = "examples/olist/mql.csv";
const DEALS: &str = "examples/olist/closed_deals.csv";
/// Two weeks after the export's last month.
const AS_OF: &str = "2018-06-15T12:00:00Z";

fn report(format: &str) -> String {
    let o = accord(&[
        "report", POLICY, "--leads", LEADS, "--as-of", AS_OF, "--format", format,
    ]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    text(&o.stdout)
}

#[test]
fn report_text() {
    insta::assert_snapshot!("olist_report_text", report("text"));
}

#[test]
fn report_markdown() {
    insta::assert_snapshot!("olist_report_markdown", report("markdown"));
}

#[test]
fn report_json() {
    let doc: serde_json::Value = serde_json::from_str(&report("json")).expect("one JSON document");
    insta::assert_json_snapshot!("olist_report_json", doc);
}

/// `accord backtest` on the bundled data as the README runs it, then `more`.
fn run_backtest(more: &[&str]) -> std::process::Output {
    let o = backtest_at("first_contact_date", more);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    o
}

/// The README's `accord backtest` with `--at AT`, then `more`.
fn backtest_at(at: &str, more: &[&str]) -> std::process::Output {
    backtest_won(
        LEADS,
        &["--won-ids", DEALS, "--won-key", "mql_id"],
        at,
        more,
    )
}

/// `accord backtest` of `leads`, won as `won` says, with `--at AT`, then
/// `more`.
fn backtest_won(leads: &str, won: &[&str], at: &str, more: &[&str]) -> std::process::Output {
    let mut args = vec!["backtest", POLICY, "--leads", leads];
    args.extend_from_slice(won);
    args.extend_from_slice(&["--at", at]);
    args.extend_from_slice(more);
    accord(&args)
}

fn backtest(format: &str) -> String {
    text(&run_backtest(&["--format", format]).stdout)
}

#[test]
fn backtest_text() {
    insta::assert_snapshot!("olist_backtest_text", backtest("text"));
}

#[test]
fn backtest_json() {
    let doc: serde_json::Value =
        serde_json::from_str(&backtest("json")).expect("one JSON document");
    // Every lead judged (none skipped for its day-first date), and the
    // won leads are exactly the closed deals' rows.
    let deals = std::fs::read_to_string(cli_support::root().join(DEALS)).expect("deals");
    assert_eq!(doc["leads"], 400);
    assert_eq!(doc["skipped"], 0);
    assert_eq!(doc["won"], deals.lines().count() - 1);
    insta::assert_json_snapshot!("olist_backtest_json", doc);
}

/// `--format html --out FILE`: the same figures as one page with both
/// charts (its drawing is checked in crates/accord-report/tests/backtest.rs
/// and in a browser by tests/report_html_chromium.sh).
#[test]
fn backtest_html_to_a_file() {
    let dir = temp_dir("olist-backtest-html");
    let out = dir.path().join("backtest.html");
    let o = run_backtest(&["--format", "html", "--out", out.to_str().expect("path")]);
    assert!(o.stdout.is_empty(), "the page goes to --out only");
    let page = std::fs::read_to_string(&out).expect("the page");
    assert!(page.contains("Verdict: too loose"), "{page}");
    assert!(page.contains("id=\"chart-bars\"><svg") && page.contains("id=\"chart-bands\"><svg"));
    assert!(page.contains(
        "<td>20–25</td><td>15</td><td>3</td><td>20.0%</td><td><span class=\"late\">inflection"
    ));
}

#[test]
fn a_malformed_date_is_an_error_naming_record_and_field_and_the_rest_is_reported() {
    let dir = temp_dir("olist-bad-date");
    let leads = dir.path().join("mql.csv");
    std::fs::write(
        &leads,
        "mql_id,first_contact_date,landing_page_id,origin\n\
         a1,01-02-2018,p1,organic_search\n\
         a2,2018-02-01,p1,paid_search\n\
         a3,15-02-2018,p1,\n",
    )
    .expect("write");
    let o = accord(&[
        "report",
        POLICY,
        "--leads",
        leads.to_str().expect("path"),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 3, "record errors: exit 3");
    let err = text(&o.stderr);
    assert!(
        err.contains("record 2 (line 3), lead a2, field first_contact_date: first_contact_date should be a date written \"DD-MM-YYYY\", but is \"2018-02-01\""),
        "{err}"
    );
    assert!(err.contains("1 of 3 records"), "{err}");
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let volume = doc["metrics"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["spec"]["name"] == "leads_contacted"))
        .expect("leads_contacted");
    // a1 and a3 are counted in February; a2 is in no metric.
    assert_eq!(volume["values"][0]["period"], "2018-02");
    assert_eq!(volume["values"][0]["value"], 2.0);
}

/// `--at` names the instant each lead is judged as of: a field that is
/// neither a timestamp nor a date (`origin`) is a usage error (exit 2)
/// naming its type, not 400 leads skipped and exit 3 as if their records
/// could not be read.
#[test]
fn backtest_at_a_field_that_is_no_instant_is_a_usage_error() {
    let o = backtest_at("origin", &[]);
    let err = text(&o.stderr);
    assert_eq!(code(&o), 2, "{err}");
    assert!(o.stdout.is_empty());
    assert!(
        err.contains("--at origin: origin is one of \"organic_search\""),
        "{err}"
    );
    assert!(
        err.contains(
            "not a timestamp or a date (the lead's timestamps and dates: first_contact_date)"
        ),
        "{err}"
    );
}

/// `--at` left out reads `created_at`, which this export has not: the
/// usage error names the fields it may be (and a misspelt one, the one
/// meant), as `--outcome` and `--score` do for theirs.
/// A `--won-ids` file saved with `;` between its columns names the same
/// won leads as the comma file: the same backtest.
#[test]
fn a_won_ids_file_separated_by_semicolons_backtests_as_the_comma_one() {
    let comma = run_backtest(&["--format", "json"]);
    let deals = std::fs::read_to_string(cli_support::root().join(DEALS)).expect("deals");
    assert!(!deals.contains(';'));
    let dir = temp_dir("won-ids-semicolon");
    let path = dir.path().join("closed_deals.csv");
    std::fs::write(&path, deals.replace(',', ";")).expect("write");
    let path = path.display().to_string();
    let o = backtest_won(
        LEADS,
        &["--won-ids", &path, "--won-key", "mql_id"],
        "first_contact_date",
        &["--format", "json"],
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let json = |o: &std::process::Output| -> serde_json::Value {
        serde_json::from_slice(&o.stdout).expect("one JSON document")
    };
    assert_eq!(json(&o), json(&comma));
}

#[test]
fn backtest_names_the_fields_an_unknown_at_outcome_or_score_may_be() {
    let won = ["--won-ids", DEALS, "--won-key", "mql_id"];
    let o = accord(&[
        "backtest", POLICY, "--leads", LEADS, won[0], won[1], won[2], won[3],
    ]);
    let err = text(&o.stderr);
    assert_eq!(code(&o), 2, "{err}");
    assert!(o.stdout.is_empty());
    assert!(
        err.contains(
            "--at created_at: the lead fields have no such field; give --at one of the lead's \
             timestamps and dates: first_contact_date"
        ),
        "{err}"
    );
    let err = text(&backtest_at("first_contact_dat", &[]).stderr);
    assert!(
        err.contains("no such field (did you mean `first_contact_date`?)"),
        "{err}"
    );
    let o = backtest_won(LEADS, &["--outcome", "orgin"], "first_contact_date", &[]);
    let err = text(&o.stderr);
    assert_eq!(code(&o), 2, "{err}");
    assert!(
        err.contains(
            "--outcome orgin: the lead fields have no such field (did you mean `origin`?)"
        ),
        "{err}"
    );
    let err = text(&backtest_at("first_contact_date", &["--score", "no_such_score"]).stderr);
    assert!(
        err.contains("--score no_such_score: the policy has no such score (its scores: "),
        "{err}"
    );
}

/// `--won-ids` with a key whose values are no lead's id (`seller_id`
/// instead of `mql_id`) would report "0 won" as if nothing had been won:
/// it is a usage error (exit 2, no report) naming the file, the key, how
/// many ids it read, and the column whose values are the leads' ids.
#[test]
fn won_ids_that_match_no_lead_are_a_usage_error_suggesting_the_key() {
    let won = ["--won-ids", DEALS, "--won-key", "seller_id"];
    let o = backtest_won(LEADS, &won, "first_contact_date", &[]);
    let err = text(&o.stderr);
    assert_eq!(code(&o), 2, "{err}");
    assert!(o.stdout.is_empty(), "no report: {}", text(&o.stdout));
    assert!(
        err.contains(&format!(
            "--won-ids {DEALS} --won-key seller_id: none of the 42 ids read is the id of any of the 400 leads of {LEADS}"
        )),
        "{err}"
    );
    assert!(
        err.contains("its column mql_id lists the ids of 42 leads: try --won-key mql_id"),
        "{err}"
    );
}

/// A `--won-ids` file of bare ids, one a line with no header row: without
/// `--won-key`, its first line is read as a header only when it is no
/// lead's id, so no won lead is lost to it, and stderr says so.
#[test]
fn won_ids_without_a_header_row_keep_their_first_id() {
    let dir = temp_dir("olist-bare-ids");
    let ids = dir.path().join("won.txt");
    let deals = std::fs::read_to_string(cli_support::root().join(DEALS)).expect("deals");
    let bare: Vec<&str> = (deals.lines().skip(1))
        .filter_map(|l| l.split(',').next())
        .collect();
    std::fs::write(&ids, bare.join("\n") + "\n").expect("write");
    let ids = ids.to_str().expect("path");
    let o = backtest_won(
        LEADS,
        &["--won-ids", ids],
        "first_contact_date",
        &["--format", "json"],
    );
    let err = text(&o.stderr);
    assert_eq!(code(&o), 0, "{err}");
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(doc["won"], bare.len(), "every id counts: {err}");
    assert!(
        err.contains(&format!(
            "{ids} has no header row: its first line, {}, is the id of a lead, and counts as one",
            bare[0]
        )),
        "{err}"
    );
}

/// Leads with no value in the `--at` field (optional here) cannot be judged
/// as of their own instant: stderr says how many and that they are left
/// out, and as every record was read, the exit code is 0, not 3 (which
/// says records could not be read).
#[test]
fn leads_without_their_at_value_are_left_out_in_words_and_exit_0() {
    let dir = temp_dir("olist-no-date");
    let policy = std::fs::read_to_string(cli_support::root().join(POLICY)).expect("policy");
    let policy = policy.replace(
        "first_contact_date is a date",
        "first_contact_date is an optional date",
    );
    let policy_path = dir.path().join("olist.accord");
    std::fs::write(&policy_path, policy).expect("write");
    let leads = dir.path().join("mql.csv");
    std::fs::write(
        &leads,
        "mql_id,first_contact_date,landing_page_id,origin\n\
         a1,01-02-2018,p1,organic_search\n\
         a2,,p1,paid_search\n\
         a3,,p1,\n",
    )
    .expect("write");
    let o = accord(&[
        "backtest",
        policy_path.to_str().expect("path"),
        "--leads",
        leads.to_str().expect("path"),
        "--outcome",
        "origin",
        "--at",
        "first_contact_date",
    ]);
    let err = text(&o.stderr);
    assert_eq!(code(&o), 0, "{err}");
    assert!(
        err.contains(&format!(
            "warning: 2 of the 3 leads of {} have no first_contact_date, so they cannot be judged as of it and are left out of the backtest",
            leads.display()
        )),
        "{err}"
    );
    assert!(text(&o.stdout).contains("1 leads judged as of their own instant (2 skipped)"));
}

/// An export with no lead records gets the same warning as `accord
/// report`'s, not a silent backtest of 0 leads.
#[test]
fn backtest_of_an_empty_export_says_so() {
    let dir = temp_dir("olist-empty");
    let leads = dir.path().join("mql.csv");
    std::fs::write(&leads, "mql_id,first_contact_date,landing_page_id,origin\n").expect("write");
    let won = ["--won-ids", DEALS, "--won-key", "mql_id"];
    let o = backtest_won(
        leads.to_str().expect("path"),
        &won,
        "first_contact_date",
        &[],
    );
    let err = text(&o.stderr);
    assert_eq!(code(&o), 0, "{err}");
    assert!(
        err.contains(&format!("warning: {} has no lead records", leads.display())),
        "{err}"
    );
}

/// A `--won-ids` file is opened as `--leads` is: a folder, a missing file
/// and an empty file are usage errors in words (no `os error` code), and
/// a cell that is not valid UTF-8 (an export in another encoding) does not
/// stop the backtest: its ids still count.
#[test]
fn won_ids_files_that_cannot_serve_are_said_in_words() {
    let dir = temp_dir("olist-won-files");
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").expect("write");
    let folder = dir.path().to_str().expect("path").to_string();
    let missing = dir.path().join("missing.csv");
    let said = [
        (
            empty.to_str().expect("path").to_string(),
            format!(
                "error: --won-ids {} is empty: it lists no lead ids, so no lead would count as won",
                empty.display()
            ),
        ),
        (
            folder.clone(),
            format!("error: --won-ids {folder} is a directory: give the file itself"),
        ),
        (
            missing.to_str().expect("path").to_string(),
            format!("error: cannot read {}: no such file", missing.display()),
        ),
    ];
    for (file, words) in said {
        let o = backtest_won(LEADS, &["--won-ids", &file], "first_contact_date", &[]);
        let err = text(&o.stderr);
        assert_eq!(code(&o), 2, "{err}");
        assert_eq!(err.trim_end(), words);
    }
    // A byte that is not UTF-8 in a column other than the key.
    let deals = std::fs::read(cli_support::root().join(DEALS)).expect("deals");
    let mut latin = deals.clone();
    let second_line = deals.iter().position(|&b| b == b'\n').expect("a header") + 1;
    let comma = second_line
        + deals[second_line..]
            .iter()
            .position(|&b| b == b',')
            .expect("cells");
    latin.insert(comma + 1, 0xE9);
    let won = dir.path().join("latin.csv");
    std::fs::write(&won, latin).expect("write");
    let won = won.to_str().expect("path");
    let o = backtest_won(
        LEADS,
        &["--won-ids", won, "--won-key", "mql_id"],
        "first_contact_date",
        &["--format", "json"],
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(doc["won"], 42);
}
