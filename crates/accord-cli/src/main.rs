//! The `accord` command: `check`, `eval`, `explain`, `fmt`, `test`, `diff`, `docs`, `lsp`, `serve`,
//! `replay`. See
//! README.md for the commands, output formats and exit codes.

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
