//! Editing help over the protocol: completion at several places, quick
//! fixes applied (and the diagnostics they fix clearing), the outline,
//! folding and formatting. Snapshots of the responses.

mod support;

use serde_json::{json, Value};
use support::{messages, Client};

/// Labels and details of a completion answer, one per line.
fn labels(items: &Value) -> String {
    let mut lines: Vec<String> = items
        .as_array()
        .expect("a list of items")
        .iter()
        .map(|i| {
            let detail = i["detail"].as_str().unwrap_or("");
            format!("{} | {}", i["label"].as_str().unwrap_or(""), detail)
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

#[test]
fn completion_offers_what_may_be_written_where_the_cursor_is() {
    let mut c = Client::start();
    let base = std::fs::read_to_string(c.path("agreement.accord")).expect("fixture");
    // Each case: a line added at the end of the agreement (the cursor at
    // its end), and what must be offered.
    let cases = [
        ("column_0", "tr", "trigger"),
        ("list", "fit f:\n  industry is in tar", "target_industries"),
        (
            "calendar",
            "sla s:\n  from routed_at to mql_at, counted in ",
            "sales_hours",
        ),
        (
            "event_kind",
            "fit f:\n  there is an activity \"de",
            "demo_request",
        ),
        (
            "attempt_channel",
            "fit f:\n  at least 2 attempts by \"",
            "phone",
        ),
        ("choice_after_is", "fit f:\n  segment is ", "\"mid-market\""),
        (
            "event_filter",
            "fit f:\n  there is an activity \"page_view\" where pa",
            "page",
        ),
        ("condition", "fit f:\n  ", "employees"),
        ("sla_line", "sla s:\n  ", "applies when"),
        ("tiers_line", "tiers:\n  ", "tier"),
        ("after_tier_number", "tiers:\n  tier 3 ", "otherwise"),
        ("breach_metric", "breach b:\n  ", "mql_volume"),
    ];
    c.open_text("agreement.accord", &base);
    c.diagnostics("agreement.accord");
    let mut version = 1;
    for (name, line, must) in cases {
        let text = format!("{base}\n{line}");
        version += 1;
        c.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": c.uri("agreement.accord").as_str(), "version": version},
                "contentChanges": [{"text": text}],
            }),
        );
        let at = serde_json::from_value(c.position(&text, text.len())).expect("position");
        let items = c.request("textDocument/completion", c.at("agreement.accord", at));
        let shown = labels(&items);
        assert!(
            shown.lines().any(|l| l.starts_with(&format!("{must} |"))),
            "{name}: `{must}` not offered:\n{shown}"
        );
        insta::assert_snapshot!(format!("completion_{name}"), shown);
    }
    c.shutdown();
}

#[test]
fn completion_offers_nothing_inside_a_comment() {
    let mut c = Client::start();
    let base = std::fs::read_to_string(c.path("agreement.accord")).expect("fixture");
    for line in [
        "# a note about ",
        "fit f:\n  # employees is ",
        "fit f:\n  employees is at least 20 # when \"de",
        "fit f:\n  industry is \"a # b\" # then ",
    ] {
        let text = format!("{base}\n{line}");
        c.open_text("agreement.accord", &text);
        c.diagnostics("agreement.accord");
        let at = serde_json::from_value(c.position(&text, text.len())).expect("position");
        let items = c.request("textDocument/completion", c.at("agreement.accord", at));
        assert_eq!(items, json!([]), "{line:?}");
    }
    // A `#` inside quotes starts no comment.
    let text = format!("{base}\nfit f:\n  industry is \"a # b\" and ");
    c.open_text("agreement.accord", &text);
    c.diagnostics("agreement.accord");
    let at = serde_json::from_value(c.position(&text, text.len())).expect("position");
    let items = c.request("textDocument/completion", c.at("agreement.accord", at));
    assert!(labels(&items).contains("employees |"), "{items}");
    c.shutdown();
}

/// Applies a workspace edit's text edits to `text` (one document, edits
/// in reverse order of position so offsets stay right).
fn apply(c: &Client, text: &str, edit: &Value) -> String {
    let changes = &edit["documentChanges"][0]["edits"];
    let mut edits: Vec<(usize, usize, String)> = changes
        .as_array()
        .expect("edits")
        .iter()
        .map(|e| {
            let offset = |p: &Value| offset_of(text, p);
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    let _ = c;
    out
}

/// The byte offset of an LSP position (UTF-16 columns), computed here.
fn offset_of(text: &str, p: &Value) -> usize {
    let line = p["line"].as_u64().unwrap_or(0) as usize;
    let character = p["character"].as_u64().unwrap_or(0) as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, ch) in text[start..].char_indices() {
        if units >= character || ch == '\n' {
            return start + i;
        }
        units += ch.len_utf16();
    }
    text.len()
}

#[test]
fn a_quick_fix_applied_clears_its_diagnostic() {
    let mut c = Client::start();
    let base = std::fs::read_to_string(c.path("agreement.accord")).expect("fixture");
    for (name, wrong, right) in [
        ("comparison", "employees is at least 20", "employees >= 20"),
        (
            "misspelt_field",
            "when segment is \"smb\"",
            "when segmnt is \"smb\"",
        ),
        (
            "misspelt_kind",
            "+40 when there is an activity \"demo_request\"",
            "+40 when there is an activity \"demo_requst\"",
        ),
        (
            "misspelt_list",
            "is in target_industries",
            "is in target_industry",
        ),
    ] {
        let text = base.replacen(wrong, right, 1);
        assert_ne!(text, base, "{name}");
        c.open_text("agreement.accord", &text);
        let published = c.diagnostics("agreement.accord");
        // One error (a misspelt list also leaves the list unused: a warning).
        let errors: Vec<&Value> = published["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["severity"] == 1)
            .collect();
        assert_eq!(errors.len(), 1, "{name}: {published}");
        let diagnostic = errors[0];
        let params = json!({
            "textDocument": {"uri": c.uri("agreement.accord").as_str()},
            "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]},
        });
        let actions = c.request("textDocument/codeAction", params);
        insta::assert_json_snapshot!(format!("quick_fix_{name}"), c.redact(&actions));
        let fixed = apply(&c, &text, &actions[0]["edit"]);
        assert_eq!(fixed, base, "{name}: the fix gives back the original");
        c.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": c.uri("agreement.accord").as_str(), "version": 2},
                "contentChanges": [{"text": fixed}],
            }),
        );
        assert!(
            messages(&c.diagnostics("agreement.accord")).is_empty(),
            "{name}"
        );
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": c.uri("agreement.accord").as_str()}}),
        );
        c.diagnostics("agreement.accord");
    }
    c.shutdown();
}

#[test]
fn the_outline_folding_and_formatting() {
    let mut c = Client::start();
    let text = c.open("agreement.accord");
    c.diagnostics("agreement.accord");
    let doc = json!({"textDocument": {"uri": c.uri("agreement.accord").as_str()}});
    let symbols = c.request("textDocument/documentSymbol", doc.clone());
    insta::assert_json_snapshot!("outline", outline(&symbols));
    let folds = c.request("textDocument/foldingRange", doc.clone());
    insta::assert_json_snapshot!("folding", folds);

    // Laid out already: nothing to change.
    let mut params = doc.clone();
    params["options"] = json!({"tabSize": 2, "insertSpaces": true});
    assert_eq!(
        c.request("textDocument/formatting", params.clone()),
        json!([])
    );
    // A messy layout is laid out as `accord fmt` does.
    let messy = text.replace("fit icp \"Minimum", "fit   icp    \"Minimum");
    c.open_text("agreement.accord", &messy);
    c.diagnostics("agreement.accord");
    let edits = c.request("textDocument/formatting", params.clone());
    insta::assert_json_snapshot!("formatting", edits);
    let edit = json!({"documentChanges": [{"edits": edits}]});
    assert_eq!(apply(&c, &messy, &edit), text);
    // A document that does not parse is left alone.
    c.open_text("agreement.accord", &text.replace("is at least 20", ">= 20"));
    c.diagnostics("agreement.accord");
    assert_eq!(c.request("textDocument/formatting", params), json!(null));
    c.shutdown();
}

#[test]
fn formatting_keeps_a_crlf_document_s_line_endings() {
    let mut c = Client::start();
    let text = std::fs::read_to_string(c.path("agreement.accord")).expect("fixture");
    let crlf = text.replace('\n', "\r\n");
    c.open_text("agreement.accord", &crlf);
    c.diagnostics("agreement.accord");
    let params = json!({
        "textDocument": {"uri": c.uri("agreement.accord").as_str()},
        "options": {"tabSize": 2, "insertSpaces": true},
    });
    // Laid out already: nothing to change (not every line's ending).
    assert_eq!(
        c.request("textDocument/formatting", params.clone()),
        json!([])
    );
    let messy = crlf.replace("fit icp \"Minimum", "fit   icp    \"Minimum");
    c.open_text("agreement.accord", &messy);
    c.diagnostics("agreement.accord");
    let edits = c.request("textDocument/formatting", params);
    let edit = json!({"documentChanges": [{"edits": edits}]});
    assert_eq!(apply(&c, &messy, &edit), crlf);
    c.shutdown();
}

/// The outline as `name (detail)` lines indented by depth.
fn outline(symbols: &Value) -> Vec<String> {
    fn walk(s: &Value, depth: usize, out: &mut Vec<String>) {
        for s in s.as_array().into_iter().flatten() {
            let detail = s["detail"]
                .as_str()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            let line = s["range"]["start"]["line"].as_u64().unwrap_or(0) + 1;
            out.push(format!(
                "{}{}{detail} :{line}",
                "  ".repeat(depth),
                s["name"].as_str().unwrap_or("")
            ));
            walk(&s["children"], depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(symbols, 0, &mut out);
    out
}
