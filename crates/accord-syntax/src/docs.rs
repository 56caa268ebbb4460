//! The user documentation shipped inside the binary: the language reference
//! (`grammar/README.md` and the topic files under `grammar/docs/`) and one
//! page per diagnostic code (`grammar/docs/codes/*.md`, one file per family
//! of codes, one `## accord::…` section per code). `accord docs` prints
//! them; every rendered diagnostic whose code has a page says so
//! ([`crate::diagnostic::render`]).
//!
//! The text is embedded with `include_str!`, so what is in the repository is
//! what the binary prints. Tests in `crates/accord/tests/reference.rs` keep
//! every code covered by a page and check every example in the pages.

use crate::suggest::edit_distance;

/// One topic of the language reference.
#[derive(Clone, Copy, Debug)]
pub struct Topic {
    /// What the user types: `accord docs sla`.
    pub name: &'static str,
    /// The whole page (Markdown).
    pub text: &'static str,
}

impl Topic {
    /// The page's title: its first `# ` heading.
    pub fn title(&self) -> &'static str {
        self.text
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .unwrap_or(self.name)
    }
}

/// The reference's topics, in reading order. The first is the index
/// (`grammar/README.md`).
pub const TOPICS: &[Topic] = &[
    Topic {
        name: "reference",
        text: include_str!("../../../grammar/README.md"),
    },
    Topic {
        name: "files",
        text: include_str!("../../../grammar/docs/files.md"),
    },
    Topic {
        name: "fields",
        text: include_str!("../../../grammar/docs/fields.md"),
    },
    Topic {
        name: "calendar",
        text: include_str!("../../../grammar/docs/calendar.md"),
    },
    Topic {
        name: "conditions",
        text: include_str!("../../../grammar/docs/conditions.md"),
    },
    Topic {
        name: "events",
        text: include_str!("../../../grammar/docs/events.md"),
    },
    Topic {
        name: "fit",
        text: include_str!("../../../grammar/docs/fit.md"),
    },
    Topic {
        name: "score",
        text: include_str!("../../../grammar/docs/score.md"),
    },
    Topic {
        name: "stages",
        text: include_str!("../../../grammar/docs/stages.md"),
    },
    Topic {
        name: "tiers",
        text: include_str!("../../../grammar/docs/tiers.md"),
    },
    Topic {
        name: "sla",
        text: include_str!("../../../grammar/docs/sla.md"),
    },
    Topic {
        name: "persistence",
        text: include_str!("../../../grammar/docs/persistence.md"),
    },
    Topic {
        name: "rejections",
        text: include_str!("../../../grammar/docs/rejections.md"),
    },
    Topic {
        name: "recycling",
        text: include_str!("../../../grammar/docs/recycling.md"),
    },
    Topic {
        name: "handoff",
        text: include_str!("../../../grammar/docs/handoff.md"),
    },
    Topic {
        name: "metrics",
        text: include_str!("../../../grammar/docs/metrics.md"),
    },
    Topic {
        name: "walkthrough",
        text: include_str!("../../../grammar/docs/walkthrough.md"),
    },
    Topic {
        name: "example-schema",
        text: EXAMPLE_SCHEMA,
    },
];

/// The lead fields, calendar and list every example in the reference and
/// the code pages reads (`grammar/docs/example-schema.accord`).
pub const EXAMPLE_SCHEMA: &str = include_str!("../../../grammar/docs/example-schema.accord");

/// The files holding the code pages, one per family of codes.
pub const CODE_FAMILIES: &[(&str, &str)] = &[
    (
        "syntax",
        include_str!("../../../grammar/docs/codes/syntax.md"),
    ),
    (
        "names",
        include_str!("../../../grammar/docs/codes/names.md"),
    ),
    (
        "types",
        include_str!("../../../grammar/docs/codes/types.md"),
    ),
    (
        "units",
        include_str!("../../../grammar/docs/codes/units.md"),
    ),
    (
        "logic",
        include_str!("../../../grammar/docs/codes/logic.md"),
    ),
    ("dead", include_str!("../../../grammar/docs/codes/dead.md")),
    (
        "policy",
        include_str!("../../../grammar/docs/codes/policy.md"),
    ),
];

/// One diagnostic code's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodePage {
    pub code: &'static str,
    /// The family file it lives in (`syntax`, `names`, …).
    pub family: &'static str,
    /// From its `## code` heading to the next `## ` heading.
    pub text: &'static str,
}

impl CodePage {
    /// The one-line summary: the first non-empty line after the heading.
    pub fn summary(&self) -> &'static str {
        self.text
            .lines()
            .skip(1)
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
    }
}

/// Every code page, in the order of the family files.
pub fn code_pages() -> impl Iterator<Item = CodePage> {
    CODE_FAMILIES.iter().flat_map(|(family, text)| {
        sections(text).map(move |(code, text)| CodePage { code, family, text })
    })
}

/// The `## accord::…` sections of one family file.
fn sections(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    let starts: Vec<usize> = line_starts(text)
        .filter(|&i| text.get(i..).is_some_and(|l| l.starts_with("## ")))
        .collect();
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .copied()
        .chain(std::iter::once(text.len()))
        .collect();
    starts.into_iter().zip(ends).filter_map(move |(s, e)| {
        let page = text.get(s..e)?;
        let heading = page.lines().next()?.strip_prefix("## ")?.trim();
        let code = heading.trim_matches('`');
        code.starts_with("accord::")
            .then_some((code, page.trim_end()))
    })
}

fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1))
}

/// The page of a code, if it has one.
pub fn code_page(code: &str) -> Option<CodePage> {
    code_pages().find(|p| p.code == code)
}

/// A topic by name, or by a keyword it explains, as a policy writes it
/// (`rejection reasons`, `lead fields`; `rejection-reasons` and any case
/// too), singular or plural (`tier`, `calendars`).
pub fn topic(name: &str) -> Option<Topic> {
    let name = name.trim().to_lowercase().replace(['-', '_'], " ");
    let singular = name.strip_suffix('s').map(str::to_string);
    let plural = format!("{name}s");
    [Some(name), singular, Some(plural)]
        .into_iter()
        .flatten()
        .find_map(|n| {
            let n = ALIASES
                .iter()
                .find(|(alias, _)| *alias == n)
                .map_or(n.as_str(), |(_, topic)| *topic);
            TOPICS.iter().copied().find(|t| t.name == n)
        })
}

/// Keywords whose topic has another name (`accord docs trigger`).
const ALIASES: &[(&str, &str)] = &[
    ("trigger", "fit"),
    ("exclusion", "fit"),
    ("mql", "stages"),
    ("sal", "stages"),
    ("sql", "stages"),
    ("import", "files"),
    ("agreement", "files"),
    ("list", "calendar"),
    ("breach", "metrics"),
    ("drift", "metrics"),
    ("metric", "metrics"),
    ("rejection", "rejections"),
    ("rejection reasons", "rejections"),
    ("schema", "fields"),
    ("lead fields", "fields"),
];

/// What `accord docs WHAT` shows.
#[derive(Clone, Copy, Debug)]
pub enum Found {
    Topic(Topic),
    Code(CodePage),
}

/// Looks `what` up as a topic or a code. A code may be written without its
/// `accord::` prefix (`type-mismatch`, `syntax::missing-colon`).
pub fn lookup(what: &str) -> Result<Found, Option<String>> {
    let what = what.trim();
    if let Some(t) = topic(what) {
        return Ok(Found::Topic(t));
    }
    if let Some(p) = code_page(what) {
        return Ok(Found::Code(p));
    }
    if let Some(p) = code_page(&format!("accord::{what}")) {
        return Ok(Found::Code(p));
    }
    Err(closest(what))
}

/// The closest topic or code to a name that is neither (for "did you mean").
pub fn closest(what: &str) -> Option<String> {
    let bare = what.strip_prefix("accord::").unwrap_or(what);
    let candidates = TOPICS
        .iter()
        .map(|t| (t.name, t.name))
        .chain(code_pages().map(|p| (p.code, p.code.trim_start_matches("accord::"))));
    candidates
        .map(|(full, short)| (edit_distance(bare, short), full))
        .filter(|(d, full)| *d <= (bare.chars().count() / 3).max(2) || full.ends_with(bare))
        .min_by_key(|(d, _)| *d)
        .map(|(_, full)| full.to_string())
}

/// The index `accord docs` prints: every topic with its title, then how to
/// look up a code.
pub fn index() -> String {
    let width = TOPICS.iter().map(|t| t.name.len()).max().unwrap_or(0);
    let mut out =
        String::from("The Accord language reference. Read a topic with `accord docs TOPIC`:\n\n");
    for t in TOPICS {
        out.push_str(&format!("  {:width$}  {}\n", t.name, t.title()));
    }
    out.push_str(
        "\nEvery diagnostic code has a page too: `accord docs accord::type-mismatch`\n\
         (`accord docs codes` lists them).\n",
    );
    out
}

/// Every code with its summary, by family (`accord docs codes`).
pub fn codes_index() -> String {
    let mut out = String::from("Diagnostic codes (read one with `accord docs CODE`):\n");
    let mut family = "";
    for p in code_pages() {
        if p.family != family {
            family = p.family;
            out.push_str(&format!("\n{family}:\n"));
        }
        out.push_str(&format!("  {}\n      {}\n", p.code, p.summary()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_found_by_code_and_without_prefix() {
        let page = code_page("accord::type-mismatch").expect("page");
        assert!(page.text.starts_with("## accord::type-mismatch"));
        assert!(
            matches!(lookup("type-mismatch"), Ok(Found::Code(p)) if p.code == "accord::type-mismatch")
        );
        assert!(matches!(
            lookup("syntax::missing-colon"),
            Ok(Found::Code(_))
        ));
    }

    #[test]
    fn a_misspelt_code_gets_the_closest() {
        assert_eq!(
            lookup("accord::type-mismatc").err().flatten().as_deref(),
            Some("accord::type-mismatch")
        );
        assert_eq!(lookup("zzzzzzzzzzzzzzzzzz").err(), Some(None));
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<&str> = code_pages().map(|p| p.code).collect();
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n, "a code has two pages");
    }
}
