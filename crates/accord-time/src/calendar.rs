//! The business [`Calendar`]: weekly opening hours plus holidays, and the
//! arithmetic on it (next opening, adding and measuring business seconds,
//! adding business days, after-hours due times).
//!
//! Every operation walks opening intervals in UTC order, one local day at a
//! time: a day's intervals are its wall-clock intervals resolved to UTC with
//! [`resolve`](crate::resolve::resolve). Whole weeks without holidays and
//! without a UTC-offset change are skipped in one step using the weekly total;
//! outside the era in which time zones change their offsets
//! ([`STEADY_BEFORE`], [`STEADY_FROM`]) every holiday-free stretch of weeks is
//! skipped in one step, so that measuring or adding millennia of business
//! time costs about as much as a year.

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveTime, TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;

use crate::hours::{CalendarError, OpeningHours};
use crate::resolve::{local_wall, offset_at, resolve};

/// How many consecutive days without any opening the walk tolerates before
/// concluding the calendar never opens again (three years).
const IDLE_HORIZON_DAYS: u32 = 3 * 366;

/// Upper bound on local days walked by one addition (about a thousand years);
/// beyond it the answer is `None` rather than a very long loop.
const MAX_WALK_DAYS: u64 = 1000 * 366;

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;

/// Before this date no zone of the time-zone database changes its UTC
/// offset (the earliest change it records is Manila's, 1844-12-31): every
/// zone keeps one offset from the year -262143 up to here.
pub const STEADY_BEFORE: NaiveDate = match NaiveDate::from_ymd_opt(1800, 1, 1) {
    Some(d) => d,
    None => panic!("1800-01-01 is a date"),
};

/// From this date on no zone changes its UTC offset again (the database's
/// rules are written out until 2099; the last change is Adak's, 2099-11-01).
/// `tests/steady_eras.rs` samples every zone on both sides of both dates.
pub const STEADY_FROM: NaiveDate = match NaiveDate::from_ymd_opt(2101, 1, 1) {
    Some(d) => d,
    None => panic!("2101-01-01 is a date"),
};

/// Opening hours in a time zone chosen per call, plus holidays.
///
/// Holidays are local dates in the zone passed to each method. See the crate
/// documentation for the exact semantics.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    hours: OpeningHours,
    holidays: BTreeSet<NaiveDate>,
    /// Wall-clock business seconds in a week without holidays.
    weekly: i64,
    /// Weekdays with any opening hours (1..=7).
    open_weekdays: u32,
}

impl Calendar {
    /// A calendar from weekly hours and holiday dates. Fails with
    /// [`CalendarError::NoOpeningHours`] when no weekday has any hours.
    pub fn new(
        hours: OpeningHours,
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Self, CalendarError> {
        if hours.is_empty() {
            return Err(CalendarError::NoOpeningHours);
        }
        let weekly = hours.weekly_secs();
        let open_weekdays = hours.open_weekdays();
        Ok(Calendar {
            hours,
            holidays: holidays.into_iter().collect(),
            weekly,
            open_weekdays,
        })
    }

    /// The weekly opening hours.
    pub fn hours(&self) -> &OpeningHours {
        &self.hours
    }

    /// The holidays (local dates).
    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    /// Business seconds in a week without holidays or DST change (wall-clock total).
    pub fn weekly_seconds(&self) -> i64 {
        self.weekly
    }

    /// Whether `date` has opening hours and is not a holiday.
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !self.day_hours(date).is_empty()
    }

    /// Local calendar date of an instant in `tz`. (Saturates to
    /// `NaiveDate::MIN`/`MAX` for instants whose local date is outside
    /// chrono's range.)
    pub fn local_date(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
        match local_wall(tz, t.timestamp()) {
            Some(w) => w.date(),
            None if t.timestamp() < 0 => NaiveDate::MIN,
            None => NaiveDate::MAX,
        }
    }

    /// Whether the calendar is open at `t` (opening instant included, closing
    /// instant excluded).
    pub fn is_open(&self, t: DateTime<Utc>, tz: Tz) -> bool {
        let ts = t.timestamp();
        let Some(wall) = local_wall(tz, ts) else {
            return false;
        };
        let d = wall.date();
        if self.open_on(d, ts, tz) {
            return true;
        }
        // Only when the wall clock has just been set back across midnight can
        // an instant of local date `d` lie inside an interval of day `d + 1`.
        if let LocalResult::Ambiguous(..) = tz.from_local_datetime(&wall) {
            if let Some(next) = d.succ_opt() {
                return self.open_on(next, ts, tz);
            }
        }
        false
    }

    /// `t` itself when open, else the next instant the calendar opens; `None`
    /// when it does not open within three years.
    pub fn next_opening(&self, t: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        let (u, _) = self.advance(t, tz, 0)?;
        to_utc(u)
    }

    /// Adds `secs` business seconds to `t`: the clock starts at
    /// `next_opening(t)`; a limit that runs out exactly at a closing time is
    /// due at that closing time. `None` for negative `secs`, when the calendar
    /// stops opening (three years without an opening), or when the due
    /// instant would lie about a thousand years or more ahead.
    pub fn add_business_seconds(
        &self,
        t: DateTime<Utc>,
        tz: Tz,
        secs: i64,
    ) -> Option<DateTime<Utc>> {
        let (u, _) = self.advance(t, tz, secs)?;
        to_utc(u)
    }

    /// Adds `days` business days: from `s = next_opening(t)`, the same local
    /// wall time on the `days`-th following business day, clamped into that
    /// day's opening intervals (before its first opening → that opening;
    /// after its last closing → that closing; between two intervals → the
    /// next opening). With `days == 0` the answer is `s`.
    pub fn add_business_days(&self, t: DateTime<Utc>, tz: Tz, days: u32) -> Option<DateTime<Utc>> {
        let (s, start_day) = self.advance(t, tz, 0)?;
        if days == 0 {
            return to_utc(s);
        }
        let wall = local_wall(tz, s)?.time().num_seconds_from_midnight();
        let target = self.nth_business_day_after(start_day, days)?;
        let hours = self.day_hours(target);
        let mut pick = None;
        for &(o, c) in hours {
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
        to_utc(resolve(tz, target, pick?)?)
    }

    /// Business seconds in `[a, b)`; 0 when `b <= a` (and, degenerately, when
    /// either instant has no local date within chrono's range).
    pub fn business_seconds_between(&self, a: DateTime<Utc>, b: DateTime<Utc>, tz: Tz) -> i64 {
        let (a_ts, b_ts) = (a.timestamp(), b.timestamp());
        if b_ts <= a_ts {
            return 0;
        }
        let (Some(a_wall), Some(b_wall)) = (local_wall(tz, a_ts), local_wall(tz, b_ts)) else {
            return 0;
        };
        let mut d = a_wall.date();
        let b_date = b_wall.date();
        let last = b_date.succ_opt().unwrap_or(b_date);
        let mut total = 0i64;
        // Latest closing seen so far (a lower bound for the next interval).
        let mut lower = a_ts;
        while d <= last {
            if b_ts.saturating_sub(lower) > WEEK {
                if let Some(m0) = self.plain_week(d, tz) {
                    if m0 >= a_ts && m0.saturating_add(WEEK) <= b_ts {
                        let weeks = self.plain_weeks_from(d, (b_ts - m0) / WEEK);
                        if let Some(next) = d.checked_add_days(Days::new(7 * weeks as u64)) {
                            total += self.weekly * weeks;
                            lower = m0 + WEEK * weeks;
                            d = next;
                            continue;
                        }
                    }
                }
            }
            for &(o, c) in self.day_hours(d) {
                let (Some(s), Some(e)) = (resolve(tz, d, o), resolve(tz, d, c)) else {
                    return total;
                };
                if s >= b_ts {
                    return total;
                }
                let lo = s.max(a_ts);
                let hi = e.min(b_ts);
                if hi > lo {
                    total += hi - lo;
                }
                lower = lower.max(e);
            }
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
        }
        total
    }

    /// The wall time `at` on the local date of `next_opening(t)` (the
    /// after-hours rule "due by 09:00 the next business day"). Meant for
    /// instants outside opening hours; for an open `t` it is `at` on `t`'s
    /// own day, which may be before `t`.
    pub fn next_business_day_at(
        &self,
        t: DateTime<Utc>,
        tz: Tz,
        at: NaiveTime,
    ) -> Option<DateTime<Utc>> {
        let (_, day) = self.advance(t, tz, 0)?;
        to_utc(resolve(tz, day, at.num_seconds_from_midnight())?)
    }

    /// The day's intervals (seconds from local midnight), empty on holidays.
    fn day_hours(&self, d: NaiveDate) -> &[(u32, u32)] {
        if self.holidays.contains(&d) {
            &[]
        } else {
            self.hours.slot(d.weekday())
        }
    }

    /// Whether Unix second `ts` lies in one of local day `d`'s intervals.
    fn open_on(&self, d: NaiveDate, ts: i64, tz: Tz) -> bool {
        for &(o, c) in self.day_hours(d) {
            let Some(s) = resolve(tz, d, o) else {
                return false;
            };
            if s > ts {
                return false;
            }
            match resolve(tz, d, c) {
                Some(e) if ts < e => return true,
                Some(_) => {}
                None => return false,
            }
        }
        false
    }

    /// The walk behind every forward operation: from `t`, consume `secs`
    /// business seconds. Returns the instant reached and the local date of the
    /// opening interval it lies in (or closes).
    fn advance(&self, t: DateTime<Utc>, tz: Tz, secs: i64) -> Option<(i64, NaiveDate)> {
        if secs < 0 {
            return None;
        }
        let mut cur = t.timestamp();
        let mut d = local_wall(tz, cur)?.date();
        let mut rem = secs;
        let mut idle = 0u32;
        let mut walked = 0u64;
        loop {
            if walked > MAX_WALK_DAYS {
                return None;
            }
            if rem > self.weekly {
                if let Some(m0) = self.plain_week(d, tz) {
                    if cur <= m0 {
                        // Whole weeks while more than a week's seconds remain,
                        // and no further than the walk may go.
                        let most = ((rem - 1) / self.weekly.max(1))
                            .min(i64::try_from((MAX_WALK_DAYS - walked) / 7 + 1).ok()?);
                        let weeks = self.plain_weeks_from(d, most);
                        rem -= self.weekly * weeks;
                        cur = m0.checked_add(WEEK * weeks)?;
                        d = d.checked_add_days(Days::new(7 * weeks as u64))?;
                        idle = 0;
                        walked += 7 * weeks as u64;
                        continue;
                    }
                }
            }
            let mut any = false;
            for &(o, c) in self.day_hours(d) {
                let s = resolve(tz, d, o)?;
                let e = resolve(tz, d, c)?;
                if e <= s || e <= cur {
                    continue;
                }
                any = true;
                let start = s.max(cur);
                let avail = e - start;
                if rem <= avail {
                    return Some((start + rem, d));
                }
                rem -= avail;
                cur = e;
            }
            if any {
                idle = 0;
            } else {
                idle += 1;
                if idle > IDLE_HORIZON_DAYS {
                    return None;
                }
            }
            walked += 1;
            d = d.succ_opt()?;
        }
    }

    /// When the seven local days from `d` have no holiday and one UTC offset
    /// throughout, the instant of `d`'s midnight: that week then holds exactly
    /// `weekly` business seconds. (The offset is sampled at each of the eight
    /// midnights; no zone changes its offset twice within one day.)
    fn plain_week(&self, d: NaiveDate, tz: Tz) -> Option<i64> {
        let end = d.checked_add_days(Days::new(7))?;
        if self.holidays.range(d..end).next().is_some() {
            return None;
        }
        let m0 = resolve(tz, d, 0)?;
        let off = offset_at(tz, m0)?;
        let wall0 = d.and_time(NaiveTime::MIN).and_utc().timestamp();
        if m0.checked_add(off)? != wall0 {
            return None;
        }
        for i in 1..=7 {
            if offset_at(tz, m0.checked_add(i * DAY)?)? != off {
                return None;
            }
        }
        Some(m0)
    }

    /// How many whole weeks from `d` (at most `most`, at least 1) hold
    /// `weekly` business seconds each, given that the week from `d` does
    /// ([`Self::plain_week`]): in a steady era (before [`STEADY_BEFORE`] or
    /// from [`STEADY_FROM`] on) every week up to the next holiday or the end
    /// of the era does, since the offset cannot change there; elsewhere
    /// only the one week is known.
    fn plain_weeks_from(&self, d: NaiveDate, most: i64) -> i64 {
        let era_end = if d < STEADY_BEFORE {
            Some(STEADY_BEFORE)
        } else if d >= STEADY_FROM {
            None
        } else {
            return 1;
        };
        let holiday = self.holidays.range(d..).next().copied();
        let stop = match (era_end, holiday) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let free_weeks = match stop {
            Some(stop) => stop.signed_duration_since(d).num_days() / 7,
            None => i64::MAX,
        };
        free_weeks.min(most).max(1)
    }

    /// The `n`-th business day strictly after `d` (`n >= 1`), skipping whole
    /// holiday-free weeks at once.
    fn nth_business_day_after(&self, d: NaiveDate, n: u32) -> Option<NaiveDate> {
        let per_week = self.open_weekdays.max(1);
        let mut d = d;
        let mut rem = n;
        while rem > 0 {
            if rem > per_week {
                let free_days = match self.holidays.range(d.succ_opt()?..).next() {
                    Some(h) => h.signed_duration_since(d).num_days() - 1,
                    None => i64::MAX,
                };
                let weeks = (free_days / 7).min(i64::from((rem - 1) / per_week));
                if weeks > 0 {
                    // `weeks <= rem / per_week` fits in u32 and u64.
                    let weeks = u32::try_from(weeks).ok()?;
                    d = d.checked_add_days(Days::new(7 * u64::from(weeks)))?;
                    rem -= weeks * per_week;
                    continue;
                }
            }
            d = d.succ_opt()?;
            if self.is_business_day(d) {
                rem -= 1;
            }
        }
        Some(d)
    }
}

fn to_utc(u: i64) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp(u, 0)
}
