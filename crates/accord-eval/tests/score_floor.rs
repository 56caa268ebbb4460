//! Score floors (issue 11): a flat score is never below 0 unless it says
//! otherwise — `never below N` holds it at N, `may go below 0` lets it go
//! negative. Checked over every bundled lead against the rules' own sum
//! (read with `may go below 0`), and in the explanation.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use accord_eval::{CompiledPolicy, Decision};
use common::*;

const POLICY: &str = "scoring-bant.accord";
const SCORE: &str =
    "score lead_points \"Lead scoring system (explicit, implicit and negative points)\":\n";
/// A heavier penalty, so that some bundled leads fall below -20 too.
const PENALTY: (&str, &str) = (
    "  -15 when status is \"competitor\"\n",
    "  -150 when status is \"competitor\"\n",
);

/// The bundled policy with the heavier penalty and `floor` as the score's
/// last line (none when empty).
fn with_floor(floor: &str) -> CompiledPolicy {
    let seed = std::fs::read_to_string(root().join("policies").join(POLICY)).unwrap();
    assert!(seed.contains(SCORE) && seed.contains(PENALTY.0));
    let text = seed.replace(PENALTY.0, &format!("{}{floor}", PENALTY.1));
    // Opened beside the bundled policy so that its imports resolve.
    let path = root().join("policies").join("score-floor.accord");
    from_text(path.to_str().unwrap(), &text).0
}

fn points(d: &Decision) -> f64 {
    d.scores
        .iter()
        .find(|s| &*s.name == "lead_points")
        .and_then(|s| s.value)
        .unwrap()
}

#[test]
fn a_flat_score_is_held_at_its_floor() {
    let (_, schema) = load(POLICY);
    let default = with_floor("");
    let zero = with_floor("  never below 0\n");
    let minus_20 = with_floor("  never below -20\n");
    let unbounded = with_floor("  may go below 0\n");
    let as_of = t(EXPORT);
    let (mut negative, mut below_20) = (0, 0);
    for lead in leads(&schema, DATA) {
        let sum = points(&unbounded.evaluate(&lead, as_of, false));
        let at_default = points(&default.evaluate(&lead, as_of, false));
        assert_eq!(
            at_default,
            sum.max(0.0),
            "{}: the default floor is 0",
            lead.id
        );
        assert_eq!(
            points(&zero.evaluate(&lead, as_of, false)),
            at_default,
            "{}",
            lead.id
        );
        let d = minus_20.evaluate(&lead, as_of, true);
        assert_eq!(points(&d), sum.max(-20.0), "{}", lead.id);
        if sum < -20.0 {
            below_20 += 1;
            let tree = text(&d);
            assert!(
                tree.contains("clamped at its floor of -20"),
                "{}: the explanation says it was held:\n{tree}",
                lead.id
            );
        }
        negative += usize::from(sum < 0.0);
    }
    assert!(negative > 0 && below_20 > 0, "{negative} {below_20}");
}

/// A floor above 0 holds a decayed score too.
#[test]
fn a_floor_holds_after_decay() {
    let policy = "lead fields identified by lead_id:\n  lead_id is text\n  activities are events:\n    kind is one of \"demo_request\", \"page_view\"\n\nscore warmth \"Warmth\":\n  +50 when there is an activity \"demo_request\"\n  never below 20\n  decays 50% every 7 days without activity\n\nmql \"MQL\" when warmth is at least 25\n";
    let path = root().join("policies").join("score-floor-decay.accord");
    let (p, schema) = from_text(path.to_str().unwrap(), policy);
    let lead = r#"{"lead_id": "L-1", "activities": [{"kind": "demo_request", "at": "2026-10-01T10:00:00Z"}]}"#;
    let lead = accord_records::read_leads(
        &schema,
        lead.as_bytes(),
        accord_records::InputFormat::Ndjson,
        None,
    )
    .next()
    .unwrap()
    .result
    .unwrap();
    // Eight weeks after the last activity: 50 × 0.5^8 < 1, held at 20.
    let d = p.evaluate(&lead, t("2026-11-26T10:00:00Z"), true);
    assert_eq!(d.scores[0].value, Some(20.0));
    assert!(
        text(&d).contains("clamped at its floor of 20"),
        "{}",
        text(&d)
    );
    // One week after: 25, above the floor.
    let d = p.evaluate(&lead, t("2026-10-08T11:00:00Z"), false);
    assert_eq!(d.scores[0].value, Some(25.0));
    assert!(d.mql());
}
