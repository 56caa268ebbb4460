//! `accord report` on the bundled data set, end to end: bad plan rows
//! named while the rest is reported, an empty export, and the suggested
//! `accord explain` command run as printed. (The Olist-shaped data's
//! reports and backtests: `cli_olist.rs`.)

mod cli_support;

use cli_support::{accord, code, root, temp_dir, text};

#[test]
fn report_reads_what_it_can_and_names_bad_plan_rows() {
    let dir = temp_dir("report-plans");
    let plans = dir.path().join("plans.csv");
    std::fs::write(
        &plans,
        "breach,period,plan_date,owner\nrouting_tme,2026-11,2026-12-01,RevOps\nrouting_time,2026-11,1/12/2026,RevOps\n",
    )
    .unwrap();
    let o = accord(&[
        "report",
        "policies/marketing-sales-sla.accord",
        "--leads",
        "examples/data/leads.ndjson",
        "--as-of",
        "2026-11-30T15:00:00Z",
        "--plans",
        plans.to_str().unwrap(),
    ]);
    // 18 bundled records are malformed on purpose: exit 3, the rest reported.
    assert_eq!(code(&o), 3, "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("plans.csv:2: the policy has no breach named `routing_tme` (did you mean `routing_time`?)"), "{err}");
    assert!(
        err.contains("plans.csv:3: plan_date `1/12/2026` is not a date"),
        "{err}"
    );
    let out = text(&o.stdout);
    assert!(out.contains("mql_shortfall"), "{out}");
    assert!(out.contains("--lead L-000008"), "{out}");
}

/// The command a report suggests for explaining a lead runs as printed,
/// through the shell, even when the paths hold spaces and quotes and the
/// policy set's root is not the policy's folder (`--root` kept).
#[test]
fn a_reports_explain_command_runs_as_printed() {
    let dir = temp_dir("report-explain-command");
    let folder = dir.path().join("Q4 'final' set");
    let shared = folder.join("policies/shared");
    std::fs::create_dir_all(&shared).unwrap();
    for f in std::fs::read_dir(root().join("policies/shared")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, shared.join(f.file_name().unwrap())).unwrap();
    }
    let policy = folder.join("policies/marketing-sales-sla.accord");
    std::fs::copy(root().join("policies/marketing-sales-sla.accord"), &policy).unwrap();
    let leads = folder.join("leads $export.ndjson");
    std::fs::copy(root().join("examples/data/leads.ndjson"), &leads).unwrap();
    let o = accord(&[
        "report",
        policy.to_str().unwrap(),
        "--root",
        folder.to_str().unwrap(),
        "--leads",
        leads.to_str().unwrap(),
        "--as-of",
        "2026-11-30T15:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 3, "{}", text(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let command = report["breaches"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|b| b["runs"].as_array().into_iter().flatten())
        .flat_map(|r| r["leads"].as_array().into_iter().flatten())
        .find_map(|l| l["explain"].as_str())
        .expect("a contributing lead with its explain command")
        .to_string();
    assert!(command.contains("--root '"), "{command}");
    let run = command.replacen("accord ", &format!("{} ", env!("CARGO_BIN_EXE_accord")), 1);
    let o = std::process::Command::new("sh")
        .args(["-c", &run])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{run}\n{}", text(&o.stderr));
    assert!(
        text(&o.stdout).starts_with("lead L-"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn report_on_an_empty_export_says_so() {
    let dir = temp_dir("report-empty");
    let leads = dir.path().join("empty.ndjson");
    std::fs::write(&leads, "").unwrap();
    let o = accord(&[
        "report",
        "policies/marketing-sales-sla.accord",
        "--leads",
        leads.to_str().unwrap(),
        "--as-of",
        "2026-11-30T15:00:00Z",
        "--format",
        "markdown",
    ]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("has no lead records"));
    assert!(text(&o.stdout).contains("the input has no leads"));
    let o = accord(&[
        "report",
        "policies/marketing-sales-sla.accord",
        "--leads",
        "examples/data/leads.ndjson",
        "--from",
        "2026-12-01",
        "--to",
        "2026-11-01",
    ]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("--from 2026-12-01 is after --to 2026-11-01"));
}
