//! The sizes a lead input may have, so that no input can make a reader hold
//! unbounded memory or spend unbounded time on one record. Past each limit
//! the reader says so in an error row naming the record (and the field),
//! and the batch goes on; nothing is silently cut.
//!
//! | limit | value | past it |
//! | --- | --- | --- |
//! | [`MAX_RECORD_BYTES`] | 16 MiB | one NDJSON line, JSON array element or CSV row: an error row for that record (NDJSON, JSON: the next record is read normally; CSV: reading stops there, since where the row ends is unknown) |
//! | [`MAX_TEXT_BYTES`] | 1 MiB | one text value (a field, a list item, an event field): an error for that field |
//! | [`MAX_EVENTS_PER_LEAD`] | 1,000,000 | events of one lead, all streams together (embedded or from an events file): an error row for that lead; an events file keeps no more than this for any lead |
//!
//! The policy's own limit (file size) lives with the policy loader
//! (`accord_check::load::MAX_POLICY_BYTES`).

/// The most bytes one record may take in the input (one NDJSON line, one
/// JSON array element, one CSV row): 16 MiB.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// The most bytes one text value may hold: 1 MiB.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// The most events one lead may have, all streams together.
pub const MAX_EVENTS_PER_LEAD: usize = 1_000_000;

/// The limits one reader applies: [`Limits::default`] holds the documented
/// values above; tests and tools may set smaller ones
/// ([`crate::RecordDecoder::with_limits`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub record_bytes: usize,
    pub text_bytes: usize,
    pub events_per_lead: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            record_bytes: MAX_RECORD_BYTES,
            text_bytes: MAX_TEXT_BYTES,
            events_per_lead: MAX_EVENTS_PER_LEAD,
        }
    }
}

/// The error for a lead with `n` events when it may have `limit`: what was
/// expected, what was found, the message. `None` within the limit.
/// Inlined, the error made out of line ([`events_over`]): every lead is
/// checked, nearly every one within the limit.
#[inline]
pub(crate) fn too_many_events(n: usize, limit: usize) -> Option<(String, String, String)> {
    (n > limit).then(|| events_over(n, limit))
}

/// [`too_many_events`]'s error.
#[cold]
#[inline(never)]
fn events_over(n: usize, limit: usize) -> (String, String, String) {
    (
        format!("at most {} events", describe_count(limit)),
        format!("{} events", describe_count(n)),
        format!(
            "not evaluated: the lead has {} events (all streams together); a lead may have at most {}",
            describe_count(n),
            describe_count(limit)
        ),
    )
}

/// The error row of a record longer than `limit` bytes (`bytes` long, or
/// at least that when reading stopped early).
pub fn record_too_long(
    record: usize,
    line: Option<usize>,
    bytes: usize,
    limit: usize,
) -> crate::RecordError {
    crate::RecordError {
        record,
        line,
        lead_id: None,
        field: None,
        expected: format!("a record of at most {}", describe_bytes(limit)),
        found: format!("{} bytes", describe_count(bytes)),
        message: format!(
            "not read: the record is {} bytes long; a record may take at most {}",
            describe_count(bytes),
            describe_bytes(limit)
        ),
    }
}

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The end of the input.
    End,
    /// A line (without its limit broken) is in the buffer, `\n` included.
    Read,
    /// A line longer than the limit, this many bytes with its `\n`: it
    /// was skipped, and the buffer holds only its start.
    TooLong(usize),
}

/// Reads one line (up to and including `\n`) into `buf` (cleared first),
/// holding at most `limit` bytes of it: a longer line is read to its end
/// without being kept, so memory stays bounded whatever the input.
pub fn read_line(
    reader: &mut impl std::io::BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Line> {
    buf.clear();
    let mut total = 0usize;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (available.get(..=i).unwrap_or(available), true),
            None => (available, false),
        };
        let used = chunk.len();
        if total + used <= limit {
            buf.extend_from_slice(chunk);
        } else if buf.len() < limit {
            let room = limit - buf.len();
            buf.extend_from_slice(chunk.get(..room).unwrap_or(chunk));
        }
        total += used;
        reader.consume(used);
        if done {
            break;
        }
    }
    Ok(match total {
        0 => Line::End,
        n if n > limit => Line::TooLong(n),
        _ => Line::Read,
    })
}

/// `16 MiB`, `1 MiB`, `512 bytes`: a size in words.
pub fn describe_bytes(n: usize) -> String {
    if n >= 1 << 20 && n & ((1 << 20) - 1) == 0 {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n & ((1 << 10) - 1) == 0 {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

/// A count with thousands separators (`1,000,000`).
pub fn describe_count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    // Digits left to write before the next comma.
    let mut left = match digits.len() % 3 {
        0 => 3,
        r => r,
    };
    for c in digits.chars() {
        if left == 0 {
            out.push(',');
            left = 3;
        }
        out.push(c);
        left -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_past_the_limit_is_skipped_not_kept() {
        let text = format!("{{\"a\":1}}\n{}\n{{\"b\":2}}\nlast", "x".repeat(100));
        let mut reader = std::io::BufReader::with_capacity(7, text.as_bytes());
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            match read_line(&mut reader, &mut buf, 20) {
                Ok(Line::End) => break,
                Ok(line) => {
                    assert!(buf.len() <= 20, "kept {} bytes", buf.len());
                    got.push((line, String::from_utf8_lossy(&buf).into_owned()));
                }
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], (Line::Read, "{\"a\":1}\n".to_string()));
        assert_eq!(got[1].0, Line::TooLong(101));
        assert_eq!(got[2], (Line::Read, "{\"b\":2}\n".to_string()));
        assert_eq!(got[3], (Line::Read, "last".to_string()));
        // Exactly at the limit is fine.
        let mut reader = std::io::BufReader::new("abc\n".as_bytes());
        assert_eq!(read_line(&mut reader, &mut buf, 4).ok(), Some(Line::Read));
    }

    #[test]
    fn sizes_and_counts_in_words() {
        assert_eq!(describe_bytes(MAX_RECORD_BYTES), "16 MiB");
        assert_eq!(describe_bytes(MAX_TEXT_BYTES), "1 MiB");
        assert_eq!(describe_bytes(2048), "2 KiB");
        assert_eq!(describe_bytes(1000), "1000 bytes");
        assert_eq!(describe_count(MAX_EVENTS_PER_LEAD), "1,000,000");
        assert_eq!(describe_count(999), "999");
        assert_eq!(describe_count(1000), "1,000");
    }
}
