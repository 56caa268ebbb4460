//! Policies, records and instants given as text rather than as files:
//! what a service needs (`accord serve`: `POST /v1/check` checks files sent
//! in a request; its content-addressed store rebuilds the exact policy a
//! decision was made under; NDJSON bodies are evaluated line by line).
//! Each goes through the same checker, decoder and evaluator as the files
//! the CLI reads, so the answers are the same.

use crate::{LoadError, Policy};
use accord_check::Workspace;
use accord_eval::Row;
use accord_records::RecordOutcome;
use accord_syntax::{Diagnostic, SourceMap};
use chrono::{DateTime, Utc};
use std::path::Path;

impl Policy {
    /// Loads a policy from files held in memory, (path, text) pairs:
    /// `entry` and whatever it imports among them (a path not among them
    /// reads as missing). Imports stay inside `root` (`None`: the entry's
    /// folder). Given the paths and texts of [`Policy::files`], it rebuilds
    /// the same policy, with the same content hash.
    pub fn load_texts<P: AsRef<str>, T: AsRef<str>>(
        files: &[(P, T)],
        entry: &str,
        root: Option<&Path>,
    ) -> Result<Policy, LoadError> {
        let mut workspace = Workspace::in_memory(files);
        workspace.set_root(root);
        Policy::from_workspace(workspace, Path::new(entry))
    }

    /// The policy's files as (path, text), the entry first, then every
    /// file it imports: all [`Policy::load_texts`] needs to rebuild it.
    pub fn files(&self) -> Vec<(String, String)> {
        self.sources
            .files()
            .iter()
            .map(|f| (f.path.clone(), f.text.clone()))
            .collect()
    }

    /// Evaluates one record given as JSON text (an NDJSON line): exactly
    /// what `accord eval` does for the line `line` holding record number
    /// `record`. Malformed JSON is an error row ("not valid JSON"), as is a
    /// record that does not fit the schema.
    pub fn evaluate_json_text(
        &self,
        text: &[u8],
        record: usize,
        line: Option<usize>,
        as_of: DateTime<Utc>,
        explain: bool,
    ) -> Row {
        let outcome = RecordOutcome {
            record,
            line,
            result: self.decoder.decode_json(text, record, line),
        };
        accord_eval::batch::row_for(&self.compiled, outcome, as_of, explain)
    }
}

/// The outcome of checking policy files: every diagnostic (a file shared
/// through imports reported once) and the files, to render them.
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
}

impl Checked {
    /// How many diagnostics are errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// How many diagnostics are warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Checks policy files held in memory, (path, text) pairs, each as an
/// entry (like `accord check FILE...`); imports name other files among
/// them and stay inside each entry's folder.
pub fn check_texts<P: AsRef<str>, T: AsRef<str>>(files: &[(P, T)]) -> Checked {
    let mut workspace = Workspace::in_memory(files);
    let entries: Vec<_> = files
        .iter()
        .filter_map(|(path, _)| workspace.load(Path::new(path.as_ref())).ok())
        .collect();
    Checked {
        diagnostics: workspace.diagnostics_of(&entries),
        sources: workspace.sources(),
    }
}

/// An instant in RFC 3339 (`2026-11-20T15:00:00Z`, or with an offset). The
/// error says in words what is wrong (no offset, a date alone) and shows
/// an example; the caller puts the option's name in front.
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
                .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S"))
                .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"));
            let why = if naive.is_ok() {
                "it has no UTC offset: add `Z` for UTC or the offset, e.g. `-06:00`".to_string()
            } else if chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
                "a date alone is not an instant: add a time and an offset".to_string()
            } else if matches!(
                e.kind(),
                chrono::format::ParseErrorKind::OutOfRange | chrono::format::ParseErrorKind::Impossible
            ) {
                "it is written as an instant, but there is no such date or time (a month above 12, a day past the end of its month, an hour above 23)".to_string()
            } else {
                "expected year-month-day, `T`, hours:minutes:seconds and an offset".to_string()
            };
            format!("{s:?} is not an RFC 3339 instant ({why}); write e.g. 2026-11-20T15:00:00Z")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is wrong with an instant is said in words, never in the
    /// parser's (`premature end of input`, `input is out of range`).
    #[test]
    fn an_instant_that_cannot_be_read_is_said_in_words() {
        let cases = [
            ("2026-11-30", "a date alone is not an instant"),
            ("2026-11-30T15:00:00", "it has no UTC offset"),
            ("2026-13-01T00:00:00Z", "there is no such date or time"),
            ("2026-02-30T00:00:00Z", "there is no such date or time"),
            (
                "yesterday",
                "expected year-month-day, `T`, hours:minutes:seconds and an offset",
            ),
        ];
        for (text, words) in cases {
            let why = parse_instant(text).expect_err(text);
            assert!(why.contains(words), "{text}: {why}");
            for chrono_words in [
                "premature",
                "out of range",
                "invalid",
                "impossible",
                "input",
            ] {
                assert!(!why.contains(chrono_words), "{text}: {why}");
            }
        }
        assert!(parse_instant("2026-11-30T15:00:00-06:00").is_ok());
    }

    #[test]
    fn a_policy_rebuilt_from_its_files_has_the_same_hash_and_answers() {
        let policy = Policy::load("../../policies/mql-sql-agreement.accord").expect("clean");
        let files = policy.files();
        assert!(files.len() > 1, "the agreement imports shared files");
        let entry = files[0].0.clone();
        let again = Policy::load_texts(&files, &entry, None).expect("clean");
        assert_eq!(again.compiled().meta().hash, policy.compiled().meta().hash);
        let mut altered = files.clone();
        altered[0].1.push_str("\n# a comment changes the text\n");
        let other = Policy::load_texts(&altered, &entry, None).expect("clean");
        assert_ne!(other.compiled().meta().hash, policy.compiled().meta().hash);
    }

    #[test]
    fn a_json_line_is_evaluated_like_the_same_record_as_a_value() {
        let policy = Policy::load("../../policies/mql-sql-agreement.accord").expect("clean");
        let leads =
            std::fs::read_to_string("../../examples/edge-cases/leads.ndjson").expect("bundled");
        let as_of = parse_instant("2026-11-20T15:00:00Z").expect("valid");
        for (i, line) in leads.lines().enumerate() {
            let value: serde_json::Value = serde_json::from_str(line).expect("valid JSON");
            let from_text = policy.evaluate_json_text(line.as_bytes(), i + 1, None, as_of, true);
            assert_eq!(from_text, policy.evaluate_json(&value, i + 1, as_of, true));
        }
        let bad = policy.evaluate_json_text(b"{\"lead_id\": ", 7, Some(9), as_of, false);
        assert!(bad.is_error() && bad.errors[0].message.contains("not valid JSON"));
        assert_eq!((bad.errors[0].record, bad.errors[0].line), (7, Some(9)));
    }

    #[test]
    fn checking_texts_reports_errors_at_their_file() {
        let checked = check_texts(&[
            ("p.accord", "import \"shared.accord\"\n"),
            ("shared.accord", "list a: \"x\"\nlist a: \"y\"\n"),
        ]);
        assert!(checked.errors() > 0);
        let file = checked.diagnostics[0].span.file;
        assert_eq!(
            checked.sources.get(file).map(|f| f.path.as_str()),
            Some("shared.accord")
        );
    }

    #[test]
    fn instants_need_an_offset() {
        assert!(parse_instant("2026-11-20T15:00:00-06:00").is_ok());
        let naive = parse_instant("2026-11-20T15:00:00").unwrap_err();
        assert!(naive.contains("no UTC offset"), "{naive}");
        let date = parse_instant("2026-11-20").unwrap_err();
        assert!(date.contains("a date alone"), "{date}");
    }
}
