//! Evaluating one lead against a compiled plan, as of an instant.
//!
//! **One code path.** Every evaluation function takes an optional
//! explanation node (`Option<&mut Node>`, or a parent's children list).
//! When explaining, the function fills it in as it goes (values read,
//! thresholds, gaps, children); when not, the option is `None` and nothing is
//! allocated or formatted. The verdict in the explanation is the value the
//! function returns, so the decision and its explanation cannot disagree.
//! (With an explanation, `all of`/`any of` evaluate every clause so the tree
//! shows them all; without one they short-circuit — same result.)
//!
//! Results of named definitions are memoised per lead; when explaining, a
//! definition referenced twice is evaluated (identically) twice so that each
//! reference carries its own subtree.

mod condition;
mod handoff;
mod persistence;
mod recycling;
mod score;
mod sla;
mod stage;
mod trigger;

use crate::decision::*;
use crate::explain::{Explanation, Node, Verdict};
use crate::plan::*;
use accord_records::{Event, FieldValue, Lead};
use chrono::{DateTime, Utc};

/// Deepest nesting of definition references (guards cycles in an unchecked policy).
const MAX_DEPTH: u32 = 64;

/// Per-lead memo of named definitions' results.
#[derive(Default)]
struct Memo {
    fits: Vec<Option<bool>>,
    scores: Vec<Option<Option<f64>>>,
    triggers: Vec<Option<bool>>,
    exclusions: Vec<Option<bool>>,
    first_exclusion: Option<Option<usize>>,
    stages: Vec<Option<bool>>,
    tier: Option<Option<u32>>,
    slas: Vec<Option<SlaState>>,
}

/// The evaluation state of one lead.
pub(crate) struct Ev<'p> {
    pub p: &'p CompiledPolicy,
    pub lead: &'p Lead,
    pub as_of: DateTime<Utc>,
    /// Only events strictly after this instant exist (re-evaluating triggers
    /// since a rejection).
    pub after: Option<DateTime<Utc>>,
    /// The lead's rejection instant, for `new` event patterns.
    pub rejected_at: Option<DateTime<Utc>>,
    /// The event a `where` filter is reading.
    pub event: Option<&'p Event>,
    /// Stream of [`Ev::event`].
    pub event_stream: usize,
    memo: Memo,
    depth: u32,
    /// Definitions whose subtree this explanation has drawn already (a
    /// second reference is drawn collapsed: verdict, value, "explained above").
    shown: std::collections::HashSet<(Shown, usize)>,
}

/// Kinds of definitions drawn once per explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Shown {
    Fit,
    Trigger,
    Stage,
    Score,
    Exclusion,
}

/// The children list of an optional node (reborrowed).
pub(crate) fn kids<'a>(n: &'a mut Option<&mut Node>) -> Option<&'a mut Vec<Node>> {
    n.as_deref_mut().map(|n| &mut n.children)
}

/// Runs `f` on the node only when explaining.
pub(crate) fn put(n: &mut Option<&mut Node>, f: impl FnOnce(&mut Node)) {
    if let Some(n) = n.as_deref_mut() {
        f(n);
    }
}

/// `2026-11-18 14:02` (`:SS` added when the seconds are not zero); written
/// by hand because chrono's `format` re-parses its pattern on every call.
fn wall(t: &impl chrono::Timelike, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let mut s = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        date.year(),
        date.month(),
        date.day(),
        t.hour(),
        t.minute()
    );
    if t.second() != 0 {
        s.push_str(&format!(":{:02}", t.second()));
    }
    s
}

/// `2026-11-18 14:02 UTC` (seconds shown only when not zero).
pub(crate) fn show_ts(t: DateTime<Utc>) -> String {
    let mut s = wall(&t, t.date_naive());
    s.push_str(" UTC");
    s
}

/// `2026-11-18 10:15 America/Chicago`.
pub(crate) fn show_local(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    let local = t.with_timezone(&tz);
    let mut s = wall(&local, local.date_naive());
    s.push(' ');
    s.push_str(tz.name());
    s
}

impl<'p> Ev<'p> {
    pub(crate) fn new(p: &'p CompiledPolicy, lead: &'p Lead, as_of: DateTime<Utc>) -> Ev<'p> {
        let memo = Memo {
            fits: vec![None; p.fits.len()],
            scores: vec![None; p.scores.len()],
            triggers: vec![None; p.triggers.len()],
            exclusions: vec![None; p.exclusions.len()],
            first_exclusion: None,
            stages: vec![None; p.stages.len()],
            tier: None,
            slas: vec![None; p.slas.len()],
        };
        let rejected_at = p
            .recycling
            .as_ref()
            .and_then(|r| r.rejected_at_field)
            .or_else(|| p.schema.slot("rejected_at"))
            .and_then(|slot| lead.values.get(slot))
            .and_then(FieldValue::as_timestamp)
            .filter(|t| *t <= as_of);
        Ev {
            p,
            lead,
            as_of,
            after: None,
            rejected_at,
            event: None,
            event_stream: 0,
            memo,
            depth: 0,
            shown: std::collections::HashSet::new(),
        }
    }

    /// A fresh node for a clause.
    pub(crate) fn node(&self, src: SrcId) -> Node {
        match self.p.src(src) {
            Some(s) => Node::new(s.text.clone(), s.loc.clone()),
            None => Node::new("", ""),
        }
    }
    pub(crate) fn loc(&self, src: SrcId) -> std::sync::Arc<str> {
        self.p
            .src(src)
            .map(|s| s.loc.clone())
            .unwrap_or_else(|| "".into())
    }
    pub(crate) fn text(&self, src: SrcId) -> std::sync::Arc<str> {
        self.p
            .src(src)
            .map(|s| s.text.clone())
            .unwrap_or_else(|| "".into())
    }
    /// Whether the definition's subtree was drawn already in this
    /// explanation (marks it drawn). Only called when explaining.
    pub(crate) fn drawn_before(&mut self, kind: Shown, i: usize) -> bool {
        !self.shown.insert((kind, i))
    }
    /// Enters a definition reference; `false` when nested too deep (a cycle).
    pub(crate) fn enter(&mut self) -> bool {
        self.depth += 1;
        self.depth <= MAX_DEPTH
    }
    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
    pub(crate) fn field(&self, slot: usize) -> &'p FieldValue {
        static MISSING: FieldValue = FieldValue::Missing;
        self.lead.values.get(slot).unwrap_or(&MISSING)
    }
    pub(crate) fn field_name(&self, slot: usize) -> &'p str {
        self.p
            .schema
            .fields
            .get(slot)
            .map(|f| f.name.as_str())
            .unwrap_or("?")
    }
    /// A timestamp field, if present and not after as-of.
    pub(crate) fn instant_field(&self, slot: usize) -> Option<DateTime<Utc>> {
        self.field(slot).as_timestamp()
    }
    /// The zone a calendar is read in for this lead.
    pub(crate) fn zone(&self, cal: &CalendarDef) -> chrono_tz::Tz {
        match cal.zone {
            ZoneOf::Fixed(tz) => tz,
            ZoneOf::Lead(slot) => match slot.map(|s| self.field(s)) {
                Some(FieldValue::Zone(tz)) => *tz,
                _ => self.p.schema.default_zone.unwrap_or(chrono_tz::UTC),
            },
        }
    }
    /// The zone for distinct-day counting without a calendar.
    pub(crate) fn default_zone(&self) -> chrono_tz::Tz {
        self.p.schema.default_zone.unwrap_or(chrono_tz::UTC)
    }
}

impl CompiledPolicy {
    /// Evaluates one lead as of an instant. With `explain`, the decision
    /// carries its explanation tree, recorded on the same code path.
    pub fn evaluate(&self, lead: &Lead, as_of: DateTime<Utc>, explain: bool) -> Decision {
        let mut ev = Ev::new(self, lead, as_of);
        let mut answers: Vec<Node> = Vec::new();
        let mut out = explain.then_some(&mut answers);

        let mut stages = Vec::with_capacity(self.stages.len());
        let mut mql_node = None;
        for (i, def) in self.stages.iter().enumerate() {
            if def.kind == StageKind::Mql {
                mql_node = out.as_ref().map(|a| a.len());
            }
            let holds = ev.stage(i, out.as_deref_mut());
            stages.push(StageOutcome {
                kind: def.kind,
                passed: holds,
                definition_holds: holds,
                held_by_rejection: false,
            });
        }
        let exclusions = ev.exclusion_answer(out.as_deref_mut());
        let tier = ev.tier_answer(out.as_deref_mut());
        let mut slas = Vec::with_capacity(self.slas.len());
        for i in 0..self.slas.len() {
            if let Some(s) = ev.sla_answer(i, out.as_deref_mut()) {
                slas.push(s);
            }
        }
        let persistence = ev.persistence_answer(out.as_deref_mut());
        let recycling = ev.recycling_answer(out.as_deref_mut());
        let handoff = ev.handoff_answer(out);
        if let Some(r) = recycling.as_ref().filter(|r| !r.may_reenter) {
            for s in stages
                .iter_mut()
                .filter(|s| s.kind == StageKind::Mql && s.passed)
            {
                s.passed = false;
                s.held_by_rejection = true;
                if let Some(node) = mql_node.and_then(|i| answers.get_mut(i)) {
                    node.verdict = Verdict::Fail;
                    node.gap = Some(format!(
                        "the definition holds, but the lead was rejected (\"{}\") and may not re-enter yet",
                        r.reason
                    ));
                }
            }
        }
        let fits = (0..self.fits.len())
            .filter_map(|i| {
                let passed = ev.fit(i, None);
                self.fits.get(i).map(|d| FitOutcome {
                    name: d.name.clone(),
                    passed,
                })
            })
            .collect();
        let scores = (0..self.scores.len())
            .filter_map(|i| {
                let value = ev.score(i, None);
                self.scores.get(i).map(|d| ScoreOutcome {
                    name: d.name.clone(),
                    value,
                })
            })
            .collect();
        let triggers = (0..self.triggers.len())
            .filter_map(|i| ev.trigger_outcome(i))
            .collect();

        let explanation = explain.then(|| Explanation {
            lead: lead.id.clone(),
            as_of: show_ts(as_of),
            policy: policy_label(&self.meta),
            answers,
        });
        Decision {
            lead_id: lead.id.clone(),
            record: lead.record,
            policy: self.meta.clone(),
            as_of,
            stages,
            fits,
            scores,
            triggers,
            exclusions,
            tier,
            slas,
            persistence,
            recycling,
            handoff,
            explanation,
        }
    }
}

/// `Acme MQL/SQL Agreement 1.2 (effective 2026-01-01, hash 0123abcd…)`.
fn policy_label(m: &PolicyMeta) -> String {
    let mut s = if m.name.is_empty() {
        String::from("(unnamed agreement)")
    } else {
        m.name.clone()
    };
    if let Some(v) = &m.version {
        s.push_str(&format!(" {v}"));
    }
    match m.effective {
        Some(d) => s.push_str(&format!(" (effective {d}, hash {})", m.hash)),
        None => s.push_str(&format!(" (hash {})", m.hash)),
    }
    s
}

impl<'p> Ev<'p> {
    /// A verdict node for a root answer.
    pub(crate) fn answer(&self, src: SrcId, title: &Option<String>) -> Node {
        let mut n = self.node(src);
        n.title = title.clone();
        n
    }
    /// Pushes a root answer node.
    pub(crate) fn push(out: Option<&mut Vec<Node>>, node: Option<Node>) {
        if let (Some(out), Some(node)) = (out, node) {
            out.push(node);
        }
    }
    pub(crate) fn verdict_of_state(s: SlaState) -> Verdict {
        match s {
            SlaState::Met => Verdict::Pass,
            SlaState::Breached => Verdict::Fail,
            SlaState::Pending => Verdict::Info,
            SlaState::NotApplicable => Verdict::NotApplicable,
        }
    }
}
