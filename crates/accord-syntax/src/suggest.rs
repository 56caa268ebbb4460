//! Edit distance for "did you mean …?" suggestions, shared by the parser
//! (misspelt keywords) and the lead readers (misspelt column names).

/// Optimal-string-alignment distance (counts a swap of neighbours as one).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table, reused: the one two above, the one above
    // and the one being filled.
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
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
