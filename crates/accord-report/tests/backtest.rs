//! Backtest figures on a hand-built set: coverage, precision, the verdict,
//! score bands with the inflection band, and won leads rejected by one
//! clause alone — every number worked out here.

#![allow(clippy::unwrap_used, clippy::panic)]

use accord_records::{read_leads, InputFormat};
use accord_report::backtest::Backtester;
use chrono::{DateTime, Utc};
use std::path::Path;

const POLICY: &str = r#"lead fields identified by lead_id:
  lead_id is text
  created_at is a timestamp
  points is a number
  employees is a number
  won is yes/no

score lead_score "Score" is read from points

mql "MQL" when all of:
  lead_score is at least 60
  employees is at least 20
"#;

/// (id, points, employees, won). MQLs: A, B, C, D (points ≥ 60, employees
/// ≥ 20); A and B won. Won but not MQL: E (points 55: the score alone),
/// F (employees 5: the size alone), G (both fail: neither alone).
const LEADS: [(&str, u32, u32, bool); 10] = [
    ("A", 62, 50, true),
    ("B", 71, 30, true),
    ("C", 64, 40, false),
    ("D", 66, 25, false),
    ("E", 55, 50, true),
    ("F", 80, 5, true),
    ("G", 40, 5, true),
    ("H", 41, 30, false),
    ("I", 43, 30, false),
    ("J", 57, 30, false),
];

#[test]
fn coverage_precision_bands_and_clauses() {
    let mut ws = accord_check::Workspace::new();
    let id = ws.open(Path::new("/mem/bt.accord"), POLICY.to_string());
    let errors: Vec<_> = ws
        .diagnostics(id)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let r = ws.resolved(id);
    let p = accord_eval::compile(&r.files, &r.schema, &r.sources).unwrap();
    let lines: String = LEADS
        .iter()
        .map(|(id, pts, emp, won)| {
            format!("{{\"lead_id\":\"{id}\",\"created_at\":\"2026-03-01T10:00:00Z\",\"points\":{pts},\"employees\":{emp},\"won\":{won}}}\n")
        })
        .collect();
    let at: DateTime<Utc> = "2026-03-01T10:00:00Z".parse().unwrap();
    let mut bt = Backtester::new(&p, None);
    for o in read_leads(p.schema(), lines.as_bytes(), InputFormat::Ndjson, None) {
        let lead = o.result.unwrap();
        let won = LEADS.iter().any(|(id, _, _, w)| *id == &*lead.id && *w);
        bt.add(&lead, at, won);
    }
    let b = bt.finish();
    // 5 won (A, B, E, F, G); 4 qualify (A–D); 2 both.
    assert_eq!((b.won, b.qualified, b.won_and_qualified), (5, 4, 2));
    // Coverage 2/5 = 40% (< 70%: too tight); precision 2/4 = 50%.
    assert_eq!(b.coverage, Some(40.0));
    assert_eq!(b.precision, Some(50.0));
    assert_eq!(b.verdict, "too tight");
    // Bands: 40–45 H, I, G (1 of 3 won: 33.3%); 55–60 E, J (1 of 2: 50%);
    // 60–65 A, C (50%); 65–70 D (0%); 70–75 B (100%); 80–85 F (100%).
    let bands: Vec<(f64, u64, u64, bool)> = b
        .bands
        .iter()
        .map(|x| (x.from, x.leads, x.won, x.inflection))
        .collect();
    assert_eq!(
        bands,
        [
            (40.0, 3, 1, false),
            (55.0, 2, 1, false),
            (60.0, 2, 1, false),
            (65.0, 1, 0, false),
            // The largest rise over the band below: 0% → 100%.
            (70.0, 1, 1, true),
            (80.0, 1, 1, false),
        ]
    );
    // E is rejected by the score alone, F by the size alone; G by both
    // (by neither alone).
    let alone: Vec<(String, u64)> = b
        .clauses
        .iter()
        .map(|c| (c.clause.clone(), c.won_rejected_alone))
        .collect();
    assert_eq!(
        alone,
        [
            ("lead_score is at least 60".to_string(), 1),
            ("employees is at least 20".to_string(), 1)
        ]
    );
    // The same figures as one self-contained page (`--format html`): both
    // charts drawn, coverage (40%, under its 70% bar) red and precision
    // (50%, over its 15% bar) blue, and the 70–75 band marked.
    let page = accord_report::html::backtest_page(&b);
    assert!(!page.contains("<script") && !page.contains("<link") && !page.contains("src="));
    assert!(page.contains("Verdict: too tight"), "{page}");
    let chart = |id: &str| -> String {
        let start = page.find(&format!("id=\"{id}\"><svg")).unwrap();
        let end = start + page[start..].find("</svg>").unwrap();
        page[start..end].to_string()
    };
    let bars = chart("chart-bars");
    let rects: Vec<&str> = bars
        .split("<rect")
        .skip(1)
        .filter(|r| r.contains("#B00020") || r.contains("#195AAA"))
        .collect();
    assert_eq!(rects.len(), 2, "{bars}");
    assert!(
        rects[0].contains("#B00020") && rects[1].contains("#195AAA"),
        "{rects:?}"
    );
    // Six band bars, one of them (the inflection) red.
    let bands = chart("chart-bands");
    let red = bands
        .split("<rect")
        .filter(|r| r.contains("#B00020"))
        .count();
    let blue = bands
        .split("<rect")
        .filter(|r| r.contains("#195AAA"))
        .count();
    assert_eq!((red, blue), (1, 5), "{bands}");
    assert!(page.contains(
        "<tr><td>70–75</td><td>1</td><td>1</td><td>100.0%</td><td><span class=\"late\">inflection"
    ));
}
