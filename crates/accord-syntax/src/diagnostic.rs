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
/// line, a label under the exact span, and the help line.
pub fn render(d: &Diagnostic, sources: &SourceMap, opts: RenderOptions) -> String {
    use miette::{
        GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource,
    };
    let Some(file) = sources.get(d.span.file) else {
        return format!("{}: {}\n", severity_word(d.severity), d.message);
    };
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
    let report = miette::Report::new(diag)
        .with_source_code(NamedSource::new(file.path.clone(), file.text.clone()));
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
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{}: {}\n", severity_word(d.severity), d.message);
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

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}
