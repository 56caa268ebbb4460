//! `accord diff` end to end: the bundled example versions in every format,
//! a path in two git revisions, git's external-diff-driver call, and the
//! errors (a broken policy, wrong arguments).

mod cli_support;

use cli_support::{accord, accord_piped, code, root, temp_dir, text, DATA_AS_OF};
use std::process::Command;

const V10: &str = "examples/agreement-versions/v1.0";
const V11: &str = "examples/agreement-versions/v1.1";
const LEADS: &str = "examples/agreement-versions/leads.ndjson";
const AS_OF: &str = "2026-11-30T15:00:00Z";

#[test]
fn example_versions_in_text() {
    let out = accord(&["diff", V10, V11, "--as-of", AS_OF, "--leads", LEADS]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    insta::assert_snapshot!("diff_text", text(&out.stdout));
}

#[test]
fn example_versions_in_markdown() {
    let out = accord(&[
        "diff", V10, V11, "--as-of", AS_OF, "--leads", LEADS, "--format", "markdown",
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    insta::assert_snapshot!("diff_markdown", text(&out.stdout));
}

#[test]
fn example_versions_in_json() {
    let out = accord(&[
        "diff", V10, V11, "--as-of", AS_OF, "--leads", LEADS, "--format", "json",
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    insta::assert_json_snapshot!("diff_json", doc);
}

/// Leads from a pipe: both versions of every policy are evaluated on one
/// copy of it, read once, so the impact is the one the file itself gives
/// (each version reading the pipe on its own found it drained: 0 records);
/// the copy is removed when the run ends.
#[test]
fn leads_from_a_pipe_give_the_impact_the_file_gives() {
    let json = |o: &std::process::Output| -> serde_json::Value {
        assert_eq!(code(o), 0, "{}", text(&o.stderr));
        serde_json::from_slice(&o.stdout).expect("one JSON document")
    };
    let runs = [
        // Two versions of one policy: 4 of the 7 leads flip.
        ([V10, V11, AS_OF], LEADS, Some(4)),
        // Every policy of a folder: 6 of them, each over the same 600 leads.
        (
            ["policies", "policies", DATA_AS_OF],
            "examples/data/leads.ndjson",
            None,
        ),
    ];
    for ([old, new, as_of], leads, flips) in runs {
        let args = |leads| {
            [
                "diff", old, new, "--as-of", as_of, "--leads", leads, "--format", "json",
            ]
        };
        let from_file = json(&accord(&args(leads)));
        let input = std::fs::read_to_string(root().join(leads)).expect("the leads");
        let (out, left) = accord_piped(&args("/dev/stdin"), &input);
        let piped = json(&out);
        assert_eq!(piped["impact"], from_file["impact"], "{old} → {new}");
        let impact = piped["impact"].as_array().expect("impact");
        let records = input.lines().count();
        assert_eq!(impact.len(), if flips.is_some() { 1 } else { 6 });
        for entry in impact {
            assert_eq!(entry["leads"]["records"], records, "{}", entry["policy"]);
        }
        if let Some(n) = flips {
            assert_eq!(
                impact[0]["leads"]["flips"].as_array().map(Vec::len),
                Some(n)
            );
        }
        assert!(left.is_empty(), "left behind {left:?}");
    }
}

/// The bundled lead set: three leads built to sit in one region each, and
/// the first hand-worked edge cases; which of them flip is known in advance
/// (E02 scores 64: the lowered threshold takes it in).
#[test]
fn the_leads_that_flip_are_the_ones_expected() {
    let out = accord(&[
        "diff", V10, V11, "--as-of", AS_OF, "--leads", LEADS, "--format", "json",
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let impact = &doc["impact"][0]["leads"];
    let flips: Vec<(String, String, String, String)> = impact["flips"]
        .as_array()
        .expect("flips")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("lead"), s("outcome"), s("old"), s("new"))
        })
        .collect();
    let expected = [
        ("FLIP-SCORE", "MQL", "no", "yes"),
        ("FLIP-SLA", "SLA first_response", "met", "breached"),
        ("FLIP-FINTECH", "MQL", "no", "yes"),
        ("E02", "MQL", "no", "yes"),
    ];
    let expected: Vec<(String, String, String, String)> = expected
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    assert_eq!(flips, expected);
    assert_eq!(impact["records"], 7);
    assert_eq!(
        (impact["old"]["mql"].as_u64(), impact["new"]["mql"].as_u64()),
        (Some(3), Some(6))
    );
    // The clause behind each flip is named, in the new version.
    let because = |i: usize| {
        impact["flips"][i]["because"][0]["new"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        because(0).starts_with("✓ lead_score is at least 55"),
        "{}",
        because(0)
    );
    assert!(
        because(2).starts_with("✓ industry is in target_industries"),
        "{}",
        because(2)
    );
    // MQL volume doubles: past the drift rule's 15%.
    let drift = &doc["impact"][0]["drift"][0];
    assert_eq!(drift["name"], "mql_volume_shift");
    assert_eq!(drift["change_percent"], 100.0);
    assert_eq!(drift["review_required"], true);
}

#[test]
fn files_compare_with_their_imports() {
    let file = |v: &str| format!("{v}/mql-sql-agreement.accord");
    let out = accord(&["diff", &file(V10), &file(V11)]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // The industry added in the imported shared/lists.accord is found too.
    assert!(
        stdout.contains("list target_industries: added \"Fintech\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("MQL: lead_score threshold lowered from 65 to 55 (looser)"),
        "{stdout}"
    );
}

#[test]
fn same_version_has_no_change_in_meaning() {
    let out = accord(&["diff", V11, V11]);
    assert_eq!(code(&out), 0);
    assert!(
        text(&out.stdout).contains("No change in meaning"),
        "{}",
        text(&out.stdout)
    );
}

/// Two versions of a policy kept under different names (the copy beside
/// its imports): the files given are the same file, so an identical copy
/// has no change in meaning and flips no lead, and one edited threshold is
/// that change alone, placed in the real files.
#[test]
fn a_copy_under_another_name_is_the_same_policy() {
    let dir = temp_dir("diff-renamed");
    copy_dir(&root().join("policies"), dir.path());
    let renamed = dir.path().join("renamed-agreement.accord");
    std::fs::rename(dir.path().join("mql-sql-agreement.accord"), &renamed).expect("rename");
    let renamed = renamed.to_str().expect("path");
    let run = |format: &str| {
        accord(&[
            "diff",
            cli_support::SEED,
            renamed,
            "--as-of",
            DATA_AS_OF,
            "--leads",
            "examples/data/leads.ndjson",
            "--format",
            format,
        ])
    };

    let out = run("text");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("\nNo change in meaning"), "{stdout}");
    let out = run("json");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["no_change_in_meaning"], true, "{doc:#}");
    assert_eq!(doc["changes"], serde_json::json!([]), "{doc:#}");
    assert_eq!(doc["impact"][0]["leads"]["flips"], serde_json::json!([]));

    let policy = std::fs::read_to_string(renamed).expect("the copy");
    let threshold = "or lead_score is at least 80";
    let line = 1 + policy
        .lines()
        .position(|l| l.contains(threshold))
        .expect("tier 2's threshold");
    let edited = policy.replacen(threshold, "or lead_score is at least 70", 1);
    std::fs::write(renamed, edited).expect("write");
    let out = run("text");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("\n1 change in meaning:\n  • tier 2: lead_score threshold lowered from 80 to 70 (looser)\n"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "policies/mql-sql-agreement.accord:{line} → {renamed}:{line}"
        )),
        "{stdout}"
    );
    let out = run("markdown");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("tier 2: lead_score threshold lowered from 80 to 70"),
        "{stdout}"
    );
    assert!(!stdout.contains("moved from"), "{stdout}");
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs")
        .status
        .success();
    assert!(ok, "git {args:?}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn git_revisions_and_the_external_driver() {
    let repo = temp_dir("diff-git");
    let root = cli_support::root();
    git(repo.path(), &["init", "-q"]);
    copy_dir(&root.join(V10), &repo.path().join("policy"));
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "v1.0"]);
    copy_dir(&root.join(V11), &repo.path().join("policy"));
    git(repo.path(), &["commit", "-q", "-am", "v1.1"]);
    let bin = env!("CARGO_BIN_EXE_accord");
    let run = |args: &[&str]| {
        Command::new(bin)
            .args(args)
            .current_dir(repo.path())
            .output()
            .expect("runs")
    };

    let out = run(&["diff", "--git", "HEAD~1", "HEAD", "policy"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "HEAD~1:policy/mql-sql-agreement.accord:98 → HEAD:policy/mql-sql-agreement.accord:100"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("list target_industries: added \"Fintech\""),
        "{stdout}"
    );

    // A revision that does not exist is named as such, not as a missing file.
    let out = run(&["diff", "--git", "HEAD~1", "no-such-branch", "policy"]);
    assert_eq!(code(&out), 2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("there is no revision no-such-branch here"),
        "{stderr}"
    );

    // git diff with the driver configured as the README says.
    std::fs::write(repo.path().join(".gitattributes"), "*.accord diff=accord\n")
        .expect("attributes");
    git(
        repo.path(),
        &[
            "config",
            "diff.accord.command",
            &format!("{bin} diff --git-driver"),
        ],
    );
    let out = Command::new("git")
        .args([
            "diff",
            "HEAD~1",
            "HEAD",
            "--",
            "policy/mql-sql-agreement.accord",
        ])
        .current_dir(repo.path())
        .output()
        .expect("git diff");
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("MQL: lead_score threshold lowered from 65 to 55 (looser)"),
        "{stdout}{}",
        text(&out.stderr)
    );
    assert!(
        stdout.contains(
            "a/policy/mql-sql-agreement.accord:98 → b/policy/mql-sql-agreement.accord:100"
        ),
        "{stdout}"
    );

    let out = run(&["diff", "--git", "HEAD~1", "HEAD"]);
    assert_eq!(code(&out), 2);
    assert!(text(&out.stderr).contains("--git takes REV1 REV2 PATH"));
    let out = run(&["diff", "--git", "no-such-rev", "HEAD", "policy"]);
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));

    // A file deleted: its own definitions are gone, and its import is said
    // once; the imported schema, still in the working tree, is not listed
    // field by field as removed.
    git(repo.path(), &["rm", "-q", "policy/shared/calendars.accord"]);
    let out = Command::new("git")
        .args(["diff", "--cached", "--", "policy/shared/calendars.accord"])
        .current_dir(repo.path())
        .output()
        .expect("git diff");
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("no longer imports \"schema.accord\"")
            && stdout.contains("calendar sales_hours removed"),
        "{stdout}{}",
        text(&out.stderr)
    );
    assert!(!stdout.contains("field lead_id removed"), "{stdout}");
    assert!(stdout.contains("2 changes in meaning"), "{stdout}");
}

#[test]
fn a_broken_version_is_reported_not_compared() {
    let dir = temp_dir("diff-broken");
    let broken = dir.path().join("broken.accord");
    std::fs::write(&broken, "fit icp:\n  employees >= 20\n").expect("write");
    let out = accord(&[
        "diff",
        "--color",
        "never",
        V10,
        broken.to_str().expect("path"),
    ]);
    assert_eq!(code(&out), 1);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("is at least") && stderr.contains("has errors; run `accord check`"),
        "{stderr}"
    );
    let out = accord(&["diff", V10, "no/such/dir"]);
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("no/such/dir"),
        "{}",
        text(&out.stderr)
    );
}

/// Tier 2's score threshold in the seed agreement, lowered.
const TIER_2_THRESHOLD: (&str, &str) = (
    "or lead_score is at least 80",
    "or lead_score is at least 70",
);

/// `accord diff policies COPY` in text and in JSON, COPY being a copy of
/// `policies/` with `(old, new)` applied to `file` (the first occurrence,
/// which must exist).
fn diff_edited_policies(file: &str, edit: (&str, &str)) -> (String, serde_json::Value) {
    let dir = temp_dir("diff-folders");
    copy_dir(&root().join("policies"), dir.path());
    let path = dir.path().join(file);
    let policy = std::fs::read_to_string(&path).expect("the copy");
    assert!(policy.contains(edit.0), "{file} has no {:?}", edit.0);
    std::fs::write(&path, policy.replacen(edit.0, edit.1, 1)).expect("write");
    let run = |format: &str| {
        let copy = dir.path().to_str().expect("path");
        let out = accord(&["diff", "policies", copy, "--format", format]);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let doc = serde_json::from_str(&run("json")).expect("one JSON document");
    (run("text"), doc)
}

/// Two folders of several agreements: the header names each agreement
/// once, and a file without an agreement header of its own (the shared MQL
/// every agreement imports) adds no empty name.
#[test]
fn folders_name_their_agreements() {
    let (stdout, doc) = diff_edited_policies("mql-sql-agreement.accord", TIER_2_THRESHOLD);
    let expected = serde_json::json!([
        "Acme MQL/SQL Handoff Contract 1.0",
        "Acme Marketing-Sales Bilateral SLA 1.0",
        "Acme MQL Definition 1.0",
        "Acme MQL/SQL Agreement 1.0",
        "Acme SQL Definition SLA 1.0"
    ]);
    assert_eq!(doc["old"]["agreements"], expected, "{doc:#}");
    assert_eq!(doc["new"]["agreements"], expected, "{doc:#}");
    let header = stdout.lines().next().unwrap_or_default();
    assert!(
        header.starts_with("accord diff policies (Acme MQL/SQL Handoff Contract 1.0, ")
            && header.ends_with(", Acme SQL Definition SLA 1.0)"),
        "{header}"
    );
}

/// Two folders of several agreements: a change's region is reported for
/// the agreements whose policy holds the changed clause, once, naming them.
#[test]
fn folders_report_a_region_once_for_the_agreements_it_concerns() {
    let (stdout, doc) = diff_edited_policies("mql-sql-agreement.accord", TIER_2_THRESHOLD);
    let regions = doc["regions"].as_array().expect("regions");
    assert_eq!(regions.len(), 1, "{doc:#}");
    assert_eq!(
        regions[0]["agreements"],
        serde_json::json!(["Acme MQL/SQL Agreement 1.0"])
    );
    assert_eq!(stdout.matches("region not shown").count(), 1, "{stdout}");
    assert!(
        stdout.contains(
            "  • tier 2: lead_score threshold lowered from 80 to 70 (looser)\n      in Acme MQL/SQL Agreement 1.0\n      region not shown: tier 2's condition"
        ),
        "{stdout}"
    );
}

/// A change in the shared MQL is a change of every policy that imports it:
/// the same region is reported once, naming each of them.
#[test]
fn folders_report_a_shared_change_once_naming_each_policy_it_is_in() {
    let (_, doc) = diff_edited_policies(
        "shared/mql.accord",
        ("lead_score is at least 65", "lead_score is at least 55"),
    );
    let regions = doc["regions"].as_array().expect("regions");
    assert_eq!(regions.len(), 1, "{doc:#}");
    assert_eq!(
        regions[0]["agreements"],
        serde_json::json!([
            "Acme Marketing-Sales Bilateral SLA 1.0",
            "Acme MQL/SQL Agreement 1.0",
            "shared/mql.accord"
        ])
    );
    assert!(regions[0]["witness"].is_object(), "{doc:#}");
}

/// Real leads flip on every outcome a row carries, not only the MQL
/// verdict: moving an exclusion first changes which one excludes a lead
/// and where it is routed (no lead's MQL changes); then a requirement
/// dropped from `sql` makes SQLs, and one dropped from the handoff
/// completes it.
#[test]
fn leads_flip_on_the_exclusion_sql_and_handoff_too() {
    let dir = temp_dir("diff-outcomes");
    copy_dir(&root().join("policies"), dir.path());
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).expect("the copy");
        assert!(text.contains(from), "{file} has {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    };
    let new = dir.path().join("mql-sql-agreement.accord");
    let impact = || {
        let out = accord(&[
            "diff",
            cli_support::SEED,
            new.to_str().expect("path"),
            "--as-of",
            DATA_AS_OF,
            "--leads",
            "examples/data/leads.ndjson",
            "--format",
            "json",
        ]);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        doc["impact"][0]["leads"].clone()
    };
    let flips_on = |leads: &serde_json::Value, outcome: &str| -> Vec<serde_json::Value> {
        let flips = leads["flips"].as_array().expect("flips");
        flips
            .iter()
            .filter(|f| f["outcome"] == outcome)
            .cloned()
            .collect()
    };

    let no_contact = "exclusion no_contact \"Unsubscribed or do-not-contact (B.4)\" when unsubscribed or do_not_contact\n";
    edit("shared/mql.accord", no_contact, "");
    edit(
        "shared/mql.accord",
        "exclusion customer ",
        &format!("{no_contact}exclusion customer "),
    );
    let leads = impact();
    assert_eq!(
        leads["old"]["mql"], leads["new"]["mql"],
        "no MQL verdict moves"
    );
    let exclusion = flips_on(&leads, "exclusion");
    assert_eq!(leads["unlisted"], 0);
    assert_eq!(
        leads["flips"].as_array().map(Vec::len),
        Some(exclusion.len())
    );
    // An unsubscribed customer: routed to the CSM before, now excluded as
    // unsubscribed (no route).
    let customer = exclusion
        .iter()
        .find(|f| f["lead"] == "L-000371")
        .expect("L-000371 flips on its exclusion");
    assert_eq!(customer["old"], "customer (route to \"CSM\")");
    assert!(
        exclusion.iter().all(|f| f["new"] == "no_contact"),
        "{exclusion:?}"
    );

    edit("mql-sql-agreement.accord", "  phone_reachable\n", "");
    edit(
        "mql-sql-agreement.accord",
        "  requires email_deliverable is yes\n",
        "",
    );
    let leads = impact();
    // Each SQL flip is a lead that missed only the dropped requirement.
    let sql = flips_on(&leads, "SQL");
    assert!(!sql.is_empty(), "{leads:#}");
    for f in &sql {
        assert_eq!((&f["old"], &f["new"]), (&"no".into(), &"yes".into()));
        let because = f["because"][0]["old"].as_str().unwrap_or_default();
        assert!(because.ends_with("failed: phone_reachable"), "{because}");
    }
    let handoff = flips_on(&leads, "handoff");
    assert!(!handoff.is_empty(), "{leads:#}");
    assert!(handoff
        .iter()
        .all(|f| f["old"] == "incomplete" && f["new"] == "complete"));
}

/// A flip whose cause sits inside a definition drawn elsewhere in the
/// explanation (an SLA that applies to MQLs, read through the `mql`
/// reference "explained above") is put down to the clause that changed
/// inside it — also for a lead a rejection holds out of the MQL queue in
/// both versions, whose MQL answer does not flip and so names no reason
/// of its own.
#[test]
fn a_flip_through_a_reference_names_the_clause_inside_the_definition() {
    let dir = temp_dir("diff-references");
    copy_dir(&root().join("policies"), dir.path());
    let mql = dir.path().join("shared/mql.accord");
    let text_of = std::fs::read_to_string(&mql).expect("the copy");
    let edited = text_of.replacen("lead_score is at least 65", "lead_score is at least 70", 1);
    assert_ne!(edited, text_of, "the MQL threshold is where it was");
    std::fs::write(&mql, edited).expect("write");
    let new = dir.path().join("mql-sql-agreement.accord");
    let out = accord(&[
        "diff",
        "policies/mql-sql-agreement.accord",
        new.to_str().expect("path"),
        "--leads",
        "examples/data/leads.ndjson",
        "--as-of",
        DATA_AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let flips = doc["impact"][0]["leads"]["flips"]
        .as_array()
        .expect("flips")
        .clone();
    let mql_flipped = |lead: &serde_json::Value| {
        flips
            .iter()
            .any(|f| &f["lead"] == lead && f["outcome"] == "MQL")
    };
    // Some lead flips only on its SLAs (held out by a rejection either way).
    assert!(
        flips.iter().any(
            |f| f["outcome"].as_str().is_some_and(|o| o.starts_with("SLA"))
                && !mql_flipped(&f["lead"])
        ),
        "no lead flips on its SLAs alone: {flips:#?}"
    );
    for f in &flips {
        let because = f["because"].as_array().expect("because");
        assert!(!because.is_empty(), "{f:#?}");
        for d in because {
            let new = d["new"].as_str().unwrap_or_default();
            assert!(
                new.starts_with("✗ lead_score is at least 70"),
                "{} {}: {new}",
                f["lead"],
                f["outcome"]
            );
        }
    }
}
