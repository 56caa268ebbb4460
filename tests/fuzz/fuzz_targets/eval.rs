//! Evaluation of decoded leads under every seed policy: the input is one
//! NDJSON record (seeded from the bundled leads) plus an as-of offset;
//! every lead the reader accepts is evaluated with its explanation, which
//! is rendered as text and the row as JSON. Never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (offset, record) = data.split_at(4);
    let offset = i32::from_le_bytes([offset[0], offset[1], offset[2], offset[3]]);
    let base = chrono::DateTime::parse_from_rfc3339("2026-11-20T15:00:00Z")
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    // Up to about ±68 years around the bundled as-of.
    let as_of = base + chrono::Duration::seconds(i64::from(offset));
    for (policy, decoder) in accord_fuzz::seed_policies() {
        let Ok(lead) = decoder.decode_json(record, 1, Some(1)) else {
            continue;
        };
        let decision = policy.evaluate(&lead, as_of, true);
        let row = accord_eval::Row::from_decision(policy, decision);
        let _ = serde_json::to_string(&row);
        if let Some(x) = &row.explanation {
            let _ = x.render_text(accord_eval::Detail::Full);
        }
    }
});
