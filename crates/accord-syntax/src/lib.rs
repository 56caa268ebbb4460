//! Accord front end: the pest grammar (`grammar/accord.pest`), a parser that
//! turns it into a typed AST with spans, and syntax diagnostics.
//!
//! Architecture invariant: this crate knows nothing about salsa, the file
//! system, or evaluation. Parsing never fails: [`parse`] returns a (possibly
//! partial) [`ast::Policy`] together with every diagnostic found.

pub mod ast;
pub mod canon;
pub mod diagnostic;
pub mod docs;
mod excerpt;
pub mod number;
mod parser;
pub mod span;
pub mod suggest;

pub use diagnostic::{Diagnostic, JsonDiagnostic, RenderOptions, Severity};
pub use parser::{line_starts, strip_comment, MAX_NUMBER};
pub use span::{FileId, SourceFile, SourceMap, Span};

/// Every diagnostic code the parser can produce (stable; see the docs of
/// each in `src/parser/errors.rs`). The malformed corpus under
/// `tests/malformed/` produces each of them except `unreadable`, which marks
/// a fault in Accord itself, and `too-large` (a definition of megabytes,
/// tested in `tests/rendering.rs`).
pub const CODES: &[&str] = &[
    "accord::syntax::comparison-symbol",
    "accord::syntax::missing-colon",
    "accord::syntax::missing-comma",
    "accord::syntax::unknown-word",
    "accord::syntax::not-a-definition",
    "accord::syntax::unexpected",
    "accord::syntax::misplaced-line",
    "accord::syntax::tab-indent",
    "accord::syntax::unterminated-string",
    "accord::syntax::stray-indent",
    "accord::syntax::percent-missing",
    "accord::syntax::mixed-score",
    "accord::syntax::repeated-line",
    "accord::syntax::sla-span",
    "accord::syntax::number-too-large",
    "accord::syntax::too-deep",
    "accord::syntax::indentation",
    "accord::syntax::nothing-under",
    "accord::syntax::too-large",
    "accord::syntax::wrong-quotes",
    "accord::syntax::reserved-name",
    "accord::syntax::hyphen-in-name",
    "accord::syntax::name-letters",
    "accord::syntax::unreadable",
];

/// Parses one file. Never fails and never panics: returns the policy as far
/// as it could be read, plus every diagnostic found. Spans are byte offsets
/// into `text`, tagged with `file`.
pub fn parse(file: FileId, text: &str) -> (ast::Policy, Vec<Diagnostic>) {
    parser::parse(file, text)
}

#[cfg(test)]
mod tests {
    /// Every code the parser's source raises is listed in [`super::CODES`].
    #[test]
    fn every_code_raised_is_listed() {
        let sources = [
            include_str!("parser/mod.rs"),
            include_str!("parser/errors.rs"),
            include_str!("parser/lines.rs"),
            include_str!("parser/recover.rs"),
            include_str!("parser/lower.rs"),
            include_str!("parser/lower_cond.rs"),
            include_str!("parser/lower_ops.rs"),
            include_str!("parser/indent.rs"),
        ];
        let mut raised = 0;
        for source in sources {
            for piece in source.split("\"accord::syntax::").skip(1) {
                let rest = piece.split('"').next().unwrap_or("");
                let code = format!("accord::syntax::{rest}");
                assert!(
                    super::CODES.contains(&code.as_str()),
                    "{code} is not in CODES"
                );
                raised += 1;
            }
        }
        assert!(raised >= super::CODES.len());
    }
}
