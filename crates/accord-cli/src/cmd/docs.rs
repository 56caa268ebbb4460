//! `accord docs [TOPIC|CODE]`: prints the language reference and the
//! diagnostic-code pages embedded in the binary (`accord_syntax::docs`),
//! the way `rustc --explain` prints an error code's page.

use super::exit;
use crate::cli::DocsArgs;
use accord_syntax::docs::{self, Found};

pub fn run(args: &DocsArgs) -> u8 {
    let Some(what) = args.what.as_deref() else {
        out!("{}", docs::index());
        return exit::OK;
    };
    if what == "codes" {
        out!("{}", docs::codes_index());
        return exit::OK;
    }
    match docs::lookup(what) {
        Ok(Found::Topic(t)) => print_page(t.text),
        Ok(Found::Code(p)) => print_page(p.text),
        Err(closest) => {
            errln!("error: no topic or diagnostic code is named `{what}`");
            match closest {
                Some(c) => errln!("  help: did you mean `accord docs {c}`?"),
                None => {
                    errln!("  help: `accord docs` lists the topics, `accord docs codes` the codes")
                }
            }
            return exit::USAGE;
        }
    }
    exit::OK
}

/// Prints a page as it is written, except that a fence's notes for
/// Accord's own tests (```` ```accord wrong ````) are left out.
fn print_page(text: &str) {
    for line in text.trim_end().lines() {
        match line.strip_prefix("```") {
            Some(info) if !info.is_empty() => {
                outln!("```{}", info.split_whitespace().next().unwrap_or(""))
            }
            _ => outln!("{line}"),
        }
    }
}
