//! Backtests (seed 001, "Testing the Definition Against History"): the MQL
//! definition applied to historical leads, each as of its own instant, and
//! compared with what happened.
//!
//! - **coverage**: of the won leads, the share the definition would have
//!   qualified (bar: at least 70%, else "too tight");
//! - **precision**: of the leads it would have qualified, the share that
//!   won (bar: at least 15%, else "too loose");
//! - **conversion by score band** in 5-point steps, with the inflection band
//!   marked: the band where conversion rises most over the band below
//!   (seed 000, "Score threshold battles");
//! - **per clause**: how many won leads each top-level clause of the MQL
//!   definition rejected alone (every other clause held).

use accord_eval::{CompiledPolicy, StageKind, Verdict};
use accord_records::Lead;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// The instant a lead is judged as of, from its own instant field: a
/// timestamp as it is; a date (a first-contact day) the last second of that
/// day in `zone` (the schema's default time zone), so that everything that
/// happened that day counts.
pub fn judging_instant(
    value: &accord_records::FieldValue,
    zone: chrono_tz::Tz,
) -> Option<DateTime<Utc>> {
    match value {
        accord_records::FieldValue::Timestamp(t) => Some(*t),
        accord_records::FieldValue::Date(d) => {
            Some(crate::period::local_midnight(d.succ_opt()?, zone) - chrono::Duration::seconds(1))
        }
        _ => None,
    }
}

/// Seed 001's bars.
pub const COVERAGE_BAR: f64 = 70.0;
pub const PRECISION_BAR: f64 = 15.0;
/// Seed 001: "minimum 20 deals".
pub const MIN_WON: u64 = 20;

/// One 5-point score band.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Band {
    /// Lower bound (inclusive); the band is `[from, from + 5)`.
    pub from: f64,
    pub leads: u64,
    pub won: u64,
    /// Won / leads, in percent.
    pub conversion: f64,
    /// The band where conversion rises most over the band below.
    pub inflection: bool,
}

/// Won leads a clause rejected alone.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClauseRejections {
    pub clause: String,
    pub location: String,
    pub won_rejected_alone: u64,
}

/// A whole backtest.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Backtest {
    pub policy: accord_eval::PolicyMeta,
    pub leads: u64,
    /// Records that could not be read, or leads without the instant to
    /// judge them at (in no figure).
    pub skipped: u64,
    pub won: u64,
    pub qualified: u64,
    pub won_and_qualified: u64,
    /// Percent; `None` when there is nothing to divide by.
    pub coverage: Option<f64>,
    pub precision: Option<f64>,
    /// `too tight`, `too loose`, `too tight and too loose`, `workable`, or
    /// `not enough data`.
    pub verdict: String,
    /// The verdict explained in a sentence.
    pub verdict_words: String,
    /// The score read for the bands (the policy's first score, unless named).
    pub score: Option<String>,
    pub bands: Vec<Band>,
    pub clauses: Vec<ClauseRejections>,
}

/// Accumulates leads into a backtest.
pub struct Backtester<'p> {
    policy: &'p CompiledPolicy,
    score: Option<usize>,
    leads: u64,
    skipped: u64,
    won: u64,
    qualified: u64,
    both: u64,
    bands: BTreeMap<i64, (u64, u64)>,
    clauses: Vec<ClauseRejections>,
}

impl<'p> Backtester<'p> {
    /// `score`: the score to band by (default: the policy's first).
    pub fn new(policy: &'p CompiledPolicy, score: Option<&str>) -> Backtester<'p> {
        let probe = policy.scores_names();
        let score = match score {
            Some(name) => probe.iter().position(|n| n == name),
            None => (!probe.is_empty()).then_some(0),
        };
        Backtester {
            policy,
            score,
            leads: 0,
            skipped: 0,
            won: 0,
            qualified: 0,
            both: 0,
            bands: BTreeMap::new(),
            clauses: Vec::new(),
        }
    }

    /// A record that could not be read, or a lead without its instant.
    pub fn skip(&mut self) {
        self.skipped += 1;
    }

    /// Adds one lead, judged as of `at` (its own instant), and whether it won.
    pub fn add(&mut self, lead: &Lead, at: DateTime<Utc>, won: bool) {
        self.leads += 1;
        // Won leads are explained, to see which clause rejected them.
        let d = self.policy.evaluate(lead, at, won);
        let qualifies = d
            .stages
            .iter()
            .any(|s| s.kind == StageKind::Mql && s.definition_holds);
        self.won += u64::from(won);
        self.qualified += u64::from(qualifies);
        self.both += u64::from(won && qualifies);
        if let Some(v) = self
            .score
            .and_then(|i| d.scores.get(i))
            .and_then(|s| s.value)
        {
            let band = (v / 5.0).floor() as i64;
            let e = self.bands.entry(band).or_default();
            e.0 += 1;
            e.1 += u64::from(won);
        }
        if let Some(x) = d.explanation.as_ref().filter(|_| won) {
            let Some(mql) = x.answers().find(|n| n.clause().starts_with("mql")) else {
                return;
            };
            let mut node = mql;
            while node.children().count() == 1 {
                let Some(only) = node.children().next() else {
                    break;
                };
                node = only;
            }
            let verdicts: Vec<(String, String, bool)> = node
                .children()
                .map(|c| {
                    (
                        c.clause().to_string(),
                        c.location().to_string(),
                        c.verdict() == Verdict::Fail,
                    )
                })
                .collect();
            let failed = verdicts.iter().filter(|v| v.2).count();
            for (clause, location, fail) in verdicts {
                let entry = match self.clauses.iter_mut().position(|c| c.clause == clause) {
                    Some(i) => &mut self.clauses[i],
                    None => {
                        self.clauses.push(ClauseRejections {
                            clause,
                            location,
                            won_rejected_alone: 0,
                        });
                        let last = self.clauses.len() - 1;
                        &mut self.clauses[last]
                    }
                };
                entry.won_rejected_alone += u64::from(fail && failed == 1);
            }
        }
    }

    pub fn finish(self) -> Backtest {
        let pct = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64 * 100.0);
        let coverage = pct(self.both, self.won);
        let precision = pct(self.both, self.qualified);
        let (verdict, words) = verdict(self.won, coverage, precision);
        let mut bands: Vec<Band> = self
            .bands
            .iter()
            .map(|(b, (n, w))| Band {
                from: *b as f64 * 5.0,
                leads: *n,
                won: *w,
                conversion: pct(*w, *n).unwrap_or(0.0),
                inflection: false,
            })
            .collect();
        let jump = bands
            .windows(2)
            .enumerate()
            .map(|(i, w)| (i + 1, w[1].conversion - w[0].conversion))
            .filter(|(_, d)| *d > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, _)) = jump {
            if let Some(b) = bands.get_mut(i) {
                b.inflection = true;
            }
        }
        Backtest {
            policy: self.policy.meta().clone(),
            leads: self.leads,
            skipped: self.skipped,
            won: self.won,
            qualified: self.qualified,
            won_and_qualified: self.both,
            coverage,
            precision,
            verdict,
            verdict_words: words,
            score: self
                .score
                .and_then(|i| self.policy.scores_names().get(i).cloned()),
            bands,
            clauses: self.clauses,
        }
    }
}

/// The verdict against seed 001's bars, and a sentence saying why.
fn verdict(won: u64, coverage: Option<f64>, precision: Option<f64>) -> (String, String) {
    let (Some(c), Some(p)) = (coverage, precision) else {
        return (
            "not enough data".into(),
            "no won lead, or no lead the definition qualifies: nothing to compare".into(),
        );
    };
    let tight = c < COVERAGE_BAR;
    let loose = p < PRECISION_BAR;
    let few = if won < MIN_WON {
        format!(" (only {won} won leads: seed 001 asks for at least {MIN_WON})")
    } else {
        String::new()
    };
    let (v, w) = match (tight, loose) {
        (true, true) => ("too tight and too loose", format!("it qualifies only {c:.1}% of won leads (bar: {COVERAGE_BAR}%) and only {p:.1}% of what it qualifies wins (bar: {PRECISION_BAR}%): it is aimed at the wrong leads")),
        (true, false) => ("too tight", format!("it qualifies only {c:.1}% of won leads (bar: {COVERAGE_BAR}%): it filters out too many good leads")),
        (false, true) => ("too loose", format!("only {p:.1}% of the leads it qualifies won (bar: {PRECISION_BAR}%): it lets in too many leads that do not buy")),
        (false, false) => ("workable", format!("it qualifies {c:.1}% of won leads and {p:.1}% of what it qualifies wins, above both bars ({COVERAGE_BAR}% and {PRECISION_BAR}%)")),
    };
    (v.to_string(), format!("{w}{few}"))
}

/// A backtest as text.
pub fn text(b: &Backtest) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let pct = |v: Option<f64>| v.map_or("—".to_string(), |x| format!("{x:.1}%"));
    let _ = writeln!(
        o,
        "Backtest of {} {}",
        b.policy.name,
        b.policy.version.as_deref().unwrap_or("")
    );
    let _ = writeln!(o, "{} leads judged as of their own instant ({} skipped), {} won, {} would be MQLs, {} of them won", b.leads, b.skipped, b.won, b.qualified, b.won_and_qualified);
    let _ = writeln!(
        o,
        "  coverage  {:>7}  (bar: at least {COVERAGE_BAR}%)",
        pct(b.coverage)
    );
    let _ = writeln!(
        o,
        "  precision {:>7}  (bar: at least {PRECISION_BAR}%)",
        pct(b.precision)
    );
    let _ = writeln!(o, "verdict: {} — {}", b.verdict, b.verdict_words);
    if let Some(s) = &b.score {
        let _ = writeln!(o, "\nconversion by {s} band (5 points):");
        for band in &b.bands {
            let _ = writeln!(
                o,
                "  {:>5}–{:<5} {:>6} leads {:>5} won {:>6.1}%{}",
                band.from,
                band.from + 5.0,
                band.leads,
                band.won,
                band.conversion,
                if band.inflection {
                    "  ← inflection: conversion rises most here"
                } else {
                    ""
                }
            );
        }
    }
    if !b.clauses.is_empty() {
        let _ = writeln!(o, "\nwon leads rejected by one clause alone:");
        for c in &b.clauses {
            let _ = writeln!(
                o,
                "  {:>5}  {}  ({})",
                c.won_rejected_alone, c.clause, c.location
            );
        }
    }
    o
}
