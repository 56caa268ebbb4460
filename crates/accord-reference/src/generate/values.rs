//! Random numbers as a policy writes them: thresholds, points, percentages,
//! counts and durations, each sometimes at the extremes the checker accepts.

use super::Rng;

/// The largest number the parser accepts, as written.
const MAX: &str = "1000000000000000";

/// A number for a threshold, points or a cap: small, fractional, or extreme.
pub(super) fn number(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => MAX.to_string(),
        1 => format!("-{MAX}"),
        2 => "0".to_string(),
        3 => format!("{}.{}", rng.below(100), rng.below(100)),
        4 => format!("-{}", rng.below(50)),
        _ => rng.below(120).to_string(),
    }
}

/// A positive count of points (`+5`), sometimes extreme.
pub(super) fn points(rng: &mut Rng) -> String {
    match rng.below(12) {
        0 => MAX.to_string(),
        1 => format!("{}.5", rng.below(10)),
        _ => (rng.below(30) + 1).to_string(),
    }
}

/// A percentage 0–100 (written with `%`).
pub(super) fn percent(rng: &mut Rng) -> String {
    match rng.below(8) {
        0 => "0%".into(),
        1 => "100%".into(),
        2 => "0.0001%".into(),
        _ => format!("{}%", rng.below(101)),
    }
}

/// A count for `at least N` (up to the largest whole number).
pub(super) fn count(rng: &mut Rng) -> u64 {
    match rng.below(12) {
        0 => u64::from(u32::MAX),
        1 => 0,
        _ => rng.below(5),
    }
}

/// A duration up to 10,000 years, in any unit, sometimes at the bound.
pub(super) fn duration(rng: &mut Rng, units: &[&str]) -> String {
    let unit = *rng.pick(units);
    let max = match unit {
        "minutes" => 5_259_492_000u64,
        "hours" => 87_658_200,
        "days" => 3_652_425,
        "weeks" => 521_775,
        "months" => 120_000,
        "quarters" => 40_000,
        _ => 10_000,
    };
    let amount = match rng.below(20) {
        0 => max.to_string(),
        1 => "0".to_string(),
        2 => format!("{}.5", rng.below(4)),
        3 => rng.below(max + 1).to_string(),
        _ => (rng.below(40) + 1).to_string(),
    };
    format!("{amount} {unit}")
}

pub(super) const PLAIN_UNITS: &[&str] = &[
    "minutes", "hours", "days", "weeks", "months", "quarters", "years",
];
