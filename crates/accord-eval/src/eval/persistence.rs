//! Contact persistence: attempts counted from the start field, within a
//! business-day window when the rule gives one (else up to as-of), distinct
//! days and per-day maxima in calendar days of the calendar's zone (the
//! lead's zone for a lead-local calendar), rules with `when` applying only
//! to matching leads. The answer is compliant, or the list of what is
//! missing (`at least 2 attempts by "phone": has 1`).

use super::{Ev, Local};
use crate::decision::PersistenceOutcome;
use crate::explain::{NodeId, Verdict};
use crate::plan::*;
use chrono::{DateTime, NaiveDate, Utc};

impl<'p> Ev<'p> {
    /// Persistence as a root answer.
    pub(crate) fn persistence_answer(&mut self, out: Option<NodeId>) -> Option<PersistenceOutcome> {
        let def = self.p.persistence.as_ref()?;
        let node = out.map(|_| self.answer(def.src, &def.title));
        let o = self.persistence_eval(def, node);
        if let Some(n) = node {
            let verdict = if !o.applies {
                Verdict::NotApplicable
            } else {
                Verdict::of(o.compliant)
            };
            self.x.set_verdict(n, verdict);
            if !o.missing.is_empty() {
                self.x
                    .gap(n, format_args!("missing: {}", o.missing.join("; ")));
            }
        }
        self.push(out, node);
        Some(o)
    }

    fn persistence_eval(
        &mut self,
        def: &'p PersistenceDef,
        node: Option<NodeId>,
    ) -> PersistenceOutcome {
        let cal = def.calendar.and_then(|c| self.p.calendars.get(c));
        let tz = cal
            .map(|c| self.zone(c))
            .unwrap_or_else(|| self.default_zone());
        let start = match def.start {
            Some(slot) => match self.instant_field(slot) {
                Some(t) => {
                    if let Some(n) = node {
                        self.x.read(n, self.field_name(slot), Local(t, tz));
                    }
                    Some(t)
                }
                None => {
                    if let Some(n) = node {
                        let why = self.why_missing(slot);
                        self.x.gap(n, format_args!("not applicable: {why}"));
                    }
                    return PersistenceOutcome {
                        applies: false,
                        compliant: true,
                        missing: Vec::new(),
                    };
                }
            },
            None => None,
        };
        let local = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive();
        let mut missing = Vec::new();
        for rule in &def.rules {
            let child = node.map(|_| self.node(rule.src));
            if let Some(w) = &rule.when {
                if !self.cond(w, child) {
                    if let (Some(c), Some(n)) = (child, node) {
                        self.x.set_verdict(c, Verdict::NotApplicable);
                        self.x.attach(n, c);
                    }
                    continue;
                }
            }
            let (pattern, within) = match &rule.kind {
                PRuleKind::Count {
                    pattern, within, ..
                } => (pattern, *within),
                PRuleKind::DistinctDays { pattern, .. } | PRuleKind::PerDayMax { pattern, .. } => {
                    (pattern, None)
                }
            };
            let end = match (within, start) {
                (Some(d), Some(s)) => match (d, cal) {
                    (Dur::BusinessDays(k), Some(c)) => c.calendar.add_business_days(s, tz, k),
                    (Dur::BusinessSecs(x), Some(c)) => c.calendar.add_business_seconds(s, tz, x),
                    (d, _) => d.add_plain(s),
                },
                _ => None,
            };
            let mut ats: Vec<DateTime<Utc>> = Vec::new();
            for e in self.visible(pattern) {
                if start.is_some_and(|s| e.at < s) || end.is_some_and(|x| e.at > x) {
                    continue;
                }
                if self.event_matches(pattern, e) {
                    ats.push(e.at);
                }
            }
            let mut days: Vec<NaiveDate> = ats.iter().map(|t| local(*t)).collect();
            let per_day = days.clone();
            days.dedup();
            let clause = self.text(rule.src);
            let mut problems = Vec::new();
            match &rule.kind {
                PRuleKind::Count { distinct_days, .. } => {
                    let few = !pattern.qty.holds(ats.len());
                    let few_days = distinct_days.is_some_and(|k| days.len() < k as usize);
                    match (few, few_days) {
                        (true, true) => problems.push(format!(
                            "{clause}: has {} on {} distinct day(s)",
                            ats.len(),
                            days.len()
                        )),
                        (true, false) => problems.push(format!("{clause}: has {}", ats.len())),
                        (false, true) => {
                            problems.push(format!("{clause}: on {} distinct day(s)", days.len()))
                        }
                        (false, false) => {}
                    }
                }
                PRuleKind::DistinctDays { at_least, .. } => {
                    if days.len() < *at_least as usize {
                        problems.push(format!("{clause}: on {} distinct day(s)", days.len()));
                    }
                }
                PRuleKind::PerDayMax { at_most, .. } => {
                    for d in &days {
                        let count = per_day.iter().filter(|x| *x == d).count();
                        if count > *at_most as usize {
                            problems.push(format!("{clause}: {count} on {d}"));
                        }
                    }
                }
            }
            if let (Some(c), Some(n)) = (child, node) {
                self.x.set_verdict(c, Verdict::of(problems.is_empty()));
                self.x.read(c, &pattern.plural, ats.len());
                self.x.read(c, "distinct days", days.len());
                match &rule.kind {
                    PRuleKind::Count { distinct_days, .. } => {
                        self.x.threshold(c, pattern.qty);
                        if let Some(k) = distinct_days {
                            self.x
                                .threshold(c, format_args!("on at least {k} distinct days"));
                        }
                    }
                    PRuleKind::DistinctDays { at_least, .. } => {
                        self.x
                            .threshold(c, format_args!("on at least {at_least} distinct days"));
                    }
                    PRuleKind::PerDayMax { at_most, .. } => {
                        self.x
                            .threshold(c, format_args!("at most {at_most} on any one day"));
                    }
                }
                if let Some(x) = end {
                    self.x.note(c, format_args!("window ends {}", Local(x, tz)));
                }
                if let Some(p) = problems.first() {
                    self.x.gap(c, p);
                }
                self.x.attach(n, c);
            }
            missing.extend(problems);
        }
        PersistenceOutcome {
            applies: true,
            compliant: missing.is_empty(),
            missing,
        }
    }
}
