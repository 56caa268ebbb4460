//! The lead readers against the seed schema: NDJSON, a JSON array, JSON
//! objects one after another, and CSV with an events CSV. The input is
//! split in two (leads, events) at a point it chooses. Never panics, and
//! NDJSON gives exactly one outcome per non-blank line.
#![no_main]

use accord_records::{read_leads, EventsIndex, InputFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let schema = accord_fuzz::seed_schema();
    let format = match selector % 4 {
        0 => InputFormat::Ndjson,
        1 => InputFormat::JsonArray,
        2 => InputFormat::JsonObjects,
        _ => InputFormat::Csv,
    };
    let (leads, events) = if format == InputFormat::Csv {
        // Up to the first NUL byte: the leads; after it: the events file.
        match rest.iter().position(|&b| b == 0) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        }
    } else {
        (rest, None)
    };
    let index = events.map(|e| EventsIndex::from_csv(schema, e).0);
    let handle = index.as_ref().map(EventsIndex::unmatched_handle);
    let outcomes = read_leads(schema, leads, format, index).count();
    if format == InputFormat::Ndjson {
        let lines = leads
            .split(|&b| b == b'\n')
            .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
            .count();
        assert_eq!(outcomes, lines, "one outcome per non-blank NDJSON line");
    }
    let _ = handle;
    // The format sniffer too.
    let _ = InputFormat::sniff(rest);
});
