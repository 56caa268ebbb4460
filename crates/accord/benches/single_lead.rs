//! Single-lead decisions under criterion, each group with its hand-written
//! floor beside it: the small MQL rule (fit + score at least 65 + intent +
//! exclusions) in shape A (counts given) and B (counted from the lead's
//! activities), given typed input and from a `serde_json::Value`; and the
//! seed agreement's routing answers, decision and explained decision.
//!
//! Run: `nice -n 19 cargo bench -p accord --bench single_lead`. Each
//! iteration decides every well-formed lead of `examples/data/leads.ndjson`
//! once (574), so criterion's throughput line is leads a second; read a
//! group's lines against its first, the floor. `benches/decisions.rs` runs
//! the same work interleaved, pass after pass, and prints the ratios and
//! the targets in one table; both read their inputs through
//! `support::load`, which checks first that Accord and the hand-written
//! rule agree on every lead.

#![allow(clippy::unwrap_used, clippy::panic)]

mod support;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;
use std::hint::black_box;
use std::time::Duration;
use support::*;

fn bench(c: &mut Criterion) {
    let inputs = load();
    let as_of = inputs.as_of;
    let leads = Throughput::Elements(inputs.a.leads.len() as u64);

    let mut g = c.benchmark_group("small rule A (counts given), typed input");
    g.throughput(leads.clone());
    g.bench_function("by hand", |b| {
        b.iter(|| {
            inputs
                .typed_a
                .iter()
                .for_each(|l| _ = black_box(floor_counts_given(l)))
        })
    });
    let a = inputs.a.policy.compiled();
    g.bench_function("Accord decide", |b| {
        b.iter(|| {
            inputs
                .a
                .leads
                .iter()
                .for_each(|l| _ = black_box(a.decide(l, as_of)))
        })
    });
    g.bench_function("Accord evaluate", |b| {
        b.iter(|| (inputs.a.leads.iter()).for_each(|l| _ = black_box(a.evaluate(l, as_of, false))))
    });
    g.finish();

    let mut g = c.benchmark_group("small rule B (counted from events), typed input");
    g.throughput(leads.clone());
    g.bench_function("by hand", |b| {
        b.iter(|| (inputs.typed_b.iter()).for_each(|l| _ = black_box(floor_counted(l, as_of))))
    });
    let pb = inputs.b.policy.compiled();
    g.bench_function("Accord decide", |b| {
        b.iter(|| {
            inputs
                .b
                .leads
                .iter()
                .for_each(|l| _ = black_box(pb.decide(l, as_of)))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("small rule A, from a serde_json::Value");
    g.throughput(leads.clone());
    g.bench_function("by hand (Value -> typed struct + rule)", |b| {
        b.iter(|| {
            (inputs.a.values.iter())
                .for_each(|v| _ = black_box(floor_counts_given(&LeadA::deserialize(v).unwrap())))
        })
    });
    g.bench_function("Accord Policy::evaluate_json", |b| {
        b.iter(|| {
            for (i, v) in inputs.a.values.iter().enumerate() {
                _ = black_box(inputs.a.policy.evaluate_json(v, i + 1, as_of, false));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("seed agreement");
    g.throughput(Throughput::Elements(inputs.seed_leads.len() as u64));
    let seed = inputs.seed.compiled();
    g.bench_function("decide (routing answers)", |b| {
        b.iter(|| {
            inputs
                .seed_leads
                .iter()
                .for_each(|l| _ = black_box(seed.decide(l, as_of)))
        })
    });
    g.bench_function("decision", |b| {
        b.iter(|| {
            (inputs.seed_leads.iter()).for_each(|l| _ = black_box(seed.evaluate(l, as_of, false)))
        })
    });
    g.bench_function("decision + full explanation", |b| {
        b.iter(|| {
            (inputs.seed_leads.iter()).for_each(|l| _ = black_box(seed.evaluate(l, as_of, true)))
        })
    });
    g.finish();
}

// Long windows and many samples: the machines are shared, and a burst of
// other work in a 2-second window of 20 samples moved a group's ratio by a
// tenth from run to run (2026-12-06); each measurement now averages over
// 8 seconds.
criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(60)
        .measurement_time(Duration::from_secs(8))
        .warm_up_time(Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
