//! The other versions of an agreement, as far as one lead's evaluation
//! needs them: what each version's named definitions mean
//! ([`crate::compile`]'s `meaning` module) and when the version took effect.
//! `re-enter when the icp definition has changed since the rejection`
//! compares the meaning in effect when the lead was rejected with the one
//! in effect now.
//!
//! A plan knows only itself until it is given the others
//! ([`CompiledPolicy::set_other_versions`]; `accord::link_versions` does it
//! for every version loaded together).

use crate::plan::{CompiledPolicy, VersionMeanings};
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;

/// The version a lead was rejected under, compared with this one.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SinceRejection {
    /// The definition reads the same as under the version (label) in
    /// effect at the rejection (`None` label: this very version).
    Unchanged(Option<Arc<str>>),
    /// The version (label) in effect at the rejection defined it otherwise.
    Changed(Option<Arc<str>>),
    /// No version given was in effect at the rejection.
    Unknown,
}

impl CompiledPolicy {
    /// This version's meanings, to hand to the other versions.
    pub fn version_meanings(&self) -> VersionMeanings {
        VersionMeanings {
            version: self.meta.version.clone(),
            effective: self.meta.effective,
            meanings: Arc::clone(&self.meanings),
        }
    }

    /// Tells this version about the other versions of its agreement.
    pub fn set_other_versions(&mut self, others: Vec<VersionMeanings>) {
        self.other_versions = others;
        // Threads' copies made before do not know them.
        self.identity = accord_records::per_thread::Identity::new();
    }

    /// Whether definition `name` reads differently now from the version
    /// in effect on the day of `rejected` (the latest version effective on
    /// or before that day, as `--as-of` picks one).
    pub(crate) fn definition_since(&self, name: &str, rejected: DateTime<Utc>) -> SinceRejection {
        let day = rejected.date_naive();
        let mine = (self.meta.effective, None);
        let mut best: Option<(Option<NaiveDate>, Option<&VersionMeanings>)> = None;
        for (effective, other) in
            std::iter::once(mine).chain(self.other_versions.iter().map(|o| (o.effective, Some(o))))
        {
            if effective.is_some_and(|e| e > day) {
                continue;
            }
            if best.is_none_or(|(b, _)| effective > b) {
                best = Some((effective, other));
            }
        }
        match best {
            None => SinceRejection::Unknown,
            Some((_, None)) => SinceRejection::Unchanged(None),
            Some((_, Some(then))) => {
                let label = then.version.clone();
                if then.meanings.get(name) == self.meanings.get(name) {
                    SinceRejection::Unchanged(label)
                } else {
                    SinceRejection::Changed(label)
                }
            }
        }
    }
}
