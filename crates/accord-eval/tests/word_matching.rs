//! `contains the word "intern"` matches the word, not letters inside other
//! words: under seed 001's exclusion list (`policies/mql-definition.accord`)
//! a "Director of International Sales" is no intern, a "Marketing Intern"
//! is; and the explanation quotes the test as written.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_records::{read_leads, InputFormat};

/// A lead of the shared schema with the given job title.
fn lead_line(id: &str, job_title: &str) -> String {
    format!(
        r#"{{"lead_id": "{id}", "email": "{id}@northwind-saas.com", "job_title": "{job_title}", "title_level": "Director", "employees": 120, "industry": "SaaS", "country": "US", "segment": "smb", "phone_verified": true, "company_verified": true, "uses_crm": true, "competitor_contract": false, "status": "lead", "do_not_contact": false, "unsubscribed": false, "time_zone": "America/Chicago", "created_at": "2026-09-01T12:00:00Z", "recycle_count": 0}}"#
    )
}

fn excluded_title(job_title: &str) -> (bool, String) {
    let (p, schema) = common::load("mql-definition.accord");
    let line = lead_line("W1", job_title);
    let lead = read_leads(&schema, line.as_bytes(), InputFormat::Ndjson, None)
        .next()
        .unwrap()
        .result
        .unwrap();
    let d = p.evaluate(&lead, common::t("2026-11-20T15:00:00Z"), true);
    let hit = d.exclusions.iter().any(|e| &*e.name == "excluded_title");
    (
        hit,
        d.explanation
            .unwrap()
            .render_text(accord_eval::Detail::Full),
    )
}

#[test]
fn director_of_international_sales_is_not_an_intern() {
    let (hit, text) = excluded_title("Director of International Sales");
    assert!(!hit, "{text}");
    assert!(
        text.contains(r#"job_title contains the word "intern""#),
        "the explanation quotes the test: {text}"
    );
}

#[test]
fn interns_and_students_are_excluded_whatever_the_case_and_punctuation() {
    for title in [
        "Marketing Intern",
        "intern",
        "Sales (Intern)",
        "Intern/Co-op",
        "Student Ambassador",
    ] {
        let (hit, text) = excluded_title(title);
        assert!(hit, "{title}: {text}");
    }
    for title in ["Internal Communications Manager", "Studentship Coordinator"] {
        let (hit, text) = excluded_title(title);
        assert!(!hit, "{title}: {text}");
    }
}
