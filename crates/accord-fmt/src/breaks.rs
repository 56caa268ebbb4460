//! Where a clause may go on in the next line, read from the syntax tree.
//!
//! The grammar lets a clause continue on the next line only at a few places
//! (`cont` in `grammar/accord.pest`): before `or` / `and` joining
//! conditions, after the comma of a list (values, kinds, dates,
//! dispositions, handoff items), after the colon of a `list`, `metric`,
//! `breach` or `drift` header, and before the `when`, `unless` and
//! `: route to` of an exclusion. Every other line break starts a new body
//! line. This module finds those places in one parsed file and gives each
//! a priority: the formatter breaks a too-long line at its lowest-priority
//! places first (the outermost `or`s of a condition before the `and`s
//! inside them, the list of dispositions before a list inside one of them).
//!
//! The places are found from the tree, never guessed from the words: an
//! `and` inside `between 20 and 500` or a `where` filter is no place to
//! break, and a comma between two weekdays is none either.

use crate::tokens::{Kind, Token};
use accord_syntax::ast::*;
use accord_syntax::Span;

/// A place to break the line before a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Break {
    /// Lower breaks first.
    pub priority: u32,
    /// A list: fill each line with as many items as fit (rather than one
    /// item per line, as for `or` and `and`).
    pub fill: bool,
}

/// For each token (by index), the break allowed before it, if any.
pub fn find(policy: &Policy, tokens: &[Token<'_>]) -> Vec<Option<Break>> {
    let mut finder = Finder {
        tokens,
        breaks: vec![None; tokens.len()],
    };
    for item in &policy.items {
        finder.item(item);
    }
    finder.breaks
}

/// Outermost priority: the parts of an exclusion, the value after a header colon.
pub const HEADER: u32 = 0;
/// Before `route to` (after `:`), and before that `:` (last resort).
const ROUTE: u32 = 1000;
const ROUTE_COLON: u32 = 1001;

struct Finder<'t, 'a> {
    tokens: &'t [Token<'a>],
    breaks: Vec<Option<Break>>,
}

impl Finder<'_, '_> {
    /// Indices of the code tokens lying wholly between two spans.
    fn between(&self, before: Span, after: Span) -> Vec<usize> {
        let (from, to) = (before.end as usize, after.start as usize);
        let first = self.tokens.partition_point(|t| t.start < from);
        (first..self.tokens.len())
            .take_while(|&i| self.tokens[i].end() <= to)
            .filter(|&i| self.tokens[i].kind != Kind::Comment)
            .collect()
    }

    /// The first code token at or after `offset`.
    fn token_at(&self, offset: u32) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.start < offset as usize);
        (i..self.tokens.len()).find(|&i| self.tokens[i].kind != Kind::Comment)
    }

    /// The code token right after token `i`.
    fn next(&self, i: usize) -> Option<usize> {
        (i + 1..self.tokens.len()).find(|&j| self.tokens[j].kind != Kind::Comment)
    }

    /// The code token right before `offset`.
    fn token_before(&self, offset: u32) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.start < offset as usize);
        (0..i).rev().find(|&j| self.tokens[j].kind != Kind::Comment)
    }

    fn mark(&mut self, token: Option<usize>, priority: u32, fill: bool) {
        if let Some(slot) = token.and_then(|t| self.breaks.get_mut(t)) {
            *slot = Some(Break { priority, fill });
        }
    }

    /// Between consecutive elements: exactly one comma (a list written with
    /// `sep`) — a break before the element after it.
    fn list(&mut self, spans: &[Span], priority: u32) {
        for pair in spans.windows(2) {
            let between = self.between(pair[0], pair[1]);
            if let [comma] = between[..] {
                if self.tokens[comma].text == "," {
                    let next = self.next(comma);
                    self.mark(next, priority, true);
                }
            }
        }
    }

    /// Between consecutive operands of `or` / `and`: the connective
    /// (brackets around either operand aside) — a break before it.
    fn connectives(&mut self, parts: &[Condition], word: &str, priority: u32) {
        for pair in parts.windows(2) {
            let between = self.between(pair[0].span, pair[1].span);
            let words: Vec<usize> = between
                .iter()
                .copied()
                .filter(|&i| !matches!(self.tokens[i].text, "(" | ")"))
                .collect();
            if let [connective] = words[..] {
                if self.tokens[connective].text == word {
                    self.mark(Some(connective), priority, false);
                }
            }
        }
    }

    /// The value after a header's colon (`list x: …`, `metric x: …`): the
    /// colon is the first token after the name or title.
    fn after_header_colon(&mut self, name: &Ident, title: &Option<Str>) {
        let end = title.as_ref().map_or(name.span, |t| t.span).end;
        if let Some(colon) = self.token_at(end).filter(|&c| self.tokens[c].text == ":") {
            let next = self.next(colon);
            self.mark(next, HEADER, false);
        }
    }

    fn item(&mut self, item: &Item) {
        // `applies when`, the same way on every block that takes it.
        if let Some(c) = item.applies() {
            self.condition(c, 1);
        }
        match item {
            Item::Import(_) | Item::Agreement(_) | Item::Recycling(_) => {}
            Item::Fields(f) => self.fields(&f.fields),
            Item::Calendar(c) => {
                for clause in &c.clauses {
                    if let CalendarClause::Closed { dates, .. } = clause {
                        let spans: Vec<Span> = dates.iter().map(|d| d.span).collect();
                        self.list(&spans, 1);
                    }
                }
            }
            Item::List(l) => {
                self.after_header_colon(&l.name, &l.title);
                let spans: Vec<Span> = l.values.iter().map(|v| v.span).collect();
                self.list(&spans, 1);
            }
            Item::Fit(f) => f.conditions.iter().for_each(|c| self.condition(c, 1)),
            Item::Score(s) => match &s.body {
                ScoreBody::Rules(rules) => self.point_rules(rules),
                ScoreBody::Weighted(subs) => subs.iter().for_each(|s| self.point_rules(&s.rules)),
                ScoreBody::FromField(_) => {}
            },
            Item::Trigger(t) => t.items.iter().for_each(|c| self.condition(c, 1)),
            Item::Exclusion(e) => self.exclusion(e),
            Item::Stage(s) => self.condition(&s.condition, 1),
            Item::Tiers(t) => {
                for tier in &t.tiers {
                    if let Some(c) = &tier.condition {
                        self.condition(c, 1);
                    }
                }
            }
            Item::Sla(s) => {
                for instant in [&s.start, &s.stop] {
                    if let InstantExpr::NthEvent { pattern, .. } = instant {
                        self.pattern(pattern, 1);
                    }
                }
            }
            Item::Persistence(p) => {
                for rule in &p.rules {
                    match &rule.kind {
                        PersistenceRuleKind::Count { pattern, .. }
                        | PersistenceRuleKind::DistinctDays { pattern, .. }
                        | PersistenceRuleKind::PerDayMax { pattern, .. } => {
                            self.pattern(pattern, 1)
                        }
                    }
                    if let Some(c) = &rule.when {
                        self.condition(c, 1);
                    }
                }
            }
            Item::Rejections(r) => {
                for reason in &r.reasons {
                    let spans: Vec<Span> = reason.disposition.iter().map(|d| d.span).collect();
                    self.list(&spans, 1);
                    for step in &reason.disposition {
                        if let DispositionKind::ReEnter {
                            requirement: Some(req),
                            ..
                        } = &step.kind
                        {
                            match req {
                                ReEntryRequirement::NewTrigger => {}
                                ReEntryRequirement::NewEvent(p) => self.pattern(p, 2),
                                ReEntryRequirement::When(c) => self.condition(c, 2),
                                ReEntryRequirement::DefinitionChanged(_) => {}
                            }
                        }
                    }
                }
            }
            Item::Handoff(h) => {
                for items in [&h.required, &h.preferred] {
                    let spans: Vec<Span> = items
                        .iter()
                        .map(|i| match i {
                            HandoffItem::Field(f) => f.span,
                            HandoffItem::Events(p) => p.span,
                            HandoffItem::Condition(c) => c.span,
                        })
                        .collect();
                    self.list(&spans, 1);
                    for i in items {
                        match i {
                            HandoffItem::Events(p) => self.pattern(p, 2),
                            HandoffItem::Condition(c) => self.condition(c, 2),
                            HandoffItem::Field(_) => {}
                        }
                    }
                }
            }
            Item::Metric(m) => {
                self.after_header_colon(&m.name, &m.title);
                if let Some(c) = &m.population {
                    self.condition(c, 1);
                }
                if let Aggregate::Share(c) = &m.aggregate {
                    self.condition(c, 1);
                }
            }
            Item::Breach(b) => {
                self.after_header_colon(&b.name, &b.title);
                self.test(&b.test, 1);
            }
            Item::Drift(d) => self.after_header_colon(&d.name, &d.title),
        }
    }

    fn fields(&mut self, fields: &[FieldDecl]) {
        for field in fields {
            self.type_expr(&field.ty);
        }
    }

    fn type_expr(&mut self, ty: &TypeExpr) {
        match &ty.kind {
            TypeKind::OneOf(values) => {
                let spans: Vec<Span> = values.iter().map(|v| v.span).collect();
                self.list(&spans, 1);
            }
            TypeKind::ListOf(inner) => self.type_expr(inner),
            TypeKind::Events(fields) => self.fields(fields),
            TypeKind::Number
            | TypeKind::Percentage
            | TypeKind::Text
            | TypeKind::YesNo
            | TypeKind::Email
            | TypeKind::Date
            | TypeKind::Timestamp
            | TypeKind::TimeZone => {}
        }
    }

    fn point_rules(&mut self, rules: &[PointRule]) {
        for rule in rules {
            match &rule.basis {
                PointBasis::When(c) => self.condition(c, 1),
                PointBasis::ForEach(p) => self.pattern(p, 1),
            }
        }
    }

    fn exclusion(&mut self, e: &Exclusion) {
        let when = self.token_before(e.when.span.start);
        if when.is_some_and(|w| self.tokens[w].text == "when") {
            self.mark(when, HEADER, false);
        }
        self.condition(&e.when, 1);
        if let Some(unless) = &e.unless {
            let word = self.token_before(unless.span.start);
            if word.is_some_and(|w| self.tokens[w].text == "unless") {
                self.mark(word, HEADER, false);
            }
            self.condition(unless, 1);
        }
        if let Some(route) = &e.route {
            // `: route to "CSM"`: the string is preceded by `route`, `to`.
            let to = self.token_before(route.span.start);
            let route_word = to.and_then(|t| self.token_before(self.tokens[t].start as u32));
            if let Some(r) = route_word.filter(|&r| self.tokens[r].text == "route") {
                self.mark(Some(r), ROUTE, false);
                let colon = self.token_before(self.tokens[r].start as u32);
                if colon.is_some_and(|c| self.tokens[c].text == ":") {
                    self.mark(colon, ROUTE_COLON, false);
                }
            }
        }
    }

    /// A condition at nesting `depth`: its connectives break at that depth,
    /// what is inside it deeper.
    fn condition(&mut self, c: &Condition, depth: u32) {
        let priority = depth * 2;
        match &c.kind {
            ConditionKind::Any(parts) => {
                self.connectives(parts, "or", priority);
                parts.iter().for_each(|p| self.condition(p, depth + 1));
            }
            ConditionKind::All(parts) => {
                self.connectives(parts, "and", priority);
                parts.iter().for_each(|p| self.condition(p, depth + 1));
            }
            ConditionKind::Not(inner) => self.condition(inner, depth + 1),
            ConditionKind::Compare { test, .. } => self.test(test, depth + 1),
            ConditionKind::Events(p) => self.pattern(p, depth + 1),
            ConditionKind::Ref(_) | ConditionKind::NoExclusionApplies => {}
        }
    }

    fn test(&mut self, test: &Test, depth: u32) {
        if let TestKind::OneOf(values) | TestKind::NotOneOf(values) = &test.kind {
            let spans: Vec<Span> = values.iter().map(|v| v.span).collect();
            self.list(&spans, depth * 2 + 1);
        }
    }

    /// An event pattern's kinds (`one of "a", "b"`); its `where` filter
    /// allows no line break.
    fn pattern(&mut self, p: &EventPattern, depth: u32) {
        let spans: Vec<Span> = p.kinds.iter().map(|k| k.span).collect();
        self.list(&spans, depth * 2 + 1);
    }
}
