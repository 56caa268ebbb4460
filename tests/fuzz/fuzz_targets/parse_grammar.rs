//! The policy parser on grammar-aware text: sequences of the grammar's own
//! words, names, numbers, quoted text, line breaks and indentation.
#![no_main]

use accord_fuzz::{text_of, Token};
use accord_syntax::{FileId, SourceMap};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|tokens: Vec<Token>| {
    let text = text_of(&tokens);
    let (_, diagnostics) = accord_syntax::parse(FileId(0), &text);
    let mut sources = SourceMap::new();
    sources.add("fuzz.accord", text);
    accord_fuzz::render_all(&diagnostics, &sources);
});
