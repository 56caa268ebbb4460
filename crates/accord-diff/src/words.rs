//! What every comparison of clauses shares: the comparison context ([`Cx`]:
//! both versions, renamed definitions, the changes found so far) and the
//! changes of time and list values in words. How values of time are
//! written and measured is [`crate::durations`].

use crate::canon::{canonical, canonical_renamed, clause_text};
use crate::change::{Change, Direction, Place};
use crate::durations::{compare_durations, show_duration};
use crate::version::Version;
use accord_syntax::ast::{self, Duration};
use accord_syntax::Span;
use serde::Serialize;

/// The comparison of two versions in progress.
pub struct Cx<'a> {
    pub old: &'a Version,
    pub new: &'a Version,
    /// Definitions renamed from the old version to the new one (old, new).
    pub renames: Vec<(String, String)>,
    pub changes: Vec<Change>,
    /// The name of the definition being compared (`icp`, `mql`).
    pub current: String,
}

impl<'a> Cx<'a> {
    pub fn new(old: &'a Version, new: &'a Version) -> Cx<'a> {
        Cx {
            old,
            new,
            renames: Vec::new(),
            changes: Vec::new(),
            current: String::new(),
        }
    }

    /// Whether two nodes mean the same (layout, comments and renamed
    /// references aside).
    pub fn same<T: Serialize>(&self, old: &T, new: &T) -> bool {
        canonical_renamed(old, &self.renames) == canonical(new)
    }

    /// A name of the old version as the new version spells it.
    pub fn renamed<'n>(&'n self, name: &'n str) -> &'n str {
        self.renames
            .iter()
            .find(|(from, _)| from == name)
            .map_or(name, |(_, to)| to.as_str())
    }

    pub fn old_text(&self, span: Span) -> String {
        clause_text(&self.old.sources, span)
    }

    pub fn new_text(&self, span: Span) -> String {
        clause_text(&self.new.sources, span)
    }

    /// The text of `span` in the old version (`old`) or the new one.
    pub fn text_in(&self, old: bool, span: Span) -> String {
        if old {
            self.old_text(span)
        } else {
            self.new_text(span)
        }
    }

    fn place(version: &Version, span: Option<Span>) -> Option<Place> {
        span.map(|s| Place {
            file: version.file_name(s),
            line: version.line(s),
        })
    }

    /// Records a change.
    pub fn push(
        &mut self,
        subject: &str,
        text: impl Into<String>,
        direction: Option<Direction>,
        old: Option<Span>,
        new: Option<Span>,
    ) {
        self.changes.push(Change {
            subject: subject.to_string(),
            text: text.into(),
            direction,
            old: Self::place(self.old, old),
            new: Self::place(self.new, new),
            spans: (old, new),
            site: None,
        });
    }

    /// Gives each change from the `from`-th on that has no place in a
    /// version the place `old` (or `new`) of the clause it is part of (a
    /// line added to a score rule's condition is at that rule in the old
    /// version).
    pub fn place_within(&mut self, from: usize, old: Span, new: Span) {
        let (old_version, new_version) = (self.old, self.new);
        for c in self.changes.iter_mut().skip(from) {
            if c.old.is_none() {
                c.old = Self::place(old_version, Some(old));
                c.spans.0 = Some(old);
            }
            if c.new.is_none() {
                c.new = Self::place(new_version, Some(new));
                c.spans.1 = Some(new);
            }
        }
    }

    /// Forgets what the changes from the `from`-th on touched: they
    /// compare an event's fields (inside a pattern's `where`), not the
    /// lead's, which is all the region reasoning reads.
    pub fn forget_sites(&mut self, from: usize) {
        for c in self.changes.iter_mut().skip(from) {
            c.site = None;
        }
    }

    /// Records what the last change touched.
    pub fn set_site(&mut self, site: crate::change::Site) {
        if let Some(last) = self.changes.last_mut() {
            last.site = Some(site);
        }
    }

    /// Records `old clause` → `new clause` when nothing more precise can
    /// be said.
    pub fn replaced(&mut self, subject: &str, old: Span, new: Span, direction: Option<Direction>) {
        let text = format!("`{}` → `{}`", self.old_text(old), self.new_text(new));
        self.push(subject, text, direction, Some(old), Some(new));
    }

    /// The values of a named list in the old version.
    pub fn old_list(&self, name: &str) -> Option<Vec<String>> {
        list_values(self.old, name)
    }

    /// The values of a named list in the new version.
    pub fn new_list(&self, name: &str) -> Option<Vec<String>> {
        list_values(self.new, name)
    }
}

/// The values of list `name` in `version` (as set members).
pub fn list_values(version: &Version, name: &str) -> Option<Vec<String>> {
    version
        .files
        .iter()
        .flat_map(|f| f.ast.items.iter())
        .find_map(|item| match item {
            ast::Item::List(l) if l.name.name == name => {
                Some(l.values.iter().map(crate::sets::key).collect())
            }
            _ => None,
        })
}

/// `shortened`/`lengthened`, with the direction a longer duration means.
pub fn duration_change(
    old: &Duration,
    new: &Duration,
    longer: Direction,
    shorter: Direction,
) -> (String, Option<Direction>) {
    let (verb, direction) = match compare_durations(old, new) {
        Some(std::cmp::Ordering::Less) => ("lengthened", Some(longer)),
        Some(std::cmp::Ordering::Greater) => ("shortened", Some(shorter)),
        _ => ("changed", None),
    };
    (
        format!(
            "{verb} from {} to {}",
            show_duration(old),
            show_duration(new)
        ),
        direction,
    )
}

/// `earlier`/`later` from one date to another.
pub fn date_direction(old: &ast::DateLit, new: &ast::DateLit) -> Option<Direction> {
    match (old.year, old.month, old.day).cmp(&(new.year, new.month, new.day)) {
        std::cmp::Ordering::Less => Some(Direction::Later),
        std::cmp::Ordering::Greater => Some(Direction::Earlier),
        std::cmp::Ordering::Equal => None,
    }
}

/// Values added and removed between two lists of shown values, in words:
/// `added "Fintech"; removed "Retail"`.
pub fn added_removed(old: &[String], new: &[String]) -> Option<String> {
    let added: Vec<&String> = new.iter().filter(|v| !old.contains(v)).collect();
    let removed: Vec<&String> = old.iter().filter(|v| !new.contains(v)).collect();
    let join = |vs: &[&String]| vs.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ");
    match (added.is_empty(), removed.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!("added {}", join(&added))),
        (true, false) => Some(format!("removed {}", join(&removed))),
        (false, false) => Some(format!(
            "added {}; removed {}",
            join(&added),
            join(&removed)
        )),
    }
}
