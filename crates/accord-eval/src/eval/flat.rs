//! Running the flat form of conditions ([`crate::plan::Flat`]): the decision
//! path's loop over a program's steps.

use super::value::Val;
use super::Ev;
use crate::plan::{CompiledPolicy, Leaf, Subject, HOLDS};
use accord_records::FieldValue;

impl<'p> Ev<'p> {
    /// Whether the program starting at step `entry` holds, without an
    /// explanation: each leaf decided in turn, going on to the step it
    /// names for its answer, until the program holds or fails. The leaves
    /// are decided by the same functions as [`Ev::holds`] and the
    /// explaining path ([`Ev::field_passes`], [`Ev::domain_passes`],
    /// [`Ev::passes`], memoised definitions).
    pub(crate) fn run(&mut self, entry: u32) -> bool {
        self.run_to(entry) == HOLDS
    }

    /// Runs the program starting at step `entry` to its end: [`HOLDS`],
    /// [`crate::plan::FAILS`], or the exclusion that applies
    /// ([`crate::plan::applies`]).
    pub(crate) fn run_to(&mut self, entry: u32) -> u32 {
        let p: &'p CompiledPolicy = self.p;
        let steps = &p.flat.steps;
        let mut at = entry;
        while let Some(step) = steps.get(at as usize) {
            at = if self.leaf_holds(&step.leaf) {
                step.then
            } else {
                step.otherwise
            };
        }
        at
    }

    /// Whether one leaf of the flat form holds.
    #[inline(always)]
    pub(crate) fn leaf_holds(&mut self, leaf: &'p Leaf) -> bool {
        match leaf {
            // Only a number is in a range (a missing value, or any other, is not).
            Leaf::Range { slot, lo, hi } => {
                matches!(self.field(*slot), FieldValue::Number(x) if x >= lo && x <= hi)
            }
            Leaf::Field { slot, test } => self.field_passes(*slot, test),
            Leaf::Domain { slot, test } => self.domain_passes(*slot, test),
            Leaf::YesNo(slot) => matches!(self.field(*slot), FieldValue::YesNo(true)),
            // A missing score is in no range.
            Leaf::ScoreRange { score, lo, hi } => self
                .score(*score, None)
                .is_some_and(|x| x >= *lo && x <= *hi),
            Leaf::Score { score, test } => {
                let v = self.score(*score, None).map_or(Val::Missing, Val::Num);
                self.passes(&Subject::Score(*score), &v, test)
            }
            Leaf::Cond(c) => self.holds(c),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;
    use crate::explain::NodeId;
    use crate::plan::{Defs, Entries, Idx, Test};
    use accord_records::{Lead, Schema};
    use chrono::{DateTime, Utc};
    use std::path::Path;

    /// Combinators, inlined and memoised fits, every numeric test, lists
    /// with upper-case, non-ASCII and `@` items, `unless`, references to
    /// exclusions and stages.
    const COMBINATORS: &str = r#"lead fields identified by lead_id:
  lead_id is text
  email is an email
  employees is an optional number
  industry is optional text
  status is one of "lead", "customer", "competitor"
  unsubscribed is yes/no
  visits is a number

list free "Free domains": "gmail.com", "Outlook.com", "b@c.com", "k.com", ""
list target "Targets": "SaaS", "E-commerce", "Über"

fit sized "Sized":
  employees is between 20 and 500
  industry is in target

fit busy "Busy":
  any of:
    visits is more than 3
    not (visits is less than 1 or employees is at most 10)

fit big "Big":
  employees is at least 50

score points "Points":
  +30 when industry is in target
  +20 when visits is at least 2
  +10 when big

exclusion customer "Customer" when status is "customer"
exclusion free_email "Free email" when the domain of email is in free unless big
exclusion gone "Unsubscribed" when unsubscribed

mql "MQL" when all of:
  sized
  any of:
    busy
    points is at least 40
  not big
  no exclusion applies

sal "SAL" when any of:
  mql
  all of:
    customer
    not (the domain of email is not in free)
"#;

    fn as_of() -> DateTime<Utc> {
        "2026-11-30T15:00:00Z".parse().unwrap()
    }

    /// The policy `open` adds to a workspace, without errors, compiled.
    fn compile_in(
        open: impl FnOnce(&mut accord_check::Workspace) -> accord_check::PolicyId,
    ) -> (CompiledPolicy, Schema) {
        let mut ws = accord_check::Workspace::new();
        let id = open(&mut ws);
        let diagnostics = ws.diagnostics(id);
        assert!(
            !diagnostics.iter().any(|d| d.is_error()),
            "{diagnostics:#?}"
        );
        let r = ws.resolved(id);
        let plan = crate::compile(&r.files, &r.schema, &r.sources);
        (plan.unwrap(), r.schema)
    }

    /// A definition's answer without an explanation: its flat program.
    fn lean<'p, T>(p: &'p CompiledPolicy, lead: &'p Lead, f: impl FnOnce(&mut Ev<'p>) -> T) -> T {
        let mut ev = Ev::new(p, lead, as_of());
        let r = f(&mut ev);
        Ev::finish(ev.memo, ev.seen_events);
        r
    }

    /// A definition's answer with an explanation (the condition tree walked
    /// by `cond_body`, every clause drawn).
    fn explained<'p, T>(
        p: &'p CompiledPolicy,
        lead: &'p Lead,
        f: impl FnOnce(&mut Ev<'p>, NodeId) -> T,
    ) -> T {
        let mut ev = Ev::new(p, lead, as_of());
        ev.start_tree();
        let n = ev.x.node("", "");
        let r = f(&mut ev, n);
        Ev::finish(ev.memo, ev.seen_events);
        r
    }

    /// Each definition in `defs` answers by its program in `entries` as
    /// `explain` answers; counts the answers no and yes in `seen`.
    fn same_answers<'p, D>(
        (p, lead): (&'p CompiledPolicy, &'p Lead),
        defs: &'p Defs<D>,
        entries: &Entries<D>,
        explain: fn(&mut Ev<'p>, Idx<D>, NodeId) -> bool,
        seen: &mut [usize; 2],
    ) {
        for i in defs.indices() {
            let flat = lean(p, lead, |ev| ev.run(entries.get(i)));
            let what = std::any::type_name::<D>();
            let explained = explained(p, lead, |ev, n| explain(ev, i, n));
            assert_eq!(flat, explained, "{what} {i:?} of lead {}", lead.id);
            seen[usize::from(flat)] += 1;
        }
    }

    /// Every fit, trigger, exclusion and stage of `p`, and the first
    /// exclusion that applies, answer the same by the flat programs as
    /// explained and (stages) as [`Ev::holds`] walking the condition;
    /// returns how many definitions said no and yes.
    fn flat_answers_as_explained(p: &CompiledPolicy, leads: &[Lead]) -> [usize; 2] {
        let mut seen = [0; 2];
        for lead in leads {
            let on = (p, lead);
            let flat = &p.flat;
            same_answers(
                on,
                &p.fits,
                &flat.fits,
                |ev, i, n| ev.fit(i, Some(n)),
                &mut seen,
            );
            let trigger = |ev: &mut Ev, i, n| ev.trigger(i, Some(n));
            same_answers(on, &p.triggers, &flat.triggers, trigger, &mut seen);
            let exclusion = |ev: &mut Ev, i, n| ev.exclusion(i, Some(n));
            same_answers(on, &p.exclusions, &flat.exclusions, exclusion, &mut seen);
            let stage = |ev: &mut Ev, i, n| ev.stage_body(i, Some(n));
            same_answers(on, &p.stages, &flat.stages, stage, &mut seen);
            let first = lean(p, lead, |ev| ev.first_exclusion(None));
            let tried = explained(p, lead, |ev, n| ev.first_exclusion(Some(n)));
            assert_eq!(first, tried, "the first exclusion of lead {}", lead.id);
            for (i, def) in p.stages.iter_enumerated() {
                let flat = lean(p, lead, |ev| ev.run(flat.stages.get(i)));
                let walked = lean(p, lead, |ev| ev.holds(&def.condition));
                assert_eq!(flat, walked, "stage {i:?} of lead {}", lead.id);
            }
        }
        seen
    }

    /// Leads whose every field takes values from a pool of every kind (of
    /// the field's type or not), chosen by a fixed pseudo-random sequence.
    fn pooled_leads(schema: &Schema, count: usize) -> Vec<Lead> {
        let numbers = [
            -1.0, 0.0, 1.0, 2.0, 3.0, 3.5, 10.0, 20.0, 49.999, 50.0, 500.0, 500.5,
        ];
        let texts = [
            "SaaS",
            "saas",
            "Über",
            "customer",
            "lead",
            "",
            "no-at",
            "jane@",
            "jane@gmail.com",
            "jane@GMAIL.com",
            "jane@outlook.com",
            "jane@acme.com",
            "a@b@c.com",
            "a@c.com",
            "@gmail.com",
            "jané@gmail.com",
            "jane@k.com",
            // The Kelvin sign, which lower-cases to an ASCII `k`.
            "jane@\u{212A}.com",
        ];
        let mut pool = vec![
            FieldValue::Missing,
            FieldValue::Number(f64::NAN),
            FieldValue::YesNo(true),
            FieldValue::YesNo(false),
        ];
        pool.extend(numbers.map(FieldValue::Number));
        pool.extend(texts.map(|t| FieldValue::Text(t.into())));
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap_or(0)
        };
        (0..count)
            .map(|n| Lead {
                id: format!("P-{n}").into(),
                record: n + 1,
                values: (0..schema.fields.len())
                    .map(|_| pool[next() % pool.len()].clone())
                    .collect(),
                streams: vec![Vec::new(); schema.streams.len()],
            })
            .collect()
    }

    #[test]
    fn flat_programs_answer_as_the_explained_conditions_do() {
        let path = Path::new("/mem/combinators.accord");
        let (p, schema) = compile_in(|ws| ws.open(path, COMBINATORS.to_string()));
        let busy = p.fits.position(|f| &*f.name == "busy").unwrap();
        assert!(
            p.flat.steps.iter().all(|s| !matches!(
                &s.leaf,
                Leaf::Cond(c) if matches!(c.kind, crate::plan::CondKind::Fit(i) if i == busy)
            )),
            "a fit referred to once is inlined"
        );
        let seen = flat_answers_as_explained(&p, &pooled_leads(&schema, 3000));
        assert!(seen.iter().all(|n| *n > 1000), "{seen:?}");

        // The hand-built test policy, on the good lead with each field in turn
        // taking each value of the pool.
        let (p, schema) = crate::tests::compiled();
        let good = crate::tests::good_lead(&schema);
        let pool = pooled_leads(&schema, 1);
        let mut leads = vec![good.clone()];
        for values in pooled_leads(&schema, 200) {
            for (slot, v) in values.values.into_iter().enumerate() {
                let mut lead = good.clone();
                lead.values[slot] = v;
                leads.push(lead);
            }
        }
        leads.extend(pool);
        let seen = flat_answers_as_explained(&p, &leads);
        assert!(seen.iter().all(|n| *n > 100), "{seen:?}");
    }

    /// The decision path tries the cheapest items of an `all of` first:
    /// the MQL's `no exclusion applies` (worked out before the stages, so
    /// read remembered) before its fits and its score, the fit of two
    /// fields before the `any of` that reads a score.
    #[test]
    fn the_cheapest_items_are_tried_first() {
        let path = Path::new("/mem/combinators.accord");
        let (p, _) = compile_in(|ws| ws.open(path, COMBINATORS.to_string()));
        let (mql, _) = (p.stages.iter_enumerated())
            .find(|(_, d)| d.kind == crate::plan::StageKind::Mql)
            .unwrap();
        let step = |at: u32| &p.flat.steps[at as usize];
        let first = step(p.flat.stages.get(mql));
        assert!(
            matches!(&first.leaf, Leaf::Cond(c) if matches!(c.kind, crate::plan::CondKind::NoExclusion)),
            "{first:?}"
        );
        // Then `not big` (a fit of one field, written third; referred to
        // three times, so not inlined), then `sized`'s two fields.
        let second = step(first.then);
        assert!(
            matches!(&second.leaf, Leaf::Cond(c) if matches!(c.kind, crate::plan::CondKind::Fit(_))),
            "{second:?}"
        );
        assert_eq!(second.then, crate::plan::FAILS, "`not big`: big fails it");
        let third = step(second.otherwise);
        assert!(matches!(third.leaf, Leaf::Range { .. }), "{third:?}");
    }

    /// A policy whose definitions each refer to the four before them, 40
    /// deep (fits, and scores whose rules read the scores before):
    /// ordering the items cheapest first works each definition's cost out
    /// once, so it compiles at once (followed reference by reference, even
    /// only 16 deep, it would take 4^16 steps), and the costs do not
    /// overflow.
    #[test]
    fn ordering_by_cost_follows_each_definition_once() {
        let mut text = String::from(
            "lead fields identified by lead_id:\n  lead_id is text\n  visits is a number\n\n",
        );
        for (k, name) in ["a", "b", "c", "d"].iter().enumerate() {
            text.push_str(&format!(
                "fit {name}0 \"{name}\":\n  visits is at least {k}\n\n\
                 score s{name}0 \"S{name}\":\n  +1 when visits is at least {k}\n\n"
            ));
        }
        for k in 1..=40 {
            let j = k - 1;
            let [a, b, c, d] = ["a", "b", "c", "d"].map(|n| format!("{n}{j}"));
            text.push_str(&format!(
                "fit a{k} \"A{k}\":\n  {a}\n  {b}\n  {c}\n  {d}\n\n\
                 fit b{k} \"B{k}\":\n  any of:\n    {a}\n    {b}\n    {c}\n    {d}\n\n\
                 fit c{k} \"C{k}\":\n  {a}\n  any of:\n    {b}\n    {c}\n    {d}\n\n\
                 fit d{k} \"D{k}\":\n  any of:\n    all of:\n      {a}\n      {b}\n    all of:\n      {c}\n      {d}\n\n"
            ));
            for (n, name) in ["a", "b", "c", "d"].iter().enumerate() {
                text.push_str(&format!("score s{name}{k} \"S{name}{k}\":\n"));
                for (p, other) in ["a", "b", "c", "d"].iter().enumerate() {
                    let points = 1 + (n + p) % 4;
                    text.push_str(&format!("  +{points} when s{other}{j} is at least 1\n"));
                }
                text.push('\n');
            }
        }
        text.push_str(
            "mql \"MQL\" when all of:\n  a40\n  b40\n  sa40 is at least 1\n  sd40 is at least 2\n  visits is at least 2\n",
        );
        let path = Path::new("/mem/deep.accord");
        let (p, schema) = compile_in(|ws| ws.open(path, text));
        let leads = pooled_leads(&schema, 50);
        let seen = flat_answers_as_explained(&p, &leads);
        assert!(seen.iter().all(|n| *n > 0), "{seen:?}");
    }

    /// The bundled policies on the example leads.
    #[test]
    fn flat_programs_answer_as_explained_on_the_bundled_policies() {
        for (name, p, leads) in crate::tests::bundled_policies_and_leads() {
            let seen = flat_answers_as_explained(&p, &leads);
            assert!(seen.iter().all(|n| *n > 0), "{name}: {seen:?}");
        }
    }

    /// A numeric test's range answers as the test does, at and around its
    /// bounds, for infinities and NaN.
    #[test]
    fn a_numeric_tests_range_answers_as_the_test() {
        let (p, schema) = crate::tests::compiled();
        let lead = crate::tests::good_lead(&schema);
        let ev = Ev::new(&p, &lead, as_of());
        let bounds: [f64; 7] = [-1.5, -0.0, 0.0, 1e-300, 3.0, 65.0, 1e15];
        let mut values = vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
        ];
        for b in bounds {
            values.extend([b, b.next_up(), b.next_down(), -b]);
        }
        for a in bounds {
            for test in [
                Test::AtLeast(a),
                Test::AtMost(a),
                Test::MoreThan(a),
                Test::LessThan(a),
                Test::Between(a, 65.0),
            ] {
                let cond = crate::plan::Cond {
                    kind: crate::plan::CondKind::Cmp {
                        subject: Subject::Field(0),
                        name: String::new(),
                        test: test.clone(),
                    },
                    src: 0,
                };
                let Leaf::Range { lo, hi, .. } = crate::compile::flat_leaf(&cond) else {
                    panic!("{test:?} is a range");
                };
                for x in &values {
                    let general = ev.passes(&Subject::Field(0), &Val::Num(*x), &test);
                    assert_eq!(*x >= lo && *x <= hi, general, "{x} {test:?}");
                }
            }
        }
        Ev::finish(ev.memo, ev.seen_events);
    }

    /// The decision path reads a program's steps one after another: a
    /// step is kept within a cache line (large operands — sets of
    /// literals, patterns, whole conditions — are behind a pointer), and
    /// so is a test. Keeping them small made `decide` ~12% faster.
    #[test]
    fn a_step_fits_in_a_cache_line() {
        assert!(std::mem::size_of::<crate::plan::Step>() <= 64);
        assert!(std::mem::size_of::<Test>() <= 32);
        // A score's rules are read one after another too.
        assert!(std::mem::size_of::<crate::plan::PointRule>() <= 112);
    }
}
