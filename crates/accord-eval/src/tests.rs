//! Unit tests on a hand-built policy AST (independent of the parser): the
//! source text below is what the AST stands for, and every node's span
//! points at its text, so explanations show real clauses. End-to-end tests
//! on the real policies are in `tests/`.

#![allow(clippy::panic, clippy::unwrap_used)]

use crate::*;
use accord_records::{Event, FieldValue, Lead, Schema};
use accord_syntax::ast::*;
use accord_syntax::{FileId, SourceMap, Span};
use chrono::{DateTime, Utc};

const SRC: &str = r#"agreement "Test Agreement"
  version "2"
  effective 2026-01-01
lead fields identified by lead_id:
  lead_id is text
calendar sales_hours "Business hours":
  open Monday to Friday from 08:00 to 18:00 in the lead's time zone
list free_email_domains: "gmail.com", "yahoo.com"
fit icp "Minimum ICP fit":
  employees is between 20 and 500
  industry is one of "SaaS", "E-commerce"
score lead_score "Combined score":
  fit weighs 40%:
    +100 when title_level is one of "VP", "Director"
  behavior weighs 60%:
    +20 for each activity "website_visit", at most 60
    +40 when there is an activity "demo_request"
  decays 10% every 30 days without activity
trigger high_intent "Required trigger":
  any of, within the last 30 days:
    an activity "demo_request"
    at least 2 activities "page_view" where page is "pricing"
exclusion customer "Existing customer" when status is "customer": route to "CSM"
exclusion personal_email "Personal email"
  when the domain of email is in free_email_domains unless phone_verified
mql "Marketing Qualified Lead" when all of:
  icp
  lead_score is at least 65
  high_intent
  no exclusion applies
tiers "Lead tiers":
  tier 1 when there is an activity "demo_request"
  tier 2 when lead_score is at least 80
  tier 3 otherwise
sla first_response "First attempt":
  from routed_at to the first attempt, counted in sales_hours
  tier 1 within 15 minutes
  tier 3 within 1 business day
  after hours, tier 1 is due by 09:00 the next business day
persistence "Persistence":
  from routed_at, counted in sales_hours
  at least 2 attempts by "phone"
  at most 1 attempt on any one day
rejection reasons "Reasons":
  not_icp "Not ICP fit": archive, never recycled
  bad_timing "Bad timing": nurture "short-cycle" for 90 days, re-enter after 30 days with a new trigger
recycling "Re-entry":
  cooling off at least 30 days, 90 days for not_icp
  re-entry needs a new trigger after the rejection
  human review when recycled more than 2 times
handoff "Handoff":
  requires email, employees
  prefers phone
"#;

/// Span of the first occurrence of `needle` at or after `from`'s start.
fn sp(needle: &str) -> Span {
    sp_after("", needle)
}

fn sp_after(anchor: &str, needle: &str) -> Span {
    let base = SRC.find(anchor).unwrap_or(0);
    let start = SRC
        .get(base..)
        .and_then(|s| s.find(needle))
        .map_or(0, |i| i + base);
    Span::new(FileId(0), start, start + needle.len())
}

fn id(name: &str) -> Ident {
    Ident {
        name: name.into(),
        span: sp(name),
    }
}
fn idx(anchor: &str, name: &str) -> Ident {
    Ident {
        name: name.into(),
        span: sp_after(anchor, name),
    }
}
fn s(v: &str) -> Str {
    Str {
        value: v.into(),
        span: sp(&format!("\"{v}\"")),
    }
}
fn num(n: f64) -> Value {
    Value {
        kind: ValueKind::Number(n),
        span: Span::default(),
    }
}
fn text(t: &str) -> Value {
    Value {
        kind: ValueKind::Text(t.into()),
        span: Span::default(),
    }
}
fn days(n: f64, business: bool) -> Duration {
    Duration {
        amount: n,
        unit: TimeUnit::Days,
        business,
        span: sp(&format!("{n} days")),
    }
}
fn cond(span_text: &str, kind: ConditionKind) -> Condition {
    Condition {
        kind,
        span: sp(span_text),
    }
}
fn cond_after(anchor: &str, span_text: &str, kind: ConditionKind) -> Condition {
    Condition {
        kind,
        span: sp_after(anchor, span_text),
    }
}
fn cmp(span_text: &str, field: &str, test: TestKind) -> Condition {
    cond(
        span_text,
        ConditionKind::Compare {
            subject: Operand::Name(id(field)),
            test: Test {
                kind: test,
                span: Span::default(),
            },
        },
    )
}
fn pattern(span_text: &str, stream: &str, kinds: &[&str], quantity: Quantity) -> EventPattern {
    EventPattern {
        quantity,
        new: false,
        stream: Ident {
            name: stream.into(),
            span: Span::default(),
        },
        kinds: kinds.iter().map(|k| s(k)).collect(),
        filter: None,
        window: None,
        since: None,
        span: sp(span_text),
    }
}
fn tod(hour: u32, minute: u32) -> TimeOfDay {
    TimeOfDay {
        hour,
        minute,
        span: Span::default(),
    }
}
fn field(name: &str, kind: TypeKind, optional: bool) -> FieldDecl {
    FieldDecl {
        name: id(name),
        ty: TypeExpr {
            kind,
            span: Span::default(),
        },
        optional,
        span: Span::default(),
    }
}

fn fields() -> FieldsBlock {
    let one_of = |v: &[&str]| TypeKind::OneOf(v.iter().map(|x| s(x)).collect());
    FieldsBlock {
        identified_by: Some(id("lead_id")),
        fields: vec![
            field("lead_id", TypeKind::Text, false),
            field("employees", TypeKind::Number, true),
            field("industry", TypeKind::Text, true),
            field("title_level", TypeKind::Text, true),
            field("status", TypeKind::Text, true),
            field("email", TypeKind::Email, true),
            field("phone", TypeKind::Text, true),
            field("phone_verified", TypeKind::YesNo, true),
            field("time_zone", TypeKind::TimeZone, true),
            field("routed_at", TypeKind::Timestamp, true),
            field("rejection_reason", TypeKind::Text, true),
            field("rejected_at", TypeKind::Timestamp, true),
            field("recycle_count", TypeKind::Number, true),
            field(
                "activities",
                TypeKind::Events(vec![
                    field(
                        "kind",
                        one_of(&["website_visit", "page_view", "demo_request"]),
                        false,
                    ),
                    field("page", TypeKind::Text, true),
                ]),
                false,
            ),
            field(
                "attempts",
                TypeKind::Events(vec![field("channel", one_of(&["phone", "email"]), false)]),
                false,
            ),
        ],
        default_zone: None,
        span: sp("lead fields"),
    }
}

fn policy() -> Policy {
    let whole = |first: &str, last: &str| {
        let a = sp(first);
        let b = sp_after(first, last);
        a.to(b)
    };
    let items = vec![
        Item::Agreement(Agreement {
            name: s("Test Agreement"),
            clauses: vec![
                AgreementClause {
                    kind: AgreementClauseKind::Version(s("2")),
                    span: Span::default(),
                },
                AgreementClause {
                    kind: AgreementClauseKind::Effective(DateLit {
                        year: 2026,
                        month: 1,
                        day: 1,
                        span: Span::default(),
                    }),
                    span: Span::default(),
                },
            ],
            span: sp("agreement"),
        }),
        Item::Fields(fields()),
        Item::Calendar(Calendar {
            name: id("sales_hours"),
            title: None,
            clauses: vec![CalendarClause::Open {
                days: vec![DaySpec::Range(
                    Weekday::Monday,
                    Weekday::Friday,
                    Span::default(),
                )],
                from: tod(8, 0),
                to: tod(18, 0),
                zone: Some(ZoneSpec::Lead {
                    field: None,
                    span: Span::default(),
                }),
                span: Span::default(),
            }],
            span: sp("calendar sales_hours"),
        }),
        Item::List(ListDef {
            name: id("free_email_domains"),
            title: None,
            values: vec![text("gmail.com"), text("yahoo.com")],
            span: sp("list free"),
        }),
        Item::Fit(Fit {
            name: id("icp"),
            title: Some(s("Minimum ICP fit")),
            conditions: vec![
                cmp(
                    "employees is between 20 and 500",
                    "employees",
                    TestKind::Between(num(20.0), num(500.0)),
                ),
                cmp(
                    "industry is one of \"SaaS\", \"E-commerce\"",
                    "industry",
                    TestKind::OneOf(vec![text("SaaS"), text("E-commerce")]),
                ),
            ],
            span: whole("fit icp", "\"E-commerce\""),
        }),
        Item::Score(Score {
            name: id("lead_score"),
            title: Some(s("Combined score")),
            body: ScoreBody::Weighted(vec![
                SubScore {
                    name: idx("score", "fit"),
                    weight: Value {
                        kind: ValueKind::Percent(40.0),
                        span: Span::default(),
                    },
                    rules: vec![PointRule {
                        points: 100.0,
                        basis: PointBasis::When(cmp(
                            "title_level is one of \"VP\", \"Director\"",
                            "title_level",
                            TestKind::OneOf(vec![text("VP"), text("Director")]),
                        )),
                        cap: None,
                        span: sp("+100 when title_level is one of \"VP\", \"Director\""),
                    }],
                    span: sp("fit weighs 40%"),
                },
                SubScore {
                    name: id("behavior"),
                    weight: Value {
                        kind: ValueKind::Percent(60.0),
                        span: Span::default(),
                    },
                    rules: vec![
                        PointRule {
                            points: 20.0,
                            basis: PointBasis::ForEach(pattern(
                                "activity \"website_visit\"",
                                "activity",
                                &["website_visit"],
                                Quantity::Some,
                            )),
                            cap: Some(60.0),
                            span: sp("+20 for each activity \"website_visit\", at most 60"),
                        },
                        PointRule {
                            points: 40.0,
                            basis: PointBasis::When(cond(
                                "there is an activity \"demo_request\"",
                                ConditionKind::Events(pattern(
                                    "an activity \"demo_request\"",
                                    "activity",
                                    &["demo_request"],
                                    Quantity::Some,
                                )),
                            )),
                            cap: None,
                            span: sp("+40 when there is an activity \"demo_request\""),
                        },
                    ],
                    span: sp("behavior weighs 60%"),
                },
            ]),
            decay: Some(Decay {
                percent: Value {
                    kind: ValueKind::Percent(10.0),
                    span: Span::default(),
                },
                every: days(30.0, false),
                without: Ident {
                    name: "activity".into(),
                    span: Span::default(),
                },
                span: sp("decays 10%"),
            }),
            span: sp("score lead_score"),
        }),
        Item::Trigger(Trigger {
            name: id("high_intent"),
            title: Some(s("Required trigger")),
            any: true,
            window: Some(Duration {
                amount: 30.0,
                unit: TimeUnit::Days,
                business: false,
                span: sp_after("within the last", "30 days"),
            }),
            items: vec![
                cond_after(
                    "any of",
                    "an activity \"demo_request\"",
                    ConditionKind::Events(pattern(
                        "an activity \"demo_request\"",
                        "activity",
                        &["demo_request"],
                        Quantity::Some,
                    )),
                ),
                cond(
                    "at least 2 activities \"page_view\" where page is \"pricing\"",
                    ConditionKind::Events(EventPattern {
                        filter: Some(Box::new(cmp(
                            "page is \"pricing\"",
                            "page",
                            TestKind::Is(text("pricing")),
                        ))),
                        ..pattern(
                            "at least 2 activities \"page_view\" where page is \"pricing\"",
                            "activities",
                            &["page_view"],
                            Quantity::AtLeast(2),
                        )
                    }),
                ),
            ],
            span: sp("trigger high_intent"),
        }),
        Item::Exclusion(Exclusion {
            name: id("customer"),
            title: Some(s("Existing customer")),
            when: cmp(
                "status is \"customer\"",
                "status",
                TestKind::Is(text("customer")),
            ),
            unless: None,
            route: Some(s("CSM")),
            span: sp("exclusion customer"),
        }),
        Item::Exclusion(Exclusion {
            name: id("personal_email"),
            title: Some(s("Personal email")),
            when: cond(
                "the domain of email is in free_email_domains",
                ConditionKind::Compare {
                    subject: Operand::DomainOf(idx("the domain of", "email"), Span::default()),
                    test: Test {
                        kind: TestKind::InList(idx("is in", "free_email_domains")),
                        span: Span::default(),
                    },
                },
            ),
            unless: Some(cond_after(
                "unless",
                "phone_verified",
                ConditionKind::Ref(idx("unless", "phone_verified")),
            )),
            route: None,
            span: whole("exclusion personal_email", "unless phone_verified"),
        }),
        Item::Stage(Stage {
            kind: accord_syntax::ast::StageKind::Mql,
            keyword: idx("\nmql", "mql"),
            title: Some(s("Marketing Qualified Lead")),
            condition: cond(
                "all of",
                ConditionKind::All(vec![
                    cond_after("all of", "icp", ConditionKind::Ref(idx("all of", "icp"))),
                    cmp(
                        "lead_score is at least 65",
                        "lead_score",
                        TestKind::AtLeast(num(65.0)),
                    ),
                    cond_after(
                        "all of",
                        "high_intent",
                        ConditionKind::Ref(idx("all of", "high_intent")),
                    ),
                    cond("no exclusion applies", ConditionKind::NoExclusionApplies),
                ]),
            ),
            span: whole("mql \"Marketing", "all of"),
        }),
        Item::Tiers(Tiers {
            title: Some(s("Lead tiers")),
            tiers: vec![
                TierRule {
                    number: 1,
                    number_span: Span::default(),
                    condition: Some(cond_after(
                        "tier 1",
                        "there is an activity \"demo_request\"",
                        ConditionKind::Events(pattern(
                            "an activity \"demo_request\"",
                            "activity",
                            &["demo_request"],
                            Quantity::Some,
                        )),
                    )),
                    span: sp("tier 1 when there is an activity \"demo_request\""),
                },
                TierRule {
                    number: 2,
                    number_span: Span::default(),
                    condition: Some(cmp(
                        "lead_score is at least 80",
                        "lead_score",
                        TestKind::AtLeast(num(80.0)),
                    )),
                    span: sp("tier 2 when lead_score is at least 80"),
                },
                TierRule {
                    number: 3,
                    number_span: Span::default(),
                    condition: None,
                    span: sp("tier 3 otherwise"),
                },
            ],
            span: sp("tiers \"Lead tiers\""),
        }),
        Item::Sla(Sla {
            name: id("first_response"),
            title: Some(s("First attempt")),
            start: InstantExpr::Field(idx("from routed_at", "routed_at")),
            stop: InstantExpr::NthEvent {
                n: 1,
                pattern: pattern("attempt", "attempt", &[], Quantity::Some),
                span: sp("the first attempt"),
            },
            calendar: Some(idx("counted in", "sales_hours")),
            applies: None,
            limits: vec![
                SlaLimit {
                    tier: Some((1, Span::default())),
                    within: Duration {
                        amount: 15.0,
                        unit: TimeUnit::Minutes,
                        business: false,
                        span: sp("15 minutes"),
                    },
                    span: sp("tier 1 within 15 minutes"),
                },
                SlaLimit {
                    tier: Some((3, Span::default())),
                    within: Duration {
                        amount: 1.0,
                        unit: TimeUnit::Days,
                        business: true,
                        span: sp("1 business day"),
                    },
                    span: sp("tier 3 within 1 business day"),
                },
            ],
            after_hours: vec![AfterHoursRule {
                tier: Some((1, Span::default())),
                by: tod(9, 0),
                span: sp("after hours, tier 1 is due by 09:00 the next business day"),
            }],
            span: sp("sla first_response"),
        }),
        Item::Persistence(Persistence {
            title: Some(s("Persistence")),
            start: Some(idx("persistence", "routed_at")),
            calendar: Some(idx("persistence", "sales_hours")),
            rules: vec![
                PersistenceRule {
                    kind: PersistenceRuleKind::Count {
                        pattern: pattern(
                            "attempts by \"phone\"",
                            "attempts",
                            &["phone"],
                            Quantity::AtLeast(2),
                        ),
                        within: None,
                        distinct_days: None,
                    },
                    when: None,
                    span: sp("at least 2 attempts by \"phone\""),
                },
                PersistenceRule {
                    kind: PersistenceRuleKind::PerDayMax {
                        pattern: pattern("attempt on any", "attempt", &[], Quantity::Some),
                        at_most: 1,
                    },
                    when: None,
                    span: sp("at most 1 attempt on any one day"),
                },
            ],
            span: sp("persistence \"Persistence\""),
        }),
        Item::Rejections(RejectionReasons {
            title: Some(s("Reasons")),
            reasons: vec![
                Reason {
                    code: id("not_icp"),
                    label: Some(s("Not ICP fit")),
                    disposition: vec![
                        DispositionStep {
                            kind: DispositionKind::Archive,
                            span: sp("archive"),
                        },
                        DispositionStep {
                            kind: DispositionKind::NeverRecycled,
                            span: sp("never recycled"),
                        },
                    ],
                    span: sp("not_icp \"Not ICP fit\""),
                },
                Reason {
                    code: id("bad_timing"),
                    label: Some(s("Bad timing")),
                    disposition: vec![
                        DispositionStep {
                            kind: DispositionKind::Nurture {
                                track: s("short-cycle"),
                                duration: Some(days(90.0, false)),
                            },
                            span: sp("nurture \"short-cycle\" for 90 days"),
                        },
                        DispositionStep {
                            kind: DispositionKind::ReEnter {
                                after: Some(days(30.0, false)),
                                requirement: Some(ReEntryRequirement::NewTrigger),
                            },
                            span: sp("re-enter after 30 days with a new trigger"),
                        },
                    ],
                    span: sp("bad_timing \"Bad timing\""),
                },
            ],
            span: sp("rejection reasons"),
        }),
        Item::Recycling(Recycling {
            title: Some(s("Re-entry")),
            clauses: vec![
                RecyclingClause {
                    kind: RecyclingClauseKind::CoolingOff {
                        default: days(30.0, false),
                        overrides: vec![(idx("cooling off", "not_icp"), days(90.0, false))],
                    },
                    span: sp("cooling off"),
                },
                RecyclingClause {
                    kind: RecyclingClauseKind::NewTriggerRequired,
                    span: sp("re-entry needs"),
                },
                RecyclingClause {
                    kind: RecyclingClauseKind::HumanReviewAfter(2),
                    span: sp("human review"),
                },
            ],
            span: sp("recycling \"Re-entry\""),
        }),
        Item::Handoff(Handoff {
            title: Some(s("Handoff")),
            required: vec![
                HandoffItem::Field(idx("requires", "email")),
                HandoffItem::Field(idx("requires", "employees")),
            ],
            preferred: vec![HandoffItem::Field(idx("prefers", "phone"))],
            span: sp("handoff \"Handoff\""),
        }),
    ];
    Policy {
        file: FileId(0),
        items,
        comments: Vec::new(),
    }
}

fn compiled() -> (CompiledPolicy, Schema) {
    let mut sources = SourceMap::new();
    sources.add("test.accord", SRC);
    let p = policy();
    let schema = Schema::from_blocks([&fields()]);
    match compile(&[p], &schema, &sources) {
        Ok(c) => (c, schema),
        Err(d) => panic!("compile failed: {d:?}"),
    }
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_default()
}

/// A lead with values by field name and events `(stream, kind, at, page)`.
fn lead(schema: &Schema, values: &[(&str, FieldValue)], events: &[(&str, &str, &str)]) -> Lead {
    let mut vals = vec![FieldValue::Missing; schema.fields.len()];
    for (name, v) in values {
        if let Some(slot) = schema.slot(name) {
            vals[slot] = v.clone();
        }
    }
    let mut streams = vec![Vec::new(); schema.streams.len()];
    for (stream, kind, at) in events {
        let (kind, page) = kind
            .split_once('/')
            .map_or((*kind, None), |(k, p)| (k, Some(p)));
        let Some(si) = schema.stream(stream) else {
            continue;
        };
        let spec = &schema.streams[si];
        let mut fields = vec![FieldValue::Missing; spec.fields.len()];
        if let (Some(p), Some(i)) = (page, spec.field_index("page")) {
            fields[i] = FieldValue::Text(p.into());
        }
        streams[si].push(Event {
            at: t(at),
            kind: spec.kind_index(kind).unwrap_or(0),
            fields,
        });
    }
    for s in &mut streams {
        s.sort_by_key(|e| e.at);
    }
    Lead {
        id: "L-1".into(),
        record: 1,
        values: vals,
        streams,
    }
}

fn txt(s: &str) -> FieldValue {
    FieldValue::Text(s.into())
}

fn good_lead(schema: &Schema) -> Lead {
    lead(
        schema,
        &[
            ("lead_id", txt("L-1")),
            ("employees", FieldValue::Number(120.0)),
            ("industry", txt("SaaS")),
            ("title_level", txt("VP")),
            ("status", txt("lead")),
            ("email", txt("jane@acme.com")),
            ("time_zone", FieldValue::Zone(chrono_tz::America::Chicago)),
            // Wednesday 2026-11-18 09:45 Chicago.
            (
                "routed_at",
                FieldValue::Timestamp(t("2026-11-18T15:45:00Z")),
            ),
        ],
        &[
            ("activity", "website_visit", "2026-11-10T16:00:00Z"),
            ("activity", "website_visit", "2026-11-12T16:00:00Z"),
            ("activity", "demo_request", "2026-11-18T14:02:00Z"),
            ("attempt", "phone", "2026-11-18T17:52:00Z"),
        ],
    )
}

#[test]
fn compiles_the_whole_policy() {
    let (p, _) = compiled();
    assert_eq!(p.meta().name, "Test Agreement");
    assert_eq!(p.meta().version.as_deref(), Some("2"));
    assert_eq!(
        p.meta().effective,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
    );
    assert_eq!(p.meta().hash.len(), 16);
    assert_eq!(p.tier_numbers(), vec![1, 2, 3]);
    fn is_send_sync<T: Send + Sync>() {}
    is_send_sync::<CompiledPolicy>();
}

#[test]
fn mql_tier_and_breached_sla() {
    let (p, schema) = compiled();
    let d = p.evaluate(&good_lead(&schema), t("2026-11-20T21:00:00Z"), false);
    // fit 100 × 40% = 40; behavior 2×20 + 40 = 80 × 60% = 48; total 88, no decay.
    assert_eq!(d.scores[0].value, Some(88.0));
    assert!(d.mql());
    assert_eq!(d.tier, Some(1));
    let sla = d
        .sla("first_response")
        .cloned()
        .unwrap_or_else(|| panic!("no sla"));
    assert_eq!(sla.state, SlaState::Breached);
    // Routed 09:45 Chicago, tier 1: due 10:00; first attempt 11:52 → 1h52m late.
    assert_eq!(sla.due, Some(t("2026-11-18T16:00:00Z")));
    assert_eq!(sla.late_by_seconds, Some(6720));
    assert_eq!(d.triggers[0].events.len(), 1);
    assert_eq!(d.triggers[0].events[0].kind, "demo_request");
}

#[test]
fn explanation_agrees_with_decision() {
    let (p, schema) = compiled();
    let lead = good_lead(&schema);
    let as_of = t("2026-11-20T21:00:00Z");
    let plain = p.evaluate(&lead, as_of, false);
    let explained = p.evaluate(&lead, as_of, true);
    let e = explained
        .explanation
        .clone()
        .unwrap_or_else(|| panic!("no explanation"));
    assert_eq!(
        Decision {
            explanation: None,
            ..explained
        },
        plain
    );
    let mql = e.answers().next().unwrap();
    assert_eq!(mql.verdict(), Verdict::of(plain.mql()));
    insta::assert_snapshot!("unit_good_lead_text", e.render_text());
    insta::assert_json_snapshot!("unit_good_lead_json", e);
}

#[test]
fn why_not_in_the_leads_terms() {
    let (p, schema) = compiled();
    let mut l = good_lead(&schema);
    // No demo request, only one pricing page view: trigger fails, score drops.
    l.streams[0].retain(|e| e.kind != 2);
    l.streams[0].push(Event {
        at: t("2026-11-15T10:00:00Z"),
        kind: 1,
        fields: vec![FieldValue::Text("pricing".into())],
    });
    l.streams[0].sort_by_key(|e| e.at);
    let d = p.evaluate(&l, t("2026-11-20T21:00:00Z"), true);
    assert!(!d.mql());
    assert_eq!(d.scores[0].value, Some(64.0));
    let text = d
        .explanation
        .as_ref()
        .map(|e| e.render_text())
        .unwrap_or_default();
    assert!(text.contains("lead_score 64, needs 1 more"), "{text}");
    assert!(
        text.contains(
            "1 activity \"page_view\" where page is \"pricing\" in the last 30 days, needs 2"
        ),
        "{text}"
    );
    insta::assert_snapshot!("unit_why_not_text", text);
}

#[test]
fn exclusions_first_match_and_unless() {
    let (p, schema) = compiled();
    let mut l = good_lead(&schema);
    let email = schema.slot("email").unwrap_or(0);
    l.values[email] = txt("jane@GMAIL.com");
    let d = p.evaluate(&l, t("2026-11-20T21:00:00Z"), false);
    assert_eq!(
        d.exclusions,
        vec![ExclusionHit {
            name: "personal_email".into(),
            route: None
        }]
    );
    assert!(!d.mql());
    l.values[schema.slot("phone_verified").unwrap_or(0)] = FieldValue::YesNo(true);
    let d = p.evaluate(&l, t("2026-11-20T21:00:00Z"), false);
    assert!(d.exclusions.is_empty());
    assert!(d.mql());
    l.values[schema.slot("status").unwrap_or(0)] = txt("customer");
    let d = p.evaluate(&l, t("2026-11-20T21:00:00Z"), false);
    assert_eq!(
        d.exclusions,
        vec![ExclusionHit {
            name: "customer".into(),
            route: Some("CSM".into())
        }]
    );
}

#[test]
fn events_after_as_of_do_not_exist() {
    let (p, schema) = compiled();
    // As of before the demo request: no trigger, tier from score.
    let d = p.evaluate(&good_lead(&schema), t("2026-11-18T14:00:00Z"), false);
    assert!(!d.triggers[0].fired);
    assert!(!d.mql());
    assert_eq!(d.tier, Some(3));
    // As of exactly the demo request: it exists (closed interval).
    let d = p.evaluate(&good_lead(&schema), t("2026-11-18T14:02:00Z"), false);
    assert!(d.triggers[0].fired);
}

#[test]
fn pending_and_after_hours_slas() {
    let (p, schema) = compiled();
    let mut l = good_lead(&schema);
    l.streams[1].clear();
    let d = p.evaluate(&l, t("2026-11-18T15:50:00Z"), true);
    let sla = d
        .sla("first_response")
        .cloned()
        .unwrap_or_else(|| panic!("no sla"));
    assert_eq!(sla.state, SlaState::Pending);
    assert_eq!(sla.remaining_seconds, Some(600));
    let text = d
        .explanation
        .as_ref()
        .map(|e| e.render_text())
        .unwrap_or_default();
    assert!(text.contains("first attempt due 2026-11-18 10:00 America/Chicago, no first attempt logged yet, 10m of business time left"), "{text}");
    // Routed Saturday: after-hours rule → Monday 09:00 Chicago.
    l.values[schema.slot("routed_at").unwrap_or(0)] =
        FieldValue::Timestamp(t("2026-11-21T18:00:00Z"));
    let d = p.evaluate(&l, t("2026-11-23T16:00:00Z"), false);
    let sla = d
        .sla("first_response")
        .cloned()
        .unwrap_or_else(|| panic!("no sla"));
    assert_eq!(sla.due, Some(t("2026-11-23T15:00:00Z")));
    assert_eq!(sla.state, SlaState::Breached);
    // Tier 2 has no limit: not applicable, with the reason.
    l.streams[0].retain(|e| e.kind != 2);
    let d = p.evaluate(&l, t("2026-11-23T16:00:00Z"), false);
    assert_eq!(d.tier, Some(3));
    let sla = d
        .sla("first_response")
        .cloned()
        .unwrap_or_else(|| panic!("no sla"));
    assert_eq!(sla.state, SlaState::Pending);
    l.values[schema.slot("routed_at").unwrap_or(0)] = FieldValue::Missing;
    let d = p.evaluate(&l, t("2026-11-23T16:00:00Z"), false);
    let sla = d
        .sla("first_response")
        .cloned()
        .unwrap_or_else(|| panic!("no sla"));
    assert_eq!(sla.state, SlaState::NotApplicable);
    assert_eq!(sla.reason.as_deref(), Some("routed_at is missing"));
}

#[test]
fn persistence_lists_what_is_missing() {
    let (p, schema) = compiled();
    let mut l = good_lead(&schema);
    l.streams[1].push(Event {
        at: t("2026-11-18T19:00:00Z"),
        kind: 1,
        fields: vec![],
    });
    let d = p.evaluate(&l, t("2026-11-20T21:00:00Z"), false);
    let per = d.persistence.unwrap_or_else(|| panic!("no persistence"));
    assert!(!per.compliant);
    assert_eq!(
        per.missing,
        vec![
            "at least 2 attempts by \"phone\": has 1".to_string(),
            "at most 1 attempt on any one day: 2 on 2026-11-18".to_string()
        ]
    );
}

#[test]
fn recycling_cooling_off_and_new_trigger() {
    let (p, schema) = compiled();
    let mut l = good_lead(&schema);
    l.values[schema.slot("rejection_reason").unwrap_or(0)] = txt("bad_timing");
    l.values[schema.slot("rejected_at").unwrap_or(0)] =
        FieldValue::Timestamp(t("2026-11-19T00:00:00Z"));
    l.values[schema.slot("recycle_count").unwrap_or(0)] = FieldValue::Number(3.0);
    let d = p.evaluate(&l, t("2026-12-20T00:00:00Z"), false);
    let r = d
        .recycling
        .clone()
        .unwrap_or_else(|| panic!("no recycling"));
    assert_eq!(r.nurture_track.as_deref(), Some("short-cycle"));
    assert_eq!(r.earliest_reentry, Some(t("2026-12-19T00:00:00Z")));
    assert!(
        !r.new_trigger_since_rejection,
        "the demo request was before the rejection"
    );
    assert!(r.human_review_due);
    assert!(!r.may_reenter);
    l.streams[0].push(Event {
        at: t("2026-12-10T00:00:00Z"),
        kind: 2,
        fields: vec![FieldValue::Missing],
    });
    let d = p.evaluate(&l, t("2026-12-20T00:00:00Z"), true);
    let r = d
        .recycling
        .clone()
        .unwrap_or_else(|| panic!("no recycling"));
    assert!(r.new_trigger_since_rejection);
    assert!(!r.may_reenter, "human review is due first");
    assert!(!d.mql() && d.stages[0].definition_holds && d.stages[0].held_by_rejection);
    l.values[schema.slot("recycle_count").unwrap_or(0)] = FieldValue::Number(1.0);
    let d = p.evaluate(&l, t("2026-12-20T00:00:00Z"), true);
    let r = d
        .recycling
        .clone()
        .unwrap_or_else(|| panic!("no recycling"));
    assert!(r.may_reenter);
    assert!(d.mql());
    l.values[schema.slot("rejection_reason").unwrap_or(0)] = txt("not_icp");
    let d = p.evaluate(&l, t("2026-12-20T00:00:00Z"), false);
    let r = d.recycling.unwrap_or_else(|| panic!("no recycling"));
    assert_eq!(r.earliest_reentry, None);
    assert!(!r.may_reenter);
}

#[test]
fn handoff_and_rows() {
    let (p, schema) = compiled();
    let l = good_lead(&schema);
    let d = p.evaluate(&l, t("2026-11-20T21:00:00Z"), false);
    let h = d.handoff.clone().unwrap_or_else(|| panic!("no handoff"));
    assert!(h.complete);
    assert_eq!(h.missing_preferred, vec!["phone".to_string()]);
    let row = Row::from_decision(&p, d);
    let json = serde_json::to_value(&row).unwrap_or_default();
    assert_eq!(json["mql"], true);
    assert_eq!(json["sal"], serde_json::Value::Null);
    assert_eq!(json["slas"]["first_response"]["state"], "breached");
    assert_eq!(
        json["slas"]["first_response"]["due"],
        "2026-11-18T16:00:00Z"
    );
    assert_eq!(json["policy"]["name"], "Test Agreement");
}

#[test]
fn decay_multiplies_per_full_period() {
    let (p, schema) = compiled();
    // 88 points; last activity 2026-11-18 14:02; 65 days later = 2 full periods.
    let d = p.evaluate(&good_lead(&schema), t("2027-01-22T14:02:00Z"), false);
    let v = d.scores[0].value.unwrap_or_default();
    assert!((v - 88.0 * 0.81).abs() < 1e-9, "{v}");
}

#[test]
fn select_version_picks_latest_effective() {
    let (a, _) = compiled();
    let mut b = a.clone();
    b.meta.version = Some("3".into());
    b.meta.effective = chrono::NaiveDate::from_ymd_opt(2026, 6, 1);
    let set = [a, b];
    let v = |s: &str| select_version(&set, t(s)).and_then(|p| p.meta().version.clone());
    assert_eq!(v("2026-03-01T00:00:00Z").as_deref(), Some("2"));
    assert_eq!(v("2026-06-01T00:00:00Z").as_deref(), Some("3"));
    assert_eq!(v("2025-12-31T00:00:00Z"), None);
}

#[test]
fn unresolved_names_are_diagnostics_not_panics() {
    let mut sources = SourceMap::new();
    sources.add("bad.accord", "fit x: nope is 1");
    let bad = Policy {
        file: FileId(0),
        items: vec![Item::Fit(Fit {
            name: Ident {
                name: "x".into(),
                span: Span::default(),
            },
            title: None,
            conditions: vec![Condition {
                kind: ConditionKind::Ref(Ident {
                    name: "nope".into(),
                    span: Span::default(),
                }),
                span: Span::default(),
            }],
            span: Span::default(),
        })],
        comments: Vec::new(),
    };
    let err = compile(&[bad], &Schema::default(), &sources)
        .err()
        .unwrap_or_default();
    assert_eq!(err.len(), 1);
    assert!(err[0].message.contains("nope"));
}

fn row_schema() -> jsonschema::Validator {
    let text = include_str!("../schema/decision-row.schema.json");
    let schema: serde_json::Value = serde_json::from_str(text).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

fn assert_valid(v: &jsonschema::Validator, row: &Row) {
    let json = serde_json::to_value(row).unwrap();
    let errors: Vec<String> = v
        .iter_errors(&json)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{json:#}");
}

fn error_outcome(record: usize) -> accord_records::RecordOutcome {
    accord_records::RecordOutcome {
        record,
        line: Some(record),
        result: Err(vec![accord_records::RecordError {
            record,
            line: Some(record),
            lead_id: Some(format!("BAD-{record}")),
            field: Some("employees".into()),
            expected: "a number".into(),
            found: "\"many\"".into(),
            message: "employees should be a number".into(),
        }]),
    }
}

#[test]
fn rows_validate_against_the_schema() {
    let (p, schema) = compiled();
    let v = row_schema();
    let as_of = t("2026-11-20T21:00:00Z");
    let mut l = good_lead(&schema);
    for explain in [false, true] {
        assert_valid(&v, &Row::from_decision(&p, p.evaluate(&l, as_of, explain)));
    }
    l.values[schema.slot("rejection_reason").unwrap()] = txt("bad_timing");
    l.values[schema.slot("rejected_at").unwrap()] =
        FieldValue::Timestamp(t("2026-11-19T00:00:00Z"));
    l.values[schema.slot("routed_at").unwrap()] = FieldValue::Missing;
    assert_valid(&v, &Row::from_decision(&p, p.evaluate(&l, as_of, true)));
    let error_row = batch::row_for(&p, error_outcome(7), as_of, true);
    assert!(error_row.is_error());
    assert_eq!(error_row.id.as_deref(), Some("BAD-7"));
    assert_eq!(error_row.mql, None);
    assert_valid(&v, &error_row);
    // A row the schema must reject (so the test can fail).
    let mut json = serde_json::to_value(&error_row).unwrap();
    json["tier"] = serde_json::json!("one");
    assert!(!v.is_valid(&json));
}

#[test]
fn batch_keeps_input_order_and_error_rows_in_place() {
    let (p, schema) = compiled();
    let as_of = t("2026-11-20T21:00:00Z");
    let n = batch::CHUNK * 2 + 17;
    let outcomes = (1..=n).map(|record| {
        if record % 1000 == 0 {
            return error_outcome(record);
        }
        let mut l = good_lead(&schema);
        l.record = record;
        l.id = format!("L-{record}");
        l.values[schema.slot("employees").unwrap()] = FieldValue::Number((record % 700) as f64);
        accord_records::RecordOutcome {
            record,
            line: Some(record),
            result: Ok(l),
        }
    });
    let mut summary = Summary::default();
    let mut seen = 0;
    for (i, row) in evaluate_batch(&p, outcomes, as_of, false, 2).enumerate() {
        let record = i + 1;
        assert_eq!(row.record, record);
        if record % 1000 == 0 {
            assert!(row.is_error());
            assert_eq!(row.id.as_deref(), Some(format!("BAD-{record}").as_str()));
        } else {
            assert_eq!(row.id.as_deref(), Some(format!("L-{record}").as_str()));
            let employees = (record % 700) as f64;
            assert_eq!(row.mql, Some((20.0..=500.0).contains(&employees)));
        }
        summary.add(&row);
        seen += 1;
    }
    assert_eq!(seen, n);
    assert_eq!(summary.errors, n / 1000);
    assert_eq!(summary.records, n);
    insta::assert_snapshot!("unit_batch_summary", summary.render_text());
}

/// Memory stays flat because only one chunk of records is in flight, and a
/// smaller one when every row carries an explanation tree.
#[test]
fn batch_holds_one_chunk_at_a_time() {
    let (p, schema) = compiled();
    let as_of = t("2026-11-20T21:00:00Z");
    for (explain, chunk) in [(false, batch::CHUNK), (true, batch::EXPLAIN_CHUNK)] {
        let pulled = std::cell::Cell::new(0usize);
        let outcomes = (1..=batch::CHUNK * 3).map(|record| {
            pulled.set(pulled.get() + 1);
            let mut l = good_lead(&schema);
            l.record = record;
            accord_records::RecordOutcome {
                record,
                line: Some(record),
                result: Ok(l),
            }
        });
        let mut rows = evaluate_batch(&p, outcomes, as_of, explain, 2);
        assert!(rows.next().is_some());
        assert_eq!(pulled.get(), chunk, "explain: {explain}");
        assert_eq!(rows.nth(chunk - 1).map(|r| r.record), Some(chunk + 1));
        assert_eq!(pulled.get(), 2 * chunk, "explain: {explain}");
    }
}

#[test]
fn ndjson_batch_matches_read_then_evaluate() {
    let (p, schema) = compiled();
    let as_of = t("2026-11-20T21:00:00Z");
    let input = concat!(
        r#"{"lead_id":"A","employees":120,"industry":"SaaS","title_level":"VP","status":"lead","email":"a@acme.com","activities":[{"kind":"website_visit","at":"2026-11-17T10:00:00Z"},{"kind":"demo_request","at":"2026-11-18T14:02:00Z"}],"attempts":[]}"#,
        "\n\n",
        "not json\n",
        r#"{"lead_id":"B","employees":"many","activities":[],"attempts":[]}"#,
        "\n"
    );
    let decoder = accord_records::RecordDecoder::new(&schema);
    let fast: Vec<Row> =
        batch::evaluate_ndjson(&p, &decoder, input.as_bytes(), as_of, false, 1).collect();
    let reader = accord_records::read_leads(
        &schema,
        input.as_bytes(),
        accord_records::InputFormat::Ndjson,
        None,
    );
    let mut slow: Vec<Row> = evaluate_batch(&p, reader, as_of, false, 1).collect();
    // The line reader keeps the newline in what it quotes; same error otherwise.
    for e in slow.iter_mut().flat_map(|r| r.errors.iter_mut()) {
        e.found = e.found.replace('\n', "");
    }
    assert_eq!(fast.len(), 3);
    assert_eq!(fast, slow);
    assert_eq!(fast[0].mql, Some(true));
    assert!(fast[1].is_error() && fast[2].is_error());
}
