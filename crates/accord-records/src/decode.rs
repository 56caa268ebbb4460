//! The record decoder: a [`Schema`] prepared once (name → slot maps, `one
//! of` choices as shared strings) and the bookkeeping that turns one raw
//! record into a [`Lead`] or into every [`RecordError`] it has.
//!
//! JSON goes through the serde seeds in `seed`, called by the entry points
//! in `json` (straight from the text, or from a `serde_json::Value` — the
//! same code either way); CSV rows go through `csv_input`. Both end in
//! [`RecordDecoder::finish`], which checks required fields, reads the lead
//! id, sorts events by `at`, and orders the errors by schema declaration
//! order so every path reports alike. This module calls neither.

use crate::convert::{Choices, Conv, Problem};
use crate::limits::Limits;
use crate::names::NameTable;
use crate::notes::{InputNotes, UnknownKey};
use crate::schema::Schema;
use crate::value::{Event, FieldValue, Lead, RecordError};
use accord_syntax::suggest::did_you_mean;

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
    pub fields: NameTable<usize>,
    pub convs: Vec<Conv>,
}

/// A [`Schema`] prepared for reading many records: build it once, then
/// decode each record with [`RecordDecoder::decode_json`],
/// [`RecordDecoder::decode_value`] (or the CSV readers). Cheap to clone.
#[derive(Clone, Debug)]
pub struct RecordDecoder {
    pub(crate) schema: Schema,
    /// The lead-level names: fields and streams.
    pub(crate) names: NameTable<Target>,
    pub(crate) convs: Vec<Conv>,
    /// The slots of the fields a lead must have (not optional, not
    /// streams), in order.
    pub(crate) required: Vec<usize>,
    pub(crate) streams: Vec<StreamDecoder>,
    /// Where unknown keys and lead ids are noted, when asked.
    pub(crate) notes: Option<InputNotes>,
    /// The sizes a record may have (see [`crate::limits`]).
    pub(crate) limits: Limits,
    /// Who it is, for the threads' copies of it ([`RecordDecoder::on_this_thread`]).
    pub(crate) identity: crate::per_thread::Identity,
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

crate::per_thread_copies!(RecordDecoder);

impl RecordDecoder {
    /// Prepares `schema` (clones it; the decoder owns what it needs).
    pub fn new(schema: &Schema) -> RecordDecoder {
        let convs: Vec<Conv> = schema.fields.iter().map(Conv::for_field).collect();
        let names = NameTable::first_wins(schema.fields.iter().zip(&convs).enumerate().map(
            |(slot, (field, conv))| {
                let target = match conv {
                    Conv::Events(stream) => Target::Stream(slot, *stream),
                    _ => Target::Field(slot),
                };
                (field.name.as_str(), target)
            },
        ));
        let streams = schema
            .streams
            .iter()
            .map(|s| StreamDecoder {
                kind_field: s.kind_field.clone(),
                kind_conv: Conv::OneOf(Box::new(Choices::new(&s.kinds))),
                fields: NameTable::last_wins(
                    s.fields
                        .iter()
                        .enumerate()
                        .map(|(i, f)| (f.name.as_str(), i)),
                ),
                convs: s.fields.iter().map(Conv::for_field).collect(),
            })
            .collect();
        let required = (schema.fields.iter().enumerate())
            .filter(|(_, f)| !f.optional && !matches!(f.ty, crate::FieldType::Events(_)))
            .map(|(slot, _)| slot)
            .collect();
        RecordDecoder {
            schema: schema.clone(),
            names,
            convs,
            required,
            streams,
            notes: None,
            limits: Limits::default(),
            identity: crate::per_thread::Identity::new(),
        }
    }

    /// Runs `f` on this thread's copy of the decoder (see
    /// [`crate::per_thread`]): the same decoder, whose texts (the choices
    /// of `one of` fields, events' kinds) no other thread counts
    /// references to. Its notes are the decoder's own (shared).
    pub(crate) fn on_this_thread<R>(&self, f: impl FnOnce(&RecordDecoder) -> R) -> R {
        let copy = || RecordDecoder {
            notes: self.notes.clone(),
            limits: self.limits,
            identity: self.identity.for_copy(),
            ..RecordDecoder::new(&self.schema)
        };
        crate::per_thread::with_copy(&self.identity, copy, |c| f(c.unwrap_or(self)))
    }

    /// This decoder with other size limits than the documented ones
    /// (tests, tools that want tighter bounds).
    pub fn with_limits(mut self, limits: Limits) -> RecordDecoder {
        self.limits = limits;
        // Not the decoder threads copied before.
        self.identity = crate::per_thread::Identity::new();
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
        self.identity = crate::per_thread::Identity::new();
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

    /// Forgets the errors of one slot (its values are said in one error
    /// instead: [`RecordDecoder::given_again`]).
    pub(crate) fn forget(ctx: &mut Ctx, slot: usize) {
        ctx.errors.retain(|(key, _)| key.0 != slot + 1);
    }

    /// Records that one record gives the field at `slot` `times` times
    /// (two keys of a JSON object, two columns of a CSV header): the
    /// record is an error, since which value is meant is the user's to
    /// say — keeping either would quietly lose the other. `shown`: its
    /// first two values as written (`"a@x.com"`), said when both are
    /// short. The errors of its values are forgotten: this one says them.
    /// Out of line: no record without a repeated field comes here.
    #[cold]
    #[inline(never)]
    pub(crate) fn given_again(
        &self,
        ctx: &mut Ctx,
        slot: usize,
        times: usize,
        shown: Option<(String, String)>,
    ) {
        /// Longer values are not repeated in the message.
        const SHORT: usize = 40;
        Self::forget(ctx, slot);
        let at = At::Field(slot);
        let path = self.path(at).unwrap_or_else(|| "?".into());
        let shown = shown
            .filter(|(a, b)| times == 2 && a.chars().count() <= SHORT && b.chars().count() <= SHORT)
            .map(|(a, b)| format!("{a}, then {b}"));
        let count = match times {
            2 => "twice".to_string(),
            n => format!("{n} times"),
        };
        let message = match &shown {
            Some(values) => format!("{path} is given {count} in this record ({values}): keep one"),
            None => format!("{path} is given {count} in this record: keep one"),
        };
        let found = shown.unwrap_or_else(|| format!("{times} values"));
        let error = self.record_error(ctx, at, &format!("{path} given once"), &found, &message);
        ctx.errors.push((Self::sort_key(at, 0), error));
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
        for &slot in &self.required {
            if values.get(slot).is_some_and(FieldValue::is_missing) {
                let already_reported = ctx.errors.iter().any(|(k, _)| k.0 == slot + 1);
                if !already_reported {
                    let expected = self.convs.get(slot).map(Conv::describe).unwrap_or_default();
                    self.required(&mut ctx, At::Field(slot), 0, expected, false);
                }
            }
        }
        let id: Option<crate::value::LeadText> =
            match self.schema.id_field.and_then(|slot| values.get(slot)) {
                Some(FieldValue::Text(t)) => Some(t.clone()),
                Some(FieldValue::Number(n)) => Some(crate::value::format_number(*n).into()),
                _ => ctx.raw_id.take().map(Into::into),
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
                id: id.unwrap_or_else(|| format!("#{}", ctx.record).into()),
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
                e.lead_id = id.as_deref().map(str::to_string);
                e
            })
            .collect())
    }
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

#[cfg(test)]
mod tests {
    use super::scan_id;

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
