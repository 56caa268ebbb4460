//! Conditions, event patterns and the named definitions they refer to
//! (fits, scores, triggers, exclusions, stages, tiers), each looked up by
//! name in the policy's items when it is read.

use crate::time::{plain, Span};
use crate::Ev;
use accord_records::FieldValue;
use accord_syntax::ast;
use chrono::{DateTime, NaiveDate, Utc};

/// A value a comparison reads.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Missing,
    Num(f64),
    Text(String),
    Bool(bool),
    Date(NaiveDate),
    Ts(DateTime<Utc>),
    /// An SLA's state word (`met`…).
    State(&'static str),
    Zone(String),
    List(Vec<FieldValue>),
}

fn val(v: &FieldValue) -> Val {
    match v {
        FieldValue::Missing => Val::Missing,
        FieldValue::Number(n) => Val::Num(*n),
        FieldValue::Text(t) => Val::Text(t.to_string()),
        FieldValue::YesNo(b) => Val::Bool(*b),
        FieldValue::Date(d) => Val::Date(*d),
        FieldValue::Timestamp(t) => Val::Ts(*t),
        FieldValue::Zone(z) => Val::Zone(z.name().to_string()),
        FieldValue::List(items) => Val::List(items.clone()),
    }
}

/// Whether `v` equals the literal `lit` (`is`): numbers by value, text
/// exactly, a timestamp with a date by its UTC date, a zone by its name.
fn equals(v: &Val, lit: &ast::Value) -> bool {
    match (v, &lit.kind) {
        (Val::Num(a), ast::ValueKind::Number(b) | ast::ValueKind::Percent(b)) => a == b,
        (Val::Text(a), ast::ValueKind::Text(b) | ast::ValueKind::Word(b)) => a == b,
        (Val::Bool(a), ast::ValueKind::YesNo(b)) => a == b,
        (Val::Date(a), ast::ValueKind::Date(b)) => Some(*a) == date(b),
        (Val::Ts(a), ast::ValueKind::Date(b)) => Some(a.date_naive()) == date(b),
        (Val::State(a), ast::ValueKind::Word(b)) => state_word(b) == Some(*a),
        (Val::Zone(a), ast::ValueKind::Text(b)) => a == b,
        _ => false,
    }
}

fn state_word(w: &str) -> Option<&'static str> {
    match w {
        "met" => Some("met"),
        "breached" => Some("breached"),
        "pending" => Some("pending"),
        "not_applicable" | "not applicable" => Some("not_applicable"),
        _ => None,
    }
}

/// Whether `v` is one of `values` (`is one of`, a list): a list value when
/// any of its items is; a domain case-insensitively.
fn one_of(v: &Val, values: &[ast::Value], domain: bool) -> bool {
    match v {
        Val::List(items) => items.iter().any(|i| one_of(&val(i), values, domain)),
        Val::Text(t) if domain => values.iter().any(|l| match &l.kind {
            ast::ValueKind::Text(x) | ast::ValueKind::Word(x) => x.to_lowercase() == *t,
            _ => false,
        }),
        Val::Bool(b) => values.iter().any(|l| match &l.kind {
            ast::ValueKind::YesNo(x) => x == b,
            ast::ValueKind::Text(x) | ast::ValueKind::Word(x) => x == if *b { "yes" } else { "no" },
            _ => false,
        }),
        Val::Date(d) => values.iter().any(|l| match &l.kind {
            ast::ValueKind::Date(x) => date(x) == Some(*d),
            ast::ValueKind::Text(x) | ast::ValueKind::Word(x) => *x == d.to_string(),
            _ => false,
        }),
        Val::Zone(_) | Val::Ts(_) | Val::Missing => false,
        other => values.iter().any(|l| equals(other, l)),
    }
}

pub(crate) fn date(d: &ast::DateLit) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year, d.month, d.day)
}

fn number(v: &ast::Value) -> f64 {
    match v.kind {
        ast::ValueKind::Number(n) | ast::ValueKind::Percent(n) => n,
        _ => f64::NAN,
    }
}

/// `*` matches any run of characters; case-insensitive; the whole text.
fn wildcard(text: &str, pattern: &str) -> bool {
    let (text, pattern) = (text.to_lowercase(), pattern.to_lowercase());
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return text == pattern;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) {
        return false;
    }
    let mut rest = &text[first.len()..];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Whether `word` (a word or phrase) occurs in `text` as a whole word,
/// case-insensitively: at each place it occurs, the characters just before
/// and after it (if any) are not letters or digits.
fn has_word(text: &str, word: &str) -> bool {
    let (text, word) = (text.to_lowercase(), word.to_lowercase());
    if word.is_empty() {
        return false;
    }
    text.match_indices(word.as_str()).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

impl<'a> Ev<'a> {
    pub(crate) fn holds(&self, c: &ast::Condition) -> bool {
        match &c.kind {
            ast::ConditionKind::All(items) => items.iter().all(|i| self.holds(i)),
            ast::ConditionKind::Any(items) => items.iter().any(|i| self.holds(i)),
            ast::ConditionKind::Not(inner) => !self.holds(inner),
            ast::ConditionKind::Ref(id) => self.reference(&id.name),
            ast::ConditionKind::Events(p) => self.pattern_holds(p, None),
            ast::ConditionKind::NoExclusionApplies => self.first_exclusion().is_none(),
            ast::ConditionKind::Compare { subject, test } => self.compare(subject, test),
        }
    }

    /// A bare name: an event's yes/no field inside a filter, a definition,
    /// or a yes/no lead field.
    fn reference(&self, name: &str) -> bool {
        if let Some(v) = self.event_field(name) {
            return v == FieldValue::YesNo(true);
        }
        if !self.enter() {
            self.leave();
            return false;
        }
        let r = self.items.iter().find_map(|i| match i {
            ast::Item::Fit(f) if f.name.name == name => Some(self.fit(name)),
            ast::Item::Trigger(t) if t.name.name == name => Some(self.trigger(name)),
            ast::Item::Exclusion(e) if e.name.name == name => Some(self.exclusion_applies(e)),
            ast::Item::Stage(s) if s.keyword.name == name => Some(self.holds(&s.condition)),
            _ => None,
        });
        self.leave();
        r.unwrap_or_else(|| self.field(name) == FieldValue::YesNo(true))
    }

    /// The current event's field `name` (inside a `where` filter).
    fn event_field(&self, name: &str) -> Option<FieldValue> {
        let (s, i) = self.event?;
        let stream = self.schema.streams.get(s)?;
        let e = self.lead.streams.get(s)?.get(i)?;
        if name == "at" {
            return Some(FieldValue::Timestamp(e.at));
        }
        if name == stream.kind_field {
            return stream
                .kinds
                .get(e.kind)
                .map(|k| FieldValue::Text(k.as_str().into()));
        }
        let j = stream.field_index(name)?;
        Some(e.fields.get(j).cloned().unwrap_or(FieldValue::Missing))
    }

    fn read(&self, subject: &ast::Operand) -> Val {
        match subject {
            ast::Operand::DomainOf(id, _) => match self.field(&id.name) {
                FieldValue::Text(t) => match t.rsplit_once('@') {
                    Some((_, d)) => Val::Text(d.to_lowercase()),
                    None => Val::Missing,
                },
                _ => Val::Missing,
            },
            ast::Operand::Name(id) => {
                let name = id.name.as_str();
                if let Some(v) = self.event_field(name) {
                    return val(&v);
                }
                if self.schema.slot(name).is_some() {
                    return val(&self.field(name));
                }
                for item in self.items {
                    match item {
                        ast::Item::Score(s) if s.name.name == name => {
                            return self.score(name).map_or(Val::Missing, Val::Num)
                        }
                        ast::Item::Sla(s) if s.name.name == name => {
                            return Val::State(self.sla_state_word(s))
                        }
                        _ => {}
                    }
                }
                if name == "tier" {
                    return self.tier().map_or(Val::Missing, |t| Val::Num(f64::from(t)));
                }
                Val::Missing
            }
        }
    }

    fn compare(&self, subject: &ast::Operand, test: &ast::Test) -> bool {
        let v = self.read(subject);
        let domain = matches!(subject, ast::Operand::DomainOf(..));
        let num = match v {
            Val::Num(n) => Some(n),
            _ => None,
        };
        let text = match &v {
            Val::Text(t) => Some(t.to_lowercase()),
            _ => None,
        };
        let as_of = self.as_of;
        match &test.kind {
            ast::TestKind::Between(a, b) => num.is_some_and(|x| x >= number(a) && x <= number(b)),
            ast::TestKind::AtLeast(a) => num.is_some_and(|x| x >= number(a)),
            ast::TestKind::AtMost(a) => num.is_some_and(|x| x <= number(a)),
            ast::TestKind::MoreThan(a) => num.is_some_and(|x| x > number(a)),
            ast::TestKind::LessThan(a) => num.is_some_and(|x| x < number(a)),
            ast::TestKind::Is(l) => equals(&v, l),
            ast::TestKind::IsNot(l) => !equals(&v, l),
            ast::TestKind::OneOf(ls) => one_of(&v, ls, false),
            ast::TestKind::NotOneOf(ls) => !one_of(&v, ls, false),
            ast::TestKind::InList(l) | ast::TestKind::NotInList(l) => {
                let values = self
                    .items
                    .iter()
                    .find_map(|i| match i {
                        ast::Item::List(x) if x.name.name == l.name => Some(x.values.as_slice()),
                        _ => None,
                    })
                    .unwrap_or(&[]);
                one_of(&v, values, domain) == matches!(test.kind, ast::TestKind::InList(_))
            }
            ast::TestKind::Present => v != Val::Missing,
            ast::TestKind::Missing => v == Val::Missing,
            ast::TestKind::Contains(s) => match &v {
                Val::List(items) => items.iter().any(|i| i.as_text() == Some(s.value.as_str())),
                _ => text.is_some_and(|t| t.contains(&s.value.to_lowercase())),
            },
            ast::TestKind::ContainsWord(w) => match &v {
                Val::List(items) => items
                    .iter()
                    .any(|i| i.as_text().is_some_and(|t| has_word(t, &w.value))),
                Val::Text(t) => has_word(t, &w.value),
                _ => false,
            },
            ast::TestKind::StartsWith(s) => {
                text.is_some_and(|t| t.starts_with(&s.value.to_lowercase()))
            }
            ast::TestKind::EndsWith(s) => {
                text.is_some_and(|t| t.ends_with(&s.value.to_lowercase()))
            }
            ast::TestKind::Matches(s) => matches!(&v, Val::Text(t) if wildcard(t, &s.value)),
            ast::TestKind::WithinLast(d) => match (&v, plain(d).sub(as_of)) {
                (Val::Ts(t), Some(lo)) => *t >= lo && *t <= as_of,
                (Val::Date(t), Some(lo)) => *t >= lo.date_naive() && *t <= as_of.date_naive(),
                _ => false,
            },
            ast::TestKind::MoreThanAgo(d) => match (&v, plain(d).sub(as_of)) {
                (Val::Ts(t), Some(lo)) => *t < lo,
                (Val::Date(t), Some(lo)) => *t < lo.date_naive(),
                _ => false,
            },
            ast::TestKind::Before(l) | ast::TestKind::After(l) => {
                let before = matches!(test.kind, ast::TestKind::Before(_));
                let ast::ValueKind::Date(d) = &l.kind else {
                    return false;
                };
                let Some(d) = date(d) else { return false };
                match v {
                    Val::Ts(t) => {
                        let midnight = d.and_hms_opt(0, 0, 0).map(|n| n.and_utc());
                        midnight.is_some_and(|x| if before { t < x } else { t > x })
                    }
                    Val::Date(x) => {
                        if before {
                            x < d
                        } else {
                            x > d
                        }
                    }
                    _ => false,
                }
            }
        }
    }

    // ------------------------------------------------------------ events

    /// The indices of the events of `p`'s stream that match it and exist for
    /// it: at or before as-of, after [`Ev::after`], inside its window and
    /// `since`, after the rejection when `new`, of its kinds, passing its
    /// filter. `default` is the enclosing trigger's window.
    pub(crate) fn matching(
        &self,
        p: &ast::EventPattern,
        default: Option<&ast::Duration>,
    ) -> Vec<usize> {
        let Some(s) = self.schema.stream(&p.stream.name) else {
            return Vec::new();
        };
        let Some(stream) = self.schema.streams.get(s) else {
            return Vec::new();
        };
        let events = self.lead.streams.get(s).map_or(&[][..], |v| v.as_slice());
        let window = match &p.window {
            Some(ast::Window::Last(d)) => Some(d),
            Some(ast::Window::Any(_)) => default,
            None => default,
        };
        let lo = window.map(|d| plain(d).sub(self.as_of));
        let since = p.since.as_ref().map(|f| self.instant_field(&f.name));
        if let Some(None) = since {
            return Vec::new();
        }
        let rejected = if p.new { self.rejected_at() } else { None };
        let mut out = Vec::new();
        for (i, e) in events.iter().enumerate() {
            if e.at > self.as_of {
                continue;
            }
            if self.after.is_some_and(|a| e.at <= a) || rejected.is_some_and(|r| e.at <= r) {
                continue;
            }
            if let Some(Some(lo)) = lo {
                if e.at < lo {
                    continue;
                }
            }
            if let Some(Some(s)) = since {
                if e.at < s {
                    continue;
                }
            }
            let kind = stream.kinds.get(e.kind).map(String::as_str).unwrap_or("");
            if !p.kinds.is_empty() && !p.kinds.iter().any(|k| k.value == kind) {
                continue;
            }
            if let Some(filter) = &p.filter {
                let inner = Ev {
                    event: Some((s, i)),
                    depth: std::cell::Cell::new(self.depth.get()),
                    undecided: self.undecided.clone(),
                    ..Ev::new(self.items, self.schema, self.lead, self.as_of, self.after)
                };
                if !inner.holds(filter) {
                    continue;
                }
            }
            out.push(i);
        }
        out
    }

    /// The instant of event `i` of `p`'s stream.
    pub(crate) fn event_at(&self, p: &ast::EventPattern, i: usize) -> Option<DateTime<Utc>> {
        let s = self.schema.stream(&p.stream.name)?;
        self.lead.streams.get(s)?.get(i).map(|e| e.at)
    }

    /// How many events the pattern counts: all matching ones, or for
    /// `within any N days` the most that fit in one window of that length
    /// (closed: N apart still counts; months as 30 days).
    pub(crate) fn count(&self, p: &ast::EventPattern, default: Option<&ast::Duration>) -> usize {
        let found = self.matching(p, default);
        let Some(ast::Window::Any(d)) = &p.window else {
            return found.len();
        };
        let width = match plain(d) {
            Span::Secs(s) => s,
            Span::Months(m) => m.saturating_mul(30 * 86_400),
        };
        let ats: Vec<DateTime<Utc>> = found.iter().filter_map(|i| self.event_at(p, *i)).collect();
        let mut best = 0;
        for (a, start) in ats.iter().enumerate() {
            let n = ats[a..]
                .iter()
                .filter(|t| (**t - *start).num_seconds() <= width)
                .count();
            best = best.max(n);
        }
        best
    }

    pub(crate) fn pattern_holds(
        &self,
        p: &ast::EventPattern,
        default: Option<&ast::Duration>,
    ) -> bool {
        let n = self.count(p, default);
        match p.quantity {
            ast::Quantity::Some => n >= 1,
            ast::Quantity::None => n == 0,
            ast::Quantity::AtLeast(k) => n >= k as usize,
            ast::Quantity::AtMost(k) => n <= k as usize,
            ast::Quantity::Exactly(k) => n == k as usize,
        }
    }

    /// A condition of a trigger: its event patterns take the trigger's window
    /// when they give none.
    fn holds_in(&self, c: &ast::Condition, window: Option<&ast::Duration>) -> bool {
        match &c.kind {
            ast::ConditionKind::All(items) => items.iter().all(|i| self.holds_in(i, window)),
            ast::ConditionKind::Any(items) => items.iter().any(|i| self.holds_in(i, window)),
            ast::ConditionKind::Not(inner) => !self.holds_in(inner, window),
            ast::ConditionKind::Events(p) => self.pattern_holds(p, window),
            _ => self.holds(c),
        }
    }

    // ------------------------------------------------------- definitions

    pub(crate) fn fit(&self, name: &str) -> bool {
        self.items.iter().any(|i| match i {
            ast::Item::Fit(f) if f.name.name == name => f.conditions.iter().all(|c| self.holds(c)),
            _ => false,
        })
    }

    pub(crate) fn trigger(&self, name: &str) -> bool {
        self.items.iter().any(|i| match i {
            ast::Item::Trigger(t) if t.name.name == name => {
                let w = t.window.as_ref();
                if t.any {
                    t.items.iter().any(|c| self.holds_in(c, w))
                } else {
                    t.items.iter().all(|c| self.holds_in(c, w))
                }
            }
            _ => false,
        })
    }

    /// A score's value (see `ast::ScoreBody`): point rules summed, never
    /// below the score's floor (0 unless `never below N`; none for `may go
    /// below 0`), also after decay; weighted parts each clamped to 0–100 and weighted; or a
    /// field. Then decay: for every full period since the stream's last
    /// event, × (1 − rate).
    pub(crate) fn score(&self, name: &str) -> Option<f64> {
        let s = self.items.iter().find_map(|i| match i {
            ast::Item::Score(s) if s.name.name == name => Some(s),
            _ => None,
        })?;
        if !self.enter() {
            self.leave();
            return None;
        }
        let raw = match &s.body {
            ast::ScoreBody::FromField(f) => self.field(&f.name).as_number(),
            ast::ScoreBody::Rules(rules) => Some(at_floor(s, self.points(rules))),
            ast::ScoreBody::Weighted(parts) => Some(
                parts
                    .iter()
                    .map(|p| self.points(&p.rules).clamp(0.0, 100.0) * number(&p.weight) / 100.0)
                    .sum(),
            ),
        };
        self.leave();
        let v = raw?;
        let Some(decay) = &s.decay else {
            return Some(v);
        };
        let last = self
            .schema
            .stream(&decay.without.name)
            .and_then(|st| self.lead.streams.get(st))
            .and_then(|evs| {
                evs.iter()
                    .filter(|e| e.at <= self.as_of)
                    .map(|e| e.at)
                    .max()
            });
        let Some(last) = last else { return Some(v) };
        // A decayed score is held at the floor too.
        let v = self.decayed(decay, last, v);
        Some(at_floor(s, v))
    }

    /// `v` decayed for every full period from `last` to as-of.
    fn decayed(&self, decay: &ast::Decay, last: DateTime<Utc>, v: f64) -> f64 {
        let periods = match plain(&decay.every) {
            Span::Secs(secs) if secs > 0 => {
                i32::try_from((self.as_of - last).num_seconds().max(0) / secs).unwrap_or(i32::MAX)
            }
            Span::Secs(_) => 0,
            every @ Span::Months(_) => {
                let mut n = 0;
                let mut t = last;
                while let Some(next) = every.add(t).filter(|x| *x <= self.as_of && *x > t) {
                    t = next;
                    n += 1;
                }
                n
            }
        };
        let rate = number(&decay.percent) / 100.0;
        v * (1.0 - rate).powi(periods)
    }

    fn points(&self, rules: &[ast::PointRule]) -> f64 {
        rules
            .iter()
            .map(|r| {
                let times = match &r.basis {
                    ast::PointBasis::When(c) => usize::from(self.holds(c)),
                    ast::PointBasis::ForEach(p) => self.count(p, None),
                };
                let pts = r.points * times as f64;
                match r.cap {
                    Some(cap) => pts.clamp(-cap.abs(), cap.abs()),
                    None => pts,
                }
            })
            .sum()
    }

    fn exclusion_applies(&self, e: &ast::Exclusion) -> bool {
        self.holds(&e.when) && !e.unless.as_ref().is_some_and(|u| self.holds(u))
    }

    /// The first exclusion in policy order that applies.
    pub(crate) fn first_exclusion(&self) -> Option<(String, Option<String>)> {
        if !self.enter() {
            self.leave();
            return None;
        }
        let hit = self.items.iter().find_map(|i| match i {
            ast::Item::Exclusion(e) if self.exclusion_applies(e) => Some((
                e.name.name.clone(),
                e.route.as_ref().map(|r| r.value.clone()),
            )),
            _ => None,
        });
        self.leave();
        hit
    }

    pub(crate) fn stage(&self, kind: ast::StageKind) -> bool {
        self.items.iter().any(|i| match i {
            ast::Item::Stage(s) if s.kind == kind => self.holds(&s.condition),
            _ => false,
        })
    }

    /// The first tier whose condition holds (`otherwise` always does).
    pub(crate) fn tier(&self) -> Option<u32> {
        if !self.enter() {
            self.leave();
            return None;
        }
        let t = self.items.iter().find_map(|i| match i {
            ast::Item::Tiers(t) => Some(t),
            _ => None,
        });
        let r = t.and_then(|t| {
            t.tiers
                .iter()
                .find(|r| r.condition.as_ref().is_none_or(|c| self.holds(c)))
                .map(|r| r.number)
        });
        self.leave();
        r
    }
}

/// `v` held at the score's floor, for a flat score: 0 unless the score
/// says `never below N`; no floor for `may go below 0` (see `ast::Score`).
fn at_floor(s: &ast::Score, v: f64) -> f64 {
    if !matches!(s.body, ast::ScoreBody::Rules(_)) {
        return v;
    }
    match s.floor.as_ref().map(|f| &f.kind) {
        None => v.max(0.0),
        Some(ast::ScoreFloorKind::NeverBelow(n)) => v.max(number(n)),
        Some(ast::ScoreFloorKind::MayGoBelow(_)) => v,
    }
}
