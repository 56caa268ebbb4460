//! Opening lead inputs for the CLI: detect the format (NDJSON, JSON, CSV,
//! or Parquet, read through `accord-arrow` a row group at a time), attach
//! an events CSV or Parquet file, turn I/O problems (and a directory) into exit code 2 with a message
//! naming the file, and collect what is wrong with the inputs beside the
//! rows, each naming its file: the events file's errors, a leads header
//! without a required column (errors), ignored columns and keys, duplicate
//! lead ids (warnings).

use crate::cmd::usage_error;
use accord::Policy;
use accord_records::{
    record_at, EventsIndex, InputFormat, InputNotes, InputWarning, LeadReader, RecordDecoder,
    RecordError, RecordOutcome, Schema, UnmatchedEvents,
};
use accord_syntax::diagnostic::io_words;
use serde::Serialize;
use std::cell::RefCell;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use tempfile::TempPath;

/// Opens an input file; a missing or unreadable file, or a directory, is
/// a usage error (exit 2) naming the option. `-` is standard input (as
/// for `accord fmt -`), read through `/dev/stdin`.
pub(crate) fn open_file(path: &Path, option: &str) -> Result<File, u8> {
    let path = if path.as_os_str() == "-" {
        Path::new("/dev/stdin")
    } else {
        path
    };
    if path == Path::new("/dev/stdin") {
        take_stdin(option)?;
    }
    if path.is_dir() {
        return Err(usage_error(format!(
            "{option} {} is a directory: give the file itself",
            path.display()
        )));
    }
    File::open(path)
        .map_err(|e| usage_error(format!("cannot read {}: {}", path.display(), io_words(&e))))
}

/// The option that read standard input in this run, if one did.
static STDIN_READ_BY: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Standard input for `option`: a usage error (exit 2) when another
/// option read it already (`--leads - --events -`: one pipe cannot be
/// both files).
fn take_stdin(option: &str) -> Result<(), u8> {
    let mut read_by = STDIN_READ_BY.lock().unwrap_or_else(|e| e.into_inner());
    match read_by.as_deref() {
        Some(other) if other != option => Err(usage_error(format!(
            "{option} reads standard input, but {other} reads it already: give one of them a file"
        ))),
        _ => {
            *read_by = Some(option.to_string());
            Ok(())
        }
    }
}

/// A buffered reader over `file`, a copy of `given` (whose name tells
/// the format), and the format it is in.
fn open_input_as(file: &Path, given: &Path) -> Result<(BufReader<File>, InputFormat), u8> {
    let file = open_file(file, "--leads")?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let format = InputFormat::detect(Some(given), &mut reader);
    Ok((reader, format))
}

/// Reads an events CSV (or Parquet file) into an index by lead id (bad
/// rows become errors).
pub fn open_events(schema: &Schema, path: &Path) -> Result<(EventsIndex, Vec<RecordError>), u8> {
    read_events(RecordDecoder::new(schema), path, path)
}

/// Reads the events in `file` (a copy of `given`, whose name is shown).
fn read_events(
    decoder: RecordDecoder,
    file: &Path,
    given: &Path,
) -> Result<(EventsIndex, Vec<RecordError>), u8> {
    if is_parquet(file, given) {
        let batches = open_parquet(file, given, "--events")?;
        return Ok(accord_arrow::events_index(&decoder, batches));
    }
    let file = open_file(file, "--events")?;
    Ok(EventsIndex::read_csv(decoder, BufReader::new(file)))
}

/// Every record's outcome, one per input record, in order.
pub type Outcomes = Box<dyn Iterator<Item = RecordOutcome> + Send>;

/// A streaming reader of typed leads.
pub fn open_leads(
    schema: &Schema,
    path: &Path,
    events: Option<EventsIndex>,
) -> Result<Outcomes, u8> {
    read_leads(RecordDecoder::new(schema), path, path, events)
}

/// Reads the leads in `file` (a copy of `given`, whose name tells the
/// format and is shown).
fn read_leads(
    decoder: RecordDecoder,
    file: &Path,
    given: &Path,
    events: Option<EventsIndex>,
) -> Result<Outcomes, u8> {
    if is_parquet(file, given) {
        let batches = open_parquet(file, given, "--leads")?;
        return Ok(Box::new(accord_arrow::ArrowLeads::new(
            decoder, batches, events,
        )));
    }
    let (reader, format) = open_input_as(file, given)?;
    Ok(Box::new(LeadReader::new(decoder, reader, format, events)))
}

/// A Parquet file: named `.parquet`, or a regular file starting with
/// Parquet's magic `PAR1` (a pipe is never read ahead: its bytes would be
/// lost to the reader).
fn is_parquet(file: &Path, given: &Path) -> bool {
    use std::io::Read;
    let named = given
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    let mut magic = [0u8; 4];
    named
        || std::fs::metadata(file).is_ok_and(|m| m.is_file())
            && File::open(file).is_ok_and(|mut f| f.read_exact(&mut magic).is_ok())
            && &magic == b"PAR1"
}

/// A Parquet file's record batches, a row group at a time.
fn open_parquet(
    file: &Path,
    given: &Path,
    option: &str,
) -> Result<impl Iterator<Item = accord_arrow::BatchResult> + Send, u8> {
    open_file(file, option)?;
    accord_arrow::open_parquet(file)
        .map_err(|e| usage_error(format!("cannot read {} ({option}): {e}", given.display())))
}

/// Unreadable records as `report` and `backtest` show them on stderr: the
/// first [`RecordErrors::SHOWN`] errors each naming its record and field,
/// then how many more there are (`accord check --leads` lists them all).
#[derive(Default)]
pub struct RecordErrors {
    shown: Vec<String>,
    more: usize,
}

impl RecordErrors {
    pub const SHOWN: usize = 10;

    /// The errors of one unreadable record.
    pub fn add(&mut self, file: &Path, errors: Vec<RecordError>) {
        for e in errors {
            if self.shown.len() < Self::SHOWN {
                self.shown.push(InputError::new(file, e, false).describe());
            } else {
                self.more += 1;
            }
        }
    }

    /// Writes them to stderr.
    pub fn print(&self) {
        self.shown.iter().for_each(|e| errln!("{e}"));
        if self.more > 0 {
            errln!(
                "… and {} more record errors (`accord check --leads` lists them all)",
                self.more
            );
        }
    }
}

/// The warning `report` and `backtest` give when the leads file held no
/// record at all (`records` read, readable or not).
pub fn warn_if_no_records(leads: &Path, records: u64) {
    if records == 0 {
        errln!("warning: {} has no lead records", leads.display());
    }
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
    pub fn new(file: &Path, error: RecordError, events_file: bool) -> InputError {
        InputError {
            file: file.display().to_string(),
            error,
            events_file,
        }
    }

    /// What the error is about, as its code names it: `events` (a row of
    /// the events file), `input` (the leads file as a whole: its header)
    /// or `record` (a lead record's field).
    pub fn about(&self) -> &'static str {
        match (self.events_file, self.error.record) {
            (true, _) => "events",
            (false, 0) => "input",
            (false, _) => "record",
        }
    }

    /// `error[accord::events]: events.csv line 6, lead L-2, field kind:
    /// kind should be one of …` (`events.parquet row 5, …` for a table),
    /// or for the leads file `error[accord::record]:
    /// leads.csv record 7 (line 8), lead L-7, field employees: …`.
    pub fn describe(&self) -> String {
        let e = &self.error;
        let mut at = self.file.clone();
        match (self.events_file || e.record == 0, e.line) {
            (true, Some(line)) => at.push_str(&format!(" line {line}")),
            // A row of an events table (Parquet): it has no line.
            (true, None) if self.events_file && e.record > 0 => {
                at.push_str(&format!(" row {}", e.record));
            }
            (true, None) => {}
            (false, line) => at.push_str(&format!(" {}", record_at(e.record, line))),
        }
        if let Some(id) = &e.lead_id {
            at.push_str(&format!(", lead {id}"));
        }
        if let Some(field) = &e.field {
            at.push_str(&format!(", field {field}"));
        }
        let code = self.about();
        // Most messages already say what was expected (or, for the input
        // and events errors, what was found; a header error says both).
        let said = e.message.contains(e.expected.as_str())
            || code != "record" && (e.record == 0 || e.message.contains(e.found.as_str()));
        one_line(if said {
            format!("error[accord::{code}]: {at}: {}", e.message)
        } else {
            format!(
                "error[accord::{code}]: {at}: {} (expected {}, found {})",
                e.message, e.expected, e.found
            )
        })
    }
}

/// Text of the inputs (a lead id, a value quoted in a message) made safe to
/// print as one line of a terminal: a control character — a line break
/// that would start a made-up row, a terminal escape sequence — is
/// written as an escape (`\n`, `\u{1b}`) instead.
pub fn one_line(text: String) -> String {
    if !text.chars().any(char::is_control) {
        return text;
    }
    text.chars()
        .map(|c| match c {
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// A warning about an input file (an ignored column or key, a duplicated
/// lead id): it changes neither the rows nor the exit code. Serialized as
/// the [`InputWarning`] plus the `file` it is about.
#[derive(Clone, Debug, Serialize)]
pub struct FileWarning {
    pub file: String,
    #[serde(flatten)]
    pub warning: InputWarning,
}

impl FileWarning {
    /// `warning[accord::input]: leads.ndjson record 2 (line 2): unknown key
    /// `emploees` (did you mean `employees`?): …`
    pub fn describe(&self) -> String {
        let w = &self.warning;
        let mut at = self.file.clone();
        match (w.record, w.line) {
            (Some(record), line) => at.push_str(&format!(" {}", record_at(record, line))),
            (None, Some(line)) => at.push_str(&format!(" line {line}")),
            (None, None) => {}
        }
        one_line(format!("warning[accord::input]: {at}: {}", w.message))
    }
}

/// How many lead records a check read, and how many of them could not be
/// (`accord check --leads`'s last line and its JSON `records`).
#[derive(serde::Serialize, Clone, Copy, Debug)]
pub struct RecordCount {
    pub read: usize,
    pub unreadable: usize,
}

/// What `accord check --leads FILE [--events FILE]` finds in the inputs.
pub struct Checked {
    /// Each naming its file: the leads file's header errors and record
    /// errors, then the events file's errors (bad rows, events of unknown
    /// leads). Left out: a lead's "not evaluated" error caused by its bad
    /// events rows (the events file's error says it), and each row's error
    /// for a required column the header lacks or names twice (the header
    /// error says it).
    pub errors: Vec<InputError>,
    pub warnings: Vec<FileWarning>,
    /// How many lead records were read, and how many of them could not be
    /// (each has its errors among `errors`).
    pub records: RecordCount,
}

/// Reads the inputs of `accord check` to the end.
pub fn check_inputs(schema: &Schema, leads: &Path, events: Option<&Path>) -> Result<Checked, u8> {
    // Checking reads everything anyway; it also looks for duplicate ids.
    let files = InputFiles::once(leads, events);
    let inputs = Inputs::with_notes(schema, &files, InputNotes::with_duplicate_ids());
    let (mut records, mut unreadable_records) = (0, 0);
    let record_errors: Vec<RecordError> = inputs
        .outcomes()?
        .filter_map(|o| {
            records += 1;
            let errors = o.result.err()?;
            unreadable_records += 1;
            Some(errors)
        })
        .flatten()
        .filter(|e| !e.is_events_consequence())
        .collect();
    // Known once the header is read: the columns it lacks or names twice.
    let in_header: Vec<String> = inputs
        .leads_notes
        .header_errors()
        .into_iter()
        .filter_map(|e| e.field)
        .collect();
    // A row's error that only repeats its header's: its field missing, or
    // given twice (`email given once` expected).
    let from_header = |e: &RecordError| {
        e.field.as_ref().is_some_and(|f| {
            in_header.contains(f)
                && (e.found == "nothing" || e.expected.strip_suffix(" given once") == Some(f))
        })
    };
    let record_errors = record_errors
        .into_iter()
        .filter(|e| !from_header(e))
        .map(|e| InputError::new(leads, e, false));
    let mut errors = inputs.errors();
    // Header errors first, then the records', then the events file's.
    let at = errors.iter().take_while(|e| !e.events_file).count();
    errors.splice(at..at, record_errors);
    Ok(Checked {
        errors,
        warnings: inputs.warnings(),
        records: RecordCount {
            read: records,
            unreadable: unreadable_records,
        },
    })
}

/// The rows of a run.
pub type Rows<'p> = Box<dyn Iterator<Item = accord::Row> + 'p>;

/// The lead input files of one run (`--leads`, `--events`) as given, and
/// the copies of those that cannot be read twice (a pipe, `/dev/stdin`):
/// made once per run by [`InputFiles::rereadable`], so that every pass and
/// every policy version (`accord diff`) reads the same copy. The copies
/// are removed when this is dropped, also on an error path.
pub struct InputFiles<'a> {
    leads: &'a Path,
    events: Option<&'a Path>,
    leads_copy: Option<TempPath>,
    events_copy: Option<TempPath>,
}

impl<'a> InputFiles<'a> {
    /// Inputs read in a single pass: opened as given, never copied.
    pub fn once(leads: &'a Path, events: Option<&'a Path>) -> InputFiles<'a> {
        InputFiles {
            leads,
            events,
            leads_copy: None,
            events_copy: None,
        }
    }

    /// Inputs read more than once (a summary-first pass, both versions of
    /// `accord diff`): a pipe or `/dev/stdin` is read now, once, into a
    /// temporary file that every pass then opens.
    pub fn rereadable(leads: &'a Path, events: Option<&'a Path>) -> Result<InputFiles<'a>, u8> {
        let leads_copy = spool(leads, "--leads")?;
        let events_copy = match events {
            Some(path) => spool(path, "--events")?,
            None => None,
        };
        Ok(InputFiles {
            leads,
            events,
            leads_copy,
            events_copy,
        })
    }

    /// The file to open for the leads (the given one, or its copy).
    fn leads_file(&self) -> &Path {
        self.leads_copy.as_deref().unwrap_or(self.leads)
    }
}

/// Copies `path` to a temporary file when it is not a regular file (a pipe
/// or a terminal can be read only once); `None` when it is one. The copy is
/// created afresh (never an existing file or a symlink planted there) under
/// an unpredictable name, `accord-spool-…`, in the system's temporary
/// folder (`TMPDIR`), and removed when the returned path is dropped.
fn spool(path: &Path, option: &str) -> Result<Option<TempPath>, u8> {
    if std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    let mut source = open_file(path, option)?;
    let extension = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let folder = std::env::temp_dir();
    let copy = tempfile::Builder::new()
        .prefix("accord-spool-")
        .suffix(&extension)
        .tempfile_in(&folder)
        .and_then(|mut copy| {
            std::io::copy(&mut source, copy.as_file_mut())?;
            Ok(copy.into_temp_path())
        });
    copy.map(Some).map_err(|e| {
        usage_error(format!(
            "cannot keep a copy of {} in {} to read it twice: {}",
            path.display(),
            folder.display(),
            io_words(&e)
        ))
    })
}

/// The lead inputs of one run read with one policy's schema, once per
/// pass over the rows; after a pass read to the end, [`Inputs::errors`]
/// and [`Inputs::warnings`] say what is wrong with the inputs beside the
/// rows (naming the files as given, not their copies).
pub struct Inputs<'a> {
    files: &'a InputFiles<'a>,
    /// Notes unknown keys and lead ids (see `accord_records::InputNotes`).
    decoder: RecordDecoder,
    leads_notes: InputNotes,
    events_notes: InputNotes,
    /// The events file's bad rows, from the last pass.
    event_errors: RefCell<Vec<RecordError>>,
    /// Where the last pass leaves the events of unknown leads.
    unmatched: RefCell<Option<UnmatchedEvents>>,
}

impl<'a> Inputs<'a> {
    /// Inputs whose memory stays flat (no duplicate-id check).
    pub fn new(schema: &Schema, files: &'a InputFiles<'a>) -> Inputs<'a> {
        Inputs::with_notes(schema, files, InputNotes::new())
    }

    fn with_notes(
        schema: &Schema,
        files: &'a InputFiles<'a>,
        leads_notes: InputNotes,
    ) -> Inputs<'a> {
        Inputs {
            files,
            decoder: RecordDecoder::new(schema).with_notes(leads_notes.clone()),
            leads_notes,
            events_notes: InputNotes::new(),
            event_errors: RefCell::new(Vec::new()),
            unmatched: RefCell::new(None),
        }
    }

    /// The leads as given (errors name it).
    fn leads(&self) -> &'a Path {
        self.files.leads
    }

    /// Every lead record's outcome, read from the leads file (or its copy).
    fn lead_outcomes(&self, events: Option<EventsIndex>) -> Result<Outcomes, u8> {
        read_leads(
            self.decoder.clone(),
            self.files.leads_file(),
            self.leads(),
            events,
        )
    }

    /// Starts a pass: forgets the last one, reads the events file.
    fn start(&self) -> Result<Option<EventsIndex>, u8> {
        self.leads_notes.clear();
        self.events_notes.clear();
        self.event_errors.borrow_mut().clear();
        *self.unmatched.borrow_mut() = None;
        let Some(path) = self.files.events else {
            return Ok(None);
        };
        let file = self.files.events_copy.as_deref().unwrap_or(path);
        let decoder =
            RecordDecoder::new(self.decoder.schema()).with_notes(self.events_notes.clone());
        let (index, errors) = read_events(decoder, file, path)?;
        *self.event_errors.borrow_mut() = errors;
        *self.unmatched.borrow_mut() = Some(index.unmatched_handle());
        Ok(Some(index))
    }

    /// One pass without evaluating: every record's outcome.
    pub fn outcomes(&self) -> Result<Outcomes, u8> {
        let events = self.start()?;
        self.lead_outcomes(events)
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
        self.rows_of(policy.compiled(), as_of, explain, threads)
    }

    /// [`Inputs::rows`] for a compiled plan (`accord diff` compiles each
    /// version itself).
    pub fn rows_of<'p>(
        &'p self,
        compiled: &'p accord::CompiledPolicy,
        as_of: chrono::DateTime<chrono::Utc>,
        explain: bool,
        threads: usize,
    ) -> Result<Rows<'p>, u8> {
        let events = self.start()?;
        let file = self.files.leads_file();
        if is_parquet(file, self.leads()) {
            let outcomes = self.lead_outcomes(events)?;
            return Ok(Box::new(accord_eval::evaluate_batch(
                compiled, outcomes, as_of, explain, threads,
            )));
        }
        let (reader, format) = open_input_as(file, self.leads())?;
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

    /// The errors of the last pass that are not rows: the leads file's
    /// header errors (a required column missing), then the events file's
    /// errors: its bad rows, then one per lead id whose events no lead
    /// claimed (known once the pass has read the leads to the end).
    pub fn errors(&self) -> Vec<InputError> {
        let mut out: Vec<InputError> = self
            .leads_notes
            .header_errors()
            .into_iter()
            .map(|e| InputError::new(self.leads(), e, false))
            .collect();
        if let Some(path) = self.files.events {
            let unmatched = self
                .unmatched
                .borrow()
                .as_ref()
                .and_then(UnmatchedEvents::get)
                .unwrap_or_default();
            out.extend(
                self.event_errors
                    .borrow()
                    .iter()
                    .cloned()
                    .chain(unmatched)
                    .map(|error| InputError::new(path, error, true)),
            );
        }
        out
    }

    /// The warnings of the last pass: the leads file's, then the events
    /// file's.
    pub fn warnings(&self) -> Vec<FileWarning> {
        let name = |p: &Path| p.display().to_string();
        let leads = self
            .leads_notes
            .warnings()
            .into_iter()
            .map(|warning| FileWarning {
                file: name(self.leads()),
                warning,
            });
        let events = self.files.events.into_iter().flat_map(|path| {
            self.events_notes
                .warnings()
                .into_iter()
                .map(move |warning| FileWarning {
                    file: name(path),
                    warning,
                })
        });
        leads.chain(events).collect()
    }

    /// Prints the errors and warnings of the last pass on stderr; returns
    /// whether there were errors.
    pub fn report(&self) -> bool {
        let errors = self.errors();
        errors.iter().for_each(|e| errln!("{}", e.describe()));
        self.warnings()
            .iter()
            .for_each(|w| errln!("{}", w.describe()));
        !errors.is_empty()
    }
}
