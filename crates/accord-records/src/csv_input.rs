//! CSV input: a leads CSV (header row = schema field names, one row per
//! lead) read row by row. (The events CSV is `events.rs`; its
//! [`EventsIndex`] is re-exported here.) Columns are separated by commas,
//! or by the `;`, tab or `|` the header shows (`csv_separator`).
//!
//! Cells are text, so they are read leniently: an empty cell is missing,
//! yes/no accepts `true`/`false`/`yes`/`no` (any case), a percentage `12` or
//! `12%`, and a list is written with `;` between items (`a; b; c`). Columns
//! that are not schema fields are ignored; event-stream columns in a leads
//! CSV are ignored too (events come from the events CSV). With notes
//! attached to the decoder, each ignored column is a warning (naming the
//! closest field) and each required field without a column one error.
//! A header that names a field twice is one error for the file, and
//! every row an error for that field (showing its two cells): which
//! column is meant is the user's to say, as for a JSON key named twice.

use crate::convert::{from_cell, quote, Conv, Problem};
use crate::csv_separator::{column_name, csv_reader, Headed, Separator};
use crate::decode::{At, Ctx, RecordDecoder};
use crate::lines::LineCounter;
use crate::notes::InputWarning;
use crate::value::{FieldValue, Lead, RecordError};
use accord_syntax::suggest::{closest, did_you_mean};
use std::io::Read;

pub use crate::events::{EventsIndex, UnmatchedEvents};

/// What one leads-CSV column holds.
#[derive(Clone, Copy, Debug)]
enum Col {
    Field(usize),
    Ignore,
    /// A field's column again (its second, of `times`; the first is
    /// `first`): each row is an error for the field.
    Again {
        slot: usize,
        first: usize,
        times: usize,
    },
}

/// Reads a leads CSV row by row (one `ByteRecord` reused for all rows).
pub(crate) struct CsvLeads<R> {
    reader: csv::Reader<LineCounter<Headed<R>>>,
    separator: Separator,
    columns: Option<Vec<Col>>,
    id_col: Option<usize>,
    row: csv::ByteRecord,
    record: usize,
    done: bool,
    /// Required fields the header has no column for.
    missing: Vec<String>,
}

/// One row's result: (record, line, lead or errors).
pub(crate) type Row = (usize, Option<usize>, Result<Lead, Vec<RecordError>>);

impl<R: Read> CsvLeads<R> {
    /// Reads the header line ahead, for its separator. Rows longer than
    /// the decoder's record limit are error rows (see
    /// [`crate::limits::MAX_RECORD_BYTES`]).
    pub(crate) fn new(reader: R, dec: &RecordDecoder) -> CsvLeads<R> {
        let (reader, separator) = csv_reader(reader, dec.limits().record_bytes, |name| {
            dec.schema.slot(name).is_some()
        });
        CsvLeads {
            reader,
            separator,
            columns: None,
            id_col: None,
            row: csv::ByteRecord::new(),
            record: 0,
            done: false,
            missing: Vec::new(),
        }
    }

    fn header(&mut self, dec: &RecordDecoder) -> Result<(), csv::Error> {
        if self.columns.is_some() {
            return Ok(());
        }
        let headers = self.reader.byte_headers()?.clone();
        let line = headers
            .position()
            .map(|p| self.reader.get_mut().line_at(p.byte()));
        let names: Vec<String> = headers.iter().map(column_name).collect();
        let mut used = vec![false; dec.schema.fields.len()];
        let mut ignored: Vec<(String, &'static str, String)> = Vec::new();
        let mut again: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut columns = names
            .iter()
            .enumerate()
            .map(|(col, name)| match dec.schema.slot(name) {
                Some(slot) if !used.get(slot).copied().unwrap_or(true) => {
                    if let Some(u) = used.get_mut(slot) {
                        *u = true;
                    }
                    if matches!(dec.convs.get(slot), Some(Conv::Events(_))) {
                        ignored.push((
                            name.clone(),
                            "ignored-column",
                            format!(
                                "column `{name}` holds events: a leads CSV takes its events from \
                                 the events file (--events), so it is ignored"
                            ),
                        ));
                        return Col::Ignore;
                    }
                    Col::Field(slot)
                }
                // A field's column again: each row is an error for the
                // field, showing both cells (as a JSON key named twice is).
                Some(slot) if !matches!(dec.convs.get(slot), Some(Conv::Events(_))) => {
                    match again.iter_mut().find(|(s, _)| *s == slot) {
                        Some((_, cols)) => cols.push(col),
                        None => {
                            let first = names.iter().position(|n| dec.schema.slot(n) == Some(slot));
                            again.push((slot, first.into_iter().chain([col]).collect()));
                        }
                    }
                    Col::Ignore
                }
                Some(_) => {
                    ignored.push((
                        name.clone(),
                        "ignored-column",
                        format!("column `{name}` appears more than once: the first is read, this one is ignored"),
                    ));
                    Col::Ignore
                }
                None if name.is_empty() => Col::Ignore,
                None => {
                    let fields = dec
                        .schema
                        .fields
                        .iter()
                        .filter(|f| !matches!(f.ty, crate::FieldType::Events(_)))
                        .map(|f| f.name.as_str());
                    ignored.push((
                        name.clone(),
                        "unknown-column",
                        format!(
                            "unknown column `{name}`{}: not a field of the schema, so it is ignored",
                            did_you_mean(name, fields)
                        ),
                    ));
                    Col::Ignore
                }
            })
            .collect::<Vec<_>>();
        // Required fields without a column: every row lacks them.
        let empty = names.iter().all(String::is_empty);
        self.missing = dec
            .schema
            .fields
            .iter()
            .enumerate()
            .filter(|(slot, f)| {
                !empty
                    && !f.optional
                    && !matches!(f.ty, crate::FieldType::Events(_))
                    && !used.get(*slot).copied().unwrap_or(true)
            })
            .map(|(_, f)| f.name.clone())
            .collect();
        if let Some(notes) = &dec.notes {
            for (name, code, message) in ignored.iter().cloned() {
                notes.header_warning(InputWarning {
                    code,
                    record: None,
                    line,
                    lead_id: None,
                    field: Some(name),
                    message,
                });
            }
            let unknown: Vec<&str> = ignored
                .iter()
                .filter(|(_, code, _)| *code == "unknown-column")
                .map(|(name, _, _)| name.as_str())
                .collect();
            for (slot, cols) in &again {
                let name = dec
                    .schema
                    .fields
                    .get(*slot)
                    .map_or("?", |f| f.name.as_str());
                let numbers: Vec<String> = cols.iter().map(|c| (c + 1).to_string()).collect();
                let at = match numbers.split_last() {
                    Some((last, rest)) => format!("columns {} and {last}", rest.join(", ")),
                    None => String::new(),
                };
                let count = match cols.len() {
                    2 => "twice".to_string(),
                    n => format!("{n} times"),
                };
                notes.header_error(header_error(
                    line,
                    name,
                    format!("one column `{name}` in the header"),
                    format!("`{name}` in {at}"),
                    format!(
                        "the CSV header has the column `{name}` {count} ({at}): each row gives \
                         {name} {count}, so every row is an error; keep one column"
                    ),
                ));
            }
            for name in &self.missing {
                let near = closest(name, unknown.iter().copied())
                    .map(|c| format!(" (is the column `{c}` meant to be it?)"))
                    .unwrap_or_default();
                notes.header_error(header_error(
                    line,
                    name,
                    format!("a column `{name}` in the header"),
                    format!("the columns {}", names.join(",")),
                    format!(
                        "the CSV header has no `{name}` column{near}: `{name}` is required, so every row will be missing it"
                    ),
                ));
            }
        }
        self.id_col = dec.schema.id_field.and_then(|id| {
            columns
                .iter()
                .position(|c| matches!(c, Col::Field(s) if *s == id))
        });
        // The second column of a field named more than once says it.
        for (slot, cols) in &again {
            if let (Some(&first), Some(col)) = (cols.first(), cols.get(1).copied()) {
                if let Some(c) = columns.get_mut(col) {
                    *c = Col::Again {
                        slot: *slot,
                        first,
                        times: cols.len(),
                    };
                }
            }
        }
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
        let limit = dec.limits().record_bytes;
        if self.row.as_slice().len() > limit {
            let bytes = self.row.as_slice().len();
            let error = crate::limits::record_too_long(record, line, bytes, limit);
            return Some((record, line, Err(vec![error])));
        }
        let columns = self.columns.as_deref().unwrap_or(&[]);
        let lead_id = self
            .id_col
            .and_then(|c| self.row.get(c))
            .map(|b| String::from_utf8_lossy(b).trim().to_string())
            .filter(|s| !s.is_empty());
        if self.row.len() != columns.len() {
            let line_no = line.unwrap_or(0);
            let error = RecordError {
                record,
                line,
                lead_id,
                field: None,
                expected: format!("{} columns, as in the header", columns.len()),
                found: format!("{} columns", self.row.len()),
                message: format!(
                    "CSV line {line_no} has {} columns but the header has {}{}",
                    self.row.len(),
                    columns.len(),
                    quote_runs_on(&self.row, line_no)
                        .or_else(|| self.list_split(dec, columns))
                        .unwrap_or_default()
                ),
            };
            return Some((record, line, Err(vec![error])));
        }
        let mut ctx = Ctx::new(record, line);
        ctx.raw_id = lead_id;
        let mut values = vec![FieldValue::Missing; dec.schema.fields.len()];
        for (col, cell) in columns.iter().zip(self.row.iter()) {
            let slot = match *col {
                Col::Field(slot) => slot,
                Col::Ignore => continue,
                Col::Again { slot, first, times } => {
                    let shown = |cell: &[u8]| match String::from_utf8_lossy(cell).trim() {
                        "" => "an empty cell".to_string(),
                        text => quote(text),
                    };
                    let first = shown(self.row.get(first).unwrap_or_default());
                    dec.given_again(&mut ctx, slot, times, Some((first, shown(cell))));
                    continue;
                }
            };
            let Some(conv) = dec.convs.get(slot) else {
                continue;
            };
            let value = read_cell(dec, &mut ctx, conv, cell, At::Field(slot));
            if let Some(place) = values.get_mut(slot) {
                *place = value;
            }
        }
        let streams = (0..dec.streams.len()).map(|_| Vec::new()).collect();
        let mut result = dec.finish(ctx, values, streams);
        if let Err(errors) = &mut result {
            // Say why, once per row: the header lacks the column.
            for e in errors.iter_mut() {
                if let Some(field) = e
                    .field
                    .as_deref()
                    .filter(|f| self.missing.iter().any(|m| m == f))
                {
                    e.message =
                        format!("{field} is required, but the CSV header has no `{field}` column");
                }
            }
        }
        Some((record, line, result))
    }
}

impl<R> CsvLeads<R> {
    /// For a row with more columns than the header, in a file whose columns
    /// are separated by `;` and which has a list column: the words saying
    /// that a list's items, `;`-separated too, must then be in quotes.
    fn list_split(&self, dec: &RecordDecoder, columns: &[Col]) -> Option<String> {
        let is_list = |col: &Col| match *col {
            Col::Field(slot) | Col::Again { slot, .. } => {
                matches!(dec.convs.get(slot), Some(Conv::List(_)))
            }
            Col::Ignore => false,
        };
        let split = self.separator.byte() == b';'
            && self.row.len() > columns.len()
            && columns.iter().any(is_list);
        split.then(|| {
            ": this file separates its columns with `;`, as a list cell separates its items, so \
             a list cell must be in quotes (\"a; b\")"
                .to_string()
        })
    }
}

/// An error of the header (in no row) about the column of `field`.
fn header_error(
    line: Option<usize>,
    field: &str,
    expected: String,
    found: String,
    message: String,
) -> RecordError {
    RecordError {
        record: 0,
        line,
        lead_id: None,
        field: Some(field.to_string()),
        expected,
        found,
        message,
    }
}

/// For a row of the wrong width that starts on `line`: when one of its
/// cells holds line breaks (a quoted cell going on over lines), the words
/// saying so. A quote left open reads every line after it, up to the next
/// quote, into that one cell, so those lines make no rows of their own.
pub(crate) fn quote_runs_on(row: &csv::ByteRecord, line: usize) -> Option<String> {
    // A quote left open takes in the rest of the row: the last such cell.
    let column = row
        .iter()
        .rposition(|cell| cell.iter().any(|&b| b == b'\n' || b == b'\r'))?;
    // The file's last line end, taken in by the quote, starts no line.
    let bytes = row.as_slice();
    let end = bytes
        .iter()
        .rposition(|&b| b != b'\n' && b != b'\r')
        .map_or(0, |i| i + 1);
    let bytes = bytes.get(..end).unwrap_or_default();
    // `\n`, `\r\n` and a lone `\r` each end a line.
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    if breaks == 0 {
        return None;
    }
    let last = line + breaks;
    let taken = if breaks == 1 {
        format!("line {last} is")
    } else {
        format!("lines {}–{last} are", line + 1)
    };
    Some(format!(
        ": the quoted cell in column {} runs on to line {last}, so {taken} read as part of \
         that cell, not as rows of their own (is a closing quote `\"` missing?)",
        column + 1
    ))
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
                match from_cell(inner, item, dec.schema.default_zone, dec.limits.text_bytes) {
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
        _ => match from_cell(conv, text, dec.schema.default_zone, dec.limits.text_bytes) {
            Ok(v) => v,
            Err(p) => {
                dec.problem(ctx, at, 0, p);
                FieldValue::Missing
            }
        },
    }
}
