//! What an editor asks of a policy set: every name written in a file, what
//! it stands for ([`Target`]), where that is declared and where it is used.
//! The language server (`accord-lsp`) answers hover, go to definition, find
//! references and rename-free navigation from this module alone.
//!
//! Names are resolved the way the checks resolve them ([`crate::types`]):
//! a bare name is a lead field if the schema declares one, else a
//! definition; inside an event pattern's `where` a name is first a field of
//! that event. Spans here are absolute (byte offsets in their file); the
//! checks' relative spans are moved by each definition's current offset
//! ([`def_offsets`]). Nothing here reports diagnostics or changes the
//! database: it reads memoized queries ([`def_item`], [`symbols`]) only.

use accord_syntax::ast::{
    Aggregate, Condition, ConditionKind, DispositionKind, EventPattern, FieldDecl, HandoffItem,
    Ident, InstantExpr, Item, Operand, PersistenceRuleKind, PointBasis, ReEntryRequirement,
    RecyclingClauseKind, ScoreBody, Str, TestKind, TypeKind, ValueKind, ZoneSpec,
};
use accord_syntax::Span;

use crate::db::{DefKind, SourceFile};
use crate::parse::{def_item, def_offsets, definitions, kind_and_name};
use crate::resolve::{import_target, policy_files, symbols, Symbols};

/// What a name written in a policy stands for. Equal targets in one policy
/// set are the same thing (names are unique in a set).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A lead field (`employees`).
    Field(String),
    /// An event stream, by its declared (plural) name (`activities`),
    /// however it is written (`an activity`).
    Stream(String),
    /// A kind of event of a stream: (stream, kind), e.g. the
    /// `"demo_request"` of `an activity "demo_request"`.
    EventKind(String, String),
    /// A field of a stream's events: (stream, field), e.g. the `page` of
    /// `where page is "pricing"`.
    EventField(String, String),
    /// A named definition: fit, score, trigger, exclusion, stage (`mql`),
    /// SLA, list, calendar, metric, breach or drift signal.
    Definition(String),
    /// A rejection reason code (`not_icp`).
    Reason(String),
    /// A tier (`tier 1`).
    Tier(u32),
    /// The file an `import "…"` names (normalized path).
    File(String),
}

/// One place a name is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub target: Target,
    /// The name as written (absolute).
    pub span: Span,
    /// Whether this is where the thing is declared.
    pub declaration: bool,
    /// For a declaration: the whole declaring text (the field's line, the
    /// definition with its body, the reason's line, the tier's rule).
    pub context: Span,
    /// For a declaration: the kind of the definition it sits in.
    pub kind: DefKind,
}

/// A declaration found in a policy set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    pub file: SourceFile,
    pub occurrence: Occurrence,
}

/// Every name written in `file`, resolved in the policy set whose entry is
/// `entry` (usually the file itself), in source order.
pub fn file_occurrences(
    db: &dyn salsa::Database,
    entry: SourceFile,
    file: SourceFile,
) -> Vec<Occurrence> {
    let syms = symbols(db, entry);
    let offsets = def_offsets(db, file);
    let mut walker = Walker {
        syms,
        importer: file.path(db).clone(),
        base: 0,
        kind: DefKind::Import,
        out: Vec::new(),
    };
    for def in definitions(db, file) {
        let Some(item) = def_item(db, *def).as_deref() else {
            continue;
        };
        walker.base = offsets.get(def.key(db)).copied().unwrap_or(0);
        walker.kind = kind_and_name(item).0;
        walker.item(item);
    }
    walker.out
}

/// The occurrence whose name covers `offset` (the end counts, so that a
/// cursor just after a name still finds it).
pub fn occurrence_at(
    db: &dyn salsa::Database,
    entry: SourceFile,
    file: SourceFile,
    offset: u32,
) -> Option<Occurrence> {
    file_occurrences(db, entry, file)
        .into_iter()
        .filter(|o| o.span.start <= offset && offset <= o.span.end)
        .min_by_key(|o| o.span.len())
}

/// Where `target` is declared in the policy set of `entry`: the first
/// declaration in file order (imports first), as the checks look names up.
pub fn declaration(
    db: &dyn salsa::Database,
    entry: SourceFile,
    target: &Target,
) -> Option<Declaration> {
    if let Target::File(path) = target {
        let file = policy_files(db, entry)
            .iter()
            .find(|f| f.path(db) == path)
            .copied()?;
        let span = Span {
            file: file.file_id(db),
            start: 0,
            end: 0,
        };
        return Some(Declaration {
            file,
            occurrence: Occurrence {
                target: target.clone(),
                span,
                declaration: true,
                context: span,
                kind: DefKind::Import,
            },
        });
    }
    policy_files(db, entry).iter().find_map(|file| {
        file_occurrences(db, entry, *file)
            .into_iter()
            .find(|o| o.declaration && &o.target == target)
            .map(|occurrence| Declaration {
                file: *file,
                occurrence,
            })
    })
}

/// Every occurrence of `target` in the policy set of `entry` (declaration
/// included), by file in set order.
pub fn references(
    db: &dyn salsa::Database,
    entry: SourceFile,
    target: &Target,
) -> Vec<(SourceFile, Occurrence)> {
    let mut out = Vec::new();
    for file in policy_files(db, entry) {
        for o in file_occurrences(db, entry, *file) {
            if &o.target == target {
                out.push((*file, o));
            }
        }
    }
    out
}

/// Collects occurrences while walking one definition's syntax tree.
struct Walker<'s> {
    syms: &'s Symbols,
    importer: String,
    /// Offset of the definition being walked (its spans are relative).
    base: u32,
    kind: DefKind,
    out: Vec<Occurrence>,
}

impl Walker<'_> {
    fn abs(&self, span: Span) -> Span {
        Span {
            file: span.file,
            start: span.start + self.base,
            end: span.end + self.base,
        }
    }

    fn used(&mut self, target: Target, span: Span) {
        let span = self.abs(span);
        self.out.push(Occurrence {
            target,
            span,
            declaration: false,
            context: span,
            kind: self.kind,
        });
    }

    fn declared(&mut self, target: Target, span: Span, context: Span) {
        let (span, context) = (self.abs(span), self.abs(context));
        self.out.push(Occurrence {
            target,
            span,
            declaration: true,
            context,
            kind: self.kind,
        });
    }

    /// A bare name read from a lead: a field if the schema has one, else a
    /// definition (as the checks decide).
    fn name(&mut self, id: &Ident, stream: Option<&str>) {
        if let Some(stream) = stream.and_then(|s| self.syms.stream(s)) {
            if id.name == stream.kind_field || id.name == "at" || stream.field(&id.name).is_some() {
                let target = Target::EventField(stream.name.clone(), id.name.clone());
                return self.used(target, id.span);
            }
        }
        if self.syms.field(&id.name).is_some() {
            self.used(Target::Field(id.name.clone()), id.span);
        } else if self.syms.def(&id.name).is_some() {
            self.used(Target::Definition(id.name.clone()), id.span);
        } else if id.name != "tier" {
            // Unknown (the checks report it): a field is the likelier
            // meaning of a name compared with a value.
            self.used(Target::Field(id.name.clone()), id.span);
        }
    }

    fn field(&mut self, id: &Ident) {
        self.used(Target::Field(id.name.clone()), id.span);
    }

    fn definition(&mut self, id: &Ident) {
        self.used(Target::Definition(id.name.clone()), id.span);
    }

    fn declare_def(&mut self, id: &Ident, item: &Item) {
        self.declared(Target::Definition(id.name.clone()), id.span, item.span());
    }

    fn item(&mut self, item: &Item) {
        // `applies when` reads the same way on every block that takes it.
        if let Some(a) = item.applies() {
            self.condition(a, None);
        }
        match item {
            Item::Import(i) => {
                let target = import_target(&self.importer, &i.path.value);
                self.used(Target::File(target), i.path.span);
            }
            Item::Agreement(_) => {}
            Item::Fields(b) => {
                if let Some(id) = &b.identified_by {
                    self.field(id);
                }
                for decl in &b.fields {
                    self.field_decl(decl);
                }
            }
            Item::Calendar(c) => {
                self.declare_def(&c.name, item);
                for clause in &c.clauses {
                    let zone = match clause {
                        accord_syntax::ast::CalendarClause::Open { zone, .. } => zone.as_ref(),
                        accord_syntax::ast::CalendarClause::Zone(z) => Some(z),
                        accord_syntax::ast::CalendarClause::Closed { .. } => None,
                    };
                    if let Some(ZoneSpec::Lead { field: Some(f), .. }) = zone {
                        self.field(f);
                    }
                }
            }
            Item::List(l) => self.declare_def(&l.name, item),
            Item::Fit(f) => {
                self.declare_def(&f.name, item);
                f.conditions.iter().for_each(|c| self.condition(c, None));
            }
            Item::Score(s) => {
                self.declare_def(&s.name, item);
                let rules: Vec<_> = match &s.body {
                    ScoreBody::Rules(r) => r.iter().collect(),
                    ScoreBody::Weighted(subs) => subs.iter().flat_map(|x| x.rules.iter()).collect(),
                    ScoreBody::FromField(f) => {
                        self.field(f);
                        Vec::new()
                    }
                };
                for r in rules {
                    match &r.basis {
                        PointBasis::When(c) => self.condition(c, None),
                        PointBasis::ForEach(p) => self.pattern(p),
                    }
                }
                if let Some(d) = &s.decay {
                    self.stream_word(&d.without);
                }
            }
            Item::Trigger(t) => {
                self.declare_def(&t.name, item);
                t.items.iter().for_each(|c| self.condition(c, None));
            }
            Item::Exclusion(e) => {
                self.declare_def(&e.name, item);
                self.condition(&e.when, None);
                if let Some(u) = &e.unless {
                    self.condition(u, None);
                }
            }
            Item::Stage(s) => {
                self.declare_def(&s.keyword, item);
                self.condition(&s.condition, None);
            }
            Item::Tiers(t) => {
                for rule in &t.tiers {
                    self.declared(Target::Tier(rule.number), rule.number_span, rule.span);
                    if let Some(c) = &rule.condition {
                        self.condition(c, None);
                    }
                }
            }
            Item::Sla(s) => {
                self.declare_def(&s.name, item);
                for instant in [&s.start, &s.stop] {
                    match instant {
                        InstantExpr::Field(f) => self.field(f),
                        InstantExpr::NthEvent { pattern, .. } => self.pattern(pattern),
                    }
                }
                if let Some(c) = &s.calendar {
                    self.definition(c);
                }
                let limits = s.limits.iter().filter_map(|l| l.tier);
                let after_hours = s.after_hours.iter().filter_map(|a| a.tier);
                for (n, span) in limits.chain(after_hours) {
                    self.used(Target::Tier(n), span);
                }
            }
            Item::Persistence(p) => {
                if let Some(f) = &p.start {
                    self.field(f);
                }
                if let Some(c) = &p.calendar {
                    self.definition(c);
                }
                for rule in &p.rules {
                    match &rule.kind {
                        PersistenceRuleKind::Count { pattern, .. }
                        | PersistenceRuleKind::DistinctDays { pattern, .. }
                        | PersistenceRuleKind::PerDayMax { pattern, .. } => self.pattern(pattern),
                    }
                    if let Some(c) = &rule.when {
                        self.condition(c, None);
                    }
                }
            }
            Item::Rejections(r) => {
                for reason in &r.reasons {
                    let target = Target::Reason(reason.code.name.clone());
                    self.declared(target, reason.code.span, reason.span);
                    for step in &reason.disposition {
                        if let DispositionKind::ReEnter {
                            requirement: Some(req),
                            ..
                        } = &step.kind
                        {
                            match req {
                                ReEntryRequirement::NewTrigger => {}
                                ReEntryRequirement::NewEvent(p) => self.pattern(p),
                                ReEntryRequirement::When(c) => self.condition(c, None),
                                ReEntryRequirement::DefinitionChanged(id) => {
                                    self.used(Target::Definition(id.name.clone()), id.span)
                                }
                            }
                        }
                    }
                }
            }
            Item::Recycling(r) => {
                for clause in &r.clauses {
                    match &clause.kind {
                        RecyclingClauseKind::ReasonField(f)
                        | RecyclingClauseKind::RejectedAtField(f)
                        | RecyclingClauseKind::RecycleCountField(f) => self.field(f),
                        RecyclingClauseKind::CoolingOff { overrides, .. } => {
                            for (code, _) in overrides {
                                self.used(Target::Reason(code.name.clone()), code.span);
                            }
                        }
                        _ => {}
                    }
                }
            }
            Item::Handoff(h) => {
                for it in h.required.iter().chain(&h.preferred) {
                    match it {
                        HandoffItem::Field(f) => self.field(f),
                        HandoffItem::Events(p) => self.pattern(p),
                        HandoffItem::Condition(c) => self.condition(c, None),
                    }
                }
            }
            Item::Metric(m) => {
                self.declare_def(&m.name, item);
                if let Some(p) = &m.population {
                    self.condition(p, None);
                }
                match &m.aggregate {
                    Aggregate::Count => {}
                    Aggregate::Share(c) => self.condition(c, None),
                    Aggregate::Average(o) => self.operand(o, None),
                }
                for f in [&m.instant, &m.per].into_iter().flatten() {
                    self.field(f);
                }
            }
            Item::Breach(b) => {
                self.declare_def(&b.name, item);
                self.definition(&b.metric);
            }
            Item::Drift(d) => {
                self.declare_def(&d.name, item);
                self.definition(&d.metric);
            }
        }
    }

    fn field_decl(&mut self, decl: &FieldDecl) {
        let TypeKind::Events(event_fields) = &decl.ty.kind else {
            let target = Target::Field(decl.name.name.clone());
            return self.declared(target, decl.name.span, decl.span);
        };
        let stream = decl.name.name.clone();
        self.declared(Target::Stream(stream.clone()), decl.name.span, decl.span);
        for (i, f) in event_fields.iter().enumerate() {
            let target = Target::EventField(stream.clone(), f.name.name.clone());
            self.declared(target, f.name.span, f.span);
            if let (0, TypeKind::OneOf(kinds)) = (i, &f.ty.kind) {
                for k in kinds {
                    let target = Target::EventKind(stream.clone(), k.value.clone());
                    self.declared(target, k.span, f.span);
                }
            }
        }
    }

    /// The stream word of a pattern (`activity`): returns the stream's
    /// declared name when there is one.
    fn stream_word(&mut self, word: &Ident) -> Option<String> {
        let name = self.syms.stream(&word.name).map(|s| s.name.clone());
        let target = Target::Stream(name.clone().unwrap_or_else(|| word.name.clone()));
        self.used(target, word.span);
        name
    }

    fn pattern(&mut self, p: &EventPattern) {
        let stream = self.stream_word(&p.stream);
        let stream_name = stream.clone().unwrap_or_else(|| p.stream.name.clone());
        for k in &p.kinds {
            self.kind(&stream_name, k);
        }
        if let Some(f) = &p.filter {
            self.condition(f, Some(&stream_name));
        }
        if let Some(s) = &p.since {
            self.field(s);
        }
    }

    fn kind(&mut self, stream: &str, k: &Str) {
        let target = Target::EventKind(stream.to_string(), k.value.clone());
        self.used(target, k.span);
    }

    fn operand(&mut self, o: &Operand, stream: Option<&str>) {
        match o {
            Operand::Name(i) => self.name(i, stream),
            Operand::DomainOf(i, _) => self.name(i, stream),
        }
    }

    fn condition(&mut self, c: &Condition, stream: Option<&str>) {
        match &c.kind {
            ConditionKind::Compare { subject, test } => {
                self.operand(subject, stream);
                if let Operand::Name(i) = subject {
                    if i.name == "tier" && stream.is_none() {
                        if let TestKind::Is(v) | TestKind::IsNot(v) = &test.kind {
                            if let ValueKind::Number(n) = v.kind {
                                if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) {
                                    self.used(Target::Tier(n as u32), v.span);
                                }
                            }
                        }
                    }
                }
                let values: Vec<_> = match &test.kind {
                    TestKind::InList(l) | TestKind::NotInList(l) => {
                        self.definition(l);
                        Vec::new()
                    }
                    TestKind::Is(v) | TestKind::IsNot(v) => vec![v],
                    TestKind::OneOf(vs) | TestKind::NotOneOf(vs) => vs.iter().collect(),
                    _ => Vec::new(),
                };
                for v in values {
                    if let ValueKind::Word(w) = &v.kind {
                        if self.syms.reasons.contains_key(w) {
                            self.used(Target::Reason(w.clone()), v.span);
                        }
                    }
                }
            }
            ConditionKind::All(cs) | ConditionKind::Any(cs) => {
                cs.iter().for_each(|x| self.condition(x, stream))
            }
            ConditionKind::Not(x) => self.condition(x, stream),
            ConditionKind::Ref(i) => self.name(i, stream),
            ConditionKind::Events(p) => self.pattern(p),
            ConditionKind::NoExclusionApplies => {}
        }
    }
}
