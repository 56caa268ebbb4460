//! The example-data generator (`examples/generate_leads.rs`): byte-identical
//! output per seed, the committed `examples/data` is what it produces, and
//! the readers find exactly the deliberate mistakes — with the NDJSON and
//! the CSV + events CSV shapes giving the same leads.
#![allow(clippy::unwrap_used, clippy::panic, dead_code)]

#[path = "../examples/generate_leads.rs"]
mod generate_leads;

use accord_records::{
    read_leads, EventsIndex, FieldSpec, FieldType, InputFormat, Lead, RecordOutcome, Schema,
    StreamSpec,
};
use accord_syntax::Span;
use generate_leads::{generate, Mistake, Options, Summary};
use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use tempfile::TempDir;

/// A fresh directory for the generator's output, removed when dropped
/// (also when the test fails).
fn temp_dir(tag: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(&format!("accord-gen-{tag}-"))
        .tempdir()
        .unwrap()
}

/// The generator's files in a fresh directory (removed when dropped).
fn run(count: usize, seed: u64, tag: &str) -> (TempDir, Summary) {
    let out = temp_dir(tag);
    let summary = generate(&Options {
        count,
        seed,
        out: out.path().to_path_buf(),
        ndjson_only: false,
    })
    .unwrap();
    (out, summary)
}

fn read_file(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const FILES: [&str; 3] = ["leads.ndjson", "leads.csv", "events.csv"];

/// `policies/shared/schema.accord`, written out by hand (no parser here).
fn shared_schema() -> Schema {
    use FieldType::*;
    let one_of = |c: &[&str]| OneOf(c.iter().map(|s| s.to_string()).collect());
    let f = |name: &str, ty: FieldType, optional: bool| FieldSpec {
        name: name.into(),
        ty,
        optional,
        written: None,
        span: Span::default(),
    };
    let mut fields = vec![
        f("lead_id", Text, false),
        f("email", Email, false),
        f("full_name", Text, true),
        f("job_title", Text, true),
        f(
            "title_level",
            one_of(&["C-level", "VP", "Director", "Manager", "Individual"]),
            false,
        ),
        f("function", Text, true),
        f("company_name", Text, true),
        f("employees", Number, true),
        f("industry", Text, true),
        f("country", Text, false),
        f(
            "segment",
            one_of(&["smb", "mid-market", "enterprise"]),
            false,
        ),
        f("phone", Text, true),
    ];
    for name in [
        "phone_verified",
        "company_verified",
        "uses_crm",
        "competitor_contract",
    ] {
        fields.push(f(name, YesNo, false));
    }
    let statuses = [
        "lead",
        "customer",
        "open_opportunity",
        "competitor",
        "job_seeker",
        "student",
        "academic",
    ];
    fields.push(f("status", one_of(&statuses), false));
    fields.push(f("do_not_contact", YesNo, false));
    fields.push(f("unsubscribed", YesNo, false));
    fields.push(f("time_zone", TimeZone, false));
    fields.push(f("created_at", Timestamp, false));
    fields.push(f("mql_at", Timestamp, true));
    fields.push(f("routed_at", Timestamp, true));
    fields.push(f("routing_method", one_of(&["automated", "manual"]), true));
    for name in [
        "accepted_at",
        "disposition_at",
        "unresponsive_at",
        "discovery_call_at",
        "sql_at",
        "opportunity_at",
        "closed_won_at",
        "closed_lost_at",
    ] {
        fields.push(f(name, Timestamp, true));
    }
    for name in ["lead_source", "campaign", "owner_rep", "linkedin_url"] {
        fields.push(f(name, Text, true));
    }
    fields.push(f(
        "crm_account_match",
        one_of(&["matched", "no_match"]),
        true,
    ));
    fields.push(f("enrichment_passed", YesNo, true));
    fields.push(f("map_score", Number, true));
    let reasons = [
        "not_icp",
        "no_budget",
        "wrong_contact",
        "bad_timing",
        "data_quality",
        "existing",
    ];
    fields.push(f("rejection_reason", one_of(&reasons), true));
    fields.push(f("rejected_at", Timestamp, true));
    fields.push(f("recycle_count", Number, false));
    for name in ["budget_confirmed", "authority_confirmed", "need_confirmed"] {
        fields.push(f(name, YesNo, true));
    }
    fields.push(f("timeline_days", Number, true));
    for name in ["interest_confirmed", "email_deliverable", "phone_reachable"] {
        fields.push(f(name, YesNo, true));
    }
    fields.push(f("activities", Events(0), false));
    fields.push(f("attempts", Events(1), false));
    let kinds = [
        "website_visit",
        "page_view",
        "email_open",
        "email_click",
        "newsletter_click",
        "content_download",
        "webinar_registered",
        "webinar_attended",
        "event_registration",
        "event_attended",
        "demo_request",
        "demo_video_view",
        "trial_signup",
        "contact_form",
        "pricing_calculator",
        "integration_docs_view",
        "social_engagement",
        "unsubscribe",
        "careers_page_visit",
        "budget_signal",
        "job_change",
        "hiring_signal",
        "competitor_comparison_view",
    ];
    let streams = vec![
        StreamSpec {
            name: "activities".into(),
            kind_field: "kind".into(),
            kinds: kinds.iter().map(|s| s.to_string()).collect(),
            fields: vec![
                f("page", Text, true),
                f("question", Text, true),
                f("campaign", Text, true),
            ],
            span: Span::default(),
        },
        StreamSpec {
            name: "attempts".into(),
            kind_field: "channel".into(),
            kinds: ["phone", "email", "linkedin", "automated_email"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            fields: vec![f("outcome", Text, true)],
            span: Span::default(),
        },
    ];
    Schema {
        fields,
        streams,
        id_field: Some(0),
        default_zone: Some(chrono_tz::UTC),
    }
}

/// Names and optionality of the `lead fields` in `schema.accord`, by a
/// line scan (`  name is [an] [optional] …`), to catch drift between that
/// file and [`shared_schema`]. `None` when the file is not there.
fn scan_schema_file() -> Option<Vec<(String, bool)>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/shared/schema.accord");
    let text = std::fs::read_to_string(path).ok()?;
    let mut fields = Vec::new();
    for line in text.lines() {
        // Top-level fields are indented by exactly two spaces.
        let Some(rest) = line.strip_prefix("  ") else {
            continue;
        };
        if rest.starts_with(' ') || rest.starts_with('#') {
            continue;
        }
        let mut words = rest.split_whitespace();
        let (Some(name), Some(verb)) = (words.next(), words.next()) else {
            continue;
        };
        if verb != "is" && verb != "are" {
            continue;
        }
        let optional = words.take(2).any(|w| w == "optional");
        fields.push((name.to_string(), optional));
    }
    Some(fields)
}

#[test]
fn the_hand_written_schema_matches_schema_accord() {
    let Some(scanned) = scan_schema_file() else {
        return;
    };
    let ours: Vec<(String, bool)> = shared_schema()
        .fields
        .iter()
        .map(|f| (f.name.clone(), f.optional))
        .collect();
    assert_eq!(
        scanned, ours,
        "policies/shared/schema.accord changed: update the generator and this schema"
    );
    let fields: Vec<&str> = generate_leads::FIELDS.to_vec();
    let lead_columns: Vec<&str> = ours
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| *n != "activities" && *n != "attempts")
        .collect();
    assert_eq!(
        fields, lead_columns,
        "the generator writes every lead field, in schema order"
    );
}

#[test]
fn same_seed_same_bytes() {
    let (a, sa) = run(250, 7, "a");
    let (b, _) = run(250, 7, "b");
    let (c, _) = run(250, 8, "c");
    for file in FILES {
        assert!(
            read_file(&a.path().join(file)) == read_file(&b.path().join(file)),
            "{file} differs for the same seed"
        );
        assert!(
            read_file(&a.path().join(file)) != read_file(&c.path().join(file)),
            "{file} ignores the seed"
        );
    }
    assert_eq!(sa.leads, 250);
}

#[test]
fn the_committed_example_data_is_reproducible() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data");
    if !committed.join("leads.ndjson").exists() {
        return;
    }
    let (fresh, _) = run(600, 42, "committed");
    for file in FILES {
        assert!(
            read_file(&committed.join(file)) == read_file(&fresh.path().join(file)),
            "examples/data/{file} is not what `generate_leads --count 600 --seed 42` writes: regenerate it"
        );
    }
}

fn outcomes(path: &Path, format: InputFormat, events: Option<EventsIndex>) -> Vec<RecordOutcome> {
    let reader = BufReader::new(File::open(path).unwrap());
    read_leads(&shared_schema(), reader, format, events).collect()
}

/// The field each mistake must be reported on, per shape (`None`: the
/// record as a whole).
fn reported_field(m: Mistake, csv: bool) -> Option<&'static str> {
    match m {
        Mistake::Malformed => None,
        Mistake::MissingField | Mistake::BadEmail => Some("email"),
        Mistake::WrongType => Some("employees"),
        Mistake::BadTimestamp => Some("created_at"),
        Mistake::UnknownZone => Some("time_zone"),
        Mistake::NullRequired => Some("phone_verified"),
        Mistake::BadChoice => Some("segment"),
        Mistake::UnknownKind if csv => Some("kind"),
        Mistake::UnknownKind => Some("activities"),
    }
}

#[test]
fn readers_find_exactly_the_deliberate_mistakes_in_both_shapes() {
    let (dir, summary) = run(600, 42, "read");
    let mistakes: HashMap<String, Mistake> = summary.malformed.iter().cloned().collect();
    assert_eq!(mistakes.len(), 18, "3% of 600");
    let kinds: std::collections::HashSet<String> =
        mistakes.values().map(|m| format!("{m:?}")).collect();
    assert_eq!(kinds.len(), 9, "every kind of mistake appears");

    // NDJSON with embedded events.
    let json = outcomes(&dir.path().join("leads.ndjson"), InputFormat::Ndjson, None);
    assert_eq!(json.len(), 600);
    for (i, o) in json.iter().enumerate() {
        assert_eq!(o.record, i + 1);
        assert_eq!(o.line, Some(i + 1));
        let id = format!("L-{:06}", i + 1);
        match (&o.result, mistakes.get(&id)) {
            (Ok(lead), None) => assert_eq!(*lead.id, *id),
            (Err(errors), Some(m)) => {
                assert_eq!(errors.len(), 1, "{id} {m:?}: {errors:#?}");
                let e = &errors[0];
                assert_eq!((e.record, e.lead_id.as_deref()), (i + 1, Some(id.as_str())));
                let field = e.field.as_deref().map(|f| f.split('[').next().unwrap_or(f));
                assert_eq!(field, reported_field(*m, false), "{id} {m:?}: {e:?}");
            }
            (result, m) => panic!("{id} (mistake {m:?}): {result:?}"),
        }
    }

    // CSV leads + events CSV.
    let (index, event_errors) = EventsIndex::from_csv(
        &shared_schema(),
        File::open(dir.path().join("events.csv")).unwrap(),
    );
    let unknown_kind: Vec<&String> = mistakes
        .iter()
        .filter(|(_, m)| **m == Mistake::UnknownKind)
        .map(|(id, _)| id)
        .collect();
    // The bad events rows are the events file's errors, one per such lead,
    // each naming the lead and the field.
    assert!(!unknown_kind.is_empty());
    let mut named: Vec<&str> = event_errors
        .iter()
        .filter_map(|e| e.lead_id.as_deref())
        .collect();
    named.sort_unstable();
    let mut expected: Vec<&str> = unknown_kind.iter().map(|id| id.as_str()).collect();
    expected.sort_unstable();
    assert_eq!(named, expected, "{event_errors:#?}");
    assert!(event_errors
        .iter()
        .all(|e| e.field.as_deref() == Some("kind") && e.line.is_some_and(|l| l > 1)));
    let unmatched = index.unmatched_handle();
    let csv = outcomes(&dir.path().join("leads.csv"), InputFormat::Csv, Some(index));
    assert_eq!(csv.len(), 600, "one row per lead record");
    assert_eq!(
        unmatched.get(),
        Some(Vec::new()),
        "no events of unknown leads: every events row has its lead"
    );
    for (o, j) in csv.iter().zip(&json) {
        let id = format!("L-{:06}", o.record);
        assert_eq!(o.line, Some(o.record + 1));
        match (&o.result, mistakes.get(&id)) {
            (Ok(lead), None) => assert_same_lead(lead, j.result.as_ref().unwrap()),
            // The lead's bad events row keeps it from being evaluated: its
            // row is an error row pointing at the events file.
            (Err(errors), Some(Mistake::UnknownKind)) => {
                assert_eq!(errors.len(), 1, "{id}: {errors:#?}");
                let e = &errors[0];
                assert!(e.is_events_consequence(), "{e:?}");
                assert_eq!(e.lead_id.as_deref(), Some(id.as_str()));
                assert_eq!(e.line, o.line);
                assert!(e.message.contains("events file line"), "{e:?}");
            }
            (Err(errors), Some(m)) => {
                assert_eq!(errors.len(), 1, "{id} {m:?}: {errors:#?}");
                assert_eq!(
                    errors[0].field.as_deref(),
                    reported_field(*m, true),
                    "{id}: {:?}",
                    errors[0]
                );
                assert_eq!(errors[0].lead_id.as_deref(), Some(id.as_str()));
            }
            (result, m) => panic!("{id} (mistake {m:?}): {result:?}"),
        }
    }
}

fn assert_same_lead(csv: &Lead, json: &Lead) {
    assert_eq!(csv.id, json.id);
    for (i, (a, b)) in csv.values.iter().zip(&json.values).enumerate() {
        assert_eq!(
            a,
            b,
            "lead {} field {}",
            csv.id,
            shared_schema().fields[i].name
        );
    }
    assert_eq!(csv.streams, json.streams, "lead {} events", csv.id);
}

#[test]
fn ndjson_only_streams_without_csv() {
    let out = temp_dir("ndjson-only");
    let summary = generate(&Options {
        count: 40,
        seed: 1,
        out: out.path().to_path_buf(),
        ndjson_only: true,
    })
    .unwrap();
    assert_eq!(summary.leads, 40);
    assert!(out.path().join("leads.ndjson").exists());
    assert!(!out.path().join("leads.csv").exists() && !out.path().join("events.csv").exists());
}

/// Nothing in the data happens after the export instant, and each lead's
/// lifecycle is in causal order: created ≤ mql ≤ routed ≤ accepted /
/// disposition ≤ unresponsive; accepted ≤ discovery call ≤ sql ≤
/// opportunity ≤ closed; attempts after routing; signals after a rejection
/// that they follow.
#[test]
fn nothing_happens_after_the_export_and_stages_are_in_order() {
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-30T15:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let (dir, _) = run(600, 42, "order");
    let schema = shared_schema();
    let slot = |name: &str| schema.slot(name).unwrap();
    let mut problems = Vec::new();
    for o in outcomes(&dir.path().join("leads.ndjson"), InputFormat::Ndjson, None) {
        let Ok(lead) = o.result else { continue };
        let at = |name: &str| lead.values[slot(name)].as_timestamp();
        for (field, value) in schema.fields.iter().zip(&lead.values) {
            if let Some(t) = value.as_timestamp() {
                if t > end {
                    problems.push(format!("{} {} {t} after the export", lead.id, field.name));
                }
            }
        }
        for (stream, events) in schema.streams.iter().zip(&lead.streams) {
            for e in events.iter().filter(|e| e.at > end) {
                problems.push(format!(
                    "{} {} at {} after the export",
                    lead.id, stream.name, e.at
                ));
            }
        }
        let chains: [&[&str]; 3] = [
            &[
                "created_at",
                "mql_at",
                "routed_at",
                "disposition_at",
                "unresponsive_at",
            ],
            &[
                "routed_at",
                "accepted_at",
                "discovery_call_at",
                "sql_at",
                "opportunity_at",
                "closed_won_at",
            ],
            &["opportunity_at", "closed_lost_at"],
        ];
        for chain in chains {
            let present: Vec<(&str, chrono::DateTime<chrono::Utc>)> = chain
                .iter()
                .filter_map(|n| at(n).map(|t| (*n, t)))
                .collect();
            for pair in present.windows(2) {
                if pair[0].1 > pair[1].1 {
                    problems.push(format!(
                        "{} {} {} after {} {}",
                        lead.id, pair[0].0, pair[0].1, pair[1].0, pair[1].1
                    ));
                }
            }
        }
        if let Some(routed) = at("routed_at") {
            for e in lead.streams[1].iter().filter(|e| e.at < routed) {
                problems.push(format!(
                    "{} attempt at {} before routing {routed}",
                    lead.id, e.at
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
