//! Finding a verdict's reasons (see the module docs of [`super`]): the
//! smallest clauses that fail, followed down from the stage the lead
//! misses, or the requirements of the last stage it reaches, holding; each
//! as a [`Reason`] marked actionable or fixed by what it reads.

use super::{Changeable, Reason};
use crate::eval::Ev;
use crate::plan::*;
use crate::text::string_of;
use accord_records::{FieldType, FieldValue};

impl<'p> Ev<'p> {
    /// The lead's zone: the zone the first calendar read in the lead's
    /// zone uses, else the schema's default, else UTC.
    pub(crate) fn lead_zone(&self) -> chrono_tz::Tz {
        self.p
            .calendars
            .iter()
            .find(|c| matches!(c.zone, ZoneOf::Lead(_)))
            .map(|c| self.zone(c))
            .or_else(|| {
                let tz = self
                    .p
                    .schema
                    .fields
                    .iter()
                    .position(|f| f.ty == FieldType::TimeZone)
                    .map(|s| self.field(s));
                match tz {
                    Some(FieldValue::Zone(z)) => Some(*z),
                    _ => None,
                }
            })
            .unwrap_or_else(|| self.default_zone())
    }

    /// Evaluates a clause on a scratch node: its gap (or, when it holds or
    /// has none, its text with the values it read).
    fn clause_words(&mut self, c: &'p Cond) -> (bool, String) {
        // A failing comparison's words are its gap: written straight.
        if let Some(gap) = self.failing_comparison_gap(c) {
            return (false, gap);
        }
        let n = self.node(c.src);
        let holds = self.cond_body(c, Some(n));
        let words = self.x.words(n, holds);
        (holds, words)
    }

    /// The reasons a stage's condition fails: the smallest failing clauses.
    pub(super) fn failing(&mut self, c: &'p Cond, out: &mut Vec<Reason>, depth: u32) {
        if depth > 64 {
            return;
        }
        match &c.kind {
            CondKind::All(items) => {
                for item in items {
                    if !self.cond(item, None) {
                        self.failing(item, out, depth + 1);
                    }
                }
            }
            CondKind::Fit(i) => {
                let Some(def) = self.p.fits.get(*i) else {
                    return;
                };
                for item in &def.conditions {
                    if !self.cond(item, None) {
                        self.failing(item, out, depth + 1);
                    }
                }
            }
            CondKind::Stage(i) => {
                let held = self.held_by.is_some()
                    && self
                        .p
                        .stages
                        .get(*i)
                        .is_some_and(|s| s.kind == StageKind::Mql);
                if let (Some(def), false) = (self.p.stages.get(*i), held) {
                    self.failing(&def.condition, out, depth + 1);
                }
            }
            CondKind::NoExclusion | CondKind::Exclusion(_) => {
                let hit = match &c.kind {
                    CondKind::Exclusion(i) => Some(*i),
                    _ => self.first_exclusion(None),
                };
                let Some((i, def)) = hit.and_then(|i| Some((i, self.p.exclusions.get(i)?))) else {
                    return;
                };
                let read_by = self.p.exclusion_read_by(i);
                let label = def.title.as_deref().unwrap_or(&def.name);
                let route = def.route.as_ref().map(|r| (", route to \"", r, "\""));
                let text = string_of(("excluded: ", label, route));
                out.push(self.reason(text, false, &read_by, def.src));
            }
            CondKind::Trigger(i) => {
                let Some(def) = self.p.triggers.get(*i) else {
                    return;
                };
                let read_by = self.p.clause_read_by(c);
                let label = (&def.name, def.title.as_ref().map(|t| (" (", t, ")")));
                let text = if def.any {
                    string_of((
                        label,
                        " did not fire: none of its ",
                        def.items.len(),
                        " signals happened",
                    ))
                } else {
                    string_of((label, " did not fire: not all of its signals happened"))
                };
                out.push(self.reason(text, false, &read_by, def.src));
            }
            _ => {
                let (holds, words) = self.clause_words(c);
                let read_by = self.p.clause_read_by(c);
                out.push(self.reason(words, holds, &read_by, c.src));
            }
        }
    }

    pub(super) fn reason(&self, text: String, holds: bool, read_by: &ReadBy, src: SrcId) -> Reason {
        let mut inputs = super::super::reason::input_list(read_by.names.len());
        inputs.extend(read_by.names.iter().cloned());
        Reason {
            text,
            holds,
            decides: true,
            changeable: if read_by.actionable {
                Changeable::Actionable
            } else {
                Changeable::Fixed
            },
            inputs,
            location: self
                .p
                .src(src)
                .map_or_else(|| "".into(), |s| std::sync::Arc::clone(&s.loc)),
        }
    }

    /// The requirements of a stage the lead reaches, holding.
    pub(super) fn holding(&mut self, c: &'p Cond, out: &mut Vec<Reason>) {
        let items: Vec<&'p Cond> = match &c.kind {
            CondKind::All(items) => items.iter().collect(),
            _ => vec![c],
        };
        for item in items {
            let read_by = self.p.clause_read_by(item);
            let named = match &item.kind {
                CondKind::Fit(i) => self.p.fits.get(*i).map(|d| (&*d.name, &d.title)),
                CondKind::Trigger(i) => self.p.triggers.get(*i).map(|d| (&*d.name, &d.title)),
                CondKind::Stage(i) => self.p.stages.get(*i).map(|d| (d.kind.word(), &d.title)),
                _ => None,
            };
            let text = match named {
                Some((name, Some(title))) => string_of((name, " holds (", title, ")")),
                Some((name, None)) => string_of((name, " holds")),
                None => self.clause_words(item).1,
            };
            out.push(self.reason(text, true, &read_by, item.src));
        }
    }
}
