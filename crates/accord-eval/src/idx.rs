//! Typed indices for the plan's named definitions.
//!
//! A definition (a fit, trigger, exclusion, stage, score, SLA, list,
//! calendar or rejection reason) is referred to by an [`Idx`] of its own
//! definition type, `Idx<FitDef>`, and the plan keeps each kind in a
//! [`Defs`] that is indexed only by that type: a fit's index cannot be
//! used to look up a trigger, or be given where a trigger is expected —
//! that no longer compiles. An `Idx` is a `u32` (no bigger, no slower than
//! the raw index it replaces); looking one up is `Vec::get`.
//!
//! Definitions only: slots and streams stay positions (`usize`) into the
//! lead's arrays, which `accord-records` owns. The public answers stay
//! positional too (a decision's stages, scores, `Verdicts::exclusion`):
//! one per definition, in policy order, converted at the boundary.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// The index of a definition of type `T` in a [`Defs<T>`].
///
/// The traits are implemented by hand so that they do not require `T` to
/// implement them (`T` is only a marker: no `T` is held).
pub struct Idx<T>(u32, PhantomData<fn() -> T>);

impl<T> Idx<T> {
    /// The index of the `i`-th definition. An index beyond `u32` (no
    /// policy has four billion definitions of a kind) is held at
    /// `u32::MAX`, which finds nothing in a smaller [`Defs`].
    pub fn new(i: usize) -> Idx<T> {
        Idx(u32::try_from(i).unwrap_or(u32::MAX), PhantomData)
    }
    /// The position, for tables kept alongside the definitions.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl<T> Clone for Idx<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Idx<T> {}

impl<T> PartialEq for Idx<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<T> Eq for Idx<T> {}

impl<T> PartialOrd for Idx<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Idx<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

impl<T> Hash for Idx<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl<T> fmt::Debug for Idx<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As the raw index read (`Fit(3)`), so plans print as they did.
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Definitions of one kind, in policy order, indexed only by [`Idx<T>`].
pub struct Defs<T>(Vec<T>);

impl<T> Defs<T> {
    /// The definition at `i`, if there is one.
    pub fn get(&self, i: Idx<T>) -> Option<&T> {
        self.0.get(i.index())
    }
    /// Adds a definition; returns its index.
    pub fn push(&mut self, def: T) -> Idx<T> {
        let i = Idx::new(self.0.len());
        self.0.push(def);
        i
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The definitions in policy order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
    /// The definitions in policy order, each with its index.
    pub fn iter_enumerated(&self) -> impl DoubleEndedIterator<Item = (Idx<T>, &T)> + '_ {
        self.0.iter().enumerate().map(|(i, d)| (Idx::new(i), d))
    }
    /// The first definition (in policy order).
    pub fn first(&self) -> Option<&T> {
        self.0.first()
    }
    /// The index of the first definition for which `pred` holds.
    pub fn position(&self, pred: impl FnMut(&T) -> bool) -> Option<Idx<T>> {
        self.0.iter().position(pred).map(Idx::new)
    }
    /// Every index, in policy order.
    pub fn indices(&self) -> impl DoubleEndedIterator<Item = Idx<T>> {
        (0..self.0.len()).map(Idx::new)
    }
}

impl<T> Default for Defs<T> {
    fn default() -> Self {
        Defs(Vec::new())
    }
}

impl<T: Clone> Clone for Defs<T> {
    fn clone(&self) -> Self {
        Defs(self.0.clone())
    }
}

impl<T: fmt::Debug> fmt::Debug for Defs<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T> FromIterator<T> for Defs<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Defs(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct A;
    struct B;

    #[test]
    fn an_index_finds_its_own_definition() {
        let mut defs: Defs<&str> = Defs::default();
        let a = defs.push("a");
        let b = defs.push("b");
        assert_eq!((a.index(), b.index()), (0, 1));
        assert_eq!(defs.get(b), Some(&"b"));
        assert_eq!(defs.get(Idx::new(2)), None);
        let pairs: Vec<_> = defs.iter_enumerated().collect();
        assert_eq!(pairs, vec![(a, &"a"), (b, &"b")]);
        assert_eq!(defs.indices().collect::<Vec<_>>(), vec![a, b]);
        assert_eq!(defs.position(|d| *d == "b"), Some(b));
        assert_eq!(defs.first(), Some(&"a"));
        assert_eq!(defs.len(), 2);
        assert!(!defs.is_empty());
    }

    #[test]
    fn indices_need_nothing_of_their_type() {
        // `A` and `B` implement no traits, yet their indices are Copy, Eq,
        // Ord, Hash and Debug.
        let a: Idx<A> = Idx::new(3);
        let copy = a;
        assert_eq!(a, copy);
        assert!(Idx::<B>::new(1) < Idx::<B>::new(2));
        assert_eq!(format!("{a:?}"), "3");
        let set: std::collections::HashSet<Idx<A>> = [a, copy].into_iter().collect();
        assert_eq!(set.len(), 1);
        assert_eq!(Idx::<A>::new(usize::MAX).index(), u32::MAX as usize);
    }
}
