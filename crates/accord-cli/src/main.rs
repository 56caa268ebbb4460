//! The `accord` command: `check`, `eval`, `explain`, `fmt`, `test`, `diff`, `docs`, `lsp`, `serve`,
//! `replay`. See
//! README.md for the commands, output formats and exit codes.

/// `println!`, `print!`, `eprintln!` and `eprint!` for everything the
/// commands write, except that a stream closed by its reader (`accord
/// check --leads … 2>&1 | head -1`, `accord docs | head`) is no panic:
/// what can no longer be written is dropped and the command ends as it
/// would have. The standard macros are not used in this crate.
macro_rules! write_or_drop {
    ($stream:expr, $($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!($stream, $($arg)*);
    }};
}
macro_rules! outln {
    ($($arg:tt)*) => { write_or_drop!(std::io::stdout(), "{}\n", format_args!($($arg)*)) };
}
macro_rules! out {
    ($($arg:tt)*) => { write_or_drop!(std::io::stdout(), $($arg)*) };
}
macro_rules! errln {
    ($($arg:tt)*) => { write_or_drop!(std::io::stderr(), "{}\n", format_args!($($arg)*)) };
}
macro_rules! err {
    ($($arg:tt)*) => { write_or_drop!(std::io::stderr(), $($arg)*) };
}

mod cli;
mod cmd;
mod leads;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version are not errors.
            return ExitCode::from(if e.use_stderr() {
                cmd::exit::USAGE
            } else {
                cmd::exit::OK
            });
        }
    };
    let color = cmd::use_color(cli.color);
    let code = match &cli.command {
        cli::Command::Check(args) => cmd::check::run(args, color),
        cli::Command::Eval(args) => cmd::eval::run_eval(args, color),
        cli::Command::Explain(args) => cmd::eval::run_explain(args, color),
        cli::Command::Report(args) => cmd::report::run(args, color),
        cli::Command::Backtest(args) => cmd::backtest::run(args, color),
        cli::Command::Fmt(args) => cmd::fmt::run(args, color),
        cli::Command::Test(args) => cmd::test::run(args, color),
        cli::Command::Diff(args) => cmd::diff::run(args, color),
        cli::Command::Docs(args) => cmd::docs::run(args),
        cli::Command::Lsp => cmd::lsp::run(),
        cli::Command::Serve(args) => cmd::serve::run_serve(args, color),
        cli::Command::Replay(args) => cmd::serve::run_replay(args),
    };
    ExitCode::from(code)
}
