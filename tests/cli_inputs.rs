//! End-to-end tests of how the `accord` binary reads its lead inputs:
//! byte-order marks, events files (bad rows, unknown leads, events given
//! twice), JSON documents, CSV headers, unknown names, duplicate ids, and
//! paths that are not files. Inputs are written to a temporary directory;
//! the policy is the seed agreement.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn accord(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .output()
        .expect("the accord binary runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const SEED: &str = "policies/mql-sql-agreement.accord";
const AS_OF: &str = "2026-11-20T15:00:00Z";

/// A fresh directory for one test's input files.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("accord-cli-inputs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, contents: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write input");
    path.display().to_string()
}

/// The first `n` leads of the edge cases, one JSON line each.
fn edge_lines(n: usize) -> Vec<String> {
    let all = std::fs::read_to_string(root().join("examples/edge-cases/leads.ndjson"))
        .expect("edge cases");
    all.lines()
        .filter(|l| !l.trim().is_empty())
        .take(n)
        .map(String::from)
        .collect()
}

fn ndjson_rows(out: &Output) -> Vec<serde_json::Value> {
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn eval_ndjson(leads: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "eval", SEED, "--leads", leads, "--as-of", AS_OF, "--format", "ndjson",
    ];
    args.extend(extra);
    accord(&args)
}

/// The CLI's NDJSON path (parallel, line by line) strips a byte-order mark
/// like the library readers do: record 1 is a lead, not "not valid JSON".
#[test]
fn a_byte_order_mark_before_the_first_lead_is_ignored() {
    let dir = temp_dir("bom");
    let lines = edge_lines(2);
    let leads = write(
        &dir,
        "leads.ndjson",
        &format!("\u{feff}{}\n", lines.join("\n")),
    );
    let out = eval_ndjson(&leads, &[]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let rows = ndjson_rows(&out);
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|r| r["errors"].as_array().is_some_and(Vec::is_empty)),
        "{rows:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
