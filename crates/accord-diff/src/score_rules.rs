//! Comparing the point rules of a score (or of one weighted part): which
//! rule is which in the two versions, and what changed in each — its
//! points, its cap, what it gives points for — in the agreement's words.
//!
//! Rules are paired, in this order: the same rule (layout aside); the
//! same condition with other points or cap; a condition on the same value
//! with another threshold or set (`pricing_views is at least 2` → `at least
//! 3`), described as a requirement's would be; and, when both versions
//! have as many rules, the rule in the same place, edited there. A
//! per-occurrence rule's events are compared as a condition on them is
//! (`kinds added "newsletter_click" (more points)`). A rule left unpaired
//! is reported removed, or new.

use crate::change::Direction;
use crate::conditions::{diff_condition, key, key_with, Meaning, Polarity};
use crate::words::Cx;
use accord_syntax::ast::*;
use accord_syntax::number::format_number;

/// `+10`, `-5`.
fn points(p: f64) -> String {
    if p >= 0.0 {
        format!("+{}", format_number(p, None))
    } else {
        format_number(p, None)
    }
}

/// Compares the rules `a` (old) and `b` (new) of the score `s`.
pub(crate) fn diff_rules(cx: &mut Cx, s: &str, a: &[PointRule], b: &[PointRule]) {
    let mut old_left: Vec<(usize, &PointRule)> = a.iter().enumerate().collect();
    let mut new_left: Vec<(usize, &PointRule)> = Vec::new();
    for (at, r) in b.iter().enumerate() {
        match old_left.iter().position(|(_, o)| cx.same(*o, r)) {
            Some(i) => {
                old_left.remove(i);
            }
            None => new_left.push((at, r)),
        }
    }
    // The same condition; then a condition on the same value; then, with
    // as many rules on each side, the same place.
    let same_basis = |cx: &Cx, o: &PointRule, r: &PointRule| cx.same(&o.basis, &r.basis);
    let same_value = |cx: &Cx, o: &PointRule, r: &PointRule| match (&o.basis, &r.basis) {
        (PointBasis::When(x), PointBasis::When(y)) => reads(cx, x, true) == reads(cx, y, false),
        _ => false,
    };
    let in_place = a.len() == b.len();
    let mut pairs = Vec::new();
    for pairing in 0..3 {
        let mut i = 0;
        while i < new_left.len() {
            let (at, r) = new_left[i];
            let found = old_left.iter().position(|(was_at, o)| match pairing {
                0 => same_basis(cx, o, r),
                1 => same_value(cx, o, r),
                _ => in_place && *was_at == at,
            });
            match found {
                Some(j) => {
                    let (_, o) = old_left.remove(j);
                    new_left.remove(i);
                    pairs.push((o, r));
                }
                None => i += 1,
            }
        }
    }
    for (o, r) in pairs {
        diff_rule(cx, s, o, r);
    }
    for (_, o) in old_left {
        let text = format!("rule `{}` removed", cx.old_text(o.span));
        cx.push(s, text, Some(unpaired(o, true)), Some(o.span), None);
    }
    for (_, r) in new_left {
        let text = format!("new rule `{}`", cx.new_text(r.span));
        cx.push(s, text, Some(unpaired(r, false)), None, Some(r.span));
    }
}

/// Which way a rule left unpaired moves scores: one that gave points,
/// removed, gives fewer; a penalty removed, more; a new one the other way.
fn unpaired(rule: &PointRule, removed: bool) -> Direction {
    if (rule.points > 0.0) != removed {
        Direction::MorePoints
    } else {
        Direction::FewerPoints
    }
}

/// What changed in one rule of score `s`: what it gives points for, its
/// points, its cap.
fn diff_rule(cx: &mut Cx, s: &str, o: &PointRule, r: &PointRule) {
    let clause = cx.new_text(r.span);
    if !cx.same(&o.basis, &r.basis) {
        let events = |p: &EventPattern, span| Condition {
            kind: ConditionKind::Events(p.clone()),
            span,
        };
        match (&o.basis, &r.basis) {
            (PointBasis::When(x), PointBasis::When(y)) => {
                let subject = format!("{s}: rule `{}`", cx.old_text(o.span));
                given_for(cx, &subject, x, y, (o, r));
            }
            // The events counted, compared as a condition on them is (its
            // words quote the rule: `in \`…\`: kinds added …`).
            (PointBasis::ForEach(x), PointBasis::ForEach(y)) => {
                given_for(cx, s, &events(x, o.span), &events(y, r.span), (o, r));
            }
            _ => cx.replaced(s, o.span, r.span, None),
        }
    }
    if o.points != r.points {
        let d = if r.points > o.points {
            Direction::MorePoints
        } else {
            Direction::FewerPoints
        };
        cx.push(
            s,
            format!(
                "`{clause}`: points {} → {}",
                points(o.points),
                points(r.points)
            ),
            Some(d),
            Some(o.span),
            Some(r.span),
        );
    }
    // A cap is an amount, whichever sign it is written with (as the
    // evaluator reads it): `at most -5` → `at most 5` is no change.
    let (old_cap, new_cap) = (o.cap.map(f64::abs), r.cap.map(f64::abs));
    if old_cap != new_cap {
        let cap = |c: Option<f64>| c.map_or("none".to_string(), |n| format_number(n, None));
        // A larger cap (or none) lets the rule add more points — or, for a
        // penalty, take more away.
        let larger = match (old_cap, new_cap) {
            (Some(x), Some(y)) => y > x,
            (Some(_), None) => true,
            _ => false,
        };
        let d = Some(if larger == (r.points >= 0.0) {
            Direction::MorePoints
        } else {
            Direction::FewerPoints
        });
        cx.push(
            s,
            format!("`{clause}`: cap {} → {}", cap(o.cap), cap(r.cap)),
            d,
            Some(o.span),
            Some(r.span),
        );
    }
}

/// What a rule's condition reads, to pair rules across versions: a
/// comparison's value, a bare name, or an event pattern's stream and
/// kinds — not its stream alone: a rule on one kind of event and a rule on
/// another are two rules, not one edited.
fn reads(cx: &Cx, c: &Condition, old: bool) -> String {
    match &c.kind {
        ConditionKind::Events(_) => key_with(cx, c, old, true),
        ConditionKind::Not(inner) => format!("not:{}", reads(cx, inner, old)),
        _ => key(cx, c, old),
    }
}

/// What the paired rules `(o, r)` give points for, `x` and `y`, compared as
/// a requirement's condition is, read as the points are given (a
/// penalty's condition holding takes points away). Which leads get the
/// points is not which qualify: no region of leads that flip is read off
/// it; and a change with no place in a version is at the rule there.
fn given_for(
    cx: &mut Cx,
    subject: &str,
    x: &Condition,
    y: &Condition,
    (o, r): (&PointRule, &PointRule),
) {
    let when = Polarity::of(Meaning::Points);
    let pol = if r.points < 0.0 { when.flipped() } else { when };
    let first = cx.changes.len();
    diff_condition(cx, subject, x, y, pol);
    for c in &mut cx.changes[first..] {
        c.site = None;
    }
    cx.place_within(first, o.span, r.span);
}
