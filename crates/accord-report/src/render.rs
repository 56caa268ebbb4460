//! A report as text (terminal tables), markdown (a weekly email, a wiki)
//! and JSON (engines; schema in `schema/report.schema.json`). The HTML
//! report with charts is [`crate::html`].

use crate::breach::{BreachReport, BreachRun};
use crate::{MetricSeries, PeriodValue, Range, Report};
use accord_eval::metrics::MetricKind;
use std::fmt::Write as _;

/// How many contributing leads text and markdown list per run (JSON lists
/// them all).
pub const LEADS_SHOWN: usize = 10;

/// A value as shown: `12`, `33.3%`, `no leads`.
pub fn show_value(kind: MetricKind, v: Option<f64>) -> String {
    match (kind, v) {
        (_, None) => "no leads".to_string(),
        (MetricKind::Share, Some(x)) => format!("{}%", round1(x)),
        (_, Some(x)) => round1(x),
    }
}

/// At most one decimal, none when whole.
fn round1(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// `7 of 20` (shares), `sum 840 over 12` (averages), empty for counts.
pub fn show_fraction(kind: MetricKind, v: &PeriodValue) -> String {
    match kind {
        MetricKind::Count => String::new(),
        MetricKind::Share => format!("{} of {}", round1(v.numerator), v.denominator),
        MetricKind::Average => format!("over {} leads", v.denominator),
    }
}

/// The metric's definition in words: `the share of MQL leads where sql, by week`.
pub fn definition_words(m: &MetricSeries) -> String {
    let s = &m.spec;
    let period = s.period.noun();
    let per = s
        .per
        .as_ref()
        .map(|p| format!(", per {p}"))
        .unwrap_or_default();
    let what = match s.kind {
        MetricKind::Count => format!("the number of {}", s.population_words()),
        MetricKind::Share => format!(
            "the share of {} where {}",
            s.population_words(),
            s.condition.as_deref().unwrap_or("?")
        ),
        MetricKind::Average => format!(
            "the average {} of {}",
            s.condition.as_deref().unwrap_or("?"),
            s.population_words()
        ),
    };
    format!("{what}, by {period}{per}")
}

/// A run's status in words: `escalated, late` / `plan by Demand Gen on …`.
pub fn run_status(run: &BreachRun) -> String {
    let mut parts = Vec::new();
    if run.escalated {
        parts.push(format!(
            "ESCALATED: {} reached without a corrective plan in place",
            run.escalation_period.as_deref().unwrap_or("?")
        ));
    }
    if run.late {
        let due = run
            .identify_by
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default();
        parts.push(format!("LATE: due to be identified by {due}"));
    }
    match &run.plan {
        Some(p) => parts.push(format!(
            "corrective plan of {} by {} (plans file line {})",
            p.plan_date, p.owner, p.line
        )),
        None => parts.push("no corrective plan recorded".to_string()),
    }
    if run.ongoing {
        parts.push("still running at the end of the report".to_string());
    }
    parts.join("; ")
}

/// The metric's population leads that are in no period, in sentences:
/// those without the instant that places them, and those placed outside
/// the report's dates (`--from`, `--to`). With them the periods add up to
/// the whole population.
pub fn left_out(m: &MetricSeries, range: &Range) -> Vec<String> {
    let who = m.spec.population_words();
    let period = m.spec.period.noun();
    let mut out = Vec::new();
    if m.unplaced > 0 {
        out.push(format!(
            "{} {who} without {} are in no {period}",
            m.unplaced, m.spec.instant
        ));
    }
    if m.out_of_range > 0 {
        let dates = match (range.from, range.to) {
            (Some(f), Some(t)) => format!(" ({f} to {t})"),
            _ => String::new(),
        };
        out.push(format!(
            "{} {who} fall outside the report's dates{dates} and are in no {period}",
            m.out_of_range
        ));
    }
    out
}

/// `accord explain … --lead ID` for a lead (the template's last `{id}`:
/// a path before it may hold the same letters).
pub fn explain_command(template: &str, id: &str) -> String {
    match template.rfind("{id}") {
        Some(at) => {
            let rest = template.get(at + "{id}".len()..).unwrap_or_default();
            let head = template.get(..at).unwrap_or_default();
            format!("{head}{}{rest}", shell_word(id))
        }
        None => template.to_string(),
    }
}

/// `s` as one word of a POSIX shell command: as it is when it holds only
/// letters, digits and `-_.:/+=,@%`, else in single quotes (a quote
/// inside written `'\''`). Paths and ids in a suggested command can hold
/// spaces, quotes, `$`, or a `#` (which would start a comment).
pub fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/+=,@%".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn header(r: &Report) -> (String, String) {
    let m = &r.policy;
    let title = format!(
        "{} {}",
        m.name,
        m.version
            .as_deref()
            .map(|v| format!("v{v}"))
            .unwrap_or_default()
    );
    let range = match (r.range.from, r.range.to) {
        (Some(f), Some(t)) => format!("{f} to {t}"),
        _ => "no dates".to_string(),
    };
    let mut counts = format!(
        "{} records, {} leads, {} unreadable; periods cut in {} ({range})",
        r.records, r.leads, r.unreadable, r.zone
    );
    if r.unreadable == 0 {
        counts = counts.replace(", 0 unreadable", "");
    }
    (title.trim().to_string(), counts)
}

/// Terminal text: a table per metric, then every breach run.
pub fn text(r: &Report, explain_template: &str) -> String {
    let mut o = String::new();
    let (title, counts) = header(r);
    let _ = writeln!(o, "{title}\n{counts}");
    for n in &r.notes {
        let _ = writeln!(o, "note: {n}");
    }
    for p in &r.plan_problems {
        let _ = writeln!(o, "warning: {p}");
    }
    let _ = writeln!(o, "\nMETRICS");
    for m in &r.metrics {
        let _ = writeln!(
            o,
            "\n{} — {}  ({})",
            m.spec.name,
            m.spec.title.as_deref().unwrap_or(""),
            m.spec.location
        );
        let _ = writeln!(o, "  {}", definition_words(m));
        let _ = writeln!(o, "  {}", m.placement);
        for line in left_out(m, &r.range) {
            let _ = writeln!(o, "  {line}");
        }
        text_table(&mut o, m, None, &m.values);
        for k in &m.by_key {
            text_table(&mut o, m, Some(&k.key), &k.values);
        }
    }
    let _ = writeln!(o, "\nBREACHES");
    for b in &r.breaches {
        text_breach(&mut o, b, m_kind(r, b), explain_template);
    }
    o
}

fn m_kind(r: &Report, b: &BreachReport) -> MetricKind {
    r.metrics
        .get(b.spec.metric)
        .map_or(MetricKind::Count, |m| m.spec.kind)
}

fn text_table(o: &mut String, m: &MetricSeries, key: Option<&str>, values: &[PeriodValue]) {
    if let (Some(k), Some(per)) = (key, &m.spec.per) {
        let _ = writeln!(o, "  {per} = {k}:");
    }
    for v in values {
        let partial = v
            .partial
            .as_ref()
            .map(|why| format!("  (partial: {why}; not counted in breaches)"))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "    {:<10} {:>9}  {}{partial}",
            v.period,
            show_value(m.spec.kind, v.value),
            show_fraction(m.spec.kind, v)
        );
    }
}

fn text_breach(o: &mut String, b: &BreachReport, kind: MetricKind, template: &str) {
    let _ = writeln!(
        o,
        "\n{} — {}  ({})",
        b.spec.name,
        b.spec.title.as_deref().unwrap_or(""),
        b.spec.location
    );
    let _ = writeln!(o, "  rule: {}", b.rule);
    if b.runs.is_empty() {
        let _ = writeln!(o, "  not tripped in any period");
    }
    for run in &b.runs {
        let first = run.periods.first().map_or("", |p| p.period.as_str());
        let last = run.periods.last().map_or("", |p| p.period.as_str());
        let key = run
            .key
            .as_ref()
            .map(|k| format!(" for {k}"))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "  TRIPPED{key} in {} (run {first} to {last}, {} periods)",
            run.tripped,
            run.periods.len()
        );
        let _ = writeln!(o, "    {}", run_status(run));
        for p in &run.periods {
            let pv = PeriodValue {
                period: p.period.clone(),
                start: chrono::NaiveDate::MIN,
                numerator: p.numerator,
                denominator: p.denominator,
                value: p.value,
                partial: None,
            };
            let _ = writeln!(
                o,
                "    {:<10} {:>9}  {}",
                p.period,
                show_value(kind, p.value),
                show_fraction(kind, &pv)
            );
        }
        let _ = writeln!(o, "    contributing leads: {}", run.leads.len());
        for l in run.leads.iter().take(LEADS_SHOWN) {
            let _ = writeln!(o, "      {}", explain_command(template, &l.id));
        }
        if run.leads.len() > LEADS_SHOWN {
            let _ = writeln!(
                o,
                "      … and {} more (all of them with --format json)",
                run.leads.len() - LEADS_SHOWN
            );
        }
    }
}

/// Markdown: the same content as tables, for an email or a wiki.
pub fn markdown(r: &Report, explain_template: &str) -> String {
    let mut o = String::new();
    let (title, counts) = header(r);
    let _ = writeln!(o, "# {title}\n\n{counts}\n");
    for n in &r.notes {
        let _ = writeln!(o, "> **Note:** {n}\n");
    }
    for p in &r.plan_problems {
        let _ = writeln!(o, "> **Plans file:** {p}\n");
    }
    let _ = writeln!(o, "## Breaches\n");
    let tripped: Vec<&BreachReport> = r.breaches.iter().filter(|b| !b.runs.is_empty()).collect();
    if tripped.is_empty() {
        let _ = writeln!(o, "No breach tripped.\n");
    }
    let untripped: Vec<String> = r
        .breaches
        .iter()
        .filter(|b| b.runs.is_empty())
        .map(|b| format!("`{}`", b.spec.name))
        .collect();
    for b in tripped {
        let kind = m_kind(r, b);
        let _ = writeln!(
            o,
            "### `{}` — {}\n\n{} (`{}`)\n",
            b.spec.name,
            b.spec.title.as_deref().unwrap_or(""),
            b.rule,
            b.spec.location
        );
        for run in &b.runs {
            let key = run
                .key
                .as_ref()
                .map(|k| format!(" for `{k}`"))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "- **Tripped{key} in {}** — {}",
                run.tripped,
                run_status(run)
            );
            let values: Vec<String> = run
                .periods
                .iter()
                .map(|p| format!("{} {}", p.period, show_value(kind, p.value)))
                .collect();
            let _ = writeln!(o, "  - periods: {}", values.join(", "));
            let shown: Vec<String> = run
                .leads
                .iter()
                .take(LEADS_SHOWN)
                .map(|l| format!("`{}`", l.id))
                .collect();
            let more = if run.leads.len() > LEADS_SHOWN {
                format!(" and {} more", run.leads.len() - LEADS_SHOWN)
            } else {
                String::new()
            };
            let _ = writeln!(
                o,
                "  - {} contributing leads: {}{more}",
                run.leads.len(),
                shown.join(", ")
            );
            if let Some(l) = run.leads.first() {
                let _ = writeln!(
                    o,
                    "  - explain one: `{}`",
                    explain_command(explain_template, &l.id)
                );
            }
        }
        let _ = writeln!(o);
    }
    if !untripped.is_empty() {
        let _ = writeln!(o, "Not tripped: {}.\n", untripped.join(", "));
    }
    let _ = writeln!(o, "## Metrics\n");
    for m in &r.metrics {
        let _ = writeln!(
            o,
            "### `{}` — {}\n\n{}; {} (`{}`)\n",
            m.spec.name,
            m.spec.title.as_deref().unwrap_or(""),
            definition_words(m),
            m.placement,
            m.spec.location
        );
        let mut rows: Vec<(String, &[PeriodValue])> = vec![("all".to_string(), &m.values)];
        rows.extend(
            m.by_key
                .iter()
                .map(|k| (k.key.clone(), k.values.as_slice())),
        );
        for line in left_out(m, &r.range) {
            let _ = writeln!(o, "{line}.\n");
        }
        let periods: Vec<&str> = m.values.iter().map(|v| v.period.as_str()).collect();
        if periods.is_empty() {
            let _ = writeln!(o, "No periods.\n");
            continue;
        }
        let _ = writeln!(o, "| | {} |", periods.join(" | "));
        let _ = writeln!(o, "|---|{}", "---:|".repeat(periods.len()));
        for (label, values) in rows {
            let cells: Vec<String> = values
                .iter()
                .map(|v| {
                    let f = show_fraction(m.spec.kind, v);
                    if f.is_empty() || v.value.is_none() {
                        show_value(m.spec.kind, v.value)
                    } else {
                        format!("{} ({f})", show_value(m.spec.kind, v.value))
                    }
                })
                .collect();
            let _ = writeln!(o, "| {label} | {} |", cells.join(" | "));
        }
        let _ = writeln!(o);
        for v in m.values.iter().filter(|v| v.partial.is_some()) {
            let _ = writeln!(
                o,
                "{} is partial ({}): not counted in breaches.\n",
                v.period,
                v.partial.as_deref().unwrap_or("")
            );
        }
    }
    if !r.rejections.is_empty() {
        let _ = writeln!(o, "## Rejections by month and reason\n");
        for m in &r.rejections {
            let parts: Vec<String> = m.reasons.iter().map(|(k, n)| format!("{k} {n}")).collect();
            let _ = writeln!(o, "- {}: {}", m.month, parts.join(", "));
        }
    }
    o
}

/// JSON for engines: the report with each contributing lead's explain
/// command. Schema: `schema/report.schema.json`.
pub fn json(r: &Report, explain_template: &str) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap_or(serde_json::Value::Null);
    if let Some(breaches) = v.get_mut("breaches").and_then(|b| b.as_array_mut()) {
        for b in breaches {
            let Some(runs) = b.get_mut("runs").and_then(|r| r.as_array_mut()) else {
                continue;
            };
            for run in runs {
                let Some(leads) = run.get_mut("leads").and_then(|l| l.as_array_mut()) else {
                    continue;
                };
                for lead in leads {
                    let id = lead
                        .get("id")
                        .and_then(|i| i.as_str())
                        .unwrap_or("")
                        .to_string();
                    if let Some(obj) = lead.as_object_mut() {
                        obj.insert(
                            "explain".into(),
                            serde_json::Value::String(explain_command(explain_template, &id)),
                        );
                    }
                }
            }
        }
    }
    v
}
