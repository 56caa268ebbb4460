//! Accord over Arrow: leads read straight from Arrow record batches (and
//! Parquet files, a stream of batches) into typed [`accord::Lead`]s, without
//! a JSON round trip per row, then evaluated like any other input.
//!
//! Each row of a batch is presented to the policy's record decoder as a map
//! of column name to cell (`row`): the same conversions, checks and error
//! rows as an NDJSON record with the same values — a cell that does not fit
//! the schema is an error row naming the record (its 1-based position in
//! the whole stream) and the field, and the stream goes on. A null cell is
//! an absent field. Event streams come as list-of-struct columns
//! (`activities`, `attempts`), or from a separate events table
//! ([`events_index`]), as with `--events`.
//!
//! The other way, [`rows_batch`] turns rows into one Arrow record batch
//! with the row contract's columns (for the Python package's results).
//!
//! See `tests/parquet.rs` for Parquet files with nested and separate
//! events, malformed cells and files of many row groups.

mod events;
mod file;
mod guard;
mod output;
mod row;
pub mod words;

pub use events::events_index;
pub use output::rows_batch;
pub use words::{Problem, ReadProblem, Skipped};

use accord::{EventsIndex, Policy, RecordDecoder, RecordError, RecordOutcome, Row};
use arrow_array::RecordBatch;
use arrow_schema::ArrowError;
use chrono::{DateTime, Utc};
use std::path::Path;

/// One batch of a stream, or why it could not be read.
pub type BatchResult = Result<RecordBatch, ArrowError>;

/// Rows per batch read from Parquet (the evaluator's chunk size).
pub const BATCH_ROWS: usize = 4096;

/// Reads a Parquet file as a stream of record batches, one row group at a
/// time: memory stays bounded by a row group whatever the file's size. A
/// file that is empty, not Parquet, cut short, or compressed with a codec
/// this build does not read is refused here, in words. A row group that
/// cannot be decoded later is one error in words ([`words`]) standing for
/// each of its rows not read ([`Skipped`]), and reading goes on with the
/// next group: the groups of a file are stored apart, so damage to one
/// does not reach the others.
pub fn open_parquet(path: &Path) -> Result<ParquetBatches, ParquetOpenError> {
    use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ParquetRecordBatchReaderBuilder};
    let file = file::ParquetFile(std::fs::File::open(path).map_err(ParquetOpenError::Io)?);
    // One step of opening, run by the library: a panic of it is a damaged
    // file, an error of it the file refused — in the words its bytes say
    // best when they say what is wrong (empty, not Parquet, cut short).
    fn step<T>(
        path: &Path,
        run: impl FnOnce() -> Result<T, parquet::errors::ParquetError>,
    ) -> Result<T, ParquetOpenError> {
        guard::guarded(run)
            .map_err(ParquetOpenError::Parquet)?
            .map_err(|e| {
                let problem = match by_its_bytes(path) {
                    Some(by_bytes) => ReadProblem::plain(by_bytes),
                    None => ReadProblem::of_parquet(&e),
                };
                ParquetOpenError::Parquet(problem)
            })
    }
    let metadata = step(path, || {
        ArrowReaderMetadata::load(&file, Default::default())
    })?;
    let codec = metadata
        .metadata()
        .row_groups()
        .iter()
        .flat_map(|g| g.columns())
        .find_map(|c| words::unread_codec(c.compression()));
    if let Some(name) = codec {
        return Err(ParquetOpenError::Parquet(ReadProblem::plain(
            Problem::Codec(name),
        )));
    }
    // A reader of the whole file is built once, so that a file no reader
    // can be built for (a column type the library does not decode) is
    // refused here, as before a single row.
    let whole = file.try_clone().map_err(ParquetOpenError::Io)?;
    step(path, || {
        ParquetRecordBatchReaderBuilder::new_with_metadata(whole, metadata.clone()).build()
    })?;
    let group_rows = metadata
        .metadata()
        .row_groups()
        .iter()
        .map(|g| usize::try_from(g.num_rows()).unwrap_or(0))
        .collect();
    let counted = metadata.metadata().file_metadata().num_rows();
    let batches = ParquetBatches {
        file,
        metadata,
        group_rows,
        group: 0,
        reader: None,
        read_in_group: 0,
    };
    // The footer's own count of rows and its groups' must agree: a row
    // count changed by damage would otherwise stand for rows that are not
    // there (an error row for each, up to billions).
    if usize::try_from(counted).ok() != Some(batches.rows()) {
        return Err(ParquetOpenError::Parquet(ReadProblem::damaged(&format!(
            "the footer counts {counted} rows, its row groups {}",
            batches.rows()
        ))));
    }
    Ok(batches)
}

/// What a file's own bytes say when the library cannot open it: empty,
/// not Parquet (no `PAR1` at the start), or cut short (none at the end).
fn by_its_bytes(path: &Path) -> Option<Problem> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut head = [0u8; 4];
    let mut tail = [0u8; 4];
    if len == 0 {
        return Some(Problem::Empty);
    }
    if len < 4 || file.read_exact(&mut head).is_err() || &head != b"PAR1" {
        return Some(Problem::NotParquet);
    }
    let ends_well = file.seek(SeekFrom::End(-4)).is_ok()
        && file.read_exact(&mut tail).is_ok()
        && &tail == b"PAR1";
    (!ends_well || len < 12).then_some(Problem::CutShort)
}

/// The record batches of a Parquet file ([`open_parquet`]), a row group
/// at a time. A row group that cannot be read is one error in words
/// ([`ReadProblem`]) whose [`Skipped`] says which of the file's rows it
/// stands for; the next group is read after it.
pub struct ParquetBatches {
    file: file::ParquetFile,
    metadata: parquet::arrow::arrow_reader::ArrowReaderMetadata,
    /// The rows of each row group, by the file's footer.
    group_rows: Vec<usize>,
    /// The row group read now (or next, when `reader` is `None`).
    group: usize,
    /// The reader of the row group `group`, once it is started.
    reader: Option<parquet::arrow::arrow_reader::ParquetRecordBatchReader>,
    /// The rows of `group` read so far.
    read_in_group: usize,
}

impl ParquetBatches {
    /// The rows the file holds, by its footer: exactly one batch row or
    /// one unread row ([`Skipped`]) comes out for each.
    pub fn rows(&self) -> usize {
        self.group_rows.iter().sum()
    }

    /// A reader of the row group `group` alone.
    fn group_reader(
        &self,
        group: usize,
    ) -> Result<parquet::arrow::arrow_reader::ParquetRecordBatchReader, ReadProblem> {
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let file = self
            .file
            .try_clone()
            .map_err(|e| ReadProblem::plain(Problem::Io(accord::diagnostic::io_words(&e))))?;
        guard::guarded(|| {
            ParquetRecordBatchReaderBuilder::new_with_metadata(file, self.metadata.clone())
                .with_row_groups(vec![group])
                .with_batch_size(BATCH_ROWS)
                .build()
        })?
        .map_err(|e| ReadProblem::of_parquet(&e))
    }

    /// The error for the rows of the current group not read, after which
    /// reading goes on with the next group.
    fn skip_rest_of_group(&mut self, mut problem: ReadProblem) -> BatchResult {
        let rows_before: usize = self.group_rows.iter().take(self.group).sum();
        let in_group = self.group_rows.get(self.group).copied().unwrap_or(0);
        problem.skipped = Some(Skipped {
            first: rows_before + self.read_in_group,
            rows: in_group.saturating_sub(self.read_in_group),
            group: self.group + 1,
            groups: self.group_rows.len(),
            file_rows: self.rows(),
        });
        self.reader = None;
        self.group += 1;
        self.read_in_group = 0;
        Err(ArrowError::ExternalError(Box::new(problem)))
    }
}

impl Iterator for ParquetBatches {
    type Item = BatchResult;

    fn next(&mut self) -> Option<BatchResult> {
        loop {
            let reader = match &mut self.reader {
                Some(reader) => reader,
                None => {
                    if self.group >= self.group_rows.len() {
                        return None;
                    }
                    match self.group_reader(self.group) {
                        Ok(reader) => self.reader.insert(reader),
                        Err(problem) => return Some(self.skip_rest_of_group(problem)),
                    }
                }
            };
            // A panic of the library (on damage its checks miss) is a
            // damaged group too; the reader is not used after it.
            match guard::guarded(|| reader.next()) {
                Ok(Some(Ok(batch))) => {
                    self.read_in_group += batch.num_rows();
                    return Some(Ok(batch));
                }
                Ok(Some(Err(e))) => {
                    return Some(self.skip_rest_of_group(ReadProblem::of_arrow(&e)));
                }
                Err(problem) => return Some(self.skip_rest_of_group(problem)),
                // The group's data ends before the rows its footer
                // counts: the rest are rows not read, too.
                Ok(None) if self.group_rows.get(self.group) > Some(&self.read_in_group) => {
                    let problem = ReadProblem::damaged("the row group ends before its last row");
                    return Some(self.skip_rest_of_group(problem));
                }
                Ok(None) => {
                    self.reader = None;
                    self.group += 1;
                    self.read_in_group = 0;
                }
            }
        }
    }
}

/// Why a Parquet file could not be opened.
#[derive(Debug)]
pub enum ParquetOpenError {
    Io(std::io::Error),
    /// Not a Parquet file, or one this reader cannot decode (e.g. a codec
    /// that is not built in), in words.
    Parquet(ReadProblem),
}

impl std::fmt::Display for ParquetOpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParquetOpenError::Io(e) => write!(f, "{}", accord::diagnostic::io_words(e)),
            ParquetOpenError::Parquet(problem) => write!(f, "{problem}"),
        }
    }
}

impl std::error::Error for ParquetOpenError {}

/// The leads of a stream of record batches: exactly one [`RecordOutcome`]
/// per row, in order (records numbered from 1 across batches). Events
/// from `events` are merged into their leads as with an events CSV. A
/// Parquet row group that cannot be read is an error row for each of its
/// rows ([`Skipped`]), and the stream goes on; any other batch that cannot
/// be read ends the stream with one error row saying why.
pub struct ArrowLeads<B> {
    decoder: RecordDecoder,
    batches: B,
    batch: Option<RecordBatch>,
    row: usize,
    record: usize,
    events: Option<EventsIndex>,
    /// The rows of an unreadable row group not yet given their error
    /// rows, why they could not be read, and that said in words (the
    /// same for each of them: written once).
    skipping: Option<(usize, ReadProblem, String)>,
    done: bool,
}

impl<B> ArrowLeads<B>
where
    B: Iterator<Item = Result<RecordBatch, ArrowError>>,
{
    pub fn new(decoder: RecordDecoder, batches: B, events: Option<EventsIndex>) -> Self {
        ArrowLeads {
            decoder,
            batches,
            batch: None,
            row: 0,
            record: 0,
            events,
            skipping: None,
            done: false,
        }
    }

    fn end(&mut self) -> Option<RecordOutcome> {
        self.done = true;
        if let Some(index) = self.events.take() {
            index.finish();
        }
        None
    }
}

impl<B> Iterator for ArrowLeads<B>
where
    B: Iterator<Item = Result<RecordBatch, ArrowError>>,
{
    type Item = RecordOutcome;

    fn next(&mut self) -> Option<RecordOutcome> {
        if self.done {
            return None;
        }
        loop {
            if let Some((left, problem, why)) = &mut self.skipping {
                if *left > 0 {
                    *left -= 1;
                    self.record += 1;
                    let error = read_error(
                        self.record,
                        problem,
                        format!("could not read record {}: {why}", self.record),
                    );
                    return Some(RecordOutcome {
                        record: self.record,
                        line: None,
                        result: Err(vec![error]),
                    });
                }
                self.skipping = None;
            }
            if let Some(batch) = &self.batch {
                if self.row < batch.num_rows() {
                    break;
                }
            }
            match self.batches.next() {
                None => return self.end(),
                Some(Ok(batch)) => {
                    self.batch = Some(batch);
                    self.row = 0;
                }
                Some(Err(e)) => {
                    self.batch = None;
                    let problem = ReadProblem::of_arrow(&e);
                    if let Some(skipped) = problem.skipped {
                        let which = if skipped.rows == 1 {
                            "it is"
                        } else {
                            "it is one of"
                        };
                        let why = format!("{problem}; {which} {}", skipped.place());
                        self.skipping = Some((skipped.rows, problem, why));
                        continue;
                    }
                    self.record += 1;
                    let outcome = RecordOutcome {
                        record: self.record,
                        line: None,
                        result: Err(vec![unreadable(self.record, "the input from record", &e)]),
                    };
                    self.end();
                    return Some(outcome);
                }
            }
        }
        let batch = self.batch.as_ref()?;
        self.record += 1;
        let record = self.record;
        let mut result =
            self.decoder
                .decode_from(row::RowDe::of_batch(batch, self.row), record, None);
        self.row += 1;
        if let Some(index) = self.events.as_mut() {
            index.join(record, None, &mut result);
        }
        Some(RecordOutcome {
            record,
            line: None,
            result,
        })
    }
}

/// The error for a batch of an Arrow stream that cannot be read (`what`:
/// "the input from record", "the events from row"), numbered `at`:
/// reading stops there. Its words are [`words`]'s.
pub(crate) fn unreadable(at: usize, what: &str, e: &ArrowError) -> RecordError {
    let problem = ReadProblem::of_arrow(e);
    read_error(
        at,
        &problem,
        format!("could not read {what} {at} on: {problem}; reading stopped here"),
    )
}

/// A [`RecordError`] for input that could not be read at all.
pub(crate) fn read_error(at: usize, problem: &ReadProblem, message: String) -> RecordError {
    RecordError {
        record: at,
        line: None,
        lead_id: None,
        field: None,
        expected: problem.expected().into(),
        found: problem.found().into(),
        message,
    }
}

/// Evaluates a stream of record batches under `policy` (`threads` = 0:
/// all cores): one row per input row, in order, a chunk at a time.
pub fn evaluate_batches<'p, B>(
    policy: &'p Policy,
    batches: B,
    events: Option<EventsIndex>,
    as_of: DateTime<Utc>,
    explain: bool,
    threads: usize,
) -> impl Iterator<Item = Row> + 'p
where
    B: Iterator<Item = Result<RecordBatch, ArrowError>> + 'p,
{
    let leads = ArrowLeads::new(policy.decoder().clone(), batches, events);
    policy.evaluate_outcomes(leads, as_of, explain, threads)
}
