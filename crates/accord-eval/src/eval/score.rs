//! Scores: point rules (per condition, per occurrence, with caps and
//! negative points), weighted sub-scores, decay, or a value read from a field.
//!
//! Exact meaning (documented so every reviewer gets the same number):
//! - A rule `+P when C` adds P once when C holds. `+P for each <events>`
//!   adds P × occurrences. `at most M` caps what the rule adds at M (for
//!   negative points, at −M).
//! - Rules directly under a score: the score is their sum, never below 0.
//! - Weighted sub-scores: each sub-score's raw points are clamped to 0–100,
//!   multiplied by its weight (40% → 0.4), and summed.
//! - `decays R% every D without <stream>`: with k full periods D between the
//!   last event of the stream (as of the instant) and the instant, the score
//!   is multiplied by (1 − R)^k. A lead with no such event does not decay.

use super::{put, Ev, Shown};
use crate::explain::{Node, Verdict};
use crate::plan::*;
use accord_records::value::format_number as num;

impl<'p> Ev<'p> {
    /// The score's value; when explaining, pushes its breakdown node.
    pub(crate) fn score(&mut self, i: usize, parent: Option<&mut Vec<Node>>) -> Option<f64> {
        if parent.is_none() {
            if let Some(Some(v)) = self.memo.scores.get(i) {
                return *v;
            }
        }
        let def = self.p.scores.get(i)?;
        if parent.is_some() && self.drawn_before(Shown::Score, i) {
            let v = self.score(i, None);
            if let Some(parent) = parent {
                let mut n = self.answer(def.src, &def.title);
                n.read(&def.name, v.map_or("(missing)".into(), num));
                n.note("explained above");
                parent.push(n);
            }
            return v;
        }
        let mut node = parent.is_some().then(|| self.answer(def.src, &def.title));
        if !self.enter() {
            self.leave();
            return None;
        }
        let raw = match &def.body {
            ScoreBody::FromField(slot) => {
                let v = self.field(*slot).as_number();
                put(&mut node.as_mut(), |n| {
                    n.read(self.field_name(*slot), v.map_or("(missing)".into(), num))
                });
                v
            }
            ScoreBody::Rules(rules) => {
                let sum = self.rules(rules, &mut node);
                let total = sum.max(0.0);
                put(&mut node.as_mut(), |n| {
                    n.note(format!(
                        "sum of rules {} (never below 0) = {}",
                        num(sum),
                        num(total)
                    ))
                });
                Some(total)
            }
            ScoreBody::Weighted(subs) => {
                let mut total = 0.0;
                let mut parts = Vec::new();
                for sub in subs {
                    let mut sub_node = node.is_some().then(|| self.node(sub.src));
                    let raw = self.rules(&sub.rules, &mut sub_node);
                    let clamped = raw.clamp(0.0, 100.0);
                    let part = clamped * sub.weight;
                    total += part;
                    if let (Some(mut s), Some(n)) = (sub_node, node.as_mut()) {
                        let clamp_note = if clamped == raw {
                            String::new()
                        } else {
                            format!(" (raw {})", num(raw))
                        };
                        let line = format!(
                            "{} {}{clamp_note} × {}% = {}",
                            sub.name,
                            num(clamped),
                            num(sub.weight * 100.0),
                            num(part)
                        );
                        s.read(&sub.name, num(clamped));
                        parts.push(line);
                        n.children.push(s);
                    }
                }
                put(&mut node.as_mut(), |n| n.note(parts.join("; ")));
                Some(total)
            }
        };
        let value = match (&def.decay, raw) {
            (Some(d), Some(v)) => Some(self.decay(d, v, &mut node)),
            (None, Some(v)) => {
                put(&mut node.as_mut(), |n| n.note("no decay"));
                Some(v)
            }
            (_, None) => None,
        };
        self.leave();
        if let Some(n) = node.as_mut() {
            n.read(&def.name, value.map_or("(missing)".into(), num));
        }
        if let (Some(n), Some(parent)) = (node, parent) {
            parent.push(n);
        }
        if let Some(m) = self.memo.scores.get_mut(i) {
            *m = Some(value);
        }
        value
    }

    /// Sum of point rules; each rule is a child of `node` when explaining.
    fn rules(&mut self, rules: &'p [PointRule], node: &mut Option<Node>) -> f64 {
        let mut sum = 0.0;
        for rule in rules {
            let mut child = node.is_some().then(|| self.node(rule.src));
            let (occurrences, holds) = match &rule.basis {
                Basis::When(c) => {
                    let r = self.cond_body(c, child.as_mut());
                    (usize::from(r), r)
                }
                Basis::ForEach(p) => {
                    let mut seen = child.is_some().then(Vec::new);
                    let count = self.count(p, usize::MAX, seen.as_mut());
                    if let Some(ch) = child.as_mut() {
                        for e in seen.iter().flatten().take(5) {
                            ch.note(self.show_event(p.stream, e));
                        }
                    }
                    (count, count > 0)
                }
            };
            let mut points = rule.points * occurrences as f64;
            let mut capped = false;
            if let Some(cap) = rule.cap {
                let cap = cap.abs();
                if points > cap {
                    points = cap;
                    capped = true;
                } else if points < -cap {
                    points = -cap;
                    capped = true;
                }
            }
            sum += points;
            if let (Some(mut ch), Some(n)) = (child, node.as_mut()) {
                ch.verdict = if holds { Verdict::Pass } else { Verdict::Fail };
                if matches!(rule.basis, Basis::ForEach(_)) {
                    ch.read("occurrences", occurrences.to_string());
                }
                ch.read("points", num(points));
                if capped {
                    ch.note(format!("capped at {}", num(rule.cap.unwrap_or(0.0))));
                }
                ch.gap = None;
                n.children.push(ch);
            }
        }
        sum
    }

    fn decay(&mut self, d: &DecayDef, v: f64, node: &mut Option<Node>) -> f64 {
        let last = self.lead.streams.get(d.stream).and_then(|events| {
            let end = events.partition_point(|e| e.at <= self.as_of);
            end.checked_sub(1).and_then(|i| events.get(i)).map(|e| e.at)
        });
        let Some(last) = last else {
            put(&mut node.as_mut(), |n| {
                n.note(format!(
                    "no decay (no activity to decay from; {})",
                    self.loc(d.src)
                ))
            });
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
        put(&mut node.as_mut(), |n| {
            if periods == 0 {
                n.note(format!(
                    "no decay (last activity within the decay period; {})",
                    self.loc(d.src)
                ));
            } else {
                n.note(format!(
                    "decayed {periods} period(s) since {}: {} × {} = {} ({})",
                    super::show_ts(last),
                    num(v),
                    num(factor),
                    num(value),
                    self.loc(d.src)
                ));
            }
        });
        value
    }
}
