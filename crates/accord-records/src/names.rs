//! The decoder's name tables: a record's keys (and a `one of` field's
//! texts) to what they name. Every key of every record is looked up here,
//! so a lookup does a constant number of steps whatever the key:
//!
//! - a name is read as three words, its length and its first and last
//!   eight bytes (four, or each byte, for shorter names) — no loop over a
//!   long key, no copy;
//! - two names of at most 16 bytes with the same three words are the same
//!   name (the words cover every byte), so such a name is matched with
//!   three comparisons and no call to `memcmp`; a longer one compares its
//!   middle bytes too (as one more word, up to 24 bytes);
//! - a key is first compared with the name a [`Cursor`] expects next: the
//!   name after the one found last, in the order the names were given (a
//!   record written in schema order) or in byte order (the keys of a
//!   `serde_json::Map`, which come sorted, and of text written from one);
//!   then with the next in the other order; only a key that is neither is
//!   looked up in the hash table: open-addressed (linear probing, at most
//!   half full), its place chosen by the high bits of the three words
//!   multiplied;
//! - a table of at most [`FEW`] names (a field's choices, a stream's
//!   fields) is read in order instead, without hashing.
//!
//! Only the schema's own names are ever inserted (nothing an input record
//! holds), so a lookup of any key ends at an empty place within a few
//! probes.

/// At most this many names are looked up one after the other.
const FEW: usize = 8;

/// Names to values of type `T`.
#[derive(Clone, Debug)]
pub(crate) struct NameTable<T> {
    /// The names, in the order given (a name given twice: once).
    entries: Vec<Entry<T>>,
    /// The hash table: a power of two of places, at least twice as many as
    /// the names, each 0 (empty) or an index into `entries` plus one.
    places: Box<[u32]>,
    /// `64 - log2(places.len())`: the hash's high bits pick the place.
    shift: u32,
    /// The first entry in byte order of the names.
    first_by_name: usize,
}

#[derive(Clone, Debug)]
struct Entry<T> {
    words: Words,
    name: Box<str>,
    value: T,
    /// The entry after this one in each [`Order`] (`usize::MAX`: none).
    next: [usize; 2],
}

/// Which name a [`Cursor`] expects after the one it found last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    /// The next in the order the names were given.
    Given = 0,
    /// The next in byte order.
    ByName = 1,
}

/// Where one record's keys are in a [`NameTable`]: the entries that come
/// next in each [`Order`], and the order the keys seem to follow (a key
/// that is the next in the other order switches to it).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cursor {
    order: usize,
    next: [usize; 2],
}

/// A name's length and its first and last (up to) eight bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Words {
    len: usize,
    head: u64,
    tail: u64,
}

impl Words {
    #[inline]
    fn of(bytes: &[u8]) -> Words {
        let (head, tail) = match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
            (Some(h), Some(t)) => (u64::from_le_bytes(*h), u64::from_le_bytes(*t)),
            _ => match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
                (Some(h), Some(t)) => (
                    u64::from(u32::from_le_bytes(*h)),
                    u64::from(u32::from_le_bytes(*t)),
                ),
                _ => (bytes.iter().fold(0, |w, &b| w << 8 | u64::from(b)), 0),
            },
        };
        Words {
            len: bytes.len(),
            head,
            tail,
        }
    }

    #[inline]
    fn hash(self) -> u64 {
        (self.head ^ self.tail.rotate_left(29) ^ (self.len as u64).rotate_left(53))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

impl<T> Entry<T> {
    /// Whether this is the name `name`, whose words are `words`.
    #[inline]
    fn is(&self, name: &[u8], words: Words) -> bool {
        self.words == words && same_middle(self.name.as_bytes(), name)
    }
}

/// Whether two names with the same words are the same: the bytes the
/// words do not cover (those past the first eight and before the last
/// eight) are equal. Up to 24 bytes long, they are among the eight before
/// the last eight, compared as one word.
#[inline]
fn same_middle(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n <= 16 {
        return true;
    }
    if n <= 24 {
        let word = |s: &[u8]| s.get(n - 16..).and_then(|s| s.first_chunk::<8>()).copied();
        return word(a) == word(b);
    }
    a.get(8..n - 8) == b.get(8..n - 8)
}

impl<T> Default for NameTable<T> {
    fn default() -> Self {
        NameTable::first_wins(std::iter::empty())
    }
}

impl<T> NameTable<T> {
    /// The index of the entry named `name` (whose words are `words`).
    #[inline]
    fn find(&self, name: &[u8], words: Words) -> Option<usize> {
        let mask = self.places.len() - 1;
        let mut i = (words.hash() >> self.shift) as usize;
        loop {
            let k = (*self.places.get(i & mask)? as usize).checked_sub(1)?;
            if self.entries.get(k)?.is(name, words) {
                return Some(k);
            }
            i += 1;
        }
    }

    /// [`NameTable::find`] for a key the cursor did not expect (out of
    /// line: the expected key's path keeps its registers): the next in the
    /// cursor's other order (which the cursor then follows), or any.
    #[inline(never)]
    fn find_unexpected(&self, name: &[u8], cursor: &mut Cursor) -> Option<usize> {
        let words = Words::of(name);
        let other = 1 - cursor.order.min(1);
        if let Some(&k) = cursor.next.get(other) {
            if self.entries.get(k).is_some_and(|e| e.is(name, words)) {
                cursor.order = other;
                return Some(k);
            }
        }
        self.find(name, words)
    }

    /// What `name` names. A table of a few names (a field's choices, a
    /// stream's fields) is read in order, without hashing.
    #[inline]
    pub(crate) fn get(&self, name: &str) -> Option<&T> {
        let bytes = name.as_bytes();
        let words = Words::of(bytes);
        if self.entries.len() <= FEW {
            return self
                .entries
                .iter()
                .find(|e| e.is(bytes, words))
                .map(|e| &e.value);
        }
        let k = self.find(bytes, words)?;
        self.entries.get(k).map(|e| &e.value)
    }

    /// A cursor for one record's keys, expecting them in `order`.
    pub(crate) fn cursor(&self, order: Order) -> Cursor {
        Cursor {
            order: order as usize,
            next: [0, self.first_by_name],
        }
    }

    /// What `name` names (as [`NameTable::get`]), the name `cursor`
    /// expects compared first; the cursor then expects the name after it.
    #[inline]
    pub(crate) fn get_next(&self, name: &str, cursor: &mut Cursor) -> Option<&T> {
        let bytes = name.as_bytes();
        let expected = cursor.next.get(cursor.order).copied().unwrap_or(usize::MAX);
        let e = match self.entries.get(expected) {
            Some(e) if e.is(bytes, Words::of(bytes)) => e,
            _ => self.entries.get(self.find_unexpected(bytes, cursor)?)?,
        };
        cursor.next = e.next;
        Some(&e.value)
    }

    /// The table of `names`; a name given twice names its first value.
    pub(crate) fn first_wins<'n>(names: impl Iterator<Item = (&'n str, T)>) -> Self {
        let names: Vec<(&str, T)> = names.collect();
        let size = (2 * names.len()).next_power_of_two().max(4);
        let mut table = NameTable {
            entries: Vec::with_capacity(names.len()),
            places: vec![0; size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
            first_by_name: usize::MAX,
        };
        for (name, value) in names {
            table.insert_new(name, value);
        }
        let mut by_name: Vec<usize> = (0..table.entries.len()).collect();
        by_name.sort_by_key(|&k| table.entries.get(k).map(|e| e.name.as_bytes()));
        for pair in by_name.windows(2) {
            if let (Some(&a), Some(&b)) = (pair.first(), pair.get(1)) {
                if let Some(next) = table.entries.get_mut(a).and_then(|e| e.next.get_mut(1)) {
                    *next = b;
                }
            }
        }
        table.first_by_name = by_name.first().copied().unwrap_or(usize::MAX);
        table
    }

    /// Adds `name` unless the table has it already.
    fn insert_new(&mut self, name: &str, value: T) {
        let words = Words::of(name.as_bytes());
        if self.find(name.as_bytes(), words).is_some() {
            return;
        }
        let mask = self.places.len() - 1;
        let mut i = (words.hash() >> self.shift) as usize;
        while self.places.get(i & mask).is_some_and(|&p| p != 0) {
            i += 1;
        }
        if let Some(place) = self.places.get_mut(i & mask) {
            *place = u32::try_from(self.entries.len() + 1).unwrap_or(u32::MAX);
        }
        self.entries.push(Entry {
            words,
            name: name.into(),
            value,
            // The next given, and (set once all are in) the next by name.
            next: [self.entries.len() + 1, usize::MAX],
        });
    }

    /// The table of `names`; a name given twice names its last value.
    pub(crate) fn last_wins<'n>(names: impl Iterator<Item = (&'n str, T)>) -> Self {
        let mut names: Vec<(&str, T)> = names.collect();
        // The last of each name first, then the rest in order.
        let mut kept = Vec::with_capacity(names.len());
        while let Some((name, value)) = names.pop() {
            if !kept.iter().any(|(n, _)| *n == name) {
                kept.push((name, value));
            }
        }
        kept.reverse();
        NameTable::first_wins(kept.into_iter())
    }
}

#[cfg(test)]
mod tests {
    use super::NameTable;

    #[test]
    fn finds_every_name_and_nothing_else() {
        let names: Vec<String> = (0..200)
            .map(|i| match i % 5 {
                0 => format!("f{i}"),
                1 => format!("field_{i}"),
                2 => format!("a_long_field_name_{i}_with_a_tail"),
                3 => "x".repeat(i % 20),
                _ => format!("recent_{i}_views"),
            })
            .collect();
        let table = NameTable::first_wins(names.iter().enumerate().map(|(i, n)| (n.as_str(), i)));
        for name in &names {
            let first = names.iter().position(|n| n == name);
            assert_eq!(table.get(name).copied(), first, "{name}");
        }
        for other in [
            "",
            "f",
            "f1",
            "field_",
            "a_long_field_name_2_with_a_tai",
            "recent_4_view",
        ] {
            assert_eq!(
                table.get(other).copied(),
                names.iter().position(|n| n == other),
                "{other:?}"
            );
        }
        // Same length, first and last eight bytes: told apart by the middle.
        let t = NameTable::first_wins(
            [("abcdefgh_1_ijklmnop", 1), ("abcdefgh_2_ijklmnop", 2)].into_iter(),
        );
        assert_eq!(t.get("abcdefgh_1_ijklmnop"), Some(&1));
        assert_eq!(t.get("abcdefgh_2_ijklmnop"), Some(&2));
        assert_eq!(t.get("abcdefgh_3_ijklmnop"), None);
        for n in 17..40 {
            let name = |c: char| {
                let mut s: Vec<char> = "abcdefghijklmnopqrstuvwxyz0123456789ABCD".chars().collect();
                s.truncate(n);
                if let Some(m) = s.get_mut(n / 2) {
                    *m = c;
                }
                s.into_iter().collect::<String>()
            };
            let (x, y, z) = (name('x'), name('y'), name('z'));
            let t = NameTable::first_wins([(x.as_str(), 1), (y.as_str(), 2)].into_iter());
            assert_eq!(
                (t.get(&x), t.get(&y), t.get(&z)),
                (Some(&1), Some(&2), None),
                "{n}"
            );
        }
    }

    #[test]
    fn a_cursor_finds_what_get_finds_in_any_order() {
        use super::Order;
        let names = [
            "lead_id",
            "email",
            "title_level",
            "employees",
            "industry",
            "a_much_longer_field_name",
        ];
        let table = NameTable::first_wins(names.iter().enumerate().map(|(i, n)| (*n, i)));
        let mut sorted = names.to_vec();
        sorted.sort_unstable();
        let mixed = [
            "industry",
            "nope",
            "lead_id",
            "email",
            "lead_id",
            "a_much_longer_field_name",
            "",
        ];
        for keys in [&names[..], &sorted[..], &mixed[..]] {
            for order in [Order::Given, Order::ByName] {
                let mut cursor = table.cursor(order);
                for key in keys {
                    assert_eq!(table.get_next(key, &mut cursor), table.get(key), "{key}");
                }
            }
        }
    }

    #[test]
    fn first_or_last_wins() {
        let names = [("a", 1), ("b", 2), ("a", 3)];
        assert_eq!(NameTable::first_wins(names.into_iter()).get("a"), Some(&1));
        assert_eq!(NameTable::last_wins(names.into_iter()).get("a"), Some(&3));
        assert_eq!(NameTable::<u8>::default().get("a"), None);
    }
}
