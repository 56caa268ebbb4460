//! Conditions: boolean combinations, comparisons of fields, scores, tier and
//! SLA states against literals, sets and lists, and references to fits,
//! triggers, exclusions and stages. Failing comparisons say why not in the
//! lead's terms ("lead_score 58.8, needs 6.2 more").

use super::{kids, put, show_ts, Ev, Shown};
use crate::decision::SlaState;
use crate::explain::{Node, Verdict};
use crate::plan::*;
use accord_records::value::format_number as num;
use accord_records::FieldValue;
use chrono::{DateTime, NaiveDate, Utc};
use std::borrow::Cow;

/// A value read for a comparison.
#[derive(Clone, Debug)]
pub(crate) enum Val<'a> {
    Missing,
    Num(f64),
    Text(Cow<'a, str>),
    Bool(bool),
    Date(NaiveDate),
    Ts(DateTime<Utc>),
    State(SlaState),
    List(&'a [FieldValue]),
    Zone(chrono_tz::Tz),
}

impl Val<'_> {
    pub fn show(&self) -> String {
        match self {
            Val::Missing => "(missing)".into(),
            Val::Num(n) => num(*n),
            Val::Text(t) => format!("\"{t}\""),
            Val::Bool(b) => if *b { "yes" } else { "no" }.into(),
            Val::Date(d) => d.to_string(),
            Val::Ts(t) => show_ts(*t),
            Val::State(s) => s.word().into(),
            Val::List(items) => FieldValue::List(items.to_vec()).to_string(),
            Val::Zone(z) => z.name().into(),
        }
    }
    fn num(&self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(*n),
            _ => None,
        }
    }
}

fn from_field(v: &FieldValue) -> Val<'_> {
    match v {
        FieldValue::Missing => Val::Missing,
        FieldValue::Number(n) => Val::Num(*n),
        FieldValue::Text(t) => Val::Text(Cow::Borrowed(t)),
        FieldValue::YesNo(b) => Val::Bool(*b),
        FieldValue::Date(d) => Val::Date(*d),
        FieldValue::Timestamp(t) => Val::Ts(*t),
        FieldValue::Zone(z) => Val::Zone(*z),
        FieldValue::List(items) => Val::List(items),
    }
}

/// Case-insensitive `*` wildcard match (`parts` are the lower-cased pieces
/// between stars).
fn wildcard(text: &str, parts: &[String]) -> bool {
    let text = text.to_lowercase();
    let mut rest = text.as_str();
    let last = parts.len().saturating_sub(1);
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part.as_str()) {
                Some(r) => rest = r,
                None => return false,
            }
            if parts.len() == 1 {
                return rest.is_empty();
            }
        } else if i == last {
            return rest.ends_with(part.as_str());
        } else {
            match rest.find(part.as_str()) {
                Some(pos) => rest = rest.get(pos + part.len()..).unwrap_or(""),
                None => return false,
            }
        }
    }
    true
}

fn eq(v: &Val, lit: &Lit) -> bool {
    match (v, lit) {
        (Val::Num(a), Lit::Num(b)) => a == b,
        (Val::Text(a), Lit::Text(b)) => a.as_ref() == b.as_str(),
        (Val::Bool(a), Lit::Bool(b)) => a == b,
        (Val::Date(a), Lit::Date(b)) => a == b,
        (Val::Ts(a), Lit::Date(b)) => a.date_naive() == *b,
        (Val::State(a), Lit::State(b)) => a == b,
        (Val::Zone(z), Lit::Text(b)) => z.name() == b,
        _ => false,
    }
}

fn in_set(v: &Val, set: &LitSet, domain: bool) -> bool {
    match v {
        Val::Text(t) if domain => set.lower.contains(t.as_ref()),
        Val::Text(t) => set.texts.contains(t.as_ref()),
        Val::Num(n) => set.nums.contains(n),
        Val::Bool(b) => set.texts.contains(if *b { "yes" } else { "no" }),
        Val::State(s) => set.texts.contains(s.word()),
        Val::Date(d) => set.texts.contains(&d.to_string()),
        Val::List(items) => items.iter().any(|i| in_set(&from_field(i), set, domain)),
        _ => false,
    }
}

/// How a test reads in a threshold list.
fn show_test(p: &CompiledPolicy, t: &Test) -> String {
    match t {
        Test::Between(a, b) => format!("between {} and {}", num(*a), num(*b)),
        Test::AtLeast(a) => format!("at least {}", num(*a)),
        Test::AtMost(a) => format!("at most {}", num(*a)),
        Test::MoreThan(a) => format!("more than {}", num(*a)),
        Test::LessThan(a) => format!("less than {}", num(*a)),
        Test::Is(l) => format!("is {}", l.show()),
        Test::IsNot(l) => format!("is not {}", l.show()),
        Test::OneOf(s) => format!("one of {}", s.shown),
        Test::NotOneOf(s) => format!("not one of {}", s.shown),
        Test::InList(i) | Test::NotInList(i) => {
            let word = if matches!(t, Test::InList(_)) {
                "in"
            } else {
                "not in"
            };
            format!(
                "{word} [{}]",
                p.lists.get(*i).map(|l| l.shown.as_str()).unwrap_or("")
            )
        }
        Test::Present => "present".into(),
        Test::Missing => "missing".into(),
        Test::Contains(s) => format!("contains \"{s}\""),
        Test::StartsWith(s) => format!("starts with \"{s}\""),
        Test::EndsWith(s) => format!("ends with \"{s}\""),
        Test::Matches(parts) => format!("matches \"{}\"", parts.join("*")),
        Test::WithinLast(_) | Test::MoreThanAgo(_) | Test::Before(_) | Test::After(_) => {
            String::new()
        }
    }
}

impl<'p> Ev<'p> {
    /// Evaluates a condition; when `parent` is given, pushes its node there.
    pub(crate) fn cond(&mut self, c: &'p Cond, parent: Option<&mut Vec<Node>>) -> bool {
        match parent {
            None => self.cond_body(c, None),
            Some(parent) => {
                let mut node = self.node(c.src);
                let r = self.cond_body(c, Some(&mut node));
                if node.verdict == Verdict::Info {
                    node.verdict = Verdict::of(r);
                }
                parent.push(node);
                r
            }
        }
    }

    /// Evaluates a condition into a given node (its clause text already set).
    pub(crate) fn cond_body(&mut self, c: &'p Cond, mut n: Option<&mut Node>) -> bool {
        match &c.kind {
            CondKind::All(items) => {
                let mut all = true;
                for item in items {
                    let r = self.cond(item, kids(&mut n));
                    all &= r;
                    if !r && n.is_none() {
                        return false;
                    }
                }
                if !all {
                    put(&mut n, |n| {
                        let failed: Vec<&str> = n
                            .children
                            .iter()
                            .filter(|c| c.verdict == Verdict::Fail)
                            .map(|c| &*c.clause)
                            .collect();
                        n.gap = Some(format!("failed: {}", failed.join("; ")));
                    });
                }
                all
            }
            CondKind::Any(items) => {
                let mut any = false;
                for item in items {
                    let r = self.cond(item, kids(&mut n));
                    any |= r;
                    if r && n.is_none() {
                        return true;
                    }
                }
                if !any {
                    put(&mut n, |n| n.gap = Some("none of these holds".into()));
                }
                any
            }
            CondKind::Not(inner) => !self.cond(inner, kids(&mut n)),
            CondKind::YesNo(slot) => {
                let v = self.field(*slot);
                put(&mut n, |n| n.read(self.field_name(*slot), v.to_string()));
                matches!(v, FieldValue::YesNo(true))
            }
            CondKind::Fit(i) => self.fit(*i, n),
            CondKind::Trigger(i) => self.trigger(*i, n),
            CondKind::Exclusion(i) => self.exclusion(*i, n),
            CondKind::Stage(i) => {
                let def = self.p.stages.get(*i);
                put(&mut n, |n| {
                    if let Some(d) = def {
                        n.title = d.title.clone();
                    }
                });
                self.stage_body(*i, n)
            }
            CondKind::Events(p) => self.pattern_holds(p, n),
            CondKind::NoExclusion => self.first_exclusion(n).is_none(),
            CondKind::Cmp {
                subject,
                name,
                test,
            } => self.compare(subject, name, test, n),
        }
    }

    /// A fit: every condition holds.
    pub(crate) fn fit(&mut self, i: usize, mut n: Option<&mut Node>) -> bool {
        if n.is_none() {
            if let Some(Some(r)) = self.memo.fits.get(i) {
                return *r;
            }
        }
        let Some(def) = self.p.fits.get(i) else {
            return false;
        };
        if n.is_some() && self.drawn_before(Shown::Fit, i) {
            let r = self.fit(i, None);
            put(&mut n, |n| {
                n.title = def.title.clone();
                n.location = self.loc(def.src);
                n.note("explained above");
            });
            return r;
        }
        put(&mut n, |n| {
            n.title = def.title.clone();
            n.location = self.loc(def.src);
        });
        if !self.enter() {
            self.leave();
            return false;
        }
        let mut all = true;
        for c in &def.conditions {
            let r = self.cond(c, kids(&mut n));
            all &= r;
            if !r && n.is_none() {
                break;
            }
        }
        self.leave();
        if !all {
            put(&mut n, |n| {
                let failed: Vec<&str> = n
                    .children
                    .iter()
                    .filter(|c| c.verdict == Verdict::Fail)
                    .map(|c| &*c.clause)
                    .collect();
                n.gap = Some(format!("failed: {}", failed.join("; ")));
            });
        }
        if let Some(m) = self.memo.fits.get_mut(i) {
            *m = Some(all);
        }
        all
    }

    /// Reads a comparison subject. Scores and SLA states are evaluated (and,
    /// when explaining, their subtree is attached to `n`).
    fn read(&mut self, subject: &Subject, n: &mut Option<&mut Node>) -> Val<'p> {
        match subject {
            Subject::Field(slot) => from_field(self.field(*slot)),
            Subject::DomainOf(slot) => match self.field(*slot) {
                FieldValue::Text(t) => match t.rsplit_once('@') {
                    Some((_, d)) if d.chars().any(|c| c.is_uppercase()) => {
                        Val::Text(Cow::Owned(d.to_lowercase()))
                    }
                    Some((_, d)) => Val::Text(Cow::Borrowed(d)),
                    None => Val::Missing,
                },
                _ => Val::Missing,
            },
            Subject::Score(i) => match self.score(*i, kids(n)) {
                Some(v) => Val::Num(v),
                None => Val::Missing,
            },
            Subject::Tier => match self.tier(None) {
                Some(t) => Val::Num(f64::from(t)),
                None => Val::Missing,
            },
            Subject::Sla(i) => Val::State(self.sla_state(*i)),
            Subject::EventField(i) => match self.event.and_then(|e| e.fields.get(*i)) {
                Some(v) => from_field(v),
                None => Val::Missing,
            },
            Subject::EventKind => {
                let kind = self.event.and_then(|e| {
                    self.p
                        .schema
                        .streams
                        .get(self.event_stream)
                        .and_then(|s| s.kinds.get(e.kind))
                });
                match kind {
                    Some(k) => Val::Text(Cow::Borrowed(k.as_str())),
                    None => Val::Missing,
                }
            }
            Subject::EventAt => match self.event {
                Some(e) => Val::Ts(e.at),
                None => Val::Missing,
            },
        }
    }

    fn compare(
        &mut self,
        subject: &'p Subject,
        name: &str,
        test: &'p Test,
        mut n: Option<&mut Node>,
    ) -> bool {
        let v = self.read(subject, &mut n);
        let as_of = self.as_of;
        let text = |v: &Val| -> Option<String> {
            match v {
                Val::Text(t) => Some(t.to_lowercase()),
                _ => None,
            }
        };
        let ok = match test {
            Test::Between(a, b) => v.num().is_some_and(|x| x >= *a && x <= *b),
            Test::AtLeast(a) => v.num().is_some_and(|x| x >= *a),
            Test::AtMost(a) => v.num().is_some_and(|x| x <= *a),
            Test::MoreThan(a) => v.num().is_some_and(|x| x > *a),
            Test::LessThan(a) => v.num().is_some_and(|x| x < *a),
            Test::Is(l) => eq(&v, l),
            Test::IsNot(l) => !eq(&v, l),
            Test::OneOf(s) => in_set(&v, s, false),
            Test::NotOneOf(s) => !in_set(&v, s, false),
            Test::InList(i) | Test::NotInList(i) => {
                let domain = matches!(subject, Subject::DomainOf(_));
                let inside = self.p.lists.get(*i).is_some_and(|l| in_set(&v, l, domain));
                inside == matches!(test, Test::InList(_))
            }
            Test::Present => !matches!(v, Val::Missing),
            Test::Missing => matches!(v, Val::Missing),
            Test::Contains(s) => match &v {
                Val::List(items) => items.iter().any(|i| i.as_text() == Some(s.as_str())),
                _ => text(&v).is_some_and(|t| t.contains(&s.to_lowercase())),
            },
            Test::StartsWith(s) => text(&v).is_some_and(|t| t.starts_with(&s.to_lowercase())),
            Test::EndsWith(s) => text(&v).is_some_and(|t| t.ends_with(&s.to_lowercase())),
            Test::Matches(parts) => matches!(&v, Val::Text(t) if wildcard(t, parts)),
            Test::WithinLast(d) => match (&v, d.sub_plain(as_of)) {
                (Val::Ts(t), Some(lo)) => *t >= lo && *t <= as_of,
                (Val::Date(t), Some(lo)) => *t >= lo.date_naive() && *t <= as_of.date_naive(),
                _ => false,
            },
            Test::MoreThanAgo(d) => match (&v, d.sub_plain(as_of)) {
                (Val::Ts(t), Some(lo)) => *t < lo,
                (Val::Date(t), Some(lo)) => *t < lo.date_naive(),
                _ => false,
            },
            Test::Before(l) | Test::After(l) => {
                let before = matches!(test, Test::Before(_));
                match (&v, l) {
                    (Val::Ts(t), _) => {
                        l.as_instant()
                            .is_some_and(|x| if before { *t < x } else { *t > x })
                    }
                    (Val::Date(d), Lit::Date(x)) => {
                        if before {
                            d < x
                        } else {
                            d > x
                        }
                    }
                    _ => false,
                }
            }
        };
        put(&mut n, |n| {
            n.read(name, v.show());
            let shown = show_test(self.p, test);
            if !shown.is_empty() {
                n.thresholds.push(shown);
            }
            if !ok {
                n.gap = Some(gap(name, &v, test));
            }
        });
        ok
    }
}

/// Why a comparison failed, in the lead's terms.
fn gap(name: &str, v: &Val, test: &Test) -> String {
    if matches!(v, Val::Missing) && !matches!(test, Test::Missing) {
        return format!("{name} is missing");
    }
    let shown = v.show();
    match (test, v.num()) {
        (Test::AtLeast(a), Some(x)) => format!("{name} {}, needs {} more", num(x), num(a - x)),
        (Test::MoreThan(a), Some(x)) => {
            format!("{name} {}, needs more than {} more", num(x), num(a - x))
        }
        (Test::AtMost(a), Some(x)) => format!("{name} {}, {} over the limit", num(x), num(x - a)),
        (Test::LessThan(a), Some(x)) => {
            format!("{name} {}, needs to drop below {}", num(x), num(*a))
        }
        (Test::Between(a, _), Some(x)) if x < *a => {
            format!("{name} {}, needs {} more", num(x), num(a - x))
        }
        (Test::Between(_, b), Some(x)) => {
            format!("{name} {}, {} above {}", num(x), num(x - b), num(*b))
        }
        (Test::Is(l), _) => format!("{name} is {shown}, not {}", l.show()),
        (Test::IsNot(_), _) => format!("{name} is {shown}"),
        (Test::OneOf(s), _) => format!("{name} is {shown}, not one of {}", s.shown),
        (Test::NotOneOf(_), _) => format!("{name} is {shown}"),
        (Test::InList(_), _) => format!("{name} {shown} is not in the list"),
        (Test::NotInList(_), _) => format!("{name} {shown} is in the list"),
        (Test::Missing, _) => format!("{name} is present ({shown})"),
        _ => format!("{name} is {shown}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_matches_case_insensitively() {
        let parts: Vec<String> = "*@*.edu".split('*').map(String::from).collect();
        assert!(wildcard("Jane@Uni.EDU", &parts));
        assert!(!wildcard("jane@uni.com", &parts));
        let exact: Vec<String> = vec!["abc".into()];
        assert!(wildcard("ABC", &exact));
        assert!(!wildcard("abcd", &exact));
        let prefix: Vec<String> = "vp*".split('*').map(String::from).collect();
        assert!(wildcard("VP Sales", &prefix));
        assert!(!wildcard("SVP", &prefix));
    }

    #[test]
    fn gaps_say_how_far() {
        assert_eq!(
            gap("lead_score", &Val::Num(58.8), &Test::AtLeast(65.0)),
            "lead_score 58.8, needs 6.2 more"
        );
        assert_eq!(
            gap("employees", &Val::Num(600.0), &Test::Between(20.0, 500.0)),
            "employees 600, 100 above 500"
        );
        assert_eq!(
            gap("employees", &Val::Missing, &Test::AtLeast(1.0)),
            "employees is missing"
        );
    }
}
