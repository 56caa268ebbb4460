//! `policies/AUDIT.md` — every concrete value and commitment of the five
//! seeds, the policy line that encodes it and its status — stays true: each
//! cited `file:line` exists and contains the value quoted beside it; every
//! status is one of the four the table explains; a drafters' choice carries
//! its `# NOTE:` in the comment or definition the cited line belongs to;
//! and every seed (000 to 004) has rows.

use std::path::Path;

const STATUSES: &[&str] = &[
    "encoded as stated",
    "drafters' choice, flagged",
    "not expressible",
    "differs",
];

fn policies() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies")
}

/// The text between the first pair of backticks of a table cell.
fn quoted(cell: &str) -> Option<String> {
    let start = cell.find('`')? + 1;
    let end = start + cell.get(start..)?.find('`')?;
    Some(cell.get(start..end)?.replace("\\|", "|"))
}

#[test]
fn every_cited_line_holds_its_value() {
    let table = std::fs::read_to_string(policies().join("AUDIT.md")).expect("policies/AUDIT.md");
    let mut rows = 0;
    let mut seeds = std::collections::BTreeSet::new();
    let mut problems = Vec::new();
    for (i, line) in table.lines().enumerate() {
        if !line.starts_with("| 00") {
            continue;
        }
        rows += 1;
        // Split on `|` outside backticks-escaped `\|`.
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let [seed, _seed_line, _what, cited, value, status] = cells[..] else {
            problems.push(format!("AUDIT.md:{}: not six cells: {line}", i + 1));
            continue;
        };
        seeds.insert(seed.to_string());
        if !STATUSES.iter().any(|s| status.starts_with(s)) {
            problems.push(format!("AUDIT.md:{}: unknown status {status:?}", i + 1));
        }
        let (Some(cited), Some(value)) = (quoted(cited), quoted(value)) else {
            problems.push(format!("AUDIT.md:{}: no `file:line` or `value`", i + 1));
            continue;
        };
        let Some((file, n)) = cited.rsplit_once(':') else {
            problems.push(format!("AUDIT.md:{}: {cited} is not file:line", i + 1));
            continue;
        };
        let n: usize = n.parse().expect("line number");
        let text = std::fs::read_to_string(policies().join(file))
            .unwrap_or_else(|e| panic!("AUDIT.md:{}: {file}: {e}", i + 1));
        let lines: Vec<&str> = text.lines().collect();
        match lines.get(n.wrapping_sub(1)) {
            Some(l) if l.contains(&value) => {}
            Some(l) => problems.push(format!(
                "AUDIT.md:{}: {file}:{n} is {l:?}, which does not contain {value:?}",
                i + 1
            )),
            None => problems.push(format!("AUDIT.md:{}: {file} has no line {n}", i + 1)),
        }
        if status.starts_with("drafters' choice") {
            // The paragraph (comment + definition, up to a blank line)
            // holding the cited line says NOTE.
            let mut start = n - 1;
            while start > 0 && !lines[start - 1].trim().is_empty() {
                start -= 1;
            }
            if !lines[start..n].iter().any(|l| l.contains("NOTE")) {
                problems.push(format!(
                    "AUDIT.md:{}: {file}:{n} is a drafters' choice without a `# NOTE:`",
                    i + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(rows >= 100, "only {rows} rows");
    let all: Vec<String> = ["000", "001", "002", "003", "004"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(seeds.into_iter().collect::<Vec<_>>(), all);
}
