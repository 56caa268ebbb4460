//! The typed syntax tree of an Accord policy.
//!
//! Every node carries a [`Span`] (byte range plus file id). The tree is what
//! was written, nothing resolved: names are plain [`Ident`]s, and the checker
//! (crate `accord-check`) decides what they refer to. The doc comment on each
//! node shows the surface syntax it comes from; `docs/language.md` (and
//! `policies/`) show whole policies.
//!
//! Conventions of the surface language (see `grammar/accord.pest`):
//! - A definition starts at column 0 with a keyword; its body is the indented
//!   lines below it (a header that has a body ends in `:`).
//! - `#` starts a comment, kept in [`Policy::comments`].
//! - Numbers are decimal (`65`, `0.5`, `-10`); percentages end in `%`.
//! - Text is in double quotes; dates are `YYYY-MM-DD`; times `HH:MM`.

use crate::span::{FileId, Span};
use serde::Serialize;

/// The keywords that start a definition and are followed by the name of
/// what they define (`fit icp:`, `list target_industries:`).
pub const DEFINITION_KEYWORDS: &[&str] = &[
    "list",
    "calendar",
    "fit",
    "score",
    "trigger",
    "exclusion",
    "sla",
    "metric",
    "breach",
    "drift",
];

/// A name written in the policy (field, definition, list, calendar, reason code…).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A quoted string, unescaped.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Str {
    pub value: String,
    pub span: Span,
}

/// `2026-01-01`. Kept as written; the checker validates it is a real date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DateLit {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub span: Span,
}

/// `08:00` (24-hour clock). Kept as written; the checker validates it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeOfDay {
    pub hour: u32,
    pub minute: u32,
    pub span: Span,
}

/// A `# comment`, text without the `#`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

/// One parsed `.accord` file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Policy {
    pub file: FileId,
    pub items: Vec<Item>,
    pub comments: Vec<Comment>,
}

/// A top-level definition.
// Items are built once per file and never copied in hot paths; boxing the
// big variants would only add noise for every consumer.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Item {
    Import(Import),
    Agreement(Agreement),
    Fields(FieldsBlock),
    Calendar(Calendar),
    List(ListDef),
    Fit(Fit),
    Score(Score),
    Trigger(Trigger),
    Exclusion(Exclusion),
    Stage(Stage),
    Tiers(Tiers),
    Sla(Sla),
    Persistence(Persistence),
    Rejections(RejectionReasons),
    Recycling(Recycling),
    Handoff(Handoff),
    Metric(Metric),
    Breach(Breach),
    Drift(Drift),
}

impl Item {
    /// The span of the whole definition (header and body).
    pub fn span(&self) -> Span {
        match self {
            Item::Import(x) => x.span,
            Item::Agreement(x) => x.span,
            Item::Fields(x) => x.span,
            Item::Calendar(x) => x.span,
            Item::List(x) => x.span,
            Item::Fit(x) => x.span,
            Item::Score(x) => x.span,
            Item::Trigger(x) => x.span,
            Item::Exclusion(x) => x.span,
            Item::Stage(x) => x.span,
            Item::Tiers(x) => x.span,
            Item::Sla(x) => x.span,
            Item::Persistence(x) => x.span,
            Item::Rejections(x) => x.span,
            Item::Recycling(x) => x.span,
            Item::Handoff(x) => x.span,
            Item::Metric(x) => x.span,
            Item::Breach(x) => x.span,
            Item::Drift(x) => x.span,
        }
    }

    /// The block's `applies when <condition>` line: the one way an SLA,
    /// persistence or handoff is limited to some leads (for the others it
    /// is not applicable). `None` for a block without one, and for the
    /// kinds that do not take it (see `grammar/docs`).
    pub fn applies(&self) -> Option<&Condition> {
        match self {
            Item::Sla(x) => x.applies.as_ref(),
            Item::Persistence(x) => x.applies.as_ref(),
            Item::Handoff(x) => x.applies.as_ref(),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------
// Header, imports
// ---------------------------------------------------------------------------

/// `import "shared/schema.accord"` — path relative to the importing file.
/// Brings the imported file's fields, calendars and lists (and any other
/// definitions) into scope.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Import {
    pub path: Str,
    pub span: Span,
}

/// ```text
/// agreement "Acme MQL/SQL Agreement"
///   version "1.2"
///   effective 2026-01-01
///   ratified 2025-12-02
///   changes take effect 30 days after ratification
///   review every quarter
///   next review 2026-04-01
///   owner "RevOps"
///   party "Marketing" represented by "VP Marketing"
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agreement {
    pub name: Str,
    pub clauses: Vec<AgreementClause>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgreementClause {
    pub kind: AgreementClauseKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum AgreementClauseKind {
    /// `version "1.2"`
    Version(Str),
    /// `effective 2026-01-01`
    Effective(DateLit),
    /// `ratified 2025-12-02`
    Ratified(DateLit),
    /// `changes take effect 30 days after ratification`
    TakesEffectAfter(Duration),
    /// `review every quarter`: the review cadence. The checker warns when
    /// `next review` is more than one such period after the effective date.
    Review(Period),
    /// `next review 2026-04-01`: past this date the agreement is overdue for
    /// review (`accord check` notes it; `accord eval`'s summary says so).
    NextReview(DateLit),
    /// `owner "RevOps"`
    Owner(Str),
    /// `party "Marketing" represented by "VP Marketing"`
    Party {
        name: Str,
        represented_by: Option<Str>,
    },
    /// `reporting zone "America/Chicago"`: the zone metric periods (days,
    /// weeks, months…) are cut in. Without it, periods are cut in UTC.
    ReportingZone(Str),
    /// `breaches escalate after 3 consecutive months without a corrective
    /// plan` (seed 003 §4.2): a breach whose run of periods lasts this long
    /// with no corrective plan recorded for it is reported *escalated*.
    EscalateAfter { count: u32, period: Period },
    /// `breaches are identified within 3 business days of period end`
    /// (seed 003 §4.2 step 1): a breach first reported later than this after
    /// the end of the period that tripped it is reported *late*.
    IdentifiedWithin(Duration),
}

/// A calendar period: `week`, `month`, `quarter`, `year` (also used for
/// metric periods and review cadence).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PeriodKind {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    /// The period as a noun: `day`, `week`, `month`, `quarter`, `year`.
    pub fn noun(self) -> &'static str {
        match self {
            PeriodKind::Day => "day",
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub span: Span,
}

// ---------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------

/// ```text
/// lead fields identified by lead_id:
///   lead_id is text
///   employees is a number
///   title_level is one of "C-level", "VP", "Director"
///   disposition_at is an optional timestamp
///   default time zone "America/Chicago"
///   activities are events:
///     kind is one of "website_visit", "page_view", "demo_request"
///     page is optional text
/// ```
/// Several `lead fields` blocks (e.g. one imported, one local) add up to one
/// schema. An event stream's first field is its *kind* (must be `one of`);
/// every event also has an implicit `at` timestamp.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldsBlock {
    /// `identified by lead_id` — the field that names a lead in output rows.
    pub identified_by: Option<Ident>,
    pub fields: Vec<FieldDecl>,
    /// `default time zone "America/Chicago"`: zone for timestamps written
    /// without an offset.
    pub default_zone: Option<Str>,
    pub span: Span,
}

/// `employees is a number`, `disposition_at is an optional timestamp`,
/// `attempts are events:` (+ indented event fields).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldDecl {
    pub name: Ident,
    pub ty: TypeExpr,
    pub optional: bool,
    /// `written "DD-MM-YYYY"`: how the data writes a date or timestamp
    /// field (checked by the checker, read by accord-records).
    pub written: Option<Str>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TypeKind {
    /// `a number`
    Number,
    /// `a percentage` (values written `12%` or as a number 0–100 in data)
    Percentage,
    /// `text`
    Text,
    /// `yes/no`
    YesNo,
    /// `one of "a", "b"`
    OneOf(Vec<Str>),
    /// `an email`
    Email,
    /// `a date`
    Date,
    /// `a timestamp`
    Timestamp,
    /// `a time zone` (IANA name)
    TimeZone,
    /// `a list of text` / `a list of numbers`
    ListOf(Box<TypeExpr>),
    /// `events:` with the event's own fields (first one is the kind).
    Events(Vec<FieldDecl>),
}

// ---------------------------------------------------------------------------
// Calendars and lists
// ---------------------------------------------------------------------------

/// ```text
/// calendar sales_hours "Business hours (E.1)":
///   open Monday to Friday from 08:00 to 18:00 in the lead's time zone
///   open Saturday from 10:00 to 14:00
///   closed on 2026-12-25, 2027-01-01
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Calendar {
    pub name: Ident,
    pub title: Option<Str>,
    pub clauses: Vec<CalendarClause>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum CalendarClause {
    /// `open Monday to Friday from 08:00 to 18:00 [in …]`
    Open {
        days: Vec<DaySpec>,
        from: TimeOfDay,
        to: TimeOfDay,
        zone: Option<ZoneSpec>,
        span: Span,
    },
    /// `closed on 2026-12-25, 2027-01-01`
    Closed { dates: Vec<DateLit>, span: Span },
    /// `in "Europe/Berlin"` / `in the lead's time zone` on a line of its own.
    Zone(ZoneSpec),
}

/// `Monday to Friday` or `Saturday` (several joined by `,` / `and`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum DaySpec {
    Single(Weekday, Span),
    Range(Weekday, Weekday, Span),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ZoneSpec {
    /// `in the lead's time zone`: the schema's time-zone field (there must
    /// be exactly one), or `in the lead's time_zone` naming it.
    Lead { field: Option<Ident>, span: Span },
    /// `in "America/Chicago"`
    Fixed(Str),
}

/// `list free_email_domains: "gmail.com", "yahoo.com"` (values may continue
/// on indented lines).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListDef {
    pub name: Ident,
    pub title: Option<Str>,
    pub values: Vec<Value>,
    pub span: Span,
}

// ---------------------------------------------------------------------------
// Values, durations, conditions
// ---------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ValueKind {
    /// `65`, `-10`, `2.5`
    Number(f64),
    /// `40%` (stored as 40.0)
    Percent(f64),
    /// `"SaaS"`
    Text(String),
    /// `2026-01-01`
    Date(DateLit),
    /// `yes` / `no`
    YesNo(bool),
    /// A bare word used as a value: `met`, `breached`, `pending`, a reason
    /// code. The checker decides what it may be.
    Word(String),
}

/// `15 minutes`, `2 business hours`, `1 business day`, `6 months`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Duration {
    pub amount: f64,
    pub unit: TimeUnit,
    /// Written with `business` (`2 business hours`). Inside an SLA counted in
    /// a calendar every duration is business time whether or not it says so.
    pub business: bool,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TimeUnit {
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
    Quarters,
    Years,
}

/// A boolean condition over a lead.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    pub kind: ConditionKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ConditionKind {
    /// `employees is between 20 and 500`, `industry is one of "SaaS"`,
    /// `the domain of email is in free_email_domains`, `tier is 1`,
    /// `first_response is met`.
    Compare { subject: Operand, test: Test },
    /// `a and b`, or an `all of:` block of indented lines.
    All(Vec<Condition>),
    /// `a or b`, or an `any of:` block.
    Any(Vec<Condition>),
    /// `not a`
    Not(Box<Condition>),
    /// A bare name: a yes/no field (`phone_verified`), a fit, trigger,
    /// exclusion or stage (`icp`, `high_intent`, `mql`).
    Ref(Ident),
    /// `there is an activity "demo_request"`, `at least 2 activities
    /// "page_view" where page is "pricing"`, `no activity "unsubscribe"`.
    Events(EventPattern),
    /// `no exclusion applies`
    NoExclusionApplies,
}

/// What a comparison reads.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Operand {
    /// A field, score, SLA name, or the word `tier`.
    Name(Ident),
    /// `the domain of email`
    DomainOf(Ident, Span),
}

impl Operand {
    pub fn span(&self) -> Span {
        match self {
            Operand::Name(i) => i.span,
            Operand::DomainOf(_, s) => *s,
        }
    }
}

/// The test applied to an operand, written after `is`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Test {
    pub kind: TestKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TestKind {
    /// `is between 20 and 500` (both bounds included)
    Between(Value, Value),
    /// `is at least 65`
    AtLeast(Value),
    /// `is at most 3`
    AtMost(Value),
    /// `is more than 3` / `is above 3` (bound excluded)
    MoreThan(Value),
    /// `is less than 3` / `is below 3` (bound excluded)
    LessThan(Value),
    /// `is "customer"`, `is 1`, `is met`, `is yes`
    Is(Value),
    /// `is not "customer"`
    IsNot(Value),
    /// `is one of "a", "b"`
    OneOf(Vec<Value>),
    /// `is not one of "a", "b"`
    NotOneOf(Vec<Value>),
    /// `is in free_email_domains`
    InList(Ident),
    /// `is not in free_email_domains`
    NotInList(Ident),
    /// `is present`
    Present,
    /// `is missing`
    Missing,
    /// `contains "ops"`: the text anywhere, inside words too ("DevOps").
    Contains(Str),
    /// `contains the word "intern"`: the text as a whole word (or phrase),
    /// case-insensitive; a word boundary is the start or end of the text or
    /// any character that is not a letter or digit. "Intern", "Marketing
    /// intern" and "intern/co-op" match; "Director of International Sales"
    /// does not. On a list field: some item contains the word.
    ContainsWord(Str),
    /// `starts with "VP"`
    StartsWith(Str),
    /// `ends with ".edu"`
    EndsWith(Str),
    /// `matches "*@*.edu"` (`*` matches any run of characters, case-insensitive)
    Matches(Str),
    /// `is within the last 90 days` (timestamps and dates)
    WithinLast(Duration),
    /// `is more than 90 days ago`
    MoreThanAgo(Duration),
    /// `is before 2026-01-01`
    Before(Value),
    /// `is after 2026-01-01`
    After(Value),
}

/// How many matching events a pattern asks for.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Quantity {
    /// `a` / `an` / `there is an` — at least one.
    Some,
    /// `no activity "x"` — none.
    None,
    /// `at least 2`
    AtLeast(u32),
    /// `at most 2`
    AtMost(u32),
    /// `exactly 2`
    Exactly(u32),
}

/// A pattern over one event stream:
/// `at least 3 activities "email_click" where campaign is "x" within any 14 days`
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventPattern {
    pub quantity: Quantity,
    /// `new` was written (`a new activity "budget_signal"`): only events
    /// after the lead's rejection count.
    pub new: bool,
    /// The stream word as written (`activity`, `activities`, `attempt`…);
    /// singular or plural of a declared event stream.
    pub stream: Ident,
    /// The kind(s) to match: `"demo_request"`, or `by "phone"` for attempts
    /// (same meaning), or `one of "a", "b"`. Empty = any kind.
    pub kinds: Vec<Str>,
    /// `where page is "pricing"` — condition over the event's own fields.
    pub filter: Option<Box<Condition>>,
    pub window: Option<Window>,
    /// `since rejected_at` — only events after the instant in that field.
    pub since: Option<Ident>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Window {
    /// `within the last 30 days` — `[as_of − 30 days, as_of]`
    Last(Duration),
    /// `within any 14 days` — some sliding window of that length holds the count.
    Any(Duration),
}

// ---------------------------------------------------------------------------
// Fit, score, trigger, exclusion, stages, tiers
// ---------------------------------------------------------------------------

/// ```text
/// fit icp "Minimum ICP fit (B.1)":
///   employees is between 20 and 500
///   industry is one of "SaaS", "E-commerce"
/// ```
/// Passes when every line holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fit {
    pub name: Ident,
    pub title: Option<Str>,
    pub conditions: Vec<Condition>,
    pub span: Span,
}

/// ```text
/// score lead_score "Combined fit + behavior score (B.2)":
///   fit weighs 40%:
///     +10 when title_level is one of "VP", "Director"
///   behavior weighs 60%:
///     +5 for each activity "website_visit", at most 25
///     -10 when there is an activity "unsubscribe"
///   decays 10% every 30 days without activity
/// ```
/// or `score crm_score "…" is read from crm_lead_score`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    pub name: Ident,
    pub title: Option<Str>,
    pub body: ScoreBody,
    pub decay: Option<Decay>,
    /// `never below -20` / `may go below 0`; `None`: the default (a flat
    /// score never goes below 0).
    pub floor: Option<ScoreFloor>,
    pub span: Span,
}

/// A flat score's floor line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreFloor {
    pub kind: ScoreFloorKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ScoreFloorKind {
    /// `never below -20`: the score is at least this (checked: a number).
    NeverBelow(Value),
    /// `may go below 0`: no floor (checked: the value is 0).
    MayGoBelow(Value),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ScoreBody {
    /// Point rules directly under the score: the score is their sum, never
    /// below its floor (`Score::floor`, by default 0).
    Rules(Vec<PointRule>),
    /// Weighted sub-scores: each sub-score's points are clamped to 0–100,
    /// multiplied by its weight, and summed.
    Weighted(Vec<SubScore>),
    /// `is read from crm_score`
    FromField(Ident),
}

/// `fit weighs 40%:` + indented point rules.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubScore {
    pub name: Ident,
    pub weight: Value,
    pub rules: Vec<PointRule>,
    pub span: Span,
}

/// `+10 when …`, `+5 for each activity "website_visit", at most 25`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PointRule {
    /// Signed points (`+10` → 10, `-10` → -10).
    pub points: f64,
    pub basis: PointBasis,
    /// `at most 25` — cap on the points this rule can add.
    pub cap: Option<f64>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum PointBasis {
    /// `when <condition>` — points once if it holds.
    When(Condition),
    /// `for each <event pattern>` — points per matching event.
    ForEach(EventPattern),
}

/// `decays 10% every 30 days without activity`: for every full period since
/// the last event of the stream, the score is multiplied by (1 − rate).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decay {
    pub percent: Value,
    pub every: Duration,
    /// The stream word (`activity`).
    pub without: Ident,
    pub span: Span,
}

/// ```text
/// trigger high_intent "Required behavioral trigger (B.3)":
///   any of, within the last 30 days:
///     an activity "demo_request"
///     at least 2 activities "page_view" where page is "pricing"
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trigger {
    pub name: Ident,
    pub title: Option<Str>,
    /// `any of` (true) or `all of` (false).
    pub any: bool,
    /// `within the last 30 days` on the `any of` line: the default window
    /// for items that do not give their own.
    pub window: Option<Duration>,
    pub items: Vec<Condition>,
    pub span: Span,
}

/// `exclusion customer "Existing customer (B.4)" when status is "customer": route to "CSM"`
/// `exclusion personal_email "…" when the domain of email is in free_email_domains unless phone_verified`
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exclusion {
    pub name: Ident,
    pub title: Option<Str>,
    pub when: Condition,
    pub unless: Option<Condition>,
    pub route: Option<Str>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StageKind {
    Mql,
    Sal,
    Sql,
}

/// `mql "Marketing Qualified Lead (Section B)" when all of:` + indented
/// conditions; also `sal …`, `sql …`. A one-line form `mql "…" when <cond>`
/// is allowed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stage {
    pub kind: StageKind,
    /// The keyword as written (`mql`), so diagnostics can point at it.
    pub keyword: Ident,
    pub title: Option<Str>,
    pub condition: Condition,
    pub span: Span,
}

/// ```text
/// tiers "Lead tiers (E.1)":
///   tier 1 when there is an activity "demo_request"
///   tier 2 when lead_score is at least 80
///   tier 3 otherwise
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tiers {
    pub title: Option<Str>,
    pub tiers: Vec<TierRule>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierRule {
    pub number: u32,
    pub number_span: Span,
    /// `None` for `otherwise`.
    pub condition: Option<Condition>,
    pub span: Span,
}

// ---------------------------------------------------------------------------
// SLAs and persistence
// ---------------------------------------------------------------------------

/// ```text
/// sla first_response "First attempt (E.1)":
///   from routed_at to the first attempt where automated is no, counted in sales_hours
///   applies when mql
///   tier 1 within 15 minutes
///   tier 2 within 2 hours
///   tier 3 within 1 business day
///   after hours, tier 1 is due by 09:00 the next business day
/// ```
/// `within 4 hours; tier 1 within 1 hour` gives a default and overrides.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sla {
    pub name: Ident,
    pub title: Option<Str>,
    pub start: InstantExpr,
    pub stop: InstantExpr,
    /// `counted in sales_hours`; `None` = plain (wall-clock) time.
    pub calendar: Option<Ident>,
    /// `applies when <condition>`
    pub applies: Option<Condition>,
    pub limits: Vec<SlaLimit>,
    pub after_hours: Vec<AfterHoursRule>,
    pub span: Span,
}

/// An instant read from the lead.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum InstantExpr {
    /// `routed_at`
    Field(Ident),
    /// `the first attempt`, `the 2nd attempt by "phone"`,
    /// `the first activity "demo_request"`. The pattern's quantity is unused.
    NthEvent {
        n: u32,
        pattern: EventPattern,
        span: Span,
    },
}

/// `tier 1 within 15 minutes` or (no tier) `within 4 hours`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SlaLimit {
    pub tier: Option<(u32, Span)>,
    pub within: Duration,
    pub span: Span,
}

/// `after hours, tier 1 is due by 09:00 the next business day` / `after
/// hours, due by 08:00 the next business day`: when the clock starts outside
/// the calendar's opening hours, the due instant is that local time on the
/// next business day instead of the limit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AfterHoursRule {
    pub tier: Option<(u32, Span)>,
    pub by: TimeOfDay,
    pub span: Span,
}

/// ```text
/// persistence "Contact persistence before Unresponsive (E.2)":
///   from routed_at, counted in sales_hours
///   at least 6 attempts within 10 business days
///   at least 2 attempts by "phone" on at least 2 distinct days
///   at least 1 attempt by "linkedin" when segment is one of "mid-market", "enterprise"
///   attempts on at least 3 distinct days
///   at most 2 attempts on any one day
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Persistence {
    pub title: Option<Str>,
    /// `from routed_at`
    pub start: Option<Ident>,
    /// `counted in sales_hours` — business days and distinct days are
    /// counted in this calendar's zone.
    pub calendar: Option<Ident>,
    /// `applies when <condition>` — only leads for which it holds owe the
    /// attempts; for the others persistence does not apply (as for an
    /// SLA's `applies when`).
    pub applies: Option<Condition>,
    pub rules: Vec<PersistenceRule>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersistenceRule {
    pub kind: PersistenceRuleKind,
    /// `when segment is …` — the rule applies only to such leads.
    pub when: Option<Condition>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum PersistenceRuleKind {
    /// `at least 6 attempts [by "phone"] [within 10 business days] [on at least 2 distinct days]`
    Count {
        pattern: EventPattern,
        within: Option<Duration>,
        distinct_days: Option<u32>,
    },
    /// `attempts on at least 3 distinct days`
    DistinctDays {
        pattern: EventPattern,
        at_least: u32,
    },
    /// `at most 2 attempts on any one day`
    PerDayMax { pattern: EventPattern, at_most: u32 },
}

// ---------------------------------------------------------------------------
// Rejection, recycling, handoff
// ---------------------------------------------------------------------------

/// ```text
/// rejection reasons "Reason codes (E.3) and dispositions (F.1)":
///   not_icp "Not ICP fit": archive, never recycled
///   no_budget "No budget signal": nurture "long-cycle" for 6 months,
///       re-enter after 30 days with a new activity "budget_signal"
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RejectionReasons {
    pub title: Option<Str>,
    pub reasons: Vec<Reason>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    pub code: Ident,
    pub label: Option<Str>,
    pub disposition: Vec<DispositionStep>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DispositionStep {
    pub kind: DispositionKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum DispositionKind {
    /// `archive`
    Archive,
    /// `never recycled`
    NeverRecycled,
    /// `nurture "long-cycle" for 6 months`
    Nurture {
        track: Str,
        duration: Option<Duration>,
    },
    /// `re-route`
    ReRoute,
    /// `enrich`
    Enrich,
    /// `route to "CSM"`
    RouteTo(Str),
    /// `re-enter [after 30 days] [with a new trigger | with a new activity "x" | when <cond>
    /// | when the icp definition has changed since the rejection]`
    ReEnter {
        after: Option<Duration>,
        requirement: Option<ReEntryRequirement>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ReEntryRequirement {
    /// `with a new trigger` — any trigger, counting only events after the rejection.
    NewTrigger,
    /// `with a new activity "budget_signal"`
    NewEvent(EventPattern),
    /// `when enrichment_passed`
    When(Condition),
    /// `when the icp definition has changed since the rejection`: the
    /// version of the agreement in effect now defines it differently from
    /// the version in effect when the lead was rejected.
    DefinitionChanged(Ident),
}

/// ```text
/// recycling "Re-entry (F.2)":
///   rejection reason is rejection_reason
///   rejected at rejected_at
///   times recycled is recycle_count
///   cooling off at least 30 days, 90 days for not_icp
///   re-entry needs a new trigger after the rejection
///   human review when recycled more than 2 times
///   nurture placement within 5 business days
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recycling {
    pub title: Option<Str>,
    pub clauses: Vec<RecyclingClause>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecyclingClause {
    pub kind: RecyclingClauseKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum RecyclingClauseKind {
    /// `rejection reason is rejection_reason`
    ReasonField(Ident),
    /// `rejected at rejected_at`
    RejectedAtField(Ident),
    /// `times recycled is recycle_count`
    RecycleCountField(Ident),
    /// `cooling off at least 30 days, 90 days for not_icp`
    CoolingOff {
        default: Duration,
        overrides: Vec<(Ident, Duration)>,
    },
    /// `re-entry needs a new trigger after the rejection`
    NewTriggerRequired,
    /// `human review when recycled more than 2 times`
    HumanReviewAfter(u32),
    /// `nurture placement within 5 business days`
    NurturePlacementWithin(Duration),
}

/// ```text
/// handoff "Data completeness (D.1)":
///   applies when mql
///   requires full_name, job_title, email, company_name, employees
///   requires email_deliverable is yes
///   requires activities
///   prefers linkedin_url
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Handoff {
    pub title: Option<Str>,
    /// `applies when <condition>` — only leads for which it holds are
    /// judged; for the others handoff does not apply (as for an SLA).
    pub applies: Option<Condition>,
    pub required: Vec<HandoffItem>,
    pub preferred: Vec<HandoffItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum HandoffItem {
    /// `email`: the field has a value (an event stream: at least one event).
    Field(Ident),
    /// `at least 1 activity "demo_request"`: the count holds.
    Events(EventPattern),
    /// `email_deliverable is yes`: the comparison holds (a value, not only
    /// its presence).
    Condition(Condition),
}

// ---------------------------------------------------------------------------
// Aggregates
// ---------------------------------------------------------------------------

/// ```text
/// metric rejection_rate "MQL rejection rate":
///   the share of mql leads where rejection_reason is present, by month
/// metric mql_volume "Monthly MQL volume": the number of mql leads, by month
/// metric rejection_rate_by_reason: the share of mql leads where rejection_reason is present, by month, per rejection_reason
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metric {
    pub name: Ident,
    pub title: Option<Str>,
    pub aggregate: Aggregate,
    /// `mql leads` → Some(Ref(mql)); `leads` → None.
    pub population: Option<Condition>,
    pub period: Period,
    /// `by month of mql_at`: the timestamp (or date) field that places a
    /// lead in a period. Without it, a lead lands in the period of its
    /// population's own instant ([`default_period_instant`]).
    pub instant: Option<Ident>,
    /// `per rejection_reason`
    pub per: Option<Ident>,
    pub span: Span,
}

/// The field a metric's lead lands in a period by, when the metric does not
/// say (`by month of …`): a stage population counts in the period the lead
/// reached that stage (`mql` → `mql_at`, `sal` → `sal_at`, else
/// `accepted_at`, `sql` → `sql_at`); any other population in the period it
/// was created (`created_at`). The first candidate the schema declares wins;
/// the checker refuses a metric none of whose candidates exist.
pub fn default_period_instant(population: Option<&Condition>) -> &'static [&'static str] {
    let stage = match population.map(|c| &c.kind) {
        Some(ConditionKind::Ref(id)) => id.name.as_str(),
        _ => "",
    };
    match stage {
        "mql" => &["mql_at"],
        "sal" => &["sal_at", "accepted_at"],
        "sql" => &["sql_at"],
        _ => &["created_at"],
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Aggregate {
    /// `the number of … leads`
    Count,
    /// `the share of … leads where <condition>` (a percentage)
    Share(Condition),
    /// `the average lead_score of … leads`
    Average(Operand),
}

/// ```text
/// breach response_rate "Response rate (SLA 4.1)":
///   response_within_sla is below 90% for 2 consecutive weeks
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Breach {
    pub name: Ident,
    pub title: Option<Str>,
    pub metric: Ident,
    pub test: Test,
    pub consecutive: u32,
    pub period: Period,
    pub span: Span,
}

/// `drift mql_volume_shift "Scoring change review": mql_volume changes by more than 15% between versions`
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Drift {
    pub name: Ident,
    pub title: Option<Str>,
    pub metric: Ident,
    pub threshold: Value,
    pub span: Span,
}
