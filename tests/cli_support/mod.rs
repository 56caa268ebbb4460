//! What the end-to-end tests of the `accord` binary share
//! (`tests/cli_check.rs`, `tests/cli_eval.rs`, `tests/cli_explain.rs`,
//! `tests/cli_inputs.rs`, …): running it from the repository root the way the
//! README runs it, without colour at a fixed width, and reading its output;
//! running it with its input on a pipe and a temporary folder of its own; a
//! folder for a test's input files, removed when the test ends.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

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

/// `accord ARGS…` started from the root with its stdin a pipe (nothing
/// written to it yet) and `tmp` as its temporary folder (`TMPDIR`, where it
/// keeps the copy of a pipe it reads twice); finish it with
/// [`finish_piped`].
pub fn spawn_piped(args: &[&str], tmp: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .env("TMPDIR", tmp)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the accord binary runs")
}

/// Writes `input` to the stdin of a [`spawn_piped`] run (beside reading
/// its output, so that neither side waits on a full pipe), closes it and
/// waits: its output, and the names of everything left in its temporary
/// folder `tmp` (the copies of a pipe must be gone when it ends).
pub fn finish_piped(mut child: Child, input: &str, tmp: &Path) -> (Output, Vec<String>) {
    use std::io::Write;
    let mut stdin = child.stdin.take().expect("stdin");
    let out = std::thread::scope(|s| {
        // Dropped at the end of the thread: the input is closed.
        s.spawn(move || stdin.write_all(input.as_bytes()).expect("written"));
        child.wait_with_output().expect("it ends")
    });
    let mut left: Vec<String> = std::fs::read_dir(tmp)
        .expect("the temporary folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    (out, left)
}

/// `accord ARGS…` run from the root with `input` on its stdin (a pipe) and
/// a fresh, empty temporary folder: its output, and the names of the files
/// it left in that folder (none, when it cleans up after itself).
pub fn accord_piped(args: &[&str], input: &str) -> (Output, Vec<String>) {
    let tmp = temp_dir("tmpdir");
    let child = spawn_piped(args, tmp.path());
    finish_piped(child, input, tmp.path())
}

/// The exit code (-1 when killed by a signal).
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The first `n` lines of the bundled data file `examples/data/NAME`
/// (a CSV's header counts as one), each ended by a newline.
pub fn bundled_lines(name: &str, n: usize) -> String {
    let path = root().join("examples/data").join(name);
    let all = std::fs::read_to_string(&path).expect("bundled data");
    all.lines().take(n).map(|l| format!("{l}\n")).collect()
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
