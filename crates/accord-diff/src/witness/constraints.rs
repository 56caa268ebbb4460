//! What a synthetic lead under construction must be: per field, the
//! numbers, values, presence, age and text tests it must satisfy ([`Want`]);
//! the events to add or forbid; the scores to reach ([`Goal`]). Also the
//! interval arithmetic the constraints are narrowed with.

use crate::sets::{End, Interval};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// What one field must be.
#[derive(Clone, Debug, Default)]
pub(super) struct Want {
    pub(super) numbers: Option<Vec<Interval>>,
    pub(super) members: Option<Vec<String>>,
    pub(super) excluded: Vec<String>,
    pub(super) present: Option<bool>,
    /// Seconds before as-of the instant must lie in.
    pub(super) ago: Option<Interval>,
    /// For an email: what its domain must (not) be.
    pub(super) domain_members: Option<Vec<String>>,
    pub(super) domain_excluded: Vec<String>,
    /// Text tests the value (or the email's domain) must pass or fail.
    pub(super) patterns: Vec<TextTest>,
}

/// `contains`, `starts with`, `ends with` or `matches` on a text (or an
/// email's domain), to pass (`holds`) or fail.
#[derive(Clone, Debug)]
pub(super) struct TextTest {
    pub(super) kind: TextKind,
    pub(super) text: String,
    pub(super) domain: bool,
    pub(super) holds: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TextKind {
    Contains,
    /// `contains the word`: the text, bounded by non-letters.
    Word,
    Starts,
    Ends,
    Matches,
}

/// An event to add.
#[derive(Clone, Debug)]
pub(super) struct PlannedEvent {
    pub(super) stream: usize,
    pub(super) kind: String,
    pub(super) fields: Map<String, Json>,
    /// Seconds before as-of (or an absolute instant).
    pub(super) ago: f64,
    pub(super) at: Option<DateTime<Utc>>,
}

/// A lead under construction.
#[derive(Clone, Debug, Default)]
pub struct Goal {
    pub(super) fields: BTreeMap<String, Want>,
    pub(super) events: Vec<PlannedEvent>,
    /// (stream, kinds; empty = any) no event may match.
    pub(super) forbidden: Vec<(usize, Vec<String>)>,
    /// Scores that must lie in these values.
    pub scores: Vec<(String, Vec<Interval>)>,
    /// Instants set exactly (an SLA's start).
    pub(super) instants: BTreeMap<String, DateTime<Utc>>,
}

/// The numbers in both sets of intervals.
pub fn intersect(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::new();
    for x in a {
        for y in b {
            let lo = match (x.lo, y.lo) {
                (None, l) | (l, None) => l,
                (Some(p), Some(q)) => Some(if p.at > q.at || (p.at == q.at && !p.included) {
                    p
                } else {
                    q
                }),
            };
            let hi = match (x.hi, y.hi) {
                (None, h) | (h, None) => h,
                (Some(p), Some(q)) => Some(if p.at < q.at || (p.at == q.at && !p.included) {
                    p
                } else {
                    q
                }),
            };
            let i = Interval { lo, hi };
            if !i.is_empty() {
                out.push(i);
            }
        }
    }
    out
}

/// Every number outside the intervals.
pub(super) fn complement(a: &[Interval]) -> Vec<Interval> {
    let mut out = vec![Interval { lo: None, hi: None }];
    for cut in a {
        let mut next = Vec::new();
        for piece in &out {
            if let Some(l) = cut.lo {
                next.extend(intersect(
                    &[*piece],
                    &[Interval {
                        lo: None,
                        hi: Some(End {
                            at: l.at,
                            included: !l.included,
                        }),
                    }],
                ));
            }
            if let Some(h) = cut.hi {
                next.extend(intersect(
                    &[*piece],
                    &[Interval {
                        lo: Some(End {
                            at: h.at,
                            included: !h.included,
                        }),
                        hi: None,
                    }],
                ));
            }
        }
        out = next;
    }
    out
}
