//! How the files of a policy set fit together: import cycles are errors;
//! importing one file several times (directly, through a diamond, or by
//! another spelling of its path) is fine and makes no duplicates; an entry
//! file that declares nothing gets a warning, an imported one does not.

mod support;

use accord_syntax::Diagnostic;

const SCHEMA: &str = "lead fields:\n  employees is a number\n";
const FIT: &str = "import \"schema.accord\"\n\nfit big \"Big\":\n  employees is at least 10\n";

fn diagnostics_of(files: &[(&str, &str)]) -> (accord_check::Workspace, Vec<Diagnostic>) {
    let (ws, id) = support::workspace(files);
    let diags = ws.diagnostics(id);
    (ws, diags)
}

fn rendered(ws: &accord_check::Workspace, diags: &[Diagnostic], code: &str) -> String {
    let picked: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == code).collect();
    support::render_all(ws, &picked)
}

#[test]
fn a_file_importing_itself_is_an_import_cycle() {
    let main = "import \"main.accord\"\nimport \"shared/schema.accord\"\n\nmql \"MQL\" when employees is at least 10\n";
    let (ws, diags) =
        diagnostics_of(&[("p/main.accord", main), ("p/shared/schema.accord", SCHEMA)]);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec!["accord::import-cycle"], "{diags:#?}");
    insta::assert_snapshot!(
        "import_itself",
        rendered(&ws, &diags, "accord::import-cycle")
    );
    // Near miss: without the self-import, nothing to say.
    let fixed = main.replace("import \"main.accord\"\n", "");
    let (_, diags) = diagnostics_of(&[
        ("p/main.accord", fixed.as_str()),
        ("p/shared/schema.accord", SCHEMA),
    ]);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn two_files_importing_each_other_are_one_import_cycle() {
    let main = "import \"shared/fits.accord\"\n\nmql \"MQL\" when big\n";
    let fits = "import \"../main.accord\"\nimport \"schema.accord\"\n\nfit big \"Big\":\n  employees is at least 10\n";
    let (ws, diags) = diagnostics_of(&[
        ("p/main.accord", main),
        ("p/shared/fits.accord", fits),
        ("p/shared/schema.accord", SCHEMA),
    ]);
    let cycles: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.code == "accord::import-cycle")
        .collect();
    assert_eq!(cycles.len(), 1, "reported once: {diags:#?}");
    assert_eq!(diags.len(), 1, "nothing else: {diags:#?}");
    insta::assert_snapshot!(
        "import_each_other",
        rendered(&ws, &diags, "accord::import-cycle")
    );
}

#[test]
fn a_longer_loop_is_reported_on_the_import_that_closes_it() {
    let (_, diags) = diagnostics_of(&[
        ("a.accord", "import \"b.accord\"\n\nmql \"MQL\" when big\n"),
        ("b.accord", "import \"c.accord\"\n"),
        ("c.accord", "import \"a.accord\"\nimport \"schema.accord\"\n\nfit big \"Big\":\n  employees is at least 10\n"),
        ("schema.accord", SCHEMA),
    ]);
    let cycles: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.code == "accord::import-cycle")
        .collect();
    assert_eq!(cycles.len(), 1, "{diags:#?}");
    let message = cycles.first().map(|d| d.message.as_str()).unwrap_or("");
    assert_eq!(
        message,
        "import cycle: a.accord → b.accord → c.accord → a.accord"
    );
}

#[test]
fn importing_a_file_several_times_is_fine() {
    let main = "import \"shared/schema.accord\"\nimport \"shared/fits.accord\"\nimport \"./shared/../shared/schema.accord\"\nimport \"shared/schema.accord\"\n\nmql \"MQL\" when big\n";
    let (_, diags) = diagnostics_of(&[
        ("p/main.accord", main),
        ("p/shared/schema.accord", SCHEMA),
        ("p/shared/fits.accord", FIT),
    ]);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn an_empty_entry_declares_nothing() {
    for text in ["", "\n\n", "# Acme agreement, to be written\n\n# later\n"] {
        let (ws, diags) = diagnostics_of(&[("empty.accord", text)]);
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, vec!["accord::empty-policy"], "{text:?}");
        if text.starts_with('#') {
            insta::assert_snapshot!(
                "empty_policy",
                rendered(&ws, &diags, "accord::empty-policy")
            );
        }
    }
    // Near miss: one definition is enough.
    let (_, diags) = diagnostics_of(&[("one.accord", "list spare: \"x\"\n")]);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn an_empty_file_that_is_imported_is_not_reported() {
    let main = "import \"empty.accord\"\nimport \"schema.accord\"\n\nmql \"MQL\" when employees is at least 10\n";
    let (_, diags) = diagnostics_of(&[
        ("main.accord", main),
        ("empty.accord", "# nothing yet\n"),
        ("schema.accord", SCHEMA),
    ]);
    assert!(diags.is_empty(), "{diags:#?}");
}

/// Checked together (`accord check main.accord empty.accord`), the empty
/// file is also an entry, but main imports it: no warning.
#[test]
fn an_empty_file_checked_with_the_policy_importing_it_is_not_reported() {
    let main = "import \"empty.accord\"\nimport \"schema.accord\"\n\nmql \"MQL\" when employees is at least 10\n";
    let files = [
        ("main.accord", main),
        ("empty.accord", ""),
        ("schema.accord", SCHEMA),
    ];
    let (mut ws, main_id) = support::workspace(&files);
    let empty_id = ws
        .load(std::path::Path::new("empty.accord"))
        .expect("in the map");
    assert!(ws.diagnostics(main_id).is_empty());
    assert!(
        ws.diagnostics(empty_id).is_empty(),
        "{:#?}",
        ws.diagnostics(empty_id)
    );
}

// ---------------------------------------------------------------------------
// Imports stay inside the policy set
// ---------------------------------------------------------------------------

/// Text that must never appear in any diagnostic: it stands for a file
/// outside the policy set (keys, tokens, /etc/passwd).
const SECRET: &str = "root:x:0:0:TOKEN-c0ffee:/root:/bin/bash\n";

/// A workspace over `files` that records every path it is asked to read;
/// `root` as `--root` would give it. Returns the diagnostics and the reads.
fn check_recording_reads(
    files: &[(&str, &str)],
    root: Option<&str>,
) -> (accord_check::Workspace, Vec<Diagnostic>, Vec<String>) {
    use std::sync::{Arc, Mutex};
    let map: std::collections::HashMap<String, String> = files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let reads: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = reads.clone();
    let mut ws = accord_check::Workspace::with_reader(move |p: &std::path::Path| {
        let p = p.to_string_lossy().to_string();
        if let Ok(mut l) = log.lock() {
            l.push(p.clone());
        }
        map.get(&p)
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    });
    ws.set_root(root.map(std::path::Path::new));
    let entry = files.first().map(|(p, _)| *p).unwrap_or("main.accord");
    let id = ws.load(std::path::Path::new(entry)).expect("entry loads");
    let diags = ws.diagnostics(id);
    let reads = reads.lock().map(|l| l.clone()).unwrap_or_default();
    (ws, diags, reads)
}

/// Every form the diagnostics take (text rendered for people, JSON for
/// tools), to prove a secret appears in none.
fn every_rendering(ws: &accord_check::Workspace, diags: &[Diagnostic]) -> String {
    let sources = ws.sources();
    let refs: Vec<&Diagnostic> = diags.iter().collect();
    let json: Vec<String> = diags
        .iter()
        .map(|d| {
            serde_json::to_string(&accord_syntax::JsonDiagnostic::new(d, &sources))
                .unwrap_or_default()
        })
        .collect();
    format!("{}\n{}", support::render_all(ws, &refs), json.join("\n"))
}

#[test]
fn an_absolute_import_is_refused_without_reading_the_file() {
    let main = "import \"/etc/passwd\"\n\nlist spare: \"x\"\n";
    let (ws, diags, reads) =
        check_recording_reads(&[("p/main.accord", main), ("/etc/passwd", SECRET)], None);
    assert_eq!(reads, vec!["p/main.accord"], "only the entry is read");
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec!["accord::import-outside-policy-set"]);
    let shown = every_rendering(&ws, &diags);
    assert!(!shown.contains("TOKEN"), "{shown}");
    insta::assert_snapshot!(
        "import_absolute",
        rendered(&ws, &diags, "accord::import-outside-policy-set")
    );
    // Even an absolute path that names a policy file inside the set.
    let main = "import \"/p/shared.accord\"\n\nlist spare: \"x\"\n";
    let (_, diags, reads) = check_recording_reads(
        &[("/p/main.accord", main), ("/p/shared.accord", SCHEMA)],
        None,
    );
    assert_eq!(reads, vec!["/p/main.accord"]);
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn an_import_that_climbs_out_of_the_policy_folder_is_refused() {
    let main = "import \"../../x.accord\"\n\nlist spare: \"x\"\n";
    let (ws, diags, reads) =
        check_recording_reads(&[("a/b/p/main.accord", main), ("a/x.accord", SECRET)], None);
    assert_eq!(reads, vec!["a/b/p/main.accord"], "only the entry is read");
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec!["accord::import-outside-policy-set"]);
    let shown = every_rendering(&ws, &diags);
    assert!(!shown.contains("TOKEN"), "{shown}");
    insta::assert_snapshot!(
        "import_outside_root",
        rendered(&ws, &diags, "accord::import-outside-policy-set")
    );
    // A detour that comes back inside is fine.
    let main = "import \"shared/../../p/shared/schema.accord\"\n\nfit big \"Big\":\n  employees is at least 10\n\nmql \"MQL\" when big\n";
    let (_, diags, _) = check_recording_reads(
        &[
            ("a/p/main.accord", main),
            ("a/p/shared/schema.accord", SCHEMA),
        ],
        None,
    );
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn an_imported_file_cannot_climb_out_either() {
    // The entry's folder is the root for every file of the set, so an
    // imported file cannot import its way out.
    let main = "import \"shared/fits.accord\"\n\nmql \"MQL\" when big\n";
    let fits = "import \"../../outside.accord\"\nimport \"schema.accord\"\n\nfit big \"Big\":\n  employees is at least 10\n";
    let (_, diags, reads) = check_recording_reads(
        &[
            ("p/main.accord", main),
            ("p/shared/fits.accord", fits),
            ("p/shared/schema.accord", SCHEMA),
            ("outside.accord", SECRET),
        ],
        None,
    );
    assert!(!reads.iter().any(|r| r == "outside.accord"), "{reads:?}");
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        vec!["accord::import-outside-policy-set"],
        "{diags:#?}"
    );
}

#[test]
fn a_wider_root_admits_a_sibling_folder() {
    let main = "import \"../shared/schema.accord\"\n\nfit big \"Big\":\n  employees is at least 10\n\nmql \"MQL\" when big\n";
    let files = [
        ("repo/policies/main.accord", main),
        ("repo/shared/schema.accord", SCHEMA),
    ];
    let (_, diags, _) = check_recording_reads(&files, None);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert!(
        codes.contains(&"accord::import-outside-policy-set"),
        "{diags:#?}"
    );
    let (_, diags, reads) = check_recording_reads(&files, Some("repo"));
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(reads.len(), 2);
    // The same spelled with a trailing slash and a `./`.
    let (_, diags, _) = check_recording_reads(&files, Some("./repo/"));
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn an_entry_outside_the_given_root_is_a_load_error() {
    let mut ws = accord_check::Workspace::with_reader(|_| Ok(String::from("list a: \"x\"\n")));
    ws.set_root(Some(std::path::Path::new("policies")));
    let err = ws
        .load(std::path::Path::new("elsewhere/main.accord"))
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("cannot read elsewhere/main.accord: it is outside the policy folder policies")
    );
    assert!(ws
        .load(std::path::Path::new("policies/sub/main.accord"))
        .is_ok());
}

#[test]
fn an_import_that_is_not_a_policy_file_is_refused_without_reading_it() {
    let main = "import \"notes.txt\"\nimport \"shared\"\n\nlist spare: \"x\"\n";
    let (ws, diags, reads) = check_recording_reads(
        &[
            ("p/main.accord", main),
            ("p/notes.txt", SECRET),
            ("p/shared", SECRET),
        ],
        None,
    );
    assert_eq!(reads, vec!["p/main.accord"], "only the entry is read");
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        vec!["accord::import-not-a-policy", "accord::import-not-a-policy"]
    );
    let shown = every_rendering(&ws, &diags);
    assert!(!shown.contains("TOKEN"), "{shown}");
    let first: Vec<Diagnostic> = diags.into_iter().take(1).collect();
    insta::assert_snapshot!(
        "import_not_a_policy",
        rendered(&ws, &first, "accord::import-not-a-policy")
    );
}

/// `import "shared/schema"` (the name without its `.accord`): the help and
/// the fix write the name with it; a name with another extension
/// (`notes.txt`) gets neither.
#[test]
fn an_import_without_its_extension_is_offered_it() {
    let main = "import \"shared/schema\"\nimport \"notes.txt\"\n\nlist spare: \"x\"\n";
    let (_, diags) = diagnostics_of(&[("p/main.accord", main)]);
    let offered: Vec<Option<&str>> = diags.iter().map(|d| d.replacement.as_deref()).collect();
    assert_eq!(offered, vec![Some("\"shared/schema.accord\""), None]);
    assert!(
        diags[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("`import \"shared/schema.accord\"`")),
        "{:?}",
        diags[0].help
    );
}

#[test]
fn a_policy_file_inside_the_set_is_still_quoted_when_it_has_mistakes() {
    // Near miss of the refusals: a .accord file inside the root is read and
    // its own mistakes are shown, quoting it.
    let main = "import \"shared/broken.accord\"\n\nlist spare: \"x\"\n";
    let (ws, diags, _) = check_recording_reads(
        &[
            ("p/main.accord", main),
            (
                "p/shared/broken.accord",
                "fit big \"Big\"\n  employees is at least 10\n",
            ),
        ],
        None,
    );
    assert!(diags.iter().any(|d| d.code.starts_with("accord::syntax")));
    assert!(every_rendering(&ws, &diags).contains("fit big"));
}

#[test]
fn a_policy_file_past_the_size_limit_is_not_read() {
    use accord_check::load::MAX_POLICY_BYTES;
    let huge = format!("# {}\n", "x".repeat(MAX_POLICY_BYTES));
    let entry_text = huge.clone();
    let mut ws = accord_check::Workspace::with_reader(move |_| Ok(entry_text.clone()));
    let err = ws.load(std::path::Path::new("big.accord")).err();
    assert_eq!(
        err.map(|e| e.to_string()).as_deref(),
        Some("cannot read big.accord: it is larger than 4 MiB, the most a policy file may hold")
    );
    // As an import: a diagnostic on the import line.
    let main = "import \"big.accord\"\n\nlist spare: \"x\"\n";
    let (_, diags, _) = check_recording_reads(
        &[("main.accord", main), ("big.accord", huge.as_str())],
        None,
    );
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        vec!["cannot import \"big.accord\": it is larger than 4 MiB, the most a policy file may hold"]
    );
    // Near miss: just under the limit is read.
    let fits = format!(
        "# {}\nlist spare: \"x\"\n",
        "x".repeat(MAX_POLICY_BYTES - 40)
    );
    let mut ws = accord_check::Workspace::with_reader(move |_| Ok(fits.clone()));
    assert!(ws.load(std::path::Path::new("fits.accord")).is_ok());
}
