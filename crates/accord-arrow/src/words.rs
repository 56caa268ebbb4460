//! What the Arrow and Parquet libraries say about input they cannot read,
//! in words a RevOps user can act on — the one place where their errors
//! become Accord's. Every read path goes through it: a file that cannot be
//! opened ([`crate::open_parquet`]), a row group that cannot be decoded
//! part-way through a file (an error row for each of its rows in a leads
//! stream, one error in an events table; the other groups are read), and
//! a column of a type no lead field reads.
//!
//! Each [`Problem`] says what is wrong and what to do about it, like the
//! CSV and NDJSON readers' errors; the library's own text is kept only as
//! a short trailing `(detail: …)` where it can help a developer.

use arrow_schema::{ArrowError, DataType};
use parquet::errors::ParquetError;
use std::fmt;

/// What is wrong with a Parquet input, as far as its user can act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file has no bytes at all.
    Empty,
    /// It does not start with Parquet's `PAR1` marker: another kind of file.
    NotParquet,
    /// It starts as Parquet but does not end with the marker: cut short.
    CutShort,
    /// A Parquet file with a part that cannot be decoded.
    Damaged,
    /// Compressed with a codec this build does not read (its name).
    Codec(&'static str),
    /// A Parquet feature (a type, an encoding) this reader does not have.
    Unsupported,
    /// The file could not be read from disk (the system's reason, in words).
    Io(String),
    /// An Arrow stream (not a file) that failed.
    Stream,
    /// Anything else.
    Other,
}

/// A Parquet or Arrow input that could not be read, in words: what is
/// wrong, what to do, and the library's detail (when it helps).
#[derive(Debug, Clone)]
pub struct ReadProblem {
    pub problem: Problem,
    /// The library's own text, shortened; shown after the words.
    pub detail: Option<String>,
    /// For a row group of a Parquet file that could not be read: the
    /// rows it leaves unread (reading goes on after them).
    pub skipped: Option<Skipped>,
}

/// The rows of a Parquet file one unreadable row group leaves unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skipped {
    /// The first of them, counted from 0 in the whole file.
    pub first: usize,
    /// How many (the rest of the group from `first`).
    pub rows: usize,
    /// The group, counted from 1, of how many the file has.
    pub group: usize,
    pub groups: usize,
    /// The rows of the whole file, by its footer.
    pub file_rows: usize,
}

impl Skipped {
    /// Which rows these are, in words: "the rows 4097 to 8192 of the
    /// file's 12000, its row group 2 of 3, which could not be read (the
    /// other groups are read)".
    pub fn place(&self) -> String {
        let rows = match self.rows {
            1 => format!(
                "the row {} of the file's {}",
                self.first + 1,
                self.file_rows
            ),
            n => format!(
                "the rows {} to {} of the file's {}",
                self.first + 1,
                self.first + n,
                self.file_rows
            ),
        };
        format!(
            "{rows}, its row group {} of {}, which could not be read (the other groups are read)",
            self.group, self.groups
        )
    }
}

impl ReadProblem {
    /// A problem found without the library (the file's bytes tell).
    pub(crate) fn plain(problem: Problem) -> ReadProblem {
        ReadProblem {
            problem,
            detail: None,
            skipped: None,
        }
    }

    /// What the Parquet library's error means.
    pub(crate) fn of_parquet(e: &ParquetError) -> ReadProblem {
        let problem = match e {
            ParquetError::NYI(_) | ParquetError::ArrowError(_) => Problem::Unsupported,
            ParquetError::General(message) => general(message),
            ParquetError::External(inner) => match inner.downcast_ref::<std::io::Error>() {
                Some(io) => Problem::Io(accord::diagnostic::io_words(io)),
                None => Problem::Damaged,
            },
            _ => Problem::Damaged,
        };
        ReadProblem::with_detail(problem, &e.to_string())
    }

    /// What an Arrow error (a batch that could not be read) means: one of
    /// [`crate::ParquetBatches`] is already in words; a Parquet error
    /// carried as text is read back by its prefix.
    pub fn of_arrow(e: &ArrowError) -> ReadProblem {
        match e {
            ArrowError::ExternalError(inner) => {
                if let Some(known) = inner.downcast_ref::<ReadProblem>() {
                    return known.clone();
                }
                if let Some(parquet) = inner.downcast_ref::<ParquetError>() {
                    return ReadProblem::of_parquet(parquet);
                }
                ReadProblem::with_detail(Problem::Stream, &e.to_string())
            }
            ArrowError::ParquetError(text) => {
                let problem = match text.split_once(": ") {
                    Some(("NYI" | "Arrow", _)) => Problem::Unsupported,
                    Some(("Parquet error", message)) => general(message),
                    _ => Problem::Damaged,
                };
                ReadProblem::with_detail(problem, text)
            }
            ArrowError::IoError(_, io) => {
                ReadProblem::plain(Problem::Io(accord::diagnostic::io_words(io)))
            }
            ArrowError::CDataInterface(_) => {
                ReadProblem::with_detail(Problem::Stream, &e.to_string())
            }
            _ => ReadProblem::with_detail(Problem::Other, &e.to_string()),
        }
    }

    /// A damaged part of a file, as the library's `text` (a panic's
    /// message: [`crate::guard`]) tells it.
    pub(crate) fn damaged(text: &str) -> ReadProblem {
        ReadProblem::with_detail(Problem::Damaged, text)
    }

    fn with_detail(problem: Problem, text: &str) -> ReadProblem {
        ReadProblem {
            problem,
            detail: Some(shortened(text)),
            skipped: None,
        }
    }

    /// What was found, in a few words (a record error's `found`).
    pub fn found(&self) -> &'static str {
        match self.problem {
            Problem::Empty => "an empty file",
            Problem::NotParquet => "a file that is not Parquet",
            Problem::CutShort => "a Parquet file cut short",
            Problem::Damaged => "a damaged part of the file",
            Problem::Codec(_) => "a compression Accord does not read",
            Problem::Unsupported => "a Parquet feature Accord does not read",
            Problem::Io(_) => "a file that could not be read from disk",
            Problem::Stream => "an Arrow stream that failed",
            Problem::Other => "data that could not be read",
        }
    }

    /// What a reader of this input expects (a record error's `expected`).
    pub fn expected(&self) -> &'static str {
        match self.problem {
            Problem::Stream => "a readable Arrow record batch",
            _ => "a readable Parquet file",
        }
    }
}

impl fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            Problem::Empty => f.write_str("the file is empty (0 bytes): export the data again")?,
            Problem::NotParquet => f.write_str(
                "it is not a Parquet file (a Parquet file starts with the letters PAR1): \
                 export it again as Parquet, or, if it holds CSV or JSON, name it .csv, \
                 .ndjson or .json",
            )?,
            Problem::CutShort => f.write_str(
                "the file is cut short: it starts as a Parquet file, but its end, where \
                 Parquet lists the columns and rows, is missing (an unfinished download or \
                 copy?): copy or export it again",
            )?,
            Problem::Damaged => f.write_str(
                "part of the file is damaged and cannot be decoded: copy or export it again",
            )?,
            Problem::Codec(name) => write!(
                f,
                "it is compressed with {name}, which Accord does not read: export it again \
                 with snappy or zstd compression (the usual defaults), or uncompressed"
            )?,
            Problem::Unsupported => f.write_str(
                "it uses a Parquet feature Accord does not read: export it again with plain \
                 columns (text, numbers, true/false, dates and timestamps, lists and structs \
                 of them)",
            )?,
            Problem::Io(words) => f.write_str(words)?,
            Problem::Stream => f.write_str("the Arrow stream stopped with an error")?,
            Problem::Other => f.write_str(
                "it could not be read as Parquet: export it again, or export the data as CSV",
            )?,
        }
        match &self.detail {
            Some(detail) => write!(f, " (detail: {detail})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ReadProblem {}

/// A general Parquet error's message: a codec left out of this build, a
/// bad footer, or some other damage.
fn general(message: &str) -> Problem {
    match message.strip_prefix("Disabled feature at compile time: ") {
        Some("flate2") => Problem::Codec("gzip"),
        Some("brotli") => Problem::Codec("Brotli"),
        Some("lz4") => Problem::Codec("LZ4"),
        Some(_) => Problem::Unsupported,
        None => Problem::Damaged,
    }
}

/// The library's text without the wrappers it adds around it
/// ("Parquet argument error: Parquet error: …"), at most 160 characters.
fn shortened(text: &str) -> String {
    let mut rest = text;
    for wrapper in [
        "Parquet argument error: ",
        "External error: ",
        "Parquet error: ",
        "External: ",
    ] {
        rest = rest.strip_prefix(wrapper).unwrap_or(rest);
    }
    match rest.char_indices().nth(160) {
        Some((end, _)) => format!("{}…", &rest[..end]),
        None => rest.to_string(),
    }
}

/// A compression codec this build does not read (snappy and zstd are
/// built in, like no compression), by the name its users know.
pub(crate) fn unread_codec(codec: parquet::basic::Compression) -> Option<&'static str> {
    use parquet::basic::Compression as C;
    match codec {
        C::UNCOMPRESSED | C::SNAPPY | C::ZSTD(_) => None,
        C::GZIP(_) => Some("gzip"),
        C::BROTLI(_) => Some("Brotli"),
        C::LZ4 | C::LZ4_RAW => Some("LZ4"),
        C::LZO => Some("LZO"),
    }
}

/// A cell of an Arrow type that no lead field reads, as the value a
/// field "is" in its error ("employees should be a number, but is …");
/// `None` for the types the cells read (scalars, lists, structs).
pub(crate) fn type_words(ty: &DataType) -> Option<&'static str> {
    Some(match ty {
        DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView
        | DataType::FixedSizeBinary(_) => "binary data (bytes, not text)",
        DataType::Time32(_) | DataType::Time64(_) => "a time of day without a date",
        DataType::Duration(_) => "a duration",
        DataType::Interval(_) => "an interval of time",
        DataType::Map(_, _) => "a map of keys to values",
        DataType::Union(_, _) => "a value of a union column (one of several types)",
        DataType::Float16 => "a 16-bit float (export the column as a 64-bit float)",
        DataType::Decimal32(_, _) | DataType::Decimal64(_, _) | DataType::Decimal256(_, _) => {
            "a decimal of a width Accord does not read (export the column as a float)"
        }
        DataType::RunEndEncoded(_, _) => "a run-end encoded column (export it plain)",
        _ => return None,
    })
}
