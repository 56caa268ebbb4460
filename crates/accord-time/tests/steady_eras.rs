//! Business time over millennia. Outside the era in which time zones change
//! their offsets (before `STEADY_BEFORE`, from `STEADY_FROM` on) the
//! calendar skips every holiday-free stretch of weeks in one step, so an
//! SLA measured from the year 13 to 2026 costs about what a year does.
//!
//! These tests hold (1) the fact the skip rests on, for every zone of the
//! time-zone database this build carries, and (2) the skip's answers equal
//! to the same span measured in pieces of under a week, which never skip
//! more than one week at a time (the walk before the skip existed).
//! How long such a measurement takes is in the limits benchmark
//! (`crates/accord/benches/limits.rs`, scenario `ancient`), not here.

use accord_time::{Calendar, OpeningHours, STEADY_BEFORE, STEADY_FROM};
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Offset, TimeZone, Utc, Weekday::*};
use chrono_tz::{Tz, TZ_VARIANTS};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn utc(d: NaiveDate, h: u32) -> DateTime<Utc> {
    d.and_hms_opt(h, 0, 0).expect("valid time").and_utc()
}

fn offset(tz: Tz, d: NaiveDate) -> i32 {
    tz.offset_from_utc_datetime(&d.and_time(NaiveTime::MIN))
        .fix()
        .local_minus_utc()
}

/// Every zone keeps one UTC offset before `STEADY_BEFORE` and from
/// `STEADY_FROM` on: sampled daily for ten years on the steady side of
/// each date, then every 61 days for 500 years, then at the ends of the
/// range chrono and the evaluator accept (years 1 and 9999 and beyond).
#[test]
fn no_zone_changes_its_offset_outside_the_steady_dates() {
    let mut samples = Vec::new();
    for (edge, sign) in [(STEADY_BEFORE, -1i64), (STEADY_FROM, 1)] {
        let step = |days: i64| {
            if sign < 0 {
                edge.checked_sub_days(Days::new(days as u64))
            } else {
                edge.checked_add_days(Days::new(days as u64))
            }
        };
        let mut far = Vec::new();
        for day in 0..3653 {
            far.push(step(day + i64::from(sign < 0)));
        }
        for day in (3653..183_000).step_by(61) {
            far.push(step(day));
        }
        far.push(Some(if sign < 0 {
            date(1, 1, 1)
        } else {
            date(9999, 12, 31)
        }));
        far.push(Some(if sign < 0 {
            date(-9999, 1, 1)
        } else {
            date(99_999, 1, 1)
        }));
        samples.push((sign, far.into_iter().flatten().collect::<Vec<_>>()));
    }
    for tz in TZ_VARIANTS {
        for (sign, days) in &samples {
            let at_edge = offset(tz, days[0]);
            for &d in days {
                assert_eq!(
                    offset(tz, d),
                    at_edge,
                    "{tz} changes its offset on the {} side, by {d}",
                    if *sign < 0 { "early" } else { "late" }
                );
            }
        }
    }
}

fn calendar(holidays: &[NaiveDate]) -> Calendar {
    let mut hours = OpeningHours::new();
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid time");
    for d in [Mon, Tue, Wed, Thu, Fri] {
        hours.add(d, t(8, 0), t(12, 30)).expect("valid hours");
        hours.add(d, t(13, 30), t(18, 0)).expect("valid hours");
    }
    hours.add(Sat, t(9, 15), t(15, 30)).expect("valid hours");
    Calendar::new(hours, holidays.iter().copied()).expect("valid calendar")
}

/// The span measured in pieces of six days: no piece holds a whole week,
/// so none is skipped; the pieces' sum is the walk day by day.
fn measured_in_pieces(cal: &Calendar, a: DateTime<Utc>, b: DateTime<Utc>, tz: Tz) -> i64 {
    let piece = chrono::Duration::days(6);
    let mut total = 0;
    let mut from = a;
    while from < b {
        let to = (from + piece).min(b);
        total += cal.business_seconds_between(from, to, tz);
        from = to;
    }
    total
}

const ZONES: [Tz; 5] = [
    Tz::America__Chicago,
    Tz::Asia__Manila,
    Tz::Pacific__Kiritimati,
    Tz::Australia__Lord_Howe,
    Tz::UTC,
];

#[test]
fn a_span_across_centuries_measures_what_its_pieces_add_up_to() {
    // Holidays in both steady eras and in between, so that the skip must
    // stop at each; the spans cross both steady dates.
    let holidays = [
        date(1650, 7, 4),
        date(1799, 12, 25),
        date(1800, 1, 1),
        date(1900, 1, 1),
        date(2026, 12, 25),
        date(2101, 1, 3),
        date(2250, 5, 1),
    ];
    let cal = calendar(&holidays);
    let spans = [
        (utc(date(1600, 3, 1), 7), utc(date(1810, 6, 9), 15)),
        (utc(date(1790, 1, 1), 0), utc(date(1801, 1, 1), 0)),
        (utc(date(2090, 2, 2), 11), utc(date(2300, 8, 8), 16)),
        (utc(date(1, 1, 1), 0), utc(date(400, 1, 1), 0)),
    ];
    for tz in ZONES {
        for &(a, b) in &spans {
            assert_eq!(
                cal.business_seconds_between(a, b, tz),
                measured_in_pieces(&cal, a, b, tz),
                "{a} to {b} in {tz}"
            );
        }
    }
}

#[test]
fn four_hundred_steady_years_hold_their_weeks_exactly() {
    // 400 Gregorian years are 20,871 weeks; from a local Monday midnight,
    // with no holiday, every one of them holds the weekly total.
    let cal = calendar(&[]);
    let monday = date(1201, 1, 1); // a Monday (proleptic Gregorian)
    assert_eq!(monday.weekday(), Mon);
    for tz in ZONES {
        let local_midnight = |d: NaiveDate| {
            tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
                .single()
                .expect("a steady zone's midnight exists")
                .with_timezone(&Utc)
        };
        let a = local_midnight(monday);
        let b = local_midnight(date(1601, 1, 1));
        assert_eq!(
            cal.business_seconds_between(a, b, tz),
            20_871 * cal.weekly_seconds(),
            "{tz}"
        );
    }
}

#[test]
fn adding_centuries_lands_where_measuring_says() {
    let cal = calendar(&[date(1700, 6, 1), date(2150, 6, 1)]);
    for tz in ZONES {
        for (start, secs) in [
            (
                utc(date(1500, 1, 7), 10),
                300 * 52 * cal.weekly_seconds() + 12_345,
            ),
            (
                utc(date(2102, 3, 3), 23),
                500 * 52 * cal.weekly_seconds() + 1,
            ),
            (
                utc(date(1795, 3, 3), 23),
                8 * 52 * cal.weekly_seconds() + 99,
            ),
        ] {
            let due = cal
                .add_business_seconds(start, tz, secs)
                .expect("within the walk's thousand years");
            assert_eq!(
                cal.business_seconds_between(start, due, tz),
                secs,
                "{start} + {secs} s in {tz} is due {due}"
            );
            // One second less is due one business second earlier.
            let before = cal
                .add_business_seconds(start, tz, secs - 1)
                .expect("within the walk");
            assert_eq!(
                cal.business_seconds_between(before, due, tz),
                1,
                "{start} + {secs} s in {tz}"
            );
        }
    }
}
