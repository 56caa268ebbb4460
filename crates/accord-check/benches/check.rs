//! Cold check and one-edit re-check of the largest policy in `policies/`
//! and of a generated policy 50 times its size (its definitions copied
//! with renamed names).
//!
//! Run: `cargo bench -p accord-check --bench check`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use accord_check::parse::split_chunks;
use accord_check::Workspace;
use criterion::{criterion_group, criterion_main, Criterion};

fn policies_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies")
}

fn largest_policy() -> Option<(PathBuf, String)> {
    let mut best: Option<(PathBuf, String)> = None;
    for e in std::fs::read_dir(policies_dir())
        .ok()?
        .filter_map(Result::ok)
    {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "accord") {
            let text = std::fs::read_to_string(&p).ok()?;
            if best.as_ref().is_none_or(|(_, t)| text.len() > t.len()) {
                best = Some((p, text));
            }
        }
    }
    best
}

const RENAMED: &[&str] = &[
    "fit",
    "score",
    "trigger",
    "exclusion",
    "sla",
    "metric",
    "breach",
    "drift",
    "list",
    "calendar",
];

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
fn scaled(text: &str, factor: usize) -> String {
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
        .filter(|(kw, _)| RENAMED.contains(&kw.as_str()))
        .map(|(_, n)| n)
        .collect();
    // Each copied definition keeps the text before it (its comments).
    let mut pieces: Vec<&str> = Vec::new();
    let mut prev_end = 0usize;
    for c in &chunks {
        let start = c.start as usize;
        let end = start + c.text.len();
        if header(&c.text).is_some_and(|(kw, _)| RENAMED.contains(&kw.as_str())) {
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
fn edited(text: &str, bump: u64) -> String {
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

fn workspace(path: &Path, text: &str) -> Workspace {
    let entry = path.to_string_lossy().to_string();
    let text = text.to_string();
    let files: HashMap<String, String> = HashMap::from([(entry, text)]);
    Workspace::with_reader(move |p| match files.get(&p.to_string_lossy().to_string()) {
        Some(t) => Ok(t.clone()),
        None => std::fs::read_to_string(p),
    })
}

fn time<R>(f: impl FnOnce() -> R) -> Duration {
    let t = Instant::now();
    std::hint::black_box(f());
    t.elapsed()
}

fn bench(c: &mut Criterion) {
    let Some((path, text)) = largest_policy() else {
        return;
    };
    let big = scaled(&text, 50);
    let mut ratios = Vec::new();
    for (label, text) in [("largest", text.clone()), ("x50", big)] {
        let entry = path.with_file_name(format!("bench-{label}.accord"));
        c.bench_function(&format!("cold/{label}"), |b| {
            b.iter(|| {
                let mut ws = workspace(&entry, &text);
                let id = ws.load(&entry).ok();
                id.map(|id| ws.diagnostics(id).len())
            })
        });
        let mut ws = workspace(&entry, &text);
        let Ok(id) = ws.load(&entry) else { continue };
        ws.diagnostics(id);
        let mut bump = 0;
        c.bench_function(&format!("edit/{label}"), |b| {
            b.iter(|| {
                bump += 1;
                ws.set_text(&entry, edited(&text, bump));
                ws.diagnostics(id).len()
            })
        });
        // One plain measurement of each, for the ratio.
        let cold = time(|| {
            let mut ws = workspace(&entry, &text);
            ws.load(&entry).ok().map(|id| ws.diagnostics(id).len())
        });
        bump += 1;
        let one_edit = time(|| {
            ws.set_text(&entry, edited(&text, bump));
            ws.diagnostics(id).len()
        });
        ratios.push(format!(
            "{label}: {} bytes, cold {:?}, one edit {:?}, ratio {:.3}",
            text.len(),
            cold,
            one_edit,
            one_edit.as_secs_f64() / cold.as_secs_f64()
        ));
    }
    for r in ratios {
        println!("{r}");
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_millis(500));
    targets = bench
}
criterion_main!(benches);
