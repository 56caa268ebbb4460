//! `accord lsp`: runs the language server (`accord-lsp`) over stdin and
//! stdout until the editor says `exit`. Nothing but protocol messages goes
//! to stdout; faults go to stderr, which editors show as the server's log.

use super::exit;

pub fn run() -> u8 {
    match accord_lsp::run_stdio() {
        Ok(()) => exit::OK,
        Err(e) => {
            errln!("error: accord lsp: {e}");
            exit::USAGE
        }
    }
}
