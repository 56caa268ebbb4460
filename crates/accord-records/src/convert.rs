//! Scalar conversions: one raw value (a JSON scalar or a CSV cell) to a typed
//! [`FieldValue`], or a [`Problem`] saying what was expected and what was
//! found. Structure (lists, event streams, objects) is handled by the JSON
//! decoder (`seed`) and the CSV reader; this module only judges single values.
//!
//! JSON is read strictly (a number must be a JSON number, yes/no a JSON
//! boolean); CSV cells, which are all text, are read with the usual
//! spreadsheet leniency (`yes`/`no`, `12` or `12%`, lists split by `;`).
//! Dates and timestamps are read with the formats of `written`.

use crate::email::is_email;
use crate::names::NameTable;
use crate::schema::{FieldSpec, FieldType};
use crate::value::{FieldValue, LeadText};
use crate::written::{in_zone, parse_date, parse_timestamp, Written};
use chrono_tz::Tz;
use std::sync::Arc;

/// A field type prepared for conversion: `one of` choices are [`LeadText`]s
/// made once, so a matching value costs no allocation (a short choice is
/// copied in place, a long one shared).
#[derive(Clone, Debug)]
pub(crate) enum Conv {
    Number,
    Percentage,
    Text,
    YesNo,
    /// Boxed: a `Conv` is read for every value, and stays two words.
    OneOf(Box<Choices>),
    Email,
    /// A date, in the field's declared format if it has one (else
    /// `YYYY-MM-DD`).
    Date(Option<Arc<Written>>),
    /// A timestamp, in the field's declared format if it has one (read in
    /// the schema's default zone), else RFC 3339.
    Timestamp(Option<Arc<Written>>),
    TimeZone,
    List(Box<Conv>),
    /// Index into the schema's streams.
    Events(usize),
}

// Two words: a tag and a pointer.
const _: () = assert!(std::mem::size_of::<Conv>() == 16);

/// The choices of a `one of` field (or a stream's kinds), in their
/// declared order, and found by their text in a [`NameTable`].
#[derive(Clone, Debug)]
pub(crate) struct Choices {
    pub texts: Vec<LeadText>,
    /// Each choice's text to its index in `texts` (the first, if a text is
    /// given twice).
    index: NameTable<usize>,
}

impl Choices {
    pub(crate) fn new<S: AsRef<str>>(choices: &[S]) -> Choices {
        Choices {
            texts: choices.iter().map(|c| LeadText::new(c.as_ref())).collect(),
            index: NameTable::first_wins(choices.iter().enumerate().map(|(i, c)| (c.as_ref(), i))),
        }
    }

    /// The choice whose text is `s`.
    #[inline]
    pub(crate) fn find(&self, s: &str) -> Option<&LeadText> {
        self.index.get(s).and_then(|&i| self.texts.get(i))
    }

    /// The index of the choice whose text is `s`.
    #[inline]
    pub(crate) fn index_of(&self, s: &str) -> Option<usize> {
        self.index.get(s).copied()
    }
}

impl Conv {
    /// The conversion of a field, in its declared format if any.
    pub(crate) fn for_field(field: &FieldSpec) -> Conv {
        Conv::written(
            &field.ty,
            field.written.as_ref().map(|w| Arc::new(w.clone())),
        )
    }

    fn written(ty: &FieldType, written: Option<Arc<Written>>) -> Conv {
        match ty {
            FieldType::Number => Conv::Number,
            FieldType::Percentage => Conv::Percentage,
            FieldType::Text => Conv::Text,
            FieldType::YesNo => Conv::YesNo,
            FieldType::OneOf(choices) => Conv::OneOf(Box::new(Choices::new(choices))),
            FieldType::Email => Conv::Email,
            FieldType::Date => Conv::Date(written),
            FieldType::Timestamp => Conv::Timestamp(written),
            FieldType::TimeZone => Conv::TimeZone,
            FieldType::ListOf(inner) => Conv::List(Box::new(Conv::written(inner, written))),
            FieldType::Events(index) => Conv::Events(*index),
        }
    }

    /// Same wording as [`FieldType::describe`].
    pub(crate) fn describe(&self) -> String {
        match self {
            Conv::Number => FieldType::Number.describe(),
            Conv::Percentage => "a percentage (0–100, e.g. 12 or \"12%\")".into(),
            Conv::Text => FieldType::Text.describe(),
            Conv::YesNo => FieldType::YesNo.describe(),
            Conv::OneOf(choices) => {
                let quoted: Vec<String> =
                    choices.texts.iter().map(|c| format!("\"{c}\"")).collect();
                format!("one of {}", quoted.join(", "))
            }
            Conv::Email => FieldType::Email.describe(),
            Conv::Date(None) => FieldType::Date.describe(),
            Conv::Date(Some(w)) => format!("a date written \"{}\"", w.text),
            Conv::Timestamp(None) => FieldType::Timestamp.describe(),
            Conv::Timestamp(Some(w)) => format!("a timestamp written \"{}\"", w.text),
            Conv::TimeZone => FieldType::TimeZone.describe(),
            Conv::List(inner) => format!("a list of {}", inner.describe()),
            Conv::Events(_) => "a list of events".into(),
        }
    }
}

/// One raw JSON value as the decoder saw it (containers are not kept).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Raw<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(&'a str),
    List,
    Object,
    /// A value no schema type reads, described (a reader of typed
    /// columns, like Arrow's, hands one over as `visit_bytes` of its
    /// description: `a Binary value`). JSON never gives one.
    Other(&'a str),
}

impl Raw<'_> {
    /// How the value is shown in `found`: `null`, `true`, `120`, `"text"`,
    /// `a list`, `an object`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Raw::Null => "null".into(),
            Raw::Bool(b) => b.to_string(),
            Raw::Num(n) => crate::value::format_number(*n),
            Raw::Str(s) => quote(s),
            Raw::List => "a list".into(),
            Raw::Object => "an object".into(),
            Raw::Other(what) => (*what).into(),
        }
    }
}

/// `"text"`, shortened to about 60 characters.
pub(crate) fn quote(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        format!("\"{s}\"")
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("\"{head}…\"")
    }
}

/// What was wrong with one value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Problem {
    pub expected: String,
    pub found: String,
    /// A hint appended to the message (`write numbers without quotes`).
    pub note: Option<String>,
}

impl Problem {
    pub(crate) fn new(conv: &Conv, found: String, note: Option<String>) -> Problem {
        Problem {
            expected: conv.describe(),
            found,
            note,
        }
    }
}

/// A text value longer than `limit` bytes: a problem that states its
/// size (never the text itself, which may be megabytes).
#[inline]
pub(crate) fn too_long(conv: &Conv, s: &str, limit: usize) -> Option<Problem> {
    (s.len() > limit).then(|| size_problem(conv, s.len(), limit))
}

#[cold]
fn size_problem(conv: &Conv, len: usize, limit: usize) -> Problem {
    Problem::new(
        conv,
        format!("text of {} bytes", crate::limits::describe_count(len)),
        Some(format!(
            "a value may hold at most {}",
            crate::limits::describe_bytes(limit)
        )),
    )
}

/// A JSON scalar as [`quick`] reads it, whatever holds it (a [`Raw`], a
/// `serde_json::Value`): a number (as `f64`), a text or a boolean.
pub(crate) trait Scalar<'a>: Copy {
    fn number(self) -> Option<f64>;
    fn text(self) -> Option<&'a str>;
    fn yes_no(self) -> Option<bool>;
}

impl<'a> Scalar<'a> for Raw<'a> {
    #[inline]
    fn number(self) -> Option<f64> {
        match self {
            Raw::Num(n) => Some(n),
            _ => None,
        }
    }
    #[inline]
    fn text(self) -> Option<&'a str> {
        match self {
            Raw::Str(s) => Some(s),
            _ => None,
        }
    }
    #[inline]
    fn yes_no(self) -> Option<bool> {
        match self {
            Raw::Bool(b) => Some(b),
            _ => None,
        }
    }
}

/// What [`from_raw`] gives for the values that convert without a
/// problem and without a time zone (a number, a percentage, text, yes/no,
/// a choice, an email), found without building the `Result` of
/// [`from_raw`]; `None` for everything else (a problem, or a type this
/// does not read), which [`from_raw`] then reads. Whenever this gives a
/// value, [`from_raw`] gives the same one for the same [`Raw`].
#[inline]
pub(crate) fn quick<'a>(conv: &Conv, value: impl Scalar<'a>, limit: usize) -> Option<FieldValue> {
    let text = || value.text().filter(|s| s.len() <= limit);
    match conv {
        Conv::Number => value
            .number()
            .filter(|n| n.is_finite())
            .map(FieldValue::Number),
        Conv::Percentage => value
            .number()
            .filter(|n| (0.0..=100.0).contains(n))
            .map(FieldValue::Number),
        Conv::YesNo => value.yes_no().map(FieldValue::YesNo),
        Conv::Text => text().map(|s| FieldValue::Text(LeadText::new(s))),
        Conv::OneOf(choices) => text()
            .and_then(|s| choices.find(s))
            .map(|c| FieldValue::Text(c.clone())),
        Conv::Email => text()
            .filter(|s| is_email(s))
            .map(|s| FieldValue::Text(LeadText::new(s))),
        _ => None,
    }
}

/// Converts one JSON scalar. Containers are always a problem here (lists
/// and events are walked by the caller); `Null` must be handled by the
/// caller too (it means "missing"). Text longer than `limit` bytes is a
/// problem.
pub(crate) fn from_raw(
    conv: &Conv,
    raw: Raw<'_>,
    zone: Option<Tz>,
    limit: usize,
) -> Result<FieldValue, Problem> {
    if let Some(p) = match raw {
        Raw::Str(s) => too_long(conv, s, limit),
        _ => None,
    } {
        return Err(p);
    }
    match (conv, raw) {
        (Conv::Number, Raw::Num(n)) if n.is_finite() => Ok(FieldValue::Number(n)),
        // JSON has no infinity, but Arrow columns (Parquet, pandas) do.
        (Conv::Number, Raw::Num(_)) => Err(Problem::new(
            conv,
            raw.describe(),
            Some("a number must be finite, not infinity".into()),
        )),
        (Conv::Number, Raw::Str(s)) => Err(Problem::new(
            conv,
            quote(s),
            parse_finite(s.trim()).map(|_| AS_TEXT_NUMBER.into()),
        )),
        (Conv::Percentage, Raw::Num(n)) => percentage(conv, n, raw),
        (Conv::Percentage, Raw::Str(s)) => match s.trim().strip_suffix('%') {
            Some(body) => match parse_finite(body.trim()) {
                Some(n) => percentage(conv, n, raw),
                None => Err(Problem::new(conv, quote(s), None)),
            },
            None => Err(Problem::new(
                conv,
                quote(s),
                Some("write a percentage as a number (12) or as text with % (\"12%\")".into()),
            )),
        },
        (Conv::Text, Raw::Str(s)) => Ok(FieldValue::Text(LeadText::new(s))),
        (Conv::YesNo, Raw::Bool(b)) => Ok(FieldValue::YesNo(b)),
        (Conv::YesNo, Raw::Str(s)) => Err(Problem::new(
            conv,
            quote(s),
            yes_no_text(s).map(|_| AS_TEXT_YES_NO.into()),
        )),
        (Conv::OneOf(_), Raw::Str(s))
        | (Conv::Email, Raw::Str(s))
        | (Conv::Date(_), Raw::Str(s))
        | (Conv::Timestamp(_), Raw::Str(s))
        | (Conv::TimeZone, Raw::Str(s)) => from_text(conv, s, zone),
        (Conv::List(_), _) | (Conv::Events(_), _) => Err(Problem::new(conv, raw.describe(), None)),
        _ => Err(Problem::new(conv, raw.describe(), None)),
    }
}

/// Converts one CSV cell (already known to be non-empty). Lists are split
/// by the caller. A cell longer than `limit` bytes is a problem.
pub(crate) fn from_cell(
    conv: &Conv,
    cell: &str,
    zone: Option<Tz>,
    limit: usize,
) -> Result<FieldValue, Problem> {
    if let Some(p) = too_long(conv, cell, limit) {
        return Err(p);
    }
    match conv {
        Conv::Number => match parse_finite(cell.trim()) {
            Some(n) => Ok(FieldValue::Number(n)),
            None => Err(Problem::new(
                conv,
                quote(cell),
                comma_in_number(cell.trim()),
            )),
        },
        Conv::Percentage => {
            let t = cell.trim();
            let body = t.strip_suffix('%').unwrap_or(t).trim();
            match parse_finite(body) {
                Some(n) => percentage(conv, n, Raw::Str(cell)),
                None => Err(Problem::new(conv, quote(cell), comma_in_number(body))),
            }
        }
        Conv::Text => Ok(FieldValue::Text(LeadText::new(cell))),
        Conv::YesNo => match yes_no_text(cell) {
            Some(b) => Ok(FieldValue::YesNo(b)),
            None => Err(Problem::new(
                conv,
                quote(cell),
                Some("in CSV write yes/no as yes, no, true or false".into()),
            )),
        },
        Conv::List(_) | Conv::Events(_) => Err(Problem::new(conv, quote(cell), None)),
        _ => from_text(conv, cell.trim(), zone),
    }
}

/// The text-shaped types, shared by JSON strings and CSV cells.
fn from_text(conv: &Conv, s: &str, zone: Option<Tz>) -> Result<FieldValue, Problem> {
    match conv {
        Conv::OneOf(choices) => match choices.find(s) {
            Some(choice) => Ok(FieldValue::Text(choice.clone())),
            None => {
                let near = choices.texts.iter().find(|c| c.eq_ignore_ascii_case(s));
                let note =
                    near.map(|c| format!("choices are case-sensitive: did you mean \"{c}\"?"));
                Err(Problem::new(conv, quote(s), note))
            }
        },
        Conv::Email => {
            if is_email(s) {
                Ok(FieldValue::Text(LeadText::new(s)))
            } else {
                Err(Problem::new(
                    conv,
                    quote(s),
                    Some("an email needs one @ and a dot in the domain".into()),
                ))
            }
        }
        Conv::Date(None) => match parse_date(s) {
            Some(d) => Ok(FieldValue::Date(d)),
            None => Err(Problem::new(conv, quote(s), None)),
        },
        Conv::Date(Some(w)) => match w.date(s) {
            Ok(d) => Ok(FieldValue::Date(d)),
            Err(note) => Err(Problem::new(conv, quote(s), note)),
        },
        Conv::Timestamp(None) => match parse_timestamp(s, zone) {
            Ok(t) => Ok(FieldValue::Timestamp(t)),
            Err(note) => Err(Problem::new(conv, quote(s), Some(note))),
        },
        Conv::Timestamp(Some(w)) => match w.date_time(s) {
            Ok(naive) => in_zone(naive, zone.unwrap_or(Tz::UTC))
                .map(FieldValue::Timestamp)
                .map_err(|note| Problem::new(conv, quote(s), Some(note))),
            Err(note) => Err(Problem::new(conv, quote(s), note)),
        },
        Conv::TimeZone => match s.parse::<Tz>() {
            Ok(z) => Ok(FieldValue::Zone(z)),
            Err(_) => Err(Problem::new(
                conv,
                quote(s),
                Some("use an IANA time zone name such as America/New_York".into()),
            )),
        },
        _ => Err(Problem::new(conv, quote(s), None)),
    }
}

fn percentage(conv: &Conv, n: f64, raw: Raw<'_>) -> Result<FieldValue, Problem> {
    if (0.0..=100.0).contains(&n) {
        Ok(FieldValue::Number(n))
    } else {
        Err(Problem::new(
            conv,
            raw.describe(),
            Some("a percentage is between 0 and 100".into()),
        ))
    }
}

/// The hint for a number given as text (`"120"`), in the words of every
/// input that can give one: JSON (quoted) and Parquet or Arrow (a text
/// column). Text that is no number at all gets no hint: removing quotes
/// would not make it one.
const AS_TEXT_NUMBER: &str =
    "the number is given as text: in JSON write it without quotes; in Parquet or Arrow store the column as numbers";

/// The hint for yes/no given as text (`"true"`), as [`AS_TEXT_NUMBER`].
const AS_TEXT_YES_NO: &str =
    "yes/no is given as text: in JSON write true or false without quotes; in Parquet or Arrow store the column as true/false";

/// Yes/no written as text, as a CSV cell holds it: `yes`, `no`, `true`
/// or `false` in any case, spaces around ignored.
fn yes_no_text(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" => Some(true),
        "false" | "no" => Some(false),
        _ => None,
    }
}

/// The note for a number cell that is a number but for its commas (`12,5`
/// from a spreadsheet whose decimal mark is a comma, `1,234` with a
/// thousands separator): which was meant cannot be told, so it is not
/// read, and the note says how to write it.
fn comma_in_number(cell: &str) -> Option<String> {
    (cell.contains(',') && parse_finite(&cell.replace(',', "")).is_some()).then(|| {
        "write a number with a point as its decimal mark and no thousands separator (12.5, \
         1234): a comma could be either"
            .into()
    })
}

fn parse_finite(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_cell_with_a_comma_says_how_to_write_it() {
        let note = |conv: &Conv, cell: &str| from_cell(conv, cell, None, usize::MAX).err()?.note;
        let said = Some(
            "write a number with a point as its decimal mark and no thousands separator (12.5, \
             1234): a comma could be either"
                .to_string(),
        );
        for cell in ["12,5", " 1,234 ", "1,234,567.5"] {
            assert_eq!(note(&Conv::Number, cell), said, "{cell}");
        }
        assert_eq!(note(&Conv::Percentage, "12,5%"), said);
        assert_eq!(
            note(&Conv::Number, "12,x"),
            None,
            "not a number with commas"
        );
        assert_eq!(note(&Conv::Number, "twelve"), None);
    }

    #[test]
    fn cells_are_lenient_json_is_strict() {
        assert_eq!(
            from_cell(&Conv::YesNo, "Yes", None, usize::MAX),
            Ok(FieldValue::YesNo(true))
        );
        assert!(from_raw(&Conv::YesNo, Raw::Str("yes"), None, usize::MAX).is_err());
        assert_eq!(
            from_cell(&Conv::Number, " 120 ", None, usize::MAX),
            Ok(FieldValue::Number(120.0))
        );
        assert!(from_raw(&Conv::Number, Raw::Str("120"), None, usize::MAX).is_err());
        assert!(from_cell(&Conv::Number, "NaN", None, usize::MAX).is_err());
        assert_eq!(
            from_cell(&Conv::Percentage, "12%", None, usize::MAX),
            Ok(FieldValue::Number(12.0))
        );
        assert!(from_raw(&Conv::Percentage, Raw::Num(101.0), None, usize::MAX).is_err());
    }

    /// Arrow columns (Parquet, pandas) can hold infinity; JSON cannot. A
    /// lead field's number is finite, whichever reader gave it.
    #[test]
    fn an_infinite_number_is_a_problem() {
        for n in [f64::INFINITY, f64::NEG_INFINITY] {
            let problem = from_raw(&Conv::Number, Raw::Num(n), None, usize::MAX)
                .expect_err("infinity is not a lead's number");
            assert_eq!(
                problem.note.as_deref(),
                Some("a number must be finite, not infinity")
            );
        }
        assert!(from_raw(&Conv::Percentage, Raw::Num(f64::INFINITY), None, usize::MAX).is_err());
        // The quick path leaves it to `from_raw` (it gave a number).
        assert_eq!(
            quick(&Conv::Number, Raw::Num(f64::INFINITY), usize::MAX),
            None
        );
        assert_eq!(
            from_raw(&Conv::Number, Raw::Num(-0.5), None, usize::MAX),
            Ok(FieldValue::Number(-0.5))
        );
    }
}
