//! `accord replay LOG --policies DIR`: every decision of a decision log
//! evaluated again — the same record, as-of and way of deciding, under the
//! policy text stored with the content hash the log names — and compared
//! with the row that was answered. An auditor can so show what the
//! agreement said about a lead on a given day; a stored text that was
//! altered shows up twice: its content hash no longer matches, and the
//! decisions it now gives differ.

use crate::decision_log::{load_stored, Entry};
use crate::records::decide;
use accord::Policy;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

/// What replaying a log found.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// Decisions read from the log.
    pub decisions: usize,
    /// Decisions that came out the same.
    pub same: usize,
    /// Decisions that came out differently, or could not be replayed.
    pub differences: Vec<Difference>,
}

/// One decision that did not come out the same.
#[derive(Debug, Serialize)]
pub struct Difference {
    /// The log line.
    pub line: usize,
    pub request_id: Option<String>,
    pub record: Option<usize>,
    pub lead_id: Option<String>,
    pub hash: Option<String>,
    /// What differs, one sentence each (`mql: logged true, now false`), or
    /// why the decision could not be replayed.
    pub problems: Vec<String>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.differences.is_empty()
    }

    /// For people: one block per difference, then a summary line.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for d in &self.differences {
            let mut at = format!("log line {}", d.line);
            if let Some(r) = &d.request_id {
                at.push_str(&format!(", request {r}"));
            }
            if let Some(n) = d.record {
                at.push_str(&format!(", record {n}"));
            }
            if let Some(id) = &d.lead_id {
                at.push_str(&format!(", lead {id}"));
            }
            out.push_str(&format!("difference: {at}\n"));
            for p in &d.problems {
                out.push_str(&format!("  {p}\n"));
            }
        }
        out.push_str(&format!(
            "replayed {} decision{}: {} the same, {} different\n",
            self.decisions,
            if self.decisions == 1 { "" } else { "s" },
            self.same,
            self.differences.len()
        ));
        out
    }
}

/// Replays every line of the log at `log` against the store at `store`.
/// Only an unreadable log is an error; a line that cannot be replayed is a
/// difference saying why.
pub fn replay(log: &Path, store: &Path) -> Result<Report, String> {
    let file = std::fs::File::open(log).map_err(|e| {
        format!(
            "cannot read {}: {}",
            log.display(),
            accord_syntax::diagnostic::io_words(&e)
        )
    })?;
    let mut report = Report::default();
    // Each stored version is rebuilt once: hash → the policy, or why not.
    let mut policies: HashMap<String, Result<Policy, String>> = HashMap::new();
    // Lines as bytes: a line damaged on disk (not UTF-8) is one difference
    // on its own, not the end of the replay.
    for (i, line) in std::io::BufReader::new(file).split(b'\n').enumerate() {
        let line = line.map_err(|e| format!("cannot read {}: {e}", log.display()))?;
        if line.trim_ascii().is_empty() {
            continue;
        }
        report.decisions += 1;
        let entry: Entry<Value> = match serde_json::from_slice(&line) {
            Ok(e) => e,
            Err(e) => {
                report.differences.push(Difference {
                    line: i + 1,
                    request_id: None,
                    record: None,
                    lead_id: None,
                    hash: None,
                    problems: vec![format!("not a decision log line: {e}")],
                });
                continue;
            }
        };
        let hash = entry.policy.hash.clone();
        let policy = policies
            .entry(hash.clone())
            .or_insert_with(|| load_stored(store, &hash));
        let problems = match policy {
            Err(why) => vec![why.clone()],
            Ok(policy) => compare(policy, &entry),
        };
        if problems.is_empty() {
            report.same += 1;
        } else {
            report.differences.push(Difference {
                line: i + 1,
                request_id: Some(entry.request_id.clone()),
                record: Some(entry.record_number),
                lead_id: entry
                    .row
                    .get("id")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                hash: Some(hash),
                problems,
            });
        }
    }
    Ok(report)
}

/// Decides the entry's record again and lists what differs.
fn compare(policy: &Policy, entry: &Entry<Value>) -> Vec<String> {
    let mut problems = Vec::new();
    let stored_hash = &policy.compiled().meta().hash;
    if **stored_hash != *entry.policy.hash {
        problems.push(format!(
            "the stored policy text was altered: it hashes to {stored_hash}, not {}",
            entry.policy.hash
        ));
    }
    let as_of = match accord::parse_instant(&entry.as_of) {
        Ok(t) => t,
        Err(why) => {
            problems.push(format!("as_of {why}"));
            return problems;
        }
    };
    let row = decide(policy, entry.decided_as(), &entry.input(), as_of);
    let now = serde_json::to_value(&row).unwrap_or(Value::Null);
    differences("", &entry.row, &now, &mut problems);
    problems
}

/// The paths at which two JSON values differ, with both values (at most
/// a few dozen; a whole explanation tree that differs is one line per
/// leaf that does).
fn differences(path: &str, logged: &Value, now: &Value, out: &mut Vec<String>) {
    const MOST: usize = 40;
    if out.len() >= MOST || logged == now {
        return;
    }
    let at = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match (logged, now) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                differences(&at(k), va, b.get(k).unwrap_or(&Value::Null), out);
            }
            for (k, vb) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                differences(&at(k), &Value::Null, vb, out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (va, vb)) in a.iter().zip(b).enumerate() {
                differences(&format!("{path}[{i}]"), va, vb, out);
            }
        }
        _ => out.push(format!(
            "{}: logged {}, now {}",
            if path.is_empty() { "row" } else { path },
            short(logged),
            short(now)
        )),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 120 {
        format!("{}…", s.chars().take(119).collect::<String>())
    } else {
        s
    }
}
