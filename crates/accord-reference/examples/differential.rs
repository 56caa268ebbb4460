//! The long differential run (README, "Reliability"):
//!
//! ```sh
//! nice -n 19 cargo run --release -p accord-reference --example differential -- --pairs 1000000 --seed 9
//! ```
//!
//! generates policies (each must pass `accord check`) and leads for them
//! until `--pairs` (policy, lead) pairs were compared, `--leads` per
//! policy (default 25), from `--seed`; prints the figures, then every
//! disagreement and fault with its policy and lead (the first
//! `--show` of each, default 3), and exits 1 if there was any.

#[path = "../tests/support/mod.rs"]
mod support;

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let pairs = arg("--pairs", 10_000);
    let seed = arg("--seed", 9);
    let leads = arg("--leads", 25).max(1) as usize;
    let show = arg("--show", 3) as usize;
    let started = std::time::Instant::now();
    let mut total = support::Stats::default();
    let mut batch = 0u64;
    while (total.pairs as u64) < pairs {
        // Batches of 20 policies, each from its own seed, so a failure
        // reproduces from the printed batch seed alone.
        let s = support::run(
            seed.wrapping_mul(1_000_003).wrapping_add(batch),
            20,
            leads,
            false,
        );
        batch += 1;
        total.policies += s.policies;
        total.refused += s.refused;
        total.pairs += s.pairs;
        total.unreadable += s.unreadable;
        total.skipped += s.skipped;
        total.disagreements.extend(s.disagreements);
        total.faults.extend(s.faults);
        if batch.is_multiple_of(50) {
            eprintln!(
                "{} pairs, {} policies, {} disagreements, {} faults, {:.0?}",
                total.pairs,
                total.policies,
                total.disagreements.len(),
                total.faults.len(),
                started.elapsed()
            );
        }
    }
    println!(
        "seed {seed}: {} policies generated, {} refused by accord check",
        total.policies, total.refused
    );
    println!(
        "{} (policy, lead) pairs compared; {} leads the reader refused; {} comparisons beyond the reference's business-time budget (skipped)",
        total.pairs, total.unreadable, total.skipped
    );
    println!(
        "{} disagreements, {} faults, in {:.0?}",
        total.disagreements.len(),
        total.faults.len(),
        started.elapsed()
    );
    for (what, list) in [
        ("disagreement", &total.disagreements),
        ("fault", &total.faults),
    ] {
        for item in list.iter().take(show) {
            println!("\n=== {what} ===\n{item}");
        }
    }
    if !total.disagreements.is_empty() || !total.faults.is_empty() {
        std::process::exit(1);
    }
}
