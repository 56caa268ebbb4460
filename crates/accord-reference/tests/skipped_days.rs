//! Zones that skipped a whole local date — Pacific/Kiritimati 1994-12-31
//! (UTC−10 to UTC+14), Pacific/Apia 2011-12-30 (the same), and
//! Pacific/Kwajalein 1993-08-21 (UTC−12 to UTC+12). Every wall time of a
//! skipped date lies in the gap and means the first instant after it
//! (`accord-time`'s documented rule), so a calendar open on that date has
//! no business time there. The differential run found the reference
//! counting hours on it (its gap search assumed a gap of a few hours near
//! UTC); SLAs in business hours and business days, after-hours rules,
//! persistence per day and distinct days must agree around each skip.

mod support;

use accord_records::{read_leads, InputFormat};
use accord_reference::evaluate;
use chrono::{DateTime, Duration, Utc};

/// Open every day (the skipped date is a Saturday, a Friday and a
/// Saturday), in the lead's zone, with two intervals and a late close.
const POLICY: &str = r#"
calendar every_day:
  open Monday to Sunday from 06:30 to 09:00 in the lead's time zone
  open Monday to Sunday from 14:30 to 22:59
calendar weekdays:
  open Monday to Friday from 09:15 to 24:00 in the lead's time zone
  closed on 2012-01-02
sla hours:
  from routed_at to the first attempt, counted in every_day
  within 9 hours
  after hours, due by 08:00 the next business day
sla days:
  from routed_at to the first attempt by "phone", counted in weekdays
  within 2 days
sla plain:
  from routed_at to done_at
  within 1 days
mql "mql" when no attempts by "email"
persistence:
  from routed_at, counted in every_day
  at least 2 attempts within 1 business days on at least 2 distinct days
  attempts by "phone" on at least 2 distinct days
  at most 2 attempts on any one day
"#;

/// (zone, the UTC instant the skip happened at).
const SKIPS: &[(&str, &str)] = &[
    ("Pacific/Kiritimati", "1994-12-31T10:00:00Z"),
    ("Pacific/Apia", "2011-12-30T10:00:00Z"),
    ("Pacific/Kwajalein", "1993-08-21T12:00:00Z"),
];

fn at(skip: DateTime<Utc>, hours: i64) -> String {
    (skip + Duration::minutes(hours * 60 + 7))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[test]
fn the_evaluators_agree_around_a_skipped_local_date() {
    let text = format!("{}{POLICY}", accord_reference::generate::SCHEMA);
    let Ok(checked) = support::check(&text) else {
        panic!("the policy does not check");
    };
    let mut disagreements = Vec::new();
    let mut pairs = 0;
    for (zone, skip) in SKIPS {
        let skip: DateTime<Utc> = skip.parse().unwrap_or_default();
        // Routed from two days before the skip to a day after it, attempts
        // on both sides, judged at several instants around it.
        for routed in (-50..30).step_by(3) {
            for as_of in [-20i64, -1, 0, 5, 30, 80, 200] {
                let line = format!(
                    r#"{{"lead_id":"L","email":"a@acme.com","m":1,"flag":true,"time_zone":"{zone}","routed_at":"{}","done_at":"{}","attempts":[{{"channel":"phone","at":"{}"}},{{"channel":"email","at":"{}"}},{{"channel":"phone","at":"{}"}}]}}"#,
                    at(skip, routed),
                    at(skip, routed + 30),
                    at(skip, routed + 11),
                    at(skip, routed + 23),
                    at(skip, routed + 40),
                );
                let as_of = skip + Duration::hours(as_of);
                let Some(Ok(lead)) =
                    read_leads(&checked.schema, line.as_bytes(), InputFormat::Ndjson, None)
                        .next()
                        .map(|o| o.result)
                else {
                    panic!("the lead does not read: {line}");
                };
                let d = checked.compiled.evaluate(&lead, as_of, false);
                let v = evaluate(&checked.files, &checked.schema, &lead, as_of);
                let (diffs, skipped) = support::compare(&d, &v);
                assert_eq!(skipped, 0, "{line}");
                pairs += 1;
                if !diffs.is_empty() {
                    disagreements.push(format!("{}\nas of {as_of}: {line}", diffs.join("\n")));
                }
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {pairs} pairs disagree; the first:\n{}",
        disagreements.len(),
        disagreements[0]
    );
}
