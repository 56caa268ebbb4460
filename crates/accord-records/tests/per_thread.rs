//! A decoder shared by threads decodes on each thread's own copy of it: a
//! `one of` choice too long to be held in place is the same text, but not
//! the same allocation, from thread to thread (so no two threads count
//! references to one text), and one thread reuses its copy. A short choice
//! is held in place: no allocation to share at all.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_records::{FieldType, FieldValue, Lead, LeadText, RecordDecoder, Schema};

/// A choice longer than a lead holds in place.
const LONG: &str = "Vice President of Revenue Operations, EMEA";

/// The test schema with `LONG` among `title_level`'s choices.
fn schema() -> Schema {
    let mut schema = common::schema();
    let field = schema
        .fields
        .iter_mut()
        .find(|f| f.name == "title_level")
        .unwrap();
    field.ty = FieldType::OneOf(vec!["VP".into(), LONG.into()]);
    schema
}

/// A valid record whose `title_level` is `level`.
fn record(level: &str) -> serde_json::Value {
    let mut v = common::valid();
    v["title_level"] = level.into();
    v
}

/// The `title_level` text (a `one of` field) of a decoded lead.
fn choice(lead: &Lead) -> LeadText {
    let slot = schema()
        .fields
        .iter()
        .position(|f| f.name == "title_level")
        .unwrap();
    match &lead.values[slot] {
        FieldValue::Text(t) => t.clone(),
        other => panic!("title_level is {other:?}"),
    }
}

/// Whether two long texts are one allocation.
fn same_allocation(a: &LeadText, b: &LeadText) -> bool {
    assert!(a.is_heap_allocated() && b.is_heap_allocated());
    std::ptr::eq(a.as_str().as_ptr(), b.as_str().as_ptr())
}

#[test]
fn a_short_choice_is_held_in_place() {
    let dec = RecordDecoder::new(&schema());
    let lead = dec.decode_value(&record("VP"), 1, None).unwrap();
    assert_eq!(choice(&lead), "VP");
    assert!(!choice(&lead).is_heap_allocated());
}

#[test]
fn each_thread_decodes_on_its_own_copy() {
    let dec = RecordDecoder::new(&schema());
    let text = serde_json::to_vec(&record(LONG)).unwrap();
    let here = dec.decode_json(&text, 1, None).unwrap();
    let again = dec.decode_value(&record(LONG), 2, None).unwrap();
    assert!(
        same_allocation(&choice(&here), &choice(&again)),
        "one copy a thread"
    );
    let there = std::thread::scope(|s| {
        s.spawn(|| dec.decode_json(&text, 1, None).unwrap())
            .join()
            .unwrap()
    });
    assert_eq!(there, here);
    assert_eq!(choice(&there), LONG);
    assert!(
        !same_allocation(&choice(&here), &choice(&there)),
        "a copy each thread"
    );

    // A decoder with other limits is another decoder: a new copy.
    let tighter = dec.clone().with_limits(dec.limits());
    let other = tighter.decode_json(&text, 1, None).unwrap();
    assert_eq!(other, here);
    assert!(!same_allocation(&choice(&here), &choice(&other)));
    // A clone is the same decoder: the same copy.
    let cloned = dec.clone().decode_json(&text, 1, None).unwrap();
    assert!(same_allocation(&choice(&here), &choice(&cloned)));
}
