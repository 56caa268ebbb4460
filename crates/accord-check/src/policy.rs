//! Checks over the whole policy set: duplicate names, unused definitions
//! and cycles between definitions. They read the symbol table and each
//! definition's references ([`def_refs`], memoized per definition and
//! unchanged by edits that do not add or remove a reference), never a
//! definition's body directly.

use std::collections::{BTreeSet, HashMap, HashSet};

use accord_syntax::ast::{
    Condition, ConditionKind, EventPattern, HandoffItem, InstantExpr, Item, Operand, PointBasis,
    ScoreBody, TestKind,
};
use accord_syntax::Span;

use crate::ctx::{error, warning};
use crate::db::{Anchor, DefKind, DefRef, Definition, Reported, SourceFile};
use crate::parse::def_item;
use crate::resolve::{policy_definitions, symbols, Sym};

/// The stand-in name for `no exclusion applies` (it uses every exclusion).
pub const ALL_EXCLUSIONS: &str = "\0exclusions";

/// The lead's tier (`tier is 1`, `tier 1 within 15 minutes`): it is what
/// the `tiers` block decides.
pub const TIER: &str = "tier";

/// Names a definition mentions that may refer to other definitions, with
/// their (relative) spans.
#[salsa::tracked(returns(ref))]
pub fn def_refs<'db>(db: &'db dyn salsa::Database, def: Definition<'db>) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let Some(item) = def_item(db, def).as_deref() else {
        return out;
    };
    let c = |cond: &Condition, out: &mut Vec<(String, Span)>| cond_refs(cond, out);
    // `applies when` reads the same way on every block that takes it.
    if let Some(a) = item.applies() {
        c(a, &mut out);
    }
    match item {
        Item::Fit(f) => f.conditions.iter().for_each(|x| c(x, &mut out)),
        Item::Score(s) => {
            let rules: Vec<_> = match &s.body {
                ScoreBody::Rules(r) => r.iter().collect(),
                ScoreBody::Weighted(subs) => subs.iter().flat_map(|x| x.rules.iter()).collect(),
                ScoreBody::FromField(_) => Vec::new(),
            };
            for r in rules {
                match &r.basis {
                    PointBasis::When(x) => c(x, &mut out),
                    PointBasis::ForEach(p) => pattern_refs(p, &mut out),
                }
            }
        }
        Item::Trigger(t) => t.items.iter().for_each(|x| c(x, &mut out)),
        Item::Exclusion(e) => {
            c(&e.when, &mut out);
            if let Some(u) = &e.unless {
                c(u, &mut out);
            }
        }
        Item::Stage(s) => c(&s.condition, &mut out),
        Item::Tiers(t) => t
            .tiers
            .iter()
            .filter_map(|r| r.condition.as_ref())
            .for_each(|x| c(x, &mut out)),
        Item::Sla(s) => {
            if let Some(cal) = &s.calendar {
                out.push((cal.name.clone(), cal.span));
            }
            for i in [&s.start, &s.stop] {
                if let InstantExpr::NthEvent { pattern, .. } = i {
                    pattern_refs(pattern, &mut out);
                }
            }
            // A limit or after-hours rule per tier reads the lead's tier.
            let per_tier = s.limits.iter().filter_map(|l| l.tier);
            let after_hours = s.after_hours.iter().filter_map(|a| a.tier);
            for (_, span) in per_tier.chain(after_hours) {
                out.push((TIER.to_string(), span));
            }
        }
        Item::Persistence(p) => {
            if let Some(cal) = &p.calendar {
                out.push((cal.name.clone(), cal.span));
            }
            p.rules
                .iter()
                .filter_map(|r| r.when.as_ref())
                .for_each(|x| c(x, &mut out));
        }
        Item::Handoff(h) => {
            for it in h.required.iter().chain(&h.preferred) {
                match it {
                    HandoffItem::Field(f) => out.push((f.name.clone(), f.span)),
                    HandoffItem::Events(p) => pattern_refs(p, &mut out),
                    HandoffItem::Condition(x) => c(x, &mut out),
                }
            }
        }
        Item::Metric(m) => {
            if let Some(p) = &m.population {
                c(p, &mut out);
            }
            match &m.aggregate {
                accord_syntax::ast::Aggregate::Share(x) => c(x, &mut out),
                accord_syntax::ast::Aggregate::Average(Operand::Name(i)) => {
                    out.push((i.name.clone(), i.span))
                }
                _ => {}
            }
        }
        Item::Breach(b) => out.push((b.metric.name.clone(), b.metric.span)),
        Item::Drift(d) => out.push((d.metric.name.clone(), d.metric.span)),
        Item::Rejections(r) => {
            for reason in &r.reasons {
                for step in &reason.disposition {
                    use accord_syntax::ast::ReEntryRequirement as Req;
                    if let accord_syntax::ast::DispositionKind::ReEnter {
                        requirement: Some(req),
                        ..
                    } = &step.kind
                    {
                        match req {
                            Req::When(x) => c(x, &mut out),
                            Req::DefinitionChanged(id) => out.push((id.name.clone(), id.span)),
                            Req::NewTrigger | Req::NewEvent(_) => {}
                        }
                    }
                }
            }
        }
        Item::Import(_)
        | Item::Agreement(_)
        | Item::Fields(_)
        | Item::Calendar(_)
        | Item::List(_)
        | Item::Recycling(_) => {}
    }
    out
}

fn cond_refs(c: &Condition, out: &mut Vec<(String, Span)>) {
    match &c.kind {
        ConditionKind::Compare { subject, test } => {
            if let Operand::Name(i) = subject {
                out.push((i.name.clone(), i.span));
            }
            if let TestKind::InList(l) | TestKind::NotInList(l) = &test.kind {
                out.push((l.name.clone(), l.span));
            }
        }
        ConditionKind::All(cs) | ConditionKind::Any(cs) => {
            cs.iter().for_each(|x| cond_refs(x, out))
        }
        ConditionKind::Not(x) => cond_refs(x, out),
        ConditionKind::Ref(i) => out.push((i.name.clone(), i.span)),
        ConditionKind::Events(p) => pattern_refs(p, out),
        ConditionKind::NoExclusionApplies => out.push((ALL_EXCLUSIONS.to_string(), c.span)),
    }
}

fn pattern_refs(p: &EventPattern, out: &mut Vec<(String, Span)>) {
    // Names inside `where` are event fields, except lists used with `is in`.
    if let Some(f) = &p.filter {
        let mut inner = Vec::new();
        cond_refs(f, &mut inner);
        out.extend(inner);
    }
}

fn reported(d: accord_syntax::Diagnostic, at: &DefRef, related: Vec<DefRef>) -> Reported {
    Reported {
        diagnostic: d,
        anchor: Anchor::Def(at.clone()),
        related: related.into_iter().map(Anchor::Def).collect(),
    }
}

/// All whole-set checks.
pub fn policy_checks(db: &dyn salsa::Database, entry: SourceFile) -> Vec<Reported> {
    let mut out = Vec::new();
    duplicates(db, entry, &mut out);
    unused_and_cycles(db, entry, &mut out);
    crate::dead::preempted_exclusions(db, entry, &mut out);
    crate::imports::import_cycles(db, entry, &mut out);
    crate::imports::empty_entry(db, entry, &mut out);
    out
}

fn duplicate(out: &mut Vec<Reported>, name: &str, first: &Sym, again: &Sym, what: String) {
    let d = error(
        "accord::duplicate-name",
        again.span,
        format!("{what} `{name}` is declared more than once"),
    )
    .with_label("declared again here")
    .with_help(
        "every name must be unique in a policy and its imports; rename or remove one of them",
    )
    .with_related(first.span, "first declared here");
    out.push(reported(d, &again.at, vec![first.at.clone()]));
}

fn duplicates(db: &dyn salsa::Database, entry: SourceFile, out: &mut Vec<Reported>) {
    let syms = symbols(db, entry);
    for (name, list) in &syms.defs {
        if let Some((first, rest)) = list.split_first() {
            for again in rest {
                duplicate(out, name, first, again, again.kind.describe().to_string());
            }
        }
        if let (Some(def), Some(field)) = (list.first(), syms.field(name)) {
            let d = error(
                "accord::duplicate-name",
                def.span,
                format!(
                    "`{name}` is both a lead field and a {}",
                    def.kind.describe()
                ),
            )
            .with_label("same name as a field")
            .with_help("rename the definition so conditions can tell them apart")
            .with_related(field.span, "field declared here");
            out.push(reported(d, &def.at, vec![field.at.clone()]));
        }
    }
    for (name, list) in &syms.fields {
        if let Some((first, rest)) = list.split_first() {
            for again in rest {
                let d = error(
                    "accord::duplicate-name",
                    again.span,
                    format!("lead field `{name}` is declared more than once"),
                )
                .with_label("declared again here")
                .with_help("declare each field once (imported files count too)")
                .with_related(first.span, "first declared here");
                out.push(reported(d, &again.at, vec![first.at.clone()]));
            }
        }
    }
    for (name, list) in &syms.reasons {
        if let Some((first, rest)) = list.split_first() {
            for again in rest {
                duplicate(
                    out,
                    name,
                    first,
                    again,
                    String::from("rejection reason code"),
                );
            }
        }
    }
    // The blocks a policy (with its imports) has at most one of: the
    // evaluator refuses a second one.
    for kind in [
        DefKind::Tiers,
        DefKind::Recycling,
        DefKind::Persistence,
        DefKind::Handoff,
    ] {
        let keyword = kind.singleton_keyword().unwrap_or_default();
        let blocks: Vec<&Sym> = syms.singletons.iter().filter(|s| s.kind == kind).collect();
        if let Some((first, rest)) = blocks.split_first() {
            for again in rest {
                let d = error(
                    "accord::duplicate-name",
                    again.span,
                    format!("{} are declared more than once", kind.describe()),
                )
                .with_label("declared again here")
                .with_help(format!("merge them into one `{keyword}` block"))
                .with_related(first.span, "first declared here");
                out.push(reported(d, &again.at, vec![first.at.clone()]));
            }
        }
    }
}

fn unused_and_cycles(db: &dyn salsa::Database, entry: SourceFile, out: &mut Vec<Reported>) {
    let syms = symbols(db, entry);
    let defs = policy_definitions(db, entry);
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut exclusions_used = false;
    // Edges between fits, triggers, scores, exclusions, stages, SLAs and
    // the tiers block (an SLA with limits per tier reads the tier; a tier
    // condition may read an SLA's state).
    let mut edges: HashMap<DefRef, Vec<(DefRef, String, Span)>> = HashMap::new();
    let named_kinds = [
        DefKind::Fit,
        DefKind::Trigger,
        DefKind::Score,
        DefKind::Exclusion,
        DefKind::Stage,
        DefKind::Sla,
    ];
    let tiers_block = syms
        .singletons
        .iter()
        .find(|s| s.kind == DefKind::Tiers)
        .map(|s| s.at.clone());
    let mut order: Vec<DefRef> = Vec::new();
    for def in defs {
        let me = def.def_ref(db);
        let my_name = &me.key.name;
        for (name, span) in def_refs(db, *def) {
            if name == ALL_EXCLUSIONS {
                exclusions_used = true;
                // `no exclusion applies` reads every exclusion: an exclusion
                // (or what it reads) saying it is a loop with no answer.
                if named_kinds.contains(&me.key.kind) || me.key.kind == DefKind::Tiers {
                    let mine = edges.entry(me.clone()).or_default();
                    for sym in syms.defs.values().flatten() {
                        if sym.kind == DefKind::Exclusion {
                            mine.push((sym.at.clone(), "no exclusion applies".into(), *span));
                        }
                    }
                }
                continue;
            }
            if name != my_name {
                used.insert(name.clone());
            }
            if !(named_kinds.contains(&me.key.kind) || me.key.kind == DefKind::Tiers) {
                continue;
            }
            let target = match syms.def_of_kind(name, &named_kinds) {
                Some(sym) => Some(sym.at.clone()),
                None if name == TIER && syms.def(name).is_none() && syms.field(name).is_none() => {
                    tiers_block.clone()
                }
                None => None,
            };
            if let Some(target) = target {
                edges
                    .entry(me.clone())
                    .or_default()
                    .push((target, name.clone(), *span));
            }
        }
        order.push(me);
    }
    // A set that decides nothing (only schema, calendars, lists, fits…) is
    // a library meant to be imported: its definitions are there for the
    // policies that import it, so none is "unused".
    let decides = [
        DefKind::Stage,
        DefKind::Tiers,
        DefKind::Sla,
        DefKind::Persistence,
        DefKind::Rejections,
        DefKind::Recycling,
        DefKind::Handoff,
        DefKind::Metric,
        DefKind::Breach,
        DefKind::Drift,
    ];
    let is_library = !order.iter().any(|d| decides.contains(&d.key.kind));
    let unused_kinds = [
        DefKind::List,
        DefKind::Calendar,
        DefKind::Fit,
        DefKind::Trigger,
        DefKind::Score,
        DefKind::Exclusion,
    ];
    for (name, list) in &syms.defs {
        let Some(first) = list.first() else { continue };
        if is_library
            || !unused_kinds.contains(&first.kind)
            || first.at.file != entry
            || used.contains(name)
        {
            continue;
        }
        if first.kind == DefKind::Exclusion && exclusions_used {
            continue;
        }
        let d = warning("accord::unused-definition", first.span, format!("{} `{name}` is never used", first.kind.describe()))
            .with_label("not used by any stage, tier, SLA, metric or rule")
            .with_help("use it (e.g. in the mql definition), or delete it if it is no longer part of the agreement");
        out.push(reported(d, &first.at, Vec::new()));
    }
    cycles(&order, &edges, syms, out);
}

/// How a definition is named in a cycle (`tiers` for the tiers block).
fn display_name(d: &DefRef) -> String {
    if d.key.name.is_empty() {
        d.key.kind.describe().to_string()
    } else {
        d.key.name.clone()
    }
}

/// Where a definition's name is written (for "part of the loop" labels).
fn name_sym<'s>(syms: &'s crate::resolve::Symbols, d: &DefRef) -> Option<&'s Sym> {
    if d.key.kind == DefKind::Tiers {
        return syms.singletons.iter().find(|s| s.at == *d);
    }
    syms.defs
        .get(&d.key.name)
        .and_then(|v| v.iter().find(|s| s.at == *d))
}

fn cycles(
    order: &[DefRef],
    edges: &HashMap<DefRef, Vec<(DefRef, String, Span)>>,
    syms: &crate::resolve::Symbols,
    out: &mut Vec<Reported>,
) {
    // For each definition (in source order), look for a path back to it;
    // report each cycle once, at its first definition.
    let mut reported_sets: Vec<HashSet<DefRef>> = Vec::new();
    for start in order {
        let Some(first_edges) = edges.get(start) else {
            continue;
        };
        for (next, name, span) in first_edges {
            let Some(path) = path_to(next, start, edges) else {
                continue;
            };
            let members: HashSet<DefRef> = path
                .iter()
                .cloned()
                .chain(std::iter::once(start.clone()))
                .collect();
            if reported_sets.contains(&members) {
                continue;
            }
            reported_sets.push(members);
            let start_name = display_name(start);
            let mut chain: Vec<String> = vec![start_name.clone()];
            chain.extend(path.iter().map(display_name));
            let tiers_and_sla = [DefKind::Tiers, DefKind::Sla]
                .iter()
                .all(|k| start.key.kind == *k || path.iter().any(|m| m.key.kind == *k));
            let help = if tiers_and_sla {
                "a lead's tier cannot depend on an SLA whose time limit depends on the tier: decide the tier from what is known about the lead (fit, score, activity), or give the SLA one limit for every tier"
            } else {
                "break the loop: a definition cannot (even indirectly) require itself"
            };
            let mut d = error(
                "accord::definition-cycle",
                *span,
                format!("`{start_name}` depends on itself: {}", chain.join(" → ")),
            )
            .with_label(format!("{name} leads back to {start_name}"))
            .with_help(help);
            // Each other step of the loop, where it reads the next one.
            let mut related = Vec::new();
            for (member, next) in path.iter().zip(path.iter().skip(1)) {
                let step = edges
                    .get(member)
                    .and_then(|es| es.iter().find(|(target, _, _)| target == next));
                if let Some((_, name, span)) = step {
                    let label = if name == TIER {
                        String::from("depends on the tier")
                    } else {
                        format!("depends on {name}")
                    };
                    d = d.with_related(*span, label);
                    related.push(member.clone());
                } else if let Some(sym) = name_sym(syms, member) {
                    d = d.with_related(sym.span, "part of the loop");
                    related.push(member.clone());
                }
            }
            out.push(reported(d, start, related));
            break;
        }
    }
}

/// A path (list of definitions, ending with `goal`) from `from` to `goal`.
fn path_to(
    from: &DefRef,
    goal: &DefRef,
    edges: &HashMap<DefRef, Vec<(DefRef, String, Span)>>,
) -> Option<Vec<DefRef>> {
    let mut stack: Vec<(DefRef, Vec<DefRef>)> = vec![(from.clone(), vec![from.clone()])];
    let mut seen: HashSet<DefRef> = HashSet::new();
    while let Some((node, path)) = stack.pop() {
        if node == *goal {
            return Some(path);
        }
        if !seen.insert(node.clone()) {
            continue;
        }
        for (next, _, _) in edges.get(&node).map(Vec::as_slice).unwrap_or(&[]) {
            let mut p = path.clone();
            p.push(next.clone());
            stack.push((next.clone(), p));
        }
    }
    None
}
