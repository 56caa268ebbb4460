//! Lowering conditions, event patterns, literals, durations, calendars and
//! scores: names become slots, kind indices, list and definition indices.

use super::{date, Cx, Def};
use crate::outcome::SlaState;
use crate::plan::*;
use accord_records::schema::singular;
use accord_records::FieldType;
use accord_syntax::ast;
use chrono::{DateTime, Utc};

impl Cx<'_> {
    /// Lowers a condition; `None` (with a diagnostic) when it cannot be resolved.
    pub fn cond(&mut self, c: &ast::Condition) -> Option<Cond> {
        let kind = match &c.kind {
            ast::ConditionKind::All(items) => CondKind::All(self.conds(items)?),
            ast::ConditionKind::Any(items) => CondKind::Any(self.conds(items)?),
            ast::ConditionKind::Not(inner) => CondKind::Not(Box::new(self.cond(inner)?)),
            ast::ConditionKind::NoExclusionApplies => CondKind::NoExclusion,
            ast::ConditionKind::Events(p) => CondKind::Events(Box::new(self.pattern(p)?)),
            ast::ConditionKind::Ref(id) => self.reference(id)?,
            ast::ConditionKind::Compare { subject, test } => self.compare(subject, test)?,
        };
        let src = self.src(c.span);
        if let CondKind::Cmp { name, test, .. } = &kind {
            let compared = self.compared(name, test);
            if let Some(s) = self.srcs.get_mut(src as usize) {
                s.compared = Some(compared);
            }
        }
        Some(Cond { kind, src })
    }

    /// A comparison's name and threshold as its explanation node shows
    /// them, written now (see [`Compared`]).
    fn compared(&self, name: &str, test: &Test) -> Compared {
        let list = match test.list() {
            Some(i) => self.lists_shown.get(i.index()).map(String::as_str),
            None => Some(""),
        };
        let threshold = list.filter(|_| test.shown_alike_at_any_time()).map(|list| {
            let shown = crate::eval::ShowTest {
                list,
                test,
                // Not read: the test does not depend on it.
                as_of: DateTime::<Utc>::UNIX_EPOCH,
                dates: false,
            };
            crate::text::string_of(shown).into_boxed_str()
        });
        Compared {
            name: name.into(),
            threshold,
        }
    }

    fn conds(&mut self, items: &[ast::Condition]) -> Option<Vec<Cond>> {
        let lowered: Vec<Option<Cond>> = items.iter().map(|c| self.cond(c)).collect();
        lowered.into_iter().collect()
    }

    /// Lowers a trigger item with the trigger's default look-back window.
    pub fn cond_in_window(
        &mut self,
        c: &ast::Condition,
        window: Option<Dur>,
        text: Option<&str>,
    ) -> Option<Cond> {
        self.default_window = window.map(|w| (w, text.unwrap_or("").to_string()));
        let lowered = self.cond(c);
        self.default_window = None;
        lowered
    }

    fn reference(&mut self, id: &ast::Ident) -> Option<CondKind> {
        if let Some(stream) = self.event_stream.and_then(|s| self.schema.streams.get(s)) {
            if let Some(i) = stream.field_index(&id.name) {
                return Some(CondKind::Cmp {
                    subject: Subject::EventField(i),
                    name: id.name.clone(),
                    test: Test::Is(Lit::Bool(true)),
                });
            }
        }
        if let Some(def) = self.def(&id.name) {
            return match def {
                Def::Fit(i) => {
                    let refs = &mut self.fit_references;
                    if refs.len() <= i.index() {
                        refs.resize(i.index() + 1, 0);
                    }
                    if let Some(n) = refs.get_mut(i.index()) {
                        *n += 1;
                    }
                    Some(CondKind::Fit(i))
                }
                Def::Trigger(i) => Some(CondKind::Trigger(i)),
                Def::Exclusion(i) => Some(CondKind::Exclusion(i)),
                Def::Stage(i) => Some(CondKind::Stage(i)),
                _ => {
                    self.error(id.span, format!("`{}` is not a yes/no condition", id.name));
                    None
                }
            };
        }
        match self.slot(&id.name) {
            Some(slot) => match self.schema.fields.get(slot).map(|f| &f.ty) {
                Some(FieldType::YesNo) => Some(CondKind::YesNo(slot)),
                _ => {
                    self.error(id.span, format!("field `{}` is not yes/no", id.name));
                    None
                }
            },
            None => {
                self.error(id.span, format!("unknown name `{}`", id.name));
                None
            }
        }
    }

    pub(crate) fn subject(&mut self, op: &ast::Operand) -> Option<(Subject, String)> {
        let (id, domain) = match op {
            ast::Operand::Name(id) => (id, false),
            ast::Operand::DomainOf(id, _) => (id, true),
        };
        let name = id.name.clone();
        if !domain {
            if let Some(stream) = self.event_stream.and_then(|s| self.schema.streams.get(s)) {
                if name == "at" {
                    return Some((Subject::EventAt, name));
                }
                if name == stream.kind_field {
                    return Some((Subject::EventKind, name));
                }
                if let Some(i) = stream.field_index(&name) {
                    return Some((Subject::EventField(i), name));
                }
            }
        }
        if let Some(slot) = self.slot(&name) {
            if matches!(
                self.schema.fields.get(slot).map(|f| &f.ty),
                Some(FieldType::Events(_))
            ) {
                self.error(
                    id.span,
                    format!("`{name}` is an event stream; count its events instead"),
                );
                return None;
            }
            let subject = if domain {
                Subject::DomainOf(slot)
            } else {
                Subject::Field(slot)
            };
            let shown = if domain {
                format!("domain of {name}")
            } else {
                name
            };
            return Some((subject, shown));
        }
        if domain {
            self.error(id.span, format!("unknown field `{name}`"));
            return None;
        }
        match self.def(&name) {
            Some(Def::Score(i)) => Some((Subject::Score(i), name)),
            Some(Def::Sla(i)) => Some((Subject::Sla(i), name)),
            _ if name == "tier" => Some((Subject::Tier, name)),
            _ => {
                self.error(id.span, format!("unknown name `{name}`"));
                None
            }
        }
    }

    fn compare(&mut self, op: &ast::Operand, test: &ast::Test) -> Option<CondKind> {
        let (subject, name) = self.subject(op)?;
        let sla = matches!(subject, Subject::Sla(_));
        let test = match &test.kind {
            ast::TestKind::Between(a, b) => Test::Between(self.number(a)?, self.number(b)?),
            ast::TestKind::AtLeast(v) => Test::AtLeast(self.number(v)?),
            ast::TestKind::AtMost(v) => Test::AtMost(self.number(v)?),
            ast::TestKind::MoreThan(v) => Test::MoreThan(self.number(v)?),
            ast::TestKind::LessThan(v) => Test::LessThan(self.number(v)?),
            ast::TestKind::Is(v) => Test::Is(self.literal(v, sla)?),
            ast::TestKind::IsNot(v) => Test::IsNot(self.literal(v, sla)?),
            ast::TestKind::OneOf(vs) => Test::OneOf(Box::new(self.set(vs, sla)?)),
            ast::TestKind::NotOneOf(vs) => Test::NotOneOf(Box::new(self.set(vs, sla)?)),
            ast::TestKind::InList(l) => Test::InList(self.list(l)?),
            ast::TestKind::NotInList(l) => Test::NotInList(self.list(l)?),
            ast::TestKind::Present => Test::Present,
            ast::TestKind::Missing => Test::Missing,
            ast::TestKind::Contains(s) => Test::Contains(Box::new(Pattern::new(&s.value))),
            ast::TestKind::ContainsWord(s) => Test::ContainsWord(s.value.to_lowercase()),
            ast::TestKind::StartsWith(s) => Test::StartsWith(Box::new(Pattern::new(&s.value))),
            ast::TestKind::EndsWith(s) => Test::EndsWith(Box::new(Pattern::new(&s.value))),
            ast::TestKind::Matches(s) => Test::Matches(
                s.value
                    .to_lowercase()
                    .split('*')
                    .map(str::to_string)
                    .collect(),
            ),
            ast::TestKind::WithinLast(d) => Test::WithinLast(self.dur_plain(d)),
            ast::TestKind::MoreThanAgo(d) => Test::MoreThanAgo(self.dur_plain(d)),
            ast::TestKind::Before(v) => Test::Before(self.literal(v, false)?),
            ast::TestKind::After(v) => Test::After(self.literal(v, false)?),
        };
        Some(CondKind::Cmp {
            subject,
            name,
            test,
        })
    }

    fn set(&mut self, values: &[ast::Value], sla: bool) -> Option<LitSet> {
        let lits: Vec<Option<Lit>> = values.iter().map(|v| self.literal(v, sla)).collect();
        let lits: Vec<Lit> = lits.into_iter().collect::<Option<_>>()?;
        Some(LitSet::from_lits(&lits))
    }

    fn list(&mut self, id: &ast::Ident) -> Option<Idx<LitSet>> {
        match self.def(&id.name) {
            Some(Def::List(i)) => Some(i),
            _ => {
                self.error(id.span, format!("unknown list `{}`", id.name));
                None
            }
        }
    }

    fn number(&mut self, v: &ast::Value) -> Option<f64> {
        match &v.kind {
            ast::ValueKind::Number(n) | ast::ValueKind::Percent(n) => Some(*n),
            _ => {
                self.error(v.span, "a number is needed here");
                None
            }
        }
    }

    /// A literal; bare words name SLA states when `sla`, else they are text.
    pub fn literal(&mut self, v: &ast::Value, sla: bool) -> Option<Lit> {
        Some(match &v.kind {
            ast::ValueKind::Number(n) | ast::ValueKind::Percent(n) => Lit::Num(*n),
            ast::ValueKind::Text(t) => Lit::Text(t.clone()),
            ast::ValueKind::YesNo(b) => Lit::Bool(*b),
            ast::ValueKind::Date(d) => match date(d) {
                Some(d) => Lit::Date(d),
                None => {
                    self.error(v.span, "not a real date");
                    return None;
                }
            },
            ast::ValueKind::Word(w) if sla => {
                match SlaState::from_word(w) {
                    Some(s) => Lit::State(s),
                    None => {
                        self.error(v.span, format!("`{w}` is not an SLA state (met, breached, pending, not_applicable)"));
                        return None;
                    }
                }
            }
            ast::ValueKind::Word(w) => Lit::Text(w.clone()),
        })
    }

    /// Lowers an event pattern (its stream, kinds, filter, windows).
    pub fn pattern(&mut self, p: &ast::EventPattern) -> Option<EvPat> {
        let Some(stream) = self.schema.stream(&p.stream.name) else {
            self.error(
                p.stream.span,
                format!("no event stream is called `{}`", p.stream.name),
            );
            return None;
        };
        let spec = self.schema.streams.get(stream)?;
        let mut kinds = Vec::new();
        for k in &p.kinds {
            match spec.kind_index(&k.value) {
                Some(i) => kinds.push(i),
                None => {
                    let msg = format!(
                        "`{}` is not a {} {}",
                        k.value,
                        singular(&spec.name),
                        spec.kind_field
                    );
                    self.error(k.span, msg);
                    return None;
                }
            }
        }
        let by = if spec.kind_field == "kind" { "" } else { " by" };
        let mut detail = String::new();
        if !p.kinds.is_empty() {
            let quoted: Vec<String> = p.kinds.iter().map(|k| format!("\"{}\"", k.value)).collect();
            detail = format!("{by} {}", quoted.join(" or "));
        }
        let (plural, singular_word) = (spec.name.clone(), singular(&spec.name));
        let filter = match &p.filter {
            Some(f) => {
                let outer = self.event_stream.replace(stream);
                let lowered = self.cond(f);
                self.event_stream = outer;
                detail.push_str(&format!(" where {}", self.text(f.span)));
                Some(lowered?)
            }
            None => None,
        };
        let (mut last, mut any) = (None, None);
        let (mut any_text, mut last_text) = (String::new(), String::new());
        match &p.window {
            Some(ast::Window::Last(d)) => {
                last = Some(self.dur_plain(d));
                last_text = format!(" in the last {}", self.text(d.span));
            }
            Some(ast::Window::Any(d)) => {
                any = Some(self.dur_plain(d).approx_secs());
                any_text = format!(" within any {}", self.text(d.span));
            }
            None => {}
        }
        if last.is_none() {
            if let Some((w, text)) = self.default_window.clone() {
                last = Some(w);
                last_text = format!(" in the last {text}");
            }
        }
        let (since, since_text) = match &p.since {
            Some(f) => match self.slot(&f.name) {
                Some(slot) => (Some(slot), format!(" since {}", f.name)),
                None => {
                    self.error(f.span, format!("unknown field `{}`", f.name));
                    return None;
                }
            },
            None => (None, String::new()),
        };
        let qty = match p.quantity {
            ast::Quantity::Some => Qty::Some,
            ast::Quantity::None => Qty::None,
            ast::Quantity::AtLeast(n) => Qty::AtLeast(n),
            ast::Quantity::AtMost(n) => Qty::AtMost(n),
            ast::Quantity::Exactly(n) => Qty::Exactly(n),
        };
        let src = self.src(p.span);
        let mut pattern = EvPat {
            stream,
            kind_bits: EvPat::bits_of(&kinds),
            kinds,
            filter,
            qty,
            last,
            any,
            since,
            new: p.new,
            singular: singular_word,
            plural,
            detail,
            any_text,
            last_text,
            since_text,
            counted: Default::default(),
            src,
        };
        pattern.counted = [pattern.counted_words(false), pattern.counted_words(true)];
        // Its node's texts but for a window bounded by a rejection
        // (`Ev::pattern_holds`).
        let window = pattern.window(DateTime::<Utc>::UNIX_EPOCH, None);
        let threshold = crate::text::string_of((pattern.qty, window));
        if let Some(s) = self.srcs.get_mut(src as usize) {
            s.compared = Some(Compared {
                name: pattern.plural.as_str().into(),
                threshold: Some(threshold.into_boxed_str()),
            });
        }
        Some(pattern)
    }

    /// A duration in plain (wall-clock) time; a day is 24 hours.
    pub fn dur_plain(&mut self, d: &ast::Duration) -> Dur {
        let secs = |per: f64| Dur::Secs((d.amount * per).round() as i64);
        let months = |per: f64| Dur::Months((d.amount * per).round().max(0.0) as u32);
        match d.unit {
            ast::TimeUnit::Minutes => secs(60.0),
            ast::TimeUnit::Hours => secs(3600.0),
            ast::TimeUnit::Days => secs(86_400.0),
            ast::TimeUnit::Weeks => secs(7.0 * 86_400.0),
            ast::TimeUnit::Months => months(1.0),
            ast::TimeUnit::Quarters => months(3.0),
            ast::TimeUnit::Years => months(12.0),
        }
    }

    /// A duration inside a clause counted in a calendar: minutes and hours
    /// are business seconds, days business days, weeks 5 business days;
    /// months and longer stay calendar months. Without a calendar, plain.
    pub fn dur_in(&mut self, d: &ast::Duration, calendar: bool) -> Dur {
        if !calendar {
            return self.dur_plain(d);
        }
        let days = |per: f64| Dur::BusinessDays((d.amount * per).round().max(0.0) as u32);
        match d.unit {
            ast::TimeUnit::Minutes => Dur::BusinessSecs((d.amount * 60.0).round() as i64),
            ast::TimeUnit::Hours => Dur::BusinessSecs((d.amount * 3600.0).round() as i64),
            ast::TimeUnit::Days => days(1.0),
            ast::TimeUnit::Weeks => days(5.0),
            _ => self.dur_plain(d),
        }
    }

    /// Lowers a calendar to an `accord_time::Calendar` and its zone.
    pub fn calendar(&mut self, c: &ast::Calendar) -> Option<CalendarDef> {
        let mut hours = accord_time::OpeningHours::new();
        let mut holidays = Vec::new();
        let mut zone: Option<ast::ZoneSpec> = None;
        let mut ok = true;
        for clause in &c.clauses {
            match clause {
                ast::CalendarClause::Open {
                    days,
                    from,
                    to,
                    zone: z,
                    span,
                } => {
                    if z.is_some() {
                        zone = z.clone();
                    }
                    let (Some(open), Some(close)) = (time(from), time(to)) else {
                        self.error(*span, "not a real time of day");
                        ok = false;
                        continue;
                    };
                    for day in days.iter().flat_map(ast::DaySpec::weekdays).map(weekday) {
                        if let Err(e) = hours.add(day, open, close) {
                            self.error(*span, format!("opening hours: {e}"));
                            ok = false;
                        }
                    }
                }
                ast::CalendarClause::Closed { dates, .. } => {
                    for d in dates {
                        match date(d) {
                            Some(x) => holidays.push(x),
                            None => {
                                self.error(d.span, "not a real date");
                                ok = false;
                            }
                        }
                    }
                }
                ast::CalendarClause::Zone(z) => zone = Some(z.clone()),
            }
        }
        let zone = match zone {
            None => ZoneOf::Fixed(self.schema.default_zone.unwrap_or(chrono_tz::UTC)),
            Some(ast::ZoneSpec::Fixed(s)) => match s.value.parse::<chrono_tz::Tz>() {
                Ok(tz) => ZoneOf::Fixed(tz),
                Err(_) => {
                    self.error(s.span, format!("`{}` is not an IANA time zone", s.value));
                    return None;
                }
            },
            Some(ast::ZoneSpec::Lead { field, span }) => {
                let slot = match &field {
                    Some(f) => self.slot(&f.name),
                    None => self
                        .schema
                        .fields
                        .iter()
                        .position(|f| f.ty == FieldType::TimeZone),
                };
                if slot.is_none() {
                    self.error(
                        span,
                        "the lead fields declare no time zone field for this calendar",
                    );
                    return None;
                }
                ZoneOf::Lead(slot)
            }
        };
        match accord_time::Calendar::new(hours, holidays) {
            Ok(calendar) if ok => Some(CalendarDef {
                name: c.name.name.clone(),
                calendar,
                zone,
            }),
            Ok(_) => None,
            Err(e) => {
                self.error(c.span, format!("calendar `{}`: {e}", c.name.name));
                None
            }
        }
    }

    /// Lowers a score definition.
    pub fn score(&mut self, s: &ast::Score) -> Option<ScoreDef> {
        let body = match &s.body {
            ast::ScoreBody::Rules(rules) => ScoreBody::Rules(self.point_rules(rules)?),
            ast::ScoreBody::Weighted(subs) => {
                let mut out = Vec::new();
                for sub in subs {
                    let percent = match sub.weight.kind {
                        ast::ValueKind::Percent(p) => p,
                        ast::ValueKind::Number(n) if n > 1.0 => n,
                        ast::ValueKind::Number(n) => n * 100.0,
                        _ => {
                            self.error(sub.weight.span, "a weight is a percentage");
                            return None;
                        }
                    };
                    let rules = self.point_rules(&sub.rules)?;
                    let src = self.src(sub.span);
                    out.push(SubScoreDef {
                        name: sub.name.name.clone(),
                        percent,
                        rules,
                        src,
                    });
                }
                ScoreBody::Weighted(out)
            }
            ast::ScoreBody::FromField(f) => match self.slot(&f.name) {
                Some(slot) => ScoreBody::FromField(slot),
                None => {
                    self.error(f.span, format!("unknown field `{}`", f.name));
                    return None;
                }
            },
        };
        let decay = match &s.decay {
            Some(d) => {
                let rate = match d.percent.kind {
                    ast::ValueKind::Percent(p) | ast::ValueKind::Number(p) => p / 100.0,
                    _ => {
                        self.error(d.percent.span, "a decay rate is a percentage");
                        return None;
                    }
                };
                let Some(stream) = self.schema.stream(&d.without.name) else {
                    self.error(
                        d.without.span,
                        format!("no event stream is called `{}`", d.without.name),
                    );
                    return None;
                };
                let every = self.dur_plain(&d.every);
                let src = self.src(d.span);
                Some(DecayDef {
                    rate,
                    every,
                    stream,
                    src,
                })
            }
            None => None,
        };
        let floor = match (&s.body, s.floor.as_ref().map(|f| &f.kind)) {
            (ast::ScoreBody::Rules(_), None) => Some(0.0),
            (ast::ScoreBody::Rules(_), Some(ast::ScoreFloorKind::NeverBelow(v))) => match v.kind {
                ast::ValueKind::Number(n) => Some(n),
                _ => {
                    self.error(v.span, "a score's floor is a number");
                    return None;
                }
            },
            _ => None,
        };
        let src = self.src(s.span);
        Some(ScoreDef {
            name: s.name.name.as_str().into(),
            title: s.title.as_ref().map(|t| t.value.clone()),
            body,
            decay,
            floor,
            src,
        })
    }

    fn point_rules(&mut self, rules: &[ast::PointRule]) -> Option<Vec<PointRule>> {
        let mut out = Vec::new();
        for r in rules {
            let basis = match &r.basis {
                ast::PointBasis::When(c) => Basis::When(Box::new(self.cond(c)?)),
                ast::PointBasis::ForEach(p) => Basis::ForEach(Box::new(self.pattern(p)?)),
            };
            let src = self.src(r.span);
            let when = match &basis {
                Basis::When(c) => Some(super::flat::leaf(c)),
                Basis::ForEach(_) => None,
            };
            let mut rule = PointRule {
                points: r.points,
                when,
                once: 0.0,
                basis,
                cap: r.cap,
                src,
            };
            rule.once = rule.earned(1).0;
            if matches!(rule.basis, Basis::ForEach(_)) {
                // Its node's count and threshold (`+5 each, at most 25`).
                let per = crate::eval::PerOccurrence(rule.points, rule.cap);
                if let Some(s) = self.srcs.get_mut(src as usize) {
                    s.compared = Some(Compared {
                        name: crate::eval::PER_OCCURRENCE_READS.into(),
                        threshold: Some(crate::text::string_of(per).into_boxed_str()),
                    });
                }
            }
            out.push(rule);
        }
        Some(out)
    }
}

/// `08:00` as a time of day. `24:00`, the end of the day (only a closing
/// time may say it), is `00:00`, which `accord_time::OpeningHours::add`
/// reads as midnight at the end of the day (it was 23:59:59, which lost
/// every day's last second: found by the differential run).
pub(crate) fn time(t: &ast::TimeOfDay) -> Option<chrono::NaiveTime> {
    if t.hour == 24 && t.minute == 0 {
        return Some(chrono::NaiveTime::MIN);
    }
    chrono::NaiveTime::from_hms_opt(t.hour, t.minute, 0)
}

fn weekday(d: ast::Weekday) -> chrono::Weekday {
    match d {
        ast::Weekday::Monday => chrono::Weekday::Mon,
        ast::Weekday::Tuesday => chrono::Weekday::Tue,
        ast::Weekday::Wednesday => chrono::Weekday::Wed,
        ast::Weekday::Thursday => chrono::Weekday::Thu,
        ast::Weekday::Friday => chrono::Weekday::Fri,
        ast::Weekday::Saturday => chrono::Weekday::Sat,
        ast::Weekday::Sunday => chrono::Weekday::Sun,
    }
}
