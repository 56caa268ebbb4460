//! Agreement logic: score bounds and thresholds no lead can reach (or every
//! lead reaches), empty ranges, sub-score weights, unreachable tiers, SLA
//! limits per tier, and the agreement header's dates.
//!
//! Score bounds: a score of point rules is their sum, never below 0, so
//! its maximum is the sum of its positive rules (a capped rule counts its
//! cap; an uncapped `for each` rule makes it unbounded). A weighted score
//! clamps each sub-score to 0–100, so its maximum is
//! Σ weight × min(100, sub-score maximum). The minimum is 0 (decay only
//! lowers a score).

use accord_syntax::ast::{
    Agreement, AgreementClauseKind, Condition, ConditionKind, Item, Operand, PointBasis, PointRule,
    ScoreBody, Sla, Test, TestKind, Tiers, ValueKind,
};
use accord_syntax::Span;

use crate::check::{definition, error, warning, Ctx};
use crate::db::{DefKind, Definition};
use crate::parse::def_item;

/// The range a score can take; `max == None` means unbounded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub min: f64,
    pub max: Option<f64>,
}

fn rules_max(rules: &[PointRule]) -> Option<f64> {
    let mut total = 0.0;
    for r in rules.iter().filter(|r| r.points > 0.0) {
        total += match (&r.basis, r.cap) {
            (PointBasis::When(_), Some(cap)) => r.points.min(cap),
            (PointBasis::When(_), None) => r.points,
            (PointBasis::ForEach(_), Some(cap)) => cap,
            (PointBasis::ForEach(_), None) => return None,
        };
    }
    Some(total)
}

/// The bounds of a score definition (memoized; depends only on that
/// score's text).
#[salsa::tracked(returns(copy))]
pub fn score_bounds<'db>(db: &'db dyn salsa::Database, def: Definition<'db>) -> Option<Bounds> {
    let Some(Item::Score(score)) = def_item(db, def).as_deref() else {
        return None;
    };
    match &score.body {
        ScoreBody::Rules(rules) => Some(Bounds {
            min: 0.0,
            max: rules_max(rules),
        }),
        ScoreBody::Weighted(subs) => {
            let mut max = 0.0;
            for s in subs {
                let ValueKind::Percent(w) = s.weight.kind else {
                    return None;
                };
                max += w / 100.0 * rules_max(&s.rules).unwrap_or(100.0).min(100.0);
            }
            Some(Bounds {
                min: 0.0,
                max: Some(max),
            })
        }
        ScoreBody::FromField(_) => None,
    }
}

/// A number as people write it (`72`, `7.2`).
pub fn num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// `score is at least N` where no lead (or every lead) can reach N.
pub fn threshold(ctx: &mut Ctx, score: &str, test: &Test) {
    let Some(sym) = ctx.syms.def_of_kind(score, &[DefKind::Score]) else {
        return;
    };
    let at = sym.at.clone();
    let name_span = sym.span;
    let def = definition(ctx.db, &at);
    let Some(b) = score_bounds(ctx.db, def) else {
        return;
    };
    let n = |v: &accord_syntax::ast::Value| match v.kind {
        ValueKind::Number(n) => Some(n),
        _ => None,
    };
    let max = b.max.unwrap_or(f64::INFINITY);
    let (never, always) = match &test.kind {
        TestKind::AtLeast(v) => match n(v) {
            Some(t) => (max < t, b.min >= t),
            None => return,
        },
        TestKind::MoreThan(v) => match n(v) {
            Some(t) => (max <= t, b.min > t),
            None => return,
        },
        TestKind::AtMost(v) => match n(v) {
            Some(t) => (b.min > t, max <= t),
            None => return,
        },
        TestKind::LessThan(v) => match n(v) {
            Some(t) => (b.min >= t, max < t),
            None => return,
        },
        TestKind::Between(lo, hi) => match (n(lo), n(hi)) {
            (Some(lo), Some(hi)) if lo <= hi => (max < lo || b.min > hi, b.min >= lo && max <= hi),
            _ => return,
        },
        TestKind::Is(v) => match n(v) {
            Some(t) => (t > max || t < b.min, false),
            None => return,
        },
        _ => return,
    };
    let range = match b.max {
        Some(m) => format!("between {} and {}", num(b.min), num(m)),
        None => format!("{} or more", num(b.min)),
    };
    if never {
        let d = error(
            "accord::threshold-unreachable",
            test.span,
            format!("no lead can satisfy this: {score} is always {range}"),
        )
        .with_label("never holds")
        .with_help(match (&test.kind, b.max) {
            (
                TestKind::AtLeast(_)
                | TestKind::MoreThan(_)
                | TestKind::Between(..)
                | TestKind::Is(_),
                Some(m),
            ) => {
                format!(
                    "lower the threshold to {} or less, or give {score} more points",
                    num(m)
                )
            }
            _ => format!(
                "change the threshold so that some leads can meet it ({score} is always {range})"
            ),
        })
        .with_related(name_span, "score defined here");
        ctx.emit_with(d, vec![at]);
    } else if always {
        let d = warning(
            "accord::threshold-always-met",
            test.span,
            format!("every lead satisfies this: {score} is always {range}"),
        )
        .with_label("always holds")
        .with_help("raise the threshold, or remove this line if every lead should pass it")
        .with_related(name_span, "score defined here");
        ctx.emit_with(d, vec![at]);
    }
}

/// `between 500 and 20`.
pub fn empty_range(ctx: &mut Ctx, test: &Test) {
    let TestKind::Between(a, b) = &test.kind else {
        return;
    };
    let backwards = match (&a.kind, &b.kind) {
        (
            ValueKind::Number(x) | ValueKind::Percent(x),
            ValueKind::Number(y) | ValueKind::Percent(y),
        ) => x > y,
        (ValueKind::Date(x), ValueKind::Date(y)) => {
            (x.year, x.month, x.day) > (y.year, y.month, y.day)
        }
        _ => false,
    };
    if backwards {
        ctx.emit(
            error(
                "accord::empty-range",
                test.span,
                "this range is empty: its first bound is larger than its second",
            )
            .with_label("nothing is between these")
            .with_help("write the smaller bound first, e.g. `between 20 and 500`"),
        );
    }
}

/// Sub-score weights must be percentages adding up to 100%.
pub fn weights(ctx: &mut Ctx, score_name: &accord_syntax::ast::Ident, body: &ScoreBody) {
    let ScoreBody::Weighted(subs) = body else {
        return;
    };
    let mut total = 0.0;
    let mut all_percent = true;
    for s in subs {
        match s.weight.kind {
            ValueKind::Percent(w) => total += w,
            _ => {
                all_percent = false;
                crate::units::percent_expected(ctx, &s.weight, "a sub-score weight");
            }
        }
    }
    if all_percent && !subs.is_empty() && (total - 100.0).abs() > 1e-9 {
        let mut d = error(
            "accord::weights-sum",
            score_name.span,
            format!(
                "the weights of {} add up to {}%, not 100%",
                score_name.name,
                num(total)
            ),
        )
        .with_label(format!("weights total {}%", num(total)))
        .with_help("adjust the `weighs` percentages so they add up to exactly 100%");
        for s in subs {
            d = d.with_related(s.weight.span, format!("{} weighs this", s.name.name));
        }
        ctx.emit(d);
    }
}

/// Condition text without spans, for comparing conditions.
pub fn canon(c: &Condition) -> String {
    let s = format!("{:?}", c.kind);
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("Span {") {
        out.push_str(rest.get(..i).unwrap_or(""));
        let after = rest.get(i..).unwrap_or("");
        match after.find('}') {
            Some(j) => rest = after.get(j + 1..).unwrap_or(""),
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn subject_key(s: &Operand) -> String {
    match s {
        Operand::Name(i) => i.name.clone(),
        Operand::DomainOf(i, _) => format!("domain of {}", i.name),
    }
}

/// (lo, lo included, hi, hi included) of a numeric test.
fn interval(t: &TestKind) -> Option<(f64, bool, f64, bool)> {
    let n = |v: &accord_syntax::ast::Value| match v.kind {
        ValueKind::Number(n) | ValueKind::Percent(n) => Some(n),
        _ => None,
    };
    Some(match t {
        TestKind::AtLeast(v) => (n(v)?, true, f64::INFINITY, false),
        TestKind::MoreThan(v) => (n(v)?, false, f64::INFINITY, false),
        TestKind::AtMost(v) => (f64::NEG_INFINITY, false, n(v)?, true),
        TestKind::LessThan(v) => (f64::NEG_INFINITY, false, n(v)?, false),
        TestKind::Between(a, b) => (n(a)?, true, n(b)?, true),
        TestKind::Is(v) => (n(v)?, true, n(v)?, true),
        _ => return None,
    })
}

fn members(t: &TestKind) -> Option<Vec<String>> {
    let text = |v: &accord_syntax::ast::Value| match &v.kind {
        ValueKind::Text(s) | ValueKind::Word(s) => Some(s.clone()),
        _ => None,
    };
    match t {
        TestKind::Is(v) => Some(vec![text(v)?]),
        TestKind::OneOf(vs) => vs.iter().map(text).collect(),
        _ => None,
    }
}

fn atom_implies(a: &Condition, b: &Condition) -> bool {
    let (
        ConditionKind::Compare {
            subject: sa,
            test: ta,
        },
        ConditionKind::Compare {
            subject: sb,
            test: tb,
        },
    ) = (&a.kind, &b.kind)
    else {
        return false;
    };
    if subject_key(sa) != subject_key(sb) {
        return false;
    }
    if let (Some((alo, ali, ahi, ahi_i)), Some((blo, bli, bhi, bhi_i))) =
        (interval(&ta.kind), interval(&tb.kind))
    {
        let lo_ok = alo > blo || (alo == blo && (bli || !ali));
        let hi_ok = ahi < bhi || (ahi == bhi && (bhi_i || !ahi_i));
        return lo_ok && hi_ok;
    }
    if let (Some(ma), Some(mb)) = (members(&ta.kind), members(&tb.kind)) {
        return ma.iter().all(|m| mb.contains(m));
    }
    false
}

/// Whether every lead satisfying `a` also satisfies `b` (sound, not
/// complete).
pub fn implies(a: &Condition, b: &Condition) -> bool {
    if canon(a) == canon(b) {
        return true;
    }
    if let ConditionKind::All(bs) = &b.kind {
        return bs.iter().all(|y| implies(a, y));
    }
    if let ConditionKind::Any(as_) = &a.kind {
        return !as_.is_empty() && as_.iter().all(|x| implies(x, b));
    }
    if let ConditionKind::Any(bs) = &b.kind {
        if bs.iter().any(|y| implies(a, y)) {
            return true;
        }
    }
    if let ConditionKind::All(as_) = &a.kind {
        return as_.iter().any(|x| implies(x, b));
    }
    atom_implies(a, b)
}

/// Tiers: unreachable tiers, duplicate numbers, no `otherwise`.
pub fn tiers(ctx: &mut Ctx, t: &Tiers, keyword: Span) {
    for (j, later) in t.tiers.iter().enumerate() {
        let earlier = t.tiers.get(..j).unwrap_or(&[]);
        if let Some(first) = earlier.iter().find(|e| e.number == later.number) {
            ctx.emit(
                error(
                    "accord::duplicate-name",
                    later.number_span,
                    format!("tier {} is declared twice", later.number),
                )
                .with_label("declared again")
                .with_help("give every tier its own number")
                .with_related(first.number_span, "first declared here"),
            );
            continue;
        }
        let shadow = earlier
            .iter()
            .find(|e| match (&e.condition, &later.condition) {
                (None, _) => true,
                (Some(ec), Some(lc)) => implies(lc, ec),
                (Some(_), None) => false,
            });
        if let Some(e) = shadow {
            let why = if e.condition.is_none() {
                format!(
                    "tier {} (`otherwise`) comes before it and takes every remaining lead",
                    e.number
                )
            } else {
                format!(
                    "every lead it matches already matches tier {}, which is tried first",
                    e.number
                )
            };
            ctx.emit(
                error("accord::unreachable-tier", later.span, format!("tier {} can never be assigned: {why}", later.number))
                    .with_label("never reached")
                    .with_help("tiers are tried in order and the first match wins: put the narrower tier first, and `otherwise` last")
                    .with_related(e.span, "this tier matches first"),
            );
        }
    }
    if !t.tiers.is_empty() && t.tiers.iter().all(|r| r.condition.is_some()) {
        ctx.emit(
            warning(
                "accord::no-fallback-tier",
                keyword,
                "some leads may get no tier: there is no `otherwise` tier",
            )
            .with_label("no `otherwise`")
            .with_help("add a last line such as `tier 3 otherwise`"),
        );
    }
}

/// An SLA must give a limit for every declared tier it applies to.
pub fn sla_tier_limits(ctx: &mut Ctx, sla: &Sla) {
    if sla.limits.iter().any(|l| l.tier.is_none()) {
        return;
    }
    let mut required = ctx.syms.tier_numbers();
    if let Some(applies) = &sla.applies {
        if let Some(only) = tiers_in(applies) {
            required.retain(|t| only.contains(t));
        }
    }
    if sla.limits.is_empty() {
        ctx.emit(
            error(
                "accord::sla-missing-tier-limit",
                sla.name.span,
                format!("{} gives no time limit", sla.name.name),
            )
            .with_label("no `within …` line")
            .with_help(
                "add a limit, e.g. `within 4 hours`, or one per tier: `tier 1 within 15 minutes`",
            ),
        );
        return;
    }
    let missing: Vec<String> = required
        .iter()
        .filter(|n| {
            !sla.limits
                .iter()
                .any(|l| l.tier.map(|(t, _)| t) == Some(**n))
        })
        .map(|n| n.to_string())
        .collect();
    if !missing.is_empty() {
        let plural = if missing.len() > 1 { "s" } else { "" };
        ctx.emit(
            error(
                "accord::sla-missing-tier-limit",
                sla.name.span,
                format!("{} has no limit for tier{plural} {}", sla.name.name, missing.join(", ")),
            )
            .with_label("limit missing for some tiers")
            .with_help(format!(
                "add `tier {} within …`, or a default limit for every other tier (`within 4 hours`)",
                missing.first().map(String::as_str).unwrap_or("N")
            )),
        );
    }
}

/// Tier numbers an `applies when tier is …` restricts to.
fn tiers_in(c: &Condition) -> Option<Vec<u32>> {
    let ConditionKind::Compare {
        subject: Operand::Name(n),
        test,
    } = &c.kind
    else {
        return None;
    };
    if n.name != "tier" {
        return None;
    }
    let num = |v: &accord_syntax::ast::Value| match v.kind {
        ValueKind::Number(x) if x >= 0.0 => Some(x as u32),
        _ => None,
    };
    match &test.kind {
        TestKind::Is(v) => Some(vec![num(v)?]),
        TestKind::OneOf(vs) => vs.iter().map(num).collect(),
        _ => None,
    }
}

/// `date` plus a whole number of days, weeks, months or years.
fn after(date: chrono::NaiveDate, d: &accord_syntax::ast::Duration) -> Option<chrono::NaiveDate> {
    use accord_syntax::ast::TimeUnit;
    if d.amount.fract() != 0.0 || d.amount < 0.0 || d.amount > 100_000.0 {
        return None;
    }
    let n = d.amount as u32;
    match d.unit {
        TimeUnit::Days => date.checked_add_days(chrono::Days::new(n.into())),
        TimeUnit::Weeks => date.checked_add_days(chrono::Days::new(u64::from(n) * 7)),
        TimeUnit::Months => date.checked_add_months(chrono::Months::new(n)),
        TimeUnit::Quarters => date.checked_add_months(chrono::Months::new(n.checked_mul(3)?)),
        TimeUnit::Years => date.checked_add_months(chrono::Months::new(n.checked_mul(12)?)),
        TimeUnit::Minutes | TimeUnit::Hours => None,
    }
}

/// The agreement header: real dates, effective before the next review,
/// version and effective date present.
pub fn agreement(ctx: &mut Ctx, a: &Agreement) {
    let mut effective = None;
    let mut next_review = None;
    let mut version = false;
    let mut ratified = None;
    let mut delay = None;
    for clause in &a.clauses {
        match &clause.kind {
            AgreementClauseKind::Version(_) => version = true,
            AgreementClauseKind::Effective(d) => {
                effective = crate::units::date(ctx, d).map(|x| (x, d.span))
            }
            AgreementClauseKind::NextReview(d) => {
                next_review = crate::units::date(ctx, d).map(|x| (x, d.span))
            }
            AgreementClauseKind::Ratified(d) => {
                ratified = crate::units::date(ctx, d).map(|x| (x, d.span));
            }
            AgreementClauseKind::TakesEffectAfter(d) => {
                crate::units::duration(ctx, d);
                delay = Some(d.clone());
            }
            _ => {}
        }
    }
    // `ratified` + `changes take effect N days after ratification` gives
    // the effective date when no `effective` line does (seed G.2).
    if effective.is_none() {
        effective = ratified
            .zip(delay)
            .and_then(|((r, span), d)| Some((after(r, &d)?, span)));
    }
    if let (Some((eff, eff_span)), Some((rev, rev_span))) = (effective, next_review) {
        if eff > rev {
            ctx.emit(
                error(
                    "accord::effective-after-review",
                    eff_span,
                    format!("the agreement takes effect on {eff}, after its next review on {rev}"),
                )
                .with_label("effective date")
                .with_help(
                    "move the next review after the effective date (or fix the effective date)",
                )
                .with_related(rev_span, "next review"),
            );
        }
    }
    if !version {
        ctx.emit(
            warning(
                "accord::missing-version",
                a.name.span,
                "the agreement has no version",
            )
            .with_label("no `version` line")
            .with_help("add a line such as `version \"1.0\"` so changes can be tracked"),
        );
    }
    if effective.is_none()
        && !a
            .clauses
            .iter()
            .any(|c| matches!(c.kind, AgreementClauseKind::Effective(_)))
    {
        ctx.emit(
            warning(
                "accord::missing-effective-date",
                a.name.span,
                "the agreement has no effective date",
            )
            .with_label("no `effective` line")
            .with_help("add a line such as `effective 2026-01-01`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_syntax::ast::{Ident, Value};

    fn sp(start: u32) -> Span {
        Span {
            file: accord_syntax::FileId(0),
            start,
            end: start + 1,
        }
    }
    fn num_v(n: f64, at: u32) -> Value {
        Value {
            kind: ValueKind::Number(n),
            span: sp(at),
        }
    }
    fn text_v(s: &str, at: u32) -> Value {
        Value {
            kind: ValueKind::Text(s.into()),
            span: sp(at),
        }
    }
    fn cmp(field: &str, test: TestKind, at: u32) -> Condition {
        Condition {
            kind: ConditionKind::Compare {
                subject: Operand::Name(Ident {
                    name: field.into(),
                    span: sp(at),
                }),
                test: Test {
                    kind: test,
                    span: sp(at + 1),
                },
            },
            span: sp(at),
        }
    }

    #[test]
    fn higher_threshold_implies_lower() {
        let at50 = cmp("lead_score", TestKind::AtLeast(num_v(50.0, 1)), 0);
        let at80 = cmp("lead_score", TestKind::AtLeast(num_v(80.0, 11)), 10);
        assert!(implies(&at80, &at50));
        assert!(!implies(&at50, &at80));
        let other = cmp("employees", TestKind::AtLeast(num_v(80.0, 21)), 20);
        assert!(!implies(&other, &at50));
    }

    #[test]
    fn strict_bounds_are_respected() {
        let more50 = cmp("x", TestKind::MoreThan(num_v(50.0, 1)), 0);
        let least50 = cmp("x", TestKind::AtLeast(num_v(50.0, 3)), 2);
        assert!(implies(&more50, &least50));
        assert!(!implies(&least50, &more50));
        let between = cmp("x", TestKind::Between(num_v(60.0, 5), num_v(70.0, 6)), 4);
        assert!(implies(&between, &more50));
    }

    #[test]
    fn membership_subsets_and_identical_conditions() {
        let vp = cmp("title", TestKind::Is(text_v("VP", 1)), 0);
        let both = cmp(
            "title",
            TestKind::OneOf(vec![text_v("VP", 11), text_v("Director", 12)]),
            10,
        );
        assert!(implies(&vp, &both));
        assert!(!implies(&both, &vp));
        let same = cmp(
            "title",
            TestKind::OneOf(vec![text_v("VP", 31), text_v("Director", 32)]),
            30,
        );
        assert!(implies(&same, &both), "equal up to spans");
    }

    #[test]
    fn and_or_structure() {
        let a = cmp("a", TestKind::Present, 0);
        let b = cmp("b", TestKind::Present, 2);
        let a_and_b = Condition {
            kind: ConditionKind::All(vec![a.clone(), b.clone()]),
            span: sp(4),
        };
        let a_or_b = Condition {
            kind: ConditionKind::Any(vec![a.clone(), b.clone()]),
            span: sp(6),
        };
        assert!(implies(&a_and_b, &a));
        assert!(implies(&a, &a_or_b));
        assert!(!implies(&a_or_b, &a));
        assert!(!implies(&a, &a_and_b));
    }

    #[test]
    fn numbers_print_like_people_write_them() {
        assert_eq!(num(72.0), "72");
        assert_eq!(num(7.25), "7.25");
        assert_eq!(num(0.5), "0.5");
    }
}
