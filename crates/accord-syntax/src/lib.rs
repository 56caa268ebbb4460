//! Accord front end: the pest grammar (`grammar/accord.pest`), a parser that
//! turns it into a typed AST with spans, and syntax diagnostics.
//!
//! Architecture invariant: this crate knows nothing about salsa, the file
//! system, or evaluation. Parsing never fails: [`parse`] returns a (possibly
//! partial) [`ast::Policy`] together with every diagnostic found.

pub mod ast;
pub mod diagnostic;
pub mod span;

pub use diagnostic::{Diagnostic, JsonDiagnostic, RenderOptions, Severity};
pub use span::{FileId, SourceFile, SourceMap, Span};
