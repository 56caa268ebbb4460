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

    /// What this condition must share with another for either to imply
    /// the other ([`Candidates`]): a comparison, its subject; any other
    /// single condition, its text; `None` for `all of` / `any of`, which
    /// may imply, or be implied by, anything.
    fn implication_key(&self) -> Option<ImplicationKey<'_>> {
        match &self.condition.kind {
            ConditionKind::All(_) | ConditionKind::Any(_) => None,
            ConditionKind::Compare {
                subject: Operand::Name(x),
                ..
            } => Some(ImplicationKey::Subject(&x.name)),
            ConditionKind::Compare {
                subject: Operand::DomainOf(x, _),
                ..
            } => Some(ImplicationKey::DomainOf(&x.name)),
            _ => Some(ImplicationKey::Text(&self.text)),
        }
    }
}

/// See [`Canonical::implication_key`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum ImplicationKey<'a> {
    Subject(&'a str),
    DomainOf(&'a str),
    Text(&'a str),
}

/// The most implication tests one check makes over one list of
/// conditions (a block's requirements, the exclusions, the tiers): past
/// it the check reports no more for that list. Only a list of hundreds of
/// comparisons of one subject comes near it (other pairs are never
/// tested, [`Candidates`]); it bounds the time a pathological policy can
/// take (20,000 requirements of one field in one block: 0.2 billion pairs).
pub const MAX_IMPLICATION_TESTS: usize = 100_000;

/// Which conditions of a list could imply one another, so that a check
/// comparing them pairwise tests only those pairs: two single comparisons
/// only when they read the same subject (`atom_implies`), two other
/// single conditions only when they are written the same, and an `all
/// of` / `any of` with anything. [`Canonical::implies`] is false for every
/// other pair, so leaving them out changes no finding.
pub struct Candidates {
    /// Each condition's group (`None`: an `all of` / `any of`).
    group: Vec<Option<usize>>,
    /// The conditions of each group, in list order.
    groups: Vec<Vec<usize>>,
    /// The `all of` / `any of` conditions, in list order.
    compound: Vec<usize>,
}

impl Candidates {
    pub fn new(list: &[Canonical]) -> Candidates {
        let mut by_key = std::collections::HashMap::new();
        let mut c = Candidates {
            group: Vec::with_capacity(list.len()),
            groups: Vec::new(),
            compound: Vec::new(),
        };
        for (i, condition) in list.iter().enumerate() {
            let group = condition.implication_key().map(|key| {
                let g = *by_key.entry(key).or_insert(c.groups.len());
                if g == c.groups.len() {
                    c.groups.push(Vec::new());
                }
                if let Some(members) = c.groups.get_mut(g) {
                    members.push(i);
                }
                g
            });
            if group.is_none() {
                c.compound.push(i);
            }
            c.group.push(group);
        }
        c
    }

    /// The conditions that could imply the `j`th, or be implied by it
    /// (itself included), in list order.
    pub fn of(&self, j: usize) -> CandidatesOf<'_> {
        match self
            .group
            .get(j)
            .copied()
            .flatten()
            .and_then(|g| self.groups.get(g))
        {
            Some(members) => CandidatesOf {
                all: 0..0,
                group: members,
                compound: &self.compound,
            },
            None => CandidatesOf {
                all: 0..self.group.len(),
                group: &[],
                compound: &[],
            },
        }
    }
}

/// [`Candidates::of`]: every condition of the list (for an `all of` /
/// `any of`), or those of one group and the compound ones, merged in list
/// order.
pub struct CandidatesOf<'a> {
    all: std::ops::Range<usize>,
    group: &'a [usize],
    compound: &'a [usize],
}

impl Iterator for CandidatesOf<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if let Some(i) = self.all.next() {
            return Some(i);
        }
        let take_group = match (self.group.first(), self.compound.first()) {
            (Some(x), Some(y)) => x < y,
            (Some(_), None) => true,
            (None, _) => false,
        };
        let from = if take_group {
            &mut self.group
        } else {
            &mut self.compound
        };
        let (&first, rest) = from.split_first()?;
        *from = rest;
        Some(first)
    }
}

/// Tiers: unreachable tiers, duplicate numbers, no `otherwise`.
pub fn tiers(ctx: &mut Ctx, t: &Tiers, keyword: Span) {
    let lists = lists_of(ctx);
    // The tiers with a condition (each written once) by position, and
    // which of them could hide which.
    let conditional: Vec<usize> = (t.tiers.iter().enumerate())
        .filter(|(_, r)| r.condition.is_some())
        .map(|(i, _)| i)
        .collect();
    let canonical: Vec<Canonical> = (t.tiers.iter())
        .filter_map(|r| r.condition.as_ref().map(Canonical::new))
        .collect();
    let candidates = Candidates::new(&canonical);
    let mut first_with_number = std::collections::HashMap::new();
    let first_otherwise = t.tiers.iter().position(|r| r.condition.is_none());
    let mut tests = 0;
    for (j, later) in t.tiers.iter().enumerate() {
        let first = *first_with_number.entry(later.number).or_insert(j);
        if let Some(first) = t.tiers.get(first).filter(|_| first < j) {
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
        // The first earlier tier that takes every lead this one matches:
        // an `otherwise`, or one whose condition this one's implies.
        let otherwise = first_otherwise.filter(|&o| o < j);
        let before = otherwise.unwrap_or(j);
        let implied = conditional.binary_search(&j).ok().and_then(|k| {
            let lc = canonical.get(k)?;
            for i in candidates.of(k) {
                let (&at, ec) = (conditional.get(i)?, canonical.get(i)?);
                if at >= before || tests >= MAX_IMPLICATION_TESTS {
                    return None;
                }
                tests += 1;
                if lc.implies(ec, &lists) {
                    return Some(at);
                }
            }
            None
        });
        let shadow = implied.or(otherwise).and_then(|i| t.tiers.get(i));
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

    /// Leaving out the pairs [`Candidates`] rules out changes no finding:
    /// over conditions of every kind (comparisons of one field and of
    /// another, the domain of a field, references, `not`, `all of`, `any
    /// of`, repeats), whenever one implies another, each is among the
    /// other's candidates, which come in list order.
    #[test]
    fn candidates_keep_every_pair_that_implies() {
        let lists = |_: &str| Some(vec![String::from("gmail.com")]);
        let n = |x: f64, at: u32| num_v(x, at);
        let name = |s: &str, at: u32| Ident {
            name: s.into(),
            span: sp(at),
        };
        let of = |kind: ConditionKind, at: u32| Condition { kind, span: sp(at) };
        let domain = |list: &str, at: u32| {
            of(
                ConditionKind::Compare {
                    subject: Operand::DomainOf(name("email", at), sp(at)),
                    test: Test {
                        kind: TestKind::InList(name(list, at + 1)),
                        span: sp(at + 1),
                    },
                },
                at,
            )
        };
        let x50 = cmp("x", TestKind::AtLeast(n(50.0, 1)), 0);
        let x80 = cmp("x", TestKind::AtLeast(n(80.0, 3)), 2);
        let y80 = cmp("y", TestKind::AtLeast(n(80.0, 5)), 4);
        let email_is = cmp("email", TestKind::Is(text_v("a@gmail.com", 7)), 6);
        let list: Vec<Condition> = vec![
            x50.clone(),
            y80.clone(),
            of(ConditionKind::Ref(name("icp", 10)), 10),
            x80.clone(),
            domain("free", 12),
            of(ConditionKind::All(vec![x80.clone(), y80.clone()]), 20),
            email_is,
            of(ConditionKind::Not(Box::new(x50.clone())), 30),
            of(ConditionKind::Any(vec![x80.clone(), y80.clone()]), 40),
            cmp("x", TestKind::Between(n(60.0, 51), n(70.0, 52)), 50),
            of(ConditionKind::Ref(name("icp", 60)), 60),
            domain("free", 70),
            y80,
            of(ConditionKind::All(vec![x50]), 80),
            x80,
        ];
        let canonical: Vec<Canonical> = list.iter().map(Canonical::new).collect();
        let candidates = Candidates::new(&canonical);
        let mut implied_pairs = 0;
        for (j, b) in canonical.iter().enumerate() {
            let of_j: Vec<usize> = candidates.of(j).collect();
            assert!(
                of_j.windows(2).all(|w| w[0] < w[1]),
                "in list order: {of_j:?}"
            );
            assert!(of_j.contains(&j));
            for (i, a) in canonical.iter().enumerate() {
                if a.implies(b, &lists) || b.implies(a, &lists) {
                    implied_pairs += usize::from(i != j);
                    assert!(
                        of_j.contains(&i),
                        "{i} and {j} imply, but {i} is not a candidate of {j}"
                    );
                }
            }
        }
        assert!(
            implied_pairs > 10,
            "the list has pairs that imply: {implied_pairs}"
        );
        // And some it leaves out: x and y, a reference and a comparison.
        let of_x50: Vec<usize> = candidates.of(0).collect();
        assert!(!of_x50.contains(&1) && !of_x50.contains(&2), "{of_x50:?}");
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
