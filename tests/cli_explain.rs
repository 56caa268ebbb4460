//! End-to-end tests of `accord explain`: one lead's tree with values and
//! locations in every detail and format, and a lead that is not there
//! (the closest id suggested, or how many records exist). Run from the
//! repository root the way the README runs them.

mod cli_support;
use cli_support::*;

#[test]
fn explain_prints_one_lead_tree_with_values_and_locations() {
    let explain = |extra: &[&str]| {
        let mut args = vec![
            "explain",
            SEED,
            "--leads",
            "examples/edge-cases/leads.ndjson",
            "--lead",
            "E02",
            "--as-of",
            AS_OF,
        ];
        args.extend_from_slice(extra);
        let out = accord(&args);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        text(&out.stdout)
    };
    // Default: the summary, then the deciding clauses; no file:line on
    // summary lines.
    let default = explain(&[]);
    assert!(default.starts_with("lead E02\n"), "{default}");
    assert!(
        default.contains("  verdict      not an MQL — lead_score 64, needs 1 more\n"),
        "{default}"
    );
    assert!(default.contains("\nwhat it would take\n  1 activity \"website_visit\" — lead_score 64 → 67; then an MQL\n"), "{default}");
    assert!(default.contains("\ndecisive clauses"), "{default}");
    assert!(!default.contains("employees = 120"), "{default}");
    // The summary alone.
    let summary = explain(&["--detail", "summary"]);
    assert!(!summary.contains("decisive clauses"), "{summary}");
    assert!(default.starts_with(&summary), "{summary}");
    // Every clause, file:line once per definition.
    let tree = explain(&["--detail", "full"]);
    assert!(tree.contains("employees = 120"), "{tree}");
    // Lines found in the policy, so that reformatting it does not break this.
    let shared = std::fs::read_to_string(root().join("policies/shared/mql.accord")).unwrap();
    let line_of = |start: &str| {
        let n = shared.lines().position(|l| l.starts_with(start)).unwrap();
        format!("shared/mql.accord:{}", n + 1)
    };
    assert!(tree.contains(&line_of("mql \"")), "{tree}");
    assert_eq!(
        tree.matches(&line_of("score lead_score")).count(),
        1,
        "{tree}"
    );
    // Markdown for a ticket.
    let md = explain(&["--format", "markdown"]);
    assert!(md.starts_with("### Lead E02 — not an MQL"), "{md}");
    assert!(
        md.contains("| tier | would be tier 1 (not an MQL) |"),
        "{md}"
    );
    assert!(md.contains("```text\n✗ mql"), "{md}");
    // JSON: the summary (with what it would take) and the full tree.
    let json: serde_json::Value = serde_json::from_str(&explain(&["--format", "json"])).unwrap();
    let summary = &json["explanation"]["summary"];
    assert_eq!(summary["tier"]["would_be"], true, "{summary}");
    assert_eq!(
        summary["what_it_would_take"]["changes"][0]["edits"][0]["event"]["kind"], "website_visit",
        "{summary}"
    );
    assert!(json["explanation"]["answers"]
        .as_array()
        .is_some_and(|a| a.len() > 5));
    let missing = accord(&[
        "explain",
        SEED,
        "--leads",
        "examples/edge-cases/leads.ndjson",
        "--lead",
        "NOPE",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(code(&missing), 2);
}

/// `accord explain --lead` with a lead that is not there is a usage error
/// (exit 2) that suggests the closest id, or says how many records exist.
#[test]
fn explain_an_unknown_lead_suggests_the_closest_id() {
    let explain = |lead: &str| {
        accord(&[
            "explain",
            SEED,
            "--leads",
            "examples/data/leads.ndjson",
            "--lead",
            lead,
        ])
    };
    let out = explain("L-00019");
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains(
            "no lead \"L-00019\" in examples/data/leads.ndjson; did you mean \"L-000019\"?"
        ),
        "{}",
        text(&out.stderr)
    );
    for (wanted, said) in [("#601", "no record #601"), ("#0", "no record #0")] {
        let out = explain(wanted);
        assert_eq!(code(&out), 2);
        assert!(
            text(&out.stderr).contains(&format!(
                "{said} in examples/data/leads.ndjson: it has 600 records, numbered from #1"
            )),
            "{}",
            text(&out.stderr)
        );
    }
    let out = explain("#600");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    // An unreadable record is explained by its error, exit 3.
    let out = explain("L-000017");
    assert_eq!(code(&out), 3);
    assert!(
        text(&out.stdout).starts_with("error[accord::record]: examples/data/leads.ndjson record 17 (line 17), lead L-000017: not valid JSON"),
        "{}",
        text(&out.stdout)
    );
}

/// A lead id that appears in more than one record (an export with a
/// merged or re-imported lead): the first is explained, and stderr says
/// where the others are and how to explain them, so that the explanation
/// is never taken for the other record's.
#[test]
fn explain_a_lead_id_given_twice_says_where_the_other_is() {
    let dir = temp_dir("explain-twice");
    let bundled = bundled_lines("leads.ndjson", 3);
    let lines: Vec<&str> = bundled.lines().collect();
    let again = lines[2].replace("L-000003", "L-000001");
    let leads = dir.path().join("leads.ndjson");
    std::fs::write(
        &leads,
        format!("{}\n{}\n{again}\n{again}\n", lines[0], lines[1]),
    )
    .expect("written");
    let explain = |lead: &str| {
        accord(&[
            "explain",
            SEED,
            "--leads",
            leads.to_str().expect("a UTF-8 path"),
            "--lead",
            lead,
            "--as-of",
            DATA_AS_OF,
        ])
    };
    let out = explain("L-000001");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("lead L-000001\n"));
    assert!(
        text(&out.stderr).contains(&format!(
            "note: lead \"L-000001\" appears more than once in {}: this explains record 1 \
             (line 1); it is also record 3 (line 3) and 1 more record (`--lead #3` explains \
             that one)",
            leads.display()
        )),
        "{}",
        text(&out.stderr)
    );
    // An id given once, or a record asked for by number: no note.
    for lead in ["L-000002", "#3"] {
        let out = explain(lead);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        assert!(
            !text(&out.stderr).contains("note:"),
            "{}",
            text(&out.stderr)
        );
    }
}

/// A lead not evaluated because of its bad rows in the events file: its
/// error says to see the events-file errors, and explain shows them (those
/// of that lead only) below it.
#[test]
fn explain_a_lead_with_bad_events_rows_shows_those_rows() {
    let dir = temp_dir("explain-bad-events");
    let leads = dir.path().join("leads.csv");
    std::fs::write(&leads, bundled_lines("leads.csv", 3)).expect("written");
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "lead_id,stream,kind,at\n\
         L-000001,activities,website_visit,yesterday\n\
         L-000002,activities,website_visit,last week\n",
    )
    .expect("written");
    let out = accord(&[
        "explain",
        SEED,
        "--leads",
        leads.to_str().expect("a UTF-8 path"),
        "--events",
        events.to_str().expect("a UTF-8 path"),
        "--lead",
        "L-000001",
        "--as-of",
        DATA_AS_OF,
    ]);
    assert_eq!(code(&out), 3, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].contains("see the events-file errors"), "{stdout}");
    assert!(
        lines[1].starts_with(&format!(
            "error[accord::events]: {} line 2, lead L-000001, field at: ",
            events.display()
        )),
        "{stdout}"
    );
}
