//! Heap allocations per decision, counted (per thread) by the global
//! allocator of `allocation-counter`: without an explanation, evaluating a
//! lead into its output row allocates what the row holds and next to
//! nothing else (the memo and other scratch are per thread and reused).
//! The numbers are pinned where they are, so that they only go down.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_eval::batch::row_for;
use accord_eval::StageKind;
use accord_records::RecordOutcome;
fn count<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let mut out = None;
    let info = allocation_counter::measure(|| out = Some(f()));
    (out.unwrap(), info.count_total as usize)
}

/// Allocations of one policy over the leads of a file, each lead once:
/// (per `evaluate` on average, beyond the row in `row_for` on average, at
/// most beyond the row).
fn allocations(policy: &str, file: &str) -> (f64, f64, usize) {
    let as_of = common::t("2026-11-30T15:00:00Z");
    let (p, schema) = common::load(policy);
    let leads = common::leads(&schema, file);
    assert!(leads.len() > 500, "{file}: {} leads", leads.len());
    // Warm the per-thread scratch (and the row's shared `as_of` text).
    for l in &leads {
        drop(p.evaluate(l, as_of, false));
        let outcome = RecordOutcome {
            record: l.record,
            line: None,
            result: Ok(l.clone()),
        };
        drop(row_for(&p, outcome, as_of, false));
    }
    let (mut decision, mut beyond, mut most) = (0, 0, 0);
    for l in &leads {
        // `decide` answers as `evaluate` does.
        let full = p.evaluate(l, as_of, false);
        let lean = p.decide(l, as_of);
        let stage = |k| full.stages.iter().find(|s| s.kind == k);
        assert_eq!(
            lean.mql,
            stage(StageKind::Mql).map(|s| s.passed),
            "{}",
            l.id
        );
        assert_eq!(
            lean.mql_definition,
            stage(StageKind::Mql).map(|s| s.definition_holds)
        );
        assert_eq!(lean.sal, full.stage(StageKind::Sal));
        assert_eq!(lean.sql, full.stage(StageKind::Sql));
        assert_eq!(lean.tier, full.tier);
        assert_eq!(lean.exclusion.is_some(), !full.exclusions.is_empty());
        decision += count(|| drop(p.evaluate(l, as_of, false))).1;
        let outcome = RecordOutcome {
            record: l.record,
            line: None,
            result: Ok(l.clone()),
        };
        let (row, n) = count(|| row_for(&p, outcome, as_of, false));
        // What the row itself holds: what copying it allocates.
        let (copy, own) = count(|| row.clone());
        drop((row, copy));
        let extra = n.saturating_sub(own);
        beyond += extra;
        most = most.max(extra);
    }
    let n = leads.len() as f64;
    (decision as f64 / n, beyond as f64 / n, most)
}

/// The small rule counted from events: `decide` allocates nothing; a row
/// allocates what it holds, nothing else (it is made from the routing
/// answers; built from the whole decision, it also allocated the
/// decision's list of stages, one block); the full
/// [`accord_eval::Decision`] adds its lists of fits, scores and triggers
/// and the events that fired them (names are shared with the policy and
/// the id with the lead, never copied: 14.2 allocations a decision when
/// they were).
#[test]
fn small_rule_allocates_the_row_only() {
    let (decision, beyond, most) = allocations(
        "../crates/accord/benches/rules/counted-from-events.accord",
        "examples/data/leads.ndjson",
    );
    assert_eq!(most, 0, "at most {most} allocations beyond the row");
    // The routing answers alone allocate nothing.
    let as_of = common::t("2026-11-30T15:00:00Z");
    let (p, schema) = common::load("../crates/accord/benches/rules/counted-from-events.accord");
    for l in common::leads(&schema, "examples/data/leads.ndjson") {
        let (_, n) = count(|| p.decide(&l, as_of));
        assert_eq!(n, 0, "{}: decide allocated {n} times", l.id);
    }
    assert!(beyond == 0.0, "{beyond:.1} allocations beyond the row");
    assert!(decision <= 5.5, "{decision:.1} allocations per decision");
}

/// The seed agreement: pinned where it is (the texts a row holds that are
/// written for the lead, e.g. persistence's missing and pending lines; the
/// stages list; the lists of a decision). The policy's names (and the
/// handoff items a lead misses), the policy's identity, the lead's id and
/// `as_of` are shared, not copied (37.0 allocations a decision when they
/// were).
#[test]
fn seed_agreement_allocations_are_pinned() {
    let (decision, beyond, most) =
        allocations("mql-sql-agreement.accord", "examples/data/leads.ndjson");
    assert!(most <= 20, "at most {most} allocations beyond the row");
    assert!(beyond <= 7.0, "{beyond:.1} allocations beyond the row");
    assert!(decision <= 16.0, "{decision:.1} allocations per decision");
}

/// The seed agreement explained: every text of the summary and the tree's
/// three buffers are allocations the decision keeps; the rest is scratch
/// (per-thread where it recurs; the events a pattern matched, one list per
/// lead; an SLA's start and stop in words, written once at compile time).
/// Pinned where it is (130.5 before names were shared, 106.7 before the
/// scratch list and the SLA words, 85.5 before the handoff's missing items
/// and the reasons' locations were shared with the policy, 77.4 before
/// which fields the team can change was decided at compile time, 70.5
/// before the summary's scratch tree, the list of matched events, the
/// summary's inputs and a weighted score's parts were kept per thread and
/// SLA lines were written without strings made first, 53.0 before a
/// dropped explanation left its tree's buffers to the thread's next one,
/// 46.1 before a clause's words for the summary were written without a
/// string per value, 45.6 before the summary's zone, business hours,
/// as-of and tier line and the explanation's as-of were shared per
/// thread and the MQL threshold was written at compile time, 37.6
/// before a dropped explanation gave its summary's strings back to the
/// thread for the next one's lines, 28.2 before a clause's words for a
/// reason were written into one of those, 26.6 before the summary wrote
/// each line in one piece — no string made for a part of it — and its
/// fixed words, a deadline's action and what is missing into the
/// thread's spare strings too, 22.0 before a dropped explanation left its
/// lists of reasons, of their inputs and of SLA lines to the thread's
/// next summary).
#[test]
fn explained_allocations_are_pinned() {
    let as_of = common::t("2026-11-30T15:00:00Z");
    let (p, schema) = common::load("mql-sql-agreement.accord");
    let leads = common::leads(&schema, "examples/data/leads.ndjson");
    for l in &leads {
        drop(p.evaluate(l, as_of, true));
    }
    let total: usize = leads
        .iter()
        .map(|l| count(|| drop(p.evaluate(l, as_of, true))).1)
        .sum();
    let per_lead = total as f64 / leads.len() as f64;
    assert!(
        per_lead <= 17.7,
        "{per_lead:.1} allocations per explained lead"
    );
}

/// Decoding a lead of the small rule (counts given) from a JSON value
/// allocates its list of values and each text too long to be held in
/// place (over 40 bytes: here an unusually long email), nothing else:
/// shorter texts (the id, the country, the choices, a usual email) are
/// held in the value itself, not allocated (4 allocations a lead when
/// every text was, 2 when texts over 23 bytes were).
#[test]
fn decoding_allocates_the_values_and_long_texts_only() {
    let (_, schema) = common::load("../crates/accord/benches/rules/counts-given.accord");
    let decoder = accord_records::RecordDecoder::new(&schema);
    let record = |email: &str| {
        serde_json::json!({
            "lead_id": "L-000123", "email": email, "title_level": "VP",
            "employees": 120, "industry": "SaaS", "country": "US", "status": "lead",
            "unsubscribed": false, "website_visits": 4, "pricing_views": 2,
            "demo_requests": 1, "content_downloads": 0, "recent_pricing_views": 2,
            "recent_demo_requests": 1
        })
    };
    // Warm the decoder's per-thread copy.
    drop(decoder.decode_value(&record("a@b.co"), 1, None).unwrap());
    for (email, long_texts) in [
        ("ana@acme.io", 0),
        ("ana.lopez-garcia@example-corp.com", 0),
        ("ana.lopez-garcia.marketing@example-corporation.com", 1),
    ] {
        let value = record(email);
        let (lead, n) = count(|| decoder.decode_value(&value, 1, None).unwrap());
        assert_eq!(&*lead.id, "L-000123");
        assert_eq!(n, 1 + long_texts, "{email}: {n} allocations");
    }
}
