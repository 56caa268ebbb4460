//! End-to-end tests of `accord fmt`: writing in place, `--check` with its
//! diff and exit code, directories, standard input, and a file with syntax
//! errors left untouched.

use std::io::Write;
use std::process::{Command, Stdio};

mod cli_support;
use cli_support::*;

const MESSY: &str = "fit   icp:\n      employees is at least 20   # small firms\n";
const TIDY: &str = "fit icp:\n  employees is at least 20 # small firms\n";

#[test]
fn check_prints_a_diff_exits_1_and_writes_nothing() {
    let dir = temp_dir("fmt-check");
    let file = dir.path().join("p.accord");
    std::fs::write(&file, MESSY).expect("write");
    let path = file.display().to_string();
    let out = accord(&["fmt", "--check", &path]);
    assert_eq!(code(&out), 1);
    let diff = text(&out.stdout);
    assert!(diff.contains(&format!("--- {path} (as written)")), "{diff}");
    assert!(
        diff.contains("-fit   icp:\n") && diff.contains("+fit icp:\n"),
        "{diff}"
    );
    assert!(text(&out.stderr).contains("1 file would be reformatted"));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), MESSY);
}

#[test]
fn fmt_rewrites_the_files_of_a_directory_then_check_passes() {
    let dir = temp_dir("fmt-dir");
    std::fs::create_dir_all(dir.path().join("shared")).expect("dir");
    std::fs::write(dir.path().join("a.accord"), MESSY).expect("write");
    std::fs::write(dir.path().join("shared/b.accord"), TIDY).expect("write");
    std::fs::write(dir.path().join("notes.txt"), "not a policy   \n").expect("write");
    let d = dir.path().display().to_string();
    let out = accord(&["fmt", &d]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("1 file reformatted, 1 already formatted"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.accord")).expect("read"),
        TIDY
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).expect("read"),
        "not a policy   \n"
    );
    let again = accord(&["fmt", "--check", &d]);
    assert_eq!(code(&again), 0);
    assert_eq!(text(&again.stdout), "");
}

#[test]
fn a_file_with_syntax_errors_is_left_as_it_is() {
    let dir = temp_dir("fmt-broken");
    let file = dir.path().join("broken.accord");
    let broken = "fit big:\n    employees >= 100\n";
    std::fs::write(&file, broken).expect("write");
    let out = accord(&["fmt", "--color", "never", &file.display().to_string()]);
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(err.contains("write `is at least` here"), "{err}");
    assert!(err.contains("not formatted"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), broken);
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let out = accord(&["fmt", "no/such/policy.accord"]);
    assert_eq!(code(&out), 2);
    assert!(text(&out.stderr).contains("no such file or directory"));
}

#[test]
fn dash_formats_standard_input_to_standard_output() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(MESSY.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("output");
    assert_eq!(code(&out), 0);
    assert_eq!(text(&out.stdout), TIDY);
}

#[test]
fn check_names_each_file_that_would_change_in_words() {
    let dir = temp_dir("fmt-check-names");
    std::fs::write(dir.path().join("messy.accord"), MESSY).expect("write");
    std::fs::write(dir.path().join("tidy.accord"), TIDY).expect("write");
    let out = accord(&["fmt", "--check", &dir.path().display().to_string()]);
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    let messy = dir.path().join("messy.accord").display().to_string();
    assert!(
        err.contains(&format!("{messy}: would be reformatted")),
        "{err}"
    );
    assert!(!err.contains("tidy.accord"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symlink_stays_a_link_and_the_file_it_points_to_is_formatted() {
    let dir = temp_dir("fmt-symlink");
    let real = dir.path().join("real.accord");
    let link = dir.path().join("link.accord");
    std::fs::write(&real, MESSY).expect("write");
    std::os::unix::fs::symlink("real.accord", &link).expect("symlink");
    let out = accord(&["fmt", &link.display().to_string()]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let meta = std::fs::symlink_metadata(&link).expect("link");
    assert!(
        meta.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    assert_eq!(std::fs::read_to_string(&real).expect("read"), TIDY);
}

#[cfg(unix)]
#[test]
fn a_formatted_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("fmt-mode");
    let file = dir.path().join("p.accord");
    std::fs::write(&file, MESSY).expect("write");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let out = accord(&["fmt", &file.display().to_string()]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), TIDY);
    let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[test]
fn a_read_only_file_is_refused_and_left_as_it_is() {
    let dir = temp_dir("fmt-read-only");
    let file = dir.path().join("p.accord");
    std::fs::write(&file, MESSY).expect("write");
    let mut permissions = std::fs::metadata(&file).expect("meta").permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&file, permissions).expect("chmod");
    let out = accord(&["fmt", &file.display().to_string()]);
    assert_eq!(code(&out), 2);
    let err = text(&out.stderr);
    assert!(err.contains("the file is read-only"), "{err}");
    assert!(err.contains("0 files reformatted"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), MESSY);
    assert!(std::fs::metadata(&file)
        .expect("meta")
        .permissions()
        .readonly());
}

#[cfg(unix)]
#[test]
fn a_link_to_a_folder_above_is_not_followed_round_and_round() {
    let dir = temp_dir("fmt-link-loop");
    std::fs::create_dir_all(dir.path().join("sub")).expect("dir");
    std::fs::write(dir.path().join("p.accord"), MESSY).expect("write");
    std::os::unix::fs::symlink("..", dir.path().join("sub/up")).expect("symlink");
    let out = accord(&["fmt", "--check", &dir.path().display().to_string()]);
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(err.contains("1 file would be reformatted"), "{err}");
}

#[test]
fn a_file_named_twice_is_formatted_and_counted_once() {
    let dir = temp_dir("fmt-twice");
    let file = dir.path().join("p.accord");
    std::fs::write(&file, MESSY).expect("write");
    let d = dir.path().display().to_string();
    let out = accord(&["fmt", "--check", &d, &file.display().to_string()]);
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(
        err.contains("1 file would be reformatted, 0 already formatted"),
        "{err}"
    );
    assert_eq!(text(&out.stdout).matches("(as written)").count(), 1);
}
