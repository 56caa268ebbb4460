//! The corrective-plans file a team keeps next to its policy (seed 003
//! §4.2): one row per plan, CSV with a header line:
//!
//! ```text
//! breach,period,plan_date,owner,identified
//! quality_breach,2026-03,2026-04-03,Demand Gen lead,2026-04-02
//! ```
//!
//! `breach` names a breach of the policy, `period` one of its periods as
//! the report labels it (`2026-03`, `2026-W10`, `2026-Q1`, `2026-03-05`; a
//! date names the period it falls in), `plan_date` the day the plan was
//! documented, `owner` who owns it; `identified` (optional) the day the
//! breach was identified (else the plan's date counts). Lines starting with
//! `#` are comments. A bad row is reported with its file and line and left
//! out; every other row still counts.

use crate::period::Period;
use accord_eval::CompiledPolicy;
use chrono::NaiveDate;
use serde::Serialize;

/// One corrective plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub breach: String,
    /// The period's label, as the report writes it.
    pub period: String,
    #[serde(skip)]
    pub start: NaiveDate,
    pub plan_date: NaiveDate,
    pub owner: String,
    pub identified: Option<NaiveDate>,
    /// 1-based line in the file.
    pub line: u64,
}

/// A row (or the file) that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// The plans read, and the rows that could not be.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Plans {
    pub plans: Vec<Plan>,
    pub problems: Vec<Problem>,
}

const COLUMNS: [&str; 4] = ["breach", "period", "plan_date", "owner"];

/// Reads a plans file's text (`file` names it in messages).
pub fn read(policy: &CompiledPolicy, file: &str, text: &str) -> Plans {
    let mut out = Plans::default();
    let problem = |line: u64, message: String| Problem {
        file: file.to_string(),
        line,
        message,
    };
    // The separator is the header's (`;` from a spreadsheet whose decimal
    // mark is a comma), as for the leads CSV; comment lines come first.
    let header_line = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or_default();
    let separator = accord_records::header_separator(header_line.as_bytes(), |name| {
        let name = name.to_lowercase();
        COLUMNS.contains(&name.as_str()) || name == "identified"
    });
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(separator)
        .from_reader(accord_records::LineCounter::new(text.as_bytes()).with_comment(b'#'));
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_lowercase).collect(),
        Err(e) => {
            out.problems
                .push(problem(1, format!("the header cannot be read: {e}")));
            return out;
        }
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let missing: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| col(c).is_none())
        .collect();
    if !missing.is_empty() {
        out.problems.push(problem(
            1,
            format!(
                "the header has no {} column (expected: breach,period,plan_date,owner[,identified])",
                missing.join(", ")
            ),
        ));
        return out;
    }
    let names: Vec<&str> = policy.breaches().iter().map(|b| b.name.as_str()).collect();
    let mut row = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut row) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| reader.get_mut().line_at(p.byte()) as u64);
                out.problems
                    .push(problem(line, format!("the row cannot be read: {e}")));
                continue;
            }
        };
        let line = row
            .position()
            .map_or(0, |p| reader.get_mut().line_at(p.byte()) as u64);
        let get = |name: &str| col(name).and_then(|i| row.get(i)).unwrap_or("");
        let breach = get("breach");
        let Some(spec) = policy.breaches().iter().find(|b| b.name == breach) else {
            let hint = accord_syntax::suggest::did_you_mean(breach, names.iter().copied());
            out.problems.push(problem(
                line,
                format!("the policy has no breach named `{breach}`{hint}"),
            ));
            continue;
        };
        let Some(period) = Period::parse(spec.period, get("period")) else {
            out.problems.push(problem(
                line,
                format!(
                    "`{}` is not a {} (write it as {})",
                    get("period"),
                    spec.period.noun(),
                    example(spec.period)
                ),
            ));
            continue;
        };
        let date = |name: &str| -> Result<Option<NaiveDate>, String> {
            let t = get(name);
            if t.is_empty() {
                return Ok(None);
            }
            NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| format!("{name} `{t}` is not a date (write it as 2026-04-03)"))
        };
        let (plan_date, identified) = match (date("plan_date"), date("identified")) {
            (Ok(Some(p)), Ok(i)) => (p, i),
            (Ok(None), _) => {
                out.problems
                    .push(problem(line, "plan_date is empty".to_string()));
                continue;
            }
            (Err(m), _) | (_, Err(m)) => {
                out.problems.push(problem(line, m));
                continue;
            }
        };
        out.plans.push(Plan {
            breach: breach.to_string(),
            period: period.label(),
            start: period.start,
            plan_date,
            owner: get("owner").to_string(),
            identified,
            line,
        });
    }
    out
}

/// How a period is written, for messages.
fn example(kind: accord_eval::metrics::PeriodKind) -> &'static str {
    use accord_eval::metrics::PeriodKind::*;
    match kind {
        Day => "2026-03-05",
        Week => "2026-W10",
        Month => "2026-03",
        Quarter => "2026-Q1",
        Year => "2026",
    }
}
