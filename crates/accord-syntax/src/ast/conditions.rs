//! Values, durations and conditions: literal values, `15 minutes` /
//! `1 business day`, the boolean conditions over a lead (comparisons,
//! `all of` / `any of` / `not`, names, event patterns) and the event
//! patterns with their quantities and windows.

use super::{DateLit, Ident, Str};
use crate::span::Span;
use serde::Serialize;

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
