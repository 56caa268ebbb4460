//! Opening lead inputs for the CLI: detect the format, attach an events
//! CSV, turn I/O problems into exit code 2 with a message naming the file.

use crate::cmd::usage_error;
use accord_records::{EventsIndex, InputFormat, LeadReader, RecordDecoder, RecordError, Schema};
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
