//! The Parquet reader against the seed schema: the input is a Parquet
//! file's bytes (seeded from small files of the bundled leads and their
//! events). A file that opens gives exactly one outcome per row its
//! footer counts — a lead, its errors, or an error row for a row that
//! could not be read — and the same bytes read as an events table give
//! an index and errors. Never panics (a panic of the Parquet library on
//! damaged bytes is caught by the reader: `accord-arrow`'s `guard.rs`).
#![no_main]

use accord_arrow::{events_index, open_parquet, ArrowLeads};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The reader takes a path: each fuzzing process writes its own file.
    let path = std::env::temp_dir().join(format!("accord-fuzz-{}.parquet", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let (_, decoder) = &accord_fuzz::seed_policies()[0];
    // A few bytes can hold millions of rows (a run of nulls): such a file
    // is read like any other, but not here, where it would only be slow.
    let Ok(batches) = open_parquet(&path) else {
        return;
    };
    let rows = batches.rows();
    if rows > 100_000 {
        return;
    }
    let outcomes = ArrowLeads::new(decoder.clone(), batches, None).count();
    assert_eq!(outcomes, rows, "one outcome per row of the file");
    if let Ok(batches) = open_parquet(&path) {
        let _ = events_index(decoder, batches);
    }
});
