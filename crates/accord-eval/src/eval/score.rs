//! Scores: point rules (per condition, per occurrence, with caps and
//! negative points), weighted sub-scores, decay, or a value read from a field.
//!
//! Exact meaning (documented so every reviewer gets the same number):
//! - A rule `+P when C` adds P once when C holds. `+P for each <events>`
//!   adds P × occurrences. `at most M` caps what the rule adds at M (for
//!   negative points, at −M).
//! - Rules directly under a score: the score is their sum, never below its
//!   floor (0 by default, `never below N`, none with `may go below 0`); a
//!   decayed score is held at the floor too.
//! - Weighted sub-scores: each sub-score's raw points are clamped to 0–100,
//!   multiplied by its weight (points × 40 / 100), and summed.
//! - `decays R% every D without <stream>`: with k full periods D between the
//!   last event of the stream (as of the instant) and the instant, the score
//!   is multiplied by (1 − R)^k. A lead with no such event does not decay.

use super::{Ev, Num, Ts};
use crate::explain::{NodeId, Phrase, Verdict, Words};
use crate::plan::*;
use crate::text::{Sink, Text};

crate::text::display_by_text!(Value, PerOccurrence);

/// A score's value as shown: the number, or `(missing)`.
#[derive(Clone, Copy)]
struct Value(Option<f64>);

impl Text for Value {
    fn put_into<S: Sink>(self, out: &mut S) {
        match self.0 {
            Some(v) => Num(v).put_into(out),
            None => "(missing)".put_into(out),
        }
    }
}

impl<'p> Ev<'p> {
    /// The score's value; when explaining, pushes its breakdown node.
    pub(crate) fn score(&mut self, i: Idx<ScoreDef>, parent: Option<NodeId>) -> Option<f64> {
        let Some(parent) = parent else {
            let scores = &self.p.scores;
            return self.remembered(
                |m| &mut m.scores,
                scores,
                i,
                None,
                |ev, d| ev.score_value(d, None),
            );
        };
        let def = self.p.scores.get(i)?;
        let node = self.answer(def.src, &def.title);
        if self.drawn_before(i, node) {
            let v = self.score(i, None);
            self.x.read(node, &def.name, Value(v));
            self.x.note(node, Phrase::ExplainedAbove);
            self.x.attach(parent, node);
            return v;
        }
        if !self.enter() {
            self.leave();
            return None;
        }
        let value = self.score_value(def, Some(node));
        self.leave();
        self.x.read(node, &def.name, Value(value));
        self.x.attach(parent, node);
        self.memo.scores.set(i, value, self.memo.epoch);
        value
    }

    /// A score's value (inside the cycle guard); when explaining, its
    /// breakdown goes into `node`.
    fn score_value(&mut self, def: &'p ScoreDef, node: Option<NodeId>) -> Option<f64> {
        let raw = match &def.body {
            ScoreBody::FromField(slot) => {
                let v = self.field(*slot).as_number();
                if let Some(n) = node {
                    self.x.read(n, Words::Field(*slot as u32), Value(v));
                }
                v
            }
            ScoreBody::Rules(rules) => {
                let sum = self.rules(rules, node);
                let total = def.floor.map_or(sum, |f| sum.max(f));
                if let Some(n) = node {
                    match def.floor {
                        Some(f) if sum < f => self.x.note(
                            n,
                            (
                                "sum of rules ",
                                Num(sum),
                                ", clamped at its floor of ",
                                Num(f),
                            ),
                        ),
                        Some(f) => self.x.note(
                            n,
                            (
                                ("sum of rules ", Num(sum), " (never below ", Num(f)),
                                (") = ", Num(total)),
                            ),
                        ),
                        None => self.x.note(
                            n,
                            (
                                "sum of rules ",
                                Num(sum),
                                " (may go below 0) = ",
                                Num(total),
                            ),
                        ),
                    }
                }
                Some(total)
            }
            ScoreBody::Weighted(subs) => self.weighted(subs, node),
        };
        let value = match (&def.decay, raw) {
            (Some(d), Some(v)) => Some(self.decay(d, v, node)),
            (None, Some(v)) => {
                if let Some(n) = node {
                    self.x.note(n, Phrase::NoDecay);
                }
                Some(v)
            }
            (_, None) => None,
        };
        // Decay can take a score with a floor above 0 below it: held there.
        match (value, def.floor) {
            (Some(v), Some(f)) if v < f => {
                if let Some(n) = node {
                    self.x.note(
                        n,
                        ("decayed to ", Num(v), ", clamped at its floor of ", Num(f)),
                    );
                }
                Some(f)
            }
            (v, _) => v,
        }
    }

    /// Weighted sub-scores: each one's points clamped to 0–100, times its
    /// weight, summed; each sub-score is a child of `node` when explaining.
    fn weighted(&mut self, subs: &'p [SubScoreDef], node: Option<NodeId>) -> Option<f64> {
        let mut total = 0.0;
        // When explaining: each sub-score's part, in this thread's scratch.
        let mut parts = match node {
            Some(_) => crate::spare::take(&PARTS),
            None => Vec::new(),
        };
        parts.clear();
        for (i, sub) in subs.iter().enumerate() {
            let sub_node = node.map(|_| self.node(sub.src));
            let raw = self.rules(&sub.rules, sub_node);
            let clamped = raw.clamp(0.0, 100.0);
            let part = clamped * sub.percent / 100.0;
            total += part;
            if let (Some(s), Some(n)) = (sub_node, node) {
                self.x.read(s, &sub.name, Num(clamped));
                parts.push((i, raw, clamped, part));
                self.x.attach(n, s);
            }
        }
        if let Some(n) = node {
            self.x.note(n, Breakdown(subs, &parts));
            crate::spare::keep(&PARTS, parts);
        }
        Some(total)
    }

    /// Sum of point rules; each rule is a child of `node` when explaining.
    fn rules(&mut self, rules: &'p [PointRule], node: Option<NodeId>) -> f64 {
        let mut sum = 0.0;
        let Some(node) = node else {
            // Without an explanation: the sum alone, the same arithmetic.
            for rule in rules {
                // A rule that adds nothing adds nothing (x + 0 = x).
                match (&rule.when, &rule.basis) {
                    (Some(leaf), _) => {
                        if self.leaf_holds(leaf) {
                            sum += rule.once;
                        }
                    }
                    (None, Basis::When(c)) => {
                        if self.holds(c) {
                            sum += rule.once;
                        }
                    }
                    (None, Basis::ForEach(p)) => match self.count(p, usize::MAX, None) {
                        0 => {}
                        occurrences => sum += rule.earned(occurrences).0,
                    },
                }
            }
            return sum;
        };
        let node = Some(node);
        for rule in rules {
            let child = node.map(|_| self.node(rule.src));
            let (occurrences, holds) = match &rule.basis {
                Basis::When(c) => {
                    let r = self.cond_body(c, child);
                    (usize::from(r), r)
                }
                Basis::ForEach(p) => {
                    let count = self.count_listed(p, usize::MAX, child);
                    (count, count > 0)
                }
            };
            let (points, capped) = rule.earned(occurrences);
            sum += points;
            if let (Some(ch), Some(n)) = (child, node) {
                // ✓ points earned; ✗ a penalty taken; · a rule that adds
                // nothing (a penalty that does not apply is no failure).
                let penalty = rule.points < 0.0;
                self.x.set_verdict(
                    ch,
                    match (holds, penalty) {
                        (true, false) => Verdict::Pass,
                        (true, true) => Verdict::Fail,
                        (false, _) => Verdict::Info,
                    },
                );
                self.x.set_holds(ch, holds);
                if penalty {
                    self.x.read_children_as_unwanted(ch);
                }
                if matches!(rule.basis, Basis::ForEach(_)) {
                    if self.compared(rule.src).is_some() {
                        self.x.read(ch, Words::ComparedName(rule.src), occurrences);
                        self.x.threshold(ch, Words::Threshold(rule.src));
                    } else {
                        self.x.read(ch, PER_OCCURRENCE_READS, occurrences);
                        self.x.threshold(ch, PerOccurrence(rule.points, rule.cap));
                    }
                }
                self.x.read(ch, Phrase::Points, Num(points));
                if capped {
                    self.x
                        .note(ch, ("capped at ", Num(rule.cap.unwrap_or(0.0))));
                }
                if holds && penalty {
                    self.x.gap(ch, ("a penalty: ", Num(points), " points"));
                } else if holds || penalty {
                    self.x.clear_gap(ch);
                } else {
                    // Why the rule adds nothing, in the lead's terms.
                    match &rule.basis {
                        Basis::ForEach(p) => {
                            let none = p.describe(0, self.as_of, None);
                            self.x.gap(ch, ("no points: ", none));
                        }
                        Basis::When(_) => self.x.prefix_gap(ch, "no points: "),
                    }
                }
                self.x.attach(n, ch);
            }
        }
        sum
    }

    fn decay(&mut self, d: &DecayDef, v: f64, node: Option<NodeId>) -> f64 {
        let last = self.lead.streams.get(d.stream).and_then(|events| {
            let end = events.partition_point(|e| e.at <= self.as_of);
            end.checked_sub(1).and_then(|i| events.get(i)).map(|e| e.at)
        });
        let Some(last) = last else {
            if let Some(n) = node {
                let loc = self.loc(d.src);
                self.x
                    .note(n, ("no decay (no activity to decay from; ", loc, ")"));
            }
            return v;
        };
        let mut periods: i32 = 0;
        let mut t = last;
        if let Dur::Secs(secs) = d.every {
            if secs > 0 {
                let whole = (self.as_of - last).num_seconds().max(0) / secs;
                periods = i32::try_from(whole).unwrap_or(i32::MAX);
            }
        }
        while periods < 10_000 && !matches!(d.every, Dur::Secs(_)) {
            match d.every.add_plain(t) {
                Some(next) if next <= self.as_of && next > t => {
                    t = next;
                    periods += 1;
                }
                _ => break,
            }
        }
        let factor = (1.0 - d.rate).powi(periods);
        let value = v * factor;
        if let Some(n) = node {
            let loc = self.loc(d.src);
            if periods == 0 {
                self.x.note(
                    n,
                    (
                        "no decay (last activity within the decay period; ",
                        loc,
                        ")",
                    ),
                );
            } else {
                self.x.note(
                    n,
                    (
                        ("decayed ", periods, " period(s) since ", Ts(last), ": "),
                        (Num(v), " × ", Num(factor), " = ", Num(value)),
                        (" (", loc, ")"),
                    ),
                );
            }
        }
        value
    }
}

/// A weighted score's parts: for each sub-score (by its index), its raw
/// points, its clamped points and its part.
type Parts = Vec<(usize, f64, f64, f64)>;

thread_local! {
    /// [`Ev::weighted`]'s list of parts, kept between leads.
    static PARTS: std::cell::Cell<Parts> = const { std::cell::Cell::new(Vec::new()) };
}

/// `fit 18 × 40% = 7.2; behavior 20 (raw 130) × 60% = 12`: each weighted
/// sub-score's part (the sub-scores, and for each its index, raw points,
/// clamped points, part).
struct Breakdown<'a>(&'a [SubScoreDef], &'a [(usize, f64, f64, f64)]);

impl Text for Breakdown<'_> {
    fn put_into<S: Sink>(self, out: &mut S) {
        for (i, (at, raw, clamped, part)) in self.1.iter().enumerate() {
            let Some(sub) = self.0.get(*at) else { continue };
            if i > 0 {
                "; ".put_into(out);
            }
            (&sub.name, " ", Num(*clamped)).put_into(out);
            if clamped != raw {
                (" (raw ", Num(*raw), ")").put_into(out);
            }
            (" × ", Num(sub.percent), "% = ", Num(*part)).put_into(out);
        }
    }
}

/// What a per-occurrence rule's node calls the count it reads.
pub(crate) const PER_OCCURRENCE_READS: &str = "occurrences";

/// What a per-occurrence rule counts against: `+5 each, at most 25`.
#[derive(Clone, Copy)]
pub(crate) struct PerOccurrence(pub f64, pub Option<f64>);

impl Text for PerOccurrence {
    fn put_into<S: Sink>(self, out: &mut S) {
        let PerOccurrence(points, cap) = self;
        let sign = if points < 0.0 { "-" } else { "+" };
        (sign, Num(points.abs()), " each").put_into(out);
        if let Some(cap) = cap {
            (", at most ", Num(cap.abs())).put_into(out)
        }
    }
}
