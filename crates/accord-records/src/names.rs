//! The decoder's name tables: a record's keys (and a `one of` field's
//! texts) to what they name. Every key of every record is looked up here,
//! so a lookup does a constant number of steps whatever the key:
//!
//! - a name is read as three words, its length and its first and last
//!   eight bytes (four, or each byte, for shorter names) — no loop over a
//!   long key, no copy;
//! - the table is open-addressed (linear probing, at most half full), its
//!   place chosen by the high bits of the three words multiplied;
//! - two names of at most 16 bytes with the same three words are the same
//!   name (the words cover every byte), so such a name is matched with
//!   three comparisons and no call to `memcmp`; a longer one compares its
//!   middle bytes too.
//!
//! Only the schema's own names are ever inserted (nothing an input record
//! holds), so a lookup of any key ends at an empty place within a few
//! probes.

/// Names to values of type `T`.
#[derive(Clone, Debug)]
pub(crate) struct NameTable<T> {
    /// A power of two of places, at least twice as many as the names.
    places: Box<[Option<Entry<T>>]>,
    /// `64 - log2(places.len())`: the hash's high bits pick the place.
    shift: u32,
}

#[derive(Clone, Debug)]
struct Entry<T> {
    words: Words,
    name: Box<str>,
    value: T,
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

impl<T> Default for NameTable<T> {
    fn default() -> Self {
        NameTable::with_names(0)
    }
}

impl<T> NameTable<T> {
    /// An empty table with room for `n` names.
    fn with_names(n: usize) -> NameTable<T> {
        let size = (2 * n).next_power_of_two().max(4);
        NameTable {
            places: std::iter::repeat_with(|| None).take(size).collect(),
            shift: 64 - size.trailing_zeros(),
        }
    }

    /// The place of `name` (whose words are `words`): where it is, or the
    /// empty place where it would go.
    #[inline]
    fn place(&self, name: &[u8], words: Words) -> usize {
        let mask = self.places.len() - 1;
        let mut i = (words.hash() >> self.shift) as usize & mask;
        loop {
            match self.places.get(i) {
                Some(Some(e)) if e.words == words && same_middle(e.name.as_bytes(), name) => {
                    return i
                }
                Some(Some(_)) => i = (i + 1) & mask,
                _ => return i,
            }
        }
    }

    /// What `name` names.
    #[inline]
    pub(crate) fn get(&self, name: &str) -> Option<&T> {
        let i = self.place(name.as_bytes(), Words::of(name.as_bytes()));
        match self.places.get(i) {
            Some(Some(e)) => Some(&e.value),
            _ => None,
        }
    }

    /// Names `name` `value`, unless it already names something (the first
    /// wins); whether it was inserted.
    fn insert_first(&mut self, name: &str, value: T) -> bool {
        let words = Words::of(name.as_bytes());
        let i = self.place(name.as_bytes(), words);
        match self.places.get_mut(i) {
            Some(place @ None) => {
                *place = Some(Entry {
                    words,
                    name: name.into(),
                    value,
                });
                true
            }
            _ => false,
        }
    }

    /// The table of `names`; a name given twice names its first value.
    pub(crate) fn first_wins<'n>(names: impl ExactSizeIterator<Item = (&'n str, T)>) -> Self {
        let mut table = NameTable::with_names(names.len());
        for (name, value) in names {
            table.insert_first(name, value);
        }
        table
    }

    /// The table of `names`; a name given twice names its last value.
    pub(crate) fn last_wins<'n>(names: impl ExactSizeIterator<Item = (&'n str, T)>) -> Self {
        let mut table = NameTable::with_names(names.len());
        for (name, value) in names {
            let words = Words::of(name.as_bytes());
            let i = table.place(name.as_bytes(), words);
            if let Some(Some(e)) = table.places.get_mut(i) {
                e.value = value;
            } else {
                table.insert_first(name, value);
            }
        }
        table
    }
}

/// Whether two names with the same words are the same: the bytes the
/// words do not cover (those past the first eight and before the last
/// eight) are equal.
#[inline]
fn same_middle(a: &[u8], b: &[u8]) -> bool {
    a.len() <= 16 || a.get(8..a.len() - 8) == b.get(8..b.len() - 8)
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
    }

    #[test]
    fn first_or_last_wins() {
        let names = [("a", 1), ("b", 2), ("a", 3)];
        assert_eq!(NameTable::first_wins(names.into_iter()).get("a"), Some(&1));
        assert_eq!(NameTable::last_wins(names.into_iter()).get("a"), Some(&3));
        assert_eq!(NameTable::<u8>::default().get("a"), None);
    }
}
