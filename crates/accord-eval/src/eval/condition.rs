//! Conditions: boolean combinations, comparisons of fields, scores, tier and
//! SLA states against literals, sets and lists, and references to fits,
//! triggers, exclusions and stages. Failing comparisons say why not in the
//! lead's terms ("lead_score 58.8, needs 6.2 more").
//! The values read and how a comparison reads in an explanation live in
//! [`super::value`].

use super::value::{from_field, Gap, ShowAsOf, ShowField, ShowTest, Val};
use super::{Ev, Writer};
use crate::explain::{NodeId, Phrase, Shared, TextKey, Verdict, Words};
use crate::lits::{is_ascii, same_text};
use crate::plan::*;
use accord_records::FieldValue;
use std::borrow::Cow;

/// Whether a text has an upper-case letter: one pass over the bytes, and
/// the characters looked at only when one is upper-case ASCII or not ASCII.
fn has_upper_case(text: &str) -> bool {
    text.bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        && text.chars().any(char::is_uppercase)
}

/// Whether `lower`, a lower-cased text without `@`, is the domain of
/// `text`, an ASCII text — what follows its last `@`, lower-cased —
/// compared from the end: `lower`'s length of `text`'s end, after an `@`,
/// the same but for ASCII case.
#[inline]
fn is_domain(text: &[u8], lower: &str) -> bool {
    let Some(at) = text.len().checked_sub(lower.len() + 1) else {
        return false;
    };
    text.get(at) == Some(&b'@')
        && text
            .get(at + 1..)
            .is_some_and(|d| d.eq_ignore_ascii_case(lower.as_bytes()))
}

/// Case-insensitive `*` wildcard match (`parts` are the lower-cased pieces
/// between stars).
/// Whether `word` (lower-case) occurs in `text` (lower-case) as a whole
/// word: each end at the start or end of the text or next to a character
/// that is not a letter or digit. "director of international sales" has
/// "intern" only inside a word; "marketing intern (summer)" has it whole.
fn has_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(word).any(|(at, _)| {
        let before = text.get(..at).and_then(|s| s.chars().next_back());
        let after = text.get(at + word.len()..).and_then(|s| s.chars().next());
        boundary(before) && boundary(after)
    })
}

fn wildcard(text: &str, parts: &[String]) -> bool {
    let text = text.to_lowercase();
    let mut rest = text.as_str();
    let last = parts.len().saturating_sub(1);
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part.as_str()) {
                Some(r) => rest = r,
                None => return false,
            }
            if parts.len() == 1 {
                return rest.is_empty();
            }
        } else if i == last {
            return rest.ends_with(part.as_str());
        } else {
            match rest.find(part.as_str()) {
                Some(pos) => rest = rest.get(pos + part.len()..).unwrap_or(""),
                None => return false,
            }
        }
    }
    true
}

fn eq(v: &Val, lit: &Lit) -> bool {
    match (v, lit) {
        (Val::Num(a), Lit::Num(b)) => a == b,
        (Val::Text(a), Lit::Text(b)) => same_text(a, b),
        (Val::Bool(a), Lit::Bool(b)) => a == b,
        (Val::Date(a), Lit::Date(b)) => a == b,
        (Val::Ts(a), Lit::Date(b)) => a.date_naive() == *b,
        (Val::State(a), Lit::State(b)) => a == b,
        (Val::Zone(z), Lit::Text(b)) => z.name() == b,
        _ => false,
    }
}

/// Where [`caseless`] looks for the pattern.
#[derive(Clone, Copy)]
enum Caseless {
    Contains,
    StartsWith,
    EndsWith,
}

/// Whether `text`, lower-cased, contains (starts, ends with) `lower`, a
/// lower-cased pattern. An ASCII text is compared in place (the same
/// answer as lower-casing it, without a copy); any other is lower-cased.
fn caseless(text: &str, lower: &str, at: Caseless) -> bool {
    if !text.is_ascii() {
        let text = text.to_lowercase();
        return match at {
            Caseless::Contains => text.contains(lower),
            Caseless::StartsWith => text.starts_with(lower),
            Caseless::EndsWith => text.ends_with(lower),
        };
    }
    let (t, p) = (text.as_bytes(), lower.as_bytes());
    if p.len() > t.len() {
        return false;
    }
    let same = |w: &[u8]| w.iter().zip(p).all(|(a, b)| a.to_ascii_lowercase() == *b);
    match at {
        Caseless::Contains => p.is_empty() || t.windows(p.len()).any(same),
        Caseless::StartsWith => t.get(..p.len()).is_some_and(same),
        Caseless::EndsWith => t.get(t.len() - p.len()..).is_some_and(same),
    }
}

fn in_set(v: &Val, set: &LitSet, domain: bool) -> bool {
    match v {
        Val::Text(t) if domain => set.lower.contains(t.as_ref()),
        Val::Text(t) => set.texts.contains(t.as_ref()),
        Val::Num(n) => set.nums.contains(n),
        Val::Bool(b) => set.texts.contains(if *b { "yes" } else { "no" }),
        Val::State(s) => set.texts.contains(s.word()),
        Val::Date(d) => set.texts.contains(&d.to_string()),
        Val::List(items) => items.iter().any(|i| in_set(&from_field(i), set, domain)),
        _ => false,
    }
}

impl<'p> Ev<'p> {
    /// Evaluates a condition; when `parent` is given, attaches its node there.
    pub(crate) fn cond(&mut self, c: &'p Cond, parent: Option<NodeId>) -> bool {
        match parent {
            None => self.holds(c),
            Some(parent) => {
                let node = self.node(c.src);
                let r = self.cond_body(c, Some(node));
                if !self.x.verdict_set(node) {
                    self.x.set_verdict(node, Verdict::of(r));
                }
                self.x.attach(parent, node);
                r
            }
        }
    }

    /// The clauses of an `all of` (`any` false: every one must hold) or an
    /// `any of` (one must), each evaluated into `n`. Without an
    /// explanation the first clause that decides ends the loop; with one,
    /// every clause is evaluated so that the tree shows them all (the
    /// same answer either way).
    pub(crate) fn all_or_any(&mut self, items: &'p [Cond], any: bool, n: Option<NodeId>) -> bool {
        let Some(n) = n else {
            for item in items {
                if self.cond(item, None) == any {
                    return any;
                }
            }
            return !any;
        };
        self.all_or_any_noting(items, any, n, &mut 0)
    }

    /// [`Ev::all_or_any`] explained into `n` (every item evaluated),
    /// noting in `held` which items held (bit k: item k, for the first 64).
    pub(crate) fn all_or_any_noting(
        &mut self,
        items: &'p [Cond],
        any: bool,
        n: NodeId,
        held: &mut u64,
    ) -> bool {
        let mut result = !any;
        for (k, item) in items.iter().enumerate() {
            let holds = self.cond(item, Some(n));
            if holds && k < 64 {
                *held |= 1 << k;
            }
            if holds == any {
                result = any;
            }
        }
        result
    }

    /// Whether a condition holds, without an explanation: the path every
    /// decision takes. A lean twin of [`Ev::cond_body`] for the
    /// combinators (`all of`, `any of`, `not`), with none of the
    /// explanation's bookkeeping in its frame; comparisons
    /// ([`Ev::passes`]) and definitions (memoised) are the same code, so
    /// the two cannot answer differently (the differential tests compare
    /// them on every fourth lead).
    pub(crate) fn holds(&mut self, c: &'p Cond) -> bool {
        match &c.kind {
            CondKind::Cmp {
                subject: Subject::Field(slot),
                test,
                ..
            } => self.field_passes(*slot, test),
            CondKind::Cmp {
                subject: Subject::DomainOf(slot),
                test,
                ..
            } => self.domain_passes(*slot, test),
            CondKind::Cmp { subject, test, .. } => {
                let v = self.read(subject, None);
                self.passes(subject, &v, test)
            }
            CondKind::All(items) => items.iter().all(|c| self.holds_inline(c)),
            CondKind::Any(items) => items.iter().any(|c| self.holds_inline(c)),
            CondKind::Not(inner) => !self.holds_inline(inner),
            CondKind::YesNo(slot) => matches!(self.field(*slot), FieldValue::YesNo(true)),
            CondKind::Fit(i) => self.fit(*i, None),
            CondKind::Trigger(i) => self.trigger(*i, None),
            CondKind::Exclusion(i) => self.exclusion(*i, None),
            CondKind::Stage(i) => self.stage_body(*i, None),
            CondKind::Events(p) => self.pattern_holds(p, None),
            CondKind::NoExclusion => self.first_exclusion(None).is_none(),
        }
    }

    /// [`Ev::holds`], with the commonest leaves (a lead's field compared,
    /// a yes/no field) decided in the caller's loop, without a call (the
    /// same arms as in [`Ev::holds`], repeated here to be inlined).
    #[inline(always)]
    pub(crate) fn holds_inline(&mut self, c: &'p Cond) -> bool {
        match &c.kind {
            CondKind::Cmp {
                subject: Subject::Field(slot),
                test,
                ..
            } => self.field_passes(*slot, test),
            CondKind::YesNo(slot) => matches!(self.field(*slot), FieldValue::YesNo(true)),
            _ => self.holds(c),
        }
    }

    /// Evaluates a condition into a given node (its clause text already
    /// set); without one, [`Ev::holds`].
    pub(crate) fn cond_body(&mut self, c: &'p Cond, n: Option<NodeId>) -> bool {
        let Some(node) = n else {
            return self.holds(c);
        };
        let n = Some(node);
        match &c.kind {
            CondKind::All(items) => {
                let all = self.all_or_any(items, false, n);
                if let Some(n) = n.filter(|_| !all) {
                    self.x.gap_failed_children(n);
                }
                all
            }
            CondKind::Any(items) => {
                let any = self.all_or_any(items, true, n);
                if let Some(n) = n.filter(|_| !any) {
                    self.x.gap(n, "none of these holds");
                }
                any
            }
            CondKind::Not(inner) => {
                let inner_holds = self.cond(inner, n);
                if let Some(n) = n {
                    // The inner clause holding is bad news: its marks are
                    // turned round and its gaps dropped (what would make it
                    // hold is not what the agreement needs); a leaf is shown
                    // on the `not`'s own line. A failing `not` says, in the
                    // lead's terms, why it fails.
                    if let Some(child) = self.x.last_child(n) {
                        self.x.read_as_unwanted(child);
                    }
                    self.x.fold_only_leaf(n);
                    if inner_holds {
                        match &inner.kind {
                            CondKind::YesNo(slot) => {
                                let name = self.field_name(*slot);
                                self.x.gap(n, (name, " is yes, needs no"));
                            }
                            _ => {
                                let clause = self.text(inner.src);
                                self.x
                                    .gap(n, (clause, " holds, and the agreement needs it not to"));
                            }
                        }
                    }
                }
                !inner_holds
            }
            CondKind::YesNo(slot) => {
                let v = self.field(*slot);
                let yes = matches!(v, FieldValue::YesNo(true));
                if let Some(n) = n {
                    let name = self.field_name(*slot);
                    self.x
                        .read(n, Words::Field(*slot as u32), self.show_field(*slot));
                    self.x.threshold(n, Phrase::Yes);
                    if !yes {
                        match v {
                            FieldValue::Missing => self.x.gap(n, self.why_missing(*slot)),
                            other => self
                                .x
                                .gap(n, (name, " is ", ShowField(other), ", needs yes")),
                        }
                    }
                }
                yes
            }
            CondKind::Fit(i) => self.fit(*i, n),
            CondKind::Trigger(i) => self.trigger(*i, n),
            CondKind::Exclusion(i) => self.exclusion(*i, n),
            CondKind::Stage(i) => {
                if let (Some(n), Some(d)) = (n, self.p.stages.get(*i)) {
                    self.set_title_of(n, &d.title, d.src);
                }
                let drawn = n.is_some() && self.drawn_before_peek(*i);
                let holds = self.stage_body(*i, n);
                // Drawn in full here (not collapsed as explained above).
                if let (Some(n), Some(d), false) = (n, self.p.stages.get(*i), drawn) {
                    if holds {
                        self.held_reference(n, d.kind, false);
                    }
                }
                holds
            }
            CondKind::Events(p) => self.pattern_holds(p, n),
            CondKind::NoExclusion => self.first_exclusion(n).is_none(),
            CondKind::Cmp {
                subject,
                name,
                test,
            } => self.compare(subject, name, test, c.src, n),
        }
    }

    /// A fit: every condition holds.
    pub(crate) fn fit(&mut self, i: Idx<FitDef>, n: Option<NodeId>) -> bool {
        let Some(n) = n else {
            let fits = &self.p.fits;
            return self.remembered(
                |m| &mut m.fits,
                fits,
                i,
                false,
                |ev, _| ev.run(ev.p.flat.fits.get(i)),
            );
        };
        let Some(def) = self.p.fits.get(i) else {
            return false;
        };
        self.definition(n, &def.title, def.src);
        if self.drawn_before(i, n) {
            let holds = self.fit(i, None);
            return self.explained_above(n, &def.name, holds);
        }
        let n = Some(n);
        if !self.enter() {
            self.leave();
            return false;
        }
        let all = self.all_or_any(&def.conditions, false, n);
        self.leave();
        if let Some(n) = n.filter(|_| !all) {
            self.x.gap_failed_children(n);
        }
        self.memo.fits.set(i, all, self.memo.epoch);
        all
    }

    /// A subject's value as a number (`None` when missing or not a number),
    /// for metrics' averages.
    pub(crate) fn number(&mut self, subject: &Subject) -> Option<f64> {
        match self.read(subject, None) {
            Val::Num(n) => Some(n),
            _ => None,
        }
    }

    /// Reads a comparison subject. Scores and SLA states are evaluated (and,
    /// when explaining, their subtree is attached to `n`).
    fn read(&mut self, subject: &Subject, n: Option<NodeId>) -> Val<'p> {
        match subject {
            Subject::Field(slot) => from_field(self.field(*slot)),
            Subject::DomainOf(slot) => match self.field(*slot) {
                FieldValue::Text(t) => match t.rsplit_once('@') {
                    Some((_, d)) if has_upper_case(d) => Val::Text(Cow::Owned(d.to_lowercase())),
                    Some((_, d)) => Val::Text(Cow::Borrowed(d)),
                    None => Val::Missing,
                },
                _ => Val::Missing,
            },
            Subject::Score(i) => match self.score(*i, n) {
                Some(v) => Val::Num(v),
                None => Val::Missing,
            },
            Subject::Tier => match self.tier(None) {
                Some(t) => Val::Num(f64::from(t)),
                None => Val::Missing,
            },
            Subject::Sla(i) => Val::State(self.sla_state(*i)),
            Subject::EventField(i) => match self.event.and_then(|e| e.fields.get(*i)) {
                Some(v) => from_field(v),
                None => Val::Missing,
            },
            Subject::EventKind => {
                let kind = self.event.and_then(|e| {
                    self.p
                        .schema
                        .streams
                        .get(self.event_stream)
                        .and_then(|s| s.kinds.get(e.kind))
                });
                match kind {
                    Some(k) => Val::Text(Cow::Borrowed(k.as_str())),
                    None => Val::Missing,
                }
            }
            Subject::EventAt => match self.event {
                Some(e) => Val::Ts(e.at),
                None => Val::Missing,
            },
        }
    }

    /// Whether a lead's field passes `test`: the numeric tests and text
    /// membership decided on the field's value in place (no [`Val`] made),
    /// every other test by [`Ev::passes`], which answers the same for these
    /// (a unit test holds them equal).
    #[inline(always)]
    pub(super) fn field_passes(&self, slot: usize, test: &Test) -> bool {
        let v = self.field(slot);
        match (v, test) {
            (FieldValue::Number(x), Test::Between(a, b)) => x >= a && x <= b,
            (FieldValue::Number(x), Test::AtLeast(a)) => x >= a,
            (FieldValue::Number(x), Test::AtMost(a)) => x <= a,
            (FieldValue::Number(x), Test::MoreThan(a)) => x > a,
            (FieldValue::Number(x), Test::LessThan(a)) => x < a,
            (FieldValue::Text(t), Test::Is(Lit::Text(b))) => same_text(t, b),
            (FieldValue::Text(t), Test::InList(i)) => {
                self.p.lists.get(*i).is_some_and(|l| l.texts.contains(t))
            }
            (FieldValue::Text(t), Test::OneOf(set)) => set.texts.contains(t),
            _ => self.passes(&Subject::Field(slot), &from_field(v), test),
        }
    }

    /// Whether the domain of a lead's field (an email) passes `test`:
    /// membership in a named list of a few texts decided on an ASCII text
    /// in place ([`is_domain`]: no search for the `@`, no lower-cased
    /// copy), every other case by [`Ev::passes`] on the domain read, which
    /// answers the same (a unit test holds them equal).
    pub(super) fn domain_passes(&mut self, slot: usize, test: &Test) -> bool {
        if let (FieldValue::Text(t), Test::InList(i) | Test::NotInList(i)) =
            (self.field(slot), test)
        {
            let list = self.p.lists.get(*i).map(|l| &l.lower);
            if let (true, Some(TextSet::Scanned(lower))) = (is_ascii(t), list) {
                let text = t.as_bytes();
                let inside = lower.iter().any(|l| is_domain(text, l));
                return inside == matches!(test, Test::InList(_));
            }
        }
        let subject = Subject::DomainOf(slot);
        let v = self.read(&subject, None);
        self.passes(&subject, &v, test)
    }

    /// Whether the value `v`, read from `subject`, passes `test`: the one
    /// place a comparison is decided, with or without an explanation.
    pub(super) fn passes(&self, subject: &Subject, v: &Val, test: &Test) -> bool {
        let as_of = self.as_of;
        let text = |v: &Val| -> Option<String> {
            match v {
                Val::Text(t) => Some(t.to_lowercase()),
                _ => None,
            }
        };
        match test {
            Test::Between(a, b) => v.num().is_some_and(|x| x >= *a && x <= *b),
            Test::AtLeast(a) => v.num().is_some_and(|x| x >= *a),
            Test::AtMost(a) => v.num().is_some_and(|x| x <= *a),
            Test::MoreThan(a) => v.num().is_some_and(|x| x > *a),
            Test::LessThan(a) => v.num().is_some_and(|x| x < *a),
            Test::Is(l) => eq(v, l),
            Test::IsNot(l) => !eq(v, l),
            Test::OneOf(s) => in_set(v, s, false),
            Test::NotOneOf(s) => !in_set(v, s, false),
            Test::InList(i) | Test::NotInList(i) => {
                let domain = matches!(subject, Subject::DomainOf(_));
                let inside = self.p.lists.get(*i).is_some_and(|l| in_set(v, l, domain));
                inside == matches!(test, Test::InList(_))
            }
            Test::Present => !matches!(v, Val::Missing),
            Test::Missing => matches!(v, Val::Missing),
            Test::Contains(s) => match v {
                Val::List(items) => items.iter().any(|i| i.as_text() == Some(s.text.as_str())),
                Val::Text(t) => caseless(t, &s.lower, Caseless::Contains),
                _ => false,
            },
            Test::ContainsWord(w) => match v {
                Val::List(items) => items
                    .iter()
                    .any(|i| i.as_text().is_some_and(|t| has_word(&t.to_lowercase(), w))),
                _ => text(v).is_some_and(|t| has_word(&t, w)),
            },
            Test::StartsWith(s) => {
                matches!(v, Val::Text(t) if caseless(t, &s.lower, Caseless::StartsWith))
            }
            Test::EndsWith(s) => {
                matches!(v, Val::Text(t) if caseless(t, &s.lower, Caseless::EndsWith))
            }
            Test::Matches(parts) => matches!(v, Val::Text(t) if wildcard(t, parts)),
            Test::WithinLast(d) => match (v, d.sub_plain(as_of)) {
                (Val::Ts(t), Some(lo)) => *t >= lo && *t <= as_of,
                (Val::Date(t), Some(lo)) => *t >= lo.date_naive() && *t <= as_of.date_naive(),
                _ => false,
            },
            Test::MoreThanAgo(d) => match (v, d.sub_plain(as_of)) {
                (Val::Ts(t), Some(lo)) => *t < lo,
                (Val::Date(t), Some(lo)) => *t < lo.date_naive(),
                _ => false,
            },
            Test::Before(l) | Test::After(l) => {
                let before = matches!(test, Test::Before(_));
                match (v, l) {
                    (Val::Ts(t), _) => {
                        l.as_instant()
                            .is_some_and(|x| if before { *t < x } else { *t > x })
                    }
                    (Val::Date(d), Lit::Date(x)) => {
                        if before {
                            d < x
                        } else {
                            d > x
                        }
                    }
                    _ => false,
                }
            }
        }
    }

    /// For the summary's reasons: when `c` is a comparison that fails, the
    /// gap its node would show (`lead_score 58.8, needs 6.2 more`), the
    /// very text `Ev::compare` writes there, without the node; `None`
    /// for any other clause, or one that holds. A score is read when its
    /// subtree was drawn already (then drawing it again would only read
    /// its value back: the same value, `Ev::score`).
    pub(crate) fn failing_comparison_gap(&mut self, c: &'p Cond) -> Option<String> {
        let CondKind::Cmp {
            subject,
            name,
            test,
        } = &c.kind
        else {
            return None;
        };
        if let Subject::Score(i) = subject {
            if !self.drawn_before_peek(*i) {
                return None;
            }
        }
        let v = self.read(subject, None);
        if self.passes(subject, &v, test) {
            return None;
        }
        let not_yet = self.not_yet_of(subject);
        Some(crate::text::string_of(Gap(name, &v, test, not_yet)))
    }

    /// The lead's value of the field `subject` reads when it is later than
    /// as-of ([`Ev::not_yet`]); `None` for a subject that is no field.
    fn not_yet_of(&self, subject: &Subject) -> Option<&'p FieldValue> {
        match subject {
            Subject::Field(slot) | Subject::DomainOf(slot) => self.not_yet(*slot),
            _ => None,
        }
    }

    /// A comparison (clause `src`); when explaining, the node shows the
    /// value read, the threshold and, when it fails, the gap (the name
    /// and threshold as the policy's table has them, when it has them:
    /// [`Compared`]).
    fn compare(
        &mut self,
        subject: &'p Subject,
        name: &str,
        test: &'p Test,
        src: SrcId,
        n: Option<NodeId>,
    ) -> bool {
        let v = self.read(subject, n);
        let ok = self.passes(subject, &v, test);
        let as_of = self.as_of;
        if let Some(n) = n {
            let compared = self.compared(src);
            let shown_name = match compared {
                Some(_) => Words::ComparedName(src),
                None => Words::Own(self.x.written(name)),
            };
            let not_yet = self.not_yet_of(subject);
            match not_yet {
                Some(raw) => self.x.read(
                    n,
                    shown_name,
                    ShowAsOf {
                        value: &FieldValue::Missing,
                        not_yet: Some(raw),
                    },
                ),
                // A field read by several comparisons: its value written once.
                None => match subject {
                    Subject::Field(slot) => {
                        let values = &*self.lead.values;
                        let key = TextKey::of(Writer::FieldRead as u32, values, *slot);
                        self.x.read(n, shown_name, Shared(key, &v));
                    }
                    _ => self.x.read(n, shown_name, &v),
                },
            }
            if compared.is_some_and(|c| c.threshold.is_some()) {
                self.x.threshold(n, Words::Threshold(src));
            } else {
                let list = test.list().and_then(|i| self.p.lists.get(i));
                let shown = ShowTest {
                    list: list.map_or("", |l| l.shown.as_str()),
                    test,
                    as_of,
                    dates: matches!(v, Val::Date(_)),
                };
                self.x.threshold(n, shown);
            }
            if !ok {
                self.x.gap(n, Gap(name, &v, test, not_yet));
            }
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    #[test]
    fn whole_words_stop_at_letters_and_digits() {
        assert!(has_word("intern", "intern"));
        assert!(has_word("marketing intern", "intern"));
        assert!(has_word("intern, sales", "intern"));
        assert!(has_word("sales (intern)", "intern"));
        assert!(has_word("intern/co-op", "intern"));
        assert!(!has_word("director of international sales", "intern"));
        assert!(!has_word("internal communications", "intern"));
        assert!(!has_word("interns", "intern"));
        assert!(!has_word("intern2", "intern"));
        // A later occurrence may be whole when the first is not.
        assert!(has_word("international intern", "intern"));
        assert!(has_word("vp, sales ops", "sales ops"));
        assert!(!has_word("", "intern"));
        assert!(!has_word("intern", ""));
        // Non-ASCII letters are letters.
        assert!(!has_word("internée", "intern"));
    }

    #[test]
    fn wildcard_matches_case_insensitively() {
        let parts: Vec<String> = "*@*.edu".split('*').map(String::from).collect();
        assert!(wildcard("Jane@Uni.EDU", &parts));
        assert!(!wildcard("jane@uni.com", &parts));
        let exact: Vec<String> = vec!["abc".into()];
        assert!(wildcard("ABC", &exact));
        assert!(!wildcard("abcd", &exact));
        let prefix: Vec<String> = "vp*".split('*').map(String::from).collect();
        assert!(wildcard("VP Sales", &prefix));
        assert!(!wildcard("SVP", &prefix));
    }

    /// `field_passes` decides the tests it takes in place; it must answer
    /// as `passes` (the path explanations take) does, for every slot of the
    /// test policy, every kind of value and every test it decides itself.
    #[test]
    fn deciding_a_field_in_place_answers_as_passes_does() {
        let (p, schema) = crate::tests::compiled();
        let base = crate::tests::good_lead(&schema);
        let as_of = "2026-11-30T15:00:00Z"
            .parse::<DateTime<Utc>>()
            .unwrap_or_default();
        let text = |s: &str| Lit::Text(s.to_string());
        let mut tests = vec![
            Test::Between(20.0, 500.0),
            Test::AtLeast(65.0),
            Test::AtMost(3.0),
            Test::MoreThan(0.0),
            Test::LessThan(10.0),
            Test::Is(text("SaaS")),
            Test::Is(Lit::Num(20.0)),
            Test::OneOf(Box::new(LitSet::from_lits(&[
                text("VP"),
                text("Director"),
                Lit::Num(3.0),
            ]))),
        ];
        tests.extend(p.lists.indices().map(Test::InList));
        assert!(!p.lists.is_empty(), "the test policy has lists");
        let values = [
            FieldValue::Number(-1.0),
            FieldValue::Number(0.0),
            FieldValue::Number(3.0),
            FieldValue::Number(20.0),
            FieldValue::Number(65.0),
            FieldValue::Number(500.0),
            FieldValue::Number(500.5),
            FieldValue::Number(f64::NAN),
            FieldValue::Text("SaaS".into()),
            FieldValue::Text("saas".into()),
            FieldValue::Text("VP".into()),
            FieldValue::Text(String::new().into()),
            FieldValue::Text("gmail.com".into()),
            FieldValue::Text("Gmail.com".into()),
            FieldValue::YesNo(true),
            FieldValue::Missing,
            FieldValue::Timestamp(as_of),
        ];
        let in_a_list = |v: &FieldValue| match v {
            FieldValue::Text(t) => p.lists.iter().any(|l| l.texts.contains(t)),
            _ => false,
        };
        assert!(values.iter().any(in_a_list), "a value is in a list");
        for slot in 0..schema.fields.len() {
            for v in &values {
                let mut lead = base.clone();
                if let Some(cell) = lead.values.get_mut(slot) {
                    *cell = v.clone();
                }
                let ev = Ev::new(&p, &lead, as_of);
                for test in &tests {
                    let general =
                        ev.passes(&Subject::Field(slot), &from_field(ev.field(slot)), test);
                    assert_eq!(
                        ev.field_passes(slot, test),
                        general,
                        "slot {slot}, value {v:?}, test {test:?}"
                    );
                }
                Ev::finish(ev.memo, ev.seen_events);
            }
        }
    }

    #[test]
    fn gaps_say_how_far() {
        let gap = |name: &str, v: &Val, test: &Test| Gap(name, v, test, None).to_string();
        assert_eq!(
            gap("lead_score", &Val::Num(58.8), &Test::AtLeast(65.0)),
            "lead_score 58.8, needs 6.2 more"
        );
        assert_eq!(
            gap("employees", &Val::Num(600.0), &Test::Between(20.0, 500.0)),
            "employees 600, 100 above 500"
        );
        assert_eq!(
            gap("employees", &Val::Missing, &Test::AtLeast(1.0)),
            "employees is missing"
        );
        let later = FieldValue::Timestamp(
            "2026-11-18T16:10:00Z"
                .parse::<DateTime<Utc>>()
                .unwrap_or_default(),
        );
        assert_eq!(
            Gap("accepted_at", &Val::Missing, &Test::Present, Some(&later)).to_string(),
            "accepted_at is not yet set (2026-11-18 16:10 UTC is after as-of)"
        );
    }

    #[test]
    fn caseless_matching_agrees_with_lower_casing_the_text() {
        let texts = [
            "",
            "Hello World",
            "hello",
            "ÄBC Straße",
            "CAFÉ",
            "x",
            "ΟΔΟΣ",
        ];
        let patterns = ["", "hello", "world", "é", "ß", "abc", "xy", "οσ", "ς", "l"];
        for t in texts {
            for p in patterns {
                let low = t.to_lowercase();
                let p = p.to_lowercase();
                assert_eq!(
                    caseless(t, &p, Caseless::Contains),
                    low.contains(&p),
                    "{t} contains {p}"
                );
                assert_eq!(
                    caseless(t, &p, Caseless::StartsWith),
                    low.starts_with(&p),
                    "{t} starts {p}"
                );
                assert_eq!(
                    caseless(t, &p, Caseless::EndsWith),
                    low.ends_with(&p),
                    "{t} ends {p}"
                );
            }
        }
    }
}
