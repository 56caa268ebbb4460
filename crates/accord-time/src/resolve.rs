//! Turning a local wall-clock time in an IANA zone into a UTC instant (whole
//! seconds since the Unix epoch), with the language's rules for DST:
//! a wall time inside a gap resolves to the first valid instant after the gap,
//! an ambiguous wall time resolves to the earliest of its instants.
//!
//! Equivalently, `resolve(date, time)` is the earliest instant `u` whose local
//! wall time is at or after `date time`. That mapping is monotone, which is
//! what lets the calendar walk opening intervals in order, day by day.

use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

use crate::hours::DAY_SECS;

/// Half-width of the window searched for the end of a DST gap: larger than any
/// UTC offset (±16 h) plus the longest gap on record (a whole day, Samoa 2011).
const GAP_SEARCH_SECS: i64 = 50 * 3600;

/// The instant of wall time `secs_of_day` (0..=86 400; 86 400 is the next
/// day's midnight) on local `date` in `tz`, as Unix seconds. `None` only at
/// the edges of chrono's date range.
pub(crate) fn resolve(tz: Tz, date: NaiveDate, secs_of_day: u32) -> Option<i64> {
    // The same opening and closing times of the same days are resolved for
    // lead after lead: remembered per thread.
    let key = i64::from(date.num_days_from_ce()) * 100_000 + i64::from(secs_of_day);
    recall(&RESOLVED, tz, key, || {
        resolve_uncached(tz, date, secs_of_day)
    })
}

fn resolve_uncached(tz: Tz, date: NaiveDate, secs_of_day: u32) -> Option<i64> {
    let (date, secs) = if secs_of_day >= DAY_SECS {
        (date.succ_opt()?, secs_of_day - DAY_SECS)
    } else {
        (date, secs_of_day)
    };
    let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, 0)?;
    resolve_wall(tz, date.and_time(time))
}

/// [`resolve`] for a full local date-time (sub-second part ignored).
pub(crate) fn resolve_wall(tz: Tz, wall: NaiveDateTime) -> Option<i64> {
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(x) => Some(x.timestamp()),
        LocalResult::Ambiguous(a, b) => Some(a.timestamp().min(b.timestamp())),
        LocalResult::None => gap_end(tz, wall),
    }
}

/// Seconds east of UTC in `tz` at Unix second `u`: from the zone's
/// offsets over `u`'s UTC day ([`DayOffsets`], remembered per thread: the
/// leads of one run mostly fall on the same few hundred days, so an
/// instant shown or measured costs a look in that memory, not a search
/// of the zone's transitions).
pub(crate) fn offset_at(tz: Tz, u: i64) -> Option<i64> {
    let day = u.div_euclid(DAY);
    match day_offsets(tz, day) {
        Some(d) => Some(d.at(u - day * DAY)),
        // At the ends of chrono's range: asked directly.
        None => offset_uncached(tz, u),
    }
}

fn offset_uncached(tz: Tz, u: i64) -> Option<i64> {
    let dt = DateTime::<Utc>::from_timestamp(u, 0)?;
    Some(offset_of_utc(tz, &dt.naive_utc()))
}

/// Seconds east of UTC in `tz` at the UTC date-time `utc` (chrono-tz's
/// lookup, not remembered).
fn offset_of_utc(tz: Tz, utc: &NaiveDateTime) -> i64 {
    i64::from(tz.offset_from_utc_datetime(utc).fix().local_minus_utc())
}

/// Seconds in a UTC day.
const DAY: i64 = 86_400;

/// A zone's UTC offset over one UTC day: its offset at the day's first
/// second, and, when it changes during the day, the second (of the day)
/// from which it is the other. No zone of the time-zone database changes
/// its offset twice within a day (the closest changes it records are
/// 6.9 days apart: Cambridge Bay, October 2000; the calendar's weekly
/// skip rests on the same fact): so a day whose first and last seconds
/// have one offset has it throughout, and a day whose ends differ changes
/// once, at the second found by halving (the tests check the answers
/// against chrono-tz's own lookup, every second around the changes of
/// the zones with the oddest histories, and throughout the database; the
/// fact itself, every zone hour by hour, in an ignored test to run when
/// the time-zone data changes — a test of the data's version says when).
#[derive(Clone, Copy, Debug, PartialEq)]
struct DayOffsets {
    /// The offset at the day's first second.
    first: i32,
    /// The offset from `change` on (`first` when it does not change).
    then: i32,
    /// The second of the day the offset becomes `then` (1..86 400; 86 400
    /// when it does not change).
    change: u32,
}

impl DayOffsets {
    /// The offset at second `s` (0..86 400) of the day.
    fn at(self, s: i64) -> i64 {
        i64::from(if s >= i64::from(self.change) {
            self.then
        } else {
            self.first
        })
    }

    /// Works out `tz`'s offsets over the UTC day `day` (days since
    /// 1970-01-01); `None` where chrono has no date for its ends.
    fn of(tz: Tz, day: i64) -> Option<DayOffsets> {
        let start = day.checked_mul(DAY)?;
        let first = offset_uncached(tz, start)?;
        let last = offset_uncached(tz, start.checked_add(DAY - 1)?)?;
        let (mut lo, mut hi) = (0, DAY - 1);
        if first != last {
            // Invariant: the offset at `lo` is `first`, at `hi` it is not.
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset_uncached(tz, start + mid)? == first {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
        } else {
            hi = DAY;
        }
        Some(DayOffsets {
            first: i32::try_from(first).ok()?,
            then: i32::try_from(last).ok()?,
            change: u32::try_from(hi).ok()?,
        })
    }
}

/// [`DayOffsets::of`], remembered per thread.
fn day_offsets(tz: Tz, day: i64) -> Option<DayOffsets> {
    recall(&DAYS, tz, day, || DayOffsets::of(tz, day))
}

/// Local wall-clock date-time at Unix second `u`; `None` when it falls outside
/// chrono's date range (chrono's own `with_timezone(..).naive_local()` panics there).
pub fn local_wall(tz: Tz, u: i64) -> Option<NaiveDateTime> {
    let local = local_seconds(tz, u)?;
    Some(DateTime::<Utc>::from_timestamp(local, 0)?.naive_utc())
}

/// The local wall-clock time at Unix second `u` in `tz`, as the Unix seconds
/// of that wall time read as UTC (`u` plus the zone's offset there), for
/// callers that write the date and time themselves; `None` where
/// [`local_wall`] would have no answer for the offset.
pub fn local_seconds(tz: Tz, u: i64) -> Option<i64> {
    u.checked_add(offset_at(tz, u)?)
}

/// The earliest instant whose wall time is at or after `wall`, for a `wall`
/// that does not exist (falls in a gap): the first instant after the gap.
fn gap_end(tz: Tz, wall: NaiveDateTime) -> Option<i64> {
    let w = wall.and_utc().timestamp();
    // Invariant: local(lo) < w <= local(hi). Any flip point of that predicate
    // at one-second resolution is a jump of the wall clock over `w`.
    let mut lo = w.checked_sub(GAP_SEARCH_SECS)?;
    let mut hi = w.checked_add(GAP_SEARCH_SECS)?;
    if local_seconds(tz, lo)? >= w || local_seconds(tz, hi)? < w {
        return None;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if local_seconds(tz, mid)? >= w {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

/// Answers remembered per thread: how many (a power of two).
const SLOTS: usize = 512;

/// How many days' offsets are remembered per thread (a power of two).
const DAY_SLOTS: usize = 2048;

/// The last answers of one pure function of a zone and a whole number (a
/// wall time resolved, a day's offsets: each one or more searches of the
/// zone's transitions, several hundred instructions a search), in slots
/// chosen by a hash of the two. An answer is only ever reused for the
/// very same zone and number, so remembering changes no result; a slot
/// simply holds the latest answer hashed to it. (Each slot a `Cell` of
/// its own: read and written in place, no borrow to count.)
type Recent<A, const N: usize = SLOTS> = [std::cell::Cell<Option<(Tz, i64, A)>>; N];

thread_local! {
    static RESOLVED: Recent<Option<i64>> = const { [const { std::cell::Cell::new(None) }; SLOTS] };
    /// (More days than wall times: the days of a run's instants, each
    /// lead's events and every day a calendar walks over.)
    static DAYS: Recent<Option<DayOffsets>, DAY_SLOTS> = const { [const { std::cell::Cell::new(None) }; DAY_SLOTS] };
}

/// `f()`, the answer for `(tz, key)`, from `memo` when it has it.
fn recall<A: Copy, const N: usize>(
    memo: &'static std::thread::LocalKey<Recent<A, N>>,
    tz: Tz,
    key: i64,
    f: impl FnOnce() -> A,
) -> A {
    let hash = (key as u64 ^ ((tz as u64) << 40)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let slot = (hash >> (64 - N.trailing_zeros())) as usize;
    let known = memo.with(|m| match m.get(slot).and_then(std::cell::Cell::get) {
        Some((t, k, answer)) if t == tz && k == key => Some(answer),
        _ => None,
    });
    if let Some(answer) = known {
        return answer;
    }
    let answer = f();
    memo.with(|m| {
        if let Some(entry) = m.get(slot) {
            entry.set(Some((tz, key, answer)));
        }
    });
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::Chicago;
    use chrono_tz::Europe::{Berlin, London};

    fn wall(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_opt(h, mi, 0))
            .unwrap_or_default()
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        wall(y, mo, d, h, mi).and_utc().timestamp()
    }

    /// Definition-level oracle: scan minute by minute (all walls and transitions here are whole minutes) for the earliest instant
    /// whose wall time is at or after `w`, starting well before it.
    fn scan(tz: Tz, w: NaiveDateTime) -> i64 {
        let target = w.and_utc().timestamp();
        let mut u = target - 15 * 3600;
        loop {
            let l = u + offset_at(tz, u).unwrap_or(0);
            if l >= target {
                return u;
            }
            u += 60;
        }
    }

    #[test]
    fn gap_resolves_to_first_instant_after() {
        // Chicago 2026-03-08: 02:00 CST jumps to 03:00 CDT at 08:00 UTC.
        assert_eq!(
            resolve_wall(Chicago, wall(2026, 3, 8, 2, 30)),
            Some(utc(2026, 3, 8, 8, 0))
        );
        assert_eq!(
            resolve_wall(Chicago, wall(2026, 3, 8, 2, 0)),
            Some(utc(2026, 3, 8, 8, 0))
        );
        // 03:00 exists (CDT, UTC-5) and is that same instant.
        assert_eq!(
            resolve_wall(Chicago, wall(2026, 3, 8, 3, 0)),
            Some(utc(2026, 3, 8, 8, 0))
        );
        // London 2026-03-29: 01:00 GMT jumps to 02:00 BST at 01:00 UTC.
        assert_eq!(
            resolve_wall(London, wall(2026, 3, 29, 1, 15)),
            Some(utc(2026, 3, 29, 1, 0))
        );
    }

    #[test]
    fn ambiguous_resolves_to_earliest() {
        // Chicago 2026-11-01: 01:30 happens at 06:30 UTC (CDT) and 07:30 UTC (CST).
        assert_eq!(
            resolve_wall(Chicago, wall(2026, 11, 1, 1, 30)),
            Some(utc(2026, 11, 1, 6, 30))
        );
        // Berlin 2026-10-25: 02:30 happens at 00:30 UTC (CEST) and 01:30 UTC (CET).
        assert_eq!(
            resolve_wall(Berlin, wall(2026, 10, 25, 2, 30)),
            Some(utc(2026, 10, 25, 0, 30))
        );
    }

    #[test]
    fn remembered_answers_are_the_answers() {
        // Twice over the same walls and instants (the second time from
        // the memo), and across zones that hash to the same slots.
        let zones = [Chicago, Berlin, London, chrono_tz::Pacific::Apia];
        for _ in 0..2 {
            for (i, &tz) in zones.iter().cycle().take(4 * 600).enumerate() {
                let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
                    + chrono::Duration::days(i as i64 % 400);
                let secs = (i as u32 * 3607) % (DAY_SECS + 1);
                assert_eq!(resolve(tz, d, secs), resolve_uncached(tz, d, secs));
                let u = 1_767_225_600 + i as i64 * 86_413;
                assert_eq!(offset_at(tz, u), offset_uncached(tz, u));
                assert_eq!(
                    local_seconds(tz, u + 1),
                    Some(u + 1 + offset_uncached(tz, u + 1).unwrap_or(0))
                );
            }
        }
    }

    /// The zones whose offsets changed oddly: a whole day skipped (Apia,
    /// Kiritimati, Kwajalein), half-hour and 45-minute offsets and DST
    /// (Lord Howe, Kathmandu, Chatham), DST suspended for Ramadan
    /// (Casablanca), changes a week apart (Cambridge Bay and Noronha in
    /// 2000, Gaza), offsets moved back and forth (Caracas, Pyongyang),
    /// a two-hour DST (Troll), and the everyday ones.
    const ODD_ZONES: [Tz; 16] = [
        Chicago,
        Berlin,
        London,
        chrono_tz::Pacific::Apia,
        chrono_tz::Pacific::Kiritimati,
        chrono_tz::Pacific::Kwajalein,
        chrono_tz::Australia::Lord_Howe,
        chrono_tz::Asia::Kathmandu,
        chrono_tz::Pacific::Chatham,
        chrono_tz::Africa::Casablanca,
        chrono_tz::America::Cambridge_Bay,
        chrono_tz::America::Noronha,
        chrono_tz::Asia::Gaza,
        chrono_tz::America::Caracas,
        chrono_tz::Asia::Pyongyang,
        chrono_tz::Antarctica::Troll,
    ];

    /// Every day from 1960 to 2040 in each odd zone: the offsets the day
    /// is remembered by are chrono-tz's at its ends, at four seconds in
    /// between, and on every second around the change.
    #[test]
    fn a_days_offsets_are_chrono_tzs_around_every_change() {
        let (from, to) = (utc(1960, 1, 1, 0, 0) / DAY, utc(2040, 1, 1, 0, 0) / DAY);
        let mut changes = 0;
        for tz in ODD_ZONES {
            for day in from..to {
                let start = day * DAY;
                let d = DayOffsets::of(tz, day).expect("a day chrono has");
                let mut seconds = vec![0, 21_601, 43_213, 64_817, DAY - 1];
                if d.change < DAY as u32 {
                    changes += 1;
                    let c = i64::from(d.change);
                    seconds.extend((c - 3).max(0)..(c + 3).min(DAY));
                }
                for s in seconds {
                    assert_eq!(
                        Some(d.at(s)),
                        offset_uncached(tz, start + s),
                        "{tz} day {day} second {s}"
                    );
                    assert_eq!(offset_at(tz, start + s), offset_uncached(tz, start + s));
                }
            }
        }
        // Two a year in the zones with DST, and the odd ones.
        assert!(changes > 800, "{changes}");
    }

    /// Every zone of the database, at instants spread over 1800–2100 (a
    /// prime number of seconds apart, so every second of the day comes
    /// up): the remembered offsets are chrono-tz's.
    #[test]
    fn every_zones_offsets_are_chrono_tzs() {
        let (from, to) = (utc(1800, 1, 1, 0, 0), utc(2100, 1, 1, 0, 0));
        for tz in chrono_tz::TZ_VARIANTS {
            let mut u = from;
            while u < to {
                assert_eq!(offset_at(tz, u), offset_uncached(tz, u), "{tz} {u}");
                u += 9_999_991;
            }
        }
    }

    /// The fact the day memory rests on (no zone changes its offset twice
    /// within a day) was checked on this version of the time-zone data
    /// (its closest two changes: 6.9 days apart). A new version must be
    /// checked again before it is taken: run
    /// `cargo test --release -p accord-time -- --ignored` (the hour-by-hour
    /// test below), then write its version here.
    #[test]
    fn the_time_zone_data_is_the_version_checked() {
        assert_eq!(
            chrono_tz::IANA_TZDB_VERSION,
            "2025b",
            "new time-zone data: run the ignored hour-by-hour test in release first"
        );
    }

    /// Every zone, every hour from 1800 to 2101 (outside it no zone
    /// changes its offset: `tests/steady_eras.rs`), against chrono-tz's
    /// own lookup: a zone that changed its offset and back within one day
    /// would show here (some 1.6 billion zone-hours: about half a minute in
    /// release; run when the time-zone data changes).
    #[test]
    #[ignore = "half a minute in release; run when chrono-tz's data changes"]
    fn every_zone_hour_by_hour_agrees_with_chrono_tz() {
        let (from, to) = (utc(1800, 1, 1, 0, 0), utc(2101, 1, 1, 0, 0));
        for tz in chrono_tz::TZ_VARIANTS {
            let mut u = from + 1_799;
            while u < to {
                assert_eq!(offset_at(tz, u), offset_uncached(tz, u), "{tz} {u}");
                u += 3_600;
            }
        }
    }

    #[test]
    fn end_of_day_is_next_midnight() {
        let d = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default();
        // Chicago in June is UTC-5: 24:00 on 1 June is 05:00 UTC on 2 June.
        assert_eq!(resolve(Chicago, d, DAY_SECS), Some(utc(2026, 6, 2, 5, 0)));
    }

    #[test]
    fn agrees_with_scan_around_transitions() {
        let cases: &[(Tz, NaiveDateTime)] = &[
            (Chicago, wall(2026, 3, 8, 0, 0)),
            (Chicago, wall(2026, 11, 1, 0, 0)),
            (Berlin, wall(2026, 3, 29, 1, 0)),
            (Berlin, wall(2026, 10, 25, 1, 0)),
            (chrono_tz::Australia::Adelaide, wall(2026, 4, 5, 1, 0)),
            (chrono_tz::Australia::Adelaide, wall(2026, 10, 4, 1, 0)),
            (chrono_tz::Pacific::Apia, wall(2011, 12, 29, 22, 0)),
            // Dates skipped whole: Kiritimati 1994-12-31, Kwajalein 1993-08-21.
            (chrono_tz::Pacific::Kiritimati, wall(1994, 12, 30, 22, 0)),
            (chrono_tz::Pacific::Kwajalein, wall(1993, 8, 20, 22, 0)),
        ];
        for &(tz, start) in cases {
            // Every 7 minutes over a day and a half.
            for k in 0..320 {
                let w = start + chrono::Duration::minutes(7 * k);
                assert_eq!(resolve_wall(tz, w), Some(scan(tz, w)), "{tz} {w}");
            }
        }
    }
}
