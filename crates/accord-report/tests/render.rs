//! The text, JSON and markdown reports of the bundled generated data under
//! the seed SLA (snapshots), the JSON validated against
//! `schema/report.schema.json`, and the HTML page's charts present.

#![allow(clippy::unwrap_used, clippy::panic)]

use accord_records::{read_leads, InputFormat};
use accord_report::{plans, render, Collector, LeadFacts, Range, Report};
use chrono::{DateTime, Utc};
use std::path::Path;

const TEMPLATE: &str = "accord explain policies/marketing-sales-sla.accord --leads examples/data/leads.ndjson --as-of 2026-11-30T15:00:00Z --lead {id}";

fn report() -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut ws = accord_check::Workspace::new();
    let id = ws
        .load(&root.join("policies/marketing-sales-sla.accord"))
        .unwrap();
    let r = ws.resolved(id);
    let p = accord_eval::compile(&r.files, &r.schema, &r.sources).unwrap();
    let as_of: DateTime<Utc> = "2026-11-30T15:00:00Z".parse().unwrap();
    let text = std::fs::read(root.join("examples/data/leads.ndjson")).unwrap();
    let mut c = Collector::new(&p, Range::default(), as_of);
    for o in read_leads(p.schema(), text.as_slice(), InputFormat::Ndjson, None) {
        match o.result {
            Ok(lead) => c.add(LeadFacts::evaluate(&p, &lead, as_of)),
            Err(_) => c.add_unreadable(),
        }
    }
    let plans_csv = "breach,period,plan_date,owner\nrouting_time,2026-11,2026-12-02,RevOps Lead\n";
    c.finish(&plans::read(&p, "marketing-sales-sla.plans.csv", plans_csv))
}

#[test]
fn text_report() {
    insta::assert_snapshot!(render::text(&report(), TEMPLATE));
}

#[test]
fn markdown_report() {
    insta::assert_snapshot!(render::markdown(&report(), TEMPLATE));
}

#[test]
fn json_report_follows_its_schema() {
    let v = render::json(&report(), TEMPLATE);
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    insta::assert_json_snapshot!(v);
}

#[test]
fn html_report_draws_a_chart_per_metric() {
    let r = report();
    let page = accord_report::html::page(&r, TEMPLATE);
    // Self-contained: no script, no stylesheet or image fetched from anywhere.
    assert!(!page.contains("<script") && !page.contains("<link") && !page.contains("src="));
    for m in &r.metrics {
        let id = format!("id=\"chart-{}\"><svg", m.spec.name);
        assert!(page.contains(&id), "no chart for {}", m.spec.name);
    }
    assert!(page.contains("id=\"chart-rejections\"><svg"));
}
