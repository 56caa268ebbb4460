//! The hand-built policy the unit tests in `tests.rs` run on, independent of
//! the parser: `SRC` is the text the AST stands for, and every node's span
//! points at its text (found by searching `SRC`), so explanations show real
//! clauses. `policy()` builds the AST, `fields()` its lead schema.

#![allow(clippy::panic, clippy::unwrap_used)]

use accord_syntax::ast::*;
use accord_syntax::{FileId, Span};

pub(crate) const SRC: &str = r#"agreement "Test Agreement"
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
pub(crate) fn sp(needle: &str) -> Span {
    sp_after("", needle)
}

pub(crate) fn sp_after(anchor: &str, needle: &str) -> Span {
    let base = SRC.find(anchor).unwrap_or(0);
    let start = SRC
        .get(base..)
        .and_then(|s| s.find(needle))
        .map_or(0, |i| i + base);
    Span::new(FileId(0), start, start + needle.len())
}

pub(crate) fn id(name: &str) -> Ident {
    Ident {
        name: name.into(),
        span: sp(name),
    }
}
pub(crate) fn idx(anchor: &str, name: &str) -> Ident {
    Ident {
        name: name.into(),
        span: sp_after(anchor, name),
    }
}
pub(crate) fn s(v: &str) -> Str {
    Str {
        value: v.into(),
        span: sp(&format!("\"{v}\"")),
    }
}
pub(crate) fn num(n: f64) -> Value {
    Value {
        kind: ValueKind::Number(n),
        span: Span::default(),
    }
}
pub(crate) fn text(t: &str) -> Value {
    Value {
        kind: ValueKind::Text(t.into()),
        span: Span::default(),
    }
}
pub(crate) fn days(n: f64, business: bool) -> Duration {
    Duration {
        amount: n,
        unit: TimeUnit::Days,
        business,
        span: sp(&format!("{n} days")),
    }
}
pub(crate) fn cond(span_text: &str, kind: ConditionKind) -> Condition {
    Condition {
        kind,
        span: sp(span_text),
    }
}
pub(crate) fn cond_after(anchor: &str, span_text: &str, kind: ConditionKind) -> Condition {
    Condition {
        kind,
        span: sp_after(anchor, span_text),
    }
}
pub(crate) fn cmp(span_text: &str, field: &str, test: TestKind) -> Condition {
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
pub(crate) fn pattern(
    span_text: &str,
    stream: &str,
    kinds: &[&str],
    quantity: Quantity,
) -> EventPattern {
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
pub(crate) fn tod(hour: u32, minute: u32) -> TimeOfDay {
    TimeOfDay {
        hour,
        minute,
        span: Span::default(),
    }
}
pub(crate) fn field(name: &str, kind: TypeKind, optional: bool) -> FieldDecl {
    FieldDecl {
        name: id(name),
        ty: TypeExpr {
            kind,
            span: Span::default(),
        },
        optional,
        written: None,
        span: Span::default(),
    }
}

pub(crate) fn fields() -> FieldsBlock {
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

pub(crate) fn policy() -> Policy {
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
            floor: None,
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
            applies: None,
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
            applies: None,
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
