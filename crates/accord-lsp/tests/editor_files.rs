//! The VS Code extension folder (`editors/vscode`) stays in step with the
//! language and the server: its JSON files parse, it starts `accord lsp`
//! for `.accord` files, and its TextMate grammar highlights every keyword
//! of `grammar/accord.pest`.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode")
}

fn json(name: &str) -> Value {
    let text = std::fs::read_to_string(folder().join(name)).expect("the file exists");
    serde_json::from_str(&text).expect("the file is JSON")
}

#[test]
fn the_extension_starts_accord_lsp_for_accord_files() {
    let package = json("package.json");
    let language = &package["contributes"]["languages"][0];
    assert_eq!(language["id"], "accord");
    assert_eq!(language["extensions"][0], ".accord");
    assert_eq!(
        package["contributes"]["grammars"][0]["scopeName"],
        "source.accord"
    );
    assert!(package["dependencies"]["vscode-languageclient"].is_string());
    let client = std::fs::read_to_string(folder().join("extension.js")).expect("extension.js");
    assert!(
        client.contains("args: [\"lsp\"]"),
        "the client runs `accord lsp`"
    );
    let config = json("language-configuration.json");
    assert_eq!(config["comments"]["lineComment"], "#");
}

#[test]
fn the_grammar_highlights_every_keyword_of_the_language() {
    let grammar = json("syntaxes/accord.tmLanguage.json");
    let patterns: Vec<String> = grammar["repository"]
        .as_object()
        .expect("a repository of patterns")
        .values()
        .filter_map(|p| p["match"].as_str().map(str::to_string))
        .collect();
    let pest = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../grammar/accord.pest"),
    )
    .expect("grammar/accord.pest");
    let keywords: Vec<&str> = pest
        .lines()
        .filter(|l| l.starts_with("kw_"))
        .filter_map(|l| l.split('"').nth(1))
        .collect();
    assert!(keywords.len() > 100, "keywords read from the grammar");
    let missing: Vec<&&str> = keywords
        .iter()
        .filter(|k| {
            !patterns.iter().any(|p| {
                p.split(['(', ')', '|'])
                    .any(|alt| alt.replace('\\', "") == **k)
            })
        })
        .collect();
    assert!(missing.is_empty(), "not highlighted: {missing:?}");
}
