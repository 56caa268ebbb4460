//! Metrics and breaches on a small hand-built set, every expected number
//! worked out here: empty periods, a lead at 23:30 in Chicago on the last
//! day of a month, values exactly at the threshold, runs of N and N−1
//! periods, a floor rule's contributing leads, escalation with and without
//! a corrective plan, late identification, and a bad plans file.

#![allow(clippy::unwrap_used, clippy::panic)]

use accord_eval::CompiledPolicy;
use accord_records::{read_leads, InputFormat};
use accord_report::{plans, Collector, LeadFacts, Range, Report};
use chrono::{DateTime, Utc};
use std::path::Path;

/// The policy; `{zone}` is replaced by a `reporting zone` line (or nothing).
const POLICY: &str = r#"agreement "Report test"
  version "1"
  effective 2026-01-01
{zone}  breaches are identified within 3 days of period end
  breaches escalate after 3 consecutive months without a corrective plan

lead fields identified by lead_id:
  lead_id is text
  created_at is a timestamp
  mql_at is an optional timestamp
  score is a number
  rejection_reason is optional one of "not_icp", "no_budget"
  rejected_at is an optional timestamp

mql "MQL" when score is at least 50

metric mql_volume "Monthly MQL volume": the number of mql leads, by month
metric rejection_rate: the share of mql leads where rejection_reason is present, by month
metric by_reason: the share of mql leads where rejection_reason is present, by month, per rejection_reason
metric kept_rate: the share of mql leads where rejection_reason is missing, by month
metric created: the number of leads, by month of created_at

breach volume_below: mql_volume is below 2 for 1 consecutive month
breach volume_at_most: mql_volume is at most 2 for 3 consecutive months
breach volume_four: mql_volume is at most 2 for 4 consecutive months
breach rejection_high: rejection_rate is at least 50% for 1 consecutive month
breach rejection_twice: rejection_rate is at least 50% for 2 consecutive months
breach kept_low: kept_rate is below 60% for 1 consecutive month
"#;

/// A: 23:30 in Chicago on 31 January (05:30 UTC on 1 February).
/// B: January. C, D: March, both rejected. E: not an MQL (February).
/// F: an MQL without mql_at (in no month).
const LEADS: &str = r#"{"lead_id":"A","created_at":"2026-01-20T10:00:00Z","mql_at":"2026-02-01T05:30:00Z","score":60,"rejection_reason":"no_budget","rejected_at":"2026-02-02T10:00:00Z"}
{"lead_id":"B","created_at":"2026-01-05T10:00:00Z","mql_at":"2026-01-10T15:00:00Z","score":70}
{"lead_id":"C","created_at":"2026-03-01T10:00:00Z","mql_at":"2026-03-05T15:00:00Z","score":80,"rejection_reason":"not_icp","rejected_at":"2026-03-06T10:00:00Z"}
{"lead_id":"D","created_at":"2026-03-02T10:00:00Z","mql_at":"2026-03-06T15:00:00Z","score":90,"rejection_reason":"not_icp","rejected_at":"2026-03-07T10:00:00Z"}
{"lead_id":"E","created_at":"2026-02-15T10:00:00Z","score":10}
{"lead_id":"F","created_at":"2026-03-20T10:00:00Z","score":55}
"#;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn policy(zone: Option<&str>) -> CompiledPolicy {
    let zone_line = zone.map_or(String::new(), |z| format!("  reporting zone \"{z}\"\n"));
    let text = POLICY.replace("{zone}", &zone_line);
    let mut ws = accord_check::Workspace::new();
    let id = ws.open(Path::new("/mem/report.accord"), text);
    let errors: Vec<_> = ws
        .diagnostics(id)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let r = ws.resolved(id);
    accord_eval::compile(&r.files, &r.schema, &r.sources).unwrap()
}

fn report(p: &CompiledPolicy, plans_csv: &str, as_of: &str) -> Report {
    let as_of = t(as_of);
    let mut c = Collector::new(p, Range::default(), as_of);
    for o in read_leads(p.schema(), LEADS.as_bytes(), InputFormat::Ndjson, None) {
        c.add(LeadFacts::evaluate(p, &o.result.unwrap(), as_of));
    }
    c.finish(&plans::read(p, "plans.csv", plans_csv))
}

/// `period=value(num/den)` for each period of a metric (or of one key).
fn values(r: &Report, metric: &str, key: Option<&str>) -> String {
    let m = r.metrics.iter().find(|m| m.spec.name == metric).unwrap();
    m.series(key)
        .iter()
        .map(|v| {
            let value = v.value.map_or("no leads".to_string(), |x| format!("{x}"));
            format!("{}={value}({}/{})", v.period, v.numerator, v.denominator)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each run of a breach: `periods [leads] tripped-in flags`.
fn runs(r: &Report, breach: &str) -> Vec<String> {
    let b = r.breaches.iter().find(|b| b.spec.name == breach).unwrap();
    b.runs
        .iter()
        .map(|run| {
            let periods: Vec<&str> = run.periods.iter().map(|p| p.period.as_str()).collect();
            let leads: Vec<&str> = run.leads.iter().map(|l| l.id.as_str()).collect();
            format!(
                "{} [{}] tripped {}{}{}",
                periods.join(","),
                leads.join(","),
                run.tripped,
                if run.late { " late" } else { "" },
                if run.escalated { " escalated" } else { "" },
            )
        })
        .collect()
}

const NO_PLANS: &str = "breach,period,plan_date,owner\n";
const AS_OF: &str = "2026-05-01T00:00:00Z";

#[test]
fn a_chicago_evening_on_the_last_day_counts_in_that_month() {
    let r = report(&policy(Some("America/Chicago")), NO_PLANS, AS_OF);
    // A's mql_at is 2026-01-31 23:30 in Chicago: January. January has A
    // and B, February none (shown, at 0), March C and D; F has no mql_at.
    assert_eq!(
        values(&r, "mql_volume", None),
        "2026-01=2(2/2) 2026-02=0(0/0) 2026-03=2(2/2)"
    );
    let m = r
        .metrics
        .iter()
        .find(|m| m.spec.name == "mql_volume")
        .unwrap();
    assert_eq!(m.unplaced, 1);
    assert_eq!(
        m.placement,
        "an MQL lead counts in the month of its mql_at, by default (reporting zone America/Chicago)"
    );
    // A share over no leads is "no leads", never 0%.
    assert_eq!(
        values(&r, "rejection_rate", None),
        "2026-01=50(1/2) 2026-02=no leads(0/0) 2026-03=100(2/2)"
    );
    // Per reason: of all MQLs of the month (the condition reads the key).
    assert_eq!(
        values(&r, "by_reason", Some("no_budget")),
        "2026-01=50(1/2) 2026-02=no leads(0/0) 2026-03=0(0/2)"
    );
    assert_eq!(
        values(&r, "by_reason", Some("not_icp")),
        "2026-01=0(0/2) 2026-02=no leads(0/0) 2026-03=100(2/2)"
    );
    // All leads by created_at, E included.
    assert_eq!(
        values(&r, "created", None),
        "2026-01=2(2/2) 2026-02=1(1/1) 2026-03=3(3/3)"
    );
    // Rejections by month of rejected_at (A's is 2 February).
    let months: Vec<String> = r
        .rejections
        .iter()
        .map(|m| format!("{} {:?}", m.month, m.reasons))
        .collect();
    assert_eq!(
        months,
        ["2026-02 [(\"no_budget\", 1)]", "2026-03 [(\"not_icp\", 2)]"]
    );
}

#[test]
fn in_utc_the_same_lead_counts_in_the_next_month() {
    let r = report(&policy(None), NO_PLANS, AS_OF);
    assert_eq!(r.zone, "UTC");
    assert_eq!(
        values(&r, "mql_volume", None),
        "2026-01=1(1/1) 2026-02=1(1/1) 2026-03=2(2/2)"
    );
}

#[test]
fn thresholds_and_run_lengths() {
    let r = report(&policy(Some("America/Chicago")), NO_PLANS, AS_OF);
    // Below 2: January's 2 is exactly at the threshold and does not trip;
    // February's 0 does.
    assert_eq!(
        runs(&r, "volume_below"),
        ["2026-02 [] tripped 2026-02 late"]
    );
    // At most 2 for 3 months: a run of exactly 3 trips in its third month,
    // and without a plan escalates (3 months) and is late (as-of is past
    // 3 days after March).
    assert_eq!(
        runs(&r, "volume_at_most"),
        ["2026-01,2026-02,2026-03 [A,B,C,D] tripped 2026-03 late escalated"]
    );
    // The same run is one month short of 4.
    assert!(runs(&r, "volume_four").is_empty());
    // At least 50%: January's 50% is exactly at the threshold; February
    // has no leads, which ends the run; so two runs of 1, and none of 2.
    assert_eq!(
        runs(&r, "rejection_high"),
        [
            "2026-01 [A] tripped 2026-01 late",
            "2026-03 [C,D] tripped 2026-03 late"
        ]
    );
    assert!(runs(&r, "rejection_twice").is_empty());
    // A floor rule's contributing leads are the MQLs that missed.
    assert_eq!(
        runs(&r, "kept_low"),
        [
            "2026-01 [A] tripped 2026-01 late",
            "2026-03 [C,D] tripped 2026-03 late"
        ]
    );
    let b = r
        .breaches
        .iter()
        .find(|b| b.spec.name == "kept_low")
        .unwrap();
    assert_eq!(b.rule, "kept_rate is below 60% for 1 consecutive month");
}

#[test]
fn a_corrective_plan_in_time_stops_escalation_and_lateness() {
    let p = policy(Some("America/Chicago"));
    // Identified on 2 April (within 3 days of March's end), plan in place.
    let plans = "breach,period,plan_date,owner,identified\nvolume_at_most,2026-03,2026-04-02,Demand Gen,2026-04-02\n";
    let r = report(&p, plans, AS_OF);
    assert_eq!(
        runs(&r, "volume_at_most"),
        ["2026-01,2026-02,2026-03 [A,B,C,D] tripped 2026-03"]
    );
    let run = &r
        .breaches
        .iter()
        .find(|b| b.spec.name == "volume_at_most")
        .unwrap()
        .runs[0];
    assert_eq!(run.plan.as_ref().unwrap().owner, "Demand Gen");
    assert_eq!(run.escalation_period.as_deref(), Some("2026-03"));
    // A plan documented too late (20 April) leaves the run escalated and late.
    let plans = "breach,period,plan_date,owner\nvolume_at_most,2026-03,2026-04-20,Demand Gen\n";
    let r = report(&p, plans, AS_OF);
    assert_eq!(
        runs(&r, "volume_at_most"),
        ["2026-01,2026-02,2026-03 [A,B,C,D] tripped 2026-03 late escalated"]
    );
    // Before the deadline has passed, an unplanned breach is not yet late.
    let r = report(&p, NO_PLANS, "2026-04-02T00:00:00Z");
    assert_eq!(
        runs(&r, "volume_at_most"),
        ["2026-01,2026-02,2026-03 [A,B,C,D] tripped 2026-03 escalated"]
    );
}

#[test]
fn a_bad_plans_file_names_file_and_line_and_keeps_the_good_rows() {
    let p = policy(Some("America/Chicago"));
    let plans = "breach,period,plan_date,owner\n\
                 volume_at_mots,2026-03,2026-04-02,X\n\
                 volume_at_most,2026-03,02/04/2026,X\n\
                 volume_at_most,2026-13,2026-04-02,X\n\
                 volume_at_most,2026-03,2026-04-02,Demand Gen\n";
    let r = report(&p, plans, AS_OF);
    let problems: Vec<String> = r.plan_problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "plans.csv:2: the policy has no breach named `volume_at_mots` (did you mean `volume_at_most`?)",
            "plans.csv:3: plan_date `02/04/2026` is not a date (write it as 2026-04-03)",
            "plans.csv:4: `2026-13` is not a month (write it as 2026-03)",
        ]
    );
    assert_eq!(
        runs(&r, "volume_at_most"),
        ["2026-01,2026-02,2026-03 [A,B,C,D] tripped 2026-03"]
    );
    let missing = plans::read(&p, "p.csv", "breach,period\nx,y\n");
    assert_eq!(
        missing.problems[0].to_string(),
        "p.csv:1: the header has no plan_date, owner column (expected: breach,period,plan_date,owner[,identified])"
    );
}

#[test]
fn a_range_with_no_leads_says_so_and_keeps_its_periods() {
    let p = policy(Some("America/Chicago"));
    let as_of = t(AS_OF);
    let range = Range {
        from: chrono::NaiveDate::from_ymd_opt(2027, 1, 1),
        to: chrono::NaiveDate::from_ymd_opt(2027, 2, 28),
    };
    let mut c = Collector::new(&p, range, as_of);
    for o in read_leads(p.schema(), LEADS.as_bytes(), InputFormat::Ndjson, None) {
        c.add(LeadFacts::evaluate(&p, &o.result.unwrap(), as_of));
    }
    let r = c.finish(&plans::Plans::default());
    assert_eq!(
        values(&r, "mql_volume", None),
        "2027-01=0(0/0) 2027-02=0(0/0)"
    );
    assert_eq!(
        r.notes,
        ["no lead falls between 2027-01-01 and 2027-02-28 (reporting zone America/Chicago)"]
    );
}

#[test]
fn compute_metric_gives_one_metric() {
    let p = policy(None);
    let as_of = t(AS_OF);
    let facts = read_leads(p.schema(), LEADS.as_bytes(), InputFormat::Ndjson, None)
        .map(|o| LeadFacts::evaluate(&p, &o.result.unwrap(), as_of));
    let m = accord_report::compute_metric(&p, "rejection_rate", facts, Range::default()).unwrap();
    let shown: Vec<Option<f64>> = m.values.iter().map(|v| v.value).collect();
    assert_eq!(shown, [Some(0.0), Some(100.0), Some(100.0)]);
}

/// Partial periods. In Chicago, MQLs by month are January 2 (A, B),
/// February 0, March 2 (C, D), and `volume_at_most` (at most 2 for 3
/// months) trips in March when every month is complete (see
/// `thresholds_and_run_lengths`). A month the report covers only in part
/// is marked and never counts toward a breach.
#[test]
fn a_partial_period_is_marked_and_never_trips_a_breach() {
    let p = policy(Some("America/Chicago"));
    let partial = |r: &Report| -> Vec<String> {
        let m = r
            .metrics
            .iter()
            .find(|m| m.spec.name == "mql_volume")
            .unwrap();
        m.values
            .iter()
            .map(|v| {
                format!(
                    "{}={:?} {}",
                    v.period,
                    v.value,
                    v.partial.as_deref().unwrap_or("-")
                )
            })
            .collect()
    };
    // As of 2026-03-10 00:00 UTC (19:00 on 9 March in Chicago, on summer
    // time since the 8th), March is
    // not over: its 2 MQLs are shown "so far", and the run is January and
    // February only, one month short of 3.
    let r = report(&p, NO_PLANS, "2026-03-10T00:00:00Z");
    assert_eq!(
        partial(&r),
        [
            "2026-01=Some(2.0) -",
            "2026-02=Some(0.0) -",
            "2026-03=Some(2.0) so far: the month is not over as of 2026-03-09 19:00"
        ]
    );
    assert!(runs(&r, "volume_at_most").is_empty());
    // With --from 2026-01-15, January is partial: B (10 January) is out
    // of range, A (31 January) counts, and January's 1 (below 2) does not
    // trip `volume_below`; February's 0 does. `volume_at_most` has only
    // February and March: not tripped.
    let as_of = t(AS_OF);
    let range = Range {
        from: chrono::NaiveDate::from_ymd_opt(2026, 1, 15),
        to: None,
    };
    let mut c = Collector::new(&p, range, as_of);
    for o in read_leads(p.schema(), LEADS.as_bytes(), InputFormat::Ndjson, None) {
        c.add(LeadFacts::evaluate(&p, &o.result.unwrap(), as_of));
    }
    let r = c.finish(&plans::Plans::default());
    assert_eq!(
        partial(&r),
        [
            "2026-01=Some(1.0) the report starts on 2026-01-15 (--from)",
            "2026-02=Some(0.0) -",
            "2026-03=Some(2.0) -"
        ]
    );
    assert_eq!(
        runs(&r, "volume_below"),
        ["2026-02 [] tripped 2026-02 late"]
    );
    assert!(runs(&r, "volume_at_most").is_empty());
    // The text report says it, next to the value.
    let text = accord_report::render::text(&r, "accord explain --lead {id}");
    assert!(
        text.contains("2026-01            1    (partial: the report starts on 2026-01-15 (--from); not counted in breaches)"),
        "{text}"
    );
}

/// A plans file saved with Windows line ends (`\r\n`, as a spreadsheet
/// exports it) names the same lines as the same file with `\n`, and a
/// comment line counts as a line too.
#[test]
fn a_plans_file_with_crlf_line_ends_names_the_right_lines() {
    let p = policy(Some("America/Chicago"));
    let lf = "breach,period,plan_date,owner\n\
              # the March run\n\
              volume_at_most,2026-03,2026-04-02,Demand Gen\n\
              volume_at_mots,2026-03,2026-04-02,X\n";
    let crlf = lf.replace('\n', "\r\n");
    for text in [lf, crlf.as_str()] {
        let read = plans::read(&p, "plans.csv", text);
        let lines: Vec<u64> = read.plans.iter().map(|plan| plan.line).collect();
        assert_eq!(lines, [3], "{text:?}");
        let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            ["plans.csv:4: the policy has no breach named `volume_at_mots` (did you mean `volume_at_most`?)"],
            "{text:?}"
        );
    }
}

/// A plans file saved with `;` between its columns (a spreadsheet whose
/// decimal mark is a comma) reads as the comma file does, a comment line
/// before its header and all.
#[test]
fn a_plans_file_separated_by_semicolons_reads_as_the_comma_one() {
    let p = policy(Some("America/Chicago"));
    let comma = "# plans for March\n\
                 breach,period,plan_date,owner\n\
                 volume_at_most,2026-03,2026-04-02,Demand Gen\n\
                 volume_at_mots,2026-03,2026-04-02,X\n";
    let expected = plans::read(&p, "plans.csv", comma);
    assert_eq!(expected.plans.len(), 1, "{expected:?}");
    for separator in [";", "\t"] {
        let read = plans::read(&p, "plans.csv", &comma.replace(',', separator));
        assert_eq!(read, expected, "{separator:?}");
    }
}
