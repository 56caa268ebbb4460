//! Reaching a required score: the moves that raise or lower it, one per
//! point rule (its condition made true, or one more matching event).

use super::{Builder, Goal};
use accord_syntax::ast::{self, PointBasis, Quantity, ScoreBody};

impl Builder<'_> {
    /// Moves that raise (`up`) or lower a score: each point rule's
    /// condition, or one more matching event.
    pub fn score_moves(&self, goal: &Goal, score: &str, up: bool) -> Vec<Goal> {
        let Some(s) = self.defs.score(score) else {
            return Vec::new();
        };
        let rules: Vec<&ast::PointRule> = match &s.body {
            ScoreBody::Rules(r) => r.iter().collect(),
            ScoreBody::Weighted(subs) => subs.iter().flat_map(|x| x.rules.iter()).collect(),
            ScoreBody::FromField(_) => Vec::new(),
        };
        let mut out = Vec::new();
        for r in rules.into_iter().filter(|r| (r.points > 0.0) == up) {
            let mut g = goal.clone();
            let ok = match &r.basis {
                PointBasis::When(c) => self.satisfy(&mut g, c, true, 0),
                PointBasis::ForEach(p) => {
                    let mut one = p.clone();
                    let have = g.events.len();
                    one.quantity = Quantity::AtLeast(1);
                    // one more than now
                    let before = g.events.clone();
                    let ok = self.events(&mut g, &one, true, None);
                    if ok && g.events.len() == have {
                        if let Some(last) = before.iter().rev().find(|e| {
                            self.schema.stream(&p.stream.name) == Some(e.stream)
                                && p.kinds.first().is_none_or(|k| k.value == e.kind)
                        }) {
                            let mut e = last.clone();
                            e.ago += 600.0 * (g.events.len() as f64 + 1.0);
                            g.events.push(e);
                        }
                    }
                    ok
                }
            };
            if ok && g.events.len() + g.fields.len() > 0 {
                out.push(g);
            }
        }
        out
    }
}
