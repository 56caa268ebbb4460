//! Line numbers for CSV records, whatever the line ends.
//!
//! The `csv` crate's `Position::line` is taken right after the previous
//! record's terminator byte, so it runs one low after every `\r\n` (the
//! `\n` is not counted yet) and after every skipped blank line. Instead, a
//! [`LineCounter`] wraps the input and notes where each non-blank line
//! starts as the bytes stream through; a record's line is then that of the
//! first non-blank line starting at or after the record's byte offset
//! (which the `csv` crate reports correctly). `\n`, `\r\n` and a lone `\r`
//! each end a line. With a comment byte (the `csv` crate's `comment`), a
//! line starting with it is skipped like a blank one, since the `csv`
//! crate's offset of the record after it is that of the comment line.
//! Memory is bounded by the reader's look-ahead: starts before the last
//! record asked about are dropped.

use std::collections::VecDeque;
use std::io::Read;

/// A `Read` wrapper that records the byte offset and line number of every
/// non-blank line start.
pub struct LineCounter<R> {
    inner: R,
    /// Bytes read so far.
    offset: u64,
    /// 1-based line of the next byte.
    line: usize,
    at_line_start: bool,
    prev_cr: bool,
    /// Lines starting with this byte are comments (no record starts there).
    comment: Option<u8>,
    /// (byte offset, line) of non-blank line starts not yet asked about.
    starts: VecDeque<(u64, usize)>,
    /// The offset last asked about (the start of the last record read).
    asked: u64,
    /// With a record limit: reading fails once this many bytes follow the
    /// start of the last record read (a row far longer than the limit, so
    /// that the `csv` crate never buffers an unbounded row).
    guard: Option<u64>,
}

impl<R> LineCounter<R> {
    pub fn new(inner: R) -> LineCounter<R> {
        LineCounter {
            inner,
            offset: 0,
            line: 1,
            at_line_start: true,
            prev_cr: false,
            comment: None,
            starts: VecDeque::new(),
            asked: 0,
            guard: None,
        }
    }

    /// Lines starting with `byte` are comments, as for the `csv` reader
    /// built with `comment(Some(byte))`.
    pub fn with_comment(mut self, byte: u8) -> LineCounter<R> {
        self.comment = Some(byte);
        self
    }

    /// Fails the input once a record runs far past `limit` bytes: more
    /// than twice the limit (the last record read and the one being read)
    /// plus 1 MiB of the `csv` crate's read-ahead after the start of the
    /// last record read. Rows up to the limit always pass; the caller
    /// checks each complete row against the limit exactly.
    pub(crate) fn with_guard(mut self, limit: usize) -> LineCounter<R> {
        let limit = limit as u64;
        self.guard = Some(limit.saturating_mul(2).saturating_add(1 << 20));
        self
    }

    /// The line of the record starting at byte `offset` (as reported by
    /// `csv::Position::byte`). Offsets must be asked in increasing order.
    pub fn line_at(&mut self, offset: u64) -> usize {
        self.asked = self.asked.max(offset);
        while self.starts.front().is_some_and(|&(at, _)| at < offset) {
            self.starts.pop_front();
        }
        match self.starts.front() {
            Some(&(_, line)) => line,
            // Nothing non-blank read at or after `offset` yet (the end).
            None => self.line,
        }
    }

    fn scan(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match b {
                b'\r' => {
                    self.line += 1;
                    self.at_line_start = true;
                    self.prev_cr = true;
                }
                b'\n' => {
                    if !self.prev_cr {
                        self.line += 1;
                    }
                    self.at_line_start = true;
                    self.prev_cr = false;
                }
                _ => {
                    if self.at_line_start {
                        if self.comment != Some(b) {
                            self.starts.push_back((self.offset, self.line));
                        }
                        self.at_line_start = false;
                    }
                    self.prev_cr = false;
                }
            }
            self.offset += 1;
        }
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(read) = buf.get(..n) {
            self.scan(read);
        }
        if let Some(guard) = self.guard {
            if self.offset.saturating_sub(self.asked) > guard {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "a row runs past {} bytes from line {}, far longer than a record may be",
                        crate::limits::describe_count(guard as usize),
                        self.starts.front().map_or(self.line, |s| s.1)
                    ),
                ));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::LineCounter;

    /// Every record's line through the `csv` crate, for one text.
    fn lines(text: &str) -> Vec<usize> {
        let mut csv = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(LineCounter::new(text.as_bytes()));
        let mut row = csv::ByteRecord::new();
        let mut got = Vec::new();
        while csv.read_byte_record(&mut row).unwrap_or(false) {
            let byte = row.position().map_or(0, |p| p.byte());
            got.push(csv.get_mut().line_at(byte));
        }
        got
    }

    #[test]
    fn lf_crlf_and_cr_give_the_same_lines() {
        let lf = "a,b\n1,2\n3,4\n\n5,6\n\"x\ny\",7\n8,9\n";
        assert_eq!(lines(lf), vec![2, 3, 5, 6, 8]);
        assert_eq!(lines(&lf.replace('\n', "\r\n")), vec![2, 3, 5, 6, 8]);
        assert_eq!(lines(&lf.replace('\n', "\r")), vec![2, 3, 5, 6, 8]);
        assert_eq!(lines("\u{feff}a,b\r\n1,2"), vec![2]);
    }
}
