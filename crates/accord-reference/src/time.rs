//! Durations and calendars as the documentation defines them.
//!
//! Plain time: a minute is 60 s, an hour 3,600 s, a day 24 hours, a week 7
//! days; months, quarters (3) and years (12) are calendar months. An amount
//! is rounded to the second (to the month for months). Inside a clause
//! counted in a calendar, minutes and hours are business seconds, days
//! business days, weeks 5 business days (rounded to the day); months and
//! longer stay calendar months.

use crate::business::{Hours, Walk};
use crate::Ev;
use accord_records::FieldValue;
use accord_syntax::ast;
use chrono::{DateTime, Months, Utc};
use chrono_tz::Tz;

/// An instant that business time may not have decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Instant {
    At(DateTime<Utc>),
    /// There is none (the calendar never opens, beyond chrono's range, or
    /// nothing to count from).
    None,
    /// Beyond the business-time walk's budget: not decided here.
    Unknown,
}

impl Instant {
    pub fn at(self) -> Option<DateTime<Utc>> {
        match self {
            Instant::At(t) => Some(t),
            _ => None,
        }
    }
    fn from_walk(w: Walk<i64>) -> Instant {
        match w {
            Walk::Found(u) => {
                DateTime::<Utc>::from_timestamp(u, 0).map_or(Instant::None, Instant::At)
            }
            Walk::Never => Instant::None,
            Walk::TooFar => Instant::Unknown,
        }
    }
}

/// A duration read as plain time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Span {
    Secs(i64),
    Months(i64),
}

pub(crate) fn plain(d: &ast::Duration) -> Span {
    let secs = |per: f64| Span::Secs((d.amount * per).round() as i64);
    match d.unit {
        ast::TimeUnit::Minutes => secs(60.0),
        ast::TimeUnit::Hours => secs(3_600.0),
        ast::TimeUnit::Days => secs(86_400.0),
        ast::TimeUnit::Weeks => secs(7.0 * 86_400.0),
        ast::TimeUnit::Months => Span::Months(d.amount.round() as i64),
        ast::TimeUnit::Quarters => Span::Months((d.amount * 3.0).round() as i64),
        ast::TimeUnit::Years => Span::Months((d.amount * 12.0).round() as i64),
    }
}

impl Span {
    pub(crate) fn add(self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Span::Secs(s) => t.checked_add_signed(chrono::TimeDelta::try_seconds(s)?),
            Span::Months(m) => t.checked_add_months(Months::new(u32::try_from(m).ok()?)),
        }
    }
    pub(crate) fn sub(self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Span::Secs(s) => t.checked_sub_signed(chrono::TimeDelta::try_seconds(s)?),
            Span::Months(m) => t.checked_sub_months(Months::new(u32::try_from(m).ok()?)),
        }
    }
}

/// A calendar as the reference reads it: its hours and the zone for this lead.
pub(crate) struct Cal {
    pub hours: Hours,
    pub zone: Tz,
}

impl<'a> Ev<'a> {
    /// The calendar named `name`, read in this lead's zone.
    pub(crate) fn calendar(&self, name: &str) -> Option<Cal> {
        let c = self.items.iter().find_map(|i| match i {
            ast::Item::Calendar(c) if c.name.name == name => Some(c),
            _ => None,
        })?;
        let mut hours = Hours::default();
        let mut zone = None;
        for clause in &c.clauses {
            match clause {
                ast::CalendarClause::Open {
                    days,
                    from,
                    to,
                    zone: z,
                    ..
                } => {
                    if z.is_some() {
                        zone = z.clone();
                    }
                    let (o, cl) = (from.hour * 60 + from.minute, to.hour * 60 + to.minute);
                    for spec in days {
                        for wd in weekdays(spec) {
                            if let Some(day) = hours.days.get_mut(wd) {
                                day.push((o, cl));
                                day.sort_unstable();
                            }
                        }
                    }
                }
                ast::CalendarClause::Closed { dates, .. } => {
                    for d in dates {
                        if let Some(date) = chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day)
                        {
                            hours.holidays.insert(date);
                        }
                    }
                }
                ast::CalendarClause::Zone(z) => zone = Some(z.clone()),
            }
        }
        let default = self.schema.default_zone.unwrap_or(chrono_tz::UTC);
        let zone = match zone {
            None => default,
            Some(ast::ZoneSpec::Fixed(s)) => s.value.parse().unwrap_or(default),
            Some(ast::ZoneSpec::Lead { field, .. }) => {
                let name = match field {
                    Some(f) => Some(f.name.clone()),
                    None => self
                        .schema
                        .fields
                        .iter()
                        .find(|f| f.ty == accord_records::FieldType::TimeZone)
                        .map(|f| f.name.clone()),
                };
                match name.map(|n| self.field(&n)) {
                    Some(FieldValue::Zone(tz)) => tz,
                    _ => default,
                }
            }
        };
        Some(Cal { hours, zone })
    }

    /// `t` plus `d`, counted in `cal` when given (see the module docs).
    pub(crate) fn add_in(&self, t: DateTime<Utc>, d: &ast::Duration, cal: Option<&Cal>) -> Instant {
        let Some(cal) = cal else {
            return plain(d).add(t).map_or(Instant::None, Instant::At);
        };
        let business_days = |per: f64| {
            let days = (d.amount * per).round().max(0.0);
            if days > f64::from(u32::MAX) {
                return Instant::Unknown;
            }
            Instant::from_walk(cal.hours.add_days(cal.zone, t.timestamp(), days as u32))
        };
        let business_secs = |per: f64| {
            let secs = (d.amount * per).round() as i64;
            Instant::from_walk(cal.hours.day_add_seconds(cal.zone, t.timestamp(), secs))
        };
        match d.unit {
            ast::TimeUnit::Minutes => business_secs(60.0),
            ast::TimeUnit::Hours => business_secs(3_600.0),
            ast::TimeUnit::Days => business_days(1.0),
            ast::TimeUnit::Weeks => business_days(5.0),
            _ => plain(d).add(t).map_or(Instant::None, Instant::At),
        }
    }

    pub(crate) fn is_open(&self, cal: &Cal, t: DateTime<Utc>) -> bool {
        cal.hours.is_open(cal.zone, t.timestamp())
    }

    pub(crate) fn next_business_day_at(
        &self,
        cal: &Cal,
        t: DateTime<Utc>,
        at: &ast::TimeOfDay,
    ) -> Instant {
        let secs = at.hour * 3600 + at.minute * 60;
        Instant::from_walk(
            cal.hours
                .next_business_day_at(cal.zone, t.timestamp(), secs),
        )
    }
}

/// Weekday indices (Monday = 0) a day spec names; a range wraps past Sunday.
fn weekdays(spec: &ast::DaySpec) -> Vec<usize> {
    let idx = |w: &ast::Weekday| *w as usize;
    match spec {
        ast::DaySpec::Single(w, _) => vec![idx(w)],
        ast::DaySpec::Range(a, b, _) => {
            let (a, b) = (idx(a), idx(b));
            let mut out = vec![a];
            let mut d = a;
            while d != b {
                d = (d + 1) % 7;
                out.push(d);
            }
            out
        }
    }
}
