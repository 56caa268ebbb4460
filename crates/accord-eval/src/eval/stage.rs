//! Stages (MQL, SAL, SQL), exclusions (tried in order, first match decides,
//! `unless` overrides, routes) and tiers (first match wins, `otherwise`).

use super::Ev;
use crate::explain::{NodeId, Phrase, Verdict};
use crate::outcome::ExclusionHit;
use crate::plan::{applying, ExclusionDef, Idx, StageDef, StageKind};

impl<'p> Ev<'p> {
    /// A stage as a root answer.
    pub(crate) fn stage(&mut self, i: Idx<StageDef>, out: Option<NodeId>) -> bool {
        let Some(def) = self.p.stages.get(i) else {
            return false;
        };
        let node = out.map(|_| self.answer(def.src, &def.title));
        let r = self.stage_body(i, node);
        if let Some(n) = node {
            self.x.set_verdict(n, Verdict::of(r));
        }
        self.push(out, node);
        r
    }

    /// A stage's condition, into the given node.
    pub(crate) fn stage_body(&mut self, i: Idx<StageDef>, n: Option<NodeId>) -> bool {
        let Some(n) = n else {
            let stages = &self.p.stages;
            return self.remembered(
                |m| &mut m.stages,
                stages,
                i,
                false,
                |ev, _| ev.run(ev.p.flat.stages.get(i)),
            );
        };
        let Some(def) = self.p.stages.get(i) else {
            return false;
        };
        let n = Some(n);
        if let Some(n) = n.filter(|&n| self.drawn_before(i, n)) {
            self.definition(n, &def.title, def.src);
            let holds = self.stage_body(i, None);
            if holds && self.held_reference(n, def.kind, true) {
                return holds;
            }
            return self.explained_above(n, def.kind.word(), holds);
        }
        if !self.enter() {
            self.leave();
            return false;
        }
        let r = self.cond_body(&def.condition, n);
        self.leave();
        self.memo.stages.set(i, r, self.memo.epoch);
        r
    }

    /// Whether one exclusion applies (`when` holds and `unless` does not).
    pub(crate) fn exclusion(&mut self, i: Idx<ExclusionDef>, n: Option<NodeId>) -> bool {
        let Some(n) = n else {
            // Its `unless` is read only when its condition holds.
            let exclusions = &self.p.exclusions;
            return self.remembered(
                |m| &mut m.exclusions,
                exclusions,
                i,
                false,
                |ev, _| ev.run(ev.p.flat.exclusions.get(i)),
            );
        };
        let Some(def) = self.p.exclusions.get(i) else {
            return false;
        };
        self.definition(n, &def.title, def.src);
        if self.drawn_before(i, n) {
            let applies = self.exclusion(i, None);
            return self.explained_above(n, "applies", applies);
        }
        let n = Some(n);
        if !self.enter() {
            self.leave();
            return false;
        }
        let when = self.cond(&def.when, n);
        // The exclusion's condition holding is bad news for the lead.
        if let Some(w) = n.and_then(|n| self.x.last_child(n)) {
            self.x.read_as_unwanted(w);
        }
        // The `unless` matters only when the condition holds; otherwise it
        // is not drawn either (its marks would speak of nothing).
        let unless = match &def.unless {
            Some(u) if when => self.cond(u, n),
            Some(_) => {
                if let Some(n) = n {
                    self.x.note(
                        n,
                        "its `unless` clause does not matter: the condition does not hold",
                    );
                }
                false
            }
            None => false,
        };
        self.leave();
        let applies = when && !unless;
        if let Some(n) = n {
            if when && unless {
                self.x.note(n, "overridden by its `unless` clause");
            }
            if applies {
                if let Some(route) = &def.route {
                    self.x.note(n, ("route to \"", route, "\""));
                }
            }
        }
        self.memo.exclusions.set(i, applies, self.memo.epoch);
        applies
    }

    /// The first exclusion that applies, trying them in order. When
    /// explaining, each one tried is a child (✓ = does not apply).
    pub(crate) fn first_exclusion(&mut self, n: Option<NodeId>) -> Option<Idx<ExclusionDef>> {
        if n.is_none() {
            if let Some(r) = self.memo.first_exclusion {
                return r;
            }
            // Without an explanation: one program tries them in order, each
            // inside the cycle guard as a reference to it would be.
            let found = match self.enter() {
                true => applying(self.run_to(self.p.flat.first_exclusion)).map(Idx::new),
                false => None,
            };
            self.leave();
            self.memo.first_exclusion = Some(found);
            return found;
        }
        let mut found = None;
        for (i, def) in self.p.exclusions.iter_enumerated() {
            let child = n.map(|_| self.node(def.src));
            let applies = self.exclusion(i, child);
            if let (Some(c), Some(parent)) = (child, n) {
                self.x.set_verdict(c, Verdict::of(!applies));
                self.x.read(c, Phrase::Applies, Phrase::of(applies));
                self.x.attach(parent, c);
            }
            if applies {
                found = Some(i);
                break;
            }
        }
        if let (Some(i), Some(n)) = (found, n) {
            let def = self.p.exclusions.get(i);
            let name = def.map(|d| &*d.name).unwrap_or("?");
            match def.and_then(|d| d.route.as_ref()) {
                Some(route) => self
                    .x
                    .gap(n, ("excluded by ", name, ", route to \"", route, "\"")),
                None => self.x.gap(n, ("excluded by ", name)),
            }
        }
        self.memo.first_exclusion = Some(found);
        found
    }

    /// The exclusions answer: the one that decided (at most one).
    pub(crate) fn exclusion_answer(&mut self, out: Option<NodeId>) -> Vec<ExclusionHit> {
        if self.p.exclusions.is_empty() {
            return Vec::new();
        }
        let draw = out.is_some() && !self.p.stages_show_exclusions;
        let node = draw.then(|| {
            let loc = self.p.exclusions.first().map_or("", |d| self.loc(d.src));
            self.x.node(
                "no exclusion applies (tried in order, first match decides)",
                loc,
            )
        });
        let hit = self.first_exclusion(node);
        if let Some(n) = node {
            self.x.set_verdict(n, Verdict::of(hit.is_none()));
        }
        self.push(out, node);
        self.p.exclusion_hits(hit)
    }

    /// The lead's tier: the first rule that matches.
    pub(crate) fn tier(&mut self, n: Option<NodeId>) -> Option<u32> {
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
            let child = n.map(|_| self.node(rule.src));
            let r = match &rule.condition {
                None => {
                    if let Some(c) = child {
                        self.x.read(c, "earlier tiers matched", 0);
                        self.x.threshold(c, "none");
                    }
                    true
                }
                Some(c) => self.cond_body(c, child),
            };
            if let (Some(c), Some(parent)) = (child, n) {
                self.x.set_verdict(c, Verdict::of(r));
                self.x.attach(parent, c);
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

    /// The MQL answer as reported (`None` when the policy defines no MQL):
    /// the definition holds and no rejection holds the lead out.
    pub(crate) fn reported_mql(&mut self) -> Option<bool> {
        let i = self.p.stages.position(|s| s.kind == StageKind::Mql)?;
        Some(self.stage_body(i, None) && self.held_by.is_none())
    }

    /// The tier as a root answer.
    pub(crate) fn tier_answer(&mut self, out: Option<NodeId>) -> Option<u32> {
        let def = self.p.tiers.as_ref()?;
        let node = out.map(|_| self.answer(def.src, &def.title));
        let tier = self.tier(node);
        if let Some(n) = node {
            match tier {
                Some(t) => {
                    // A lead that is not an MQL has no tier yet: say which
                    // it would have.
                    let word = if self.reported_mql() == Some(false) {
                        "would be tier"
                    } else {
                        "tier"
                    };
                    self.x.read(n, word, t);
                    self.x.set_verdict(n, Verdict::Info);
                }
                None => {
                    self.x.gap(n, "no tier matched");
                    self.x.set_verdict(n, Verdict::NotApplicable);
                }
            }
        }
        self.push(out, node);
        tier
    }
}
