//! Whatever the editor sends, the server answers and goes on: every
//! prefix of a policy as it is typed (with requests at the cursor),
//! binary and control characters, a document past the size limit, and an
//! import that exists only as an unsaved editor buffer.

mod support;

use serde_json::{json, Value};
use support::{messages, Client};

/// A response that is not an internal error (a panic caught by the guard
/// shows up as one).
fn answered(method: &str, response: &Value) {
    assert!(
        response.get("error").is_none(),
        "{method} failed: {response}"
    );
}

#[test]
fn every_prefix_of_a_policy_being_typed_is_answered() {
    let mut c = Client::start();
    let full = std::fs::read_to_string(c.path("agreement.accord")).expect("fixture");
    c.open_text("agreement.accord", "");
    c.diagnostics("agreement.accord");
    let uri = c.uri("agreement.accord");
    let ends: Vec<usize> = full
        .char_indices()
        .map(|(i, _)| i)
        .step_by(11)
        .chain([full.len()])
        .collect();
    for (version, end) in ends.into_iter().enumerate() {
        let text = &full[..end];
        c.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri.as_str(), "version": version + 2},
                "contentChanges": [{"text": text}],
            }),
        );
        c.diagnostics("agreement.accord");
        let at = c.position(text, text.len());
        let here = json!({"textDocument": {"uri": uri.as_str()}, "position": at});
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
        ] {
            let r = c.request(method, here.clone());
            answered(method, &r);
        }
        let mut refs = here.clone();
        refs["context"] = json!({"includeDeclaration": true});
        answered("references", &c.request("textDocument/references", refs));
        let doc = json!({"textDocument": {"uri": uri.as_str()}});
        answered(
            "symbols",
            &c.request("textDocument/documentSymbol", doc.clone()),
        );
        let mut actions = doc.clone();
        actions["range"] = json!({"start": {"line": 0, "character": 0}, "end": at});
        actions["context"] = json!({"diagnostics": []});
        answered("codeAction", &c.request("textDocument/codeAction", actions));
    }
    c.shutdown();
}

#[test]
fn binary_text_and_positions_outside_the_text_are_answered() {
    let mut c = Client::start();
    let binary: String = (0u32..2000)
        .filter_map(|i| char::from_u32((i * 7919) % 0x11000))
        .collect();
    c.open_text(
        "agreement.accord",
        &format!("fit a:\n  \u{0}{binary}\n\u{feff}\r\r\n"),
    );
    let published = c.diagnostics("agreement.accord");
    assert!(!messages(&published).is_empty());
    let uri = c.uri("agreement.accord");
    for (line, character) in [(0, 0), (1, 3), (1, 99999), (99, 0), (u32::MAX, u32::MAX)] {
        let here = json!({"textDocument": {"uri": uri.as_str()}, "position": {"line": line, "character": character}});
        answered("hover", &c.request("textDocument/hover", here.clone()));
        answered("completion", &c.request("textDocument/completion", here));
    }
    // A range edit past the end of the text is applied at the end.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri.as_str(), "version": 2},
            "contentChanges": [{"range": {"start": {"line": 500, "character": 0}, "end": {"line": 900, "character": 4}}, "text": "x"}],
        }),
    );
    c.diagnostics("agreement.accord");
    // Requests about documents the server does not know.
    let unknown = json!({"textDocument": {"uri": "file:///nowhere/x.accord"}, "position": {"line": 0, "character": 0}});
    assert_eq!(c.request("textDocument/hover", unknown), Value::Null);
    // Unknown methods and malformed parameters are errors, not crashes.
    let r = c.request("accord/nothing", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let r = c.request("textDocument/hover", json!({"what": 1}));
    assert_eq!(r["error"]["code"], -32602);
    c.shutdown();
}

#[test]
fn a_document_past_the_size_limit_gets_one_diagnostic() {
    let mut c = Client::start();
    let line = "list l \"x\": \"a\"\n";
    let huge = line.repeat((5 << 20) / line.len());
    c.open_text("agreement.accord", &huge);
    let published = c.diagnostics("agreement.accord");
    insta::assert_json_snapshot!("too_large", c.redact(&published));
    c.shutdown();
}

/// An imported document past the limit is "cannot import" for its
/// importer, not an empty file (whose loss showed as knock-on errors).
#[test]
fn an_import_past_the_size_limit_cannot_be_imported() {
    let mut c = Client::start();
    c.open("agreement.accord");
    assert!(support::messages(&c.diagnostics("agreement.accord")).is_empty());
    let line = "# a comment line, repeated\n";
    c.open_text("shared/schema.accord", &line.repeat((5 << 20) / line.len()));
    let published = c.diagnostics("agreement.accord");
    let codes: Vec<&Value> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["code"])
        .collect();
    assert!(
        codes.contains(&&json!("accord::missing-import")),
        "{published}"
    );
    let message = support::messages(&published).join("\n");
    assert!(message.contains("larger than 4 MiB"), "{message}");
    c.shutdown();
}

#[test]
fn an_import_that_exists_only_in_the_editor_is_read_from_it() {
    let mut c = Client::start();
    let text = std::fs::read_to_string(c.path("agreement.accord"))
        .expect("fixture")
        .replace(
            "import \"shared/schema.accord\"",
            "import \"shared/schema.accord\"\nimport \"extra.accord\"",
        )
        .replace(
            "industry is in target_industries",
            "industry is in target_industries\n  industry is not in extra_industries",
        );
    c.open_text("agreement.accord", &text);
    let missing = c.diagnostics("agreement.accord");
    assert!(
        messages(&missing)
            .iter()
            .any(|m| m.contains("extra.accord")),
        "{missing}"
    );
    // The editor creates the file without saving it.
    c.open_text(
        "extra.accord",
        "list extra_industries \"More\": \"Fintech\"\n",
    );
    c.diagnostics("extra.accord");
    let now = c.diagnostics("agreement.accord");
    assert!(messages(&now).is_empty(), "{now}");
    // Closed without saving: it is gone again.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": c.uri("extra.accord").as_str()}}),
    );
    c.diagnostics("extra.accord");
    let again = c.diagnostics("agreement.accord");
    assert!(!messages(&again).is_empty(), "{again}");
    c.shutdown();
}
