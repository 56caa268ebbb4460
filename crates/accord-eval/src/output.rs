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
    /// The instant the lead was judged at, written as RFC 3339 text
    /// ([`rfc3339`]).
    #[serde(serialize_with = "serialize_as_of")]
    pub as_of: DateTime<Utc>,
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
/// (in place: it is short) rather than writing the instant again for each
/// row; no row holds the text, so making a row costs nothing for it.
fn serialize_as_of<S: Serializer>(as_of: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    thread_local! {
        static LAST: std::cell::Cell<Option<WrittenInstant>> = const { std::cell::Cell::new(None) };
    }
    let written = match LAST.try_with(std::cell::Cell::get).ok().flatten() {
        Some(last) if last.at == *as_of => last,
        _ => match WrittenInstant::of(*as_of) {
            Some(written) => {
                let _ = LAST.try_with(|last| last.set(Some(written)));
                written
            }
            None => return s.serialize_str(&rfc3339(*as_of)),
        },
    };
    s.serialize_str(written.text())
}

/// An instant and its RFC 3339 text, held in place.
#[derive(Clone, Copy)]
struct WrittenInstant {
    at: DateTime<Utc>,
    text: [u8; 40],
    len: usize,
}

impl WrittenInstant {
    /// `None` if the text did not fit (it always does: the longest, at
    /// chrono's first and last instants, is 33 bytes; a test holds it).
    fn of(at: DateTime<Utc>) -> Option<WrittenInstant> {
        let text = rfc3339(at);
        let mut written = WrittenInstant {
            at,
            text: [0; 40],
            len: text.len(),
        };
        written
            .text
            .get_mut(..text.len())?
            .copy_from_slice(text.as_bytes());
        Some(written)
    }

    fn text(&self) -> &str {
        std::str::from_utf8(self.text.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
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
            as_of,
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
            as_of: d.as_of,
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
            as_of,
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use chrono::TimeZone as _;

    /// A row holds its `as_of` as an instant and writes it as RFC 3339
    /// text; each thread keeps the last text it wrote, which must follow
    /// a new instant, and every instant's text fits in place.
    #[test]
    fn as_of_is_written_as_rfc3339_whatever_came_before() {
        let (p, schema) = crate::tests::compiled();
        let lead = crate::tests::good_lead(&schema);
        let instants = [
            Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0).unwrap()
                + chrono::Duration::milliseconds(250),
            Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0).unwrap(),
            DateTime::<Utc>::MAX_UTC,
            DateTime::<Utc>::MIN_UTC,
            Utc.with_ymd_and_hms(1999, 1, 2, 3, 4, 5).unwrap(),
        ];
        for as_of in instants {
            for row in [
                Row::for_lead(&p, &lead, as_of, false),
                Row::from_errors(&p, 3, as_of, Vec::new()),
            ] {
                assert_eq!(row.as_of, as_of);
                let json = serde_json::to_value(&row).unwrap();
                assert_eq!(json["as_of"], serde_json::json!(rfc3339(as_of)));
            }
        }
        for extreme in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
            let written = WrittenInstant::of(extreme).unwrap();
            assert_eq!(written.text(), rfc3339(extreme));
        }
        let json = serde_json::to_value(Row::from_errors(&p, 1, instants[1], Vec::new())).unwrap();
        assert_eq!(json["as_of"], "2026-11-30T15:00:00.250Z");
    }
}
