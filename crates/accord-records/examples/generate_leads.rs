//! Deterministic example data: realistic leads matching
//! `policies/shared/schema.accord`, written as
//! - `leads.ndjson` — one lead per line with embedded `activities` and
//!   `attempts` arrays;
//! - `leads.csv` + `events.csv` — the same leads in the CRM-export shape
//!   (lead fields one row per lead; activities and attempts one row per
//!   event, columns `lead_id,stream,kind,at,page,question,campaign,outcome`).
//!
//! ```text
//! cargo run -p accord-records --example generate_leads -- --count 600 --seed 42 --out examples/data
//! cargo run --release -p accord-records --example generate_leads -- --count 1000000 --out /tmp/big --ndjson-only
//! ```
//!
//! Same seed, same bytes (a splitmix64 generator, no clock, no hash-map
//! order). Leads are generated and written one at a time, so a million
//! leads stream to disk in constant memory. About 3% of the leads carry a
//! deliberate mistake (every 33rd lead, cycling through the kinds in
//! [`Mistake`]), applied to both shapes; the list is printed at the end.
//!
//! Time shape: leads are created 2026-10-19 … 2026-11-28 in seven zones, so
//! SLAs span the EU DST end (2026-10-25), the US DST end (2026-11-01) and
//! Thanksgiving (2026-11-26); attempts and activities happen at plausible
//! local times, including after hours and weekends. Nothing happens after
//! the export instant, 2026-11-30T15:00:00Z: evaluate the data as of then.
//!
//! Mix: about four leads in five are drawn from the seed agreement's ideal
//! customer profile (its target countries, title levels, functions, sizes
//! and industries) and most of those show intent, so that under
//! `policies/mql-sql-agreement.accord` roughly a fifth of the leads are
//! MQLs, every tier and every SLA state occurs, and some earlier-rejected
//! leads are up for re-entry. `tests/cli_eval.rs` checks that mix.

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[path = "leadgen/mod.rs"]
mod leadgen;

use leadgen::{apply_mistake, gen_lead, Ev, GenLead, Rng, Val, MISTAKES};
pub use leadgen::{Mistake, EVENT_COLUMNS, FIELDS};

/// Command-line options.
#[derive(Clone, Debug)]
pub struct Options {
    pub count: usize,
    pub seed: u64,
    pub out: PathBuf,
    pub ndjson_only: bool,
}

/// What was written.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub leads: usize,
    pub activities: usize,
    pub attempts: usize,
    /// (lead id, mistake) for every deliberately malformed lead.
    pub malformed: Vec<(String, Mistake)>,
}

/// The deliberate mistakes, each applied to both shapes.
fn main() {
    let opts = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("generate_leads: {msg}");
            eprintln!("usage: generate_leads [--count N] [--seed S] [--out DIR] [--ndjson-only]");
            std::process::exit(2);
        }
    };
    match generate(&opts) {
        Ok(s) => {
            println!(
                "wrote {} leads ({} activities, {} attempts) to {}",
                s.leads,
                s.activities,
                s.attempts,
                opts.out.display()
            );
            println!("{} deliberately malformed:", s.malformed.len());
            for (id, m) in s.malformed.iter().take(40) {
                println!("  {id}: {m:?}");
            }
        }
        Err(e) => {
            eprintln!("generate_leads: {e}");
            std::process::exit(1);
        }
    }
}

pub fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut opts = Options {
        count: 600,
        seed: 42,
        out: PathBuf::from("examples/data"),
        ndjson_only: false,
    };
    let mut ndjson_only = false;
    leadgen::parse_generator_args(
        args,
        &mut opts.count,
        &mut opts.seed,
        &mut opts.out,
        |flag| {
            ndjson_only |= flag == "--ndjson-only";
            flag == "--ndjson-only"
        },
    )?;
    opts.ndjson_only = ndjson_only;
    Ok(opts)
}

// ---------------------------------------------------------------------------
// Writing

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn ts(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn event_json(out: &mut String, ev: &Ev, kind_field: &str) {
    out.push_str(&format!(
        "{{\"{kind_field}\":{},\"at\":\"{}\"",
        json_str(ev.kind),
        utc(ev.at)
    ));
    for (name, v) in [
        ("page", ev.page),
        ("question", ev.question),
        ("campaign", ev.campaign),
        ("outcome", ev.outcome),
    ] {
        if let Some(v) = v {
            out.push_str(&format!(",\"{name}\":{}", json_str(v)));
        }
    }
    out.push('}');
}

fn ndjson_line(lead: &GenLead) -> String {
    let mut out = String::with_capacity(2048);
    out.push('{');
    let mut first = true;
    for (name, v) in FIELDS.iter().zip(&lead.values) {
        let text = match v {
            Val::Absent => continue,
            Val::Null => "null".to_string(),
            Val::Str(s) => json_str(s),
            Val::Num(n) => n.to_string(),
            Val::Bool(b) => b.to_string(),
            Val::Time(t) => format!("\"{}\"", ts(*t, lead.tz)),
            Val::Naive(t) => format!("\"{}\"", t.format("%Y-%m-%d %H:%M:%S")),
            Val::Raw(json, _) => json.clone(),
        };
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&format!("\"{name}\":{text}"));
    }
    for (name, events, kind_field) in [
        ("activities", &lead.activities, "kind"),
        ("attempts", &lead.attempts, "channel"),
    ] {
        out.push_str(&format!(",\"{name}\":["));
        for (i, ev) in events.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            event_json(&mut out, ev, kind_field);
        }
        out.push(']');
    }
    out.push('}');
    if lead.mistake == Some(Mistake::Malformed) {
        // Cut short, as by a crashed exporter (the id stays readable).
        let cut = out
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| i >= out.len() * 3 / 5)
            .unwrap_or(out.len());
        out.truncate(cut);
    }
    out.push('\n');
    out
}

fn csv_cells(lead: &GenLead) -> Vec<String> {
    let mut cells: Vec<String> = lead
        .values
        .iter()
        .map(|v| match v {
            Val::Absent | Val::Null => String::new(),
            Val::Str(s) => s.clone(),
            Val::Num(n) => n.to_string(),
            Val::Bool(b) => b.to_string(),
            Val::Time(t) => ts(*t, lead.tz),
            Val::Naive(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            Val::Raw(_, csv) => csv.clone(),
        })
        .collect();
    if lead.mistake == Some(Mistake::Malformed) {
        cells.pop(); // a row one column short
    }
    cells
}

fn event_rows(lead: &GenLead) -> impl Iterator<Item = [String; 8]> + '_ {
    let acts = lead.activities.iter().map(|e| ("activities", e));
    let atts = lead.attempts.iter().map(|e| ("attempts", e));
    let opt = |v: Option<&str>| v.unwrap_or("").to_string();
    acts.chain(atts).map(move |(stream, e)| {
        [
            lead.id.clone(),
            stream.to_string(),
            e.kind.to_string(),
            utc(e.at),
            opt(e.page),
            opt(e.question),
            opt(e.campaign),
            opt(e.outcome),
        ]
    })
}

fn csv_error(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// Generates `opts.count` leads into `opts.out`, one at a time.
pub fn generate(opts: &Options) -> std::io::Result<Summary> {
    std::fs::create_dir_all(&opts.out)?;
    let mut ndjson =
        BufWriter::with_capacity(1 << 20, File::create(opts.out.join("leads.ndjson"))?);
    let mut csvs = if opts.ndjson_only {
        None
    } else {
        let mut leads = csv::WriterBuilder::new()
            .flexible(true)
            .from_path(opts.out.join("leads.csv"))
            .map_err(csv_error)?;
        let mut events = csv::Writer::from_path(opts.out.join("events.csv")).map_err(csv_error)?;
        leads.write_record(FIELDS).map_err(csv_error)?;
        events.write_record(EVENT_COLUMNS).map_err(csv_error)?;
        Some((leads, events))
    };
    let mut rng = Rng::new(opts.seed);
    let mut summary = Summary::default();
    for n in 1..=opts.count {
        // Every 33rd lead (3%), cycling through the kinds of mistake.
        let mistake = if n % 33 == 17 {
            MISTAKES
                .get(summary.malformed.len() % MISTAKES.len())
                .copied()
        } else {
            None
        };
        let mut lead = gen_lead(&mut rng, n, mistake);
        apply_mistake(&mut lead);
        if let Some(m) = mistake {
            summary.malformed.push((lead.id.clone(), m));
        }
        summary.leads += 1;
        summary.activities += lead.activities.len();
        summary.attempts += lead.attempts.len();
        ndjson.write_all(ndjson_line(&lead).as_bytes())?;
        if let Some((leads, events)) = csvs.as_mut() {
            leads.write_record(csv_cells(&lead)).map_err(csv_error)?;
            for row in event_rows(&lead) {
                events.write_record(row).map_err(csv_error)?;
            }
        }
    }
    ndjson.flush()?;
    if let Some((mut leads, mut events)) = csvs {
        leads.flush()?;
        events.flush()?;
    }
    Ok(summary)
}
