//! Impact without data, checked by brute force: for each kind of change in
//! the bundled example (a threshold, a list value, an SLA limit, plus a new
//! exclusion), the region `accord diff` describes is compared with what the
//! real evaluator does on many generated leads around its witness — every
//! lead inside the region flips, and no lead outside it does. "Every other
//! requirement" is decided independently, by a copy of the new version with
//! the changed line deleted.

mod common;

use accord_diff::{Entry, Report, Version};
use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};

fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0)
        .single()
        .expect("instant")
}

fn entry(v: &Version) -> &Entry {
    v.entries
        .first()
        .expect("one policy that decides something")
}

fn decide(e: &Entry, lead: &Value) -> accord_eval::Decision {
    let lead = e
        .decoder
        .decode_value(lead, 1, None)
        .expect("generated leads read");
    e.compiled.evaluate(&lead, as_of(), false)
}

/// A copy of v1.1 without the first line equal to `line` (trimmed).
fn without_line(line: &str) -> Version {
    let dir = common::edited_from("v1.1", "mql-sql-agreement.accord", &[]);
    let path = dir.path().join("mql-sql-agreement.accord");
    let text = std::fs::read_to_string(&path).expect("copy");
    let mut done = false;
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            let drop = !done && l.trim() == line;
            done |= drop;
            !drop
        })
        .collect();
    assert!(done, "no line {line:?}");
    std::fs::write(&path, kept.join("\n") + "\n").expect("write");
    common::load(dir.path())
}

/// Leads around a witness: its activities and a few fields varied.
fn around(witness: &Value, n: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let kinds = [
        "website_visit",
        "email_open",
        "content_download",
        "careers_page_visit",
        "webinar_attended",
    ];
    let titles = ["VP", "Director", "Manager", "Individual"];
    let industries = ["SaaS", "Fintech", "Retail", "E-commerce"];
    let employees = [10.0, 30.0, 120.0, 600.0];
    let mut seed: u64 = 0x5eed;
    let mut next = |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    for i in 0..n {
        let mut lead = witness.clone();
        lead["lead_id"] = json!(format!("G{i}"));
        let acts = lead["activities"].as_array().cloned().unwrap_or_default();
        let mut acts: Vec<Value> = acts.into_iter().filter(|_| next(4) != 0).collect();
        for k in 0..next(6) {
            let hours = 30 + k * 3;
            let at = (as_of() - chrono::Duration::hours(hours as i64))
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            acts.push(json!({"kind": kinds[next(kinds.len())], "at": at}));
        }
        lead["activities"] = json!(acts);
        if next(3) == 0 {
            lead["title_level"] = json!(titles[next(titles.len())]);
        }
        if next(3) == 0 {
            lead["industry"] = json!(industries[next(industries.len())]);
        }
        if next(4) == 0 {
            lead["employees"] = json!(employees[next(employees.len())]);
        }
        if next(6) == 0 {
            lead["competitor_contract"] = json!(true);
        }
        if next(8) == 0 {
            lead["status"] = json!("customer");
        }
        out.push(lead);
    }
    out
}

fn report() -> (Version, Version, Report) {
    let old = common::load(&common::example("v1.0"));
    let new = common::load(&common::example("v1.1"));
    let report = Report::new(&old, &new, as_of());
    (old, new, report)
}

fn witness_of<'r>(report: &'r Report, change: &str) -> (&'r str, &'r Value) {
    let r = report
        .regions
        .iter()
        .find(|r| r.change.starts_with(change) && r.witness.is_some())
        .unwrap_or_else(|| {
            unreachable!(
                "no region with a witness for {change}: {:#?}",
                report.regions
            )
        });
    let w = r.witness.as_ref().map(|w| &w.lead).expect("witness");
    (r.description.as_deref().expect("described"), w)
}

/// What a generated lead is, for one region's check.
enum Verdict {
    /// The lead sits in another change's region: not counted.
    Elsewhere,
    Inside,
    Outside,
}

/// Generates leads around `witness` and checks that exactly the leads
/// `classify` puts inside the region flip their MQL verdict. `classify`
/// gets the lead, its lead_score under the new version, and whether it
/// meets every other requirement (the `context` version's MQL).
fn check_mql_region(
    witness: &Value,
    context: &Version,
    classify: impl Fn(&Value, f64, bool) -> Verdict,
) {
    let old = common::load(&common::example("v1.0"));
    let new = common::load(&common::example("v1.1"));
    let (mut inside, mut outside) = (0, 0);
    for lead in around(witness, 600) {
        let (a, b, c) = (
            decide(entry(&old), &lead),
            decide(entry(&new), &lead),
            decide(entry(context), &lead),
        );
        let score = b
            .scores
            .iter()
            .find(|s| &*s.name == "lead_score")
            .and_then(|s| s.value)
            .expect("score");
        let in_region = match classify(&lead, score, c.mql()) {
            Verdict::Elsewhere => continue,
            Verdict::Inside => true,
            Verdict::Outside => false,
        };
        assert_eq!(
            a.mql() != b.mql(),
            in_region,
            "lead_score {score}, context {}: {lead}",
            c.mql()
        );
        if in_region {
            inside += 1
        } else {
            outside += 1
        }
    }
    assert!(
        inside > 20 && outside > 20,
        "too few leads on one side: {inside} inside, {outside} outside"
    );
}

fn fintech(lead: &Value) -> bool {
    lead["industry"] == json!("Fintech")
}

#[test]
fn threshold_region_is_exact() {
    let (_, _, report) = report();
    let (description, witness) = witness_of(&report, "MQL: lead_score threshold lowered");
    assert_eq!(
        description,
        "leads with lead_score from 55 up to but not including 65 that meet every other MQL requirement (as the new version reads them) now qualify as MQL"
    );
    let context = without_line("lead_score is at least 55");
    check_mql_region(witness, &context, |lead, score, others| {
        if fintech(lead) {
            Verdict::Elsewhere // the list's region
        } else if (55.0..65.0).contains(&score) && others {
            Verdict::Inside
        } else {
            Verdict::Outside
        }
    });
}

#[test]
fn list_region_is_exact() {
    let (_, _, report) = report();
    let (description, witness) = witness_of(&report, "list target_industries: added");
    assert_eq!(
        description,
        "leads with industry \"Fintech\" that meet every other MQL requirement (as the new version reads them) now qualify as MQL"
    );
    let context = without_line("industry is in target_industries");
    check_mql_region(witness, &context, |lead, score, others| {
        if !fintech(lead) && (55.0..65.0).contains(&score) {
            Verdict::Elsewhere // the threshold's region
        } else if fintech(lead) && others {
            Verdict::Inside
        } else {
            Verdict::Outside
        }
    });
}

#[test]
fn sla_region_is_exact() {
    let (old, new, report) = report();
    let (description, witness) = witness_of(&report, "SLA first_response: tier 1 limit tightened");
    assert!(
        description.starts_with("tier 1 leads the SLA applies to whose first attempt by one of"),
        "{description}"
    );
    assert!(description.ends_with("came more than 10 and at most 15 business minutes after routed_at now breach first_response (they met it)"), "{description}");
    let routed: DateTime<Utc> = witness["routed_at"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("routed_at");
    let (mut inside, mut outside) = (0, 0);
    for seconds in (0..=40 * 60).step_by(30) {
        for tier_one in [true, false] {
            let mut lead = witness.clone();
            let at = (routed + chrono::Duration::seconds(seconds))
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            lead["attempts"] = json!([{"channel": "phone", "at": at}]);
            if !tier_one {
                let acts: Vec<Value> = lead["activities"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|a| {
                        !["demo_request", "trial_signup", "contact_form", "page_view"]
                            .contains(&a["kind"].as_str().unwrap_or(""))
                    })
                    .collect();
                lead["activities"] = json!(acts);
            }
            let (a, b) = (decide(entry(&old), &lead), decide(entry(&new), &lead));
            if a.mql() != b.mql() {
                continue; // the threshold's region, not this one
            }
            let state = |d: &accord_eval::Decision| d.sla("first_response").map(|s| s.state);
            let flipped = state(&a) != state(&b);
            let in_region =
                b.tier == Some(1) && b.mql() && a.mql() && seconds > 600 && seconds <= 900;
            assert_eq!(
                flipped,
                in_region,
                "{seconds}s after routing, tier {:?}: {:?} → {:?}",
                b.tier,
                state(&a),
                state(&b)
            );
            if in_region {
                inside += 1
            } else {
                outside += 1
            }
        }
    }
    assert!(
        inside >= 9 && outside > 50,
        "{inside} inside, {outside} outside"
    );
}

#[test]
fn every_witness_flips_and_every_change_is_accounted_for() {
    let (old, new, report) = report();
    for r in &report.regions {
        match (&r.description, &r.witness) {
            (Some(_), Some(w)) => {
                let (a, b) = (decide(entry(&old), &w.lead), decide(entry(&new), &w.lead));
                let differs = a.mql() != b.mql()
                    || a.slas.iter().zip(&b.slas).any(|(x, y)| x.state != y.state);
                assert!(differs, "witness of {} does not flip", r.change);
            }
            (None, None) => assert!(r.not_shown.is_some(), "{r:?}"),
            _ => unreachable!("a description without a witness: {r:?}"),
        }
    }
    // The three changes that move leads each have a witnessed region.
    for change in ["MQL:", "SLA first_response:", "list target_industries:"] {
        assert!(
            report
                .regions
                .iter()
                .any(|r| r.change.starts_with(change) && r.witness.is_some()),
            "{change}"
        );
    }
}

#[test]
fn new_exclusion_region_is_witnessed() {
    let old = common::load(&common::example("v1.0"));
    let dir = common::edited(
        "mql-sql-agreement.accord",
        &[("exclusion no_contact", "exclusion student_email \"Student email\" when the domain of email ends with \".ac.uk\"\nexclusion no_contact")],
    );
    let new = common::load(dir.path());
    let report = Report::new(&old, &new, as_of());
    let (description, witness) = witness_of(&report, "new exclusion student_email");
    assert_eq!(description, "leads that qualified as MQL and match `the domain of email ends with \".ac.uk\"` are now excluded by student_email");
    for lead in around(witness, 300) {
        let (a, b) = (decide(entry(&old), &lead), decide(entry(&new), &lead));
        let in_region = a.mql()
            && lead["email"]
                .as_str()
                .is_some_and(|e| e.ends_with(".ac.uk"));
        assert_eq!(a.mql() != b.mql(), in_region, "{lead}");
    }
}

/// A tier's condition decides which tier a lead is in, not whether it is an
/// MQL: its changed threshold has no MQL region, and the report says so in
/// words that name the tier (the tiers block has no name to quote).
#[test]
fn tier_threshold_region_names_the_tier() {
    let old = common::load(&common::example("v1.0"));
    let dir = common::edited(
        "mql-sql-agreement.accord",
        &[(
            "or lead_score is at least 80",
            "or lead_score is at least 70",
        )],
    );
    let new = common::load(dir.path());
    let report = Report::new(&old, &new, as_of());
    let regions: Vec<_> = report
        .regions
        .iter()
        .filter(|r| r.change.starts_with("tier 2:"))
        .collect();
    assert_eq!(regions.len(), 1, "{:#?}", report.regions);
    assert_eq!(
        regions[0].not_shown.as_deref(),
        Some(
            "tier 2's condition is not an MQL requirement: it decides which leads are tier 2 \
             (and so which SLA limits apply to them), and which leads move between tiers \
             depends on the rest of each lead; `--leads FILE` lists the real ones"
        )
    );
}
