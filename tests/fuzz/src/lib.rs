//! What the fuzz targets share: grammar-aware policy text built from token
//! sequences (the keywords come from `grammar/accord.pest` itself, so the
//! generator follows the grammar as it changes), the seed policies loaded
//! in memory, and the rendering every diagnostic goes through.

use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::OnceLock;

use accord_check::Workspace;
use accord_eval::CompiledPolicy;
use accord_records::{RecordDecoder, Schema};
use accord_syntax::diagnostic::{render, RenderOptions};
use accord_syntax::{Diagnostic, JsonDiagnostic, SourceMap};
use arbitrary::Arbitrary;

/// Every literal word and symbol of the grammar.
pub fn grammar_words() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let grammar = include_str!("../../../grammar/accord.pest");
        let mut words: Vec<String> = grammar
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|w| !w.is_empty() && !w.contains('\\') && w.len() < 24)
            .map(String::from)
            .collect();
        words.sort();
        words.dedup();
        words
    })
}

/// Names a policy may use: the seed schema's fields and streams, and a few
/// definition names that the generated text both declares and uses.
const NAMES: &[&str] = &[
    "employees",
    "industry",
    "email",
    "title_level",
    "status",
    "country",
    "segment",
    "phone_verified",
    "time_zone",
    "routed_at",
    "accepted_at",
    "created_at",
    "mql_at",
    "rejected_at",
    "rejection_reason",
    "recycle_count",
    "map_score",
    "activities",
    "activity",
    "attempts",
    "attempt",
    "kind",
    "channel",
    "page",
    "outcome",
    "at",
    "big",
    "icp",
    "fit_score",
    "hot",
    "sales_hours",
    "free_domains",
    "lead_id",
    "x",
];

/// Text pieces: quoted strings, numbers with units, dates, times, zones.
const PIECES: &[&str] = &[
    "\"Big\"",
    "\"VP\"",
    "\"gmail.com\"",
    "\"demo_request\"",
    "\"page_view\"",
    "\"phone\"",
    "\"America/Chicago\"",
    "\"Europe/Berlin\"",
    "\"pricing\"",
    "\"\"",
    "\"2026-11-01\"",
    "2026-11-01",
    "2026-02-29",
    "08:00",
    "18:00",
    "24:00",
    "00:00",
    "10",
    "0",
    "-1",
    "100",
    "40%",
    "101%",
    "0.5",
    "1e308",
    "99999999999999999999",
    "3 days",
    "2 business hours",
    "15 minutes",
    "\"unterminated",
    "#",
    "# comment",
    "'single'",
    "≥",
    ">=",
    "\t",
    "\u{feff}",
];

/// One token of generated policy text.
#[derive(Arbitrary, Debug)]
pub enum Token {
    Word(u16),
    Name(u8),
    Piece(u8),
    Number(i64),
    Float(f64),
    Newline,
    /// A new line indented by 2 × (n % 4) spaces.
    Indent(u8),
    Colon,
    Comma,
}

/// Policy text from a token sequence: grammar words, names and pieces
/// separated by spaces, with line breaks and indentation.
pub fn text_of(tokens: &[Token]) -> String {
    let words = grammar_words();
    let mut out = String::new();
    for t in tokens {
        match t {
            Token::Word(i) => {
                if let Some(w) = words.get(*i as usize % words.len().max(1)) {
                    out.push(' ');
                    out.push_str(w);
                }
            }
            Token::Name(i) => {
                out.push(' ');
                out.push_str(NAMES[*i as usize % NAMES.len()]);
            }
            Token::Piece(i) => {
                out.push(' ');
                out.push_str(PIECES[*i as usize % PIECES.len()]);
            }
            Token::Number(n) => out.push_str(&format!(" {n}")),
            Token::Float(f) => out.push_str(&format!(" {f}")),
            Token::Newline => out.push('\n'),
            Token::Indent(n) => {
                out.push('\n');
                out.push_str(&"  ".repeat(*n as usize % 4));
            }
            Token::Colon => out.push(':'),
            Token::Comma => out.push(','),
        }
    }
    out.push('\n');
    out
}

/// How many diagnostics of one input are drawn as text (the first ones and
/// the last); the rest only as JSON.
pub const DRAWN: usize = 8;

/// Renders diagnostics as people and tools see them, so that spans and
/// labels are exercised too: every one as JSON, the first [`DRAWN`] and the
/// last as text at two widths. Drawing is the costly part (miette lays out
/// every label), and garbage input gives hundreds of diagnostics: drawing
/// them all made `parse_bytes` run at about 100 inputs a second. What a
/// diagnostic's drawing depends on (its spans, labels and the lines around
/// them) varies between inputs, not between the diagnostics of one input,
/// so the sample loses little coverage.
pub fn render_all(diagnostics: &[Diagnostic], sources: &SourceMap) {
    for (i, d) in diagnostics.iter().enumerate() {
        let _ = serde_json::to_string(&JsonDiagnostic::new(d, sources));
        if i >= DRAWN && i + 1 != diagnostics.len() {
            continue;
        }
        for width in [40, 100] {
            let _ = render(
                d,
                sources,
                RenderOptions {
                    color: false,
                    width,
                },
            );
        }
    }
}

/// An in-memory workspace over `files` (path → text).
pub fn workspace(files: HashMap<String, String>) -> Workspace {
    Workspace::with_reader(move |p: &Path| {
        files
            .get(p.to_string_lossy().as_ref())
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    })
}

/// The files of `policies/` (and `policies/shared/`), by path from the
/// repository root, read from disk once: the set follows the bundled
/// policies as files are added (a fixed list missed `shared/mql.accord`
/// when it appeared, and the `eval` target stopped at its first input).
pub fn seed_files() -> HashMap<String, String> {
    static FILES: OnceLock<HashMap<String, String>> = OnceLock::new();
    FILES
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
            let mut files = HashMap::new();
            for dir in ["policies", "policies/shared"] {
                let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if !name.ends_with(".accord") {
                        continue;
                    }
                    if let Ok(text) = std::fs::read_to_string(entry.path()) {
                        files.insert(format!("{dir}/{name}"), text);
                    }
                }
            }
            files
        })
        .clone()
}

/// The seed policies, checked and compiled once, with their decoders.
pub fn seed_policies() -> &'static [(CompiledPolicy, RecordDecoder)] {
    static POLICIES: OnceLock<Vec<(CompiledPolicy, RecordDecoder)>> = OnceLock::new();
    POLICIES.get_or_init(|| {
        let mut out = Vec::new();
        let mut entries: Vec<String> = seed_files()
            .into_keys()
            .filter(|p| !p.contains("/shared/"))
            .collect();
        entries.sort();
        for entry in entries {
            let mut ws = workspace(seed_files());
            let Ok(id) = ws.load(Path::new(&entry)) else {
                continue;
            };
            if ws.diagnostics(id).iter().any(Diagnostic::is_error) {
                continue;
            }
            let r = ws.resolved(id);
            if let Ok(c) = accord_eval::compile(&r.files, &r.schema, &r.sources) {
                out.push((c, RecordDecoder::new(&r.schema)));
            }
        }
        assert!(out.len() >= 5, "the seed policies load");
        out
    })
}

/// The seed schema (`policies/shared/schema.accord`).
pub fn seed_schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut ws = workspace(seed_files());
        let id = ws.load(Path::new("policies/shared/schema.accord"));
        match id {
            Ok(id) => ws.resolved(id).schema,
            Err(_) => Schema::default(),
        }
    })
}
