//! Prints the syntax diagnostics of the `.accord` files named on the command
//! line (a quick way to see what a policy author would see):
//! `cargo run -p accord-syntax --example diagnose -- policies/x.accord`.

use accord_syntax::{diagnostic::render, parse, RenderOptions, SourceMap};

fn main() {
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let mut sources = SourceMap::new();
        let file = sources.add(path.clone(), text.clone());
        let (policy, diagnostics) = parse(file, &text);
        println!(
            "{path}: {} definitions, {} diagnostics",
            policy.items.len(),
            diagnostics.len()
        );
        for d in &diagnostics {
            print!(
                "{}",
                render(
                    d,
                    &sources,
                    RenderOptions {
                        color: false,
                        width: 80
                    }
                )
            );
        }
    }
}
