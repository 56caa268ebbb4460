//! A whole random policy over [`SCHEMA`]: the schema, then lists,
//! calendars, fits, triggers, scores, exclusions, tiers, SLAs, stages,
//! persistence, recycling and handoff, each referring only to what was
//! defined before it.

use super::conditions::{condition, event_condition};
use super::definitions::{calendar, persistence, recycling, score, sla};
use super::values::{count, duration, PLAIN_UNITS};
use super::{Names, Rng, SCHEMA, ZONES};
use std::fmt::Write as _;

/// A whole random policy over [`SCHEMA`] (which it starts with).
pub fn policy(rng: &mut Rng) -> String {
    let mut s = String::from(SCHEMA);
    if rng.chance(30) {
        let _ = writeln!(s, "  default time zone \"{}\"", rng.pick(ZONES));
    }
    s.push('\n');
    let mut names = Names::default();
    if rng.chance(50) {
        s.push_str("list free_domains: \"gmail.com\", \"Yahoo.com\"\n\n");
        names.lists.push("free_domains".into());
    }
    for i in 0..rng.below(3) {
        let name = format!("hours{i}");
        s.push_str(&calendar(rng, &name));
        s.push('\n');
        names.calendars.push(name);
    }
    for i in 0..rng.below(3) {
        let name = format!("fit{i}");
        let _ = writeln!(s, "fit {name}:");
        for _ in 0..1 + rng.below(3) {
            let _ = writeln!(s, "  {}", condition(rng, &names, 0));
        }
        s.push('\n');
        names.fits.push(name);
    }
    for i in 0..rng.below(3) {
        let name = format!("trigger{i}");
        let window = if rng.chance(60) {
            format!(", within the last {}", duration(rng, PLAIN_UNITS))
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "trigger {name}:\n  {} of{window}:",
            rng.pick(&["any", "all"])
        );
        for _ in 0..1 + rng.below(3) {
            let c = if rng.chance(70) {
                event_condition(rng)
            } else {
                condition(rng, &names, 1)
            };
            let _ = writeln!(s, "    {c}");
        }
        s.push('\n');
        names.triggers.push(name);
    }
    for i in 0..rng.below(3) {
        let name = format!("score{i}");
        s.push_str(&score(rng, &name, &names));
        s.push('\n');
        names.scores.push(name);
    }
    for i in 0..rng.below(3) {
        let name = format!("excl{i}");
        let _ = write!(s, "exclusion {name} when {}", condition(rng, &names, 1));
        if rng.chance(40) {
            let _ = write!(s, " unless {}", condition(rng, &names, 1));
        }
        if rng.chance(40) {
            s.push_str(": route to \"CSM\"");
        }
        s.push_str("\n\n");
        names.exclusions.push(name);
    }
    names.exclusions_done = true;
    if rng.chance(70) {
        let _ = writeln!(s, "tiers:");
        let n = 1 + rng.below(3) as u32;
        for t in 1..n {
            let _ = writeln!(s, "  tier {t} when {}", condition(rng, &names, 1));
            names.tiers.push(t);
        }
        let _ = writeln!(s, "  tier {n} otherwise\n");
        names.tiers.push(n);
    }
    for i in 0..rng.below(3) {
        let name = format!("sla{i}");
        s.push_str(&sla(rng, &name, &names));
        s.push('\n');
        names.slas.push(name);
    }
    for kind in ["mql", "sal", "sql"] {
        if kind == "mql" || rng.chance(40) {
            let mut c = condition(rng, &names, 1);
            if kind != "mql" && rng.chance(50) {
                c = format!("mql and {c}");
            }
            if let Some(sla) = names.slas.first().filter(|_| rng.chance(20)) {
                c = format!(
                    "{sla} is {}",
                    rng.pick(&["met", "breached", "pending", "not_applicable"])
                );
            }
            let _ = writeln!(s, "{kind} \"{kind}\" when {c}\n");
            names.stages.push(kind.into());
        }
    }
    if rng.chance(50) {
        s.push_str(&persistence(rng, &names));
        s.push('\n');
    }
    if rng.chance(50) {
        s.push_str(&recycling(rng, &names));
        s.push('\n');
    }
    if rng.chance(30) {
        let _ = writeln!(
            s,
            "handoff:\n  requires {}",
            rng.pick(&["title, email", "routed_at, activities", "level"])
        );
        if rng.chance(25) {
            let _ = writeln!(s, "  applies when {}", condition(rng, &names, 1));
        }
        if rng.chance(50) {
            let _ = writeln!(s, "  requires at least {} activities", count(rng).min(6));
        }
        if rng.chance(50) {
            s.push_str("  prefers born, tags\n");
        }
    }
    s
}
