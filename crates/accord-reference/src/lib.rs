//! A deliberately naive second implementation of what an Accord policy
//! means, written straight from the AST (`accord-syntax`) and the documented
//! semantics (README, the language notes, the doc comments in `ast/`): no
//! plan, no slots computed ahead, no memo, no precomputation — every name is
//! looked up in the policy's items when it is read, every window is walked
//! event by event, business time minute by minute ([`business`]). Clarity
//! over speed.
//!
//! It exists to be compared with `accord-eval` (the optimised evaluator):
//! [`evaluate`] returns the [`Verdicts`] both must agree on, and
//! [`generate`] writes random valid policies and leads for the differential
//! tests (`tests/differential.rs`, `examples/differential.rs`).
//!
//! It reads a policy that `accord check` passed; on anything else its
//! answers are unspecified (but it never panics).

pub mod business;
mod cond;
mod duties;
pub mod generate;
mod time;

use accord_records::{FieldValue, Lead, Schema};
use accord_syntax::ast;
use chrono::{DateTime, Utc};

pub use time::Instant;

/// What the reference decides for one lead as of one instant: the answers
/// the optimised evaluator must give too.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdicts {
    /// Per stage in policy order: (`mql`/`sal`/`sql`, the definition holds,
    /// the reported answer — MQL is false while a rejection holds the lead).
    pub stages: Vec<(ast::StageKind, bool, bool)>,
    /// Fits in policy order: name, passes.
    pub fits: Vec<(String, bool)>,
    /// Scores in policy order: name, value (`None` when read from a missing field).
    pub scores: Vec<(String, Option<f64>)>,
    /// Triggers in policy order: name, fires.
    pub triggers: Vec<(String, bool)>,
    /// The first exclusion that applies: name and route.
    pub exclusion: Option<(String, Option<String>)>,
    pub tier: Option<u32>,
    pub slas: Vec<Sla>,
    pub persistence: Option<Persistence>,
    pub recycling: Option<Recycling>,
    pub handoff: Option<Handoff>,
    /// Some answer read an SLA's state that business time beyond the walk's
    /// budget left undecided: these verdicts decide nothing.
    pub undecided: bool,
}

/// An SLA's state; instants are `Unknown` when business time ran past
/// the walk's budget (not decided here).
#[derive(Clone, Debug, PartialEq)]
pub struct Sla {
    pub name: String,
    pub state: SlaState,
    pub start: Option<DateTime<Utc>>,
    pub due: Instant,
    pub stopped_at: Option<DateTime<Utc>>,
    /// Business seconds (plain seconds without a calendar) past due when
    /// breached, and left when met (at the stop) or pending (at as-of);
    /// `None` when not measured or beyond the walk's budget.
    pub late_by: Option<i64>,
    pub remaining: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlaState {
    Met,
    Breached,
    Pending,
    NotApplicable,
    /// Business time beyond the walk's budget: not decided.
    Unknown,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Persistence {
    pub applies: bool,
    /// `None` when a window's end was beyond the walk's budget.
    pub compliant: Option<bool>,
    /// Number of failed requirements and of requirements still open.
    pub missing: Option<usize>,
    pub pending: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Recycling {
    pub reason: String,
    pub earliest_reentry: Option<DateTime<Utc>>,
    pub new_trigger_since_rejection: bool,
    pub human_review_due: bool,
    pub may_reenter: bool,
    pub nurture_placement_due: Instant,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Handoff {
    /// The block's `applies when` holds (or it has none); when not, it is
    /// complete with nothing missing.
    pub applies: bool,
    pub complete: bool,
    pub missing: usize,
    pub missing_preferred: usize,
}

/// Evaluates `lead` under the policy made of `files` (imports first, the
/// entry file last, as `accord-check` resolves them), whose schema is
/// `schema`, as of `as_of`.
pub fn evaluate(
    files: &[ast::Policy],
    schema: &Schema,
    lead: &Lead,
    as_of: DateTime<Utc>,
) -> Verdicts {
    let items: Vec<&ast::Item> = files.iter().flat_map(|f| f.items.iter()).collect();
    let ev = Ev::new(&items, schema, lead, as_of, None);
    ev.verdicts()
}

/// One evaluation: the policy's items, the lead, the instant, and (when
/// asking whether a trigger fires again after a rejection) the instant
/// after which events count.
pub(crate) struct Ev<'a> {
    pub items: &'a [&'a ast::Item],
    pub schema: &'a Schema,
    pub lead: &'a Lead,
    pub as_of: DateTime<Utc>,
    /// Only events strictly after this exist (re-entry: "a new trigger").
    pub after: Option<DateTime<Utc>>,
    /// The event a `where` filter reads: (stream, event index).
    pub event: Option<(usize, usize)>,
    /// How deep definitions refer to definitions (a checked policy has no
    /// cycles; this only keeps an unchecked one from recursing forever).
    pub depth: std::cell::Cell<u32>,
    /// Set when a condition read an SLA state the walk could not decide
    /// (shared with the evaluations this one starts).
    pub undecided: std::rc::Rc<std::cell::Cell<bool>>,
}

impl<'a> Ev<'a> {
    pub(crate) fn new(
        items: &'a [&'a ast::Item],
        schema: &'a Schema,
        lead: &'a Lead,
        as_of: DateTime<Utc>,
        after: Option<DateTime<Utc>>,
    ) -> Ev<'a> {
        Ev {
            items,
            schema,
            lead,
            as_of,
            after,
            event: None,
            depth: std::cell::Cell::new(0),
            undecided: std::rc::Rc::default(),
        }
    }

    /// A lead field by name, as of the instant: a timestamp later than
    /// as-of has not happened yet and reads as missing.
    pub(crate) fn field(&self, name: &str) -> FieldValue {
        let Some(v) = self.schema.slot(name).and_then(|s| self.lead.values.get(s)) else {
            return FieldValue::Missing;
        };
        match v {
            FieldValue::Timestamp(t) if *t > self.as_of => FieldValue::Missing,
            other => other.clone(),
        }
    }

    /// Whether a field holds a timestamp later than as-of.
    pub(crate) fn not_yet(&self, name: &str) -> bool {
        matches!(
            self.schema.slot(name).and_then(|s| self.lead.values.get(s)),
            Some(FieldValue::Timestamp(t)) if *t > self.as_of
        )
    }

    pub(crate) fn instant_field(&self, name: &str) -> Option<DateTime<Utc>> {
        self.field(name).as_timestamp()
    }

    fn verdicts(&self) -> Verdicts {
        let mut stages = Vec::new();
        let mut fits = Vec::new();
        let mut scores = Vec::new();
        let mut triggers = Vec::new();
        for item in self.items {
            match item {
                ast::Item::Stage(s) => {
                    let holds = self.stage(s.kind);
                    stages.push((s.kind, holds, holds));
                }
                ast::Item::Fit(f) => fits.push((f.name.name.clone(), self.fit(&f.name.name))),
                ast::Item::Score(s) => scores.push((s.name.name.clone(), self.score(&s.name.name))),
                ast::Item::Trigger(t) => {
                    triggers.push((t.name.name.clone(), self.trigger(&t.name.name)))
                }
                _ => {}
            }
        }
        let recycling = self.recycling();
        if let Some(r) = recycling.as_ref().filter(|r| !r.may_reenter) {
            let _ = r;
            for s in stages.iter_mut().filter(|s| s.0 == ast::StageKind::Mql) {
                s.2 = false;
            }
        }
        let slas = self
            .items
            .iter()
            .filter_map(|i| match i {
                ast::Item::Sla(s) => Some(self.sla(s)),
                _ => None,
            })
            .collect();
        Verdicts {
            stages,
            fits,
            scores,
            triggers,
            exclusion: self.first_exclusion(),
            tier: self.tier(),
            slas,
            persistence: self.persistence(),
            recycling,
            handoff: self.handoff(),
            undecided: self.undecided.get(),
        }
    }

    /// Enters a definition; false past a depth no checked policy reaches.
    pub(crate) fn enter(&self) -> bool {
        self.depth.set(self.depth.get() + 1);
        self.depth.get() <= 64
    }
    pub(crate) fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }
}
