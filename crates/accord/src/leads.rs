//! Opening lead inputs for the CLI: detect the format, attach an events
//! CSV, turn I/O problems into exit code 2 with a message naming the file,
//! and collect the problems of the inputs that are not rows of the output
//! (the events file's errors), each naming its file.

use crate::cmd::usage_error;
use accord::Policy;
use accord_records::{
    EventsIndex, InputFormat, LeadReader, RecordDecoder, RecordError, Schema, UnmatchedEvents,
};
use serde::Serialize;
use std::cell::RefCell;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// A buffered reader over a leads file and the format it is in.
pub fn open_input(path: &Path) -> Result<(BufReader<File>, InputFormat), u8> {
    let file = File::open(path)
        .map_err(|e| usage_error(format!("cannot read {}: {e}", path.display())))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let format = InputFormat::detect(Some(path), &mut reader);
    Ok((reader, format))
}

/// Reads an events CSV into an index by lead id (bad rows become errors).
pub fn open_events(schema: &Schema, path: &Path) -> Result<(EventsIndex, Vec<RecordError>), u8> {
    let file = File::open(path)
        .map_err(|e| usage_error(format!("cannot read {}: {e}", path.display())))?;
    Ok(EventsIndex::from_csv(schema, BufReader::new(file)))
}

/// A streaming reader of typed leads.
pub fn open_leads(
    schema: &Schema,
    path: &Path,
    events: Option<EventsIndex>,
) -> Result<LeadReader<BufReader<File>>, u8> {
    let (reader, format) = open_input(path)?;
    Ok(LeadReader::new(
        RecordDecoder::new(schema),
        reader,
        format,
        events,
    ))
}

/// An error about an input file, naming the file: for `accord eval`, the
/// events file's errors (they are not rows); for `accord check`, every
/// error of both inputs. Serialized as the [`RecordError`] plus `file`.
#[derive(Clone, Debug, Serialize)]
pub struct InputError {
    /// The file, as given on the command line.
    pub file: String,
    #[serde(flatten)]
    pub error: RecordError,
    /// About the events file (its lines, not lead records).
    #[serde(skip)]
    pub events_file: bool,
}

impl InputError {
    fn new(file: &Path, error: RecordError, events_file: bool) -> InputError {
        InputError {
            file: file.display().to_string(),
            error,
            events_file,
        }
    }

    /// `error[accord::events]: events.csv line 6, lead L-2, field kind:
    /// kind should be one of …`, or for the leads file `error[accord::record]:
    /// leads.csv record 7 (line 8), lead L-7, field employees: …`.
    pub fn describe(&self) -> String {
        let e = &self.error;
        let mut at = self.file.clone();
        match (self.events_file || e.record == 0, e.line) {
            (true, Some(line)) => at.push_str(&format!(" line {line}")),
            (true, None) => {}
            (false, line) => {
                at.push_str(&format!(" record {}", e.record));
                if let Some(line) = line {
                    at.push_str(&format!(" (line {line})"));
                }
            }
        }
        if let Some(id) = &e.lead_id {
            at.push_str(&format!(", lead {id}"));
        }
        if let Some(field) = &e.field {
            at.push_str(&format!(", field {field}"));
        }
        let code = if self.events_file { "events" } else { "record" };
        // Most messages already say what was expected (or found, for the
        // events file's).
        let said = e.message.contains(e.expected.as_str())
            || (self.events_file && e.message.contains(e.found.as_str()));
        if said {
            format!("error[accord::{code}]: {at}: {}", e.message)
        } else {
            format!(
                "error[accord::{code}]: {at}: {} (expected {}, found {})",
                e.message, e.expected, e.found
            )
        }
    }
}

/// Every problem of the inputs of `accord check --leads FILE [--events
/// FILE]`, each naming its file: the leads file's record errors, then the
/// events file's errors (bad rows, events of unknown leads). A lead's "not
/// evaluated" error caused by its bad events rows is left out: the events
/// file's error says it.
pub fn check_inputs(
    schema: &Schema,
    leads: &Path,
    events: Option<&Path>,
) -> Result<Vec<InputError>, u8> {
    let mut event_errors = Vec::new();
    let mut unmatched = None;
    let index = match events {
        Some(path) => {
            let (index, errors) = open_events(schema, path)?;
            event_errors = errors;
            unmatched = Some(index.unmatched_handle());
            Some(index)
        }
        None => None,
    };
    let reader = open_leads(schema, leads, index)?;
    let mut all: Vec<InputError> = reader
        .filter_map(|o| o.result.err())
        .flatten()
        .filter(|e| !e.is_events_consequence())
        .map(|e| InputError::new(leads, e, false))
        .collect();
    if let Some(path) = events {
        let unmatched = unmatched.and_then(|u| u.get()).unwrap_or_default();
        all.extend(
            event_errors
                .into_iter()
                .chain(unmatched)
                .map(|e| InputError::new(path, e, true)),
        );
    }
    Ok(all)
}

/// The rows of a run.
pub type Rows<'p> = Box<dyn Iterator<Item = accord::Row> + 'p>;

/// The lead inputs of one run (`--leads`, `--events`), read once per pass
/// over the rows; after a pass read to the end, [`Inputs::errors`] has the
/// events file's errors.
pub struct Inputs<'a> {
    leads: &'a Path,
    events: Option<&'a Path>,
    decoder: RecordDecoder,
    /// The events file's bad rows, from the last pass.
    event_errors: RefCell<Vec<RecordError>>,
    /// Where the last pass leaves the events of unknown leads.
    unmatched: RefCell<Option<UnmatchedEvents>>,
}

impl<'a> Inputs<'a> {
    pub fn new(schema: &Schema, leads: &'a Path, events: Option<&'a Path>) -> Inputs<'a> {
        Inputs {
            leads,
            events,
            decoder: RecordDecoder::new(schema),
            event_errors: RefCell::new(Vec::new()),
            unmatched: RefCell::new(None),
        }
    }

    /// One pass: the rows of every lead record, in input order (`threads`
    /// = 0: all cores).
    pub fn rows<'p>(
        &'p self,
        policy: &'p Policy,
        as_of: chrono::DateTime<chrono::Utc>,
        explain: bool,
        threads: usize,
    ) -> Result<Rows<'p>, u8> {
        let events = match self.events {
            Some(path) => {
                let (index, errors) = open_events(self.decoder.schema(), path)?;
                *self.event_errors.borrow_mut() = errors;
                *self.unmatched.borrow_mut() = Some(index.unmatched_handle());
                Some(index)
            }
            None => None,
        };
        let (reader, format) = open_input(self.leads)?;
        let compiled = policy.compiled();
        Ok(match (format, events) {
            // The fastest path: decoding runs in parallel too.
            (InputFormat::Ndjson, None) => Box::new(accord_eval::batch::evaluate_ndjson(
                compiled,
                &self.decoder,
                reader,
                as_of,
                explain,
                threads,
            )),
            (format, events) => {
                let outcomes = LeadReader::new(self.decoder.clone(), reader, format, events);
                Box::new(accord_eval::evaluate_batch(
                    compiled, outcomes, as_of, explain, threads,
                ))
            }
        })
    }

    /// The events file's errors from the last pass: its bad rows, then one
    /// per lead id whose events no lead claimed (known once the pass has
    /// read the leads to the end).
    pub fn errors(&self) -> Vec<InputError> {
        let Some(path) = self.events else {
            return Vec::new();
        };
        let unmatched = self
            .unmatched
            .borrow()
            .as_ref()
            .and_then(UnmatchedEvents::get)
            .unwrap_or_default();
        self.event_errors
            .borrow()
            .iter()
            .cloned()
            .chain(unmatched)
            .map(|error| InputError::new(path, error, true))
            .collect()
    }
}
