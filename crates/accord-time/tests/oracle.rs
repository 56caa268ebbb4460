//! Brute-force oracle: a deliberately naive model of business time that walks
//! minute by minute, deciding whether each minute is open by converting it to
//! local wall time (chrono's plain UTC → local conversion) and looking the
//! wall time up in the opening hours. It shares nothing with the fast path in
//! `accord-time` except the calendar description, and is compared with it on
//! thousands of random instants, zones, calendars, holidays and durations.
//!
//! The wall-clock rule ("open when the local wall time is inside an interval
//! of the local date") agrees with the crate's rule (wall times resolved to
//! UTC, earliest instant on ambiguity, first instant after a gap) whenever no
//! opening or closing time falls inside a DST gap or repeat. The random
//! calendars therefore keep boundaries out of 01:00–03:00, where every zone
//! tested changes its clocks; the DST resolution rule itself is checked
//! against a scan in `resolve.rs` and by the hand-checked cases.

use std::collections::BTreeSet;

use accord_reference::business::{Hours as Spec, Walk};
use accord_reference::generate::Rng;
use accord_time::{Calendar, OpeningHours};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;

// The oracle itself — the wall-clock rule, the minute walk, the splitmix
// generator — lives in `accord-reference` (`business.rs`, `generate/`),
// which the reference evaluator counts business time with; this file
// compares it with `accord-time`'s fast path.

/// The calendar the oracle reads, as `accord-time` builds it.
fn calendar(spec: &Spec) -> Calendar {
    let mut hours = OpeningHours::new();
    for (i, day) in spec.days.iter().enumerate() {
        let wd = weekday(i);
        for &(o, c) in day {
            hours
                .add(wd, minute_time(o), minute_time(c))
                .expect("generated hours are valid");
        }
    }
    Calendar::new(hours, spec.holidays.iter().copied()).expect("generated calendar has hours")
}

fn weekday(i: usize) -> Weekday {
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ][i]
}

fn minute_time(m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(m / 60 % 24, m % 60, 0).expect("minute of day")
}

fn at(u: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(u, 0).expect("in range")
}

/// A walk's answer, when it found one.
fn found(w: Walk<i64>) -> Option<i64> {
    match w {
        Walk::Found(u) => Some(u),
        Walk::Never | Walk::TooFar => None,
    }
}

fn oracle_open(spec: &Spec, tz: Tz, m: i64) -> bool {
    spec.open_at(tz, m)
}

fn oracle_next_opening(spec: &Spec, tz: Tz, t: i64) -> Option<i64> {
    found(spec.next_opening(tz, t))
}

fn oracle_add(spec: &Spec, tz: Tz, t: i64, secs: i64) -> Option<i64> {
    found(spec.add_seconds(tz, t, secs))
}

fn oracle_between(spec: &Spec, tz: Tz, a: i64, b: i64) -> i64 {
    spec.between(tz, a, b)
        .expect("spans of weeks are within the walk's budget")
}

/// Longest stretch the oracle scans for a closing.
const SCAN_LIMIT_MINUTES: i64 = 60 * 24 * 60;

/// The closing instant ending the `k`-th open stretch at or after `t` (k >= 1).
fn oracle_kth_closing(spec: &Spec, tz: Tz, t: i64, k: u32) -> Option<i64> {
    let mut m = oracle_next_opening(spec, tz, t)?.div_euclid(60) * 60;
    let mut left = k;
    let mut was_open = true;
    for _ in 0..SCAN_LIMIT_MINUTES {
        let open = oracle_open(spec, tz, m);
        if was_open && !open {
            left -= 1;
            if left == 0 {
                return Some(m);
            }
        }
        was_open = open;
        m += 60;
    }
    None
}

/// Business days by wall clock: `None` when the oracle cannot decide (no
/// opening within its scan, a start off whole minutes, or a target wall
/// time that is not a unique instant).
fn oracle_add_days(spec: &Spec, tz: Tz, t: i64, days: u32) -> Option<i64> {
    let s = oracle_next_opening(spec, tz, t)?;
    if at(s).with_timezone(&tz).second() != 0 {
        return None; // keep the oracle in whole minutes
    }
    let due = found(spec.add_days(tz, t, days))?;
    let wall = at(due).with_timezone(&tz).naive_local();
    tz.from_local_datetime(&wall).single().map(|_| due)
}

// ---------------------------------------------------------------- random inputs

/// Minutes of the day allowed as boundaries: not within 01:00–03:00 (DST).
fn boundary(rng: &mut Rng) -> u32 {
    loop {
        let m = if rng.chance(50) {
            rng.below(1441) as u32
        } else {
            rng.below(97) as u32 * 15 // quarter hours, more collisions with instants
        };
        if !(60..180).contains(&m) {
            return m;
        }
    }
}

fn random_spec(rng: &mut Rng) -> Spec {
    let mut days: [Vec<(u32, u32)>; 7] = Default::default();
    for day in days.iter_mut() {
        let n = match rng.below(100) {
            0..=24 => 0,
            25..=69 => 1,
            70..=94 => 2,
            _ => 3,
        };
        let mut points = BTreeSet::new();
        while points.len() < 2 * n {
            points.insert(boundary(rng));
        }
        let points: Vec<u32> = points.into_iter().collect();
        *day = points.chunks(2).map(|p| (p[0], p[1])).collect();
    }
    if days.iter().all(Vec::is_empty) {
        days[0] = vec![(9 * 60, 17 * 60)];
    }
    let mut holidays = BTreeSet::new();
    for _ in 0..rng.below(10) {
        holidays.insert(random_date(rng));
    }
    Spec { days, holidays }
}

fn fixed_specs() -> Vec<Spec> {
    let weekdays = |iv: Vec<(u32, u32)>| -> [Vec<(u32, u32)>; 7] {
        [
            iv.clone(),
            iv.clone(),
            iv.clone(),
            iv.clone(),
            iv,
            vec![],
            vec![],
        ]
    };
    let sales = weekdays(vec![(8 * 60, 18 * 60)]);
    let mut split = weekdays(vec![(8 * 60, 12 * 60), (13 * 60, 17 * 60)]);
    split[5] = vec![(9 * 60, 13 * 60)]; // Saturday morning
    let mut always = weekdays(vec![(0, 1440)]);
    always[5] = vec![(0, 1440)];
    always[6] = vec![(0, 1440)];
    let holidays: BTreeSet<NaiveDate> = [
        (2026, 11, 26),
        (2026, 12, 25),
        (2027, 1, 1),
        (2026, 3, 30),
        (2026, 10, 26),
    ]
    .iter()
    .filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
    .collect();
    vec![
        Spec {
            days: sales,
            holidays: holidays.clone(),
        },
        Spec {
            days: split,
            holidays,
        },
        Spec {
            days: always,
            holidays: BTreeSet::new(),
        },
    ]
}

/// DST dates of the zones tested (2026): US, EU, Adelaide (April and October).
const DST_DATES: [(i32, u32, u32); 6] = [
    (2026, 3, 8),
    (2026, 11, 1),
    (2026, 3, 29),
    (2026, 10, 25),
    (2026, 4, 5),
    (2026, 10, 4),
];

fn random_date(rng: &mut Rng) -> NaiveDate {
    let base = if rng.chance(50) {
        let (y, m, d) = DST_DATES[rng.below(6) as usize];
        NaiveDate::from_ymd_opt(y, m, d).expect("date") - chrono::Days::new(5)
    } else {
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("date")
    };
    let span = if base.month() == 1 { 700 } else { 10 };
    base + chrono::Days::new(rng.below(span))
}

fn random_instant(rng: &mut Rng) -> i64 {
    let d = random_date(rng);
    let midnight_utc = d
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        .timestamp();
    let secs = rng.below(86_400) as i64;
    // Half of the instants on whole minutes (to hit boundaries), half anywhere.
    let secs = if rng.chance(50) { secs / 60 * 60 } else { secs };
    midnight_utc + secs
}

/// A duration scaled to the calendar, mostly within a week of business time,
/// sometimes several weeks (to exercise whole-week skipping).
fn random_duration(rng: &mut Rng, spec: &Spec) -> i64 {
    let weekly = spec.weekly_minutes() * 60;
    let secs = match rng.below(100) {
        0..=9 => rng.below(3600) as i64,
        10..=89 => rng.below(weekly as u64 + 1) as i64,
        _ => rng.below(3 * weekly as u64 + 1) as i64,
    };
    if rng.chance(70) {
        secs / 60 * 60
    } else {
        secs
    }
}

// ---------------------------------------------------------------- comparisons

const SAMPLES_PER_ZONE: usize = 500;

fn check_zone(tz: Tz, seed: u64) {
    let mut rng = Rng(seed);
    let fixed = fixed_specs();
    let mut compared = [0usize; 6];
    for i in 0..SAMPLES_PER_ZONE {
        let spec = if i % 4 == 0 {
            fixed[(i / 4) % fixed.len()].clone()
        } else {
            random_spec(&mut rng)
        };
        let cal = calendar(&spec);
        let t = random_instant(&mut rng);

        // is_open at a few nearby instants.
        for k in 0..4 {
            let u = t + k * 1_337;
            let want = oracle_open(&spec, tz, u.div_euclid(60) * 60);
            assert_eq!(
                cal.is_open(at(u), tz),
                want,
                "is_open {tz} {} {spec:?}",
                at(u)
            );
            compared[0] += 1;
        }

        // next_opening.
        if let Some(want) = oracle_next_opening(&spec, tz, t) {
            assert_eq!(
                cal.next_opening(at(t), tz),
                Some(at(want)),
                "next_opening {tz} {} {spec:?}",
                at(t)
            );
            compared[1] += 1;
        }

        // add_business_seconds.
        // A fifth of the durations run out exactly at a closing time.
        let closing = if rng.chance(20) {
            let k = 1 + rng.below(4) as u32;
            oracle_kth_closing(&spec, tz, t, k).map(|c| oracle_between(&spec, tz, t, c))
        } else {
            None
        };
        let secs = closing.unwrap_or_else(|| random_duration(&mut rng, &spec));
        if let Some(want) = oracle_add(&spec, tz, t, secs) {
            let got = cal.add_business_seconds(at(t), tz, secs);
            assert_eq!(got, Some(at(want)), "add {tz} {} + {secs}s {spec:?}", at(t));
            compared[2] += 1;
        }

        // business_seconds_between over a span of up to ~3 weeks.
        let span = match rng.below(10) {
            0 => 0,
            1..=6 => rng.below(7 * 86_400) as i64,
            _ => rng.below(24 * 86_400) as i64,
        };
        let (a, b) = (t, t + span);
        let want = oracle_between(&spec, tz, a, b);
        assert_eq!(
            cal.business_seconds_between(at(a), at(b), tz),
            want,
            "between {tz} {} {} {spec:?}",
            at(a),
            at(b)
        );
        compared[3] += 1;

        // add_business_days.
        let days = rng.below(12) as u32;
        if let Some(want) = oracle_add_days(&spec, tz, t / 60 * 60, days) {
            let got = cal.add_business_days(at(t / 60 * 60), tz, days);
            assert_eq!(
                got,
                Some(at(want)),
                "add_days {tz} {} + {days}d {spec:?}",
                at(t)
            );
            compared[4] += 1;
        }

        // next_business_day_at, on whole-minute wall times that are unique.
        let hour = NaiveTime::from_hms_opt(4 + rng.below(20) as u32, 0, 0).expect("time");
        if let Some(s) = oracle_next_opening(&spec, tz, t) {
            let date = at(s).with_timezone(&tz).date_naive();
            if let Some(want) = tz.from_local_datetime(&date.and_time(hour)).single() {
                let got = cal.next_business_day_at(at(t), tz, hour);
                assert_eq!(
                    got,
                    Some(want.with_timezone(&Utc)),
                    "next_business_day_at {tz} {} {spec:?}",
                    at(t)
                );
                compared[5] += 1;
            }
        }
    }
    // The samples must actually have been compared, not skipped.
    assert!(
        compared.iter().all(|&n| n >= SAMPLES_PER_ZONE / 2),
        "too few comparisons: {compared:?}"
    );
}

#[test]
fn oracle_chicago() {
    check_zone(chrono_tz::America::Chicago, 1);
}

#[test]
fn oracle_new_york() {
    check_zone(chrono_tz::America::New_York, 2);
}

#[test]
fn oracle_berlin() {
    check_zone(chrono_tz::Europe::Berlin, 3);
}

#[test]
fn oracle_london() {
    check_zone(chrono_tz::Europe::London, 4);
}

#[test]
fn oracle_kolkata() {
    check_zone(chrono_tz::Asia::Kolkata, 5);
}

#[test]
fn oracle_kathmandu() {
    check_zone(chrono_tz::Asia::Kathmandu, 6);
}

#[test]
fn oracle_adelaide() {
    check_zone(chrono_tz::Australia::Adelaide, 7);
}
