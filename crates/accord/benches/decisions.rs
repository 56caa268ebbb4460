//! Single-lead costs against hand-written Rust, measured in one run:
//! `cargo bench -p accord --bench decisions` (under `nice -n 19` on a
//! shared machine).
//!
//! Every figure is nanoseconds per lead, the median of `ACCORD_BENCH_PASSES`
//! (default 7) passes; a pass runs every measurement once, in turn (so that
//! a noisy neighbour slows all of them alike), each over the well-formed leads
//! of `examples/data/leads.ndjson` repeated `ACCORD_BENCH_REPS` (default 20)
//! times, on one thread. As of 2026-11-30T15:00:00Z (the data's export
//! instant). Each line's ratio is against the baseline named on it,
//! measured in the same pass.
//!
//! - The MQL rule "fit + score at least 65 + intent + exclusions" in two
//!   shapes: A, with the activity counts given as fields
//!   (`benches/rules/counts-given.accord`), and B, counted from the lead's
//!   activities with a 30-day window (`benches/rules/counted-from-events.accord`).
//!   The baseline is the same rule written by hand over a typed struct
//!   (`floor_counts_given`, `floor_counted`); before measuring, the bench
//!   checks that Accord and the hand-written rule agree on every lead.
//!   Each shape is measured on input converted ahead (a [`Lead`] against a
//!   typed struct: `decide`, the routing answers, and `evaluate`, the
//!   whole [`accord::Decision`] with its SLAs, named fits, scores and
//!   triggers), from a `serde_json::Value` each time (against serde
//!   from the `Value` into the typed struct, plus the rule), and from the
//!   NDJSON text (against serde from the text).
//! - Decoding a lead of the seed schema (`policies/shared/schema.accord`,
//!   60 fields and two event streams) from its NDJSON text, against serde
//!   deserialising the same text into a typed struct ([`SeedLead`]).
//! - The seed agreement (`policies/mql-sql-agreement.accord`): `decide`,
//!   its decision, and the decision with the full explanation against it.
//!
//! Targets (issue 15): a decision at most 5× the hand-written rule;
//! decoding and `evaluate_json` within 1.5× of serde into a typed struct;
//! the full explanation at most 3× its decision.

#![allow(clippy::unwrap_used, clippy::panic)]

use accord::Policy;
use accord_records::Lead;
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::Deserialize;
use serde_json::Value;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0)
        .single()
        .unwrap_or_default()
}

// ------------------------------------------------------------ the hand-written rule

const TARGET_INDUSTRIES: [&str; 3] = ["SaaS", "Professional Services", "E-commerce"];
const TARGET_COUNTRIES: [&str; 4] = ["US", "CA", "GB", "AU"];
const FREE_EMAIL_DOMAINS: [&str; 4] = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com"];

/// Shape A's lead, as a Rust programmer would type it.
#[derive(Deserialize)]
struct LeadA {
    #[allow(dead_code)]
    lead_id: String,
    email: String,
    title_level: String,
    employees: Option<f64>,
    industry: Option<String>,
    country: String,
    status: String,
    unsubscribed: bool,
    website_visits: f64,
    pricing_views: f64,
    demo_requests: f64,
    content_downloads: f64,
    recent_pricing_views: f64,
    recent_demo_requests: f64,
}

/// Shape B's lead.
#[derive(Deserialize)]
struct LeadB {
    #[allow(dead_code)]
    lead_id: String,
    email: String,
    title_level: String,
    employees: Option<f64>,
    industry: Option<String>,
    country: String,
    status: String,
    unsubscribed: bool,
    activities: Vec<Activity>,
}

#[derive(Deserialize)]
struct Activity {
    kind: String,
    at: DateTime<Utc>,
    page: Option<String>,
}

/// The fit, score and exclusions both shapes share, given the counts.
#[allow(clippy::too_many_arguments)]
fn floor_rule(
    email: &str,
    title_level: &str,
    employees: Option<f64>,
    industry: Option<&str>,
    country: &str,
    status: &str,
    unsubscribed: bool,
    counts: [f64; 6],
) -> bool {
    let [website_visits, pricing_views, demo_requests, content_downloads, recent_pricing, recent_demo] =
        counts;
    let icp = employees.is_some_and(|e| (20.0..=500.0).contains(&e))
        && industry.is_some_and(|i| TARGET_INDUSTRIES.contains(&i))
        && TARGET_COUNTRIES.contains(&country);
    let mut score = 0.0;
    if matches!(title_level, "VP" | "Director") {
        score += 30.0;
    }
    if employees.is_some_and(|e| (50.0..=500.0).contains(&e)) {
        score += 25.0;
    }
    if industry.is_some_and(|i| TARGET_INDUSTRIES.contains(&i)) {
        score += 25.0;
    }
    if website_visits >= 3.0 {
        score += 10.0;
    }
    if pricing_views >= 2.0 {
        score += 20.0;
    }
    if demo_requests >= 1.0 {
        score += 15.0;
    }
    if content_downloads >= 1.0 {
        score += 10.0;
    }
    let intent = recent_demo >= 1.0 || recent_pricing >= 2.0;
    let free_domain = email
        .rsplit_once('@')
        .is_some_and(|(_, d)| FREE_EMAIL_DOMAINS.iter().any(|f| d.eq_ignore_ascii_case(f)));
    let excluded = status == "customer" || status == "competitor" || free_domain || unsubscribed;
    icp && score >= 65.0 && intent && !excluded
}

/// Shape A by hand.
fn floor_counts_given(l: &LeadA) -> bool {
    floor_rule(
        &l.email,
        &l.title_level,
        l.employees,
        l.industry.as_deref(),
        &l.country,
        &l.status,
        l.unsubscribed,
        [
            l.website_visits,
            l.pricing_views,
            l.demo_requests,
            l.content_downloads,
            l.recent_pricing_views,
            l.recent_demo_requests,
        ],
    )
}

/// Shape B by hand: one pass over the activities, counting what the rule
/// reads (events after as-of do not exist; the window is the last 30 days).
fn floor_counted(l: &LeadB, as_of: DateTime<Utc>) -> bool {
    let since = as_of - Duration::days(30);
    let mut counts = [0.0; 6];
    for a in l.activities.iter().filter(|a| a.at <= as_of) {
        let recent = a.at >= since;
        let pricing = a.page.as_deref() == Some("pricing");
        match a.kind.as_str() {
            "website_visit" => counts[0] += 1.0,
            "page_view" if pricing => {
                counts[1] += 1.0;
                if recent {
                    counts[4] += 1.0;
                }
            }
            "demo_request" => {
                counts[2] += 1.0;
                if recent {
                    counts[5] += 1.0;
                }
            }
            "content_download" => counts[3] += 1.0,
            _ => {}
        }
    }
    floor_rule(
        &l.email,
        &l.title_level,
        l.employees,
        l.industry.as_deref(),
        &l.country,
        &l.status,
        l.unsubscribed,
        counts,
    )
}

/// A lead of the seed schema, as a Rust programmer would type it (the
/// decoding floor).
#[derive(Deserialize)]
#[allow(dead_code)]
struct SeedLead {
    lead_id: String,
    email: String,
    full_name: Option<String>,
    job_title: Option<String>,
    title_level: String,
    function: Option<String>,
    company_name: Option<String>,
    employees: Option<f64>,
    industry: Option<String>,
    country: String,
    segment: String,
    phone: Option<String>,
    phone_verified: bool,
    company_verified: bool,
    uses_crm: bool,
    competitor_contract: bool,
    status: String,
    do_not_contact: bool,
    unsubscribed: bool,
    time_zone: String,
    created_at: DateTime<Utc>,
    mql_at: Option<DateTime<Utc>>,
    routed_at: Option<DateTime<Utc>>,
    routing_method: Option<String>,
    accepted_at: Option<DateTime<Utc>>,
    disposition_at: Option<DateTime<Utc>>,
    unresponsive_at: Option<DateTime<Utc>>,
    discovery_call_at: Option<DateTime<Utc>>,
    sql_at: Option<DateTime<Utc>>,
    opportunity_at: Option<DateTime<Utc>>,
    closed_won_at: Option<DateTime<Utc>>,
    closed_lost_at: Option<DateTime<Utc>>,
    lead_source: Option<String>,
    campaign: Option<String>,
    owner_rep: Option<String>,
    linkedin_url: Option<String>,
    crm_account_match: Option<String>,
    enrichment_passed: Option<bool>,
    map_score: Option<f64>,
    rejection_reason: Option<String>,
    rejected_at: Option<DateTime<Utc>>,
    recycle_count: f64,
    budget_confirmed: Option<bool>,
    authority_confirmed: Option<bool>,
    need_confirmed: Option<bool>,
    timeline_days: Option<f64>,
    interest_confirmed: Option<bool>,
    email_deliverable: Option<bool>,
    phone_reachable: Option<bool>,
    #[serde(default)]
    activities: Vec<SeedActivity>,
    #[serde(default)]
    attempts: Vec<SeedAttempt>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct SeedActivity {
    kind: String,
    at: DateTime<Utc>,
    page: Option<String>,
    question: Option<String>,
    campaign: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct SeedAttempt {
    channel: String,
    at: DateTime<Utc>,
    outcome: Option<String>,
}

// ------------------------------------------------------------ the inputs

/// The seed lead projected onto shape A (`counts`) or B (`events`).
fn project(seed: &Value, counts: bool, as_of: DateTime<Utc>) -> Value {
    let mut out = serde_json::Map::new();
    for key in [
        "lead_id",
        "email",
        "title_level",
        "employees",
        "industry",
        "country",
        "status",
        "unsubscribed",
    ] {
        if let Some(v) = seed.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    let activities = seed
        .get("activities")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if counts {
        let since = as_of - Duration::days(30);
        let mut n = [0u32; 6];
        for a in &activities {
            let Some(at) = a
                .get("at")
                .and_then(Value::as_str)
                .and_then(|t| t.parse::<DateTime<Utc>>().ok())
                .filter(|at| *at <= as_of)
            else {
                continue;
            };
            let recent = at >= since;
            let pricing = a.get("page").and_then(Value::as_str) == Some("pricing");
            match a.get("kind").and_then(Value::as_str) {
                Some("website_visit") => n[0] += 1,
                Some("page_view") if pricing => {
                    n[1] += 1;
                    n[4] += u32::from(recent);
                }
                Some("demo_request") => {
                    n[2] += 1;
                    n[5] += u32::from(recent);
                }
                Some("content_download") => n[3] += 1,
                _ => {}
            }
        }
        let names = [
            "website_visits",
            "pricing_views",
            "demo_requests",
            "content_downloads",
            "recent_pricing_views",
            "recent_demo_requests",
        ];
        for (name, n) in names.into_iter().zip(n) {
            out.insert(name.into(), n.into());
        }
    } else {
        let kept: Vec<Value> = activities
            .iter()
            .map(|a| {
                let mut e = serde_json::Map::new();
                for key in ["kind", "at", "page"] {
                    if let Some(v) = a.get(key) {
                        e.insert(key.into(), v.clone());
                    }
                }
                Value::Object(e)
            })
            .collect();
        out.insert("activities".into(), Value::Array(kept));
    }
    Value::Object(out)
}

/// One shape's inputs in every form the bench feeds.
struct Shape {
    policy: Policy,
    values: Vec<Value>,
    texts: Vec<String>,
    leads: Vec<Lead>,
}

impl Shape {
    fn new(policy: &Path, values: Vec<Value>) -> Shape {
        let policy = Policy::load(policy).unwrap_or_else(|e| panic!("{}: {e}", policy.display()));
        let texts: Vec<String> = values.iter().map(Value::to_string).collect();
        let leads = values
            .iter()
            .enumerate()
            .map(|(i, v)| decoder(&policy).decode_value(v, i + 1, None).unwrap())
            .collect();
        Shape {
            policy,
            values,
            texts,
            leads,
        }
    }
}

fn decoder(policy: &Policy) -> accord_records::RecordDecoder {
    accord_records::RecordDecoder::new(policy.schema())
}

// ------------------------------------------------------------ measuring

/// One measurement: runs its work over every lead (`reps` times) and
/// returns how many leads it did.
struct Measure<'a> {
    name: &'static str,
    /// Index of the baseline in the list (itself for a baseline).
    baseline: usize,
    target: Option<f64>,
    run: Box<dyn FnMut() -> usize + 'a>,
    samples: Vec<f64>,
}

/// Adds a measurement (`baseline` `None`: it is a baseline); its index.
fn add<'a>(
    m: &mut Vec<Measure<'a>>,
    name: &'static str,
    baseline: Option<usize>,
    target: Option<f64>,
    run: Box<dyn FnMut() -> usize + 'a>,
) -> usize {
    let at = m.len();
    m.push(Measure {
        name,
        baseline: baseline.unwrap_or(at),
        target,
        run,
        samples: Vec::new(),
    });
    at
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    // `cargo bench` passes `--bench`; under `cargo test --benches`, stay quick.
    let testing = std::env::args().all(|a| a != "--bench");
    let passes = env_or("ACCORD_BENCH_PASSES", if testing { 1 } else { 7 });
    let reps = env_or("ACCORD_BENCH_REPS", if testing { 1 } else { 20 });
    let as_of = as_of();
    let root = root();

    let seed = Policy::load(root.join("policies/mql-sql-agreement.accord")).unwrap();
    let seed_decoder = decoder(&seed);
    // The data set's well-formed leads (it has a few deliberately bad ones).
    let text = std::fs::read_to_string(root.join("examples/data/leads.ndjson")).unwrap();
    let seed_texts: Vec<&str> = text
        .lines()
        .filter(|l| {
            seed_decoder.decode_json(l.as_bytes(), 1, None).is_ok()
                && serde_json::from_str::<SeedLead>(l).is_ok()
        })
        .collect();
    let seed_values: Vec<Value> = seed_texts
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/rules");
    let a = Shape::new(
        &rules.join("counts-given.accord"),
        seed_values
            .iter()
            .map(|v| project(v, true, as_of))
            .collect(),
    );
    let b = Shape::new(
        &rules.join("counted-from-events.accord"),
        seed_values
            .iter()
            .map(|v| project(v, false, as_of))
            .collect(),
    );
    let typed_a: Vec<LeadA> = a
        .texts
        .iter()
        .map(|t| serde_json::from_str(t).unwrap())
        .collect();
    let typed_b: Vec<LeadB> = b
        .texts
        .iter()
        .map(|t| serde_json::from_str(t).unwrap())
        .collect();

    // The floors are the same rule: Accord and the hand-written code agree
    // on every lead, in both shapes.
    let mut qualifying = 0;
    for (i, ((la, lb), (ta, tb))) in a
        .leads
        .iter()
        .zip(&b.leads)
        .zip(typed_a.iter().zip(&typed_b))
        .enumerate()
    {
        let da = a.policy.compiled().evaluate(la, as_of, false).mql();
        let db = b.policy.compiled().evaluate(lb, as_of, false).mql();
        let (fa, fb) = (floor_counts_given(ta), floor_counted(tb, as_of));
        assert!(
            da == fa && db == fb && da == db,
            "lead {}: Accord A {da}, B {db}; by hand A {fa}, B {fb}",
            i + 1
        );
        qualifying += usize::from(da);
    }
    assert!(
        qualifying > 0 && qualifying < a.leads.len(),
        "the rule must split the leads"
    );

    let seed_leads: Vec<Lead> = seed_texts
        .iter()
        .enumerate()
        .map(|(i, t)| seed_decoder.decode_json(t.as_bytes(), i + 1, None).unwrap())
        .collect();
    let (dec_a, dec_b) = (decoder(&a.policy), decoder(&b.policy));

    // Runs `f` on each item, `reps` times; the number of leads done.
    fn each<T>(items: &[T], reps: usize, mut f: impl FnMut(usize, &T)) -> usize {
        for _ in 0..reps {
            for (i, x) in items.iter().enumerate() {
                f(i, x);
            }
        }
        items.len() * reps
    }

    let mut m: Vec<Measure> = Vec::new();
    let policy_a = a.policy.compiled();
    let policy_b = b.policy.compiled();

    // A and B, input converted ahead.
    let floor = add(
        &mut m,
        "A  by hand, typed struct given",
        None,
        None,
        Box::new(|| each(&typed_a, reps, |_, l| _ = black_box(floor_counts_given(l)))),
    );
    add(
        &mut m,
        "A  Accord decide (routing answers)",
        Some(floor),
        Some(5.0),
        Box::new(|| {
            each(&a.leads, reps, |_, l| {
                _ = black_box(policy_a.decide(l, as_of))
            })
        }),
    );
    add(
        &mut m,
        "A  Accord evaluate (whole Decision)",
        Some(floor),
        Some(5.0),
        Box::new(|| {
            each(&a.leads, reps, |_, l| {
                _ = black_box(policy_a.evaluate(l, as_of, false))
            })
        }),
    );
    let floor = add(
        &mut m,
        "B  by hand, typed struct given",
        None,
        None,
        Box::new(|| {
            each(&typed_b, reps, |_, l| {
                _ = black_box(floor_counted(l, as_of))
            })
        }),
    );
    add(
        &mut m,
        "B  Accord decide (routing answers)",
        Some(floor),
        Some(5.0),
        Box::new(|| {
            each(&b.leads, reps, |_, l| {
                _ = black_box(policy_b.decide(l, as_of))
            })
        }),
    );
    add(
        &mut m,
        "B  Accord evaluate (whole Decision)",
        Some(floor),
        Some(5.0),
        Box::new(|| {
            each(&b.leads, reps, |_, l| {
                _ = black_box(policy_b.evaluate(l, as_of, false))
            })
        }),
    );
    // From a serde_json::Value each time.
    let floor = add(
        &mut m,
        "A  by hand, Value -> typed struct + rule",
        None,
        None,
        Box::new(|| {
            each(&a.values, reps, |_, v| {
                _ = black_box(floor_counts_given(&LeadA::deserialize(v).unwrap()))
            })
        }),
    );
    add(
        &mut m,
        "A  Accord decode_value + decision",
        Some(floor),
        None,
        Box::new(|| {
            each(&a.values, reps, |i, v| {
                let lead = dec_a.decode_value(v, i + 1, None).unwrap();
                _ = black_box(policy_a.evaluate(&lead, as_of, false))
            })
        }),
    );
    add(
        &mut m,
        "A  Accord Policy::evaluate_json (row)",
        Some(floor),
        Some(1.5),
        Box::new(|| {
            each(&a.values, reps, |i, v| {
                _ = black_box(a.policy.evaluate_json(v, i + 1, as_of, false))
            })
        }),
    );
    let floor = add(
        &mut m,
        "B  by hand, Value -> typed struct + rule",
        None,
        None,
        Box::new(|| {
            each(&b.values, reps, |_, v| {
                _ = black_box(floor_counted(&LeadB::deserialize(v).unwrap(), as_of))
            })
        }),
    );
    add(
        &mut m,
        "B  Accord Policy::evaluate_json (row)",
        Some(floor),
        Some(1.5),
        Box::new(|| {
            each(&b.values, reps, |i, v| {
                _ = black_box(b.policy.evaluate_json(v, i + 1, as_of, false))
            })
        }),
    );
    // From the NDJSON text.
    let floor = add(
        &mut m,
        "A  by hand, text -> typed struct + rule",
        None,
        None,
        Box::new(|| {
            each(&a.texts, reps, |_, t| {
                _ = black_box(floor_counts_given(&serde_json::from_str(t).unwrap()))
            })
        }),
    );
    add(
        &mut m,
        "A  Accord decode_json + decision",
        Some(floor),
        None,
        Box::new(|| {
            each(&a.texts, reps, |i, t| {
                let lead = dec_a.decode_json(t.as_bytes(), i + 1, None).unwrap();
                _ = black_box(policy_a.evaluate(&lead, as_of, false))
            })
        }),
    );
    let floor = add(
        &mut m,
        "B  by hand, text -> typed struct + rule",
        None,
        None,
        Box::new(|| {
            each(&b.texts, reps, |_, t| {
                _ = black_box(floor_counted(&serde_json::from_str(t).unwrap(), as_of))
            })
        }),
    );
    add(
        &mut m,
        "B  Accord decode_json + decision",
        Some(floor),
        None,
        Box::new(|| {
            each(&b.texts, reps, |i, t| {
                let lead = dec_b.decode_json(t.as_bytes(), i + 1, None).unwrap();
                _ = black_box(policy_b.evaluate(&lead, as_of, false))
            })
        }),
    );
    // Decoding a seed-schema lead.
    let floor = add(
        &mut m,
        "seed lead: serde text -> typed struct",
        None,
        None,
        Box::new(|| {
            each(&seed_texts, reps, |_, t| {
                _ = black_box(serde_json::from_str::<SeedLead>(t).unwrap())
            })
        }),
    );
    add(
        &mut m,
        "seed lead: Accord decode_json",
        Some(floor),
        Some(1.5),
        Box::new(|| {
            each(&seed_texts, reps, |i, t| {
                _ = black_box(seed_decoder.decode_json(t.as_bytes(), i + 1, None))
            })
        }),
    );
    let floor = add(
        &mut m,
        "seed lead: serde Value -> typed struct",
        None,
        None,
        Box::new(|| {
            each(&seed_values, reps, |_, v| {
                _ = black_box(SeedLead::deserialize(v).unwrap())
            })
        }),
    );
    add(
        &mut m,
        "seed lead: Accord decode_value",
        Some(floor),
        Some(1.5),
        Box::new(|| {
            each(&seed_values, reps, |i, v| {
                _ = black_box(seed_decoder.decode_value(v, i + 1, None))
            })
        }),
    );
    // The seed agreement: decision, and the full explanation.
    let seed_policy = seed.compiled();
    add(
        &mut m,
        "seed agreement: decide (routing answers)",
        None,
        None,
        Box::new(|| {
            each(&seed_leads, reps, |_, l| {
                _ = black_box(seed_policy.decide(l, as_of))
            })
        }),
    );
    let floor = add(
        &mut m,
        "seed agreement: decision",
        None,
        None,
        Box::new(|| {
            each(&seed_leads, reps, |_, l| {
                _ = black_box(seed_policy.evaluate(l, as_of, false))
            })
        }),
    );
    add(
        &mut m,
        "seed agreement: decision + full explanation",
        Some(floor),
        Some(3.0),
        Box::new(|| {
            each(&seed_leads, reps, |_, l| {
                _ = black_box(seed_policy.evaluate(l, as_of, true))
            })
        }),
    );

    // `ACCORD_BENCH_ONLY=text`: only the measurements whose name holds it
    // (`=name`: is it) and their baselines, e.g. for a profiler; the others
    // show NaN.
    let only = std::env::var("ACCORD_BENCH_ONLY").unwrap_or_default();
    let picked = |name: &str| match only.strip_prefix('=') {
        Some(exact) => name == exact,
        None => name.contains(only.as_str()),
    };
    let chosen: Vec<bool> = (0..m.len())
        .map(|i| {
            let name = m[i].name;
            m.iter()
                .any(|x| picked(x.name) && (x.baseline == i || x.name == name))
        })
        .collect();
    for _ in 0..passes {
        for (x, _) in m.iter_mut().zip(&chosen).filter(|(_, c)| **c) {
            let start = Instant::now();
            let n = (x.run)();
            x.samples
                .push(start.elapsed().as_nanos() as f64 / n.max(1) as f64);
        }
    }
    let medians: Vec<f64> = m.iter_mut().map(|x| median(&mut x.samples)).collect();
    println!(
        "accord decisions: {} leads × {reps}, median of {passes} passes, 1 thread, {qualifying} MQLs by both rules",
        a.leads.len()
    );
    println!(
        "  {:<46} {:>9}  {:>7}  target",
        "measured in the same run", "ns/lead", "ratio"
    );
    for (i, x) in m.iter().enumerate() {
        let ns = medians.get(i).copied().unwrap_or(f64::NAN);
        if x.baseline == i {
            println!("  {:<46} {ns:>9.0}  {:>7}", x.name, "1");
            continue;
        }
        let ratio = ns / medians.get(x.baseline).copied().unwrap_or(f64::NAN);
        let target = x.target.map_or(String::new(), |t| {
            let mark = if ratio <= t { "met" } else { "NOT met" };
            format!("≤ {t} ({mark})")
        });
        println!("  {:<46} {ns:>9.0}  {ratio:>7.2}  {target}", x.name);
    }
}
