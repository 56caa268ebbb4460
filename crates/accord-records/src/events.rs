//! The events CSV (the CRM "tasks/activities" export): rows grouped by lead
//! id into an [`EventsIndex`], merged into each lead as the leads stream by.
//!
//! Problems in the events file are the events file's own errors, each
//! naming its events-file row and line (a table's — Parquet, Arrow — by
//! its row only: [`EventsIndex::read_rows`]), the lead id and the field —
//! never rows of the leads output:
//! - a bad row is an error of [`EventsIndex::from_csv`]; the lead it names
//!   is not evaluated on part of its history: its row becomes an error row
//!   that points at the events file;
//! - events for a lead id that is not in the leads input are reported once
//!   the leads have been read to the end, through an [`UnmatchedEvents`]
//!   handle (the leads output keeps one row per lead record);
//! - a lead that embeds events of a stream (NDJSON/JSON `activities`) and
//!   also has events of that stream in the events file gets an error row
//!   naming the stream: the events would otherwise count twice;
//! - a lead record whose id an earlier record with events already had gets
//!   an error row: the events went to that record.

use crate::convert::{from_cell, quote, Conv};
use crate::decode::RecordDecoder;
use crate::notes::{InputNotes, InputWarning};
use crate::schema::Schema;
use crate::value::{Event, FieldValue, Lead, RecordError};
use accord_syntax::suggest::did_you_mean;
use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Mutex};

/// Events read from an events CSV, grouped by lead id, waiting to be merged
/// into their leads while the leads stream by.
///
/// Unlike the leads, **the events are held in memory** (all of them, until
/// their lead is read): an events export is not ordered by lead, so it has
/// to be grouped first. Each lead's events are removed from the index when
/// the lead is read, so the index shrinks as the leads stream; events left
/// at the end belong to lead ids that were not in the leads input: see
/// [`EventsIndex::unmatched_handle`].
#[derive(Clone, Debug, Default)]
pub struct EventsIndex {
    by_lead: HashMap<String, LeadEvents>,
    /// The ids whose events a lead took, with that lead's record: a later
    /// record with the same id cannot be given them too (which record they
    /// belong to is not known), so it is an error row, not a lead decided
    /// on no events. One entry per lead that had events: the index held
    /// those ids and their events before.
    claimed: HashMap<String, usize>,
    events: usize,
    /// The schema's stream names, by index (for messages).
    stream_names: Vec<String>,
    unmatched: UnmatchedEvents,
    /// At most `limits.events_per_lead` events are kept for any lead.
    limits: crate::limits::Limits,
    /// Whether the events came as rows of a table (Parquet, Arrow), whose
    /// rows are said by number (`row 4`), or as lines of a CSV file.
    table_rows: bool,
}

impl EventsIndex {
    /// Where an events-file row is, as the file is read: `line 5` of a
    /// CSV file, `row 4` of a table (`n` is the line, or the row).
    fn place(&self, n: &[usize]) -> String {
        let word = if self.table_rows { "row" } else { "line" };
        let numbers: Vec<String> = n.iter().map(usize::to_string).collect();
        let plural = if n.len() == 1 { "" } else { "s" };
        format!("{word}{plural} {}", numbers.join(", "))
    }
}

/// Where the errors for events of unknown leads arrive: filled by the lead
/// reader holding the [`EventsIndex`] when it reaches the end of the leads
/// (keep a handle with [`EventsIndex::unmatched_handle`] before giving the
/// index to the reader).
#[derive(Clone, Debug, Default)]
pub struct UnmatchedEvents(Arc<Mutex<Option<Vec<RecordError>>>>);

impl UnmatchedEvents {
    /// One error per lead id whose events no lead claimed (in events-file
    /// order; `record` and `line` are the events-file row and line of its
    /// first event), or `None` while the leads have not been read to the
    /// end.
    pub fn get(&self) -> Option<Vec<RecordError>> {
        self.0.lock().ok().and_then(|slot| slot.clone())
    }

    fn set(&self, errors: Vec<RecordError>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(errors);
        }
    }
}

#[derive(Clone, Debug)]
struct LeadEvents {
    /// Per schema stream.
    streams: Vec<Vec<Event>>,
    /// Events-file row number and line of the first event (or bad row).
    first: (usize, usize),
    /// Events-file line of the first event, per stream.
    first_line: Vec<Option<usize>>,
    count: usize,
    /// Events not kept because the lead already had the most it may have
    /// ([`crate::limits::MAX_EVENTS_PER_LEAD`]).
    dropped: usize,
    /// Lines of bad events-file rows that name this lead (their errors are
    /// the events file's; the lead is not evaluated on part of its history).
    bad_lines: Vec<usize>,
}

/// Columns of the events CSV.
struct EventCols {
    lead: usize,
    stream: usize,
    kind: usize,
    at: usize,
    /// Per stream, per event field: the column holding it.
    fields: Vec<Vec<Option<usize>>>,
    width: usize,
}

impl EventsIndex {
    /// Reads an events CSV with columns `lead_id` (or the schema's id field
    /// name), `stream` (`activities`/`activity`, `attempts`/`attempt`),
    /// `kind` (or `channel`, or the stream's kind field name), `at`, and
    /// any event fields as extra columns (by name; columns a stream does not
    /// have are ignored for its rows).
    ///
    /// Returns the index and an error per bad row, each naming the
    /// events-file row (`record`), line, lead id (when the row has one) and
    /// field. A header without the required columns is one error with
    /// `record` 0 and an empty index.
    pub fn from_csv(schema: &Schema, reader: impl Read) -> (EventsIndex, Vec<RecordError>) {
        EventsIndex::read_csv(RecordDecoder::new(schema), reader)
    }

    /// [`EventsIndex::from_csv`], noting in `notes` each header column
    /// that is no event field (once, with the closest name).
    pub fn from_csv_noted(
        schema: &Schema,
        reader: impl Read,
        notes: &InputNotes,
    ) -> (EventsIndex, Vec<RecordError>) {
        EventsIndex::read_csv(RecordDecoder::new(schema).with_notes(notes.clone()), reader)
    }

    /// [`EventsIndex::from_csv`] with a decoder already built (its notes
    /// and [`crate::limits::Limits`] apply).
    pub fn read_csv(dec: RecordDecoder, reader: impl Read) -> (EventsIndex, Vec<RecordError>) {
        let schema = dec.schema();
        let mut index = EventsIndex {
            stream_names: schema.streams.iter().map(|s| s.name.clone()).collect(),
            limits: dec.limits(),
            ..EventsIndex::default()
        };
        let mut errors = Vec::new();
        let known = known_columns(&dec);
        let (mut csv, _) =
            crate::csv_separator::csv_reader(reader, dec.limits().record_bytes, |n| {
                known.contains(&n)
            });
        let cols = match csv.byte_headers() {
            Ok(h) => event_columns(&dec, h),
            Err(e) => Err(Box::new(header_error(
                "a readable CSV header",
                &e.to_string(),
                &format!("could not read the events file: {e}"),
            ))),
        };
        let cols = match cols {
            Ok(c) => c,
            Err(e) => return (index, vec![*e]),
        };
        let mut row = csv::ByteRecord::new();
        let mut record = 0;
        loop {
            match csv.read_byte_record(&mut row) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    record += 1;
                    let line = e.position().map(|p| csv.get_mut().line_at(p.byte()));
                    errors.push(RecordError {
                        record,
                        line,
                        lead_id: None,
                        field: None,
                        expected: "a readable CSV file".into(),
                        found: e.to_string(),
                        message: format!(
                            "could not read the events file: {e}; reading stopped here"
                        ),
                    });
                    break;
                }
            }
            record += 1;
            let line = row
                .position()
                .map_or(0, |p| csv.get_mut().line_at(p.byte()));
            index.add_row(&dec, &cols, &row, (record, line), &mut errors);
        }
        (index, errors)
    }

    /// [`EventsIndex::read_csv`] for rows already split into cells (an
    /// Arrow or Parquet events table, each cell as the text a CSV export
    /// would hold: `""` for null): the same columns, conversions and
    /// errors. Each row comes with its number `n` (1-based, in the whole
    /// table: rows that could not be read leave gaps) and is said as row
    /// `n`: its errors have that `record` and no `line` (a table has no
    /// lines).
    pub fn read_rows(
        dec: RecordDecoder,
        header: &[String],
        rows: impl Iterator<Item = (usize, Vec<String>)>,
    ) -> (EventsIndex, Vec<RecordError>) {
        let schema = dec.schema();
        let mut index = EventsIndex {
            stream_names: schema.streams.iter().map(|s| s.name.clone()).collect(),
            limits: dec.limits(),
            table_rows: true,
            ..EventsIndex::default()
        };
        let cols = match event_columns(&dec, &csv::ByteRecord::from(header.to_vec())) {
            Ok(c) => c,
            Err(mut e) => {
                e.line = None;
                return (index, vec![*e]);
            }
        };
        let mut errors = Vec::new();
        for (n, cells) in rows {
            let row = csv::ByteRecord::from(cells);
            // Numbered by row: the row number stands for the line.
            index.add_row(&dec, &cols, &row, (n, n), &mut errors);
        }
        for e in &mut errors {
            e.line = None;
        }
        (index, errors)
    }

    /// Adds one events row (`at`: its row number and line), or its errors.
    fn add_row(
        &mut self,
        dec: &RecordDecoder,
        cols: &EventCols,
        row: &csv::ByteRecord,
        (record, line): (usize, usize),
        errors: &mut Vec<RecordError>,
    ) {
        let streams = dec.schema().streams.len();
        match event_row(dec, cols, row, record, line) {
            Ok((lead, stream, event)) => self.insert(lead, stream, event, streams, (record, line)),
            Err(e) => {
                // The lead it names must not be judged without it.
                if let Some(lead) = e.first().and_then(|first| first.lead_id.clone()) {
                    self.entry(lead, streams, (record, line))
                        .bad_lines
                        .push(line);
                }
                errors.extend(e);
            }
        }
    }

    fn insert(
        &mut self,
        lead: String,
        stream: usize,
        event: Event,
        streams: usize,
        at: (usize, usize),
    ) {
        let limit = self.limits.events_per_lead;
        let entry = self.entry(lead, streams, at);
        if entry.count >= limit {
            // Counted, not kept: the lead gets an error row.
            entry.dropped += 1;
            return;
        }
        if let (Some(list), Some(first)) = (
            entry.streams.get_mut(stream),
            entry.first_line.get_mut(stream),
        ) {
            list.push(event);
            first.get_or_insert(at.1);
            if entry.count == 0 {
                entry.first = at;
            }
            entry.count += 1;
            self.events += 1;
        }
    }

    fn entry(&mut self, lead: String, streams: usize, at: (usize, usize)) -> &mut LeadEvents {
        self.by_lead.entry(lead).or_insert_with(|| LeadEvents {
            streams: (0..streams).map(|_| Vec::new()).collect(),
            first: at,
            first_line: vec![None; streams],
            count: 0,
            dropped: 0,
            bad_lines: Vec::new(),
        })
    }

    /// Number of events held.
    pub fn len(&self) -> usize {
        self.events
    }

    pub fn is_empty(&self) -> bool {
        self.events == 0
    }

    /// Removes and returns the events of one lead (one list per schema
    /// stream, in file order).
    pub fn take(&mut self, lead_id: &str) -> Option<Vec<Vec<Event>>> {
        self.take_all(lead_id).map(|found| found.streams)
    }

    /// Joins the events to one read record, whichever reader read it: a
    /// lead gets its events ([`EventsIndex::merge_into`]; refused, the
    /// errors are the record's, at its `record` and `line`). The events of
    /// a record that could not be read (its errors name its id) are set
    /// aside: they are not events of an unknown lead, and they went to that
    /// record, so a later record with the same id is refused as it would be
    /// after a readable one — not decided silently on no events.
    pub fn join(
        &mut self,
        record: usize,
        line: Option<usize>,
        result: &mut Result<Lead, Vec<RecordError>>,
    ) {
        match result {
            Ok(lead) => {
                if let Err(mut errors) = self.merge_into(lead) {
                    for e in &mut errors {
                        e.record = record;
                        e.line = line;
                    }
                    *result = Err(errors);
                }
            }
            Err(errors) => {
                if let Some(id) = errors.iter().find_map(|e| e.lead_id.as_deref()) {
                    if self.take_all(id).is_some() {
                        self.claimed.insert(id.to_string(), record);
                    }
                }
            }
        }
    }

    fn take_all(&mut self, lead_id: &str) -> Option<LeadEvents> {
        let found = self.by_lead.remove(lead_id)?;
        self.events = self.events.saturating_sub(found.count);
        Some(found)
    }

    /// Moves a lead's events into it, keeping each stream sorted by `at`.
    ///
    /// Refused (the lead's errors are returned instead, each naming the
    /// lead; the caller sets `record` and `line` to the lead's) when some of
    /// the lead's events-file rows were bad — the lead cannot be judged on
    /// part of its history, and the rows are the events file's errors — or
    /// when the lead already has events of a stream that the events file
    /// also has for it: one error per such stream, since they would count
    /// twice; or when an earlier lead with the same id took the events
    /// file's events for it.
    pub fn merge_into(&mut self, lead: &mut Lead) -> Result<(), Vec<RecordError>> {
        let error =
            |field: Option<String>, expected: &str, found: String, message: String| RecordError {
                record: lead.record,
                line: None,
                lead_id: Some(lead.id.to_string()),
                field,
                expected: expected.into(),
                found,
                message,
            };
        let Some(found) = self.take_all(&lead.id) else {
            return match self.claimed.get(&*lead.id) {
                Some(&first) => Err(vec![error(
                    Some("lead_id".into()),
                    "a lead id no other record has (events are joined to leads by id)",
                    quote(&lead.id),
                    format!(
                        "not evaluated: lead id \"{}\" is also record {first}'s, and the events \
                         file's events for it went to that record; give each lead its own id",
                        lead.id
                    ),
                )]),
                None => Ok(()),
            };
        };
        self.claimed.insert(lead.id.to_string(), lead.record);
        let mut errors = Vec::new();
        if !found.bad_lines.is_empty() {
            let n = found.bad_lines.len();
            let lines = self.place(&found.bad_lines);
            let rows = if n == 1 {
                "its row".to_string()
            } else {
                format!("{n} of its rows")
            };
            errors.push(error(
                None,
                RecordError::EVENTS_INCOMPLETE,
                format!("{n} bad events-file row{}", if n == 1 { "" } else { "s" }),
                format!(
                    "not evaluated: {rows} in the events file {} bad (events file {lines}; see the events-file errors)",
                    if n == 1 { "is" } else { "are" }
                ),
            ));
        }
        for (s, (own, extra)) in lead.streams.iter().zip(&found.streams).enumerate() {
            if own.is_empty() || extra.is_empty() {
                continue;
            }
            let name = self.stream_names.get(s).cloned().unwrap_or_default();
            let line = self.place(&[found.first_line.get(s).copied().flatten().unwrap_or(0)]);
            errors.push(error(
                Some(name.clone()),
                &format!("{name} in one place: the lead record or the events file"),
                format!(
                    "{} in the lead record and {} in the events file",
                    own.len(),
                    extra.len()
                ),
                format!(
                    "{name} given both in the lead record and in the events file (from events \
                     file {line}): they would count twice; give each lead's {name} in one place"
                ),
            ));
        }
        let own: usize = lead.streams.iter().map(Vec::len).sum();
        let total = own + found.count + found.dropped;
        if let Some((expected, what, message)) =
            crate::limits::too_many_events(total, self.limits.events_per_lead)
        {
            errors.push(error(None, &expected, what, message));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        for (target, extra) in lead.streams.iter_mut().zip(found.streams) {
            if !extra.is_empty() {
                target.extend(extra);
                target.sort_by_key(|e| e.at);
            }
        }
        Ok(())
    }

    /// A handle on the errors for events of unknown leads, filled when a
    /// reader holding this index has read the leads to the end.
    pub fn unmatched_handle(&self) -> UnmatchedEvents {
        self.unmatched.clone()
    }

    /// Ends the index after the last lead (readers call it at the end of
    /// their input): its leftovers go to the
    /// [`UnmatchedEvents`] handle.
    pub fn finish(self) {
        let handle = self.unmatched.clone();
        handle.set(self.unmatched());
    }

    /// One error per lead id whose events were never claimed by a lead, in
    /// events-file order. `record` and `line` are the events-file row and
    /// line of its first event. Ids that only had bad rows are left out
    /// (those rows are errors already).
    pub fn unmatched(self) -> Vec<RecordError> {
        let mut left: Vec<(String, LeadEvents)> = self
            .by_lead
            .into_iter()
            .filter(|(_, e)| e.count > 0)
            .collect();
        left.sort_by_key(|(_, e)| e.first);
        left.into_iter()
            .map(|(id, e)| RecordError {
                record: e.first.0,
                line: (!self.table_rows).then_some(e.first.1),
                lead_id: Some(id.clone()),
                field: Some("lead_id".into()),
                expected: "a lead id present in the leads input".into(),
                found: quote(&id),
                message: format!(
                    "{} event{} for lead \"{id}\", which is not in the leads input",
                    e.count,
                    if e.count == 1 { "" } else { "s" }
                ),
            })
            .collect()
    }
}

fn header_error(expected: &str, found: &str, message: &str) -> RecordError {
    RecordError {
        record: 0,
        line: Some(1),
        lead_id: None,
        field: None,
        expected: expected.into(),
        found: found.into(),
        message: message.into(),
    }
}

/// The columns an events file may have: the lead id, `stream`, `kind` (or
/// `channel`, or a stream's kind field), `at`, and the streams' fields.
fn known_columns(dec: &RecordDecoder) -> Vec<&str> {
    let id_name = dec.id_name().unwrap_or("lead_id");
    ["lead_id", id_name, "stream", "kind", "channel", "at"]
        .into_iter()
        .chain(dec.schema.streams.iter().flat_map(|s| {
            s.fields
                .iter()
                .map(|f| f.name.as_str())
                .chain([s.kind_field.as_str()])
        }))
        .collect()
}

fn event_columns(
    dec: &RecordDecoder,
    header: &csv::ByteRecord,
) -> Result<EventCols, Box<RecordError>> {
    let names: Vec<String> = header
        .iter()
        .map(crate::csv_separator::column_name)
        .collect();
    let find = |accept: &dyn Fn(&str) -> bool| names.iter().position(|n| accept(n));
    let id_name = dec.id_name().unwrap_or("lead_id");
    let lead = find(&|n| n == "lead_id" || n == id_name);
    let stream = find(&|n| n == "stream");
    let kind =
        find(&|n| n == "kind" || n == "channel" || dec.streams.iter().any(|s| s.kind_field == n));
    let at = find(&|n| n == "at");
    let (Some(lead), Some(stream), Some(kind), Some(at)) = (lead, stream, kind, at) else {
        let missing: Vec<&str> = [
            (lead, "lead_id"),
            (stream, "stream"),
            (kind, "kind (or channel)"),
            (at, "at"),
        ]
        .iter()
        .filter(|(col, _)| col.is_none())
        .map(|(_, name)| *name)
        .collect();
        if names.iter().all(String::is_empty) {
            return Err(Box::new(header_error(
                "columns lead_id, stream, kind (or channel), at",
                "nothing",
                "the events file is empty: it needs a header row naming lead_id, stream, kind \
                 (or channel) and at, then one row per event, so no event was read",
            )));
        }
        let mut error = header_error(
            "columns lead_id, stream, kind (or channel), at",
            &names.join(","),
            &format!(
                "the events file header has no {} column{}: it needs lead_id, stream, kind (or \
                 channel) and at, so no event was read",
                missing.join(", "),
                if missing.len() == 1 { "" } else { "s" },
            ),
        );
        error.field = missing
            .first()
            .map(|m| m.split(' ').next().unwrap_or(m).to_string());
        return Err(Box::new(error));
    };
    if let Some(notes) = &dec.notes {
        let known = known_columns(dec);
        for name in &names {
            if name.is_empty() || known.contains(&name.as_str()) {
                continue;
            }
            notes.header_warning(InputWarning {
                code: "unknown-column",
                record: None,
                line: Some(1),
                lead_id: None,
                field: Some(name.clone()),
                message: format!(
                    "unknown column `{name}`{}: not an event field, so it is ignored",
                    did_you_mean(name, known.iter().copied())
                ),
            });
        }
    }
    let fields =
        dec.schema
            .streams
            .iter()
            .map(|s| {
                s.fields
                    .iter()
                    .map(|f| {
                        names.iter().enumerate().position(|(i, n)| {
                            *n == f.name && ![lead, stream, kind, at].contains(&i)
                        })
                    })
                    .collect()
            })
            .collect();
    Ok(EventCols {
        lead,
        stream,
        kind,
        at,
        fields,
        width: names.len(),
    })
}

/// One events-file row → (lead id, stream index, event), or its errors.
fn event_row(
    dec: &RecordDecoder,
    cols: &EventCols,
    row: &csv::ByteRecord,
    record: usize,
    line: usize,
) -> Result<(String, usize, Event), Vec<RecordError>> {
    let cell = |i: usize| {
        row.get(i)
            .map(String::from_utf8_lossy)
            .map(|c| c.trim().to_string())
            .unwrap_or_default()
    };
    let lead_id = cell(cols.lead);
    let lead_opt = Some(lead_id.clone()).filter(|s| !s.is_empty());
    let mut errors = Vec::new();
    let mut error = |field: &str, expected: String, found: String, what: String| {
        errors.push(RecordError {
            record,
            line: Some(line),
            lead_id: lead_opt.clone(),
            field: Some(field.to_string()),
            expected,
            found,
            message: what,
        });
    };
    if row.len() != cols.width {
        error(
            "",
            format!("{} columns, as in the header", cols.width),
            format!("{} columns", row.len()),
            format!(
                "the row has {} columns but the header has {}{}",
                row.len(),
                cols.width,
                crate::csv_input::quote_runs_on(row, line).unwrap_or_default()
            ),
        );
        if let Some(e) = errors.last_mut() {
            e.field = None;
        }
        return Err(errors);
    }
    if lead_id.is_empty() {
        error(
            "lead_id",
            "a lead id".into(),
            "nothing".into(),
            "lead_id is required but missing".into(),
        );
    }
    let stream_name = cell(cols.stream);
    let stream = dec.schema.stream(&stream_name);
    if stream.is_none() {
        let names: Vec<String> = dec
            .schema
            .streams
            .iter()
            .map(|s| format!("\"{}\"", s.name))
            .collect();
        let expected = format!("one of {}", names.join(", "));
        let what = format!(
            "stream should be {expected}, but is {}",
            quote(&stream_name)
        );
        error("stream", expected, quote(&stream_name), what);
    }
    let zone = dec.schema.default_zone;
    let mut convert =
        |field: &str, conv: &Conv, text: &str, required: bool| -> Option<FieldValue> {
            if text.is_empty() {
                if required {
                    error(
                        field,
                        conv.describe(),
                        "nothing".into(),
                        format!("{field} is required but missing"),
                    );
                    return None;
                }
                return Some(FieldValue::Missing);
            }
            match from_cell(conv, text, zone, dec.limits.text_bytes) {
                Ok(v) => Some(v),
                Err(p) => {
                    let mut what = format!("{field} should be {}, but is {}", p.expected, p.found);
                    if let Some(note) = &p.note {
                        what.push_str(": ");
                        what.push_str(note);
                    }
                    error(field, p.expected, p.found, what);
                    None
                }
            }
        };
    let at = convert("at", &Conv::Timestamp(None), &cell(cols.at), true);
    let (Some(stream), Some(sd), Some(spec), Some(field_cols)) = (
        stream,
        stream.and_then(|s| dec.streams.get(s)),
        stream.and_then(|s| dec.schema.streams.get(s)),
        stream.and_then(|s| cols.fields.get(s)),
    ) else {
        return Err(errors);
    };
    let kind_text = cell(cols.kind);
    let kind = match convert(&sd.kind_field, &sd.kind_conv, &kind_text, true) {
        Some(FieldValue::Text(t)) => spec.kind_index(&t),
        _ => None,
    };
    let mut fields = Vec::with_capacity(spec.fields.len());
    for ((fspec, conv), col) in spec.fields.iter().zip(&sd.convs).zip(field_cols) {
        let text = col.map(&cell).unwrap_or_default();
        let value = match conv {
            Conv::List(inner) if !text.is_empty() => {
                let items: Option<Vec<FieldValue>> = text
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|item| convert(&fspec.name, inner, item, true))
                    .collect();
                items.map(FieldValue::List)
            }
            _ => convert(&fspec.name, conv, &text, !fspec.optional),
        };
        fields.push(value.unwrap_or(FieldValue::Missing));
    }
    match (kind, at) {
        (Some(kind), Some(FieldValue::Timestamp(at))) if errors.is_empty() => {
            Ok((lead_id, stream, Event { at, kind, fields }))
        }
        _ => Err(errors),
    }
}
