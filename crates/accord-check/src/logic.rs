//! Agreement logic: score bounds and thresholds no lead can reach (or every
//! lead reaches), empty ranges, sub-score weights, and the agreement
//! header's dates. Tiers and SLA limits by tier are in [`crate::tiers`].
//!
//! Score bounds: a score of point rules is their sum, never below its floor
//! (0 unless `never below N` or `may go below 0` says otherwise), so
//! its maximum is the sum of its positive rules (a capped rule counts its
//! cap; an uncapped `for each` rule makes it unbounded). A weighted score
//! clamps each sub-score to 0–100, so its maximum is
//! Σ weight × min(100, sub-score maximum). The minimum is the floor, or
//! for `may go below 0` the sum of the negative rules (decay only brings a
//! score closer to 0; a floor holds after decay too).

use accord_syntax::ast::{
    Agreement, AgreementClauseKind, Item, Period, PeriodKind, PointBasis, PointRule, Score,
    ScoreBody, ScoreFloorKind, Test, TestKind, ValueKind,
};

use accord_syntax::number::format_number;

use crate::ctx::{definition, error, warning, Ctx};
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
        // A cap is an amount, whichever sign it is written with (as the
        // evaluator reads it).
        total += match (&r.basis, r.cap.map(f64::abs)) {
            (PointBasis::When(_), Some(cap)) => r.points.min(cap),
            (PointBasis::When(_), None) => r.points,
            (PointBasis::ForEach(_), Some(cap)) => cap,
            (PointBasis::ForEach(_), None) => return None,
        };
    }
    Some(total)
}

/// The least the rules can add up to: every negative rule at its cap;
/// `None` when an uncapped negative `for each` makes it unbounded.
fn rules_min(rules: &[PointRule]) -> Option<f64> {
    let mut total = 0.0;
    for r in rules.iter().filter(|r| r.points < 0.0) {
        total += match (&r.basis, r.cap.map(f64::abs)) {
            (PointBasis::When(_), Some(cap)) => r.points.max(-cap),
            (PointBasis::When(_), None) => r.points,
            (PointBasis::ForEach(_), Some(cap)) => -cap,
            (PointBasis::ForEach(_), None) => return None,
        };
    }
    Some(total)
}

/// A flat score's floor: `Some(f)` when it is never below `f` (0 unless
/// it says otherwise), `None` for `may go below 0`. A floor that is not a
/// number counts as the default (it is reported by [`floor`]).
pub fn floor_of(score: &Score) -> Option<f64> {
    match score.floor.as_ref().map(|f| &f.kind) {
        None => Some(0.0),
        Some(ScoreFloorKind::NeverBelow(v)) => match v.kind {
            ValueKind::Number(n) => Some(n),
            _ => Some(0.0),
        },
        Some(ScoreFloorKind::MayGoBelow(_)) => None,
    }
}

/// The bounds of a score definition (memoized; depends only on that
/// score's text).
#[salsa::tracked(returns(copy))]
pub fn score_bounds<'db>(db: &'db dyn salsa::Database, def: Definition<'db>) -> Option<Bounds> {
    let Some(Item::Score(score)) = def_item(db, def).as_deref() else {
        return None;
    };
    match &score.body {
        ScoreBody::Rules(rules) => {
            let floor = floor_of(score);
            let lowest = rules_min(rules).unwrap_or(f64::NEG_INFINITY);
            Some(Bounds {
                min: floor.map_or(lowest, |f| lowest.max(f)),
                max: rules_max(rules).map(|m| floor.map_or(m, |f| m.max(f))),
            })
        }
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
    let range = match (b.min.is_finite(), b.max) {
        (true, Some(m)) => format!(
            "between {} and {}",
            format_number(b.min, Some(2)),
            format_number(m, Some(2))
        ),
        (true, None) => format!("{} or more", format_number(b.min, Some(2))),
        (false, Some(m)) => format!("{} or less", format_number(m, Some(2))),
        (false, None) => "any number".to_string(),
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
                    format_number(m, Some(2))
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

/// A score's floor line (`never below -20`, `may go below 0`): a number,
/// `may go below` only with 0, only on a flat score (a weighted score's
/// parts are each held between 0 and 100), and no higher than the most the
/// score can reach (every lead would score the floor).
pub fn floor(ctx: &mut Ctx, score: &Score) {
    let Some(f) = &score.floor else {
        return;
    };
    let name = &score.name.name;
    let code = "accord::score-floor";
    let (value, may) = match &f.kind {
        ScoreFloorKind::NeverBelow(v) => (v, false),
        ScoreFloorKind::MayGoBelow(v) => (v, true),
    };
    let is_zero = matches!(value.kind, ValueKind::Number(n) if n == 0.0);
    let d = match (&score.body, may, value.kind.clone()) {
        (ScoreBody::Weighted(_), _, _) => error(
            code,
            f.span,
            format!("{name} has weighted parts, so it has no floor to set: each part is held between 0 and 100"),
        )
        .with_label("a weighted score is always between 0 and 100")
        .with_help("remove this line: a floor is for a score whose point rules are directly under it (`accord docs score`)"),
        (_, true, _) if is_zero => return,
        (_, true, _) => error(code, value.span, "`may go below` takes 0")
            .with_label("write 0 here")
            .with_help("`may go below 0` lets the score go below 0 without limit; to stop it at -20, write `never below -20`"),
        (ScoreBody::Rules(rules), false, ValueKind::Number(n)) => match rules_max(rules.as_slice()) {
            Some(max) if n > max => error(
                code,
                value.span,
                format!("the floor {} is above the most {name} can reach ({})", format_number(n, Some(2)), format_number(max, Some(2))),
            )
            .with_label(format!("every lead would score {}", format_number(n, Some(2))))
            .with_help(format!("lower the floor to {} or less (without a floor line a score never goes below 0), or give the score more points", format_number(max, Some(2)))),
            _ => return,
        },
        (_, false, ValueKind::Number(_)) => return,
        (_, false, _) => error(code, value.span, "a score's floor is a number of points")
            .with_label("not a number")
            .with_help("write a number of points, e.g. `never below 0` or `never below -20`"),
    };
    ctx.emit(d);
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
            ValueKind::Percent(w) => {
                total += w;
                // A weight above 100% is the mistake; the total follows.
                all_percent &= crate::units::percent_in_range(
                    ctx,
                    &s.weight,
                    &format!("the weight of the part {}", s.name.name),
                    "a part's weight is its share of the whole score: give each part between 0% and 100%, all of them adding up to 100%",
                );
            }
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
                format_number(total, Some(2))
            ),
        )
        .with_label(format!("weights total {}%", format_number(total, Some(2))))
        .with_help("adjust the `weighs` percentages so they add up to exactly 100%");
        for s in subs {
            d = d.with_related(s.weight.span, format!("{} weighs this", s.name.name));
        }
        ctx.emit(d);
    }
}

/// `date` plus a whole number of days, weeks, months or years.
fn after(date: chrono::NaiveDate, d: &accord_syntax::ast::Duration) -> Option<chrono::NaiveDate> {
    use accord_syntax::ast::TimeUnit;
    if d.amount.fract() != 0.0 || d.amount < 0.0 || d.amount > 100_000.0 {
        return None;
    }
    let period = match d.unit {
        TimeUnit::Days => PeriodKind::Day,
        TimeUnit::Weeks => PeriodKind::Week,
        TimeUnit::Months => PeriodKind::Month,
        TimeUnit::Quarters => PeriodKind::Quarter,
        TimeUnit::Years => PeriodKind::Year,
        TimeUnit::Minutes | TimeUnit::Hours => return None,
    };
    periods_after(date, period, d.amount as u32)
}

/// `date` plus one review period (a quarter is 3 months: 2026-01-01 plus
/// a quarter is 2026-04-01, the seeds' "Date + 90 days").
pub fn one_period_after(date: chrono::NaiveDate, period: PeriodKind) -> Option<chrono::NaiveDate> {
    periods_after(date, period, 1)
}

/// `date` plus `n` periods on the calendar: days and weeks (7 days) by
/// the day, months, quarters (3 months) and years (12 months) by the
/// month; `None` past the dates chrono can hold.
fn periods_after(date: chrono::NaiveDate, period: PeriodKind, n: u32) -> Option<chrono::NaiveDate> {
    match period {
        PeriodKind::Day => date.checked_add_days(chrono::Days::new(n.into())),
        PeriodKind::Week => date.checked_add_days(chrono::Days::new(u64::from(n) * 7)),
        PeriodKind::Month => date.checked_add_months(chrono::Months::new(n)),
        PeriodKind::Quarter => date.checked_add_months(chrono::Months::new(n.checked_mul(3)?)),
        PeriodKind::Year => date.checked_add_months(chrono::Months::new(n.checked_mul(12)?)),
    }
}

/// A next review further than one review period past the effective date
/// (for a later version, its effective date is when the last review's
/// changes took effect) skips a review the agreement promises.
fn review_too_late(
    ctx: &mut Ctx,
    effective: chrono::NaiveDate,
    next_review: chrono::NaiveDate,
    at: accord_syntax::Span,
    every: &Period,
) {
    let Some(due) = one_period_after(effective, every.kind) else {
        return;
    };
    if next_review <= due {
        return;
    }
    let word = every.kind.noun();
    ctx.emit(
        warning(
            "accord::review-too-late",
            at,
            format!(
                "the next review, {next_review}, is more than a {word} after the agreement takes effect ({effective})"
            ),
        )
        .with_label(format!("reviews are due every {word}: the first by {due}"))
        .with_help(format!(
            "write `next review {due}` (or earlier), or change `review every {word}` if the cadence is different"
        ))
        .with_related(every.span, "the review cadence"),
    );
}

/// The agreement header: real dates, effective before the next review,
/// the next review within one review period of the effective date,
/// version and effective date present.
pub fn agreement(ctx: &mut Ctx, a: &Agreement) {
    let mut effective = None;
    let mut next_review = None;
    let mut version = false;
    let mut ratified = None;
    let mut delay = None;
    let mut cadence = None;
    for clause in &a.clauses {
        match &clause.kind {
            AgreementClauseKind::Version(_) => version = true,
            AgreementClauseKind::Review(p) => cadence = Some(p.clone()),
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
            AgreementClauseKind::ReportingZone(z) => crate::units::zone(ctx, z),
            AgreementClauseKind::IdentifiedWithin(d) => crate::units::duration(ctx, d),
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
    if let (Some((eff, _)), Some((rev, rev_span)), Some(every)) = (effective, next_review, &cadence)
    {
        review_too_late(ctx, eff, rev, rev_span, every);
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
