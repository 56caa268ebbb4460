//! What the comparison produces: one [`Change`] per clause that means
//! something different, in words, with the way it moves and its place in
//! each version.

use crate::sets::Accepted;
use accord_syntax::ast::Operand;
use accord_syntax::Span;
use serde::Serialize;

/// Which way a change moves, where that is defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More leads pass (a lower threshold, a longer window, more time).
    Looser,
    /// Fewer leads pass.
    Tighter,
    /// Something happens or is due earlier.
    Earlier,
    /// Something happens or is due later.
    Later,
    /// An exclusion matches more leads (fewer qualify).
    ExcludesMore,
    /// An exclusion matches fewer leads (more qualify).
    ExcludesFewer,
    /// A condition with no pass/fail meaning of its own (a score rule, a
    /// metric's population) matches more leads.
    Broader,
    /// … matches fewer leads.
    Narrower,
    /// A score rule gives more points.
    MorePoints,
    /// A score rule gives fewer points.
    FewerPoints,
    /// A breach or drift rule fires more often.
    FiresMore,
    /// A breach or drift rule fires less often.
    FiresLess,
    /// Some leads move one way and others the other: a set of values that
    /// gains some and loses others, or a list read where more values let
    /// more leads qualify and where they let fewer.
    Mixed,
}

impl Direction {
    /// The words shown in parentheses after a change.
    pub fn words(self) -> &'static str {
        match self {
            Direction::Looser => "looser",
            Direction::Tighter => "tighter",
            Direction::Earlier => "earlier",
            Direction::Later => "later",
            Direction::ExcludesMore => "tighter: excludes more leads",
            Direction::ExcludesFewer => "looser: excludes fewer leads",
            Direction::Broader => "matches more leads",
            Direction::Narrower => "matches fewer leads",
            Direction::MorePoints => "more points",
            Direction::FewerPoints => "fewer points",
            Direction::FiresMore => "fires more often",
            Direction::FiresLess => "fires less often",
            Direction::Mixed => "mixed: some leads move each way",
        }
    }

    /// The direction a change the other way round moves.
    pub fn opposite(self) -> Direction {
        use Direction::*;
        match self {
            Looser => Tighter,
            Tighter => Looser,
            Earlier => Later,
            Later => Earlier,
            ExcludesMore => ExcludesFewer,
            ExcludesFewer => ExcludesMore,
            Broader => Narrower,
            Narrower => Broader,
            MorePoints => FewerPoints,
            FewerPoints => MorePoints,
            FiresMore => FiresLess,
            FiresLess => FiresMore,
            Mixed => Mixed,
        }
    }

    /// Whether the change lets more leads qualify (`Some(true)`) or fewer:
    /// a looser requirement, an exclusion that excludes fewer, more points.
    fn more_qualify(self) -> Option<bool> {
        use Direction::*;
        match self {
            Looser | ExcludesFewer | MorePoints => Some(true),
            Tighter | ExcludesMore | FewerPoints => Some(false),
            _ => None,
        }
    }

    /// One direction for a change felt in several places (a list read by
    /// several clauses): the same everywhere is that direction; more (or
    /// fewer) leads qualifying everywhere, in different ways, is looser
    /// (or tighter); a way and its opposite is [`Direction::Mixed`]; `None`
    /// when there is no place, or the ways cannot be weighed together.
    pub fn combined(directions: &[Direction]) -> Option<Direction> {
        let (&first, rest) = directions.split_first()?;
        if rest.iter().all(|d| *d == first) {
            return Some(first);
        }
        let qualify: Option<Vec<bool>> = directions.iter().map(|d| d.more_qualify()).collect();
        match qualify {
            Some(q) if q.iter().all(|m| *m) => Some(Direction::Looser),
            Some(q) if q.iter().all(|m| !*m) => Some(Direction::Tighter),
            Some(_) => Some(Direction::Mixed),
            None if directions
                .iter()
                .any(|d| *d == Direction::Mixed || directions.contains(&d.opposite())) =>
            {
                Some(Direction::Mixed)
            }
            None => None,
        }
    }

    /// Whether a change this way can flip some lead's outcome.
    pub fn moves_leads(self) -> bool {
        !matches!(self, Direction::FiresMore | Direction::FiresLess)
    }
}

/// What a change touched, for reasoning about the leads it flips.
#[derive(Clone, Debug, PartialEq)]
pub enum Site {
    /// A comparison in definition `def` (a fit, trigger, exclusion name, or
    /// `mql`/`sal`/`sql`) that accepts other values.
    Comparison {
        def: String,
        operand: Operand,
        old: Accepted,
        new: Accepted,
    },
    /// A named list whose values changed.
    List { name: String },
    /// An SLA's limit for a tier (or its default) changed.
    SlaLimit { sla: String, tier: Option<u32> },
    /// A new exclusion.
    NewExclusion { name: String },
    /// A comparison in tier `tier`'s condition: it decides the lead's tier
    /// (and so its SLA limits), not whether it is an MQL.
    TierCondition { tier: u32 },
}

/// A place in one version: the file as shown and the 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    pub file: String,
    pub line: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One change in meaning.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// What changed, named for a reader: `MQL`, `SLA first_response`,
    /// `list target_industries`; empty when the text names it already
    /// (`new exclusion personal_email`).
    pub subject: String,
    /// The change in words.
    pub text: String,
    pub direction: Option<Direction>,
    /// Where the clause is in the old version (absent for an addition).
    pub old: Option<Place>,
    /// Where the clause is in the new version (absent for a removal).
    pub new: Option<Place>,
    /// The clause's spans in each version, for impact reasoning.
    #[serde(skip)]
    pub spans: (Option<Span>, Option<Span>),
    /// What the change touched, when impact can be reasoned about.
    #[serde(skip)]
    pub site: Option<Site>,
}

impl Change {
    /// The change as one line of text: `MQL: lead_score threshold lowered
    /// from 65 to 55 (looser)`.
    pub fn sentence(&self) -> String {
        let mut s = if self.subject.is_empty() {
            self.text.clone()
        } else {
            format!("{}: {}", self.subject, self.text)
        };
        if let Some(d) = self.direction {
            s.push_str(&format!(" ({})", d.words()));
        }
        s
    }

    /// `old file:line → new file:line` (or one of them).
    pub fn places(&self) -> String {
        match (&self.old, &self.new) {
            (Some(o), Some(n)) => format!("{o} → {n}"),
            (Some(o), None) => format!("{o} (removed)"),
            (None, Some(n)) => format!("{n} (new)"),
            (None, None) => String::new(),
        }
    }
}
