//! Times the phases of one re-check after an edit (a profiling aid):
//! `ROUNDS=3 cargo run --release -p accord-check --example phases -- FILE [FACTOR]`.
//! FACTOR concatenates the file (names repeat, so expect duplicate-name
//! errors); `benches/check.rs` builds a clean scaled policy instead.
//! "set" is `set_text`, which also re-splits the file and looks for new
//! imports, so it includes `file_defs` and the per-definition hand-off.

use std::path::Path;
use std::time::Instant;

use accord_check::check::check_all;
use accord_check::db::Reported;
use accord_check::parse::file_defs;
use accord_check::resolve::{policy_definitions, symbols};
use accord_check::Workspace;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else { return };
    let factor: usize = args.get(2).and_then(|f| f.parse().ok()).unwrap_or(1);
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let mut big = text.clone();
    for _ in 1..factor {
        big.push_str(&text);
    }
    let t = Instant::now();
    let mut ws = Workspace::new();
    let Ok(id) = ws.load(Path::new(path)) else {
        return;
    };
    ws.set_text(Path::new(path), big.clone());
    let n = ws.diagnostics(id).len();
    println!(
        "cold: {:?} ({n} diagnostics, {} bytes)",
        t.elapsed(),
        big.len()
    );
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    for round in 0..rounds {
        let edited = big.replacen(
            "between 20 and 500",
            &format!("between 20 and {}", 501 + round),
            1,
        );
        let t = Instant::now();
        let n_chunks = accord_check::parse::split_chunks(&edited).len();
        println!("split_chunks: {:?} ({n_chunks} chunks)", t.elapsed());
        let t = Instant::now();
        ws.set_text(Path::new(path), edited);
        let t_set = t.elapsed();
        let db = ws.db();
        let file = id.entry();
        let t = Instant::now();
        file_defs(db, file);
        let t_defs = t.elapsed();
        let t = Instant::now();
        policy_definitions(db, file);
        let t_pdefs = t.elapsed();
        let t = Instant::now();
        symbols(db, file);
        let t_syms = t.elapsed();
        let t = Instant::now();
        check_all(db, file);
        let t_all = t.elapsed();
        let t = Instant::now();
        let acc = check_all::accumulated::<Reported>(db, file).len();
        let t_acc = t.elapsed();
        let t = Instant::now();
        ws.diagnostics(id);
        let t_diag = t.elapsed();
        println!(
            "edit: set {t_set:?} file_defs {t_defs:?} policy_defs {t_pdefs:?} symbols {t_syms:?} check_all {t_all:?} accumulated {t_acc:?} ({acc}) diagnostics(again) {t_diag:?}"
        );
    }
}
