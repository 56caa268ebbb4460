//! Comparing conditions: lines of a requirement block are matched by what
//! they read (the field, score, definition or event stream), a changed
//! comparison is described as the threshold, range or set of values that
//! moved, and its direction comes from set reasoning over the values each
//! version accepts ([`crate::sets`]).

use crate::change::Direction;
use crate::durations::{compare_durations, show_duration};
use crate::sets::{accepted, show_value, Accepted};
use crate::words::Cx;
use accord_syntax::ast::{
    Condition, ConditionKind, EventPattern, Operand, Quantity, TestKind, Window,
};
use accord_syntax::Span;
use std::cmp::Ordering;

/// What a condition's place means for a lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// A requirement to qualify (a fit, trigger, stage, tier): accepting
    /// more leads is looser.
    Requirement,
    /// What excludes a lead: accepting more leads is tighter.
    Exclusion,
    /// A condition with no pass/fail meaning of its own (a score rule's,
    /// an SLA's `applies when`, a metric's population).
    Neutral,
    /// When a breach or drift rule fires.
    Alarm,
    /// When a score rule gives its points (a penalty's is negated).
    Points,
}

/// A condition's place: its meaning, and whether it is read the other way
/// round — an odd number of flips above it: `not`, an exclusion's `unless`
/// (it spares leads the exclusion would exclude), a penalty's sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Polarity {
    pub meaning: Meaning,
    pub negated: bool,
}

impl Polarity {
    pub fn of(meaning: Meaning) -> Polarity {
        Polarity {
            meaning,
            negated: false,
        }
    }

    pub fn flipped(self) -> Polarity {
        Polarity {
            negated: !self.negated,
            ..self
        }
    }

    /// The direction of a change that makes the condition accept more
    /// leads (`broader`) or fewer.
    pub fn direction(self, broader: bool) -> Direction {
        let more = broader != self.negated;
        match (self.meaning, more) {
            (Meaning::Requirement, true) => Direction::Looser,
            (Meaning::Requirement, false) => Direction::Tighter,
            (Meaning::Exclusion, true) => Direction::ExcludesMore,
            (Meaning::Exclusion, false) => Direction::ExcludesFewer,
            (Meaning::Neutral, true) => Direction::Broader,
            (Meaning::Neutral, false) => Direction::Narrower,
            (Meaning::Alarm, true) => Direction::FiresMore,
            (Meaning::Alarm, false) => Direction::FiresLess,
            (Meaning::Points, true) => Direction::MorePoints,
            (Meaning::Points, false) => Direction::FewerPoints,
        }
    }

    /// The direction of a change that makes the condition accept some
    /// leads it did not and no longer others ([`Direction::Mixed`]); none
    /// for an alarm, whose firing moves no lead.
    pub fn mixed(self) -> Option<Direction> {
        (self.meaning != Meaning::Alarm).then_some(Direction::Mixed)
    }
}

/// The parts of a condition: `Some(true)` for `all of`, `Some(false)` for
/// `any of`, `None` for a single condition.
fn parts(c: &Condition) -> (Option<bool>, Vec<&Condition>) {
    match &c.kind {
        ConditionKind::All(cs) => (Some(true), cs.iter().collect()),
        ConditionKind::Any(cs) => (Some(false), cs.iter().collect()),
        _ => (None, vec![c]),
    }
}

/// Compares two conditions at the same place.
pub fn diff_condition(cx: &mut Cx, subject: &str, old: &Condition, new: &Condition, pol: Polarity) {
    if cx.same(old, new) {
        return;
    }
    let (old_all, old_parts) = parts(old);
    let (new_all, new_parts) = parts(new);
    let all = match (old_all, new_all) {
        (Some(a), Some(b)) if a == b => a,
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => {
            if key(cx, old, true) == key(cx, new, false) {
                describe_pair(cx, subject, old, new, pol);
            } else {
                cx.replaced(subject, old.span, new.span, None);
            }
            return;
        }
        (Some(was_all), Some(_)) => {
            // `all of` → `any of` sharing a line: every lead that met all
            // the old lines meets that one, so meets the new ones; `any
            // of` → `all of` the other way round.
            let shared = old_parts
                .iter()
                .any(|o| new_parts.iter().any(|n| cx.same(*o, *n)));
            let direction = shared.then(|| pol.direction(was_all));
            cx.replaced(subject, old.span, new.span, direction);
            return;
        }
    };
    diff_lists(cx, subject, &old_parts, &new_parts, all, pol);
}

/// Compares the lines of two blocks (`all` of them must hold, or any).
pub fn diff_lists(
    cx: &mut Cx,
    subject: &str,
    old: &[&Condition],
    new: &[&Condition],
    all: bool,
    pol: Polarity,
) {
    let mut old_left: Vec<&Condition> = old.to_vec();
    let mut new_left: Vec<&Condition> = Vec::new();
    for n in new {
        match old_left.iter().position(|o| cx.same(*o, *n)) {
            Some(i) => {
                old_left.remove(i);
            }
            None => new_left.push(n),
        }
    }
    let mut pairs: Vec<(&Condition, &Condition)> = Vec::new();
    for precise in [true, false] {
        let mut i = 0;
        while i < new_left.len() {
            let k = key_with(cx, new_left[i], false, precise);
            match old_left
                .iter()
                .position(|o| key_with(cx, o, true, precise) == k)
            {
                Some(j) => {
                    pairs.push((old_left.remove(j), new_left.remove(i)));
                }
                None => i += 1,
            }
        }
    }
    for (o, n) in pairs {
        describe_pair(cx, subject, o, n, pol);
    }
    for o in old_left {
        let (text, broader) = if all {
            (
                format!("no longer requires `{}`", cx.old_text(o.span)),
                true,
            )
        } else {
            (
                format!("alternative `{}` removed", cx.old_text(o.span)),
                false,
            )
        };
        cx.push(
            subject,
            text,
            Some(pol.direction(broader)),
            Some(o.span),
            None,
        );
    }
    for n in new_left {
        let (text, broader) = if all {
            (format!("now requires `{}`", cx.new_text(n.span)), false)
        } else {
            (format!("new alternative `{}`", cx.new_text(n.span)), true)
        };
        cx.push(
            subject,
            text,
            Some(pol.direction(broader)),
            None,
            Some(n.span),
        );
    }
}

/// What a condition reads, to match lines across versions: precisely (the
/// field, or the event stream and kinds) or coarsely (the stream only).
pub(crate) fn key_with(cx: &Cx, c: &Condition, old: bool, precise: bool) -> String {
    let name = |n: &str| -> String {
        if old {
            cx.renamed(n).to_string()
        } else {
            n.to_string()
        }
    };
    match &c.kind {
        ConditionKind::Compare { subject, .. } => format!("is:{}", operand_key(subject, &name)),
        ConditionKind::Ref(i) => format!("ref:{}", name(&i.name)),
        ConditionKind::Events(p) if precise => {
            let kinds: Vec<&str> = p.kinds.iter().map(|k| k.value.as_str()).collect();
            format!(
                "ev:{}:{}",
                accord_records::schema::singular(&p.stream.name),
                kinds.join(",")
            )
        }
        ConditionKind::Events(p) => {
            format!("ev:{}", accord_records::schema::singular(&p.stream.name))
        }
        ConditionKind::Not(inner) => format!("not:{}", key_with(cx, inner, old, precise)),
        ConditionKind::All(_) if precise => "all".into(),
        ConditionKind::Any(_) if precise => "any".into(),
        // Coarsely, a group is what its lines read, whether all of them
        // must hold or any: `a and b` → `a or b` is one line changed.
        ConditionKind::All(lines) | ConditionKind::Any(lines) => {
            let mut keys: Vec<String> = lines.iter().map(|l| key_with(cx, l, old, false)).collect();
            keys.sort();
            format!("group:{}", keys.join(";"))
        }
        ConditionKind::NoExclusionApplies => "no-exclusion".into(),
    }
}

pub(crate) fn key(cx: &Cx, c: &Condition, old: bool) -> String {
    key_with(cx, c, old, false)
}

fn operand_key(o: &Operand, name: &dyn Fn(&str) -> String) -> String {
    match o {
        Operand::Name(i) => name(&i.name),
        Operand::DomainOf(i, _) => format!("domain of {}", i.name),
    }
}

/// The operand as a reader names it: `lead_score`, `the domain of email`.
pub fn operand_words(o: &Operand) -> String {
    match o {
        Operand::Name(i) => i.name.clone(),
        Operand::DomainOf(i, _) => format!("the domain of {}", i.name),
    }
}

/// Two conditions at the same place that read the same thing.
fn describe_pair(cx: &mut Cx, subject: &str, old: &Condition, new: &Condition, pol: Polarity) {
    use ConditionKind::*;
    match (&old.kind, &new.kind) {
        (
            Compare {
                subject: s,
                test: a,
            },
            Compare { test: b, .. },
        ) => compare_tests(
            cx,
            subject,
            Some(s),
            old.span,
            new.span,
            &a.kind,
            &b.kind,
            pol,
        ),
        (Events(a), Events(b)) => compare_patterns(cx, subject, old, new, a, b, pol),
        (Not(a), Not(b)) => diff_condition(cx, subject, a, b, pol.flipped()),
        (All(_) | Any(_), All(_) | Any(_)) => diff_condition(cx, subject, old, new, pol),
        _ => cx.replaced(subject, old.span, new.span, None),
    }
}

/// The direction of a change from the values each version accepts (mixed
/// when neither contains the other); `None` when the two cannot be
/// compared. `Err(())` when both accept the same.
pub fn set_direction(
    old: Option<&Accepted>,
    new: Option<&Accepted>,
    pol: Polarity,
) -> Result<Option<Direction>, ()> {
    let (Some(o), Some(n)) = (old, new) else {
        return Ok(None);
    };
    match (o.within(n), n.within(o)) {
        (Some(true), Some(true)) => Err(()),
        (Some(true), _) => Ok(Some(pol.direction(true))),
        (_, Some(true)) => Ok(Some(pol.direction(false))),
        (Some(false), Some(false)) => Ok(pol.mixed()),
        _ => Ok(None),
    }
}

#[allow(clippy::too_many_arguments)]
pub fn compare_tests(
    cx: &mut Cx,
    subject: &str,
    compared: Option<&Operand>,
    old: Span,
    new: Span,
    a: &TestKind,
    b: &TestKind,
    pol: Polarity,
) {
    use TestKind::*;
    let operand = compared.map_or_else(|| subject.to_string(), operand_words);
    let old_set = accepted(a, &|l| cx.old_list(l));
    let new_set = accepted(b, &|l| cx.new_list(l));
    let Ok(direction) = set_direction(old_set.as_ref(), new_set.as_ref(), pol) else {
        return; // the same values, written differently
    };
    let moved = |x: &accord_syntax::ast::Value, y: &accord_syntax::ast::Value, what: &str| {
        let verb = match crate::sets::number(x).partial_cmp(&crate::sets::number(y)) {
            Some(Ordering::Greater) => "lowered",
            Some(Ordering::Less) => "raised",
            _ => "changed",
        };
        format!(
            "{operand} {what} {verb} from {} to {}",
            show_value(x),
            show_value(y)
        )
    };
    let text = match (a, b) {
        (AtLeast(x), AtLeast(y)) | (MoreThan(x), MoreThan(y)) => moved(x, y, "threshold"),
        (AtMost(x), AtMost(y)) | (LessThan(x), LessThan(y)) => moved(x, y, "limit"),
        (Before(x), Before(y)) | (After(x), After(y)) => moved(x, y, "date"),
        (Between(x1, y1), Between(x2, y2)) if cx.same(y1, y2) => moved(x1, x2, "lower bound"),
        (Between(x1, y1), Between(x2, y2)) if cx.same(x1, x2) => moved(y1, y2, "upper bound"),
        (Between(x1, y1), Between(x2, y2)) => format!(
            "{operand} range {} to {} → {} to {}",
            show_value(x1),
            show_value(y1),
            show_value(x2),
            show_value(y2)
        ),
        (WithinLast(x), WithinLast(y)) | (MoreThanAgo(x), MoreThanAgo(y)) => {
            let verb = match compare_durations(x, y) {
                Some(Ordering::Less) => "lengthened",
                Some(Ordering::Greater) => "shortened",
                _ => "changed",
            };
            format!(
                "{operand} window {verb} from {} to {}",
                show_duration(x),
                show_duration(y)
            )
        }
        (InList(x), InList(y)) | (NotInList(x), NotInList(y)) if cx.renamed(&x.name) != y.name => {
            format!(
                "{operand} now checked against list {} instead of {}",
                y.name, x.name
            )
        }
        (Is(_) | OneOf(_), Is(_) | OneOf(_)) | (IsNot(_) | NotOneOf(_), IsNot(_) | NotOneOf(_)) => {
            match (&old_set, &new_set) {
                (
                    Some(Accepted::Values { values: o, .. }),
                    Some(Accepted::Values { values: n, .. }),
                ) => match crate::words::added_removed(o, n) {
                    Some(t) => format!("{operand}: {t}"),
                    None => return,
                },
                _ => format!("`{}` → `{}`", cx.old_text(old), cx.new_text(new)),
            }
        }
        _ => format!("`{}` → `{}`", cx.old_text(old), cx.new_text(new)),
    };
    cx.push(subject, text, direction, Some(old), Some(new));
    let (Some(o), Some(a), Some(b)) = (compared, old_set, new_set) else {
        return;
    };
    if pol.meaning != Meaning::Alarm {
        let site = crate::change::Site::Comparison {
            def: cx.current.clone(),
            operand: o.clone(),
            old: a,
            new: b,
        };
        cx.set_site(site);
    }
}

/// The fewest matching events a quantity asks for, when it asks for at
/// least some (the only quantities where more events never hurt).
fn at_least(q: &Quantity) -> Option<u32> {
    match q {
        Quantity::Some => Some(1),
        Quantity::AtLeast(n) => Some(*n),
        _ => None,
    }
}

fn compare_patterns(
    cx: &mut Cx,
    subject: &str,
    old: &Condition,
    new: &Condition,
    a: &EventPattern,
    b: &EventPattern,
    pol: Polarity,
) {
    let clause = cx.new_text(new.span);
    let mut said = false;
    let spans = (Some(old.span), Some(new.span));
    let monotone = at_least(&a.quantity).is_some() && at_least(&b.quantity).is_some();
    // How a change that lets the pattern match more events reads, when
    // both versions' counts read it the same way.
    let more = more_events(&a.quantity, pol).filter(|p| more_events(&b.quantity, pol) == Some(*p));
    if !cx.same(&a.quantity, &b.quantity) {
        if let (Some(x), Some(y)) = (at_least(&a.quantity), at_least(&b.quantity)) {
            let (verb, broader) = if y < x {
                ("lowered", true)
            } else {
                ("raised", false)
            };
            let text = format!("in `{clause}`: count {verb} from {x} to {y}");
            cx.push(
                subject,
                text,
                Some(pol.direction(broader)),
                spans.0,
                spans.1,
            );
            said = true;
        }
    }
    if !cx.same(&a.window, &b.window) {
        let window = |w: &Option<Window>| match w {
            Some(Window::Last(d)) => (
                format!("within the last {}", show_duration(d)),
                Some(d.clone()),
                true,
            ),
            Some(Window::Any(d)) => (
                format!("within any {}", show_duration(d)),
                Some(d.clone()),
                false,
            ),
            None => ("with no window".to_string(), None, true),
        };
        let (wa, da, last_a) = window(&a.window);
        let (wb, db, last_b) = window(&b.window);
        let direction = match (&da, &db, more) {
            (Some(x), Some(y), Some(more)) if last_a == last_b => compare_durations(x, y)
                .filter(|o| *o != Ordering::Equal)
                .map(|o| more.direction(o == Ordering::Less)),
            _ => None,
        };
        cx.push(
            subject,
            format!("in `{clause}`: window {wa} → {wb}"),
            direction,
            spans.0,
            spans.1,
        );
        said = true;
    }
    let kinds = |p: &EventPattern| {
        p.kinds
            .iter()
            .map(|k| format!("{:?}", k.value))
            .collect::<Vec<_>>()
    };
    if let Some(t) = crate::words::added_removed(&kinds(a), &kinds(b)) {
        let (ka, kb) = (kinds(a), kinds(b));
        let direction = match more {
            _ if ka.is_empty() || kb.is_empty() => None,
            Some(more) if ka.iter().all(|k| kb.contains(k)) => Some(more.direction(true)),
            Some(more) if kb.iter().all(|k| ka.contains(k)) => Some(more.direction(false)),
            _ => None,
        };
        cx.push(
            subject,
            format!("in `{clause}`: kinds {t}"),
            direction,
            spans.0,
            spans.1,
        );
        said = true;
    }
    let filter_said = match more {
        Some(more) if !cx.same(&a.filter, &b.filter) => {
            compare_filters(cx, subject, (old, new), (a, b), more)
        }
        _ => false,
    };
    said |= filter_said;
    let rest_same = (filter_said || cx.same(&a.filter, &b.filter))
        && cx.same(&a.since, &b.since)
        && a.new == b.new
        && accord_records::schema::singular(&a.stream.name)
            == accord_records::schema::singular(&b.stream.name)
        && (cx.same(&a.quantity, &b.quantity) || monotone);
    if !rest_same || !said {
        cx.replaced(subject, old.span, new.span, None);
    }
}

/// How a change that lets a pattern counting `quantity` match more events
/// (more kinds, a longer window, a broader `where`) reads in a condition
/// of polarity `pol`: the same way for `at least` and `a`, the other way
/// round for `no` and `at most`; for `exactly` it cannot be told.
fn more_events(quantity: &Quantity, pol: Polarity) -> Option<Polarity> {
    match quantity {
        Quantity::Some | Quantity::AtLeast(_) => Some(pol),
        Quantity::None | Quantity::AtMost(_) => Some(pol.flipped()),
        Quantity::Exactly(_) => None,
    }
}

/// The events a pattern counts, told by its `where`: one added ("now
/// only events where …"), removed, or changed (compared as any condition
/// is, inside the pattern), read with `more`, the polarity of matching
/// more events ([`more_events`]). Whether it said the change.
fn compare_filters(
    cx: &mut Cx,
    subject: &str,
    (old, new): (&Condition, &Condition),
    (a, b): (&EventPattern, &EventPattern),
    more: Polarity,
) -> bool {
    let clause = cx.new_text(new.span);
    let spans = (Some(old.span), Some(new.span));
    match (&a.filter, &b.filter) {
        (None, Some(f)) => {
            let text = format!(
                "in `{clause}`: now only events where `{}`",
                cx.new_text(f.span)
            );
            cx.push(subject, text, Some(more.direction(false)), spans.0, spans.1);
        }
        (Some(f), None) => {
            let text = format!(
                "in `{clause}`: no longer only events where `{}`",
                cx.old_text(f.span)
            );
            cx.push(subject, text, Some(more.direction(true)), spans.0, spans.1);
        }
        (Some(x), Some(y)) => {
            let from = cx.changes.len();
            diff_condition(cx, &format!("{subject}: in `{clause}`"), x, y, more);
            cx.forget_sites(from);
        }
        (None, None) => return false,
    }
    true
}
