//! Policy sets held in memory rather than on disk: a [`Workspace`] whose
//! files are (path, text) pairs (the server's `POST /v1/check`, its
//! content-addressed policy store, editors), and the diagnostics of several
//! entries at once, each reported once (`accord check a.accord b.accord`).
//!
//! Paths are compared in the workspace's key form (`/`-separated,
//! normalized), so `./policy.accord` and `policy.accord` name one file.
//! Imports still stay inside the root folder (the entry's folder unless
//! [`Workspace::set_root`] says otherwise); a path that is not among the
//! files reads as missing, so nothing outside them is ever read.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use accord_syntax::Diagnostic;

use crate::load::{PolicyId, Workspace};
use crate::resolve::normalize;

/// A path as the workspace keys it.
fn key(path: &str) -> String {
    normalize(&path.replace('\\', "/"))
}

impl Workspace {
    /// A workspace reading only `files` (path, text): any other path is
    /// "not found". Load entries with [`Workspace::load`] by their paths.
    pub fn in_memory<P: AsRef<str>, T: AsRef<str>>(files: &[(P, T)]) -> Workspace {
        let map: HashMap<String, String> = files
            .iter()
            .map(|(p, t)| (key(p.as_ref()), t.as_ref().to_string()))
            .collect();
        Workspace::with_reader(move |path: &Path| {
            map.get(&key(&path.to_string_lossy()))
                .cloned()
                .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
        })
    }

    /// The diagnostics of every entry, a file shared through imports
    /// reported once, in the order the entries are given.
    pub fn diagnostics_of(&self, entries: &[PolicyId]) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = Vec::new();
        // Found by hashing, not by a search of all before it: a policy of
        // 20,000 diagnostics took seconds to report.
        let mut seen: std::collections::HashSet<Diagnostic> = std::collections::HashSet::new();
        for id in entries {
            for d in self.diagnostics(*id) {
                if seen.insert(d.clone()) {
                    all.push(d);
                }
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_memory_files_import_each_other_and_nothing_else() {
        let ws_files = [
            ("p/entry.accord", "import \"shared/defs.accord\"\n"),
            ("p/shared/defs.accord", "list a: \"x\"\n"),
        ];
        let mut ws = Workspace::in_memory(&ws_files);
        let id = ws.load(Path::new("./p/entry.accord")).expect("in memory");
        let paths: Vec<String> = ws
            .sources()
            .files()
            .iter()
            .map(|f| f.path.clone())
            .collect();
        assert_eq!(paths, ["p/entry.accord", "p/shared/defs.accord"]);
        assert!(ws.load(Path::new("/etc/passwd")).is_err());
        // The shared file's diagnostics come through both entries, once.
        let defs = ws
            .load(Path::new("p/shared/defs.accord"))
            .expect("in memory");
        let via_entry = ws.diagnostics(id);
        assert!(!via_entry.is_empty(), "the unused list is reported");
        assert_eq!(ws.diagnostics_of(&[id, defs]), via_entry);
    }
}
