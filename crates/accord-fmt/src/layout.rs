//! The canonical layout, built from the file's lines and the places where
//! a clause may break (see [`crate::breaks`]).
//!
//! - A definition's header starts at column 0; its body lines are indented
//!   two spaces per level (a line ending in `:` opens a level).
//! - Words are separated by one space; no space before `,` `:` `;` `)` or
//!   after `(`.
//! - A clause is one line when it fits in [`WIDTH`] characters. When it does
//!   not, it breaks at its outermost places first: before each `or` (one
//!   operand per line), then before each `and` inside, lists filled line by
//!   line. Continuation lines are indented four spaces past their body line
//!   (two under a header at column 0), four more for each level of breaking.
//!   A clause already written over several lines is joined and broken again
//!   the same way, so the result does not depend on how it was written.
//! - Comments stay where they were: a comment after code stays after that
//!   code, a comment on a line of its own stays before the line it preceded,
//!   indented like it. A clause with a comment inside it (between two of its
//!   lines) keeps its line breaks.
//! - Runs of blank lines become one; no blank lines at the start or end of
//!   the file; no trailing spaces; one newline at the end.

use crate::breaks::{Break, HEADER};
use crate::tokens::{Kind, Lexed, Token};

/// The widest a line may be before a clause is broken (comments excepted).
pub const WIDTH: usize = 100;

/// A clause: a header or body line, with the lines it goes on in.
struct Clause {
    /// 0 for a header, 1 for a body line under it, 2 under a nested `…:`.
    depth: usize,
    parts: Vec<Part>,
}

enum Part {
    /// Code tokens of one physical line, and the comment ending that line.
    Code(Vec<usize>, Option<usize>),
    /// A comment on a line of its own between two lines of the clause.
    Comment(usize),
}

enum Entry {
    Blank,
    /// A comment on a line of its own, with the indentation it had.
    Comment(usize, usize),
    Clause(Clause),
}

/// Lays the file out. `breaks[i]` says whether a clause may break before
/// token `i`.
pub fn layout(lexed: &Lexed<'_>, breaks: &[Option<Break>]) -> String {
    let entries = entries(lexed, breaks);
    let printer = Printer {
        tokens: &lexed.tokens,
        breaks,
    };
    let mut out: Vec<String> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        match entry {
            Entry::Blank => {
                if !out.is_empty() && out.last().is_some_and(|l| !l.is_empty()) {
                    out.push(String::new());
                }
            }
            Entry::Comment(token, indent) => {
                let indent = comment_indent(&entries, i, *indent);
                out.push(format!(
                    "{}{}",
                    " ".repeat(indent),
                    comment(&lexed.tokens[*token])
                ));
            }
            Entry::Clause(clause) => printer.clause(clause, &mut out),
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// Groups the physical lines into clauses, comments and blank lines.
fn entries(lexed: &Lexed<'_>, breaks: &[Option<Break>]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    // Blank and comment lines not yet known to be inside a clause.
    let mut pending: Vec<Entry> = Vec::new();
    // Widths of the open body levels of the current definition.
    let mut levels: Vec<usize> = vec![0];
    for line in &lexed.lines {
        let Some(&first) = line.tokens.first() else {
            pending.push(Entry::Blank);
            continue;
        };
        if lexed.tokens[first].kind == Kind::Comment {
            pending.push(Entry::Comment(first, line.indent));
            continue;
        }
        let (code, comment) = match line.tokens.split_last() {
            Some((&last, rest)) if lexed.tokens[last].kind == Kind::Comment => {
                (rest.to_vec(), Some(last))
            }
            _ => (line.tokens.clone(), None),
        };
        let continues = line.indent > 0 && breaks.get(first).copied().flatten().is_some();
        if let (true, Some(Entry::Clause(clause))) = (continues, entries.last_mut()) {
            for p in pending.drain(..) {
                if let Entry::Comment(c, _) = p {
                    clause.parts.push(Part::Comment(c));
                }
            }
            clause.parts.push(Part::Code(code, comment));
            continue;
        }
        entries.append(&mut pending);
        let depth = if line.indent == 0 {
            levels = vec![0];
            0
        } else {
            if line.indent > levels.last().copied().unwrap_or(0) {
                levels.push(line.indent);
            } else {
                while levels.len() > 1 && levels.last().is_some_and(|&l| l > line.indent) {
                    levels.pop();
                }
            }
            levels.len() - 1
        };
        entries.push(Entry::Clause(Clause {
            depth,
            parts: vec![Part::Code(code, comment)],
        }));
    }
    entries.append(&mut pending);
    entries
}

/// A comment on its own line: at column 0 if it was; otherwise indented
/// like the body line it comes before (or, at the end of a definition, the
/// one it comes after).
fn comment_indent(entries: &[Entry], at: usize, original: usize) -> usize {
    if original == 0 {
        return 0;
    }
    let depth_of = |e: &Entry| match e {
        Entry::Clause(c) => Some(c.depth),
        _ => None,
    };
    let next = entries[at + 1..]
        .iter()
        .find_map(depth_of)
        .filter(|&d| d > 0);
    let previous = entries[..at].iter().rev().find_map(depth_of);
    2 * next.unwrap_or(previous.unwrap_or(1).max(1))
}

fn comment(token: &Token<'_>) -> String {
    token.text.trim_end().to_string()
}

struct Printer<'p, 'a> {
    tokens: &'p [Token<'a>],
    breaks: &'p [Option<Break>],
}

impl Printer<'_, '_> {
    fn clause(&self, clause: &Clause, out: &mut Vec<String>) {
        let indent = 2 * clause.depth;
        let cont = if clause.depth == 0 { 2 } else { indent + 4 };
        // A comment between two lines of the clause pins its line breaks.
        let pinned = clause.parts.len() > 1
            && clause.parts[..clause.parts.len() - 1]
                .iter()
                .any(|p| matches!(p, Part::Comment(_) | Part::Code(_, Some(_))));
        if !pinned {
            let mut tokens = Vec::new();
            let mut trailing = None;
            for part in &clause.parts {
                if let Part::Code(code, c) = part {
                    tokens.extend_from_slice(code);
                    trailing = *c;
                }
            }
            self.fit(&tokens, indent, cont, out);
            if let (Some(c), Some(last)) = (trailing, out.last_mut()) {
                last.push(' ');
                last.push_str(&comment(&self.tokens[c]));
            }
            return;
        }
        for (n, part) in clause.parts.iter().enumerate() {
            let at = if n == 0 { indent } else { cont };
            match part {
                Part::Code(code, c) => {
                    let mut line = format!("{}{}", " ".repeat(at), self.join(code));
                    if let Some(c) = c {
                        line.push(' ');
                        line.push_str(&comment(&self.tokens[*c]));
                    }
                    out.push(line);
                }
                Part::Comment(c) => {
                    out.push(format!("{}{}", " ".repeat(cont), comment(&self.tokens[*c])))
                }
            }
        }
    }

    /// Prints `tokens` starting at column `indent`, breaking as described in
    /// the module docs; continuation lines start at column `cont`.
    fn fit(&self, tokens: &[usize], indent: usize, cont: usize, out: &mut Vec<String>) {
        let text = self.join(tokens);
        let places: Vec<(usize, Break)> = tokens
            .iter()
            .enumerate()
            .skip(1)
            .filter_map(|(i, &t)| self.breaks.get(t).copied().flatten().map(|b| (i, b)))
            .collect();
        let Some(lowest) = places.iter().map(|(_, b)| b.priority).min() else {
            out.push(format!("{}{text}", " ".repeat(indent)));
            return;
        };
        if indent + text.chars().count() <= WIDTH {
            out.push(format!("{}{text}", " ".repeat(indent)));
            return;
        }
        let mut pieces: Vec<&[usize]> = Vec::new();
        let mut from = 0;
        let mut fill = false;
        for &(i, b) in &places {
            if b.priority == lowest {
                pieces.push(&tokens[from..i]);
                from = i;
                fill = b.fill;
            }
        }
        pieces.push(&tokens[from..]);
        if !fill {
            for (n, piece) in pieces.iter().enumerate() {
                let at = if n == 0 { indent } else { cont };
                // Values after a header's colon (`list x:`) fill their lines
                // at the header's continuation column.
                let next = if n > 0 && lowest == HEADER && self.is_list(piece) {
                    cont
                } else {
                    cont + 4
                };
                self.fit(piece, at, next, out);
            }
            return;
        }
        // A list: as many items on each line as fit.
        let mut line: Vec<usize> = pieces[0].to_vec();
        let mut at = indent;
        for piece in &pieces[1..] {
            let joined = self.join(&line).chars().count() + 1 + self.join(piece).chars().count();
            if at + joined <= WIDTH {
                line.extend_from_slice(piece);
            } else {
                self.fit(&line, at, cont + 4, out);
                line = piece.to_vec();
                at = cont;
            }
        }
        self.fit(&line, at, cont + 4, out);
    }

    /// Whether the outermost breaks inside `tokens` are those of a list.
    fn is_list(&self, tokens: &[usize]) -> bool {
        tokens
            .iter()
            .skip(1)
            .filter_map(|&t| self.breaks.get(t).copied().flatten())
            .min_by_key(|b| b.priority)
            .is_some_and(|b| b.fill)
    }

    /// The tokens with one space between words and none before `,` `:` `;`
    /// `)` or after `(`.
    fn join(&self, tokens: &[usize]) -> String {
        let mut s = String::new();
        let mut glue = true;
        for &t in tokens {
            let text = self.tokens[t].text;
            if !glue && !matches!(text, "," | ":" | ";" | ")") {
                s.push(' ');
            }
            s.push_str(text);
            glue = text == "(";
        }
        s
    }
}
