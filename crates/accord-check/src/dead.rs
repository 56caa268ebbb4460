//! Clauses that can never change an outcome: a reviewer trusts what the
//! checker does not flag, so a clause that reads as if it mattered but
//! cannot is a warning, with every place involved labelled.
//!
//! - `accord::points-always-removed`: a score rule whose points a cap of 0
//!   (`at most 0`) or a sub-score weight of 0% always removes.
//! - `accord::implied-requirement`: a requirement another one in the same
//!   block (the lines of a fit, the operands of an `and` or `all of`)
//!   already implies — `employees is at least 20` next to `employees is at
//!   least 50` — or repeats. Implication is [`crate::tiers::implies`]
//!   (sound, not complete: a warning is never wrong, some are missed).
//! - `accord::preempted-exclusion`: an exclusion an earlier one always
//!   matches first (every lead it matches, the earlier one matches, and the
//!   earlier one has no `unless`), so its route is never taken.
//! - `accord::never-recycled-reentry`: a cooling-off override, or a
//!   `re-enter` step, for a rejection reason that is `never recycled`.

use accord_syntax::ast::{
    Condition, ConditionKind, DispositionKind, Duration, Ident, Item, PointRule, RejectionReasons,
    SubScore, ValueKind,
};

use crate::ctx::{warning, Ctx};
use crate::db::{DefRef, Reported, SourceFile};
use crate::parse::def_item;
use crate::resolve::policy_definitions;
use crate::tiers::{lists_of, Candidates, Canonical, ListLookup, MAX_IMPLICATION_TESTS};

/// Score rules whose points can never count.
pub fn score_rules(ctx: &mut Ctx, rules: &[PointRule], sub: Option<&SubScore>) {
    let zero_weight = sub.filter(
        |s| matches!(s.weight.kind, ValueKind::Percent(w) | ValueKind::Number(w) if w == 0.0),
    );
    for rule in rules {
        if let Some(s) = zero_weight {
            ctx.emit(
                warning(
                    "accord::points-always-removed",
                    rule.span,
                    format!("this rule's points never count: {} weighs 0%", s.name.name),
                )
                .with_label("points multiplied by 0%")
                .with_help("give the part a weight above 0%, or delete the rule")
                .with_related(s.weight.span, "weight 0%"),
            );
        } else if rule.cap == Some(0.0) && rule.points != 0.0 {
            ctx.emit(
                warning(
                    "accord::points-always-removed",
                    rule.span,
                    "this rule's points never count: `at most 0` caps them at nothing",
                )
                .with_label("capped at 0")
                .with_help("give the cap the most points the rule may add (e.g. `at most 25`), or delete the rule"),
            );
        }
    }
}

/// Requirements implied by a sibling that must hold too: `siblings` all
/// hold together (a fit's lines); every `and` / `all of` inside any of them
/// is checked the same way.
pub fn requirements(ctx: &mut Ctx, siblings: &[Condition]) {
    let lists = lists_of(ctx);
    implied(ctx, siblings, &lists);
    for c in siblings {
        nested(ctx, c, &lists);
    }
}

fn nested(ctx: &mut Ctx, c: &Condition, lists: ListLookup) {
    match &c.kind {
        ConditionKind::All(parts) => {
            implied(ctx, parts, lists);
            parts.iter().for_each(|p| nested(ctx, p, lists));
        }
        ConditionKind::Any(parts) => parts.iter().for_each(|p| nested(ctx, p, lists)),
        ConditionKind::Not(inner) => nested(ctx, inner, lists),
        _ => {}
    }
}

fn implied(ctx: &mut Ctx, siblings: &[Condition], lists: ListLookup) {
    let canonical: Vec<Canonical> = siblings.iter().map(Canonical::new).collect();
    let candidates = Candidates::new(&canonical);
    let mut tests = 0;
    for (j, (later, later_c)) in siblings.iter().zip(&canonical).enumerate() {
        for i in candidates.of(j) {
            let (Some(other), Some(other_c)) = (siblings.get(i), canonical.get(i)) else {
                continue;
            };
            if i == j {
                continue;
            }
            if tests >= MAX_IMPLICATION_TESTS {
                return;
            }
            tests += 1;
            if !other_c.implies(later_c, lists) {
                continue;
            }
            // Two that say the same: report the later one only.
            let same = later_c.implies(other_c, lists);
            if same && i > j {
                continue;
            }
            let (message, label) = if same {
                (
                    "this requirement repeats one in the same block",
                    "says the same as the other",
                )
            } else {
                (
                    "this requirement can never change the outcome: another in the same block already implies it",
                    "implied by the other",
                )
            };
            ctx.emit(
                warning("accord::implied-requirement", later.span, message)
                    .with_label(label)
                    .with_help("delete it; if a different requirement was meant (another field or number), write that one")
                    .with_related(other.span, "this requirement implies it"),
            );
            break;
        }
    }
}

/// A reason that is `never recycled` and also says `re-enter …`.
pub fn reasons(ctx: &mut Ctx, r: &RejectionReasons) {
    for reason in &r.reasons {
        let never = reason
            .disposition
            .iter()
            .find(|s| s.kind == DispositionKind::NeverRecycled);
        let reenter = reason
            .disposition
            .iter()
            .find(|s| matches!(s.kind, DispositionKind::ReEnter { .. }));
        if let (Some(never), Some(reenter)) = (never, reenter) {
            ctx.emit(
                warning(
                    "accord::never-recycled-reentry",
                    reenter.span,
                    format!(
                        "{} is never recycled, so this re-entry can never happen",
                        reason.code.name
                    ),
                )
                .with_label("never taken")
                .with_help("keep one: delete `never recycled` if the lead may come back, or delete the `re-enter` step")
                .with_related(never.span, "never recycled"),
            );
        }
    }
}

/// A cooling-off period given for a reason that is `never recycled`.
pub fn cooling_off_override(ctx: &mut Ctx, code: &Ident, period: &Duration) {
    let (db, syms) = (ctx.db, ctx.syms);
    let Some(sym) = syms.reasons.get(&code.name).and_then(|s| s.first()) else {
        return;
    };
    let Some(Item::Rejections(r)) = def_item(db, crate::ctx::definition(db, &sym.at))
        .as_deref()
        .cloned()
    else {
        return;
    };
    let never = r
        .reasons
        .iter()
        .filter(|reason| reason.code.name == code.name)
        .flat_map(|reason| &reason.disposition)
        .find(|s| s.kind == DispositionKind::NeverRecycled);
    if let Some(never) = never {
        ctx.emit_with(
            warning(
                "accord::never-recycled-reentry",
                code.span.to(period.span),
                format!(
                    "this cooling-off period never applies: {} is never recycled",
                    code.name
                ),
            )
            .with_label("never applies")
            .with_help(format!(
                "delete `… for {}`, or delete `never recycled` from the reason if such a lead may come back",
                code.name
            ))
            .with_related(never.span, "never recycled"),
            vec![sym.at.clone()],
        );
    }
}

/// Exclusions an earlier exclusion always matches first (whole policy set,
/// in evaluation order).
pub fn preempted_exclusions(db: &dyn salsa::Database, entry: SourceFile, out: &mut Vec<Reported>) {
    let syms = crate::resolve::symbols(db, entry);
    let lists = |name: &str| {
        let sym = syms.def_of_kind(name, &[crate::db::DefKind::List])?;
        crate::tiers::list_texts(db, crate::ctx::definition(db, &sym.at)).clone()
    };
    let mut exclusions: Vec<(DefRef, accord_syntax::ast::Exclusion)> = Vec::new();
    for &def in policy_definitions(db, entry) {
        // Only exclusions are read, so editing anything else re-runs nothing here.
        if def.key(db).kind != crate::db::DefKind::Exclusion {
            continue;
        }
        if let Some(Item::Exclusion(e)) = def_item(db, def).as_deref().cloned() {
            exclusions.push((def.def_ref(db), e));
        }
    }
    // Every exclusion is compared with every earlier one: each condition's
    // canonical text is written once, not once per pair.
    let canonical: Vec<Canonical> = exclusions
        .iter()
        .map(|(_, e)| Canonical::new(&e.when))
        .collect();
    let candidates = Candidates::new(&canonical);
    let mut tests = 0;
    for (j, (at, e)) in exclusions.iter().enumerate() {
        let mut first = None;
        for i in candidates.of(j).take_while(|&i| i < j) {
            let (Some(earlier), Some(xc), Some(jc)) =
                (exclusions.get(i), canonical.get(i), canonical.get(j))
            else {
                continue;
            };
            if earlier.1.unless.is_some() {
                continue;
            }
            if tests >= MAX_IMPLICATION_TESTS {
                break;
            }
            tests += 1;
            if jc.implies(xc, &lists) {
                first = Some(earlier);
                break;
            }
        }
        if let Some((first_at, x)) = first {
            let d = warning(
                "accord::preempted-exclusion",
                e.name.span,
                format!(
                    "exclusion {} never decides: every lead it matches, {} (tried first) matches too",
                    e.name.name, x.name.name
                ),
            )
            .with_label("never the first match")
            .with_help("exclusions are tried in order and the first match decides the route: put the narrower exclusion first, or delete this one")
            .with_related(x.name.span, "tried first");
            out.push(Reported {
                diagnostic: d,
                anchor: crate::db::Anchor::Def(at.clone()),
                related: vec![crate::db::Anchor::Def(first_at.clone())],
            });
        }
    }
}
