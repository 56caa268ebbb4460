//! The lead schema in resolved form: every declared field gets a slot index,
//! every event stream its kinds and fields. Built from the policy's
//! `lead fields` blocks; records are read and checked against it, and the
//! evaluator reads fields by slot, never by name.

use accord_syntax::ast;

/// The type of a lead field or event field.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldType {
    Number,
    /// 0–100; data may say `12%`, `12` or `12.0`.
    Percentage,
    Text,
    YesNo,
    /// One of the given choices (exact text).
    OneOf(Vec<String>),
    Email,
    Date,
    Timestamp,
    TimeZone,
    ListOf(Box<FieldType>),
    /// An event stream; index into [`Schema::streams`].
    Events(usize),
}

impl FieldType {
    /// How the type is said in messages ("a number", "a timestamp").
    pub fn describe(&self) -> String {
        match self {
            FieldType::Number => "a number".into(),
            FieldType::Percentage => "a percentage".into(),
            FieldType::Text => "text".into(),
            FieldType::YesNo => "yes/no (true or false)".into(),
            FieldType::OneOf(choices) => {
                let quoted: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
                format!("one of {}", quoted.join(", "))
            }
            FieldType::Email => "an email address".into(),
            FieldType::Date => "a date (YYYY-MM-DD)".into(),
            FieldType::Timestamp => "a timestamp (RFC 3339, e.g. 2026-11-18T10:00:00-06:00)".into(),
            FieldType::TimeZone => "an IANA time zone (e.g. America/Chicago)".into(),
            FieldType::ListOf(inner) => format!("a list of {}", inner.describe()),
            FieldType::Events(_) => "a list of events".into(),
        }
    }
}

/// One declared lead field.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldSpec {
    pub name: String,
    pub ty: FieldType,
    pub optional: bool,
    /// `written "DD-MM-YYYY"`: the format a date or timestamp field (or a
    /// list of them) is read in; `None` reads the standard forms.
    pub written: Option<crate::Written>,
    /// Where it was declared (for explanations and diagnostics).
    pub span: accord_syntax::Span,
}

/// One declared event stream (`activities are events:`).
#[derive(Clone, Debug, PartialEq)]
pub struct StreamSpec {
    /// Plural name as declared (`activities`).
    pub name: String,
    /// Name of the kind field (the stream's first field, e.g. `kind`, `channel`).
    pub kind_field: String,
    /// Allowed kinds; an event's kind is stored as an index into this.
    pub kinds: Vec<String>,
    /// The other event fields (not `at`, not the kind field).
    pub fields: Vec<FieldSpec>,
    pub span: accord_syntax::Span,
}

impl StreamSpec {
    /// True when `word` names this stream (`activity`/`activities`,
    /// `attempt`/`attempts`).
    pub fn is_named(&self, word: &str) -> bool {
        word == self.name || singular(&self.name) == word
    }
    pub fn kind_index(&self, kind: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k == kind)
    }
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

/// `activities` → `activity`, `attempts` → `attempt`.
pub fn singular(plural: &str) -> String {
    if let Some(stem) = plural.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = plural.strip_suffix('s') {
        stem.to_string()
    } else {
        plural.to_string()
    }
}

/// The resolved schema: fields in declaration order (slot = index).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    pub fields: Vec<FieldSpec>,
    pub streams: Vec<StreamSpec>,
    /// Slot of the `identified by` field.
    pub id_field: Option<usize>,
    /// `default time zone "…"` for timestamps without an offset.
    pub default_zone: Option<chrono_tz::Tz>,
}

impl Schema {
    pub fn slot(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }
    /// The stream a word like `activity` or `attempts` names.
    pub fn stream(&self, word: &str) -> Option<usize> {
        self.streams.iter().position(|s| s.is_named(word))
    }

    /// Builds the schema from every `lead fields` block, leniently: the
    /// first declaration of a name wins, unknown zone names are ignored,
    /// an event stream whose first field is not `one of` gets no kinds.
    /// The checker reports those mistakes; this never fails.
    pub fn from_blocks<'a>(blocks: impl IntoIterator<Item = &'a ast::FieldsBlock>) -> Schema {
        let mut schema = Schema::default();
        let mut id_name: Option<String> = None;
        for block in blocks {
            if id_name.is_none() {
                id_name = block.identified_by.as_ref().map(|i| i.name.clone());
            }
            if schema.default_zone.is_none() {
                schema.default_zone = block
                    .default_zone
                    .as_ref()
                    .and_then(|z| z.value.parse::<chrono_tz::Tz>().ok());
            }
            for decl in &block.fields {
                if schema.slot(&decl.name.name).is_some() {
                    continue;
                }
                let ty = match &decl.ty.kind {
                    ast::TypeKind::Events(event_fields) => {
                        let index = schema.streams.len();
                        schema.streams.push(stream_spec(decl, event_fields));
                        FieldType::Events(index)
                    }
                    other => field_type(other),
                };
                let written = written(decl, &ty);
                schema.fields.push(FieldSpec {
                    name: decl.name.name.clone(),
                    ty,
                    optional: decl.optional,
                    written,
                    span: decl.span,
                });
            }
        }
        schema.id_field = id_name.and_then(|n| schema.slot(&n));
        schema
    }
}

fn stream_spec(decl: &ast::FieldDecl, event_fields: &[ast::FieldDecl]) -> StreamSpec {
    let (kind_field, kinds) = match event_fields.first() {
        Some(first) => match &first.ty.kind {
            ast::TypeKind::OneOf(choices) => (
                first.name.name.clone(),
                choices.iter().map(|c| c.value.clone()).collect(),
            ),
            _ => (first.name.name.clone(), Vec::new()),
        },
        None => (String::from("kind"), Vec::new()),
    };
    let fields = event_fields
        .iter()
        .skip(1)
        .filter(|f| f.name.name != "at")
        .map(|f| {
            let ty = field_type(&f.ty.kind);
            FieldSpec {
                name: f.name.name.clone(),
                written: written(f, &ty),
                ty,
                optional: f.optional,
                span: f.span,
            }
        })
        .collect();
    StreamSpec {
        name: decl.name.name.clone(),
        kind_field,
        kinds,
        fields,
        span: decl.span,
    }
}

/// The declared format of a date or timestamp field (or a list of them),
/// when it is a good one for that type; the checker reports the others
/// (`accord::date-format`), so here they are left out.
pub fn written(decl: &ast::FieldDecl, ty: &FieldType) -> Option<crate::Written> {
    let w = crate::Written::parse(&decl.written.as_ref()?.value).ok()?;
    let mut base = ty;
    while let FieldType::ListOf(inner) = base {
        base = inner;
    }
    match base {
        FieldType::Date if !w.has_time() => Some(w),
        FieldType::Timestamp if w.has_time() => Some(w),
        _ => None,
    }
}

/// The record type of a non-stream AST type.
pub fn field_type(kind: &ast::TypeKind) -> FieldType {
    match kind {
        ast::TypeKind::Number => FieldType::Number,
        ast::TypeKind::Percentage => FieldType::Percentage,
        ast::TypeKind::Text => FieldType::Text,
        ast::TypeKind::YesNo => FieldType::YesNo,
        ast::TypeKind::OneOf(c) => FieldType::OneOf(c.iter().map(|s| s.value.clone()).collect()),
        ast::TypeKind::Email => FieldType::Email,
        ast::TypeKind::Date => FieldType::Date,
        ast::TypeKind::Timestamp => FieldType::Timestamp,
        ast::TypeKind::TimeZone => FieldType::TimeZone,
        ast::TypeKind::ListOf(inner) => FieldType::ListOf(Box::new(field_type(&inner.kind))),
        // Nested event streams are not allowed; the checker says so.
        ast::TypeKind::Events(_) => FieldType::Text,
    }
}
