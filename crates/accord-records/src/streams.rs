//! A lead's event streams from JSON: the `DeserializeSeed`s that read one
//! stream's list of event objects (`"activities": [{"kind": …, "at": …},
//! …]`), each event's kind, time and fields converted as they are read,
//! for `seed`'s lead object (over JSON text, a `serde_json::Value` or any
//! other deserializer). As there, a type mistake is recorded in the
//! [`Ctx`] and the value consumed; an event with any error is left out of
//! the lead (its errors make the record an error row).

use crate::convert::{Conv, Problem, Raw};
use crate::decode::{At, Ctx, RecordDecoder, StreamDecoder};
use crate::value::{Event, FieldValue};
use crate::value_seed::{drain_map, drain_seq, raw_visits, Got, SlotSet, ValueSeed};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Reads the events of the stream at `slot` (the schema's stream
/// `stream`): a list of event objects, or null (no events).
pub(crate) struct StreamSeed<'a> {
    pub dec: &'a RecordDecoder,
    pub ctx: &'a mut Ctx,
    pub slot: usize,
    pub stream: usize,
}

impl StreamSeed<'_> {
    fn raw(self, raw: Raw<'_>) -> Vec<Event> {
        if let Raw::Null = raw {
            return Vec::new(); // null = no events
        }
        let p = Problem {
            expected: "a list of events (JSON objects)".into(),
            found: raw.describe(),
            note: None,
        };
        self.dec.problem(self.ctx, At::Field(self.slot), 0, p);
        Vec::new()
    }
}

impl<'de> DeserializeSeed<'de> for StreamSeed<'_> {
    type Value = Vec<Event>;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Vec<Event>, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StreamSeed<'_> {
    type Value = Vec<Event>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of events")
    }

    raw_visits!();

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<Event>, A::Error> {
        drain_map(map)?;
        Ok(self.raw(Raw::Object))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Event>, A::Error> {
        let mut events = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        let mut index = 0;
        loop {
            let seed = EventSeed {
                dec: self.dec,
                ctx: &mut *self.ctx,
                slot: self.slot,
                stream: self.stream,
                index,
            };
            match seq.next_element_seed(seed)? {
                None => break,
                Some(Some(event)) => events.push(event),
                Some(None) => {}
            }
            index += 1;
        }
        Ok(events)
    }
}

struct EventSeed<'a> {
    dec: &'a RecordDecoder,
    ctx: &'a mut Ctx,
    slot: usize,
    stream: usize,
    index: usize,
}

/// A key inside an event object.
enum EventKey {
    Kind,
    At,
    Field(usize),
    /// Not a field of the stream (its name kept when noting).
    Other(Option<Box<str>>),
}

struct EventKeySeed<'a>(&'a StreamDecoder, bool);

impl<'de> DeserializeSeed<'de> for EventKeySeed<'_> {
    type Value = EventKey;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<EventKey, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for EventKeySeed<'_> {
    type Value = EventKey;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<EventKey, E> {
        Ok(if v == self.0.kind_field || v == "kind" {
            EventKey::Kind
        } else if v == "at" {
            EventKey::At
        } else if let Some(&i) = self.0.fields.get(v) {
            EventKey::Field(i)
        } else {
            EventKey::Other(self.1.then(|| v.into()))
        })
    }
}

impl EventSeed<'_> {
    fn raw(self, raw: Raw<'_>) -> Option<Event> {
        let kind_field = self
            .dec
            .streams
            .get(self.stream)
            .map(|s| s.kind_field.as_str())
            .unwrap_or("kind");
        let p = Problem {
            expected: format!("an event (a JSON object with {kind_field} and at)"),
            found: raw.describe(),
            note: None,
        };
        self.dec
            .problem(self.ctx, At::Event(self.slot, self.index), 0, p);
        None
    }
}

impl<'de> DeserializeSeed<'de> for EventSeed<'_> {
    type Value = Option<Event>;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Option<Event>, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EventSeed<'_> {
    type Value = Option<Event>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event object")
    }

    raw_visits!();

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<Event>, A::Error> {
        drain_seq(seq)?;
        Ok(self.raw(Raw::List))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Event>, A::Error> {
        let EventSeed {
            dec,
            ctx,
            slot,
            stream,
            index,
        } = self;
        let (Some(sd), Some(spec)) = (dec.streams.get(stream), dec.schema.streams.get(stream))
        else {
            drain_map(map)?;
            return Ok(None);
        };
        let errors_before = ctx.errors.len();
        let mut kind: Option<usize> = None;
        let mut at = None;
        // Written in place (`vec![Missing; n]` clones a value n times).
        let mut fields: Vec<FieldValue> = std::iter::repeat_with(|| FieldValue::Missing)
            .take(sd.convs.len())
            .collect();
        // The fields whose errors are already reported.
        let mut reported = SlotSet::default();
        let (mut kind_reported, mut at_reported) = (false, false);
        while let Some(key) = map.next_key_seed(EventKeySeed(sd, dec.notes.is_some()))? {
            match key {
                EventKey::Other(key) => {
                    map.next_value::<IgnoredAny>()?;
                    if let Some(key) = key {
                        let shown = format!("{}[].{key}", spec.name);
                        if !ctx.unknown.iter().any(|(_, s)| *s == shown) {
                            ctx.unknown.push(("unknown-event-field", shown));
                        }
                    }
                }
                EventKey::Kind => {
                    let place = At::EventField(slot, index, &sd.kind_field);
                    let seed = ValueSeed {
                        dec,
                        ctx,
                        conv: &sd.kind_conv,
                        at: place,
                        member: 0,
                        is_id: false,
                    };
                    match map.next_value_seed(seed)? {
                        Got::Value(FieldValue::Text(t)) => {
                            kind = match &sd.kind_conv {
                                Conv::OneOf(kinds) => kinds.index_of(&t),
                                _ => None,
                            }
                        }
                        Got::Null => {
                            dec.required(ctx, place, 0, sd.kind_conv.describe(), true);
                            kind_reported = true;
                        }
                        _ => kind_reported = true,
                    }
                }
                EventKey::At => {
                    let place = At::EventField(slot, index, "at");
                    let seed = ValueSeed {
                        dec,
                        ctx,
                        conv: &Conv::Timestamp(None),
                        at: place,
                        member: 1,
                        is_id: false,
                    };
                    match map.next_value_seed(seed)? {
                        Got::Value(FieldValue::Timestamp(t)) => at = Some(t),
                        Got::Null => {
                            dec.required(ctx, place, 1, Conv::Timestamp(None).describe(), true);
                            at_reported = true;
                        }
                        _ => at_reported = true,
                    }
                }
                EventKey::Field(i) => {
                    let (Some(conv), Some(fspec)) = (sd.convs.get(i), spec.fields.get(i)) else {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    };
                    let place = At::EventField(slot, index, &fspec.name);
                    let seed = ValueSeed {
                        dec,
                        ctx,
                        conv,
                        at: place,
                        member: 2 + i,
                        is_id: false,
                    };
                    let value = match map.next_value_seed(seed)? {
                        Got::Value(v) => v,
                        Got::Null => {
                            if !fspec.optional {
                                dec.required(ctx, place, 2 + i, conv.describe(), true);
                                reported.insert(i);
                            }
                            FieldValue::Missing
                        }
                        Got::Bad => {
                            reported.insert(i);
                            FieldValue::Missing
                        }
                    };
                    if let Some(place) = fields.get_mut(i) {
                        *place = value;
                    }
                }
            }
        }
        if kind.is_none() && !kind_reported {
            dec.required(
                ctx,
                At::EventField(slot, index, &sd.kind_field),
                0,
                sd.kind_conv.describe(),
                false,
            );
        }
        if at.is_none() && !at_reported {
            dec.required(
                ctx,
                At::EventField(slot, index, "at"),
                1,
                Conv::Timestamp(None).describe(),
                false,
            );
        }
        for (i, ((fspec, value), conv)) in
            spec.fields.iter().zip(&fields).zip(&sd.convs).enumerate()
        {
            if value.is_missing() && !fspec.optional && !reported.contains(i) {
                dec.required(
                    ctx,
                    At::EventField(slot, index, &fspec.name),
                    2 + i,
                    conv.describe(),
                    false,
                );
            }
        }
        match (kind, at) {
            (Some(kind), Some(at)) if ctx.errors.len() == errors_before => {
                Ok(Some(Event { at, kind, fields }))
            }
            _ => Ok(None),
        }
    }
}
