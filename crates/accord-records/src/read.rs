//! Streaming lead readers: NDJSON, a JSON array, JSON objects (pretty-printed
//! one after another), or CSV in; one
//! [`RecordOutcome`] per input record out, in input order, never stopping at
//! a bad record. Memory stays flat however many leads there are (one line,
//! one array element, or one CSV row at a time) — except for an optional
//! [`EventsIndex`], which holds an events export until its leads are read.

use crate::array::{ArraySplitter, Piece};
use crate::csv_input::CsvLeads;
use crate::decode::RecordDecoder;
use crate::events::EventsIndex;
use crate::schema::Schema;
use crate::value::{Lead, RecordError};
use std::io::BufRead;
use std::path::Path;

/// The shape of a leads input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// One JSON object per line (blank lines are skipped).
    Ndjson,
    /// One JSON array of objects.
    JsonArray,
    /// JSON objects one after another, each possibly pretty-printed over
    /// many lines (a `.json` file holding one lead, or several).
    JsonObjects,
    /// A header row of field names, one row per lead.
    Csv,
}

impl InputFormat {
    /// From the file extension: `.csv` → CSV, `.ndjson`/`.jsonl` → NDJSON;
    /// `None` for anything else (`.json` may be either: sniff it).
    pub fn from_extension(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(InputFormat::Csv),
            "ndjson" | "jsonl" => Some(InputFormat::Ndjson),
            _ => None,
        }
    }

    /// From the first non-blank byte: `[` → JSON array; `{` → NDJSON when
    /// the first line holds a whole JSON value (or a malformed one), JSON
    /// objects when the object goes on past its first line (pretty-printed);
    /// anything else → CSV. `None` when `head` is blank.
    pub fn sniff(head: &[u8]) -> Option<InputFormat> {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
        match head.get(start)? {
            b'[' => Some(InputFormat::JsonArray),
            b'{' => {
                let rest = head.get(start..).unwrap_or_default();
                // A first line longer than the head: NDJSON (as before).
                let Some(end) = rest.iter().position(|&b| b == b'\n') else {
                    return Some(InputFormat::Ndjson);
                };
                let first = rest.get(..end).unwrap_or_default();
                match serde_json::from_slice::<serde::de::IgnoredAny>(first) {
                    Err(e)
                        if e.classify() == serde_json::error::Category::Eof
                            && !e.to_string().starts_with("EOF while parsing a string") =>
                    {
                        Some(InputFormat::JsonObjects)
                    }
                    _ => Some(InputFormat::Ndjson),
                }
            }
            _ => Some(InputFormat::Csv),
        }
    }

    /// The extension if it says, else a peek at the reader's buffered
    /// start (nothing is consumed), else NDJSON. A file named as NDJSON
    /// (`.ndjson`, `.jsonl`) that holds one JSON array spread over lines
    /// (an export misnamed, or `[` … `]` around the lines) is read as the
    /// array: a lead is never a list, so line by line every record would
    /// be an error row about broken JSON.
    pub fn detect(path: Option<&Path>, reader: &mut impl BufRead) -> InputFormat {
        let named = path.and_then(InputFormat::from_extension);
        if let Some(format) = named.filter(|f| *f != InputFormat::Ndjson) {
            return format;
        }
        let head = reader.fill_buf().unwrap_or_default();
        match (named, InputFormat::sniff(head)) {
            (Some(_), Some(InputFormat::JsonArray)) if !first_line_is_a_value(head) => {
                InputFormat::JsonArray
            }
            (Some(named), _) => named,
            (None, sniffed) => sniffed.unwrap_or(InputFormat::Ndjson),
        }
    }
}

/// Whether the first non-blank line of `head` (after a byte-order mark)
/// holds a whole JSON value and more lines follow it: NDJSON whose first
/// record happens to be a list, not one array over the whole input.
fn first_line_is_a_value(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let rest = head.get(start..).unwrap_or_default();
    let Some(end) = rest.iter().position(|&b| b == b'\n') else {
        return false;
    };
    let (first, after) = rest.split_at(end);
    serde_json::from_slice::<serde::de::IgnoredAny>(first).is_ok()
        && after.iter().any(|b| !b.is_ascii_whitespace())
}

/// The result for one input record.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordOutcome {
    /// 1-based record number in the input.
    pub record: usize,
    /// Line in the input where the record starts, when known.
    pub line: Option<usize>,
    pub result: Result<Lead, Vec<RecordError>>,
}

enum Source<R> {
    Ndjson {
        reader: R,
        buf: Vec<u8>,
        line: usize,
        done: bool,
    },
    Array {
        splitter: ArraySplitter<R>,
        buf: Vec<u8>,
    },
    /// Boxed: the CSV reader holds its header line read ahead.
    Csv(Box<CsvLeads<R>>),
}

/// The iterator returned by [`read_leads`]. Owns its decoder (no borrow of
/// the schema), so it can be moved to another thread.
pub struct LeadReader<R> {
    decoder: RecordDecoder,
    source: Source<R>,
    events: Option<EventsIndex>,
    record: usize,
}

/// Reads leads from `reader` in `format`, merging events from `events` (an
/// events CSV grouped by lead id) into the leads with those ids.
///
/// Yields exactly one [`RecordOutcome`] per input record, in order: a
/// [`Lead`] or every error of that record. A malformed NDJSON line or array
/// element is an error row ("not valid JSON: …") and reading goes on. A lead
/// whose events-file rows are bad, or which has events of a stream both
/// embedded and in the events file, is an error row (see
/// [`EventsIndex::merge_into`]). Events for lead ids that never appeared are
/// not rows: they are reported through the index's
/// [`EventsIndex::unmatched_handle`] once the last record is read.
/// Problems of a JSON array as a whole (no closing `]`, text after it, an
/// empty input) are not rows either when the decoder has notes: they are
/// its [`crate::InputNotes::header_errors`]; without notes (as here) the
/// first two are an extra error row each, so nothing goes unsaid (see
/// `array.rs`). Use [`LeadReader::new`] with a decoder
/// [`RecordDecoder::with_notes`] for exactly one row per element.
pub fn read_leads<R: BufRead + Send>(
    schema: &Schema,
    reader: R,
    format: InputFormat,
    events: Option<EventsIndex>,
) -> LeadReader<R> {
    LeadReader::new(RecordDecoder::new(schema), reader, format, events)
}

/// Every error of the leads input's records (in constant memory): the
/// errors of every error row, in order. The events file's own errors come
/// from [`EventsIndex::from_csv`] and its
/// [`EventsIndex::unmatched_handle`].
pub fn validate<R: BufRead + Send>(
    schema: &Schema,
    reader: R,
    format: InputFormat,
    events: Option<EventsIndex>,
) -> Vec<RecordError> {
    read_leads(schema, reader, format, events)
        .filter_map(|o| o.result.err())
        .flatten()
        .collect()
}

impl<R: BufRead> LeadReader<R> {
    /// Like [`read_leads`], with a decoder already built.
    pub fn new(
        decoder: RecordDecoder,
        reader: R,
        format: InputFormat,
        events: Option<EventsIndex>,
    ) -> Self {
        let source = match format {
            InputFormat::Ndjson => Source::Ndjson {
                reader,
                buf: Vec::with_capacity(4096),
                line: 0,
                done: false,
            },
            InputFormat::JsonArray => Source::Array {
                splitter: ArraySplitter::new(reader).with_limit(decoder.limits().record_bytes),
                buf: Vec::with_capacity(4096),
            },
            InputFormat::JsonObjects => Source::Array {
                splitter: ArraySplitter::objects(reader).with_limit(decoder.limits().record_bytes),
                buf: Vec::with_capacity(4096),
            },
            InputFormat::Csv => Source::Csv(Box::new(CsvLeads::new(reader, &decoder))),
        };
        LeadReader {
            decoder,
            source,
            events,
            record: 0,
        }
    }

    /// Number of records yielded so far.
    pub fn records(&self) -> usize {
        self.record
    }

    fn next_record(&mut self) -> Option<RecordOutcome> {
        let decoder = &self.decoder;
        match &mut self.source {
            Source::Ndjson {
                reader,
                buf,
                line,
                done,
            } => loop {
                if *done {
                    return None;
                }
                let limit = decoder.limits().record_bytes;
                match crate::limits::read_line(reader, buf, limit) {
                    Ok(crate::limits::Line::End) => {
                        *done = true;
                        return None;
                    }
                    Ok(crate::limits::Line::Read) => {}
                    Ok(crate::limits::Line::TooLong(bytes)) => {
                        *line += 1;
                        self.record += 1;
                        let error =
                            crate::limits::record_too_long(self.record, Some(*line), bytes, limit);
                        return Some(RecordOutcome {
                            record: self.record,
                            line: Some(*line),
                            result: Err(vec![error]),
                        });
                    }
                    Err(e) => {
                        *done = true;
                        self.record += 1;
                        let error = io_error(self.record, Some(*line + 1), &e);
                        return Some(RecordOutcome {
                            record: self.record,
                            line: Some(*line + 1),
                            result: Err(vec![error]),
                        });
                    }
                }
                *line += 1;
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                self.record += 1;
                // A byte-order mark is stripped by `decode_json`.
                let result = decoder.decode_json(buf, self.record, Some(*line));
                return Some(RecordOutcome {
                    record: self.record,
                    line: Some(*line),
                    result,
                });
            },
            Source::Array { splitter, buf } => loop {
                let record = self.record + 1;
                let (line, result) = match splitter.next_piece(buf)? {
                    Piece::Element { line } => (line, decoder.decode_json(buf, record, Some(line))),
                    Piece::TooLong { line, bytes } => {
                        let limit = decoder.limits().record_bytes;
                        let error =
                            crate::limits::record_too_long(record, Some(line), bytes, limit);
                        (line, Err(vec![error]))
                    }
                    Piece::Broken { line, message } => {
                        let mut error = decoder.malformed(record, Some(line), buf, "");
                        error.message = message;
                        if buf.is_empty() {
                            error.found = format!("input at line {}", splitter.line());
                        }
                        (line, Err(vec![error]))
                    }
                    // Not a record: beside the rows, in the notes; without
                    // notes an error row as before, or nothing for an
                    // empty input (see `array.rs`).
                    Piece::Input(problem) => {
                        let mut error = RecordError {
                            record: 0,
                            line: Some(problem.line),
                            lead_id: None,
                            field: None,
                            expected: problem.expected,
                            found: problem.found,
                            message: problem.message,
                        };
                        match decoder.notes() {
                            Some(notes) => {
                                notes.header_error(error);
                                continue;
                            }
                            None if problem.row_without_notes => {
                                error.record = record;
                                (problem.line, Err(vec![error]))
                            }
                            None => continue,
                        }
                    }
                };
                self.record = record;
                return Some(RecordOutcome {
                    record,
                    line: Some(line),
                    result,
                });
            },
            Source::Csv(csv) => {
                let (record, line, result) = csv.next_row(decoder)?;
                self.record = record;
                Some(RecordOutcome {
                    record,
                    line,
                    result,
                })
            }
        }
    }

    fn merge_events(&mut self, outcome: &mut RecordOutcome) {
        if let Some(index) = self.events.as_mut() {
            index.join(outcome.record, outcome.line, &mut outcome.result);
        }
    }
}

fn io_error(record: usize, line: Option<usize>, e: &std::io::Error) -> RecordError {
    RecordError {
        record,
        line,
        lead_id: None,
        field: None,
        expected: "readable input".into(),
        found: e.to_string(),
        message: format!("could not read the input: {e}; reading stopped here"),
    }
}

impl<R: BufRead> Iterator for LeadReader<R> {
    type Item = RecordOutcome;

    fn next(&mut self) -> Option<RecordOutcome> {
        match self.next_record() {
            Some(mut outcome) => {
                self.merge_events(&mut outcome);
                Some(outcome)
            }
            None => {
                // The end: events nobody claimed go to the index's handle.
                if let Some(index) = self.events.take() {
                    index.finish();
                }
                None
            }
        }
    }
}
