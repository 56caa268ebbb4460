//! A lead from a `serde_json::Value` by walking it directly: the object's
//! entries are matched on their variant, each key looked up in the
//! decoder's name map, each scalar converted on the spot — without
//! serde's `Deserializer`-and-visitor round trip per key and per value.
//!
//! Nothing is decided here: every key goes through the same
//! [`LeadParts`] methods as the serde walk of `seed` (which reads JSON
//! text and any other deserializer) — but for [`LeadParts::known_once`]
//! in place of `known`, since a map's keys are distinct — and every
//! scalar through the same conversion as `ValueSeed::raw`
//! ([`LeadParts::put_quick`], [`LeadParts::put_converted`]); lists and
//! event streams, and a record that is not an object, are handed to
//! `seed`'s serde seeds over the `&Value` itself. So the two walks give
//! the same lead, or the same errors, for every record
//! (`tests/mutations.rs` compares them).

use crate::convert::{Raw, Scalar};
use crate::decode::{Ctx, RecordDecoder, Target};
use crate::names::Order;
use crate::seed::{decode_lead, Key, LeadParts, Parts, Shape};
use serde::de::DeserializeSeed;
use serde_json::Value;

/// Reads one lead from `value`, as [`decode_lead`] does over the same
/// `&Value`. `Ok(None)`: not a lead object (the error is in `ctx`).
pub(crate) fn lead_from_value(
    dec: &RecordDecoder,
    ctx: &mut Ctx,
    value: &Value,
) -> Result<Option<Parts>, serde_json::Error> {
    let Value::Object(map) = value else {
        return decode_lead(dec, ctx, value);
    };
    // A `serde_json::Map` gives its keys in byte order.
    let mut lead = LeadParts::new(dec, Order::ByName);
    for (name, v) in map {
        match lead.key(name) {
            Key::Unknown(None) => {}
            Key::Unknown(Some(name)) => lead.unknown(ctx, name, shape(v)),
            Key::Known(Target::Stream(slot, stream)) => {
                lead.known(ctx, slot);
                let events = lead.stream_seed(ctx, slot, stream).deserialize(v)?;
                lead.put_stream(stream, events);
            }
            Key::Known(Target::Field(slot)) => {
                // The keys of a map are distinct: no other names this slot.
                lead.known_once(slot);
                if lead.put_quick(slot, v) {
                    continue;
                }
                if let Some(raw) = scalar(v) {
                    lead.put_converted(ctx, slot, raw);
                    continue;
                }
                let Some(seed) = lead.field_seed(ctx, slot) else {
                    continue;
                };
                let got = seed.deserialize(v)?;
                lead.put_field(ctx, slot, got);
            }
        }
    }
    Ok(lead.finish(ctx))
}

/// A value as [`crate::convert::quick`] reads it: what [`scalar`] makes
/// of it.
impl<'a> Scalar<'a> for &'a Value {
    #[inline]
    fn number(self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }
    #[inline]
    fn text(self) -> Option<&'a str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    #[inline]
    fn yes_no(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// A scalar as the seeds' `visit_*` methods see it (a number as `f64`,
/// as serde's `u64`/`i64`/`f64` visits give it); `None` for a list or an
/// object, which the serde seeds walk.
fn scalar(v: &Value) -> Option<Raw<'_>> {
    match v {
        Value::Null => Some(Raw::Null),
        Value::Bool(b) => Some(Raw::Bool(*b)),
        Value::Number(n) => n.as_f64().map(Raw::Num),
        Value::String(s) => Some(Raw::Str(s)),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// The [`Shape`] of an ignored value, as `seed`'s `ShapeSeed` reads it.
fn shape(v: &Value) -> Shape {
    match v {
        Value::Array(items) => Shape::Array(items.len()),
        Value::Object(_) => Shape::Object,
        _ => Shape::Scalar,
    }
}
