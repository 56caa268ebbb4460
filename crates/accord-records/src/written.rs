//! Date formats: the standard ones ([`parse_date`]: `YYYY-MM-DD`;
//! [`parse_timestamp`]: RFC 3339, or a wall time read in a zone) and the
//! ones a schema declares for its data: `first_contact_date is a
//! date written "DD-MM-YYYY"`, `won_at is a timestamp written "DD-MM-YYYY
//! HH:MM"`. A [`Written`] is the format read once (by the checker, which
//! reports a bad one, and by the readers, which parse every value of the
//! field with it); a value that does not match is an error in its record.
//!
//! Parts, in any order, with any of `- / . : , T` or spaces between them:
//! `YYYY` (year), `YY` (two-digit year: 00–69 is 2000–2069, 70–99 is
//! 1970–1999), `MM` (month), `DD` (day), `HH` (hour, 00–23), `MM` after
//! `HH` (minutes), `SS` (seconds). Letters may be lower case (`dd/mm/yyyy`). A
//! one-letter `D`, `M` or `H` reads the same as two (a day or month may be
//! written with one digit either way).

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone as _, Utc};
use chrono_tz::Tz;

/// A declared date format, ready to parse values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// As declared (`DD-MM-YYYY`), for messages.
    pub text: String,
    /// The same format for chrono (`%d-%m-%Y`).
    strftime: String,
    /// Whether it has a time of day (hours and minutes).
    has_time: bool,
}

/// What a format holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Year,
    ShortYear,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

impl Written {
    /// Reads a format. The error says, in words, what is wrong with it.
    pub fn parse(text: &str) -> Result<Written, String> {
        let mut strftime = String::new();
        let mut parts: Vec<Part> = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            let run = chars
                .get(i..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&d| d.eq_ignore_ascii_case(&c))
                .count();
            i += run.max(1);
            let part = match (c.to_ascii_uppercase(), run) {
                ('Y', 4) => Part::Year,
                ('Y', 2) => Part::ShortYear,
                ('M', 1 | 2) if parts.last() == Some(&Part::Hour) => Part::Minute,
                ('M', 1 | 2) => Part::Month,
                ('D', 1 | 2) => Part::Day,
                ('H', 1 | 2) => Part::Hour,
                ('S', 1 | 2) => Part::Second,
                ('-' | '/' | '.' | ':' | ',' | ' ', _) => {
                    strftime.extend(std::iter::repeat_n(c, run));
                    continue;
                }
                ('T', 1) => {
                    strftime.push('T');
                    continue;
                }
                ('Y' | 'M' | 'D' | 'H' | 'S', _) => {
                    return Err(format!(
                        "`{}` is not a part of a date format: write YYYY or YY for the year, \
                         MM for the month, DD for the day, HH, MM and SS for the time",
                        c.to_string().repeat(run)
                    ))
                }
                _ => {
                    return Err(format!(
                        "`{c}` cannot be in a date format: use YYYY, MM, DD, HH, MM (minutes, \
                         after HH) and SS, with - / . : , T or spaces between them"
                    ))
                }
            };
            if parts.contains(&part) || (part == Part::ShortYear && parts.contains(&Part::Year)) {
                return Err(format!(
                    "the {} appears twice in \"{text}\"",
                    part_words(part)
                ));
            }
            strftime.push_str(match part {
                Part::Year => "%Y",
                Part::ShortYear => "%y",
                Part::Month => "%m",
                Part::Day => "%d",
                Part::Hour => "%H",
                Part::Minute => "%M",
                Part::Second => "%S",
            });
            parts.push(part);
        }
        let has = |p: Part| parts.contains(&p);
        let missing: Vec<&str> = [
            (has(Part::Year) || has(Part::ShortYear), "a year (YYYY)"),
            (has(Part::Month), "a month (MM)"),
            (has(Part::Day), "a day (DD)"),
        ]
        .iter()
        .filter(|(present, _)| !present)
        .map(|(_, words)| *words)
        .collect();
        if !missing.is_empty() {
            return Err(format!("\"{text}\" lacks {}", missing.join(" and ")));
        }
        if has(Part::Hour) != has(Part::Minute) || (has(Part::Second) && !has(Part::Hour)) {
            return Err(format!(
                "\"{text}\" has part of a time of day: write hours and minutes as HH:MM \
                 (and seconds as HH:MM:SS)"
            ));
        }
        Ok(Written {
            text: text.to_string(),
            strftime,
            has_time: has(Part::Hour),
        })
    }

    /// Whether the format has a time of day (a timestamp's format must; a
    /// date's must not).
    pub fn has_time(&self) -> bool {
        self.has_time
    }

    /// A date written in this format (surrounding spaces ignored); the
    /// error is a note for people, or `None` when the value is simply not
    /// in this format.
    pub fn date(&self, s: &str) -> Result<NaiveDate, Option<String>> {
        NaiveDate::parse_from_str(s.trim(), &self.strftime).map_err(|e| self.why(s, e))
    }

    /// A date and time of day written in this format.
    pub fn date_time(&self, s: &str) -> Result<NaiveDateTime, Option<String>> {
        NaiveDateTime::parse_from_str(s.trim(), &self.strftime).map_err(|e| self.why(s, e))
    }

    /// A standard value (`2018-02-01`, or an RFC 3339 timestamp, shown in
    /// `zone`) written in this format, for tools that make leads (the
    /// witnesses of `accord diff`); any other text is returned as it is.
    pub fn rewrite(&self, standard: &str, zone: chrono_tz::Tz) -> String {
        if let Some(d) = parse_date(standard) {
            return d.format(&self.strftime).to_string();
        }
        match chrono::DateTime::parse_from_rfc3339(standard) {
            Ok(t) => t
                .with_timezone(&zone)
                .naive_local()
                .format(&self.strftime)
                .to_string(),
            Err(_) => standard.to_string(),
        }
    }

    fn why(&self, s: &str, e: chrono::ParseError) -> Option<String> {
        use chrono::format::ParseErrorKind;
        if matches!(
            e.kind(),
            ParseErrorKind::OutOfRange | ParseErrorKind::Impossible
        ) {
            return Some(
                "it is written in the right format, but there is no such date or time".into(),
            );
        }
        let iso = parse_date(s.trim()).is_some()
            || parse_timestamp(s.trim(), Some(chrono_tz::Tz::UTC)).is_ok();
        iso.then(|| {
            format!(
                "it is written year first (ISO 8601), but the schema declares this field `written \"{}\"`",
                self.text
            )
        })
    }
}

fn part_words(p: Part) -> &'static str {
    match p {
        Part::Year | Part::ShortYear => "year",
        Part::Month => "month",
        Part::Day => "day",
        Part::Hour => "hour",
        Part::Minute => "minute",
        Part::Second => "second",
    }
}

/// `YYYY-MM-DD`, exactly.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// RFC 3339 with an offset (`2026-11-18T10:00:00-06:00`, `…Z`). A
/// timestamp without an offset is read in `zone` when given (the earlier
/// instant when the wall time repeats at a DST change; an error when it
/// falls in the skipped hour), and is an error otherwise. The error is a
/// note for people.
pub fn parse_timestamp(s: &str, zone: Option<Tz>) -> Result<DateTime<Utc>, String> {
    if let Some(t) = plain_rfc3339(s) {
        return Ok(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok());
    let Some(naive) = naive else {
        if parse_date(s).is_some() {
            return Err("a date without a time of day; a timestamp needs both".into());
        }
        return Err("not an RFC 3339 timestamp".into());
    };
    let Some(zone) = zone else {
        return Err("the timestamp has no UTC offset; add one (Z or -06:00) \
                    or declare `default time zone` in the schema"
            .into());
    };
    in_zone(naive, zone)
}

/// The common form of RFC 3339, `YYYY-MM-DDTHH:MM:SS` then `Z` or
/// `±HH:MM` (nearly every timestamp an export holds), read without
/// chrono's general parser: the instant `DateTime::parse_from_rfc3339`
/// gives for the same text. `None` for any other text (a fraction of a
/// second, a leap second, a lower-case `t`, …), which that parser reads.
fn plain_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    let (stamp, zone) = s.as_bytes().split_first_chunk::<19>()?;
    // A digit's value (`None`: not a digit), and two digits'.
    let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
    let two = |hi: u8, lo: u8| Some(digit(hi)? * 10 + digit(lo)?);
    let [y1, y2, y3, y4, b'-', mo1, mo2, b'-', d1, d2, b'T', h1, h2, b':', mi1, mi2, b':', s1, s2] =
        *stamp
    else {
        return None;
    };
    let east = match zone {
        [b'Z'] => 0,
        &[sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (hours, minutes) = (two(h1, h2)?, two(m1, m2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let east = i32::try_from(hours * 3600 + minutes * 60).ok()?;
            if sign == b'-' {
                -east
            } else {
                east
            }
        }
        _ => return None,
    };
    let year = i32::try_from(two(y1, y2)? * 100 + two(y3, y4)?).ok()?;
    let wall = NaiveDate::from_ymd_opt(year, two(mo1, mo2)?, two(d1, d2)?)?.and_hms_opt(
        two(h1, h2)?,
        two(mi1, mi2)?,
        two(s1, s2)?,
    )?;
    let utc = wall.checked_sub_offset(FixedOffset::east_opt(east)?)?;
    Some(utc.and_utc())
}

/// A wall-clock time in a zone: the earlier instant when it repeats at a
/// DST change, an error (a note for people) when it was skipped.
pub(crate) fn in_zone(naive: NaiveDateTime, zone: Tz) -> Result<DateTime<Utc>, String> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => Err(format!(
            "this wall-clock time does not exist in {} (skipped by a daylight-saving change)",
            zone.name()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_form_reads_as_chrono_reads_it() {
        let parts: [&[&str]; 7] = [
            &["2026", "0000", "9999", "1969", "2024", "20x6"],
            &["-01-", "-02-", "-12-", "-13-", "-00-", "/01-", "-1-"],
            &["01T", "28T", "29T", "30T", "31T", "00T", "29t", "15 "],
            &["00:", "23:", "24:", "09:", "x9:"],
            &["00:", "59:", "60:", "30-"],
            &["00", "59", "60", "61", "07.5", "5"],
            &[
                "Z",
                "z",
                "+00:00",
                "-00:00",
                "-06:00",
                "+05:30",
                "+23:59",
                "-23:59",
                "+24:00",
                "+01:60",
                "+0100",
                "",
                "Z ",
                "+01:00:00",
            ],
        ];
        let mut texts = vec![String::new()];
        for options in parts {
            texts = texts
                .iter()
                .flat_map(|t| options.iter().map(move |o| format!("{t}{o}")))
                .collect();
        }
        let mut plain = 0;
        for t in &texts {
            let chrono = DateTime::parse_from_rfc3339(t).map(|d| d.with_timezone(&Utc));
            if let Some(quick) = plain_rfc3339(t) {
                assert_eq!(Ok(quick), chrono, "{t}");
                plain += 1;
            }
        }
        assert!(plain > 5_000, "{plain} of {}", texts.len());
        assert_eq!(
            parse_timestamp("2026-11-18T10:00:00-06:00", None).map(|t| t.to_rfc3339()),
            Ok("2026-11-18T16:00:00+00:00".to_string())
        );
    }

    #[test]
    fn naive_timestamps_in_a_zone() {
        let chicago: Tz = "America/Chicago".parse().unwrap_or(Tz::UTC);
        let t = parse_timestamp("2026-11-18T10:00:00", Some(chicago));
        assert_eq!(
            t.map(|t| t.to_rfc3339()),
            Ok("2026-11-18T16:00:00+00:00".to_string())
        );
        // 01:30 happens twice on 2026-11-01 in Chicago: the earlier (CDT) wins.
        let t = parse_timestamp("2026-11-01 01:30", Some(chicago));
        assert_eq!(
            t.map(|t| t.to_rfc3339()),
            Ok("2026-11-01T06:30:00+00:00".to_string())
        );
        // 02:30 does not exist on 2026-03-08.
        assert!(parse_timestamp("2026-03-08T02:30:00", Some(chicago)).is_err());
        assert!(parse_timestamp("2026-11-18T10:00:00", None).is_err());
        assert!(parse_timestamp("2026-11-18", Some(chicago)).is_err());
    }

    fn ok(text: &str) -> Written {
        match Written::parse(text) {
            Ok(w) => w,
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[test]
    fn day_first_dates_and_times() {
        let d = ok("DD-MM-YYYY");
        assert!(!d.has_time());
        assert_eq!(
            d.date("01-02-2018").ok(),
            NaiveDate::from_ymd_opt(2018, 2, 1)
        );
        let iso = d.date("2018-02-01").err().flatten().unwrap_or_default();
        assert!(iso.contains("year first"), "{iso}");
        let impossible = d.date("31-02-2018").err().flatten().unwrap_or_default();
        assert!(impossible.contains("no such date"), "{impossible}");
        assert_eq!(d.date("1 Feb 2018"), Err(None));
        let t = ok("DD-MM-YYYY HH:MM");
        assert!(t.has_time());
        let expected = NaiveDate::from_ymd_opt(2018, 2, 26).and_then(|d| d.and_hms_opt(19, 58, 0));
        assert_eq!(t.date_time("26-02-2018 19:58").ok(), expected);
        assert!(t.date_time("26-02-2018").is_err());
        let us = ok("mm/dd/yyyy");
        assert_eq!(
            us.date("02/01/2018").ok(),
            NaiveDate::from_ymd_opt(2018, 2, 1)
        );
        let iso = ok("YYYY-MM-DDTHH:MM:SS");
        assert!(iso.date_time("2018-02-01T10:11:12").is_ok());
        let sao_paulo: chrono_tz::Tz = "America/Sao_Paulo".parse().unwrap_or_default();
        assert_eq!(
            t.rewrite("2018-02-26T22:58:00Z", sao_paulo),
            "26-02-2018 19:58"
        );
        assert_eq!(d.rewrite("2018-02-01", sao_paulo), "01-02-2018");
    }

    #[test]
    fn bad_formats_say_why() {
        for (text, words) in [
            ("DD-MM", "lacks a year (YYYY)"),
            ("DD-MM-YYYY HH", "part of a time of day"),
            ("DD-MM-YYYY-DD", "day appears twice"),
            ("DD-MMM-YYYY", "`MMM` is not a part"),
            ("DD_MM_YYYY", "`_` cannot be"),
            ("%d-%m-%Y", "`%` cannot be"),
        ] {
            match Written::parse(text) {
                Ok(_) => panic!("{text} was accepted"),
                Err(e) => assert!(e.contains(words), "{text}: {e}"),
            }
        }
    }
}
