//! Property tests (proptest) for the algebra of business time: adding then
//! measuring gives back the amount added, additions are monotone, a closed
//! instant measures zero up to the next opening, and measuring is additive.
//! Zones include exotic ones (a half-hour DST in Lord Howe, the day Samoa
//! skipped in 2011, São Paulo's old midnight DST changes).

use accord_time::{Calendar, OpeningHours};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday, Weekday::*};
use chrono_tz::Tz;
use proptest::prelude::*;

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn build(intervals: &[(&[Weekday], NaiveTime, NaiveTime)], holidays: &[NaiveDate]) -> Calendar {
    let mut hours = OpeningHours::new();
    for &(days, open, close) in intervals {
        for &d in days {
            hours.add(d, open, close).expect("valid hours");
        }
    }
    Calendar::new(hours, holidays.iter().copied()).expect("valid calendar")
}

const WEEK: &[Weekday] = &[Mon, Tue, Wed, Thu, Fri];

fn calendars() -> Vec<Calendar> {
    let holidays = [
        date(2026, 11, 26),
        date(2026, 12, 25),
        date(2027, 1, 1),
        date(2011, 12, 30),
        date(2018, 2, 19),
    ];
    vec![
        // Mon–Fri 08:00–18:00 with holidays.
        build(&[(WEEK, hm(8, 0), hm(18, 0))], &holidays),
        // Split days and a Saturday morning.
        build(
            &[
                (WEEK, hm(8, 0), hm(12, 0)),
                (WEEK, hm(13, 0), hm(17, 0)),
                (&[Sat], hm(9, 0), hm(13, 0)),
            ],
            &holidays,
        ),
        // Night shifts across the DST hours, and late evenings up to midnight.
        build(
            &[
                (&[Sun, Sat], hm(0, 0), hm(6, 0)),
                (WEEK, hm(22, 0), hm(0, 0)),
                (WEEK, hm(1, 30), hm(2, 45)),
            ],
            &[],
        ),
        // Always open.
        build(
            &[(&[Mon, Tue, Wed, Thu, Fri, Sat, Sun], hm(0, 0), hm(0, 0))],
            &[],
        ),
        // Very sparse: half an hour on Wednesdays.
        build(&[(&[Wed], hm(10, 0), hm(10, 30))], &holidays),
    ]
}

const ZONES: [Tz; 10] = [
    chrono_tz::America::Chicago,
    chrono_tz::America::New_York,
    chrono_tz::Europe::Berlin,
    chrono_tz::Europe::London,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Asia::Kathmandu,
    chrono_tz::Australia::Adelaide,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Pacific::Apia,
    chrono_tz::America::Sao_Paulo,
];

/// Instants from 2010 to 2030, half of them within a few days of a DST change.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    let near: Vec<i64> = [
        (2026, 3, 8),
        (2026, 11, 1),
        (2026, 3, 29),
        (2026, 10, 25),
        (2026, 4, 5),
        (2026, 10, 4),
        (2011, 12, 29),
        (2018, 2, 17),
        (2018, 11, 4),
    ]
    .iter()
    .map(|&(y, m, d)| {
        date(y, m, d)
            .and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_utc()
            .timestamp()
    })
    .collect();
    let uniform = (1_262_304_000i64..1_893_456_000i64).boxed();
    let close = (prop::sample::select(near), -4 * 86_400i64..4 * 86_400)
        .prop_map(|(b, o)| b + o)
        .boxed();
    prop_oneof![uniform, close]
        .prop_map(|u| DateTime::<Utc>::from_timestamp(u, 0).expect("in range"))
}

fn duration() -> impl Strategy<Value = i64> {
    prop_oneof![0i64..3_600, 0i64..200_000, 0i64..2_000_000]
}

fn setup() -> impl Strategy<Value = (usize, Tz)> {
    (0..calendars().len(), prop::sample::select(ZONES.to_vec()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn adding_then_measuring_gives_the_amount((ci, tz) in setup(), t in instant(), n in duration()) {
        let cal = &calendars()[ci];
        let due = cal.add_business_seconds(t, tz, n).expect("due within horizon");
        let start = cal.next_opening(t, tz).expect("opens");
        prop_assert_eq!(cal.business_seconds_between(start, due, tz), n);
        // From t itself too: the closed stretch before the opening counts zero.
        prop_assert_eq!(cal.business_seconds_between(t, due, tz), n);
        prop_assert!(due >= start);
    }

    #[test]
    fn more_seconds_never_due_earlier((ci, tz) in setup(), t in instant(), n1 in duration(), n2 in duration()) {
        let cal = &calendars()[ci];
        let (lo, hi) = (n1.min(n2), n1.max(n2));
        let a = cal.add_business_seconds(t, tz, lo);
        let b = cal.add_business_seconds(t, tz, hi);
        prop_assert!(a.is_some() && a <= b, "{:?} then {:?}", a, b);
    }

    #[test]
    fn later_start_never_due_earlier((ci, tz) in setup(), t in instant(), gap in 0i64..1_000_000, n in duration()) {
        let cal = &calendars()[ci];
        let later = t + chrono::Duration::seconds(gap);
        let a = cal.add_business_seconds(t, tz, n);
        let b = cal.add_business_seconds(later, tz, n);
        prop_assert!(a.is_some() && a <= b, "{:?} then {:?}", a, b);
    }

    #[test]
    fn closed_instant_measures_zero_to_next_opening((ci, tz) in setup(), t in instant()) {
        let cal = &calendars()[ci];
        let s = cal.next_opening(t, tz).expect("opens");
        prop_assert_eq!(cal.business_seconds_between(t, s, tz), 0);
        prop_assert!(cal.is_open(s, tz));
        prop_assert_eq!(cal.is_open(t, tz), s == t);
        prop_assert_eq!(cal.add_business_seconds(t, tz, 0), Some(s));
    }

    #[test]
    fn measuring_is_additive((ci, tz) in setup(), a in instant(), d1 in 0i64..1_500_000, d2 in 0i64..1_500_000) {
        let cal = &calendars()[ci];
        let b = a + chrono::Duration::seconds(d1);
        let c = b + chrono::Duration::seconds(d2);
        let ab = cal.business_seconds_between(a, b, tz);
        let bc = cal.business_seconds_between(b, c, tz);
        prop_assert_eq!(ab + bc, cal.business_seconds_between(a, c, tz));
        prop_assert!(ab <= d1 && bc <= d2);
        // Reversed bounds measure zero.
        prop_assert_eq!(cal.business_seconds_between(c, a, tz), 0);
    }

    #[test]
    fn business_days_are_monotone_and_land_on_business_days(
        (ci, tz) in setup(), t in instant(), d1 in 0u32..30, d2 in 0u32..30,
    ) {
        let cal = &calendars()[ci];
        let (lo, hi) = (d1.min(d2), d1.max(d2));
        let a = cal.add_business_days(t, tz, lo);
        let b = cal.add_business_days(t, tz, hi);
        prop_assert!(a.is_some() && a <= b, "{:?} then {:?}", a, b);
        prop_assert!(a >= cal.next_opening(t, tz));
    }

    #[test]
    fn after_hours_due_is_on_the_next_opening_day((ci, tz) in setup(), t in instant(), h in 0u32..24) {
        let cal = &calendars()[ci];
        let s = cal.next_opening(t, tz).expect("opens");
        let due = cal.next_business_day_at(t, tz, hm(h, 0)).expect("due");
        let day = Calendar::local_date(s, tz);
        prop_assert!(cal.is_business_day(day));
        // A wall time in a gap resolves to the end of the gap, still that day
        // in these zones.
        prop_assert_eq!(Calendar::local_date(due, tz), day);
    }
}
