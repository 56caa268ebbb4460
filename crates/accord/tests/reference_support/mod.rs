//! What the reference tests share: cutting Markdown into fenced examples,
//! and checking one example (with the example schema, in memory).
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;

use accord_check::Workspace;
use accord_syntax::diagnostic::{render, RenderOptions};
use accord_syntax::{docs, Diagnostic, Severity};

/// One fenced block of a Markdown page.
#[derive(Clone, Debug)]
pub struct Fence {
    /// The words after the opening backticks: `accord wrong`, `result`, …
    pub info: String,
    pub text: String,
}

impl Fence {
    /// The first word (the language).
    pub fn lang(&self) -> &str {
        self.info.split_whitespace().next().unwrap_or("")
    }
    /// Whether a word appears in the info string after the language.
    pub fn has(&self, word: &str) -> bool {
        self.info.split_whitespace().skip(1).any(|w| w == word)
    }
    /// The value of `key=value` in the info string.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.info
            .split_whitespace()
            .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
    }
}

/// Every fenced block of a page, in order.
pub fn fences(page: &str) -> Vec<Fence> {
    let mut out = Vec::new();
    let mut open: Option<Fence> = None;
    for line in page.lines() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Fence {
                    info: info.trim().to_string(),
                    text: String::new(),
                })
            }
            (Some(_), Some(_)) => out.extend(open.take()),
            (Some(f), None) => {
                f.text.push_str(line);
                f.text.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "a fence is never closed:\n{page}");
    out
}

/// The file name every example is checked under.
pub const EXAMPLE_FILE: &str = "example.accord";

/// The source an example is checked as: with the example schema imported
/// unless the fence says `alone`.
pub fn example_source(f: &Fence) -> String {
    if f.has("alone") {
        f.text.clone()
    } else {
        format!("import \"example-schema.accord\"\n\n{}", f.text)
    }
}

/// An example's diagnostics, with the workspace that checked it.
pub struct Checked {
    pub ws: Workspace,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn codes(&self) -> Vec<&str> {
        self.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }
    /// Why the example is not clean: an error, or a warning other than
    /// the ones allowed.
    pub fn not_clean(&self, allowed_warnings: &[&str]) -> Option<String> {
        let bad: Vec<String> = self
            .diagnostics
            .iter()
            .filter(|d| {
                d.severity == Severity::Error || !allowed_warnings.contains(&d.code.as_str())
            })
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        (!bad.is_empty()).then(|| bad.join("; "))
    }
    /// Every diagnostic rendered as people see it (80 columns, no colour).
    pub fn rendered(&self) -> String {
        let sources = self.ws.sources();
        self.diagnostics
            .iter()
            .map(|d| render(d, &sources, RenderOptions::default()))
            .collect()
    }
}

/// Checks one example in memory.
pub fn check_example(f: &Fence) -> Checked {
    let files: HashMap<String, String> = [
        (EXAMPLE_FILE.to_string(), example_source(f)),
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
    let id = ws
        .load(Path::new(EXAMPLE_FILE))
        .expect("the example is in memory");
    let diagnostics = ws.diagnostics(id);
    Checked { ws, diagnostics }
}

/// The lead every result in the reference starts from (the `# base lead:`
/// line of the example schema); a result's `lead` line changes fields of it.
pub fn base_lead() -> serde_json::Map<String, serde_json::Value> {
    let line = docs::EXAMPLE_SCHEMA
        .lines()
        .find_map(|l| l.strip_prefix("# base lead: "))
        .expect("the example schema gives a base lead");
    serde_json::from_str(line).expect("the base lead is a JSON object")
}

/// Evaluates the policy example `policy` on the lead of the `result` fence
/// and compares every `path: value` line with the row; returns what differs.
pub fn check_result(policy: &Fence, result: &Fence) -> Vec<String> {
    // The files only while the policy loads (removed on drop, also when
    // writing them fails).
    let dir = tempfile::Builder::new()
        .prefix("accord-reference-")
        .tempdir()
        .expect("temp dir");
    let file = dir.path().join(EXAMPLE_FILE);
    std::fs::write(&file, example_source(policy)).expect("write");
    std::fs::write(
        dir.path().join("example-schema.accord"),
        docs::EXAMPLE_SCHEMA,
    )
    .expect("write");
    let loaded = accord::Policy::load(&file);
    drop(dir);
    let loaded = match loaded {
        Ok(p) => p,
        Err(e) => return vec![format!("the policy does not load: {e}")],
    };
    let mut lead = base_lead();
    let mut as_of = None;
    let mut problems = Vec::new();
    let mut expected = Vec::new();
    for line in result.text.lines().filter(|l| !l.trim().is_empty()) {
        if let Some(t) = line.strip_prefix("as of ") {
            as_of = t.trim().parse::<chrono::DateTime<chrono::Utc>>().ok();
        } else if let Some(j) = line.strip_prefix("lead ") {
            match serde_json::from_str::<serde_json::Value>(j) {
                Ok(serde_json::Value::Object(m)) => lead.extend(m),
                _ => problems.push(format!("bad lead line: {line}")),
            }
        } else if let Some((path, value)) = line.split_once(": ") {
            match serde_json::from_str::<serde_json::Value>(value) {
                Ok(v) => expected.push((path.trim().to_string(), v)),
                Err(_) => problems.push(format!("bad expected value: {line}")),
            }
        } else {
            problems.push(format!("unreadable result line: {line}"));
        }
    }
    let Some(as_of) = as_of else {
        problems.push("a result needs `as of T`".into());
        return problems;
    };
    let row = loaded.evaluate_json(&serde_json::Value::Object(lead), 1, as_of, false);
    let row = serde_json::to_value(&row).expect("rows serialise");
    if !row
        .get("errors")
        .is_none_or(|e| e.as_array().is_none_or(|a| a.is_empty()))
    {
        problems.push(format!("the lead is an error row: {}", row["errors"]));
    }
    for (path, want) in expected {
        let got = path
            .split('.')
            .try_fold(&row, |v, key| v.get(key))
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        if got != want {
            problems.push(format!("{path}: shown {want}, evaluated {got}"));
        }
    }
    problems
}
