//! Calendar periods in the reporting zone: days, ISO weeks (starting
//! Monday), months, quarters and years, each named by its first local date.

use accord_eval::metrics::PeriodKind;
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeZone, Utc};

/// One period: its kind and its first local date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    pub start: NaiveDate,
}

/// Periods order by their first date (then by length, shortest first).
impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let rank = |k: PeriodKind| k as u8;
        (self.start, rank(self.kind)).cmp(&(other.start, rank(other.kind)))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Period {
    /// The period a local date falls in.
    pub fn containing(kind: PeriodKind, d: NaiveDate) -> Period {
        let start = match kind {
            PeriodKind::Day => d,
            PeriodKind::Week => d - Days::new(u64::from(d.weekday().num_days_from_monday())),
            PeriodKind::Month => d.with_day(1).unwrap_or(d),
            PeriodKind::Quarter => {
                let m = (d.month0() / 3) * 3 + 1;
                NaiveDate::from_ymd_opt(d.year(), m, 1).unwrap_or(d)
            }
            PeriodKind::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d),
        };
        Period { kind, start }
    }

    /// The period after this one.
    pub fn next(self) -> Period {
        Period {
            kind: self.kind,
            start: periods_after(self.kind, self.start, 1).unwrap_or(NaiveDate::MAX),
        }
    }

    /// The last local date of the period.
    pub fn last_day(self) -> NaiveDate {
        self.next().start.pred_opt().unwrap_or(self.start)
    }

    /// The instant the period ends (the next one's local midnight) in `zone`.
    pub fn end(self, zone: chrono_tz::Tz) -> DateTime<Utc> {
        local_midnight(self.next().start, zone)
    }

    /// `2026-03-05`, `2026-W10`, `2026-03`, `2026-Q1`, `2026`.
    pub fn label(self) -> String {
        let d = self.start;
        match self.kind {
            PeriodKind::Day => d.to_string(),
            PeriodKind::Week => {
                let w = d.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            PeriodKind::Month => format!("{}-{:02}", d.year(), d.month()),
            PeriodKind::Quarter => format!("{}-Q{}", d.year(), d.month0() / 3 + 1),
            PeriodKind::Year => d.year().to_string(),
        }
    }

    /// Reads a label written by [`Period::label`] (as a plans file names a
    /// period); a plain date also names the period it falls in.
    pub fn parse(kind: PeriodKind, text: &str) -> Option<Period> {
        let t = text.trim();
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            return Some(Period::containing(kind, d));
        }
        let (year, rest) = t.split_once('-').map_or((t, ""), |(y, r)| (y, r));
        let year: i32 = year.parse().ok()?;
        let start = match kind {
            PeriodKind::Week => {
                let w: u32 = rest.strip_prefix('W')?.parse().ok()?;
                NaiveDate::from_isoywd_opt(year, w, chrono::Weekday::Mon)?
            }
            PeriodKind::Month => NaiveDate::from_ymd_opt(year, rest.parse().ok()?, 1)?,
            PeriodKind::Quarter => {
                let q: u32 = rest.strip_prefix('Q')?.parse().ok()?;
                if !(1..=4).contains(&q) {
                    return None;
                }
                NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1)?
            }
            PeriodKind::Year if rest.is_empty() => NaiveDate::from_ymd_opt(year, 1, 1)?,
            _ => return None,
        };
        Some(Period { kind, start })
    }

    /// Every period from `first` to `last` (inclusive), in order.
    pub fn span(first: Period, last: Period) -> Vec<Period> {
        let mut out = Vec::new();
        let mut p = first;
        while p <= last && p.start < NaiveDate::MAX {
            out.push(p);
            p = p.next();
        }
        out
    }
}

/// Local midnight of a date in a zone, as an instant (the first instant of
/// the day when midnight does not exist or is ambiguous).
pub fn local_midnight(d: NaiveDate, zone: chrono_tz::Tz) -> DateTime<Utc> {
    let naive = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    match zone.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
        chrono::LocalResult::None => {
            let later = naive + chrono::Duration::hours(1);
            zone.from_local_datetime(&later)
                .earliest()
                .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc))
        }
    }
}

/// `date` plus `n` periods of `kind` on the calendar: days and weeks
/// (7 days) by the day, months, quarters (3 months) and years (12 months)
/// by the month; `None` past the dates chrono can hold.
pub fn periods_after(kind: PeriodKind, date: NaiveDate, n: u32) -> Option<NaiveDate> {
    match kind {
        PeriodKind::Day => date.checked_add_days(Days::new(n.into())),
        PeriodKind::Week => date.checked_add_days(Days::new(u64::from(n) * 7)),
        PeriodKind::Month => date.checked_add_months(Months::new(n)),
        PeriodKind::Quarter => date.checked_add_months(Months::new(n.checked_mul(3)?)),
        PeriodKind::Year => date.checked_add_months(Months::new(n.checked_mul(12)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn periods_and_labels() {
        let w = Period::containing(PeriodKind::Week, d("2026-01-01"));
        assert_eq!(w.start, d("2025-12-29"));
        assert_eq!(w.label(), "2026-W01");
        assert_eq!(
            Period::containing(PeriodKind::Quarter, d("2026-05-31")).label(),
            "2026-Q2"
        );
        assert_eq!(
            Period::containing(PeriodKind::Month, d("2026-05-31")).last_day(),
            d("2026-05-31")
        );
        for (k, text) in [
            (PeriodKind::Day, "2026-03-05"),
            (PeriodKind::Week, "2026-W10"),
            (PeriodKind::Month, "2026-03"),
            (PeriodKind::Quarter, "2026-Q1"),
            (PeriodKind::Year, "2026"),
        ] {
            assert_eq!(
                Period::parse(k, text).map(Period::label).as_deref(),
                Some(text)
            );
        }
        assert_eq!(Period::parse(PeriodKind::Month, "2026-13"), None);
        assert_eq!(Period::parse(PeriodKind::Quarter, "2026-Q5"), None);
    }

    #[test]
    fn a_month_ends_at_local_midnight() {
        let m = Period::containing(PeriodKind::Month, d("2026-03-10"));
        assert_eq!(
            m.end(chrono_tz::America::Chicago).to_rfc3339(),
            "2026-04-01T05:00:00+00:00"
        );
    }
}
