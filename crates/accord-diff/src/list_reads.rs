//! The direction of a named list's change: the list is read by clauses
//! elsewhere (`the domain of email is in free_email_domains`), and a value
//! added or removed moves each of them as the same change written into the
//! clause would. Each read is found with its [`Polarity`], carried down the
//! condition tree from its place (a requirement, an exclusion, an
//! exclusion's `unless`, a score rule's points, an `applies when`) and
//! flipped under `not`; the directions of every read are then weighed
//! together ([`Direction::combined`]). When the list is read somewhere no
//! polarity is known for (an event's `where`, a metric, a handoff), the
//! change has no direction.

use crate::change::Direction;
use crate::conditions::{set_direction, Meaning, Polarity};
use crate::sets::accepted;
use crate::words::Cx;
use accord_syntax::ast::{Condition, ConditionKind, Item, PointBasis, ScoreBody, TestKind};
use serde_json::Value;

/// The direction of a change to the values of list `name`, over every
/// clause of the new version that reads it.
pub fn list_change_direction(cx: &Cx, name: &str) -> Option<Direction> {
    let items: Vec<&Item> = cx
        .new
        .files
        .iter()
        .flat_map(|f| f.ast.items.iter())
        .collect();
    let mut reads = Vec::new();
    for item in &items {
        for (pol, condition) in placed_conditions(item) {
            list_reads(condition, pol, name, &mut reads);
        }
    }
    let everywhere: usize = items
        .iter()
        .map(|i| tests_of_list(&crate::canon::canonical(i), name))
        .sum();
    if reads.len() != everywhere {
        return None; // read somewhere no polarity is known for
    }
    let mut directions = Vec::new();
    for (pol, test) in reads {
        let old = accepted(test, &|l| cx.old_list(l));
        let new = accepted(test, &|l| cx.new_list(l));
        match set_direction(old.as_ref(), new.as_ref(), pol) {
            Ok(Some(d)) => directions.push(d),
            Ok(None) => return None,
            Err(()) => {} // this read accepts the same values
        }
    }
    Direction::combined(&directions)
}

/// The conditions of an item whose place gives them a polarity, as the
/// comparison of the item reads them (`items::diff_item`).
fn placed_conditions(item: &Item) -> Vec<(Polarity, &Condition)> {
    let requirement = Polarity::of(Meaning::Requirement);
    let mut out: Vec<(Polarity, &Condition)> = match item {
        Item::Fit(f) => f.conditions.iter().map(|c| (requirement, c)).collect(),
        Item::Trigger(t) => t.items.iter().map(|c| (requirement, c)).collect(),
        Item::Stage(s) => vec![(requirement, &s.condition)],
        Item::Tiers(t) => t
            .tiers
            .iter()
            .filter_map(|r| r.condition.as_ref().map(|c| (requirement, c)))
            .collect(),
        Item::Exclusion(x) => {
            let exclusion = Polarity::of(Meaning::Exclusion);
            let spares = x.unless.as_ref().map(|c| (exclusion.flipped(), c));
            std::iter::once((exclusion, &x.when))
                .chain(spares)
                .collect()
        }
        Item::Score(s) => {
            let rules: Vec<_> = match &s.body {
                ScoreBody::Rules(rules) => rules.iter().collect(),
                ScoreBody::Weighted(parts) => parts.iter().flat_map(|p| &p.rules).collect(),
                ScoreBody::FromField(_) => Vec::new(),
            };
            let points = Polarity::of(Meaning::Points);
            rules
                .into_iter()
                .filter_map(|r| match &r.basis {
                    PointBasis::When(c) if r.points > 0.0 => Some((points, c)),
                    PointBasis::When(c) if r.points < 0.0 => Some((points.flipped(), c)),
                    _ => None,
                })
                .collect()
        }
        _ => Vec::new(),
    };
    if let Some(c) = item.applies() {
        out.push((Polarity::of(Meaning::Neutral), c));
    }
    out
}

/// The tests of list `name` in `condition`, each with its polarity: `all
/// of` and `any of` keep it, `not` flips it. Event patterns are not
/// entered: what their `where` accepts has no polarity of its own.
fn list_reads<'c>(
    condition: &'c Condition,
    pol: Polarity,
    name: &str,
    out: &mut Vec<(Polarity, &'c TestKind)>,
) {
    match &condition.kind {
        ConditionKind::All(cs) | ConditionKind::Any(cs) => {
            for c in cs {
                list_reads(c, pol, name, out);
            }
        }
        ConditionKind::Not(inner) => list_reads(inner, pol.flipped(), name, out),
        ConditionKind::Compare { test, .. } => {
            if let TestKind::InList(l) | TestKind::NotInList(l) = &test.kind {
                if l.name == name {
                    out.push((pol, &test.kind));
                }
            }
        }
        ConditionKind::Ref(_) | ConditionKind::Events(_) | ConditionKind::NoExclusionApplies => {}
    }
}

/// How many tests of list `name` (`is in`, `is not in`) a node's canonical
/// form holds, wherever they are.
fn tests_of_list(node: &Value, name: &str) -> usize {
    match node {
        Value::Object(map) => map
            .iter()
            .map(|(key, value)| {
                let here = matches!(key.as_str(), "InList" | "NotInList")
                    && value.get("name").and_then(Value::as_str) == Some(name);
                usize::from(here) + tests_of_list(value, name)
            })
            .sum(),
        Value::Array(values) => values.iter().map(|v| tests_of_list(v, name)).sum(),
        _ => 0,
    }
}
