//! Throughput of evaluation against the parse-only floor, in one run.
//!
//! ```text
//! cargo bench -p accord-eval --bench throughput                   # 100,000 leads
//! ACCORD_BENCH_LEADS=1000000 cargo bench -p accord-eval --bench throughput
//! ACCORD_BENCH_INPUT=/tmp/big/leads.ndjson cargo bench -p accord-eval --bench throughput
//! ```
//!
//! Input: `ACCORD_BENCH_INPUT` (an NDJSON file), else N generated leads
//! (`ACCORD_BENCH_LEADS`, default 100,000) written once to
//! `target/accord-bench/<N>/leads.ndjson` by the records crate's
//! deterministic generator. Policy: `policies/mql-sql-agreement.accord`
//! (`ACCORD_BENCH_POLICY` to change it). As of: `ACCORD_BENCH_AS_OF`
//! (default 2026-11-30T15:00:00Z, the bundled data's export instant).
//!
//! Threads: like with like, the floor and the evaluation run on the same
//! number of threads. By default the bench measures twice, on one thread
//! and on all cores, and reports each separately;
//! `ACCORD_BENCH_THREADS=N` measures N threads only.
//!
//! Measures, each the best of `ACCORD_BENCH_RUNS` (default 3) runs:
//! (a) parse-only floor: read the lines in order, as the batch reads them,
//!     and parse each into a `serde_json::Value`, chunk by chunk in
//!     parallel like the batch;
//! (b) decisions end to end: read + decode + evaluate (parallel), rows built;
//! (c) the same with explanations.
//! Prints leads/second and the ratios b/a and c/a (targets ≤ 1.5 and ≤ 3).

#![allow(clippy::unwrap_used, clippy::panic)]

use accord_eval::batch::{evaluate_ndjson, CHUNK};
use accord_records::limits::{read_line, Line};
use accord_records::RecordDecoder;
use chrono::{DateTime, Utc};
use rayon::prelude::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The input file: given, or generated once per lead count.
fn input(leads: usize) -> PathBuf {
    if let Ok(p) = std::env::var("ACCORD_BENCH_INPUT") {
        return PathBuf::from(p);
    }
    let root = workspace_root();
    let dir = root.join("target/accord-bench").join(leads.to_string());
    let file = dir.join("leads.ndjson");
    if !file.exists() {
        eprintln!("generating {leads} leads into {}", dir.display());
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(&root)
            .args([
                "run",
                "--release",
                "-q",
                "-p",
                "accord-records",
                "--example",
                "generate_leads",
                "--",
            ])
            .args(["--count", &leads.to_string(), "--out"])
            .arg(&dir)
            .arg("--ndjson-only")
            .status()
            .unwrap();
        assert!(status.success(), "the lead generator failed");
    }
    file
}

fn best<F: FnMut() -> usize>(runs: usize, mut f: F) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut n = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        n = f();
        best = best.min(start.elapsed());
    }
    (best, n)
}

/// The parse-only floor on `pool`: lines read in order (as the batch reads
/// them), each chunk of [`CHUNK`] parsed into `serde_json::Value`s in
/// parallel. Returns the number of records.
fn parse_floor(reader: impl BufRead, pool: &rayon::ThreadPool, limit: usize) -> usize {
    let mut reader = reader;
    let mut n = 0;
    let mut done = false;
    while !done {
        let mut chunk: Vec<Vec<u8>> = Vec::with_capacity(CHUNK);
        while chunk.len() < CHUNK {
            let mut bytes = Vec::new();
            match read_line(&mut reader, &mut bytes, limit) {
                Ok(Line::Read) if bytes.iter().all(u8::is_ascii_whitespace) => {}
                Ok(Line::Read) => chunk.push(bytes),
                Ok(Line::TooLong(_)) => chunk.push(Vec::new()),
                Ok(Line::End) | Err(_) => {
                    done = true;
                    break;
                }
            }
        }
        n += chunk.len();
        pool.install(|| {
            chunk.par_iter().for_each(|line| {
                std::hint::black_box(serde_json::from_slice::<serde_json::Value>(line).ok());
            })
        });
    }
    n
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing
    // useful either — in test mode, stay quick.
    let testing = std::env::args().all(|a| a != "--bench");
    let leads: usize = env_or("ACCORD_BENCH_LEADS", if testing { 2_000 } else { 100_000 });
    let runs: usize = env_or("ACCORD_BENCH_RUNS", if testing { 1 } else { 3 });
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let thread_counts: Vec<usize> = match env_or("ACCORD_BENCH_THREADS", 0) {
        0 if cores > 1 => vec![1, cores],
        0 => vec![1],
        n => vec![n],
    };
    let as_of: DateTime<Utc> = env_or(
        "ACCORD_BENCH_AS_OF",
        "2026-11-30T15:00:00Z".parse().unwrap(),
    );
    let policy_path = std::env::var("ACCORD_BENCH_POLICY")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace_root().join("policies/mql-sql-agreement.accord"));

    let mut ws = accord_check::Workspace::new();
    let id = ws.load(&policy_path).unwrap();
    let resolved = ws.resolved(id);
    let policy = match accord_eval::compile(&resolved.files, &resolved.schema, &resolved.sources) {
        Ok(p) => p,
        Err(d) => panic!("the policy does not compile: {d:#?}"),
    };
    let decoder = RecordDecoder::new(&resolved.schema);
    let path = input(leads);
    let open = || BufReader::with_capacity(1 << 20, std::fs::File::open(&path).unwrap());

    println!(
        "accord-eval throughput: {} from {}",
        leads_label(&path),
        path.display()
    );
    println!(
        "  policy {} {}; best of {runs} runs each; (a) and (b), (c) on the same threads",
        policy.meta().name,
        policy.meta().version.as_deref().unwrap_or("")
    );
    for threads in thread_counts {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let limit = decoder.limits().record_bytes;
        let (a, na) = best(runs, || parse_floor(open(), &pool, limit));
        let (policy_ref, decoder_ref, open_ref) = (&policy, &decoder, &open);
        let run = |explain: bool| {
            move || {
                let mut n = 0;
                let mut mql = 0;
                for row in
                    evaluate_ndjson(policy_ref, decoder_ref, open_ref(), as_of, explain, threads)
                {
                    n += 1;
                    mql += usize::from(row.mql == Some(true));
                    std::hint::black_box(&row);
                }
                std::hint::black_box(mql);
                n
            }
        };
        let (b, nb) = best(runs, run(false));
        let (c, nc) = best(runs, run(true));
        assert_eq!(na, nb);
        assert_eq!(na, nc);

        let rate = |d: Duration| na as f64 / d.as_secs_f64();
        println!("  {threads} thread(s), {na} records:");
        println!(
            "    (a) parse-only floor        {:>12.0} leads/s  ({:.3} s)",
            rate(a),
            a.as_secs_f64()
        );
        println!(
            "    (b) decisions, end to end   {:>12.0} leads/s  ({:.3} s)",
            rate(b),
            b.as_secs_f64()
        );
        println!(
            "    (c) with explanations       {:>12.0} leads/s  ({:.3} s)",
            rate(c),
            c.as_secs_f64()
        );
        let ba = b.as_secs_f64() / a.as_secs_f64();
        let ca = c.as_secs_f64() / a.as_secs_f64();
        println!("    b/a = {ba:.2} (target ≤ 1.5)   c/a = {ca:.2} (target ≤ 3)");
    }
}

/// `100000 leads` or `an input file`.
fn leads_label(path: &Path) -> String {
    std::fs::metadata(path).map_or_else(
        |_| "input".into(),
        |m| format!("{:.1} MB", m.len() as f64 / 1e6),
    )
}
