//! Lowering of the expression-level parts of the grammar: values,
//! durations, conditions, tests, and event patterns.

use super::grammar::Rule;
use super::lower::Lowerer;
use super::tree::{find, find_all, has, kids, P};
use crate::ast::*;
use crate::diagnostic::Diagnostic;

/// The largest number a policy may write (in size): 10^15. Every whole number
/// up to it is exact in an `f64`, and no sum of points, caps or durations
/// built from such numbers overflows.
pub const MAX_NUMBER: f64 = 1e15;

impl Lowerer<'_> {
    pub(crate) fn ident(&self, p: &P<'_>) -> Ident {
        Ident {
            name: p.as_str().to_string(),
            span: self.span(p),
        }
    }

    pub(crate) fn string(&self, p: &P<'_>) -> Str {
        let inner = find(p, Rule::str_inner)
            .map(|s| s.as_str().to_string())
            .unwrap_or_default();
        Str {
            value: inner,
            span: self.span(p),
        }
    }

    pub(crate) fn title(&self, p: &P<'_>) -> Option<Str> {
        find(p, Rule::title)
            .and_then(|t| find(&t, Rule::string))
            .map(|s| self.string(&s))
    }

    pub(crate) fn date(&mut self, p: &P<'_>) -> DateLit {
        let text = p.as_str();
        let part = |r: std::ops::Range<usize>| {
            text.get(r).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0)
        };
        DateLit {
            year: part(0..4) as i32,
            month: part(5..7),
            day: part(8..10),
            span: self.span(p),
        }
    }

    pub(crate) fn time_of_day(&self, p: &P<'_>) -> TimeOfDay {
        let text = p.as_str();
        let part = |r: std::ops::Range<usize>| {
            text.get(r).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0)
        };
        TimeOfDay {
            hour: part(0..2),
            minute: part(3..5),
            span: self.span(p),
        }
    }

    /// A whole number (a count, a tier, an ordinal such as `2nd`); one too
    /// large to count with is reported and read as the largest there is.
    pub(crate) fn int(&self, p: &P<'_>) -> u32 {
        let digits = p.as_str().trim_end_matches(char::is_alphabetic);
        digits.parse().unwrap_or_else(|_| {
            self.too_large(
                p,
                "counts, tiers and positions must be whole numbers below 4294967296",
            );
            u32::MAX
        })
    }

    /// A decimal number (points, a threshold, a percentage, an amount of
    /// time). One beyond [`MAX_NUMBER`] in size is reported (it could not be
    /// counted with exactly, and sums of it could overflow to infinity) and
    /// read as that bound.
    pub(crate) fn number(&self, p: &P<'_>) -> f64 {
        let n: f64 = p
            .as_str()
            .trim_start_matches('+')
            .trim_end_matches('%')
            .parse()
            .unwrap_or(0.0);
        if n.abs() <= MAX_NUMBER {
            return n;
        }
        self.too_large(
            p,
            "numbers in a policy must lie between -1000000000000000 and 1000000000000000 (a thousand million million)",
        );
        MAX_NUMBER.copysign(n)
    }

    /// Reports the number `p` as too large; `help` says what fits.
    fn too_large(&self, p: &P<'_>, help: &str) {
        self.pending.borrow_mut().push(
            Diagnostic::error(
                "accord::syntax::number-too-large",
                self.span(p),
                "this number is too large",
            )
            .with_label("too large to count with")
            .with_help(help),
        );
    }

    pub(crate) fn value(&mut self, p: &P<'_>) -> Value {
        let span = self.span(p);
        let Some(inner) = p.clone().into_inner().next() else {
            return Value {
                kind: ValueKind::Word(p.as_str().to_string()),
                span,
            };
        };
        let kind = match inner.as_rule() {
            Rule::percent => ValueKind::Percent(self.number(&inner)),
            Rule::date => ValueKind::Date(self.date(&inner)),
            Rule::number => ValueKind::Number(self.number(&inner)),
            Rule::string => ValueKind::Text(self.string(&inner).value),
            Rule::yes_no => ValueKind::YesNo(has(&inner, Rule::kw_yes)),
            _ => ValueKind::Word(inner.as_str().to_string()),
        };
        Value { kind, span }
    }

    pub(crate) fn value_list(&mut self, p: &P<'_>) -> Vec<Value> {
        find_all(p, Rule::value)
            .iter()
            .map(|v| self.value(v))
            .collect()
    }

    pub(crate) fn string_list(&self, p: &P<'_>) -> Vec<Str> {
        find_all(p, Rule::string)
            .iter()
            .map(|s| self.string(s))
            .collect()
    }

    pub(crate) fn duration(&self, p: &P<'_>) -> Duration {
        let amount = find(p, Rule::number)
            .map(|n| self.number(&n))
            .unwrap_or(0.0);
        let unit_text = find(p, Rule::unit)
            .map(|u| u.as_str().to_string())
            .unwrap_or_default();
        Duration {
            amount,
            unit: unit_of(&unit_text),
            business: has(p, Rule::kw_business),
            span: self.span(p),
        }
    }

    pub(crate) fn period(&self, p: &P<'_>) -> Period {
        let kind = match p.as_str().trim_end_matches('s') {
            "day" => PeriodKind::Day,
            "week" => PeriodKind::Week,
            "month" => PeriodKind::Month,
            "quarter" => PeriodKind::Quarter,
            _ => PeriodKind::Year,
        };
        Period {
            kind,
            span: self.span(p),
        }
    }

    // ------------------------------------------------------------ conditions

    /// Any of `condition`, `or_expr`, `and_expr`, `not_expr`, `atom`.
    pub(crate) fn condition(&mut self, p: &P<'_>) -> Condition {
        let span = self.span(p);
        match p.as_rule() {
            Rule::condition | Rule::atom | Rule::paren => {
                match p.clone().into_inner().find(|c| c.as_rule() != Rule::kw_not) {
                    Some(inner) => self.condition(&inner),
                    None => Condition {
                        kind: ConditionKind::All(Vec::new()),
                        span,
                    },
                }
            }
            Rule::or_expr | Rule::and_expr => {
                let parts: Vec<Condition> = kids(p)
                    .iter()
                    .filter(|c| !matches!(c.as_rule(), Rule::kw_or | Rule::kw_and))
                    .map(|c| self.condition(c))
                    .collect();
                if parts.len() == 1 {
                    parts.into_iter().next().unwrap_or(Condition {
                        kind: ConditionKind::All(Vec::new()),
                        span,
                    })
                } else if p.as_rule() == Rule::or_expr {
                    Condition {
                        kind: ConditionKind::Any(parts),
                        span,
                    }
                } else {
                    Condition {
                        kind: ConditionKind::All(parts),
                        span,
                    }
                }
            }
            Rule::not_expr => {
                if has(p, Rule::kw_not) {
                    let inner = find(p, Rule::not_expr).map(|n| self.condition(&n));
                    let inner = inner.unwrap_or(Condition {
                        kind: ConditionKind::All(Vec::new()),
                        span,
                    });
                    Condition {
                        kind: ConditionKind::Not(Box::new(inner)),
                        span,
                    }
                } else {
                    match find(p, Rule::atom) {
                        Some(a) => self.condition(&a),
                        None => Condition {
                            kind: ConditionKind::All(Vec::new()),
                            span,
                        },
                    }
                }
            }
            Rule::no_exclusion => Condition {
                kind: ConditionKind::NoExclusionApplies,
                span,
            },
            Rule::ref_cond => {
                let name = find(p, Rule::name).map(|n| self.ident(&n));
                let name = name.unwrap_or(Ident {
                    name: p.as_str().to_string(),
                    span,
                });
                Condition {
                    kind: ConditionKind::Ref(name),
                    span,
                }
            }
            Rule::event_cond => Condition {
                kind: ConditionKind::Events(self.event_cond(p)),
                span,
            },
            Rule::compare => self.compare(p),
            _ => Condition {
                kind: ConditionKind::All(Vec::new()),
                span,
            },
        }
    }

    pub(crate) fn compare(&mut self, p: &P<'_>) -> Condition {
        let span = self.span(p);
        let subject = find(p, Rule::operand).map(|o| self.operand(&o));
        let subject = subject.unwrap_or(Operand::Name(Ident {
            name: String::new(),
            span,
        }));
        let test = match find(p, Rule::test) {
            Some(t) => self.test(&t),
            None => Test {
                kind: TestKind::Present,
                span,
            },
        };
        Condition {
            kind: ConditionKind::Compare { subject, test },
            span,
        }
    }

    pub(crate) fn operand(&self, p: &P<'_>) -> Operand {
        if let Some(d) = find(p, Rule::domain_of) {
            let field = find(&d, Rule::name).map(|n| self.ident(&n));
            let field = field.unwrap_or(Ident {
                name: String::new(),
                span: self.span(&d),
            });
            return Operand::DomainOf(field, self.span(&d));
        }
        let name = find(p, Rule::name).map(|n| self.ident(&n));
        Operand::Name(name.unwrap_or(Ident {
            name: p.as_str().to_string(),
            span: self.span(p),
        }))
    }

    pub(crate) fn test(&mut self, p: &P<'_>) -> Test {
        let span = self.span(p);
        let Some(t) = p.clone().into_inner().find(|c| c.as_rule() != Rule::kw_is) else {
            return Test {
                kind: TestKind::Present,
                span,
            };
        };
        let t = if t.as_rule() == Rule::t_text {
            t.into_inner().next().unwrap_or_else(|| p.clone())
        } else {
            t
        };
        let values: Vec<Value> = find_all(&t, Rule::value)
            .iter()
            .map(|v| self.value(v))
            .collect();
        let first = values.first().cloned().unwrap_or(Value {
            kind: ValueKind::Word(String::new()),
            span,
        });
        let text = || {
            find(&t, Rule::string)
                .map(|s| self.string(&s))
                .unwrap_or(Str {
                    value: String::new(),
                    span,
                })
        };
        let name = || {
            find(&t, Rule::name)
                .map(|n| self.ident(&n))
                .unwrap_or(Ident {
                    name: String::new(),
                    span,
                })
        };
        let duration = || find(&t, Rule::duration).map(|d| self.duration(&d));
        let kind = match t.as_rule() {
            Rule::t_between => TestKind::Between(
                first,
                values.get(1).cloned().unwrap_or(Value {
                    kind: ValueKind::Word(String::new()),
                    span,
                }),
            ),
            Rule::t_at_least => TestKind::AtLeast(first),
            Rule::t_at_most => TestKind::AtMost(first),
            Rule::t_more_ago => match duration() {
                Some(d) => TestKind::MoreThanAgo(d),
                None => TestKind::Present,
            },
            Rule::t_more => TestKind::MoreThan(first),
            Rule::t_less => TestKind::LessThan(first),
            Rule::t_not_one_of => TestKind::NotOneOf(
                find(&t, Rule::value_list)
                    .map(|l| self.value_list(&l))
                    .unwrap_or_default(),
            ),
            Rule::t_one_of => TestKind::OneOf(
                find(&t, Rule::value_list)
                    .map(|l| self.value_list(&l))
                    .unwrap_or_default(),
            ),
            Rule::t_not_in => TestKind::NotInList(name()),
            Rule::t_in => TestKind::InList(name()),
            Rule::t_present => TestKind::Present,
            Rule::t_missing => TestKind::Missing,
            Rule::t_within_last => match duration() {
                Some(d) => TestKind::WithinLast(d),
                None => TestKind::Present,
            },
            Rule::t_before => TestKind::Before(first),
            Rule::t_after => TestKind::After(first),
            Rule::t_is_not => TestKind::IsNot(first),
            Rule::t_contains_word => TestKind::ContainsWord(text()),
            Rule::t_contains => TestKind::Contains(text()),
            Rule::t_starts => TestKind::StartsWith(text()),
            Rule::t_ends => TestKind::EndsWith(text()),
            Rule::t_matches => TestKind::Matches(text()),
            _ => TestKind::Is(first),
        };
        Test { kind, span }
    }

    // ------------------------------------------------------------ events

    pub(crate) fn quantity(&self, p: &P<'_>) -> Quantity {
        let Some(q) = p.clone().into_inner().next() else {
            return Quantity::Some;
        };
        let n = || find(&q, Rule::int).map(|i| self.int(&i)).unwrap_or(0);
        match q.as_rule() {
            Rule::q_there if has(&q, Rule::kw_no) => Quantity::None,
            Rule::q_at_least => Quantity::AtLeast(n()),
            Rule::q_at_most => Quantity::AtMost(n()),
            Rule::q_exactly => Quantity::Exactly(n()),
            Rule::q_no => Quantity::None,
            _ => Quantity::Some,
        }
    }

    /// `at least 2 activities "page_view" where page is "pricing" …`
    pub(crate) fn event_cond(&mut self, p: &P<'_>) -> EventPattern {
        let quantity = find(p, Rule::quantity)
            .map(|q| self.quantity(&q))
            .unwrap_or(Quantity::Some);
        let mut pattern = match find(p, Rule::event_body) {
            Some(body) => self.event_body(&body),
            None => self.empty_pattern(p),
        };
        pattern.quantity = quantity;
        pattern.span = self.span(p);
        pattern
    }

    pub(crate) fn empty_pattern(&self, p: &P<'_>) -> EventPattern {
        EventPattern {
            quantity: Quantity::Some,
            new: false,
            stream: Ident {
                name: String::new(),
                span: self.span(p),
            },
            kinds: Vec::new(),
            filter: None,
            window: None,
            since: None,
            span: self.span(p),
        }
    }

    /// The part of an event pattern after its quantity (also used by
    /// `for each …`, `the first attempt …` and persistence rules, whose
    /// children are the same rules inline).
    pub(crate) fn event_body(&mut self, p: &P<'_>) -> EventPattern {
        let mut pattern = self.empty_pattern(p);
        pattern.new = has(p, Rule::new_flag);
        if let Some(s) = find(p, Rule::stream_word).and_then(|w| find(&w, Rule::name)) {
            pattern.stream = self.ident(&s);
        }
        if let Some(k) = find(p, Rule::kinds) {
            pattern.kinds = match find(&k, Rule::string_list) {
                Some(list) => self.string_list(&list),
                None => find(&k, Rule::string)
                    .map(|s| vec![self.string(&s)])
                    .unwrap_or_default(),
            };
        }
        if let Some(w) = find(p, Rule::where_clause) {
            let parts: Vec<Condition> = find_all(&w, Rule::compare)
                .iter()
                .map(|c| self.compare(c))
                .collect();
            let span = self.span(&w);
            let filter = if parts.len() == 1 {
                parts.into_iter().next()
            } else {
                Some(Condition {
                    kind: ConditionKind::All(parts),
                    span,
                })
            };
            pattern.filter = filter.map(Box::new);
        }
        if let Some(w) = find(p, Rule::window) {
            pattern.window = w.clone().into_inner().next().and_then(|inner| {
                let d = find(&inner, Rule::duration).map(|d| self.duration(&d))?;
                Some(if inner.as_rule() == Rule::w_any {
                    Window::Any(d)
                } else {
                    Window::Last(d)
                })
            });
        }
        if let Some(s) = find(p, Rule::since).and_then(|s| find(&s, Rule::name)) {
            pattern.since = Some(self.ident(&s));
        }
        pattern
    }
}

fn unit_of(text: &str) -> TimeUnit {
    match text.trim_end_matches('s') {
        "minute" => TimeUnit::Minutes,
        "hour" => TimeUnit::Hours,
        "day" => TimeUnit::Days,
        "week" => TimeUnit::Weeks,
        "month" => TimeUnit::Months,
        "quarter" => TimeUnit::Quarters,
        _ => TimeUnit::Years,
    }
}
