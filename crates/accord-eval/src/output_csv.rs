//! Rows as CSV, for a spreadsheet or a CRM import (`accord eval --format
//! csv`): the row contract of `output` in flat columns, one line per input
//! record — a lead's decision, or a record's errors with its decision
//! columns empty.
//!
//! The columns are fixed by the policy, so every line of a run has them
//! all: `record`, `id`, `mql`, `mql_definition`, `sal`, `sql`,
//! `exclusions` (the names of those that hold the lead out, `; `
//! between them), `route`, `tier`; for each SLA in policy order its
//! `…_state`, `…_due`, `…_stopped_at` and `…_late_by_seconds`; the
//! persistence, recycling and handoff answers when the policy has them;
//! then `errors` (each record error's message, ` | ` between them),
//! `as_of` and `policy_hash`. Yes/no answers are `true`/`false` (as in the
//! JSON rows, and as the lead readers take them back); an answer the row
//! does not have is an empty cell. Each column is its name and how a
//! row's cell is read, so header and cells cannot disagree.

use crate::output::{rfc3339, Row, SlaRow};
use crate::plan::CompiledPolicy;

/// How one column's cell is read off a row.
type Cell = fn(&Row) -> String;

/// One column of the CSV rows.
#[derive(Clone, Debug)]
enum Column {
    /// A column every policy's rows with that part have: its name and cell.
    Fixed(&'static str, Cell),
    /// One part of the SLA named.
    Sla(String, SlaPart),
}

/// What one SLA column of a row holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SlaPart {
    State,
    Due,
    StoppedAt,
    LateBySeconds,
}

const SLA_PARTS: [(SlaPart, &str); 4] = [
    (SlaPart::State, "state"),
    (SlaPart::Due, "due"),
    (SlaPart::StoppedAt, "stopped_at"),
    (SlaPart::LateBySeconds, "late_by_seconds"),
];

/// The columns every row has first.
const LEADING: [(&str, Cell); 9] = [
    ("record", |r| r.record.to_string()),
    ("id", |r| text(r.id.as_deref())),
    ("mql", |r| yes_no(r.mql)),
    ("mql_definition", |r| yes_no(r.mql_definition)),
    ("sal", |r| yes_no(r.sal)),
    ("sql", |r| yes_no(r.sql)),
    ("exclusions", |r| {
        joined(exclusions(r).iter().map(|e| &*e.name), "; ")
    }),
    ("route", |r| {
        text(exclusions(r).iter().find_map(|e| e.route.as_deref()))
    }),
    ("tier", |r| {
        r.tier.map(|t| t.to_string()).unwrap_or_default()
    }),
];

/// A policy with persistence rules: its rows' answer.
const PERSISTENCE: [(&str, Cell); 3] = [
    ("persistence_applies", |r| {
        yes_no(r.persistence.as_ref().map(|p| p.applies))
    }),
    ("persistence_compliant", |r| {
        yes_no(r.persistence.as_ref().map(|p| p.compliant))
    }),
    ("persistence_missing", |r| {
        let missing = r.persistence.as_ref().map(|p| p.missing.as_slice());
        joined(missing.unwrap_or_default().iter().map(String::as_str), "; ")
    }),
];

/// A policy with recycling: its rows' answer.
const RECYCLING: [(&str, Cell); 4] = [
    ("recycling_reason", |r| {
        text(r.recycling.as_ref().map(|c| &*c.reason))
    }),
    ("recycling_may_reenter", |r| {
        yes_no(r.recycling.as_ref().map(|c| c.may_reenter))
    }),
    ("recycling_earliest_reentry", |r| {
        text(
            r.recycling
                .as_ref()
                .and_then(|c| c.earliest_reentry.as_deref()),
        )
    }),
    ("recycling_human_review_due", |r| {
        yes_no(r.recycling.as_ref().map(|c| c.human_review_due))
    }),
];

/// A policy with a handoff: its rows' answer.
const HANDOFF: [(&str, Cell); 3] = [
    ("handoff_applies", |r| {
        yes_no(r.handoff.as_ref().map(|h| h.applies))
    }),
    ("handoff_complete", |r| {
        yes_no(r.handoff.as_ref().map(|h| h.complete))
    }),
    ("handoff_missing", |r| {
        let missing = r.handoff.as_ref().map(|h| h.missing.as_slice());
        joined(missing.unwrap_or_default().iter().map(|m| &**m), "; ")
    }),
];

/// The columns every row has last.
const TRAILING: [(&str, Cell); 3] = [
    ("errors", |r| {
        joined(r.errors.iter().map(|e| e.message.as_str()), " | ")
    }),
    ("as_of", |r| rfc3339(r.as_of)),
    ("policy_hash", |r| r.policy.hash.to_string()),
];

/// The rows of one policy as CSV: its columns, worked out once.
#[derive(Clone, Debug)]
pub struct CsvRows {
    columns: Vec<Column>,
}

impl CsvRows {
    /// The columns of `policy`'s rows.
    pub fn new(policy: &CompiledPolicy) -> CsvRows {
        let fixed = |group: &[(&'static str, Cell)]| {
            group
                .iter()
                .map(|&(name, cell)| Column::Fixed(name, cell))
                .collect::<Vec<_>>()
        };
        let mut columns = fixed(&LEADING);
        for sla in policy.slas.iter() {
            let parts = SLA_PARTS
                .iter()
                .map(|&(part, _)| Column::Sla(sla.name.to_string(), part));
            columns.extend(parts);
        }
        let parts: [(bool, &[(&'static str, Cell)]); 3] = [
            (policy.persistence.is_some(), &PERSISTENCE),
            (policy.recycling.is_some(), &RECYCLING),
            (policy.handoff.is_some(), &HANDOFF),
        ];
        for (has, group) in parts {
            if has {
                columns.extend(fixed(group));
            }
        }
        columns.extend(fixed(&TRAILING));
        CsvRows { columns }
    }

    /// The header: each column's name.
    pub fn header(&self) -> Vec<String> {
        let name = |c: &Column| match c {
            Column::Fixed(name, _) => (*name).to_string(),
            Column::Sla(sla, part) => {
                let words = SLA_PARTS
                    .iter()
                    .find(|(p, _)| p == part)
                    .map_or("", |(_, w)| w);
                format!("{sla}_{words}")
            }
        };
        self.columns.iter().map(name).collect()
    }

    /// `row`'s cells, one per column of [`CsvRows::header`].
    pub fn cells(&self, row: &Row) -> Vec<String> {
        let cell = |c: &Column| match c {
            Column::Fixed(_, cell) => cell(row),
            Column::Sla(name, part) => {
                let sla = row.slas.as_ref().and_then(|s| s.get(name));
                sla.map(|s| sla_cell(s, *part)).unwrap_or_default()
            }
        };
        self.columns.iter().map(cell).collect()
    }

    /// Writes the header, then one line per row, to `out` (cells quoted
    /// where they must be). A write error is the I/O error it is (a
    /// closed pipe stays one, for the CLI to stop quietly).
    pub fn write<R: std::borrow::Borrow<Row>>(
        &self,
        out: impl std::io::Write,
        rows: impl IntoIterator<Item = R>,
    ) -> std::io::Result<()> {
        let io = |e: csv::Error| match e.into_kind() {
            csv::ErrorKind::Io(e) => e,
            other => std::io::Error::other(format!("{other:?}")),
        };
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(self.header()).map_err(io)?;
        for row in rows {
            csv.write_record(self.cells(row.borrow())).map_err(io)?;
        }
        csv.flush()
    }
}

/// One SLA column's cell.
fn sla_cell(sla: &SlaRow, part: SlaPart) -> String {
    match part {
        SlaPart::State => sla.state.word().to_string(),
        SlaPart::Due => text(sla.due.as_deref()),
        SlaPart::StoppedAt => text(sla.stopped_at.as_deref()),
        SlaPart::LateBySeconds => sla
            .late_by_seconds
            .map(|s| s.to_string())
            .unwrap_or_default(),
    }
}

/// A yes/no answer's cell: `true`, `false`, or empty.
fn yes_no(b: Option<bool>) -> String {
    b.map(|b| b.to_string()).unwrap_or_default()
}

/// A text answer's cell (empty when there is none).
fn text(t: Option<&str>) -> String {
    t.unwrap_or_default().to_string()
}

/// Several texts in one cell, `between` them.
fn joined<'a>(items: impl Iterator<Item = &'a str>, between: &str) -> String {
    items.collect::<Vec<_>>().join(between)
}

/// The exclusions that hold a row's lead out (none for an error row).
fn exclusions(row: &Row) -> &[crate::outcome::ExclusionHit] {
    row.exclusions.as_deref().unwrap_or_default()
}
