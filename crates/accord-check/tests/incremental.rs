//! Incrementality: after an edit, only the checks of what changed
//! re-execute. The workspace's database logs salsa `WillExecute` events;
//! `take_executed` names the definition each per-definition query ran for
//! (`check_unit(fit icp#0)`).

mod support;

use std::path::{Path, PathBuf};

use accord_check::Workspace;

/// The largest policy in `policies/` (by size).
fn largest_policy() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies");
    let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "accord"))
                .map(|p| (std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0), p))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files.pop().map(|(_, p)| p).expect("policies exist")
}

fn checks_run(ws: &Workspace, id: accord_check::PolicyId) -> Vec<String> {
    let mut v: Vec<String> = ws
        .take_executed(id)
        .into_iter()
        .filter(|l| l.starts_with("check_unit(") || l.starts_with("check_policy("))
        .collect();
    v.sort();
    v
}

/// The first fit of a policy that contains a number: (name, byte range of
/// the first number in its body).
fn fit_with_number(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut offset = 0;
    let mut current: Option<String> = None;
    for line in text.split_inclusive('\n') {
        if !line.starts_with([' ', '\t']) {
            current = line
                .strip_prefix("fit ")
                .and_then(|r| r.split_whitespace().next())
                .map(|n| n.trim_end_matches(':').to_string());
        } else if let Some(name) = &current {
            if let Some(i) = line.find(|c: char| c.is_ascii_digit()) {
                let len = line[i..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(line.len() - i);
                return Some((name.clone(), offset + i..offset + i + len));
            }
        }
        offset += line.len();
    }
    None
}

#[test]
fn editing_one_definition_rechecks_only_that_definition() {
    let path = largest_policy();
    let text = std::fs::read_to_string(&path).expect("readable");
    let mut ws = Workspace::with_log();
    let id = ws.load(&path).expect("loads");
    let cold = ws.diagnostics(id);
    let cold_checks = checks_run(&ws, id);
    assert!(
        cold_checks.len() > 10,
        "cold run checked every definition: {cold_checks:?}"
    );

    // 1. Change a number inside one fit.
    let (fit, range) = fit_with_number(&text).expect("the policy has a fit with a number");
    let mut edited = text.clone();
    let old: u64 = text[range.clone()].parse().expect("a number");
    edited.replace_range(range, &(old + 1).to_string());
    ws.set_text(&path, edited.clone());
    ws.diagnostics(id);
    let all = ws.take_executed(id);
    if std::env::var_os("ACCORD_SHOW_LOG").is_some() {
        eprintln!("{all:#?}");
    }
    let mut checks: Vec<&String> = all
        .iter()
        .filter(|l| l.starts_with("check_unit(") || l.starts_with("check_policy("))
        .collect();
    checks.sort();
    assert_eq!(checks, vec![&format!("check_unit(fit {fit}#0)")]);

    // 2. Edit only a comment (and add one) between definitions.
    let with_comment = edited.replacen(
        '\n',
        "\n# an extra comment, with more words than before\n",
        1,
    );
    ws.set_text(&path, with_comment.clone());
    let after_comment = ws.diagnostics(id);
    assert_eq!(checks_run(&ws, id), Vec::<String>::new());

    // 3. Add blank lines between definitions.
    let with_blank = with_comment.replace("\n\n", "\n\n\n\n");
    ws.set_text(&path, with_blank);
    let after_blank = ws.diagnostics(id);
    assert_eq!(checks_run(&ws, id), Vec::<String>::new());
    assert_eq!(after_comment.len(), after_blank.len());
    assert_eq!(cold.len(), after_blank.len());
}

#[test]
fn editing_a_score_rechecks_what_reads_its_bounds() {
    let src = format!(
        "{}\nscore s \"S\":\n  +50 when phone_verified\n  +40 when there is an activity \"demo_request\"\n\nfit big \"Big\":\n  employees is at least 10\n\nmql \"MQL\" when big and s is at least 65\n\ntiers \"Tiers\":\n  tier 1 when s is at least 80\n  tier 2 otherwise\n",
        support::PRELUDE
    );
    let mut ws = Workspace::with_log();
    let path = Path::new("mem/score.accord");
    let id = ws.open(path, src.clone());
    assert!(ws
        .diagnostics(id)
        .iter()
        .all(|d| d.code != "accord::threshold-unreachable"));
    ws.take_executed(id);

    // Same maximum (90): only the score itself is re-checked.
    ws.set_text(
        path,
        src.replace("+50 when", "+45 when")
            .replace("+40 when", "+45 when"),
    );
    ws.diagnostics(id);
    assert_eq!(
        checks_run(&ws, id),
        vec![String::from("check_unit(score s#0)")]
    );

    // Lower maximum (20): the stage and the tiers that compare it re-run,
    // and now report the unreachable thresholds.
    ws.set_text(
        path,
        src.replace("+50 when", "+10 when")
            .replace("+40 when", "+10 when"),
    );
    let diags = ws.diagnostics(id);
    assert_eq!(
        checks_run(&ws, id),
        vec![
            String::from("check_unit(score s#0)"),
            String::from("check_unit(stage mql#0)"),
            String::from("check_unit(tiers #0)")
        ]
    );
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.code == "accord::threshold-unreachable")
            .count(),
        2,
        "{diags:#?}"
    );
}
