//! What evaluating one lead decides: plain data, independent of rendering.
//! [`crate::output`] turns a [`Decision`] into the JSON row contract.

use crate::explain::Explanation;
use crate::plan::PolicyMeta;
use chrono::{DateTime, Utc};
use serde::Serialize;

pub use crate::outcome::*;

/// Everything evaluating one lead as of one instant decided.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    /// The lead's id, shared with the lead ([`accord_records::Lead::id`]).
    pub lead_id: accord_records::LeadText,
    pub record: usize,
    pub policy: PolicyMeta,
    pub as_of: DateTime<Utc>,
    pub stages: Vec<StageOutcome>,
    pub fits: Vec<FitOutcome>,
    pub scores: Vec<ScoreOutcome>,
    pub triggers: Vec<TriggerOutcome>,
    /// The exclusion that decided (first match), if any.
    pub exclusions: Vec<ExclusionHit>,
    pub tier: Option<u32>,
    pub slas: Vec<SlaOutcome>,
    pub persistence: Option<PersistenceOutcome>,
    pub recycling: Option<RecyclingOutcome>,
    pub handoff: Option<HandoffOutcome>,
    /// Present only when evaluation was asked to explain.
    pub explanation: Option<Explanation>,
}

impl Decision {
    /// Whether the stage holds; `None` when the policy does not define it.
    pub fn stage(&self, kind: StageKind) -> Option<bool> {
        self.stages
            .iter()
            .find(|s| s.kind == kind)
            .map(|s| s.passed)
    }
    /// MQL yes/no (`false` when the policy defines no MQL).
    pub fn mql(&self) -> bool {
        self.stage(StageKind::Mql).unwrap_or(false)
    }
    /// The SLA outcome by name.
    pub fn sla(&self, name: &str) -> Option<&SlaOutcome> {
        self.slas.iter().find(|s| &*s.name == name)
    }
}

/// The answers a lead is routed on, without the rest of a [`Decision`]:
/// what [`crate::CompiledPolicy::decide`] returns. Plain data, no heap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Verdicts {
    /// MQL as reported (`None` when the policy defines no MQL): the
    /// definition holds and no rejection keeps the lead out.
    pub mql: Option<bool>,
    /// The MQL definition's own verdict.
    pub mql_definition: Option<bool>,
    pub sal: Option<bool>,
    pub sql: Option<bool>,
    /// The exclusion that decided (first match), by index in policy order.
    pub exclusion: Option<usize>,
    pub tier: Option<u32>,
}
