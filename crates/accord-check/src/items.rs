//! The per-definition check: one function per kind of definition, each
//! calling the condition, unit and logic checks on its parts.

use accord_records::FieldType;
use accord_syntax::ast::{
    self, Aggregate, DispositionKind, HandoffItem, InstantExpr, Item, PersistenceRuleKind,
    PointBasis, ReEntryRequirement, RecyclingClauseKind, ScoreBody, ValueKind,
};

use crate::class::{unknown_tier, Scope};
use crate::ctx::{error, Ctx, TimeCtx};
use crate::db::{DefKind, FileEntry, Refusal};
use crate::names::{field_ref, stream};
use crate::resolve::{keyword_span, resolve_import, Sym};
use crate::suggest::{or_declared, SuggestName};
use crate::types::{condition, pattern};

fn is_temporal(t: &FieldType) -> bool {
    matches!(t, FieldType::Timestamp | FieldType::Date)
}
fn is_numeric(t: &FieldType) -> bool {
    matches!(t, FieldType::Number | FieldType::Percentage)
}

/// Checks one definition.
pub fn check_item(ctx: &mut Ctx, item: &Item) {
    match item {
        Item::Import(i) => import(ctx, i),
        Item::Agreement(a) => crate::logic::agreement(ctx, a),
        Item::Fields(f) => fields(ctx, f),
        Item::Calendar(c) => crate::units::calendar(ctx, c),
        Item::List(_) => {}
        Item::Fit(f) => {
            for c in &f.conditions {
                condition(ctx, c, Scope::Lead);
            }
            crate::dead::requirements(ctx, &f.conditions);
        }
        Item::Score(s) => score(ctx, s),
        Item::Trigger(t) => {
            if let Some(w) = &t.window {
                crate::units::event_window(ctx, w);
            }
            for c in &t.items {
                condition(ctx, c, Scope::Lead);
            }
            if t.any {
                t.items
                    .iter()
                    .for_each(|c| crate::dead::requirements(ctx, std::slice::from_ref(c)));
            } else {
                crate::dead::requirements(ctx, &t.items);
            }
        }
        Item::Exclusion(e) => {
            condition(ctx, &e.when, Scope::Lead);
            if let Some(u) = &e.unless {
                condition(ctx, u, Scope::Lead);
            }
            crate::dead::requirements(ctx, std::slice::from_ref(&e.when));
        }
        Item::Stage(s) => {
            condition(ctx, &s.condition, Scope::Lead);
            crate::dead::requirements(ctx, std::slice::from_ref(&s.condition));
        }
        Item::Tiers(t) => {
            for rule in &t.tiers {
                if let Some(c) = &rule.condition {
                    condition(ctx, c, Scope::Lead);
                }
            }
            crate::tiers::tiers(ctx, t, keyword_span(item, 5));
        }
        Item::Sla(s) => sla(ctx, s),
        Item::Persistence(p) => persistence(ctx, p),
        Item::Rejections(r) => rejections(ctx, r),
        Item::Recycling(r) => recycling(ctx, r),
        Item::Handoff(h) => {
            applies(ctx, h.applies.as_ref());
            for it in h.required.iter().chain(&h.preferred) {
                match it {
                    HandoffItem::Field(f) => {
                        if field_ref(ctx, f, None) == Some(FieldType::YesNo) {
                            yes_no_present(ctx, f);
                        }
                    }
                    HandoffItem::Events(p) => pattern(ctx, p),
                    HandoffItem::Condition(c) => condition(ctx, c, Scope::Lead),
                }
            }
        }
        Item::Metric(m) => metric(ctx, m),
        Item::Breach(b) => breach(ctx, b),
        Item::Drift(d) => {
            metric_ref(ctx, &d.metric);
            crate::units::percent_expected(ctx, &d.threshold, "a drift threshold");
        }
    }
}

/// A yes/no field required at handoff by name: `no` is a value too, so it
/// only needs to be filled in. Almost always `is yes` is meant.
fn yes_no_present(ctx: &mut Ctx, f: &ast::Ident) {
    let name = &f.name;
    ctx.emit(
        crate::ctx::warning(
            "accord::handoff-yes-no-present",
            f.span,
            format!("{name} named alone in a handoff holds when it is no, too: it only needs a value"),
        )
        .with_label("a yes/no field only checked for a value")
        .with_help(format!(
            "to require it to be yes, write `{name} is yes`; to accept either answer, write `{name} is present`"
        ))
        .with_replacement(format!("{name} is yes")),
    );
}

/// An import that names no loaded file. A refused import (outside the
/// policy set, not a policy) says why in words and never quotes the file:
/// it was not read.
fn import(ctx: &mut Ctx, i: &ast::Import) {
    let link = resolve_import(ctx.db, ctx.here.file, &i.path.value);
    let written = &i.path.value;
    let d = match link.resolved {
        Some(FileEntry::Loaded(_)) => return,
        Some(FileEntry::Refused(refusal)) => refused_import(i, written, &refusal),
        Some(FileEntry::Unreadable(why)) => missing_import(i, written, &link.target, &why),
        None => missing_import(i, written, &link.target, "it was not found"),
    };
    ctx.emit(d);
}

fn missing_import(
    i: &ast::Import,
    written: &str,
    target: &str,
    reason: &str,
) -> accord_syntax::Diagnostic {
    error(
        "accord::missing-import",
        i.path.span,
        format!("cannot import \"{written}\": {reason}"),
    )
    .with_label(format!("looked for {target}"))
    .with_help("import paths are relative to this file; check the file name and folder")
}

fn refused_import(i: &ast::Import, written: &str, refusal: &Refusal) -> accord_syntax::Diagnostic {
    let (code, message, label, help) = match refusal {
        Refusal::Absolute => (
            "accord::import-outside-policy-set",
            format!("cannot import \"{written}\": an import cannot be an absolute path"),
            String::from("absolute path; the file was not read"),
            "write the path relative to this file (for example \"shared/schema.accord\"); a policy only imports files from its own folder",
        ),
        Refusal::OutsideRoot { root } => (
            "accord::import-outside-policy-set",
            format!("cannot import \"{written}\": it is outside the policy folder {root}"),
            format!("leaves {root}; the file was not read"),
            "a policy only imports files inside its folder (the folder of the file you check, or the one given with --root); move the file there, or give --root a folder that holds both",
        ),
        Refusal::NotAPolicy => (
            "accord::import-not-a-policy",
            format!("cannot import \"{written}\": only policy files (.accord) can be imported"),
            String::from("not a .accord file; the file was not read"),
            "import a policy file whose name ends in .accord",
        ),
        Refusal::NotAFile => (
            "accord::import-not-a-policy",
            format!("cannot import \"{written}\": it is not a regular file"),
            String::from("not a regular file; it was not read"),
            "import a policy file whose name ends in .accord",
        ),
    };
    let d = error(code, i.path.span, message).with_label(label);
    // `import "shared/schema"`: the file's name with its `.accord`.
    let file_name = written.rsplit('/').next().unwrap_or(written);
    if matches!(refusal, Refusal::NotAPolicy) && !file_name.contains('.') {
        return d
            .with_help(format!(
                "a policy file's name ends in .accord: `import \"{written}.accord\"`"
            ))
            .with_replacement(format!("\"{written}.accord\""));
    }
    d.with_help(help)
}

fn fields(ctx: &mut Ctx, f: &ast::FieldsBlock) {
    if let Some(z) = &f.default_zone {
        crate::units::zone(ctx, z);
    }
    for decl in &f.fields {
        crate::units::written(ctx, decl);
        if let ast::TypeKind::Events(event_fields) = &decl.ty.kind {
            for e in event_fields {
                crate::units::written(ctx, e);
            }
        }
    }
    if let Some(id) = &f.identified_by {
        if !f.fields.iter().any(|d| d.name.name == id.name) && ctx.syms.field(&id.name).is_none() {
            field_ref(ctx, id, None);
        }
    }
}

fn score(ctx: &mut Ctx, s: &ast::Score) {
    let rules: Vec<&ast::PointRule> = match &s.body {
        ScoreBody::Rules(r) => r.iter().collect(),
        ScoreBody::Weighted(subs) => subs.iter().flat_map(|x| x.rules.iter()).collect(),
        ScoreBody::FromField(f) => {
            field_ref(ctx, f, Some(("a number", is_numeric)));
            Vec::new()
        }
    };
    crate::logic::weights(ctx, &s.name, &s.body);
    crate::logic::floor(ctx, s);
    match &s.body {
        ScoreBody::Rules(r) => crate::dead::score_rules(ctx, r, None),
        ScoreBody::Weighted(subs) => {
            for sub in subs {
                crate::dead::score_rules(ctx, &sub.rules, Some(sub));
            }
        }
        ScoreBody::FromField(_) => {}
    }
    for r in rules {
        match &r.basis {
            PointBasis::When(c) => condition(ctx, c, Scope::Lead),
            PointBasis::ForEach(p) => pattern(ctx, p),
        }
    }
    if let Some(d) = &s.decay {
        crate::units::percent_expected(ctx, &d.percent, "a decay rate");
        if let ValueKind::Percent(_) = d.percent.kind {
            crate::units::percent_in_range(
                ctx,
                &d.percent,
                "a decay rate",
                "a score cannot lose more than all its points at once: give the share it loses each period, e.g. `decays 10% every 30 days`",
            );
        }
        crate::units::duration(ctx, &d.every);
        crate::units::positive_period(ctx, &d.every);
        stream(ctx, &d.without);
    }
}

fn calendar_ref(ctx: &mut Ctx, c: &ast::Ident) {
    if ctx
        .syms
        .def_of_kind(&c.name, &[DefKind::Calendar])
        .is_some()
    {
        return;
    }
    let names = ctx.syms.names_of(&[DefKind::Calendar]);
    ctx.emit(
        error(
            "accord::unknown-calendar",
            c.span,
            format!("no calendar is named `{}`", c.name),
        )
        .with_label("unknown calendar")
        .did_you_mean(
            &c.name,
            &names,
            false,
            &or_declared(
                "declare it: `calendar <name>:` with its opening hours",
                "calendars",
                &names,
            ),
        ),
    );
}

fn tier_ref(ctx: &mut Ctx, n: u32, span: accord_syntax::Span) {
    if !ctx.syms.tier_declared(n) {
        unknown_tier(ctx, n, span);
    }
}

fn instant(ctx: &mut Ctx, i: &InstantExpr) {
    match i {
        InstantExpr::Field(f) => {
            field_ref(ctx, f, Some(("a timestamp", is_temporal)));
        }
        InstantExpr::NthEvent { pattern: p, .. } => pattern(ctx, p),
    }
}

/// A block's `applies when` (SLAs, persistence, handoff): a condition on
/// the lead, checked like any other.
fn applies(ctx: &mut Ctx, c: Option<&ast::Condition>) {
    if let Some(c) = c {
        condition(ctx, c, Scope::Lead);
    }
}

fn sla(ctx: &mut Ctx, s: &ast::Sla) {
    if let Some(c) = &s.calendar {
        calendar_ref(ctx, c);
    }
    let time = if s.calendar.is_some() {
        TimeCtx::Calendar
    } else {
        TimeCtx::NoCalendarClause
    };
    ctx.with_time(time, |ctx| {
        instant(ctx, &s.start);
        instant(ctx, &s.stop);
        applies(ctx, s.applies.as_ref());
        for l in &s.limits {
            if let Some((n, span)) = l.tier {
                tier_ref(ctx, n, span);
            }
            crate::units::duration(ctx, &l.within);
            crate::units::sla_limit_unit(ctx, &l.within, s.calendar.is_some());
        }
        for a in &s.after_hours {
            if let Some((n, span)) = a.tier {
                tier_ref(ctx, n, span);
            }
            crate::units::time(ctx, &a.by, false);
        }
    });
    crate::tiers::sla_tier_limits(ctx, s);
    crate::tiers::sla_duplicate_limits(ctx, s);
    after_hours_need_a_calendar(ctx, s);
}

/// `after hours, due by 09:00 the next business day` needs opening hours
/// (when is "after hours", which day is the next business day?): the SLA
/// must be `counted in` a calendar. Reported once, on the first such rule.
fn after_hours_need_a_calendar(ctx: &mut Ctx, s: &ast::Sla) {
    let (None, Some(first)) = (&s.calendar, s.after_hours.first()) else {
        return;
    };
    ctx.emit(
        error(
            "accord::after-hours-without-calendar",
            first.span,
            format!(
                "the SLA {} has an after-hours rule, but no opening hours to tell when after hours is",
                s.name.name
            ),
        )
        .with_label("needs a calendar's opening hours")
        .with_help("add `counted in <calendar>` to the `from … to …` line (e.g. `counted in sales_hours`), or remove the after-hours line"),
    );
}

fn persistence(ctx: &mut Ctx, p: &ast::Persistence) {
    if let Some(f) = &p.start {
        field_ref(ctx, f, Some(("a timestamp", is_temporal)));
    }
    if let Some(c) = &p.calendar {
        calendar_ref(ctx, c);
    }
    let time = if p.calendar.is_some() {
        TimeCtx::Calendar
    } else {
        TimeCtx::NoCalendarClause
    };
    ctx.with_time(time, |ctx| {
        applies(ctx, p.applies.as_ref());
        for r in &p.rules {
            match &r.kind {
                PersistenceRuleKind::Count {
                    pattern: pt,
                    within,
                    ..
                } => {
                    pattern(ctx, pt);
                    if let Some(w) = within {
                        crate::units::duration(ctx, w);
                    }
                }
                PersistenceRuleKind::DistinctDays { pattern: pt, .. }
                | PersistenceRuleKind::PerDayMax { pattern: pt, .. } => pattern(ctx, pt),
            }
            if let Some(w) = &r.when {
                condition(ctx, w, Scope::Lead);
            }
        }
    });
}

fn rejections(ctx: &mut Ctx, r: &ast::RejectionReasons) {
    crate::dead::reasons(ctx, r);
    for reason in &r.reasons {
        if reason.disposition.is_empty() {
            ctx.emit(
                error(
                    "accord::reason-without-disposition",
                    reason.code.span,
                    format!("rejection reason {} says nothing about what happens to the lead", reason.code.name),
                )
                .with_label("no disposition")
                .with_help("after the label, say what happens, e.g. `: archive, never recycled` or `: nurture \"long-cycle\" for 6 months`"),
            );
        }
        for step in &reason.disposition {
            match &step.kind {
                DispositionKind::Nurture {
                    duration: Some(d), ..
                } => crate::units::duration(ctx, d),
                DispositionKind::ReEnter { after, requirement } => {
                    if let Some(d) = after {
                        crate::units::duration(ctx, d);
                    }
                    match requirement {
                        Some(ReEntryRequirement::NewEvent(p)) => pattern(ctx, p),
                        Some(ReEntryRequirement::When(c)) => condition(ctx, c, Scope::Lead),
                        Some(ReEntryRequirement::DefinitionChanged(id)) => {
                            compared_definition(ctx, id)
                        }
                        Some(ReEntryRequirement::NewTrigger) | None => {}
                    }
                }
                _ => {}
            }
        }
    }
}

/// The kinds of definition whose meaning can change between versions of an
/// agreement (`when the icp definition has changed since the rejection`).
const COMPARABLE: &[DefKind] = &[
    DefKind::Fit,
    DefKind::Score,
    DefKind::Trigger,
    DefKind::Exclusion,
    DefKind::Stage,
    DefKind::Sla,
    DefKind::List,
    DefKind::Calendar,
];

/// `when the NAME definition has changed since the rejection` names a
/// definition of the policy.
fn compared_definition(ctx: &mut Ctx, id: &ast::Ident) {
    if ctx.syms.def_of_kind(&id.name, COMPARABLE).is_some() {
        return;
    }
    let names = ctx.syms.names_of(COMPARABLE);
    ctx.emit(
        error(
            "accord::unknown-definition",
            id.span,
            format!(
                "no fit, score, trigger, exclusion, stage, SLA, list or calendar is named `{}`",
                id.name
            ),
        )
        .with_label("unknown definition")
        .did_you_mean(
            &id.name,
            &names,
            false,
            "name the definition whose change lets the lead back, e.g. `when the icp definition has changed since the rejection`",
        ),
    );
}

fn reason_code(ctx: &mut Ctx, code: &ast::Ident) {
    if ctx.syms.reasons.contains_key(&code.name) {
        return;
    }
    let codes: Vec<String> = ctx.syms.reasons.keys().cloned().collect();
    ctx.emit(
        error(
            "accord::unknown-reason-code",
            code.span,
            format!("`{}` is not a declared rejection reason code", code.name),
        )
        .with_label("unknown reason code")
        .did_you_mean(
            &code.name,
            &codes,
            false,
            &or_declared("declare it under `rejection reasons`", "codes", &codes),
        ),
    );
}

fn recycling(ctx: &mut Ctx, r: &ast::Recycling) {
    for clause in &r.clauses {
        match &clause.kind {
            RecyclingClauseKind::ReasonField(f) => {
                field_ref(ctx, f, None);
            }
            RecyclingClauseKind::RejectedAtField(f) => {
                field_ref(ctx, f, Some(("a timestamp", is_temporal)));
            }
            RecyclingClauseKind::RecycleCountField(f) => {
                field_ref(ctx, f, Some(("a number", is_numeric)));
            }
            RecyclingClauseKind::CoolingOff { default, overrides } => {
                crate::units::duration(ctx, default);
                for (code, d) in overrides {
                    reason_code(ctx, code);
                    crate::units::duration(ctx, d);
                    crate::dead::cooling_off_override(ctx, code, d);
                }
            }
            RecyclingClauseKind::NurturePlacementWithin(d) => crate::units::duration(ctx, d),
            RecyclingClauseKind::NewTriggerRequired | RecyclingClauseKind::HumanReviewAfter(_) => {}
        }
    }
}

fn metric_ref<'s>(ctx: &mut Ctx<'s>, m: &ast::Ident) -> Option<&'s Sym> {
    let syms = ctx.syms;
    if let Some(s) = syms.def_of_kind(&m.name, &[DefKind::Metric]) {
        return Some(s);
    }
    let names = ctx.syms.names_of(&[DefKind::Metric]);
    ctx.emit(
        error(
            "accord::unknown-metric",
            m.span,
            format!("no metric is named `{}`", m.name),
        )
        .with_label("unknown metric")
        .did_you_mean(
            &m.name,
            &names,
            false,
            &or_declared(
                "declare it: `metric <name>: the share of … leads where …, by month`",
                "metrics",
                &names,
            ),
        ),
    );
    None
}

fn metric(ctx: &mut Ctx, m: &ast::Metric) {
    if let Some(p) = &m.population {
        condition(ctx, p, Scope::Lead);
    }
    match &m.aggregate {
        Aggregate::Count => {}
        Aggregate::Share(c) => condition(ctx, c, Scope::Lead),
        Aggregate::Average(op) => {
            let probe = ast::Condition {
                kind: ast::ConditionKind::Compare {
                    subject: op.clone(),
                    test: ast::Test {
                        kind: ast::TestKind::Present,
                        span: op.span(),
                    },
                },
                span: op.span(),
            };
            condition(ctx, &probe, Scope::Lead);
        }
    }
    if let Some(per) = &m.per {
        field_ref(ctx, per, None);
    }
    period_instant(ctx, m);
}

/// The instant that places a lead in a metric's period: `by month of
/// mql_at` must name a timestamp or date field; without `of`, the
/// population's default ([`ast::default_period_instant`]) must exist.
fn period_instant(ctx: &mut Ctx, m: &ast::Metric) {
    if let Some(f) = &m.instant {
        field_ref(ctx, f, Some(("a timestamp or a date", is_temporal)));
        return;
    }
    let candidates = ast::default_period_instant(m.population.as_ref());
    if candidates
        .iter()
        .any(|c| ctx.syms.field(c).is_some_and(|f| is_temporal(&f.ty)))
    {
        return;
    }
    let period = m.period.kind.noun();
    ctx.emit(
        error(
            "accord::metric-instant",
            m.period.span,
            format!(
                "nothing says which {period} a lead of {} counts in",
                m.name.name
            ),
        )
        .with_label(format!("by which instant's {period}?"))
        .with_help(format!(
            "name the timestamp that places a lead in a {period}, e.g. `by {period} of created_at` (without it, {} would be used, and the lead fields declare no such timestamp)",
            candidates.join(" or ")
        )),
    );
}

fn breach(ctx: &mut Ctx, b: &ast::Breach) {
    let Some(metric) = metric_ref(ctx, &b.metric) else {
        return;
    };
    let Some(shape) = metric.metric else {
        return;
    };
    let is_share = shape.is_share;
    if shape.period != b.period.kind {
        let (measured, counted) = (shape.period.noun(), b.period.kind.noun());
        let d = error(
            "accord::breach-period-mismatch",
            b.period.span,
            format!(
                "{} is measured by {measured}, but this breach counts consecutive {counted}s",
                b.metric.name
            ),
        )
        .with_label(format!("{counted}s, not {measured}s"))
        .with_help(format!(
            "count the breach in the metric's periods (`for {} consecutive {measured}s`), or measure {} `by {counted}`",
            b.consecutive, b.metric.name
        ))
        .with_related(metric.span, format!("measured by {measured}"));
        ctx.emit_with(d, vec![metric.at.clone()]);
    }
    let values: Vec<&ast::Value> = match &b.test.kind {
        ast::TestKind::AtLeast(v)
        | ast::TestKind::AtMost(v)
        | ast::TestKind::MoreThan(v)
        | ast::TestKind::LessThan(v) => vec![v],
        ast::TestKind::Between(a, c) => vec![a, c],
        _ => {
            ctx.emit(
                error(
                    "accord::breach-test",
                    b.test.span,
                    format!("a breach compares {} with a number", b.metric.name),
                )
                .with_label("not a comparison with a number")
                .with_help(format!(
                    "write `is below …`, `is above …`, `is at least …`, `is at most …` or `is between … and …`, e.g. `{} is below 90%`",
                    b.metric.name
                )),
            );
            Vec::new()
        }
    };
    for v in values {
        if let (ValueKind::Percent(_), true) = (&v.kind, is_share) {
            crate::units::percent_in_range(
                ctx,
                v,
                &format!("the share {}", b.metric.name),
                "a share of leads is never more than all of them: compare it with a percentage from 0% to 100%, e.g. `is below 90%`",
            );
        }
        match (&v.kind, is_share) {
            (ValueKind::Number(_), true) => crate::units::percent_expected(
                ctx,
                v,
                format!("a threshold on the share {}", b.metric.name).as_str(),
            ),
            (ValueKind::Percent(_), false) => ctx.emit(
                error(
                    "accord::percent-mismatch",
                    v.span,
                    format!(
                        "{} is a count, but it is compared with a percentage",
                        b.metric.name
                    ),
                )
                .with_label("a percentage")
                .with_help(
                    "drop the `%`, or make the metric a share (`the share of … leads where …`)",
                ),
            ),
            _ => {}
        }
    }
    crate::logic::empty_range(ctx, &b.test);
}
