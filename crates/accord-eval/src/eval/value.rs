//! The values conditions read and compare ([`Val`]), and how a comparison
//! reads in an explanation: the value read ([`ShowField`], [`ShowAsOf`]),
//! the threshold it is held against ([`ShowTest`]) and, when it fails, why
//! not in the lead's terms ([`Gap`], [`WhyMissing`]). Each is a [`Text`],
//! written straight into the tree; `Display` is the same text.

use crate::outcome::SlaState;
use crate::plan::*;
use crate::show::{Num, Ts};
use crate::text::{display_by_text, ByDisplay, Sink, Text};
use accord_records::FieldValue;
use chrono::{DateTime, NaiveDate, Utc};
use std::borrow::Cow;
use std::fmt::{self, Display};

display_by_text!(
    ShowField<'_>,
    ShowAsOf<'_>,
    ShowTest<'_>,
    Gap<'_>,
    WhyMissing<'_>
);

/// A value as explanations show it: a text quoted, yes/no, a state or a
/// zone by its name, a number as [`Num`] and an instant as [`Ts`] write
/// them, a date and a list as their `Display` does.
impl Text for &Val<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        match self {
            Val::Missing => out.push_str("(missing)"),
            Val::Num(n) => Num(*n).put_into(out),
            Val::Text(t) => ("\"", &**t, "\"").put_into(out),
            Val::Bool(b) => out.push_str(if *b { "yes" } else { "no" }),
            Val::Date(d) => ByDisplay(d).put_into(out),
            Val::Ts(t) => Ts(*t).put_into(out),
            Val::State(s) => out.push_str(s.word()),
            Val::List(items) => ByDisplay(FieldValue::List(items.to_vec())).put_into(out),
            Val::Zone(z) => out.push_str(z.name()),
        }
    }
}

/// A value read for a comparison.
#[derive(Clone, Debug)]
pub(crate) enum Val<'a> {
    Missing,
    Num(f64),
    Text(Cow<'a, str>),
    Bool(bool),
    Date(NaiveDate),
    Ts(DateTime<Utc>),
    State(SlaState),
    List(&'a [FieldValue]),
    Zone(chrono_tz::Tz),
}

/// How a value reads in explanations: `120`, `"SaaS"`, `yes`, `(missing)`
/// (the text its [`Text`] writes).
impl Display for Val<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::text::show_text(f, self)
    }
}

/// A lead's field as explanations show it (as its `Display` does, numbers
/// written without allocating).
#[derive(Clone, Copy)]
pub(crate) struct ShowField<'a>(pub &'a FieldValue);

impl Text for ShowField<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        match self.0 {
            FieldValue::Number(n) => Num(*n).put_into(out),
            FieldValue::Text(t) => ("\"", &**t, "\"").put_into(out),
            FieldValue::YesNo(b) => out.push_str(if *b { "yes" } else { "no" }),
            FieldValue::Missing => out.push_str("(missing)"),
            FieldValue::Timestamp(t) => Ts(*t).put_into(out),
            other => ByDisplay(other).put_into(out),
        }
    }
}

/// A lead's field as of the instant (see [`Ev::show_field`]): its value, or
/// `(not yet: 2026-11-18 16:10 UTC)` for a value later than as-of.
#[derive(Clone, Copy)]
pub(crate) struct ShowAsOf<'a> {
    /// The value as evaluation reads it (missing when not yet).
    pub value: &'a FieldValue,
    /// The lead's value, when it is later than as-of.
    pub not_yet: Option<&'a FieldValue>,
}

impl Text for ShowAsOf<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        match self.not_yet {
            Some(v) => ("(not yet: ", ShowField(v), ")").put_into(out),
            None => ShowField(self.value).put_into(out),
        }
    }
}

impl Val<'_> {
    pub(super) fn num(&self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(*n),
            _ => None,
        }
    }
}

/// A lead's field as a value read.
pub(super) fn from_field(v: &FieldValue) -> Val<'_> {
    match v {
        FieldValue::Missing => Val::Missing,
        FieldValue::Number(n) => Val::Num(*n),
        FieldValue::Text(t) => Val::Text(Cow::Borrowed(t)),
        FieldValue::YesNo(b) => Val::Bool(*b),
        FieldValue::Date(d) => Val::Date(*d),
        FieldValue::Timestamp(t) => Val::Ts(*t),
        FieldValue::Zone(z) => Val::Zone(*z),
        FieldValue::List(items) => Val::List(items),
    }
}

/// How a test reads in a threshold list. A test relative to now is shown
/// as the instant it amounts to as of the evaluation (`more than 90 days
/// ago` → `before 2026-09-01 15:00 UTC`), or the date when the value read
/// is a date. `list` is the shown values of the list an `in` test names
/// ([`Test::list`]; empty for other tests).
#[derive(Clone, Copy)]
pub(crate) struct ShowTest<'a> {
    pub list: &'a str,
    pub test: &'a Test,
    pub as_of: DateTime<Utc>,
    pub dates: bool,
}

impl ShowTest<'_> {
    /// `as_of - d`, as the comparison uses it.
    fn put_ago(&self, d: &Dur, out: &mut impl Sink) {
        match d.sub_plain(self.as_of) {
            Some(t) if self.dates => ByDisplay(t.date_naive()).put_into(out),
            Some(t) => Ts(t).put_into(out),
            None => "the start of time".put_into(out),
        }
    }
}

impl Text for ShowTest<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        let t = self.test;
        match t {
            Test::Between(a, b) => ("between ", Num(*a), " and ", Num(*b)).put_into(out),
            Test::AtLeast(a) => ("at least ", Num(*a)).put_into(out),
            Test::AtMost(a) => ("at most ", Num(*a)).put_into(out),
            Test::MoreThan(a) => ("more than ", Num(*a)).put_into(out),
            Test::LessThan(a) => ("less than ", Num(*a)).put_into(out),
            Test::Is(l) => ("is ", l).put_into(out),
            Test::IsNot(l) => ("is not ", l).put_into(out),
            Test::OneOf(s) => ("one of ", &s.shown).put_into(out),
            Test::NotOneOf(s) => ("not one of ", &s.shown).put_into(out),
            Test::InList(_) | Test::NotInList(_) => {
                let word = if matches!(t, Test::InList(_)) {
                    "in ["
                } else {
                    "not in ["
                };
                (word, self.list, "]").put_into(out)
            }
            Test::Present => "present".put_into(out),
            Test::Missing => "missing".put_into(out),
            Test::Contains(s) => ("contains \"", &s.text, "\"").put_into(out),
            Test::ContainsWord(s) => ("contains the word \"", s, "\"").put_into(out),
            Test::StartsWith(s) => ("starts with \"", &s.text, "\"").put_into(out),
            Test::EndsWith(s) => ("ends with \"", &s.text, "\"").put_into(out),
            Test::Matches(parts) => ("matches \"", parts.join("*"), "\"").put_into(out),
            Test::WithinLast(d) => {
                "on or after ".put_into(out);
                self.put_ago(d, out)
            }
            Test::MoreThanAgo(d) => {
                "before ".put_into(out);
                self.put_ago(d, out)
            }
            Test::Before(l) => ("before ", l).put_into(out),
            Test::After(l) => ("after ", l).put_into(out),
        }
    }
}

/// Why a comparison failed, in the lead's terms (with the lead's value
/// when it is later than as-of and so reads as missing).
#[derive(Clone, Copy)]
pub(super) struct Gap<'a>(
    pub &'a str,
    pub &'a Val<'a>,
    pub &'a Test,
    pub Option<&'a FieldValue>,
);

impl Text for Gap<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        let Gap(name, v, test, not_yet) = self;
        if matches!(v, Val::Missing) && !matches!(test, Test::Missing) {
            return WhyMissing(name, not_yet).put_into(out);
        }
        let shown = v;
        match (test, v.num()) {
            (Test::AtLeast(a), Some(x)) => {
                (name, " ", Num(x), ", needs ", Num(a - x), " more").put_into(out)
            }
            (Test::MoreThan(a), Some(x)) => {
                (name, " ", Num(x), ", needs more than ", Num(a - x), " more").put_into(out)
            }
            (Test::AtMost(a), Some(x)) => {
                (name, " ", Num(x), ", ", Num(x - a), " over the limit").put_into(out)
            }
            (Test::LessThan(a), Some(x)) => {
                (name, " ", Num(x), ", needs to drop below ", Num(*a)).put_into(out)
            }
            (Test::Between(a, _), Some(x)) if x < *a => {
                (name, " ", Num(x), ", needs ", Num(a - x), " more").put_into(out)
            }
            (Test::Between(_, b), Some(x)) => {
                (name, " ", Num(x), ", ", Num(x - b), " above ", Num(*b)).put_into(out)
            }
            (Test::Is(l), _) => (name, " is ", shown, ", not ", l).put_into(out),
            (Test::OneOf(s), _) => (name, " is ", shown, ", not one of ", &s.shown).put_into(out),
            (Test::InList(_), _) => (name, " ", shown, " is not in the list").put_into(out),
            (Test::NotInList(_), _) => (name, " ", shown, " is in the list").put_into(out),
            (Test::Missing, _) => (name, " is present (", shown, ")").put_into(out),
            _ => (name, " is ", shown).put_into(out),
        }
    }
}

/// [`Ev::why_missing`]: a field's name and the value later than as-of, if any.
#[derive(Clone, Copy)]
pub(crate) struct WhyMissing<'a>(pub &'a str, pub Option<&'a FieldValue>);

impl Text for WhyMissing<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        match self.1 {
            Some(v) => (
                self.0,
                " is not yet set (",
                ShowField(v),
                " is after as-of)",
            )
                .put_into(out),
            None => (self.0, " is missing").put_into(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::tree_text as text;
    use crate::outcome::SlaState;

    /// Values read as explanations have always shown them: numbers as
    /// the records crate writes them, texts quoted, fields as the lead's
    /// own `Display` shows them; `Display` is the same text.
    #[test]
    fn values_are_written_as_explanations_show_them() {
        use accord_records::value::format_number;
        for n in crate::show::AWKWARD_NUMBERS {
            assert_eq!(text(Num(n)), format_number(n), "{n:e}");
            assert_eq!(text(&Val::Num(n)), format_number(n), "{n:e}");
            let field = FieldValue::Number(n);
            assert_eq!(text(ShowField(&field)), field.to_string(), "{n:e}");
        }
        let list = [FieldValue::Text("a".into()), FieldValue::Number(2.0)];
        let ts = chrono::DateTime::from_timestamp(1_764_514_800, 0).unwrap_or_default();
        let values = [
            (Val::Missing, "(missing)"),
            (Val::Text(Cow::Borrowed("SaaS \"x\" ✓")), "\"SaaS \"x\" ✓\""),
            (Val::Text(Cow::Borrowed("")), "\"\""),
            (Val::Bool(true), "yes"),
            (Val::Bool(false), "no"),
            (
                Val::Date(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default()),
                "2026-12-03",
            ),
            (Val::Ts(ts), "2025-11-30 15:00 UTC"),
            (Val::State(SlaState::Breached), "breached"),
            (Val::List(&list), "[\"a\", 2]"),
            (Val::Zone(chrono_tz::America::Chicago), "America/Chicago"),
        ];
        for (v, shown) in &values {
            assert_eq!(text(v), *shown, "{v:?}");
            assert_eq!(v.to_string(), *shown, "{v:?}");
        }
        let fields = [
            FieldValue::Missing,
            FieldValue::Text("SaaS".into()),
            FieldValue::YesNo(true),
            FieldValue::List(list.to_vec()),
        ];
        for f in &fields {
            assert_eq!(text(ShowField(f)), f.to_string(), "{f:?}");
        }
        // An instant reads as the rest of an explanation's instants do.
        let at = FieldValue::Timestamp(ts);
        assert_eq!(text(ShowField(&at)), "2025-11-30 15:00 UTC");
        let not_yet = ShowAsOf {
            value: &FieldValue::Missing,
            not_yet: Some(&at),
        };
        assert_eq!(text(not_yet), "(not yet: 2025-11-30 15:00 UTC)");
        assert_eq!(not_yet.to_string(), "(not yet: 2025-11-30 15:00 UTC)");
    }
}
