//! Every replacement a diagnostic offers (the quick fix an editor applies:
//! `>=` → `is at least`, a misspelt name → the closest declared one, …)
//! fixes what it says: applied to the text, the re-checked file no longer
//! has that diagnostic there. Run over the malformed corpus
//! (`tests/malformed/`) and every wrong example of the diagnostic-code
//! pages (`grammar/docs/codes/`), plus one misspelling of each kind of
//! name the checker suggests.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use accord_check::Workspace;
use accord_syntax::{docs, Diagnostic};

const FILE: &str = "example.accord";

fn check(text: &str) -> Vec<Diagnostic> {
    let files: HashMap<String, String> = [
        (FILE.to_string(), text.to_string()),
        (
            "example-schema.accord".to_string(),
            docs::EXAMPLE_SCHEMA.to_string(),
        ),
    ]
    .into_iter()
    .collect();
    let mut ws = Workspace::with_reader(move |p: &Path| {
        files
            .get(&p.to_string_lossy().to_string())
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    });
    let id = ws.load(Path::new(FILE)).expect("in memory");
    let file_id = id.entry().file_id(ws.db());
    ws.diagnostics(id)
        .into_iter()
        .filter(|d| d.span.file == file_id)
        .collect()
}

/// The sources: (name, text).
fn sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/malformed");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("the malformed corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "accord"))
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).expect("readable");
        out.push((
            p.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            text,
        ));
    }
    for page in docs::code_pages() {
        let mut open: Option<(String, String)> = None;
        for line in page.text.lines() {
            match (&mut open, line.strip_prefix("```")) {
                (None, Some(info)) => open = Some((info.trim().to_string(), String::new())),
                (Some((info, text)), Some(_)) => {
                    let words: Vec<&str> = info.split_whitespace().collect();
                    if words.first() == Some(&"accord") && words.contains(&"wrong") {
                        let text = if words.contains(&"alone") {
                            text.clone()
                        } else {
                            format!("import \"example-schema.accord\"\n{text}")
                        };
                        out.push((page.code.to_string(), text));
                    }
                    open = None;
                }
                (Some((_, text)), None) => {
                    text.push_str(line);
                    text.push('\n');
                }
                (None, None) => {}
            }
        }
    }
    let misspelt = [
        ("field", "fit f:\n  employes is at least 20\n"),
        ("list", "fit f:\n  industry is in target_industry\n"),
        (
            "definition",
            "fit f:\n  employees is at least 20\nmql \"M\" when ff\n",
        ),
        ("choice", "fit f:\n  segment is \"mid_market\"\n"),
    ];
    for (what, text) in misspelt {
        out.push((
            format!("misspelt {what}"),
            format!("import \"example-schema.accord\"\n{text}"),
        ));
    }
    // Everyday words for a value the checker reads as what they mean.
    let everyday = [
        (
            "no value",
            "fit f:\n  industry is not empty\n  employees is null\n  routed_at is not set\n",
        ),
        (
            "yes/no",
            "fit f:\n  phone_verified is true\n  competitor_contract is 0\n",
        ),
        (
            "a number",
            "fit f:\n  employees is at least twenty\n  recycle_count is between one and three\n  employees is not twelve\n",
        ),
        (
            "values joined by `or`",
            "fit f:\n  title_level is VP or Director\n  industry is SaaS or Fintech or Retail\n",
        ),
        (
            "no exclusion holding",
            "fit f:\n  employees is at least 20\nmql \"M\" when f and not excluded\n",
        ),
    ];
    for (what, text) in everyday {
        out.push((
            format!("everyday words for {what}"),
            format!("import \"example-schema.accord\"\n{text}"),
        ));
    }
    out
}

#[test]
fn every_replacement_fixes_its_diagnostic() {
    let mut failures = Vec::new();
    let mut fixed_codes = BTreeSet::new();
    for (name, text) in sources() {
        for d in check(&text) {
            let Some(replacement) = &d.replacement else {
                continue;
            };
            let mut fixed = text.clone();
            fixed.replace_range(d.span.range(), replacement);
            let again = check(&fixed);
            let start = d.span.start;
            if again
                .iter()
                .any(|a| a.code == d.code && a.span.start == start)
            {
                failures.push(format!(
                    "{name}: replacing `{}` with `{replacement}` leaves {} there",
                    &text[d.span.range()],
                    d.code
                ));
            }
            fixed_codes.insert(d.code.clone());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The test is about something: these all offer a fix.
    for code in [
        "accord::syntax::comparison-symbol",
        "accord::syntax::missing-colon",
        "accord::syntax::unknown-word",
        "accord::syntax::percent-missing",
        "accord::syntax::wrong-quotes",
        "accord::syntax::hyphen-in-name",
        "accord::unknown-field",
        "accord::unknown-list",
        "accord::unknown-definition",
        "accord::unknown-choice",
        "accord::unknown-event-kind",
    ] {
        assert!(
            fixed_codes.contains(code),
            "no replacement seen for {code}: {fixed_codes:?}"
        );
    }
}
