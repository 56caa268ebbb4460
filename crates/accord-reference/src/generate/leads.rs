//! Random leads (one NDJSON line each) for [`SCHEMA`](super::SCHEMA):
//! missing optional fields, boundary values, events on DST days and
//! holidays, timestamps after as-of, judged at instants chosen for their
//! edges ([`AS_OF`]).

use super::{Rng, ZONES};
use std::fmt::Write as _;

/// Instants leads are judged at: an ordinary afternoon, DST changes in
/// America and Europe, holidays, a weekend, the edges of the years a
/// timestamp can carry, and the days after the skipped dates.
pub const AS_OF: &[&str] = &[
    "2026-11-30T15:00:00Z",
    "2026-11-30T15:00:00Z",
    "2026-11-30T15:00:00Z",
    "2026-03-08T08:30:00Z",
    "2026-11-01T07:00:00Z",
    "2026-03-29T01:30:00Z",
    "2026-10-25T00:59:59Z",
    "2026-11-26T14:00:00Z",
    "2026-12-25T09:00:00Z",
    "2026-11-28T23:59:59Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    // Just after zones skipped a whole local date (Kiritimati 1994-12-31,
    // Apia 2011-12-30, Kwajalein 1993-08-21).
    "1995-01-01T03:00:00Z",
    "2011-12-31T02:00:00Z",
    "1993-08-22T12:00:00Z",
];

/// Seconds of a random offset from as-of: mostly within days before it,
/// sometimes years before, sometimes after it (not yet happened).
fn offset(rng: &mut Rng) -> i64 {
    match rng.below(20) {
        0 => rng.range(1, 30 * 86_400),
        1 => -rng.range(0, 200 * 366 * 86_400),
        2 => 0,
        3 => -rng.range(0, 60) * 60,
        _ => -rng.range(0, 45 * 86_400),
    }
}

fn instant(as_of: chrono::DateTime<chrono::Utc>, rng: &mut Rng) -> Option<String> {
    let t = as_of.checked_add_signed(chrono::TimeDelta::try_seconds(offset(rng))?)?;
    let t = t.with_timezone(&chrono::Utc);
    if !(1..=9999).contains(&chrono::Datelike::year(&t)) {
        return None;
    }
    Some(t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// A random lead (one NDJSON line) for [`SCHEMA`](super::SCHEMA), and the
/// instant to judge it at.
pub fn lead(rng: &mut Rng, id: usize) -> (String, chrono::DateTime<chrono::Utc>) {
    let as_of: chrono::DateTime<chrono::Utc> = rng.pick(AS_OF).parse().unwrap_or_default();
    let mut fields: Vec<String> = vec![format!("\"lead_id\":\"L{id}\"")];
    let email = rng.pick(&[
        "\"a@gmail.com\"",
        "\"b@YAHOO.com\"",
        "\"c@acme.com\"",
        "\"d@uni.edu\"",
    ]);
    fields.push(format!("\"email\":{email}"));
    let mut optional = Vec::new();
    let mut opt = |rng: &mut Rng, key: &str, value: String| {
        if rng.chance(75) {
            optional.push(format!("\"{key}\":{value}"));
        }
    };
    let num = |rng: &mut Rng| match rng.below(8) {
        0 => "1e300".to_string(),
        1 => "-1e300".to_string(),
        2 => "0".to_string(),
        3 => "1000000000000000".to_string(),
        _ => format!("{}", rng.range(-20, 600)),
    };
    let v = num(rng);
    opt(rng, "n", v);
    let v = rng.pick(&["0", "100", "42.5", "12"]).to_string();
    opt(rng, "pct", v);
    let v = rng
        .pick(&[
            "\"Head of Ops\"",
            "\"VP Sales\"",
            "\"Engineer\"",
            "\"  \"",
            "\"\"",
            "\"DevOps lead\"",
            "\"ops/infra\"",
        ])
        .to_string();
    opt(rng, "title", v);
    let v = rng
        .pick(&["\"C-level\"", "\"VP\"", "\"Director\""])
        .to_string();
    opt(rng, "level", v);
    let v = rng.pick(&["true", "false"]).to_string();
    opt(rng, "oflag", v);
    let v = rng
        .pick(&[
            "\"2026-01-01\"",
            "\"0001-01-01\"",
            "\"9999-12-31\"",
            "\"2026-11-30\"",
        ])
        .to_string();
    opt(rng, "born", v);
    let v = rng
        .pick(&["[\"vip\"]", "[]", "[\"new\", \"x\"]"])
        .to_string();
    opt(rng, "tags", v);
    for key in [
        "routed_at",
        "accepted_at",
        "done_at",
        "rejected_at",
        "nurture_placed_at",
    ] {
        if let Some(t) = instant(as_of, rng) {
            opt(rng, key, format!("\"{t}\""));
        }
    }
    let v = rng.pick(&["\"r1\"", "\"r2\"", "\"r3\""]).to_string();
    opt(rng, "rejection_reason", v);
    let v = rng
        .pick(&["0", "2", "3", "4294967296", "1e300"])
        .to_string();
    opt(rng, "recycle_count", v);
    fields.append(&mut optional);
    let m = num(rng);
    fields.push(format!("\"m\":{m}"));
    fields.push(format!("\"flag\":{}", rng.pick(&["true", "false"])));
    fields.push(format!("\"time_zone\":\"{}\"", rng.pick(ZONES)));
    let mut acts = Vec::new();
    for _ in 0..rng.below(9) {
        if let Some(t) = instant(as_of, rng) {
            let mut e = format!(
                "{{\"kind\":\"{}\",\"at\":\"{t}\"",
                rng.pick(&["visit", "demo", "click", "budget"])
            );
            if rng.chance(50) {
                let _ = write!(
                    e,
                    ",\"page\":\"{}\"",
                    rng.pick(&["pricing", "home", "Pricing"])
                );
            }
            if rng.chance(40) {
                let _ = write!(e, ",\"hot\":{}", rng.pick(&["true", "false"]));
            }
            e.push('}');
            acts.push(e);
        }
    }
    fields.push(format!("\"activities\":[{}]", acts.join(",")));
    let mut atts = Vec::new();
    for _ in 0..rng.below(9) {
        if let Some(t) = instant(as_of, rng) {
            let mut e = format!(
                "{{\"channel\":\"{}\",\"at\":\"{t}\"",
                rng.pick(&["phone", "email", "linkedin"])
            );
            if rng.chance(40) {
                let _ = write!(e, ",\"automated\":{}", rng.pick(&["true", "false"]));
            }
            e.push('}');
            atts.push(e);
        }
    }
    fields.push(format!("\"attempts\":[{}]", atts.join(",")));
    (format!("{{{}}}", fields.join(",")), as_of)
}
