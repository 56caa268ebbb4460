//! Units and literal validity: business time vs calendar time, SLA limit
//! units, percentages where they are required (and between 0% and 100%
//! where they are shares), IANA time zones, calendar
//! opening hours, real dates and clock times, and the date formats fields
//! are `written` in.

use accord_records::FieldType;
use accord_syntax::ast::{
    Calendar, CalendarClause, DateLit, Duration, Str, TimeOfDay, TimeUnit, Value, ValueKind,
    Weekday, ZoneSpec,
};
use accord_syntax::number::format_number;
use accord_syntax::Span;

use crate::ctx::{error, Ctx, TimeCtx};
use crate::suggest::SuggestName;

/// `first_contact_date is a date written "DD-MM-YYYY"`: the format must
/// be one accord-records can read, with a time of day exactly when the
/// field is a timestamp, and only on a date or timestamp field (or a list
/// of them).
pub fn written(ctx: &mut Ctx, decl: &accord_syntax::ast::FieldDecl) {
    let Some(w) = &decl.written else { return };
    let name = &decl.name.name;
    let mut ty = accord_records::schema::field_type(&decl.ty.kind);
    while let FieldType::ListOf(inner) = ty {
        ty = *inner;
    }
    let code = "accord::date-format";
    let example = "e.g. \"DD-MM-YYYY\", \"MM/DD/YYYY\" or \"DD-MM-YYYY HH:MM\"";
    let problem = match (&ty, accord_records::Written::parse(&w.value)) {
        (FieldType::Date | FieldType::Timestamp, Err(why)) => Some((
            why,
            "not a date format".to_string(),
            format!("write the format with YYYY, MM and DD (and HH:MM for a timestamp), {example}"),
        )),
        (FieldType::Date, Ok(f)) if f.has_time() => Some((
            format!("`{name}` is a date, but \"{}\" has a time of day", w.value),
            "a date has no time of day".to_string(),
            format!("declare `{name}` a timestamp, or take the time out of the format"),
        )),
        (FieldType::Timestamp, Ok(f)) if !f.has_time() => Some((
            format!("`{name}` is a timestamp, but \"{}\" has no time of day", w.value),
            "a timestamp needs hours and minutes".to_string(),
            format!(
                "declare `{name}` a date (dates place leads in periods too), or add the time: \"{} HH:MM\"",
                w.value
            ),
        )),
        (FieldType::Date | FieldType::Timestamp, Ok(_)) => None,
        (other, _) => Some((
            format!(
                "`{name}` is {}: only a date or a timestamp is written in a format",
                other.describe()
            ),
            "not a date or a timestamp".to_string(),
            String::from("remove `written \"…\"`, or declare the field a date or a timestamp"),
        )),
    };
    if let Some((message, label, help)) = problem {
        ctx.emit(
            error(code, w.span, message)
                .with_label(label)
                .with_help(help),
        );
    }
}

/// Validates the literal inside a value (dates).
pub fn value(ctx: &mut Ctx, v: &Value) {
    if let ValueKind::Date(d) = &v.kind {
        date(ctx, d);
    }
}

/// A real calendar date (no 2026-02-30).
pub fn date(ctx: &mut Ctx, d: &DateLit) -> Option<chrono::NaiveDate> {
    let parsed = chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day);
    if parsed.is_none() {
        ctx.emit(
            error(
                "accord::invalid-date",
                d.span,
                format!("{:04}-{:02}-{:02} is not a real date", d.year, d.month, d.day),
            )
            .with_label("no such day")
            .with_help("write the date as YYYY-MM-DD with a month from 01 to 12 and a day that exists in that month"),
        );
    }
    parsed
}

/// A real clock time; `24:00` only where `allow_midnight_end`.
pub fn time(ctx: &mut Ctx, t: &TimeOfDay, allow_midnight_end: bool) -> Option<u32> {
    let ok =
        (t.hour <= 23 && t.minute <= 59) || (allow_midnight_end && t.hour == 24 && t.minute == 0);
    if !ok {
        ctx.emit(
            error(
                "accord::invalid-time",
                t.span,
                format!("{:02}:{:02} is not a time of day", t.hour, t.minute),
            )
            .with_label("no such time")
            .with_help("use the 24-hour clock, from 00:00 to 23:59 (24:00 only as a closing time)"),
        );
        return None;
    }
    Some(t.hour * 60 + t.minute)
}

/// An IANA time zone name.
pub fn zone(ctx: &mut Ctx, s: &Str) {
    if s.value.parse::<chrono_tz::Tz>().is_ok() {
        return;
    }
    let names: Vec<String> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|z| z.name().to_string())
        .collect();
    ctx.emit(
        error(
            "accord::unknown-time-zone",
            s.span,
            format!("\"{}\" is not a known time zone", s.value),
        )
        .with_label("unknown time zone")
        .did_you_mean(
            &s.value,
            &names,
            true,
            "use an IANA time zone name such as \"America/Chicago\" or \"Europe/Berlin\"",
        ),
    );
}

/// The longest duration a policy may write: 10,000 years (of 365.2425
/// days). Every instant Accord reads lies in the years 1 to 9999, so a longer
/// one cannot mean anything more; and instants this far from them stay
/// within what the evaluator can count with.
pub const MAX_DURATION_SECS: f64 = 10_000.0 * 365.2425 * 86_400.0;

/// How many seconds `d` stands for (months, quarters and years of average
/// length: a year is 365.2425 days; business time as the same amount of
/// plain time).
pub fn duration_secs(d: &Duration) -> f64 {
    const YEAR: f64 = 365.2425 * 86_400.0;
    let per = match d.unit {
        TimeUnit::Minutes => 60.0,
        TimeUnit::Hours => 3_600.0,
        TimeUnit::Days => 86_400.0,
        TimeUnit::Weeks => 7.0 * 86_400.0,
        TimeUnit::Months => YEAR / 12.0,
        TimeUnit::Quarters => YEAR / 4.0,
        TimeUnit::Years => YEAR,
    };
    d.amount * per
}

/// A duration in the current time context: not negative, at most
/// [`MAX_DURATION_SECS`], and `business` only with a calendar.
pub fn duration(ctx: &mut Ctx, d: &Duration) {
    duration_range(ctx, d);
    if !d.business {
        return;
    }
    let problem = match ctx.time {
        TimeCtx::Calendar => None,
        TimeCtx::NoCalendarClause => Some((
            "this rule is not counted in a calendar",
            "add `counted in <calendar>` to its `from …` line, or drop the word `business`",
        )),
        TimeCtx::EventWindow => Some((
            "event windows and `within the last` / `ago` tests always count calendar time",
            "drop the word `business` (e.g. `within any 14 days`); business time is only counted in SLAs and persistence rules `counted in` a calendar",
        )),
        TimeCtx::Elsewhere if ctx.syms.calendar_count == 0 => Some((
            "the policy declares no calendar that says when business hours are",
            "declare a calendar (e.g. `calendar sales_hours: open Monday to Friday from 08:00 to 18:00`), or drop the word `business`",
        )),
        TimeCtx::Elsewhere => None,
    };
    if let Some((why, help)) = problem {
        ctx.emit(
            error(
                "accord::business-time-without-calendar",
                d.span,
                format!("business time is used here, but {why}"),
            )
            .with_label("business time")
            .with_help(help),
        );
    }
}

/// A duration is an amount of time: never negative, never longer than
/// 10,000 years.
fn duration_range(ctx: &mut Ctx, d: &Duration) {
    let (message, label, help) = if d.amount < 0.0 {
        (
            "a duration cannot be negative",
            "negative",
            "write how long, as a positive amount: e.g. `30 days`",
        )
    } else if duration_secs(d) > MAX_DURATION_SECS {
        (
            "this duration is longer than 10,000 years",
            "too long",
            "Accord reads instants from the years 1 to 9999, so no rule can need more: write at most 10,000 years (120,000 months, 3,652,425 days)",
        )
    } else {
        return;
    };
    ctx.emit(
        error("accord::duration-out-of-range", d.span, message)
            .with_label(label)
            .with_help(help),
    );
}

/// A period that repeats (`decays 10% every 30 days`) must be longer than
/// zero: otherwise it would repeat without end at one instant.
pub fn positive_period(ctx: &mut Ctx, d: &Duration) {
    positive_length(
        ctx,
        d,
        "a period that repeats",
        "say how often it repeats, e.g. `every 30 days`",
    );
}

/// A window of events (`within the last 30 days`, `within any 14 days`)
/// must be longer than zero: a window of no time holds no events, so the
/// count it guards could never be met.
pub fn event_window(ctx: &mut Ctx, d: &Duration) {
    ctx.with_time(TimeCtx::EventWindow, |ctx| duration(ctx, d));
    positive_length(
        ctx,
        d,
        "a window of events",
        "a window of no time holds no events: say how far it reaches, e.g. `within the last 30 days`",
    );
}

fn positive_length(ctx: &mut Ctx, d: &Duration, what: &str, help: &str) {
    if d.amount == 0.0 {
        ctx.emit(
            error(
                "accord::duration-out-of-range",
                d.span,
                format!("{what} cannot be zero long"),
            )
            .with_label("zero")
            .with_help(help.to_string()),
        );
    }
}

/// SLA limits counted in a calendar are minutes, hours or days.
pub fn sla_limit_unit(ctx: &mut Ctx, d: &Duration, calendar: bool) {
    if calendar && !matches!(d.unit, TimeUnit::Minutes | TimeUnit::Hours | TimeUnit::Days) {
        ctx.emit(
            error(
                "accord::sla-limit-unit",
                d.span,
                "an SLA counted in a calendar must give its limit in minutes, hours or days",
            )
            .with_label("not minutes, hours or days")
            .with_help("business weeks and months are ambiguous; write e.g. `10 business days`"),
        );
    }
}

/// A value that must be a percentage (`weighs 40%`, `decays 10%`).
pub fn percent_expected(ctx: &mut Ctx, v: &Value, what: &str) {
    if let ValueKind::Percent(_) = v.kind {
        return;
    }
    let shown = match &v.kind {
        ValueKind::Number(n) => format!("{n}%"),
        _ => String::from("e.g. 40%"),
    };
    ctx.emit(
        error(
            "accord::percent-expected",
            v.span,
            format!("{what} must be a percentage"),
        )
        .with_label("not a percentage")
        .with_help(format!("write it with a percent sign: {shown}")),
    );
}

/// A percentage that can only be between 0% and 100% (a weight, a decay
/// rate, a share, a percentage field): reports one outside that range.
/// `what` names it in the message (`a part's weight`, `the share
/// accepted`), `help` says what to write instead. Returns whether it is in
/// range (values that are not numbers count as in range).
pub fn percent_in_range(ctx: &mut Ctx, v: &Value, what: &str, help: &str) -> bool {
    let (ValueKind::Percent(n) | ValueKind::Number(n)) = v.kind else {
        return true;
    };
    if (0.0..=100.0).contains(&n) {
        return true;
    }
    let shown = format_number(n, Some(2));
    let label = if n > 100.0 {
        "more than 100%"
    } else {
        "below 0%"
    };
    ctx.emit(
        error(
            "accord::percent-out-of-range",
            v.span,
            format!("{what} can only be between 0% and 100%, not {shown}%"),
        )
        .with_label(label)
        .with_help(help.to_string()),
    );
    false
}

/// A calendar: real opening times, opening before closing, hours of one
/// weekday that do not overlap, at least one `open` line, real holidays,
/// known zones. The evaluator refuses a calendar with overlapping hours or
/// none at all, so these are caught here, before run time.
pub fn calendar(ctx: &mut Ctx, c: &Calendar) {
    // Per weekday (Monday first), the hours given so far: (open, close, span).
    let mut week: [Vec<(u32, u32, Span)>; 7] = Default::default();
    let mut has_open_line = false;
    for clause in &c.clauses {
        match clause {
            CalendarClause::Open {
                days,
                from,
                to,
                zone: z,
                ..
            } => {
                has_open_line = true;
                let open = time(ctx, from, false);
                let close = time(ctx, to, true);
                if let (Some(o), Some(cl)) = (open, close) {
                    if o >= cl {
                        ctx.emit(
                            error(
                                "accord::calendar-hours",
                                from.span.to(to.span),
                                format!(
                                    "opening time {:02}:{:02} is not before closing time {:02}:{:02}",
                                    from.hour, from.minute, to.hour, to.minute
                                ),
                            )
                            .with_label("opens after it closes")
                            .with_help("write the opening time first, e.g. `from 08:00 to 18:00`; overnight hours need two lines"),
                        );
                    } else {
                        let hours = (o, cl, from.span.to(to.span));
                        for day in days.iter().flat_map(|d| d.weekdays()) {
                            if !add_hours(ctx, &mut week[day as usize], hours, day) {
                                break;
                            }
                        }
                    }
                }
                if let Some(z) = z {
                    zone_spec(ctx, z);
                }
            }
            CalendarClause::Closed { dates, .. } => {
                for d in dates {
                    date(ctx, d);
                }
            }
            CalendarClause::Zone(z) => zone_spec(ctx, z),
        }
    }
    if !has_open_line {
        ctx.emit(
            error(
                "accord::calendar-hours",
                c.name.span,
                format!("calendar `{}` is never open: it has no `open` line", c.name.name),
            )
            .with_label("no opening hours")
            .with_help("add its weekly hours, e.g. `open Monday to Friday from 08:00 to 18:00 in the lead's time zone`; business time cannot be counted in a calendar that is never open"),
        );
    }
}

/// Adds one interval of opening hours (minutes from midnight) to the hours
/// of `day`, or reports that it overlaps hours already given for that day
/// (then returns false).
fn add_hours(
    ctx: &mut Ctx,
    day_hours: &mut Vec<(u32, u32, Span)>,
    (open, close, at): (u32, u32, Span),
    day: Weekday,
) -> bool {
    let Some(&(_, _, earlier)) = day_hours.iter().find(|&&(o, cl, _)| open < cl && o < close)
    else {
        day_hours.push((open, close, at));
        return true;
    };
    ctx.emit(
        error(
            "accord::calendar-hours",
            at,
            format!("on {day} these opening hours overlap hours given on an earlier line"),
        )
        .with_label("overlaps the earlier hours")
        .with_related(earlier, format!("also open on {day} here"))
        .with_help("give each weekday's hours once: split the days between the lines (e.g. `Monday to Thursday` and `Friday`) or make the times not overlap"),
    );
    false
}

fn zone_spec(ctx: &mut Ctx, z: &ZoneSpec) {
    match z {
        ZoneSpec::Fixed(s) => zone(ctx, s),
        ZoneSpec::Lead { field: Some(f), .. } => {
            crate::names::field_ref(ctx, f, Some(("a time zone", |t| *t == FieldType::TimeZone)));
        }
        ZoneSpec::Lead { field: None, span } => {
            let zones = ctx.syms.field_names(|t| *t == FieldType::TimeZone);
            if zones.len() != 1 {
                let why = if zones.is_empty() {
                    String::from("no lead field is a time zone")
                } else {
                    format!("several lead fields are time zones ({})", zones.join(", "))
                };
                ctx.emit(
                    error("accord::no-lead-time-zone", *span, format!("\"the lead's time zone\" is unclear: {why}"))
                        .with_label("which field?")
                        .with_help("declare exactly one field `is a time zone`, or name it: `in the lead's time_zone`"),
                );
            }
        }
    }
}
