//! Command-line arguments (clap). Exit codes are documented in README.md:
//! 0 clean, 1 policy errors, 2 usage or I/O error, 3 some lead records errored.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "accord",
    version,
    about = "Policy-as-code for revenue teams: check MQL/SLA agreements and explain every decision"
)]
pub struct Cli {
    /// When to use colour: auto (only on a terminal, and never with NO_COLOR set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check policy files (and optionally lead records against their schema).
    Check(CheckArgs),
    /// Evaluate leads against a policy: summary, then one row per lead.
    Eval(EvalArgs),
    /// Explain one lead's decision in full.
    Explain(ExplainArgs),
    /// Every metric and breach of a policy over a lead export, period by period.
    Report(ReportArgs),
    /// Test the MQL definition against history: coverage, precision, score bands.
    Backtest(BacktestArgs),
    /// Lay policy files out in the one canonical layout (comments kept, meaning unchanged).
    Fmt(FmtArgs),
    /// Run policy tests (*.accord-test files): expected decisions for named leads, and clause coverage.
    Test(TestArgs),
    /// Compare two versions of a policy: what changed in meaning, which leads it flips.
    Diff(DiffArgs),
    /// Read the language reference (`accord docs`, `accord docs sla`) or a
    /// diagnostic code's page (`accord docs accord::type-mismatch`).
    Docs(DocsArgs),
    /// Run the language server over stdin and stdout (for editors: live
    /// diagnostics, hover, go to definition, references, completion, quick fixes).
    Lsp,
    /// Serve decisions over HTTP: evaluate, explain, check, with hot reload,
    /// a decision log, tokens and metrics (see README "accord serve").
    Serve(ServeArgs),
    /// Evaluate every decision of a decision log again under the policy
    /// text it was made with, and report any difference.
    Replay(ReplayArgs),
}

#[derive(Args, Debug)]
pub struct DocsArgs {
    /// A topic of the reference, a diagnostic code, or `codes` for the list
    /// of codes. Without it: the list of topics.
    pub what: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    Text,
    Json,
}

/// `accord explain --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    /// For chat, a ticket or a CRM note.
    Markdown,
    /// The summary and the full tree.
    Json,
}

/// `accord explain --detail`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DetailLevel {
    /// The summary only (verdict, tier, score, SLAs, reasons, what it would take).
    Summary,
    /// The summary and the clauses that decide the verdict.
    Decisive,
    /// The summary and every clause.
    Full,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Treat warnings as errors.
    Warnings,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Policy files to check (a directory: every `.accord` file under it).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format for diagnostics.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Text)]
    pub format: DiagnosticFormat,
    /// The folder the policy set lives in: imports may name only files
    /// inside it (default: each policy file's own folder).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// `--deny warnings` makes warnings fail the check.
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// Also check these lead records (NDJSON, JSON array, CSV or Parquet) against the policy's schema.
    #[arg(long)]
    pub leads: Option<PathBuf>,
    /// Events CSV or Parquet (one row per activity/attempt) belonging to the leads.
    #[arg(long, requires = "leads")]
    pub events: Option<PathBuf>,
    /// The instant to judge review dates at (RFC 3339). Default: now.
    #[arg(long)]
    pub as_of: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RowFormat {
    Text,
    Json,
    Ndjson,
    /// One line per row in flat columns, for a spreadsheet or a CRM import.
    Csv,
}

#[derive(Args, Debug)]
pub struct LeadInput {
    /// The policy to evaluate. Give several versions of one agreement to have
    /// the one in effect at `--as-of` chosen (latest effective date on or
    /// before it).
    #[arg(required = true)]
    pub policy: Vec<PathBuf>,
    /// Lead records: NDJSON (.ndjson/.jsonl), a JSON array (.json), CSV (.csv) or Parquet (.parquet); `-` reads standard input.
    #[arg(long)]
    pub leads: PathBuf,
    /// Events CSV or Parquet: lead_id, stream, kind (or channel), at, extra columns.
    #[arg(long)]
    pub events: Option<PathBuf>,
    /// The instant to judge leads at (RFC 3339, e.g. 2026-11-20T15:00:00Z). Default: now.
    #[arg(long)]
    pub as_of: Option<String>,
    /// The folder the policy set lives in: imports may name only files
    /// inside it (default: each policy file's own folder).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    #[command(flatten)]
    pub input: LeadInput,
    /// Output format: text (summary + table), json (one document), ndjson (one row per line), csv (one row per line, flat columns).
    #[arg(long, value_enum, default_value_t = RowFormat::Text)]
    pub format: RowFormat,
    /// Include the explanation tree in every row.
    #[arg(long)]
    pub explain: bool,
    /// Worker threads (default, or 0: all cores; at most 1024).
    #[arg(long, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=accord::MAX_THREADS as u64))]
    pub threads: Option<usize>,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub input: LeadInput,
    /// The lead id (value of the schema's `identified by` field) or `#N` for the N-th record.
    #[arg(long)]
    pub lead: String,
    /// Output format: text, markdown, or json (the summary and the full tree).
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    /// How much to show in text and markdown: the summary, the clauses that decide, or every clause.
    #[arg(long, value_enum, default_value_t = DetailLevel::Decisive)]
    pub detail: DetailLevel,
}

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Policy files, or directories (every `.accord` file under them); `-` formats standard input to standard output.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write nothing: print a unified diff of what would change, and exit 1 if anything would.
    #[arg(long)]
    pub check: bool,
}

#[derive(Args, Debug)]
pub struct TestArgs {
    /// Test files, or directories (every `.accord-test` file under them). Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// Also list every clause of each tested policy that no case saw both hold and fail (and fail if there is one).
    #[arg(long)]
    pub coverage: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// OLD NEW: two policy files or two directories of policy files. With
    /// --git: REV1 REV2 PATH.
    #[arg(required_unless_present = "git_driver", num_args = 2..=3, value_name = "OLD NEW | REV1 REV2 PATH")]
    pub paths: Vec<PathBuf>,
    /// Compare PATH as it is in two git revisions.
    #[arg(long, conflicts_with = "git_driver")]
    pub git: bool,
    /// Run as git's external diff driver (see README): PATH OLD-FILE OLD-HEX
    /// OLD-MODE NEW-FILE NEW-HEX NEW-MODE.
    #[arg(long, hide = true, num_args = 7, value_name = "ARG")]
    pub git_driver: Option<Vec<PathBuf>>,
    /// Also evaluate both versions on these lead records and list the leads that flip.
    #[arg(long)]
    pub leads: Option<PathBuf>,
    /// Events CSV belonging to the leads.
    #[arg(long, requires = "leads")]
    pub events: Option<PathBuf>,
    /// The instant to judge leads at (RFC 3339). Default: now.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Output format: text, markdown (a pull-request comment) or json.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Markdown,
    Html,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: LeadInput,
    /// First date to report (YYYY-MM-DD, in the reporting zone). Default: the leads' first.
    #[arg(long)]
    pub from: Option<String>,
    /// Last date to report (YYYY-MM-DD, inclusive). Default: the leads' last.
    #[arg(long)]
    pub to: Option<String>,
    /// Corrective plans (CSV: `breach,period,plan_date,owner[,identified]`).
    #[arg(long)]
    pub plans: Option<PathBuf>,
    /// Output format: text, json (schema: crates/accord-report/schema/report.schema.json), markdown or html.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write the report to this file instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct BacktestArgs {
    #[command(flatten)]
    pub input: LeadInput,
    /// What won: a lead field (yes/no, or any value present), e.g. `closed_won_at`.
    #[arg(long, conflicts_with = "won_ids")]
    pub outcome: Option<String>,
    /// What won: a CSV whose first column (or --won-key) lists the ids of leads that won.
    #[arg(long, value_name = "FILE")]
    pub won_ids: Option<PathBuf>,
    /// The column of --won-ids holding the lead ids (default: the first).
    #[arg(long, requires = "won_ids")]
    pub won_key: Option<String>,
    /// The timestamp (or date: the end of that day) each lead is judged as of (its own instant). Default: created_at.
    #[arg(long, default_value = "created_at")]
    pub at: String,
    /// The score to band by (default: the policy's first score).
    #[arg(long)]
    pub score: Option<String>,
    /// Output format: text, json, or html (one self-contained page with charts).
    #[arg(long, value_enum, default_value_t = BacktestFormat::Text)]
    pub format: BacktestFormat,
    /// Write the backtest to this file instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `accord backtest --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BacktestFormat {
    Text,
    Json,
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Policy files to serve: several versions of an agreement (chosen by
    /// `as_of`), or several agreements (chosen by `?agreement=`).
    #[arg(required = true)]
    pub policy: Vec<PathBuf>,
    /// The address to listen on. An address other than loopback needs
    /// tokens (or --insecure-no-auth).
    #[arg(long, default_value = "127.0.0.1:8181")]
    pub addr: std::net::SocketAddr,
    /// Listen on this port of the --addr host (loopback by default):
    /// `--port 8787` is `--addr 127.0.0.1:8787`.
    #[arg(long)]
    pub port: Option<u16>,
    /// The folder the policy set lives in: imports may name only files
    /// inside it (default: each policy file's own folder).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Bearer tokens, one a line (blank lines and `#` comments skipped);
    /// also ACCORD_TOKENS (comma-separated). With tokens, every route but
    /// /health and /ready needs one.
    #[arg(long, value_name = "FILE")]
    pub tokens_file: Option<PathBuf>,
    /// Serve an address other than loopback without tokens (when something
    /// in front of the server authenticates).
    #[arg(long)]
    pub insecure_no_auth: bool,
    /// Append every decision to this file, one JSON line each (see `accord replay`).
    #[arg(long, value_name = "FILE")]
    pub decision_log: Option<PathBuf>,
    /// Where the policy texts of logged decisions are kept, by content hash
    /// (default: the decision log's path + `.policies`).
    #[arg(long, value_name = "DIR", requires = "decision_log")]
    pub policy_store: Option<PathBuf>,
    /// The largest request body read, in bytes (`K`, `M` suffixes: KiB, MiB).
    #[arg(long, value_name = "BYTES", default_value = "16M")]
    pub max_body: String,
    /// Seconds a request may take before it is answered 503.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,
    /// Requests answered at once; beyond, 503 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_concurrent: usize,
    /// Seconds between looks at the policy files for changes (0: only on SIGHUP).
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    pub watch: f64,
    /// Log lines on stderr: text or json.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Args, Debug)]
pub struct ReplayArgs {
    /// The decision log written by `accord serve --decision-log`.
    pub log: PathBuf,
    /// The policy store it was written with (default: the log's path + `.policies`).
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,
    /// Output format: text or json.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Text)]
    pub format: DiagnosticFormat,
}
