//! What the tests share: the bundled example versions, and edited copies of
//! them written to a fresh temporary directory (removed when the returned
//! guard is dropped, also when a test fails).

#![allow(dead_code)]

use accord_diff::{Origin, Version};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bundled example versions (`examples/agreement-versions/v1.0`, `v1.1`).
pub fn example(version: &str) -> PathBuf {
    root().join("examples/agreement-versions").join(version)
}

pub fn load(path: &Path) -> Version {
    let loaded = Version::load(path, Origin::FileSystem);
    if let Err(e) = &loaded {
        assert!(loaded.is_ok(), "{} does not load: {e}", path.display());
    }
    loaded.expect("loads")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("temp dir");
    for entry in std::fs::read_dir(from).expect("example dir").flatten() {
        let p = entry.path();
        let target = to.join(entry.file_name());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).expect("copy");
        }
    }
}

/// A copy of example `v1.0` with `edits` applied to `file` (each `(old,
/// new)` replaces the first occurrence, which must exist), in a directory
/// removed when the returned guard is dropped.
pub fn edited(file: &str, edits: &[(&str, &str)]) -> TempDir {
    edited_from("v1.0", file, edits)
}

/// A copy of example `version` with `edits` applied to `file`.
pub fn edited_from(version: &str, file: &str, edits: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("accord-diff-test-")
        .tempdir()
        .expect("temp dir");
    copy_dir(&example(version), dir.path());
    edit(dir.path(), file, edits);
    dir
}

/// Applies `edits` to `file` of the copy in `dir` (each `(old, new)`
/// replaces the first occurrence, which must exist).
pub fn edit(dir: &Path, file: &str, edits: &[(&str, &str)]) {
    let path = dir.join(file);
    let mut text = std::fs::read_to_string(&path).expect("example file");
    for (old, new) in edits {
        assert!(text.contains(old), "{file} does not contain {old:?}");
        text = text.replacen(old, new, 1);
    }
    std::fs::write(&path, text).expect("write edited copy");
}
