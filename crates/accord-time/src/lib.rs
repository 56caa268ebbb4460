//! Business-time arithmetic on opening-hours calendars with IANA zones,
//! holidays and DST, exact to the second.
//!
//! A [`Calendar`] is weekly [`OpeningHours`] (per weekday, sorted `[open,
//! close)` wall-clock intervals within one local day) plus holidays (local
//! dates). The zone is passed to every call, so one calendar serves leads in
//! any zone ("in the lead's time zone").
//!
//! # Semantics
//!
//! - **Opening hours are local wall-clock times** in the zone given. A DST
//!   change shifts the wall clock, never the opening hours: on 2026-11-01 in
//!   America/Chicago, 08:00–18:00 is still ten business hours; only the UTC
//!   instants move by an hour.
//! - **Wall times that do not exist or exist twice.** A wall time inside a DST
//!   gap means the first valid instant after the gap; an ambiguous wall time
//!   means the earliest of its instants. (Equivalently: the earliest instant
//!   whose wall time is at or after the given one.) So an interval
//!   `02:00–03:00` on a spring-forward night is empty, and business time is
//!   always real elapsed seconds inside the resulting UTC intervals.
//! - **Closing at midnight.** A closing time of `00:00` means 24:00, the end of
//!   the day; consecutive open days then join into one stretch.
//! - **Holidays** are local dates in the zone given; a holiday has no hours.
//!   A *business day* is a date with opening hours that is not a holiday.
//! - **Intervals are half-open**: the opening instant is open, the closing
//!   instant is closed.
//! - **Clocks start at the next opening.** [`Calendar::next_opening`] is the
//!   instant itself when open, otherwise the next opening.
//! - **Limits that run out exactly at closing are due at closing**, not at the
//!   next opening: Monday 17:00 plus one business hour on 08:00–18:00 is
//!   Monday 18:00.
//! - **Precision.** Business time counts whole seconds; sub-second parts of
//!   input instants and wall times are ignored (truncated), and results are
//!   whole seconds.
//! - **Measuring.** [`Calendar::business_seconds_between`] counts open seconds
//!   in `[a, b)`; a closed instant measures zero up to the next opening. It is
//!   additive: `between(a, b) + between(b, c) == between(a, c)` for
//!   `a <= b <= c`, and `between(next_opening(t), add_business_seconds(t, n))
//!   == n`.
//! - **Business days.** [`Calendar::add_business_days`] keeps the local wall
//!   time of the start (after moving to the next opening), on the n-th
//!   following business day, clamped into that day's intervals.
//! - **After-hours rule.** [`Calendar::next_business_day_at`] gives "by 09:00
//!   the next business day": the wall time on the local date of the next
//!   opening (Friday 19:00 → Monday 09:00; Tuesday 03:00 → Tuesday 09:00).
//! - **Horizon.** Answers are `None` when the calendar does not open within
//!   three years (e.g. every date is a holiday), for negative durations, or
//!   when a due instant would lie about a thousand years or more ahead.
//! - **No panics**, on any input.
//!
//! # Cost
//!
//! Operations walk interval by interval, one local day at a time (never
//! minute by minute). Whole weeks that contain no holiday and no change of the
//! UTC offset are skipped in one step using the weekly total; business-day
//! additions skip whole holiday-free stretches at once. Zone lookups (a
//! wall time to its instant, an instant's UTC offset: a binary search of
//! the zone's transitions each) are remembered per thread, the last 512 of
//! each kind, so the opening and closing times of the same days, resolved
//! lead after lead, are looked up once.
//!
//! # Example
//!
//! ```
//! use accord_time::{Calendar, OpeningHours};
//! use chrono::{NaiveTime, TimeZone, Utc, Weekday::*};
//!
//! let nine_to_six = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
//! let hours = OpeningHours::uniform([Mon, Tue, Wed, Thu, Fri], nine_to_six(8), nine_to_six(18)).unwrap();
//! let cal = Calendar::new(hours, []).unwrap();
//! let tz = chrono_tz::America::Chicago;
//! // Friday 2026-03-06 17:50 CST + 2 business hours = Monday 09:50 (CDT after the DST change).
//! let friday = Utc.with_ymd_and_hms(2026, 3, 6, 23, 50, 0).unwrap();
//! let due = cal.add_business_seconds(friday, tz, 2 * 3600).unwrap();
//! assert_eq!(due, Utc.with_ymd_and_hms(2026, 3, 9, 14, 50, 0).unwrap());
//! ```

mod calendar;
mod format;
mod hours;
mod resolve;

pub use calendar::{Calendar, STEADY_BEFORE, STEADY_FROM};
pub use chrono_tz::Tz;
pub use format::{amount_parts, format_business_seconds, format_seconds, AmountParts};
pub use hours::{CalendarError, OpeningHours};
pub use resolve::{local_seconds, local_wall};
