//! Impact on real leads: both versions evaluated on the same records (with
//! explanations), every lead whose MQL, SAL or SQL verdict, deciding
//! exclusion (and its route), tier, SLA state, persistence, handoff or
//! recycling outcome differs listed with the clause that made the
//! difference — found by walking the two explanation trees side by side
//! down to the deepest clauses whose verdicts differ.

use accord_eval::{Explanation, Node, Row, Verdict};
use serde::Serialize;

/// How many flipped leads are kept to be listed (all are counted).
pub const LISTED: usize = 200;

/// A clause whose verdict differs between the versions for one lead.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deciding {
    /// The clause in the old version, with its mark and the values read
    /// (`✗ lead_score is at least 65 [lead_score = 60.4]`).
    pub old: Option<String>,
    /// The same in the new version.
    pub new: Option<String>,
    /// `file:line` of the clause in the new version (else the old).
    pub place: String,
}

/// One outcome of one lead that differs between the versions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeadFlip {
    pub record: usize,
    pub lead: String,
    /// `MQL`, `SAL`, `SQL`, `exclusion`, `tier`, `SLA first_response`,
    /// `persistence`, `handoff`, `recycling`.
    pub outcome: String,
    pub old: String,
    pub new: String,
    pub because: Vec<Deciding>,
}

/// How many leads flipped on one outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlipCount {
    pub outcome: String,
    pub leads: usize,
}

/// Counts of decisions on one side, for metrics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct StageCounts {
    pub leads: usize,
    pub mql: usize,
    pub sal: usize,
    pub sql: usize,
}

/// What both versions decided on the same leads.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LeadImpact {
    pub as_of: String,
    pub records: usize,
    /// Records that either version could not read (error rows).
    pub unreadable: usize,
    pub old: StageCounts,
    pub new: StageCounts,
    /// Leads with at least one outcome flipped.
    pub leads_flipped: usize,
    pub counts: Vec<FlipCount>,
    /// The first [`LISTED`] flips, in input order.
    pub flips: Vec<LeadFlip>,
    /// Flips not listed.
    pub unlisted: usize,
}

/// The outcomes of a row that can flip, as (outcome, state) texts.
fn outcomes(row: &Row) -> Vec<(String, String)> {
    let yes_no = |b: Option<bool>| b.map_or("—", |b| if b { "yes" } else { "no" }).to_string();
    let mut out = vec![
        ("MQL".to_string(), yes_no(row.mql)),
        ("SAL".to_string(), yes_no(row.sal)),
        ("SQL".to_string(), yes_no(row.sql)),
    ];
    if let Some(hits) = &row.exclusions {
        // The first exclusion that applies decides, and where the lead goes.
        let state = hits
            .first()
            .map_or("none".to_string(), |hit| match &hit.route {
                Some(route) => format!("{} (route to \"{route}\")", hit.name),
                None => hit.name.to_string(),
            });
        out.push(("exclusion".to_string(), state));
    }
    out.push((
        "tier".to_string(),
        row.tier.map_or("none".to_string(), |t| t.to_string()),
    ));
    if let Some(slas) = &row.slas {
        for (name, sla) in &slas.0 {
            out.push((format!("SLA {name}"), sla.state.word().to_string()));
        }
    }
    if let Some(p) = &row.persistence {
        let state = if !p.applies {
            "not applicable"
        } else if !p.compliant {
            "failed"
        } else if !p.pending.is_empty() {
            "in progress"
        } else {
            "met"
        };
        out.push(("persistence".to_string(), state.to_string()));
    }
    if let Some(h) = &row.handoff {
        let state = match (h.applies, h.complete) {
            (false, _) => "not applicable",
            (true, true) => "complete",
            (true, false) => "incomplete",
        };
        out.push(("handoff".to_string(), state.to_string()));
    }
    if let Some(r) = &row.recycling {
        let state = if r.may_reenter {
            "may re-enter"
        } else {
            "may not re-enter yet"
        };
        let review = if r.human_review_due {
            ", human review due"
        } else {
            ""
        };
        out.push(("recycling".to_string(), format!("{state}{review}")));
    }
    out
}

/// The answer of an explanation for an outcome (`MQL` → the `mql` tree;
/// `exclusion` → the first `no exclusion applies`, inside a stage or an
/// answer of its own: the exclusions are tried under it).
fn answer<'a>(e: &'a Explanation, outcome: &str) -> Option<Node<'a>> {
    if outcome == "exclusion" {
        let tried = |n: &Node| n.clause().starts_with("no exclusion applies");
        return e.answers().find_map(|n| first_below(n, &tried));
    }
    let wanted: Vec<String> = match outcome.strip_prefix("SLA ") {
        Some(name) => vec!["sla".into(), name.into()],
        None if outcome == "tier" => vec!["tiers".into()],
        None => vec![outcome.to_lowercase()],
    };
    e.answers().find(|n| {
        let words: Vec<&str> = n.clause().split_whitespace().take(wanted.len()).collect();
        words == wanted
    })
}

/// `n` or the first node below it (depth first) that is `wanted`.
fn first_below<'a>(n: Node<'a>, wanted: &impl Fn(&Node) -> bool) -> Option<Node<'a>> {
    if wanted(&n) {
        return Some(n);
    }
    n.children().find_map(|c| first_below(c, wanted))
}

/// A node in one line: mark, clause, values read.
fn describe(n: &Node) -> String {
    let values: Vec<String> = n
        .values()
        .map(|r| format!("{} = {}", r.name, r.value))
        .collect();
    let mut s = format!("{} {}", n.verdict().mark(), n.clause());
    if !values.is_empty() {
        s.push_str(&format!(" [{}]", values.join(", ")));
    }
    if let Some(gap) = n.gap() {
        s.push_str(&format!(" — {gap}"));
    } else if let Some(note) = n.notes().next() {
        s.push_str(&format!(" ({note})"));
    }
    s
}

fn decided(v: Verdict) -> Option<bool> {
    match v {
        Verdict::Pass => Some(true),
        Verdict::Fail => Some(false),
        _ => None,
    }
}

/// Whether two nodes came to something different.
fn differs(a: &Node, b: &Node) -> bool {
    a.verdict() != b.verdict()
        || a.clause() != b.clause()
        || a.values().map(|r| r.value).ne(b.values().map(|r| r.value))
}

/// The deepest clauses where two trees differ. A reference to a
/// definition drawn in full elsewhere in the explanation ("explained
/// above") is followed there, so that a flip is put down to the clause
/// that changed inside the definition, not to the reference.
fn deciding(old: Node, new: Node, out: &mut Vec<Deciding>) {
    deciding_within(old, new, out, 0);
}

/// [`deciding`], `depth` references deep (a definition cannot reference
/// itself, which the checker refuses; the bound only keeps a damaged
/// explanation from looping).
fn deciding_within(old: Node, new: Node, out: &mut Vec<Deciding>, depth: u32) {
    let olds: Vec<Node> = old.children().collect();
    let news: Vec<Node> = new.children().collect();
    let mut found = false;
    let mut used = vec![false; olds.len()];
    for (i, n) in news.iter().enumerate() {
        let partner = olds
            .iter()
            .enumerate()
            .position(|(j, o)| !used[j] && o.clause() == n.clause())
            .or_else(|| (i < olds.len() && !used[i]).then_some(i));
        let Some(j) = partner else { continue };
        used[j] = true;
        let o = &olds[j];
        let verdict_changed = decided(o.verdict()) != decided(n.verdict());
        if verdict_changed || (o.clause() != n.clause() && differs(o, n)) {
            found = true;
            deciding_within(*o, *n, out, depth);
        }
    }
    if let (false, Some(o), Some(n), true) = (found, old.drawn_at(), new.drawn_at(), depth < 8) {
        return deciding_within(o, n, out, depth + 1);
    }
    if !found {
        out.push(Deciding {
            old: Some(describe(&old)),
            new: Some(describe(&new)),
            place: new.location().to_string(),
        });
    }
}

impl LeadImpact {
    /// Compares rows of the same records decided by each version (with
    /// explanations), in input order.
    pub fn from_rows(old: impl Iterator<Item = Row>, new: impl Iterator<Item = Row>) -> LeadImpact {
        let mut impact = LeadImpact::default();
        for (a, b) in old.zip(new) {
            impact.records += 1;
            if impact.as_of.is_empty() {
                impact.as_of = accord_eval::output::rfc3339(b.as_of);
            }
            if !a.errors.is_empty() || !b.errors.is_empty() {
                impact.unreadable += 1;
                continue;
            }
            count(&mut impact.old, &a);
            count(&mut impact.new, &b);
            let (oa, ob) = (outcomes(&a), outcomes(&b));
            let mut flipped = false;
            for (outcome, new_state) in &ob {
                let Some((_, old_state)) = oa.iter().find(|(o, _)| o == outcome) else {
                    continue;
                };
                if old_state == new_state {
                    continue;
                }
                flipped = true;
                match impact.counts.iter_mut().find(|c| &c.outcome == outcome) {
                    Some(c) => c.leads += 1,
                    None => impact.counts.push(FlipCount {
                        outcome: outcome.clone(),
                        leads: 1,
                    }),
                }
                if impact.flips.len() >= LISTED {
                    impact.unlisted += 1;
                    continue;
                }
                let mut because = Vec::new();
                if let (Some(ea), Some(eb)) = (&a.explanation, &b.explanation) {
                    if let (Some(x), Some(y)) = (answer(ea, outcome), answer(eb, outcome)) {
                        deciding(x, y, &mut because);
                    }
                }
                impact.flips.push(LeadFlip {
                    record: b.record,
                    lead: b
                        .id
                        .as_deref()
                        .map_or_else(|| format!("#{}", b.record), str::to_string),
                    outcome: outcome.clone(),
                    old: old_state.clone(),
                    new: new_state.clone(),
                    because,
                });
            }
            if flipped {
                impact.leads_flipped += 1;
            }
        }
        impact
    }
}

fn count(c: &mut StageCounts, row: &Row) {
    c.leads += 1;
    c.mql += usize::from(row.mql == Some(true));
    c.sal += usize::from(row.sal == Some(true));
    c.sql += usize::from(row.sql == Some(true));
}
