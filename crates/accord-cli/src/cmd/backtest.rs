//! `accord backtest`: the MQL definition applied to historical leads, each
//! as of its own instant (`--at`, default `created_at`; a date field judges
//! the lead at the end of that day), against what won
//! (`--outcome FIELD`, or `--won-ids FILE`: the lead's id is listed there).
//! The figures are `accord_report::backtest`'s.

use super::eval::load_at;
use super::{exit, usage_error};
use crate::cli::{BacktestArgs, BacktestFormat};
use crate::leads::{InputFiles, Inputs};
use accord_records::{FieldType, FieldValue};
use accord_report::backtest::Backtester;
use std::collections::HashSet;

pub fn run(args: &BacktestArgs, color: bool) -> u8 {
    let (_, policy) = match load_at(&args.input, color) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let compiled = policy.compiled();
    let schema = policy.schema();
    let Some(at_slot) = schema.slot(&args.at) else {
        return usage_error(format!(
            "--at {}: the lead fields have no such field",
            args.at
        ));
    };
    let instant = |ty: &FieldType| matches!(ty, FieldType::Timestamp | FieldType::Date);
    if let Some(field) = schema.field(&args.at).filter(|f| !instant(&f.ty)) {
        let instants: Vec<&str> = (schema.fields.iter())
            .filter(|f| instant(&f.ty))
            .map(|f| f.name.as_str())
            .collect();
        return usage_error(format!(
            "--at {at}: {at} is {}, not a timestamp or a date (the lead's timestamps and dates: {})",
            field.ty.describe(),
            instants.join(", "),
            at = args.at,
        ));
    }
    let outcome_slot = match &args.outcome {
        Some(f) => match schema.slot(f) {
            Some(s) => Some(s),
            None => {
                return usage_error(format!("--outcome {f}: the lead fields have no such field"))
            }
        },
        None => None,
    };
    let won_ids: Option<HashSet<String>> = match &args.won_ids {
        None => None,
        Some(path) => match read_ids(path, args.won_key.as_deref()) {
            Ok(ids) => Some(ids),
            Err(e) => return usage_error(e),
        },
    };
    if outcome_slot.is_none() && won_ids.is_none() {
        return usage_error("say what won: --outcome FIELD or --won-ids FILE");
    }
    if let Some(score) = &args.score {
        if !compiled.scores_names().contains(score) {
            return usage_error(format!("--score {score}: the policy has no such score"));
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
    for o in outcomes {
        let lead = match o.result {
            Ok(lead) => lead,
            Err(errors) => {
                record_errors.add(&args.input.leads, errors);
                bt.skip();
                continue;
            }
        };
        let Some(at) = lead
            .values
            .get(at_slot)
            .and_then(|v| accord_report::backtest::judging_instant(v, zone))
        else {
            bt.skip();
            continue;
        };
        let won = match (&won_ids, outcome_slot.and_then(|s| lead.values.get(s))) {
            (Some(ids), _) => ids.contains(&*lead.id),
            (None, Some(FieldValue::YesNo(b))) => *b,
            (None, Some(v)) => !v.is_missing(),
            (None, None) => false,
        };
        bt.add(&lead, at, won);
    }
    record_errors.print();
    let input_errors = inputs.report();
    let result = bt.finish();
    let text = match args.format {
        BacktestFormat::Json => serde_json::to_string_pretty(&result).unwrap_or_default() + "\n",
        BacktestFormat::Text => accord_report::backtest::text(&result),
        BacktestFormat::Html => accord_report::html::backtest_page(&result),
    };
    if let Err(e) = super::write_output(args.out.as_deref(), &text) {
        return usage_error(e);
    }
    if input_errors || result.skipped > 0 {
        exit::RECORD_ERRORS
    } else {
        exit::OK
    }
}

/// The ids of a CSV's key column (the first, or `key`).
fn read_ids(path: &std::path::Path, key: Option<&str>) -> Result<HashSet<String>, String> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let headers = r
        .headers()
        .map_err(|e| format!("{}:1: the header cannot be read: {e}", path.display()))?
        .clone();
    let col = match key {
        None => 0,
        Some(k) => headers.iter().position(|h| h == k).ok_or_else(|| {
            format!(
                "{}:1: no column named {k} (columns: {})",
                path.display(),
                headers.iter().collect::<Vec<_>>().join(", ")
            )
        })?,
    };
    let mut ids = HashSet::new();
    for row in r.records() {
        let row = row.map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(id) = row.get(col).filter(|s| !s.is_empty()) {
            ids.insert(id.to_string());
        }
    }
    Ok(ids)
}
