//! The set of values a comparison accepts, and set reasoning over it: which
//! of two comparisons accepts more (a change's direction), and the values
//! one accepts and the other does not (the leads a change flips).
//!
//! Numbers, percentages and dates are unions of intervals (a date is its
//! day number); text, choices and yes/no are finite sets or their
//! complements; `within the last N` / `more than N ago` are durations.

use accord_syntax::ast::{TestKind, Value, ValueKind};
use accord_syntax::number::format_number;

/// One end of an interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct End {
    pub at: f64,
    pub included: bool,
}

/// An interval of numbers; `None` ends are unbounded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    pub lo: Option<End>,
    pub hi: Option<End>,
}

impl Interval {
    pub fn is_empty(&self) -> bool {
        match (self.lo, self.hi) {
            (Some(l), Some(h)) => l.at > h.at || (l.at == h.at && !(l.included && h.included)),
            _ => false,
        }
    }

    pub fn contains(&self, x: f64) -> bool {
        let above = self
            .lo
            .is_none_or(|l| x > l.at || (l.included && x == l.at));
        let below = self
            .hi
            .is_none_or(|h| x < h.at || (h.included && x == h.at));
        above && below
    }

    /// Whether every value of `self` is in `other`.
    fn within(&self, other: &Interval) -> bool {
        if self.is_empty() {
            return true;
        }
        let lo_ok = match (self.lo, other.lo) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) => a.at > b.at || (a.at == b.at && (b.included || !a.included)),
        };
        let hi_ok = match (self.hi, other.hi) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) => a.at < b.at || (a.at == b.at && (b.included || !a.included)),
        };
        lo_ok && hi_ok
    }

    /// `self` without `other`: at most two intervals.
    fn minus(&self, other: &Interval) -> Vec<Interval> {
        let mut out = Vec::new();
        // The part below `other`.
        if let Some(l) = other.lo {
            let below = Interval {
                lo: self.lo,
                hi: Some(End {
                    at: l.at,
                    included: !l.included,
                }),
            };
            let below = clamp_hi(below, self.hi);
            if !below.is_empty() {
                out.push(below);
            }
        }
        if let Some(h) = other.hi {
            let above = Interval {
                lo: Some(End {
                    at: h.at,
                    included: !h.included,
                }),
                hi: self.hi,
            };
            let above = clamp_lo(above, self.lo);
            if !above.is_empty() {
                out.push(above);
            }
        }
        out
    }

    /// A value inside the interval, preferring whole numbers near its lower end.
    pub fn sample(&self) -> Option<f64> {
        if self.is_empty() {
            return None;
        }
        let candidates = match (self.lo, self.hi) {
            (Some(l), Some(h)) => vec![l.at, l.at.floor() + 1.0, (l.at + h.at) / 2.0, h.at],
            (Some(l), None) => vec![l.at, l.at.floor() + 1.0, l.at + 0.5],
            (None, Some(h)) => vec![h.at, h.at.ceil() - 1.0, h.at - 0.5],
            (None, None) => vec![0.0],
        };
        candidates.into_iter().find(|x| self.contains(*x))
    }

    /// The interval in words: `from 55 up to but not including 65`.
    pub fn words(&self, show: &dyn Fn(f64) -> String) -> String {
        match (self.lo, self.hi) {
            (Some(l), Some(h)) if l.at == h.at => show(l.at),
            (Some(l), Some(h)) => {
                let from = if l.included {
                    format!("from {}", show(l.at))
                } else {
                    format!("above {}", show(l.at))
                };
                let to = if h.included {
                    format!("up to and including {}", show(h.at))
                } else {
                    format!("up to but not including {}", show(h.at))
                };
                format!("{from} {to}")
            }
            (Some(l), None) if l.included => format!("of at least {}", show(l.at)),
            (Some(l), None) => format!("above {}", show(l.at)),
            (None, Some(h)) if h.included => format!("of at most {}", show(h.at)),
            (None, Some(h)) => format!("below {}", show(h.at)),
            (None, None) => "of any value".to_string(),
        }
    }
}

fn clamp_hi(mut i: Interval, hi: Option<End>) -> Interval {
    if let (Some(a), Some(b)) = (i.hi, hi) {
        if b.at < a.at || (b.at == a.at && !b.included) {
            i.hi = Some(b);
        }
    }
    i
}

fn clamp_lo(mut i: Interval, lo: Option<End>) -> Interval {
    if let (Some(a), Some(b)) = (i.lo, lo) {
        if b.at > a.at || (b.at == a.at && !b.included) {
            i.lo = Some(b);
        }
    }
    i
}

/// The values a comparison accepts.
#[derive(Clone, Debug, PartialEq)]
pub enum Accepted {
    /// Numbers, percentages or day numbers in any of these intervals.
    Numbers(Vec<Interval>),
    /// Exactly these values (`member`) or every value but these.
    Values { member: bool, values: Vec<String> },
    /// Instants within this many seconds before as-of (`within the last`).
    Recent(f64),
    /// Instants more than this many seconds before as-of (`more than … ago`).
    Older(f64),
}

impl Accepted {
    /// Whether every value `self` accepts, `other` accepts too; `None`
    /// when the two are not comparable (different kinds of values).
    pub fn within(&self, other: &Accepted) -> Option<bool> {
        use Accepted::*;
        Some(match (self, other) {
            (Numbers(a), Numbers(b)) => a
                .iter()
                .all(|x| x.is_empty() || b.iter().any(|y| x.within(y))),
            (
                Values {
                    member: true,
                    values: a,
                },
                Values {
                    member: true,
                    values: b,
                },
            ) => a.iter().all(|v| b.contains(v)),
            (
                Values {
                    member: false,
                    values: a,
                },
                Values {
                    member: false,
                    values: b,
                },
            ) => b.iter().all(|v| a.contains(v)),
            (
                Values {
                    member: true,
                    values: a,
                },
                Values {
                    member: false,
                    values: b,
                },
            ) => a.iter().all(|v| !b.contains(v)),
            (Values { member: false, .. }, Values { member: true, .. }) => false,
            (Recent(a), Recent(b)) => a <= b,
            (Older(a), Older(b)) => a >= b,
            _ => return None,
        })
    }

    /// Values accepted by `self` and not by `other`, as numbers; `None`
    /// when that is not a set of numbers.
    pub fn numbers_minus(&self, other: &Accepted) -> Option<Vec<Interval>> {
        let (Accepted::Numbers(a), Accepted::Numbers(b)) = (self, other) else {
            return None;
        };
        let mut rest: Vec<Interval> = a.clone();
        for cut in b {
            rest = rest.iter().flat_map(|r| r.minus(cut)).collect();
        }
        Some(rest.into_iter().filter(|i| !i.is_empty()).collect())
    }

    /// Values accepted by `self` and not by `other`, as a finite list of
    /// values; `None` when that is not a finite set.
    pub fn values_minus(&self, other: &Accepted) -> Option<Vec<String>> {
        match (self, other) {
            (
                Accepted::Values {
                    member: true,
                    values: a,
                },
                Accepted::Values { member, values: b },
            ) => Some(
                a.iter()
                    .filter(|v| b.contains(v) != *member)
                    .cloned()
                    .collect(),
            ),
            (
                Accepted::Values {
                    member: false,
                    values: a,
                },
                Accepted::Values {
                    member: false,
                    values: b,
                },
            ) => Some(b.iter().filter(|v| !a.contains(v)).cloned().collect()),
            _ => None,
        }
    }
}

/// A value as a number (numbers, percentages, dates as day numbers).
pub fn number(value: &Value) -> Option<f64> {
    match &value.kind {
        ValueKind::Number(n) | ValueKind::Percent(n) => Some(*n),
        ValueKind::Date(d) => chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day)
            .map(|d| f64::from(d.num_days_from_ce())),
        _ => None,
    }
}

/// A value as a member of a set (text, word, yes/no, or a number's text).
pub fn key(value: &Value) -> String {
    show_value(value)
}

/// A value as written in a sentence: `65`, `40%`, `"SaaS"`, `2026-01-01`, `yes`.
pub fn show_value(value: &Value) -> String {
    match &value.kind {
        ValueKind::Number(n) => format_number(*n, None),
        ValueKind::Percent(n) => format!("{}%", format_number(*n, None)),
        ValueKind::Text(s) => format!("{s:?}"),
        ValueKind::Date(d) => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
        ValueKind::YesNo(b) => if *b { "yes" } else { "no" }.to_string(),
        ValueKind::Word(w) => w.clone(),
    }
}

use chrono::Datelike;

fn end(at: f64, included: bool) -> Option<End> {
    Some(End { at, included })
}

/// The values a test accepts. `list` gives a named list's values (as
/// [`key`]s) in the version the test is read in.
pub fn accepted(test: &TestKind, list: &dyn Fn(&str) -> Option<Vec<String>>) -> Option<Accepted> {
    use TestKind::*;
    let nums = |i: Interval| Some(Accepted::Numbers(vec![i]));
    Some(match test {
        Between(a, b) => {
            return nums(Interval {
                lo: end(number(a)?, true),
                hi: end(number(b)?, true),
            })
        }
        AtLeast(a) => {
            return nums(Interval {
                lo: end(number(a)?, true),
                hi: None,
            })
        }
        MoreThan(a) | After(a) => {
            return nums(Interval {
                lo: end(number(a)?, false),
                hi: None,
            })
        }
        AtMost(a) => {
            return nums(Interval {
                lo: None,
                hi: end(number(a)?, true),
            })
        }
        LessThan(a) | Before(a) => {
            return nums(Interval {
                lo: None,
                hi: end(number(a)?, false),
            })
        }
        Is(v) => match number(v) {
            Some(n) => Accepted::Numbers(vec![Interval {
                lo: end(n, true),
                hi: end(n, true),
            }]),
            None => Accepted::Values {
                member: true,
                values: vec![key(v)],
            },
        },
        IsNot(v) => match number(v) {
            Some(n) => Accepted::Numbers(vec![
                Interval {
                    lo: None,
                    hi: end(n, false),
                },
                Interval {
                    lo: end(n, false),
                    hi: None,
                },
            ]),
            None => Accepted::Values {
                member: false,
                values: vec![key(v)],
            },
        },
        OneOf(vs) => Accepted::Values {
            member: true,
            values: vs.iter().map(key).collect(),
        },
        NotOneOf(vs) => Accepted::Values {
            member: false,
            values: vs.iter().map(key).collect(),
        },
        InList(l) => Accepted::Values {
            member: true,
            values: list(&l.name)?,
        },
        NotInList(l) => Accepted::Values {
            member: false,
            values: list(&l.name)?,
        },
        WithinLast(d) => Accepted::Recent(crate::durations::duration_seconds(d)?),
        MoreThanAgo(d) => Accepted::Older(crate::durations::duration_seconds(d)?),
        Present | Missing | Contains(_) | ContainsWord(_) | StartsWith(_) | EndsWith(_)
        | Matches(_) => return None,
    })
}
