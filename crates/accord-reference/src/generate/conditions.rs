//! Random conditions over the lead: tests on each field by its type, dates,
//! event patterns with their quantities and windows, and conditions that
//! combine them with `and`, `or`, `not` and names defined before.

use super::values::{count, duration, number, percent, PLAIN_UNITS};
use super::{Names, Rng};
use std::fmt::Write as _;

/// A test on a lead field, by the field's type.
fn field_test(rng: &mut Rng, names: &Names) -> String {
    match rng.below(17) {
        0 => {
            let (a, b) = (number(rng), number(rng));
            let (x, y): (f64, f64) = (a.parse().unwrap_or(0.0), b.parse().unwrap_or(0.0));
            if x <= y {
                format!("n is between {a} and {b}")
            } else {
                format!("n is between {b} and {a}")
            }
        }
        1 => format!("m is at least {}", number(rng)),
        2 => format!(
            "n is {} {}",
            rng.pick(&["at most", "more than", "less than", "above", "below"]),
            number(rng)
        ),
        3 => format!("pct is at least {}", percent(rng)),
        4 => format!(
            "level is {}",
            rng.pick(&[
                "one of \"VP\", \"Director\"",
                "\"C-level\"",
                "not \"VP\"",
                "not one of \"VP\""
            ])
        ),
        5 => format!(
            "title {}",
            rng.pick(&[
                "contains \"ops\"",
                "starts with \"VP\"",
                "ends with \"er\"",
                "matches \"*head*\"",
                "is present",
                "is missing",
                "contains the word \"ops\"",
                "contains the word \"head of\"",
            ])
        ),
        6 => match names.lists.first() {
            Some(l) => format!(
                "the domain of email is {}in {l}",
                if rng.chance(50) { "not " } else { "" }
            ),
            None => "the domain of email is one of \"gmail.com\", \"acme.com\"".to_string(),
        },
        7 => rng
            .pick(&["flag", "oflag", "not flag", "oflag is no", "flag is yes"])
            .to_string(),
        8 => format!("born is {} {}", rng.pick(&["before", "after"]), date(rng)),
        9 => format!(
            "routed_at is within the last {}",
            duration(rng, PLAIN_UNITS)
        ),
        10 => format!(
            "accepted_at is more than {} ago",
            duration(rng, PLAIN_UNITS)
        ),
        11 => rng
            .pick(&[
                "tags contains \"vip\"",
                "tags is missing",
                "tags is present",
                "tags contains the word \"new\"",
            ])
            .to_string(),
        12 => rng
            .pick(&[
                "time_zone is \"America/Chicago\"",
                "time_zone is not \"UTC\"",
            ])
            .to_string(),
        13 => format!(
            "routed_at is {} {}",
            rng.pick(&["before", "after"]),
            date(rng)
        ),
        14 => "email ends with \".edu\"".to_string(),
        15 => format!("recycle_count is at most {}", number(rng)),
        _ => "done_at is missing".to_string(),
    }
}

fn date(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => "0001-01-01".into(),
        1 => "9999-12-31".into(),
        _ => format!(
            "20{:02}-{:02}-{:02}",
            24 + rng.below(4),
            1 + rng.below(12),
            1 + rng.below(28)
        ),
    }
}

/// An event pattern (without the quantity), of either stream.
pub(super) fn pattern_body(rng: &mut Rng, window: bool) -> String {
    let mut s = String::new();
    let activities = rng.chance(60);
    if rng.chance(10) {
        s.push_str("new ");
    }
    if activities {
        let word: &&str = rng.pick(&["activity", "activities"]);
        s.push_str(word);
        match rng.below(4) {
            0 => {}
            1 => s.push_str(" one of \"visit\", \"click\""),
            _ => {
                let _ = write!(
                    s,
                    " \"{}\"",
                    rng.pick(&["visit", "demo", "click", "budget"])
                );
            }
        }
        if rng.chance(30) {
            let filter: &&str = rng.pick(&[
                " where page is \"pricing\"",
                " where hot is yes",
                " where page contains \"pri\" and hot is no",
            ]);
            s.push_str(filter);
        }
    } else {
        let word: &&str = rng.pick(&["attempt", "attempts"]);
        s.push_str(word);
        if rng.chance(60) {
            let _ = write!(s, " by \"{}\"", rng.pick(&["phone", "email", "linkedin"]));
        }
        if rng.chance(30) {
            s.push_str(" where automated is no");
        }
    }
    if window && rng.chance(40) {
        if rng.chance(50) {
            let _ = write!(s, " within the last {}", duration(rng, PLAIN_UNITS));
        } else {
            let _ = write!(s, " within any {}", duration(rng, PLAIN_UNITS));
        }
    }
    if rng.chance(8) {
        s.push_str(" since accepted_at");
    }
    s
}

/// `the s` pattern with its quantity word agreeing.
pub(super) fn event_condition(rng: &mut Rng) -> String {
    let body = pattern_body(rng, true);
    match rng.below(6) {
        0 => format!("there is an {body}").replace("an new", "a new"),
        1 => format!("no {body}"),
        2 => format!("at least {} {body}", count(rng)),
        3 => format!("at most {} {body}", count(rng)),
        4 => format!("exactly {} {body}", count(rng)),
        _ => format!("a {body}")
            .replace("a activity", "an activity")
            .replace("a attempt", "an attempt"),
    }
}

/// A condition over the lead, referring only to definitions made before it.
pub(super) fn condition(rng: &mut Rng, names: &Names, depth: u32) -> String {
    let choice = rng.below(if depth > 1 { 9 } else { 12 });
    match choice {
        0..=3 => field_test(rng, names),
        4 | 5 => event_condition(rng),
        6 => match names.fits.is_empty() && names.triggers.is_empty() {
            true => field_test(rng, names),
            false => {
                let all: Vec<&String> = names.fits.iter().chain(&names.triggers).collect();
                (*rng.pick(&all)).clone()
            }
        },
        7 => match names.scores.first() {
            Some(_) => {
                let s = rng.pick(&names.scores).clone();
                format!("{s} is at least {}", number(rng))
            }
            None => field_test(rng, names),
        },
        // Exclusions exist only once they are all written (an exclusion
        // that reads `no exclusion applies` is a loop the checker refuses).
        8 if names.exclusions_done => match names.exclusions.is_empty() || rng.chance(50) {
            true => "no exclusion applies".to_string(),
            false => rng.pick(&names.exclusions).clone(),
        },
        8 => field_test(rng, names),
        9 => format!(
            "({} or {})",
            condition(rng, names, depth + 1),
            condition(rng, names, depth + 1)
        ),
        10 => format!(
            "{} and {}",
            condition(rng, names, depth + 1),
            condition(rng, names, depth + 1)
        ),
        _ => format!("not ({})", condition(rng, names, depth + 1)),
    }
}
