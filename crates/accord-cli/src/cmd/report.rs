//! `accord report`: every metric and breach of a policy over a lead export,
//! period by period, as text, JSON, markdown or one self-contained HTML
//! file. The computation is `accord-report`'s; this module reads the
//! inputs, shows progress and writes the chosen format.

use super::eval::{load_policy, parse_as_of};
use super::{exit, usage_error};
use crate::cli::{ReportArgs, ReportFormat};
use crate::leads::{InputFiles, Inputs};
use accord_report::{plans, Collector, LeadFacts, Range};
use std::io::IsTerminal;

/// Inputs at least this large (bytes) show a progress bar on a terminal.
const LARGE_INPUT: u64 = 20 << 20;

pub fn run(args: &ReportArgs, color: bool) -> u8 {
    let as_of = match parse_as_of(args.input.as_of.as_deref()) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let range = match (
        parse_date(args.from.as_deref(), "--from"),
        parse_date(args.to.as_deref(), "--to"),
    ) {
        (Ok(from), Ok(to)) => Range { from, to },
        (Err(c), _) | (_, Err(c)) => return c,
    };
    if let (Some(f), Some(t)) = (range.from, range.to) {
        if f > t {
            return usage_error(format!("--from {f} is after --to {t}: the range is empty"));
        }
    }
    let policy = match load_policy(&args.input, as_of, color) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let compiled = policy.compiled();
    let plans = match &args.plans {
        None => plans::Plans::default(),
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => plans::read(compiled, &path.display().to_string(), &text),
            Err(e) => {
                return usage_error(format!(
                    "cannot read {}: {}",
                    path.display(),
                    accord_syntax::diagnostic::io_words(&e)
                ))
            }
        },
    };
    let files = InputFiles::once(&args.input.leads, args.input.events.as_deref());
    let inputs = Inputs::new(policy.schema(), &files);
    let outcomes = match inputs.outcomes() {
        Ok(o) => o,
        Err(code) => return code,
    };
    let size = std::fs::metadata(&args.input.leads).map_or(0, |m| m.len());
    let progress = (size >= LARGE_INPUT && std::io::stderr().is_terminal()).then(|| {
        // The readers do not expose their byte offset: a spinner counting
        // the records read, on stderr only.
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos} records read ({per_sec}, {elapsed})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });
    let mut collector = Collector::new(compiled, range, as_of);
    let mut unreadable = 0u64;
    let mut record_errors = crate::leads::RecordErrors::default();
    let mut seen = 0u64;
    for outcome in outcomes {
        seen += 1;
        match outcome.result {
            Ok(lead) => collector.add(LeadFacts::evaluate(compiled, &lead, as_of)),
            Err(errors) => {
                unreadable += 1;
                record_errors.add(&args.input.leads, errors);
                collector.add_unreadable();
            }
        }
        if let Some(bar) = &progress {
            if seen.is_multiple_of(1024) {
                bar.set_position(seen);
            }
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    record_errors.print();
    let input_errors = inputs.report();
    for p in &plans.problems {
        errln!("warning: {p}");
    }
    let report = collector.finish(&plans);
    if unreadable > 0 {
        errln!(
            "warning: {unreadable} of {seen} records of {} could not be read and are in no metric (`accord check --leads` lists them)",
            args.input.leads.display()
        );
    }
    crate::leads::warn_if_no_records(&args.input.leads, seen);
    let template = explain_template(args);
    let text = match args.format {
        ReportFormat::Text => accord_report::render::text(&report, &template),
        ReportFormat::Markdown => accord_report::render::markdown(&report, &template),
        ReportFormat::Json => {
            let v = accord_report::render::json(&report, &template);
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        ReportFormat::Html => accord_report::html::page(&report, &template),
    };
    if let Err(e) = super::write_output(args.out.as_deref(), &text) {
        return usage_error(e);
    }
    if unreadable > 0 || input_errors {
        exit::RECORD_ERRORS
    } else {
        exit::OK
    }
}

/// `--from`/`--to`: a date, `YYYY-MM-DD`.
fn parse_date(value: Option<&str>, option: &str) -> Result<Option<chrono::NaiveDate>, u8> {
    let Some(s) = value else { return Ok(None) };
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            usage_error(format!(
                "{option} {s:?} is not a date; write e.g. 2026-03-01"
            ))
        })
}

/// The command that explains one contributing lead (`{id}` stands for
/// it): the report's own policy files, `--root`, inputs and as-of, each
/// word quoted for the shell where it needs it.
fn explain_template(args: &ReportArgs) -> String {
    use accord_report::render::shell_word;
    let path = |p: &std::path::Path| shell_word(&p.display().to_string());
    let input = &args.input;
    let mut parts = vec!["accord explain".to_string()];
    parts.extend(input.policy.iter().map(|p| path(p)));
    if let Some(root) = &input.root {
        parts.push(format!("--root {}", path(root)));
    }
    parts.push(format!("--leads {}", path(&input.leads)));
    if let Some(e) = &input.events {
        parts.push(format!("--events {}", path(e)));
    }
    if let Some(t) = &input.as_of {
        parts.push(format!("--as-of {}", shell_word(t)));
    }
    parts.push("--lead {id}".to_string());
    parts.join(" ")
}
