//! Diagnostics shared by every stage: plain data (code, severity, message,
//! labelled spans, help), rendered with miette for people and as JSON for
//! tools. Stages produce [`Diagnostic`]s; only the edge (CLI, tests) renders.

use crate::span::{SourceMap, Span};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A secondary label: another span worth pointing at ("first declared here").
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Related {
    pub span: Span,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `accord::syntax`, `accord::unknown-field`.
    pub code: String,
    pub severity: Severity,
    /// One sentence, in the reader's words.
    pub message: String,
    /// The exact offending text.
    pub span: Span,
    /// Short text shown under the span.
    pub label: String,
    /// How to fix it, in words a RevOps person understands.
    pub help: Option<String>,
    pub related: Vec<Related>,
    /// When the fix has one right answer: the text that replaces the
    /// labelled span (`is at least` for `>=`, the closest declared name for
    /// a misspelt one). Editors offer it as a quick fix (`accord lsp`).
    pub replacement: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.to_string(),
            severity: Severity::Error,
            message: message.into(),
            span,
            label: String::new(),
            help: None,
            related: Vec::new(),
            replacement: None,
        }
    }
    pub fn warning(code: &str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    /// The text that replaces the labelled span (see [`Diagnostic::replacement`]).
    pub fn with_replacement(mut self, text: impl Into<String>) -> Self {
        self.replacement = Some(text.into());
        self
    }
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            label: label.into(),
        });
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The JSON form of one diagnostic (documented in README.md, "JSON diagnostics").
#[derive(Clone, Debug, Serialize)]
pub struct JsonDiagnostic {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// Byte offsets `[start, end)` in the file.
    pub span: [u32; 2],
    pub label: String,
    pub help: Option<String>,
}

impl JsonDiagnostic {
    pub fn new(d: &Diagnostic, sources: &SourceMap) -> Self {
        let (file, (line, column), (end_line, end_column)) = match sources.get(d.span.file) {
            Some(f) => (
                f.path.clone(),
                f.line_col(d.span.start as usize),
                f.line_col(d.span.end as usize),
            ),
            None => (String::from("<unknown>"), (0, 0), (0, 0)),
        };
        JsonDiagnostic {
            code: d.code.clone(),
            severity: d.severity,
            message: d.message.clone(),
            file,
            line,
            column,
            end_line,
            end_column,
            span: [d.span.start, d.span.end],
            label: d.label.clone(),
            help: d.help.clone(),
        }
    }
}

/// How to draw diagnostics for people.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    pub color: bool,
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 80,
        }
    }
}

/// Renders one diagnostic the way `rustc` does: `file:line:col`, the source
/// line, a label under the exact span, the help line, and — when the code
/// has a page in the reference — where to read more
/// (`for more: accord docs accord::type-mismatch`).
pub fn render(d: &Diagnostic, sources: &SourceMap, opts: RenderOptions) -> String {
    let mut out = render_report(d, sources, opts);
    if crate::docs::code_page(&d.code).is_some() {
        out.push_str(&format!("  for more: accord docs {}\n", d.code));
    }
    out
}

/// The diagnostic itself, as miette draws it.
fn render_report(d: &Diagnostic, sources: &SourceMap, opts: RenderOptions) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic};
    let Some(file) = sources.get(d.span.file) else {
        return format!("{}: {}\n", severity_word(d.severity), d.message);
    };
    // miette cannot draw a snippet whose line is very long (it panics past
    // 65,535 columns, and a 10,000-character line helps nobody): quote an
    // excerpt around the span instead.
    let spans = std::iter::once(d.span).chain(d.related.iter().map(|r| r.span));
    if spans
        .filter(|s| s.file == d.span.file)
        .any(|s| longest_line_at(&file.text, s.range()) > LONG_LINE)
    {
        return render_long_line(d, sources);
    }
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        (!d.label.is_empty()).then(|| d.label.clone()),
        d.span.range(),
    )];
    for r in d.related.iter().filter(|r| r.span.file == d.span.file) {
        labels.push(LabeledSpan::new_with_span(
            Some(r.label.clone()),
            r.span.range(),
        ));
    }
    let mut diag = MietteDiagnostic::new(d.message.clone())
        .with_code(d.code.clone())
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_labels(labels);
    if let Some(help) = &d.help {
        diag = diag.with_help(help.clone());
    }
    let report = WithSource {
        diag: &diag,
        source: crate::excerpt::Excerpts { file },
    };
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .without_syntax_highlighting()
        .with_links(false);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}: {}\n", severity_word(d.severity), d.message);
    }
    // miette's `[file:line:column]` counts the column in bytes; say it in
    // characters, as the JSON form and editors do.
    let start = d.span.start as usize;
    let (line, column) = file.line_col(start);
    let line_start = file
        .text
        .get(..start)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1);
    let byte_column = start.saturating_sub(line_start) + 1;
    if byte_column != column {
        let from = format!("[{}:{line}:{byte_column}]", file.path);
        let to = format!("[{}:{line}:{column}]", file.path);
        out = out.replacen(&from, &to, 1);
    }
    // Related spans in other files get a plain pointer line each.
    for r in d.related.iter().filter(|r| r.span.file != d.span.file) {
        if let Some(f) = sources.get(r.span.file) {
            let (l, c) = f.line_col(r.span.start as usize);
            out.push_str(&format!("  note: {} ({}:{}:{})\n", r.label, f.path, l, c));
        }
    }
    out
}

/// A diagnostic and the file it points into, borrowed for one rendering.
#[derive(Debug)]
struct WithSource<'a> {
    diag: &'a miette::MietteDiagnostic,
    source: crate::excerpt::Excerpts<'a>,
}

impl std::fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.diag.fmt(f)
    }
}

impl std::error::Error for WithSource<'_> {}

impl miette::Diagnostic for WithSource<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.diag.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.diag.severity()
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.diag.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.diag.labels()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
}

/// An I/O error in words a person reads, without the operating system's
/// number ("No such file or directory (os error 2)" → "no such file").
pub fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "no such file".into(),
        K::PermissionDenied => "permission denied".into(),
        K::IsADirectory => "it is a directory, not a file".into(),
        K::InvalidData => "it is not text (UTF-8)".into(),
        K::UnexpectedEof => "it ends too early".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text.get(..i).unwrap_or(&text).to_string(),
                None => text,
            }
        }
    }
}

/// Lines longer than this (in bytes) are quoted as an excerpt.
const LONG_LINE: usize = 2_000;

/// The length of the longest line touched by `range`.
fn longest_line_at(text: &str, range: std::ops::Range<usize>) -> usize {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    let first = text
        .get(..start)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1);
    let last = text
        .get(end..)
        .and_then(|a| a.find('\n'))
        .map_or(text.len(), |i| end + i);
    text.get(first..last).map_or(0, |lines| {
        lines.split('\n').map(str::len).max().unwrap_or(0)
    })
}

/// A diagnostic on a very long line: the same parts as miette's drawing,
/// with 60 characters either side of the span instead of the whole line.
fn render_long_line(d: &Diagnostic, sources: &SourceMap) -> String {
    let Some(file) = sources.get(d.span.file) else {
        return format!("{}: {}\n", severity_word(d.severity), d.message);
    };
    let text = &file.text;
    let start = (d.span.start as usize).min(text.len());
    let end = (d.span.end as usize).clamp(start, text.len());
    let line_start = text
        .get(..start)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = text
        .get(start..)
        .and_then(|a| a.find('\n'))
        .map_or(text.len(), |i| start + i);
    let line = text.get(line_start..line_end).unwrap_or("");
    let (at_line, at_col) = file.line_col(start);
    let col0 = at_col - 1;
    let chars: Vec<char> = line.chars().collect();
    let from = col0.saturating_sub(60);
    let span_chars = text
        .get(start..end.min(line_end))
        .map_or(0, |s| s.chars().count());
    let to = (col0 + span_chars.clamp(1, 60) + 60).min(chars.len());
    let excerpt: String = chars.get(from..to).unwrap_or(&[]).iter().collect();
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < chars.len() { "…" } else { "" };
    let pad = " ".repeat(lead.chars().count() + col0 - from);
    let marks = "─".repeat(span_chars.clamp(1, 60));
    let mark = if d.is_error() { "×" } else { "⚠" };
    let mut out = format!(
        "{}\n\n  {mark} {}\n   ╭─[{}:{at_line}:{at_col}] (a line of {} characters; an excerpt)\n   │ {lead}{excerpt}{tail}\n   · {pad}{marks}",
        d.code,
        d.message,
        file.path,
        chars.len()
    );
    if !d.label.is_empty() {
        out.push_str(&format!(" {}", d.label));
    }
    out.push_str("\n   ╰────\n");
    if let Some(help) = &d.help {
        out.push_str(&format!("  help: {help}\n"));
    }
    out
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}
