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
    report_in(Range::default())
}

fn report_in(range: Range) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut ws = accord_check::Workspace::new();
    let id = ws
        .load(&root.join("policies/marketing-sales-sla.accord"))
        .unwrap();
    let r = ws.resolved(id);
    let p = accord_eval::compile(&r.files, &r.schema, &r.sources).unwrap();
    let as_of: DateTime<Utc> = "2026-11-30T15:00:00Z".parse().unwrap();
    let text = std::fs::read(root.join("examples/data/leads.ndjson")).unwrap();
    let mut c = Collector::new(&p, range, as_of);
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

/// Every lead of a metric's population is in one period or said to be in
/// none — without the instant that places it, or outside the report's
/// dates — in every format, so that the counts add up.
#[test]
fn leads_in_no_period_are_counted_in_every_format() {
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d);
    let r = report_in(Range {
        from: day(1),
        to: day(15),
    });
    let m = r
        .metrics
        .iter()
        .find(|m| m.spec.name == "mql_volume")
        .unwrap();
    let all = report()
        .metrics
        .iter()
        .find(|m| m.spec.name == "mql_volume")
        .map(|m| m.values.iter().map(|v| v.denominator).sum::<u64>() + m.unplaced)
        .unwrap();
    let placed: u64 = m.values.iter().map(|v| v.denominator).sum();
    assert!(m.out_of_range > 0 && m.unplaced > 0);
    assert_eq!(placed + m.unplaced + m.out_of_range, all);
    let outside = format!(
        "{} MQL leads fall outside the report's dates (2026-11-01 to 2026-11-15) and are in no month",
        m.out_of_range
    );
    let missing = format!("{} MQL leads without mql_at are in no month", m.unplaced);
    for (format, page) in [
        ("text", render::text(&r, TEMPLATE)),
        ("markdown", render::markdown(&r, TEMPLATE)),
        ("html", accord_report::html::page(&r, TEMPLATE)),
    ] {
        assert!(page.contains(&outside), "{format}: {page}");
        assert!(page.contains(&missing), "{format}: {page}");
    }
}

/// A suggested command's words are the shell's words: plain ones as they
/// are, others single-quoted (a quote inside closed, escaped, reopened);
/// the lead's id goes where the template's last `{id}` is.
#[test]
fn explain_commands_quote_what_the_shell_would_split() {
    assert_eq!(render::shell_word("L-000123"), "L-000123");
    assert_eq!(render::shell_word("policies/a.accord"), "policies/a.accord");
    assert_eq!(render::shell_word("Q4 set/a.accord"), "'Q4 set/a.accord'");
    assert_eq!(render::shell_word("it's $HOME"), r"'it'\''s $HOME'");
    assert_eq!(render::shell_word(""), "''");
    assert_eq!(
        render::shell_word("#42"),
        "'#42'",
        "a # would start a comment"
    );
    assert_eq!(
        render::explain_command("accord explain '/x/{id}/p.accord' --lead {id}", "L 1"),
        "accord explain '/x/{id}/p.accord' --lead 'L 1'"
    );
}
