//! Lowering a policy set (imports first, entry last) to a [`CompiledPolicy`].
//!
//! Two passes: first every definition gets an index (so references may
//! point forward and across files), then every body is lowered with names
//! resolved to slots and indices. The checker normally rejects bad policies
//! first; this pass still never panics on an unchecked one — whatever it
//! cannot resolve becomes a [`Diagnostic`] and compilation fails.

mod cond;
mod flat;
mod meaning;
mod metric;
mod rules;

use crate::plan::*;
use accord_records::Schema;
use accord_syntax::ast;
use accord_syntax::{Diagnostic, SourceMap, Span};
#[cfg(test)]
pub(crate) use flat::leaf as flat_leaf;
use std::collections::HashMap;

/// What a name refers to at the policy level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Def {
    Fit(Idx<FitDef>),
    Score(Idx<ScoreDef>),
    Trigger(Idx<TriggerDef>),
    Exclusion(Idx<ExclusionDef>),
    Stage(Idx<StageDef>),
    Sla(Idx<SlaDef>),
    List(Idx<LitSet>),
    Calendar(Idx<CalendarDef>),
    Reason(Idx<ReasonDef>),
}

/// Compilation state.
pub(crate) struct Cx<'a> {
    pub schema: &'a Schema,
    pub sources: &'a SourceMap,
    pub diags: Vec<Diagnostic>,
    pub srcs: Vec<Src>,
    pub names: HashMap<String, Def>,
    /// The stream whose events a `where` filter reads, while lowering one.
    pub event_stream: Option<usize>,
    /// Paths as shown in `file:line` (relative to the policy set's common
    /// directory, so explanations do not depend on where the files are).
    pub display: HashMap<accord_syntax::FileId, String>,
    /// A trigger's `within the last N` while lowering its items.
    pub default_window: Option<(Dur, String)>,
    /// How many times conditions refer to each fit, by index (for
    /// [`flat::flatten`], which inlines a fit referred to once).
    pub fit_references: Vec<u32>,
    /// Each list's values as explanations show them, by index, as the
    /// lists are lowered (for the thresholds of comparisons written at
    /// compile time: [`crate::plan::Compared`]).
    pub lists_shown: Vec<String>,
    /// Each field's slot by its name (the first field of a name, as
    /// [`Schema::slot`] finds it), so that a policy of thousands of fields
    /// does not search them all for every name a condition reads.
    pub slots: HashMap<&'a str, usize>,
}

impl<'a> Cx<'a> {
    /// The slot of the lead field `name` ([`Schema::slot`], looked up).
    pub fn slot(&self, name: &str) -> Option<usize> {
        self.slots.get(name).copied()
    }

    /// Records the source text (the whole clause, not a block's body) and
    /// location of a clause.
    pub fn src(&mut self, span: Span) -> SrcId {
        let text = self
            .sources
            .get(span.file)
            .and_then(|f| f.text.get(span.range()))
            .map(clause_text)
            .unwrap_or_default();
        let loc = self.location(span);
        let id = self.srcs.len() as SrcId;
        self.srcs.push(Src {
            text: text.into(),
            loc: loc.into(),
            compared: None,
            title: None,
        });
        id
    }
    /// `file:line` of a span (the path relative to the policy set's
    /// common directory).
    pub fn location(&self, span: Span) -> String {
        match (self.display.get(&span.file), self.sources.get(span.file)) {
            (Some(path), Some(f)) => format!("{path}:{}", f.line_col(span.start as usize).0),
            _ => self.sources.location(span),
        }
    }
    /// The exact source text of a span (all lines, whitespace collapsed).
    pub fn text(&self, span: Span) -> String {
        self.sources
            .get(span.file)
            .and_then(|f| f.text.get(span.range()))
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    }
    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::error("accord::eval-compile", span, message));
    }
    pub fn def(&self, name: &str) -> Option<Def> {
        self.names.get(name).copied()
    }
    fn register(&mut self, ident: &ast::Ident, def: Def) {
        if self.names.contains_key(&ident.name) {
            self.diags.push(
                Diagnostic::error(
                    "accord::eval-compile",
                    ident.span,
                    format!("`{}` is defined more than once", ident.name),
                )
                .with_help("give each definition its own name"),
            );
        } else {
            self.names.insert(ident.name.clone(), def);
        }
    }
}

/// A clause as shown in explanations: its lines up to the end of the
/// clause or the `:` that opens a block (a definition's header), each
/// trimmed and joined by one space, so a condition that goes on in the next
/// line (`tier 1 when … \n or …`, as `accord fmt` wraps long clauses) is
/// shown whole; comment lines are left out.
fn clause_text(text: &str) -> String {
    let mut clause = String::new();
    for line in text.lines().map(|l| accord_syntax::strip_comment(l).trim()) {
        if line.is_empty() {
            continue;
        }
        if !clause.is_empty() {
            clause.push(' ');
        }
        clause.push_str(line);
        if line.ends_with(':') {
            break;
        }
    }
    let clause = clause.strip_suffix(':').unwrap_or(&clause).trim_end();
    clause.to_string()
}

/// Each file's path with the directory common to all of them removed
/// (`/x/policies/a.accord` + `/x/policies/shared/s.accord` → `a.accord`,
/// `shared/s.accord`).
pub(crate) fn display_paths(
    files: &[ast::Policy],
    sources: &SourceMap,
) -> HashMap<accord_syntax::FileId, String> {
    let paths: Vec<(accord_syntax::FileId, Vec<&str>)> = files
        .iter()
        .filter_map(|f| {
            sources
                .get(f.file)
                .map(|s| (f.file, s.path.split(['/', '\\']).collect()))
        })
        .collect();
    let mut common = paths.first().map_or(0, |(_, p)| p.len().saturating_sub(1));
    for (_, p) in &paths {
        let dir = p.len().saturating_sub(1);
        let same = paths.first().map_or(0, |(_, first)| {
            first
                .iter()
                .zip(p.iter())
                .take(dir)
                .take_while(|(a, b)| a == b)
                .count()
        });
        common = common.min(same).min(dir);
    }
    paths
        .into_iter()
        .map(|(id, p)| (id, p.get(common..).unwrap_or_default().join("/")))
        .collect()
}

/// FNV-1a 64 ([`accord_records::Fnv1a`]) over each file's path and text
/// (separated by NUL bytes), hex. Plenty to tell versions apart in output
/// rows; not a security hash, so no extra dependency.
pub(crate) fn content_hash<'s>(files: impl IntoIterator<Item = (&'s str, &'s str)>) -> String {
    use std::hash::Hasher as _;
    let mut h = accord_records::Fnv1a::default();
    for (path, text) in files {
        h.write(path.as_bytes());
        h.write(&[0]);
        h.write(text.as_bytes());
        h.write(&[0]);
    }
    format!("{:016x}", h.finish())
}

/// Lowers a (checked) policy set — imports first, entry last — to an
/// evaluation plan. Never panics: anything that cannot be resolved is
/// returned as diagnostics.
pub fn compile(
    files: &[ast::Policy],
    schema: &Schema,
    sources: &SourceMap,
) -> Result<CompiledPolicy, Vec<Diagnostic>> {
    let mut cx = Cx {
        schema,
        sources,
        diags: Vec::new(),
        srcs: Vec::new(),
        lists_shown: Vec::new(),
        names: HashMap::new(),
        event_stream: None,
        default_window: None,
        fit_references: Vec::new(),
        display: display_paths(files, sources),
        slots: HashMap::new(),
    };
    for (slot, field) in schema.fields.iter().enumerate() {
        cx.slots.entry(field.name.as_str()).or_insert(slot);
    }
    let items: Vec<&ast::Item> = files.iter().flat_map(|f| f.items.iter()).collect();

    // Pass 1: indices for every named definition.
    let mut counts = [0usize; 9];
    for item in &items {
        let (ident, slot, make): (&ast::Ident, usize, fn(usize) -> Def) = match item {
            ast::Item::Fit(x) => (&x.name, 0, |i| Def::Fit(Idx::new(i))),
            ast::Item::Score(x) => (&x.name, 1, |i| Def::Score(Idx::new(i))),
            ast::Item::Trigger(x) => (&x.name, 2, |i| Def::Trigger(Idx::new(i))),
            ast::Item::Exclusion(x) => (&x.name, 3, |i| Def::Exclusion(Idx::new(i))),
            ast::Item::Stage(x) => (&x.keyword, 4, |i| Def::Stage(Idx::new(i))),
            ast::Item::Sla(x) => (&x.name, 5, |i| Def::Sla(Idx::new(i))),
            ast::Item::List(x) => (&x.name, 6, |i| Def::List(Idx::new(i))),
            ast::Item::Calendar(x) => (&x.name, 7, |i| Def::Calendar(Idx::new(i))),
            ast::Item::Rejections(r) => {
                for reason in &r.reasons {
                    if let Some(n) = counts.get_mut(8) {
                        let def = Def::Reason(Idx::new(*n));
                        *n += 1;
                        cx.register(&reason.code, def);
                    }
                }
                continue;
            }
            _ => continue,
        };
        if let Some(n) = counts.get_mut(slot) {
            let def = make(*n);
            *n += 1;
            cx.register(ident, def);
        }
    }

    // Pass 2: bodies, in index order per kind.
    let meta = meta(files, sources);
    let mut plan = CompiledPolicy {
        label: meta.label().into(),
        policy_ref: std::sync::Arc::new(crate::plan::PolicyRef {
            name: meta.name.clone(),
            version: meta.version.clone(),
            hash: meta.hash.clone(),
        }),
        meta,
        schema: schema.clone(),
        stream_names: schema
            .streams
            .iter()
            .map(|s| {
                // The stream's name made singular, once for all its kinds.
                let word = accord_records::schema::singular(&s.name);
                StreamNames {
                    name: s.name.as_str().into(),
                    kinds: s.kinds.iter().map(|k| k.as_str().into()).collect(),
                    line_starts: s
                        .kinds
                        .iter()
                        .map(|k| crate::text::string_of(EventLineStart(&word, k)).into())
                        .collect(),
                }
            })
            .collect(),
        field_names: schema
            .fields
            .iter()
            .map(|f| f.name.as_str().into())
            .collect(),
        actionable_fields: Vec::new(),
        read_by: Default::default(),
        mql_score_threshold: None,
        srcs: std::sync::Arc::from(Vec::new()),
        lists: Defs::default(),
        calendars: Defs::default(),
        fits: Defs::default(),
        scores: Defs::default(),
        triggers: Defs::default(),
        exclusions: Defs::default(),
        stages: Defs::default(),
        tiers: None,
        slas: Defs::default(),
        persistence: None,
        reasons: Defs::default(),
        recycling: None,
        handoff: None,
        stages_show_exclusions: false,
        rejection_reason_slot: None,
        rejected_at_slot: None,
        metric_specs: Vec::new(),
        metric_plans: Vec::new(),
        breaches: Vec::new(),
        reporting: crate::metrics::ReportingRules::default(),
        meanings: std::sync::Arc::new(meaning::meanings(&items)),
        other_versions: Vec::new(),
        flat: crate::plan::Flat::default(),
        identity: accord_records::per_thread::Identity::new(),
        inputs: std::sync::Arc::new(crate::plan::CompileInputs {
            files: files.to_vec(),
            schema: schema.clone(),
            sources: sources.clone(),
        }),
    };
    for item in &items {
        match item {
            ast::Item::List(l) => {
                let lits: Vec<Lit> = l
                    .values
                    .iter()
                    .filter_map(|v| cx.literal(v, false))
                    .collect();
                let list = LitSet::from_lits(&lits);
                cx.lists_shown.push(list.shown.clone());
                plan.lists.push(list);
            }
            ast::Item::Calendar(c) => {
                if let Some(cal) = cx.calendar(c) {
                    plan.calendars.push(cal);
                }
            }
            ast::Item::Fit(f) => {
                let conditions = f.conditions.iter().filter_map(|c| cx.cond(c)).collect();
                let src = cx.src(f.span);
                plan.fits.push(FitDef {
                    name: f.name.name.as_str().into(),
                    title: f.title.as_ref().map(|t| t.value.clone()),
                    conditions,
                    src,
                });
            }
            ast::Item::Score(s) => {
                if let Some(score) = cx.score(s) {
                    plan.scores.push(score);
                }
            }
            ast::Item::Trigger(t) => {
                let default = t.window.as_ref().map(|d| cx.dur_plain(d));
                let default_text = t.window.as_ref().map(|d| cx.text(d.span));
                let items = t
                    .items
                    .iter()
                    .filter_map(|c| cx.cond_in_window(c, default, default_text.as_deref()))
                    .collect();
                let src = cx.src(t.span);
                plan.triggers.push(TriggerDef {
                    name: t.name.name.as_str().into(),
                    title: t.title.as_ref().map(|s| s.value.clone()),
                    any: t.any,
                    items,
                    src,
                });
            }
            ast::Item::Exclusion(e) => {
                let when = cx.cond(&e.when);
                let unless = match &e.unless {
                    None => Some(None),
                    Some(u) => cx.cond(u).map(Some),
                };
                let src = cx.src(e.span);
                if let (Some(when), Some(unless)) = (when, unless) {
                    plan.exclusions.push(ExclusionDef {
                        name: e.name.name.as_str().into(),
                        title: e.title.as_ref().map(|s| s.value.clone()),
                        when,
                        unless,
                        route: e.route.as_ref().map(|r| r.value.as_str().into()),
                        src,
                    });
                }
            }
            ast::Item::Stage(s) => {
                let src = cx.src(s.span);
                if let Some(condition) = cx.cond(&s.condition) {
                    plan.stages.push(StageDef {
                        kind: match s.kind {
                            ast::StageKind::Mql => StageKind::Mql,
                            ast::StageKind::Sal => StageKind::Sal,
                            ast::StageKind::Sql => StageKind::Sql,
                        },
                        title: s.title.as_ref().map(|t| t.value.clone()),
                        condition,
                        src,
                    });
                }
            }
            ast::Item::Tiers(t) => {
                if plan.tiers.is_some() {
                    cx.error(t.span, "only one `tiers` block is allowed");
                    continue;
                }
                let src = cx.src(t.span);
                let mut tiers = Vec::new();
                for rule in &t.tiers {
                    let condition = match &rule.condition {
                        Some(c) => match cx.cond(c) {
                            Some(c) => Some(c),
                            None => continue,
                        },
                        None => None,
                    };
                    let src = cx.src(rule.span);
                    tiers.push(TierDef {
                        number: rule.number,
                        condition,
                        src,
                    });
                }
                plan.tiers = Some(TiersDef {
                    title: t.title.as_ref().map(|s| s.value.clone()),
                    tiers,
                    src,
                });
            }
            ast::Item::Sla(s) => {
                if let Some(sla) = cx.sla(s) {
                    plan.slas.push(sla);
                }
            }
            ast::Item::Persistence(p) => {
                if plan.persistence.is_some() {
                    cx.error(p.span, "only one `persistence` block is allowed");
                } else {
                    plan.persistence = cx.persistence(p);
                }
            }
            ast::Item::Rejections(r) => {
                for reason in &r.reasons {
                    plan.reasons.push(cx.reason(reason));
                }
            }
            ast::Item::Recycling(r) => {
                if plan.recycling.is_some() {
                    cx.error(r.span, "only one `recycling` block is allowed");
                } else {
                    plan.recycling = Some(cx.recycling(r));
                }
            }
            ast::Item::Handoff(h) => {
                if plan.handoff.is_some() {
                    cx.error(h.span, "only one `handoff` block is allowed");
                } else {
                    plan.handoff = Some(cx.handoff(h));
                }
            }
            ast::Item::Metric(m) => {
                if let Some((spec, metric_plan)) = cx.metric(m) {
                    plan.metric_specs.push(spec);
                    plan.metric_plans.push(metric_plan);
                }
            }
            ast::Item::Import(_)
            | ast::Item::Agreement(_)
            | ast::Item::Fields(_)
            | ast::Item::Breach(_)
            | ast::Item::Drift(_) => {}
        }
    }
    // Breaches name metrics (declared anywhere in the set); the agreement
    // header (the entry file's, the last one) sets the reporting rules.
    for item in &items {
        match item {
            ast::Item::Breach(b) => {
                if let Some(spec) = cx.breach(b, &plan.metric_specs) {
                    plan.breaches.push(spec);
                }
            }
            ast::Item::Agreement(a) => plan.reporting = cx.reporting(a, !plan.calendars.is_empty()),
            _ => {}
        }
    }
    // Defaults for the recycling fields when the block does not name them.
    if let Some(rec) = plan.recycling.as_mut() {
        rec.reason_field = rec.reason_field.or_else(|| schema.slot("rejection_reason"));
        rec.rejected_at_field = rec.rejected_at_field.or_else(|| schema.slot("rejected_at"));
        rec.count_field = rec.count_field.or_else(|| schema.slot("recycle_count"));
        // F.3 placement: business days on the policy's (first) calendar; a
        // timestamp field named `nurture_placed_at` records the placement.
        rec.placement_calendar = plan.calendars.indices().next();
        rec.placed_at_field = schema.slot("nurture_placed_at").filter(|s| {
            schema
                .fields
                .get(*s)
                .is_some_and(|f| matches!(f.ty, accord_records::FieldType::Timestamp))
        });
    }
    // The rejection's fields, resolved here so that evaluation looks up no
    // names: the recycling block's, else the conventional field names.
    let rec = plan.recycling.as_ref();
    plan.rejection_reason_slot = rec
        .and_then(|r| r.reason_field)
        .or_else(|| schema.slot("rejection_reason"));
    plan.rejected_at_slot = rec
        .and_then(|r| r.rejected_at_field)
        .or_else(|| schema.slot("rejected_at"));
    plan.stages_show_exclusions = plan
        .stages
        .iter()
        .any(|s| s.condition.mentions_no_exclusion());
    plan.actionable_fields = plan.find_actionable_fields();
    plan.mql_score_threshold = plan.find_mql_score_threshold();
    if cx.diags.iter().any(|d| d.is_error()) {
        return Err(cx.diags);
    }
    plan.flat = flat::flatten(&plan, &cx.fit_references);
    for (src, title) in plan.titles() {
        if let Some(s) = cx.srcs.get_mut(src as usize) {
            s.title = Some(title.into());
        }
    }
    plan.srcs = cx.srcs.into();
    plan.read_by = ReadByMemo::new(plan.srcs.len(), plan.exclusions.len());
    Ok(plan)
}

/// Name, version, effective date, next review (of the last file with an
/// agreement header) and the content hash of every file.
pub fn meta(files: &[ast::Policy], sources: &SourceMap) -> PolicyMeta {
    let agreement = files
        .iter()
        .rev()
        .flat_map(|f| f.items.iter())
        .find_map(|i| match i {
            ast::Item::Agreement(a) => Some(a),
            _ => None,
        });
    let mut meta = PolicyMeta {
        name: "".into(),
        version: None,
        effective: None,
        next_review: None,
        hash: {
            let shown = display_paths(files, sources);
            let parts: Vec<(&str, &str)> = files
                .iter()
                .filter_map(|f| {
                    Some((
                        shown.get(&f.file)?.as_str(),
                        sources.get(f.file)?.text.as_str(),
                    ))
                })
                .collect();
            content_hash(parts).into()
        },
    };
    if let Some(a) = agreement {
        meta.name = a.name.value.as_str().into();
        let mut ratified = None;
        let mut delay = None;
        for clause in &a.clauses {
            match &clause.kind {
                ast::AgreementClauseKind::Version(v) => {
                    meta.version = Some(v.value.as_str().into())
                }
                ast::AgreementClauseKind::Effective(d) => meta.effective = date(d),
                ast::AgreementClauseKind::NextReview(d) => meta.next_review = date(d),
                ast::AgreementClauseKind::Ratified(d) => ratified = date(d),
                ast::AgreementClauseKind::TakesEffectAfter(d) => delay = Some(d.clone()),
                _ => {}
            }
        }
        if meta.effective.is_none() {
            meta.effective = match (ratified, delay) {
                (Some(r), Some(d)) => {
                    let days = match d.unit {
                        ast::TimeUnit::Weeks => d.amount * 7.0,
                        _ => d.amount,
                    };
                    r.checked_add_days(chrono::Days::new(days.max(0.0) as u64))
                }
                (r, None) => r,
                (None, Some(_)) => None,
            };
        }
    }
    meta
}

pub(crate) fn date(d: &ast::DateLit) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_depends_on_path_and_text() {
        let a = content_hash([("a.accord", "x")]);
        let b = content_hash([("a.accord", "y")]);
        let c = content_hash([("b.accord", "x")]);
        assert_eq!(a.len(), 16);
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(a, content_hash([("a.accord", "x")]));
    }

    #[test]
    fn display_paths_drop_the_common_directory() {
        let mut sources = SourceMap::new();
        let a = sources.add("/x/policies/shared/schema.accord", "");
        let b = sources.add("/x/policies/main.accord", "");
        let files: Vec<ast::Policy> = [a, b]
            .iter()
            .map(|f| ast::Policy {
                file: *f,
                items: Vec::new(),
                comments: Vec::new(),
            })
            .collect();
        let shown = display_paths(&files, &sources);
        assert_eq!(
            shown.get(&a).map(String::as_str),
            Some("shared/schema.accord")
        );
        assert_eq!(shown.get(&b).map(String::as_str), Some("main.accord"));
        let one = display_paths(&files[1..], &sources);
        assert_eq!(one.get(&b).map(String::as_str), Some("main.accord"));
    }

    #[test]
    fn clause_text_is_the_whole_clause_without_a_block_body() {
        assert_eq!(clause_text("fit icp \"x\":\n  a is 1"), "fit icp \"x\"");
        assert_eq!(clause_text("  a is 1  "), "a is 1");
        assert_eq!(
            clause_text("tier 1 when a is 1\n      # why\n      or b is 2"),
            "tier 1 when a is 1 or b is 2"
        );
        assert_eq!(
            clause_text("tier 1 when a is \"#1\"   # note\n      or b is 2"),
            "tier 1 when a is \"#1\" or b is 2"
        );
        assert_eq!(
            clause_text("exclusion x \"X\"\n  when a is 1:\n  route to \"y\""),
            "exclusion x \"X\" when a is 1"
        );
    }
}
