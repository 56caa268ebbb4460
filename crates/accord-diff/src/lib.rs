//! Semantic comparison of two versions of an Accord policy (`accord diff`).
//!
//! - [`Version::load`] reads one side: a policy file with its imports, or
//!   every policy file under a directory, from the working tree or from a
//!   git revision; it must pass `accord check`.
//! - [`compare`] matches definitions by file, kind and name (then by kind
//!   and name across files, then renamed ones by body; the files given,
//!   when each version is a file, are one file whatever their names) and
//!   describes every clause whose meaning changed in words a sales leader
//!   reads ([`Change`]: "MQL: lead_score threshold lowered from 65 to 55
//!   (looser)"), with its place in each version. Layout and comments are
//!   not meaning: two versions that differ only there compare equal.
//!
//! Set reasoning over comparisons ([`sets`]) gives each change its
//! direction, by the polarity of the comparison's place (an exclusion, its
//! `unless` and `not` each flip it); a named list's change takes the
//! directions of the clauses that read it (`list_reads`).

mod canon;
pub mod change;
mod conditions;
mod defs;
pub mod drift;
mod durations;
mod exclusion_order;
mod items;
pub mod leads;
mod list_reads;
mod metric_parts;
pub mod region;
pub mod report;
mod score_rules;
pub mod sets;
mod timing;
pub mod version;
mod witness;
mod words;

pub use change::{Change, Direction, Place, Site};
pub use report::Report;
pub use version::{Entry, LoadError, Origin, Version};

use defs::{definitions, match_definitions, Def, Matched, Node};
use words::Cx;

/// Every change in meaning from `old` to `new`, definition by definition
/// in the new version's order, then what was removed.
pub fn compare(old: &Version, new: &Version) -> Vec<Change> {
    let old_defs = definitions(old);
    let new_defs = definitions(new);
    let matching = match_definitions(&old_defs, &new_defs, (old, new));
    let mut cx = Cx::new(old, new);
    for &(o, n, how) in &matching.pairs {
        if how == Matched::Renamed {
            cx.renames
                .push((old_defs[o].name.clone(), new_defs[n].name.clone()));
        }
    }
    let mut pairs = matching.pairs.clone();
    pairs.sort_by_key(|&(_, n, _)| n);
    let mut added = matching.added.iter().copied().peekable();
    for (o, n, how) in pairs {
        while let Some(a) = added.next_if(|a| *a < n) {
            added_def(&mut cx, &new_defs[a]);
        }
        let (od, nd) = (&old_defs[o], &new_defs[n]);
        match how {
            Matched::InPlace => {}
            Matched::Moved => {
                let text = format!("moved from {} to {}", od.rel, nd.rel);
                cx.push(&nd.label(), text, None, Some(od.span), Some(nd.span));
            }
            Matched::Renamed => {
                let text = format!("renamed to {} (same body)", nd.name);
                cx.push(&od.label(), text, None, Some(od.span), Some(nd.span));
            }
        }
        items::diff_def(&mut cx, od, nd);
    }
    for a in added {
        added_def(&mut cx, &new_defs[a]);
    }
    for &r in &matching.removed {
        removed_def(&mut cx, &old_defs[r]);
    }
    exclusion_order::diff_exclusion_order(&mut cx);
    let mut changes = cx.changes;
    if matches!(old.origin, Origin::Text { .. }) && matches!(new.origin, Origin::Text { .. }) {
        changes.retain(|c| match c.spans {
            (Some(gone), None) => in_the_given_file(old, gone),
            (None, Some(came)) => in_the_given_file(new, came),
            _ => true,
        });
    }
    changes
}

/// Whether `span` is in the file given as `version`, as the git diff
/// driver gives it: one file's text, its imports read from the working
/// tree for both versions. An imported file is then the same on both
/// sides, and its definitions come or go only with an import of the file
/// given, which is said once (`now imports …`), not once per definition.
fn in_the_given_file(version: &Version, span: accord_syntax::Span) -> bool {
    version.file_name(span) == version.label
}

/// The direction a definition's arrival moves things, where it has one.
fn arrival_direction(def: &Def) -> Option<Direction> {
    match def.kind {
        "exclusion" => Some(Direction::ExcludesMore),
        _ => None,
    }
}

fn added_def(cx: &mut Cx, def: &Def) {
    let text = match (def.kind, def.node) {
        ("import", _) => format!("now imports {:?}", def.name),
        ("field", Node::Field(f)) => format!("new field `{}`", cx.new_text(f.span)),
        ("exclusion", Node::Item(accord_syntax::ast::Item::Exclusion(x))) => {
            format!(
                "new exclusion {} (when `{}`)",
                def.name,
                cx.new_text(x.when.span)
            )
        }
        _ => format!("new {}", def.label()),
    };
    cx.push("", text, arrival_direction(def), None, Some(def.span));
    if def.kind == "exclusion" {
        cx.set_site(Site::NewExclusion {
            name: def.name.clone(),
        });
    }
}

/// The policies of two versions that decide something, paired by file
/// ([`version::same_file`]; a single entry on each side pairs whatever its
/// name).
pub fn paired_entries<'a>(old: &'a Version, new: &'a Version) -> Vec<(&'a Entry, &'a Entry)> {
    if let ([a], [b]) = (old.entries.as_slice(), new.entries.as_slice()) {
        return vec![(a, b)];
    }
    new.entries
        .iter()
        .filter_map(|b| {
            old.entries
                .iter()
                .find(|a| version::same_file((old, new), &a.rel, &b.rel))
                .map(|a| (a, b))
        })
        .collect()
}

fn removed_def(cx: &mut Cx, def: &Def) {
    let text = match def.kind {
        "import" => format!("no longer imports {:?}", def.name),
        _ => format!("{} removed", def.label()),
    };
    let direction = arrival_direction(def).map(Direction::opposite);
    cx.push("", text, direction, Some(def.span), None);
}
