//! The summary's words for what the decision answered: instants in the
//! lead's zone, business hours, stages, the score against its threshold,
//! persistence, the rejection and what re-entry needs.

use crate::eval::Ev;
use crate::outcome::*;
use crate::plan::*;
use crate::show::text;
use crate::show::{LocalWithDay, Num};
use crate::text::{string_of, Joined};
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// An instant in a zone with its weekday: `Tue 2026-11-24 10:15 America/Chicago`.
pub(crate) fn local(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    string_of(LocalWithDay(t, tz))
}

/// Words a thread said before, each with what it said them of (`K`).
type Said<K> = std::cell::RefCell<Vec<(K, Arc<str>)>>;

/// How many words of each kind a thread keeps (one per zone its leads
/// are in, for the commonest few).
const KEPT: usize = 16;

/// Words said before on this thread (in `said`, the latest [`KEPT`]) of
/// what `is` recognises; else `say()` now, kept with `of()`, what they
/// are said of. For words the same for every lead in the same zone.
fn said_before<K: 'static>(
    said: &'static std::thread::LocalKey<Said<K>>,
    is: impl Fn(&K) -> bool,
    of: impl FnOnce() -> K,
    say: impl FnOnce() -> String,
) -> Arc<str> {
    let known = said
        .try_with(|s| {
            let s = s.borrow();
            s.iter().find(|(k, _)| is(k)).map(|(_, w)| Arc::clone(w))
        })
        .ok()
        .flatten();
    if let Some(words) = known {
        return words;
    }
    let words: Arc<str> = say().into();
    let _ = said.try_with(|s| {
        let mut s = s.borrow_mut();
        if s.len() >= KEPT {
            s.remove(0);
        }
        s.push((of(), Arc::clone(&words)));
    });
    words
}

thread_local! {
    /// What [`as_of_local`] said on this thread: of which instant in which
    /// zone.
    static AS_OF_SAID: Said<(DateTime<Utc>, chrono_tz::Tz)> = const { std::cell::RefCell::new(Vec::new()) };
    /// What [`tier_words`] said on this thread: of which tier, and whether
    /// the lead would only be in it.
    static TIERS_SAID: Said<(u32, bool)> = const { std::cell::RefCell::new(Vec::new()) };
    /// What [`business_hours`] said on this thread: of which hours, number
    /// of holidays, zone and calendar name.
    static HOURS_SAID: Said<(accord_time::OpeningHours, usize, chrono_tz::Tz, String)> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// [`local`] of the as-of instant, shared: every summary as of the same
/// instant in the same zone says the same, so words said before on this
/// thread are reused.
pub(super) fn as_of_local(t: DateTime<Utc>, tz: chrono_tz::Tz) -> Arc<str> {
    said_before(&AS_OF_SAID, |k| *k == (t, tz), || (t, tz), || local(t, tz))
}

/// `tier 1`, or for a lead that is not an MQL `would be tier 1 (not an
/// MQL)`: the same for every lead in the tier, said before on this thread.
pub(super) fn tier_words(tier: u32, would_be: bool) -> Arc<str> {
    said_before(
        &TIERS_SAID,
        |k| *k == (tier, would_be),
        || (tier, would_be),
        || match would_be {
            true => string_of(("would be tier ", tier, " (not an MQL)")),
            false => string_of(("tier ", tier)),
        },
    )
}

/// A calendar's hours in words: `Mon–Fri 08:00–18:00 America/Chicago,
/// closed on 8 holidays`.
fn hours_in_words(cal: &accord_time::Calendar, tz: chrono_tz::Tz) -> String {
    use chrono::Weekday::*;
    const DAYS: [(chrono::Weekday, &str); 7] = [
        (Mon, "Mon"),
        (Tue, "Tue"),
        (Wed, "Wed"),
        (Thu, "Thu"),
        (Fri, "Fri"),
        (Sat, "Sat"),
        (Sun, "Sun"),
    ];
    let hours = cal.hours();
    // Runs of consecutive days with the same hours.
    // (first day, last day, the hours they share)
    type Run = (usize, usize, Vec<(chrono::NaiveTime, chrono::NaiveTime)>);
    let mut runs: Vec<Run> = Vec::new();
    for (i, (day, _)) in DAYS.iter().enumerate() {
        let iv = hours.intervals(*day);
        if iv.is_empty() {
            continue;
        }
        match runs.last_mut() {
            Some((_, end, same)) if *end + 1 == i && *same == iv => *end = i,
            _ => runs.push((i, i, iv)),
        }
    }
    let name = |i: usize| DAYS.get(i).map_or("", |d| d.1);
    let mut parts: Vec<String> = runs
        .iter()
        .map(|(a, b, iv)| {
            let days = if a == b {
                name(*a).to_string()
            } else {
                string_of((name(*a), "–", name(*b)))
            };
            let times: Vec<String> = iv
                .iter()
                .map(|(o, c)| text!("{}–{}", o.format("%H:%M"), c.format("%H:%M")))
                .collect();
            string_of((days, " ", times.join(", ")))
        })
        .collect();
    if parts.is_empty() {
        parts.push("never open".into());
    }
    let mut s = string_of((parts.join("; "), " ", tz.name()));
    match cal.holidays().len() {
        0 => {}
        1 => s.push_str(", closed on 1 holiday"),
        n => s.push_str(&string_of((", closed on ", n, " holidays"))),
    }
    s
}

/// A calendar's hours in words with its name: `Mon–Fri 08:00–18:00
/// America/Chicago, closed on 8 holidays (sales_hours)`. The same for
/// every lead in the same zone, so words said before on this thread are
/// reused when they were said of the same hours, holiday count, zone and
/// name (all that [`hours_in_words`] reads).
pub(super) fn business_hours(c: &CalendarDef, tz: chrono_tz::Tz) -> Arc<str> {
    let holidays = c.calendar.holidays().len();
    let hours = c.calendar.hours();
    said_before(
        &HOURS_SAID,
        |h| h.2 == tz && h.1 == holidays && h.3 == c.name && h.0 == *hours,
        || (hours.clone(), holidays, tz, c.name.clone()),
        || string_of((hours_in_words(&c.calendar, tz), " (", &c.name, ")")),
    )
}

/// `does not apply: <reason>`, a stage's `applies when` said in words
/// (`` `mql` does not hold `` → `does not apply: not an MQL`).
pub(super) fn does_not_apply(reason: &str, stages: &[StageOutcome]) -> String {
    let word = reason
        .strip_prefix('`')
        .and_then(|r| r.strip_suffix("` does not hold"));
    let stage = word.and_then(|w| stages.iter().find(|s| s.kind.word() == w));
    match stage {
        Some(s) => string_of(("does not apply: not ", stage_words(s.kind))),
        None => string_of(("does not apply: ", reason)),
    }
}

/// A stage in words: `an MQL`, `accepted by sales (SAL)`, `an SQL`.
pub(super) fn stage_words(k: StageKind) -> &'static str {
    match k {
        StageKind::Mql => "an MQL",
        StageKind::Sal => "accepted by sales (SAL)",
        StageKind::Sql => "an SQL",
    }
}

impl CompiledPolicy {
    /// `lead_score 64 (MQL needs at least 65)`: the first score the MQL
    /// definition compares (its threshold found when the policy was
    /// compiled: [`CompiledPolicy::mql_score_threshold`]), else the first
    /// score.
    pub(super) fn score_words(&self, scores: &[ScoreOutcome]) -> Option<String> {
        let (i, test) = match &self.mql_score_threshold {
            Some((i, t)) => (i.index(), Some(("(MQL needs ", &**t, ")"))),
            None => (0, None),
        };
        // A decision's scores are the plan's, in order.
        let s = scores.get(i)?;
        let test = test.map(|t| (" ", t));
        Some(match s.value {
            Some(v) => string_of((&s.name, " ", Num(v), test)),
            None => string_of((&s.name, " (missing)", test)),
        })
    }

    /// The score the MQL definition compares first (`lead_score is at
    /// least 65`) and its threshold in words (`at least 65`), for
    /// [`CompiledPolicy::score_words`]; found once, when the policy is
    /// compiled.
    pub(crate) fn find_mql_score_threshold(&self) -> Option<(Idx<ScoreDef>, Box<str>)> {
        let mql = self.stages.iter().find(|s| s.kind == StageKind::Mql)?;
        let mut threshold = None;
        find_threshold(&mql.condition, &mut threshold);
        threshold.map(|(i, t)| (i, t.into_boxed_str()))
    }

    pub(super) fn persistence_words<'p>(
        &'p self,
        p: &PersistenceOutcome,
        ev: &mut Ev<'p>,
        stages: &[StageOutcome],
    ) -> String {
        if !p.applies {
            let def = self.persistence.as_ref();
            // `applies when` is judged before the start is read.
            if let Some(reason) =
                ev.not_applicable_because(def.and_then(|d| d.applies.as_ref()), None)
            {
                return does_not_apply(&reason, stages);
            }
            let start = def.and_then(|d| d.start).map(|s| ev.field_name(s));
            return match start {
                Some(f) => string_of(("does not apply yet: ", f, " is missing")),
                None => string_of("does not apply"),
            };
        }
        // The first line, and how many more.
        #[allow(clippy::type_complexity)]
        fn list(v: &[String]) -> (Option<&str>, Option<(&str, usize, &str)>) {
            let more = v.len().saturating_sub(1);
            (
                v.first().map(String::as_str),
                (more > 0).then_some((" (and ", more, " more)")),
            )
        }
        if !p.compliant {
            string_of(("not compliant: ", list(&p.missing)))
        } else if !p.pending.is_empty() {
            string_of(("in progress: ", list(&p.pending)))
        } else {
            string_of("compliant")
        }
    }

    /// `rejected "Bad timing" (bad_timing) on Mon 2026-11-02 10:00
    /// America/Chicago; <re-entry>`.
    pub(super) fn rejection_words(
        &self,
        r: &RecyclingOutcome,
        tz: chrono_tz::Tz,
        as_of: DateTime<Utc>,
        rejected_at: Option<DateTime<Utc>>,
    ) -> String {
        let def = self.reasons.iter().find(|d| d.code == r.reason);
        let label = def
            .and_then(|d| d.label.as_deref())
            .map(|l| ("\"", l, "\" "));
        let on = rejected_at.map(|t| (" on ", LocalWithDay(t, tz)));
        let reentry = self.reentry_words(r, tz, as_of);
        let s = string_of((
            ("rejected ", label, "(", &*r.reason, ")"),
            on,
            "; ",
            &reentry,
        ));
        crate::text::give_back_strings([reentry]);
        s
    }

    /// What re-entry needs and from when: `may re-enter from Thu
    /// 2026-12-03 09:40 America/Chicago, with a new activity "budget_signal"
    /// since the rejection`; `never recycled`; `may re-enter now`.
    pub(super) fn reentry_words(
        &self,
        r: &RecyclingOutcome,
        tz: chrono_tz::Tz,
        as_of: DateTime<Utc>,
    ) -> String {
        let def = self.reasons.iter().find(|d| d.code == r.reason);
        if def.is_some_and(|d| d.never_recycled) {
            return "never recycled".into();
        }
        if r.may_reenter {
            return "may re-enter now".into();
        }
        let mut needs = Vec::new();
        match r.earliest_reentry {
            Some(t) if t > as_of => needs.push(string_of(("from ", LocalWithDay(t, tz)))),
            Some(_) => {}
            None => needs.push("once the rejection instant is recorded".into()),
        }
        match def.and_then(|d| d.requirement.as_ref()) {
            Some(ReEntryReq::NewTrigger) if !r.new_trigger_since_rejection => {
                needs.push("with a new trigger since the rejection".into())
            }
            Some(ReEntryReq::NewEvent(p)) => needs.push(string_of((
                "with a new ",
                &p.singular,
                &p.detail,
                " since the rejection",
            ))),
            Some(ReEntryReq::When(c)) => {
                let text = self.src(c.src).map_or("", |s| &s.text);
                needs.push(string_of(("when ", text)));
            }
            Some(ReEntryReq::DefinitionChanged(name)) if !r.requirement_met => {
                needs.push(string_of((
                    "only once the version in effect defines ",
                    name,
                    " differently from the one it was rejected under",
                )))
            }
            _ => {}
        }
        if self
            .recycling
            .as_ref()
            .is_some_and(|x| x.new_trigger_required)
            && !r.new_trigger_since_rejection
            && !needs.iter().any(|n| n.contains("trigger"))
        {
            needs.push("and a new trigger since the rejection".into());
        }
        if r.human_review_due {
            needs.push("after a human review (recycled more often than the policy allows)".into());
        }
        let words = string_of(("may re-enter ", Joined(&needs, ", ")));
        crate::text::give_back_strings(needs);
        words
    }
}

/// The first `<score> is at least N` (or `more than`) in a condition.
fn find_threshold(c: &Cond, out: &mut Option<(Idx<ScoreDef>, String)>) {
    if out.is_some() {
        return;
    }
    match &c.kind {
        CondKind::Cmp {
            subject: Subject::Score(i),
            test,
            ..
        } => {
            let t = match test {
                Test::AtLeast(n) => string_of(("at least ", Num(*n))),
                Test::MoreThan(n) => string_of(("more than ", Num(*n))),
                Test::Between(a, b) => string_of(("between ", Num(*a), " and ", Num(*b))),
                _ => return,
            };
            *out = Some((*i, t));
        }
        CondKind::All(items) | CondKind::Any(items) => {
            for i in items {
                find_threshold(i, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    /// The words [`as_of_local`] reuses are those it would say anew,
    /// whichever instant and zone it was asked about before.
    #[test]
    fn as_of_said_again_is_as_of_said_anew() {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let instants = [t("2026-11-30T15:00:00Z"), t("2026-03-08T08:30:00Z")];
        let zones = [
            chrono_tz::America::Chicago,
            chrono_tz::Europe::Berlin,
            chrono_tz::UTC,
        ];
        let asked: Vec<_> = instants
            .iter()
            .flat_map(|at| zones.map(|tz| (*at, tz)))
            .collect();
        for (before, tz_before) in &asked {
            for (at, tz) in &asked {
                as_of_local(*before, *tz_before);
                assert_eq!(*as_of_local(*at, *tz), *local(*at, *tz));
            }
        }
    }

    /// The words [`tier_words`] reuses are the words said anew, whichever
    /// tier came before.
    #[test]
    fn tier_words_said_again_are_said_anew() {
        let asked: Vec<(u32, bool)> = (1..4).flat_map(|t| [(t, false), (t, true)]).collect();
        for (before, would_before) in &asked {
            for (tier, would_be) in &asked {
                tier_words(*before, *would_before);
                let anew = if *would_be {
                    format!("would be tier {tier} (not an MQL)")
                } else {
                    format!("tier {tier}")
                };
                assert_eq!(*tier_words(*tier, *would_be), *anew);
            }
        }
    }

    /// The words [`business_hours`] reuses are those it would say anew,
    /// whichever calendar, zone or name it was asked about last.
    #[test]
    fn business_hours_said_again_are_the_words_said_anew() {
        use chrono::{NaiveDate, NaiveTime, Weekday::*};
        let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        let hours = |days: Vec<chrono::Weekday>, close| {
            accord_time::OpeningHours::uniform(days, at(8), at(close)).unwrap()
        };
        let day = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        let cal = |h, holidays: Vec<NaiveDate>, name: &str| CalendarDef {
            name: name.into(),
            calendar: accord_time::Calendar::new(h, holidays).unwrap(),
            zone: ZoneOf::Fixed(chrono_tz::UTC),
        };
        let cals = [
            cal(hours(vec![Mon, Tue, Wed, Thu, Fri], 18), vec![day], "sales"),
            cal(hours(vec![Mon, Tue, Wed, Thu, Fri], 17), vec![day], "sales"),
            cal(hours(vec![Mon, Tue, Wed, Thu, Fri], 18), vec![], "sales"),
            cal(
                hours(vec![Mon, Tue, Wed, Thu, Fri], 18),
                vec![day],
                "support",
            ),
            cal(
                hours(vec![Mon, Tue, Wed, Thu, Fri, Sat], 18),
                vec![day],
                "sales",
            ),
        ];
        let zones = [chrono_tz::America::Chicago, chrono_tz::Europe::Berlin];
        let asked: Vec<_> = cals.iter().flat_map(|c| zones.map(|tz| (c, tz))).collect();
        // Every answer, right after every question (itself included).
        for (before, tz_before) in &asked {
            for (c, tz) in &asked {
                business_hours(before, *tz_before);
                let anew = string_of((hours_in_words(&c.calendar, *tz), " (", &c.name, ")"));
                assert_eq!(*business_hours(c, *tz), *anew);
            }
        }
    }
}
