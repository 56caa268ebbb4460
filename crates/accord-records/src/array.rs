//! An incremental splitter for a top-level JSON array: yields the bytes of
//! one element at a time, so a JSON-array file streams like NDJSON (memory is
//! bounded by the largest element, not the file).
//!
//! It only tracks strings and bracket depth; each element is then parsed on
//! its own, so a malformed element becomes an error for that record and the
//! next element is read normally. Recovery has limits, stated in the errors:
//! - a string that runs into a line break (JSON strings cannot contain one)
//!   or input that ends inside an element means the element boundaries are
//!   lost: the rest of the input becomes one error, the row of the element
//!   it starts in (a half-written last element is still a record);
//! - a closing bracket of the wrong kind closes the innermost bracket that
//!   matches it (the element will fail to parse and be reported);
//! - input that is not an array at all (no `[`) is one error row: what the
//!   input holds is unknown, so it counts as one unreadable record.
//!
//! Lenient where nothing is lost: missing or doubled commas between
//! elements and a trailing comma are accepted.
//!
//! **Problems of the input as a whole are not records.** A missing `]` at
//! the end (the array is not closed: truncated?), text after the closing
//! `]`, and an empty input (no array at all) are [`Piece::Input`]s, not
//! elements. The lead reader (`read.rs`) reports them, with their line,
//! through the decoder's [`crate::InputNotes`] as header errors
//! ([`crate::InputNotes::header_errors`]), so the rows stay exactly one per
//! element. The choice without notes: nothing may be lost silently and a
//! caller without notes has nowhere else to learn of it, so there the
//! unclosed array and the text after `]` stay what they were, one extra
//! error row each (after the last element's row), and an empty input stays
//! no rows at all, as before. Attach notes to get one row per element.
//!
//! The same splitter reads a sequence of top-level JSON values without an
//! enclosing array ([`ArraySplitter::objects`]): one or more objects, each
//! possibly pretty-printed over many lines (a `.json` file holding one
//! lead, or several concatenated). There, an empty input is zero records
//! and nothing else is a whole-input problem.

use std::io::BufRead;

/// One piece of the array.
#[derive(Debug, PartialEq)]
pub(crate) enum Piece {
    /// An element's bytes are in the caller's buffer; starts on `line`.
    Element { line: usize },
    /// Not a whole element: the rest of the input as one error row (the
    /// row of the element it starts in). Nothing follows.
    Broken { line: usize, message: String },
    /// Not a record: a problem of the input as a whole (see the module
    /// docs). Nothing follows.
    Input(InputProblem),
    /// An element longer than the limit ([`ArraySplitter::with_limit`]),
    /// `bytes` long: only its start was kept; the next element is read
    /// normally.
    TooLong { line: usize, bytes: usize },
}

/// A problem of the input as a whole.
#[derive(Debug, PartialEq)]
pub(crate) struct InputProblem {
    /// The line it is on (1-based).
    pub line: usize,
    pub expected: String,
    pub found: String,
    pub message: String,
    /// Whether a reader without notes reports it as an error row (an empty
    /// input has no row: see the module docs).
    pub row_without_notes: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    BeforeArray,
    /// After `[` or `,`: an element or `]` may come.
    BetweenElements,
    InElement,
    /// After `]`.
    AfterArray,
    /// In text after the `]` (collecting the start of it to show).
    Trailing,
    Done,
}

pub(crate) struct ArraySplitter<R> {
    reader: R,
    st: State,
}

/// The scanning state (apart from the reader, so both can be borrowed).
struct State {
    /// A sequence of top-level values, not an array.
    sequence: bool,
    phase: Phase,
    /// 1-based current line.
    line: usize,
    stack: Vec<u8>,
    in_string: bool,
    escape: bool,
    start_line: usize,
    first_bytes: bool,
    /// The line of the `[` that opens the array.
    open_line: usize,
    /// The line of the last non-blank byte seen.
    last_line: usize,
    /// The most bytes of one element kept in the caller's buffer.
    limit: usize,
    /// Bytes of the current element so far (kept or not).
    element_bytes: usize,
}

impl<R: BufRead> ArraySplitter<R> {
    pub(crate) fn new(reader: R) -> Self {
        ArraySplitter {
            reader,
            st: State {
                sequence: false,
                phase: Phase::BeforeArray,
                line: 1,
                stack: Vec::new(),
                in_string: false,
                escape: false,
                start_line: 1,
                first_bytes: true,
                open_line: 1,
                last_line: 1,
                limit: usize::MAX,
                element_bytes: 0,
            },
        }
    }

    /// Keeps at most `limit` bytes of any element: a longer one is a
    /// [`Piece::TooLong`], so memory stays bounded whatever the input.
    pub(crate) fn with_limit(mut self, limit: usize) -> Self {
        self.st.limit = limit;
        self
    }

    /// A splitter for top-level values one after another (no `[`…`]`).
    pub(crate) fn objects(reader: R) -> Self {
        let mut splitter = ArraySplitter::new(reader);
        splitter.st.sequence = true;
        splitter.st.phase = Phase::BetweenElements;
        splitter
    }

    /// The next piece; `out` receives an element's bytes (cleared first).
    /// `None` at the end.
    pub(crate) fn next_piece(&mut self, out: &mut Vec<u8>) -> Option<Piece> {
        out.clear();
        let ArraySplitter { reader, st } = self;
        loop {
            if st.phase == Phase::Done {
                return None;
            }
            let buf = match reader.fill_buf() {
                Ok(b) => b,
                Err(e) => {
                    st.phase = Phase::Done;
                    return Some(Piece::Broken {
                        line: st.line,
                        message: format!("could not read the input: {e}; reading stopped here"),
                    });
                }
            };
            if buf.is_empty() {
                return st.at_end(out);
            }
            let mut skip = 0;
            if st.first_bytes {
                st.first_bytes = false;
                if buf.starts_with(b"\xEF\xBB\xBF") {
                    skip = 3;
                }
            }
            let (used, piece) = st.scan(buf, skip, out);
            reader.consume(used);
            if piece.is_some() {
                return piece;
            }
        }
    }

    /// The line the splitter is on (for errors after the end).
    pub(crate) fn line(&self) -> usize {
        self.st.line
    }
}

/// The elements of a JSON array held in memory, each with the line it
/// starts on, split as the JSON-array reader splits a file — for a caller
/// that keeps each element's own text (the server, which logs the input
/// of every decision): a malformed element is then one error row and the
/// others are read. `None` when the elements cannot all be told apart
/// (not an array, a string running into a line break, no closing `]`,
/// text after it): the caller has one unreadable input.
pub fn json_array_elements(text: &[u8]) -> Option<Vec<(usize, Vec<u8>)>> {
    let mut splitter = ArraySplitter::new(text);
    let mut element = Vec::new();
    let mut elements = Vec::new();
    while let Some(piece) = splitter.next_piece(&mut element) {
        match piece {
            Piece::Element { line } => elements.push((line, std::mem::take(&mut element))),
            Piece::Broken { .. } | Piece::Input(_) | Piece::TooLong { .. } => return None,
        }
    }
    Some(elements)
}

impl State {
    fn at_end(&mut self, out: &[u8]) -> Option<Piece> {
        let phase = self.phase;
        self.phase = Phase::Done;
        match phase {
            Phase::AfterArray | Phase::Done => None,
            Phase::Trailing => Some(self.trailing(out)),
            Phase::BeforeArray | Phase::BetweenElements if self.sequence => None,
            Phase::BeforeArray => Some(Piece::Input(InputProblem {
                line: self.line,
                expected: "a JSON array of leads (`[`…`]`)".into(),
                found: "an empty input".into(),
                message: "the input is empty: expected a JSON array of leads (`[]` for none); \
                          no lead was read"
                    .into(),
                row_without_notes: false,
            })),
            Phase::BetweenElements => Some(Piece::Input(InputProblem {
                line: self.last_line,
                expected: "`]` closing the array".into(),
                found: "the end of the input".into(),
                message: format!(
                    "the JSON array opened on line {} is not closed: the input ends on line {} \
                     without its `]`, so it may be truncated (every element before the end is read)",
                    self.open_line, self.last_line
                ),
                row_without_notes: true,
            })),
            Phase::InElement if self.stack.is_empty() && !self.in_string => {
                // A bare scalar element right before the end: hand it over,
                // then report the missing `]`.
                self.phase = Phase::BetweenElements;
                Some(Piece::Element { line: self.start_line })
            }
            Phase::InElement => Some(Piece::Broken {
                line: self.start_line,
                message: format!(
                    "the input ends inside the element that starts on line {} (unbalanced brackets or an \
                     unterminated string): the array is broken beyond recovery, so everything from there to \
                     the end is this one error",
                    self.start_line
                ),
            }),
        }
    }

    /// The problem of text after the `]`; `shown` is its start.
    fn trailing(&mut self, shown: &[u8]) -> Piece {
        self.phase = Phase::Done;
        let shown = String::from_utf8_lossy(shown);
        Piece::Input(InputProblem {
            line: self.line,
            expected: "nothing after the closing `]` of the array".into(),
            found: crate::convert::quote(shown.trim_end()),
            message: format!(
                "unexpected text after the closing `]` of the array (line {}): it is not read \
                 (a second array or a stray character?)",
                self.line
            ),
            row_without_notes: true,
        })
    }

    /// Scans `buf[from..]`; returns bytes consumed and a finished piece.
    fn scan(&mut self, buf: &[u8], from: usize, out: &mut Vec<u8>) -> (usize, Option<Piece>) {
        let mut i = from;
        while let Some(&b) = buf.get(i) {
            i += 1;
            if !b.is_ascii_whitespace() {
                self.last_line = self.line;
            }
            match self.phase {
                Phase::Done => return (i, None),
                Phase::BeforeArray => {
                    if b == b'\n' {
                        self.line += 1;
                    } else if b == b'[' {
                        self.phase = Phase::BetweenElements;
                        self.open_line = self.line;
                    } else if !b.is_ascii_whitespace() {
                        self.phase = Phase::Done;
                        return (
                            i,
                            Some(Piece::Broken {
                                line: self.line,
                                message: "expected a JSON array of leads starting with `[`; the whole input is this one error".into(),
                            }),
                        );
                    }
                }
                Phase::AfterArray => {
                    if b == b'\n' {
                        self.line += 1;
                    } else if !b.is_ascii_whitespace() {
                        // Collected up to the line's end, then reported.
                        self.phase = Phase::Trailing;
                        out.push(b);
                    }
                }
                Phase::Trailing => {
                    if b == b'\n' || b == b'\r' || out.len() >= 64 {
                        return (i, Some(self.trailing(out)));
                    }
                    out.push(b);
                }
                Phase::BetweenElements => match b {
                    b'\n' => self.line += 1,
                    b',' => {}
                    b']' if !self.sequence => self.phase = Phase::AfterArray,
                    _ if b.is_ascii_whitespace() => {}
                    _ => {
                        self.phase = Phase::InElement;
                        self.start_line = self.line;
                        self.stack.clear();
                        self.in_string = false;
                        self.escape = false;
                        self.element_bytes = 0;
                        i -= 1; // re-read this byte as part of the element
                    }
                },
                Phase::InElement => {
                    self.element_bytes += 1;
                    let piece = self.element_byte(b, out);
                    if out.len() > self.limit {
                        out.truncate(self.limit);
                    }
                    match piece {
                        Some(Piece::Element { line }) if self.element_bytes > self.limit => {
                            let bytes = self.element_bytes;
                            return (i, Some(Piece::TooLong { line, bytes }));
                        }
                        Some(piece) => return (i, Some(piece)),
                        None => {}
                    }
                }
            }
        }
        (i, None)
    }

    /// One byte inside an element; a piece when the element ends.
    fn element_byte(&mut self, b: u8, out: &mut Vec<u8>) -> Option<Piece> {
        if self.in_string {
            out.push(b);
            if self.escape {
                self.escape = false;
            } else if b == b'\\' {
                self.escape = true;
            } else if b == b'"' {
                self.in_string = false;
            } else if b == b'\n' {
                self.phase = Phase::Done;
                return Some(Piece::Broken {
                    line: self.start_line,
                    message: format!(
                        "a text value in the element that starts on line {} runs past the end of line {} \
                         (a missing closing quote?): the array is broken beyond recovery, so everything \
                         from there to the end is this one error",
                        self.start_line, self.line
                    ),
                });
            }
            return None;
        }
        match b {
            b'"' => {
                self.in_string = true;
                out.push(b);
            }
            b'{' | b'[' => {
                self.stack.push(b);
                out.push(b);
            }
            b'}' | b']' => {
                if self.stack.is_empty() {
                    // A bare scalar element ends at the array's `]`.
                    if b == b']' && !self.sequence {
                        self.phase = Phase::AfterArray;
                        return Some(Piece::Element {
                            line: self.start_line,
                        });
                    }
                    out.push(b);
                    return None;
                }
                out.push(b);
                let open = if b == b'}' { b'{' } else { b'[' };
                match self.stack.iter().rposition(|&o| o == open) {
                    Some(pos) => self.stack.truncate(pos),
                    None => self.stack.clear(),
                }
                if self.stack.is_empty() {
                    self.phase = Phase::BetweenElements;
                    return Some(Piece::Element {
                        line: self.start_line,
                    });
                }
            }
            b',' if self.stack.is_empty() => {
                self.phase = Phase::BetweenElements;
                return Some(Piece::Element {
                    line: self.start_line,
                });
            }
            // A bare scalar in a sequence ends at white space.
            _ if self.sequence && self.stack.is_empty() && b.is_ascii_whitespace() => {
                if b == b'\n' {
                    self.line += 1;
                }
                self.phase = Phase::BetweenElements;
                return Some(Piece::Element {
                    line: self.start_line,
                });
            }
            b'\n' => {
                self.line += 1;
                out.push(b);
            }
            _ => out.push(b),
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<(String, Option<Piece>)> {
        let mut s = ArraySplitter::new(std::io::BufReader::with_capacity(7, text.as_bytes()));
        let mut out = Vec::new();
        let mut all = Vec::new();
        while let Some(p) = s.next_piece(&mut out) {
            all.push((String::from_utf8_lossy(&out).trim().to_string(), Some(p)));
        }
        all
    }

    #[test]
    fn splits_elements_across_buffer_boundaries() {
        let got = pieces("[\n {\"a\": \"x,}]\\\"\"},\n {\"b\": [1, {\"c\": 2}]}\n]\n");
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            vec!["{\"a\": \"x,}]\\\"\"}", "{\"b\": [1, {\"c\": 2}]}"]
        );
        assert_eq!(
            got.get(1).and_then(|g| g.1.as_ref()),
            Some(&Piece::Element { line: 3 })
        );
    }

    #[test]
    fn broken_string_ends_the_input() {
        let got = pieces("[{\"a\": 1},\n{\"a\": \"open},\n{\"a\": 3}]");
        assert_eq!(got.len(), 2);
        assert!(matches!(
            got.get(1).and_then(|g| g.1.as_ref()),
            Some(Piece::Broken { line: 2, .. })
        ));
    }

    #[test]
    fn a_sequence_of_pretty_printed_objects() {
        let text = "{\n  \"a\": [1,\n 2]\n}\n\n{\"b\": \"}\"}\n";
        let mut s = ArraySplitter::objects(std::io::BufReader::with_capacity(5, text.as_bytes()));
        let mut out = Vec::new();
        let mut got = Vec::new();
        while let Some(p) = s.next_piece(&mut out) {
            got.push((String::from_utf8_lossy(&out).replace('\n', " "), p));
        }
        assert_eq!(
            got,
            vec![
                (
                    "{   \"a\": [1,  2] }".to_string(),
                    Piece::Element { line: 1 }
                ),
                ("{\"b\": \"}\"}".to_string(), Piece::Element { line: 6 }),
            ]
        );
    }

    #[test]
    fn missing_close_and_trailing_text() {
        let input = |got: &[(String, Option<Piece>)]| match got.last() {
            Some((_, Some(Piece::Input(p)))) => (p.line, p.row_without_notes, p.found.clone()),
            other => panic!("expected an input problem, got {other:?}"),
        };
        // Every element, then the missing `]` on the last non-blank line.
        let got = pieces("[{\"a\": 1},\n 5,\n {\"a\": 2}\n\n");
        assert_eq!(got.len(), 4);
        assert_eq!(input(&got).0, 3);
        // A bare scalar right before the end is an element too.
        let got = pieces("[1, 2");
        assert_eq!(got.len(), 3);
        assert!(matches!(got[1].1, Some(Piece::Element { line: 1 })));
        assert_eq!(input(&got).0, 1);
        // A cut-off last element is its own (broken) record, nothing more.
        let got = pieces("[{\"a\": 1},\n{\"a\": ");
        assert_eq!(got.len(), 2);
        assert!(matches!(got[1].1, Some(Piece::Broken { line: 2, .. })));
        let got = pieces("[{\"a\": 1}]\n\n x y\n");
        assert_eq!(got.len(), 2);
        assert_eq!(input(&got), (3, true, "\"x y\"".to_string()));
        assert_eq!(pieces("[1, 2]").len(), 2);
        assert_eq!(pieces("[]\n").len(), 0);
        // An empty input: noted, but no row without notes.
        let got = pieces("  \n");
        assert_eq!(got.len(), 1);
        assert!(!input(&got).1);
    }
}
