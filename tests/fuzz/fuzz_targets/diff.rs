//! `accord diff` on two versions of the seed agreement, made one file (its
//! imports inlined): the old as written, the new after up to four edits
//! the input chooses — a line replaced by grammar-aware text, deleted,
//! repeated, two lines swapped, a number in a line changed. When both
//! versions check, the report is built (the changes in words, each
//! region with its witness leads run through both versions), a few
//! bundled leads are compared through both (with explanations, to find
//! the clause behind each flip), and everything is rendered in every
//! format. Never panics.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use accord_diff::leads::LeadImpact;
use accord_diff::report::{EntryImpact, Report};
use accord_diff::version::{Origin, Version};
use accord_fuzz::{text_of, Token};
use accord_records::RecordOutcome;
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Edit {
    Replace(u16, Vec<Token>),
    Delete(u16),
    Repeat(u16),
    Swap(u16, u16),
    /// The `n`-th number of a line made `value`.
    Number(u16, u8, u32),
}

/// The seed agreement with its imports inlined (each file once, in the
/// order they are first imported), and the import lines dropped.
fn base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        [
            include_str!("../../../policies/shared/schema.accord"),
            include_str!("../../../policies/shared/calendars.accord"),
            include_str!("../../../policies/shared/lists.accord"),
            include_str!("../../../policies/shared/mql.accord"),
            include_str!("../../../policies/mql-sql-agreement.accord"),
        ]
        .iter()
        .flat_map(|f| f.lines())
        .filter(|l| !l.starts_with("import "))
        .collect::<Vec<_>>()
        .join("\n")
    })
}

fn load(text: &str, prefix: &str) -> Option<Version> {
    let origin = Origin::Text {
        text: text.to_string(),
        prefix: prefix.to_string(),
    };
    Version::load(Path::new("agreement.accord"), origin).ok()
}

/// The line `n`-th number (a run of digits) of `line` made `value`.
fn with_number(line: &str, n: u8, value: u32) -> String {
    let bytes = line.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    match runs.get(n as usize % runs.len().max(1)) {
        Some(&(a, b)) => format!("{}{value}{}", &line[..a], &line[b..]),
        None => line.to_string(),
    }
}

fuzz_target!(|edits: Vec<Edit>| {
    let base = base();
    let mut lines: Vec<String> = base.lines().map(String::from).collect();
    for edit in edits.iter().take(4) {
        let at = |i: &u16| *i as usize % lines.len().max(1);
        match edit {
            Edit::Replace(i, tokens) => {
                let i = at(i);
                lines[i] = text_of(tokens);
            }
            Edit::Delete(i) => {
                let i = at(i);
                lines.remove(i);
            }
            Edit::Repeat(i) => {
                let i = at(i);
                let line = lines[i].clone();
                lines.insert(i, line);
            }
            Edit::Swap(i, j) => {
                let (i, j) = (at(i), at(j));
                lines.swap(i, j);
            }
            Edit::Number(i, n, value) => {
                let i = at(i);
                lines[i] = with_number(&lines[i], *n, *value);
            }
        }
        if lines.is_empty() {
            return;
        }
    }
    let new_text = lines.join("\n");
    // The old version is the same for every input: loaded once.
    static OLD: OnceLock<Option<Version>> = OnceLock::new();
    let (Some(old), Some(new)) = (OLD.get_or_init(|| load(base, "a")), load(&new_text, "b")) else {
        return;
    };
    let as_of = chrono::DateTime::parse_from_rfc3339("2026-11-30T15:00:00Z")
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    let mut report = Report::new(old, &new, as_of);
    let leads = include_str!("../../../examples/edge-cases/leads.ndjson");
    for (a, b) in accord_diff::paired_entries(old, &new) {
        let rows = |e: &accord_diff::Entry| {
            let lines = leads.lines().filter(|l| !l.trim().is_empty()).take(6);
            let outcomes = lines.enumerate().map(|(i, line)| RecordOutcome {
                record: i + 1,
                line: Some(i + 1),
                result: e.decoder.decode_json(line.as_bytes(), i + 1, Some(i + 1)),
            });
            outcomes
                .map(|o| accord_eval::batch::row_for(&e.compiled, o, as_of, true))
                .collect::<Vec<_>>()
        };
        let leads = LeadImpact::from_rows(rows(a).into_iter(), rows(b).into_iter());
        report.impact.push(EntryImpact {
            policy: b.rel.clone(),
            leads,
            drift: Vec::new(),
        });
    }
    let _ = (report.render_text(), report.render_markdown(), report.render_json());
});
