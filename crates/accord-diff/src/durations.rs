//! How values of time are compared and written: durations (`15 minutes`,
//! `2 business hours`) in words and in seconds, dates and times of day as
//! written. Below every comparison module, and [`crate::sets`] too; it
//! knows nothing of changes or versions.

use accord_syntax::ast::{self, Duration, TimeUnit};
use accord_syntax::number::format_number;

/// A duration as written: `15 minutes`, `2 business hours`.
pub fn show_duration(d: &Duration) -> String {
    let unit = match d.unit {
        TimeUnit::Minutes => "minute",
        TimeUnit::Hours => "hour",
        TimeUnit::Days => "day",
        TimeUnit::Weeks => "week",
        TimeUnit::Months => "month",
        TimeUnit::Quarters => "quarter",
        TimeUnit::Years => "year",
    };
    let plural = if d.amount == 1.0 { "" } else { "s" };
    let business = if d.business { "business " } else { "" };
    format!("{} {business}{unit}{plural}", format_number(d.amount, None))
}

/// Which durations can be compared with each other: a business day has no
/// fixed number of hours, and a month no fixed number of days.
fn unit_class(unit: TimeUnit) -> u8 {
    match unit {
        TimeUnit::Minutes | TimeUnit::Hours => 0,
        TimeUnit::Days | TimeUnit::Weeks => 1,
        TimeUnit::Months | TimeUnit::Quarters | TimeUnit::Years => 2,
    }
}

fn unit_seconds(unit: TimeUnit) -> f64 {
    match unit {
        TimeUnit::Minutes => 60.0,
        TimeUnit::Hours => 3600.0,
        TimeUnit::Days => 86_400.0,
        TimeUnit::Weeks => 604_800.0,
        TimeUnit::Months => 2_629_746.0,
        TimeUnit::Quarters => 7_889_238.0,
        TimeUnit::Years => 31_556_952.0,
    }
}

/// A calendar duration in seconds (months and years by their average
/// length); `None` for business durations of days (their length depends
/// on the calendar).
pub fn duration_seconds(d: &Duration) -> Option<f64> {
    if d.business && unit_class(d.unit) != 0 {
        return None;
    }
    Some(d.amount * unit_seconds(d.unit))
}

/// Compares two durations: `Some(Less)` when `a` is shorter. `None` when
/// they cannot be compared (business days against hours, days against
/// months).
pub fn compare_durations(a: &Duration, b: &Duration) -> Option<std::cmp::Ordering> {
    if unit_class(a.unit) != unit_class(b.unit)
        || a.business != b.business && unit_class(a.unit) != 0
    {
        return None;
    }
    (a.amount * unit_seconds(a.unit)).partial_cmp(&(b.amount * unit_seconds(b.unit)))
}

/// A date as written.
pub fn show_date(d: &ast::DateLit) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// A time of day as written: `08:00`.
pub fn show_time(t: &ast::TimeOfDay) -> String {
    format!("{:02}:{:02}", t.hour, t.minute)
}
