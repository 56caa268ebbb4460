//! Random *valid* policies and random leads for them, for the differential
//! tests: every construct the language has (fits, scores with caps and
//! decay, triggers with look-back and sliding windows, exclusions with
//! `unless`, stages, tiers, SLAs in plain time and in calendars with
//! after-hours rules, persistence, rejection reasons and recycling,
//! handoff), with numbers drawn from the whole range the checker accepts —
//! the extremes included — and leads on one fixed schema ([`SCHEMA`]) with
//! missing optional fields, boundary values, events on DST days and
//! holidays, and timestamps after as-of.
//!
//! Calendar opening and closing times stay out of 01:00–03:00 (where the
//! zones used change their clocks): see [`crate::business`].
//! Deterministic: the same seed gives the same policies and leads.
//!
//! - this module: the random number generator ([`Rng`]), the schema and the
//!   zones every policy and lead share, and the names defined so far;
//! - `values.rs`: numbers, points, percentages, counts and durations;
//! - `conditions.rs`: field tests, event patterns and conditions;
//! - `definitions.rs`: calendars, scores, SLAs, persistence, recycling;
//! - [`policy`]: a whole policy, definition by definition;
//! - `leads.rs`: a lead for [`SCHEMA`] and the instant to judge it at.

mod conditions;
mod definitions;
mod leads;
mod policy;
mod values;

pub use leads::{lead, AS_OF};
pub use policy::policy;

/// splitmix64: a tiny deterministic generator, so failures reproduce.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// True with probability `percent`%.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// One of `items` (the first when empty is impossible: callers pass some).
    pub fn pick<'x, T>(&mut self, items: &'x [T]) -> &'x T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

/// The schema every generated policy declares and every generated lead fills.
pub const SCHEMA: &str = r#"lead fields identified by lead_id:
  lead_id is text
  email is an email
  n is an optional number
  m is a number
  pct is an optional percentage
  title is optional text
  level is optional one of "C-level", "VP", "Director"
  flag is yes/no
  oflag is optional yes/no
  born is an optional date
  tags is an optional list of text
  time_zone is a time zone
  routed_at is an optional timestamp
  accepted_at is an optional timestamp
  done_at is an optional timestamp
  rejection_reason is optional one of "r1", "r2", "r3"
  rejected_at is an optional timestamp
  recycle_count is an optional number
  nurture_placed_at is an optional timestamp
  activities are events:
    kind is one of "visit", "demo", "click", "budget"
    page is optional text
    hot is optional yes/no
  attempts are events:
    channel is one of "phone", "email", "linkedin"
    automated is optional yes/no
"#;

/// Zones leads and calendars are read in (with and without DST, odd
/// offsets, and three that skipped a whole local date).
pub const ZONES: &[&str] = &[
    "UTC",
    "America/Chicago",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Adelaide",
    "Pacific/Kiritimati",
    "Pacific/Apia",
    "Pacific/Kwajalein",
];

/// The definitions generated so far, which later ones may refer to.
#[derive(Default)]
struct Names {
    fits: Vec<String>,
    triggers: Vec<String>,
    exclusions: Vec<String>,
    scores: Vec<String>,
    slas: Vec<String>,
    calendars: Vec<String>,
    lists: Vec<String>,
    stages: Vec<String>,
    tiers: Vec<u32>,
    /// Every exclusion is written: conditions may read them.
    exclusions_done: bool,
}
