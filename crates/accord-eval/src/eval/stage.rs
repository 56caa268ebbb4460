//! Stages (MQL, SAL, SQL), exclusions (tried in order, first match decides,
//! `unless` overrides, routes) and tiers (first match wins, `otherwise`).

use super::{kids, put, Ev, Shown};
use crate::decision::ExclusionHit;
use crate::explain::{Node, Verdict};

impl<'p> Ev<'p> {
    /// A stage as a root answer.
    pub(crate) fn stage(&mut self, i: usize, out: Option<&mut Vec<Node>>) -> bool {
        let Some(def) = self.p.stages.get(i) else {
            return false;
        };
        let mut node = out.is_some().then(|| self.answer(def.src, &def.title));
        let r = self.stage_body(i, node.as_mut());
        if let Some(n) = node.as_mut() {
            n.verdict = Verdict::of(r);
        }
        Self::push(out, node);
        r
    }

    /// A stage's condition, into the given node.
    pub(crate) fn stage_body(&mut self, i: usize, mut n: Option<&mut Node>) -> bool {
        if n.is_none() {
            if let Some(Some(r)) = self.memo.stages.get(i) {
                return *r;
            }
        }
        let Some(def) = self.p.stages.get(i) else {
            return false;
        };
        if n.is_some() && self.drawn_before(Shown::Stage, i) {
            let r = self.stage_body(i, None);
            put(&mut n, |n| {
                n.title = def.title.clone();
                n.location = self.loc(def.src);
                n.note("explained above");
            });
            return r;
        }
        if !self.enter() {
            self.leave();
            return false;
        }
        let r = self.cond_body(&def.condition, n);
        self.leave();
        if let Some(m) = self.memo.stages.get_mut(i) {
            *m = Some(r);
        }
        r
    }

    /// Whether one exclusion applies (`when` holds and `unless` does not).
    pub(crate) fn exclusion(&mut self, i: usize, mut n: Option<&mut Node>) -> bool {
        if n.is_none() {
            if let Some(Some(r)) = self.memo.exclusions.get(i) {
                return *r;
            }
        }
        let Some(def) = self.p.exclusions.get(i) else {
            return false;
        };
        if n.is_some() && self.drawn_before(Shown::Exclusion, i) {
            let r = self.exclusion(i, None);
            put(&mut n, |n| {
                n.title = def.title.clone();
                n.location = self.loc(def.src);
                n.note("explained above");
            });
            return r;
        }
        put(&mut n, |n| {
            n.title = def.title.clone();
            n.location = self.loc(def.src);
        });
        if !self.enter() {
            self.leave();
            return false;
        }
        let when = self.cond(&def.when, kids(&mut n));
        let unless = match &def.unless {
            Some(u) if when || n.is_some() => self.cond(u, kids(&mut n)),
            _ => false,
        };
        self.leave();
        let applies = when && !unless;
        put(&mut n, |n| {
            if when && unless {
                n.note("overridden by its `unless` clause");
            }
            if applies {
                if let Some(route) = &def.route {
                    n.note(format!("route to \"{route}\""));
                }
            }
        });
        if let Some(m) = self.memo.exclusions.get_mut(i) {
            *m = Some(applies);
        }
        applies
    }

    /// The first exclusion that applies, trying them in order. When
    /// explaining, each one tried is a child (✓ = does not apply).
    pub(crate) fn first_exclusion(&mut self, mut n: Option<&mut Node>) -> Option<usize> {
        if n.is_none() {
            if let Some(r) = self.memo.first_exclusion {
                return r;
            }
        }
        let mut found = None;
        for (i, def) in self.p.exclusions.iter().enumerate() {
            let mut child = n.is_some().then(|| self.node(def.src));
            let applies = self.exclusion(i, child.as_mut());
            if let (Some(mut c), Some(parent)) = (child, n.as_deref_mut()) {
                c.verdict = Verdict::of(!applies);
                c.read("applies", if applies { "yes" } else { "no" });
                parent.children.push(c);
            }
            if applies {
                found = Some(i);
                break;
            }
        }
        if let Some(i) = found {
            put(&mut n, |n| {
                let def = self.p.exclusions.get(i);
                let name = def.map(|d| d.name.as_str()).unwrap_or("?");
                n.gap = Some(match def.and_then(|d| d.route.as_ref()) {
                    Some(route) => format!("excluded by {name}, route to \"{route}\""),
                    None => format!("excluded by {name}"),
                });
            });
        }
        self.memo.first_exclusion = Some(found);
        found
    }

    /// The exclusions answer: the one that decided (at most one).
    pub(crate) fn exclusion_answer(&mut self, out: Option<&mut Vec<Node>>) -> Vec<ExclusionHit> {
        if self.p.exclusions.is_empty() {
            return Vec::new();
        }
        let draw = out.is_some() && !self.p.stages_show_exclusions;
        let mut node = draw.then(|| {
            let loc = self
                .p
                .exclusions
                .first()
                .map(|d| self.loc(d.src))
                .unwrap_or_default();
            Node::new(
                "no exclusion applies (tried in order, first match decides)",
                loc,
            )
        });
        let hit = self.first_exclusion(node.as_mut());
        if let Some(n) = node.as_mut() {
            n.verdict = Verdict::of(hit.is_none());
        }
        Self::push(out, node);
        hit.and_then(|i| self.p.exclusions.get(i))
            .map(|d| ExclusionHit {
                name: d.name.clone(),
                route: d.route.clone(),
            })
            .into_iter()
            .collect()
    }

    /// The lead's tier: the first rule that matches.
    pub(crate) fn tier(&mut self, mut n: Option<&mut Node>) -> Option<u32> {
        if n.is_none() {
            if let Some(r) = self.memo.tier {
                return r;
            }
        }
        let def = self.p.tiers.as_ref()?;
        if !self.enter() {
            self.leave();
            return None;
        }
        let mut found = None;
        for rule in &def.tiers {
            let mut child = n.is_some().then(|| self.node(rule.src));
            let r = match &rule.condition {
                None => true,
                Some(c) => self.cond_body(c, child.as_mut()),
            };
            if let (Some(mut c), Some(parent)) = (child, n.as_deref_mut()) {
                c.verdict = Verdict::of(r);
                parent.children.push(c);
            }
            if r {
                found = Some(rule.number);
                break;
            }
        }
        self.leave();
        self.memo.tier = Some(found);
        found
    }

    /// The tier as a root answer.
    pub(crate) fn tier_answer(&mut self, out: Option<&mut Vec<Node>>) -> Option<u32> {
        let def = self.p.tiers.as_ref()?;
        let mut node = out.is_some().then(|| self.answer(def.src, &def.title));
        let tier = self.tier(node.as_mut());
        if let Some(n) = node.as_mut() {
            match tier {
                Some(t) => {
                    n.read("tier", t.to_string());
                    n.verdict = Verdict::Info;
                }
                None => {
                    n.gap = Some("no tier matched".into());
                    n.verdict = Verdict::NotApplicable;
                }
            }
        }
        Self::push(out, node);
        tier
    }
}
