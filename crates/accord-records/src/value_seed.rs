//! One value of a record as serde hands it over, converted as it is read:
//! [`ValueSeed`] (a scalar or a list of them, for a lead's field or an
//! event's), what it gives ([`Got`]), the `visit_*` methods every such
//! visitor shares ([`raw_visits`]), skipping what is not read
//! ([`drain_seq`], [`drain_map`]) and the set of slots a record has named
//! ([`SlotSet`]). Below both walks that read values: `seed` (a lead
//! object) and `streams` (a lead's event streams), which import it and
//! not each other's parts.

use crate::convert::{from_raw, quick, Conv, Problem, Raw};
use crate::decode::{At, Ctx, RecordDecoder};
use crate::value::FieldValue;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

pub(crate) fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

pub(crate) fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Implements the scalar `visit_*` methods of a visitor by handing a
/// [`Raw`] to its `raw` method.
macro_rules! raw_visits {
    () => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(self.raw(Raw::Bool(v)))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(self.raw(Raw::Num(v as f64)))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(self.raw(Raw::Num(v as f64)))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(self.raw(Raw::Num(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(self.raw(Raw::Str(v)))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(self.raw(Raw::Null))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(self.raw(Raw::Null))
        }
        /// A value no schema type reads, by its description (see
        /// [`Raw::Other`]): an error for whatever field it is in.
        fn visit_bytes<E: de::Error>(self, what: &[u8]) -> Result<Self::Value, E> {
            let what = std::str::from_utf8(what).unwrap_or("a binary value");
            Ok(self.raw(Raw::Other(what)))
        }
    };
}
pub(crate) use raw_visits;

/// A set of slots: a bit each, in one word on the stack for the first 64
/// (nearly every schema) and in a vector, allocated when first needed, past
/// them.
#[derive(Default)]
pub(crate) struct SlotSet {
    low: u64,
    high: Vec<bool>,
}

impl SlotSet {
    /// Whether `slot` is in.
    #[inline]
    pub(crate) fn contains(&self, slot: usize) -> bool {
        match slot.checked_sub(64) {
            None => self.low & (1u64 << slot) != 0,
            Some(i) => self.high.get(i).copied().unwrap_or(false),
        }
    }

    /// Adds `slot`; whether it was already in.
    #[inline]
    pub(crate) fn insert(&mut self, slot: usize) -> bool {
        if slot < 64 {
            let bit = 1u64 << slot;
            let was = self.low & bit != 0;
            self.low |= bit;
            return was;
        }
        let i = slot - 64;
        if self.high.len() <= i {
            self.high.resize(i + 1, false);
        }
        self.high
            .get_mut(i)
            .is_some_and(|s| std::mem::replace(s, true))
    }
}

// ---------------------------------------------------------------------------
// One value (scalar or list)

/// The outcome of reading one value; errors are already in the context.
pub(crate) enum Got {
    Value(FieldValue),
    Null,
    Bad,
}

pub(crate) struct ValueSeed<'a> {
    pub dec: &'a RecordDecoder,
    pub ctx: &'a mut Ctx,
    pub conv: &'a Conv,
    pub at: At<'a>,
    /// Order inside an event (for error sorting).
    pub member: usize,
    /// This is the lead's id field: remember its text for error rows.
    pub is_id: bool,
}

impl ValueSeed<'_> {
    #[inline]
    pub(crate) fn raw(self, raw: Raw<'_>) -> Got {
        if let Some(value) = quick(self.conv, raw, self.dec.limits.text_bytes) {
            if self.is_id {
                // A text or a number (or yes/no, which has no text): the
                // value gives the id itself, as below.
                self.ctx.raw_id = None;
            }
            return Got::Value(value);
        }
        self.converted(raw)
    }

    /// What [`ValueSeed::raw`] gives for a value [`quick`] does not read.
    fn converted(self, raw: Raw<'_>) -> Got {
        let got = match raw {
            Raw::Null => Got::Null,
            _ => match from_raw(
                self.conv,
                raw,
                self.dec.schema.default_zone,
                self.dec.limits.text_bytes,
            ) {
                Ok(v) => Got::Value(v),
                Err(p) => {
                    self.dec.problem(self.ctx, self.at, self.member, p);
                    Got::Bad
                }
            },
        };
        if self.is_id {
            // The id as written, for error rows; a text or number value
            // gives it itself (`RecordDecoder::finish` reads it there), so
            // it is copied only when the value does not.
            self.ctx.raw_id = match (&got, raw) {
                (Got::Value(FieldValue::Text(_) | FieldValue::Number(_)), _) => None,
                (_, Raw::Str(s)) => Some(s.to_string()),
                (_, Raw::Num(n)) => Some(crate::value::format_number(n)),
                _ => None,
            };
        }
        got
    }
}

/// The place of item `j` of the list at `at`.
fn item_at(at: At<'_>, j: usize) -> At<'_> {
    {
        match at {
            At::Field(slot) | At::Item(slot, _) => At::Item(slot, j),
            At::EventField(slot, i, name) | At::EventItem(slot, i, name, _) => {
                At::EventItem(slot, i, name, j)
            }
            other => other,
        }
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Got;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Got, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Got;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.conv.describe())
    }

    raw_visits!();

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Got, A::Error> {
        let Conv::List(inner) = self.conv else {
            drain_seq(seq)?;
            return Ok(self.raw(Raw::List));
        };
        let mut items = Vec::new();
        let mut bad = false;
        let mut j = 0;
        loop {
            let at = item_at(self.at, j);
            let seed = ValueSeed {
                dec: self.dec,
                ctx: &mut *self.ctx,
                conv: inner,
                at,
                member: self.member,
                is_id: false,
            };
            match seq.next_element_seed(seed)? {
                None => break,
                Some(Got::Value(v)) => items.push(v),
                Some(Got::Null) => {
                    let p = Problem::new(
                        inner,
                        "null".into(),
                        Some("a list may not contain null".into()),
                    );
                    self.dec.problem(self.ctx, at, self.member, p);
                    bad = true;
                }
                Some(Got::Bad) => bad = true,
            }
            j += 1;
        }
        Ok(if bad {
            Got::Bad
        } else {
            Got::Value(FieldValue::List(items))
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Got, A::Error> {
        drain_map(map)?;
        Ok(self.raw(Raw::Object))
    }
}

#[cfg(test)]
mod tests {
    use super::SlotSet;

    #[test]
    fn a_slot_set_says_whether_a_slot_was_already_in() {
        let mut set = SlotSet::default();
        for slot in [0, 5, 63, 64, 200] {
            assert!(!set.insert(slot), "{slot} is new");
        }
        for slot in [0, 5, 63, 64, 200] {
            assert!(set.insert(slot), "{slot} was in");
        }
        assert!(!set.insert(1) && !set.insert(65) && !set.insert(199));
        assert!(set.contains(199) && set.contains(63) && set.contains(64));
        assert!(!set.contains(2) && !set.contains(66) && !set.contains(1000));
    }
}
