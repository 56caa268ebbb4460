//! The Parquet file as the library reads it: a [`ChunkReader`] over the
//! open file whose readers refuse to go on reading past the end of the
//! file again and again.
//!
//! The Parquet library (60.1) skips an unknown field of a page header by
//! reading its bytes and throwing them away; at the end of the file such a
//! read gives nothing and the skip still succeeds. A damaged header that
//! declares a list of two billion 8-byte values to skip then reads past
//! the end two billion times — a 7 KB file read for hours (found by the
//! `read_parquet` fuzz target). A reader here counts the reads that found
//! the end and, after [`ENDS_ALLOWED`] of them, answers with an error: the
//! library reports the page as unreadable and the rows of its row group
//! become error rows, as for any other damage. A well-formed file never
//! reads past its end more than once or twice.

use bytes::Bytes;
use parquet::file::reader::{ChunkReader, Length};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};

/// How many reads that find the end of the file a reader gives before it
/// answers with an error.
const ENDS_ALLOWED: u32 = 64;

/// An open Parquet file, read through [`PastTheEnd`].
pub(crate) struct ParquetFile(pub(crate) File);

impl ParquetFile {
    /// Another handle on the same file (sharing its position, as the
    /// library's own readers of a `File` do).
    pub(crate) fn try_clone(&self) -> std::io::Result<ParquetFile> {
        self.0.try_clone().map(ParquetFile)
    }
}

impl Length for ParquetFile {
    fn len(&self) -> u64 {
        self.0.len()
    }
}

impl ChunkReader for ParquetFile {
    type T = BufReader<PastTheEnd<File>>;

    fn get_read(&self, start: u64) -> parquet::errors::Result<Self::T> {
        let mut file = self.0.try_clone()?;
        file.seek(SeekFrom::Start(start))?;
        Ok(BufReader::new(PastTheEnd::new(file)))
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<Bytes> {
        self.0.get_bytes(start, length)
    }
}

/// A reader that answers with an error once it has found the end of its
/// input more than [`ENDS_ALLOWED`] times.
pub(crate) struct PastTheEnd<R> {
    inner: R,
    ends: u32,
}

impl<R> PastTheEnd<R> {
    pub(crate) fn new(inner: R) -> PastTheEnd<R> {
        PastTheEnd { inner, ends: 0 }
    }
}

impl<R: Read> Read for PastTheEnd<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.ends += 1;
            if self.ends > ENDS_ALLOWED {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the file ends where its own structure says more follows",
                ));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading up to the end and at it a few times answers as the input
    /// does; reading at the end again and again is an error.
    #[test]
    fn reading_past_the_end_again_and_again_is_an_error() {
        let mut r = PastTheEnd::new(&b"PAR1"[..]);
        let mut buf = [0u8; 8];
        assert_eq!(r.read(&mut buf).ok(), Some(4));
        for _ in 0..ENDS_ALLOWED {
            assert_eq!(r.read(&mut buf).ok(), Some(0));
        }
        assert_eq!(
            r.read(&mut [][..]).ok(),
            Some(0),
            "an empty read is no read"
        );
        let err = r.read(&mut buf).err().map(|e| e.kind());
        assert_eq!(err, Some(std::io::ErrorKind::UnexpectedEof));
    }
}
