//! Unit tests on a hand-built policy AST (independent of the parser; see
//! `test_policy.rs`): decisions, explanations, rows and batches. End-to-end
//! tests on the real policies are in `tests/`.

#![allow(clippy::panic, clippy::unwrap_used)]

use crate::test_policy::*;
use crate::*;
use accord_records::{Event, FieldValue, Lead, Schema};
use accord_syntax::ast::*;
use accord_syntax::{FileId, SourceMap, Span};
use chrono::{DateTime, Utc};

pub(crate) fn compiled() -> (CompiledPolicy, Schema) {
    let mut sources = SourceMap::new();
    sources.add("test.accord", SRC);
    let p = policy();
    let schema = Schema::from_blocks([&fields()]);
    match compile(&[p], &schema, &sources) {
        Ok(c) => (c, schema),
        Err(d) => panic!("compile failed: {d:?}"),
    }
}

/// Every policy of `policies/` (checked clean and compiled, in name order)
/// with the readable leads of `examples/data/leads.ndjson` under its schema.
pub(crate) fn bundled_policies_and_leads() -> Vec<(String, CompiledPolicy, Vec<Lead>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths: Vec<_> = std::fs::read_dir(root.join("policies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "accord"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 5, "policies/ holds the seed agreements");
    paths.iter().map(|path| policy_and_leads(path)).collect()
}

/// The policy at `path` (checked clean and compiled) with the readable
/// leads of `examples/data/leads.ndjson` under its schema, each given
/// the fields `more` makes for it from its place in the file.
fn policy_and_leads_with(
    path: &std::path::Path,
    more: impl Fn(usize) -> Vec<(&'static str, f64)>,
) -> (String, CompiledPolicy, Vec<Lead>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = std::fs::read_to_string(root.join("examples/data/leads.ndjson")).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut ws = accord_check::Workspace::new();
    let id = ws.load(path).unwrap();
    let diagnostics = ws.diagnostics(id);
    assert!(
        !diagnostics.iter().any(|d| d.is_error()),
        "{name}: {diagnostics:#?}"
    );
    let r = ws.resolved(id);
    let p = compile(&r.files, &r.schema, &r.sources).unwrap();
    let decoder = accord_records::RecordDecoder::new(&r.schema);
    let leads: Vec<Lead> = (text.lines().enumerate())
        .filter_map(|(i, line)| {
            let mut value: serde_json::Value = serde_json::from_str(line).ok()?;
            for (key, n) in more(i) {
                value.as_object_mut()?.insert(key.into(), n.into());
            }
            decoder.decode_value(&value, i + 1, Some(i + 1)).ok()
        })
        .collect();
    assert!(leads.len() > 100, "{name}: {} leads", leads.len());
    (name, p, leads)
}

/// [`policy_and_leads_with`] no more fields.
fn policy_and_leads(path: &std::path::Path) -> (String, CompiledPolicy, Vec<Lead>) {
    policy_and_leads_with(path, |_| Vec::new())
}

/// A row made from the routing answers (a policy that decides nothing
/// else, without an explanation) is the row of the whole decision, for
/// every lead of the example data, at several instants, under every
/// bundled policy and the benchmark's two rules.
#[test]
fn rows_from_routing_answers_are_the_rows_of_decisions() {
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../accord/benches/rules");
    let mut cases = bundled_policies_and_leads();
    // Rule A reads activity counts as fields: made up from the lead's
    // place, so that every combination the rule tells apart occurs.
    let counts = |i: usize| {
        let n = |k: usize, m: usize| ((i / k) % m) as f64;
        vec![
            ("website_visits", n(1, 5)),
            ("pricing_views", n(2, 4)),
            ("demo_requests", n(3, 2)),
            ("content_downloads", n(5, 3)),
            ("recent_pricing_views", n(7, 3)),
            ("recent_demo_requests", n(11, 2)),
        ]
    };
    cases.push(policy_and_leads_with(
        &rules.join("counts-given.accord"),
        counts,
    ));
    cases.push(policy_and_leads(&rules.join("counted-from-events.accord")));
    // Rule A with tiers (no routes-only policy of the repository has any).
    let tiered_rule =
        std::env::temp_dir().join(format!("accord-tiered-{}.accord", std::process::id()));
    let rule = std::fs::read_to_string(rules.join("counts-given.accord")).unwrap();
    let tiers = "tiers \"Tiers\":\n  tier 1 when demo_requests is at least 1\n  \
                 tier 2 when lead_score is at least 50\n  tier 3 otherwise\n";
    std::fs::write(&tiered_rule, format!("{rule}\n{tiers}")).unwrap();
    cases.push(policy_and_leads_with(&tiered_rule, counts));
    let _ = std::fs::remove_file(&tiered_rule);
    let (mut routes_only, mut mqls, mut excluded, mut others, mut tiered) = (0, 0, 0, 0, 0);
    for (name, p, leads) in &cases {
        let fast = crate::output::routes_only(p);
        routes_only += usize::from(fast);
        for as_of in [
            "2026-11-30T15:00:00Z",
            "2026-06-01T00:00:00Z",
            "2027-03-01T12:00:00Z",
        ] {
            let as_of = t(as_of);
            for l in leads {
                let outcome = accord_records::RecordOutcome {
                    record: l.record,
                    line: None,
                    result: Ok(l.clone()),
                };
                let row = batch::row_for(p, outcome, as_of, false);
                let whole = Row::from_decision(p, p.evaluate(l, as_of, false));
                assert_eq!(row, whole, "{name}, lead {} as of {as_of}", l.id);
                if fast {
                    let hit = row.exclusions.as_ref().is_some_and(|e| !e.is_empty());
                    mqls += usize::from(row.mql == Some(true));
                    excluded += usize::from(hit);
                    others += usize::from(row.mql == Some(false));
                    tiered += usize::from(row.tier.is_some_and(|t| t > 1));
                }
            }
        }
    }
    assert!(
        routes_only >= 3,
        "{routes_only} policies decide routes only"
    );
    assert!(
        mqls > 100 && excluded > 100 && others > 100 && tiered > 100,
        "routes-only rows: {mqls} MQLs, {excluded} excluded, {others} not MQLs, {tiered} past tier 1"
    );
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

pub(crate) fn good_lead(schema: &Schema) -> Lead {
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
    assert_eq!(&*p.meta().name, "Test Agreement");
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
    assert_eq!(&*d.triggers[0].events[0].kind, "demo_request");
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
    insta::assert_snapshot!("unit_good_lead_text", e.render_text(crate::Detail::Full));
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
        .map(|e| e.render_text(crate::Detail::Full))
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
        .map(|e| e.render_text(crate::Detail::Full))
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
    assert_eq!(
        h.missing_preferred,
        vec![std::sync::Arc::<str>::from("phone")]
    );
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
        l.id = format!("L-{record}").into();
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

/// Asserts that every explanation of every bundled policy and readable
/// lead, as JSON and as full text, is the same with the thread's switch
/// `off` set (a way of writing texts turned off) as without.
fn explanations_read_the_same_with(off: &'static std::thread::LocalKey<std::cell::Cell<bool>>) {
    let as_of = t("2026-11-30T15:00:00Z");
    let shown = |d: &Decision| {
        let e = d.explanation.as_ref().unwrap();
        (
            serde_json::to_string(e).unwrap(),
            e.render_text(explain::Detail::Full),
        )
    };
    for (name, p, leads) in bundled_policies_and_leads() {
        for lead in &leads {
            let on = shown(&p.evaluate(lead, as_of, true));
            off.set(true);
            let afresh = shown(&p.evaluate(lead, as_of, true));
            off.set(false);
            assert_eq!(on, afresh, "{name}: lead {}", lead.id);
        }
    }
}

/// Texts an explanation shows again and again (an event listed under
/// several patterns, a field read by several comparisons) are written
/// once and shared (`Tree::shared`): every explanation is the one written
/// with each text afresh.
#[test]
fn shared_texts_are_the_texts_written_afresh() {
    explanations_read_the_same_with(&explain::SHARING_OFF);
}

/// Instants in a zone and numbers with a fraction, kept as values while
/// an explanation's tree is built (`explain/later.rs`), read as the texts
/// written at once: every explanation is the one whose tree keeps no
/// value. (And the bundled explanations keep some.)
#[test]
fn values_kept_for_later_read_as_the_texts_written_at_once() {
    explanations_read_the_same_with(&explain::KEEPING_OFF);
    let as_of = t("2026-11-30T15:00:00Z");
    let kept: usize = bundled_policies_and_leads()
        .iter()
        .flat_map(|(_, p, leads)| leads.iter().map(move |l| p.evaluate(l, as_of, true)))
        .filter_map(|d| d.explanation.map(|e| e.kept_values()))
        .sum();
    assert!(kept > 1000, "{kept} values kept");
}

/// A comparison's name and threshold, written once when the policy is
/// compiled (`plan::Compared`), are the texts written per lead: every
/// explanation is the one whose comparisons write them afresh. (And the
/// bundled policies have such texts, lists' thresholds among them.)
#[test]
fn texts_written_at_compile_time_are_the_texts_written_per_lead() {
    explanations_read_the_same_with(&crate::eval::COMPILED_TEXTS_OFF);
    let lists_shown = bundled_policies_and_leads()
        .iter()
        .flat_map(|(_, p, _)| p.srcs.iter().filter_map(|s| s.compared.as_ref()))
        .filter_map(|c| c.threshold.as_deref())
        .filter(|t| t.starts_with("in ["))
        .count();
    assert!(lists_shown > 0, "no list threshold written at compile time");
}

/// A count of a pattern's events reads the same with what follows the
/// count written at compile time (`EvPat::counted`) as written piece by
/// piece: every pattern of the bundled policies' triggers and score rules,
/// for counts 0 to 2, with and without a rejection bounding the window.
#[test]
fn counted_words_written_at_compile_time_read_as_written_per_lead() {
    use crate::plan::{Basis, CondKind, EvPat};
    let as_of = t("2026-11-30T15:00:00Z");
    let rejected = Some(t("2026-11-12T14:49:00Z"));
    let mut compared = 0;
    for (_, p, _) in bundled_policies_and_leads() {
        let mut patterns: Vec<&EvPat> = Vec::new();
        for item in p.triggers.iter().flat_map(|d| &d.items) {
            if let CondKind::Events(e) = &item.kind {
                patterns.push(e);
            }
        }
        let rules = p.scores.iter().flat_map(|s| s.body.rules());
        for rule in rules {
            if let Basis::ForEach(e) = &rule.basis {
                patterns.push(e);
            }
        }
        for e in patterns {
            let mut pieces = e.clone();
            pieces.counted = Default::default();
            for count in 0..3 {
                for bound in [None, rejected] {
                    let shown = |e: &EvPat| crate::text::string_of(e.describe(count, as_of, bound));
                    assert_eq!(shown(e), shown(&pieces));
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 50, "{compared} compared");
}
