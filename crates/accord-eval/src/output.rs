//! The output contract: one JSON row per input record.
//!
//! A decision row has `id`, `record`, `policy` {name, version, hash},
//! `as_of`, `mql`, `mql_definition` (the definition's own verdict; `mql`
//! is false while a rejection holds the lead out), `sal`/`sql` (null when
//! the policy does not define them), `exclusions`, `tier`, `slas` (keyed by
//! SLA name, in policy order),
//! `persistence`, `recycling`, `handoff`, `errors` (empty) and, only when
//! asked, `explanation`. An error row (a record that could not be read) has
//! `id` (when readable), `record`, `policy`, `as_of`, `errors`, and null
//! decision fields. The JSON Schema is `schema/decision-row.schema.json`.
//!
//! Every answer is judged as of `as_of`: events after it do not exist, and
//! a lead's timestamp field later than it has not happened yet and
//! reads as missing (see `eval`'s module docs).

use crate::decision::*;
use crate::explain::Explanation;
use crate::idx::Idx;
use crate::plan::{CompiledPolicy, StageKind};
use accord_records::{Lead, LeadText, RecordError};
use chrono::{DateTime, Utc};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::sync::Arc;

pub use crate::plan::PolicyRef;

/// One SLA in a row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SlaRow {
    pub state: SlaState,
    pub start: Option<String>,
    pub due: Option<String>,
    pub stopped_at: Option<String>,
    pub late_by_seconds: Option<i64>,
    pub remaining_seconds: Option<i64>,
    pub reason: Option<String>,
    pub zone: Option<&'static str>,
}

/// SLAs keyed by name, serialized as a JSON object in policy order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SlaMap(pub Vec<(Arc<str>, SlaRow)>);

impl Serialize for SlaMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl SlaMap {
    pub fn get(&self, name: &str) -> Option<&SlaRow> {
        self.0.iter().find(|(k, _)| &**k == name).map(|(_, v)| v)
    }
}

/// Recycling in a row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecyclingRow {
    pub reason: Arc<str>,
    pub disposition: Arc<[Arc<str>]>,
    pub nurture_track: Option<Arc<str>>,
    pub earliest_reentry: Option<String>,
    pub new_trigger_since_rejection: bool,
    pub human_review_due: bool,
    pub may_reenter: bool,
    pub nurture_placement_due: Option<String>,
    pub nurture_placement_met: Option<bool>,
}

/// Persistence in a row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersistenceRow {
    pub applies: bool,
    pub compliant: bool,
    pub missing: Vec<String>,
    pub pending: Vec<String>,
}

/// Handoff in a row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HandoffRow {
    pub applies: bool,
    pub complete: bool,
    pub missing: Vec<Arc<str>>,
    pub missing_preferred: Vec<Arc<str>>,
}

/// One output row (see the module docs for the contract).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub id: Option<LeadText>,
    pub record: usize,
    /// The compiled policy's own (each thread's copy's), shared.
    pub policy: Arc<PolicyRef>,
    pub as_of: Arc<str>,
    pub mql: Option<bool>,
    /// Whether the MQL definition holds (what `mql` reads inside the
    /// policy); `mql` is this and not held out by a rejection.
    pub mql_definition: Option<bool>,
    pub sal: Option<bool>,
    pub sql: Option<bool>,
    pub exclusions: Option<Vec<ExclusionHit>>,
    pub tier: Option<u32>,
    pub slas: Option<SlaMap>,
    pub persistence: Option<PersistenceRow>,
    pub recycling: Option<RecyclingRow>,
    pub handoff: Option<HandoffRow>,
    pub errors: Vec<RecordError>,
    /// Boxed: a row is moved several times on its way out, and the
    /// explanation is larger than the rest of it (most rows have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Box<Explanation>>,
}

pub use crate::show::rfc3339;

/// `as_of` as a row shows it ([`rfc3339`]). Every row of a run has the
/// same `as_of`, so each thread keeps the text of the last one it wrote
/// and shares it with every row rather than writing the instant again.
fn as_of_text(as_of: DateTime<Utc>) -> Arc<str> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(DateTime<Utc>, Arc<str>)>> =
            const { std::cell::RefCell::new(None) };
    }
    let cached = |last: &std::cell::RefCell<Option<(DateTime<Utc>, Arc<str>)>>| {
        let mut last = last.borrow_mut();
        match &*last {
            Some((at, text)) if *at == as_of => Arc::clone(text),
            _ => {
                let text: Arc<str> = rfc3339(as_of).into();
                *last = Some((as_of, Arc::clone(&text)));
                text
            }
        }
    };
    LAST.try_with(cached)
        .unwrap_or_else(|_| rfc3339(as_of).into())
}

/// The policy's identity as `p`'s rows share it.
fn policy_ref(p: &CompiledPolicy) -> Arc<PolicyRef> {
    Arc::clone(&p.policy_ref)
}

/// Whether a decision of `p` holds nothing but the routing answers
/// [`CompiledPolicy::decide`] gives (stages, the deciding exclusion, the
/// tier): no SLAs, persistence, recycling (nor rejection reasons, which
/// hold an MQL out) or handoff.
pub(crate) fn routes_only(p: &CompiledPolicy) -> bool {
    p.slas.is_empty()
        && p.persistence.is_none()
        && p.recycling.is_none()
        && p.reasons.is_empty()
        && p.handoff.is_none()
}

impl Row {
    /// The row for one lead read. Without an explanation, for a policy
    /// that decides nothing but routes ([`routes_only`]), it is made from
    /// [`CompiledPolicy::decide`]'s answers, without building the
    /// [`Decision`] (the same row: `tests.rs` compares them over the
    /// leads of the example data).
    pub(crate) fn for_lead(
        policy: &CompiledPolicy,
        lead: &Lead,
        as_of: DateTime<Utc>,
        explain: bool,
    ) -> Row {
        policy.on_this_thread(|p| {
            if !explain && routes_only(p) {
                Row::from_verdicts(p, lead, as_of, p.decide(lead, as_of))
            } else {
                Row::from_decision(p, p.evaluate_for_row(lead, as_of, explain))
            }
        })
    }

    /// The row of a lead a [`routes_only`] policy decided `v` for: what
    /// [`Row::from_decision`] gives for its decision.
    fn from_verdicts(p: &CompiledPolicy, lead: &Lead, as_of: DateTime<Utc>, v: Verdicts) -> Row {
        Row {
            id: Some(lead.id.clone()),
            record: lead.record,
            policy: policy_ref(p),
            as_of: as_of_text(as_of),
            mql: Some(v.mql.unwrap_or(false)),
            mql_definition: v.mql_definition,
            sal: v.sal,
            sql: v.sql,
            exclusions: Some(p.exclusion_hits(v.exclusion.map(Idx::new))),
            tier: v.tier,
            slas: Some(SlaMap::default()),
            persistence: None,
            recycling: None,
            handoff: None,
            errors: Vec::new(),
            explanation: None,
        }
    }

    /// The row for a decision: its values move into the row (nothing is
    /// copied), the explanation too when present. The row shares
    /// `policy`'s identity when `policy` made the decision (the same hash:
    /// the same files), else it holds the identity the decision names.
    pub fn from_decision(policy: &CompiledPolicy, d: Decision) -> Row {
        let identity = if d.policy.hash == policy.meta.hash {
            policy_ref(policy)
        } else {
            Arc::new(PolicyRef {
                name: Arc::clone(&d.policy.name),
                version: d.policy.version.clone(),
                hash: Arc::clone(&d.policy.hash),
            })
        };
        let stage = |kind: StageKind| d.stages.iter().find(|s| s.kind == kind);
        let (mql, sal, sql) = (d.mql(), d.stage(StageKind::Sal), d.stage(StageKind::Sql));
        let mql_definition = stage(StageKind::Mql).map(|s| s.definition_holds);
        let slas = d
            .slas
            .into_iter()
            .map(|s| {
                let row = SlaRow {
                    state: s.state,
                    start: s.start.map(rfc3339),
                    due: s.due.map(rfc3339),
                    stopped_at: s.stopped_at.map(rfc3339),
                    late_by_seconds: s.late_by_seconds,
                    remaining_seconds: s.remaining_seconds,
                    reason: s.reason,
                    zone: s.zone,
                };
                (s.name, row)
            })
            .collect();
        Row {
            id: Some(d.lead_id),
            record: d.record,
            policy: identity,
            as_of: as_of_text(d.as_of),
            mql: Some(mql),
            mql_definition,
            sal,
            sql,
            exclusions: Some(d.exclusions),
            tier: d.tier,
            slas: Some(SlaMap(slas)),
            persistence: d.persistence.map(|p| PersistenceRow {
                applies: p.applies,
                compliant: p.compliant,
                missing: p.missing,
                pending: p.pending,
            }),
            recycling: d.recycling.map(|r| RecyclingRow {
                reason: r.reason,
                disposition: r.disposition,
                nurture_track: r.nurture_track,
                earliest_reentry: r.earliest_reentry.map(rfc3339),
                new_trigger_since_rejection: r.new_trigger_since_rejection,
                human_review_due: r.human_review_due,
                may_reenter: r.may_reenter,
                nurture_placement_due: r.nurture_placement_due.map(rfc3339),
                nurture_placement_met: r.nurture_placement_met,
            }),
            handoff: d.handoff.map(|h| HandoffRow {
                applies: h.applies,
                complete: h.complete,
                missing: h.missing,
                missing_preferred: h.missing_preferred,
            }),
            errors: Vec::new(),
            explanation: d.explanation.map(Box::new),
        }
    }

    /// The row for a record that could not be read.
    pub fn from_errors(
        policy: &CompiledPolicy,
        record: usize,
        as_of: DateTime<Utc>,
        errors: Vec<RecordError>,
    ) -> Row {
        Row {
            id: errors
                .iter()
                .find_map(|e| e.lead_id.as_deref().map(LeadText::new)),
            record,
            policy: policy_ref(policy),
            as_of: as_of_text(as_of),
            mql: None,
            mql_definition: None,
            sal: None,
            sql: None,
            exclusions: None,
            tier: None,
            slas: None,
            persistence: None,
            recycling: None,
            handoff: None,
            errors,
            explanation: None,
        }
    }

    /// Whether this is an error row.
    pub fn is_error(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The row as one line of JSON (no trailing newline).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}
