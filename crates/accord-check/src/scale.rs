//! Larger policies made from real ones, for benchmarks: a policy's named
//! definitions copied with renamed names until it is some times its size
//! ([`scaled`]), and a one-definition edit ([`edited`]). Used by the
//! checker's and the language server's benchmarks, so both measure the
//! same text.

use std::collections::HashMap;

use accord_syntax::ast::DEFINITION_KEYWORDS;

use crate::parse::split_chunks;

/// Renames identifiers (outside quotes) found in `names`.
fn rename(text: &str, names: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut word = String::new();
    let mut in_string = false;
    let flush = |word: &mut String, out: &mut String| {
        match names.get(word.as_str()) {
            Some(n) => out.push_str(n),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if !in_string && (c.is_ascii_alphanumeric() || c == '_') {
            word.push(c);
            continue;
        }
        flush(&mut word, &mut out);
        if c == '"' {
            in_string = !in_string;
        } else if c == '\n' {
            in_string = false;
        }
        out.push(c);
    }
    flush(&mut word, &mut out);
    out
}

/// The policy plus renamed copies of its named definitions (and of the
/// comments above them), until it is `factor` times as large.
pub fn scaled(text: &str, factor: usize) -> String {
    let chunks = split_chunks(text);
    let header = |t: &str| -> Option<(String, String)> {
        let mut words = t.split_whitespace();
        let kw = words.next()?.to_string();
        let name = words.next()?.trim_end_matches(':').to_string();
        Some((kw, name))
    };
    let defined: Vec<String> = chunks
        .iter()
        .filter_map(|c| header(&c.text))
        .filter(|(kw, _)| DEFINITION_KEYWORDS.contains(&kw.as_str()))
        .map(|(_, n)| n)
        .collect();
    // Each copied definition keeps the text before it (its comments).
    let mut pieces: Vec<&str> = Vec::new();
    let mut prev_end = 0usize;
    for c in &chunks {
        let start = c.start as usize;
        let end = start + c.text.len();
        if header(&c.text).is_some_and(|(kw, _)| DEFINITION_KEYWORDS.contains(&kw.as_str())) {
            if let Some(p) = text.get(prev_end..end) {
                pieces.push(p);
            }
        }
        prev_end = end;
    }
    let mut out = text.to_string();
    let mut k = 1;
    while out.len() < factor * text.len() && !pieces.is_empty() {
        let names: HashMap<String, String> = defined
            .iter()
            .map(|n| (n.clone(), format!("{n}_{k}")))
            .collect();
        for p in &pieces {
            out.push_str(&rename(p, &names));
        }
        out.push('\n');
        k += 1;
    }
    out
}

/// An edit inside one definition: the first number of the first fit body.
pub fn edited(text: &str, bump: u64) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fit = false;
    let mut done = false;
    for line in text.split_inclusive('\n') {
        if !line.starts_with([' ', '\t']) {
            in_fit = line.starts_with("fit ");
        }
        if in_fit && !done {
            if let Some(i) = line.find(|c: char| c.is_ascii_digit()) {
                let len = line[i..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(line.len() - i);
                let n: u64 = line[i..i + len].parse().unwrap_or(0);
                out.push_str(&line[..i]);
                out.push_str(&(n + bump).to_string());
                out.push_str(&line[i + len..]);
                done = true;
                continue;
            }
        }
        out.push_str(line);
    }
    out
}
