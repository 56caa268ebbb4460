//! Making a condition come out true (or false): `all of` / `any of` with
//! backtracking over copies of the goal, names (fits, triggers, exclusions,
//! stages, yes/no fields), exclusions with their `unless`, and comparisons
//! on fields, which become constraints in the [`Goal`].

use super::constraints::{complement, intersect, TextKind, TextTest};
use super::{Builder, Goal, Named};
use crate::sets::{accepted, Accepted, End, Interval};
use accord_records::FieldType;
use accord_syntax::ast::{self, Condition, ConditionKind, Operand};
use chrono::{DateTime, Utc};

impl Builder<'_> {
    /// Adds what makes `c` come out `want`; `false` when it cannot.
    pub fn satisfy(&self, goal: &mut Goal, c: &Condition, want: bool, depth: usize) -> bool {
        if depth > 24 {
            return false;
        }
        match &c.kind {
            ConditionKind::Compare { subject, test } => {
                self.compare(goal, subject, &test.kind, want)
            }
            ConditionKind::All(cs) => self.all(goal, &cs.iter().collect::<Vec<_>>(), want, depth),
            ConditionKind::Any(cs) => self.any(goal, &cs.iter().collect::<Vec<_>>(), want, depth),
            ConditionKind::Not(inner) => self.satisfy(goal, inner, !want, depth + 1),
            ConditionKind::Ref(i) => self.reference(goal, &i.name, want, depth),
            ConditionKind::Events(p) => self.events(goal, p, want, None),
            ConditionKind::NoExclusionApplies => {
                let exclusions = self.defs.exclusions();
                exclusions
                    .iter()
                    .all(|e| self.exclusion(goal, e, !want, depth))
            }
        }
    }

    /// All of `cs` hold (`want`), or (not `want`) at least one fails.
    fn all(&self, goal: &mut Goal, cs: &[&Condition], want: bool, depth: usize) -> bool {
        if want {
            self.every(goal, cs, true, depth)
        } else {
            self.some(goal, cs, false, depth)
        }
    }

    /// One of `cs` holds (`want`), or none does.
    fn any(&self, goal: &mut Goal, cs: &[&Condition], want: bool, depth: usize) -> bool {
        if want {
            self.some(goal, cs, true, depth)
        } else {
            self.every(goal, cs, false, depth)
        }
    }

    /// Every one of `cs` comes out `value` on one lead: `goal` is changed
    /// only when all of them could be made so.
    fn every(&self, goal: &mut Goal, cs: &[&Condition], value: bool, depth: usize) -> bool {
        let mut g = goal.clone();
        if cs.iter().all(|c| self.satisfy(&mut g, c, value, depth + 1)) {
            *goal = g;
            return true;
        }
        false
    }

    /// The first of `cs` that can be made to come out `value` does, on a
    /// copy of `goal` each time, so a failed try leaves no trace.
    fn some(&self, goal: &mut Goal, cs: &[&Condition], value: bool, depth: usize) -> bool {
        for c in cs {
            let mut g = goal.clone();
            if self.satisfy(&mut g, c, value, depth + 1) {
                *goal = g;
                return true;
            }
        }
        false
    }

    fn reference(&self, goal: &mut Goal, name: &str, want: bool, depth: usize) -> bool {
        match self.defs.named(name) {
            Some(Named::All(cs)) => self.all(goal, &cs, want, depth),
            Some(Named::Trigger(t)) => {
                let items: Vec<&Condition> = t.items.iter().collect();
                let window = t.window.as_ref();
                let one = |goal: &mut Goal, c: &Condition, w: bool| match &c.kind {
                    ConditionKind::Events(p) => self.events(goal, p, w, window),
                    _ => self.satisfy(goal, c, w, depth + 1),
                };
                if t.any == want {
                    // any of them holds / (all of) one of them fails
                    for c in &items {
                        let mut g = goal.clone();
                        if one(&mut g, c, want) {
                            *goal = g;
                            return true;
                        }
                    }
                    false
                } else {
                    let mut g = goal.clone();
                    if items.iter().all(|c| one(&mut g, c, want)) {
                        *goal = g;
                        return true;
                    }
                    false
                }
            }
            Some(Named::Exclusion(e)) => self.exclusion(goal, e, want, depth),
            None => match self.schema.field(name).map(|f| &f.ty) {
                Some(FieldType::YesNo) => {
                    let key = if want { "yes" } else { "no" };
                    self.constrain_values(goal, name, &[key.to_string()], true)
                }
                _ => false,
            },
        }
    }

    /// Adds what makes exclusion `e` apply (or not).
    pub fn satisfy_exclusion(&self, goal: &mut Goal, e: &ast::Exclusion, applies: bool) -> bool {
        self.exclusion(goal, e, applies, 0)
    }

    fn exclusion(&self, goal: &mut Goal, e: &ast::Exclusion, applies: bool, depth: usize) -> bool {
        let mut g = goal.clone();
        let ok = if applies {
            self.satisfy(&mut g, &e.when, true, depth + 1)
                && e.unless
                    .as_ref()
                    .is_none_or(|u| self.satisfy(&mut g, u, false, depth + 1))
        } else {
            self.satisfy(&mut g, &e.when, false, depth + 1) || {
                g = goal.clone();
                e.unless
                    .as_ref()
                    .is_some_and(|u| self.satisfy(&mut g, u, true, depth + 1))
            }
        };
        if ok {
            *goal = g;
        }
        ok
    }

    fn constrain_values(
        &self,
        goal: &mut Goal,
        field: &str,
        values: &[String],
        member: bool,
    ) -> bool {
        let want = goal.fields.entry(field.to_string()).or_default();
        if member {
            let next: Vec<String> = match &want.members {
                Some(m) => m.iter().filter(|v| values.contains(v)).cloned().collect(),
                None => values.to_vec(),
            };
            let next: Vec<String> = next
                .into_iter()
                .filter(|v| !want.excluded.contains(v))
                .collect();
            if next.is_empty() {
                return false;
            }
            want.members = Some(next);
        } else {
            want.excluded.extend(values.iter().cloned());
            if let Some(m) = &want.members {
                if m.iter().all(|v| want.excluded.contains(v)) {
                    return false;
                }
            }
        }
        want.present != Some(false)
    }

    /// Constrains what `operand` reads to `set` (or its complement).
    pub fn constrain(
        &self,
        goal: &mut Goal,
        operand: &Operand,
        set: &Accepted,
        want: bool,
    ) -> bool {
        let (name, domain) = match operand {
            Operand::Name(i) => (i.name.as_str(), false),
            Operand::DomainOf(i, _) => (i.name.as_str(), true),
        };
        if self.defs.score(name).is_some() {
            let Accepted::Numbers(n) = set else {
                return false;
            };
            let allowed = if want { n.clone() } else { complement(n) };
            goal.scores.push((name.to_string(), allowed));
            return true;
        }
        let Some(spec) = self.schema.field(name) else {
            return false;
        };
        match set {
            Accepted::Values { member, values } if domain => {
                let w = goal.fields.entry(name.to_string()).or_default();
                if *member == want {
                    let next: Vec<String> = match &w.domain_members {
                        Some(m) => m.iter().filter(|v| values.contains(v)).cloned().collect(),
                        None => values.clone(),
                    };
                    let next: Vec<String> = next
                        .into_iter()
                        .filter(|v| !w.domain_excluded.contains(v))
                        .collect();
                    if next.is_empty() {
                        return false;
                    }
                    w.domain_members = Some(next);
                } else {
                    w.domain_excluded.extend(values.iter().cloned());
                }
                w.present = Some(true);
                true
            }
            Accepted::Values { member, values } => {
                if want {
                    goal.fields.entry(name.to_string()).or_default().present = Some(true);
                }
                self.constrain_values(goal, name, values, *member == want)
                    || (!want && {
                        // a missing value fails any comparison
                        let w = goal.fields.entry(name.to_string()).or_default();
                        w.members.is_none() && spec.optional && w.present != Some(true) && {
                            w.present = Some(false);
                            true
                        }
                    })
            }
            Accepted::Numbers(n) => {
                let w = goal.fields.entry(name.to_string()).or_default();
                if !want && spec.optional && w.present.is_none() && w.numbers.is_none() {
                    w.present = Some(false);
                    return true;
                }
                let allowed = if want { n.clone() } else { complement(n) };
                let next = match &w.numbers {
                    Some(cur) => intersect(cur, &allowed),
                    None => allowed,
                };
                w.present = Some(true);
                let ok = !next.is_empty();
                w.numbers = Some(next);
                ok
            }
            Accepted::Recent(secs) | Accepted::Older(secs) => {
                let recent = matches!(set, Accepted::Recent(_)) == want;
                let w = goal.fields.entry(name.to_string()).or_default();
                if !want && spec.optional && w.present.is_none() {
                    w.present = Some(false);
                    return true;
                }
                let range = if recent {
                    Interval {
                        lo: Some(End {
                            at: 0.0,
                            included: true,
                        }),
                        hi: Some(End {
                            at: *secs,
                            included: true,
                        }),
                    }
                } else {
                    Interval {
                        lo: Some(End {
                            at: *secs,
                            included: false,
                        }),
                        hi: None,
                    }
                };
                let next = match &w.ago {
                    Some(cur) => intersect(&[*cur], &[range]).first().copied(),
                    None => Some(range),
                };
                w.present = Some(true);
                w.ago = next;
                next.is_some()
            }
        }
    }

    fn compare(
        &self,
        goal: &mut Goal,
        subject: &Operand,
        test: &ast::TestKind,
        want: bool,
    ) -> bool {
        use ast::TestKind::*;
        let name = match subject {
            Operand::Name(i) | Operand::DomainOf(i, _) => i.name.as_str(),
        };
        match test {
            Present | Missing => {
                let present = matches!(test, Present) == want;
                let w = goal.fields.entry(name.to_string()).or_default();
                if w.present.is_some_and(|p| p != present) {
                    return false;
                }
                if !present && !self.schema.field(name).is_some_and(|f| f.optional) {
                    return false;
                }
                w.present = Some(present);
                true
            }
            Contains(s) | ContainsWord(s) | StartsWith(s) | EndsWith(s) | Matches(s) => {
                let kind = match test {
                    Contains(_) => TextKind::Contains,
                    ContainsWord(_) => TextKind::Word,
                    StartsWith(_) => TextKind::Starts,
                    EndsWith(_) => TextKind::Ends,
                    _ => TextKind::Matches,
                };
                if want && kind == TextKind::Matches {
                    return false;
                }
                let w = goal.fields.entry(name.to_string()).or_default();
                w.patterns.push(TextTest {
                    kind,
                    text: s.value.clone(),
                    domain: matches!(subject, Operand::DomainOf(..)),
                    holds: want,
                });
                true
            }
            _ => match accepted(test, &|l| self.defs.list(l)) {
                Some(set) => self.constrain(goal, subject, &set, want),
                None => false,
            },
        }
    }

    /// Sets a timestamp field exactly.
    pub fn set_instant(&self, goal: &mut Goal, field: &str, at: DateTime<Utc>) {
        goal.instants.insert(field.to_string(), at);
        goal.fields.entry(field.to_string()).or_default().present = Some(true);
    }
}
