//! Do threads deciding under one shared policy slow each other down?
//! `cargo bench -p accord --bench threads` (alone on the machine).
//!
//! Each of N threads decides its own copy of the well-formed leads of
//! `examples/data/leads.ndjson` (×`ACCORD_BENCH_REPS`, default 20) under
//! one shared [`Policy`] — the seed agreement — as a server's or a batch's
//! workers do. The figure is nanoseconds per lead on each thread, the
//! median of `ACCORD_BENCH_PASSES` (default 7) passes, and its ratio to the
//! same work on one thread, measured in the same pass. On cores of their
//! own, independent threads keep that ratio near 1; shared writes (say,
//! reference counts of texts a decision shares with the policy) push it
//! up, more with every core.
//!
//! The control is `decide` (the routing answers), which reads the policy
//! and writes nothing shared: at or below the target, the cores were free.
//! Measured: decoding a lead's NDJSON text (`decode_json`), and `evaluate`,
//! the whole decision (its texts shared with the policy, see
//! `accord_records::per_thread`), with and without the full explanation.
//! The target: N threads take at most 5% more time a lead than one. Each
//! thread warms up on one lead before the clock starts (its copies of the
//! decoder and the policy made, its scratch allocated). N is every core
//! (`ACCORD_BENCH_THREADS` to choose); the figures say nothing at N = 1.

#![allow(clippy::unwrap_used, clippy::panic)]

use accord::{Lead, Policy};
use chrono::{DateTime, Utc};
use std::hint::black_box;
use std::time::Instant;

/// The most per-lead time on N threads may be against one thread.
const SCALING: f64 = 1.05;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// What each thread does to a lead.
#[derive(Clone, Copy)]
enum Work {
    Decide,
    Decode,
    Evaluate,
    Explain,
}

fn main() {
    // `cargo bench` passes `--bench`; under `cargo test --benches`, stay quick.
    let testing = std::env::args().all(|a| a != "--bench");
    let passes = env_or("ACCORD_BENCH_PASSES", if testing { 1 } else { 7 });
    let reps = env_or("ACCORD_BENCH_REPS", if testing { 1 } else { 20 });
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let threads = env_or("ACCORD_BENCH_THREADS", cores).max(1);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let policy = Policy::load(root.join("policies/mql-sql-agreement.accord")).unwrap();
    let as_of: DateTime<Utc> = "2026-11-30T15:00:00Z".parse().unwrap();
    let text = std::fs::read_to_string(root.join("examples/data/leads.ndjson")).unwrap();
    // The readable leads' lines, read by every thread (shared, read only).
    let texts: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(i, l)| {
            policy
                .decoder()
                .decode_json(l.as_bytes(), i + 1, None)
                .is_ok()
        })
        .map(|(i, l)| (i + 1, l))
        .collect();
    let texts = &texts;
    // Each thread its own leads (a lead is decided by one thread, as in a batch).
    let leads: Vec<Vec<Lead>> = (0..threads)
        .map(|_| {
            text.lines()
                .enumerate()
                .filter_map(|(i, l)| policy.decoder().decode_json(l.as_bytes(), i + 1, None).ok())
                .collect()
        })
        .collect();
    let per_thread = leads.first().map_or(0, Vec::len);
    assert!(per_thread > 500, "{per_thread} leads");

    // Nanoseconds per lead on each of `n` threads.
    // One pass of `work` over a thread's leads (`rounds` times).
    let pass = |work: Work, mine: &[Lead], rounds: usize| {
        for _ in 0..rounds {
            if let Work::Decode = work {
                for (record, text) in texts.iter().take(mine.len()) {
                    let lead = policy.decoder().decode_json(text.as_bytes(), *record, None);
                    _ = black_box(lead);
                }
                continue;
            }
            for l in mine {
                match work {
                    Work::Decide | Work::Decode => {
                        _ = black_box(policy.compiled().decide(l, as_of))
                    }
                    Work::Evaluate => _ = black_box(policy.compiled().evaluate(l, as_of, false)),
                    Work::Explain => _ = black_box(policy.compiled().evaluate(l, as_of, true)),
                }
            }
        }
    };
    // Nanoseconds per lead on each of `n` threads. Each thread first
    // warms up (one lead: its copies of the decoder and the policy are
    // made then, its scratch allocated), and the clock starts when all
    // have.
    let run = |work: Work, n: usize| -> f64 {
        let ready = std::sync::Barrier::new(n + 1);
        let (ready, pass) = (&ready, &pass);
        std::thread::scope(|s| {
            for mine in leads.iter().take(n) {
                s.spawn(move || {
                    pass(work, mine.get(..1).unwrap_or_default(), 1);
                    ready.wait();
                    pass(work, mine, reps);
                });
            }
            ready.wait();
            Instant::now()
        })
        .elapsed()
        .as_nanos() as f64
            / (reps * per_thread) as f64
    };

    let works = [
        ("decide (the control)", Work::Decide),
        ("decode_json (each thread its own leads)", Work::Decode),
        ("evaluate (whole Decision)", Work::Evaluate),
        ("evaluate with the full explanation", Work::Explain),
    ];
    let mut one: Vec<Vec<f64>> = vec![Vec::new(); works.len()];
    let mut many: Vec<Vec<f64>> = vec![Vec::new(); works.len()];
    for _ in 0..passes {
        for (i, (_, work)) in works.iter().enumerate() {
            one[i].push(run(*work, 1));
            many[i].push(run(*work, threads));
        }
    }
    println!(
        "accord threads: {per_thread} leads × {reps} on each thread, median of {passes} passes, 1 thread against {threads}"
    );
    println!(
        "  {:<36} {:>9} {:>9}  {:>7}  target",
        "measured in the same run", "1 thread", "N threads", "N / 1"
    );
    for (i, (name, _)) in works.iter().enumerate() {
        let (a, b) = (median(&mut one[i]), median(&mut many[i]));
        let ratio = b / a;
        let target = match i {
            // The control shares nothing: above the target, the cores
            // were not free, and the run says nothing.
            0 if ratio > SCALING => {
                format!("≤ {SCALING} (NOT met: the cores are busy, measure again)")
            }
            0 => format!("≤ {SCALING} (met: the cores are free)"),
            _ if ratio <= SCALING => format!("≤ {SCALING} (met)"),
            _ => format!("≤ {SCALING} (NOT met)"),
        };
        println!("  {name:<36} {a:>9.0} {b:>9.0}  {ratio:>7.3}  {target}");
    }
}
