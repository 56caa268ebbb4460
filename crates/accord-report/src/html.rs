//! One self-contained HTML file (no script, no CDN: it opens offline): a
//! chart per metric over time — its breaches' thresholds drawn as target
//! lines, the periods of breach runs marked — and rejection reasons
//! stacked by month, then the breach register and the tables.
//!
//! A backtest gets the same kind of page ([`backtest_page`]): the verdict,
//! coverage and precision against seed 001's bars, conversion by score
//! band with the inflection band marked, and the clause table.
//!
//! Charts are drawn by plotters' SVG backend into inline `<svg>` elements.

use crate::breach::BreachReport;
use crate::render::{
    definition_words, explain_command, left_out, run_status, show_value, LEADS_SHOWN,
};
use crate::{MetricSeries, Report};
use accord_eval::metrics::MetricKind;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt::Write as _;

const WIDTH: u32 = 860;
const HEIGHT: u32 = 300;
/// The metric line (and a backtest figure that clears its bar).
const BLUE_LINE: RGBColor = RGBColor(25, 90, 170);
/// A target line or a bar (dashed).
const ORANGE_TARGET: RGBColor = RGBColor(230, 119, 0);
/// A breached period (and a figure under its bar, the inflection band).
const RED_MARK: RGBColor = RGBColor(176, 0, 32);

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The whole page.
pub fn page(r: &Report, explain_template: &str) -> String {
    let mut o = String::new();
    let title = format!(
        "{} {}",
        r.policy.name,
        r.policy.version.as_deref().unwrap_or("")
    );
    page_start(&mut o, &format!("{} — report", title.trim()));
    let range = match (r.range.from, r.range.to) {
        (Some(f), Some(t)) => format!("{f} to {t}"),
        _ => "no dates".into(),
    };
    let _ = write!(
        o,
        "<h1>{}</h1>\n<p class=\"meta\">{} records, {} leads, {} unreadable · periods cut in {} · {}</p>\n",
        esc(title.trim()),
        r.records,
        r.leads,
        r.unreadable,
        esc(&r.zone),
        esc(&range)
    );
    for n in &r.notes {
        let _ = writeln!(o, "<p class=\"note\">{}</p>", esc(n));
    }
    for p in &r.plan_problems {
        let _ = writeln!(
            o,
            "<p class=\"note\">Plans file: {}</p>",
            esc(&p.to_string())
        );
    }
    breach_register(&mut o, r, explain_template);
    if !r.rejections.is_empty() {
        let _ = writeln!(o, "<h2>Rejections by month and reason</h2>");
        let _ = writeln!(
            o,
            "<figure class=\"chart\" id=\"chart-rejections\">{}</figure>",
            rejections_chart(r)
        );
    }
    let _ = writeln!(o, "<h2>Metrics</h2>");
    for (i, m) in r.metrics.iter().enumerate() {
        let breaches: Vec<&BreachReport> =
            r.breaches.iter().filter(|b| b.spec.metric == i).collect();
        let _ = writeln!(
            o,
            "<section><h3><code>{}</code> — {}</h3><p>{}; {} <span class=\"loc\">{}</span></p>",
            esc(&m.spec.name),
            esc(m.spec.title.as_deref().unwrap_or("")),
            esc(&definition_words(m)),
            esc(&m.placement),
            esc(&m.spec.location)
        );
        for line in left_out(m, &r.range) {
            let _ = writeln!(o, "<p class=\"note\">{}</p>", esc(&line));
        }
        if m.values.is_empty() {
            let _ = writeln!(o, "<p>No periods.</p></section>");
            continue;
        }
        let _ = writeln!(
            o,
            "<figure class=\"chart\" id=\"chart-{}\">{}</figure>",
            esc(&m.spec.name),
            metric_chart(m, &breaches)
        );
        table(&mut o, m);
        let _ = writeln!(o, "</section>");
    }
    o.push_str("</body></html>\n");
    o
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;max-width:980px;color:#222}\
h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ccc}h3{font-size:1.1em}\
.meta,.loc{color:#666}.note{background:#fff4d6;padding:.4em .8em}\
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}\
th:first-child,td:first-child{text-align:left}.tripped{color:#b00020;font-weight:600}\
.escalated{background:#b00020;color:#fff;padding:0 .3em}.late{background:#e67700;color:#fff;padding:0 .3em}\
figure.chart{margin:.5em 0}figcaption{color:#666;font-size:.85em}code{background:#f3f3f3;padding:0 .2em}\
.verdict{padding:.5em .8em;border-left:4px solid}.verdict.ok{border-color:#195aaa}.verdict.tripped{border-color:#b00020}";

fn breach_register(o: &mut String, r: &Report, template: &str) {
    let _ = writeln!(o, "<h2>Breach register</h2>");
    let tripped: Vec<&BreachReport> = r.breaches.iter().filter(|b| !b.runs.is_empty()).collect();
    if tripped.is_empty() {
        let _ = writeln!(o, "<p>No breach tripped.</p>");
    }
    for b in tripped {
        let kind = r
            .metrics
            .get(b.spec.metric)
            .map_or(MetricKind::Count, |m| m.spec.kind);
        let _ = writeln!(
            o,
            "<h3 class=\"tripped\"><code>{}</code> — {}</h3><p>{} <span class=\"loc\">{}</span></p><ul>",
            esc(&b.spec.name),
            esc(b.spec.title.as_deref().unwrap_or("")),
            esc(&b.rule),
            esc(&b.spec.location)
        );
        for run in &b.runs {
            let key = run
                .key
                .as_ref()
                .map(|k| format!(" for {k}"))
                .unwrap_or_default();
            let flags = format!(
                "{}{}",
                if run.escalated {
                    " <span class=\"escalated\">escalated</span>"
                } else {
                    ""
                },
                if run.late {
                    " <span class=\"late\">late</span>"
                } else {
                    ""
                }
            );
            let values: Vec<String> = run
                .periods
                .iter()
                .map(|p| format!("{} {}", p.period, show_value(kind, p.value)))
                .collect();
            let leads: Vec<String> = run
                .leads
                .iter()
                .take(LEADS_SHOWN)
                .map(|l| {
                    format!(
                        "<code title=\"{}\">{}</code>",
                        esc(&explain_command(template, &l.id)),
                        esc(&l.id)
                    )
                })
                .collect();
            let more = if run.leads.len() > LEADS_SHOWN {
                format!(" and {} more", run.leads.len() - LEADS_SHOWN)
            } else {
                String::new()
            };
            let example = run
                .leads
                .first()
                .map(|l| {
                    format!(
                        "<br>explain one: <code>{}</code>",
                        esc(&explain_command(template, &l.id))
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "<li><b>Tripped{} in {}</b>{flags}: {}<br>{}<br>{} contributing leads: {}{more}{example}</li>",
                esc(&key),
                esc(&run.tripped),
                esc(&run_status(run)),
                esc(&values.join(", ")),
                run.leads.len(),
                leads.join(", ")
            );
        }
        let _ = writeln!(o, "</ul>");
    }
}

fn table(o: &mut String, m: &MetricSeries) {
    let _ = write!(o, "<table><tr><th></th>");
    for v in &m.values {
        match &v.partial {
            Some(why) => {
                let _ = write!(
                    o,
                    "<th title=\"partial: {}; not counted in breaches\">{} (partial)</th>",
                    esc(why),
                    esc(&v.period)
                );
            }
            None => {
                let _ = write!(o, "<th>{}</th>", esc(&v.period));
            }
        }
    }
    let _ = writeln!(o, "</tr>");
    let mut rows: Vec<(&str, &[crate::PeriodValue])> = vec![("all", &m.values)];
    rows.extend(
        m.by_key
            .iter()
            .map(|k| (k.key.as_str(), k.values.as_slice())),
    );
    for (label, values) in rows {
        let _ = write!(o, "<tr><td>{}</td>", esc(label));
        for v in values {
            let _ = write!(o, "<td>{}</td>", esc(&show_value(m.spec.kind, v.value)));
        }
        let _ = writeln!(o, "</tr>");
    }
    let _ = writeln!(o, "</table>");
}

/// An SVG chart: `draw` draws on a white area of the page's chart size;
/// if plotters fails, a note says so instead of the chart.
fn svg_chart(
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), Box<dyn std::error::Error>>,
) -> String {
    let mut svg = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)
            .map_err(|e| e.to_string())
            .and_then(|_| draw(&root).map_err(|e| e.to_string()))
            .and_then(|_| root.present().map_err(|e| e.to_string()))
    };
    match drawn {
        Ok(()) => svg,
        Err(e) => format!("<p class=\"note\">chart not drawn: {}</p>", esc(&e)),
    }
}

/// A chart with one column per label (a period, a score band) from 0 to
/// `top`, its axes drawn: at most 12 column labels shown, `y_label` for
/// the values.
fn column_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    labels: &[String],
    top: f64,
    y_label: &dyn Fn(&f64) -> String,
) -> Result<
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    Box<dyn std::error::Error>,
> {
    let n = labels.len();
    let mut chart = ChartBuilder::on(root)
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..top)?;
    let step = (n / 12).max(1);
    chart
        .configure_mesh()
        .x_labels(n.min(12))
        .x_label_formatter(&|x| {
            let i = x.round();
            if i < 0.0 || !(i as usize).is_multiple_of(step) {
                return String::new();
            }
            labels.get(i as usize).cloned().unwrap_or_default()
        })
        .y_label_formatter(y_label)
        .disable_x_mesh()
        .draw()?;
    Ok(chart)
}

/// A chart of one metric: its value per period (over all leads), each
/// breach threshold as a dashed target line, the periods of breach runs
/// (over all leads) shaded.
fn metric_chart(m: &MetricSeries, breaches: &[&BreachReport]) -> String {
    let n = m.values.len();
    let values: Vec<Option<f64>> = m.values.iter().map(|v| v.value).collect();
    let thresholds: Vec<f64> = breaches
        .iter()
        .flat_map(|b| match b.spec.comparison {
            accord_eval::Comparison::Between(a, c) => vec![a, c],
            accord_eval::Comparison::AtLeast(t)
            | accord_eval::Comparison::AtMost(t)
            | accord_eval::Comparison::MoreThan(t)
            | accord_eval::Comparison::LessThan(t) => vec![t],
        })
        .collect();
    let top = values
        .iter()
        .flatten()
        .chain(&thresholds)
        .fold(0.0_f64, |a, b| a.max(*b));
    let top = if m.spec.kind == MetricKind::Share {
        100.0
    } else {
        (top * 1.15).max(1.0)
    };
    let labels: Vec<String> = m.values.iter().map(|v| v.period.clone()).collect();
    let breached: Vec<usize> = breaches
        .iter()
        .flat_map(|b| b.runs.iter().filter(|r| r.key.is_none()))
        .flat_map(|r| r.periods.iter())
        .filter_map(|p| labels.iter().position(|l| *l == p.period))
        .collect();
    svg_chart(|root| {
        let mut chart = column_chart(root, &labels, top, &|y| {
            if m.spec.kind == MetricKind::Share {
                format!("{y:.0}%")
            } else {
                format!("{y:.0}")
            }
        })?;
        let red = RED_MARK;
        chart.draw_series(breached.iter().map(|&i| {
            Rectangle::new(
                [(i as f64 - 0.5, 0.0), (i as f64 + 0.5, top)],
                red.mix(0.15).filled(),
            )
        }))?;
        for t in &thresholds {
            chart.draw_series(DashedLineSeries::new(
                [(-0.5, *t), (n as f64 - 0.5, *t)],
                6,
                4,
                ShapeStyle::from(&ORANGE_TARGET).stroke_width(2),
            ))?;
        }
        let blue = BLUE_LINE;
        // A line through consecutive periods with a value; a period
        // with no leads breaks the line.
        let mut segment: Vec<(f64, f64)> = Vec::new();
        let mut segments = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => segment.push((i as f64, *v)),
                None => segments.push(std::mem::take(&mut segment)),
            }
        }
        segments.push(segment);
        for s in segments.into_iter().filter(|s| !s.is_empty()) {
            chart.draw_series(LineSeries::new(s.clone(), blue.stroke_width(2)))?;
            chart.draw_series(s.into_iter().map(|p| Circle::new(p, 3, blue.filled())))?;
        }
        chart.draw_series(breached.iter().filter_map(|&i| {
            values
                .get(i)
                .copied()
                .flatten()
                .map(|v| Circle::new((i as f64, v), 5, red.filled()))
        }))?;
        Ok(())
    })
}

/// Rejections stacked by month, one colour per reason, with a legend.
fn rejections_chart(r: &Report) -> String {
    let mut reasons: Vec<&str> = r
        .rejections
        .iter()
        .flat_map(|m| m.reasons.iter().map(|(k, _)| k.as_str()))
        .collect();
    reasons.sort_unstable();
    reasons.dedup();
    let n = r.rejections.len();
    let top = r
        .rejections
        .iter()
        .map(|m| m.reasons.iter().map(|(_, c)| *c).sum::<u64>())
        .max()
        .unwrap_or(1) as f64
        * 1.15;
    let labels: Vec<String> = r.rejections.iter().map(|m| m.month.clone()).collect();
    svg_chart(|root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..top.max(1.0))?;
        chart
            .configure_mesh()
            .x_labels(n.min(12))
            .x_label_formatter(&|x| {
                let i = x.round();
                if i < 0.0 {
                    return String::new();
                }
                labels.get(i as usize).cloned().unwrap_or_default()
            })
            .disable_x_mesh()
            .draw()?;
        for (ri, reason) in reasons.iter().enumerate() {
            let colour = Palette99::pick(ri);
            let bars: Vec<Rectangle<(f64, f64)>> = r
                .rejections
                .iter()
                .enumerate()
                .filter_map(|(i, m)| {
                    let below: u64 = m
                        .reasons
                        .iter()
                        .filter(|(k, _)| reasons.iter().position(|x| x == k) < Some(ri))
                        .map(|(_, c)| *c)
                        .sum();
                    let own = m.reasons.iter().find(|(k, _)| k == reason)?.1;
                    Some(Rectangle::new(
                        [
                            (i as f64 - 0.35, below as f64),
                            (i as f64 + 0.35, (below + own) as f64),
                        ],
                        colour.filled(),
                    ))
                })
                .collect();
            chart
                .draw_series(bars)?
                .label(reason.to_string())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour.filled())
                });
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
        Ok(())
    })
}

/// The start of a self-contained page (both pages): the document head
/// with its title and the inline style, then the opened body.
fn page_start(o: &mut String, title: &str) {
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>{}</style></head><body>\n",
        esc(title),
        STYLE
    );
}

/// The backtest as one self-contained page.
pub fn backtest_page(b: &crate::backtest::Backtest) -> String {
    use crate::backtest::{COVERAGE_BAR, PRECISION_BAR};
    let mut o = String::new();
    let title = format!(
        "Backtest of {} {}",
        b.policy.name,
        b.policy.version.as_deref().unwrap_or("")
    );
    page_start(&mut o, title.trim());
    let _ = writeln!(o, "<h1>{}</h1>", esc(title.trim()));
    let _ = writeln!(
        o,
        "<p class=\"meta\">{} leads judged as of their own instant ({} skipped) · {} won · {} would be MQLs, {} of them won</p>",
        b.leads, b.skipped, b.won, b.qualified, b.won_and_qualified
    );
    let class = if b.verdict == "workable" {
        "ok"
    } else {
        "tripped"
    };
    let _ = writeln!(
        o,
        "<p class=\"verdict {class}\"><b>Verdict: {}</b> — {}</p>",
        esc(&b.verdict),
        esc(&b.verdict_words)
    );
    let pct = |v: Option<f64>| v.map_or("—".to_string(), |x| format!("{x:.1}%"));
    let _ = writeln!(
        o,
        "<h2>Coverage and precision against the bars</h2>\n<p>Coverage: {} of won leads qualified (bar: at least {COVERAGE_BAR}%). Precision: {} of qualified leads won (bar: at least {PRECISION_BAR}%).</p>",
        pct(b.coverage),
        pct(b.precision)
    );
    let _ = writeln!(
        o,
        "<figure class=\"chart\" id=\"chart-bars\">{}<figcaption>blue: clears its bar · red: under it · dashed orange: the bar</figcaption></figure>",
        bars_chart(b)
    );
    if let Some(score) = &b.score {
        let _ = writeln!(
            o,
            "<h2>Conversion by <code>{}</code> band (5 points)</h2>",
            esc(score)
        );
        if b.bands.is_empty() {
            let _ = writeln!(o, "<p>No lead has a value of this score.</p>");
        } else {
            let _ = writeln!(
                o,
                "<figure class=\"chart\" id=\"chart-bands\">{}<figcaption>red: the inflection band (conversion rises most over the band below) · dashed orange: conversion over all judged leads ({})</figcaption></figure>",
                bands_chart(b),
                pct((b.leads > 0).then(|| b.won as f64 / b.leads as f64 * 100.0))
            );
            let _ = writeln!(
                o,
                "<table><tr><th>band</th><th>leads</th><th>won</th><th>conversion</th><th></th></tr>"
            );
            for band in &b.bands {
                let _ = writeln!(
                    o,
                    "<tr><td>{}–{}</td><td>{}</td><td>{}</td><td>{:.1}%</td><td>{}</td></tr>",
                    band.from,
                    band.from + 5.0,
                    band.leads,
                    band.won,
                    band.conversion,
                    if band.inflection {
                        "<span class=\"late\">inflection: conversion rises most here</span>"
                    } else {
                        ""
                    }
                );
            }
            let _ = writeln!(o, "</table>");
        }
    }
    if !b.clauses.is_empty() {
        let _ = writeln!(
            o,
            "<h2>Won leads rejected by one clause alone</h2>\n<table><tr><th>clause</th><th>won leads it alone rejected</th><th>where</th></tr>"
        );
        for c in &b.clauses {
            let _ = writeln!(
                o,
                "<tr><td><code>{}</code></td><td>{}</td><td class=\"loc\">{}</td></tr>",
                esc(&c.clause),
                c.won_rejected_alone,
                esc(&c.location)
            );
        }
        let _ = writeln!(o, "</table>");
    }
    o.push_str("</body></html>\n");
    o
}

/// Coverage and precision as two bars, each with its bar (seed 001) as a
/// dashed line across it: blue when it clears its bar, red when not.
fn bars_chart(b: &crate::backtest::Backtest) -> String {
    use crate::backtest::{COVERAGE_BAR, PRECISION_BAR};
    let figures = [
        ("coverage", b.coverage, COVERAGE_BAR),
        ("precision", b.precision, PRECISION_BAR),
    ];
    svg_chart(|root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(-0.5f64..1.5, 0f64..100.0)?;
        chart
            .configure_mesh()
            .x_labels(2)
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() > 0.01 || i < 0.0 {
                    return String::new();
                }
                figures
                    .get(i as usize)
                    .map(|(name, _, bar)| format!("{name} (bar {bar}%)"))
                    .unwrap_or_default()
            })
            .y_label_formatter(&|y| format!("{y:.0}%"))
            .disable_x_mesh()
            .draw()?;
        for (i, (_, value, bar)) in figures.iter().enumerate() {
            let x = i as f64;
            if let Some(v) = value {
                let colour = if *v >= *bar { BLUE_LINE } else { RED_MARK };
                chart.draw_series([Rectangle::new(
                    [(x - 0.3, 0.0), (x + 0.3, *v)],
                    colour.filled(),
                )])?;
            }
            chart.draw_series(DashedLineSeries::new(
                [(x - 0.42, *bar), (x + 0.42, *bar)],
                6,
                4,
                ShapeStyle::from(&ORANGE_TARGET).stroke_width(3),
            ))?;
        }
        Ok(())
    })
}

/// Conversion per score band as bars; the inflection band in red, the
/// overall conversion (won / judged) as a dashed line.
fn bands_chart(b: &crate::backtest::Backtest) -> String {
    let n = b.bands.len();
    let overall = (b.leads > 0).then(|| b.won as f64 / b.leads as f64 * 100.0);
    let top = b
        .bands
        .iter()
        .map(|band| band.conversion)
        .chain(overall)
        .fold(0.0_f64, f64::max);
    let top = (top * 1.2).clamp(1.0, 100.0);
    let labels: Vec<String> = b
        .bands
        .iter()
        .map(|band| format!("{}–{}", band.from, band.from + 5.0))
        .collect();
    svg_chart(|root| {
        let mut chart = column_chart(root, &labels, top, &|y| format!("{y:.0}%"))?;
        chart.draw_series(b.bands.iter().enumerate().map(|(i, band)| {
            let colour = if band.inflection { RED_MARK } else { BLUE_LINE };
            Rectangle::new(
                [(i as f64 - 0.35, 0.0), (i as f64 + 0.35, band.conversion)],
                colour.filled(),
            )
        }))?;
        if let Some(all) = overall {
            chart.draw_series(DashedLineSeries::new(
                [(-0.5, all), (n as f64 - 0.5, all)],
                6,
                4,
                ShapeStyle::from(&ORANGE_TARGET).stroke_width(2),
            ))?;
        }
        Ok(())
    })
}
