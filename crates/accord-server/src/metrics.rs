//! Prometheus metrics in the text exposition format, kept by hand (a few
//! counters and one histogram need no library): requests and their
//! latencies by route, method and status; decisions by verdict; reloads by
//! outcome; requests in flight; the policy versions being served.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Latency bucket bounds, in seconds.
const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default, Clone)]
struct Histogram {
    /// Cumulative counts per bucket bound (le), then +Inf = `count`.
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        for (bound, n) in BUCKETS.iter().zip(self.buckets.iter_mut()) {
            if seconds <= *bound {
                *n += 1;
            }
        }
        self.count += 1;
        self.sum += seconds;
    }
}

/// Counters shared by every request.
#[derive(Default)]
pub struct Metrics {
    /// (route, method, status) → latencies.
    requests: Mutex<BTreeMap<(String, String, u16), Histogram>>,
    /// verdict → decisions.
    decisions: Mutex<BTreeMap<&'static str, u64>>,
    /// outcome → reloads.
    reloads: Mutex<BTreeMap<&'static str, u64>>,
    in_flight: AtomicI64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The verdict of a row, for `accord_decisions_total`: the furthest stage
/// reached, `not_mql`, or `error` for a record that could not be read.
pub fn verdict(row: &accord::Row) -> &'static str {
    if row.is_error() {
        "error"
    } else if row.sql == Some(true) {
        "sql"
    } else if row.sal == Some(true) {
        "sal"
    } else if row.mql == Some(true) {
        "mql"
    } else {
        "not_mql"
    }
}

impl Metrics {
    pub fn request(&self, route: &str, method: &str, status: u16, took: Duration) {
        lock(&self.requests)
            .entry((route.to_string(), method.to_string(), status))
            .or_default()
            .observe(took.as_secs_f64());
    }

    pub fn decisions<'r>(&self, rows: impl IntoIterator<Item = &'r accord::Row>) {
        let mut by_verdict: BTreeMap<&'static str, u64> = BTreeMap::new();
        for row in rows {
            *by_verdict.entry(verdict(row)).or_default() += 1;
        }
        let mut decisions = lock(&self.decisions);
        for (v, n) in by_verdict {
            *decisions.entry(v).or_default() += n;
        }
    }

    /// `applied` or `refused`.
    pub fn reload(&self, outcome: &'static str) {
        *lock(&self.reloads).entry(outcome).or_default() += 1;
    }

    pub fn enter(&self) {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
    }

    pub fn leave(&self) {
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
    }

    /// The exposition text; `policies` are (agreement, version, hash,
    /// whether in effect now) of the set being served.
    pub fn render(&self, policies: &[(String, String, String, bool)]) -> String {
        let mut out = String::new();
        let label = |s: &str| {
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
        };
        out.push_str("# HELP accord_http_requests_total HTTP requests answered, by route, method and status.\n");
        out.push_str("# TYPE accord_http_requests_total counter\n");
        let requests = lock(&self.requests).clone();
        for ((route, method, status), h) in &requests {
            let _ = writeln!(
                out,
                "accord_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {}",
                label(route),
                h.count
            );
        }
        out.push_str("# HELP accord_http_request_duration_seconds Time from a request's arrival to its answer.\n");
        out.push_str("# TYPE accord_http_request_duration_seconds histogram\n");
        for ((route, method, status), h) in &requests {
            let labels = format!(
                "route=\"{}\",method=\"{method}\",status=\"{status}\"",
                label(route)
            );
            for (bound, n) in BUCKETS.iter().zip(h.buckets.iter()) {
                let _ = writeln!(
                    out,
                    "accord_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "accord_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "accord_http_request_duration_seconds_sum{{{labels}}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "accord_http_request_duration_seconds_count{{{labels}}} {}",
                h.count
            );
        }
        out.push_str("# HELP accord_http_requests_in_flight Requests being answered now.\n");
        out.push_str("# TYPE accord_http_requests_in_flight gauge\n");
        let _ = writeln!(
            out,
            "accord_http_requests_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        out.push_str("# HELP accord_decisions_total Lead decisions made, by verdict (the furthest stage reached; error: the record could not be read).\n");
        out.push_str("# TYPE accord_decisions_total counter\n");
        for (v, n) in lock(&self.decisions).iter() {
            let _ = writeln!(out, "accord_decisions_total{{verdict=\"{v}\"}} {n}");
        }
        out.push_str("# HELP accord_reloads_total Policy reloads, by outcome (applied; refused: the change had errors and the previous version kept serving).\n");
        out.push_str("# TYPE accord_reloads_total counter\n");
        for outcome in ["applied", "refused"] {
            let n = lock(&self.reloads).get(outcome).copied().unwrap_or(0);
            let _ = writeln!(out, "accord_reloads_total{{outcome=\"{outcome}\"}} {n}");
        }
        out.push_str("# HELP accord_policy_info The policy versions being served (1 for the one in effect now).\n");
        out.push_str("# TYPE accord_policy_info gauge\n");
        for (name, version, hash, now) in policies {
            let _ = writeln!(
                out,
                "accord_policy_info{{agreement=\"{}\",version=\"{}\",hash=\"{hash}\"}} {}",
                label(name),
                label(version),
                u8::from(*now)
            );
        }
        out
    }
}
