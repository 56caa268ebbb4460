//! The column separator of a CSV file, read off its header.
//!
//! A spreadsheet saved as CSV in a locale whose decimal mark is a comma
//! (most of Europe, Latin America) separates its columns with `;`; other
//! exports use a tab or `|`. The header row tells which: the separator is
//! the one under which the header names the most columns the reader
//! knows (the schema's fields, the events file's columns), a comma when no
//! other names more. Both CSV readers (the leads CSV of `csv_input`, the
//! events file of `events`) build their `csv` reader here, so they read
//! the same files the same way.
//!
//! The header line is read ahead ([`Headed`] gives its bytes back to the
//! CSV reader, then the rest of the input); a read error while reading it
//! ahead is given back at the same place, so the CSV reader reports it as
//! it would have.

use crate::lines::LineCounter;
use std::io::{self, Read};

/// The separators a CSV file may have between its columns, the first
/// preferred.
const SEPARATORS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// At most this many bytes are read ahead to find the header line's end
/// (a header is a few hundred bytes; a first line longer than this is
/// read with the separator its first part shows).
const HEADER_AHEAD: usize = 1 << 20;

/// A CSV file's column separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Separator(u8);

impl Separator {
    /// The byte between columns.
    pub(crate) fn byte(self) -> u8 {
        self.0
    }
}

/// The input with its header line read ahead: that line's bytes, then
/// the error reading ahead stopped at (if any), then the rest.
pub(crate) struct Headed<R> {
    head: io::Cursor<Vec<u8>>,
    error: Option<io::Error>,
    rest: R,
}

impl<R: Read> Read for Headed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.head.read(buf)?;
        if n > 0 || buf.is_empty() {
            return Ok(n);
        }
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.rest.read(buf)
    }
}

/// A `csv` reader of `reader` (rows of different widths allowed, the first
/// a header; each row's line counted, reading failing far past `limit`
/// bytes a row: [`LineCounter::with_guard`]) with the separator its header
/// shows: the one under which the most of its names are ones `known`
/// takes, a comma unless another names more.
pub(crate) fn csv_reader<R: Read>(
    mut reader: R,
    limit: usize,
    known: impl Fn(&str) -> bool,
) -> (csv::Reader<LineCounter<Headed<R>>>, Separator) {
    let (head, error) = read_first_line(&mut reader);
    let separator = separator_of(&head, known);
    let headed = Headed {
        head: io::Cursor::new(head),
        error,
        rest: reader,
    };
    let csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .delimiter(separator.byte())
        .from_reader(LineCounter::new(headed).with_guard(limit));
    (csv, separator)
}

/// The input's first bytes, up to and with its first line end (or all of
/// it, or [`HEADER_AHEAD`] bytes), and the read error that stopped
/// reading them, if one did.
fn read_first_line(reader: &mut impl Read) -> (Vec<u8>, Option<io::Error>) {
    let mut head = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match reader.read(&mut chunk) {
            Ok(0) => return (head, None),
            Ok(n) => {
                let got = chunk.get(..n).unwrap_or_default();
                head.extend_from_slice(got);
                if got.iter().any(|&b| b == b'\n' || b == b'\r') || head.len() >= HEADER_AHEAD {
                    return (head, None);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return (head, Some(e)),
        }
    }
}

/// The column separator — `,`, `;`, a tab or `|` — of a CSV file whose
/// header row starts `head`: the one under which the header names the
/// most columns `known` takes (a name trimmed, a byte-order mark
/// dropped), a comma unless another names more. For the readers of other
/// CSV files than leads and events (`accord backtest --won-ids`, the
/// report's corrective plans), so that every CSV file is read alike.
pub fn header_separator(head: &[u8], known: impl Fn(&str) -> bool) -> u8 {
    separator_of(head, known).byte()
}

/// The separator under which the header row at the start of `head` names
/// the most columns `known` takes (the comma, unless another names more).
fn separator_of(head: &[u8], known: impl Fn(&str) -> bool) -> Separator {
    let mut best = (Separator(b','), 0);
    for byte in SEPARATORS {
        let named = header_names(head, byte).iter().filter(|n| known(n)).count();
        if named > best.1 {
            best = (Separator(byte), named);
        }
    }
    best.0
}

/// The names of the header row at the start of `head`, read with
/// `separator` between columns (trimmed, a byte-order mark dropped).
pub(crate) fn header_names(head: &[u8], separator: u8) -> Vec<String> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(head);
    let mut row = csv::ByteRecord::new();
    if !csv.read_byte_record(&mut row).unwrap_or(false) {
        return Vec::new();
    }
    row.iter().map(column_name).collect()
}

/// A header cell as a column name: trimmed, a byte-order mark dropped.
pub(crate) fn column_name(cell: &[u8]) -> String {
    let name = String::from_utf8_lossy(cell);
    name.trim().trim_start_matches('\u{feff}').to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn known(n: &str) -> bool {
        ["lead_id", "email", "employees"].contains(&n)
    }

    #[test]
    fn the_separator_is_the_one_under_which_the_header_names_the_most_fields() {
        let cases: [(&[u8], u8); 7] = [
            (b"lead_id,email,employees\nA,a@b.co,5\n", b','),
            (b"lead_id;email;employees\r\nA;a@b.co;5\r\n", b';'),
            (b"\xEF\xBB\xBFlead_id\temail\temployees\n", b'\t'),
            (b"lead_id|email|employees", b'|'),
            // Quoted names, and a `;` inside a quoted comma-separated name.
            (b"\"lead_id\";\"email\";\"x,y\"\n", b';'),
            (b"lead_id,\"a;b;c\",email\n", b','),
            // No name known under any: CSV's own comma.
            (b"x;y;z\n", b','),
        ];
        for (head, want) in cases {
            assert_eq!(
                separator_of(head, known),
                Separator(want),
                "{}",
                String::from_utf8_lossy(head)
            );
        }
    }

    /// The header line read ahead, the rest of the input and an error
    /// reading ahead all reach the CSV reader, in order.
    #[test]
    fn what_was_read_ahead_is_read_again_then_the_rest() {
        let text = "lead_id;email\nA;a@b.co\nB;b@c.co\n";
        // A reader that gives a few bytes at a time.
        struct Slow<'a>(&'a [u8]);
        impl Read for Slow<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(3).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let (mut csv, separator) = csv_reader(Slow(text.as_bytes()), 1 << 20, known);
        assert_eq!(separator.byte(), b';');
        let rows: Vec<Vec<String>> = csv
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(rows, [["A", "a@b.co"], ["B", "b@c.co"]]);

        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("the disk went away"))
            }
        }
        let (mut csv, separator) = csv_reader(b"lead_".chain(Failing), 1 << 20, known);
        assert_eq!(separator.byte(), b',');
        let error = csv.byte_headers().unwrap_err();
        assert!(error.to_string().contains("the disk went away"), "{error}");
    }
}
