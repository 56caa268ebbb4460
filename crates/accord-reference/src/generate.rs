//! Random *valid* policies and random leads for them, for the differential
//! tests: every construct the language has (fits, scores with caps and
//! decay, triggers with look-back and sliding windows, exclusions with
//! `unless`, stages, tiers, SLAs in plain time and in calendars with
//! after-hours rules, persistence, rejection reasons and recycling,
//! handoff), with numbers drawn from the whole range the checker accepts —
//! the extremes included — and leads on one fixed schema ([`SCHEMA`]) with
//! missing optional fields, boundary values, events on DST days and
//! holidays, and timestamps after as-of.
//!
//! Calendar opening and closing times stay out of 01:00–03:00 (where the
//! zones used change their clocks): see [`crate::business`].
//! Deterministic: the same seed gives the same policies and leads.

use std::fmt::Write as _;

/// splitmix64: a tiny deterministic generator, so failures reproduce.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// True with probability `percent`%.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// One of `items` (the first when empty is impossible: callers pass some).
    pub fn pick<'x, T>(&mut self, items: &'x [T]) -> &'x T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

/// The schema every generated policy declares and every generated lead fills.
pub const SCHEMA: &str = r#"lead fields identified by lead_id:
  lead_id is text
  email is an email
  n is an optional number
  m is a number
  pct is an optional percentage
  title is optional text
  level is optional one of "C-level", "VP", "Director"
  flag is yes/no
  oflag is optional yes/no
  born is an optional date
  tags is an optional list of text
  time_zone is a time zone
  routed_at is an optional timestamp
  accepted_at is an optional timestamp
  done_at is an optional timestamp
  rejection_reason is optional one of "r1", "r2", "r3"
  rejected_at is an optional timestamp
  recycle_count is an optional number
  nurture_placed_at is an optional timestamp
  activities are events:
    kind is one of "visit", "demo", "click", "budget"
    page is optional text
    hot is optional yes/no
  attempts are events:
    channel is one of "phone", "email", "linkedin"
    automated is optional yes/no
"#;

/// Zones leads and calendars are read in (with and without DST, odd
/// offsets, and three that skipped a whole local date).
pub const ZONES: &[&str] = &[
    "UTC",
    "America/Chicago",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Adelaide",
    "Pacific/Kiritimati",
    "Pacific/Apia",
    "Pacific/Kwajalein",
];

/// The largest number the parser accepts, as written.
const MAX: &str = "1000000000000000";

/// A number for a threshold, points or a cap: small, fractional, or extreme.
fn number(rng: &mut Rng) -> String {
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
fn points(rng: &mut Rng) -> String {
    match rng.below(12) {
        0 => MAX.to_string(),
        1 => format!("{}.5", rng.below(10)),
        _ => (rng.below(30) + 1).to_string(),
    }
}

/// A percentage 0–100 (written with `%`).
fn percent(rng: &mut Rng) -> String {
    match rng.below(8) {
        0 => "0%".into(),
        1 => "100%".into(),
        2 => "0.0001%".into(),
        _ => format!("{}%", rng.below(101)),
    }
}

/// A count for `at least N` (up to the largest whole number).
fn count(rng: &mut Rng) -> u64 {
    match rng.below(12) {
        0 => u64::from(u32::MAX),
        1 => 0,
        _ => rng.below(5),
    }
}

/// A duration up to 10,000 years, in any unit, sometimes at the bound.
fn duration(rng: &mut Rng, units: &[&str]) -> String {
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

const PLAIN_UNITS: &[&str] = &[
    "minutes", "hours", "days", "weeks", "months", "quarters", "years",
];

/// The definitions generated so far, which later ones may refer to.
#[derive(Default)]
struct Names {
    fits: Vec<String>,
    triggers: Vec<String>,
    exclusions: Vec<String>,
    scores: Vec<String>,
    slas: Vec<String>,
    calendars: Vec<String>,
    lists: Vec<String>,
    stages: Vec<String>,
    tiers: Vec<u32>,
    /// Every exclusion is written: conditions may read them.
    exclusions_done: bool,
}

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
fn pattern_body(rng: &mut Rng, window: bool) -> String {
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
fn event_condition(rng: &mut Rng) -> String {
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
fn condition(rng: &mut Rng, names: &Names, depth: u32) -> String {
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

/// A calendar: one or two intervals on some weekdays, maybe holidays,
/// a fixed zone or the lead's; no boundary in 01:00–03:00.
fn calendar(rng: &mut Rng, name: &str) -> String {
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

fn score(rng: &mut Rng, name: &str, names: &Names) -> String {
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

fn sla(rng: &mut Rng, name: &str, names: &Names) -> String {
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

fn persistence(rng: &mut Rng, names: &Names) -> String {
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

fn recycling(rng: &mut Rng, names: &Names) -> String {
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

// ------------------------------------------------------------------ leads

/// Instants leads are judged at: an ordinary afternoon, DST changes in
/// America and Europe, holidays, a weekend, the edges of the years a
/// timestamp can carry, and the days after the skipped dates.
pub const AS_OF: &[&str] = &[
    "2026-11-30T15:00:00Z",
    "2026-11-30T15:00:00Z",
    "2026-11-30T15:00:00Z",
    "2026-03-08T08:30:00Z",
    "2026-11-01T07:00:00Z",
    "2026-03-29T01:30:00Z",
    "2026-10-25T00:59:59Z",
    "2026-11-26T14:00:00Z",
    "2026-12-25T09:00:00Z",
    "2026-11-28T23:59:59Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    // Just after zones skipped a whole local date (Kiritimati 1994-12-31,
    // Apia 2011-12-30, Kwajalein 1993-08-21).
    "1995-01-01T03:00:00Z",
    "2011-12-31T02:00:00Z",
    "1993-08-22T12:00:00Z",
];

/// Seconds of a random offset from as-of: mostly within days before it,
/// sometimes years before, sometimes after it (not yet happened).
fn offset(rng: &mut Rng) -> i64 {
    match rng.below(20) {
        0 => rng.range(1, 30 * 86_400),
        1 => -rng.range(0, 200 * 366 * 86_400),
        2 => 0,
        3 => -rng.range(0, 60) * 60,
        _ => -rng.range(0, 45 * 86_400),
    }
}

fn instant(as_of: chrono::DateTime<chrono::Utc>, rng: &mut Rng) -> Option<String> {
    let t = as_of.checked_add_signed(chrono::TimeDelta::try_seconds(offset(rng))?)?;
    let t = t.with_timezone(&chrono::Utc);
    if !(1..=9999).contains(&chrono::Datelike::year(&t)) {
        return None;
    }
    Some(t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// A random lead (one NDJSON line) for [`SCHEMA`], and the instant to
/// judge it at.
pub fn lead(rng: &mut Rng, id: usize) -> (String, chrono::DateTime<chrono::Utc>) {
    let as_of: chrono::DateTime<chrono::Utc> = rng.pick(AS_OF).parse().unwrap_or_default();
    let mut fields: Vec<String> = vec![format!("\"lead_id\":\"L{id}\"")];
    let email = rng.pick(&[
        "\"a@gmail.com\"",
        "\"b@YAHOO.com\"",
        "\"c@acme.com\"",
        "\"d@uni.edu\"",
    ]);
    fields.push(format!("\"email\":{email}"));
    let mut optional = Vec::new();
    let mut opt = |rng: &mut Rng, key: &str, value: String| {
        if rng.chance(75) {
            optional.push(format!("\"{key}\":{value}"));
        }
    };
    let num = |rng: &mut Rng| match rng.below(8) {
        0 => "1e300".to_string(),
        1 => "-1e300".to_string(),
        2 => "0".to_string(),
        3 => "1000000000000000".to_string(),
        _ => format!("{}", rng.range(-20, 600)),
    };
    let v = num(rng);
    opt(rng, "n", v);
    let v = rng.pick(&["0", "100", "42.5", "12"]).to_string();
    opt(rng, "pct", v);
    let v = rng
        .pick(&[
            "\"Head of Ops\"",
            "\"VP Sales\"",
            "\"Engineer\"",
            "\"  \"",
            "\"\"",
            "\"DevOps lead\"",
            "\"ops/infra\"",
        ])
        .to_string();
    opt(rng, "title", v);
    let v = rng
        .pick(&["\"C-level\"", "\"VP\"", "\"Director\""])
        .to_string();
    opt(rng, "level", v);
    let v = rng.pick(&["true", "false"]).to_string();
    opt(rng, "oflag", v);
    let v = rng
        .pick(&[
            "\"2026-01-01\"",
            "\"0001-01-01\"",
            "\"9999-12-31\"",
            "\"2026-11-30\"",
        ])
        .to_string();
    opt(rng, "born", v);
    let v = rng
        .pick(&["[\"vip\"]", "[]", "[\"new\", \"x\"]"])
        .to_string();
    opt(rng, "tags", v);
    for key in [
        "routed_at",
        "accepted_at",
        "done_at",
        "rejected_at",
        "nurture_placed_at",
    ] {
        if let Some(t) = instant(as_of, rng) {
            opt(rng, key, format!("\"{t}\""));
        }
    }
    let v = rng.pick(&["\"r1\"", "\"r2\"", "\"r3\""]).to_string();
    opt(rng, "rejection_reason", v);
    let v = rng
        .pick(&["0", "2", "3", "4294967296", "1e300"])
        .to_string();
    opt(rng, "recycle_count", v);
    fields.append(&mut optional);
    let m = num(rng);
    fields.push(format!("\"m\":{m}"));
    fields.push(format!("\"flag\":{}", rng.pick(&["true", "false"])));
    fields.push(format!("\"time_zone\":\"{}\"", rng.pick(ZONES)));
    let mut acts = Vec::new();
    for _ in 0..rng.below(9) {
        if let Some(t) = instant(as_of, rng) {
            let mut e = format!(
                "{{\"kind\":\"{}\",\"at\":\"{t}\"",
                rng.pick(&["visit", "demo", "click", "budget"])
            );
            if rng.chance(50) {
                let _ = write!(
                    e,
                    ",\"page\":\"{}\"",
                    rng.pick(&["pricing", "home", "Pricing"])
                );
            }
            if rng.chance(40) {
                let _ = write!(e, ",\"hot\":{}", rng.pick(&["true", "false"]));
            }
            e.push('}');
            acts.push(e);
        }
    }
    fields.push(format!("\"activities\":[{}]", acts.join(",")));
    let mut atts = Vec::new();
    for _ in 0..rng.below(9) {
        if let Some(t) = instant(as_of, rng) {
            let mut e = format!(
                "{{\"channel\":\"{}\",\"at\":\"{t}\"",
                rng.pick(&["phone", "email", "linkedin"])
            );
            if rng.chance(40) {
                let _ = write!(e, ",\"automated\":{}", rng.pick(&["true", "false"]));
            }
            e.push('}');
            atts.push(e);
        }
    }
    fields.push(format!("\"attempts\":[{}]", atts.join(",")));
    (format!("{{{}}}", fields.join(",")), as_of)
}
