//! Definitions of a version, and matching them across two versions: by
//! file, kind and name (the files given, when each version is a file, are
//! one file whatever their names); then by kind and name (a definition
//! moved to another file); then, among what is left, by body (a renamed
//! definition).

use crate::canon::canonical;
use crate::version::{same_file, Version};
use accord_syntax::ast::{FieldDecl, Ident, Item, StageKind, Str};
use accord_syntax::Span;
use serde_json::Value;

/// What a definition is.
#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    Item(&'a Item),
    /// A field of a `lead fields` block (fields of several blocks add up
    /// to one schema, so each is a definition of its own).
    Field(&'a FieldDecl),
    /// `identified by lead_id`.
    IdentifiedBy(&'a Ident),
    /// `default time zone "…"`.
    DefaultZone(&'a Str),
}

/// A definition of a version.
#[derive(Clone, Debug)]
pub struct Def<'a> {
    pub kind: &'static str,
    pub name: String,
    pub rel: String,
    pub node: Node<'a>,
    pub span: Span,
}

impl Def<'_> {
    /// The definition as a reader names it: `MQL`, `SLA first_response`,
    /// `list target_industries`.
    pub fn label(&self) -> String {
        match self.kind {
            "agreement" | "tiers" | "persistence" | "rejection reasons" | "recycling"
            | "handoff" | "identified by" | "default time zone" => self.kind.to_string(),
            "stage" => self.name.to_uppercase(),
            "sla" => format!("SLA {}", self.name),
            "import" => format!("import {:?}", self.name),
            kind => format!("{kind} {}", self.name),
        }
    }

    /// Whether the definition has a name a rename could change.
    pub fn named(&self) -> bool {
        matches!(
            self.kind,
            "calendar"
                | "list"
                | "fit"
                | "score"
                | "trigger"
                | "exclusion"
                | "sla"
                | "metric"
                | "breach"
                | "drift"
                | "field"
        )
    }

    /// The body without the name and title, to recognise a rename.
    pub fn body(&self) -> Value {
        let mut v = match self.node {
            Node::Item(i) => canonical(i),
            Node::Field(f) => canonical(f),
            Node::IdentifiedBy(i) => canonical(i),
            Node::DefaultZone(s) => canonical(s),
        };
        strip_names(&mut v, 2);
        v
    }
}

fn strip_names(v: &mut Value, depth: u32) {
    if let Value::Object(map) = v {
        map.remove("name");
        map.remove("title");
        if depth > 0 {
            map.values_mut().for_each(|x| strip_names(x, depth - 1));
        }
    }
}

fn stage_word(kind: StageKind) -> &'static str {
    match kind {
        StageKind::Mql => "mql",
        StageKind::Sal => "sal",
        StageKind::Sql => "sql",
    }
}

/// Every definition of a version, in file and source order.
pub fn definitions<'a>(version: &'a Version) -> Vec<Def<'a>> {
    let mut out = Vec::new();
    for file in &version.files {
        let rel = file.rel.clone();
        for item in &file.ast.items {
            let def = |kind: &'static str, name: String, node: Node<'a>, span: Span| Def {
                kind,
                name,
                rel: rel.clone(),
                node,
                span,
            };
            let named = |kind: &'static str, name: &Ident| (kind, name.name.clone());
            let (kind, name) = match item {
                Item::Fields(block) => {
                    if let Some(id) = &block.identified_by {
                        out.push(def(
                            "identified by",
                            String::new(),
                            Node::IdentifiedBy(id),
                            id.span,
                        ));
                    }
                    if let Some(zone) = &block.default_zone {
                        out.push(def(
                            "default time zone",
                            String::new(),
                            Node::DefaultZone(zone),
                            zone.span,
                        ));
                    }
                    for field in &block.fields {
                        out.push(def(
                            "field",
                            field.name.name.clone(),
                            Node::Field(field),
                            field.span,
                        ));
                    }
                    continue;
                }
                Item::Import(x) => ("import", x.path.value.clone()),
                Item::Agreement(_) => ("agreement", String::new()),
                Item::Calendar(x) => named("calendar", &x.name),
                Item::List(x) => named("list", &x.name),
                Item::Fit(x) => named("fit", &x.name),
                Item::Score(x) => named("score", &x.name),
                Item::Trigger(x) => named("trigger", &x.name),
                Item::Exclusion(x) => named("exclusion", &x.name),
                Item::Stage(x) => ("stage", stage_word(x.kind).to_string()),
                Item::Tiers(_) => ("tiers", String::new()),
                Item::Sla(x) => named("sla", &x.name),
                Item::Persistence(_) => ("persistence", String::new()),
                Item::Rejections(_) => ("rejection reasons", String::new()),
                Item::Recycling(_) => ("recycling", String::new()),
                Item::Handoff(_) => ("handoff", String::new()),
                Item::Metric(x) => named("metric", &x.name),
                Item::Breach(x) => named("breach", &x.name),
                Item::Drift(x) => named("drift", &x.name),
            };
            out.push(def(kind, name, Node::Item(item), item.span()));
        }
    }
    out
}

/// How two definitions were matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matched {
    /// Same file, kind and name.
    InPlace,
    /// Same kind and name, another file.
    Moved,
    /// Same kind and body, another name.
    Renamed,
}

/// The outcome of matching: pairs (old index, new index, how), then the
/// indices left over on each side.
pub struct Matching {
    pub pairs: Vec<(usize, usize, Matched)>,
    pub removed: Vec<usize>,
    pub added: Vec<usize>,
}

/// Matches the definitions of two versions (`versions`: the versions they
/// are from, old and new).
pub fn match_definitions(old: &[Def], new: &[Def], versions: (&Version, &Version)) -> Matching {
    let mut old_left: Vec<usize> = (0..old.len()).collect();
    let mut new_left: Vec<usize> = (0..new.len()).collect();
    let mut pairs = Vec::new();
    let mut pass = |same: &dyn Fn(&Def, &Def) -> bool,
                    how: Matched,
                    pairs: &mut Vec<(usize, usize, Matched)>| {
        let mut i = 0;
        while i < new_left.len() {
            let n = &new[new_left[i]];
            match old_left.iter().position(|&o| same(&old[o], n)) {
                Some(j) => {
                    pairs.push((old_left.remove(j), new_left.remove(i), how));
                }
                None => i += 1,
            }
        }
    };
    pass(
        &|o, n| same_file(versions, &o.rel, &n.rel) && o.kind == n.kind && o.name == n.name,
        Matched::InPlace,
        &mut pairs,
    );
    pass(
        &|o, n| o.kind == n.kind && o.name == n.name,
        Matched::Moved,
        &mut pairs,
    );
    pass(
        &|o, n| o.kind == n.kind && o.named() && o.body() == n.body(),
        Matched::Renamed,
        &mut pairs,
    );
    Matching {
        pairs,
        removed: old_left,
        added: new_left,
    }
}
