//! Lowering of top-level blocks (pest pairs → [`crate::ast::Item`]): dispatch and
//! the definition blocks (schema, calendars, fit, score, trigger, stages);
//! `lower_ops` holds SLAs and the blocks after them. Body lines
//! come with their indentation, from which nesting is rebuilt: event fields
//! under `… are events:`, point rules under `fit weighs 40%:`, conditions
//! under `any of:`.

use super::grammar::Rule;
use super::tree::{find, find_all, has, kids, P};
use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::number::format_number;
use crate::span::{FileId, Span};

pub(crate) struct Lowerer<'d> {
    file: FileId,
    base: usize,
    pub(crate) diagnostics: &'d mut Vec<Diagnostic>,
    /// Diagnostics found by helpers that only borrow `self` (a count too
    /// large to hold); moved into `diagnostics` when the block is done.
    pub(crate) pending: std::cell::RefCell<Vec<Diagnostic>>,
}

/// A body line with its indentation width.
type Line<'i> = (usize, P<'i>);

/// Helps for a line a block takes once ([`Lowerer::first_time`]).
pub(crate) const APPLIES_ONCE: &str =
    "a block takes one `applies when` line: join the conditions with `and` (`applies when mql and tier is 1`)";
const FLOOR_ONCE: &str = "a score has one floor: keep one `never below …` or `may go below …` line";
const DECAY_ONCE: &str = "a score decays one way: keep one `decays …` line";

impl<'d> Lowerer<'d> {
    pub(crate) fn new(file: FileId, base: usize, diagnostics: &'d mut Vec<Diagnostic>) -> Self {
        Lowerer {
            file,
            base,
            diagnostics,
            pending: std::cell::RefCell::new(Vec::new()),
        }
    }

    pub(crate) fn span(&self, p: &P<'_>) -> Span {
        let s = p.as_span();
        Span::new(self.file, self.base + s.start(), self.base + s.end())
    }

    /// The body lines of a block whose line rule is `rule`, with indentation.
    pub(crate) fn lines<'i>(&self, p: &P<'i>, rule: Rule) -> Vec<Line<'i>> {
        let mut out = Vec::new();
        let mut width = 0usize;
        for c in kids(p) {
            if c.as_rule() == Rule::nl {
                width = find(&c, Rule::indent)
                    .map(|i| i.as_str().len())
                    .unwrap_or(0);
            } else if c.as_rule() == rule {
                out.push((width, c));
            }
        }
        out
    }

    pub(crate) fn block(&mut self, block: P<'_>) -> Option<Item> {
        let item = self.item(block);
        let pending = std::mem::take(self.pending.get_mut());
        self.diagnostics.extend(pending);
        item
    }

    fn item(&mut self, block: P<'_>) -> Option<Item> {
        let p = block.into_inner().find(|c| c.as_rule() != Rule::EOI)?;
        let span = self.span(&p);
        let name = || find(&p, Rule::name);
        let item = match p.as_rule() {
            Rule::import_block => Item::Import(Import {
                path: self.string(&find(&p, Rule::string)?),
                span,
            }),
            Rule::agreement_block => Item::Agreement(self.agreement(&p)?),
            Rule::fields_block => Item::Fields(self.fields(&p)),
            Rule::calendar_block => Item::Calendar(self.calendar(&p)?),
            Rule::list_block => Item::List(ListDef {
                name: self.ident(&name()?),
                title: self.title(&p),
                values: find(&p, Rule::value_list)
                    .map(|l| self.value_list(&l))
                    .unwrap_or_default(),
                span,
            }),
            Rule::fit_block => Item::Fit(Fit {
                name: self.ident(&name()?),
                title: self.title(&p),
                conditions: self.cond_lines(self.lines(&p, Rule::cond_line)),
                span,
            }),
            Rule::score_block => Item::Score(self.score(&p)?),
            Rule::trigger_block => Item::Trigger(self.trigger(&p)?),
            Rule::exclusion_block => Item::Exclusion(self.exclusion(&p)?),
            Rule::stage_block => Item::Stage(self.stage(&p)?),
            Rule::tiers_block => Item::Tiers(self.tiers(&p)),
            Rule::sla_block => Item::Sla(self.sla(&p)?),
            Rule::persistence_block => Item::Persistence(self.persistence(&p)),
            Rule::rejections_block => Item::Rejections(self.rejections(&p)),
            Rule::recycling_block => Item::Recycling(self.recycling(&p)),
            Rule::handoff_block => Item::Handoff(self.handoff(&p)),
            Rule::metric_block => Item::Metric(self.metric(&p)?),
            Rule::breach_block => Item::Breach(self.breach(&p)?),
            Rule::drift_block => Item::Drift(self.drift(&p)?),
            _ => return None,
        };
        Some(item)
    }

    fn agreement(&mut self, p: &P<'_>) -> Option<Agreement> {
        let name = self.string(&find(p, Rule::string)?);
        let mut clauses = Vec::new();
        for (_, line) in self.lines(p, Rule::agreement_clause) {
            let Some(c) = line.clone().into_inner().next() else {
                continue;
            };
            let strings = find_all(&c, Rule::string);
            let first_string = strings.first().map(|s| self.string(s));
            let kind = match c.as_rule() {
                Rule::ac_version => AgreementClauseKind::Version(first_string?),
                Rule::ac_effective => {
                    AgreementClauseKind::Effective(self.date(&find(&c, Rule::date)?))
                }
                Rule::ac_ratified => {
                    AgreementClauseKind::Ratified(self.date(&find(&c, Rule::date)?))
                }
                Rule::ac_takes_effect => {
                    AgreementClauseKind::TakesEffectAfter(self.duration(&find(&c, Rule::duration)?))
                }
                Rule::ac_review => {
                    AgreementClauseKind::Review(self.period(&find(&c, Rule::period)?))
                }
                Rule::ac_next_review => {
                    AgreementClauseKind::NextReview(self.date(&find(&c, Rule::date)?))
                }
                Rule::ac_owner => AgreementClauseKind::Owner(first_string?),
                Rule::ac_party => AgreementClauseKind::Party {
                    name: first_string?,
                    represented_by: strings.get(1).map(|s| self.string(s)),
                },
                Rule::ac_reporting_zone => AgreementClauseKind::ReportingZone(first_string?),
                Rule::ac_escalation => AgreementClauseKind::EscalateAfter {
                    count: self.int(&find(&c, Rule::int)?),
                    period: self.period(&find(&c, Rule::period)?),
                },
                Rule::ac_identified => {
                    AgreementClauseKind::IdentifiedWithin(self.duration(&find(&c, Rule::duration)?))
                }
                _ => continue,
            };
            clauses.push(AgreementClause {
                kind,
                span: self.span(&c),
            });
        }
        Some(Agreement {
            name,
            clauses,
            span: self.span(p),
        })
    }

    fn fields(&mut self, p: &P<'_>) -> FieldsBlock {
        let identified_by = find(p, Rule::name).map(|n| self.ident(&n));
        let mut default_zone = None;
        let mut fields: Vec<FieldDecl> = Vec::new();
        // Stack of (indent of the `are events:` line, its event fields).
        let mut stream: Option<(usize, FieldDecl, Vec<FieldDecl>)> = None;
        for (width, line) in self.lines(p, Rule::field_line) {
            let Some(c) = line.clone().into_inner().next() else {
                continue;
            };
            if let Some((w, decl, event_fields)) = stream.take() {
                if width > w && c.as_rule() == Rule::field_decl {
                    if let Some(f) = self.field_decl(&c) {
                        let mut event_fields = event_fields;
                        event_fields.push(f);
                        stream = Some((w, decl, event_fields));
                    } else {
                        stream = Some((w, decl, event_fields));
                    }
                    continue;
                }
                fields.push(close_stream(decl, event_fields));
            }
            match c.as_rule() {
                Rule::default_zone => {
                    default_zone = find(&c, Rule::string).map(|s| self.string(&s))
                }
                _ => {
                    let Some(decl) = self.field_decl(&c) else {
                        continue;
                    };
                    if matches!(decl.ty.kind, TypeKind::Events(_)) {
                        stream = Some((width, decl, Vec::new()));
                    } else {
                        fields.push(decl);
                    }
                }
            }
        }
        if let Some((_, decl, event_fields)) = stream {
            fields.push(close_stream(decl, event_fields));
        }
        FieldsBlock {
            identified_by,
            fields,
            default_zone,
            span: self.span(p),
        }
    }

    fn field_decl(&mut self, p: &P<'_>) -> Option<FieldDecl> {
        let name = self.ident(&find(p, Rule::name)?);
        let ty = self.type_expr(&find(p, Rule::type_expr)?);
        Some(FieldDecl {
            name,
            ty,
            optional: has(p, Rule::optional),
            written: find(p, Rule::written_as)
                .and_then(|w| find(&w, Rule::string))
                .map(|s| self.string(&s)),
            span: self.span(p),
        })
    }

    fn type_expr(&mut self, p: &P<'_>) -> TypeExpr {
        let span = self.span(p);
        let kind = match p.clone().into_inner().next() {
            None => TypeKind::Text,
            Some(t) => match t.as_rule() {
                Rule::t_events => TypeKind::Events(Vec::new()),
                Rule::ty_one_of => TypeKind::OneOf(
                    find(&t, Rule::string_list)
                        .map(|l| self.string_list(&l))
                        .unwrap_or_default(),
                ),
                Rule::ty_list => match find(&t, Rule::type_expr) {
                    Some(inner) => TypeKind::ListOf(Box::new(self.type_expr(&inner))),
                    None => TypeKind::Text,
                },
                Rule::ty_number => TypeKind::Number,
                Rule::ty_percentage => TypeKind::Percentage,
                Rule::ty_yes_no => TypeKind::YesNo,
                Rule::ty_email => TypeKind::Email,
                Rule::ty_date => TypeKind::Date,
                Rule::ty_timestamp => TypeKind::Timestamp,
                Rule::ty_time_zone => TypeKind::TimeZone,
                _ => TypeKind::Text,
            },
        };
        TypeExpr { kind, span }
    }

    fn calendar(&mut self, p: &P<'_>) -> Option<Calendar> {
        let name = self.ident(&find(p, Rule::name)?);
        let mut clauses = Vec::new();
        for (_, line) in self.lines(p, Rule::cal_line) {
            let Some(c) = line.clone().into_inner().next() else {
                continue;
            };
            match c.as_rule() {
                Rule::cal_open => {
                    let times = find_all(&c, Rule::time);
                    let (Some(from), Some(to)) = (times.first(), times.get(1)) else {
                        continue;
                    };
                    let days = find(&c, Rule::day_specs)
                        .map(|d| {
                            find_all(&d, Rule::day_spec)
                                .iter()
                                .filter_map(|s| self.day_spec(s))
                                .collect()
                        })
                        .unwrap_or_default();
                    clauses.push(CalendarClause::Open {
                        days,
                        from: self.time_of_day(from),
                        to: self.time_of_day(to),
                        zone: find(&c, Rule::zone_spec).map(|z| self.zone(&z)),
                        span: self.span(&c),
                    });
                }
                Rule::cal_closed => {
                    let dates = find(&c, Rule::date_list)
                        .map(|l| {
                            find_all(&l, Rule::date)
                                .iter()
                                .map(|d| self.date(d))
                                .collect()
                        })
                        .unwrap_or_default();
                    clauses.push(CalendarClause::Closed {
                        dates,
                        span: self.span(&c),
                    });
                }
                _ => clauses.push(CalendarClause::Zone(self.zone(&c))),
            }
        }
        Some(Calendar {
            name,
            title: self.title(p),
            clauses,
            span: self.span(p),
        })
    }

    fn day_spec(&self, p: &P<'_>) -> Option<DaySpec> {
        let days: Vec<Weekday> = find_all(p, Rule::weekday)
            .iter()
            .filter_map(|d| weekday(d.as_str()))
            .collect();
        match days.as_slice() {
            [one] => Some(DaySpec::Single(*one, self.span(p))),
            [a, b] => Some(DaySpec::Range(*a, *b, self.span(p))),
            _ => None,
        }
    }

    fn zone(&self, p: &P<'_>) -> ZoneSpec {
        match find(p, Rule::zone_lead) {
            Some(lead) => ZoneSpec::Lead {
                field: find(&lead, Rule::name).map(|n| self.ident(&n)),
                span: self.span(p),
            },
            None => match find(p, Rule::string) {
                Some(s) => ZoneSpec::Fixed(self.string(&s)),
                None => ZoneSpec::Lead {
                    field: None,
                    span: self.span(p),
                },
            },
        }
    }

    /// Condition lines with `all of:` / `any of:` headers nested by indentation.
    pub(crate) fn cond_lines(&mut self, lines: Vec<Line<'_>>) -> Vec<Condition> {
        let mut iter = lines.into_iter().peekable();
        self.cond_group(&mut iter, None)
    }

    fn cond_group<'i>(
        &mut self,
        lines: &mut std::iter::Peekable<std::vec::IntoIter<Line<'i>>>,
        parent: Option<usize>,
    ) -> Vec<Condition> {
        let mut out = Vec::new();
        while let Some((width, _)) = lines.peek() {
            if parent.is_some_and(|w| *width <= w) {
                break;
            }
            let Some((width, line)) = lines.next() else {
                break;
            };
            let Some(c) = line.clone().into_inner().next() else {
                continue;
            };
            if c.as_rule() == Rule::group_header {
                let children = self.cond_group(lines, Some(width));
                let span = self.span(&line);
                let span = children.last().map(|l| span.to(l.span)).unwrap_or(span);
                let kind = if has(&c, Rule::kw_any) {
                    ConditionKind::Any(children)
                } else {
                    ConditionKind::All(children)
                };
                out.push(Condition { kind, span });
            } else {
                out.push(self.condition(&c));
            }
        }
        out
    }

    fn score(&mut self, p: &P<'_>) -> Option<Score> {
        let name = self.ident(&find(p, Rule::name)?);
        let (mut decay, mut floor) = (None, None);
        let (mut decay_at, mut floor_at) = (None, None);
        let mut direct: Vec<PointRule> = Vec::new();
        let mut parts: Vec<SubScore> = Vec::new();
        let body = if let Some(from) = find(p, Rule::score_from) {
            ScoreBody::FromField(self.ident(&find(&from, Rule::name)?))
        } else {
            // Indentation of the current part's header: a rule belongs to
            // the part only when it is indented deeper than the header.
            let mut part_width: Option<usize> = None;
            for (width, line) in self.lines(p, Rule::score_line) {
                let Some(c) = line.clone().into_inner().next() else {
                    continue;
                };
                match c.as_rule() {
                    Rule::subscore_header => {
                        part_width = Some(width);
                        let Some(n) = find(&c, Rule::name) else {
                            continue;
                        };
                        let weight = find(&c, Rule::value).map(|v| self.value(&v))?;
                        self.require_percent(&weight, "a part's weight");
                        parts.push(SubScore {
                            name: self.ident(&n),
                            weight,
                            rules: Vec::new(),
                            span: self.span(&c),
                        });
                    }
                    Rule::point_rule => {
                        let Some(rule) = self.point_rule(&c) else {
                            continue;
                        };
                        let inside = part_width.is_some_and(|w| width > w);
                        match parts.last_mut().filter(|_| inside) {
                            Some(part) => {
                                part.span = part.span.to(rule.span);
                                part.rules.push(rule);
                            }
                            None => direct.push(rule),
                        }
                    }
                    Rule::score_floor => {
                        if !self.first_time(&mut floor_at, &c, "a floor", FLOOR_ONCE) {
                            continue;
                        }
                        let Some(kind) = c.clone().into_inner().next() else {
                            continue;
                        };
                        let value = self.value(&find(&kind, Rule::value)?);
                        floor = Some(ScoreFloor {
                            kind: if kind.as_rule() == Rule::floor_may {
                                ScoreFloorKind::MayGoBelow(value)
                            } else {
                                ScoreFloorKind::NeverBelow(value)
                            },
                            span: self.span(&c),
                        });
                    }
                    Rule::decay => {
                        if !self.first_time(&mut decay_at, &c, "a decay", DECAY_ONCE) {
                            continue;
                        }
                        let percent = self.value(&find(&c, Rule::value)?);
                        self.require_percent(&percent, "a decay rate");
                        decay = Some(Decay {
                            percent,
                            every: self.duration(&find(&c, Rule::duration)?),
                            without: self.ident(&find(&c, Rule::name)?),
                            span: self.span(&c),
                        });
                    }
                    _ => {}
                }
            }
            if parts.is_empty() {
                ScoreBody::Rules(direct)
            } else {
                if let Some(first) = direct.first() {
                    self.diagnostics.push(
                        Diagnostic::error("accord::syntax::mixed-score", first.span, "this point rule is outside the score's weighted parts")
                            .with_label("not inside any part")
                            .with_help("when a score has weighted parts (`fit weighs 40%:`), put every point rule under one of them"),
                    );
                }
                ScoreBody::Weighted(parts)
            }
        };
        Some(Score {
            name,
            title: self.title(p),
            body,
            decay,
            floor,
            span: self.span(p),
        })
    }

    /// A line a block takes once (`applies when`, an SLA's `from … to …`,
    /// a score's floor or decay): `true` the first time; written again, it
    /// is reported at the second (pointing at the first) and `false`, so
    /// that the first is the one kept. `seen` holds the first one's span.
    pub(crate) fn first_time(
        &mut self,
        seen: &mut Option<Span>,
        line: &P<'_>,
        what: &str,
        help: &str,
    ) -> bool {
        let span = self.span(line);
        let Some(first) = *seen else {
            *seen = Some(span);
            return true;
        };
        self.diagnostics.push(
            Diagnostic::error(
                "accord::syntax::repeated-line",
                span,
                format!("{what} is written twice in this block"),
            )
            .with_label(format!("a second {what}"))
            .with_related(first, "the first")
            .with_help(help.to_string()),
        );
        false
    }

    /// Weights and decay rates must be written with `%`.
    pub(crate) fn require_percent(&mut self, v: &Value, what: &str) {
        if let ValueKind::Number(n) = v.kind {
            self.diagnostics.push(
                Diagnostic::error(
                    "accord::syntax::percent-missing",
                    v.span,
                    format!("{what} must be a percentage"),
                )
                .with_label("a plain number")
                .with_help(format!(
                    "write it with a percent sign: `{}%`",
                    format_number(n, None)
                ))
                .with_replacement(format!("{}%", format_number(n, None))),
            );
        }
    }

    fn point_rule(&mut self, p: &P<'_>) -> Option<PointRule> {
        let points = self.number(&find(p, Rule::signed)?);
        let basis = if let Some(each) = find(p, Rule::for_each) {
            let mut pattern = self.event_body(&find(&each, Rule::event_body)?);
            pattern.span = self.span(&each);
            PointBasis::ForEach(pattern)
        } else {
            PointBasis::When(self.condition(&find(p, Rule::condition)?))
        };
        let cap = find(p, Rule::cap)
            .and_then(|c| find(&c, Rule::number))
            .map(|n| self.number(&n));
        Some(PointRule {
            points,
            basis,
            cap,
            span: self.span(p),
        })
    }

    fn trigger(&mut self, p: &P<'_>) -> Option<Trigger> {
        let name = self.ident(&find(p, Rule::name)?);
        let head = find(p, Rule::trigger_head)?;
        Some(Trigger {
            name,
            title: self.title(p),
            any: has(&head, Rule::kw_any),
            window: find(&head, Rule::duration).map(|d| self.duration(&d)),
            items: self.cond_lines(self.lines(p, Rule::cond_line)),
            span: self.span(p),
        })
    }

    fn exclusion(&mut self, p: &P<'_>) -> Option<Exclusion> {
        Some(Exclusion {
            name: self.ident(&find(p, Rule::name)?),
            title: self.title(p),
            when: self.condition(&find(p, Rule::condition)?),
            unless: find(p, Rule::unless_clause)
                .and_then(|u| find(&u, Rule::condition))
                .map(|c| self.condition(&c)),
            route: find(p, Rule::route)
                .and_then(|r| find(&r, Rule::string))
                .map(|s| self.string(&s)),
            span: self.span(p),
        })
    }

    fn stage(&mut self, p: &P<'_>) -> Option<Stage> {
        let kw = find(p, Rule::stage_kw)?;
        let kind = match kw.as_str() {
            "mql" => StageKind::Mql,
            "sal" => StageKind::Sal,
            _ => StageKind::Sql,
        };
        let condition = if let Some(group) = find(p, Rule::stage_group) {
            // The group's first child is its `all of:` header, so the group
            // itself nests like any `cond_line` at indentation 0.
            let mut lines = vec![(0usize, group.clone())];
            lines.extend(self.lines(&group, Rule::cond_line));
            self.cond_lines(lines).into_iter().next()?
        } else {
            self.condition(&find(p, Rule::condition)?)
        };
        Some(Stage {
            kind,
            keyword: self.ident(&kw),
            title: self.title(p),
            condition,
            span: self.span(p),
        })
    }

    fn tiers(&mut self, p: &P<'_>) -> Tiers {
        let mut tiers = Vec::new();
        for (_, line) in self.lines(p, Rule::tier_line) {
            let Some(n) = find(&line, Rule::int) else {
                continue;
            };
            tiers.push(TierRule {
                number: self.int(&n),
                number_span: self.span(&n),
                condition: find(&line, Rule::condition).map(|c| self.condition(&c)),
                span: self.span(&line),
            });
        }
        Tiers {
            title: self.title(p),
            tiers,
            span: self.span(p),
        }
    }
}

fn close_stream(mut decl: FieldDecl, event_fields: Vec<FieldDecl>) -> FieldDecl {
    if let Some(last) = event_fields.last() {
        decl.span = decl.span.to(last.span);
    }
    decl.ty.kind = TypeKind::Events(event_fields);
    decl
}

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "Monday" => Weekday::Monday,
        "Tuesday" => Weekday::Tuesday,
        "Wednesday" => Weekday::Wednesday,
        "Thursday" => Weekday::Thursday,
        "Friday" => Weekday::Friday,
        "Saturday" => Weekday::Saturday,
        _ => Weekday::Sunday,
    })
}
