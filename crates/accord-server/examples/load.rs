//! A bounded load run against `accord serve` (not part of the test run):
//! requests per second and p50/p99 latency for single-lead evaluate with
//! and without explanations and for batches of 1,000 leads, at
//! concurrency 1, 16 and 64, counting every answer that is not 200, and
//! the server's peak memory (VmHWM, Linux).
//!
//! ```sh
//! nice -n 19 cargo run --release -p accord-server --example load -- [--seconds 5]
//! ```
//!
//! The server runs in a child process (this same program, `--serve`), so
//! its peak memory is its own; the client speaks HTTP/1.1 with keep-alive
//! over one connection per concurrent client. Leads: the bundled example
//! data set (`examples/data/leads.ndjson`), cycled. The baseline, measured
//! in the same run, is the same 1,000-lead batch evaluated in this process
//! through the library's batch path (the one `accord eval` runs), rows
//! written as JSON: the ratio is what serving over HTTP costs.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const AS_OF: &str = "2026-11-30T15:00:00Z";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--serve") {
        serve();
        return;
    }
    let seconds: f64 = args
        .iter()
        .position(|a| a == "--seconds")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(5.0);
    let mut child = Command::new(std::env::current_exe().unwrap())
        .arg("--serve")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr: SocketAddr = first.trim().parse().unwrap();
    let leads: Vec<String> = std::fs::read_to_string(repo().join("examples/data/leads.ndjson"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let batch: String = leads
        .iter()
        .cycle()
        .take(1000)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    // A single lead that does not fit the schema is answered 422 (the data
    // set has some on purpose): single-lead runs send the readable ones;
    // batches send all (a bad record is an error row, answered 200).
    let policy = accord::Policy::load(repo().join("policies/mql-sql-agreement.accord")).unwrap();
    let as_of = accord::parse_instant(AS_OF).unwrap();
    let readable: Vec<String> = leads
        .iter()
        .filter(|l| {
            !policy
                .evaluate_json_text(l.as_bytes(), 1, None, as_of, false)
                .is_error()
        })
        .cloned()
        .collect();
    drop(policy);
    // The baseline, measured in the same run: the same 1,000 leads through
    // the library's batch path (what `accord eval` runs), in this process.
    let baseline = in_process_leads_per_second(&batch, Duration::from_secs_f64(seconds));
    println!(
        "in-process baseline (accord eval's batch path, same 1,000 leads): {baseline:.0} leads/s\n"
    );
    println!(
        "| request | concurrency | requests | req/s | leads/s | ratio to baseline | p50 | p99 | non-200 |\n|---|---|---|---|---|---|---|---|---|"
    );
    let mut failures = 0;
    for (name, path, ctype, bodies) in [
        (
            "evaluate, one lead",
            format!("/v1/evaluate?as_of={AS_OF}"),
            "application/json",
            readable.clone(),
        ),
        (
            "evaluate, one lead, explained",
            format!("/v1/evaluate?as_of={AS_OF}&explain=true"),
            "application/json",
            readable.clone(),
        ),
        (
            "evaluate, batch of 1,000",
            format!("/v1/evaluate?as_of={AS_OF}"),
            "application/x-ndjson",
            vec![batch.clone()],
        ),
    ] {
        let per_request = if bodies.len() == 1 { 1000 } else { 1 };
        for concurrency in [1, 16, 64] {
            let r = run(
                addr,
                &path,
                ctype,
                &bodies,
                concurrency,
                Duration::from_secs_f64(seconds),
            );
            failures += r.failures;
            let leads_per_second =
                (r.latencies.len() * per_request) as f64 / r.elapsed.as_secs_f64();
            println!(
                "| {name} | {concurrency} | {} | {:.0} | {leads_per_second:.0} | {:.2} | {} | {} | {} |",
                r.latencies.len(),
                r.latencies.len() as f64 / r.elapsed.as_secs_f64(),
                leads_per_second / baseline,
                ms(percentile(&r.latencies, 0.50)),
                ms(percentile(&r.latencies, 0.99)),
                r.failures
            );
        }
    }
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: unknown");
    println!(
        "\nserver peak memory: {}",
        hwm.trim_start_matches("VmHWM:").trim()
    );
    let _ = child.kill();
    let _ = child.wait();
    if failures > 0 {
        eprintln!("{failures} answers were not 200");
        std::process::exit(1);
    }
}

/// Leads per second through `accord::Policy::evaluate_reader` (NDJSON,
/// all cores, no explanations), the CLI's path, over `length`.
fn in_process_leads_per_second(batch: &str, length: Duration) -> f64 {
    let policy = accord::Policy::load(repo().join("policies/mql-sql-agreement.accord")).unwrap();
    let as_of = accord::parse_instant(AS_OF).unwrap();
    let started = Instant::now();
    let mut leads = 0usize;
    while started.elapsed() < length {
        let rows = policy.evaluate_reader(
            batch.as_bytes(),
            accord_records::InputFormat::Ndjson,
            None,
            as_of,
            false,
            0,
        );
        // Written out as the server writes them, so both pay for JSON.
        leads += rows
            .map(|r| r.to_json_line().len())
            .filter(|n| *n > 0)
            .count();
    }
    leads as f64 / started.elapsed().as_secs_f64()
}

/// The child: the server on a free loopback port, its address on stdout.
fn serve() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let policy = repo().join("policies/mql-sql-agreement.accord");
        let mut config = accord_server::Config::new(vec![policy], "127.0.0.1:0".parse().unwrap());
        config.watch = None;
        let server = accord_server::Server::bind(config).await.unwrap();
        println!("{}", server.local_addr().unwrap());
        std::io::stdout().flush().unwrap();
        server.run(std::future::pending()).await.unwrap();
    });
}

struct RunResult {
    latencies: Vec<Duration>,
    failures: usize,
    elapsed: Duration,
}

fn run(
    addr: SocketAddr,
    path: &str,
    ctype: &str,
    bodies: &[String],
    concurrency: usize,
    length: Duration,
) -> RunResult {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (path, ctype, bodies, next) = (path.to_string(), ctype.to_string(), bodies.to_vec(), Arc::clone(&next));
            std::thread::spawn(move || {
                let mut conn = TcpStream::connect(addr).unwrap();
                conn.set_nodelay(true).unwrap();
                let mut reader = BufReader::new(conn.try_clone().unwrap());
                let (mut latencies, mut failures) = (Vec::new(), 0);
                while started.elapsed() < length {
                    let body = &bodies[next.fetch_add(1, Ordering::Relaxed) % bodies.len()];
                    let head = format!(
                        "POST {path} HTTP/1.1\r\nhost: load\r\ncontent-type: {ctype}\r\ncontent-length: {}\r\n\r\n",
                        body.len()
                    );
                    let t = Instant::now();
                    conn.write_all(head.as_bytes()).unwrap();
                    conn.write_all(body.as_bytes()).unwrap();
                    let status = read_response(&mut reader);
                    latencies.push(t.elapsed());
                    if status != 200 {
                        failures += 1;
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut result = RunResult {
        latencies: Vec::new(),
        failures: 0,
        elapsed: Duration::ZERO,
    };
    for w in workers {
        let (l, f) = w.join().unwrap();
        result.latencies.extend(l);
        result.failures += f;
    }
    result.elapsed = started.elapsed();
    result.latencies.sort();
    result
}

/// Reads one response (status line, headers, `content-length` body) and
/// returns its status.
fn read_response(reader: &mut BufReader<TcpStream>) -> u16 {
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap();
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    status
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
