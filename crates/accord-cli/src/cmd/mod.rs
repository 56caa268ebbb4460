//! One module per subcommand, plus what they share: colour choice,
//! rendering diagnostics, opening lead inputs, exit codes.

pub mod backtest;
pub mod check;
pub mod diff;
pub mod docs;
pub mod eval;
pub mod fmt;
pub mod lsp;
pub mod report;
pub mod serve;
pub mod test;

use crate::cli::ColorChoice;
use accord_syntax::{Diagnostic, RenderOptions, SourceMap};
use std::io::IsTerminal;

/// Process exit codes (documented in README.md).
pub mod exit {
    /// Everything clean.
    pub const OK: u8 = 0;
    /// A policy has errors (or warnings under `--deny warnings`).
    pub const POLICY_ERRORS: u8 = 1;
    /// Usage or I/O error: bad arguments, missing or unreadable file.
    pub const USAGE: u8 = 2;
    /// Some lead records could not be read (their rows carry the errors).
    pub const RECORD_ERRORS: u8 = 3;
}

/// Whether to colour output written to stderr: only on a terminal, never
/// with `NO_COLOR` set (<https://no-color.org>), unless forced.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    }
}

/// Renders diagnostics for people, one after another.
pub fn render_all(diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let width = terminal_width();
    diagnostics
        .iter()
        .map(|d| accord_syntax::diagnostic::render(d, sources, RenderOptions { color, width }))
        .collect::<Vec<_>>()
        .join("\n")
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}

/// An error message for a usage or I/O problem, printed like cargo's.
pub fn usage_error(message: impl std::fmt::Display) -> u8 {
    errln!("error: {message}");
    exit::USAGE
}

/// Writes a command's output to `--out FILE`, or to stdout; the error is
/// for [`usage_error`].
pub fn write_output(out: Option<&std::path::Path>, text: &str) -> Result<(), String> {
    use std::io::Write as _;
    match out {
        Some(path) => std::fs::write(path, text.as_bytes()).map_err(|e| {
            format!(
                "cannot write {}: {}",
                path.display(),
                accord_syntax::diagnostic::io_words(&e)
            )
        }),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| e.to_string())
        }
    }
}
