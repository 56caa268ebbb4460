//! Every form documented in `ast/` parses clean and lowers to the shape
//! its doc comment describes (fixture: `tests/fixtures/every-form.accord`).

// Tests stop at the first wrong shape with a message saying which.
#![allow(clippy::panic)]

use accord_syntax::ast::*;
use accord_syntax::{parse, FileId};

fn fixture() -> (String, Policy) {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/every-form.accord");
    let text = std::fs::read_to_string(path).expect("fixture");
    let (policy, diagnostics) = parse(FileId(0), &text);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    (text, policy)
}

/// The first item of a kind, by a matcher.
fn find<'p, T>(policy: &'p Policy, pick: impl Fn(&'p Item) -> Option<&'p T>) -> &'p T {
    policy
        .items
        .iter()
        .find_map(pick)
        .expect("an item of that kind")
}

#[test]
fn everything_is_read() {
    let (_, policy) = fixture();
    assert_eq!(policy.items.len(), 30);
    assert!(policy
        .comments
        .iter()
        .any(|c| c.text.trim() == "trailing comment"));
}

#[test]
fn schema_and_calendar() {
    let (text, policy) = fixture();
    let fields = find(&policy, |i| match i {
        Item::Fields(f) => Some(f),
        _ => None,
    });
    assert_eq!(
        fields.identified_by.as_ref().map(|i| i.name.as_str()),
        Some("lead_id")
    );
    assert_eq!(
        fields.default_zone.as_ref().map(|z| z.value.as_str()),
        Some("America/Chicago")
    );
    let ty = |name: &str| {
        fields
            .fields
            .iter()
            .find(|f| f.name.name == name)
            .map(|f| (f.ty.kind.clone(), f.optional))
            .expect("field")
    };
    assert_eq!(ty("share").0, TypeKind::Percentage);
    assert!(ty("disposition_at").1);
    assert!(matches!(ty("tags").0, TypeKind::ListOf(inner) if inner.kind == TypeKind::Text));
    assert!(matches!(ty("scores").0, TypeKind::ListOf(inner) if inner.kind == TypeKind::Number));
    let TypeKind::Events(event_fields) = ty("activities").0 else {
        panic!("activities are events")
    };
    assert_eq!(event_fields.len(), 2);
    assert!(matches!(ty("attempts").0, TypeKind::Events(f) if f.is_empty()));

    let cal = find(&policy, |i| match i {
        Item::Calendar(c) => Some(c),
        _ => None,
    });
    assert_eq!(cal.clauses.len(), 6);
    let CalendarClause::Open { days, zone, .. } = &cal.clauses[2] else {
        panic!("open")
    };
    assert_eq!(days.len(), 3);
    assert!(matches!(zone, Some(ZoneSpec::Fixed(s)) if s.value == "Europe/Berlin"));
    let CalendarClause::Zone(ZoneSpec::Lead { field: Some(f), .. }) = &cal.clauses[5] else {
        panic!("zone naming the lead's field")
    };
    assert_eq!(&text[f.span.range()], "time_zone");

    let sizes = policy
        .items
        .iter()
        .find_map(|i| match i {
            Item::List(l) if l.name.name == "sizes" => Some(l),
            _ => None,
        })
        .expect("list sizes");
    assert_eq!(sizes.values.len(), 3, "values continue on indented lines");
}

#[test]
fn conditions_nest_and_bind() {
    let (text, policy) = fixture();
    let fit = find(&policy, |i| match i {
        Item::Fit(f) => Some(f),
        _ => None,
    });
    assert_eq!(fit.conditions.len(), 24);
    // `not (a or b) and c`: `and` joins; `not` applies to the bracket.
    let line = fit
        .conditions
        .iter()
        .find(|c| text[c.span.range()].starts_with("not ("))
        .expect("the not line");
    let ConditionKind::All(parts) = &line.kind else {
        panic!("and")
    };
    assert!(
        matches!(&parts[0].kind, ConditionKind::Not(inner) if matches!(inner.kind, ConditionKind::Any(_)))
    );
    // `any of:` holding an `all of:`.
    let ConditionKind::Any(items) = &fit.conditions.last().expect("last").kind else {
        panic!("any of")
    };
    assert!(matches!(&items[1].kind, ConditionKind::All(inner) if inner.len() == 2));
    let tests: Vec<&TestKind> = fit
        .conditions
        .iter()
        .filter_map(|c| match &c.kind {
            ConditionKind::Compare { test, .. } => Some(&test.kind),
            _ => None,
        })
        .collect();
    assert!(tests
        .iter()
        .any(|t| matches!(t, TestKind::MoreThanAgo(d) if d.amount == 90.0)));
    assert!(tests.iter().any(|t| matches!(t, TestKind::WithinLast(_))));
    assert!(tests
        .iter()
        .any(|t| matches!(t, TestKind::NotInList(l) if l.name == "free_email_domains")));
    assert!(tests
        .iter()
        .any(|t| matches!(t, TestKind::Matches(s) if s.value == "*@*.edu")));
    assert!(tests
        .iter()
        .any(|t| matches!(t, TestKind::Contains(s) if s.value == "ops")));
    assert!(tests
        .iter()
        .any(|t| matches!(t, TestKind::ContainsWord(s) if s.value == "intern")));
    assert!(tests
        .iter()
        .any(|t| matches!(t, TestKind::NotOneOf(v) if v.len() == 1)));
}

#[test]
fn events_windows_and_quantities() {
    let (_, policy) = fixture();
    let trigger = find(&policy, |i| match i {
        Item::Trigger(t) => Some(t),
        _ => None,
    });
    let patterns: Vec<&EventPattern> = trigger
        .items
        .iter()
        .filter_map(|c| match &c.kind {
            ConditionKind::Events(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(patterns.len(), 7);
    assert_eq!(patterns[2].quantity, Quantity::Exactly(2));
    assert_eq!(patterns[3].quantity, Quantity::AtMost(2));
    assert!(matches!(patterns[3].window, Some(Window::Any(_))));
    assert_eq!(patterns[4].quantity, Quantity::None);
    assert_eq!(patterns[5].quantity, Quantity::None);
    assert!(patterns[6].new);
    assert_eq!(
        patterns[6].since.as_ref().map(|s| s.name.as_str()),
        Some("rejected_at")
    );

    let score = find(&policy, |i| match i {
        Item::Score(s) if matches!(s.body, ScoreBody::Weighted(_)) => Some(s),
        _ => None,
    });
    let ScoreBody::Weighted(parts) = &score.body else {
        panic!("weighted")
    };
    let PointBasis::ForEach(p) = &parts[1].rules[2].basis else {
        panic!("for each")
    };
    assert_eq!(p.kinds.len(), 2);
    assert!(matches!(p.window, Some(Window::Last(_))));
}

#[test]
fn slas_persistence_and_dispositions() {
    let (_, policy) = fixture();
    let slas: Vec<&Sla> = policy
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Sla(s) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(slas[0].after_hours.len(), 2);
    assert_eq!(slas[0].after_hours[0].tier.map(|t| t.0), Some(1));
    assert!(slas[0].after_hours[1].tier.is_none());
    let InstantExpr::NthEvent { pattern, .. } = &slas[0].stop else {
        panic!("first attempt")
    };
    assert!(pattern.filter.is_some(), "`where automated is no`");
    let InstantExpr::NthEvent { n, pattern, .. } = &slas[1].stop else {
        panic!("2nd attempt")
    };
    assert_eq!(*n, 2);
    assert_eq!(pattern.kinds[0].value, "phone");

    let persistence = find(&policy, |i| match i {
        Item::Persistence(p) => Some(p),
        _ => None,
    });
    assert_eq!(persistence.rules.len(), 5);
    assert!(matches!(
        persistence.rules[1].kind,
        PersistenceRuleKind::Count {
            distinct_days: Some(2),
            ..
        }
    ));
    assert!(persistence.rules[2].when.is_some());
    assert!(matches!(
        persistence.rules[3].kind,
        PersistenceRuleKind::DistinctDays { at_least: 3, .. }
    ));
    assert!(matches!(
        persistence.rules[4].kind,
        PersistenceRuleKind::PerDayMax { at_most: 2, .. }
    ));

    let reasons = find(&policy, |i| match i {
        Item::Rejections(r) => Some(r),
        _ => None,
    });
    assert_eq!(reasons.reasons.len(), 5);
    assert!(matches!(
        &reasons.reasons[3].disposition[1].kind,
        DispositionKind::ReEnter {
            requirement: Some(ReEntryRequirement::When(_)),
            ..
        }
    ));
    let recycling = find(&policy, |i| match i {
        Item::Recycling(r) => Some(r),
        _ => None,
    });
    assert_eq!(recycling.clauses.len(), 7);
    assert!(matches!(
        &recycling.clauses[3].kind,
        RecyclingClauseKind::CoolingOff { overrides, .. } if overrides.len() == 1
    ));
    let handoff = find(&policy, |i| match i {
        Item::Handoff(h) => Some(h),
        _ => None,
    });
    assert_eq!(handoff.required.len(), 6);
    assert_eq!(handoff.preferred.len(), 1);
}

#[test]
fn aggregates() {
    let (_, policy) = fixture();
    let metrics: Vec<&Metric> = policy
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Metric(m) => Some(m),
            _ => None,
        })
        .collect();
    assert_eq!(metrics.len(), 4);
    assert!(matches!(metrics[1].aggregate, Aggregate::Count));
    assert_eq!(
        metrics[2].per.as_ref().map(|p| p.name.as_str()),
        Some("rejection_reason")
    );
    assert!(
        matches!(&metrics[3].aggregate, Aggregate::Average(Operand::Name(n)) if n.name == "lead_score")
    );
    assert!(metrics[3].population.is_none());
    assert_eq!(metrics[3].period.kind, PeriodKind::Quarter);
    let drift = find(&policy, |i| match i {
        Item::Drift(d) => Some(d),
        _ => None,
    });
    assert!(matches!(drift.threshold.kind, ValueKind::Percent(p) if p == 15.0));
}

/// A `:` the clause goes on after (`…: route to`, `list x:`, `metric …:`)
/// is followed by a continuation, which may be indented less than the
/// line with the `:`: that is not a list with nothing under it.
#[test]
fn a_colon_followed_by_a_continuation_is_not_an_empty_list() {
    let text = "exclusion customer \"Existing customer\"\n      when status is \"customer\":\n  route to \"CSM\"\n\nlist free_domains:\n \"gmail.com\", \"yahoo.com\"\n";
    let (_, diagnostics) = parse(FileId(0), text);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}
