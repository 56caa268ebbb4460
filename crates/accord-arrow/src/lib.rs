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
mod output;
mod row;
pub mod words;

pub use events::events_index;
pub use output::rows_batch;
pub use words::{Problem, ReadProblem};

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
/// this build does not read is refused here, in words; a batch that fails
/// later carries its problem in words too, with how many of the file's
/// rows it leaves unread (see [`words`]).
pub fn open_parquet(path: &Path) -> Result<ParquetBatches, ParquetOpenError> {
    let file = std::fs::File::open(path).map_err(ParquetOpenError::Io)?;
    // The file's bytes say best what is wrong with one that does not open.
    let refused = |e: &parquet::errors::ParquetError| {
        let mut problem = ReadProblem::of_parquet(e);
        if let Some(by_bytes) = by_its_bytes(path) {
            problem = ReadProblem::plain(by_bytes);
        }
        ParquetOpenError::Parquet(problem)
    };
    let builder = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| refused(&e))?;
    let metadata = builder.metadata().clone();
    let codec = metadata
        .row_groups()
        .iter()
        .flat_map(|g| g.columns())
        .find_map(|c| words::unread_codec(c.compression()));
    if let Some(name) = codec {
        return Err(ParquetOpenError::Parquet(ReadProblem::plain(
            Problem::Codec(name),
        )));
    }
    let reader = builder
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| refused(&e))?;
    Ok(ParquetBatches {
        reader,
        rows: usize::try_from(metadata.file_metadata().num_rows()).unwrap_or(0),
        read: 0,
    })
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

/// The record batches of a Parquet file ([`open_parquet`]): a batch that
/// cannot be read is an error in words ([`ReadProblem`]) saying how many
/// of the file's rows are left unread.
pub struct ParquetBatches {
    reader: parquet::arrow::arrow_reader::ParquetRecordBatchReader,
    /// The rows the file holds, by its footer.
    rows: usize,
    /// The rows read so far.
    read: usize,
}

impl Iterator for ParquetBatches {
    type Item = BatchResult;

    fn next(&mut self) -> Option<BatchResult> {
        match self.reader.next()? {
            Ok(batch) => {
                self.read += batch.num_rows();
                Some(Ok(batch))
            }
            Err(e) => {
                let mut problem = ReadProblem::of_arrow(&e);
                problem.unread = Some((self.rows.saturating_sub(self.read), self.rows));
                Some(Err(ArrowError::ExternalError(Box::new(problem))))
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
/// from `events` are merged into their leads as with an events CSV. A batch
/// that cannot be read ends the stream with one error row saying why.
pub struct ArrowLeads<B> {
    decoder: RecordDecoder,
    batches: B,
    batch: Option<RecordBatch>,
    row: usize,
    record: usize,
    events: Option<EventsIndex>,
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

/// The error for a batch that cannot be read (`what`: "the input from
/// record", "the events from row"), numbered `at`: reading stops there.
/// Its words are [`words`]'s; a Parquet file's batch also says how many
/// of the file's rows are not read.
pub(crate) fn unreadable(at: usize, what: &str, e: &ArrowError) -> RecordError {
    let problem = ReadProblem::of_arrow(e);
    let left = match problem.unread {
        Some((left, rows)) if left > 0 => {
            format!(", so the last {left} of the file's {rows} rows are not read")
        }
        _ => String::new(),
    };
    RecordError {
        record: at,
        line: None,
        lead_id: None,
        field: None,
        expected: problem.expected().into(),
        found: problem.found().into(),
        message: format!("could not read {what} {at} on: {problem}; reading stopped here{left}"),
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
