//! Damaged policies never make the parser panic, and every span it hands
//! out (diagnostics and the items it still read) lies inside the file, on
//! character boundaries. The inputs are language.md's example and every file
//! in `policies/`, damaged deterministically: random lines deleted, adjacent
//! words swapped, and the text cut off at every 37th byte.

use accord_syntax::{parse, FileId};
use std::path::{Path, PathBuf};

/// A tiny deterministic generator (64-bit LCG); no dependency, same damage
/// on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn inputs() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "accord") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("tests/fixtures/language-example.accord")];
    walk(&root.join("../../policies"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p.display().to_string(), text))
        })
        .collect()
}

/// Parses `text` and checks every span; `what` names the damage.
fn check(text: &str, what: &str) {
    let (policy, diagnostics) = parse(FileId(3), text);
    let inside = |s: accord_syntax::Span, kind: &str| {
        let (a, b) = (s.start as usize, s.end as usize);
        assert!(
            a <= b && b <= text.len(),
            "{what}: {kind} span {a}..{b} outside the file ({} bytes)",
            text.len()
        );
        assert!(
            text.is_char_boundary(a) && text.is_char_boundary(b),
            "{what}: {kind} span {a}..{b} splits a character"
        );
        assert_eq!(s.file, FileId(3), "{what}: {kind} span in another file");
    };
    for d in &diagnostics {
        inside(d.span, "diagnostic");
        assert_ne!(
            d.code, "accord::syntax::unreadable",
            "{what}: a definition parsed but could not be lowered"
        );
        for text in [d.message.as_str(), d.label.as_str()] {
            let internal = text
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|w| w.starts_with("kw_") || w.ends_with("_line") || w == "EOI");
            assert!(!internal, "{what}: a grammar name in {text:?}");
        }
        for r in &d.related {
            inside(r.span, "related");
        }
    }
    for item in &policy.items {
        inside(item.span(), "item");
    }
    for c in &policy.comments {
        inside(c.span, "comment");
    }
}

fn lines_of(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

#[test]
fn deleting_lines_never_panics() {
    let mut rng = Lcg(0x5eed_0001);
    for (name, text) in inputs() {
        let lines = lines_of(&text);
        for round in 0..25 {
            let mut kept = lines.clone();
            for _ in 0..1 + rng.below(3) {
                if !kept.is_empty() {
                    let at = rng.below(kept.len());
                    kept.remove(at);
                }
            }
            let damaged: String = kept.concat();
            check(&damaged, &format!("{name}, lines deleted (round {round})"));
        }
    }
}

#[test]
fn swapping_adjacent_words_never_panics() {
    let mut rng = Lcg(0x5eed_0002);
    for (name, text) in inputs() {
        // Byte ranges of the words (runs of non-whitespace).
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    words.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push((s, text.len()));
        }
        if words.len() < 2 {
            continue;
        }
        for round in 0..40 {
            let i = rng.below(words.len() - 1);
            let ((a0, a1), (b0, b1)) = (words[i], words[i + 1]);
            let damaged = format!(
                "{}{}{}{}{}",
                &text[..a0],
                &text[b0..b1],
                &text[a1..b0],
                &text[a0..a1],
                &text[b1..]
            );
            check(
                &damaged,
                &format!("{name}, words {i} and {} swapped (round {round})", i + 1),
            );
        }
    }
}

/// Cuts every input whose index satisfies `pick` at every 37th byte (two
/// tests share the inputs so that both cores work on them).
fn truncate_inputs(pick: impl Fn(usize) -> bool) {
    for (i, (name, text)) in inputs().into_iter().enumerate() {
        if !pick(i) {
            continue;
        }
        let mut cut = 0usize;
        while cut < text.len() {
            let mut at = cut;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            check(&text[..at], &format!("{name}, cut at byte {at}"));
            cut += 37;
        }
    }
}

#[test]
fn truncating_never_panics_even_inputs() {
    truncate_inputs(|i| i % 2 == 0);
}

#[test]
fn truncating_never_panics_odd_inputs() {
    truncate_inputs(|i| i % 2 == 1);
}

#[test]
fn odd_inputs_never_panic() {
    let long_line = format!("fit x:\n  y is {}\n", "(".repeat(5000));
    let deep = format!("mql \"x\" when {}y{}\n", "(".repeat(300), ")".repeat(300));
    let many_ands = format!("fit x:\n  {}\n", vec!["y is 1"; 2000].join(" and "));
    for text in [
        "",
        "\n",
        "#",
        "\"",
        "fit",
        "fit:",
        "  \t  ",
        "é",
        "fit é:\n  ü is \"ö\n",
        "\u{feff}fit icp:\n  a is 1\n",
        "fit icp:\r\n  x is 1\r\n",
        "\t\tfit\t",
        "sla a:\n  from b to the 99999999999999999999th attempt\n  within 1e9 hours\n",
        "tiers:\n  tier 99999999999 when y\n",
        long_line.as_str(),
        deep.as_str(),
        many_ands.as_str(),
    ] {
        check(text, &format!("{text:?}"));
    }
}
