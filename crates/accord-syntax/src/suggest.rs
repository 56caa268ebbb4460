//! Edit distance for "did you mean …?" suggestions, shared by the parser
//! (misspelt keywords) and the lead readers (misspelt column names).

/// Optimal-string-alignment distance (counts a swap of neighbours as one).
///
/// Called for every known word against every unknown one (a misspelt
/// keyword is measured against the whole vocabulary), so short ASCII words
/// (all the language's words and nearly every name) are measured byte by
/// byte in rows on the stack; other text by characters, in rows on the heap.
/// Both run the same `osa` table (optimal string alignment).
pub fn edit_distance(a: &str, b: &str) -> usize {
    /// Longest word measured on the stack.
    const SHORT: usize = 64;
    if a.is_ascii() && b.is_ascii() && b.len() <= SHORT {
        let mut rows = [0usize; 3 * (SHORT + 1)];
        return osa(a.as_bytes(), b.as_bytes(), &mut rows);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![0usize; 3 * (b.len() + 1)];
    osa(&a, &b, &mut rows)
}

/// The optimal-string-alignment table of `a` against `b`, three rows at a
/// time (the one two above, the one above and the one being filled) in
/// `rows`, which holds at least `3 * (b.len() + 1)` entries.
fn osa<T: PartialEq>(a: &[T], b: &[T], rows: &mut [usize]) -> usize {
    let width = b.len() + 1;
    let (mut prev2, rest) = rows.split_at_mut(width.min(rows.len()));
    let (mut prev, rest) = rest.split_at_mut(width.min(rest.len()));
    let mut cur = rest.get_mut(..width).unwrap_or_default();
    for (j, slot) in prev.iter_mut().enumerate() {
        *slot = j;
    }
    for i in 1..=a.len() {
        cur.fill(i);
        for j in 1..=b.len() {
            let cost = usize::from(a.get(i - 1) != b.get(j - 1));
            let up = prev.get(j).copied().unwrap_or(usize::MAX - 1) + 1;
            let left = cur.get(j - 1).copied().unwrap_or(usize::MAX - 1) + 1;
            let diag = prev.get(j - 1).copied().unwrap_or(usize::MAX - 1) + cost;
            let mut best = up.min(left).min(diag);
            if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                best = best.min(prev2.get(j - 2).copied().unwrap_or(usize::MAX - 1) + 1);
            }
            if let Some(slot) = cur.get_mut(j) {
                *slot = best;
            }
        }
        // prev2 <- prev <- cur; the old prev2 is the next row's buffer.
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.get(b.len()).copied().unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The distance by characters with rows on the heap (the path for
    /// non-ASCII or long text).
    fn by_chars(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut rows = vec![0usize; 3 * (b.len() + 1)];
        osa(&a, &b, &mut rows)
    }

    #[test]
    fn known_distances() {
        assert_eq!(edit_distance("trigerr", "trigger"), 2);
        assert_eq!(edit_distance("tirgger", "trigger"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("café", "cafe"), 1);
        assert_eq!(edit_distance("éa", "aé"), 1);
        let long = "x".repeat(70);
        assert_eq!(edit_distance(&long, &format!("{long}y")), 1);
    }

    #[test]
    fn bytes_on_the_stack_agree_with_characters() {
        // Words and their mutations (swaps, drops, doublings, changes).
        let words = [
            "",
            "a",
            "ab",
            "fit",
            "trigger",
            "between",
            "at least",
            "demo_request",
            "persistence",
            "recycling",
            "business_hours",
            "one of",
            "sla",
        ];
        let mut variants: Vec<String> = Vec::new();
        for w in words {
            let b = w.as_bytes();
            variants.push(w.to_string());
            for i in 0..b.len() {
                let mut dropped = b.to_vec();
                dropped.remove(i);
                variants.push(String::from_utf8(dropped).unwrap_or_default());
                let mut doubled = b.to_vec();
                doubled.insert(i, b[i]);
                variants.push(String::from_utf8(doubled).unwrap_or_default());
                let mut changed = b.to_vec();
                changed[i] = b'q';
                variants.push(String::from_utf8(changed).unwrap_or_default());
                if i + 1 < b.len() {
                    let mut swapped = b.to_vec();
                    swapped.swap(i, i + 1);
                    variants.push(String::from_utf8(swapped).unwrap_or_default());
                }
            }
        }
        for a in &variants {
            for b in &variants {
                assert_eq!(edit_distance(a, b), by_chars(a, b), "{a:?} / {b:?}");
            }
        }
    }
}
