//! Cold check and one-edit re-check of the largest policy in `policies/`
//! and of a generated policy 50 times its size (its definitions copied
//! with renamed names).
//!
//! Run: `cargo bench -p accord-check --bench check`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use accord_check::scale::{edited, scaled};
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
