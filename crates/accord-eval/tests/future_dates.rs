//! A plain date field is read as it is, even when it lies after as-of (a
//! contract's end date is in the future by nature); only timestamps — when
//! something happened — read as missing until as-of reaches them. A
//! one-file policy loaded from memory.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_eval::{CompiledPolicy, StageKind};
use accord_records::{read_leads, InputFormat};
use chrono::{DateTime, Utc};

const POLICY: &str = r#"lead fields identified by lead_id:
  lead_id is text
  contract_ends is a date
  signed_at is an optional timestamp

mql "Renewal window" when contract_ends is before 2027-03-01 and signed_at is missing
"#;

fn policy() -> CompiledPolicy {
    common::from_text("/mem/dates.accord", POLICY).0
}

fn mql(p: &CompiledPolicy, line: &str, as_of: &str) -> bool {
    let lead = read_leads(p.schema(), line.as_bytes(), InputFormat::Ndjson, None)
        .next()
        .unwrap()
        .result
        .unwrap();
    let as_of: DateTime<Utc> = DateTime::parse_from_rfc3339(as_of).unwrap().into();
    let d = p.evaluate(&lead, as_of, false);
    d.stage(StageKind::Mql).unwrap()
}

#[test]
fn a_future_date_is_read_but_a_future_timestamp_has_not_happened() {
    let p = policy();
    // The contract ends in February 2027, after as-of: still read.
    let open = r#"{"lead_id":"D1","contract_ends":"2027-02-15"}"#;
    assert!(mql(&p, open, "2026-11-30T15:00:00Z"));
    // Signed on 2026-12-10: as of 2026-11-30 not yet, so still in the window.
    let signed =
        r#"{"lead_id":"D2","contract_ends":"2027-02-15","signed_at":"2026-12-10T10:00:00Z"}"#;
    assert!(mql(&p, signed, "2026-11-30T15:00:00Z"));
    assert!(!mql(&p, signed, "2026-12-11T00:00:00Z"));
}
