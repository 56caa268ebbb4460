//! Every field type, valid and invalid, through every JSON path (from text,
//! and from a `serde_json::Value` walked directly and through serde), which
//! must agree.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_records::{lead_from_json, FieldValue, Lead, RecordDecoder, RecordError};
use common::{fields_of, one_error, schema, valid, with_zone};
use serde_json::{json, Value};

/// Decodes `v` as record 7 (line 9) from a Value and from its text, checks
/// both agree, and returns the result.
fn both(schema: &accord_records::Schema, v: &Value) -> Result<Lead, Vec<RecordError>> {
    let dec = RecordDecoder::new(schema);
    let from_value = dec.decode_value(v, 7, Some(9));
    let text = serde_json::to_vec(v).unwrap();
    let from_text = dec.decode_json(&text, 7, Some(9));
    assert_eq!(
        from_value, from_text,
        "Value and text paths disagree on {v}"
    );
    assert_eq!(lead_from_json(schema, v, 7, Some(9)), from_value);
    assert_eq!(
        dec.decode_from(v, 7, Some(9)),
        from_value,
        "the direct walk and the serde walk of a Value disagree on {v}"
    );
    from_value
}

fn with(field: &str, value: Value) -> Value {
    let mut v = valid();
    v[field] = value;
    v
}

fn without(field: &str) -> Value {
    let mut v = valid();
    v.as_object_mut().unwrap().remove(field);
    v
}

fn ok(v: &Value) -> Lead {
    match both(&schema(), v) {
        Ok(lead) => lead,
        Err(e) => panic!("expected a lead, got {e:#?}"),
    }
}

/// Decodes, expects exactly one error, checks its record/line/id/field/expected.
fn bad(v: &Value, field: &str, expected: &str) -> RecordError {
    let result = both(&schema(), v);
    let e = one_error(&result).clone();
    assert_eq!(e.record, 7);
    assert_eq!(e.line, Some(9));
    assert_eq!(e.lead_id.as_deref(), Some("L-1"));
    assert_eq!(e.field.as_deref(), Some(field));
    assert_eq!(e.expected, expected);
    assert!(
        e.message.starts_with(field),
        "message names the field: {}",
        e.message
    );
    e
}

fn slot(name: &str) -> usize {
    schema().slot(name).unwrap()
}

#[test]
fn a_valid_record_reads_every_type() {
    let lead = ok(&valid());
    assert_eq!(lead.id.as_str(), "L-1");
    assert_eq!(lead.record, 7);
    let v = |name: &str| lead.values[slot(name)].clone();
    assert_eq!(v("employees"), FieldValue::Number(120.0));
    assert_eq!(v("discount"), FieldValue::Number(12.0));
    assert_eq!(v("industry").as_text(), Some("SaaS"));
    assert_eq!(v("phone_verified"), FieldValue::YesNo(true));
    assert_eq!(v("title_level").as_text(), Some("VP"));
    assert_eq!(v("signup_date").to_string(), "2026-10-01");
    assert_eq!(v("routed_at").to_string(), "2026-11-18T16:00:00Z");
    assert_eq!(v("disposition_at"), FieldValue::Missing);
    assert_eq!(
        v("time_zone"),
        FieldValue::Zone(chrono_tz::America::Chicago)
    );
    assert_eq!(v("tags").to_string(), "[\"a\", \"b\"]");
    assert_eq!(v("scores").to_string(), "[1, 2.5]");
    assert_eq!(
        v("activities"),
        FieldValue::Missing,
        "stream slots hold Missing"
    );
    // Events sorted by `at`; kinds as indices; fields by index.
    let acts = &lead.streams[0];
    assert_eq!(acts.len(), 2);
    assert_eq!(acts[0].kind, 0, "website_visit (earlier) first");
    assert_eq!(acts[1].kind, 1);
    assert_eq!(acts[1].fields[0].as_text(), Some("pricing"));
    assert_eq!(acts[0].fields[0], FieldValue::Missing);
    assert_eq!(
        lead.streams[1][0].fields,
        vec![FieldValue::Text("voicemail".into()), FieldValue::Missing]
    );
}

#[test]
fn numbers() {
    assert_eq!(
        ok(&with("employees", json!(-3.5))).values[slot("employees")],
        FieldValue::Number(-3.5)
    );
    let e = bad(&with("employees", json!("120")), "employees", "a number");
    assert_eq!(e.found, "\"120\"");
    assert!(
        e.message.contains("in JSON write it without quotes"),
        "{}",
        e.message
    );
    // Text that is no number: no hint (removing quotes would not help).
    let e = bad(&with("employees", json!("many")), "employees", "a number");
    assert_eq!(e.message, "employees should be a number, but is \"many\"");
    assert_eq!(
        bad(&with("employees", json!(true)), "employees", "a number").found,
        "true"
    );
    assert_eq!(
        bad(&with("employees", json!([1])), "employees", "a number").found,
        "a list"
    );
    assert_eq!(
        bad(&with("employees", json!({"n": 1})), "employees", "a number").found,
        "an object"
    );
}

#[test]
fn percentages() {
    for (v, n) in [
        (json!(12), 12.0),
        (json!(12.5), 12.5),
        (json!("12%"), 12.0),
        (json!(" 7.5 %"), 7.5),
        (json!(0), 0.0),
        (json!(100), 100.0),
    ] {
        assert_eq!(
            ok(&with("discount", v)).values[slot("discount")],
            FieldValue::Number(n)
        );
    }
    fn bad(v: &Value) -> RecordError {
        let result = both(&schema(), v);
        let e = one_error(&result).clone();
        assert_eq!(e.field.as_deref(), Some("discount"));
        assert_eq!(e.expected, "a percentage (0–100, e.g. 12 or \"12%\")");
        e
    }
    assert_eq!(bad(&with("discount", json!(150))).found, "150");
    assert_eq!(bad(&with("discount", json!(-1))).found, "-1");
    assert_eq!(bad(&with("discount", json!("120%"))).found, "\"120%\"");
    assert!(bad(&with("discount", json!("12")))
        .message
        .contains("\"12%\""));
    bad(&with("discount", json!("abc%")));
    bad(&with("discount", json!(false)));
}

#[test]
fn text() {
    assert_eq!(
        ok(&with("industry", json!(""))).values[slot("industry")].as_text(),
        Some("")
    );
    assert_eq!(
        bad(&with("industry", json!(42)), "industry", "text").found,
        "42"
    );
    let long = "x".repeat(500);
    let e = bad(&with("industry", json!([long])), "industry", "text");
    assert_eq!(e.found, "a list");
}

#[test]
fn yes_no_is_a_json_boolean() {
    assert_eq!(
        ok(&with("phone_verified", json!(false))).values[slot("phone_verified")],
        FieldValue::YesNo(false)
    );
    for wrong in [json!("yes"), json!("true"), json!(1)] {
        let e = bad(
            &with("phone_verified", wrong),
            "phone_verified",
            "yes/no (true or false)",
        );
        assert!(e.message.contains("true or false"), "{}", e.message);
    }
    // Yes/no as text gets the hint; other text does not.
    let e = bad(
        &with("phone_verified", json!("Yes")),
        "phone_verified",
        "yes/no (true or false)",
    );
    assert!(
        e.message
            .contains("in JSON write true or false without quotes"),
        "{}",
        e.message
    );
    let e = bad(
        &with("phone_verified", json!("maybe")),
        "phone_verified",
        "yes/no (true or false)",
    );
    assert_eq!(
        e.message,
        "phone_verified should be yes/no (true or false), but is \"maybe\""
    );
}

#[test]
fn one_of_lists_the_choices() {
    let e = bad(
        &with("title_level", json!("CEO")),
        "title_level",
        "one of \"VP\", \"Director\", \"Manager\"",
    );
    assert_eq!(e.found, "\"CEO\"");
    let e = bad(
        &with("title_level", json!("vp")),
        "title_level",
        "one of \"VP\", \"Director\", \"Manager\"",
    );
    assert!(e.message.contains("did you mean \"VP\""), "{}", e.message);
}

#[test]
fn emails() {
    ok(&with("email", json!("j.doe+x@mail.acme.co.uk")));
    for wrong in [
        "jane@acme",
        "jane.acme.com",
        "a@b@c.com",
        "@acme.com",
        "jane@acme.com.",
    ] {
        let e = bad(&with("email", json!(wrong)), "email", "an email address");
        assert!(e.message.contains("@"), "{}", e.message);
    }
}

#[test]
fn dates() {
    ok(&with("signup_date", json!("2024-02-29")));
    for wrong in [
        "2026-13-01",
        "2026-02-30",
        "10/01/2026",
        "2026-10-01T00:00:00Z",
        "2026-1-1",
    ] {
        bad(
            &with("signup_date", json!(wrong)),
            "signup_date",
            "a date (YYYY-MM-DD)",
        );
    }
}

#[test]
fn timestamps() {
    let expected = "a timestamp (RFC 3339, e.g. 2026-11-18T10:00:00-06:00)";
    let lead = ok(&with("routed_at", json!("2026-11-18T10:00:00.250+05:30")));
    assert_eq!(
        lead.values[slot("routed_at")]
            .as_timestamp()
            .unwrap()
            .to_rfc3339(),
        "2026-11-18T04:30:00.250+00:00"
    );
    for wrong in [
        "yesterday",
        "2026-11-18",
        "2026-11-18T25:00:00Z",
        "18/11/2026 10:00",
    ] {
        bad(&with("routed_at", json!(wrong)), "routed_at", expected);
    }
    bad(&with("routed_at", json!(1763478000)), "routed_at", expected);
}

#[test]
fn naive_timestamp_needs_a_default_zone() {
    let v = with("routed_at", json!("2026-11-18T10:00:00"));
    let e = bad(
        &v,
        "routed_at",
        "a timestamp (RFC 3339, e.g. 2026-11-18T10:00:00-06:00)",
    );
    assert!(e.message.contains("no UTC offset"), "{}", e.message);
    assert!(e.message.contains("default time zone"), "{}", e.message);
    // With `default time zone "America/Chicago"`: 10:00 CST = 16:00 UTC.
    let lead = both(&with_zone("America/Chicago"), &v).unwrap();
    assert_eq!(
        lead.values[slot("routed_at")].to_string(),
        "2026-11-18T16:00:00Z"
    );
    // Before the US DST end the same wall time is CDT (UTC-5).
    let v = with("routed_at", json!("2026-10-30 10:00"));
    let lead = both(&with_zone("America/Chicago"), &v).unwrap();
    assert_eq!(
        lead.values[slot("routed_at")].to_string(),
        "2026-10-30T15:00:00Z"
    );
}

#[test]
fn time_zones() {
    ok(&with("time_zone", json!("Asia/Kolkata")));
    ok(&with("time_zone", json!("UTC")));
    let e = bad(
        &with("time_zone", json!("Mars/Olympus_Mons")),
        "time_zone",
        "an IANA time zone (e.g. America/Chicago)",
    );
    assert!(e.message.contains("IANA"), "{}", e.message);
    bad(
        &with("time_zone", json!("america/chicago")),
        "time_zone",
        "an IANA time zone (e.g. America/Chicago)",
    );
}

#[test]
fn lists() {
    assert_eq!(
        ok(&with("tags", json!([]))).values[slot("tags")],
        FieldValue::List(vec![])
    );
    bad(&with("tags", json!("a")), "tags", "a list of text");
    let e = bad(&with("scores", json!([1, "x", 3])), "scores[1]", "a number");
    assert_eq!(e.found, "\"x\"");
    let e = bad(&with("scores", json!([null])), "scores[0]", "a number");
    assert_eq!(e.found, "null");
}

#[test]
fn missing_and_null() {
    // Absent or null optional → Missing.
    assert_eq!(
        ok(&without("industry")).values[slot("industry")],
        FieldValue::Missing
    );
    assert_eq!(
        ok(&with("industry", Value::Null)).values[slot("industry")],
        FieldValue::Missing
    );
    // Absent or null required → error.
    let e = bad(&without("employees"), "employees", "a number");
    assert_eq!(e.found, "nothing");
    assert_eq!(e.message, "employees is required but missing");
    let e = bad(&with("employees", Value::Null), "employees", "a number");
    assert_eq!(e.found, "null");
    assert_eq!(e.message, "employees is required but is null");
    // Streams absent or null = no events.
    assert!(ok(&without("activities")).streams[0].is_empty());
    assert!(ok(&with("attempts", Value::Null)).streams[1].is_empty());
}

#[test]
fn unknown_fields_are_ignored() {
    let mut v = valid();
    v["hubspot_owner"] = json!({"id": 5, "deep": [[1], {"x": null}]});
    v["activities"][0]["utm"] = json!("spring");
    assert_eq!(ok(&v), ok(&valid()));
}

#[test]
fn every_error_of_a_record_in_schema_order() {
    let mut v = valid();
    v["time_zone"] = json!("Nowhere/Land");
    v["employees"] = json!("many");
    v.as_object_mut().unwrap().remove("email");
    v["activities"][1]["kind"] = json!("tweet");
    let errors = both(&schema(), &v).unwrap_err();
    assert_eq!(
        fields_of(&errors),
        vec!["email", "employees", "time_zone", "activities[1].kind"]
    );
    assert!(errors
        .iter()
        .all(|e| e.lead_id.as_deref() == Some("L-1") && e.record == 7));
}

#[test]
fn events() {
    // Unknown kind lists the allowed kinds.
    let mut v = valid();
    v["activities"][0]["kind"] = json!("tweet");
    let e = bad(
        &v,
        "activities[0].kind",
        "one of \"website_visit\", \"page_view\", \"demo_request\"",
    );
    assert_eq!(e.found, "\"tweet\"");
    // Missing `at`, bad `at`, missing kind.
    let mut v = valid();
    v["activities"][1].as_object_mut().unwrap().remove("at");
    assert_eq!(
        bad(
            &v,
            "activities[1].at",
            "a timestamp (RFC 3339, e.g. 2026-11-18T10:00:00-06:00)"
        )
        .found,
        "nothing"
    );
    let mut v = valid();
    v["attempts"][0]["at"] = json!("soon");
    bad(
        &v,
        "attempts[0].at",
        "a timestamp (RFC 3339, e.g. 2026-11-18T10:00:00-06:00)",
    );
    let mut v = valid();
    v["attempts"][0].as_object_mut().unwrap().remove("channel");
    bad(&v, "attempts[0].channel", "one of \"phone\", \"email\"");
    // `kind` is accepted for a stream whose kind field is `channel`.
    let mut v = valid();
    v["attempts"] = json!([{"kind": "email", "at": "2026-11-19T00:00:00Z", "minutes": 3}]);
    let lead = ok(&v);
    assert_eq!(lead.streams[1][0].kind, 1);
    assert_eq!(lead.streams[1][0].fields[1], FieldValue::Number(3.0));
    // Ill-typed event field; event that is not an object; stream that is not a list.
    let mut v = valid();
    v["attempts"][0]["minutes"] = json!("three");
    bad(&v, "attempts[0].minutes", "a number");
    let mut v = valid();
    v["activities"][1] = json!("website_visit");
    assert_eq!(
        bad(
            &v,
            "activities[1]",
            "an event (a JSON object with kind and at)"
        )
        .found,
        "\"website_visit\""
    );
    bad(
        &with("activities", json!("none")),
        "activities",
        "a list of events (JSON objects)",
    );
}

#[test]
fn the_lead_id_names_errors_even_when_written_last() {
    let dec = RecordDecoder::new(&schema());
    let text = br#"{"email":"x","lead_id":"L-77"}"#;
    let errors = dec.decode_json(text, 3, Some(4)).unwrap_err();
    assert!(errors.iter().all(|e| e.lead_id.as_deref() == Some("L-77")));
    assert_eq!(errors[0].field.as_deref(), Some("email"));
    // An ill-typed id is still used to name the record.
    let errors = dec
        .decode_json(br#"{"lead_id": 1042}"#, 3, None)
        .unwrap_err();
    assert_eq!(errors[0].lead_id.as_deref(), Some("1042"));
    assert_eq!(errors[0].field.as_deref(), Some("lead_id"));
}

#[test]
fn without_an_id_field_a_lead_is_named_by_its_record() {
    let mut s = schema();
    s.id_field = None;
    assert_eq!(both(&s, &valid()).unwrap().id.as_str(), "#7");
    let errors = both(&s, &with("employees", json!("x"))).unwrap_err();
    assert_eq!(errors[0].lead_id, None);
}

#[test]
fn not_an_object_and_not_json() {
    let dec = RecordDecoder::new(&schema());
    let e = dec.decode_json(b"[1, 2]", 2, Some(2)).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].field, None);
    assert!(
        e[0].message.contains("must be a JSON object"),
        "{}",
        e[0].message
    );
    let e = dec
        .decode_json(br#"{"lead_id": "L-5", "employees": 12,, }"#, 2, Some(2))
        .unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].lead_id.as_deref(), Some("L-5"));
    assert!(
        e[0].message.starts_with("not valid JSON: "),
        "{}",
        e[0].message
    );
    let e = dec
        .decode_json(br#"{"lead_id": "L-5"} {"#, 2, Some(2))
        .unwrap_err();
    assert!(
        e[0].message.starts_with("not valid JSON: trailing"),
        "{}",
        e[0].message
    );
    // A line cut off inside a string, as read with its line end: the
    // message is about the record, not the line end.
    let e = dec
        .decode_json(b"{\"lead_id\": \"L-5\", \"email\": \"a@b\r\n", 2, Some(2))
        .unwrap_err();
    assert_eq!(
        e[0].message,
        "not valid JSON: EOF while parsing a string, at column 32"
    );
    // ... nor does it name the field it stops in.
    assert_eq!(e[0].field, None);
    // A number too large for any field: the error names its field.
    let e = dec
        .decode_json(
            br#"{"lead_id": "L-5", "employees": 1e400, "title_level": "VP"}"#,
            2,
            Some(2),
        )
        .unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(
        (e[0].lead_id.as_deref(), e[0].field.as_deref()),
        (Some("L-5"), Some("employees"))
    );
    assert_eq!(
        e[0].message,
        "not valid JSON: number out of range, at column 37"
    );
    // Records on one "line" ended by lone carriage returns (old Mac line
    // ends): no field, and the line ends are named.
    let e = dec
        .decode_json(
            b"{\"lead_id\": \"L-5\"}\r{\"lead_id\": \"L-6\"}\r",
            1,
            Some(1),
        )
        .unwrap_err();
    assert_eq!(e[0].field, None);
    assert_eq!(
        e[0].message,
        "not valid JSON: trailing characters, at column 20 (its lines end with a lone carriage \
         return, which NDJSON does not take as a line end: save the file with Unix or Windows \
         line ends)"
    );
}

#[test]
fn hand_written_key_order_agrees_with_value() {
    // Keys in a different order than serde_json's sorted map.
    let text = r#"{"time_zone": "Europe/Berlin", "attempts": [{"at": "2026-11-18T17:00:00Z", "channel": "fax"}],
        "title_level": "Intern", "routed_at": "2026-11-18T10:00:00", "phone_verified": "no", "lead_id": "L-9",
        "employees": "12", "email": "bad"}"#;
    let dec = RecordDecoder::new(&schema());
    let from_text = dec.decode_json(text.as_bytes(), 1, Some(1));
    let value: Value = serde_json::from_str(text).unwrap();
    assert_eq!(from_text, dec.decode_value(&value, 1, Some(1)));
    let errors = from_text.unwrap_err();
    assert_eq!(
        fields_of(&errors),
        vec![
            "email",
            "employees",
            "phone_verified",
            "title_level",
            "routed_at",
            "attempts[0].channel"
        ]
    );
}
