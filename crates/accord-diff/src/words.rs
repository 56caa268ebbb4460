//! What every comparison of clauses shares: the comparison context ([`Cx`]:
//! both versions, renamed definitions, the changes found so far) and the
//! way values of time are compared and written.

use crate::canon::{canonical, canonical_renamed, clause_text};
use crate::change::{Change, Direction, Place};
use crate::sets::show_number;
use crate::version::Version;
use accord_syntax::ast::{self, Duration, TimeUnit};
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

/// A duration as written: `15 minutes`, `2 business hours`.
pub fn show_duration(d: &Duration) -> String {
    let unit = match d.unit {
        TimeUnit::Minutes => "minute",
        TimeUnit::Hours => "hour",
        TimeUnit::Days => "day",
        TimeUnit::Weeks => "week",
        TimeUnit::Months => "month",
        TimeUnit::Quarters => "quarter",
        TimeUnit::Years => "year",
    };
    let plural = if d.amount == 1.0 { "" } else { "s" };
    let business = if d.business { "business " } else { "" };
    format!("{} {business}{unit}{plural}", show_number(d.amount))
}

/// Which durations can be compared with each other: a business day has no
/// fixed number of hours, and a month no fixed number of days.
fn unit_class(unit: TimeUnit) -> u8 {
    match unit {
        TimeUnit::Minutes | TimeUnit::Hours => 0,
        TimeUnit::Days | TimeUnit::Weeks => 1,
        TimeUnit::Months | TimeUnit::Quarters | TimeUnit::Years => 2,
    }
}

fn unit_seconds(unit: TimeUnit) -> f64 {
    match unit {
        TimeUnit::Minutes => 60.0,
        TimeUnit::Hours => 3600.0,
        TimeUnit::Days => 86_400.0,
        TimeUnit::Weeks => 604_800.0,
        TimeUnit::Months => 2_629_746.0,
        TimeUnit::Quarters => 7_889_238.0,
        TimeUnit::Years => 31_556_952.0,
    }
}

/// A calendar duration in seconds (months and years by their average
/// length); `None` for business durations of days (their length depends
/// on the calendar).
pub fn duration_seconds(d: &Duration) -> Option<f64> {
    if d.business && unit_class(d.unit) != 0 {
        return None;
    }
    Some(d.amount * unit_seconds(d.unit))
}

/// Compares two durations: `Some(Less)` when `a` is shorter. `None` when
/// they cannot be compared (business days against hours, days against
/// months).
pub fn compare_durations(a: &Duration, b: &Duration) -> Option<std::cmp::Ordering> {
    if unit_class(a.unit) != unit_class(b.unit)
        || a.business != b.business && unit_class(a.unit) != 0
    {
        return None;
    }
    (a.amount * unit_seconds(a.unit)).partial_cmp(&(b.amount * unit_seconds(b.unit)))
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

/// A date as written.
pub fn show_date(d: &ast::DateLit) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// `earlier`/`later` from one date to another.
pub fn date_direction(old: &ast::DateLit, new: &ast::DateLit) -> Option<Direction> {
    match (old.year, old.month, old.day).cmp(&(new.year, new.month, new.day)) {
        std::cmp::Ordering::Less => Some(Direction::Later),
        std::cmp::Ordering::Greater => Some(Direction::Earlier),
        std::cmp::Ordering::Equal => None,
    }
}

/// A time of day as written: `08:00`.
pub fn show_time(t: &ast::TimeOfDay) -> String {
    format!("{:02}:{:02}", t.hour, t.minute)
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
