//! `accord eval` (summary + one row per lead) and `accord explain` (one
//! lead's full explanation tree).

use super::{exit, render_all, usage_error};
use crate::cli::{DetailLevel, EvalArgs, ExplainArgs, ExplainFormat, LeadInput, RowFormat};
use crate::leads::{one_line, open_events, InputError, InputFiles, Inputs};
use accord::{Detail, LoadError, Policy, Row, Summary};
use accord_records::{and_more_records, record_at, RecordOutcome};
use chrono::{DateTime, Utc};
use std::io::Write;

/// Loads every given version of the policy (printing diagnostics on
/// failure) and returns the one in effect at `as_of`.
pub(crate) fn load_policy(
    input: &LeadInput,
    as_of: DateTime<Utc>,
    color: bool,
) -> Result<Policy, u8> {
    let mut versions = Vec::new();
    for path in &input.policy {
        match Policy::load_with_root(path, input.root.as_deref()) {
            Ok(p) => versions.push(p),
            Err(LoadError::Io(e)) => return Err(usage_error(e)),
            Err(LoadError::Invalid {
                diagnostics,
                sources,
            }) => {
                err!("{}", render_all(&diagnostics, &sources, color));
                errln!(
                    "error: {} has errors; run `accord check` on it",
                    path.display()
                );
                return Err(exit::POLICY_ERRORS);
            }
        }
    }
    let given: Vec<(&std::path::Path, &Policy)> = input
        .policy
        .iter()
        .map(|p| p.as_path())
        .zip(&versions)
        .collect();
    accord::check_versions(&given).map_err(usage_error)?;
    accord::link_versions(&mut versions);
    let index = Policy::in_effect(&versions, as_of)
        .and_then(|chosen| versions.iter().position(|v| std::ptr::eq(v, chosen)));
    match index {
        Some(i) => Ok(versions.swap_remove(i)),
        None => Err(usage_error(accord::none_in_effect(&versions, as_of))),
    }
}

/// The lead commands' start (`eval`, `explain`, `backtest`): `--as-of`
/// parsed, then the policy version in effect at it loaded.
pub(crate) fn load_at(input: &LeadInput, color: bool) -> Result<(DateTime<Utc>, Policy), u8> {
    let as_of = parse_as_of(input.as_of.as_deref())?;
    Ok((as_of, load_policy(input, as_of, color)?))
}

/// `--as-of` in RFC 3339, or now (to the second).
pub fn parse_as_of(value: Option<&str>) -> Result<DateTime<Utc>, u8> {
    use chrono::SubsecRound;
    let Some(s) = value else {
        return Ok(Utc::now().trunc_subsecs(0));
    };
    accord::parse_instant(s).map_err(|why| usage_error(format!("--as-of {why}")))
}

pub fn run_eval(args: &EvalArgs, color: bool) -> u8 {
    let (as_of, policy) = match load_at(&args.input, color) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if args.explain && args.format == RowFormat::Csv {
        return usage_error(
            "--explain adds each lead's explanation tree, which a CSV line cannot hold: use \
             --format ndjson or json (or `accord explain --lead ID` for one lead)",
        );
    }
    let threads = args.threads.unwrap_or(0);
    let (leads, events) = (&args.input.leads, args.input.events.as_deref());
    // A summary-first format reads the inputs twice: a pipe is kept in a
    // temporary file first.
    let files = match args.format {
        RowFormat::Ndjson | RowFormat::Csv => InputFiles::once(leads, events),
        RowFormat::Text | RowFormat::Json => match InputFiles::rereadable(leads, events) {
            Ok(f) => f,
            Err(code) => return code,
        },
    };
    let inputs = Inputs::new(policy.schema(), &files);
    // Text and JSON put the summary first: a decision-only first pass counts
    // (memory stays flat: the input is read twice, never held). NDJSON and
    // CSV stream rows only and print the summary on stderr at the end.
    let summary_first = match args.format {
        RowFormat::Ndjson | RowFormat::Csv => None,
        RowFormat::Text | RowFormat::Json => match inputs.rows(&policy, as_of, false, threads) {
            Ok(first_pass) => {
                let mut summary = Summary::for_run(policy.compiled(), as_of);
                first_pass.for_each(|row| summary.add(&row));
                Some(summary)
            }
            Err(code) => return code,
        },
    };
    // What is wrong with the inputs beside the rows (the events file's
    // errors, a header without a required column, warnings): on stderr,
    // naming the file, before the rows (after them with NDJSON rows).
    let mut input_errors = summary_first.is_some() && inputs.report();
    let rows = match inputs.rows(&policy, as_of, args.explain, threads) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut summary = Summary::for_run(policy.compiled(), as_of);
    let written = match args.format {
        RowFormat::Ndjson => rows.into_iter().try_for_each(|row| {
            summary.add(&row);
            writeln!(out, "{}", row.to_json_line())
        }),
        RowFormat::Csv => write_csv(&mut out, rows, &mut summary, &policy),
        RowFormat::Json => {
            // One document: {"summary": …, "rows": [...]}, rows streamed.
            let summary_json =
                serde_json::to_string(&summary_first).unwrap_or_else(|_| "null".into());
            let mut result = write!(out, "{{\"summary\": {summary_json}, \"rows\": [");
            for (i, row) in rows.enumerate() {
                summary.add(&row);
                let sep = if i == 0 { "\n" } else { ",\n" };
                result = result.and_then(|_| write!(out, "{sep}{}", row.to_json_line()));
            }
            result.and_then(|_| writeln!(out, "\n]}}"))
        }
        RowFormat::Text => {
            let header = summary_first
                .as_ref()
                .map(Summary::render_text)
                .unwrap_or_default();
            write_text(
                &mut out,
                rows,
                &mut summary,
                &header,
                args.explain,
                as_of,
                &policy,
            )
        }
    };
    // A reader that stops early (`| head`) closes the pipe: stop quietly,
    // without a summary that would describe only the rows read so far.
    let mut cut_short = false;
    if let Err(e) = written.and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return usage_error(format!("cannot write output: {e}"));
        }
        cut_short = true;
    }
    if summary_first.is_none() && !cut_short {
        input_errors = inputs.report();
        err!("{}", summary.render_text());
    }
    if summary.errors > 0 || input_errors {
        exit::RECORD_ERRORS
    } else {
        exit::OK
    }
}

/// CSV: a header line, then one line per row ([`accord::CsvRows`]).
fn write_csv(
    out: &mut impl Write,
    rows: impl Iterator<Item = Row>,
    summary: &mut Summary,
    policy: &Policy,
) -> std::io::Result<()> {
    let columns = accord::CsvRows::new(policy.compiled());
    columns.write(out, rows.inspect(|row| summary.add(row)))
}

/// Text: the policy line, the summary, then rows as a table (or
/// explanation trees with `--explain`).
fn write_text(
    out: &mut impl Write,
    rows: impl Iterator<Item = Row>,
    summary: &mut Summary,
    summary_text: &str,
    explain: bool,
    as_of: DateTime<Utc>,
    policy: &Policy,
) -> std::io::Result<()> {
    let meta = policy.compiled().meta();
    writeln!(
        out,
        "{} {} as of {}",
        meta.name,
        meta.version.as_deref().unwrap_or(""),
        accord_eval::output::rfc3339(as_of)
    )?;
    write!(out, "{summary_text}")?;
    writeln!(out)?;
    let sla_names: Vec<String> = policy.compiled().sla_names().map(String::from).collect();
    if !explain {
        write!(
            out,
            "{:<14} {:>6} {:<4} {:<5}",
            "lead", "record", "mql", "tier"
        )?;
        for name in &sla_names {
            write!(out, " {:<16}", truncate(name, 16))?;
        }
        writeln!(out, " notes")?;
    }
    for row in rows {
        summary.add(&row);
        if explain {
            match &row.explanation {
                Some(e) => writeln!(out, "{}", e.render_text(Detail::Full))?,
                None => writeln!(out, "{}", row_line(&row, &sla_names))?,
            }
        } else {
            writeln!(out, "{}", row_line(&row, &sla_names))?;
        }
    }
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// One table line: id, record, mql, tier, each SLA state, and a note.
fn row_line(row: &Row, sla_names: &[String]) -> String {
    let id = one_line(row.id.as_deref().unwrap_or("-").to_string());
    let mut line = format!("{:<14} {:>6}", truncate(&id, 14), row.record);
    if row.is_error() {
        let first = row.errors.first();
        let what = first
            .map(|e| match &e.field {
                Some(f) => format!("{f}: {}", e.message),
                None => e.message.clone(),
            })
            .unwrap_or_default();
        let more = row.errors.len().saturating_sub(1);
        line.push_str(&format!(" ERROR {what}"));
        if more > 0 {
            line.push_str(&format!(" (+{more} more)"));
        }
        return one_line(line);
    }
    let mql = match row.mql {
        Some(true) => "yes",
        Some(false) => "no",
        None => "-",
    };
    let tier = row.tier.map_or_else(|| "-".into(), |t| t.to_string());
    line.push_str(&format!(" {mql:<4} {tier:<5}"));
    for name in sla_names {
        let state = row
            .slas
            .as_ref()
            .and_then(|m| m.get(name))
            .map(|s| s.state.word())
            .unwrap_or("-");
        line.push_str(&format!(" {state:<16}"));
    }
    let mut notes = Vec::new();
    for hit in row.exclusions.iter().flatten() {
        notes.push(format!("excluded: {}", hit.name));
    }
    match &row.persistence {
        Some(p) if !p.compliant => notes.push("persistence failed".into()),
        Some(p) if !p.pending.is_empty() => notes.push("persistence in progress".into()),
        _ => {}
    }
    if row.recycling.as_ref().is_some_and(|r| r.human_review_due) {
        notes.push("human review due".into());
    }
    line.push(' ');
    line.push_str(&notes.join("; "));
    line.trim_end().to_string()
}

pub fn run_explain(args: &ExplainArgs, color: bool) -> u8 {
    let (as_of, policy) = match load_at(&args.input, color) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    // Read (without evaluating) until the wanted record, then explain it.
    // The events file's bad rows: said below the lead's error they cause.
    let mut event_errors = Vec::new();
    let events = match &args.input.events {
        Some(path) => match open_events(policy.schema(), path) {
            Ok((index, errors)) => {
                event_errors = errors;
                Some(index)
            }
            Err(code) => return code,
        },
        None => None,
    };
    let mut outcomes = match crate::leads::open_leads(policy.schema(), &args.input.leads, events) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let wanted_record = args
        .lead
        .strip_prefix('#')
        .and_then(|n| n.parse::<usize>().ok());
    // One pass: stop at the lead; on the way, keep the id closest to the
    // one asked for (a typo) and count the records.
    let mut nearest: Option<String> = None;
    let mut records = 0;
    let mut found = None;
    for o in outcomes.by_ref() {
        records = o.record;
        let hit = match (wanted_record, &o.result) {
            (Some(n), _) => o.record == n,
            (None, Ok(lead)) => *lead.id == *args.lead,
            (None, Err(errors)) => errors
                .iter()
                .any(|e| e.lead_id.as_deref() == Some(args.lead.as_str())),
        };
        if hit {
            found = Some(o);
            break;
        }
        if let (None, Ok(lead)) = (wanted_record, &o.result) {
            let candidates = nearest.iter().map(String::as_str).chain([&*lead.id]);
            if let Some(c) = accord_syntax::suggest::closest(&args.lead, candidates) {
                if nearest.as_deref() != Some(c) {
                    nearest = Some(c.to_string());
                }
            }
        }
    }
    let Some(found) = found else {
        let file = args.input.leads.display();
        return usage_error(match (wanted_record, nearest) {
            (Some(n), _) => {
                format!("no record #{n} in {file}: it has {records} records, numbered from #1")
            }
            (None, Some(near)) => {
                format!("no lead {:?} in {file}; did you mean {near:?}?", args.lead)
            }
            (None, None) => format!(
                "no lead {:?} in {file} (give the lead id, or #N for the N-th record)",
                args.lead
            ),
        });
    };
    if wanted_record.is_none() {
        note_id_again(outcomes, &args.lead, &found, &args.input.leads);
    }
    let row = accord_eval::batch::explain_row(policy.compiled(), found, as_of);
    let detail = match args.detail {
        DetailLevel::Summary => Detail::Summary,
        DetailLevel::Decisive => Detail::Decisive,
        DetailLevel::Full => Detail::Full,
    };
    match args.format {
        ExplainFormat::Json => match serde_json::to_string_pretty(&row) {
            Ok(s) => outln!("{s}"),
            Err(e) => return usage_error(e),
        },
        ExplainFormat::Text | ExplainFormat::Markdown => match &row.explanation {
            Some(e) if args.format == ExplainFormat::Markdown => {
                out!("{}", e.render_markdown(detail))
            }
            Some(e) => out!("{}", e.render_text(detail)),
            None => {
                for e in &row.errors {
                    let error = InputError::new(&args.input.leads, e.clone(), false);
                    outln!("{}", error.describe());
                }
                // The lead's bad events rows its error points to.
                if let (Some(path), Some(id)) = (&args.input.events, &row.id) {
                    for e in event_errors
                        .iter()
                        .filter(|e| e.lead_id.as_deref() == Some(id))
                    {
                        outln!("{}", InputError::new(path, e.clone(), true).describe());
                    }
                }
            }
        },
    }
    if row.is_error() {
        exit::RECORD_ERRORS
    } else {
        exit::OK
    }
}

/// Reads the rest of the records for another one with the lead id `id`
/// (an id given twice in an export, a merged CRM record): the explanation
/// is of the first, so stderr says where the other is and how to explain
/// it.
fn note_id_again(
    rest: impl Iterator<Item = RecordOutcome>,
    id: &str,
    found: &RecordOutcome,
    file: &std::path::Path,
) {
    let has_id = |o: &RecordOutcome| match &o.result {
        Ok(lead) => *lead.id == *id,
        Err(errors) => errors.iter().any(|e| e.lead_id.as_deref() == Some(id)),
    };
    let at = |o: &RecordOutcome| record_at(o.record, o.line);
    let mut again = rest.filter(has_id);
    if let Some(other) = again.next() {
        let more = and_more_records(again.count());
        errln!(
            "note: lead {id:?} appears more than once in {}: this explains {}; it is also {}{more} \
             (`--lead #{}` explains that one)",
            file.display(),
            at(found),
            at(&other),
            other.record
        );
    }
}
