//! Hand-checked business-time cases. Every expected instant is written in UTC
//! and the comment next to it shows the wall-clock arithmetic that produces it.

use accord_time::{Calendar, CalendarError, OpeningHours};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc, Weekday, Weekday::*};
use chrono_tz::America::Chicago;
use chrono_tz::Asia::{Kathmandu, Kolkata};
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;

const WEEKDAYS: [Weekday; 5] = [Mon, Tue, Wed, Thu, Fri];
const ALL_DAYS: [Weekday; 7] = [Mon, Tue, Wed, Thu, Fri, Sat, Sun];
const H: i64 = 3600;
const M: i64 = 60;

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// A UTC instant.
fn z(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("valid instant")
}

fn cal(days: &[Weekday], open: NaiveTime, close: NaiveTime, holidays: &[NaiveDate]) -> Calendar {
    let hours = OpeningHours::uniform(days.iter().copied(), open, close).expect("valid hours");
    Calendar::new(hours, holidays.iter().copied()).expect("valid calendar")
}

/// Mon–Fri 08:00–18:00, the language's default sales calendar.
fn sales() -> Calendar {
    cal(&WEEKDAYS, hm(8, 0), hm(18, 0), &[])
}

fn add(c: &Calendar, t: DateTime<Utc>, tz: Tz, secs: i64) -> Option<DateTime<Utc>> {
    c.add_business_seconds(t, tz, secs)
}

#[test]
fn us_dst_start_chicago_2026_03_08() {
    let c = sales();
    // Fri 2026-03-06 17:00 CST (UTC-6) = 23:00Z. +3h: 1h until 18:00 Friday,
    // then Mon 03-09 08:00 CDT (UTC-5, DST began Sunday) = 13:00Z, +2h = 15:00Z.
    assert_eq!(
        add(&c, z(2026, 3, 6, 23, 0), Chicago, 3 * H),
        Some(z(2026, 3, 9, 15, 0))
    );
    assert_eq!(
        c.business_seconds_between(z(2026, 3, 6, 23, 0), z(2026, 3, 9, 15, 0), Chicago),
        3 * H
    );
    // Opening hours do not move in wall time: Monday opens at 08:00 CDT = 13:00Z
    // (it was 14:00Z the Monday before).
    assert_eq!(
        c.next_opening(z(2026, 3, 9, 12, 0), Chicago),
        Some(z(2026, 3, 9, 13, 0))
    );
    assert_eq!(
        c.next_opening(z(2026, 3, 2, 12, 0), Chicago),
        Some(z(2026, 3, 2, 14, 0))
    );
    // A Sunday 00:00–06:00 interval on the DST night loses an hour:
    // 00:00 CST = 06:00Z to 06:00 CDT = 11:00Z is 5 real hours.
    let night = cal(&[Sun], hm(0, 0), hm(6, 0), &[]);
    assert_eq!(
        night.business_seconds_between(z(2026, 3, 8, 0, 0), z(2026, 3, 9, 0, 0), Chicago),
        5 * H
    );
    // 02:30 does not exist that night; the calendar is open at 08:00Z (= 03:00 CDT).
    assert!(night.is_open(z(2026, 3, 8, 8, 0), Chicago));
}

#[test]
fn us_dst_end_chicago_2026_11_01() {
    // Every day 08:00–18:00: Sunday 11-01 is still 10 business hours, but the
    // instants shift: 08:00 CST = 14:00Z to 18:00 CST = 00:00Z on 11-02
    // (on Saturday, CDT: 13:00Z to 23:00Z).
    let daily = cal(&ALL_DAYS, hm(8, 0), hm(18, 0), &[]);
    assert_eq!(
        daily.business_seconds_between(z(2026, 11, 1, 6, 0), z(2026, 11, 2, 6, 0), Chicago),
        10 * H
    );
    assert_eq!(
        daily.next_opening(z(2026, 11, 1, 5, 0), Chicago),
        Some(z(2026, 11, 1, 14, 0))
    );
    assert_eq!(
        daily.next_opening(z(2026, 10, 31, 5, 0), Chicago),
        Some(z(2026, 10, 31, 13, 0))
    );
    // Sat 17:00 CDT = 22:00Z, +2h: 1h Saturday, then Sun 08:00 CST = 14:00Z +1h = 15:00Z.
    assert_eq!(
        add(&daily, z(2026, 10, 31, 22, 0), Chicago, 2 * H),
        Some(z(2026, 11, 1, 15, 0))
    );
    // Mon–Fri: Fri 10-30 17:30 CDT = 22:30Z, +1h: 30m Friday, Mon 11-02 08:00 CST = 14:00Z +30m.
    assert_eq!(
        add(&sales(), z(2026, 10, 30, 22, 30), Chicago, H),
        Some(z(2026, 11, 2, 14, 30))
    );
    // Sunday 00:00–06:00 gains an hour: 00:00 CDT = 05:00Z to 06:00 CST = 12:00Z = 7h.
    let night = cal(&[Sun], hm(0, 0), hm(6, 0), &[]);
    assert_eq!(
        night.business_seconds_between(z(2026, 11, 1, 0, 0), z(2026, 11, 2, 0, 0), Chicago),
        7 * H
    );
}

#[test]
fn eu_dst_start_berlin_2026_03_29() {
    let c = sales();
    // Fri 03-27 17:00 CET (UTC+1) = 16:00Z, +2h: 1h Friday, Mon 03-30 08:00 CEST
    // (UTC+2) = 06:00Z, +1h = 07:00Z.
    assert_eq!(
        add(&c, z(2026, 3, 27, 16, 0), Berlin, 2 * H),
        Some(z(2026, 3, 30, 7, 0))
    );
    // Every day: Sat 17:00 CET = 16:00Z to Sun 09:00 CEST = 07:00Z holds
    // Sat 17–18 (1h) and Sun 08–09 (1h).
    let daily = cal(&ALL_DAYS, hm(8, 0), hm(18, 0), &[]);
    assert_eq!(
        daily.business_seconds_between(z(2026, 3, 28, 16, 0), z(2026, 3, 29, 7, 0), Berlin),
        2 * H
    );
    // Sunday 00:00–06:00: 00:00 CET = 23:00Z (03-28) to 06:00 CEST = 04:00Z is 5h.
    let night = cal(&[Sun], hm(0, 0), hm(6, 0), &[]);
    assert_eq!(
        night.business_seconds_between(z(2026, 3, 28, 0, 0), z(2026, 3, 30, 0, 0), Berlin),
        5 * H
    );
    // An interval 02:00–02:30 falls entirely in the gap (02:00 CET -> 03:00 CEST): empty that Sunday,
    // so the next opening after Saturday is the following Sunday 02:00 CEST = 00:00Z 04-05.
    let gap = cal(&[Sun], hm(2, 0), hm(2, 30), &[]);
    assert_eq!(
        gap.business_seconds_between(z(2026, 3, 28, 0, 0), z(2026, 3, 30, 0, 0), Berlin),
        0
    );
    assert_eq!(
        gap.next_opening(z(2026, 3, 28, 12, 0), Berlin),
        Some(z(2026, 4, 5, 0, 0))
    );
}

#[test]
fn eu_dst_end_berlin_2026_10_25() {
    // Fri 10-23 17:30 CEST = 15:30Z, +1h: 30m Friday, Mon 10-26 08:00 CET = 07:00Z +30m.
    assert_eq!(
        add(&sales(), z(2026, 10, 23, 15, 30), Berlin, H),
        Some(z(2026, 10, 26, 7, 30))
    );
    // Sunday 00:00–06:00: 00:00 CEST = 22:00Z (10-24) to 06:00 CET = 05:00Z is 7h.
    let night = cal(&[Sun], hm(0, 0), hm(6, 0), &[]);
    assert_eq!(
        night.business_seconds_between(z(2026, 10, 24, 0, 0), z(2026, 10, 26, 0, 0), Berlin),
        7 * H
    );
    // 02:00–02:30 happens twice (03:00 CEST -> 02:00 CET); the earliest counts:
    // 00:00Z–00:30Z is open, the repeat 01:00Z–01:30Z (02:00–02:30 CET) is not.
    let amb = cal(&[Sun], hm(2, 0), hm(2, 30), &[]);
    assert!(amb.is_open(z(2026, 10, 25, 0, 15), Berlin));
    assert!(!amb.is_open(z(2026, 10, 25, 1, 15), Berlin));
    assert_eq!(
        amb.business_seconds_between(z(2026, 10, 24, 0, 0), z(2026, 10, 26, 0, 0), Berlin),
        30 * M
    );
}

#[test]
fn over_a_weekend() {
    // Fri 2026-06-05 17:50 CDT = 22:50Z, +2h: 10m Friday, then Mon 06-08
    // 08:00 CDT = 13:00Z + 1h50m = 14:50Z (09:50 local).
    let c = sales();
    assert_eq!(
        add(&c, z(2026, 6, 5, 22, 50), Chicago, 2 * H),
        Some(z(2026, 6, 8, 14, 50))
    );
    assert_eq!(
        c.business_seconds_between(z(2026, 6, 5, 22, 50), z(2026, 6, 8, 14, 50), Chicago),
        2 * H
    );
    assert!(!c.is_open(z(2026, 6, 6, 15, 0), Chicago));
}

#[test]
fn over_thanksgiving_2026_11_26() {
    let c = cal(&WEEKDAYS, hm(8, 0), hm(18, 0), &[date(2026, 11, 26)]);
    assert!(!c.is_business_day(date(2026, 11, 26)));
    assert!(c.is_business_day(date(2026, 11, 27)));
    // Wed 11-25 17:00 CST = 23:00Z, +2h: 1h Wednesday, Thursday is a holiday,
    // Fri 11-27 08:00 CST = 14:00Z + 1h = 15:00Z.
    assert_eq!(
        add(&c, z(2026, 11, 25, 23, 0), Chicago, 2 * H),
        Some(z(2026, 11, 27, 15, 0))
    );
    assert_eq!(
        c.business_seconds_between(z(2026, 11, 25, 23, 0), z(2026, 11, 27, 15, 0), Chicago),
        2 * H
    );
    // On the holiday itself (Thu 12:00 CST = 18:00Z) the calendar is closed.
    assert!(!c.is_open(z(2026, 11, 26, 18, 0), Chicago));
    assert_eq!(
        c.next_opening(z(2026, 11, 26, 18, 0), Chicago),
        Some(z(2026, 11, 27, 14, 0))
    );
}

#[test]
fn arrival_before_opening() {
    // Tue 2026-06-09 06:00 CDT = 11:00Z; the clock starts 08:00 (13:00Z); +15m = 08:15 = 13:15Z.
    let c = sales();
    assert_eq!(
        c.next_opening(z(2026, 6, 9, 11, 0), Chicago),
        Some(z(2026, 6, 9, 13, 0))
    );
    assert_eq!(
        add(&c, z(2026, 6, 9, 11, 0), Chicago, 15 * M),
        Some(z(2026, 6, 9, 13, 15))
    );
    // A closed instant measures zero up to the opening.
    assert_eq!(
        c.business_seconds_between(z(2026, 6, 9, 11, 0), z(2026, 6, 9, 13, 0), Chicago),
        0
    );
}

#[test]
fn arrival_after_closing() {
    // Tue 06-09 19:00 CDT = 00:00Z 06-10; next opening Wed 08:00 CDT = 13:00Z; +15m = 13:15Z.
    let c = sales();
    assert_eq!(
        c.next_opening(z(2026, 6, 10, 0, 0), Chicago),
        Some(z(2026, 6, 10, 13, 0))
    );
    assert_eq!(
        add(&c, z(2026, 6, 10, 0, 0), Chicago, 15 * M),
        Some(z(2026, 6, 10, 13, 15))
    );
}

#[test]
fn limit_ending_exactly_at_closing() {
    let c = sales();
    // Tue 06-09 17:00 CDT = 22:00Z, +1h = 18:00 CDT = 23:00Z the same day,
    // not Wednesday 08:00.
    assert_eq!(
        add(&c, z(2026, 6, 9, 22, 0), Chicago, H),
        Some(z(2026, 6, 9, 23, 0))
    );
    // One second more spills into Wednesday: 08:00:01 CDT = 13:00:01Z.
    let spill = Utc.with_ymd_and_hms(2026, 6, 10, 13, 0, 1).single();
    assert_eq!(add(&c, z(2026, 6, 9, 22, 0), Chicago, H + 1), spill);
    // The closing instant itself is closed: the clock would start Wednesday.
    assert!(!c.is_open(z(2026, 6, 9, 23, 0), Chicago));
    assert!(c.is_open(z(2026, 6, 9, 13, 0), Chicago));
    assert_eq!(
        add(&c, z(2026, 6, 9, 23, 0), Chicago, 0),
        Some(z(2026, 6, 10, 13, 0))
    );
    // A whole day: 08:00 + 10h = 18:00 the same day.
    assert_eq!(
        add(&c, z(2026, 6, 9, 13, 0), Chicago, 10 * H),
        Some(z(2026, 6, 9, 23, 0))
    );
}

#[test]
fn split_day() {
    let mut hours = OpeningHours::new();
    for d in WEEKDAYS {
        hours.add(d, hm(8, 0), hm(12, 0)).expect("morning");
        hours.add(d, hm(13, 0), hm(17, 0)).expect("afternoon");
    }
    let c = Calendar::new(hours, []).expect("calendar");
    // Tue 06-09 11:30 CDT = 16:30Z, +1h: 30m until 12:00, lunch closed,
    // 13:00 CDT = 18:00Z +30m = 18:30Z.
    assert_eq!(
        add(&c, z(2026, 6, 9, 16, 30), Chicago, H),
        Some(z(2026, 6, 9, 18, 30))
    );
    // Due exactly at noon closing: 11:30 + 30m = 12:00 CDT = 17:00Z.
    assert_eq!(
        add(&c, z(2026, 6, 9, 16, 30), Chicago, 30 * M),
        Some(z(2026, 6, 9, 17, 0))
    );
    assert!(!c.is_open(z(2026, 6, 9, 17, 30), Chicago));
    assert_eq!(c.weekly_seconds(), 5 * 8 * H);
}

#[test]
fn half_and_three_quarter_hour_offsets() {
    let c = sales();
    // Kolkata is UTC+05:30. Mon 2026-06-08 17:45 IST = 12:15Z, +30m: 15m Monday,
    // Tue 08:00 IST = 02:30Z + 15m = 02:45Z.
    assert_eq!(
        add(&c, z(2026, 6, 8, 12, 15), Kolkata, 30 * M),
        Some(z(2026, 6, 9, 2, 45))
    );
    assert_eq!(
        c.next_opening(z(2026, 6, 8, 23, 0), Kolkata),
        Some(z(2026, 6, 9, 2, 30))
    );
    // Kathmandu is UTC+05:45: 08:00 NPT = 02:15Z.
    assert_eq!(
        c.next_opening(z(2026, 6, 8, 20, 0), Kathmandu),
        Some(z(2026, 6, 9, 2, 15))
    );
    // The same UTC instant 2026-06-08 18:40Z is Tue 00:10 IST (closed) but
    // the local date already Tuesday.
    assert_eq!(
        Calendar::local_date(z(2026, 6, 8, 18, 40), Kolkata),
        date(2026, 6, 9)
    );
    assert_eq!(
        Calendar::local_date(z(2026, 6, 8, 18, 40), Chicago),
        date(2026, 6, 8)
    );
}

#[test]
fn next_business_day_at_nine() {
    let c = cal(&WEEKDAYS, hm(8, 0), hm(18, 0), &[date(2026, 11, 26)]);
    let nine = hm(9, 0);
    // Friday 06-05 19:00 CDT = 00:00Z 06-06 -> Monday 06-08 09:00 CDT = 14:00Z.
    assert_eq!(
        c.next_business_day_at(z(2026, 6, 6, 0, 0), Chicago, nine),
        Some(z(2026, 6, 8, 14, 0))
    );
    // Tuesday 06-09 03:00 CDT = 08:00Z -> Tuesday 09:00 CDT = 14:00Z.
    assert_eq!(
        c.next_business_day_at(z(2026, 6, 9, 8, 0), Chicago, nine),
        Some(z(2026, 6, 9, 14, 0))
    );
    // Wednesday before Thanksgiving 19:00 CST = 01:00Z 11-26 -> Friday 11-27 09:00 CST = 15:00Z.
    assert_eq!(
        c.next_business_day_at(z(2026, 11, 26, 1, 0), Chicago, nine),
        Some(z(2026, 11, 27, 15, 0))
    );
    // Across the US DST start: Fri 03-06 19:00 CST = 01:00Z 03-07 -> Mon 09:00 CDT = 14:00Z.
    assert_eq!(
        c.next_business_day_at(z(2026, 3, 7, 1, 0), Chicago, nine),
        Some(z(2026, 3, 9, 14, 0))
    );
}

#[test]
fn business_days_over_weekend_and_holiday() {
    let c = cal(&WEEKDAYS, hm(8, 0), hm(18, 0), &[date(2026, 11, 26)]);
    // Wed 11-25 10:00 CST = 16:00Z, +2 business days: Thu is a holiday, Fri is 1,
    // Sat/Sun are not business days, Mon 11-30 is 2 -> 10:00 CST = 16:00Z.
    assert_eq!(
        c.add_business_days(z(2026, 11, 25, 16, 0), Chicago, 2),
        Some(z(2026, 11, 30, 16, 0))
    );
    // Arrival Sunday 11-29 12:00 CST = 18:00Z: start Mon 08:00, +1 day = Tue 08:00 CST = 14:00Z.
    assert_eq!(
        c.add_business_days(z(2026, 11, 29, 18, 0), Chicago, 1),
        Some(z(2026, 12, 1, 14, 0))
    );
    // 0 days is the next opening itself.
    assert_eq!(
        c.add_business_days(z(2026, 11, 29, 18, 0), Chicago, 0),
        Some(z(2026, 11, 30, 14, 0))
    );
    // 10 business days from Mon 2026-06-01 09:00 CDT (14:00Z) = Mon 06-15 09:00 CDT.
    assert_eq!(
        c.add_business_days(z(2026, 6, 1, 14, 0), Chicago, 10),
        Some(z(2026, 6, 15, 14, 0))
    );
    // 260 business days from Thu 2026-01-01 09:00 CST, with the one holiday in between:
    // 52 weeks later is Thu 2026-12-31 (260 weekdays, one of them the holiday), so one
    // more weekday: Fri 2027-01-01 09:00 CST = 15:00Z.
    assert_eq!(
        c.add_business_days(z(2026, 1, 1, 15, 0), Chicago, 260),
        Some(z(2027, 1, 1, 15, 0))
    );
}

#[test]
fn business_days_clamp_into_hours() {
    let mut hours = OpeningHours::uniform(WEEKDAYS, hm(8, 0), hm(18, 0)).expect("hours");
    hours.add(Sat, hm(9, 0), hm(12, 0)).expect("saturday");
    let c = Calendar::new(hours, []).expect("calendar");
    // Fri 06-05 15:00 CDT = 20:00Z, +1 day = Saturday 15:00, after Saturday's
    // close -> Saturday 12:00 CDT = 17:00Z.
    assert_eq!(
        c.add_business_days(z(2026, 6, 5, 20, 0), Chicago, 1),
        Some(z(2026, 6, 6, 17, 0))
    );
    // Fri 08:30 CDT = 13:30Z, +1 day = Saturday 08:30, before opening -> 09:00 CDT = 14:00Z.
    assert_eq!(
        c.add_business_days(z(2026, 6, 5, 13, 30), Chicago, 1),
        Some(z(2026, 6, 6, 14, 0))
    );
    // Fri 15:00 + 2 days: Saturday is 1, Sunday closed, Monday 15:00 CDT = 20:00Z.
    assert_eq!(
        c.add_business_days(z(2026, 6, 5, 20, 0), Chicago, 2),
        Some(z(2026, 6, 8, 20, 0))
    );
}

#[test]
fn large_add_skips_weeks_across_dst() {
    let c = sales();
    // Mon 2026-03-02 08:00 CST = 14:00Z + 200h = four full weeks of 50h, due at the
    // last closing: Fri 03-27 18:00 CDT = 23:00Z (DST began in the second week).
    assert_eq!(
        add(&c, z(2026, 3, 2, 14, 0), Chicago, 200 * H),
        Some(z(2026, 3, 27, 23, 0))
    );
    // One second more: Mon 03-30 08:00:01 CDT.
    let next = Utc.with_ymd_and_hms(2026, 3, 30, 13, 0, 1).single();
    assert_eq!(add(&c, z(2026, 3, 2, 14, 0), Chicago, 200 * H + 1), next);
    // The year 2026 in Chicago has 261 weekdays (52 weeks + Thursday 01-01): 2610 business hours.
    assert_eq!(
        c.business_seconds_between(z(2026, 1, 1, 6, 0), z(2027, 1, 1, 6, 0), Chicago),
        2610 * H
    );
}

#[test]
fn never_opens_again() {
    // Only Mondays, and every Monday from 2026 to 2030 is a holiday.
    let mondays: Vec<NaiveDate> = (0..260)
        .filter_map(|w| date(2026, 1, 5).checked_add_days(chrono::Days::new(7 * w)))
        .collect();
    let c = cal(&[Mon], hm(8, 0), hm(18, 0), &mondays);
    assert_eq!(c.next_opening(z(2026, 1, 1, 0, 0), Chicago), None);
    assert_eq!(add(&c, z(2026, 1, 1, 0, 0), Chicago, 60), None);
    assert_eq!(c.add_business_days(z(2026, 1, 1, 0, 0), Chicago, 1), None);
    assert_eq!(
        c.business_seconds_between(z(2026, 1, 1, 0, 0), z(2030, 1, 1, 0, 0), Chicago),
        0
    );
    // Negative durations are refused rather than guessed.
    assert_eq!(add(&sales(), z(2026, 6, 9, 15, 0), Chicago, -1), None);
}

#[test]
fn extreme_inputs_do_not_panic() {
    let c = sales();
    let tz = Chicago;
    for t in [
        DateTime::<Utc>::MIN_UTC,
        DateTime::<Utc>::MAX_UTC,
        z(1970, 1, 1, 0, 0),
    ] {
        let _ = c.is_open(t, tz);
        let _ = c.next_opening(t, tz);
        let _ = c.add_business_days(t, tz, u32::MAX);
        let _ = c.next_business_day_at(t, tz, hm(9, 0));
        let _ = Calendar::local_date(t, tz);
    }
    assert_eq!(add(&c, DateTime::<Utc>::MAX_UTC, tz, 1), None);
    // i64::MAX seconds is beyond the 1000-year walk limit.
    assert_eq!(add(&c, z(2026, 1, 1, 0, 0), tz, i64::MAX), None);
    assert_eq!(
        c.business_seconds_between(DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MIN_UTC, tz),
        0
    );
}

#[test]
fn calendar_errors_read_plainly() {
    assert_eq!(
        Calendar::new(OpeningHours::new(), []).err(),
        Some(CalendarError::NoOpeningHours)
    );
    assert_eq!(
        CalendarError::NoOpeningHours.to_string(),
        "the calendar has no opening hours on any day of the week"
    );
    let err = OpeningHours::uniform([Tue], hm(18, 0), hm(8, 0))
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("on Tuesday the opening time 18:00 is not before the closing time 08:00")
    );
}
