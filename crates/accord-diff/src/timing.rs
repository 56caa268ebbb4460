//! Comparing the timing clauses of two versions: business calendars,
//! SLAs, persistence, rejection dispositions and recycling — limits,
//! windows, waits and hours, with which way each moves.

use crate::change::Direction;
use crate::conditions::{diff_condition, Meaning, Polarity};
use crate::durations::{show_date, show_duration, show_time};
use crate::words::{duration_change, Cx};
use accord_syntax::ast::*;
use accord_syntax::Span;
use std::collections::BTreeMap;

/// Opening hours per weekday (Monday first), as `08:00–18:00` texts.
fn opening_hours(c: &Calendar) -> [Vec<String>; 7] {
    let mut days: [Vec<String>; 7] = Default::default();
    for clause in &c.clauses {
        if let CalendarClause::Open {
            days: specs,
            from,
            to,
            ..
        } = clause
        {
            for day in specs.iter().flat_map(DaySpec::weekdays) {
                if let Some(hours) = days.get_mut(day as usize) {
                    hours.push(format!("{}–{}", show_time(from), show_time(to)));
                }
            }
        }
    }
    days.iter_mut().for_each(|d| d.sort());
    days
}

fn day_name(i: usize) -> String {
    Weekday::ALL
        .get(i)
        .map_or_else(String::new, ToString::to_string)
}

pub fn diff_calendar(cx: &mut Cx, s: &str, a: &Calendar, b: &Calendar) {
    let (ha, hb) = (opening_hours(a), opening_hours(b));
    let mut i = 0;
    while i < 7 {
        if ha[i] == hb[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < 7 && ha[j + 1] == ha[i] && hb[j + 1] == hb[i] {
            j += 1;
        }
        let days = if i == j {
            day_name(i)
        } else {
            format!("{} to {}", day_name(i), day_name(j))
        };
        let hours = |h: &Vec<String>| h.join(", ");
        let text = match (ha[i].is_empty(), hb[i].is_empty()) {
            (true, _) => format!("{days}: now open {}", hours(&hb[i])),
            (_, true) => format!("{days}: now closed (was open {})", hours(&ha[i])),
            _ => format!("{days}: open {} → {}", hours(&ha[i]), hours(&hb[i])),
        };
        cx.push(s, text, None, Some(a.span), Some(b.span));
        i = j + 1;
    }
    let zones = |c: &Calendar| -> Vec<serde_json::Value> {
        c.clauses
            .iter()
            .filter_map(|cl| match cl {
                CalendarClause::Open { zone: Some(z), .. } | CalendarClause::Zone(z) => {
                    Some(crate::canon::canonical(z))
                }
                _ => None,
            })
            .collect()
    };
    if zones(a) != zones(b) {
        cx.push(s, "time zone changed", None, Some(a.span), Some(b.span));
    }
    let closed = |c: &Calendar| -> Vec<(String, Span)> {
        c.clauses
            .iter()
            .filter_map(|cl| match cl {
                CalendarClause::Closed { dates, span } => Some(
                    dates
                        .iter()
                        .map(|d| (show_date(d), *span))
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
            .flatten()
            .collect()
    };
    let (ca, cb) = (closed(a), closed(b));
    let added: Vec<&(String, Span)> = cb
        .iter()
        .filter(|d| ca.iter().all(|o| o.0 != d.0))
        .collect();
    let removed: Vec<&(String, Span)> = ca
        .iter()
        .filter(|d| cb.iter().all(|n| n.0 != d.0))
        .collect();
    let join = |ds: &[&(String, Span)]| {
        ds.iter()
            .map(|d| d.0.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(first) = added.first() {
        cx.push(
            s,
            format!("closed on {} added", join(&added)),
            None,
            None,
            Some(first.1),
        );
    }
    if let Some(first) = removed.first() {
        cx.push(
            s,
            format!("closed on {} removed", join(&removed)),
            None,
            Some(first.1),
            None,
        );
    }
}

fn instant_span(i: &InstantExpr) -> Span {
    match i {
        InstantExpr::Field(f) => f.span,
        InstantExpr::NthEvent { span, .. } => *span,
    }
}

pub fn diff_sla(cx: &mut Cx, s: &str, a: &Sla, b: &Sla) {
    if !cx.same(&a.start, &b.start) {
        let (o, n) = (instant_span(&a.start), instant_span(&b.start));
        cx.push(
            s,
            format!(
                "clock now starts at `{}` (was `{}`)",
                cx.new_text(n),
                cx.old_text(o)
            ),
            None,
            Some(o),
            Some(n),
        );
    }
    if !cx.same(&a.stop, &b.stop) {
        let (o, n) = (instant_span(&a.stop), instant_span(&b.stop));
        cx.push(
            s,
            format!(
                "clock now stops at `{}` (was `{}`)",
                cx.new_text(n),
                cx.old_text(o)
            ),
            None,
            Some(o),
            Some(n),
        );
    }
    let cal = |c: &Option<Ident>| {
        c.as_ref()
            .map_or("wall-clock time".to_string(), |c| c.name.clone())
    };
    if cal(&a.calendar) != cal(&b.calendar)
        && a.calendar.as_ref().map(|c| cx.renamed(&c.name).to_string())
            != b.calendar.as_ref().map(|c| c.name.clone())
    {
        cx.push(
            s,
            format!(
                "now counted in {} (was {})",
                cal(&b.calendar),
                cal(&a.calendar)
            ),
            None,
            Some(a.span),
            Some(b.span),
        );
    }
    // Inside a calendar every limit is business time, whether or not it says so.
    let business = b.calendar.is_some();

    let limits = |sla: &Sla| -> BTreeMap<Option<u32>, (Duration, Span)> {
        sla.limits
            .iter()
            .map(|l| {
                let mut d = l.within.clone();
                d.business = d.business || business;
                (l.tier.map(|t| t.0), (d, l.span))
            })
            .collect()
    };
    let (la, lb) = (limits(a), limits(b));
    let mut keys: Vec<Option<u32>> = la.keys().chain(lb.keys()).copied().collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        let effective = |m: &BTreeMap<Option<u32>, (Duration, Span)>| {
            m.get(&k).or_else(|| m.get(&None)).cloned()
        };
        let which = k.map_or("limit".to_string(), |t| format!("tier {t} limit"));
        match (effective(&la), effective(&lb)) {
            (Some((x, xs)), Some((y, ys))) if !cx.same(&x, &y) => {
                let (verb, d) = match crate::durations::compare_durations(&x, &y) {
                    Some(std::cmp::Ordering::Less) => ("loosened", Some(Direction::Looser)),
                    Some(std::cmp::Ordering::Greater) => ("tightened", Some(Direction::Tighter)),
                    _ => ("changed", None),
                };
                let text = format!(
                    "{which} {verb} from {} to {}",
                    show_duration(&x),
                    show_duration(&y)
                );
                cx.push(s, text, d, Some(xs), Some(ys));
                cx.set_site(crate::change::Site::SlaLimit {
                    sla: b.name.name.clone(),
                    tier: k,
                });
            }
            (None, Some((y, ys))) => cx.push(
                s,
                format!("{which} now {}", show_duration(&y)),
                Some(Direction::Tighter),
                None,
                Some(ys),
            ),
            (Some((x, xs)), None) => cx.push(
                s,
                format!("{which} of {} removed", show_duration(&x)),
                Some(Direction::Looser),
                Some(xs),
                None,
            ),
            _ => {}
        }
    }
    let after = |sla: &Sla| -> BTreeMap<Option<u32>, (TimeOfDay, Span)> {
        sla.after_hours
            .iter()
            .map(|r| (r.tier.map(|t| t.0), (r.by.clone(), r.span)))
            .collect()
    };
    let (aa, ab) = (after(a), after(b));
    let mut keys: Vec<Option<u32>> = aa.keys().chain(ab.keys()).copied().collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        let which = k.map_or("after hours, due".to_string(), |t| {
            format!("after hours, tier {t} due")
        });
        match (aa.get(&k), ab.get(&k)) {
            (Some((x, xs)), Some((y, ys))) if (x.hour, x.minute) != (y.hour, y.minute) => {
                let d = if (y.hour, y.minute) > (x.hour, x.minute) {
                    Direction::Later
                } else {
                    Direction::Earlier
                };
                cx.push(
                    s,
                    format!("{which} by {} → {}", show_time(x), show_time(y)),
                    Some(d),
                    Some(*xs),
                    Some(*ys),
                );
            }
            (None, Some((y, ys))) => cx.push(
                s,
                format!("{which} by {} the next business day (new)", show_time(y)),
                None,
                None,
                Some(*ys),
            ),
            (Some((x, xs)), None) => cx.push(
                s,
                format!("{which} by {} the next business day removed", show_time(x)),
                None,
                Some(*xs),
                None,
            ),
            _ => {}
        }
    }
}

fn rule_key(cx: &Cx, r: &PersistenceRule, old: bool) -> String {
    let (tag, p) = match &r.kind {
        PersistenceRuleKind::Count { pattern, .. } => ("count", pattern),
        PersistenceRuleKind::DistinctDays { pattern, .. } => ("days", pattern),
        PersistenceRuleKind::PerDayMax { pattern, .. } => ("per-day", pattern),
    };
    let kinds: Vec<&str> = p.kinds.iter().map(|k| k.value.as_str()).collect();
    let when = r.when.as_ref().map(|w| {
        if old {
            crate::canon::canonical_renamed(w, &cx.renames)
        } else {
            crate::canon::canonical(w)
        }
    });
    format!(
        "{tag}:{}:{}:{:?}",
        accord_records::schema::singular(&p.stream.name),
        kinds.join(","),
        when
    )
}

/// `applies when` of a block (SLA, persistence, handoff): added
/// (narrower), removed (broader) or changed (compared as a condition).
pub fn diff_applies(cx: &mut Cx, s: &str, a: Option<&Condition>, b: Option<&Condition>) {
    let neutral = Polarity::of(Meaning::Neutral);
    match (a, b) {
        (Some(x), Some(y)) => diff_condition(cx, &format!("{s} (applies when)"), x, y, neutral),
        (None, Some(y)) => cx.push(
            s,
            format!("now applies only when `{}`", cx.new_text(y.span)),
            Some(Direction::Narrower),
            None,
            Some(y.span),
        ),
        (Some(x), None) => cx.push(
            s,
            format!(
                "now applies to every lead (was only when `{}`)",
                cx.old_text(x.span)
            ),
            Some(Direction::Broader),
            Some(x.span),
            None,
        ),
        (None, None) => {}
    }
}

pub fn diff_persistence(cx: &mut Cx, s: &str, a: &Persistence, b: &Persistence) {
    if !cx.same(&a.start, &b.start) || !cx.same(&a.calendar, &b.calendar) {
        let header = |p: &Persistence| {
            let start = p.start.as_ref().map_or("—".to_string(), |i| i.name.clone());
            let cal = p
                .calendar
                .as_ref()
                .map_or("wall-clock time".to_string(), |i| i.name.clone());
            format!("from {start}, counted in {cal}")
        };
        cx.push(
            s,
            format!("`{}` → `{}`", header(a), header(b)),
            None,
            Some(a.span),
            Some(b.span),
        );
    }
    let mut old_left: Vec<&PersistenceRule> = a
        .rules
        .iter()
        .filter(|o| b.rules.iter().all(|n| !cx.same(*o, n)))
        .collect();
    let new_rules: Vec<&PersistenceRule> = b
        .rules
        .iter()
        .filter(|n| a.rules.iter().all(|o| !cx.same(o, *n)))
        .collect();
    for n in new_rules {
        let k = rule_key(cx, n, false);
        let Some(j) = old_left.iter().position(|o| rule_key(cx, o, true) == k) else {
            cx.push(
                s,
                format!("new rule `{}`", cx.new_text(n.span)),
                Some(Direction::Tighter),
                None,
                Some(n.span),
            );
            continue;
        };
        let o = old_left.remove(j);
        let clause = cx.new_text(n.span);
        use PersistenceRuleKind::*;
        let mut said = false;
        let mut say = |cx: &mut Cx, what: String, d: Option<Direction>| {
            cx.push(
                s,
                format!("`{clause}`: {what}"),
                d,
                Some(o.span),
                Some(n.span),
            );
            said = true;
        };
        let count = |q: &Quantity| match q {
            Quantity::AtLeast(n) => Some(*n),
            Quantity::Some => Some(1),
            _ => None,
        };
        let looser_if = |less: bool| {
            Some(if less {
                Direction::Looser
            } else {
                Direction::Tighter
            })
        };
        match (&o.kind, &n.kind) {
            (
                Count {
                    pattern: p,
                    within: w,
                    distinct_days: dd,
                },
                Count {
                    pattern: q,
                    within: v,
                    distinct_days: ee,
                },
            ) => {
                if let (Some(x), Some(y)) = (count(&p.quantity), count(&q.quantity)) {
                    if x != y {
                        say(cx, format!("at least {x} → {y}"), looser_if(y < x));
                    }
                }
                match (w, v) {
                    (Some(x), Some(y)) if !cx.same(x, y) => {
                        let (t, d) = duration_change(x, y, Direction::Looser, Direction::Tighter);
                        say(cx, format!("window {t}"), d);
                    }
                    _ => {}
                }
                if dd != ee {
                    let show = |d: &Option<u32>| d.map_or("any".to_string(), |d| d.to_string());
                    say(
                        cx,
                        format!("distinct days {} → {}", show(dd), show(ee)),
                        looser_if(ee.unwrap_or(0) < dd.unwrap_or(0)),
                    );
                }
            }
            (DistinctDays { at_least: x, .. }, DistinctDays { at_least: y, .. }) if x != y => {
                say(cx, format!("distinct days {x} → {y}"), looser_if(y < x));
            }
            (PerDayMax { at_most: x, .. }, PerDayMax { at_most: y, .. }) if x != y => {
                say(cx, format!("at most {x} → {y} a day"), looser_if(y > x));
            }
            _ => {}
        }
        if !said {
            cx.replaced(s, o.span, n.span, None);
        }
    }
    for o in old_left {
        cx.push(
            s,
            format!("rule `{}` removed", cx.old_text(o.span)),
            Some(Direction::Looser),
            Some(o.span),
            None,
        );
    }
}

pub fn diff_reasons(cx: &mut Cx, a: &RejectionReasons, b: &RejectionReasons) {
    for r in &b.reasons {
        let subject = format!("rejection reason {}", r.code.name);
        let Some(o) = a.reasons.iter().find(|o| o.code.name == r.code.name) else {
            cx.push(
                "",
                format!("new rejection reason `{}`", cx.new_text(r.span)),
                None,
                None,
                Some(r.span),
            );
            continue;
        };
        let label = |x: &Reason| x.label.as_ref().map(|l| l.value.clone());
        if label(o) != label(r) {
            cx.push(
                &subject,
                format!(
                    "label {:?} → {:?}",
                    label(o).unwrap_or_default(),
                    label(r).unwrap_or_default()
                ),
                None,
                Some(o.span),
                Some(r.span),
            );
        }
        let tag = |k: &DispositionKind| {
            crate::canon::canonical(k)
                .as_object()
                .and_then(|m| m.keys().next().cloned())
                .or_else(|| crate::canon::canonical(k).as_str().map(str::to_string))
                .unwrap_or_default()
        };
        for step in &r.disposition {
            let Some(old) = o
                .disposition
                .iter()
                .find(|x| tag(&x.kind) == tag(&step.kind))
            else {
                cx.push(
                    &subject,
                    format!("now `{}`", cx.new_text(step.span)),
                    None,
                    None,
                    Some(step.span),
                );
                continue;
            };
            if cx.same(old, step) {
                continue;
            }
            match (&old.kind, &step.kind) {
                (
                    DispositionKind::ReEnter {
                        after: Some(x),
                        requirement: rx,
                    },
                    DispositionKind::ReEnter {
                        after: Some(y),
                        requirement: ry,
                    },
                ) if cx.same(rx, ry) => {
                    let (t, d) = duration_change(x, y, Direction::Later, Direction::Earlier);
                    cx.push(
                        &subject,
                        format!("may re-enter after a wait {t}"),
                        d,
                        Some(old.span),
                        Some(step.span),
                    );
                }
                (
                    DispositionKind::Nurture {
                        track: tx,
                        duration: Some(x),
                    },
                    DispositionKind::Nurture {
                        track: ty,
                        duration: Some(y),
                    },
                ) if tx.value == ty.value => {
                    let (t, _) = duration_change(x, y, Direction::Later, Direction::Earlier);
                    cx.push(
                        &subject,
                        format!("nurture {:?} {t}", ty.value),
                        None,
                        Some(old.span),
                        Some(step.span),
                    );
                }
                _ => cx.replaced(&subject, old.span, step.span, None),
            }
        }
        for old in o
            .disposition
            .iter()
            .filter(|x| r.disposition.iter().all(|y| tag(&y.kind) != tag(&x.kind)))
        {
            cx.push(
                &subject,
                format!("no longer `{}`", cx.old_text(old.span)),
                None,
                Some(old.span),
                None,
            );
        }
    }
    for o in a
        .reasons
        .iter()
        .filter(|o| b.reasons.iter().all(|r| r.code.name != o.code.name))
    {
        cx.push(
            "",
            format!("rejection reason {} removed", o.code.name),
            None,
            Some(o.span),
            None,
        );
    }
}

pub fn diff_recycling(cx: &mut Cx, s: &str, a: &Recycling, b: &Recycling) {
    use RecyclingClauseKind::*;
    let tag = |c: &RecyclingClause| {
        crate::canon::canonical(&c.kind)
            .as_object()
            .and_then(|m| m.keys().next().cloned())
            .or_else(|| {
                crate::canon::canonical(&c.kind)
                    .as_str()
                    .map(str::to_string)
            })
            .unwrap_or_default()
    };
    let find = |r: &'_ Recycling, t: &str| r.clauses.iter().find(|c| tag(c) == t).cloned();
    let mut tags: Vec<String> = Vec::new();
    for c in a.clauses.iter().chain(&b.clauses) {
        if !tags.contains(&tag(c)) {
            tags.push(tag(c));
        }
    }
    for t in tags {
        match (find(a, &t), find(b, &t)) {
            (Some(o), Some(n)) if !cx.same(&o, &n) => match (&o.kind, &n.kind) {
                (
                    CoolingOff {
                        default: x,
                        overrides: xo,
                    },
                    CoolingOff {
                        default: y,
                        overrides: yo,
                    },
                ) => {
                    if !cx.same(x, y) {
                        let (t, d) = duration_change(x, y, Direction::Later, Direction::Earlier);
                        cx.push(
                            s,
                            format!("cooling-off {t} (every reason without its own)"),
                            d,
                            Some(o.span),
                            Some(n.span),
                        );
                    }
                    let mut reasons: Vec<String> =
                        xo.iter().chain(yo).map(|(r, _)| r.name.clone()).collect();
                    reasons.dedup();
                    let mut seen = Vec::new();
                    for r in reasons {
                        if seen.contains(&r) {
                            continue;
                        }
                        seen.push(r.clone());
                        let old_d = xo.iter().find(|(c, _)| c.name == r).map_or(x, |(_, d)| d);
                        let new_d = yo.iter().find(|(c, _)| c.name == r).map_or(y, |(_, d)| d);
                        if !cx.same(old_d, new_d) {
                            let d = match crate::durations::compare_durations(old_d, new_d) {
                                Some(std::cmp::Ordering::Less) => Some(Direction::Later),
                                Some(std::cmp::Ordering::Greater) => Some(Direction::Earlier),
                                _ => None,
                            };
                            let text = format!(
                                "{r}: cooling-off {} → {}",
                                show_duration(old_d),
                                show_duration(new_d)
                            );
                            cx.push(s, text, d, Some(o.span), Some(n.span));
                        }
                    }
                }
                (HumanReviewAfter(x), HumanReviewAfter(y)) => {
                    let d = if y > x {
                        Direction::Later
                    } else {
                        Direction::Earlier
                    };
                    cx.push(
                        s,
                        format!("human review when recycled more than {x} → {y} times"),
                        Some(d),
                        Some(o.span),
                        Some(n.span),
                    );
                }
                (NurturePlacementWithin(x), NurturePlacementWithin(y)) => {
                    let (t, d) = duration_change(x, y, Direction::Looser, Direction::Tighter);
                    cx.push(
                        s,
                        format!("nurture placement deadline {t}"),
                        d,
                        Some(o.span),
                        Some(n.span),
                    );
                }
                _ => cx.replaced(s, o.span, n.span, None),
            },
            (Some(o), None) => {
                let d = matches!(o.kind, NewTriggerRequired).then_some(Direction::Looser);
                cx.push(
                    s,
                    format!("no longer `{}`", cx.old_text(o.span)),
                    d,
                    Some(o.span),
                    None,
                );
            }
            (None, Some(n)) => {
                let d = matches!(n.kind, NewTriggerRequired).then_some(Direction::Tighter);
                cx.push(
                    s,
                    format!("now `{}`", cx.new_text(n.span)),
                    d,
                    None,
                    Some(n.span),
                );
            }
            _ => {}
        }
    }
}
