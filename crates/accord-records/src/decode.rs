//! The record decoder: a [`Schema`] prepared once (name → slot maps, `one
//! of` choices as shared strings) and the bookkeeping that turns one raw
//! record into a [`Lead`] or into every [`RecordError`] it has.
//!
//! JSON goes through the serde seeds in `seed` (straight from the text, or
//! from a `serde_json::Value` — the same code either way); CSV rows go
//! through `csv_input`. Both end in [`RecordDecoder::finish`], which checks
//! required fields, reads the lead id, sorts events by `at`, and orders the
//! errors by schema declaration order so every path reports alike.

use crate::convert::{Conv, Problem};
use crate::limits::Limits;
use crate::notes::{did_you_mean, InputNotes, UnknownKey};
use crate::schema::Schema;
use crate::value::{Event, FieldValue, Lead, RecordError};
use std::collections::HashMap;

/// What a lead-level key names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A plain field, by slot.
    Field(usize),
    /// An event stream: (slot, stream index).
    Stream(usize, usize),
}

/// A stream prepared for decoding.
#[derive(Clone, Debug)]
pub(crate) struct StreamDecoder {
    pub kind_field: String,
    /// `one of` the stream's kinds (for reading and for messages).
    pub kind_conv: Conv,
    /// Event field name → index into `StreamSpec::fields`.
    pub fields: HashMap<Box<str>, usize>,
    pub convs: Vec<Conv>,
}

/// A [`Schema`] prepared for reading many records: build it once, then
/// decode each record with [`RecordDecoder::decode_json`],
/// [`RecordDecoder::decode_value`] (or the CSV readers). Cheap to clone.
#[derive(Clone, Debug)]
pub struct RecordDecoder {
    pub(crate) schema: Schema,
    pub(crate) names: HashMap<Box<str>, Target>,
    pub(crate) convs: Vec<Conv>,
    pub(crate) streams: Vec<StreamDecoder>,
    /// Where unknown keys and lead ids are noted, when asked.
    pub(crate) notes: Option<InputNotes>,
    /// The sizes a record may have (see [`crate::limits`]).
    pub(crate) limits: Limits,
}

/// Where in a record a value sits (rendered into `RecordError::field`
/// only when there is an error).
#[derive(Clone, Copy, Debug)]
pub(crate) enum At<'a> {
    /// The record as a whole.
    Record,
    Field(usize),
    /// `tags[2]` (0-based).
    Item(usize, usize),
    /// `activities[3]` — the event as a whole.
    Event(usize, usize),
    /// `activities[3].page`.
    EventField(usize, usize, &'a str),
    /// `activities[3].tags[1]`.
    EventItem(usize, usize, &'a str, usize),
}

/// Errors of the record being decoded, with a sort key so that every
/// reading order reports in schema order.
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    pub record: usize,
    pub line: Option<usize>,
    pub errors: Vec<((usize, usize, usize), RecordError)>,
    /// The id as written, captured while decoding (even if ill-typed).
    pub raw_id: Option<String>,
    /// Keys that are not in the schema (collected only with notes).
    pub unknown: Vec<UnknownKey>,
}

impl Ctx {
    pub(crate) fn new(record: usize, line: Option<usize>) -> Ctx {
        Ctx {
            record,
            line,
            errors: Vec::new(),
            raw_id: None,
            unknown: Vec::new(),
        }
    }
}

impl RecordDecoder {
    /// Prepares `schema` (clones it; the decoder owns what it needs).
    pub fn new(schema: &Schema) -> RecordDecoder {
        let mut names = HashMap::with_capacity(schema.fields.len());
        let mut convs = Vec::with_capacity(schema.fields.len());
        for (slot, field) in schema.fields.iter().enumerate() {
            let conv = Conv::for_field(field);
            let target = match conv {
                Conv::Events(stream) => Target::Stream(slot, stream),
                _ => Target::Field(slot),
            };
            names.entry(field.name.as_str().into()).or_insert(target);
            convs.push(conv);
        }
        let streams = schema
            .streams
            .iter()
            .map(|s| StreamDecoder {
                kind_field: s.kind_field.clone(),
                kind_conv: Conv::OneOf(s.kinds.iter().map(|k| k.as_str().into()).collect()),
                fields: s
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (f.name.as_str().into(), i))
                    .collect(),
                convs: s.fields.iter().map(Conv::for_field).collect(),
            })
            .collect();
        RecordDecoder {
            schema: schema.clone(),
            names,
            convs,
            streams,
            notes: None,
            limits: Limits::default(),
        }
    }

    /// This decoder with other size limits than the documented ones
    /// (tests, tools that want tighter bounds).
    pub fn with_limits(mut self, limits: Limits) -> RecordDecoder {
        self.limits = limits;
        self
    }

    /// The size limits this decoder applies.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// This decoder, noting in `notes` every key that is not in the schema
    /// (once per distinct key, with the first record it appears in) and
    /// every lead id read (to report duplicates). Clones share the notes.
    pub fn with_notes(mut self, notes: InputNotes) -> RecordDecoder {
        self.notes = Some(notes);
        self
    }

    /// The notes this decoder reports into, if any.
    pub fn notes(&self) -> Option<&InputNotes> {
        self.notes.as_ref()
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The warning for an unknown key, with the closest schema name.
    fn describe_unknown(&self, code: &'static str, shown: &str) -> String {
        match shown.split_once("[].") {
            Some((stream, key)) => {
                let spec = self.schema.streams.iter().find(|s| s.name == stream);
                let names = spec.into_iter().flat_map(|s| {
                    s.fields
                        .iter()
                        .map(|f| f.name.as_str())
                        .chain([s.kind_field.as_str(), "at"])
                });
                format!(
                    "unknown key `{key}` in {stream} events{}: not a field of the stream, so it is ignored",
                    did_you_mean(key, names)
                )
            }
            None => {
                let names = self.schema.fields.iter().map(|f| f.name.as_str());
                let what = if code == "unknown-column" {
                    "column"
                } else {
                    "key"
                };
                format!(
                    "unknown {what} `{shown}`{}: not a field of the schema, so it is ignored",
                    did_you_mean(shown, names)
                )
            }
        }
    }

    /// Notes what one record showed (its id, its unknown keys).
    fn note(&self, ctx: &mut Ctx, id: Option<&str>) {
        let Some(notes) = &self.notes else {
            return;
        };
        if let Some(id) = id {
            notes.saw_id(id, ctx.record, ctx.line);
        }
        if !ctx.unknown.is_empty() {
            let keys = std::mem::take(&mut ctx.unknown);
            notes.unknown_keys(keys, ctx.record, ctx.line, id, |code, shown| {
                self.describe_unknown(code, shown)
            });
        }
    }

    /// Decodes one JSON object (e.g. an NDJSON line) straight from its
    /// text; a leading byte-order mark and trailing whitespace (the line
    /// end) are not part of it. Malformed JSON is one error for the record ("not valid JSON"),
    /// naming the lead id when a light scan of the text can find it.
    pub fn decode_json(
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
        let mut de = serde_json::Deserializer::from_slice(text);
        let parsed = crate::seed::decode_lead(self, &mut ctx, &mut de).and_then(|parts| {
            de.end()?;
            Ok(parts)
        });
        match parsed {
            Ok(Some((values, streams))) => self.finish(ctx, values, streams),
            Ok(None) => Err(self.fail(ctx)),
            Err(e) => Err(vec![self.malformed(record, line, text, &json_detail(&e))]),
        }
    }

    /// Decodes one already-parsed JSON value. Agrees with
    /// [`RecordDecoder::decode_json`] on the same record.
    pub fn decode_value(
        &self,
        value: &serde_json::Value,
        record: usize,
        line: Option<usize>,
    ) -> Result<Lead, Vec<RecordError>> {
        self.decode_from(value, record, line)
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
        let mut ctx = Ctx::new(record, line);
        match crate::seed::decode_lead(self, &mut ctx, de) {
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

    /// The error row for a record whose text is not valid JSON.
    pub(crate) fn malformed(
        &self,
        record: usize,
        line: Option<usize>,
        text: &[u8],
        detail: &str,
    ) -> RecordError {
        let lead_id = self.id_name().and_then(|name| scan_id(text, name));
        RecordError {
            record,
            line,
            lead_id,
            field: None,
            expected: "a JSON object".into(),
            found: crate::convert::quote(&String::from_utf8_lossy(text)),
            message: format!("not valid JSON: {detail}"),
        }
    }

    pub(crate) fn id_name(&self) -> Option<&str> {
        self.schema
            .id_field
            .and_then(|slot| self.schema.fields.get(slot))
            .map(|f| f.name.as_str())
    }

    /// Renders a location as a field path.
    pub(crate) fn path(&self, at: At<'_>) -> Option<String> {
        let field = |slot: usize| {
            self.schema
                .fields
                .get(slot)
                .map(|f| f.name.as_str())
                .unwrap_or("?")
        };
        match at {
            At::Record => None,
            At::Field(slot) => Some(field(slot).to_string()),
            At::Item(slot, i) => Some(format!("{}[{i}]", field(slot))),
            At::Event(slot, i) => Some(format!("{}[{i}]", field(slot))),
            At::EventField(slot, i, name) => Some(format!("{}[{i}].{name}", field(slot))),
            At::EventItem(slot, i, name, j) => Some(format!("{}[{i}].{name}[{j}]", field(slot))),
        }
    }

    fn sort_key(at: At<'_>, member: usize) -> (usize, usize, usize) {
        match at {
            At::Record => (0, 0, 0),
            At::Field(slot) => (slot + 1, 0, 0),
            At::Item(slot, i) | At::Event(slot, i) => (slot + 1, i, member),
            At::EventField(slot, i, _) | At::EventItem(slot, i, _, _) => (slot + 1, i, member),
        }
    }

    pub(crate) fn record_error(
        &self,
        ctx: &Ctx,
        at: At<'_>,
        expected: &str,
        found: &str,
        message: &str,
    ) -> RecordError {
        RecordError {
            record: ctx.record,
            line: ctx.line,
            lead_id: None,
            field: self.path(at),
            expected: expected.to_string(),
            found: found.to_string(),
            message: message.to_string(),
        }
    }

    /// Records a conversion problem at `at`. `member` orders errors inside
    /// one event (0 = kind, 1 = at, 2+ = fields).
    pub(crate) fn problem(&self, ctx: &mut Ctx, at: At<'_>, member: usize, p: Problem) {
        let path = self.path(at).unwrap_or_else(|| "the record".into());
        let mut message = format!("{path} should be {}, but is {}", p.expected, p.found);
        if let Some(note) = &p.note {
            message.push_str(": ");
            message.push_str(note);
        }
        let error = RecordError {
            record: ctx.record,
            line: ctx.line,
            lead_id: None,
            field: self.path(at),
            expected: p.expected,
            found: p.found,
            message,
        };
        ctx.errors.push((Self::sort_key(at, member), error));
    }

    /// Records that a required value is absent (`null` = `found_null`).
    pub(crate) fn required(
        &self,
        ctx: &mut Ctx,
        at: At<'_>,
        member: usize,
        expected: String,
        found_null: bool,
    ) {
        let path = self.path(at).unwrap_or_else(|| "the record".into());
        let (found, message) = if found_null {
            (
                "null".to_string(),
                format!("{path} is required but is null"),
            )
        } else {
            (
                "nothing".to_string(),
                format!("{path} is required but missing"),
            )
        };
        let error = RecordError {
            record: ctx.record,
            line: ctx.line,
            lead_id: None,
            field: self.path(at),
            expected,
            found,
            message,
        };
        ctx.errors.push((Self::sort_key(at, member), error));
    }

    /// Forgets the errors of one slot (the key appeared again; last wins).
    pub(crate) fn forget(ctx: &mut Ctx, slot: usize) {
        ctx.errors.retain(|(key, _)| key.0 != slot + 1);
    }

    /// The errors of a record that could not be read as a lead at all.
    pub(crate) fn fail(&self, mut ctx: Ctx) -> Vec<RecordError> {
        ctx.errors.sort_by_key(|(key, _)| *key);
        ctx.errors.into_iter().map(|(_, e)| e).collect()
    }

    /// Completes a record: required fields, the lead id, events sorted by
    /// `at`, errors in schema order with the lead id filled in.
    pub(crate) fn finish(
        &self,
        mut ctx: Ctx,
        values: Vec<FieldValue>,
        mut streams: Vec<Vec<Event>>,
    ) -> Result<Lead, Vec<RecordError>> {
        for (slot, (field, value)) in self.schema.fields.iter().zip(&values).enumerate() {
            if value.is_missing()
                && !field.optional
                && !matches!(field.ty, crate::FieldType::Events(_))
            {
                let already_reported = ctx.errors.iter().any(|(k, _)| k.0 == slot + 1);
                if !already_reported {
                    let expected = self.convs.get(slot).map(Conv::describe).unwrap_or_default();
                    self.required(&mut ctx, At::Field(slot), 0, expected, false);
                }
            }
        }
        let id = match self.schema.id_field.and_then(|slot| values.get(slot)) {
            Some(FieldValue::Text(t)) => Some(t.to_string()),
            Some(FieldValue::Number(n)) => Some(crate::value::format_number(*n)),
            _ => ctx.raw_id.take(),
        };
        self.note(&mut ctx, id.as_deref());
        let events: usize = streams.iter().map(Vec::len).sum();
        if let Some((expected, found, message)) =
            crate::limits::too_many_events(events, self.limits.events_per_lead)
        {
            let error = self.record_error(&ctx, At::Record, &expected, &found, &message);
            ctx.errors.push(((0, 0, 0), error));
        }
        if ctx.errors.is_empty() {
            for events in &mut streams {
                if events
                    .windows(2)
                    .any(|w| matches!(w, [a, b] if a.at > b.at))
                {
                    events.sort_by_key(|e| e.at);
                }
            }
            return Ok(Lead {
                id: id.unwrap_or_else(|| format!("#{}", ctx.record)),
                record: ctx.record,
                values,
                streams,
            });
        }
        ctx.errors.sort_by_key(|(key, _)| *key);
        Err(ctx
            .errors
            .into_iter()
            .map(|(_, mut e)| {
                e.lead_id.clone_from(&id);
                e
            })
            .collect())
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

/// Finds the value of `"name": …` in possibly malformed JSON text, without
/// parsing it: the first occurrence of the quoted key followed by `:` and a
/// string (up to its closing quote) or a bare number/word.
pub(crate) fn scan_id(text: &[u8], name: &str) -> Option<String> {
    let key = format!("\"{name}\"");
    let key = key.as_bytes();
    let mut from = 0;
    while let Some(rel) = text.get(from..)?.windows(key.len()).position(|w| w == key) {
        let mut i = from + rel + key.len();
        from = i;
        while text.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if text.get(i) != Some(&b':') {
            continue;
        }
        i += 1;
        while text.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let rest = text.get(i..)?;
        let value: &[u8] = if rest.first() == Some(&b'"') {
            let body = rest.get(1..)?;
            let end = body
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b == b'\n')?;
            body.get(..end)?
        } else {
            let end = rest
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
                .unwrap_or(rest.len());
            rest.get(..end)?
        };
        if value.is_empty() || value.len() > 200 {
            return None;
        }
        return std::str::from_utf8(value).ok().map(str::to_string);
    }
    None
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
    use super::scan_id;

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
    fn scans_ids_from_broken_json() {
        assert_eq!(
            scan_id(br#"{"lead_id": "L-7", "x": }"#, "lead_id").as_deref(),
            Some("L-7")
        );
        assert_eq!(
            scan_id(br#"{"lead_id":1042,"x"#, "lead_id").as_deref(),
            Some("1042")
        );
        assert_eq!(
            scan_id(br#"{"other_lead_id": "no", "lead_id": "L-8""#, "lead_id").as_deref(),
            Some("L-8")
        );
        assert_eq!(scan_id(br#"{"lead_id" "L-9"}"#, "lead_id"), None);
        assert_eq!(scan_id(br#"{"lead_id": "unterminated"#, "lead_id"), None);
    }
}
