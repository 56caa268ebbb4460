//! The policy parser on arbitrary bytes (read as UTF-8, invalid sequences
//! replaced): never panics, and every diagnostic renders.
#![no_main]

use accord_syntax::{FileId, SourceMap};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (_, diagnostics) = accord_syntax::parse(FileId(0), &text);
    let mut sources = SourceMap::new();
    sources.add("fuzz.accord", text.into_owned());
    accord_fuzz::render_all(&diagnostics, &sources);
});
