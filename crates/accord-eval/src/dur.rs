//! Durations as the plan holds them ([`Dur`]): wall-clock seconds,
//! calendar months, or business seconds and days on a calendar; and the
//! one way every clause adds one to an instant ([`Dur::add_on`]: on its
//! calendar when it has one, in plain time otherwise).

use accord_time::{Calendar, Tz};
use chrono::{DateTime, Utc};

/// A duration, lowered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Dur {
    /// Wall-clock seconds (a day is 24 hours).
    Secs(i64),
    /// Calendar months (quarters and years are 3 and 12 months).
    Months(u32),
    /// Business seconds on the clause's calendar.
    BusinessSecs(i64),
    /// Business days on the clause's calendar.
    BusinessDays(u32),
}

impl Dur {
    /// `t + self` in plain time (business durations count as wall-clock
    /// here); `None` beyond the instants chrono can hold.
    pub fn add_plain(self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Dur::Secs(s) | Dur::BusinessSecs(s) => {
                t.checked_add_signed(chrono::Duration::try_seconds(s)?)
            }
            Dur::BusinessDays(d) => t.checked_add_signed(chrono::Duration::try_days(i64::from(d))?),
            Dur::Months(m) => t.checked_add_months(chrono::Months::new(m)),
        }
    }
    /// `t − self` in plain time; `None` beyond the instants chrono can hold.
    pub fn sub_plain(self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Dur::Secs(s) | Dur::BusinessSecs(s) => {
                t.checked_sub_signed(chrono::Duration::try_seconds(s)?)
            }
            Dur::BusinessDays(d) => t.checked_sub_signed(chrono::Duration::try_days(i64::from(d))?),
            Dur::Months(m) => t.checked_sub_months(chrono::Months::new(m)),
        }
    }
    /// `t + self` on `calendar` read in `tz` (business durations count
    /// opening hours there; other durations are plain time); without a
    /// calendar, in plain time. `None` when the calendar stops opening or
    /// the instant lies beyond what chrono can hold.
    pub fn add_on(
        self,
        t: DateTime<Utc>,
        calendar: Option<&Calendar>,
        tz: Tz,
    ) -> Option<DateTime<Utc>> {
        match (self, calendar) {
            (Dur::BusinessDays(d), Some(c)) => c.add_business_days(t, tz, d),
            (Dur::BusinessSecs(s), Some(c)) => c.add_business_seconds(t, tz, s),
            (d, _) => d.add_plain(t),
        }
    }
    /// Approximate length in seconds (months as 30 days), for sliding windows.
    pub fn approx_secs(self) -> i64 {
        match self {
            Dur::Secs(s) | Dur::BusinessSecs(s) => s,
            Dur::BusinessDays(d) => i64::from(d) * 86_400,
            Dur::Months(m) => i64::from(m) * 30 * 86_400,
        }
    }
}
