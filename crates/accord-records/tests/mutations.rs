//! Randomly damaged records (a tiny deterministic fuzzer, no extra crates):
//! decoding never panics, always gives one result with errors naming the
//! record, and whenever the damaged text is still JSON, the text path, the
//! `Value` path (a direct walk) and the serde walk of the same `Value`
//! agree.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use accord_records::{read_leads, InputFormat, RecordDecoder};
use common::{schema, valid, with_zone};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SNIPPETS: &[&str] = &[
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "true",
    "\"12%\"",
    "-1e3",
    "\"2026-11-18T10:00:00\"",
    "\"x\"",
    "\\",
    "\"kind\":\"tweet\"",
    "\"at\":null",
    "\u{e9}",
    "\n",
];

fn mutate(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(3) {
            0 if !bytes.is_empty() => {
                let end = (at + 1 + rng.below(8)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            _ => {
                let s = SNIPPETS[rng.below(SNIPPETS.len())];
                bytes.splice(at..at, s.bytes());
            }
        }
    }
    bytes
}

#[test]
fn damaged_records_never_panic_and_paths_agree() {
    let base = serde_json::to_string(&valid()).unwrap();
    let mut rng = Rng(2026);
    let mut still_json = 0;
    for schema in [schema(), with_zone("America/New_York")] {
        let dec = RecordDecoder::new(&schema);
        for i in 0..3000 {
            let text = mutate(&mut rng, &base);
            let from_text = dec.decode_json(&text, i, Some(i));
            if let Err(errors) = &from_text {
                assert!(!errors.is_empty());
                assert!(errors.iter().all(|e| e.record == i && e.line == Some(i)));
            }
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&text) {
                still_json += 1;
                let from_value = dec.decode_value(&value, i, Some(i));
                assert_eq!(from_value, from_text, "{}", String::from_utf8_lossy(&text));
                // The direct walk of the `Value` and the serde walk of it.
                assert_eq!(
                    dec.decode_from(&value, i, Some(i)),
                    from_value,
                    "{}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
    }
    assert!(
        still_json > 300,
        "the mutations should often keep valid JSON ({still_json})"
    );
}

#[test]
fn damaged_files_give_one_outcome_per_line() {
    let base = serde_json::to_string(&valid()).unwrap();
    let mut rng = Rng(7);
    let mut text = Vec::new();
    let n = 500;
    for _ in 0..n {
        let line: Vec<u8> = mutate(&mut rng, &base)
            .into_iter()
            .filter(|&b| b != b'\n')
            .collect();
        if line.iter().all(u8::is_ascii_whitespace) {
            text.extend_from_slice(b"{}");
        } else {
            text.extend_from_slice(&line);
        }
        text.push(b'\n');
    }
    let outcomes: Vec<_> =
        read_leads(&schema(), text.as_slice(), InputFormat::Ndjson, None).collect();
    common::assert_one_per_record(&outcomes, n);
    // The same records as a JSON array: never more outcomes than elements
    // (a broken element may swallow the rest, which is then one error).
    let mut array = b"[".to_vec();
    for (i, line) in text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        if i > 0 {
            array.extend_from_slice(b",\n");
        }
        array.extend_from_slice(line);
    }
    array.extend_from_slice(b"]");
    let outcomes: Vec<_> =
        read_leads(&schema(), array.as_slice(), InputFormat::JsonArray, None).collect();
    assert!(!outcomes.is_empty());
    for (i, o) in outcomes.iter().enumerate() {
        assert_eq!(o.record, i + 1);
    }
}
