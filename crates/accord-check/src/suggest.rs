//! "Did you mean …?" on a diagnostic: the closest declared name (by
//! [`accord_syntax::suggest::closest`], the one rule for every suggestion)
//! as its help and its replacement.

use accord_syntax::suggest::closest;

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

/// The most names [`or_declared`] lists (more is a list to look up, not
/// to read in a help line).
const LISTED: usize = 8;

/// `fallback`, then the names of its kind that are declared, when there
/// are a few: "declare it under `rejection reasons`; the codes declared:
/// `bad_data`, `no_budget`" — for a name like none of them, the help says
/// which there are.
pub fn or_declared(fallback: &str, noun: &str, names: &[String]) -> String {
    if names.is_empty() || names.len() > LISTED {
        return fallback.to_string();
    }
    let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
    names.sort_unstable();
    let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    format!("{fallback}; the {noun} declared: {}", listed.join(", "))
}
