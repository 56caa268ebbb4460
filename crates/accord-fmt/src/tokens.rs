//! The words of a policy file as the formatter sees them: every token with
//! its byte range, and the physical lines they sit on.
//!
//! The formatter never rewrites a word; it only decides where the line
//! breaks and spaces go. So the lexer is deliberately simple: a token is a
//! quoted string, a `# comment` (to the end of the line), one of the marks
//! `, ; : ( )`, or a run of anything else up to a space or one of those
//! marks (`re-enter`, `lead's`, `yes/no`, `+10`, `40%`, `2026-01-01`, and a
//! time `08:00`, whose colon belongs to it). Files the formatter touches
//! have parsed without errors, so nothing subtler is needed.

/// What kind of token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A word, number, date, time or quoted string.
    Word,
    /// `,` `;` `:` `(` `)`
    Mark,
    /// `# …` to the end of the line (the `#` included).
    Comment,
}

/// One token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub kind: Kind,
    /// Byte offset of its first character in the file.
    pub start: usize,
}

impl Token<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// One physical line: its indentation (in spaces) and the indices of its
/// tokens (a comment, if any, is the last one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub indent: usize,
    pub tokens: Vec<usize>,
}

/// The tokens of a file and its lines (blank lines are lines without tokens).
pub struct Lexed<'a> {
    pub tokens: Vec<Token<'a>>,
    pub lines: Vec<Line>,
}

/// Splits `text` into tokens and lines.
pub fn lex(text: &str) -> Lexed<'_> {
    let mut tokens = Vec::new();
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut ids = Vec::new();
        let bytes = line.as_bytes();
        let mut i = indent;
        while i < bytes.len() {
            let c = bytes[i];
            let (len, kind) = match c {
                b' ' | b'\r' | b'\t' => {
                    i += 1;
                    continue;
                }
                b'#' => (bytes.len() - i, Kind::Comment),
                b'"' => {
                    let close = line[i + 1..].find('"').map_or(bytes.len() - i, |j| j + 2);
                    (close, Kind::Word)
                }
                b',' | b';' | b':' | b'(' | b')' => (1, Kind::Mark),
                _ => (word_len(&line[i..]), Kind::Word),
            };
            ids.push(tokens.len());
            tokens.push(Token {
                text: &line[i..i + len],
                kind,
                start: offset + i,
            });
            i += len;
        }
        lines.push(Line {
            indent,
            tokens: ids,
        });
        offset += raw.len();
    }
    Lexed { tokens, lines }
}

/// Length of the word at the start of `rest` (at least one byte).
fn word_len(rest: &str) -> usize {
    let b = rest.as_bytes();
    // A time of day: two digits, a colon, two digits.
    if b.len() >= 5
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[2] == b':'
        && b[3..5].iter().all(u8::is_ascii_digit)
    {
        return 5;
    }
    let end = rest
        .char_indices()
        .find(|&(_, c)| {
            matches!(
                c,
                ' ' | '\t' | '\r' | ',' | ';' | ':' | '(' | ')' | '"' | '#'
            )
        })
        .map_or(rest.len(), |(j, _)| j);
    end.max(rest.chars().next().map_or(1, char::len_utf8))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        lex(s).tokens.iter().map(|t| t.text).collect()
    }

    #[test]
    fn splits_marks_strings_times_and_comments() {
        assert_eq!(
            texts("after hours, tier 1 is due by 09:00 # note: x"),
            [
                "after",
                "hours",
                ",",
                "tier",
                "1",
                "is",
                "due",
                "by",
                "09:00",
                "# note: x"
            ]
        );
        assert_eq!(
            texts("fit icp \"A, b: # c\":(a) lead's yes/no +10 40% re-enter"),
            [
                "fit",
                "icp",
                "\"A, b: # c\"",
                ":",
                "(",
                "a",
                ")",
                "lead's",
                "yes/no",
                "+10",
                "40%",
                "re-enter"
            ]
        );
    }

    #[test]
    fn lines_keep_indentation_and_offsets() {
        let l = lex("a\n\n  b c\r\n");
        assert_eq!(l.lines.len(), 3);
        assert_eq!(l.lines[2].indent, 2);
        assert_eq!((l.tokens[1].start, l.tokens[2].start), (5, 7));
        assert!(l.lines[1].tokens.is_empty());
    }
}
