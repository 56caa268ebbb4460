//! Comparing two versions of one definition, kind by kind, in the words of
//! the agreement: thresholds, limits, windows, lists, hours, dispositions.
//! What has no more precise wording is quoted as written in each version.

use crate::change::{Direction, Site};
use crate::conditions::{compare_tests, diff_condition, diff_lists, Meaning, Polarity};
use crate::defs::{Def, Node};
use crate::durations::{show_date, show_duration};
use crate::list_reads::list_change_direction;
use crate::score_rules::diff_rules;
use crate::sets::show_value;
use crate::timing::{
    diff_applies, diff_calendar, diff_persistence, diff_reasons, diff_recycling, diff_sla,
};
use crate::words::{added_removed, date_direction, duration_change, Cx};
use accord_syntax::ast::*;

/// Compares a definition with its counterpart.
pub fn diff_def(cx: &mut Cx, old: &Def, new: &Def) {
    let subject = new.label();
    cx.current = new.name.clone();
    let s = subject.as_str();
    match (old.node, new.node) {
        (Node::Item(a), Node::Item(b)) => diff_item(cx, s, a, b),
        (Node::Field(a), Node::Field(b)) => diff_field(cx, s, a, b),
        (Node::IdentifiedBy(a), Node::IdentifiedBy(b)) => {
            if a.name != b.name {
                cx.push(
                    s,
                    format!("leads now identified by {} instead of {}", b.name, a.name),
                    None,
                    Some(a.span),
                    Some(b.span),
                );
            }
        }
        (Node::DefaultZone(a), Node::DefaultZone(b)) => {
            if a.value != b.value {
                cx.push(
                    s,
                    format!("{:?} → {:?}", a.value, b.value),
                    None,
                    Some(a.span),
                    Some(b.span),
                );
            }
        }
        _ => cx.replaced(s, old.span, new.span, None),
    }
}

fn title(cx: &mut Cx, subject: &str, a: &Option<Str>, b: &Option<Str>) {
    match (a, b) {
        (Some(x), Some(y)) if x.value != y.value => cx.push(
            subject,
            format!("title {:?} → {:?}", x.value, y.value),
            None,
            Some(x.span),
            Some(y.span),
        ),
        (None, Some(y)) => cx.push(
            subject,
            format!("now titled {:?}", y.value),
            None,
            None,
            Some(y.span),
        ),
        (Some(x), None) => cx.push(
            subject,
            format!("title {:?} removed", x.value),
            None,
            Some(x.span),
            None,
        ),
        _ => {}
    }
}

fn diff_item(cx: &mut Cx, s: &str, a: &Item, b: &Item) {
    if cx.same(a, b) {
        return;
    }
    let req = Polarity::of(Meaning::Requirement);
    match (a, b) {
        (Item::Import(_), Item::Import(_)) => {}
        (Item::Agreement(x), Item::Agreement(y)) => diff_agreement(cx, s, x, y),
        (Item::Calendar(x), Item::Calendar(y)) => {
            title(cx, s, &x.title, &y.title);
            diff_calendar(cx, s, x, y);
        }
        (Item::List(x), Item::List(y)) => {
            title(cx, s, &x.title, &y.title);
            let shown = |l: &ListDef| l.values.iter().map(show_value).collect::<Vec<_>>();
            if let Some(t) = added_removed(&shown(x), &shown(y)) {
                let direction = list_change_direction(cx, &y.name.name);
                cx.push(s, t, direction, Some(x.span), Some(y.span));
                cx.set_site(crate::change::Site::List {
                    name: y.name.name.clone(),
                });
            }
        }
        (Item::Fit(x), Item::Fit(y)) => {
            title(cx, s, &x.title, &y.title);
            let (o, n): (Vec<&Condition>, Vec<&Condition>) =
                (x.conditions.iter().collect(), y.conditions.iter().collect());
            diff_lists(cx, s, &o, &n, true, req);
        }
        (Item::Score(x), Item::Score(y)) => {
            title(cx, s, &x.title, &y.title);
            diff_score(cx, s, x, y);
        }
        (Item::Trigger(x), Item::Trigger(y)) => {
            title(cx, s, &x.title, &y.title);
            if x.any != y.any {
                let (text, d) = if y.any {
                    (
                        "now fires on any of its lines instead of all of them",
                        Direction::Looser,
                    )
                } else {
                    (
                        "now needs all of its lines instead of any one",
                        Direction::Tighter,
                    )
                };
                cx.push(s, text, Some(d), Some(x.span), Some(y.span));
            }
            match (&x.window, &y.window) {
                (Some(p), Some(q)) if !cx.same(p, q) => {
                    let (t, d) = duration_change(p, q, Direction::Looser, Direction::Tighter);
                    cx.push(s, format!("window {t}"), d, Some(p.span), Some(q.span));
                }
                (None, Some(q)) => cx.push(
                    s,
                    format!("now within the last {}", show_duration(q)),
                    Some(Direction::Tighter),
                    None,
                    Some(q.span),
                ),
                (Some(p), None) => cx.push(
                    s,
                    format!("window of {} removed", show_duration(p)),
                    Some(Direction::Looser),
                    Some(p.span),
                    None,
                ),
                _ => {}
            }
            let (o, n): (Vec<&Condition>, Vec<&Condition>) =
                (x.items.iter().collect(), y.items.iter().collect());
            diff_lists(cx, s, &o, &n, !y.any, req);
        }
        (Item::Exclusion(x), Item::Exclusion(y)) => {
            title(cx, s, &x.title, &y.title);
            let excl = Polarity::of(Meaning::Exclusion);
            diff_condition(cx, s, &x.when, &y.when, excl);
            match (&x.unless, &y.unless) {
                (Some(p), Some(q)) => {
                    diff_condition(cx, &format!("{s} (unless)"), p, q, excl.flipped())
                }
                (None, Some(q)) => cx.push(
                    s,
                    format!("now spares leads where `{}`", cx.new_text(q.span)),
                    Some(Direction::ExcludesFewer),
                    None,
                    Some(q.span),
                ),
                (Some(p), None) => cx.push(
                    s,
                    format!("no longer spares leads where `{}`", cx.old_text(p.span)),
                    Some(Direction::ExcludesMore),
                    Some(p.span),
                    None,
                ),
                (None, None) => {}
            }
            let route = |r: &Option<Str>| r.as_ref().map(|r| r.value.clone());
            if route(&x.route) != route(&y.route) {
                let show =
                    |r: Option<String>| r.map_or("nowhere".to_string(), |r| format!("{r:?}"));
                cx.push(
                    s,
                    format!(
                        "route {} → {}",
                        show(route(&x.route)),
                        show(route(&y.route))
                    ),
                    None,
                    Some(x.span),
                    Some(y.span),
                );
            }
        }
        (Item::Stage(x), Item::Stage(y)) => {
            title(cx, s, &x.title, &y.title);
            diff_condition(cx, s, &x.condition, &y.condition, req);
        }
        (Item::Tiers(x), Item::Tiers(y)) => {
            title(cx, s, &x.title, &y.title);
            diff_tiers(cx, x, y);
        }
        (Item::Sla(x), Item::Sla(y)) => {
            title(cx, s, &x.title, &y.title);
            diff_sla(cx, s, x, y);
        }
        (Item::Persistence(x), Item::Persistence(y)) => {
            title(cx, s, &x.title, &y.title);
            diff_persistence(cx, s, x, y);
        }
        (Item::Rejections(x), Item::Rejections(y)) => {
            title(cx, s, &x.title, &y.title);
            diff_reasons(cx, x, y);
        }
        (Item::Recycling(x), Item::Recycling(y)) => {
            title(cx, s, &x.title, &y.title);
            diff_recycling(cx, s, x, y);
        }
        (Item::Handoff(x), Item::Handoff(y)) => {
            title(cx, s, &x.title, &y.title);
            let text = |cx: &Cx, old: bool, i: &HandoffItem| match i {
                HandoffItem::Field(f) => f.name.clone(),
                HandoffItem::Events(EventPattern { span, .. })
                | HandoffItem::Condition(Condition { span, .. }) => cx.text_in(old, *span),
            };
            for (label, o, n) in [
                ("requires", &x.required, &y.required),
                ("prefers", &x.preferred, &y.preferred),
            ] {
                let ot: Vec<String> = o.iter().map(|i| text(cx, true, i)).collect();
                let nt: Vec<String> = n.iter().map(|i| text(cx, false, i)).collect();
                let (more, fewer) = if label == "requires" {
                    (Some(Direction::Tighter), Some(Direction::Looser))
                } else {
                    (None, None)
                };
                for t in nt.iter().filter(|t| !ot.contains(t)) {
                    cx.push(s, format!("now {label} {t}"), more, None, Some(y.span));
                }
                for t in ot.iter().filter(|t| !nt.contains(t)) {
                    cx.push(
                        s,
                        format!("no longer {label} {t}"),
                        fewer,
                        Some(x.span),
                        None,
                    );
                }
            }
        }
        (Item::Metric(x), Item::Metric(y)) => {
            title(cx, s, &x.title, &y.title);
            crate::metric_parts::diff_metric(cx, s, x, y);
        }
        (Item::Breach(x), Item::Breach(y)) => {
            title(cx, s, &x.title, &y.title);
            if x.metric.name != cx.renamed(&y.metric.name) && x.metric.name != y.metric.name {
                cx.push(
                    s,
                    format!("now watches {} instead of {}", y.metric.name, x.metric.name),
                    None,
                    Some(x.metric.span),
                    Some(y.metric.span),
                );
            }
            if !cx.same(&x.test, &y.test) {
                let metric = Operand::Name(y.metric.clone());
                compare_tests(
                    cx,
                    s,
                    Some(&metric),
                    x.test.span,
                    y.test.span,
                    &x.test.kind,
                    &y.test.kind,
                    Polarity::of(Meaning::Alarm),
                );
            }
            if x.consecutive != y.consecutive || x.period.kind != y.period.kind {
                let fewer_periods = if y.consecutive > x.consecutive {
                    Direction::FiresLess
                } else {
                    Direction::FiresMore
                };
                let d = (x.period.kind == y.period.kind).then_some(fewer_periods);
                cx.push(
                    s,
                    format!(
                        "for {} consecutive {} → {} consecutive {}",
                        x.consecutive,
                        x.period.kind.noun(),
                        y.consecutive,
                        y.period.kind.noun()
                    ),
                    d,
                    Some(x.span),
                    Some(y.span),
                );
            }
        }
        (Item::Drift(x), Item::Drift(y)) => {
            title(cx, s, &x.title, &y.title);
            if x.metric.name != y.metric.name && cx.renamed(&x.metric.name) != y.metric.name {
                cx.push(
                    s,
                    format!("now watches {} instead of {}", y.metric.name, x.metric.name),
                    None,
                    Some(x.metric.span),
                    Some(y.metric.span),
                );
            }
            if !cx.same(&x.threshold, &y.threshold) {
                let d = match crate::sets::number(&x.threshold)
                    .partial_cmp(&crate::sets::number(&y.threshold))
                {
                    Some(std::cmp::Ordering::Greater) => Some(Direction::FiresMore),
                    Some(std::cmp::Ordering::Less) => Some(Direction::FiresLess),
                    _ => None,
                };
                cx.push(
                    s,
                    format!(
                        "threshold {} → {}",
                        show_value(&x.threshold),
                        show_value(&y.threshold)
                    ),
                    d,
                    Some(x.threshold.span),
                    Some(y.threshold.span),
                );
            }
        }
        _ => return cx.replaced(s, a.span(), b.span(), None),
    }
    // `applies when`, the same way on every block that takes it.
    diff_applies(cx, s, a.applies(), b.applies());
}

fn diff_agreement(cx: &mut Cx, s: &str, a: &Agreement, b: &Agreement) {
    if a.name.value != b.name.value {
        cx.push(
            s,
            format!("name {:?} → {:?}", a.name.value, b.name.value),
            None,
            Some(a.name.span),
            Some(b.name.span),
        );
    }
    let tag = |c: &AgreementClause| match &c.kind {
        AgreementClauseKind::Party { name, .. } => format!("party {}", name.value),
        other => crate::canon::canonical(other)
            .as_object()
            .and_then(|m| m.keys().next().cloned())
            .unwrap_or_default(),
    };
    let mut tags: Vec<String> = Vec::new();
    for c in a.clauses.iter().chain(&b.clauses) {
        let t = tag(c);
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    for t in tags {
        let old = a.clauses.iter().find(|c| tag(c) == t);
        let new = b.clauses.iter().find(|c| tag(c) == t);
        match (old, new) {
            (Some(o), Some(n)) if !cx.same(o, n) => {
                use AgreementClauseKind::*;
                let (text, d) = match (&o.kind, &n.kind) {
                    (Version(x), Version(y)) => {
                        (format!("version {:?} → {:?}", x.value, y.value), None)
                    }
                    (Effective(x), Effective(y)) => (
                        format!("effective date {} → {}", show_date(x), show_date(y)),
                        date_direction(x, y),
                    ),
                    (Ratified(x), Ratified(y)) => (
                        format!("ratified {} → {}", show_date(x), show_date(y)),
                        date_direction(x, y),
                    ),
                    (NextReview(x), NextReview(y)) => (
                        format!("next review {} → {}", show_date(x), show_date(y)),
                        date_direction(x, y),
                    ),
                    (TakesEffectAfter(x), TakesEffectAfter(y)) => {
                        let (t, d) = duration_change(x, y, Direction::Later, Direction::Earlier);
                        (format!("changes take effect after a delay {t}"), d)
                    }
                    (Review(x), Review(y)) => (
                        format!(
                            "reviewed every {} instead of every {}",
                            y.kind.noun(),
                            x.kind.noun()
                        ),
                        None,
                    ),
                    (Owner(x), Owner(y)) => (format!("owner {:?} → {:?}", x.value, y.value), None),
                    _ => (
                        format!("`{}` → `{}`", cx.old_text(o.span), cx.new_text(n.span)),
                        None,
                    ),
                };
                cx.push(s, text, d, Some(o.span), Some(n.span));
            }
            (Some(o), None) => {
                let text = format!("no longer says `{}`", cx.old_text(o.span));
                cx.push(s, text, None, Some(o.span), None);
            }
            (None, Some(n)) => {
                let text = format!("now says `{}`", cx.new_text(n.span));
                cx.push(s, text, None, None, Some(n.span));
            }
            _ => {}
        }
    }
}

fn diff_field(cx: &mut Cx, s: &str, a: &FieldDecl, b: &FieldDecl) {
    if cx.same(a, b) {
        return;
    }
    if a.optional != b.optional {
        let text = if b.optional {
            "now optional"
        } else {
            "now required"
        };
        cx.push(s, text, None, Some(a.span), Some(b.span));
    }
    match (&a.ty.kind, &b.ty.kind) {
        (TypeKind::OneOf(x), TypeKind::OneOf(y)) => {
            let shown = |v: &Vec<Str>| {
                v.iter()
                    .map(|x| format!("{:?}", x.value))
                    .collect::<Vec<_>>()
            };
            if let Some(t) = added_removed(&shown(x), &shown(y)) {
                cx.push(
                    s,
                    format!("choices: {t}"),
                    None,
                    Some(a.ty.span),
                    Some(b.ty.span),
                );
            }
        }
        (TypeKind::Events(x), TypeKind::Events(y)) => {
            for f in y {
                match x.iter().find(|o| o.name.name == f.name.name) {
                    Some(o) => diff_field(cx, &format!("{s}, event field {}", f.name.name), o, f),
                    None => cx.push(
                        s,
                        format!("new event field `{}`", cx.new_text(f.span)),
                        None,
                        None,
                        Some(f.span),
                    ),
                }
            }
            for o in x
                .iter()
                .filter(|o| y.iter().all(|f| f.name.name != o.name.name))
            {
                cx.push(
                    s,
                    format!("event field {} removed", o.name.name),
                    None,
                    Some(o.span),
                    None,
                );
            }
        }
        _ if !cx.same(&a.ty, &b.ty) => {
            let text = format!(
                "type `{}` → `{}`",
                cx.old_text(a.ty.span),
                cx.new_text(b.ty.span)
            );
            cx.push(s, text, None, Some(a.ty.span), Some(b.ty.span));
        }
        _ => {}
    }
}

fn diff_score(cx: &mut Cx, s: &str, a: &Score, b: &Score) {
    if !cx.same(&a.floor, &b.floor) {
        let show = |f: &Option<ScoreFloor>| match f.as_ref().map(|f| &f.kind) {
            None => "never below 0 (the default)".to_string(),
            Some(ScoreFloorKind::NeverBelow(v)) => format!("never below {}", show_value(v)),
            Some(ScoreFloorKind::MayGoBelow(_)) => "may go below 0".to_string(),
        };
        cx.push(
            s,
            format!("floor: {} → {}", show(&a.floor), show(&b.floor)),
            None,
            Some(a.floor.as_ref().map_or(a.span, |f| f.span)),
            Some(b.floor.as_ref().map_or(b.span, |f| f.span)),
        );
    }
    match (&a.body, &b.body) {
        (ScoreBody::Rules(x), ScoreBody::Rules(y)) => diff_rules(cx, s, x, y),
        (ScoreBody::Weighted(x), ScoreBody::Weighted(y)) => {
            for sub in y {
                let Some(old) = x.iter().find(|o| o.name.name == sub.name.name) else {
                    cx.push(
                        s,
                        format!("new part `{}`", cx.new_text(sub.span)),
                        None,
                        None,
                        Some(sub.span),
                    );
                    continue;
                };
                let part = format!("{s} ({})", sub.name.name);
                if !cx.same(&old.weight, &sub.weight) {
                    let text = format!(
                        "weight {} → {}",
                        show_value(&old.weight),
                        show_value(&sub.weight)
                    );
                    cx.push(
                        &part,
                        text,
                        None,
                        Some(old.weight.span),
                        Some(sub.weight.span),
                    );
                }
                diff_rules(cx, &part, &old.rules, &sub.rules);
            }
            for old in x
                .iter()
                .filter(|o| y.iter().all(|n| n.name.name != o.name.name))
            {
                cx.push(
                    s,
                    format!("part {} removed", old.name.name),
                    None,
                    Some(old.span),
                    None,
                );
            }
        }
        (ScoreBody::FromField(x), ScoreBody::FromField(y)) if x.name != y.name => {
            cx.push(
                s,
                format!("now read from {} instead of {}", y.name, x.name),
                None,
                Some(x.span),
                Some(y.span),
            );
        }
        (ScoreBody::FromField(_), ScoreBody::FromField(_)) => {}
        _ => cx.push(
            s,
            "now computed differently",
            None,
            Some(a.span),
            Some(b.span),
        ),
    }
    match (&a.decay, &b.decay) {
        (Some(x), Some(y)) if !cx.same(x, y) => {
            // A faster decay (a larger rate, a shorter period) leaves an
            // idle lead fewer points.
            if !cx.same(&x.percent, &y.percent) {
                let text = format!(
                    "decay {} → {}",
                    show_value(&x.percent),
                    show_value(&y.percent)
                );
                let d = match crate::sets::number(&y.percent)
                    .partial_cmp(&crate::sets::number(&x.percent))
                {
                    Some(std::cmp::Ordering::Greater) => Some(Direction::FewerPoints),
                    Some(std::cmp::Ordering::Less) => Some(Direction::MorePoints),
                    _ => None,
                };
                cx.push(s, text, d, Some(x.span), Some(y.span));
            }
            if !cx.same(&x.every, &y.every) {
                let (t, d) = duration_change(
                    &x.every,
                    &y.every,
                    Direction::MorePoints,
                    Direction::FewerPoints,
                );
                cx.push(
                    s,
                    format!("decay period {t}"),
                    d,
                    Some(x.span),
                    Some(y.span),
                );
            }
            // The stream is named in the singular or the plural alike.
            let stream = |d: &Decay| accord_records::schema::singular(&d.without.name);
            if stream(x) != stream(y) {
                cx.replaced(s, x.span, y.span, None);
            }
        }
        (None, Some(y)) => cx.push(
            s,
            format!("now `{}`", cx.new_text(y.span)),
            None,
            None,
            Some(y.span),
        ),
        (Some(x), None) => cx.push(
            s,
            format!("no longer `{}`", cx.old_text(x.span)),
            None,
            Some(x.span),
            None,
        ),
        _ => {}
    }
}

fn diff_tiers(cx: &mut Cx, a: &Tiers, b: &Tiers) {
    let numbers = |t: &Tiers| t.tiers.iter().map(|r| r.number).collect::<Vec<_>>();
    let req = Polarity::of(Meaning::Requirement);
    for r in &b.tiers {
        let subject = format!("tier {}", r.number);
        let Some(o) = a.tiers.iter().find(|o| o.number == r.number) else {
            cx.push(
                "",
                format!("new tier {} `{}`", r.number, cx.new_text(r.span)),
                None,
                None,
                Some(r.span),
            );
            continue;
        };
        match (&o.condition, &r.condition) {
            (Some(x), Some(y)) => {
                let first = cx.changes.len();
                diff_condition(cx, &subject, x, y, req);
                // What a tier's condition accepts moves leads between
                // tiers, not in or out of MQL: so says every change in it
                // that moves leads (a comparison, or a pattern's events).
                for c in &mut cx.changes[first..] {
                    if c.site.is_some() || c.direction.is_some_and(|d| d.moves_leads()) {
                        c.site = Some(Site::TierCondition { tier: r.number });
                    }
                }
            }
            (Some(x), None) => cx.push(
                &subject,
                format!("now every remaining lead (was `{}`)", cx.old_text(x.span)),
                Some(Direction::Looser),
                Some(o.span),
                Some(r.span),
            ),
            (None, Some(y)) => cx.push(
                &subject,
                format!(
                    "now requires `{}` (was every remaining lead)",
                    cx.new_text(y.span)
                ),
                Some(Direction::Tighter),
                Some(o.span),
                Some(r.span),
            ),
            (None, None) => {}
        }
    }
    for o in a
        .tiers
        .iter()
        .filter(|o| b.tiers.iter().all(|r| r.number != o.number))
    {
        cx.push(
            "",
            format!("tier {} removed", o.number),
            None,
            Some(o.span),
            None,
        );
    }
    let (na, nb) = (numbers(a), numbers(b));
    let common_a: Vec<u32> = na.iter().copied().filter(|n| nb.contains(n)).collect();
    let common_b: Vec<u32> = nb.iter().copied().filter(|n| na.contains(n)).collect();
    if common_a != common_b {
        let show = |v: &[u32]| {
            v.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        cx.push(
            "tiers",
            format!("now tried in the order {} (was {})", show(&nb), show(&na)),
            None,
            Some(a.span),
            Some(b.span),
        );
    }
}
