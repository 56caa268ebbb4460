//! `accord backtest`: the MQL definition applied to historical leads, each
//! as of its own instant (`--at`, default `created_at`; a date field judges
//! the lead at the end of that day; a lead with no value there is left out,
//! in words on stderr, and is no record error), against what won
//! (`--outcome FIELD`, or `--won-ids FILE`: the lead's id is listed there,
//! in its `--won-key` column or the first, whose first line is a header
//! unless it is a lead's id; a file that lists no lead's id is a usage
//! error naming the column that does, if one does). The figures are `accord_report::backtest`'s.

use super::eval::load_at;
use super::{exit, usage_error};
use crate::cli::{BacktestArgs, BacktestFormat};
use crate::leads::{InputFiles, Inputs};
use accord_records::{FieldType, FieldValue};
use accord_report::backtest::Backtester;
use accord_syntax::suggest::did_you_mean;
use std::collections::HashSet;

pub fn run(args: &BacktestArgs, color: bool) -> u8 {
    let (_, policy) = match load_at(&args.input, color) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let compiled = policy.compiled();
    let schema = policy.schema();
    let instant = |ty: &FieldType| matches!(ty, FieldType::Timestamp | FieldType::Date);
    let instants: Vec<&str> = (schema.fields.iter())
        .filter(|f| instant(&f.ty))
        .map(|f| f.name.as_str())
        .collect();
    let Some(at_slot) = schema.slot(&args.at) else {
        return usage_error(format!(
            "--at {}: the lead fields have no such field{}; give --at one of the lead's \
             timestamps and dates: {}",
            args.at,
            did_you_mean(&args.at, instants.iter().copied()),
            listed(&instants),
        ));
    };
    if let Some(field) = schema.field(&args.at).filter(|f| !instant(&f.ty)) {
        return usage_error(format!(
            "--at {at}: {at} is {}, not a timestamp or a date (the lead's timestamps and dates: {})",
            field.ty.describe(),
            listed(&instants),
            at = args.at,
        ));
    }
    let outcome_slot = match &args.outcome {
        Some(f) => match schema.slot(f) {
            Some(s) => Some(s),
            None => {
                let fields = schema.fields.iter().map(|f| f.name.as_str());
                return usage_error(format!(
                    "--outcome {f}: the lead fields have no such field{}",
                    did_you_mean(f, fields)
                ));
            }
        },
        None => None,
    };
    let id_name = schema
        .id_field
        .and_then(|slot| schema.fields.get(slot))
        .map(|f| f.name.as_str());
    let mut won_ids = match &args.won_ids {
        None => None,
        Some(path) => match WonIds::read(path, args.won_key.as_deref(), id_name) {
            Ok(ids) => Some(ids),
            Err(code) => return code,
        },
    };
    if outcome_slot.is_none() && won_ids.is_none() {
        return usage_error("say what won: --outcome FIELD or --won-ids FILE");
    }
    if let Some(score) = &args.score {
        let scores = compiled.scores_names();
        if !scores.contains(score) {
            let names: Vec<&str> = scores.iter().map(String::as_str).collect();
            return usage_error(format!(
                "--score {score}: the policy has no such score{} (its scores: {})",
                did_you_mean(score, names.iter().copied()),
                listed(&names),
            ));
        }
    }
    let files = InputFiles::once(&args.input.leads, args.input.events.as_deref());
    let inputs = Inputs::new(schema, &files);
    let outcomes = match inputs.outcomes() {
        Ok(o) => o,
        Err(code) => return code,
    };
    let zone = schema.default_zone.unwrap_or_default();
    let mut record_errors = crate::leads::RecordErrors::default();
    let mut bt = Backtester::new(compiled, args.score.as_deref());
    let (mut unreadable, mut read, mut no_instant) = (0u64, 0u64, 0u64);
    for o in outcomes {
        let lead = match o.result {
            Ok(lead) => lead,
            Err(errors) => {
                record_errors.add(&args.input.leads, errors);
                unreadable += 1;
                bt.skip();
                continue;
            }
        };
        read += 1;
        let won = match (&mut won_ids, outcome_slot.and_then(|s| lead.values.get(s))) {
            (Some(ids), _) => ids.lists(&lead.id),
            (None, Some(FieldValue::YesNo(b))) => *b,
            (None, Some(v)) => !v.is_missing(),
            (None, None) => false,
        };
        let Some(at) = lead
            .values
            .get(at_slot)
            .and_then(|v| accord_report::backtest::judging_instant(v, zone))
        else {
            no_instant += 1;
            bt.skip();
            continue;
        };
        bt.add(&lead, at, won);
    }
    record_errors.print();
    let input_errors = inputs.report();
    crate::leads::warn_if_no_records(&args.input.leads, read + unreadable);
    if no_instant > 0 {
        errln!(
            "warning: {no_instant} of the {read} leads of {} have no {}, so they cannot be judged as of it and are left out of the backtest",
            args.input.leads.display(),
            args.at
        );
    }
    if let Some(ids) = &won_ids {
        ids.warn_no_header();
        if let Err(e) = ids.check(&args.input.leads) {
            return usage_error(e);
        }
    }
    let result = bt.finish();
    let text = match args.format {
        BacktestFormat::Json => serde_json::to_string_pretty(&result).unwrap_or_default() + "\n",
        BacktestFormat::Text => accord_report::backtest::text(&result),
        BacktestFormat::Html => accord_report::html::backtest_page(&result),
    };
    if let Err(e) = super::write_output(args.out.as_deref(), &text) {
        return usage_error(e);
    }
    if input_errors || unreadable > 0 {
        exit::RECORD_ERRORS
    } else {
        exit::OK
    }
}

/// The `--won-ids` file: the ids of its key column (the first, or
/// `--won-key`), and how many leads each of its columns lists, so that a
/// key that matches no lead can be told apart from a funnel that won
/// nothing, and the column that does match can be named.
struct WonIds {
    path: std::path::PathBuf,
    /// The key column: `--won-key NAME`, or the first column's header.
    key: String,
    col: usize,
    /// Each column's header and its values.
    columns: Vec<(String, HashSet<String>)>,
    /// Per column, the leads whose id it lists.
    matched: Vec<u64>,
    /// The leads looked up.
    leads: u64,
    /// Without `--won-key`, the first line's first cell: a header, unless
    /// it is a lead's id (a file of bare ids); then it counts as one.
    first_line: Option<String>,
    first_line_is_id: bool,
}

impl WonIds {
    /// Reads `path` (a missing file or a directory is a usage error, as
    /// for `--leads`); cells that are not valid UTF-8 are read with the
    /// bad bytes replaced, as the leads CSV's are shown.
    /// Its columns are separated by commas, or by the `;`, tab or `|` its
    /// header shows (the key, `--won-key` or the leads' id field, named
    /// under it), as a leads CSV's are.
    fn read(path: &std::path::Path, key: Option<&str>, id: Option<&str>) -> Result<WonIds, u8> {
        let mut file = crate::leads::open_file(path, "--won-ids")?;
        let unreadable =
            |e: csv::Error| usage_error(format!("cannot read {} (--won-ids): {e}", path.display()));
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes)
            .map_err(|e| unreadable(csv::Error::from(e)))?;
        // (Only the first line, the header, is read for it.)
        let separator = accord_records::header_separator(&bytes, |name| Some(name) == key.or(id));
        let mut r = csv::ReaderBuilder::new()
            .flexible(true)
            .delimiter(separator)
            .from_reader(bytes.as_slice());
        let text = |cell: &[u8]| String::from_utf8_lossy(cell).into_owned();
        let headers: Vec<String> = r
            .byte_headers()
            .map_err(unreadable)?
            .iter()
            .map(text)
            .collect();
        if headers.iter().all(String::is_empty) {
            return Err(usage_error(format!(
                "--won-ids {} is empty: it lists no lead ids, so no lead would count as won",
                path.display()
            )));
        }
        let col = match key {
            None => 0,
            Some(k) => headers.iter().position(|h| h == k).ok_or_else(|| {
                usage_error(format!(
                    "{}:1: no column named {k} (columns: {})",
                    path.display(),
                    headers.join(", ")
                ))
            })?,
        };
        let mut columns: Vec<(String, HashSet<String>)> = (headers.iter())
            .map(|h| (h.clone(), HashSet::new()))
            .collect();
        let mut row = csv::ByteRecord::new();
        while r.read_byte_record(&mut row).map_err(unreadable)? {
            for (value, (_, ids)) in row.iter().zip(columns.iter_mut()) {
                if !value.is_empty() {
                    ids.insert(text(value));
                }
            }
        }
        Ok(WonIds {
            path: path.to_path_buf(),
            key: match key {
                Some(k) => format!("--won-key {k}"),
                None => format!(
                    "(key: the first column, {})",
                    headers.first().map_or("", String::as_str)
                ),
            },
            col,
            matched: vec![0; columns.len()],
            columns,
            leads: 0,
            first_line: key
                .is_none()
                .then(|| headers.first().cloned().unwrap_or_default()),
            first_line_is_id: false,
        })
    }

    /// Whether the key column lists `id` (counted, with the other columns').
    fn lists(&mut self, id: &str) -> bool {
        self.leads += 1;
        for ((_, ids), matched) in self.columns.iter().zip(self.matched.iter_mut()) {
            *matched += u64::from(ids.contains(id));
        }
        if self.first_line.as_deref() == Some(id) {
            self.first_line_is_id = true;
            self.matched[self.col] += 1;
            return true;
        }
        self.columns
            .get(self.col)
            .is_some_and(|(_, ids)| ids.contains(id))
    }

    /// Says on stderr that the first line was an id, if it was.
    fn warn_no_header(&self) {
        if let Some(first) = self.first_line.as_ref().filter(|_| self.first_line_is_id) {
            errln!(
                "warning: {} has no header row: its first line, {first}, is the id of a lead, and counts as one",
                self.path.display()
            );
        }
    }

    /// An error when the key column lists no lead of `leads` (some read):
    /// the key is likely wrong, and the column that lists most leads' ids
    /// is suggested.
    fn check(&self, leads: &std::path::Path) -> Result<(), String> {
        if self.leads == 0 || self.matched.get(self.col).is_some_and(|m| *m > 0) {
            return Ok(());
        }
        let ids = self.columns.get(self.col).map_or(0, |(_, ids)| ids.len());
        let better = (self.columns.iter().zip(&self.matched))
            .filter(|((_, _), m)| **m > 0)
            .max_by_key(|(_, m)| **m)
            .map(|((name, _), m)| {
                format!(" (its column {name} lists the ids of {m} leads: try --won-key {name})")
            })
            .unwrap_or_default();
        Err(format!(
            "--won-ids {} {}: none of the {ids} ids read is the id of any of the {} leads of {}{better}, so no lead would count as won",
            self.path.display(),
            self.key,
            self.leads,
            leads.display(),
        ))
    }
}

/// Names for a message, comma-separated; "none" for none.
fn listed(names: &[&str]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}
