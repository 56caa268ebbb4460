//! A separate events table (Arrow batches or a Parquet file with columns
//! `lead_id`, `stream`, `kind`, `at` and event fields, as the events CSV
//! has) read into an [`EventsIndex`]: each cell is given to the events
//! reader as the text a CSV export would hold, so the columns accepted,
//! the conversions and the errors (naming the row, the lead and the field)
//! are the events CSV's.

use accord::{EventsIndex, RecordDecoder, RecordError};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{ArrowError, DataType};
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// Reads every batch of an events table into an index by lead id, with
/// one error per bad row, one per Parquet row group that cannot be read
/// (the others are read), and one for any other batch that cannot be
/// read (which ends the reading). A column whose cells have no text form
/// (structs, maps, binary data…) is left out, with one error naming it:
/// a required one is then missing, as from a CSV header without it.
pub fn events_index(
    decoder: &RecordDecoder,
    batches: impl Iterator<Item = Result<RecordBatch, ArrowError>>,
) -> (EventsIndex, Vec<RecordError>) {
    let mut header: Option<Vec<String>> = None;
    let mut kept: Vec<usize> = Vec::new();
    let mut column_errors = Vec::new();
    let mut read_error = None;
    // The errors of row groups that could not be read (said after the
    // rows' own errors, as a reader that stopped says why last).
    let mut groups_not_read = Vec::new();
    let mut rows = Vec::new();
    // The rows so far, read or not (the number of the last one).
    let mut numbered = 0;
    for batch in batches {
        let batch = match batch {
            Ok(b) => b,
            Err(e) => {
                let problem = crate::ReadProblem::of_arrow(&e);
                match problem.skipped {
                    Some(skipped) => {
                        // The rows after these keep their numbers.
                        numbered += skipped.rows;
                        groups_not_read.push(crate::read_error(
                            skipped.first + 1,
                            &problem,
                            format!(
                                "could not read the events in {}: {problem}",
                                skipped.place()
                            ),
                        ));
                        continue;
                    }
                    None => {
                        read_error = Some(e);
                        break;
                    }
                }
            }
        };
        if header.is_none() {
            let mut names = Vec::new();
            for (i, field) in batch.schema_ref().fields().iter().enumerate() {
                match no_text(field.data_type()) {
                    Some(found) => column_errors.push(column_not_read(field.name(), found)),
                    None => {
                        kept.push(i);
                        names.push(field.name().clone());
                    }
                }
            }
            header = Some(names);
        }
        for row in 0..batch.num_rows() {
            numbered += 1;
            rows.push((
                numbered,
                kept.iter()
                    .filter_map(|&i| batch.columns().get(i))
                    .map(|c| cell_text(c.as_ref(), row))
                    .collect::<Vec<String>>(),
            ));
        }
    }
    let header = header.unwrap_or_default();
    let (index, errors) = EventsIndex::read_rows(decoder.clone(), &header, rows.into_iter());
    column_errors.extend(errors);
    column_errors.extend(groups_not_read);
    if let Some(e) = read_error {
        column_errors.push(crate::unreadable(numbered + 1, "the events from row", &e));
    }
    (index, column_errors)
}

/// What the cells of a column of this type are, when they have no text
/// form an events CSV could hold (`None`: scalars, lists of scalars).
fn no_text(ty: &DataType) -> Option<&'static str> {
    match ty {
        DataType::Struct(_) => Some("groups of named fields (a struct column)"),
        DataType::List(item)
        | DataType::LargeList(item)
        | DataType::ListView(item)
        | DataType::LargeListView(item)
        | DataType::FixedSizeList(item, _) => no_text(item.data_type()).or(matches!(
            item.data_type(),
            DataType::List(_) | DataType::LargeList(_)
        )
        .then_some("lists of lists")),
        DataType::Dictionary(_, values) => no_text(values),
        other => crate::words::type_words(other),
    }
}

/// The error for an events column that is not read.
fn column_not_read(name: &str, found: &str) -> RecordError {
    RecordError {
        record: 0,
        line: None,
        lead_id: None,
        field: Some(name.to_string()),
        expected: "one value per row: text, a number, true/false or a timestamp".into(),
        found: found.into(),
        message: format!(
            "the events file's column `{name}` holds {found}, which is not an event's value: \
             the column is left out (export it as text, a number, true/false or a timestamp)"
        ),
    }
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
