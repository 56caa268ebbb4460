//! Several versions of one agreement, each in effect from its date: the
//! checks that make a set of loaded policies usable as versions (each
//! decides something, all are one agreement, no two can be confused), shared
//! by `accord eval` and `accord serve`, linking them so each knows the
//! others' definitions, and the words for "no version is in effect".

use crate::Policy;
use accord_eval::StageKind;
use chrono::{DateTime, Utc};
use std::path::Path;

impl Policy {
    /// Whether the policy decides anything (a stage, tiers or SLAs) rather
    /// than only declaring what others import.
    pub fn decides_something(&self) -> bool {
        let c = &self.compiled;
        [StageKind::Mql, StageKind::Sal, StageKind::Sql]
            .into_iter()
            .any(|k| c.defines(k))
            || c.sla_names().next().is_some()
            || !c.tier_numbers().is_empty()
    }
}

/// Tells every version about all the others, so that a rule comparing a
/// definition across versions (`re-enter when the icp definition has
/// changed since the rejection`) can see the version a lead was rejected
/// under. Call it once the set of versions is complete.
pub fn link_versions(versions: &mut [Policy]) {
    let all: Vec<accord_eval::VersionMeanings> = versions
        .iter()
        .map(|v| v.compiled.version_meanings())
        .collect();
    for (i, v) in versions.iter_mut().enumerate() {
        let others = all
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, m)| m.clone())
            .collect();
        v.compiled.set_other_versions(others);
    }
}

/// Checks that `versions` (each with the path it was loaded from) can
/// serve as versions of one agreement: each decides something, all name
/// the same agreement, and no two share both version and effective date.
/// The error is one sentence naming the files.
pub fn check_versions(versions: &[(&Path, &Policy)]) -> Result<(), String> {
    for (path, v) in versions {
        if !v.decides_something() {
            return Err(format!(
                "{} decides nothing (no mql, sal, sql, tiers or SLAs): if it is a shared file, evaluate a policy that imports it",
                path.display()
            ));
        }
    }
    let Some((first_path, first)) = versions.first() else {
        return Ok(());
    };
    let a = first.compiled().meta();
    for (i, (path_b, b)) in versions.iter().enumerate().skip(1) {
        let b = b.compiled().meta();
        if a.name != b.name {
            return Err(format!(
                "{} and {} are different agreements ({:?} and {:?}); several files are versions of one agreement",
                first_path.display(),
                path_b.display(),
                a.name,
                b.name
            ));
        }
        for (path_c, c) in versions.iter().take(i) {
            let c = c.compiled().meta();
            if c.version == b.version && c.effective == b.effective {
                return Err(format!(
                    "{} and {} cannot be told apart: both are version {} in effect from {}; give each version its own `version` and `effective` date",
                    path_c.display(),
                    path_b.display(),
                    b.version.as_deref().unwrap_or("(none)"),
                    b.effective.map_or_else(|| "(no date)".to_string(), |d| d.to_string())
                ));
            }
        }
    }
    Ok(())
}

/// "no policy version is in effect at …: name version from date; …"
pub fn none_in_effect(versions: &[Policy], as_of: DateTime<Utc>) -> String {
    let dates: Vec<String> = versions
        .iter()
        .map(|v| {
            let m = v.compiled().meta();
            let from = m
                .effective
                .map_or_else(|| "?".to_string(), |d| d.to_string());
            format!(
                "{} {} from {from}",
                m.name,
                m.version.as_deref().unwrap_or("?")
            )
        })
        .collect();
    format!(
        "no policy version is in effect at {}: {}",
        accord_eval::output::rfc3339(as_of),
        dates.join("; ")
    )
}
