//! The language server driven over its JSON-RPC protocol, as an editor
//! drives it: diagnostics that appear and clear while typing, an unsaved
//! edit in an imported file reaching its importer, hover, go to definition
//! and references (snapshots of the responses, fixture folder as `ROOT`).
//! Positions are computed by the test client independently of the server,
//! on text with multi-byte and astral characters (UTF-16 columns).

mod support;

use serde_json::json;
use support::{messages, Client};

#[test]
fn diagnostics_appear_while_typing_and_clear_when_fixed() {
    let mut c = Client::start();
    let mut text = c.open("agreement.accord");
    let first = c.diagnostics("agreement.accord");
    assert_eq!(
        messages(&first),
        Vec::<String>::new(),
        "the fixture is clean"
    );

    c.edit("agreement.accord", &mut text, "is at least 20", ">= 20");
    let broken = c.diagnostics("agreement.accord");
    assert_eq!(broken["version"], 2);
    insta::assert_json_snapshot!("comparison_symbol", c.redact(&broken));

    c.edit("agreement.accord", &mut text, ">= 20", "is at least 20");
    let fixed = c.diagnostics("agreement.accord");
    assert_eq!(fixed["version"], 3);
    assert_eq!(messages(&fixed), Vec::<String>::new());
    c.shutdown();
}

#[test]
fn a_diagnostic_after_astral_characters_has_utf16_columns() {
    let mut c = Client::start();
    let mut text = c.open("agreement.accord");
    c.diagnostics("agreement.accord");
    c.edit(
        "agreement.accord",
        &mut text,
        "when segment is \"smb\"",
        "when segmnt is \"smb\"",
    );
    let d = c.diagnostics("agreement.accord");
    let start = c.position(&text, text.find("segmnt").unwrap());
    let end = c.position(&text, text.find("segmnt").unwrap() + "segmnt".len());
    assert_eq!(
        d["diagnostics"][0]["range"],
        json!({"start": start, "end": end})
    );
    insta::assert_json_snapshot!("unknown_field_after_emoji", c.redact(&d));
    c.shutdown();
}

#[test]
fn an_unsaved_edit_in_an_imported_file_updates_the_importer() {
    let mut c = Client::start();
    c.open("agreement.accord");
    assert!(messages(&c.diagnostics("agreement.accord")).is_empty());
    let mut schema = c.open("shared/schema.accord");
    assert!(messages(&c.diagnostics("shared/schema.accord")).is_empty());

    // Rename a field in the schema, without saving: the agreement uses it.
    c.edit(
        "shared/schema.accord",
        &mut schema,
        "  employees is",
        "  headcount is",
    );
    assert!(messages(&c.diagnostics("shared/schema.accord")).is_empty());
    let importer = c.diagnostics("agreement.accord");
    assert_eq!(
        messages(&importer),
        vec!["no lead field, score or SLA is named `employees`".to_string()]
    );
    let on_disk = std::fs::read_to_string(c.path("shared/schema.accord")).unwrap();
    assert!(!on_disk.contains("headcount"), "nothing is written to disk");

    c.edit(
        "shared/schema.accord",
        &mut schema,
        "  headcount is",
        "  employees is",
    );
    c.diagnostics("shared/schema.accord");
    assert!(messages(&c.diagnostics("agreement.accord")).is_empty());
    c.shutdown();
}

#[test]
fn an_import_opened_before_its_importer_is_read_from_the_editor() {
    let mut c = Client::start();
    let schema = std::fs::read_to_string(c.path("shared/schema.accord")).unwrap();
    c.open_text(
        "shared/schema.accord",
        &schema.replace("  industry is", "  sector is"),
    );
    c.diagnostics("shared/schema.accord");
    c.open("agreement.accord");
    assert_eq!(
        messages(&c.diagnostics("agreement.accord")),
        vec!["no lead field, score or SLA is named `industry`".to_string()]
    );
    c.shutdown();
}

#[test]
fn hover_says_what_a_name_is() {
    let mut c = Client::start();
    let text = c.open("agreement.accord");
    c.diagnostics("agreement.accord");
    let cases = [
        ("field", "employees is at least", 0, 3),
        ("list", "target_industries", 1, 0),
        ("definition", "icp and", 0, 1),
        ("calendar", "sales_hours", 0, 5),
        ("sla_tier", "tier 1 within", 0, 5),
        ("event_kind", "\"demo_request\"", 0, 2),
        ("stream", "activity \"website_visit\"", 0, 2),
        ("field_after_emoji", "segment is \"smb\"", 0, 7),
        ("import", "shared/schema.accord", 0, 3),
        ("reason_code_declaration", "not_icp \"", 0, 2),
    ];
    for (name, needle, nth, into) in cases {
        let at = c.position_of(&text, needle, nth, into);
        let hover = c.request("textDocument/hover", c.at("agreement.accord", at));
        insta::assert_json_snapshot!(format!("hover_{name}"), c.redact(&hover));
    }
    // Nothing to say about a keyword or a number.
    let keyword = c.position_of(&text, "at least 20", 0, 1);
    assert_eq!(
        c.request("textDocument/hover", c.at("agreement.accord", keyword)),
        json!(null)
    );
    c.shutdown();
}

#[test]
fn definition_goes_to_the_declaration_across_files() {
    let mut c = Client::start();
    let text = c.open("agreement.accord");
    c.diagnostics("agreement.accord");
    let schema = std::fs::read_to_string(c.path("shared/schema.accord")).unwrap();
    let cases = [
        (
            "employees is at least",
            "shared/schema.accord",
            &schema,
            "employees is an",
        ),
        (
            "sales_hours",
            "shared/schema.accord",
            &schema,
            "sales_hours \"Heures",
        ),
        ("icp and", "agreement.accord", &text, "icp \"Minimum"),
        (
            "\"demo_request\"",
            "shared/schema.accord",
            &schema,
            "\"demo_request\"",
        ),
        (
            "attempt by",
            "shared/schema.accord",
            &schema,
            "attempts are",
        ),
    ];
    for (from, file, target_text, to) in cases {
        let at = c.position_of(&text, from, 0, 1);
        let got = c.request("textDocument/definition", c.at("agreement.accord", at));
        let start = target_text.find(to).unwrap();
        let name_len = to.split([' ']).next().unwrap().len();
        let want = json!({
            "uri": c.uri(file).as_str(),
            "range": {"start": c.position(target_text, start), "end": c.position(target_text, start + name_len)},
        });
        assert_eq!(got, want, "definition of `{from}`");
    }
    c.shutdown();
}

#[test]
fn references_reach_every_file_of_the_folder() {
    let mut c = Client::start();
    let text = c.open("agreement.accord");
    c.diagnostics("agreement.accord");
    let at = c.position_of(&text, "segment is", 0, 2);
    let mut params = c.at("agreement.accord", at);
    params["context"] = json!({"includeDeclaration": true});
    let refs = c.request("textDocument/references", params.clone());
    insta::assert_json_snapshot!("references_segment", c.redact(&refs));

    // From the declaration in a file that is not open, without it.
    let schema = std::fs::read_to_string(c.path("shared/schema.accord")).unwrap();
    c.open("shared/schema.accord");
    let decl = c.position_of(&schema, "segment is one of", 0, 1);
    let mut params = c.at("shared/schema.accord", decl);
    params["context"] = json!({"includeDeclaration": false});
    let uses = c.request("textDocument/references", params);
    assert_eq!(uses.as_array().map(Vec::len), Some(2), "{uses}");
    c.shutdown();
}

#[test]
fn a_change_on_disk_reaches_the_open_importers() {
    let capabilities =
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let mut c = Client::start_with(support::fixture_copy(), capabilities);
    c.open("agreement.accord");
    assert!(messages(&c.diagnostics("agreement.accord")).is_empty());
    // The server asked to be told about policy files on disk.
    let registration = c
        .server_requests
        .iter()
        .find(|r| r.method == "client/registerCapability")
        .expect("a registration");
    assert_eq!(
        registration.params["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );

    // A checkout renames a field in the schema, which is not open.
    let schema = c.path("shared/schema.accord");
    let text = std::fs::read_to_string(&schema).unwrap();
    std::fs::write(&schema, text.replace("  industry is", "  sector is")).unwrap();
    let uri = c.uri("shared/schema.accord");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri.as_str(), "type": 2}]}),
    );
    assert_eq!(
        messages(&c.diagnostics("agreement.accord")),
        vec!["no lead field, score or SLA is named `industry`".to_string()]
    );
    c.shutdown();
}

/// An import deleted (or renamed away) on disk is "cannot import" on the
/// import line, as `accord check` says; it used to read as an empty file,
/// shown only as its knock-on errors (every schema field unknown). Put
/// back, it is read again.
#[test]
fn an_import_deleted_on_disk_cannot_be_imported_until_it_is_back() {
    let capabilities =
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let mut c = Client::start_with(support::fixture_copy(), capabilities);
    let text = c.open("agreement.accord");
    assert!(messages(&c.diagnostics("agreement.accord")).is_empty());
    let schema = c.path("shared/schema.accord");
    let kept = std::fs::read_to_string(&schema).unwrap();
    std::fs::remove_file(&schema).unwrap();
    let uri = c.uri("shared/schema.accord");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri.as_str(), "type": 3}]}),
    );
    let published = c.diagnostics("agreement.accord");
    let missing: Vec<&serde_json::Value> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "accord::missing-import")
        .collect();
    assert_eq!(missing.len(), 1, "{published}");
    let message = missing[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("cannot import \"shared/schema.accord\""),
        "{message}"
    );
    let import = text.find("\"shared/schema.accord\"").unwrap();
    assert_eq!(
        missing[0]["range"]["start"],
        c.position(&text, import),
        "{published}"
    );
    std::fs::write(&schema, kept).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri.as_str(), "type": 1}]}),
    );
    assert!(messages(&c.diagnostics("agreement.accord")).is_empty());
    c.shutdown();
}

#[test]
fn an_error_in_an_import_not_open_shows_on_the_import_line() {
    let mut c = Client::start();
    let schema = c.path("shared/schema.accord");
    let fine = std::fs::read_to_string(&schema).unwrap();
    let broken = fine.replace("  lead_id is text", "  lead_id is txet");
    std::fs::write(&schema, &broken).unwrap();
    let text = c.open("agreement.accord");
    let published = c.diagnostics("agreement.accord");
    // The agreement's own errors are consequences (the schema's fields are
    // lost); the cause is shown on the import line.
    let first = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "accord::syntax::unknown-word")
        .unwrap_or_else(|| panic!("{published}"));
    let import = text.find("\"shared/schema.accord\"").unwrap();
    let end = import + "\"shared/schema.accord\"".len();
    assert_eq!(
        first["range"],
        json!({"start": c.position(&text, import), "end": c.position(&text, end)}),
        "{published}"
    );
    assert_eq!(first["severity"], 1);
    let message = first["message"].as_str().unwrap();
    assert!(message.starts_with("shared/schema.accord:4: "), "{message}");
    // Related information points at the error in the import itself.
    let related = &first["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], c.uri("shared/schema.accord").as_str());
    let txet = broken.find("txet").unwrap();
    assert_eq!(related["range"]["start"], c.position(&broken, txet));
    c.shutdown();
}
