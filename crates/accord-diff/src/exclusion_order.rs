//! The order of exclusions. The first exclusion that applies to a lead
//! decides which exclusion the lead is excluded by and where it is routed,
//! so two exclusions that can apply to the same lead, checked in the other
//! order, are a change in meaning even when neither changed. Two that can
//! never apply together (`status is "customer"`, `status is
//! "open_opportunity"`) may swap freely.

use crate::canon::canonical;
use crate::sets::{accepted, Accepted};
use crate::words::Cx;
use accord_syntax::ast::{self, ConditionKind, Exclusion};

/// Records, for each pair of policies compared, the exclusions of both
/// versions that are now checked in the other order and can apply to the
/// same lead: one change per exclusion that moved (the one named in the
/// most swapped pairs first), listing the exclusions it moved past.
pub fn diff_exclusion_order(cx: &mut Cx) {
    let mut reported: Vec<(String, String)> = Vec::new();
    for (old_entry, new_entry) in crate::paired_entries(cx.old, cx.new) {
        let old = exclusions(&old_entry.files);
        let new = exclusions(&new_entry.files);
        // Each old exclusion under the name the new version gives it.
        let old_names: Vec<String> = old
            .iter()
            .map(|x| cx.renamed(&x.name.name).to_string())
            .collect();
        let old_at = |name: &str| old_names.iter().position(|n| n == name);
        // (now first, now later) by their places in the new and old versions.
        let mut swapped: Vec<(usize, usize, usize, usize)> = Vec::new();
        for (later_at, later) in new.iter().enumerate() {
            let Some(later_was) = old_at(&later.name.name) else {
                continue;
            };
            for (first_at, first) in new.iter().enumerate().take(later_at) {
                let Some(first_was) = old_at(&first.name.name) else {
                    continue;
                };
                let pair = (first.name.name.clone(), later.name.name.clone());
                if first_was > later_was
                    && !reported.contains(&pair)
                    && can_both_apply(cx, old[first_was], old[later_was])
                {
                    swapped.push((first_at, later_at, first_was, later_was));
                    reported.push(pair);
                }
            }
        }
        while !swapped.is_empty() {
            let in_pairs = |at: usize| {
                swapped
                    .iter()
                    .filter(|&&(f, l, ..)| f == at || l == at)
                    .count()
            };
            let Some(moved) = (0..new.len()).max_by_key(|&at| (in_pairs(at), usize::MAX - at))
            else {
                break;
            };
            let (mut past, mut was) = (Vec::new(), None);
            let mut moved_up = true;
            swapped.retain(|&(f, l, fw, lw)| {
                if f == moved {
                    past.push(new[l].name.name.as_str());
                    was = Some(fw);
                } else if l == moved {
                    past.push(new[f].name.name.as_str());
                    was = Some(lw);
                    moved_up = false;
                } else {
                    return true;
                }
                false
            });
            let name = &new[moved].name.name;
            let text = if moved_up {
                format!(
                    "now checked before {} (a lead one of those also applies to is now excluded by {name} instead)",
                    past.join(", ")
                )
            } else {
                format!(
                    "now checked after {} (a lead one of those also applies to is now excluded by that one instead)",
                    past.join(", ")
                )
            };
            let old_span = was.map(|w| old[w].span);
            cx.push(
                &format!("exclusion {name}"),
                text,
                None,
                old_span,
                Some(new[moved].span),
            );
        }
    }
}

/// The exclusions of a policy and its imports, in the order the evaluator
/// checks them (imports first, the policy last).
fn exclusions(files: &[ast::Policy]) -> Vec<&Exclusion> {
    files
        .iter()
        .flat_map(|f| f.items.iter())
        .filter_map(|item| match item {
            ast::Item::Exclusion(x) => Some(x),
            _ => None,
        })
        .collect()
}

/// Whether one lead can meet the `when` of both exclusions (in the old
/// version). Only two comparisons of the same value whose accepted values
/// do not meet (`status is "customer"` and `status is "competitor"`) are
/// known never to; anything else may.
fn can_both_apply(cx: &Cx, a: &Exclusion, b: &Exclusion) -> bool {
    let (
        ConditionKind::Compare {
            subject: subject_a,
            test: test_a,
        },
        ConditionKind::Compare {
            subject: subject_b,
            test: test_b,
        },
    ) = (&a.when.kind, &b.when.kind)
    else {
        return true;
    };
    if canonical(subject_a) != canonical(subject_b) {
        return true;
    }
    let list = |name: &str| cx.old_list(name);
    match (accepted(&test_a.kind, &list), accepted(&test_b.kind, &list)) {
        (
            Some(Accepted::Values {
                member: true,
                values: x,
            }),
            Some(Accepted::Values {
                member: true,
                values: y,
            }),
        ) => x.iter().any(|v| y.contains(v)),
        _ => true,
    }
}
