//! Random definitions that take more than a condition: calendars (opening
//! hours, holidays, zones), scores (point rules, caps, decay, weights),
//! SLAs, persistence and recycling.

use super::conditions::{condition, pattern_body};
use super::values::{count, duration, percent, points, PLAIN_UNITS};
use super::{Names, Rng, ZONES};
use std::fmt::Write as _;

/// A calendar: one or two intervals on some weekdays, maybe holidays,
/// a fixed zone or the lead's; no boundary in 01:00–03:00.
pub(super) fn calendar(rng: &mut Rng, name: &str) -> String {
    let mut s = format!("calendar {name}:\n");
    let time = |rng: &mut Rng, lo: u64, hi: u64| -> (u64, String) {
        let h = lo + rng.below(hi - lo + 1);
        let m = *rng.pick(&[0u64, 0, 30, 15, 59]);
        (h * 60 + m, format!("{h:02}:{m:02}"))
    };
    let days = rng.pick(&[
        "Monday to Friday",
        "Monday",
        "Saturday and Sunday",
        "Friday to Monday",
        "Tuesday, Thursday",
    ]);
    let zone = match rng.below(3) {
        0 => " in the lead's time zone".to_string(),
        1 => format!(" in \"{}\"", rng.pick(ZONES)),
        _ => String::new(),
    };
    if rng.chance(30) {
        let (_, a) = time(rng, 4, 8);
        let (_, b) = time(rng, 9, 11);
        let (_, c) = time(rng, 12, 14);
        let (_, d) = time(rng, 15, 23);
        let _ = writeln!(s, "  open {days} from {a} to {b}{zone}");
        let _ = writeln!(s, "  open {days} from {c} to {d}");
    } else if rng.chance(15) {
        let _ = writeln!(s, "  open {days} from 00:00 to 24:00{zone}");
    } else {
        let (_, a) = time(rng, 4, 11);
        let (_, b) = time(rng, 12, 23);
        let _ = writeln!(s, "  open {days} from {a} to {b}{zone}");
    }
    if rng.chance(50) {
        let holidays = [
            "2026-11-26",
            "2026-12-25",
            "2026-11-30",
            "2026-03-09",
            "2026-11-02",
            "2027-01-01",
        ];
        let a = rng.pick(&holidays);
        let b = rng.pick(&holidays);
        if a == b {
            let _ = writeln!(s, "  closed on {a}");
        } else {
            let _ = writeln!(s, "  closed on {a}, {b}");
        }
    }
    s
}

fn rules(rng: &mut Rng, names: &Names, indent: &str) -> String {
    let mut s = String::new();
    for _ in 0..1 + rng.below(3) {
        let sign = if rng.chance(25) { "-" } else { "+" };
        let cap = if rng.chance(40) {
            format!(", at most {}", points(rng))
        } else {
            String::new()
        };
        if rng.chance(50) {
            let _ = writeln!(
                s,
                "{indent}{sign}{} for each {}{cap}",
                points(rng),
                pattern_body(rng, true)
            );
        } else {
            let _ = writeln!(
                s,
                "{indent}{sign}{} when {}{cap}",
                points(rng),
                condition(rng, names, 1)
            );
        }
    }
    s
}

pub(super) fn score(rng: &mut Rng, name: &str, names: &Names) -> String {
    let mut s = format!("score {name}:\n");
    match rng.below(4) {
        0 => return format!("score {name} is read from n\n"),
        1 => {
            let a = rng.below(101);
            let _ = write!(s, "  fit weighs {a}%:\n{}", rules(rng, names, "    "));
            let _ = write!(
                s,
                "  behavior weighs {}%:\n{}",
                100 - a,
                rules(rng, names, "    ")
            );
        }
        _ => {
            s.push_str(&rules(rng, names, "  "));
            if rng.chance(30) {
                let floor = rng.pick(&[
                    "never below 0",
                    "never below -20",
                    "never below -5.5",
                    "may go below 0",
                ]);
                let _ = writeln!(s, "  {floor}");
            }
        }
    }
    if rng.chance(50) {
        let every = loop {
            let d = duration(rng, PLAIN_UNITS);
            if !d.starts_with("0 ") {
                break d;
            }
        };
        let _ = writeln!(
            s,
            "  decays {} every {every} without {}",
            percent(rng),
            rng.pick(&["activity", "attempts"])
        );
    }
    s
}

pub(super) fn sla(rng: &mut Rng, name: &str, names: &Names) -> String {
    let start = rng.pick(&[
        "routed_at",
        "the first activity \"demo\"",
        "the 2nd activity",
    ]);
    let stop = rng.pick(&[
        "the first attempt",
        "accepted_at",
        "the first attempt where automated is no",
        "done_at",
        "the 3rd attempt by \"phone\"",
    ]);
    let cal = names.calendars.first().filter(|_| rng.chance(60)).cloned();
    let counted = cal
        .as_ref()
        .map(|c| format!(", counted in {c}"))
        .unwrap_or_default();
    let mut s = format!("sla {name}:\n  from {start} to {stop}{counted}\n");
    if rng.chance(20) {
        let _ = writeln!(s, "  applies when {}", condition(rng, names, 1));
    }
    let units: &[&str] = if cal.is_some() {
        &["minutes", "hours", "days"]
    } else {
        PLAIN_UNITS
    };
    let per_tier = !names.tiers.is_empty() && rng.chance(50);
    if per_tier {
        for t in &names.tiers {
            let _ = writeln!(s, "  tier {t} within {}", duration(rng, units));
        }
    } else {
        let _ = writeln!(s, "  within {}", duration(rng, units));
        if let Some(t) = names.tiers.first().filter(|_| rng.chance(40)) {
            let _ = writeln!(s, "  tier {t} within {}", duration(rng, units));
        }
    }
    if cal.is_some() && rng.chance(50) {
        let h = *rng.pick(&[4u32, 8, 9, 12, 23]);
        match names.tiers.first().filter(|_| rng.chance(50)) {
            Some(t) => {
                let _ = writeln!(
                    s,
                    "  after hours, tier {t} is due by {h:02}:00 the next business day"
                );
            }
            None => {
                let _ = writeln!(s, "  after hours, due by {h:02}:00 the next business day");
            }
        }
    }
    s
}

pub(super) fn persistence(rng: &mut Rng, names: &Names) -> String {
    let cal = names.calendars.first().filter(|_| rng.chance(60)).cloned();
    let counted = cal
        .as_ref()
        .map(|c| format!(", counted in {c}"))
        .unwrap_or_default();
    let mut s = format!("persistence:\n  from routed_at{counted}\n");
    if rng.chance(25) {
        s.push_str(&format!("  applies when {}\n", condition(rng, names, 1)));
    }
    let units: &[&str] = if cal.is_some() {
        &["minutes", "hours", "days", "weeks"]
    } else {
        PLAIN_UNITS
    };
    for _ in 0..1 + rng.below(3) {
        let by = if rng.chance(50) {
            format!(" by \"{}\"", rng.pick(&["phone", "email"]))
        } else {
            String::new()
        };
        let when = if rng.chance(20) {
            format!(" when {}", condition(rng, names, 1))
        } else {
            String::new()
        };
        match rng.below(3) {
            0 => {
                let within = if rng.chance(60) {
                    let b = if cal.is_some() && rng.chance(50) {
                        "business "
                    } else {
                        ""
                    };
                    let d = duration(rng, units);
                    let (amount, unit) = d.split_once(' ').unwrap_or(("1", "days"));
                    format!(" within {amount} {b}{unit}")
                } else {
                    String::new()
                };
                let days = if rng.chance(30) {
                    format!(" on at least {} distinct days", count(rng).min(9))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    s,
                    "  at least {} attempts{by}{within}{days}{when}",
                    count(rng).min(9)
                );
            }
            1 => {
                let _ = writeln!(
                    s,
                    "  attempts{by} on at least {} distinct days{when}",
                    count(rng).min(9)
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "  at most {} attempts{by} on any one day{when}",
                    count(rng).min(9)
                );
            }
        }
    }
    s
}

pub(super) fn recycling(rng: &mut Rng, names: &Names) -> String {
    let mut s = String::from("rejection reasons:\n");
    let re_enter = |rng: &mut Rng| -> String {
        let after = if rng.chance(50) {
            format!(" after {}", duration(rng, PLAIN_UNITS))
        } else {
            String::new()
        };
        let req = match rng.below(4) {
            0 => " with a new trigger".to_string(),
            1 => " with a new activity \"budget\"".to_string(),
            2 => " when oflag".to_string(),
            _ => String::new(),
        };
        format!("re-enter{after}{req}")
    };
    let _ = writeln!(s, "  r1 \"One\": archive, never recycled");
    let _ = writeln!(
        s,
        "  r2 \"Two\": nurture \"long\" for {}, {}",
        duration(rng, PLAIN_UNITS),
        re_enter(rng)
    );
    let _ = writeln!(s, "  r3 \"Three\": re-route, {}", re_enter(rng));
    s.push_str("\nrecycling:\n  rejection reason is rejection_reason\n  rejected at rejected_at\n  times recycled is recycle_count\n");
    if rng.chance(70) {
        let _ = writeln!(
            s,
            "  cooling off at least {}, {} for r2",
            duration(rng, PLAIN_UNITS),
            duration(rng, PLAIN_UNITS)
        );
    }
    if rng.chance(40) && !names.triggers.is_empty() {
        s.push_str("  re-entry needs a new trigger after the rejection\n");
    }
    if rng.chance(50) {
        let _ = writeln!(
            s,
            "  human review when recycled more than {} times",
            count(rng)
        );
    }
    if rng.chance(50) {
        let d = duration(rng, &["days", "hours"]);
        let (amount, unit) = d.split_once(' ').unwrap_or(("1", "days"));
        let b = if !names.calendars.is_empty() && rng.chance(50) {
            "business "
        } else {
            ""
        };
        let _ = writeln!(s, "  nurture placement within {amount} {b}{unit}");
    }
    s
}
