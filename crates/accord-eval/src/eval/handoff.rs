//! Handoff completeness: required fields and events present at handoff
//! (missing ones make it incomplete), preferred ones listed when missing.
//! A field is present when it has a value (text not blank); an event-stream
//! field is present when the lead has at least one event as of the instant.

use super::{put, Ev};
use crate::decision::HandoffOutcome;
use crate::explain::{Node, Verdict};
use crate::plan::*;
use accord_records::{FieldType, FieldValue};

impl<'p> Ev<'p> {
    fn handoff_item(
        &mut self,
        item: &'p HandoffItem,
        parent: Option<&mut Vec<Node>>,
    ) -> Option<String> {
        match item {
            HandoffItem::Field(slot, name) => {
                let present = match self.p.schema.fields.get(*slot).map(|f| &f.ty) {
                    Some(FieldType::Events(s)) => self
                        .lead
                        .streams
                        .get(*s)
                        .and_then(|ev| ev.first())
                        .is_some_and(|e| e.at <= self.as_of),
                    _ => match self.field(*slot) {
                        FieldValue::Missing => false,
                        FieldValue::Text(t) => !t.trim().is_empty(),
                        _ => true,
                    },
                };
                if let Some(parent) = parent {
                    let mut n = Node::new(name.clone(), "");
                    n.verdict = Verdict::of(present);
                    n.read(name.clone(), self.field(*slot).to_string());
                    parent.push(n);
                }
                (!present).then(|| name.clone())
            }
            HandoffItem::Events(p) => {
                let mut node = parent.as_ref().map(|_| self.node(p.src));
                let ok = self.pattern_holds(p, node.as_mut());
                if let (Some(mut n), Some(parent)) = (node, parent) {
                    n.verdict = Verdict::of(ok);
                    parent.push(n);
                }
                (!ok).then(|| self.text(p.src).to_string())
            }
        }
    }

    /// Handoff completeness as a root answer.
    pub(crate) fn handoff_answer(&mut self, out: Option<&mut Vec<Node>>) -> Option<HandoffOutcome> {
        let def = self.p.handoff.as_ref()?;
        let mut node = out.is_some().then(|| self.answer(def.src, &def.title));
        let mut missing = Vec::new();
        for item in &def.required {
            if let Some(m) = self.handoff_item(item, node.as_mut().map(|n| &mut n.children)) {
                missing.push(m);
            }
        }
        let mut pref_node = node.is_some().then(|| Node::new("preferred", ""));
        let mut missing_preferred = Vec::new();
        for item in &def.preferred {
            if let Some(m) = self.handoff_item(item, pref_node.as_mut().map(|n| &mut n.children)) {
                missing_preferred.push(m);
            }
        }
        let complete = missing.is_empty();
        put(&mut node.as_mut(), |n| {
            n.verdict = Verdict::of(complete);
            if !complete {
                n.gap = Some(format!("missing: {}", missing.join(", ")));
            }
            if let Some(mut p) = pref_node {
                p.verdict = Verdict::Info;
                if !missing_preferred.is_empty() {
                    p.gap = Some(format!(
                        "missing (preferred): {}",
                        missing_preferred.join(", ")
                    ));
                }
                if !p.children.is_empty() {
                    n.children.push(p);
                }
            }
        });
        Self::push(out, node);
        Some(HandoffOutcome {
            complete,
            missing,
            missing_preferred,
        })
    }
}
