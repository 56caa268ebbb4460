//! What a reader notices about an input as a whole, beside each record's
//! outcome: names it does not know (a CSV column, an NDJSON key, an event
//! field — each reported once per file, with the closest schema name),
//! lead ids that appear more than once, and header problems (a required
//! column missing: one error up front, though every row still gets its own
//! error row; a JSON array not closed, text after its `]`, an empty input
//! read as a JSON array: errors that belong to no record).
//!
//! Collected through an [`InputNotes`] handle: attach it to a decoder
//! ([`crate::RecordDecoder::with_notes`]) or give it to
//! [`crate::EventsIndex::from_csv_noted`], read everything, then ask it for
//! [`InputNotes::warnings`] and [`InputNotes::header_errors`]. The handle is
//! shared (clones see the same notes) and thread-safe, so records decoded in
//! parallel report into it; what it reports does not depend on the order
//! records were decoded in (the *first* record is the lowest-numbered).
//! Without a handle nothing is collected and nothing is paid.
//!
//! Duplicate ids are looked for only when asked
//! ([`InputNotes::with_duplicate_ids`]): they take 16 bytes per lead (a
//! 64-bit hash of the id and the record and line where it was first seen),
//! the one thing here that would grow with the input. `accord check
//! --leads` asks; `accord eval` does not, so its memory stays flat.

use crate::value::RecordError;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

/// A warning about an input: it does not change what is read, nor the
/// exit code; it names what was ignored or looks wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputWarning {
    /// `unknown-column`, `unknown-key`, `unknown-event-field` or
    /// `duplicate-id`.
    pub code: &'static str,
    /// The (first) record it concerns; `None` for a header.
    pub record: Option<usize>,
    /// The line of that record (or of the header).
    pub line: Option<usize>,
    pub lead_id: Option<String>,
    /// The column or key it names (`emploees`, `activities[].pgae`), or the
    /// id field for a duplicate id.
    pub field: Option<String>,
    /// One sentence for people.
    pub message: String,
}

/// At most this many distinct unknown keys are reported per input; the
/// rest are counted in one more warning.
const MAX_UNKNOWN: usize = 50;
const SHARDS: usize = 16;

/// A shared collector of an input's notices (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct InputNotes {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    header_warnings: Mutex<Vec<InputWarning>>,
    header_errors: Mutex<Vec<RecordError>>,
    unknown: Mutex<Unknown>,
    /// id hash → (record, line) where first seen, sharded by hash.
    ids: Vec<Mutex<HashMap<u64, (u32, u32)>>>,
    dups: Mutex<HashMap<u64, Dup>>,
    /// Whether [`InputNotes::saw_id`] records ids at all.
    track_ids: bool,
}

impl Default for Inner {
    fn default() -> Inner {
        Inner {
            header_warnings: Mutex::default(),
            header_errors: Mutex::default(),
            unknown: Mutex::default(),
            ids: (0..SHARDS).map(|_| Mutex::default()).collect(),
            dups: Mutex::default(),
            track_ids: false,
        }
    }
}

#[derive(Debug, Default)]
struct Unknown {
    /// Shown name → its first sighting.
    seen: BTreeMap<String, Sighting>,
    /// Distinct names beyond [`MAX_UNKNOWN`].
    more: usize,
}

/// The first record an unknown key was seen in, and what to say about it.
#[derive(Clone, Debug)]
struct Sighting {
    record: usize,
    line: Option<usize>,
    lead_id: Option<String>,
    code: &'static str,
    message: String,
}

/// An unknown key found while decoding one record: its code and how it is
/// shown (`emploees`, `activities[].pgae`).
pub(crate) type UnknownKey = (&'static str, String);

#[derive(Clone, Debug)]
struct Dup {
    id: String,
    /// (record, line) of every sighting but the first… kept as the two
    /// lowest plus a count.
    first: (usize, Option<usize>),
    second: (usize, Option<usize>),
    count: usize,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn hash_id(id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn from_line(l: u32) -> Option<usize> {
    (l != 0).then_some(l as usize)
}

impl InputNotes {
    pub fn new() -> InputNotes {
        InputNotes::default()
    }

    /// Notes that also look for lead ids seen more than once (16 bytes per
    /// lead; see the module docs).
    pub fn with_duplicate_ids() -> InputNotes {
        InputNotes {
            inner: Arc::new(Inner {
                track_ids: true,
                ..Inner::default()
            }),
        }
    }

    /// Forgets everything (before reading the input again).
    pub fn clear(&self) {
        let i = &self.inner;
        lock(&i.header_warnings).clear();
        lock(&i.header_errors).clear();
        *lock(&i.unknown) = Unknown::default();
        for shard in &i.ids {
            lock(shard).clear();
        }
        lock(&i.dups).clear();
    }

    /// The warnings: the header's first, then each unknown key once (by
    /// the first record it appears in), then each duplicated id once (by
    /// its first record).
    pub fn warnings(&self) -> Vec<InputWarning> {
        let i = &self.inner;
        let mut out = lock(&i.header_warnings).clone();
        let unknown = lock(&i.unknown);
        let mut keys: Vec<(&String, &Sighting)> = unknown.seen.iter().collect();
        keys.sort_by_key(|(name, s)| (s.record, name.as_str()));
        for (name, s) in keys {
            out.push(InputWarning {
                code: s.code,
                record: Some(s.record),
                line: s.line,
                lead_id: s.lead_id.clone(),
                field: Some(name.clone()),
                message: s.message.clone(),
            });
        }
        if unknown.more > 0 {
            out.push(InputWarning {
                code: "unknown-key",
                record: None,
                line: None,
                lead_id: None,
                field: None,
                message: format!(
                    "{} more unknown keys are ignored (only the first {MAX_UNKNOWN} are listed)",
                    unknown.more
                ),
            });
        }
        drop(unknown);
        let mut dups: Vec<Dup> = lock(&i.dups).values().cloned().collect();
        dups.sort_by_key(|d| d.first.0);
        for d in dups {
            let at = |(record, line): (usize, Option<usize>)| record_at(record, line);
            let more = and_more_records(d.count.saturating_sub(2));
            out.push(InputWarning {
                code: "duplicate-id",
                record: Some(d.first.0),
                line: d.first.1,
                lead_id: Some(d.id.clone()),
                field: None,
                message: format!(
                    "lead id \"{}\" appears more than once: in {} and {}{more}; each record is evaluated on its own",
                    d.id,
                    at(d.first),
                    at(d.second)
                ),
            });
        }
        out
    }

    /// Errors about the input as a whole, each once, with `record` 0 and
    /// the line: a required CSV column missing (the rows still carry their
    /// own errors), a JSON array not closed or followed by text after its
    /// `]`, an empty input read as a JSON array (these are in no row).
    pub fn header_errors(&self) -> Vec<RecordError> {
        lock(&self.inner.header_errors).clone()
    }

    pub(crate) fn header_warning(&self, w: InputWarning) {
        lock(&self.inner.header_warnings).push(w);
    }

    pub(crate) fn header_error(&self, e: RecordError) {
        lock(&self.inner.header_errors).push(e);
    }

    /// The unknown keys of one record; `describe` words the warning for a
    /// key not seen before (code, shown name → message).
    pub(crate) fn unknown_keys(
        &self,
        keys: Vec<UnknownKey>,
        record: usize,
        line: Option<usize>,
        lead_id: Option<&str>,
        describe: impl Fn(&'static str, &str) -> String,
    ) {
        let mut unknown = lock(&self.inner.unknown);
        for (code, shown) in keys {
            let full = unknown.seen.len() >= MAX_UNKNOWN;
            match unknown.seen.get_mut(&shown) {
                Some(s) if s.record > record => {
                    s.record = record;
                    s.line = line;
                    s.lead_id = lead_id.map(str::to_string);
                }
                Some(_) => {}
                None if full => unknown.more += 1,
                None => {
                    let message = describe(code, &shown);
                    unknown.seen.insert(
                        shown,
                        Sighting {
                            record,
                            line,
                            lead_id: lead_id.map(str::to_string),
                            code,
                            message,
                        },
                    );
                }
            }
        }
    }

    /// A lead id read in `record`.
    pub(crate) fn saw_id(&self, id: &str, record: usize, line: Option<usize>) {
        if !self.inner.track_ids {
            return;
        }
        let h = hash_id(id);
        let shard = (h >> 60) as usize % SHARDS;
        let Some(shard) = self.inner.ids.get(shard) else {
            return;
        };
        let here = (to_u32(record), to_u32(line.unwrap_or(0)));
        let earlier = {
            let mut ids = lock(shard);
            match ids.get_mut(&h) {
                None => {
                    ids.insert(h, here);
                    return;
                }
                Some(first) => {
                    let seen = *first;
                    if here.0 < seen.0 {
                        *first = here;
                    }
                    seen
                }
            }
        };
        let (a, b) = if here.0 < earlier.0 {
            (here, earlier)
        } else {
            (earlier, here)
        };
        let a = (a.0 as usize, from_line(a.1));
        let b = (b.0 as usize, from_line(b.1));
        let mut dups = lock(&self.inner.dups);
        let dup = dups.entry(h).or_insert_with(|| Dup {
            id: id.to_string(),
            first: a,
            second: b,
            count: 1,
        });
        dup.count += 1;
        // Keep the two lowest records.
        let mut all = [dup.first, dup.second, a, b];
        all.sort_by_key(|r| r.0);
        let mut distinct = all.iter().copied();
        if let Some(first) = distinct.next() {
            dup.first = first;
            if let Some(second) = distinct.find(|r| r.0 != first.0) {
                dup.second = second;
            }
        }
    }
}

/// Where a record is, in words: `record 3 (line 4)`, or `record 3` when
/// its line is not known.
pub fn record_at(record: usize, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("record {record} (line {line})"),
        None => format!("record {record}"),
    }
}

/// ` and 1 more record`, ` and N more records`, or nothing for none: said
/// after the records a note names.
pub fn and_more_records(more: usize) -> String {
    match more {
        0 => String::new(),
        1 => " and 1 more record".into(),
        n => format!(" and {n} more records"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_and_duplicates() {
        let notes = InputNotes::with_duplicate_ids();
        // Out of order, as parallel decoding may report them.
        notes.saw_id("L-7", 9, Some(10));
        notes.saw_id("L-1", 1, Some(2));
        notes.saw_id("L-7", 3, Some(4));
        notes.saw_id("L-7", 12, Some(13));
        let w = notes.warnings();
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            (w[0].record, w[0].lead_id.as_deref()),
            (Some(3), Some("L-7"))
        );
        assert_eq!(
            w[0].message,
            "lead id \"L-7\" appears more than once: in record 3 (line 4) and record 9 (line 10) and 1 more record; each record is evaluated on its own"
        );
        notes.clear();
        assert!(notes.warnings().is_empty());
    }
}
