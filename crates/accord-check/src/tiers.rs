//! Tiers and SLA limits by tier: tiers no lead can reach (an earlier tier
//! already takes every lead a later one matches), duplicate tier numbers,
//! no `otherwise`, and SLAs missing a limit for a tier or giving one twice.
//!
//! Whether a tier is hidden is decided by implication between conditions
//! ([`implies`]): sound, not complete. Numbers compare as intervals; text
//! compares as sets of values, where `is in LIST` is the list's values
//! (read per list with [`list_texts`], so editing one list re-checks only
//! the tiers that use it).

use accord_syntax::ast::{
    Condition, ConditionKind, Item, Operand, Sla, TestKind, Tiers, ValueKind,
};
use accord_syntax::Span;

use crate::ctx::{definition, error, warning, Ctx};
use crate::db::{DefKind, Definition};
use crate::parse::def_item;

/// The values of a list, when every one is text (memoized per list).
#[salsa::tracked(returns(ref))]
pub fn list_texts<'db>(db: &'db dyn salsa::Database, def: Definition<'db>) -> Option<Vec<String>> {
    let Some(Item::List(list)) = def_item(db, def).as_deref() else {
        return None;
    };
    list.values
        .iter()
        .map(|v| match &v.kind {
            ValueKind::Text(s) | ValueKind::Word(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// The text values of the list a name refers to, if known.
pub type ListLookup<'a> = &'a dyn Fn(&str) -> Option<Vec<String>>;

/// Looks lists up in the policy set of `ctx`.
pub(crate) fn lists_of<'a>(ctx: &Ctx<'a>) -> impl Fn(&str) -> Option<Vec<String>> + 'a {
    let (db, syms) = (ctx.db, ctx.syms);
    move |name: &str| {
        let sym = syms.def_of_kind(name, &[DefKind::List])?;
        list_texts(db, definition(db, &sym.at)).clone()
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

/// Whether two comparisons read the same thing (a field, or the domain
/// of the same field).
fn same_subject(a: &Operand, b: &Operand) -> bool {
    match (a, b) {
        (Operand::Name(x), Operand::Name(y))
        | (Operand::DomainOf(x, _), Operand::DomainOf(y, _)) => x.name == y.name,
        _ => false,
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

/// The text values a test accepts, and whether it also accepts their
/// subdomains (`the domain of email is in LIST` matches `mail.gmail.com`
/// for `gmail.com`).
fn members(subject: &Operand, t: &TestKind, lists: ListLookup) -> Option<(Vec<String>, bool)> {
    let text = |v: &accord_syntax::ast::Value| match &v.kind {
        ValueKind::Text(s) | ValueKind::Word(s) => Some(s.clone()),
        _ => None,
    };
    match t {
        TestKind::Is(v) => Some((vec![text(v)?], false)),
        TestKind::OneOf(vs) => Some((vs.iter().map(text).collect::<Option<_>>()?, false)),
        TestKind::InList(l) => Some((lists(&l.name)?, matches!(subject, Operand::DomainOf(..)))),
        _ => None,
    }
}

fn atom_implies(a: &Condition, b: &Condition, lists: ListLookup) -> bool {
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
    if !same_subject(sa, sb) {
        return false;
    }
    if let (Some((alo, ali, ahi, ahi_i)), Some((blo, bli, bhi, bhi_i))) =
        (interval(&ta.kind), interval(&tb.kind))
    {
        let lo_ok = alo > blo || (alo == blo && (bli || !ali));
        let hi_ok = ahi < bhi || (ahi == bhi && (bhi_i || !ahi_i));
        return lo_ok && hi_ok;
    }
    if let (Some((ma, a_subdomains)), Some((mb, b_subdomains))) =
        (members(sa, &ta.kind, lists), members(sb, &tb.kind, lists))
    {
        return (b_subdomains || !a_subdomains) && ma.iter().all(|m| mb.contains(m));
    }
    false
}

/// Whether every lead satisfying `a` also satisfies `b` (sound, not
/// complete); `lists` gives the values of a named list.
pub fn implies(a: &Condition, b: &Condition, lists: ListLookup) -> bool {
    Canonical::new(a).implies(&Canonical::new(b), lists)
}

/// A condition with the [`canon`] text of it and of every part of it
/// (`all of`, `any of`), written once: comparing many conditions pairwise
/// (every exclusion with every earlier one) then writes each text once,
/// not once per pair and per level of the comparison.
pub struct Canonical<'c> {
    condition: &'c Condition,
    text: String,
    parts: Vec<Canonical<'c>>,
}

impl<'c> Canonical<'c> {
    pub fn new(condition: &'c Condition) -> Self {
        let parts = match &condition.kind {
            ConditionKind::All(items) | ConditionKind::Any(items) => {
                items.iter().map(Canonical::new).collect()
            }
            _ => Vec::new(),
        };
        Canonical {
            condition,
            text: canon(condition),
            parts,
        }
    }

    /// [`implies`]: `self` implies `b`.
    pub fn implies(&self, b: &Canonical, lists: ListLookup) -> bool {
        if self.text == b.text {
            return true;
        }
        if let ConditionKind::All(_) = &b.condition.kind {
            return b.parts.iter().all(|y| self.implies(y, lists));
        }
        if let ConditionKind::Any(_) = &self.condition.kind {
            return !self.parts.is_empty() && self.parts.iter().all(|x| x.implies(b, lists));
        }
        if let ConditionKind::Any(_) = &b.condition.kind {
            if b.parts.iter().any(|y| self.implies(y, lists)) {
                return true;
            }
        }
        if let ConditionKind::All(_) = &self.condition.kind {
            return self.parts.iter().any(|x| x.implies(b, lists));
        }
        atom_implies(self.condition, b.condition, lists)
    }
}

/// Tiers: unreachable tiers, duplicate numbers, no `otherwise`.
pub fn tiers(ctx: &mut Ctx, t: &Tiers, keyword: Span) {
    let lists = lists_of(ctx);
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
                (Some(ec), Some(lc)) => implies(lc, ec, &lists),
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

/// An SLA gives one limit (and one after-hours rule) per tier, and one
/// default for the others: a second one for the same tier, or a second
/// default, is a duplicate (which one would apply?).
pub fn sla_duplicate_limits(ctx: &mut Ctx, sla: &Sla) {
    let limits = sla.limits.iter().map(|l| (l.tier, l.span));
    let after_hours = sla.after_hours.iter().map(|a| (a.tier, a.span));
    for (rules, what) in [
        (limits.collect::<Vec<_>>(), "limit"),
        (after_hours.collect(), "after-hours rule"),
    ] {
        for (j, (tier, span)) in rules.iter().enumerate() {
            let number = tier.map(|(n, _)| n);
            let earlier = rules.get(..j).unwrap_or(&[]);
            let Some((_, first)) = earlier.iter().find(|(t, _)| t.map(|(n, _)| n) == number) else {
                continue;
            };
            let (message, help) = match number {
                Some(n) => (
                    format!("the SLA {} gives tier {n} a second {what}", sla.name.name),
                    format!("keep one {what} for tier {n}: delete this line or give it the tier it was meant for"),
                ),
                None => (
                    format!("the SLA {} gives two default {what}s (for every tier not named)", sla.name.name),
                    format!("keep one default {what}: delete this one, or start it with `tier N` if it is meant for one tier"),
                ),
            };
            ctx.emit(
                error("accord::duplicate-sla-limit", *span, message)
                    .with_label(format!("second {what}"))
                    .with_help(help)
                    .with_related(*first, format!("first {what}")),
            );
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use accord_syntax::ast::{Ident, Test, Value};

    fn no_lists(_: &str) -> Option<Vec<String>> {
        None
    }

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
        assert!(implies(&at80, &at50, &no_lists));
        assert!(!implies(&at50, &at80, &no_lists));
        let other = cmp("employees", TestKind::AtLeast(num_v(80.0, 21)), 20);
        assert!(!implies(&other, &at50, &no_lists));
    }

    #[test]
    fn strict_bounds_are_respected() {
        let more50 = cmp("x", TestKind::MoreThan(num_v(50.0, 1)), 0);
        let least50 = cmp("x", TestKind::AtLeast(num_v(50.0, 3)), 2);
        assert!(implies(&more50, &least50, &no_lists));
        assert!(!implies(&least50, &more50, &no_lists));
        let between = cmp("x", TestKind::Between(num_v(60.0, 5), num_v(70.0, 6)), 4);
        assert!(implies(&between, &more50, &no_lists));
    }

    #[test]
    fn membership_subsets_and_identical_conditions() {
        let vp = cmp("title", TestKind::Is(text_v("VP", 1)), 0);
        let both = cmp(
            "title",
            TestKind::OneOf(vec![text_v("VP", 11), text_v("Director", 12)]),
            10,
        );
        assert!(implies(&vp, &both, &no_lists));
        assert!(!implies(&both, &vp, &no_lists));
        let same = cmp(
            "title",
            TestKind::OneOf(vec![text_v("VP", 31), text_v("Director", 32)]),
            30,
        );
        assert!(implies(&same, &both, &no_lists), "equal up to spans");
    }

    #[test]
    fn list_membership_is_the_list_values() {
        let lists = |name: &str| match name {
            "na" => Some(vec![String::from("US"), String::from("CA")]),
            "us" => Some(vec![String::from("US")]),
            _ => None,
        };
        let in_list = |list: &str, at: u32| {
            cmp(
                "country",
                TestKind::InList(Ident {
                    name: list.into(),
                    span: sp(at + 2),
                }),
                at,
            )
        };
        let ca = cmp("country", TestKind::Is(text_v("CA", 1)), 0);
        let mx = cmp("country", TestKind::Is(text_v("MX", 11)), 10);
        assert!(implies(&ca, &in_list("na", 20), &lists));
        assert!(!implies(&mx, &in_list("na", 20), &lists));
        assert!(implies(&in_list("us", 30), &in_list("na", 20), &lists));
        assert!(!implies(&in_list("na", 20), &in_list("us", 30), &lists));
        let one_of = cmp(
            "country",
            TestKind::OneOf(vec![text_v("US", 41), text_v("CA", 42), text_v("MX", 43)]),
            40,
        );
        assert!(implies(&in_list("na", 20), &one_of, &lists));
        assert!(!implies(&in_list("unknown", 50), &one_of, &lists));
    }

    #[test]
    fn domain_lists_also_match_subdomains() {
        let lists = |_: &str| Some(vec![String::from("gmail.com")]);
        let domain = |test: TestKind, at: u32| Condition {
            kind: ConditionKind::Compare {
                subject: Operand::DomainOf(
                    Ident {
                        name: "email".into(),
                        span: sp(at),
                    },
                    sp(at),
                ),
                test: Test {
                    kind: test,
                    span: sp(at + 1),
                },
            },
            span: sp(at),
        };
        let list = || {
            TestKind::InList(Ident {
                name: "free".into(),
                span: sp(9),
            })
        };
        let exact = domain(TestKind::Is(text_v("gmail.com", 3)), 2);
        let in_list = domain(list(), 4);
        let one_of = domain(TestKind::OneOf(vec![text_v("gmail.com", 7)]), 6);
        assert!(implies(&exact, &in_list, &lists));
        // `mail.gmail.com` is in the list but not one of "gmail.com".
        assert!(!implies(&in_list, &one_of, &lists));
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
        assert!(implies(&a_and_b, &a, &no_lists));
        assert!(implies(&a, &a_or_b, &no_lists));
        assert!(!implies(&a_or_b, &a, &no_lists));
        assert!(!implies(&a, &a_and_b, &no_lists));
    }
}
