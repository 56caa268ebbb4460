//! `accord lsp`: the Accord language server. It speaks the Language Server
//! Protocol over stdio ([`lsp_server`], the transport rust-analyzer uses)
//! and answers from the checker's salsa database (`accord-check`), so an
//! edit re-checks only the definitions it touched.
//!
//! - [`server`]: the main loop, capabilities, batching, cancellation and
//!   the last-resort panic guard.
//! - [`state`]: the workspace, open documents (unsaved text overrides the
//!   disk, imported files included) and the folder's policy files.
//! - [`diagnostics`]: checker diagnostics as LSP diagnostics.
//! - [`navigation`]: hover, go to definition, find references.
//! - [`completion`]: names and keywords where each may be written.
//! - [`actions`]: quick fixes (the checker's one-answer fixes) and formatting.
//! - [`outline`]: document symbols and folding ranges.
//! - [`position`]: byte offsets ↔ UTF-16 positions; [`uri`]: URIs ↔ paths.

pub mod actions;
pub mod completion;
pub mod diagnostics;
pub mod navigation;
pub mod outline;
pub mod position;
pub mod server;
pub mod state;
pub mod uri;

pub use server::{capabilities, serve, Error};

/// Runs the server on stdin and stdout until the client says `exit`.
pub fn run_stdio() -> Result<(), Error> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(())
}
