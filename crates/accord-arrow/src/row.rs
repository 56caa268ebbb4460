//! One Arrow row as a serde [`Deserializer`]: a map of column name to
//! cell, each cell presented as the JSON value it stands for — numbers as
//! numbers, text as strings, timestamps as RFC 3339 text (UTC with `Z` for
//! a zoned column; without an offset for a naive one, which the schema's
//! `default time zone` then reads), dates as `YYYY-MM-DD`, lists as
//! sequences and structs as maps. The policy's record decoder walks it with
//! the same seeds as JSON text, so every conversion and error message is
//! the one NDJSON gives. Null cells (and NaN, pandas' missing number) are
//! left out of a map, as an absent key; inside a list they are nulls.

use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{downcast_dictionary_array, Array, ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, Fields, TimeUnit};
use chrono::{DateTime, NaiveDate, SecondsFormat};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The error type of these deserializers (never raised by the cells
/// themselves: every Arrow value has a JSON reading).
#[derive(Debug)]
pub struct CellError(String);

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CellError {}

impl de::Error for CellError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        CellError(msg.to_string())
    }
}

/// One row of named columns (a batch's, or a struct array's) as a map.
pub(crate) struct RowDe<'a> {
    fields: &'a Fields,
    columns: &'a [ArrayRef],
    row: usize,
}

impl<'a> RowDe<'a> {
    pub(crate) fn of_batch(batch: &'a RecordBatch, row: usize) -> RowDe<'a> {
        RowDe {
            fields: batch.schema_ref().fields(),
            columns: batch.columns(),
            row,
        }
    }

    fn of_struct(array: &'a StructArray, row: usize) -> RowDe<'a> {
        RowDe {
            fields: array.fields(),
            columns: array.columns(),
            row,
        }
    }
}

impl<'de> Deserializer<'de> for RowDe<'_> {
    type Error = CellError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        visitor.visit_map(RowMap { de: self, next: 0 })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct RowMap<'a> {
    de: RowDe<'a>,
    /// The next column to look at.
    next: usize,
}

impl<'de> MapAccess<'de> for RowMap<'_> {
    type Error = CellError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, CellError> {
        while let (Some(field), Some(column)) = (
            self.de.fields.get(self.next),
            self.de.columns.get(self.next),
        ) {
            if is_absent(column.as_ref(), self.de.row) {
                self.next += 1;
                continue;
            }
            let name: &str = field.name();
            return seed
                .deserialize(de::value::StrDeserializer::<CellError>::new(name))
                .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, CellError> {
        let column = self
            .de
            .columns
            .get(self.next)
            .ok_or_else(|| CellError("a value without a key".into()))?;
        self.next += 1;
        seed.deserialize(CellDe {
            array: column.as_ref(),
            row: self.de.row,
        })
    }
}

/// A cell that stands for an absent key: null, or a NaN float.
fn is_absent(array: &dyn Array, row: usize) -> bool {
    if array.is_null(row) {
        return true;
    }
    match array.data_type() {
        DataType::Float64 => array.as_primitive::<Float64Type>().value(row).is_nan(),
        DataType::Float32 => array.as_primitive::<Float32Type>().value(row).is_nan(),
        _ => false,
    }
}

/// One cell of `array` as a deserializer.
pub(crate) fn cell(array: &dyn Array, row: usize) -> CellDe<'_> {
    CellDe { array, row }
}

/// One cell.
pub(crate) struct CellDe<'a> {
    array: &'a dyn Array,
    row: usize,
}

/// `1970-01-01` + `days`.
fn date_text(days: i64) -> Option<String> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(days + 719_163).ok()?)
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// A timestamp cell as text: zoned → UTC `…Z`; naive → no offset.
fn timestamp_text(value: i64, unit: TimeUnit, zoned: bool) -> Option<String> {
    let t = match unit {
        TimeUnit::Second => DateTime::from_timestamp(value, 0)?,
        TimeUnit::Millisecond => DateTime::from_timestamp_millis(value)?,
        TimeUnit::Microsecond => DateTime::from_timestamp_micros(value)?,
        TimeUnit::Nanosecond => DateTime::from_timestamp_nanos(value),
    };
    Some(if zoned {
        t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    } else {
        t.naive_utc().format("%Y-%m-%dT%H:%M:%S%.f").to_string()
    })
}

impl<'de> Deserializer<'de> for CellDe<'_> {
    type Error = CellError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        let (a, i) = (self.array, self.row);
        if a.is_null(i) {
            return visitor.visit_unit();
        }
        match a.data_type() {
            DataType::Null => visitor.visit_unit(),
            DataType::Boolean => visitor.visit_bool(a.as_boolean().value(i)),
            DataType::Int8 => visitor.visit_i64(a.as_primitive::<Int8Type>().value(i).into()),
            DataType::Int16 => visitor.visit_i64(a.as_primitive::<Int16Type>().value(i).into()),
            DataType::Int32 => visitor.visit_i64(a.as_primitive::<Int32Type>().value(i).into()),
            DataType::Int64 => visitor.visit_i64(a.as_primitive::<Int64Type>().value(i)),
            DataType::UInt8 => visitor.visit_u64(a.as_primitive::<UInt8Type>().value(i).into()),
            DataType::UInt16 => visitor.visit_u64(a.as_primitive::<UInt16Type>().value(i).into()),
            DataType::UInt32 => visitor.visit_u64(a.as_primitive::<UInt32Type>().value(i).into()),
            DataType::UInt64 => visitor.visit_u64(a.as_primitive::<UInt64Type>().value(i)),
            DataType::Float32 => float(visitor, a.as_primitive::<Float32Type>().value(i).into()),
            DataType::Float64 => float(visitor, a.as_primitive::<Float64Type>().value(i)),
            DataType::Decimal128(_, scale) => {
                let v = a.as_primitive::<Decimal128Type>().value(i) as f64;
                float(visitor, v / 10f64.powi(i32::from(*scale)))
            }
            DataType::Utf8 => visitor.visit_str(a.as_string::<i32>().value(i)),
            DataType::LargeUtf8 => visitor.visit_str(a.as_string::<i64>().value(i)),
            DataType::Utf8View => visitor.visit_str(a.as_string_view().value(i)),
            DataType::Date32 => {
                let days = i64::from(a.as_primitive::<Date32Type>().value(i));
                text(visitor, date_text(days))
            }
            DataType::Date64 => {
                let ms = a.as_primitive::<Date64Type>().value(i);
                text(visitor, date_text(ms.div_euclid(86_400_000)))
            }
            DataType::Timestamp(unit, zone) => {
                let v = match unit {
                    TimeUnit::Second => a.as_primitive::<TimestampSecondType>().value(i),
                    TimeUnit::Millisecond => a.as_primitive::<TimestampMillisecondType>().value(i),
                    TimeUnit::Microsecond => a.as_primitive::<TimestampMicrosecondType>().value(i),
                    TimeUnit::Nanosecond => a.as_primitive::<TimestampNanosecondType>().value(i),
                };
                text(visitor, timestamp_text(v, *unit, zone.is_some()))
            }
            DataType::List(_) => visitor.visit_seq(Items::new(a.as_list::<i32>().value(i))),
            DataType::LargeList(_) => visitor.visit_seq(Items::new(a.as_list::<i64>().value(i))),
            DataType::ListView(_) => {
                visitor.visit_seq(Items::new(a.as_list_view::<i32>().value(i)))
            }
            DataType::FixedSizeList(_, _) => {
                visitor.visit_seq(Items::new(a.as_fixed_size_list().value(i)))
            }
            DataType::Struct(_) => visitor.visit_map(RowMap {
                de: RowDe::of_struct(a.as_struct(), i),
                next: 0,
            }),
            DataType::Dictionary(_, _) => downcast_dictionary_array!(
                a => {
                    match a.key(i) {
                        Some(key) => CellDe { array: a.values().as_ref(), row: key }.deserialize_any(visitor),
                        None => visitor.visit_unit(),
                    }
                }
                other => unread(visitor, other)
            ),
            // Binary, times of day, durations, intervals, maps, unions: no
            // schema type reads them; the decoder says what it expected.
            other => unread(visitor, other),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// A cell of a type no field reads: the decoder is given what it is, in
/// words (`crate::words`), and says what it expected instead.
fn unread<'de, V: Visitor<'de>>(visitor: V, ty: &DataType) -> Result<V::Value, CellError> {
    match crate::words::type_words(ty) {
        Some(words) => visitor.visit_bytes(words.as_bytes()),
        None => visitor.visit_bytes(format!("a value of the Arrow type {ty}").as_bytes()),
    }
}

/// A float cell: NaN (pandas' missing value) reads as null.
fn float<'de, V: Visitor<'de>>(visitor: V, v: f64) -> Result<V::Value, CellError> {
    if v.is_nan() {
        visitor.visit_unit()
    } else {
        visitor.visit_f64(v)
    }
}

/// Text, or null when a date or timestamp is out of range.
fn text<'de, V: Visitor<'de>>(visitor: V, s: Option<String>) -> Result<V::Value, CellError> {
    match s {
        Some(s) => visitor.visit_str(&s),
        None => visitor.visit_str("a date out of range"),
    }
}

/// The items of one list cell.
struct Items {
    values: ArrayRef,
    next: usize,
}

impl Items {
    fn new(values: ArrayRef) -> Items {
        Items { values, next: 0 }
    }
}

impl<'de> SeqAccess<'de> for Items {
    type Error = CellError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, CellError> {
        if self.next >= self.values.len() {
            return Ok(None);
        }
        let row = self.next;
        self.next += 1;
        seed.deserialize(CellDe {
            array: self.values.as_ref(),
            row,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.values.len() - self.next)
    }
}
