//! The evaluation plan: a policy lowered so that evaluating a lead does no
//! name lookups and no string parsing.
//!
//! Field reads are schema slots, event kinds are kind indices, lists are
//! hash sets, calendars are [`accord_time::Calendar`]s, references to
//! definitions are typed indices ([`Idx`]) into the plan's [`Defs`], and
//! durations are seconds (or business seconds/days, or calendar months).
//! Every clause keeps a [`SrcId`] into [`CompiledPolicy::srcs`]: its
//! source text and `file:line`, used only when an explanation is asked for.
//! The literals conditions compare with live below, in `lits.rs`; the flat
//! form of conditions the decision path runs ([`Flat`]), which the plan
//! holds and whose leaves hold its conditions, is in `plan/flat.rs`; event
//! patterns and how they read, in `plan/pattern.rs`.

pub(crate) use crate::dur::Dur;
pub(crate) use crate::idx::{Defs, Idx};
pub(crate) use crate::lits::{Lit, LitSet, Pattern, TextSet};
pub use crate::outcome::StageKind;
use accord_records::Schema;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use std::sync::Arc;

mod flat;
mod pattern;
mod read_by;
pub(crate) use flat::*;
pub(crate) use pattern::*;
pub(crate) use read_by::*;

/// Index of a clause's source text and location in [`CompiledPolicy::srcs`].
pub(crate) type SrcId = u32;

/// Source text (first line) and `file:line` of one clause; for a
/// comparison, the texts its explanation node shows for it (see
/// [`Compared`]).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Src {
    pub text: std::sync::Arc<str>,
    pub loc: std::sync::Arc<str>,
    pub compared: Option<Compared>,
    /// For a definition's clause: its title (`Minimum ICP fit (B.1)`),
    /// which its explanation node shows (set when the policy is compiled).
    pub title: Option<Box<str>>,
}

/// What a comparison's or an event pattern's explanation node shows the
/// same for every lead, written once when the policy is compiled (the
/// tree reads them here, as it reads the clause's text): the name of what
/// it compares or counts (`lead_score`, `activities`) and the threshold
/// (`at least 65`, `at least 2 in the last 30 days`), unless the threshold
/// depends on the as-of instant (`on or after 2026-10-31`), on the lead
/// (a window bounded by its rejection) or names a list not yet lowered,
/// when it is written per lead.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Compared {
    pub name: Box<str>,
    pub threshold: Option<Box<str>>,
}

/// `name`, `version`, `hash` of the agreement that applied, as an output
/// row shows them (`crate::output::Row::policy`, which holds it shared:
/// one count to take and drop, not three; made once per compiled policy).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PolicyRef {
    pub name: Arc<str>,
    pub version: Option<Arc<str>>,
    pub hash: Arc<str>,
}

/// Which agreement a decision came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PolicyMeta {
    /// `agreement "…"` name (empty when the policy has no agreement header).
    pub name: Arc<str>,
    pub version: Option<Arc<str>>,
    /// The date the version is in effect from: `effective`, else
    /// `ratified` + `changes take effect N days after ratification`.
    pub effective: Option<NaiveDate>,
    /// FNV-1a 64 over every file's path and text (hex).
    pub hash: Arc<str>,
    /// `next review 2026-04-01` (not part of a row: the run's summary says
    /// whether it has passed, see [`crate::ReviewStatus`]).
    #[serde(skip)]
    pub next_review: Option<NaiveDate>,
}

impl PolicyMeta {
    /// `Acme MQL/SQL Agreement 1.2 (effective 2026-01-01, hash 0123abcd…)`.
    pub(crate) fn label(&self) -> String {
        use std::fmt::Write as _;
        let name = if self.name.is_empty() {
            "(unnamed agreement)"
        } else {
            &self.name
        };
        // Written into one string (once per compiled policy).
        let mut s = String::with_capacity(name.len() + 64);
        s.push_str(name);
        if let Some(v) = &self.version {
            s.push(' ');
            s.push_str(v);
        }
        let _ = match self.effective {
            Some(d) => write!(s, " (effective {d}, hash {})", self.hash),
            None => write!(s, " (hash {})", self.hash),
        };
        s
    }
}

/// What one version of an agreement says each of its named definitions
/// means, and when it is in effect from.
#[derive(Clone, Debug, Default)]
pub struct VersionMeanings {
    pub(crate) version: Option<Arc<str>>,
    pub(crate) effective: Option<NaiveDate>,
    pub(crate) meanings: std::sync::Arc<std::collections::HashMap<String, String>>,
}

/// A metric's compiled parts (conditions by slot and index).
#[derive(Clone, Debug)]
pub(crate) struct MetricPlan {
    pub population: Option<Cond>,
    pub share: Option<Cond>,
    pub average: Option<Subject>,
    pub instant: Option<usize>,
    pub per: Option<usize>,
}

/// What a comparison reads.
#[derive(Clone, Debug)]
pub(crate) enum Subject {
    Field(usize),
    DomainOf(usize),
    Score(Idx<ScoreDef>),
    Tier,
    Sla(Idx<SlaDef>),
    /// A field of the event being filtered (index into the stream's fields).
    EventField(usize),
    /// The kind of the event being filtered.
    EventKind,
    /// The `at` of the event being filtered.
    EventAt,
}

/// The test applied to a subject. Its large operands (sets, patterns)
/// are boxed so that a test stays small: the decision path reads the
/// flat form's steps one after another, and a step that fits in a cache
/// line is read at one miss (a test in `eval/flat.rs` holds the sizes).
#[derive(Clone, Debug)]
pub(crate) enum Test {
    Between(f64, f64),
    AtLeast(f64),
    AtMost(f64),
    MoreThan(f64),
    LessThan(f64),
    Is(Lit),
    IsNot(Lit),
    OneOf(Box<LitSet>),
    NotOneOf(Box<LitSet>),
    InList(Idx<LitSet>),
    NotInList(Idx<LitSet>),
    Present,
    Missing,
    Contains(Box<Pattern>),
    /// `contains the word "…"`, lower-cased.
    ContainsWord(String),
    StartsWith(Box<Pattern>),
    EndsWith(Box<Pattern>),
    /// Lower-cased pattern split on `*`.
    Matches(Vec<String>),
    WithinLast(Dur),
    MoreThanAgo(Dur),
    Before(Lit),
    After(Lit),
}

impl Test {
    /// The list an `in` test names.
    pub(crate) fn list(&self) -> Option<Idx<LitSet>> {
        match self {
            Test::InList(i) | Test::NotInList(i) => Some(*i),
            _ => None,
        }
    }
    /// Whether the test reads the same whatever the as-of instant (all but
    /// those relative to it: `within the last`, `more than … ago`).
    pub(crate) fn shown_alike_at_any_time(&self) -> bool {
        !matches!(self, Test::WithinLast(_) | Test::MoreThanAgo(_))
    }
}

/// A boolean condition over a lead (or over one event, inside `where`).
#[derive(Clone, Debug)]
pub(crate) struct Cond {
    pub kind: CondKind,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) enum CondKind {
    Cmp {
        subject: Subject,
        name: String,
        test: Test,
    },
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    YesNo(usize),
    Fit(Idx<FitDef>),
    Trigger(Idx<TriggerDef>),
    Exclusion(Idx<ExclusionDef>),
    Stage(Idx<StageDef>),
    Events(Box<EvPat>),
    NoExclusion,
}

/// `fit icp: …` — passes when every condition holds.
#[derive(Clone, Debug)]
pub(crate) struct FitDef {
    pub name: Arc<str>,
    pub title: Option<String>,
    pub conditions: Vec<Cond>,
    pub src: SrcId,
}

/// One point rule of a score.
#[derive(Clone, Debug)]
pub(crate) struct PointRule {
    pub points: f64,
    pub basis: Basis,
    /// A `when` rule's condition as one leaf of the flat form the decision
    /// path runs (below, [`Flat`]); `None` for `for each`.
    pub when: Option<Leaf>,
    /// The points one occurrence earns, `earned(1)`.
    pub once: f64,
    pub cap: Option<f64>,
    pub src: SrcId,
}

impl PointRule {
    /// The points the rule adds for `occurrences` (1 or 0 for `when`),
    /// held within its cap (`at most M`: at most M, or −M for a penalty),
    /// and whether the cap held it.
    pub fn earned(&self, occurrences: usize) -> (f64, bool) {
        let points = self.points * occurrences as f64;
        match self.cap.map(f64::abs) {
            Some(cap) if points > cap => (cap, true),
            Some(cap) if points < -cap => (-cap, true),
            _ => (points, false),
        }
    }
}

/// What a point rule counts: a condition (boxed, so that a rule stays
/// small for the decision path's loop over a score's rules, which reads
/// [`PointRule::when`] instead), or the events of a pattern.
#[derive(Clone, Debug)]
pub(crate) enum Basis {
    When(Box<Cond>),
    ForEach(Box<EvPat>),
}

#[derive(Clone, Debug)]
pub(crate) struct SubScoreDef {
    pub name: String,
    /// The weight as written, in percent (40% → 40): a part is its
    /// points × percent / 100, so that 100 points weighing 29% make
    /// exactly 29 (× 0.29 would make 28.999999999999996).
    pub percent: f64,
    pub rules: Vec<PointRule>,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) enum ScoreBody {
    Rules(Vec<PointRule>),
    Weighted(Vec<SubScoreDef>),
    FromField(usize),
}

impl ScoreBody {
    /// Every point rule, in order: a flat score's, or each part's of a
    /// weighted one (none for a score read from a field).
    pub fn rules(&self) -> impl Iterator<Item = &PointRule> {
        let (flat, parts): (&[PointRule], &[SubScoreDef]) = match self {
            ScoreBody::Rules(r) => (r, &[]),
            ScoreBody::Weighted(subs) => (&[], subs),
            ScoreBody::FromField(_) => (&[], &[]),
        };
        flat.iter().chain(parts.iter().flat_map(|s| &s.rules))
    }
}

#[derive(Clone, Debug)]
pub(crate) struct DecayDef {
    /// Fraction lost per full period (10% → 0.1).
    pub rate: f64,
    pub every: Dur,
    pub stream: usize,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) struct ScoreDef {
    pub name: Arc<str>,
    pub title: Option<String>,
    pub body: ScoreBody,
    pub decay: Option<DecayDef>,
    /// The least the score can be (`None`: no floor). Flat scores: 0 by
    /// default, `never below N`, or none with `may go below 0`; weighted
    /// and read scores: none (parts are held between 0 and 100).
    pub floor: Option<f64>,
    pub src: SrcId,
}

/// `trigger high_intent: any of, within the last 30 days: …` (the default
/// window is already pushed into the items' event patterns).
#[derive(Clone, Debug)]
pub(crate) struct TriggerDef {
    pub name: Arc<str>,
    pub title: Option<String>,
    pub any: bool,
    pub items: Vec<Cond>,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) struct ExclusionDef {
    pub name: Arc<str>,
    pub title: Option<String>,
    pub when: Cond,
    pub unless: Option<Cond>,
    pub route: Option<Arc<str>>,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) struct StageDef {
    pub kind: StageKind,
    pub title: Option<String>,
    pub condition: Cond,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) struct TierDef {
    pub number: u32,
    pub condition: Option<Cond>,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) struct TiersDef {
    pub title: Option<String>,
    pub tiers: Vec<TierDef>,
    pub src: SrcId,
}

/// Where a calendar's zone comes from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ZoneOf {
    /// The lead's time-zone field (falls back to the schema default, then UTC).
    Lead(Option<usize>),
    Fixed(chrono_tz::Tz),
}

#[derive(Clone, Debug)]
pub(crate) struct CalendarDef {
    pub name: String,
    pub calendar: accord_time::Calendar,
    pub zone: ZoneOf,
}

/// An instant read from the lead.
#[derive(Clone, Debug)]
pub(crate) enum Instant {
    /// A timestamp field: its slot and name.
    Field(usize, String),
    /// The n-th (1-based) matching event at or after the SLA's start, and
    /// the words for it (`first attempt by "phone"`), written once.
    Nth(u32, Box<EvPat>, String),
}

impl Instant {
    /// What the instant is, in words: the field's name, or `first attempt
    /// by "phone"`.
    pub(crate) fn words(&self) -> &str {
        match self {
            Instant::Field(_, name) | Instant::Nth(_, _, name) => name,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct LimitDef {
    pub tier: Option<u32>,
    pub within: Dur,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) struct AfterHoursDef {
    pub tier: Option<u32>,
    pub by: NaiveTime,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) struct SlaDef {
    pub name: Arc<str>,
    pub title: Option<String>,
    pub start: Instant,
    pub stop: Instant,
    pub calendar: Option<Idx<CalendarDef>>,
    pub applies: Option<Cond>,
    pub limits: Vec<LimitDef>,
    pub after_hours: Vec<AfterHoursDef>,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) enum PRuleKind {
    Count {
        pattern: EvPat,
        within: Option<Dur>,
        distinct_days: Option<u32>,
    },
    DistinctDays {
        pattern: EvPat,
        at_least: u32,
    },
    PerDayMax {
        pattern: EvPat,
        at_most: u32,
    },
}

#[derive(Clone, Debug)]
pub(crate) struct PRule {
    pub kind: PRuleKind,
    pub when: Option<Cond>,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) struct PersistenceDef {
    pub title: Option<String>,
    pub start: Option<usize>,
    pub calendar: Option<Idx<CalendarDef>>,
    /// `applies when`: leads for which it does not hold owe nothing.
    pub applies: Option<Cond>,
    pub rules: Vec<PRule>,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) enum ReEntryReq {
    NewTrigger,
    NewEvent(Box<EvPat>),
    When(Cond),
    /// `when the icp definition has changed since the rejection`: the name.
    DefinitionChanged(String),
}

#[derive(Clone, Debug)]
pub(crate) struct ReasonDef {
    pub code: Arc<str>,
    pub label: Option<String>,
    /// Steps as written (`archive`, `nurture "long-cycle" for 6 months`).
    pub steps: Arc<[Arc<str>]>,
    pub never_recycled: bool,
    pub nurture_track: Option<Arc<str>>,
    pub reenter_after: Option<Dur>,
    pub requirement: Option<ReEntryReq>,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) struct RecyclingDef {
    pub reason_field: Option<usize>,
    pub rejected_at_field: Option<usize>,
    pub count_field: Option<usize>,
    pub cooling_off: Option<Dur>,
    /// Per reason.
    pub cooling_overrides: Vec<(Idx<ReasonDef>, Dur)>,
    pub new_trigger_required: bool,
    pub human_review_after: Option<u32>,
    /// `nurture placement within 5 business days` (F.3): the limit and its
    /// clause. Business days count on [`RecyclingDef::placement_calendar`].
    pub nurture_placement: Option<(Dur, SrcId)>,
    /// The policy's calendar (its first), for the placement deadline.
    pub placement_calendar: Option<Idx<CalendarDef>>,
    /// A timestamp field recording the placement (`nurture_placed_at`), if
    /// the schema has one.
    pub placed_at_field: Option<usize>,
    pub src: SrcId,
}

#[derive(Clone, Debug)]
pub(crate) enum HandoffItem {
    Field(usize, Arc<str>),
    /// An event stream named alone (`activities`): at least one event as of
    /// the instant; the explanation lists the last few (the handoff note's
    /// "last 5 behavioral touchpoints", 000 D.1).
    Stream {
        stream: usize,
        name: Arc<str>,
        singular: String,
    },
    Events(Box<EvPat>),
    /// A comparison that must hold.
    Condition(Cond),
}

#[derive(Clone, Debug)]
pub(crate) struct HandoffDef {
    pub title: Option<String>,
    /// `applies when`: leads for which it does not hold are not judged.
    pub applies: Option<Cond>,
    pub required: Vec<HandoffItem>,
    pub preferred: Vec<HandoffItem>,
    pub src: SrcId,
}

/// A stream's name and its kinds, as events in a decision show them.
#[derive(Clone, Debug)]
pub(crate) struct StreamNames {
    pub name: Arc<str>,
    pub kinds: Vec<Arc<str>>,
    /// By kind, how an explanation's line for an event of it starts:
    /// `activity "demo_request" at ` (the stream's name made singular),
    /// written once here rather than piece by piece on every line.
    pub line_starts: Vec<Box<str>>,
}

/// A policy set compiled for evaluation. `Send + Sync`; evaluate many leads
/// from many threads with [`CompiledPolicy::evaluate`].
#[derive(Clone, Debug)]
pub struct CompiledPolicy {
    pub(crate) meta: PolicyMeta,
    /// The policy's name, version and hash as every row shows them,
    /// shared by the rows.
    pub(crate) policy_ref: Arc<PolicyRef>,
    /// `Acme MQL/SQL Agreement 1.2 (effective 2026-01-01, hash 0123abcd…)`,
    /// written once: every explanation shares it.
    pub(crate) label: Arc<str>,
    pub(crate) schema: Schema,
    /// Each stream's name and kinds, shared with the events a decision
    /// reports (by stream index, then kind index).
    pub(crate) stream_names: Vec<StreamNames>,
    /// Each field's name, by slot, shared with the reasons that read it
    /// and with every explanation tree (whose nodes show them by slot).
    pub(crate) field_names: Arc<[Arc<str>]>,
    /// Whether the team can change each field, by slot (see
    /// `explain/inputs.rs`), decided at compile time.
    pub(crate) actionable_fields: Vec<bool>,
    /// What each clause a summary gives as a reason reads (worked out
    /// the first time it is given).
    pub(crate) read_by: ReadByMemo,
    /// The score the MQL definition compares first and its threshold in
    /// words, for the summary (`lead_score 64 (MQL needs at least 65)`),
    /// found at compile time.
    pub(crate) mql_score_threshold: Option<(Idx<ScoreDef>, Box<str>)>,
    /// Shared with every explanation tree, whose clauses read their text
    /// and location here instead of copying them.
    pub(crate) srcs: Arc<[Src]>,
    pub(crate) lists: Defs<LitSet>,
    pub(crate) calendars: Defs<CalendarDef>,
    pub(crate) fits: Defs<FitDef>,
    pub(crate) scores: Defs<ScoreDef>,
    pub(crate) triggers: Defs<TriggerDef>,
    pub(crate) exclusions: Defs<ExclusionDef>,
    pub(crate) stages: Defs<StageDef>,
    pub(crate) tiers: Option<TiersDef>,
    pub(crate) slas: Defs<SlaDef>,
    pub(crate) persistence: Option<PersistenceDef>,
    pub(crate) reasons: Defs<ReasonDef>,
    pub(crate) recycling: Option<RecyclingDef>,
    pub(crate) handoff: Option<HandoffDef>,
    /// Some stage says `no exclusion applies` (its explanation then shows
    /// the exclusions tried, and no separate exclusions answer is drawn).
    pub(crate) stages_show_exclusions: bool,
    /// The field holding the rejection reason code (the recycling block's
    /// `rejection reason is …`, else `rejection_reason`), and the one
    /// holding the rejection instant (`rejected at …`, else `rejected_at`).
    pub(crate) rejection_reason_slot: Option<usize>,
    pub(crate) rejected_at_slot: Option<usize>,
    /// Metrics in policy order: their specs (public) and plans.
    pub(crate) metric_specs: Vec<crate::metrics::MetricSpec>,
    pub(crate) metric_plans: Vec<MetricPlan>,
    pub(crate) breaches: Vec<crate::metrics::BreachSpec>,
    pub(crate) reporting: crate::metrics::ReportingRules,
    /// What each named definition means (for comparing versions).
    pub(crate) meanings: std::sync::Arc<std::collections::HashMap<String, String>>,
    /// The other versions of this agreement, when they were given.
    pub(crate) other_versions: Vec<VersionMeanings>,
    /// The fits', triggers', exclusions' and stages' conditions in the
    /// flat form the decision path runs.
    pub(crate) flat: Flat,
    /// This policy's identity, for the threads' copies of it (a clone
    /// keeps it: it means the same; telling it other versions changes it).
    pub(crate) identity: accord_records::per_thread::Identity,
    /// What it was compiled from (see [`crate::thread_copy`]).
    pub(crate) inputs: Arc<CompileInputs>,
}

/// What a policy was compiled from, kept so that a thread can compile its
/// own copy (`thread_copy.rs`; a copy keeps none).
#[derive(Debug, Default)]
pub(crate) struct CompileInputs {
    pub files: Vec<accord_syntax::ast::Policy>,
    pub schema: Schema,
    pub sources: accord_syntax::SourceMap,
}

impl Cond {
    /// Whether `no exclusion applies` occurs in this condition.
    pub(crate) fn mentions_no_exclusion(&self) -> bool {
        match &self.kind {
            CondKind::NoExclusion => true,
            CondKind::All(items) | CondKind::Any(items) => {
                items.iter().any(Cond::mentions_no_exclusion)
            }
            CondKind::Not(inner) => inner.mentions_no_exclusion(),
            _ => false,
        }
    }
}

impl CompiledPolicy {
    /// Agreement name, version, effective date and content hash.
    pub fn meta(&self) -> &PolicyMeta {
        &self.meta
    }
    /// The lead schema the plan reads by slot.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }
    /// Names of the SLAs, in policy order.
    pub fn sla_names(&self) -> impl Iterator<Item = &str> {
        self.slas.iter().map(|s| &*s.name)
    }
    /// Names of the exclusions, in policy order.
    pub fn exclusion_names(&self) -> impl Iterator<Item = &str> {
        self.exclusions.iter().map(|e| &*e.name)
    }
    /// Tier numbers, in policy order.
    pub fn tier_numbers(&self) -> Vec<u32> {
        self.tiers
            .as_ref()
            .map(|t| t.tiers.iter().map(|t| t.number).collect())
            .unwrap_or_default()
    }
    /// Whether the policy defines the given stage.
    pub fn defines(&self, kind: StageKind) -> bool {
        self.stages.iter().any(|s| s.kind == kind)
    }
    /// Every clause an explanation can show: its text (first line) and
    /// `file:line`, as explanation nodes give them (`accord test
    /// --coverage` matches nodes against these).
    pub fn clauses(&self) -> impl Iterator<Item = (&str, &str)> {
        self.srcs.iter().map(|s| (&*s.text, &*s.loc))
    }
    /// Each titled definition's clause and title (those explanation
    /// nodes show: [`Src::title`]).
    pub(crate) fn titles(&self) -> Vec<(SrcId, &str)> {
        let fits = self.fits.iter().map(|d| (d.src, &d.title));
        let scores = self.scores.iter().map(|d| (d.src, &d.title));
        let triggers = self.triggers.iter().map(|d| (d.src, &d.title));
        let exclusions = self.exclusions.iter().map(|d| (d.src, &d.title));
        let stages = self.stages.iter().map(|d| (d.src, &d.title));
        let slas = self.slas.iter().map(|d| (d.src, &d.title));
        let tiers = self.tiers.iter().map(|d| (d.src, &d.title));
        let persistence = self.persistence.iter().map(|d| (d.src, &d.title));
        let handoff = self.handoff.iter().map(|d| (d.src, &d.title));
        fits.chain(scores)
            .chain(triggers)
            .chain(exclusions)
            .chain(stages)
            .chain(slas)
            .chain(tiers)
            .chain(persistence)
            .chain(handoff)
            .filter_map(|(src, title)| Some((src, title.as_deref()?)))
            .collect()
    }
    pub(crate) fn src(&self, id: SrcId) -> Option<&Src> {
        self.srcs.get(id as usize)
    }
    /// The exclusions answer of a decision whose deciding exclusion is
    /// `hit`: that one with its route, or none (a decision's and a row's).
    pub(crate) fn exclusion_hits(
        &self,
        hit: Option<Idx<ExclusionDef>>,
    ) -> Vec<crate::outcome::ExclusionHit> {
        // Built directly (collecting an `Option` into a `Vec` is a call,
        // paid by every lead, most of which no exclusion holds out).
        match hit.and_then(|i| self.exclusions.get(i)) {
            Some(d) => vec![crate::outcome::ExclusionHit {
                name: d.name.clone(),
                route: d.route.clone(),
            }],
            None => Vec::new(),
        }
    }
}

/// The compiled version in effect at `as_of`: the latest effective date on
/// or before `as_of` (a policy without an effective date is always in
/// effect, as if effective from the beginning). Later entries win ties.
pub fn select_version(
    policies: &[CompiledPolicy],
    as_of: DateTime<Utc>,
) -> Option<&CompiledPolicy> {
    select_version_index(policies.iter().map(CompiledPolicy::meta), as_of)
        .and_then(|i| policies.get(i))
}

/// [`select_version`] over the versions' metadata: the index of the one in
/// effect, so that a caller holding versions in its own type (as
/// `accord::Policy` does) chooses one without copying any.
pub fn select_version_index<'a>(
    versions: impl IntoIterator<Item = &'a PolicyMeta>,
    as_of: DateTime<Utc>,
) -> Option<usize> {
    let day = as_of.date_naive();
    let mut best: Option<(usize, Option<NaiveDate>)> = None;
    for (i, meta) in versions.into_iter().enumerate() {
        let eff = meta.effective;
        if eff.is_some_and(|e| e > day) {
            continue;
        }
        match best {
            Some((_, b)) if b > eff => {}
            _ => best = Some((i, eff)),
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::Dur;
    use chrono::{TimeZone as _, Utc};

    /// A span chrono cannot hold is "no such instant", never a panic (it
    /// was one: `TimeDelta::seconds out of bounds`, issue 9).
    #[test]
    fn durations_beyond_chronos_range_are_no_instant() {
        let t = Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0).unwrap();
        for d in [
            Dur::Secs(i64::MAX),
            Dur::BusinessSecs(i64::MIN),
            Dur::Secs(8_640_000_000_000_000),
        ] {
            assert_eq!(d.sub_plain(t), None, "{d:?}");
            assert_eq!(d.add_plain(t), None, "{d:?}");
        }
        assert_eq!(Dur::BusinessDays(u32::MAX).add_plain(t), None);
        assert!(Dur::Months(u32::MAX).sub_plain(t).is_none());
    }
}
