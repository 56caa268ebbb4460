//! Lowering the plan's conditions to the flat form the decision path runs
//! ([`crate::plan::Flat`]): jumping code, built back to front so that each step's
//! targets are known when it is written.

use crate::plan::*;

/// The flat programs of every fit, trigger, exclusion and stage of `plan`,
/// and the exclusions tried in order.
/// `fit_references[i]`: how many times the policy's conditions refer to
/// fit `i` (a fit referred to once may be inlined).
pub(crate) fn flatten(plan: &CompiledPolicy, fit_references: &[u32]) -> Flat {
    let mut lower = Lower {
        plan,
        fit_references,
        steps: Vec::new(),
        costs: Default::default(),
    };
    let mut flat = Flat::default();
    for def in plan.fits.iter() {
        let entry = lower.all(&def.conditions, HOLDS, FAILS);
        flat.fits.push(entry);
    }
    for def in plan.triggers.iter() {
        let entry = match def.any {
            true => lower.any(&def.items, HOLDS, FAILS),
            false => lower.all(&def.items, HOLDS, FAILS),
        };
        flat.triggers.push(entry);
    }
    for def in plan.exclusions.iter() {
        let entry = lower.exclusion(def, HOLDS, FAILS);
        flat.exclusions.push(entry);
    }
    // In order: each one that does not apply goes on to the next.
    flat.first_exclusion = plan
        .exclusions
        .iter()
        .enumerate()
        .rev()
        .fold(FAILS, |next, (k, def)| {
            lower.exclusion(def, applies(k), next)
        });
    for def in plan.stages.iter() {
        let entry = lower.cond(&def.condition, HOLDS, FAILS);
        flat.stages.push(entry);
    }
    flat.steps = lower.steps;
    flat
}

/// How deep [`Lower::cost`] follows references.
const MAX_COST_DEPTH: u32 = 16;

struct Lower<'a> {
    plan: &'a CompiledPolicy,
    fit_references: &'a [u32],
    steps: Vec<Step>,
    /// Definitions' costs worked out so far ([`Lower::cost`]), by kind
    /// and index.
    costs: std::cell::RefCell<std::collections::HashMap<(Def, usize), u64>>,
}

/// The kinds of definitions [`Lower::cost`] remembers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Def {
    Fit,
    Exclusion,
    Stage,
    Score,
}

impl<'a> Lower<'a> {
    /// Lowers `c`: the program goes on at `then` when it holds, at
    /// `otherwise` when not. Returns where it starts.
    fn cond(&mut self, c: &Cond, then: u32, otherwise: u32) -> u32 {
        match &c.kind {
            CondKind::All(items) => self.all(items, then, otherwise),
            CondKind::Any(items) => self.any(items, then, otherwise),
            CondKind::Not(inner) => self.cond(inner, otherwise, then),
            CondKind::Fit(i) => match self.inlined(*i) {
                Some(def) => self.all(&def.conditions, then, otherwise),
                None => self.leaf(Leaf::Cond(Box::new(c.clone())), then, otherwise),
            },
            _ => self.leaf(leaf(c), then, otherwise),
        }
    }

    /// An exclusion applies (goes on at `then`): its condition holds and
    /// its `unless` (read only then) does not.
    fn exclusion(&mut self, def: &ExclusionDef, then: u32, otherwise: u32) -> u32 {
        let unless = match &def.unless {
            Some(u) => self.cond(u, otherwise, then),
            None => then,
        };
        self.cond(&def.when, unless, otherwise)
    }

    /// Every item holds: each one goes on to the next when it holds.
    fn all(&mut self, items: &[Cond], then: u32, otherwise: u32) -> u32 {
        self.cheapest_first(items)
            .into_iter()
            .rev()
            .fold(then, |next, item| self.cond(item, next, otherwise))
    }

    /// Some item holds: each one goes on to the next when it does not.
    fn any(&mut self, items: &[Cond], then: u32, otherwise: u32) -> u32 {
        self.cheapest_first(items)
            .into_iter()
            .rev()
            .fold(otherwise, |next, item| self.cond(item, then, next))
    }

    /// `items` in the order the decision path tries them: the cheapest
    /// first ([`Lower::cost`]), equal costs as written. Conditions read
    /// the lead and answer nothing else, so `all of` and `any of` answer
    /// the same in any order; trying a cheap item first skips the dear
    /// ones whenever it decides alone (an excluded lead is not scored).
    /// Explanations walk the conditions as written, not this form.
    fn cheapest_first<'c>(&self, items: &'c [Cond]) -> Vec<&'c Cond> {
        let mut order: Vec<&Cond> = items.iter().collect();
        order.sort_by_cached_key(|c| self.cost(c, 0));
        order
    }

    /// About how many leaves the decision path decides to answer `c` (a
    /// score: its rules; an event pattern or any other reading: ten). `no
    /// exclusion applies` costs nothing: the decision path works out the
    /// first exclusion before the stages (a decision reports it), so a
    /// stage reads it remembered. References are followed to
    /// [`MAX_COST_DEPTH`] (a checked policy has no cycles).
    fn cost(&self, c: &Cond, depth: u32) -> u64 {
        const READING: u64 = 10;
        if depth > MAX_COST_DEPTH {
            return READING;
        }
        // Saturating: a policy that refers to one definition from many
        // places at many depths would count it more times than a u64 holds.
        let sum = |items: &[Cond]| {
            (items.iter())
                .map(|i| self.cost(i, depth + 1))
                .fold(0, u64::saturating_add)
        };
        let plan = self.plan;
        match &c.kind {
            CondKind::All(items) | CondKind::Any(items) => sum(items),
            CondKind::Not(inner) => self.cost(inner, depth + 1),
            CondKind::Cmp {
                subject: Subject::Field(_) | Subject::DomainOf(_),
                ..
            }
            | CondKind::YesNo(_) => 1,
            CondKind::Cmp {
                subject: Subject::Score(i),
                ..
            } => self.remembered((Def::Score, i.index()), || {
                let rule = |r: &PointRule| match &r.basis {
                    Basis::When(c) => self.cost(c, depth + 1),
                    Basis::ForEach(_) => READING,
                };
                match plan.scores.get(*i).map(|s| &s.body) {
                    None | Some(ScoreBody::FromField(_)) => READING,
                    Some(body) => body.rules().map(rule).fold(1, u64::saturating_add),
                }
            }),
            CondKind::Cmp { .. } | CondKind::Trigger(_) | CondKind::Events(_) => READING,
            // A definition's cost is worked out once (a policy may refer
            // to one from many places, at many depths).
            CondKind::Fit(i) => self.remembered((Def::Fit, i.index()), || {
                plan.fits.get(*i).map_or(1, |f| sum(&f.conditions))
            }),
            CondKind::Exclusion(i) => self.remembered((Def::Exclusion, i.index()), || {
                let e = plan.exclusions.get(*i);
                e.map_or(1, |e| self.cost(&e.when, depth + 1))
            }),
            CondKind::Stage(i) => self.remembered((Def::Stage, i.index()), || {
                let s = plan.stages.get(*i);
                s.map_or(1, |s| self.cost(&s.condition, depth + 1))
            }),
            CondKind::NoExclusion => 0,
        }
    }

    /// The cost of a definition (kind, index), worked out by `work` the
    /// first time.
    fn remembered(&self, key: (Def, usize), work: impl FnOnce() -> u64) -> u64 {
        if let Some(c) = self.costs.borrow().get(&key) {
            return *c;
        }
        let c = work();
        self.costs.borrow_mut().insert(key, c);
        c
    }

    fn leaf(&mut self, leaf: Leaf, then: u32, otherwise: u32) -> u32 {
        let at = u32::try_from(self.steps.len()).unwrap_or(FAILS);
        self.steps.push(Step {
            leaf,
            then,
            otherwise,
        });
        at
    }

    /// The fit to inline for a reference to fit `i`: one referred to once,
    /// made of pre-resolved leaves only (so it refers to no definition but
    /// scores, and inlining never recurses).
    fn inlined(&self, i: Idx<FitDef>) -> Option<&'a FitDef> {
        if self.fit_references.get(i.index()) != Some(&1) {
            return None;
        }
        let plan: &'a CompiledPolicy = self.plan;
        let def = plan.fits.get(i)?;
        def.conditions.iter().all(resolved).then_some(def)
    }
}

/// Whether a condition lowers to pre-resolved leaves only (no
/// [`Leaf::Cond`]).
fn resolved(c: &Cond) -> bool {
    match &c.kind {
        CondKind::All(items) | CondKind::Any(items) => items.iter().all(resolved),
        CondKind::Not(inner) => resolved(inner),
        _ => !matches!(leaf(c), Leaf::Cond(_)),
    }
}

/// The leaf a condition lowers to (a combinator: a [`Leaf::Cond`]).
pub(crate) fn leaf(c: &Cond) -> Leaf {
    match &c.kind {
        CondKind::Cmp {
            subject: Subject::Field(slot),
            test,
            ..
        } => match range(test) {
            Some((lo, hi)) => Leaf::Range {
                slot: *slot,
                lo,
                hi,
            },
            None => Leaf::Field {
                slot: *slot,
                test: test.clone(),
            },
        },
        CondKind::Cmp {
            subject: Subject::DomainOf(slot),
            test,
            ..
        } => Leaf::Domain {
            slot: *slot,
            test: test.clone(),
        },
        CondKind::Cmp {
            subject: Subject::Score(i),
            test,
            ..
        } => match range(test) {
            Some((lo, hi)) => Leaf::ScoreRange { score: *i, lo, hi },
            None => Leaf::Score {
                score: *i,
                test: test.clone(),
            },
        },
        CondKind::YesNo(slot) => Leaf::YesNo(*slot),
        _ => Leaf::Cond(Box::new(c.clone())),
    }
}

/// The numbers a numeric test accepts, as `lo..=hi`: `x >= lo && x <= hi`
/// answers as the test does for every number, NaN included (false).
/// `more than a` is `at least` the next number after `a` (no number lies
/// between them), `less than a` `at most` the one before — exact for a
/// finite `a` only, so an infinite one keeps its test.
fn range(test: &Test) -> Option<(f64, f64)> {
    let (lo, hi) = (f64::NEG_INFINITY, f64::INFINITY);
    match *test {
        Test::Between(a, b) => Some((a, b)),
        Test::AtLeast(a) => Some((a, hi)),
        Test::AtMost(a) => Some((lo, a)),
        Test::MoreThan(a) if a.is_finite() => Some((a.next_up(), hi)),
        Test::LessThan(a) if a.is_finite() => Some((lo, a.next_down())),
        _ => None,
    }
}
