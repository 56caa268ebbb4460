//! A separate events table (Arrow batches or a Parquet file with columns
//! `lead_id`, `stream`, `kind`, `at` and event fields, as the events CSV
//! has) read into an [`EventsIndex`]: each cell is given to the events
//! reader as the text a CSV export would hold, so the columns accepted,
//! the conversions and the errors (naming the row, the lead and the field)
//! are the events CSV's.

use accord::{EventsIndex, RecordDecoder, RecordError};
use arrow_array::{Array, RecordBatch};
use arrow_schema::ArrowError;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// Reads every batch of an events table into an index by lead id, with
/// one error per bad row (and one for a batch that cannot be read).
pub fn events_index(
    decoder: &RecordDecoder,
    batches: impl Iterator<Item = Result<RecordBatch, ArrowError>>,
) -> (EventsIndex, Vec<RecordError>) {
    let mut header: Option<Vec<String>> = None;
    let mut read_error = None;
    let mut rows = Vec::new();
    for batch in batches {
        let batch = match batch {
            Ok(b) => b,
            Err(e) => {
                read_error = Some(e);
                break;
            }
        };
        let names: Vec<String> = batch
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        header.get_or_insert(names);
        for row in 0..batch.num_rows() {
            rows.push(
                batch
                    .columns()
                    .iter()
                    .map(|c| cell_text(c.as_ref(), row))
                    .collect::<Vec<String>>(),
            );
        }
    }
    let header = header.unwrap_or_default();
    let count = rows.len();
    let (index, mut errors) = EventsIndex::read_rows(decoder.clone(), &header, rows.into_iter());
    if let Some(e) = read_error {
        errors.push(crate::unreadable(count + 1, "the events from row", &e));
    }
    (index, errors)
}

/// A cell as CSV text: `""` for null, numbers as written, timestamps in
/// RFC 3339.
fn cell_text(array: &dyn Array, row: usize) -> String {
    let cell: crate::row::CellDe<'_> = crate::row::cell(array, row);
    cell.deserialize_any(Text).unwrap_or_default()
}

/// Turns one cell's JSON reading into text.
struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a scalar cell")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{v:.0}")
        } else {
            v.to_string()
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
    /// A list cell as the CSV export writes one: items joined by `;`.
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(TextSeed)? {
            items.push(item);
        }
        Ok(items.join(";"))
    }
}

/// One list item read with [`Text`].
struct TextSeed;

impl<'de> de::DeserializeSeed<'de> for TextSeed {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<String, D::Error> {
        de.deserialize_any(Text)
    }
}
