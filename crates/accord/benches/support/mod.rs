//! What the single-lead benches share (`decisions.rs`, the bench binary
//! that prints ratios in one run, and `single_lead.rs`, the criterion
//! bench): the MQL rule written by hand in Rust over typed structs (the
//! floor), the seed leads projected onto the rule's two shapes, and
//! [`load`], which reads them all and checks that Accord and the
//! hand-written rule agree on every lead before anything is measured.

// Each bench uses part of what is here.
#![allow(dead_code)]

use accord::Policy;
use accord_records::Lead;
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0)
        .single()
        .unwrap_or_default()
}

// ------------------------------------------------------------ the hand-written rule

pub const TARGET_INDUSTRIES: [&str; 3] = ["SaaS", "Professional Services", "E-commerce"];
pub const TARGET_COUNTRIES: [&str; 4] = ["US", "CA", "GB", "AU"];
pub const FREE_EMAIL_DOMAINS: [&str; 4] = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com"];

/// Shape A's lead, as a Rust programmer would type it.
#[derive(Deserialize)]
pub struct LeadA {
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
pub struct LeadB {
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
pub struct Activity {
    kind: String,
    at: DateTime<Utc>,
    page: Option<String>,
}

/// The fit, score and exclusions both shapes share, given the counts.
#[allow(clippy::too_many_arguments)]
pub fn floor_rule(
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
pub fn floor_counts_given(l: &LeadA) -> bool {
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
pub fn floor_counted(l: &LeadB, as_of: DateTime<Utc>) -> bool {
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
pub struct SeedLead {
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
pub struct SeedActivity {
    kind: String,
    at: DateTime<Utc>,
    page: Option<String>,
    question: Option<String>,
    campaign: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct SeedAttempt {
    channel: String,
    at: DateTime<Utc>,
    outcome: Option<String>,
}

// ------------------------------------------------------------ the inputs

/// The seed lead projected onto shape A (`counts`) or B (`events`).
pub fn project(seed: &Value, counts: bool, as_of: DateTime<Utc>) -> Value {
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
pub struct Shape {
    pub policy: Policy,
    pub values: Vec<Value>,
    pub texts: Vec<String>,
    pub leads: Vec<Lead>,
}

impl Shape {
    pub fn new(policy: &Path, values: Vec<Value>) -> Shape {
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

pub fn decoder(policy: &Policy) -> accord_records::RecordDecoder {
    accord_records::RecordDecoder::new(policy.schema())
}

// ------------------------------------------------------------ loading

/// Every input the single-lead benches feed, read once.
pub struct Inputs {
    pub as_of: DateTime<Utc>,
    /// The seed agreement.
    pub seed: Policy,
    /// The well-formed leads of `examples/data/leads.ndjson`: their text,
    /// their `Value`, and decoded.
    pub seed_texts: Vec<String>,
    pub seed_values: Vec<Value>,
    pub seed_leads: Vec<Lead>,
    /// The small rule, shape A (counts given) and B (counted from events).
    pub a: Shape,
    pub b: Shape,
    /// The same leads as the hand-written rule reads them.
    pub typed_a: Vec<LeadA>,
    pub typed_b: Vec<LeadB>,
    /// How many leads are MQLs (by both rules).
    pub qualifying: usize,
}

/// Reads the inputs; panics unless Accord and the hand-written rule give
/// every lead the same answer, in both shapes (and some, not all, qualify).
pub fn load() -> Inputs {
    let as_of = as_of();
    let root = root();

    let seed = Policy::load(root.join("policies/mql-sql-agreement.accord")).unwrap();
    let seed_decoder = decoder(&seed);
    // The data set's well-formed leads (it has a few deliberately bad ones).
    let text = std::fs::read_to_string(root.join("examples/data/leads.ndjson")).unwrap();
    let seed_texts: Vec<String> = text
        .lines()
        .filter(|l| {
            seed_decoder.decode_json(l.as_bytes(), 1, None).is_ok()
                && serde_json::from_str::<SeedLead>(l).is_ok()
        })
        .map(str::to_string)
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
    Inputs {
        as_of,
        seed,
        seed_texts,
        seed_values,
        seed_leads,
        a,
        b,
        typed_a,
        typed_b,
        qualifying,
    }
}
