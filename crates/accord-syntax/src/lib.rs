//! Accord front end: the pest grammar (`grammar/accord.pest`), a parser that
//! turns it into a typed AST with spans, and syntax diagnostics.
//!
//! Architecture invariant: this crate knows nothing about salsa, the file
//! system, or evaluation. Parsing never fails: [`parse`] returns a (possibly
//! partial) [`ast::Policy`] together with every diagnostic found.

pub mod ast;
pub mod diagnostic;
mod parser;
pub mod span;

pub use diagnostic::{Diagnostic, JsonDiagnostic, RenderOptions, Severity};
pub use span::{FileId, SourceFile, SourceMap, Span};

/// Parses one file. Never fails and never panics: returns the policy as far
/// as it could be read, plus every diagnostic found. Spans are byte offsets
/// into `text`, tagged with `file`.
pub fn parse(file: FileId, text: &str) -> (ast::Policy, Vec<Diagnostic>) {
    parser::parse(file, text)
}
