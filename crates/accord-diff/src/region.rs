//! Impact without data: for each change, the leads whose verdict flips,
//! described from the policy alone by set reasoning over the comparison
//! that changed — and shown on a witness, a synthetic lead built inside
//! the described region (`witness/`) and run through both versions
//! with the real evaluator. A description is printed only with a witness
//! that flips; where a region cannot be described exactly, the report says
//! so instead of guessing. Each policy that holds the changed clause (in
//! its own file or one it imports) gives its own regions.
//!
//! Described exactly: a comparison that changed inside a requirement every
//! MQL must meet (directly in the MQL definition or in a fit it requires,
//! however deep), a named list such a comparison reads, an SLA limit (in
//! minutes or hours), and a new exclusion. A changed tier condition is
//! not an MQL requirement: the report says which tier it decides.

use crate::change::{Change, Site};
use crate::sets::{Accepted, Interval};
use crate::version::{Entry, Version};
use crate::witness::{Builder, Defs, Goal};
use accord_syntax::ast::{self, Condition, ConditionKind, InstantExpr, Item, Operand, TestKind};
use accord_syntax::number::format_number;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value as Json;

/// A synthetic lead inside a region, and what each version decided.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Witness {
    /// What places it in the region: `lead_score = 58.6`.
    pub facts: String,
    /// `MQL: no`, `first_response: met`.
    pub old: String,
    pub new: String,
    pub lead: Json,
}

/// The leads one change flips.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Region {
    /// The change, as one sentence.
    pub change: String,
    /// The region in words (present only with a witness).
    pub description: Option<String>,
    pub witness: Option<Witness>,
    /// Why no region is shown.
    pub not_shown: Option<String>,
    /// The agreements whose policy holds the changed clause and gives this
    /// region, when the versions hold several policies (a policy without an
    /// agreement header is named by its file); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agreements: Vec<String>,
}

impl Region {
    /// The region in words: the agreements it is in (when there are
    /// several policies), then its description and witness, or why none is
    /// shown.
    pub fn explained(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.agreements.is_empty() {
            out.push(format!("in {}", self.agreements.join(", ")));
        }
        match (&self.description, &self.witness) {
            (Some(d), Some(w)) => {
                out.push(d.clone());
                out.push(format!(
                    "witness: {} — old {}, new {}",
                    w.facts, w.old, w.new
                ));
            }
            _ => out.push(format!(
                "region not shown: {}",
                self.not_shown.as_deref().unwrap_or("no reason recorded")
            )),
        }
        out
    }

    /// Whether two regions say the same (whatever agreements they are in).
    pub fn same_finding(&self, other: &Region) -> bool {
        self.change == other.change
            && self.description == other.description
            && self.witness == other.witness
            && self.not_shown == other.not_shown
    }
}

/// The regions of every change between two compiled versions of one policy
/// whose clause is in that policy (its file or one it imports).
pub fn regions(
    changes: &[Change],
    versions: (&Version, &Version),
    old: &Entry,
    new: &Entry,
    as_of: DateTime<Utc>,
) -> Vec<Region> {
    let mut out = Vec::new();
    let cx = Ctx {
        old,
        new,
        new_version: versions.1,
        as_of,
    };
    let in_policy = |c: &&Change| {
        c.spans.0.is_some_and(|s| old.reads(s.file)) || c.spans.1.is_some_and(|s| new.reads(s.file))
    };
    for c in changes.iter().filter(in_policy) {
        let sentence = c.sentence();
        let found = match &c.site {
            Some(Site::Comparison { def, operand, old: a, new: b }) => cx.comparison(def, operand, a, b),
            Some(Site::List { name }) => cx.list(name),
            Some(Site::SlaLimit { sla, tier }) => cx.sla(sla, *tier).into_iter().collect(),
            Some(Site::NewExclusion { name }) => cx.exclusion(name).into_iter().collect(),
            Some(Site::TierCondition { tier }) => vec![Err(format!(
                "tier {tier}'s condition is not an MQL requirement: it decides which leads are tier {tier} (and so which SLA limits apply to them), and which leads move between tiers depends on the rest of each lead; `--leads FILE` lists the real ones"
            ))],
            None if c.direction.is_some_and(|d| d.moves_leads()) && c.subject != "agreement" => vec![Err(
                "this kind of change has no exact region from the policy alone; `--leads FILE` lists the real leads it flips".to_string(),
            )],
            None => continue,
        };
        if found.is_empty() {
            out.push(Region {
                change: sentence.clone(),
                description: None,
                witness: None,
                not_shown: Some("no verdict depends on this clause alone".to_string()),
                agreements: Vec::new(),
            });
        }
        for r in found {
            out.push(match r {
                Ok((description, witness)) => Region {
                    change: sentence.clone(),
                    description: Some(description),
                    witness: Some(witness),
                    not_shown: None,
                    agreements: Vec::new(),
                },
                Err(why) => Region {
                    change: sentence.clone(),
                    description: None,
                    witness: None,
                    not_shown: Some(why),
                    agreements: Vec::new(),
                },
            });
        }
    }
    out
}

type Found = Result<(String, Witness), String>;

struct Ctx<'a> {
    old: &'a Entry,
    new: &'a Entry,
    /// For quoting the new version's clauses.
    new_version: &'a Version,
    as_of: DateTime<Utc>,
}

/// Whether `def` (a fit's name, or `mql`) is a requirement every MQL must
/// meet: the MQL definition itself, or a fit its `all of` requires
/// (directly or through other fits), never under `not` or `any of`.
fn on_mql_chain(defs: &Defs, def: &str) -> bool {
    if def == "mql" {
        return defs.stage("mql").is_some();
    }
    let Some(mql) = defs.stage("mql") else {
        return false;
    };
    let mut work: Vec<&Condition> = vec![mql];
    let mut seen: Vec<String> = Vec::new();
    while let Some(c) = work.pop() {
        match &c.kind {
            ConditionKind::All(cs) => work.extend(cs.iter()),
            ConditionKind::Ref(i) => {
                if i.name == def {
                    return true;
                }
                if seen.contains(&i.name) {
                    continue;
                }
                seen.push(i.name.clone());
                if let Some(conds) = defs.fit(&i.name) {
                    work.extend(conds);
                }
            }
            _ => {}
        }
    }
    false
}

fn operand_name(o: &Operand) -> String {
    crate::conditions::operand_words(o)
}

fn values_words(values: &[String]) -> String {
    match values {
        [one] => one.clone(),
        many => format!("one of {}", many.join(", ")),
    }
}

impl Ctx<'_> {
    fn defs_old(&self) -> Defs<'_> {
        Defs {
            files: &self.old.files,
        }
    }
    fn defs_new(&self) -> Defs<'_> {
        Defs {
            files: &self.new.files,
        }
    }

    fn builder<'b>(&'b self, entry: &'b Entry) -> Builder<'b> {
        Builder {
            defs: Defs {
                files: &entry.files,
            },
            schema: entry.compiled.schema(),
            as_of: self.as_of,
        }
    }

    fn decide(&self, entry: &Entry, lead: &Json) -> Option<accord_eval::Decision> {
        let lead = entry.decoder.decode_value(lead, 1, None).ok()?;
        Some(entry.compiled.evaluate(&lead, self.as_of, false))
    }

    /// A comparison whose accepted values changed.
    fn comparison(&self, def: &str, operand: &Operand, a: &Accepted, b: &Accepted) -> Vec<Found> {
        if !on_mql_chain(&self.defs_new(), def) || !on_mql_chain(&self.defs_old(), def) {
            return vec![Err(format!(
                "`{def}` is not a requirement every MQL must meet, so which leads flip depends on the rest of each lead; `--leads FILE` lists the real ones"
            ))];
        }
        let mut out = Vec::new();
        for gained in [true, false] {
            let (from, to) = if gained { (b, a) } else { (a, b) };
            let region: Option<(Accepted, String)> = if let Some(nums) = from.numbers_minus(to) {
                (!nums.is_empty()).then(|| {
                    let words = nums
                        .iter()
                        .map(|i| i.words(&|n| format_number(n, None)))
                        .collect::<Vec<_>>()
                        .join(" or ");
                    (Accepted::Numbers(nums), words)
                })
            } else if let Some(vals) = from.values_minus(to) {
                (!vals.is_empty()).then(|| {
                    let words = values_words(&vals);
                    (
                        Accepted::Values {
                            member: true,
                            values: vals,
                        },
                        words,
                    )
                })
            } else {
                match (from, to) {
                    (Accepted::Values { .. }, Accepted::Values { .. })
                    | (Accepted::Recent(_), _)
                    | (Accepted::Older(_), _) => {
                        out.push(Err(format!("the values of {} that flip are not a finite list or a range of numbers", operand_name(operand))));
                    }
                    _ => {}
                }
                None
            };
            let Some((set, words)) = region else { continue };
            let verb = if gained {
                "now qualify as MQL"
            } else {
                "no longer qualify as MQL"
            };
            let version = if gained { "the new" } else { "the old" };
            let description = format!(
                "leads with {} {words} that meet every other MQL requirement (as {version} version reads them) {verb}",
                operand_name(operand)
            );
            out.push(
                self.mql_witness(operand, &set, gained)
                    .map(|w| (description, w)),
            );
        }
        out
    }

    /// Builds a lead with `operand` in `set` that qualifies under the new
    /// version (`gained`) or the old one, and checks that it flips.
    fn mql_witness(
        &self,
        operand: &Operand,
        set: &Accepted,
        gained: bool,
    ) -> Result<Witness, String> {
        let (qualifying, other) = if gained {
            (self.new, self.old)
        } else {
            (self.old, self.new)
        };
        let builder = self.builder(qualifying);
        let mut goal = Goal::default();
        let mql = builder.defs.stage("mql").ok_or("no MQL definition")?;
        if !(builder.constrain(&mut goal, operand, set, true)
            && builder.satisfy(&mut goal, mql, true, 0))
        {
            return Err(
                "no lead can be built in this region: the other requirements contradict it"
                    .to_string(),
            );
        }
        let goal = self
            .reach_scores(&builder, qualifying, goal)
            .ok_or("no synthetic lead reached the scores this region needs")?;
        let lead = builder
            .lead(&goal, "WITNESS")
            .ok_or("no synthetic lead fits the schema")?;
        let (d_yes, d_no) = (
            self.decide(qualifying, &lead)
                .ok_or("the synthetic lead does not read")?,
            self.decide(other, &lead)
                .ok_or("the synthetic lead does not read")?,
        );
        if !d_yes.mql() || d_no.mql() {
            return Err("no synthetic lead in this region flipped".to_string());
        }
        let facts = match operand {
            Operand::Name(i) => match d_yes.scores.iter().find(|s| *s.name == *i.name) {
                Some(s) => format!(
                    "{} = {}",
                    i.name,
                    s.value.map_or("—".to_string(), |v| format_number(
                        (v * 10.0).round() / 10.0,
                        None
                    ))
                ),
                None => format!(
                    "{} = {}",
                    i.name,
                    lead.get(&i.name).map_or("—".to_string(), Json::to_string)
                ),
            },
            Operand::DomainOf(i, _) => format!(
                "{} = {}",
                i.name,
                lead.get(&i.name).map_or("—".to_string(), Json::to_string)
            ),
        };
        let (old, new) = if gained {
            ("MQL: no", "MQL: yes")
        } else {
            ("MQL: yes", "MQL: no")
        };
        Ok(Witness {
            facts,
            old: old.into(),
            new: new.into(),
            lead,
        })
    }

    /// Adds what the scores of `goal` need, reading them back from the
    /// evaluator, until each lies in its allowed values.
    fn reach_scores(&self, builder: &Builder, entry: &Entry, mut goal: Goal) -> Option<Goal> {
        for _ in 0..80 {
            let lead = builder.lead(&goal, "WITNESS")?;
            let decision = self.decide(entry, &lead)?;
            let value = |g: &Goal, name: &str| -> Option<f64> {
                let lead = builder.lead(g, "WITNESS")?;
                self.decide(entry, &lead)?
                    .scores
                    .iter()
                    .find(|s| &*s.name == name)?
                    .value
            };
            let failing = goal.scores.iter().find_map(|(name, allowed)| {
                let v = decision.scores.iter().find(|s| *s.name == **name)?.value?;
                (!allowed.iter().any(|i| i.contains(v))).then(|| (name.clone(), allowed.clone(), v))
            });
            let Some((name, allowed, v)) = failing else {
                return Some(goal);
            };
            let target: Vec<Interval> = goal
                .scores
                .iter()
                .filter(|(n, _)| *n == name)
                .fold(allowed.clone(), |acc, (_, a)| {
                    crate::witness::intersect(&acc, a)
                });
            let first = target.first()?;
            let up = first.lo.is_some_and(|l| v < l.at);
            let mut best: Option<(Goal, f64)> = None;
            for m in builder.score_moves(&goal, &name, up) {
                let Some(w) = value(&m, &name) else { continue };
                if target.iter().any(|i| i.contains(w)) {
                    best = Some((m, w));
                    break;
                }
                let progress = if up {
                    w > v && first.hi.is_none_or(|h| w < h.at)
                } else {
                    w < v && first.lo.is_none_or(|l| w > l.at)
                };
                let better = best
                    .as_ref()
                    .is_none_or(|(_, b)| if up { w > *b } else { w < *b });
                if progress && better {
                    best = Some((m, w));
                }
            }
            goal = best?.0;
        }
        None
    }

    /// A named list whose values changed: every comparison on the MQL
    /// chain that reads it.
    fn list(&self, name: &str) -> Vec<Found> {
        let mut out = Vec::new();
        let defs = self.defs_new();
        let uses: Vec<(String, &Operand, &TestKind)> = chain_comparisons(&defs)
            .into_iter()
            .filter(|(_, _, t)| matches!(t, TestKind::InList(l) | TestKind::NotInList(l) if l.name == name))
            .collect();
        for (def, operand, test) in uses {
            let old_lists = |l: &str| {
                Defs {
                    files: &self.old.files,
                }
                .list_values(l)
            };
            let new_lists = |l: &str| defs.list_values(l);
            let (Some(a), Some(b)) = (
                crate::sets::accepted(test, &old_lists),
                crate::sets::accepted(test, &new_lists),
            ) else {
                continue;
            };
            out.extend(self.comparison(&def, operand, &a, &b));
        }
        out
    }

    /// An SLA limit that changed.
    fn sla(&self, name: &str, tier: Option<u32>) -> Option<Found> {
        let find = |e: &Entry| -> Option<ast::Sla> {
            e.files
                .iter()
                .flat_map(|f| f.items.iter())
                .find_map(|i| match i {
                    Item::Sla(s) if s.name.name == name => Some(s.clone()),
                    _ => None,
                })
        };
        let (a, b) = (find(self.old)?, find(self.new)?);
        let limit = |s: &ast::Sla| -> Option<f64> {
            let l = s
                .limits
                .iter()
                .find(|l| l.tier.map(|t| t.0) == tier)
                .or_else(|| s.limits.iter().find(|l| l.tier.is_none()))?;
            if !matches!(l.within.unit, ast::TimeUnit::Minutes | ast::TimeUnit::Hours) {
                return None;
            }
            Some(
                l.within.amount
                    * if l.within.unit == ast::TimeUnit::Hours {
                        3600.0
                    } else {
                        60.0
                    },
            )
        };
        let (Some(la), Some(lb)) = (limit(&a), limit(&b)) else {
            return Some(Err("limits in business days have no exact region in minutes; `--leads FILE` lists the real leads that flip".into()));
        };
        let InstantExpr::Field(start) = &b.start else {
            return Some(Err("the clock starts at an event, not a field".into()));
        };
        let InstantExpr::NthEvent { n: 1, pattern, .. } = &b.stop else {
            return Some(Err("the clock stops at a field or a later event".into()));
        };
        let stop_text = crate::canon::clause_text(&self.new_version.sources, pattern.span);
        let stop_words = stop_text
            .strip_prefix("the ")
            .unwrap_or(&stop_text)
            .to_string();
        let (lo, hi) = (la.min(lb), la.max(lb));
        let tighter = lb < la;
        let minutes = |s: f64| format_number(s / 60.0, None);
        let who = tier.map_or("leads".to_string(), |t| format!("tier {t} leads"));
        let description = format!(
            "{who} the SLA applies to whose {stop_words} came more than {} and at most {} business minutes after {} {}",
            minutes(lo),
            minutes(hi),
            start.name,
            if tighter { format!("now breach {name} (they met it)") } else { format!("now meet {name} (they breached it)") }
        );
        Some(
            self.sla_witness(&a, &b, start, pattern, tier, (lo + hi) / 2.0, tighter)
                .map(|mut w| {
                    w.facts = format!("{stop_words} {}", w.facts);
                    (description, w)
                }),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn sla_witness(
        &self,
        a: &ast::Sla,
        b: &ast::Sla,
        start: &ast::Ident,
        stop: &ast::EventPattern,
        tier: Option<u32>,
        elapsed: f64,
        tighter: bool,
    ) -> Result<Witness, String> {
        let mut goal = Goal::default();
        for (entry, sla) in [(self.old, a), (self.new, b)] {
            let builder = self.builder(entry);
            if let Some(applies) = &sla.applies {
                if !builder.satisfy(&mut goal, applies, true, 0) {
                    return Err("no lead the SLA applies to could be built".into());
                }
            }
            if let Some(t) = tier {
                if !tier_goal(&builder, &mut goal, t) {
                    return Err(format!("no tier {t} lead could be built"));
                }
            }
        }
        let builder = self.builder(self.new);
        let goal = self
            .reach_scores(&builder, self.new, goal)
            .ok_or("no lead reached the scores the SLA needs")?;
        let goal = self
            .reach_scores(&self.builder(self.old), self.old, goal)
            .ok_or("no lead reached the scores the SLA needs")?;
        let name = &b.name.name;
        for days in 3..30 {
            for hour in [14, 15, 16] {
                let day = (self.as_of - chrono::Duration::days(days)).date_naive();
                let Some(s) = day.and_hms_opt(hour, 0, 0).map(|t| t.and_utc()) else {
                    continue;
                };
                let mut g = goal.clone();
                builder.set_instant(&mut g, &start.name, s);
                if !builder.add_event_at(
                    &mut g,
                    stop,
                    s + chrono::Duration::seconds(elapsed as i64),
                ) {
                    return Err("the stopping event cannot be built".into());
                }
                let Some(lead) = builder.lead(&g, "WITNESS") else {
                    continue;
                };
                let (Some(da), Some(db)) =
                    (self.decide(self.old, &lead), self.decide(self.new, &lead))
                else {
                    continue;
                };
                let (Some(sa), Some(sb)) = (da.sla(name), db.sla(name)) else {
                    continue;
                };
                use accord_eval::SlaState::*;
                let flipped = if tighter {
                    sa.state == Met && sb.state == Breached
                } else {
                    sa.state == Breached && sb.state == Met
                };
                let right_tier = tier.is_none_or(|t| db.tier == Some(t) && da.tier == Some(t));
                if flipped && right_tier {
                    return Ok(Witness {
                        facts: format!(
                            "{} business minutes after {}",
                            format_number(elapsed / 60.0, None),
                            start.name
                        ),
                        old: format!("{name}: {}", sa.state.word()),
                        new: format!("{name}: {}", sb.state.word()),
                        lead,
                    });
                }
            }
        }
        Err("no synthetic lead in this region flipped (business hours and holidays left no instant to start the clock)".into())
    }

    /// A new exclusion.
    fn exclusion(&self, name: &str) -> Option<Found> {
        let defs = self.defs_new();
        let e = defs.exclusion(name)?;
        let builder = self.builder(self.old);
        let mut goal = Goal::default();
        let mql = builder.defs.stage("mql")?;
        let new_builder = self.builder(self.new);
        if !(builder.satisfy(&mut goal, mql, true, 0)
            && new_builder.satisfy_exclusion(&mut goal, e, true))
        {
            return Some(Err(
                "no lead that qualifies under the old version matches the new exclusion".into(),
            ));
        }
        let goal = match self.reach_scores(&builder, self.old, goal) {
            Some(g) => g,
            None => {
                return Some(Err(
                    "no synthetic lead reached the scores this region needs".into(),
                ))
            }
        };
        let lead = builder.lead(&goal, "WITNESS")?;
        let (da, db) = (self.decide(self.old, &lead)?, self.decide(self.new, &lead)?);
        if !(da.mql() && !db.mql() && db.exclusions.iter().any(|x| &*x.name == name)) {
            return Some(Err("no synthetic lead in this region flipped".into()));
        }
        let description = format!(
            "leads that qualified as MQL and match `{}` are now excluded by {name}{}",
            crate::canon::clause_text(&self.new_version.sources, e.when.span),
            e.route
                .as_ref()
                .map_or(String::new(), |r| format!(" (routed to {:?})", r.value))
        );
        Some(Ok((
            description,
            Witness {
                facts: format!("matches exclusion {name}"),
                old: "MQL: yes".into(),
                new: format!("MQL: no (excluded by {name})"),
                lead,
            },
        )))
    }
}

/// Makes the lead tier `t`: tier `t`'s condition holds, every earlier
/// tier's fails.
fn tier_goal(builder: &Builder, goal: &mut Goal, t: u32) -> bool {
    let Some(tiers) = builder.defs.tiers() else {
        return false;
    };
    for rule in &tiers.tiers {
        match (&rule.condition, rule.number == t) {
            (Some(c), true) => return builder.satisfy(goal, c, true, 0),
            (None, true) => return true,
            (Some(c), false) => {
                if !builder.satisfy(goal, c, false, 0) {
                    return false;
                }
            }
            (None, false) => return false,
        }
    }
    false
}

/// Every comparison line of the MQL chain: (definition, operand, test).
fn chain_comparisons<'a>(defs: &Defs<'a>) -> Vec<(String, &'a Operand, &'a TestKind)> {
    let mut out = Vec::new();
    let Some(mql) = defs.stage("mql") else {
        return out;
    };
    let mut work: Vec<(String, &Condition)> = vec![("mql".to_string(), mql)];
    let mut seen: Vec<String> = Vec::new();
    while let Some((def, c)) = work.pop() {
        match &c.kind {
            ConditionKind::All(cs) => work.extend(cs.iter().map(|c| (def.clone(), c))),
            ConditionKind::Compare { subject, test } => out.push((def, subject, &test.kind)),
            ConditionKind::Ref(i) if !seen.contains(&i.name) => {
                seen.push(i.name.clone());
                if let Some(conds) = defs.fit(&i.name) {
                    work.extend(conds.into_iter().map(|c| (i.name.clone(), c)));
                }
            }
            _ => {}
        }
    }
    out
}
