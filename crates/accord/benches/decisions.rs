//! Single-lead costs against hand-written Rust, measured in one run:
//! `cargo bench -p accord --bench decisions` (under `nice -n 19` on a
//! shared machine).
//!
//! Every figure is nanoseconds per lead, the median of `ACCORD_BENCH_PASSES`
//! (default 7) passes; a pass runs every measurement once, in turn (so that
//! a noisy neighbour slows all of them alike), each over the well-formed leads
//! of `examples/data/leads.ndjson` repeated `ACCORD_BENCH_REPS` (default 20)
//! times, on one thread. As of 2026-11-30T15:00:00Z (the data's export
//! instant). Each line's ratio is against the baseline named on it,
//! measured in the same pass.
//!
//! - The MQL rule "fit + score at least 65 + intent + exclusions" in two
//!   shapes: A, with the activity counts given as fields
//!   (`benches/rules/counts-given.accord`), and B, counted from the lead's
//!   activities with a 30-day window (`benches/rules/counted-from-events.accord`).
//!   The baseline is the same rule written by hand over a typed struct
//!   (`floor_counts_given`, `floor_counted`); before measuring, the bench
//!   checks that Accord and the hand-written rule agree on every lead.
//!   Each shape is measured on input converted ahead (a [`Lead`] against a
//!   typed struct: `decide`, the routing answers, and `evaluate`, the
//!   whole [`accord::Decision`] with its SLAs, named fits, scores and
//!   triggers), from a `serde_json::Value` each time (against serde
//!   from the `Value` into the typed struct, plus the rule), and from the
//!   NDJSON text (against serde from the text). For shape A, where
//!   `evaluate_json`'s time goes: `decode_value` alone against serde alone
//!   (no rule on either side), then with `decide`, without the row.
//! - Decoding a lead of the seed schema (`policies/shared/schema.accord`,
//!   60 fields and two event streams) from its NDJSON text, against serde
//!   deserialising the same text into a typed struct ([`SeedLead`]).
//! - The seed agreement (`policies/mql-sql-agreement.accord`): `decide`,
//!   its decision, and the decision with the full explanation against it;
//!   for scale (no target), the same with the explanation then read in
//!   full, written as JSON (an explanation writes the text of the
//!   instants and fractional numbers it keeps as values on its first read).
//!
//! Targets (issue 15): a decision at most 5× the hand-written rule (the
//! routing answers, `decide`, which answer what the hand-written rule
//! answers; `evaluate` also builds the whole record of the decision — its
//! SLAs, named fits, scores and triggers — and is shown without a target);
//! decoding and `evaluate_json` within 1.5× of serde into a typed struct;
//! the full explanation at most 3× its decision.

#![allow(clippy::unwrap_used, clippy::panic)]

mod support;

use serde::Deserialize;
use std::hint::black_box;
use std::time::Instant;
use support::*;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ------------------------------------------------------------ measuring

/// One measurement: runs its work over every lead (`reps` times) and
/// returns how many leads it did.
struct Measure<'a> {
    name: &'static str,
    /// Index of the baseline in the list (itself for a baseline).
    baseline: usize,
    target: Option<f64>,
    run: Box<dyn FnMut() -> usize + 'a>,
    samples: Vec<f64>,
}

/// Adds a measurement (`baseline` `None`: it is a baseline); its index.
fn add<'a>(
    m: &mut Vec<Measure<'a>>,
    name: &'static str,
    baseline: Option<usize>,
    target: Option<f64>,
    run: Box<dyn FnMut() -> usize + 'a>,
) -> usize {
    let at = m.len();
    m.push(Measure {
        name,
        baseline: baseline.unwrap_or(at),
        target,
        run,
        samples: Vec::new(),
    });
    at
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    // `cargo bench` passes `--bench`; under `cargo test --benches`, stay quick.
    let testing = std::env::args().all(|a| a != "--bench");
    let passes = env_or("ACCORD_BENCH_PASSES", if testing { 1 } else { 7 });
    let reps = env_or("ACCORD_BENCH_REPS", if testing { 1 } else { 20 });
    let Inputs {
        as_of,
        seed,
        seed_texts,
        seed_values,
        seed_leads,
        a,
        b,
        typed_a,
        typed_b,
        qualifying,
    } = support::load();
    let seed_decoder = decoder(&seed);
    let (dec_a, dec_b) = (decoder(&a.policy), decoder(&b.policy));

    // Runs `f` on each item, `reps` times; the number of leads done.
    fn each<T>(items: &[T], reps: usize, mut f: impl FnMut(usize, &T)) -> usize {
        for _ in 0..reps {
            for (i, x) in items.iter().enumerate() {
                f(i, x);
            }
        }
        items.len() * reps
    }

    let mut m: Vec<Measure> = Vec::new();
    let policy_a = a.policy.compiled();
    let policy_b = b.policy.compiled();

    // A and B, input converted ahead.
    let floor = add(
        &mut m,
        "A  by hand, typed struct given",
        None,
        None,
        Box::new(|| each(&typed_a, reps, |_, l| _ = black_box(floor_counts_given(l)))),
    );
    add(
        &mut m,
        "A  Accord decide (routing answers)",
        Some(floor),
        Some(5.0),
        Box::new(|| {
            each(&a.leads, reps, |_, l| {
                _ = black_box(policy_a.decide(l, as_of))
            })
        }),
    );
    add(
        &mut m,
        "A  Accord evaluate (whole Decision)",
        Some(floor),
        None,
        Box::new(|| {
            each(&a.leads, reps, |_, l| {
                _ = black_box(policy_a.evaluate(l, as_of, false))
            })
        }),
    );
    let floor = add(
        &mut m,
        "B  by hand, typed struct given",
        None,
        None,
        Box::new(|| {
            each(&typed_b, reps, |_, l| {
                _ = black_box(floor_counted(l, as_of))
            })
        }),
    );
    add(
        &mut m,
        "B  Accord decide (routing answers)",
        Some(floor),
        Some(5.0),
        Box::new(|| {
            each(&b.leads, reps, |_, l| {
                _ = black_box(policy_b.decide(l, as_of))
            })
        }),
    );
    add(
        &mut m,
        "B  Accord evaluate (whole Decision)",
        Some(floor),
        None,
        Box::new(|| {
            each(&b.leads, reps, |_, l| {
                _ = black_box(policy_b.evaluate(l, as_of, false))
            })
        }),
    );
    // From a serde_json::Value each time.
    let floor = add(
        &mut m,
        "A  by hand, Value -> typed struct + rule",
        None,
        None,
        Box::new(|| {
            each(&a.values, reps, |_, v| {
                _ = black_box(floor_counts_given(&LeadA::deserialize(v).unwrap()))
            })
        }),
    );
    add(
        &mut m,
        "A  Accord decode_value + decision",
        Some(floor),
        None,
        Box::new(|| {
            each(&a.values, reps, |i, v| {
                let lead = dec_a.decode_value(v, i + 1, None).unwrap();
                _ = black_box(policy_a.evaluate(&lead, as_of, false))
            })
        }),
    );
    // Where `evaluate_json`'s time goes: decoding alone against serde
    // alone (both without the rule), then the decision on top.
    let decode_floor = add(
        &mut m,
        "A  serde Value -> typed struct (no rule)",
        None,
        None,
        Box::new(|| {
            each(&a.values, reps, |_, v| {
                _ = black_box(LeadA::deserialize(v).unwrap())
            })
        }),
    );
    add(
        &mut m,
        "A  Accord decode_value (no rule)",
        Some(decode_floor),
        None,
        Box::new(|| {
            each(&a.values, reps, |i, v| {
                _ = black_box(dec_a.decode_value(v, i + 1, None).unwrap());
            })
        }),
    );
    add(
        &mut m,
        "A  Accord decode_value + decide (no row)",
        Some(floor),
        None,
        Box::new(|| {
            each(&a.values, reps, |i, v| {
                let lead = dec_a.decode_value(v, i + 1, None).unwrap();
                _ = black_box(policy_a.decide(&lead, as_of))
            })
        }),
    );
    add(
        &mut m,
        "A  Accord Policy::evaluate_json (row)",
        Some(floor),
        Some(1.5),
        Box::new(|| {
            each(&a.values, reps, |i, v| {
                _ = black_box(a.policy.evaluate_json(v, i + 1, as_of, false))
            })
        }),
    );
    let floor = add(
        &mut m,
        "B  by hand, Value -> typed struct + rule",
        None,
        None,
        Box::new(|| {
            each(&b.values, reps, |_, v| {
                _ = black_box(floor_counted(&LeadB::deserialize(v).unwrap(), as_of))
            })
        }),
    );
    add(
        &mut m,
        "B  Accord Policy::evaluate_json (row)",
        Some(floor),
        Some(1.5),
        Box::new(|| {
            each(&b.values, reps, |i, v| {
                _ = black_box(b.policy.evaluate_json(v, i + 1, as_of, false))
            })
        }),
    );
    // From the NDJSON text.
    let floor = add(
        &mut m,
        "A  by hand, text -> typed struct + rule",
        None,
        None,
        Box::new(|| {
            each(&a.texts, reps, |_, t| {
                _ = black_box(floor_counts_given(&serde_json::from_str(t).unwrap()))
            })
        }),
    );
    add(
        &mut m,
        "A  Accord decode_json + decision",
        Some(floor),
        None,
        Box::new(|| {
            each(&a.texts, reps, |i, t| {
                let lead = dec_a.decode_json(t.as_bytes(), i + 1, None).unwrap();
                _ = black_box(policy_a.evaluate(&lead, as_of, false))
            })
        }),
    );
    let floor = add(
        &mut m,
        "B  by hand, text -> typed struct + rule",
        None,
        None,
        Box::new(|| {
            each(&b.texts, reps, |_, t| {
                _ = black_box(floor_counted(&serde_json::from_str(t).unwrap(), as_of))
            })
        }),
    );
    add(
        &mut m,
        "B  Accord decode_json + decision",
        Some(floor),
        None,
        Box::new(|| {
            each(&b.texts, reps, |i, t| {
                let lead = dec_b.decode_json(t.as_bytes(), i + 1, None).unwrap();
                _ = black_box(policy_b.evaluate(&lead, as_of, false))
            })
        }),
    );
    // Decoding a seed-schema lead.
    let floor = add(
        &mut m,
        "seed lead: serde text -> typed struct",
        None,
        None,
        Box::new(|| {
            each(&seed_texts, reps, |_, t| {
                _ = black_box(serde_json::from_str::<SeedLead>(t).unwrap())
            })
        }),
    );
    add(
        &mut m,
        "seed lead: Accord decode_json",
        Some(floor),
        Some(1.5),
        Box::new(|| {
            each(&seed_texts, reps, |i, t| {
                _ = black_box(seed_decoder.decode_json(t.as_bytes(), i + 1, None))
            })
        }),
    );
    let floor = add(
        &mut m,
        "seed lead: serde Value -> typed struct",
        None,
        None,
        Box::new(|| {
            each(&seed_values, reps, |_, v| {
                _ = black_box(SeedLead::deserialize(v).unwrap())
            })
        }),
    );
    add(
        &mut m,
        "seed lead: Accord decode_value",
        Some(floor),
        Some(1.5),
        Box::new(|| {
            each(&seed_values, reps, |i, v| {
                _ = black_box(seed_decoder.decode_value(v, i + 1, None))
            })
        }),
    );
    // The seed agreement: decision, and the full explanation.
    let seed_policy = seed.compiled();
    add(
        &mut m,
        "seed agreement: decide (routing answers)",
        None,
        None,
        Box::new(|| {
            each(&seed_leads, reps, |_, l| {
                _ = black_box(seed_policy.decide(l, as_of))
            })
        }),
    );
    let floor = add(
        &mut m,
        "seed agreement: decision",
        None,
        None,
        Box::new(|| {
            each(&seed_leads, reps, |_, l| {
                _ = black_box(seed_policy.evaluate(l, as_of, false))
            })
        }),
    );
    add(
        &mut m,
        "seed agreement: decision + full explanation",
        Some(floor),
        Some(3.0),
        Box::new(|| {
            each(&seed_leads, reps, |_, l| {
                _ = black_box(seed_policy.evaluate(l, as_of, true))
            })
        }),
    );
    // For scale, no target: the explanation read in full, as JSON (an
    // explanation writes some of its values' text when first read).
    add(
        &mut m,
        "seed agreement: … + explanation written as JSON",
        Some(floor),
        None,
        Box::new(|| {
            each(&seed_leads, reps, |_, l| {
                let d = seed_policy.evaluate(l, as_of, true);
                if let Some(e) = &d.explanation {
                    _ = black_box(serde_json::to_writer(std::io::sink(), e));
                }
                _ = black_box(d)
            })
        }),
    );

    // `ACCORD_BENCH_ONLY=text`: only the measurements whose name holds it
    // (`=name`: is it) and their baselines, e.g. for a profiler; the others
    // show NaN.
    let only = std::env::var("ACCORD_BENCH_ONLY").unwrap_or_default();
    let picked = |name: &str| match only.strip_prefix('=') {
        Some(exact) => name == exact,
        None => name.contains(only.as_str()),
    };
    let chosen: Vec<bool> = (0..m.len())
        .map(|i| {
            let name = m[i].name;
            m.iter()
                .any(|x| picked(x.name) && (x.baseline == i || x.name == name))
        })
        .collect();
    for _ in 0..passes {
        for (x, _) in m.iter_mut().zip(&chosen).filter(|(_, c)| **c) {
            let start = Instant::now();
            let n = (x.run)();
            x.samples
                .push(start.elapsed().as_nanos() as f64 / n.max(1) as f64);
        }
    }
    let medians: Vec<f64> = m.iter_mut().map(|x| median(&mut x.samples)).collect();
    println!(
        "accord decisions: {} leads × {reps}, median of {passes} passes, 1 thread, {qualifying} MQLs by both rules",
        a.leads.len()
    );
    println!(
        "  {:<46} {:>9}  {:>7}  target",
        "measured in the same run", "ns/lead", "ratio"
    );
    for (i, x) in m.iter().enumerate() {
        let ns = medians.get(i).copied().unwrap_or(f64::NAN);
        if x.baseline == i {
            println!("  {:<46} {ns:>9.0}  {:>7}", x.name, "1");
            continue;
        }
        let ratio = ns / medians.get(x.baseline).copied().unwrap_or(f64::NAN);
        let target = x.target.map_or(String::new(), |t| {
            let mark = if ratio <= t { "met" } else { "NOT met" };
            format!("≤ {t} ({mark})")
        });
        println!("  {:<46} {ns:>9.0}  {ratio:>7.2}  {target}", x.name);
    }
}
