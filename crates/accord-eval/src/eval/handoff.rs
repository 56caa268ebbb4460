//! Handoff completeness: required fields and events present at handoff
//! (missing ones make it incomplete), preferred ones listed when missing.
//! A field is present when it has a value (text not blank); an event-stream
//! field is present when the lead has at least one event as of the instant;
//! a comparison (`email_deliverable is yes`) must hold.
//! A lead for which the block's `applies when` does not hold is not judged.

use super::Ev;
use crate::explain::{NodeId, Phrase, Verdict, Words};
use crate::outcome::HandoffOutcome;
use crate::plan::*;
use crate::text::Joined;
use accord_records::FieldValue;

/// How many of a stream's latest events a handoff explanation lists (the
/// "last 5 behavioral touchpoints" of a handoff note, seed 000 D.1).
const HANDOFF_TOUCHPOINTS: usize = 5;

impl<'p> Ev<'p> {
    fn handoff_item(
        &mut self,
        item: &'p HandoffItem,
        parent: Option<NodeId>,
    ) -> Option<std::sync::Arc<str>> {
        match item {
            HandoffItem::Field(slot, name) => {
                let present = match self.field(*slot) {
                    FieldValue::Missing => false,
                    FieldValue::Text(t) => !t.trim().is_empty(),
                    _ => true,
                };
                if let Some(parent) = parent {
                    // The field's name (the schema's), for the node and its value.
                    let name_words = Words::Field(*slot as u32);
                    let n = self.x.node(name_words, "");
                    self.x.set_verdict(n, Verdict::of(present));
                    self.x.read(n, name_words, self.show_field(*slot));
                    self.x.threshold(n, Phrase::Present);
                    if !present {
                        match self.field(*slot) {
                            FieldValue::Text(_) => self.x.gap(n, (name, " is blank")),
                            _ => self.x.gap(n, self.why_missing(*slot)),
                        }
                    }
                    self.x.attach(parent, n);
                }
                (!present).then(|| name.clone())
            }
            HandoffItem::Stream {
                stream,
                name,
                singular,
            } => {
                let lead = self.lead;
                let events = lead.streams.get(*stream).map_or(&[][..], |e| &e[..]);
                let so_far = events.partition_point(|e| e.at <= self.as_of);
                let present = so_far > 0;
                if let Some(parent) = parent {
                    let name_span = self.x.written(name);
                    let n = self.x.node(name_span, "");
                    self.x.set_verdict(n, Verdict::of(present));
                    self.x.read(n, name_span, so_far);
                    self.x.threshold(n, Phrase::Present);
                    // The handoff note's touchpoints: the last few, latest first.
                    let latest = events.get(..so_far).unwrap_or_default();
                    for e in latest.iter().rev().take(HANDOFF_TOUCHPOINTS) {
                        self.x.note(n, self.show_stream_event(singular, *stream, e));
                    }
                    let earlier = so_far.saturating_sub(HANDOFF_TOUCHPOINTS);
                    if earlier > 0 {
                        self.x.note(n, ("… and ", earlier, " more"));
                    }
                    if !present {
                        self.x.gap(n, ("no ", name, " yet"));
                    }
                    self.x.attach(parent, n);
                }
                (!present).then(|| name.clone())
            }
            HandoffItem::Events(p) => {
                let node = parent.map(|_| self.node(p.src));
                let ok = self.pattern_holds(p, node);
                if let (Some(n), Some(parent)) = (node, parent) {
                    self.x.set_verdict(n, Verdict::of(ok));
                    self.x.attach(parent, n);
                }
                (!ok).then(|| self.src_text(p.src))
            }
            HandoffItem::Condition(c) => {
                let ok = self.cond(c, parent);
                (!ok).then(|| self.src_text(c.src))
            }
        }
    }

    /// Handoff completeness as a root answer.
    pub(crate) fn handoff_answer(&mut self, out: Option<NodeId>) -> Option<HandoffOutcome> {
        let def = self.p.handoff.as_ref()?;
        let node = out.map(|_| self.answer(def.src, &def.title));
        if let Some(reason) = self.not_applicable_because(def.applies.as_ref(), node) {
            if let Some(n) = node {
                self.x.set_verdict(n, Verdict::NotApplicable);
                self.x.gap(n, ("not applicable: ", reason));
            }
            self.push(out, node);
            return Some(HandoffOutcome {
                applies: false,
                complete: true,
                missing: Vec::new(),
                missing_preferred: Vec::new(),
            });
        }
        let mut missing = Vec::new();
        for item in &def.required {
            if let Some(m) = self.handoff_item(item, node) {
                missing.push(m);
            }
        }
        let pref_node = node.map(|_| self.x.node("preferred", ""));
        let mut missing_preferred = Vec::new();
        for item in &def.preferred {
            if let Some(m) = self.handoff_item(item, pref_node) {
                missing_preferred.push(m);
            }
        }
        let complete = missing.is_empty();
        if let Some(n) = node {
            self.x.set_verdict(n, Verdict::of(complete));
            if !complete {
                self.x.gap(n, ("missing: ", Joined(&missing, ", ")));
            }
            if let Some(p) = pref_node {
                self.x.set_verdict(p, Verdict::Info);
                if !missing_preferred.is_empty() {
                    self.x.gap(
                        p,
                        ("missing (preferred): ", Joined(&missing_preferred, ", ")),
                    );
                }
                if self.x.has_children(p) {
                    self.x.attach(n, p);
                }
            }
        }
        self.push(out, node);
        Some(HandoffOutcome {
            applies: true,
            complete,
            missing,
            missing_preferred,
        })
    }
}
