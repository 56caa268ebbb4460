//! The test file format, read line by line.
//!
//! ```text
//! # Tests for the MQL/SQL agreement.
//! policy "mql-sql-agreement.accord"
//! leads "../examples/edge-cases/leads.ndjson"
//! as of 2026-11-20T15:00:00Z
//!
//! case "A VP who asked for a demo is a tier 1 MQL":
//!   lead "E01"
//!   expect mql yes
//!   expect tier 1
//!   expect sla first_response met
//!
//! case "A student is never an MQL":
//!   lead "E01"
//!   with status "student"
//!   with phone missing
//!   add activities {"kind": "demo_request", "at": "2026-11-19T10:00:00Z"}
//!   as of 2026-11-21T09:00:00Z
//!   expect mql no
//!   expect excluded by not_a_buyer
//! ```
//!
//! At the top (column 0): `policy "PATH"` (required; relative to the test
//! file), `leads "PATH"` (the leads `lead "ID"` refers to, by the policy's
//! `identified by` field: NDJSON or a JSON array) and `as of INSTANT` (RFC 3339; the default for every case).
//! Then cases: `case "NAME":` and, indented below it, one of `lead "ID"` or
//! `lead {JSON}`; any number of `with FIELD VALUE` (VALUE is JSON, `yes`,
//! `no`, or `missing` to remove the field) and `add FIELD {JSON}` (append an
//! event to a list); `as of INSTANT`; and expectations, one per line
//! (see [`crate::expect::Expectation`]). `#` starts a comment.

use crate::expect::Expectation;
use accord_eval::CompiledPolicy;
use accord_syntax::{strip_comment, Diagnostic, FileId, Span};
use chrono::{DateTime, Utc};
use serde_json::Value;

/// One test file.
#[derive(Clone, Debug, PartialEq)]
pub struct TestFile {
    /// The policy, as written (relative to the test file).
    pub policy: String,
    pub policy_span: Span,
    /// The leads file `lead "ID"` refers to, as written.
    pub leads: Option<(String, Span)>,
    pub as_of: Option<DateTime<Utc>>,
    /// The kinds of line (`leads`, `as of`) written at the top but not
    /// read: each has its diagnostic, and no case is also told that the
    /// file lacks one.
    pub unreadable: Vec<&'static str>,
    pub cases: Vec<Case>,
}

/// Where a case's lead comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum LeadSource {
    /// `lead "E01"`: the lead with that id in the leads file.
    ById(String),
    /// `lead {...}`: written in the case.
    Inline(Value),
}

/// A change to the lead before it is evaluated.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// `with FIELD VALUE` (`None`: `missing`, the field is removed).
    Set(String, Option<Value>),
    /// `add FIELD {event}`: appended to that list.
    Add(String, Value),
}

/// One named case.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub name: String,
    /// The `case "…":` line.
    pub span: Span,
    pub lead: Option<(LeadSource, Span)>,
    /// Each change with the span of the field it names.
    pub changes: Vec<(Change, Span)>,
    pub as_of: Option<DateTime<Utc>>,
    /// Each expectation with the span of the SLA or exclusion it names,
    /// else of its line.
    pub expectations: Vec<(Expectation, Span)>,
    /// The kinds of line (`lead`, `as of`, `expect`) written in the case
    /// but not read: each has its diagnostic, and the case is not also
    /// told that it lacks one.
    pub unreadable: Vec<&'static str>,
}

impl Case {
    /// The lead: `base` (the referenced or inline lead) with the case's changes.
    pub fn apply_changes(&self, base: &Value) -> Value {
        let mut lead = base.clone();
        if let Value::Object(map) = &mut lead {
            for (change, _) in &self.changes {
                match change {
                    Change::Set(field, Some(v)) => {
                        map.insert(field.clone(), v.clone());
                    }
                    Change::Set(field, None) => {
                        map.remove(field);
                    }
                    Change::Add(field, v) => {
                        let list = map
                            .entry(field.clone())
                            .or_insert_with(|| Value::Array(Vec::new()));
                        if let Value::Array(items) = list {
                            items.push(v.clone());
                        } else {
                            *list = Value::Array(vec![v.clone()]);
                        }
                    }
                }
            }
        }
        lead
    }
}

impl TestFile {
    /// The names cases use that the tested policy does not have, each a
    /// diagnostic at its line with the closest name: a field changed by
    /// `with` or a list added to by `add` (the lead would be left as it was
    /// and the case would test nothing), an SLA or an exclusion an
    /// expectation names (the case could never pass).
    pub fn unknown_names(&self, policy: &CompiledPolicy) -> Vec<Diagnostic> {
        let schema = policy.schema();
        let fields: Vec<&str> = (schema.fields.iter().map(|f| f.name.as_str()))
            .chain(schema.streams.iter().map(|s| s.name.as_str()))
            .collect();
        let slas: Vec<&str> = policy.sla_names().collect();
        let exclusions: Vec<&str> = policy.exclusion_names().collect();
        let mut out = Vec::new();
        let mut unknown = |name: &str, known: &[&str], kind: &str, span: Span, message: String| {
            if known.contains(&name) {
                return;
            }
            let closest = accord_syntax::suggest::closest(name, known.iter().copied());
            let help = match closest {
                Some(c) => format!("did you mean `{c}`?"),
                None if known.is_empty() => format!("the policy defines no {kind}"),
                None => format!("the policy's {kind}s: {}", known.join(", ")),
            };
            let d = Diagnostic::error("accord::test::unknown-name", span, message)
                .with_label("not in the policy")
                .with_help(help);
            out.push(match closest {
                Some(c) => d.with_replacement(c),
                None => d,
            });
        };
        for case in &self.cases {
            for (change, span) in &case.changes {
                let (Change::Set(field, _) | Change::Add(field, _)) = change;
                let message = format!("the policy's leads have no field `{field}`");
                unknown(field, &fields, "field", *span, message);
            }
            for (expectation, span) in &case.expectations {
                match expectation {
                    Expectation::Sla(name, _) => {
                        let message = format!("the policy has no SLA `{name}`");
                        unknown(name, &slas, "SLA", *span, message);
                    }
                    Expectation::Excluded(Some(name)) => {
                        let message = format!("the policy has no exclusion `{name}`");
                        unknown(name, &exclusions, "exclusion", *span, message);
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

/// Reads a test file. Never fails: returns what it could read and a
/// diagnostic (with span and help) for each line it could not.
pub fn parse(file: FileId, text: &str) -> (TestFile, Vec<Diagnostic>) {
    let mut p = Reader {
        diagnostics: Vec::new(),
    };
    let mut out = TestFile {
        policy: String::new(),
        policy_span: Span::new(file, 0, 0),
        leads: None,
        as_of: None,
        unreadable: Vec::new(),
        cases: Vec::new(),
    };
    let mut saw_policy = false;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = strip_comment(raw.trim_end_matches(['\n', '\r']));
        let body = line.trim();
        if body.is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let at = start + indent;
        let span = Span::new(file, at, at + body.len());
        if indent == 0 {
            p.top_line(body, span, &mut out, &mut saw_policy);
        } else if let Some(case) = out.cases.last_mut() {
            p.case_line(body, span, case);
        } else {
            p.error(
                "accord::test::stray-line",
                span,
                "this indented line belongs to no case",
                "start a case first with a line like `case \"an MQL\":` at the start of the line",
            );
        }
    }
    if !saw_policy {
        p.error(
            "accord::test::no-policy",
            Span::new(file, 0, text.find('\n').unwrap_or(text.len()).min(text.len())),
            "this test file does not say which policy it tests",
            "add a line `policy \"my-agreement.accord\"` at the top (the path is relative to this file)",
        );
    }
    for case in &out.cases {
        if case.lead.is_none() && !case.unreadable.contains(&"lead") {
            p.error(
                "accord::test::no-lead",
                case.span,
                "this case has no lead",
                "add `lead \"ID\"` (a lead of the `leads` file) or `lead {…}` (the lead as JSON) under it",
            );
        } else if case.expectations.is_empty() && !case.unreadable.contains(&"expect") {
            p.error(
                "accord::test::no-expectation",
                case.span,
                "this case expects nothing, so it can never fail",
                "add what the agreement must decide, e.g. `expect mql yes` or `expect tier 1`",
            );
        }
        if matches!(case.lead, Some((LeadSource::ById(_), _)))
            && out.leads.is_none()
            && !out.unreadable.contains(&"leads")
        {
            p.error(
                "accord::test::no-leads-file",
                case.lead.as_ref().map_or(case.span, |l| l.1),
                "this case names a lead by id, but the file names no leads file",
                "add a line `leads \"path/to/leads.ndjson\"` at the top, or write the lead inline: `lead {…}`",
            );
        }
    }
    (out, p.diagnostics)
}

struct Reader {
    diagnostics: Vec<Diagnostic>,
}

impl Reader {
    fn error(&mut self, code: &str, span: Span, message: &str, help: &str) {
        self.diagnostics.push(
            Diagnostic::error(code, span, message)
                .with_label("here")
                .with_help(help),
        );
    }

    fn top_line(&mut self, body: &str, span: Span, out: &mut TestFile, saw_policy: &mut bool) {
        if let Some(rest) = body.strip_prefix("policy ") {
            *saw_policy = true;
            if let Some(path) = self.quoted(rest, span, "policy \"my-agreement.accord\"") {
                out.policy = path;
                out.policy_span = span;
            }
        } else if let Some(rest) = body.strip_prefix("leads ") {
            match self.quoted(rest, span, "leads \"leads.ndjson\"") {
                Some(path) => out.leads = Some((path, span)),
                None => out.unreadable.push("leads"),
            }
        } else if let Some(rest) = body.strip_prefix("as of ") {
            out.as_of = self.instant(rest, span);
            if out.as_of.is_none() {
                out.unreadable.push("as of");
            }
        } else if let Some(rest) = body.strip_prefix("case ") {
            let rest = rest.trim();
            let name = match rest.strip_suffix(':') {
                Some(name) => name,
                None => {
                    self.error(
                        "accord::test::missing-colon",
                        span,
                        "a case's name is followed by `:`",
                        "write it like `case \"a student is never an MQL\":`",
                    );
                    rest
                }
            };
            // The case is kept either way, so its lines are read as its own.
            let name = self
                .quoted(name, span, "case \"an MQL\":")
                .unwrap_or_else(|| name.to_string());
            out.cases.push(Case {
                name,
                span,
                lead: None,
                changes: Vec::new(),
                as_of: None,
                expectations: Vec::new(),
                unreadable: Vec::new(),
            });
        } else {
            self.error(
                "accord::test::unknown-line",
                span,
                "this line is not part of a test file",
                "at the start of a line come `policy \"…\"`, `leads \"…\"`, `as of …` and `case \"…\":`; a case's lines are indented below it",
            );
        }
    }

    fn case_line(&mut self, body: &str, span: Span, case: &mut Case) {
        if let Some(rest) = body.strip_prefix("lead ") {
            let rest = rest.trim();
            let source = if rest.starts_with('{') {
                match serde_json::from_str::<Value>(rest) {
                    Ok(v @ Value::Object(_)) => Some(LeadSource::Inline(v)),
                    Ok(_) | Err(_) => {
                        self.error(
                            "accord::test::bad-json",
                            span,
                            "this lead is not a JSON object",
                            "write the lead as one JSON object on this line, e.g. `lead {\"lead_id\": \"T1\", \"employees\": 120}`",
                        );
                        None
                    }
                }
            } else {
                self.quoted(rest, span, "lead \"E01\"")
                    .map(LeadSource::ById)
            };
            if source.is_none() {
                case.unreadable.push("lead");
            }
            if let Some(source) = source {
                if case.lead.is_some() {
                    self.error(
                        "accord::test::two-leads",
                        span,
                        "this case already has a lead",
                        "a case tests one lead; change fields of it with `with FIELD VALUE`, or start another case",
                    );
                } else {
                    case.lead = Some((source, span));
                }
            }
        } else if let Some(rest) = body.strip_prefix("with ") {
            let (field, value) = split_word(rest);
            let field_span = word_span(span, body, field);
            let value = match value.trim() {
                "yes" => Some(Some(Value::Bool(true))),
                "no" => Some(Some(Value::Bool(false))),
                "missing" => Some(None),
                v => serde_json::from_str::<Value>(v).ok().map(Some),
            };
            match value {
                Some(v) if !field.is_empty() => {
                    case.changes.push((Change::Set(field.to_string(), v), field_span))
                }
                _ => self.error(
                    "accord::test::bad-change",
                    span,
                    "this change does not say a field and a value",
                    "write `with FIELD VALUE`, where VALUE is text in quotes, a number, yes, no, missing, or JSON: `with status \"customer\"`, `with employees 12`",
                ),
            }
        } else if let Some(rest) = body.strip_prefix("add ") {
            let (field, value) = split_word(rest);
            let field_span = word_span(span, body, field);
            match serde_json::from_str::<Value>(value.trim()) {
                Ok(v) if !field.is_empty() => {
                    case.changes.push((Change::Add(field.to_string(), v), field_span))
                }
                _ => self.error(
                    "accord::test::bad-change",
                    span,
                    "this line does not say a list and an event to add to it",
                    "write `add FIELD {JSON}`, e.g. `add activities {\"kind\": \"demo_request\", \"at\": \"2026-11-19T10:00:00Z\"}`",
                ),
            }
        } else if let Some(rest) = body.strip_prefix("as of ") {
            case.as_of = self.instant(rest, span);
            if case.as_of.is_none() {
                case.unreadable.push("as of");
            }
        } else if let Some(rest) = body.strip_prefix("expect ") {
            let text = rest.trim();
            match Expectation::parse(text) {
                Ok(e) => {
                    let name = match &e {
                        Expectation::Sla(name, _) | Expectation::Excluded(Some(name)) => {
                            Some(name.as_str())
                        }
                        _ => None,
                    };
                    let at = name.map_or(span, |n| word_span(span, body, n));
                    case.expectations.push((e, at))
                }
                Err(unread) => {
                    case.unreadable.push("expect");
                    // Where `text` starts in the line.
                    let at = span.start as usize + body.len() - rest.trim_start().len();
                    let d = match unread.fix {
                        Some((range, meant)) => Diagnostic::error(
                            "accord::test::unknown-expectation",
                            Span::new(span.file, at + range.start, at + range.end),
                            format!("`{}` is written `{meant}` in a test", &text[range]),
                        )
                        .with_label(format!("write `{meant}`"))
                        .with_replacement(meant),
                        None => Diagnostic::error(
                            "accord::test::unknown-expectation",
                            span,
                            "this expectation is not one accord test knows",
                        )
                        .with_label("here"),
                    };
                    self.diagnostics.push(d.with_help(unread.help));
                }
            }
        } else {
            self.error(
                "accord::test::unknown-line",
                span,
                "this line is not part of a case",
                "a case's lines are `lead …`, `with FIELD VALUE`, `add FIELD {…}`, `as of …` and `expect …`",
            );
        }
    }

    /// The text between double quotes that makes up all of `rest`.
    fn quoted(&mut self, rest: &str, span: Span, example: &str) -> Option<String> {
        let rest = rest.trim();
        let inner = rest.strip_prefix('"').and_then(|r| r.strip_suffix('"'));
        match inner.filter(|i| !i.contains('"')) {
            Some(i) => Some(i.to_string()),
            None => {
                self.error(
                    "accord::test::missing-quotes",
                    span,
                    "this name or path must be in double quotes",
                    &format!("write it like `{example}`"),
                );
                None
            }
        }
    }

    fn instant(&mut self, rest: &str, span: Span) -> Option<DateTime<Utc>> {
        match DateTime::parse_from_rfc3339(rest.trim()) {
            Ok(t) => Some(t.with_timezone(&Utc)),
            Err(_) => {
                self.error(
                    "accord::test::bad-instant",
                    span,
                    "this is not an instant accord test can read",
                    "write a date, time and offset: `as of 2026-11-20T15:00:00Z` (or `…T09:00:00-06:00`)",
                );
                None
            }
        }
    }
}

/// The first word of `s` and the rest.
/// The span of `word` where it first stands as a whole word in `body`
/// (the line at `line`) after the line's first word; the line's span when
/// it does not.
fn word_span(line: Span, body: &str, word: &str) -> Span {
    let first_end = body.find(char::is_whitespace).unwrap_or(body.len());
    let whole = |at: usize| {
        let before = body[..at].chars().next_back();
        let after = body[at + word.len()..].chars().next();
        before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace)
    };
    let found = (!word.is_empty())
        .then(|| body.match_indices(word).map(|(at, _)| at))
        .into_iter()
        .flatten()
        .find(|&at| at >= first_end && whole(at));
    match found {
        Some(at) => {
            let start = line.start as usize + at;
            Span::new(line.file, start, start + word.len())
        }
        None => line,
    }
}

fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    (&s[..end], &s[end..])
}
