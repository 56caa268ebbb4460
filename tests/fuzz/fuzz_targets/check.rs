//! The checker on several files that import each other (in memory): each
//! file is grammar-aware text, optionally after the seed schema so that
//! names resolve, with imports chosen among the set's files, a file outside
//! the root and a file that is not a policy. Never panics; every
//! diagnostic renders; a set without errors compiles without panicking,
//! and then evaluates the bundled edge-case leads without panicking.
#![no_main]

use std::collections::HashMap;
use std::path::Path;

use accord_fuzz::{text_of, Token};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

const PATHS: [&str; 5] = [
    "p/main.accord",
    "p/shared/a.accord",
    "p/b.accord",
    "outside.accord",
    "p/notes.txt",
];

/// How an import is written, for a target file.
const SPELLINGS: [&str; 4] = ["", "./", "shared/../", "../p/"];

#[derive(Arbitrary, Debug)]
struct File {
    with_schema: bool,
    /// (target index, spelling index)
    imports: Vec<(u8, u8)>,
    tokens: Vec<Token>,
}

fuzz_target!(|files: Vec<File>| {
    let schema = include_str!("../../../policies/shared/schema.accord");
    let mut map: HashMap<String, String> = HashMap::new();
    for (i, f) in files.iter().take(PATHS.len()).enumerate() {
        let mut text = String::new();
        for (t, s) in f.imports.iter().take(6) {
            let target = PATHS[*t as usize % PATHS.len()];
            let name = target.strip_prefix("p/").unwrap_or(target);
            let spelling = SPELLINGS[*s as usize % SPELLINGS.len()];
            // Written relative to p/ (shared/a.accord climbs back up).
            let rel = if PATHS[i].starts_with("p/shared/") {
                format!("../{spelling}{name}")
            } else {
                format!("{spelling}{name}")
            };
            text.push_str(&format!("import \"{rel}\"\n"));
        }
        if f.with_schema {
            text.push_str(schema);
        }
        text.push_str(&accord_fuzz::text_of(&f.tokens));
        map.insert(PATHS[i].to_string(), text);
    }
    if map.is_empty() {
        return;
    }
    let mut ws = accord_fuzz::workspace(map);
    let Ok(id) = ws.load(Path::new("p/main.accord")) else {
        return;
    };
    let diagnostics = ws.diagnostics(id);
    let resolved = ws.resolved(id);
    accord_fuzz::render_all(&diagnostics, &resolved.sources);
    if diagnostics.iter().any(accord_syntax::Diagnostic::is_error) {
        return;
    }
    let Ok(policy) = accord_eval::compile(&resolved.files, &resolved.schema, &resolved.sources)
    else {
        return;
    };
    let decoder = accord_records::RecordDecoder::new(&resolved.schema);
    let leads = include_str!("../../../examples/edge-cases/leads.ndjson");
    let as_of = chrono::DateTime::parse_from_rfc3339("2026-11-20T15:00:00Z")
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    for (i, line) in leads.lines().take(4).enumerate() {
        if let Ok(lead) = decoder.decode_json(line.as_bytes(), i + 1, Some(i + 1)) {
            let _ = policy.evaluate(&lead, as_of, true);
        }
    }
    let _ = text_of(&[]);
});
