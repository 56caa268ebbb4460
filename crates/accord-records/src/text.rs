//! [`LeadText`]: a text a lead holds — an id, an email address, a
//! country, a `one of` choice — as cheap to make, copy, read and drop as
//! the texts of a record allow.
//!
//! Nearly every text a lead record holds is at most
//! [`LeadText::INLINE_CAP`] (40) bytes — ids, choices, names, and email
//! addresses too, which are mostly 20 to 40 bytes long — and is held in
//! place: making one allocates nothing, dropping it frees nothing, copying
//! it copies its bytes. (The cap is 40 so that a text is 48 bytes: an
//! address held in place saves an allocation and a free per lead, and a
//! lead's values are read far more often than they are moved.) A longer
//! text is held on the heap, counted (`Arc<str>`): its copies share it.
//! A `'static` text (one written in the code, such as a placeholder) is
//! never copied.
//!
//! A [`LeadText`] reads as a `&str` ([`LeadText::as_str`], `Deref`);
//! equality, order, hashing and serialisation are those of the text,
//! however it is held.

use arrayvec::ArrayString;
use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

/// A text a lead holds (see the module documentation).
#[derive(Clone)]
pub struct LeadText(Repr);

#[derive(Clone)]
enum Repr {
    /// Up to [`LeadText::INLINE_CAP`] bytes, in place.
    Inline(ArrayString<{ LeadText::INLINE_CAP }>),
    /// A `'static` text.
    Static(&'static str),
    /// A longer text, shared by its copies.
    Heap(Arc<str>),
}

impl LeadText {
    /// The longest text held in place.
    pub const INLINE_CAP: usize = 40;

    /// A text of `s`: in place when it is at most [`Self::INLINE_CAP`]
    /// bytes, else on the heap.
    #[inline]
    pub fn new(s: &str) -> LeadText {
        match ArrayString::from(s) {
            Ok(inline) => LeadText(Repr::Inline(inline)),
            Err(_) => LeadText(Repr::Heap(Arc::from(s))),
        }
    }

    /// A text of a `'static` string (never copied).
    pub const fn new_static(s: &'static str) -> LeadText {
        LeadText(Repr::Static(s))
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline(s) => s.as_str(),
            Repr::Static(s) => s,
            Repr::Heap(s) => s,
        }
    }

    /// Whether the text is on the heap (neither in place nor static).
    pub fn is_heap_allocated(&self) -> bool {
        matches!(self.0, Repr::Heap(_))
    }
}

impl std::ops::Deref for LeadText {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for LeadText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for LeadText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Default for LeadText {
    fn default() -> LeadText {
        LeadText::new_static("")
    }
}

impl PartialEq for LeadText {
    fn eq(&self, other: &LeadText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for LeadText {}

impl PartialEq<str> for LeadText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for LeadText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for LeadText {
    fn partial_cmp(&self, other: &LeadText) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for LeadText {
    fn cmp(&self, other: &LeadText) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for LeadText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for LeadText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for LeadText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl From<&str> for LeadText {
    fn from(s: &str) -> LeadText {
        LeadText::new(s)
    }
}

impl From<String> for LeadText {
    fn from(s: String) -> LeadText {
        LeadText::new(&s)
    }
}

impl From<LeadText> for String {
    fn from(t: LeadText) -> String {
        t.as_str().to_string()
    }
}

impl serde::Serialize for LeadText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_up_to_the_cap_is_held_in_place_a_longer_one_on_the_heap() {
        let at_cap = "a".repeat(LeadText::INLINE_CAP);
        let over = "a".repeat(LeadText::INLINE_CAP + 1);
        assert!(!LeadText::new(&at_cap).is_heap_allocated());
        assert!(LeadText::new(&over).is_heap_allocated());
        assert!(!LeadText::new("ana.lopez-garcia@example-corp.com").is_heap_allocated());
        assert!(!LeadText::new_static("b").is_heap_allocated());
        assert_eq!(LeadText::new(&at_cap), at_cap.as_str());
        assert_eq!(LeadText::new(&over), over.as_str());
    }

    #[test]
    fn copies_of_a_long_text_share_it() {
        let long = LeadText::new(&"x".repeat(64));
        let copy = long.clone();
        assert!(std::ptr::eq(long.as_str().as_ptr(), copy.as_str().as_ptr()));
    }

    #[test]
    fn a_text_compares_hashes_and_writes_as_its_text_however_it_is_held() {
        use std::collections::hash_map::DefaultHasher;
        use std::hash::{Hash, Hasher};
        let hash = |t: &LeadText| {
            let mut h = DefaultHasher::new();
            t.hash(&mut h);
            h.finish()
        };
        // A multi-byte character across the inline boundary stays whole.
        let s = format!("{}é", "a".repeat(LeadText::INLINE_CAP - 1));
        let held = [
            LeadText::new_static("é"),
            LeadText::new("é"),
            LeadText::new(&s),
        ];
        assert_eq!(held[0], held[1]);
        assert_eq!(hash(&held[0]), hash(&held[1]));
        assert!(held[2].is_heap_allocated());
        assert_eq!(held[2].as_str(), s);
        assert!(held[2] < held[1] && held[0].cmp(&held[1]).is_eq());
        assert_eq!(serde_json::to_string(&held[2]).unwrap(), format!("\"{s}\""));
        assert_eq!(format!("{} {:?}", held[0], held[1]), "é \"é\"");
        assert_eq!(LeadText::default(), "");
        assert_eq!(String::from(LeadText::from("id-1")), "id-1");
    }
}
