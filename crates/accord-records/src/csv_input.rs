//! CSV input: a leads CSV (header row = schema field names, one row per
//! lead) read row by row, and an events CSV (the CRM "tasks/activities"
//! export) grouped by lead id into an [`EventsIndex`].
//!
//! Cells are text, so they are read leniently: an empty cell is missing,
//! yes/no accepts `true`/`false`/`yes`/`no` (any case), a percentage `12` or
//! `12%`, and a list is written with `;` between items (`a; b; c`). Columns
//! that are not schema fields are ignored; event-stream columns in a leads
//! CSV are ignored too (events come from the events CSV).

use crate::convert::{from_cell, quote, Conv, Problem};
use crate::decode::{At, Ctx, RecordDecoder};
use crate::lines::LineCounter;
use crate::schema::Schema;
use crate::value::{Event, FieldValue, Lead, RecordError};
use std::collections::HashMap;
use std::io::Read;

/// What one leads-CSV column holds.
#[derive(Clone, Copy, Debug)]
enum Col {
    Field(usize),
    Ignore,
}

/// Reads a leads CSV row by row (one `ByteRecord` reused for all rows).
pub(crate) struct CsvLeads<R> {
    reader: csv::Reader<LineCounter<R>>,
    columns: Option<Vec<Col>>,
    id_col: Option<usize>,
    row: csv::ByteRecord,
    record: usize,
    done: bool,
}

/// One row's result: (record, line, lead or errors).
pub(crate) type Row = (usize, Option<usize>, Result<Lead, Vec<RecordError>>);

impl<R: Read> CsvLeads<R> {
    pub(crate) fn new(reader: R) -> CsvLeads<R> {
        let reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(LineCounter::new(reader));
        CsvLeads {
            reader,
            columns: None,
            id_col: None,
            row: csv::ByteRecord::new(),
            record: 0,
            done: false,
        }
    }

    fn header(&mut self, dec: &RecordDecoder) -> Result<(), csv::Error> {
        if self.columns.is_some() {
            return Ok(());
        }
        let headers = self.reader.byte_headers()?.clone();
        let mut used = vec![false; dec.schema.fields.len()];
        let columns = headers
            .iter()
            .map(|h| {
                let name = String::from_utf8_lossy(h);
                let name = name.trim().trim_start_matches('\u{feff}');
                match dec.schema.slot(name) {
                    Some(slot) if !used.get(slot).copied().unwrap_or(true) => {
                        if let Some(u) = used.get_mut(slot) {
                            *u = true;
                        }
                        Col::Field(slot)
                    }
                    _ => Col::Ignore,
                }
            })
            .collect::<Vec<_>>();
        self.id_col = dec.schema.id_field.and_then(|id| {
            columns
                .iter()
                .position(|c| matches!(c, Col::Field(s) if *s == id))
        });
        self.columns = Some(columns);
        Ok(())
    }

    /// The next row, or `None` at the end. An I/O or CSV error ends the
    /// input with one error row.
    pub(crate) fn next_row(&mut self, dec: &RecordDecoder) -> Option<Row> {
        if self.done {
            return None;
        }
        let read = self
            .header(dec)
            .and_then(|()| self.reader.read_byte_record(&mut self.row));
        match read {
            Ok(true) => {}
            Ok(false) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                self.done = true;
                self.record += 1;
                let line = e
                    .position()
                    .map(|p| self.reader.get_mut().line_at(p.byte()));
                let error = RecordError {
                    record: self.record,
                    line,
                    lead_id: None,
                    field: None,
                    expected: "a readable CSV file".into(),
                    found: e.to_string(),
                    message: format!("could not read the CSV input: {e}; reading stopped here"),
                };
                return Some((self.record, line, Err(vec![error])));
            }
        }
        self.record += 1;
        let record = self.record;
        let line = self
            .row
            .position()
            .map(|p| self.reader.get_mut().line_at(p.byte()));
        let columns = self.columns.as_deref().unwrap_or(&[]);
        let lead_id = self
            .id_col
            .and_then(|c| self.row.get(c))
            .map(|b| String::from_utf8_lossy(b).trim().to_string())
            .filter(|s| !s.is_empty());
        if self.row.len() != columns.len() {
            let error = RecordError {
                record,
                line,
                lead_id,
                field: None,
                expected: format!("{} columns, as in the header", columns.len()),
                found: format!("{} columns", self.row.len()),
                message: format!(
                    "CSV line {} has {} columns but the header has {}",
                    line.unwrap_or(0),
                    self.row.len(),
                    columns.len()
                ),
            };
            return Some((record, line, Err(vec![error])));
        }
        let mut ctx = Ctx::new(record, line);
        ctx.raw_id = lead_id;
        let mut values = vec![FieldValue::Missing; dec.schema.fields.len()];
        for (col, cell) in columns.iter().zip(self.row.iter()) {
            let Col::Field(slot) = *col else { continue };
            let Some(conv) = dec.convs.get(slot) else {
                continue;
            };
            let value = read_cell(dec, &mut ctx, conv, cell, At::Field(slot));
            if let Some(place) = values.get_mut(slot) {
                *place = value;
            }
        }
        let streams = (0..dec.streams.len()).map(|_| Vec::new()).collect();
        Some((record, line, dec.finish(ctx, values, streams)))
    }
}

/// One cell → a value (`Missing` when empty or wrong; errors go to `ctx`).
fn read_cell(
    dec: &RecordDecoder,
    ctx: &mut Ctx,
    conv: &Conv,
    cell: &[u8],
    at: At<'_>,
) -> FieldValue {
    let text = match std::str::from_utf8(cell) {
        Ok(t) => t,
        Err(_) => {
            let p = Problem::new(
                conv,
                quote(&String::from_utf8_lossy(cell)),
                Some("the cell is not valid UTF-8".into()),
            );
            dec.problem(ctx, at, 0, p);
            return FieldValue::Missing;
        }
    };
    if text.trim().is_empty() {
        return FieldValue::Missing;
    }
    match conv {
        Conv::Events(_) => FieldValue::Missing,
        Conv::List(inner) => {
            let mut items = Vec::new();
            let mut bad = false;
            for (j, item) in text
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .enumerate()
            {
                let item_at = match at {
                    At::Field(slot) => At::Item(slot, j),
                    other => other,
                };
                match from_cell(inner, item, dec.schema.default_zone) {
                    Ok(v) => items.push(v),
                    Err(p) => {
                        dec.problem(ctx, item_at, 0, p);
                        bad = true;
                    }
                }
            }
            if bad {
                FieldValue::Missing
            } else {
                FieldValue::List(items)
            }
        }
        _ => match from_cell(conv, text, dec.schema.default_zone) {
            Ok(v) => v,
            Err(p) => {
                dec.problem(ctx, at, 0, p);
                FieldValue::Missing
            }
        },
    }
}

// ---------------------------------------------------------------------------
// Events CSV

/// Events read from an events CSV, grouped by lead id, waiting to be merged
/// into their leads while the leads stream by.
///
/// Unlike the leads, **the events are held in memory** (all of them, until
/// their lead is read): an events export is not ordered by lead, so it has
/// to be grouped first. Each lead's events are removed from the index when
/// the lead is read, so the index shrinks as the leads stream; events left
/// at the end belong to lead ids that were not in the leads input and are
/// reported as errors.
#[derive(Clone, Debug, Default)]
pub struct EventsIndex {
    by_lead: HashMap<String, LeadEvents>,
    events: usize,
}

#[derive(Clone, Debug)]
struct LeadEvents {
    /// Per schema stream.
    streams: Vec<Vec<Event>>,
    /// Events-file row number and line of the first event.
    first: (usize, usize),
    count: usize,
    /// Bad events-file rows that name this lead: the lead's row becomes an
    /// error row carrying them (its event history is incomplete).
    errors: Vec<RecordError>,
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
    /// events-file row (`record`) and line. A header without the required
    /// columns is one error with `record` 0 and an empty index.
    pub fn from_csv(schema: &Schema, reader: impl Read) -> (EventsIndex, Vec<RecordError>) {
        let dec = RecordDecoder::new(schema);
        let mut index = EventsIndex::default();
        let mut errors = Vec::new();
        let mut csv = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(LineCounter::new(reader));
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
            match event_row(&dec, &cols, &row, record, line) {
                Ok((lead, stream, event)) => {
                    index.insert(lead, stream, event, schema.streams.len(), (record, line))
                }
                Err(e) => {
                    // A bad row that names its lead travels with that lead.
                    match e.first().and_then(|first| first.lead_id.clone()) {
                        Some(lead) => {
                            index.insert_errors(lead, e, schema.streams.len(), (record, line))
                        }
                        None => errors.extend(e),
                    }
                }
            }
        }
        (index, errors)
    }

    fn insert(
        &mut self,
        lead: String,
        stream: usize,
        event: Event,
        streams: usize,
        at: (usize, usize),
    ) {
        let entry = self.entry(lead, streams, at);
        if let Some(list) = entry.streams.get_mut(stream) {
            list.push(event);
            entry.count += 1;
            self.events += 1;
        }
    }

    fn entry(&mut self, lead: String, streams: usize, at: (usize, usize)) -> &mut LeadEvents {
        self.by_lead.entry(lead).or_insert_with(|| LeadEvents {
            streams: (0..streams).map(|_| Vec::new()).collect(),
            first: at,
            count: 0,
            errors: Vec::new(),
        })
    }

    fn insert_errors(
        &mut self,
        lead: String,
        errors: Vec<RecordError>,
        streams: usize,
        at: (usize, usize),
    ) {
        self.entry(lead, streams, at).errors.extend(errors);
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
        self.take_all(lead_id).map(|(streams, _)| streams)
    }

    fn take_all(&mut self, lead_id: &str) -> Option<(Vec<Vec<Event>>, Vec<RecordError>)> {
        let found = self.by_lead.remove(lead_id)?;
        self.events = self.events.saturating_sub(found.count);
        Some((found.streams, found.errors))
    }

    /// Moves a lead's events into it (after any it already had), keeping
    /// each stream sorted by `at`. When some of the lead's rows in the
    /// events file were bad, returns their errors instead: the lead cannot
    /// be judged on part of its history (NDJSON input behaves the same).
    pub fn merge_into(&mut self, lead: &mut Lead) -> Result<(), Vec<RecordError>> {
        let Some((streams, errors)) = self.take_all(&lead.id) else {
            return Ok(());
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        for (target, extra) in lead.streams.iter_mut().zip(streams) {
            if !extra.is_empty() {
                target.extend(extra);
                target.sort_by_key(|e| e.at);
            }
        }
        Ok(())
    }

    /// One error per lead id whose events were never claimed by a lead, in
    /// events-file order. `record` is the events-file row of its first event.
    pub fn unmatched(self) -> Vec<RecordError> {
        let mut left: Vec<(String, LeadEvents)> = self.by_lead.into_iter().collect();
        left.sort_by_key(|(_, e)| e.first);
        left.into_iter()
            .map(|(id, e)| RecordError {
                record: e.first.0,
                line: Some(e.first.1),
                lead_id: Some(id.clone()),
                field: Some("lead_id".into()),
                expected: "a lead id present in the leads input".into(),
                found: quote(&id),
                message: format!(
                    "events file line {}: {} event{} for lead \"{id}\", which is not in the leads input",
                    e.first.1,
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

fn event_columns(
    dec: &RecordDecoder,
    header: &csv::ByteRecord,
) -> Result<EventCols, Box<RecordError>> {
    let names: Vec<String> = header
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim()
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect();
    let find = |accept: &dyn Fn(&str) -> bool| names.iter().position(|n| accept(n));
    let id_name = dec.id_name().unwrap_or("lead_id");
    let lead = find(&|n| n == "lead_id" || n == id_name);
    let stream = find(&|n| n == "stream");
    let kind =
        find(&|n| n == "kind" || n == "channel" || dec.streams.iter().any(|s| s.kind_field == n));
    let at = find(&|n| n == "at");
    let (Some(lead), Some(stream), Some(kind), Some(at)) = (lead, stream, kind, at) else {
        return Err(Box::new(header_error(
            "columns lead_id, stream, kind (or channel), at",
            &names.join(","),
            "the events file header needs the columns lead_id, stream, kind (or channel) and at",
        )));
    };
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
            message: format!("events file line {line}: {what}"),
        });
    };
    if row.len() != cols.width {
        error(
            "",
            format!("{} columns, as in the header", cols.width),
            format!("{} columns", row.len()),
            format!(
                "the row has {} columns but the header has {}",
                row.len(),
                cols.width
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
            match from_cell(conv, text, zone) {
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
    let at = convert("at", &Conv::Timestamp, &cell(cols.at), true);
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
