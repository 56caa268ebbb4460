//! JSON → [`Lead`](crate::Lead) without an intermediate `serde_json::Value`:
//! `DeserializeSeed`s that walk one JSON object and convert each field as it
//! goes, looking keys up in the decoder's name map without allocating.
//!
//! Type mistakes never abort the walk: they are recorded in the [`Ctx`] and
//! the value is consumed, so one record reports all its errors. Only
//! malformed JSON (a syntax error) is returned as the deserializer's error.
//! The same seeds run over a `&serde_json::Value` (it is a `Deserializer`
//! too), so both entry points share one code path. A lead's event streams
//! are read by the seeds of `streams`.
//!
//! A lead field named twice in one object (`"email": "a@x.com", …,
//! "email": "b@y.com"`) is one error for that field, showing both values
//! and asking to keep one: reading either would quietly lose the other.
//! Keys are names as written, escapes undone (`"em\u0061il"` is
//! `email`); the decoder knows no other spelling of a field (no case
//! folding, no aliases: `Email` is an unknown key). Only a source that
//! hands over every key sees this: a `serde_json::Value` has already kept
//! one value per key (see `json`).

use crate::convert::{quick, Conv, Raw, Scalar};
use crate::decode::{At, Ctx, RecordDecoder, Target};
use crate::names::{Cursor, Order};
use crate::streams::StreamSeed;
use crate::value::{Event, FieldValue};
use crate::value_seed::{drain_map, drain_seq, raw_visits, Got, SlotSet, ValueSeed};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Values by slot and events by stream, as read (not yet checked for
/// required fields).
pub(crate) type Parts = (Vec<FieldValue>, Vec<Vec<Event>>);

/// Reads one lead object. `Ok(None)`: the JSON was well-formed but not an
/// object (the error is in `ctx`).
pub(crate) fn decode_lead<'de, D: Deserializer<'de>>(
    dec: &RecordDecoder,
    ctx: &mut Ctx,
    de: D,
) -> Result<Option<Parts>, D::Error> {
    de.deserialize_any(LeadVisitor { dec, ctx })
}

// ---------------------------------------------------------------------------
// The lead object

struct LeadVisitor<'a> {
    dec: &'a RecordDecoder,
    ctx: &'a mut Ctx,
}

impl LeadVisitor<'_> {
    fn raw(self, raw: Raw<'_>) -> Option<Parts> {
        let found = raw.describe();
        let error = self.dec.record_error(
            self.ctx,
            At::Record,
            "a JSON object (one lead)",
            &found,
            &format!("a lead record must be a JSON object, but is {found}"),
        );
        self.ctx.errors.push(((0, 0, 0), error));
        None
    }
}

impl<'de> Visitor<'de> for LeadVisitor<'_> {
    type Value = Option<Parts>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object (one lead)")
    }

    raw_visits!();

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok(self.raw(Raw::List))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let LeadVisitor { dec, ctx } = self;
        // Keys as written: most often in schema order.
        let mut lead = LeadParts::new(dec, Order::Given);
        while let Some(key) = map.next_key_seed(KeySeed(&mut lead))? {
            match key {
                Key::Unknown(None) => {
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Unknown(Some(name)) => {
                    let shape = map.next_value_seed(ShapeSeed)?;
                    lead.unknown(ctx, name, shape);
                }
                Key::Known(Target::Stream(slot, stream)) => {
                    lead.known(ctx, slot);
                    let events = map.next_value_seed(lead.stream_seed(ctx, slot, stream))?;
                    lead.put_stream(stream, events);
                }
                Key::Known(Target::Field(slot)) => {
                    lead.known(ctx, slot);
                    let Some(seed) = lead.field_seed(ctx, slot) else {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    };
                    let got = map.next_value_seed(seed)?;
                    lead.put_field(ctx, slot, got);
                }
            }
        }
        Ok(lead.finish(ctx))
    }
}

/// A lead object being read, whoever walks it (the serde visitor above,
/// or `walk`'s direct walk of a `serde_json::Value`): the values by slot,
/// the events by stream, and what the keys so far showed. Both walks call
/// the same methods in the same order, so they cannot disagree.
pub(crate) struct LeadParts<'a> {
    dec: &'a RecordDecoder,
    values: Vec<FieldValue>,
    streams: Vec<Vec<Event>>,
    /// The slots named so far.
    seen: SlotSet,
    /// The fields named more than once (empty for nearly every record).
    again: Vec<Again>,
    /// Where the keys are in the decoder's names (which key is expected
    /// next).
    cursor: Cursor,
    /// How many keys named a lead field.
    known: usize,
    /// The first key (not a lead field) holding an array or an object:
    /// `{"leads": [...]}` is a wrapper, not a lead.
    wrapper: Option<(Box<str>, Shape)>,
}

impl<'a> LeadParts<'a> {
    /// A lead whose keys are expected in `order` (a guess: any order reads
    /// the same lead, this one fastest).
    pub(crate) fn new(dec: &'a RecordDecoder, order: Order) -> LeadParts<'a> {
        LeadParts {
            dec,
            // Written in place (`vec![Missing; n]` clones a value n times).
            values: std::iter::repeat_with(|| FieldValue::Missing)
                .take(dec.schema.fields.len())
                .collect(),
            streams: (0..dec.streams.len()).map(|_| Vec::new()).collect(),
            seen: SlotSet::default(),
            again: Vec::new(),
            cursor: dec.names.cursor(order),
            known: 0,
            wrapper: None,
        }
    }

    /// What the key `name` names; the name of an unknown key is kept only
    /// when it can be used (noting unknown keys, or telling a wrapper).
    #[inline]
    pub(crate) fn key(&mut self, name: &str) -> Key {
        match self.dec.names.get_next(name, &mut self.cursor) {
            Some(target) => Key::Known(*target),
            None => {
                Key::Unknown((self.dec.notes.is_some() || self.known == 0).then(|| name.into()))
            }
        }
    }

    /// A key that is not a lead field, whose value had `shape`. A key
    /// named twice is not an error here, as a lead field is: neither of
    /// its values is read, so keeping one loses nothing the other held
    /// (the warning for an unknown key, once per name, says it is ignored).
    pub(crate) fn unknown(&mut self, ctx: &mut Ctx, name: Box<str>, shape: Shape) {
        if self.dec.notes.is_some() {
            ctx.unknown.push(("unknown-key", name.to_string()));
        }
        if self.known == 0 && self.wrapper.is_none() && shape != Shape::Scalar {
            self.wrapper = Some((name, shape));
        }
    }

    /// A key naming the lead field at `slot`, before its value is read.
    /// A field named again (`"email"` twice; the keys are compared as
    /// read, escapes undone, so `"em\u0061il"` is `"email"` too) makes
    /// the record an error ([`LeadParts::named_again`]).
    #[inline]
    pub(crate) fn known(&mut self, ctx: &mut Ctx, slot: usize) {
        self.known += 1;
        if self.seen.insert(slot) {
            self.named_again(ctx, slot);
        }
    }

    /// The field at `slot` is named again, its next value not yet read:
    /// notes what its earlier value was (the error is made once the
    /// record is read: [`LeadParts::finish`]). Out of line: the check in
    /// [`LeadParts::known`] is all a record without a repeated key pays.
    #[cold]
    #[inline(never)]
    fn named_again(&mut self, ctx: &mut Ctx, slot: usize) {
        if let Some(again) = self.again.iter_mut().find(|a| a.slot == slot) {
            again.times += 1;
        } else {
            let earlier = self.shown(ctx, slot);
            self.again.push(Again {
                slot,
                times: 2,
                earlier,
            });
        }
        // Said by the one error for the field.
        RecordDecoder::forget(ctx, slot);
    }

    /// The value the field at `slot` holds now, as an error shows it:
    /// what it read, else what its error found, else `null` (in an
    /// optional field); `None` for an event stream or a list with a bad
    /// item (not shown).
    fn shown(&self, ctx: &Ctx, slot: usize) -> Option<String> {
        if matches!(self.dec.convs.get(slot), Some(Conv::Events(_))) {
            return None;
        }
        match self.values.get(slot)? {
            FieldValue::Missing => {
                let name = self.dec.schema.fields.get(slot).map(|f| f.name.as_str());
                let mut errors = ctx.errors.iter().filter(|(key, _)| key.0 == slot + 1);
                match errors.next() {
                    Some((_, e)) if e.field.as_deref() == name => Some(e.found.clone()),
                    Some(_) => None,
                    None => Some("null".into()),
                }
            }
            value => Some(value.to_string()),
        }
    }

    /// The errors of the fields named more than once, once every key is
    /// read (out of line, as [`LeadParts::named_again`]).
    #[cold]
    #[inline(never)]
    fn report_again(&mut self, ctx: &mut Ctx) {
        for again in std::mem::take(&mut self.again) {
            let later = self.shown(ctx, again.slot);
            let shown = again.earlier.zip(later);
            self.dec.given_again(ctx, again.slot, again.times, shown);
        }
    }

    /// A key naming the lead field at `slot` when no other key of the
    /// record can name it (the keys of a map are distinct, and distinct
    /// keys name distinct slots): [`LeadParts::known`] with nothing to
    /// forget.
    #[inline]
    pub(crate) fn known_once(&mut self, slot: usize) {
        self.known += 1;
        debug_assert!(!self.seen.insert(slot), "slot {slot} named twice");
    }

    /// The seed that reads the value of the plain field at `slot` (`None`:
    /// not a slot of the schema).
    #[inline]
    pub(crate) fn field_seed<'c>(&self, ctx: &'c mut Ctx, slot: usize) -> Option<ValueSeed<'c>>
    where
        'a: 'c,
    {
        let dec = self.dec;
        Some(ValueSeed {
            dec,
            ctx,
            conv: dec.convs.get(slot)?,
            at: At::Field(slot),
            member: 0,
            is_id: dec.schema.id_field == Some(slot),
        })
    }

    /// Reads the scalar `value` into the plain field at `slot` (whose key
    /// was just [`LeadParts::known_once`]) when [`quick`] reads it: what
    /// [`LeadParts::field_seed`]'s [`ValueSeed::raw`] and then
    /// [`LeadParts::put_field`] do for it, the value written straight into
    /// its place; whether it did (if not, [`LeadParts::put_converted`]
    /// reads it).
    ///
    /// `ValueSeed::raw` also forgets the id text an earlier value of the
    /// id field left in the context for error rows; there is none here:
    /// only that field's own value leaves one, and its key is not named
    /// twice.
    #[inline]
    pub(crate) fn put_quick<'v>(&mut self, slot: usize, value: impl Scalar<'v>) -> bool {
        let dec = self.dec;
        let (Some(conv), Some(place)) = (dec.convs.get(slot), self.values.get_mut(slot)) else {
            return false;
        };
        let Some(value) = quick(conv, value, dec.limits.text_bytes) else {
            return false;
        };
        put(place, value);
        true
    }

    /// Reads the scalar `raw` into the plain field at `slot`, as
    /// [`LeadParts::field_seed`]'s [`ValueSeed::raw`] and then
    /// [`LeadParts::put_field`] do (out of line: for the values
    /// [`LeadParts::put_quick`] does not read).
    #[inline(never)]
    pub(crate) fn put_converted(&mut self, ctx: &mut Ctx, slot: usize, raw: Raw<'_>) {
        if let Some(seed) = self.field_seed(ctx, slot) {
            let got = seed.raw(raw);
            self.put_field(ctx, slot, got);
        }
    }

    /// Keeps what the field at `slot` read; a null in a required field is
    /// an error.
    #[inline]
    pub(crate) fn put_field(&mut self, ctx: &mut Ctx, slot: usize, got: Got) {
        let value = match got {
            Got::Value(v) => v,
            Got::Null => {
                self.null_field(ctx, slot);
                FieldValue::Missing
            }
            Got::Bad => FieldValue::Missing,
        };
        if let Some(place) = self.values.get_mut(slot) {
            put(place, value);
        }
    }

    /// A null in the field at `slot`: an error when the field is required.
    #[cold]
    fn null_field(&self, ctx: &mut Ctx, slot: usize) {
        if let (Some(spec), Some(conv)) =
            (self.dec.schema.fields.get(slot), self.dec.convs.get(slot))
        {
            if !spec.optional {
                self.dec
                    .required(ctx, At::Field(slot), 0, conv.describe(), true);
            }
        }
    }

    /// The seed that reads the events of the stream at `slot`.
    pub(crate) fn stream_seed<'c>(
        &self,
        ctx: &'c mut Ctx,
        slot: usize,
        stream: usize,
    ) -> StreamSeed<'c>
    where
        'a: 'c,
    {
        StreamSeed {
            dec: self.dec,
            ctx,
            slot,
            stream,
        }
    }

    /// Keeps the events a stream read.
    pub(crate) fn put_stream(&mut self, stream: usize, events: Vec<Event>) {
        if let Some(place) = self.streams.get_mut(stream) {
            *place = events;
        }
    }

    /// The lead's parts once every key is read; `None` (the error in
    /// `ctx`) for a wrapper object that holds leads instead of being one.
    pub(crate) fn finish(mut self, ctx: &mut Ctx) -> Option<Parts> {
        if !self.again.is_empty() {
            self.report_again(ctx);
        }
        if let (0, Some((name, shape))) = (self.known, self.wrapper) {
            let found = format!("an object with key `{name}` ({})", shape.describe());
            let error = self.dec.record_error(
                ctx,
                At::Record,
                "a lead object: a JSON array of leads, or NDJSON (one lead object per line)",
                &found,
                &format!(
                    "expected a JSON array of leads or NDJSON, found {found} and no lead \
                     field: give the leads themselves (e.g. `jq '.{name}'`)"
                ),
            );
            ctx.errors.push(((0, 0, 0), error));
            ctx.unknown.clear();
            return None;
        }
        Some((self.values, self.streams))
    }
}

/// Writes `value` in `place`, which nearly always holds `Missing` (unless
/// a key was written twice): the value it held is dropped out of line, so
/// that the callers, inlined in the walks' loops, keep no drop code.
#[inline]
fn put(place: &mut FieldValue, value: FieldValue) {
    if place.is_missing() {
        // Only the variant is read: the value in place is not copied out.
        *place = value;
    } else {
        drop_earlier(std::mem::replace(place, value));
    }
}

#[cold]
#[inline(never)]
fn drop_earlier(value: FieldValue) {
    drop(value);
}

/// A lead field named more than once in one record.
struct Again {
    slot: usize,
    /// How many times it is named.
    times: usize,
    /// Its first value, as [`LeadParts::shown`] shows it.
    earlier: Option<String>,
}

/// A key of a lead object: what it names, or the key itself (when asked).
pub(crate) enum Key {
    Known(Target),
    Unknown(Option<Box<str>>),
}

/// A key of a lead object → what it names.
struct KeySeed<'l, 'a>(&'l mut LeadParts<'a>);

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.key(v))
    }
}

/// What an ignored value was: enough to tell a wrapper object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Scalar,
    /// An array with this many items.
    Array(usize),
    Object,
}

impl Shape {
    fn describe(self) -> String {
        match self {
            Shape::Scalar => "a value".into(),
            Shape::Array(1) => "an array of 1 item".into(),
            Shape::Array(n) => format!("an array of {n} items"),
            Shape::Object => "an object".into(),
        }
    }
}

/// Skips a value, noting its [`Shape`].
struct ShapeSeed;

impl<'de> DeserializeSeed<'de> for ShapeSeed {
    type Value = Shape;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Shape, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ShapeSeed {
    type Value = Shape;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_none<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        let mut n = 0;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            n += 1;
        }
        Ok(Shape::Array(n))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Shape, A::Error> {
        drain_map(map)?;
        Ok(Shape::Object)
    }
}
