//! Edit distance for "did you mean …?" suggestions, shared by the parser
//! (misspelt keywords) and the lead readers (misspelt column names).

/// Optimal-string-alignment distance (counts a swap of neighbours as one).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
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
        prev2 = std::mem::replace(&mut prev, cur);
    }
    prev.get(b.len()).copied().unwrap_or(usize::MAX)
}
