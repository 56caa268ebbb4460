//! Decoding a lead from JSON: straight from its text
//! ([`RecordDecoder::decode_json`]), from a `serde_json::Value`
//! ([`RecordDecoder::decode_value`], [`lead_from_json`]) or from any serde
//! deserializer that presents a record as a map
//! ([`RecordDecoder::decode_from`]). These entry points run the serde seeds
//! of `seed` and hand what they read to the decoder's bookkeeping in
//! `decode` (the layering: `json` → `seed` → `decode`).
//!
//! A lead field named twice in one object is an error for that field
//! when the keys are read from the text (or any deserializer that hands
//! over every key). From a `serde_json::Value` it cannot be told:
//! serde_json keeps only the last value of a repeated key while it builds
//! the `Value`, before the decoder sees it — so `Policy::evaluate_json`,
//! the server and the Python package, which take parsed JSON, read such a
//! record with its last value.

use crate::decode::{At, Ctx, RecordDecoder};
use crate::schema::Schema;
use crate::value::{Lead, RecordError};

impl RecordDecoder {
    /// Decodes one JSON object (e.g. an NDJSON line) straight from its
    /// text; a leading byte-order mark and trailing whitespace (the line
    /// end) are not part of it. Malformed JSON is one error for the record ("not valid JSON"),
    /// naming the lead id when a light scan of the text can find it.
    /// Decoded on this thread's copy of the decoder
    /// (`RecordDecoder::on_this_thread`), as [`RecordDecoder::decode_value`]
    /// and [`RecordDecoder::decode_from`] are.
    pub fn decode_json(
        &self,
        text: &[u8],
        record: usize,
        line: Option<usize>,
    ) -> Result<Lead, Vec<RecordError>> {
        self.on_this_thread(|d| d.decode_json_here(text, record, line))
    }

    fn decode_json_here(
        &self,
        text: &[u8],
        record: usize,
        line: Option<usize>,
    ) -> Result<Lead, Vec<RecordError>> {
        let mut ctx = Ctx::new(record, line);
        // A UTF-8 byte-order mark (an editor's, before the first record of
        // a file) is not part of the record: stripped here, so every path
        // that reads records (the readers, the parallel NDJSON batch) is
        // served by this one place.
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        // The line's own end (`\n`, `\r\n`) is not part of the record: an
        // unterminated string then reads as "EOF", not "control character".
        let end = text
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(0, |i| i + 1);
        let text = text.get(..end).unwrap_or(text);
        // Valid UTF-8 (nearly every record) is checked once, in one pass
        // over the whole text, and read as `str`: the byte reader would
        // check every string again as it reads it. Invalid text goes the
        // byte way, which says where the bad byte is.
        let parsed = match std::str::from_utf8(text) {
            Ok(s) => self.decode_parts(&mut ctx, serde_json::Deserializer::from_str(s)),
            Err(_) => self.decode_parts(&mut ctx, serde_json::Deserializer::from_slice(text)),
        };
        match parsed {
            Ok(Some((values, streams))) => self.finish(ctx, values, streams),
            Ok(None) => Err(self.fail(ctx)),
            Err(e) => {
                let mut detail = json_detail(&e);
                if e.classify() == serde_json::error::Category::Syntax
                    && text
                        .windows(2)
                        .any(|w| matches!(w, [b'\r', next] if *next != b'\n'))
                {
                    // Several records on one "line": old Mac line ends.
                    detail.push_str(
                        " (its lines end with a lone carriage return, which NDJSON does not \
                         take as a line end: save the file with Unix or Windows line ends)",
                    );
                }
                let mut error = self.malformed(record, line, text, &detail);
                // A record cut off is not about the field it stops in.
                if e.classify() != serde_json::error::Category::Eof {
                    error.field = key_at(text, offset_of(text, &e));
                }
                Err(vec![error])
            }
        }
    }

    /// The lead's parts from a JSON reader, which must then be at the end
    /// of its text.
    fn decode_parts<'de, R: serde_json::de::Read<'de>>(
        &self,
        ctx: &mut Ctx,
        mut de: serde_json::Deserializer<R>,
    ) -> Result<Option<crate::seed::Parts>, serde_json::Error> {
        let parts = crate::seed::decode_lead(self, ctx, &mut de)?;
        de.end()?;
        Ok(parts)
    }

    /// Decodes one already-parsed JSON value, walking it directly (`walk`)
    /// rather than as a serde deserializer. Agrees with
    /// [`RecordDecoder::decode_json`] and [`RecordDecoder::decode_from`]
    /// on the same record — but for a field named twice in its text:
    /// `serde_json` kept only the last value of the key when it built the
    /// `Value`, so that record reads here with its last value, where
    /// [`RecordDecoder::decode_json`] gives an error for the field. This
    /// cannot be told from the `Value`; parse the text with
    /// [`RecordDecoder::decode_json`] to catch it.
    pub fn decode_value(
        &self,
        value: &serde_json::Value,
        record: usize,
        line: Option<usize>,
    ) -> Result<Lead, Vec<RecordError>> {
        self.on_this_thread(|d| {
            let mut ctx = Ctx::new(record, line);
            let parts = crate::walk::lead_from_value(d, &mut ctx, value);
            d.finish_parts(ctx, parts)
        })
    }

    /// Decodes one record from any serde [`Deserializer`](serde::Deserializer)
    /// that presents it as a map of field names to values (an Arrow row in
    /// `accord-arrow`, a `serde_json::Value`): the same conversions, checks
    /// and error rows as JSON text. An error of the deserializer itself
    /// (which a well-formed source never raises) is one error for the
    /// record, so every record still yields a lead or its errors.
    pub fn decode_from<'de, D: serde::Deserializer<'de>>(
        &self,
        de: D,
        record: usize,
        line: Option<usize>,
    ) -> Result<Lead, Vec<RecordError>> {
        self.on_this_thread(|d| {
            let mut ctx = Ctx::new(record, line);
            let parts = crate::seed::decode_lead(d, &mut ctx, de);
            d.finish_parts(ctx, parts)
        })
    }

    /// The lead, or its errors, from what a walk of a record (already
    /// parsed: its source never fails on its own) read. An error of the
    /// source itself is one error for the record.
    fn finish_parts<E: std::fmt::Display>(
        &self,
        ctx: Ctx,
        parts: Result<Option<crate::seed::Parts>, E>,
    ) -> Result<Lead, Vec<RecordError>> {
        match parts {
            Ok(Some((values, streams))) => self.finish(ctx, values, streams),
            Ok(None) => Err(self.fail(ctx)),
            Err(e) => Err(vec![self.record_error(
                &ctx,
                At::Record,
                "a JSON object",
                "?",
                &e.to_string(),
            )]),
        }
    }
}

/// Decodes one JSON record against `schema`: a [`Lead`], or every error
/// the record has (each naming the record, the lead id when readable, the
/// field, what was expected and what was found).
///
/// Builds a [`RecordDecoder`] on every call; to read many records, build
/// one decoder and call [`RecordDecoder::decode_value`] (or better,
/// [`RecordDecoder::decode_json`] on the text, which skips the `Value`).
pub fn lead_from_json(
    schema: &Schema,
    value: &serde_json::Value,
    record: usize,
    line: Option<usize>,
) -> Result<Lead, Vec<RecordError>> {
    RecordDecoder::new(schema).decode_value(value, record, line)
}

/// The byte offset in `text` of the place serde_json's error `e` points at
/// (its line and column, both 1-based).
fn offset_of(text: &[u8], e: &serde_json::Error) -> usize {
    let line_start = if e.line() <= 1 {
        0
    } else {
        text.iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .nth(e.line() - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    line_start + e.column().saturating_sub(1)
}

/// The key of the top-level object member whose value holds byte
/// `offset` of `text` (JSON that may be malformed there), so that an error
/// there names its field; `None` outside a member's value, or for a key
/// that is not short text.
fn key_at(text: &[u8], offset: usize) -> Option<String> {
    let text = text.get(..offset.saturating_add(1).min(text.len()))?;
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut expect_key, mut key_start, mut key) = (false, 0, None::<&[u8]>);
    for (i, &b) in text.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => {
                    in_string = false;
                    if depth == 1 && expect_key {
                        key = text.get(key_start..i);
                        expect_key = false;
                    }
                }
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                key_start = i + 1;
            }
            b'{' | b'[' => {
                if depth == 0 && b == b'[' {
                    return None;
                }
                depth += 1;
                expect_key = depth == 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                // The record is over: what follows is in no member.
                if depth == 0 {
                    return None;
                }
            }
            b',' if depth == 1 => {
                expect_key = true;
                key = None;
            }
            _ => {}
        }
    }
    let key = key.filter(|k| !k.is_empty() && k.len() <= 200)?;
    std::str::from_utf8(key).ok().map(str::to_string)
}

/// serde_json's message with its position said relative to the record
/// (the row already names the file line): `EOF while parsing a string,
/// at column 1891`.
fn json_detail(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let what = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    if e.line() <= 1 {
        format!("{what}, at column {}", e.column())
    } else {
        format!(
            "{what}, at line {} column {} of the record",
            e.line(),
            e.column()
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn malformed_json_says_where_in_the_record() {
        let e = serde_json::from_slice::<serde_json::Value>(b"{\"a\": \"unterminated")
            .err()
            .map(|e| super::json_detail(&e));
        assert_eq!(
            e.as_deref(),
            Some("EOF while parsing a string, at column 19")
        );
    }

    #[test]
    fn malformed_json_names_the_member_it_breaks_in() {
        let key = |text: &str| {
            serde_json::from_str::<serde_json::Value>(text)
                .err()
                .and_then(|e| super::key_at(text.as_bytes(), super::offset_of(text.as_bytes(), &e)))
        };
        assert_eq!(
            key(r#"{"id": "a", "employees": 1e400, "x": 1}"#).as_deref(),
            Some("employees")
        );
        assert_eq!(
            key("{\"id\": \"a,\\\"\",\n \"acts\": [{\"at\": 1e999}]}").as_deref(),
            Some("acts")
        );
        assert_eq!(key(r#"{"id": "a",, "x": 1}"#), None);
        assert_eq!(key(r#"{"id": "a", "x": 1} {"id": "b"}"#), None);
        assert_eq!(key(r#"[{"id": 1e400}]"#), None);
    }
}
