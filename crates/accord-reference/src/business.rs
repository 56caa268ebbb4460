//! Business time by brute force, two ways.
//!
//! **The minute walk** (the oracle): a calendar is open at an instant when
//! the local wall time of that instant (chrono's plain UTC → local
//! conversion) lies inside one of the local date's opening intervals and
//! the local date is not a holiday; everything walks local minute by local
//! minute ([`Hours::next_opening`], [`Hours::add_seconds`],
//! [`Hours::between`]). `accord-time`'s oracle test compares its fast path
//! with these.
//!
//! **The day walk** (what the reference evaluator counts with, since a
//! minute walk over the spans the differential run meets is too slow):
//! each local day's opening intervals resolved to UTC on their own
//! ([`Hours::intervals`]), walked day after day ([`Hours::day_next_opening`],
//! [`Hours::day_add_seconds`], [`Hours::day_between`]). No week is skipped,
//! nothing is precomputed. A test holds the two walks equal.
//!
//! Both share nothing with `accord-time` except the calendar description.
//! The wall-clock rule agrees with `accord-time`'s (wall times resolved to
//! UTC, earliest instant on ambiguity, first instant after a gap) whenever
//! no opening or closing time falls inside a DST gap or repeat; the policy
//! generator keeps them out of 01:00–03:00, where every zone it uses
//! changes its clocks.
//!
//! A walk has a budget: past it the answer is [`Walk::TooFar`], never a
//! guess (the differential run counts such comparisons as skipped).

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use std::collections::BTreeSet;

/// Opening hours (minutes from local midnight, `close` may be 1440) per
/// weekday (Monday first) and holidays.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hours {
    pub days: [Vec<(u32, u32)>; 7],
    pub holidays: BTreeSet<NaiveDate>,
}

/// The result of a walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Walk<T> {
    Found(T),
    /// The calendar never opens again (no opening within [`IDLE_MINUTES`]).
    Never,
    /// Beyond the walk's budget: not decided here.
    TooFar,
}

/// Longest closed stretch after which the calendar counts as never opening
/// again (three years, as `accord-time` documents).
pub const IDLE_MINUTES: i64 = 3 * 366 * 24 * 60;
/// Most minutes one walk takes before giving up with [`Walk::TooFar`].
pub const BUDGET_MINUTES: i64 = 4 * 366 * 24 * 60;

impl Hours {
    /// The intervals of local date `d` (empty on holidays).
    pub fn day(&self, d: NaiveDate) -> &[(u32, u32)] {
        if self.holidays.contains(&d) {
            return &[];
        }
        self.days
            .get(d.weekday().num_days_from_monday() as usize)
            .map_or(&[], |v| v.as_slice())
    }

    /// Open business minutes in a week (no holidays).
    pub fn weekly_minutes(&self) -> i64 {
        self.days
            .iter()
            .flatten()
            .map(|&(o, c)| i64::from(c) - i64::from(o))
            .sum()
    }

    pub fn is_business_day(&self, d: NaiveDate) -> bool {
        !self.day(d).is_empty()
    }

    /// Whether the calendar is open at Unix second `t`, by plain wall-clock
    /// lookup: the local date is not a holiday and the local minute lies
    /// in one of its intervals.
    pub fn open_at(&self, tz: Tz, t: i64) -> bool {
        let Some(utc) = DateTime::<Utc>::from_timestamp(t, 0) else {
            return false;
        };
        let local = utc.with_timezone(&tz);
        let minute = local.hour() * 60 + local.minute();
        self.day(local.date_naive())
            .iter()
            .any(|&(o, c)| o <= minute && minute < c)
    }

    /// Whether instant `t` is open.
    pub fn is_open(&self, tz: Tz, t: i64) -> bool {
        self.open_at(tz, t)
    }

    /// The first second after `t` at which the local wall clock starts a
    /// new minute (zones before about 1900 keep local mean time, whose
    /// offsets have seconds: local minutes need not start on UTC minutes).
    fn minute_end(tz: Tz, t: i64) -> i64 {
        let second =
            DateTime::<Utc>::from_timestamp(t, 0).map_or(0, |u| u.with_timezone(&tz).second());
        t + 60 - i64::from(second)
    }

    /// `t` when open, else the first open instant after it.
    pub fn next_opening(&self, tz: Tz, t: i64) -> Walk<i64> {
        let mut x = t;
        for _ in 0..IDLE_MINUTES {
            if self.open_at(tz, x) {
                return Walk::Found(x);
            }
            x = Self::minute_end(tz, x);
        }
        Walk::Never
    }

    /// `t` plus `secs` business seconds: the clock starts at the next
    /// opening; a limit running out exactly at a closing time is due then.
    /// Walks local minute by local minute.
    pub fn add_seconds(&self, tz: Tz, t: i64, secs: i64) -> Walk<i64> {
        if secs < 0 {
            return Walk::Never;
        }
        let weekly = self.weekly_minutes() * 60;
        if weekly == 0 {
            return Walk::Never;
        }
        // More than the budget can hold even in a week without holidays.
        if secs / weekly > BUDGET_MINUTES / (7 * 24 * 60) {
            return Walk::TooFar;
        }
        let mut x = t;
        let mut rem = secs;
        let mut closed_run = 0;
        for _ in 0..BUDGET_MINUTES {
            let end = Self::minute_end(tz, x);
            if self.open_at(tz, x) {
                closed_run = 0;
                let avail = end - x;
                if rem <= avail {
                    return Walk::Found(x + rem);
                }
                rem -= avail;
            } else {
                closed_run += 1;
                if closed_run > IDLE_MINUTES {
                    return Walk::Never;
                }
            }
            x = end;
        }
        Walk::TooFar
    }

    /// Business seconds in `[a, b)` (0 when `b <= a`); `None` past the budget.
    pub fn between(&self, tz: Tz, a: i64, b: i64) -> Option<i64> {
        if b - a > BUDGET_MINUTES * 60 {
            return None;
        }
        let mut total = 0;
        let mut x = a;
        let mut steps = 0;
        while x < b {
            steps += 1;
            if steps > BUDGET_MINUTES {
                return None;
            }
            let end = Self::minute_end(tz, x).min(b);
            if self.open_at(tz, x) {
                total += end - x;
            }
            x = end;
        }
        Some(total)
    }

    /// Local date `d`'s opening intervals as UTC seconds `[open, close)`,
    /// each wall time resolved on its own (see [`local_instant`]).
    pub fn intervals(&self, tz: Tz, d: NaiveDate) -> Vec<(i64, i64)> {
        self.day(d)
            .iter()
            .filter_map(|&(o, c)| {
                let open = local_instant(tz, d, o * 60)?;
                let close = local_instant(tz, d, c * 60)?;
                (close > open).then_some((open, close))
            })
            .collect()
    }

    /// The local date before `t`'s (an interval that began the day before
    /// may still be open at `t`).
    fn walk_start(tz: Tz, t: i64) -> Option<NaiveDate> {
        DateTime::<Utc>::from_timestamp(t, 0)?
            .with_timezone(&tz)
            .date_naive()
            .pred_opt()
    }

    /// [`Hours::next_opening`] by the day walk.
    pub fn day_next_opening(&self, tz: Tz, t: i64) -> Walk<i64> {
        self.day_add_seconds(tz, t, 0)
    }

    /// [`Hours::add_seconds`] by the day walk.
    pub fn day_add_seconds(&self, tz: Tz, t: i64, secs: i64) -> Walk<i64> {
        if secs < 0 || self.weekly_minutes() == 0 {
            return Walk::Never;
        }
        if secs / (self.weekly_minutes() * 60) > BUDGET_MINUTES / (7 * 24 * 60) {
            return Walk::TooFar;
        }
        let Some(mut d) = Self::walk_start(tz, t) else {
            return Walk::Never;
        };
        let mut rem = secs;
        let mut idle = 0;
        for _ in 0..BUDGET_MINUTES / (24 * 60) {
            let mut open_today = false;
            for (o, c) in self.intervals(tz, d) {
                if c <= t {
                    continue;
                }
                open_today = true;
                let start = o.max(t);
                if rem <= c - start {
                    return Walk::Found(start + rem);
                }
                rem -= c - start;
            }
            idle = if open_today { 0 } else { idle + 1 };
            if idle * 24 * 60 > IDLE_MINUTES {
                return Walk::Never;
            }
            match d.succ_opt() {
                Some(next) => d = next,
                None => return Walk::Never,
            }
        }
        Walk::TooFar
    }

    /// [`Hours::between`] by the day walk.
    pub fn day_between(&self, tz: Tz, a: i64, b: i64) -> Option<i64> {
        if b <= a {
            return Some(0);
        }
        if b - a > BUDGET_MINUTES * 60 {
            return None;
        }
        let mut d = Self::walk_start(tz, a)?;
        let last = DateTime::<Utc>::from_timestamp(b, 0)?
            .with_timezone(&tz)
            .date_naive();
        let mut total = 0;
        while d <= last {
            for (o, c) in self.intervals(tz, d) {
                let (lo, hi) = (o.max(a), c.min(b));
                if hi > lo {
                    total += hi - lo;
                }
            }
            d = d.succ_opt()?;
        }
        Some(total)
    }

    /// `t` plus `days` business days: from `s = next_opening(t)`, the same
    /// local wall time on the `days`-th following business day, clamped
    /// into that day's intervals (before the first opening → it; after the
    /// last closing → it; between two → the next opening).
    pub fn add_days(&self, tz: Tz, t: i64, days: u32) -> Walk<i64> {
        let s = match self.day_next_opening(tz, t) {
            Walk::Found(s) => s,
            other => return other,
        };
        if days == 0 {
            return Walk::Found(s);
        }
        let Some(local) = DateTime::<Utc>::from_timestamp(s, 0).map(|u| u.with_timezone(&tz))
        else {
            return Walk::Never;
        };
        let wall = local.num_seconds_from_midnight();
        // The business day `s` lies in (an interval closing at 24:00 ends on it).
        let mut d = local.date_naive();
        let mut left = days;
        let mut idle = 0;
        let mut walked = 0i64;
        while left > 0 {
            let Some(next) = d.succ_opt() else {
                return Walk::Never;
            };
            d = next;
            walked += 1;
            if walked * 24 * 60 > BUDGET_MINUTES {
                return Walk::TooFar;
            }
            if self.is_business_day(d) {
                left -= 1;
                idle = 0;
            } else {
                idle += 1;
                if idle * 24 * 60 > IDLE_MINUTES {
                    return Walk::Never;
                }
            }
        }
        let mut pick = None;
        for &(o, c) in self.day(d) {
            let (o, c) = (o * 60, c * 60);
            if wall < o {
                pick = Some(o);
                break;
            }
            if wall < c {
                pick = Some(wall);
                break;
            }
            pick = Some(c);
        }
        match pick.and_then(|secs| local_instant(tz, d, secs)) {
            Some(u) => Walk::Found(u),
            None => Walk::Never,
        }
    }

    /// Wall time `at` (seconds from midnight) on the local date of
    /// `next_opening(t)` ("due by 09:00 the next business day").
    pub fn next_business_day_at(&self, tz: Tz, t: i64, at: u32) -> Walk<i64> {
        let s = match self.day_next_opening(tz, t) {
            Walk::Found(s) => s,
            other => return other,
        };
        let Some(local) = DateTime::<Utc>::from_timestamp(s, 0).map(|u| u.with_timezone(&tz))
        else {
            return Walk::Never;
        };
        // An opening at exactly the start of an interval that began the
        // day before (24:00 close) still belongs to its own date.
        match local_instant(tz, local.date_naive(), at) {
            Some(u) => Walk::Found(u),
            None => Walk::Never,
        }
    }
}

/// The UTC second of wall time `secs` after local midnight of `d` (the
/// earliest on ambiguity, the first instant after a gap).
pub fn local_instant(tz: Tz, d: NaiveDate, secs: u32) -> Option<i64> {
    let time = if secs >= 86_400 {
        return local_instant(tz, d.succ_opt()?, secs - 86_400);
    } else {
        NaiveTime::from_num_seconds_from_midnight_opt(secs, 0)?
    };
    let wall = d.and_time(time);
    match tz.from_local_datetime(&wall).earliest() {
        Some(t) => Some(t.timestamp()),
        None => {
            // In a gap: the first instant whose wall time is at or after
            // it. No zone runs more than 14 hours ahead of UTC and no gap
            // is longer than a day (a skipped date: Kiritimati 1994-12-31,
            // Apia 2011-12-30), so the scan starts 16 hours before the wall
            // time read as UTC, where the wall clock is surely earlier, and
            // goes minute by minute over three days, then second by second
            // through the minute it was reached in.
            let reached = |u: i64| {
                DateTime::<Utc>::from_timestamp(u, 0)
                    .map(|u| u.with_timezone(&tz).naive_local() >= wall)
            };
            let mut probe = wall.and_utc().timestamp() - 16 * 3600;
            for _ in 0..(3 * 24 * 60) {
                if reached(probe)? {
                    let mut first = probe - 59;
                    while !reached(first)? {
                        first += 1;
                    }
                    return Some(first);
                }
                probe += 60;
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekdays(o: u32, c: u32) -> Hours {
        let mut h = Hours::default();
        for d in h.days.iter_mut().take(5) {
            d.push((o, c));
        }
        h
    }

    fn t(s: &str) -> i64 {
        s.parse::<DateTime<Utc>>().map_or(0, |d| d.timestamp())
    }

    #[test]
    fn a_limit_runs_out_at_closing_time_and_restarts_at_the_next_opening() {
        let h = weekdays(8 * 60, 18 * 60);
        let friday_5pm = t("2026-11-27T17:00:00Z");
        // One hour left on Friday: due at Friday's closing, not Monday 08:00.
        assert_eq!(
            h.add_seconds(chrono_tz::UTC, friday_5pm, 3600),
            Walk::Found(t("2026-11-27T18:00:00Z"))
        );
        assert_eq!(
            h.add_seconds(chrono_tz::UTC, friday_5pm, 3601),
            Walk::Found(t("2026-11-30T08:00:01Z"))
        );
        assert_eq!(
            h.between(chrono_tz::UTC, friday_5pm, t("2026-11-30T09:00:00Z")),
            Some(2 * 3600)
        );
    }

    #[test]
    fn open_until_24_00_includes_the_last_second() {
        let h = weekdays(0, 1440);
        let monday = t("2026-10-26T18:37:06Z");
        assert_eq!(
            h.add_seconds(chrono_tz::UTC, monday, 19 * 3600),
            Walk::Found(t("2026-10-27T13:37:06Z"))
        );
    }

    /// Before 1893 Berlin kept local mean time, UTC+0:53:28: its local
    /// minutes start 28 seconds into UTC minutes, and so do its openings.
    #[test]
    fn local_mean_time_openings_fall_between_utc_minutes() {
        let h = weekdays(8 * 60, 18 * 60);
        let tz = chrono_tz::Europe::Berlin;
        let sunday = t("1850-06-02T12:00:00Z");
        assert_eq!(
            h.next_opening(tz, sunday),
            Walk::Found(t("1850-06-03T07:06:32Z"))
        );
    }

    /// Every wall time of a date the zone skipped lies in the gap and
    /// resolves to the first instant after it (the reference read the
    /// afternoon of Kiritimati's 1994-12-31 as open: its search assumed a
    /// gap of a few hours near UTC).
    #[test]
    fn every_wall_time_of_a_skipped_date_is_the_end_of_the_gap() {
        for (tz, date, gap_end) in [
            (
                chrono_tz::Pacific::Kiritimati,
                (1994, 12, 31),
                "1994-12-31T10:00:00Z",
            ),
            (
                chrono_tz::Pacific::Apia,
                (2011, 12, 30),
                "2011-12-30T10:00:00Z",
            ),
            (
                chrono_tz::Pacific::Kwajalein,
                (1993, 8, 21),
                "1993-08-21T12:00:00Z",
            ),
        ] {
            let d = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap_or_default();
            for secs in (0..=86_400).step_by(450) {
                assert_eq!(
                    local_instant(tz, d, secs),
                    Some(t(gap_end)),
                    "{tz} {d} {secs}"
                );
            }
            // The day before ends, and the day after starts, at that instant.
            let before = d.pred_opt().unwrap_or_default();
            assert_eq!(local_instant(tz, before, 86_400), Some(t(gap_end)));
            assert_eq!(
                local_instant(tz, d.succ_opt().unwrap_or_default(), 0),
                Some(t(gap_end))
            );
            // A calendar open every day has no hours on the skipped date;
            // both walks agree across it.
            let mut h = Hours::default();
            for day in h.days.iter_mut() {
                day.push((6 * 60 + 30, 9 * 60));
                day.push((14 * 60 + 30, 1440));
            }
            assert!(h.intervals(tz, d).is_empty(), "{tz} {d}");
            let from = t(gap_end) - 2 * 86_400;
            for k in 0..40 {
                let at = from + k * 9_007;
                let secs = k * 3_301;
                assert_eq!(
                    h.day_add_seconds(tz, at, secs),
                    h.add_seconds(tz, at, secs),
                    "{tz} {at} {secs}"
                );
                assert_eq!(
                    h.day_between(tz, at, at + secs * 3),
                    h.between(tz, at, at + secs * 3)
                );
            }
        }
    }

    #[test]
    fn business_days_keep_the_wall_time_and_clamp_into_opening_hours() {
        let h = weekdays(8 * 60, 18 * 60);
        let tz = chrono_tz::America::Chicago;
        // Thursday 10:15 in Chicago + 2 business days = Monday 10:15.
        let thursday = t("2026-11-26T16:15:00Z");
        assert_eq!(
            h.add_days(tz, thursday, 2),
            Walk::Found(t("2026-11-30T16:15:00Z"))
        );
        // Saturday: the clock starts Monday 08:00; + 1 day = Tuesday 08:00.
        assert_eq!(
            h.add_days(tz, t("2026-11-28T16:00:00Z"), 1),
            Walk::Found(t("2026-12-01T14:00:00Z"))
        );
    }

    #[test]
    fn a_walk_past_its_budget_is_not_a_guess() {
        let h = weekdays(8 * 60, 9 * 60);
        assert_eq!(h.add_seconds(chrono_tz::UTC, 0, i64::MAX / 2), Walk::TooFar);
        assert_eq!(
            Hours::default().add_seconds(chrono_tz::UTC, 0, 60),
            Walk::Never
        );
    }

    /// The day walk the reference counts with equals the minute walk, on
    /// random calendars (boundaries out of 01:00–03:00), zones, instants
    /// (some before 1893, in local mean time) and durations.
    #[test]
    fn the_day_walk_equals_the_minute_walk() {
        let mut rng = crate::generate::Rng(17);
        let zones = [
            chrono_tz::UTC,
            chrono_tz::America::Chicago,
            chrono_tz::Europe::Berlin,
            chrono_tz::Asia::Kolkata,
            chrono_tz::Australia::Adelaide,
        ];
        for _ in 0..300 {
            let mut h = Hours::default();
            for d in h.days.iter_mut() {
                if rng.chance(70) {
                    let o = 180 + rng.below(600) as u32;
                    let c = o + 1 + rng.below((1440 - o) as u64) as u32;
                    d.push((o, c));
                }
            }
            if rng.chance(30) {
                h.holidays
                    .insert(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default());
            }
            let tz = *rng.pick(&zones);
            let base = if rng.chance(20) {
                t("1870-03-01T00:00:00Z")
            } else {
                t("2026-10-20T00:00:00Z")
            };
            let at = base + rng.below(40 * 86_400) as i64;
            let secs = rng.below(30 * 3600) as i64;
            assert_eq!(
                h.day_next_opening(tz, at),
                h.next_opening(tz, at),
                "{h:?} {tz} {at}"
            );
            assert_eq!(
                h.day_add_seconds(tz, at, secs),
                h.add_seconds(tz, at, secs),
                "{h:?} {tz} {at} {secs}"
            );
            let b = at + rng.below(20 * 86_400) as i64;
            assert_eq!(
                h.day_between(tz, at, b),
                h.between(tz, at, b),
                "{h:?} {tz} {at} {b}"
            );
        }
    }
}
