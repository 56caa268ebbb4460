//! "Did you mean …?": the edit distance and the closest of several names,
//! one rule for every suggestion Accord makes — the parser's misspelt
//! keywords, the checker's misspelt names, the lead readers' misspelt
//! columns and fields, the command line's and the server's misspelt
//! fields, lead ids and parameters.

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

/// The candidate closest to `name`, if it is close enough to be a typo: at
/// most a third of the name's length apart (at least 1), a swap of two
/// neighbouring letters counting as one and a difference of case as none.
/// A candidate equal to `name` is not a suggestion; of equally close
/// candidates, the first.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let length = lower.chars().count();
    let limit = (length / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let c_lower = c.to_lowercase();
        // Further apart in length than the limit is further apart than
        // the limit: not measured (a key of a broken record may be long).
        if c_lower.chars().count().abs_diff(length) > limit {
            continue;
        }
        let d = edit_distance(&lower, &c_lower);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// ` (did you mean `employees`?)` after a misspelt name in a message (the
/// [`closest`] candidate), or nothing.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(name, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
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

/// The words one may write there, as a help line lists them: `a, b or c`
/// (the parser's line words, `accord test`'s expectation values).
pub fn or_list(words: &[&str]) -> String {
    match words.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
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
    fn closest_picks_typos_only() {
        let names = ["demo_request", "page_view", "email", "employees"];
        assert_eq!(closest("demo_reqest", names), Some("demo_request"));
        assert_eq!(closest("emploees", names), Some("employees"));
        // A swap of neighbours is one edit; a difference of case none.
        assert_eq!(closest("emial", names), Some("email"));
        assert_eq!(closest("Page_View", names), Some("page_view"));
        assert_eq!(closest("webinar", names), None);
        assert_eq!(closest("budget", names), None);
        // The name itself is no suggestion; of two as close, the first.
        assert_eq!(closest("email", names), None);
        assert_eq!(closest("ab", ["ac", "ad"]), Some("ac"));
        // A one-letter difference in a short name still counts.
        assert_eq!(closest("fot", ["fit"]), Some("fit"));
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
