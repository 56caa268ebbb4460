//! A decoder shared by threads decodes on each thread's own copy of it: a
//! `one of` choice a lead holds is the same text, but not the same
//! allocation, from thread to thread (so no two threads count references
//! to one text), and one thread reuses its copy.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_records::{FieldValue, Lead, RecordDecoder};
use std::sync::Arc;

/// The `title_level` text (a `one of` field) of a decoded lead.
fn choice(lead: &Lead) -> Arc<str> {
    let slot = common::schema()
        .fields
        .iter()
        .position(|f| f.name == "title_level")
        .unwrap();
    match &lead.values[slot] {
        FieldValue::Text(t) => Arc::clone(t),
        other => panic!("title_level is {other:?}"),
    }
}

#[test]
fn each_thread_decodes_on_its_own_copy() {
    let dec = RecordDecoder::new(&common::schema());
    let text = serde_json::to_vec(&common::valid()).unwrap();
    let here = dec.decode_json(&text, 1, None).unwrap();
    let again = dec.decode_value(&common::valid(), 2, None).unwrap();
    assert!(
        Arc::ptr_eq(&choice(&here), &choice(&again)),
        "one copy a thread"
    );
    let there = std::thread::scope(|s| {
        s.spawn(|| dec.decode_json(&text, 1, None).unwrap())
            .join()
            .unwrap()
    });
    assert_eq!(there, here);
    assert_eq!(&*choice(&there), "VP");
    assert!(
        !Arc::ptr_eq(&choice(&here), &choice(&there)),
        "a copy each thread"
    );

    // A decoder with other limits is another decoder: a new copy.
    let tighter = dec.clone().with_limits(dec.limits());
    let other = tighter.decode_json(&text, 1, None).unwrap();
    assert_eq!(other, here);
    assert!(!Arc::ptr_eq(&choice(&here), &choice(&other)));
    // A clone is the same decoder: the same copy.
    let cloned = dec.clone().decode_json(&text, 1, None).unwrap();
    assert!(Arc::ptr_eq(&choice(&here), &choice(&cloned)));
}
