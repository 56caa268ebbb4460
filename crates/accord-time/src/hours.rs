//! Weekly opening hours: per weekday, a sorted list of non-overlapping
//! `[open, close)` wall-clock intervals within one local day, and the errors
//! raised while building them.

use std::fmt;

use chrono::{NaiveTime, Timelike, Weekday};

/// Seconds in a plain (24-hour) day.
pub(crate) const DAY_SECS: u32 = 86_400;

/// Why a set of opening hours or a calendar was rejected.
#[derive(Debug, Clone, PartialEq)]
pub enum CalendarError {
    /// An interval whose opening time is not strictly before its closing time.
    OpenNotBeforeClose {
        /// The weekday the interval was given for.
        day: Weekday,
        /// The opening wall time given.
        open: NaiveTime,
        /// The closing wall time given (`00:00` means midnight at the end of the day).
        close: NaiveTime,
    },
    /// Two intervals of the same weekday share some time.
    Overlap {
        /// The weekday both intervals were given for.
        day: Weekday,
        /// The interval already present, as (open, close).
        existing: (NaiveTime, NaiveTime),
        /// The interval being added, as (open, close).
        added: (NaiveTime, NaiveTime),
    },
    /// The calendar is never open: no weekday has any opening hours.
    NoOpeningHours,
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::OpenNotBeforeClose { day, open, close } => write!(
                f,
                "on {} the opening time {} is not before the closing time {}",
                day_name(*day),
                hm(*open),
                hm(*close)
            ),
            CalendarError::Overlap {
                day,
                existing,
                added,
            } => write!(
                f,
                "on {} the hours {} to {} overlap the hours {} to {} given earlier",
                day_name(*day),
                hm(added.0),
                hm(added.1),
                hm(existing.0),
                hm(existing.1)
            ),
            CalendarError::NoOpeningHours => {
                write!(
                    f,
                    "the calendar has no opening hours on any day of the week"
                )
            }
        }
    }
}

impl std::error::Error for CalendarError {}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// `HH:MM`, or `HH:MM:SS` when the seconds are not zero.
fn hm(t: NaiveTime) -> String {
    if t.second() == 0 {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M:%S").to_string()
    }
}

/// Opening hours for each weekday, as local wall-clock intervals.
///
/// Each interval is `[open, close)`, whole seconds (sub-second parts of the
/// given times are ignored), with `open < close` on the same local day. A
/// closing time of `00:00` means midnight at the *end* of the day (24:00), so
/// `add(Mon, 00:00, 00:00)` opens all of Monday. Intervals that merely touch
/// (`08:00–12:00` and `12:00–17:00`) are merged; intervals that overlap are
/// rejected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpeningHours {
    /// Indexed by `Weekday::num_days_from_monday()`; seconds from local
    /// midnight, `close` may be 86 400 (24:00).
    days: [Vec<(u32, u32)>; 7],
}

impl OpeningHours {
    /// No opening hours on any day.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same interval on each of the given days, e.g. Monday to Friday 08:00–18:00.
    pub fn uniform(
        days: impl IntoIterator<Item = Weekday>,
        open: NaiveTime,
        close: NaiveTime,
    ) -> Result<Self, CalendarError> {
        let mut hours = Self::new();
        for day in days {
            hours.add(day, open, close)?;
        }
        Ok(hours)
    }

    /// Adds the interval `[open, close)` on `day`. A `close` of `00:00` means
    /// midnight at the end of the day.
    pub fn add(
        &mut self,
        day: Weekday,
        open: NaiveTime,
        close: NaiveTime,
    ) -> Result<(), CalendarError> {
        let o = open.num_seconds_from_midnight();
        let c = match close.num_seconds_from_midnight() {
            0 => DAY_SECS,
            c => c,
        };
        if o >= c {
            return Err(CalendarError::OpenNotBeforeClose { day, open, close });
        }
        let list = self.slot_mut(day);
        if let Some(&(eo, ec)) = list.iter().find(|&&(eo, ec)| o < ec && eo < c) {
            return Err(CalendarError::Overlap {
                day,
                existing: (to_time(eo), to_time(ec)),
                added: (open, close),
            });
        }
        list.push((o, c));
        list.sort_unstable();
        // Merge intervals that touch.
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(list.len());
        for &(lo, hi) in list.iter() {
            match merged.last_mut() {
                Some(last) if last.1 == lo => last.1 = hi,
                _ => merged.push((lo, hi)),
            }
        }
        *list = merged;
        Ok(())
    }

    /// The intervals of `day`, sorted, as (open, close) wall times; a close of
    /// `00:00` stands for midnight at the end of the day.
    pub fn intervals(&self, day: Weekday) -> Vec<(NaiveTime, NaiveTime)> {
        self.slot(day)
            .iter()
            .map(|&(o, c)| (to_time(o), to_time(c)))
            .collect()
    }

    /// Whether no weekday has any opening hours.
    pub fn is_empty(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }

    /// The intervals of `day` in seconds from local midnight (close may be 86 400).
    pub(crate) fn slot(&self, day: Weekday) -> &[(u32, u32)] {
        self.days
            .get(day.num_days_from_monday() as usize)
            .map_or(&[], Vec::as_slice)
    }

    fn slot_mut(&mut self, day: Weekday) -> &mut Vec<(u32, u32)> {
        let [mon, tue, wed, thu, fri, sat, sun] = &mut self.days;
        match day {
            Weekday::Mon => mon,
            Weekday::Tue => tue,
            Weekday::Wed => wed,
            Weekday::Thu => thu,
            Weekday::Fri => fri,
            Weekday::Sat => sat,
            Weekday::Sun => sun,
        }
    }

    /// Sum of all interval lengths over the week, in wall-clock seconds.
    pub(crate) fn weekly_secs(&self) -> i64 {
        self.days
            .iter()
            .flatten()
            .map(|&(o, c)| i64::from(c) - i64::from(o))
            .sum()
    }

    /// Number of weekdays that have any opening hours.
    pub(crate) fn open_weekdays(&self) -> u32 {
        self.days.iter().filter(|d| !d.is_empty()).count() as u32
    }
}

fn to_time(secs: u32) -> NaiveTime {
    NaiveTime::from_num_seconds_from_midnight_opt(secs % DAY_SECS, 0).unwrap_or(NaiveTime::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
    }

    #[test]
    fn merges_touching_and_sorts() {
        let mut h = OpeningHours::new();
        h.add(Weekday::Mon, t(13, 0), t(17, 0)).ok();
        h.add(Weekday::Mon, t(8, 0), t(12, 0)).ok();
        h.add(Weekday::Mon, t(12, 0), t(13, 0)).ok();
        assert_eq!(h.intervals(Weekday::Mon), vec![(t(8, 0), t(17, 0))]);
        assert!(h.intervals(Weekday::Tue).is_empty());
        assert_eq!(h.weekly_secs(), 9 * 3600);
    }

    #[test]
    fn rejects_overlap_and_inverted() {
        let mut h = OpeningHours::new();
        assert!(h.add(Weekday::Fri, t(8, 0), t(12, 0)).is_ok());
        let err = h.add(Weekday::Fri, t(11, 0), t(14, 0));
        assert!(matches!(err, Err(CalendarError::Overlap { .. })));
        let msg = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(
            msg,
            "on Friday the hours 11:00 to 14:00 overlap the hours 08:00 to 12:00 given earlier"
        );
        let err = h.add(Weekday::Sat, t(9, 0), t(9, 0));
        assert!(matches!(err, Err(CalendarError::OpenNotBeforeClose { .. })));
        assert!(h.add(Weekday::Sat, t(18, 0), t(9, 0)).is_err());
    }

    #[test]
    fn midnight_close_means_end_of_day() {
        let mut h = OpeningHours::new();
        assert!(h.add(Weekday::Sun, t(0, 0), t(0, 0)).is_ok());
        assert_eq!(h.weekly_secs(), 86_400);
        assert_eq!(h.slot(Weekday::Sun), &[(0, 86_400)]);
    }
}
