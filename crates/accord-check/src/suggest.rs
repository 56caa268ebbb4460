//! "Did you mean …?": the closest declared name by edit distance.

/// Levenshtein distance between two strings (by characters).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(usize::MAX - 1) + 1;
            let ins = cur.get(j).copied().unwrap_or(usize::MAX - 1) + 1;
            let sub = prev.get(j).copied().unwrap_or(usize::MAX - 1) + cost;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = del.min(ins).min(sub);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

/// The candidate closest to `name`, if it is close enough to be a typo
/// (at most a third of the name's length, at least 1, and case-insensitive
/// equality always counts).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    let lower = name.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = if c.to_lowercase() == lower {
            0
        } else {
            edit_distance(&lower, &c.to_lowercase())
        };
        let better = match best {
            Some((bd, _)) => d < bd,
            None => true,
        };
        if d <= limit && better {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A diagnostic about a name that may be misspelt: its help says the
/// closest declared name, which also becomes the diagnostic's replacement
/// (so editors offer it as a quick fix), or the fallback.
pub trait SuggestName: Sized {
    /// `quote`: the name is written as text (`"demo_request"`), so the
    /// suggestion and its replacement are quoted too. The diagnostic's span
    /// must be the name as written.
    fn did_you_mean(self, name: &str, candidates: &[String], quote: bool, fallback: &str) -> Self;
}

impl SuggestName for accord_syntax::Diagnostic {
    fn did_you_mean(self, name: &str, candidates: &[String], quote: bool, fallback: &str) -> Self {
        let d = self.with_help(did_you_mean(name, candidates, quote, fallback));
        match closest(name, candidates.iter().map(String::as_str)) {
            Some(c) if quote => d.with_replacement(format!("\"{c}\"")),
            Some(c) => d.with_replacement(c),
            None => d,
        }
    }
}

/// `did you mean "x"?` help text, or a fallback.
pub fn did_you_mean(name: &str, candidates: &[String], quote: bool, fallback: &str) -> String {
    match closest(name, candidates.iter().map(String::as_str)) {
        Some(c) if quote => format!("did you mean \"{c}\"?"),
        Some(c) => format!("did you mean `{c}`?"),
        None => fallback.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(edit_distance("demo_reqest", "demo_request"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn closest_picks_typos_only() {
        let c = ["demo_request", "page_view", "email_click"];
        assert_eq!(closest("demo_reqest", c), Some("demo_request"));
        assert_eq!(closest("webinar", c), None);
        assert_eq!(closest("Page_View", c), Some("page_view"));
    }
}
