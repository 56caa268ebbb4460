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
