//! Where an agreement stands against its own review calendar at an
//! instant: its `next review` date, and whether that date has passed
//! (the agreement is overdue for review). `accord check` says so for the
//! date it runs on (or `--as-of`), `accord eval` in its summary for the
//! run's as-of instant.

use crate::plan::PolicyMeta;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// An agreement's review date judged at one instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewStatus {
    /// The header's `next review` date.
    pub next_review: NaiveDate,
    /// The as-of date (UTC) is after the next review date: the review the
    /// agreement promises has not been recorded by a new version.
    pub overdue: bool,
    /// Whole days from the next review date to the as-of date (0 when not
    /// overdue).
    pub days_overdue: i64,
}

impl ReviewStatus {
    /// The status of `meta`'s agreement on the UTC date of `as_of`; `None`
    /// when the agreement names no next review.
    pub fn at(meta: &PolicyMeta, as_of: DateTime<Utc>) -> Option<ReviewStatus> {
        Self::on(meta.next_review?, as_of.date_naive())
    }

    /// The status of a next review date judged on `today` (the review day
    /// itself is not overdue yet).
    pub fn on(next_review: NaiveDate, today: NaiveDate) -> Option<ReviewStatus> {
        let days = (today - next_review).num_days();
        Some(ReviewStatus {
            next_review,
            overdue: days > 0,
            days_overdue: days.max(0),
        })
    }

    /// One sentence for people: "overdue for review: the next review was due
    /// 2026-04-01 (243 days ago)" or "next review on 2026-04-01".
    pub fn sentence(&self) -> String {
        if self.overdue {
            let days = if self.days_overdue == 1 {
                "1 day".to_string()
            } else {
                format!("{} days", self.days_overdue)
            };
            format!(
                "overdue for review: the next review was due {} ({days} before the as-of date)",
                self.next_review
            )
        } else {
            format!("next review on {}", self.next_review)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn the_review_day_itself_is_not_overdue_the_day_after_is() {
        let on_the_day = ReviewStatus::on(d("2026-04-01"), d("2026-04-01")).expect("status");
        assert!(!on_the_day.overdue);
        assert_eq!(on_the_day.sentence(), "next review on 2026-04-01");
        let after = ReviewStatus::on(d("2026-04-01"), d("2026-04-02")).expect("status");
        assert!(after.overdue);
        assert_eq!(after.days_overdue, 1);
        assert_eq!(
            after.sentence(),
            "overdue for review: the next review was due 2026-04-01 (1 day before the as-of date)"
        );
        let before = ReviewStatus::on(d("2026-04-01"), d("2026-01-15")).expect("status");
        assert_eq!(before.days_overdue, 0);
    }
}
