//! Limits that hold, measured: `cargo bench -p accord --bench limits`.
//!
//! Each scenario runs in a child process of its own, so that its peak
//! memory (VmHWM) is its own; the parent prints one line per scenario with
//! wall time, peak RSS and, for the scaling pairs, the ratio against a
//! baseline ten times smaller measured in the same run (linear work gives
//! about 10).
//!
//! Scenarios:
//! - `events N`: one lead (the first of examples/data) with N events from an
//!   events CSV, evaluated with explanations under every seed policy
//!   (triggers, sliding windows, `for each` points, persistence per day);
//!   100,000 as the baseline, 1,000,000 (the limit), and 1,000,001 (past
//!   it: an error row, the events past the limit not kept).
//! - `text N`: one NDJSON lead whose `full_name` is N bytes: 1 MiB (the
//!   limit: evaluated) and 10 MB (past it: an error row naming the field).
//! - `line N`: one NDJSON line of N bytes, far past the 16 MiB record
//!   limit: an error row, memory bounded by the limit, not the line.
//! - `definitions N`: a policy of N definitions (fits, lists, scores,
//!   triggers, exclusions), checked and compiled: 1,000 as the baseline and
//!   10,000.
//! - `requirements N`: a policy with a fit of N requirements on N fields,
//!   a fit of N requirements on one field and N exclusions on that field
//!   (the checks comparing a block's requirements, and the exclusions,
//!   pairwise for ones that imply another): 2,000 as the baseline and
//!   20,000.
//! - `years N`: one NDJSON lead routed N years before as-of (the year
//!   2026 − N), evaluated with explanations under every seed policy: its
//!   SLAs are late by N years of business time, measured on calendars in
//!   the lead's zone. 10 years as the baseline and 2,025 (routed in the
//!   year 1, the earliest timestamp a lead may hold); linear work would
//!   give 200, the calendar's skip of steady centuries about 1.

use std::io::Cursor;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use accord::Policy;
use accord_records::{EventsIndex, InputFormat};
use chrono::{DateTime, Duration, TimeZone, Utc};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Peak resident memory of this process, in MiB.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn seed_policies() -> Vec<Policy> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(root().join("policies"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    for p in paths {
        if p.extension().is_some_and(|e| e == "accord") {
            if let Ok(policy) = Policy::load(&p) {
                out.push(policy);
            }
        }
    }
    out
}

/// The header and first lead of the bundled CSV data.
fn first_lead_csv() -> String {
    let text = std::fs::read_to_string(root().join("examples/data/leads.csv")).unwrap_or_default();
    text.lines().take(2).collect::<Vec<_>>().join("\n") + "\n"
}

/// `n` events for lead L-000001, one a minute up to as-of, cycling through
/// activities and attempts of several kinds.
fn events_csv(n: usize) -> String {
    const ROWS: [&str; 6] = [
        "activities,page_view,{},pricing,,,",
        "activities,demo_request,{},,,,",
        "activities,email_open,{},,,spring,",
        "attempts,phone,{},,,,connected",
        "attempts,email,{},,,,sent",
        "activities,website_visit,{},,,,",
    ];
    let mut out = String::with_capacity(n * 64);
    out.push_str("lead_id,stream,kind,at,page,question,campaign,outcome\n");
    let start = as_of() - Duration::minutes(n as i64);
    for i in 0..n {
        let at = (start + Duration::minutes(i as i64)).format("%Y-%m-%dT%H:%M:%SZ");
        let row = ROWS[i % ROWS.len()].replace("{}", &at.to_string());
        out.push_str("L-000001,");
        out.push_str(&row);
        out.push('\n');
    }
    out
}

fn scenario_events(n: usize) -> String {
    let policies = seed_policies();
    let events = events_csv(n);
    let leads = first_lead_csv();
    let start = Instant::now();
    let mut summary = String::new();
    for policy in &policies {
        let (index, errors) = EventsIndex::from_csv(policy.schema(), events.as_bytes());
        assert!(errors.is_empty(), "{errors:?}");
        let rows: Vec<_> = policy
            .evaluate_reader(
                Cursor::new(leads.as_bytes()),
                InputFormat::Csv,
                Some(index),
                as_of(),
                true,
                1,
            )
            .collect();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        summary = if row.errors.is_empty() {
            format!("evaluated (mql {:?})", row.mql)
        } else {
            format!("error row: {}", row.errors[0].message)
        };
    }
    format!(
        "{} policies, {summary} in {:.2?}",
        policies.len(),
        start.elapsed()
    )
}

/// The first bundled NDJSON lead with one field set to `value`.
fn ndjson_first_lead_with(field: &str, value: String) -> String {
    let text =
        std::fs::read_to_string(root().join("examples/data/leads.ndjson")).unwrap_or_default();
    let first = text.lines().next().unwrap_or("{}");
    let mut lead: serde_json::Value = serde_json::from_str(first).unwrap_or_default();
    lead[field] = serde_json::Value::String(value);
    lead.to_string() + "\n"
}

fn scenario_text(n: usize) -> String {
    evaluate_one(&ndjson_first_lead_with("full_name", "n".repeat(n)))
}

fn scenario_years(n: usize) -> String {
    let year = 2026 - i64::try_from(n).unwrap_or(0);
    evaluate_one(&ndjson_first_lead_with(
        "routed_at",
        format!("{year:04}-11-09T08:40:08-06:00"),
    ))
}

/// One NDJSON lead evaluated with explanations under every seed policy:
/// what the last policy's row says (evaluated, or its first error), and
/// how long all took.
fn evaluate_one(input: &str) -> String {
    let policies = seed_policies();
    let start = Instant::now();
    let mut summary = String::new();
    for policy in &policies {
        let rows: Vec<_> = policy
            .evaluate_reader(
                Cursor::new(input.as_bytes()),
                InputFormat::Ndjson,
                None,
                as_of(),
                true,
                1,
            )
            .collect();
        assert_eq!(rows.len(), 1);
        summary = match rows[0].errors.first() {
            None => "evaluated".to_string(),
            Some(e) => format!(
                "error row: {} {}",
                e.field.as_deref().unwrap_or("-"),
                e.message
            ),
        };
    }
    format!("{summary} in {:.2?}", start.elapsed())
}

/// A line of `n` bytes streamed (never held whole by the bench either).
struct LongLine {
    left: usize,
}

impl std::io::Read for LongLine {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.left);
        buf[..n].fill(b'x');
        if n > 0 && self.left == n {
            buf[n - 1] = b'\n';
        }
        self.left -= n;
        Ok(n)
    }
}

fn scenario_line(n: usize) -> String {
    let policies = seed_policies();
    let Some(policy) = policies.first() else {
        return "no policy".into();
    };
    let start = Instant::now();
    let reader = std::io::BufReader::new(LongLine { left: n });
    let rows: Vec<_> = policy
        .evaluate_reader(reader, InputFormat::Ndjson, None, as_of(), false, 1)
        .collect();
    let what = rows
        .first()
        .and_then(|r| r.errors.first())
        .map_or("no error".to_string(), |e| e.message.clone());
    format!("{} row(s): {what} in {:.2?}", rows.len(), start.elapsed())
}

/// A policy of about `n` definitions, in five kinds, each used.
fn big_policy(n: usize) -> String {
    let mut s = String::from(
        "lead fields identified by lead_id:\n  lead_id is text\n  employees is a number\n  industry is text\n  activities are events:\n    kind is one of \"visit\", \"demo\"\n\n",
    );
    let per_kind = n / 5;
    for i in 0..per_kind {
        s.push_str(&format!("list l{i}: \"a{i}\", \"b{i}\"\n\n"));
        s.push_str(&format!(
            "fit f{i} \"Fit {i}\":\n  employees is at least {i}\n  industry is in l{i}\n\n"
        ));
        s.push_str(&format!(
            "trigger t{i} \"Trigger {i}\":\n  any of, within the last {} days:\n    an activity \"demo\"\n\n",
            i % 90 + 1
        ));
        s.push_str(&format!(
            "score s{i} \"Score {i}\":\n  +10 when f{i}\n  +5 for each activity \"visit\", at most 20\n\n"
        ));
        s.push_str(&format!(
            "exclusion x{i} \"Exclusion {i}\"\n  when employees is {i} and industry is in l{i}\n\n"
        ));
    }
    s.push_str("mql \"MQL\" when f0 and t0\n");
    s
}

/// A policy whose blocks hold `n` requirements each (see the module docs).
fn long_blocks(n: usize) -> String {
    let mut s =
        String::from("lead fields identified by lead_id:\n  lead_id is text\n  x is a number\n");
    for i in 0..n {
        s.push_str(&format!("  f{i} is a number\n"));
    }
    s.push_str("\nfit distinct \"On N fields\":\n");
    for i in 0..n {
        s.push_str(&format!("  f{i} is at least 1\n"));
    }
    s.push_str("\nfit same \"On one field\":\n");
    for i in 0..n {
        s.push_str(&format!("  x is at least {i}\n"));
    }
    s.push('\n');
    for i in 0..n {
        s.push_str(&format!(
            "exclusion e{i} \"E{i}\" when x is at least {}\n",
            n - i
        ));
    }
    s.push_str("\nmql \"MQL\" when distinct and same and no exclusion applies\n");
    s
}

fn scenario_definitions(n: usize) -> String {
    checked_and_compiled(big_policy(n))
}

fn scenario_requirements(n: usize) -> String {
    checked_and_compiled(long_blocks(n))
}

/// Checks and compiles a policy's text; what came of it.
fn checked_and_compiled(text: String) -> String {
    let bytes = text.len();
    let start = Instant::now();
    let mut ws = accord_check::Workspace::with_reader(move |_| Ok(text.clone()));
    let id = match ws.load(Path::new("big.accord")) {
        Ok(id) => id,
        Err(e) => return format!("load error: {e}"),
    };
    let diagnostics = ws.diagnostics(id);
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let checked = start.elapsed();
    let resolved = ws.resolved(id);
    let compiled = accord_eval::compile(&resolved.files, &resolved.schema, &resolved.sources);
    format!(
        "{} KiB, {} errors ({}), {} warnings; checked in {checked:.2?}, compiled ({}) in {:.2?} total",
        bytes / 1024,
        errors.len(),
        errors.first().map_or(String::new(), |d| d.message.clone()),
        diagnostics.len() - errors.len(),
        if compiled.is_ok() { "ok" } else { "refused" },
        start.elapsed()
    )
}

fn child(kind: &str, n: usize) {
    let out = match kind {
        "events" => scenario_events(n),
        "text" => scenario_text(n),
        "line" => scenario_line(n),
        "definitions" => scenario_definitions(n),
        "requirements" => scenario_requirements(n),
        "years" => scenario_years(n),
        _ => String::from("unknown scenario"),
    };
    println!("{out}\t{:.0}", peak_rss_mib());
}

/// Runs one scenario in a child; (seconds, peak MiB, what it said).
fn run(kind: &str, n: usize) -> (f64, f64, String) {
    let start = Instant::now();
    let out = Command::new(std::env::current_exe().unwrap_or_default())
        .args(["scenario", kind, &n.to_string()])
        .output();
    let secs = start.elapsed().as_secs_f64();
    let text = out
        .map(|o| {
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
        })
        .unwrap_or_default();
    let (said, rss) = text.trim().rsplit_once('\t').unwrap_or((text.trim(), "0"));
    (secs, rss.parse().unwrap_or(0.0), said.to_string())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("scenario") {
        let kind = args.get(2).cloned().unwrap_or_default();
        let n = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(0);
        child(&kind, n);
        return;
    }
    let pairs: [(&str, usize, usize); 4] = [
        ("events", 100_000, 1_000_000),
        ("definitions", 1_000, 10_000),
        ("requirements", 2_000, 20_000),
        ("years", 10, 2_025),
    ];
    for (kind, base, big) in pairs {
        let (t0, m0, s0) = run(kind, base);
        let (t1, m1, s1) = run(kind, big);
        println!("{kind} {base}: {t0:.2} s, peak {m0:.0} MiB — {s0}");
        println!("{kind} {big}: {t1:.2} s, peak {m1:.0} MiB — {s1}");
        println!(
            "{kind} ratio {big}/{base}: time {:.1}, memory {:.1}",
            t1 / t0.max(1e-9),
            m1 / m0.max(1e-9)
        );
    }
    for (kind, n) in [
        ("events", 1_000_001),
        ("text", 1 << 20),
        ("text", 10_000_000),
        ("line", 100 << 20),
    ] {
        let (t, m, s) = run(kind, n);
        println!("{kind} {n}: {t:.2} s, peak {m:.0} MiB — {s}");
    }
}
