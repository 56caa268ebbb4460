//! Completion: what may be written where the cursor is, read from the text
//! before it on its line (the line may be half-typed, so the parse of its
//! definition cannot be relied on) and from the policy set's symbol table
//! (which the other definitions still fill).
//!
//! | where | offered |
//! |---|---|
//! | after `#` (a comment) | nothing |
//! | a line at column 0 | definition keywords |
//! | inside `"…"` after an event stream word (`activity "`, `by "`) | the stream's kinds |
//! | inside `"…"` after a choice field and `is` / `one of` | the field's choices |
//! | after `is in`, `is not in` | lists |
//! | after `counted in` | calendars |
//! | after `for` in `cooling off` | reason codes |
//! | after `where` in an event pattern | the events' fields, then lead fields |
//! | after `tier 2` | `when`, `otherwise` (tiers); `within`, `is due by` (SLAs) |
//! | after a name and `is` | comparison words, the field's choices, SLA states |
//! | a body line of a `breach`/`drift` | metrics |
//! | the start of a line in a block whose lines start with their own words (`sla`, `tiers`, `calendar`…) | those words |
//! | elsewhere in a body (conditions) | lead fields (with their type), definitions, condition words |

use accord_check::db::DefKind;
use accord_check::resolve::{symbols, Symbols};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Position, Range, TextEdit,
};

use crate::state::{Document, State};

/// Keywords that start a definition, with what each declares.
const DEFINITIONS: &[(&str, &str)] = &[
    ("agreement", "the agreement's name, version and dates"),
    ("import", "another policy file"),
    ("lead fields", "the lead record's fields"),
    ("calendar", "business hours"),
    ("list", "a named list of values"),
    ("fit", "conditions a lead must all meet"),
    ("score", "points per rule"),
    ("trigger", "behaviour that qualifies a lead"),
    ("exclusion", "leads that never qualify"),
    ("mql", "the Marketing Qualified Lead stage"),
    ("sal", "the Sales Accepted Lead stage"),
    ("sql", "the Sales Qualified Lead stage"),
    ("tiers", "lead tiers"),
    ("sla", "a time limit between two instants"),
    ("persistence", "contact attempts before unresponsive"),
    ("rejection reasons", "reason codes and dispositions"),
    ("recycling", "re-entry of rejected leads"),
    ("handoff", "fields required at handoff"),
    ("metric", "a number per period over many leads"),
    ("breach", "a metric off target for consecutive periods"),
    ("drift", "a metric that moves between versions"),
];

/// Words that start a body line, per block (the parser's table of the
/// lines each kind of block takes).
fn line_keywords(block: &str) -> Vec<&'static str> {
    accord_syntax::line_starts(block)
}

/// Words that may start or continue a condition.
const CONDITION_WORDS: &[&str] = &[
    "not",
    "and",
    "or",
    "all of",
    "any of",
    "there is an",
    "no",
    "at least",
    "at most",
    "exactly",
    "no exclusion applies",
    "the domain of",
];

/// What may follow `NAME is`.
const TEST_WORDS: &[&str] = &[
    "at least",
    "at most",
    "more than",
    "less than",
    "between",
    "one of",
    "not one of",
    "in",
    "not in",
    "present",
    "missing",
    "within the last",
    "before",
    "after",
    "not",
];

pub fn completions(state: &State, path: &str, position: Position) -> Vec<CompletionItem> {
    let (Some(doc), Some(id)) = (state.docs.get(path), state.policy(path)) else {
        return Vec::new();
    };
    let syms = symbols(state.ws.db(), id.entry());
    let offset = doc.index.offset(&doc.text, position);
    let line_start = doc
        .text
        .get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line = doc.text.get(line_start..offset).unwrap_or("");
    // In a comment anything may be written.
    if accord_syntax::strip_comment(line).len() < line.len() {
        return Vec::new();
    }
    let mut c = Completer {
        doc,
        offset,
        items: Vec::new(),
    };

    // Inside text in quotes.
    if line.matches('"').count() % 2 == 1 {
        let open = line.rfind('"').unwrap_or(0);
        let before = line.get(..open).unwrap_or("");
        let typed = line.get(open + 1..).unwrap_or("");
        c.quoted(syms, before, typed);
        return c.items;
    }

    let typed_len = line
        .chars()
        .rev()
        .take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '_')
        .map(char::len_utf8)
        .sum::<usize>();
    let typed = line.get(line.len() - typed_len..).unwrap_or("");
    let before = line.get(..line.len() - typed_len).unwrap_or("");
    let words: Vec<&str> = before.split_whitespace().collect();
    let last = |n: usize| {
        words
            .get(words.len().wrapping_sub(n))
            .copied()
            .unwrap_or("")
    };
    let block = enclosing_block(&doc.text, line_start);

    if !line.starts_with(' ') && words.is_empty() {
        for (kw, what) in DEFINITIONS {
            c.push(kw, CompletionItemKind::KEYWORD, what, typed);
        }
    } else if last(1) == "in" && (last(2) == "is" || last(3) == "is") {
        c.defs(syms, &[DefKind::List], typed);
    } else if last(1) == "in" && last(2) == "counted" {
        c.defs(syms, &[DefKind::Calendar], typed);
    } else if last(1) == "for" && block == "recycling" {
        for code in syms.reasons.keys() {
            c.push(
                code,
                CompletionItemKind::ENUM_MEMBER,
                "rejection reason",
                typed,
            );
        }
    } else if last(2) == "tier" && last(1).parse::<u32>().is_ok() {
        let next: &[&str] = match block.as_str() {
            "tiers" => &["when", "otherwise"],
            _ => &["within", "is due by"],
        };
        for kw in next {
            c.push(kw, CompletionItemKind::KEYWORD, "", typed);
        }
    } else if last(1) == "is" && !words.is_empty() {
        c.after_is(syms, last(2), typed);
    } else if let Some(stream) = filter_stream(syms, &words) {
        if let Some(s) = syms.stream(&stream) {
            for (name, ty) in s.fields.iter() {
                let detail = format!("field of {} — {}", s.name, ty.describe());
                c.push_sorted(name, CompletionItemKind::FIELD, &detail, typed, "0");
            }
            c.push_sorted(
                &s.kind_field,
                CompletionItemKind::FIELD,
                "the event's kind",
                typed,
                "0",
            );
            c.push_sorted(
                "at",
                CompletionItemKind::FIELD,
                "when the event happened",
                typed,
                "0",
            );
        }
        c.fields(syms, typed, "1");
    } else if matches!(block.as_str(), "breach" | "drift") && words.is_empty() {
        c.defs(syms, &[DefKind::Metric], typed);
    } else if words.is_empty()
        && !matches!(block.as_str(), "trigger" | "score")
        && !line_keywords(&block).is_empty()
    {
        // A block whose lines each start with a word of their own.
        for kw in line_keywords(&block) {
            c.push(kw, CompletionItemKind::KEYWORD, "", typed);
        }
    } else {
        if words.is_empty() {
            for kw in line_keywords(&block) {
                c.push(kw, CompletionItemKind::KEYWORD, "", typed);
            }
        }
        c.fields(syms, typed, "1");
        c.defs(
            syms,
            &[
                DefKind::Fit,
                DefKind::Trigger,
                DefKind::Exclusion,
                DefKind::Stage,
                DefKind::Score,
                DefKind::Sla,
            ],
            typed,
        );
        for w in CONDITION_WORDS {
            c.push_sorted(w, CompletionItemKind::KEYWORD, "", typed, "3");
        }
    }
    c.items
}

/// The keyword of the definition the line at `line_start` belongs to (the
/// nearest line above that starts at column 0 with a word).
fn enclosing_block(text: &str, line_start: usize) -> String {
    let above = text.get(..line_start).unwrap_or("");
    above
        .lines()
        .rev()
        .find(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .map(|l| {
            l.chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect::<String>()
        })
        .unwrap_or_default()
}

/// The stream whose `where` filter the cursor is in, if any: the stream
/// word closest before the last `where` on the line.
fn filter_stream(syms: &Symbols, words: &[&str]) -> Option<String> {
    let at = words.iter().rposition(|w| *w == "where")?;
    words.get(..at)?.iter().rev().find_map(|w| {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_');
        syms.stream(w).map(|s| s.name.clone())
    })
}

struct Completer<'d> {
    doc: &'d Document,
    offset: usize,
    items: Vec<CompletionItem>,
}

impl Completer<'_> {
    /// Replaces what was typed of the word (so `-` or `_` in a name is no
    /// word boundary for the editor).
    fn edit(&self, typed: &str, text: &str) -> CompletionTextEdit {
        let range: Range =
            self.doc
                .index
                .range(&self.doc.text, self.offset - typed.len(), self.offset);
        CompletionTextEdit::Edit(TextEdit {
            range,
            new_text: text.to_string(),
        })
    }

    fn push(&mut self, label: &str, kind: CompletionItemKind, detail: &str, typed: &str) {
        self.push_sorted(label, kind, detail, typed, "2");
    }

    fn push_sorted(
        &mut self,
        label: &str,
        kind: CompletionItemKind,
        detail: &str,
        typed: &str,
        group: &str,
    ) {
        if self.items.iter().any(|i| i.label == label) {
            return;
        }
        self.items.push(CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail: (!detail.is_empty()).then(|| detail.to_string()),
            sort_text: Some(format!("{group}{label}")),
            filter_text: Some(label.to_string()),
            text_edit: Some(self.edit(typed, label)),
            ..Default::default()
        });
    }

    fn fields(&mut self, syms: &Symbols, typed: &str, group: &str) {
        for (name, decls) in &syms.fields {
            let Some(f) = decls.first() else { continue };
            if matches!(f.ty, accord_records::FieldType::Events(_)) {
                continue;
            }
            let optional = if f.optional { " (optional)" } else { "" };
            let detail = format!("lead field — {}{optional}", f.ty.describe());
            self.push_sorted(name, CompletionItemKind::FIELD, &detail, typed, group);
        }
    }

    fn defs(&mut self, syms: &Symbols, kinds: &[DefKind], typed: &str) {
        for (name, decls) in &syms.defs {
            let Some(s) = decls.first().filter(|s| kinds.contains(&s.kind)) else {
                continue;
            };
            let kind = match s.kind {
                DefKind::List => CompletionItemKind::ENUM,
                DefKind::Calendar => CompletionItemKind::MODULE,
                DefKind::Metric | DefKind::Score => CompletionItemKind::VALUE,
                DefKind::Sla => CompletionItemKind::EVENT,
                _ => CompletionItemKind::FUNCTION,
            };
            let what = if s.kind == DefKind::Stage {
                "stage"
            } else {
                s.kind.describe()
            };
            self.push(name, kind, what, typed);
        }
    }

    /// After `NAME is`: the test words, and the values NAME can have.
    fn after_is(&mut self, syms: &Symbols, subject: &str, typed: &str) {
        for w in TEST_WORDS {
            self.push_sorted(w, CompletionItemKind::KEYWORD, "", typed, "2");
        }
        if let Some(f) = syms.field(subject) {
            if let accord_records::FieldType::OneOf(choices) = &f.ty {
                for choice in choices {
                    let quoted = format!("\"{choice}\"");
                    self.push_sorted(
                        &quoted,
                        CompletionItemKind::ENUM_MEMBER,
                        subject,
                        typed,
                        "1",
                    );
                }
            }
            if f.ty == accord_records::FieldType::YesNo {
                for w in ["yes", "no"] {
                    self.push_sorted(w, CompletionItemKind::VALUE, "", typed, "1");
                }
            }
        } else if syms.def_of_kind(subject, &[DefKind::Sla]).is_some() {
            for w in ["met", "breached", "pending"] {
                self.push_sorted(w, CompletionItemKind::VALUE, "SLA state", typed, "1");
            }
        } else if subject == "tier" {
            for n in syms.tier_numbers() {
                self.push_sorted(
                    &n.to_string(),
                    CompletionItemKind::VALUE,
                    "tier",
                    typed,
                    "1",
                );
            }
        }
    }

    /// Inside quotes: event kinds after a stream word, choices after a
    /// choice field.
    fn quoted(&mut self, syms: &Symbols, before: &str, typed: &str) {
        let words: Vec<&str> = before
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        // Walk back over `"…"` values, `one of`, `by`, `is`, `not` to the
        // word that says what the values are.
        let subject = words.iter().rev().find(|w| {
            !w.starts_with('"')
                && !w.ends_with('"')
                && !matches!(**w, "one" | "of" | "by" | "is" | "not" | "or")
        });
        let Some(subject) = subject else { return };
        let replace = |c: &mut Self, value: &str, kind, detail: &str| {
            let label = value.to_string();
            if c.items.iter().any(|i| i.label == label) {
                return;
            }
            c.items.push(CompletionItem {
                label: label.clone(),
                kind: Some(kind),
                detail: Some(detail.to_string()),
                filter_text: Some(label.clone()),
                text_edit: Some(c.edit(typed, &label)),
                ..Default::default()
            });
        };
        if let Some(stream) = syms.stream(subject) {
            let detail = format!("kind of {}", stream.name);
            for k in &stream.kinds {
                replace(self, k, CompletionItemKind::ENUM_MEMBER, &detail);
            }
        } else if let Some(f) = syms.field(subject) {
            if let accord_records::FieldType::OneOf(choices) = &f.ty {
                let detail = format!("choice of {subject}");
                for choice in choices {
                    replace(self, choice, CompletionItemKind::ENUM_MEMBER, &detail);
                }
            }
        }
    }
}
