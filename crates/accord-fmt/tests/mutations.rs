//! Layout does not matter: every policy in the repository, rewritten with a
//! different layout (other indentation widths, spaces between words, trailing
//! spaces, more blank lines, clauses joined or broken at every place where
//! the language allows it), formats to exactly what the original formats to.
//! Each rewrite first reads the same as the original (else the rewriter is
//! wrong). Deterministic: a fixed generator, the same rewrites every run.

mod common;

use accord_fmt::tokens::{lex, Kind};
use accord_fmt::{breaks, format, meaning};
use accord_syntax::FileId;

/// A tiny deterministic generator (64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }
}

/// `text` laid out at random (see the module docs).
fn relayout(text: &str, rng: &mut Lcg) -> String {
    let (policy, _) = accord_syntax::parse(FileId(0), text);
    let lexed = lex(text);
    let places = breaks::find(&policy, &lexed.tokens);
    let tokens = &lexed.tokens;
    // Line of each token; whether it starts its line.
    let mut line_of = vec![0; tokens.len()];
    for (n, line) in lexed.lines.iter().enumerate() {
        for &t in &line.tokens {
            line_of[t] = n;
        }
    }
    let starts_line = |t: usize| lexed.lines[line_of[t]].tokens.first() == Some(&t);
    let is_code = |t: usize| tokens[t].kind != Kind::Comment;
    let continues = |t: usize| {
        is_code(t)
            && places[t].is_some()
            && !(starts_line(t) && lexed.lines[line_of[t]].indent == 0)
    };
    // Clauses with a comment between their lines keep their line breaks.
    let mut clause = vec![0; tokens.len()];
    let mut pinned = vec![false];
    let mut comment_seen = false;
    for (t, slot) in clause.iter_mut().enumerate() {
        if is_code(t) && starts_line(t) && !continues(t) {
            pinned.push(false);
            comment_seen = false;
        }
        let id = pinned.len() - 1;
        *slot = id;
        if !is_code(t) {
            comment_seen = true;
        } else if comment_seen {
            pinned[id] = true;
        }
    }
    let scale = 1 + rng.below(3);
    let mut out = String::new();
    for t in 0..tokens.len() {
        let token = &tokens[t];
        let line = &lexed.lines[line_of[t]];
        if t > 0 {
            let after_comment = !is_code(t - 1);
            let free = continues(t) && !pinned[clause[t]] && !after_comment;
            let newline = if free {
                rng.below(2) == 0
            } else {
                starts_line(t)
            };
            if newline {
                out.push_str(&" ".repeat(rng.below(3)));
                out.push('\n');
                let blank_before = line_of[t] > 0 && lexed.lines[line_of[t] - 1].tokens.is_empty();
                if blank_before && starts_line(t) {
                    out.push_str(&"\n".repeat(1 + rng.below(3)));
                }
                let indent = if continues(t) || (!is_code(t) && line.indent > 0) {
                    1 + rng.below(9)
                } else {
                    line.indent * scale
                };
                out.push_str(&" ".repeat(indent));
            } else {
                let glue = matches!(token.text, "," | ":" | ";" | ")")
                    || matches!(tokens[t - 1].text, "(");
                let least = usize::from(!glue || !is_code(t));
                out.push_str(&" ".repeat(least + rng.below(3)));
            }
        } else {
            out.push_str(&" ".repeat(line.indent));
        }
        out.push_str(token.text);
    }
    out.push('\n');
    out
}

#[test]
fn any_layout_of_a_policy_formats_like_the_policy() {
    let mut rng = Lcg(0x5eed_f0a7);
    let mut checked = 0;
    for (name, text) in common::policy_files() {
        if !common::parses(&text) {
            continue;
        }
        let expected = format(FileId(0), &text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let original = meaning(&accord_syntax::parse(FileId(0), &text).0);
        for round in 0..8 {
            let rewritten = relayout(&text, &mut rng);
            let (policy, diagnostics) = accord_syntax::parse(FileId(0), &rewritten);
            assert!(
                diagnostics.iter().all(|d| !d.is_error()) && meaning(&policy) == original,
                "{name}, rewrite {round} does not read like the original:\n{rewritten}"
            );
            let formatted = format(FileId(0), &rewritten)
                .unwrap_or_else(|e| panic!("{name}, rewrite {round}: {e}\n{rewritten}"));
            if formatted != expected {
                panic!(
                    "{name}, rewrite {round} formats differently:\n{}\nrewrite:\n{rewritten}",
                    accord_fmt::unified_diff(&name, &expected, &formatted)
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 100);
}
