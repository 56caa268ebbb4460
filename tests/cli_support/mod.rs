//! What the end-to-end tests of the `accord` binary share (`tests/cli.rs`,
//! `tests/cli_inputs.rs`): running it from the repository root the way the
//! README runs it, without colour at a fixed width, and reading its output;
//! a folder for a test's input files, removed when the test ends.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `accord ARGS…` run from the root, its output captured.
pub fn accord(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .output()
        .expect("the accord binary runs")
}

/// The exit code (-1 when killed by a signal).
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh directory for one test's input files (`accord-cli-NAME-…` in
/// the system's temporary folder), removed with everything in it when the
/// returned guard is dropped, also when the test fails: keep it alive for
/// as long as the files are needed.
pub fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("accord-cli-{name}-"))
        .tempdir()
        .expect("temp dir")
}

/// The seed agreement.
pub const SEED: &str = "policies/mql-sql-agreement.accord";
/// The as-of instant of the hand-worked edge cases.
pub const AS_OF: &str = "2026-11-20T15:00:00Z";
/// The export instant of the generated set in `examples/data`.
pub const DATA_AS_OF: &str = "2026-11-30T15:00:00Z";
