//! A test file with mistakes gets one diagnostic per mistake, each with the
//! span of the line and a help line in words (snapshot, rendered without
//! colour at a fixed width); a correct one reads without any.

use accord_syntax::{RenderOptions, SourceMap};
use accord_test::{expect::Expectation, parse, LeadSource};

fn render(text: &str) -> String {
    let mut sources = SourceMap::new();
    let id = sources.add("p.accord-test", text);
    let (_, diagnostics) = parse(id, text);
    diagnostics
        .iter()
        .map(|d| {
            accord_syntax::diagnostic::render(
                d,
                &sources,
                RenderOptions {
                    color: false,
                    width: 100,
                },
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn mistakes_are_reported_with_span_and_help() {
    insta::assert_snapshot!(render(
        r#"policy mql.accord
as of yesterday
case "no colon"
case "bad lines":
  lead "E01"
  with employees
  expect mql maybe
  frobnicate
case "nothing expected":
  lead {"lead_id": "T1"}
"#
    ));
}

/// An expectation whose first word is known but whose value is not gets
/// the help of that expectation alone, not the list of every form.
#[test]
fn a_known_expectation_with_a_wrong_value_gets_its_own_help() {
    insta::assert_snapshot!(render(
        r#"policy "mql.accord"
as of 2026-11-20T15:00:00Z
case "wrong values":
  lead "E01"
  expect tier yes
  expect sla first_response late
  expect excluded customer
  expect handoff done
"#
    ));
}

/// A value said another way (`true`, `one`, `breach`, a persistence's
/// `breached`, `can re-enter`) or misspelt (`complet`) is pointed at and
/// replaced by the word `expect` takes; the line's own help still says
/// what the expectation takes. A value like none (`maybe`) keeps the
/// general diagnostic on the line.
#[test]
fn a_value_said_another_way_gets_the_word_to_write() {
    let text = r#"policy "mql.accord"
leads "leads.ndjson"
as of 2026-11-20T15:00:00Z
case "values in other words":
  lead "E01"
  expect mql true
  expect tier one
  expect sla first_response breach
  expect sla acceptance on time
  expect sla reach n/a
  expect persistence breached
  expect handoff complet
  expect recycling can re-enter
  expect sal maybe
"#;
    insta::assert_snapshot!(render(text));
    let mut sources = SourceMap::new();
    let id = sources.add("p.accord-test", text);
    let (_, diagnostics) = parse(id, text);
    let fixes: Vec<(&str, Option<&str>)> = diagnostics
        .iter()
        .map(|d| {
            let at = d.span.start as usize..d.span.end as usize;
            (&text[at], d.replacement.as_deref())
        })
        .collect();
    assert_eq!(
        fixes,
        [
            ("true", Some("yes")),
            ("one", Some("1")),
            ("breach", Some("breached")),
            ("on time", Some("met")),
            ("n/a", Some("not applicable")),
            ("breached", Some("failed")),
            ("complet", Some("complete")),
            ("can re-enter", Some("may re-enter")),
            ("expect sal maybe", None),
        ]
    );
}

#[test]
fn a_correct_file_reads_clean() {
    let text = r#"# comment
policy "mql.accord"   # the policy
leads "leads.ndjson"
as of 2026-11-20T15:00:00Z

case "A student is not an MQL":
  lead "E01"
  with status "student"
  with phone missing
  with employees 12
  add activities {"kind": "demo_request", "at": "2026-11-19T10:00:00Z"}
  as of 2026-11-21T09:00:00-06:00
  expect mql no
  expect excluded by not_a_buyer
  expect sla first_response not applicable
"#;
    let (file, diagnostics) = parse(accord_syntax::FileId(0), text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(file.policy, "mql.accord");
    let case = &file.cases[0];
    assert_eq!(
        case.lead.as_ref().map(|l| &l.0),
        Some(&LeadSource::ById("E01".into()))
    );
    assert_eq!(case.changes.len(), 4);
    assert_eq!(case.expectations.len(), 3);
    assert_eq!(
        case.expectations[0].0,
        Expectation::parse("mql no").expect("parses")
    );
    let lead =
        case.apply_changes(&serde_json::json!({"lead_id": "E01", "phone": "1", "activities": []}));
    assert_eq!(lead["status"], "student");
    assert!(lead.get("phone").is_none());
    assert_eq!(lead["employees"], 12);
    assert_eq!(lead["activities"].as_array().map(Vec::len), Some(1));
}
