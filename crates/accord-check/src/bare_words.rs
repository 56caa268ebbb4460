//! Bare words people write for "no value", for yes/no and for numbers, read
//! as what they mean: `industry is empty` (or `null`, `blank`, `not set`, …) is
//! `industry is missing`, `industry is not empty` is `industry is present`,
//! and `unsubscribed is true` is `unsubscribed is yes`; a number in words
//! as a bound (`employees is at least twenty`) is its digits. Without this the
//! checker took such a word for text written without its quotes and
//! offered `"empty"` — a comparison with the text "empty", which a RevOps
//! writer did not mean. Each diagnostic carries its fix as the quick fix
//! an editor applies (`tests/replacements.rs` applies them).
//!
//! A word that is one of the field's declared choices, or a declared
//! rejection reason code, is a value, and is never read this way (the
//! caller asks [`is_value`] first).
//!
//! `not excluded` (no name declared so) is `no exclusion applies`
//! ([`not_excluded`]).
//!
//! Bare words joined by `or` after a comparison (`title_level is VP or
//! Director`) are values of that field, not conditions: the parser reads
//! `Director` as a condition of its own, and only the checker knows it is
//! no condition's name ([`values_joined_by_or`]).

use accord_records::schema::FieldType;
use accord_syntax::ast::{Condition, ConditionKind, Operand, Test, TestKind, Value, ValueKind};
use accord_syntax::number::number_in_words;

use crate::class::Class;
use crate::ctx::{error, Ctx};
use accord_syntax::suggest::closest;

/// Words for a field with no value.
const NO_VALUE: &[&str] = &["empty", "blank", "null", "nil", "none", "unset", "unknown"];

/// Words for a field with a value.
const SOME_VALUE: &[&str] = &["set", "known", "filled", "populated", "provided", "given"];

/// Whether the bare word `w` is (or may be) a value of `class` as
/// declared: one of its choices, or a rejection reason code — any word,
/// when the block of reason codes did not parse (its codes are unknown).
pub(crate) fn is_value(ctx: &Ctx, class: &Class, w: &str) -> bool {
    matches!(class, Class::Choice(choices) if choices.iter().any(|c| c.as_str() == w))
        || ctx.syms.reasons.contains_key(w)
        || ctx.syms.broken_kind(crate::db::DefKind::Rejections)
}

/// `name is empty` / `name is not set` and the like: says to write
/// `is missing` or `is present`, and returns `true`; `false` (nothing
/// said) for any other test.
pub(crate) fn no_value_word(ctx: &mut Ctx, name: &str, class: &Class, test: &Test) -> bool {
    let (v, negated) = match &test.kind {
        TestKind::Is(v) => (v, false),
        TestKind::IsNot(v) => (v, true),
        _ => return false,
    };
    let ValueKind::Word(w) = &v.kind else {
        return false;
    };
    // An SLA is compared with its states (`met`, `breached`, …), which
    // its own diagnostic lists.
    if is_value(ctx, class, w) || *class == Class::Sla {
        return false;
    }
    let lower = w.to_ascii_lowercase();
    let has_value = if NO_VALUE.contains(&lower.as_str()) {
        negated
    } else if SOME_VALUE.contains(&lower.as_str()) {
        !negated
    } else {
        return false;
    };
    let (test_words, meaning) = if has_value {
        ("is present", "has a value")
    } else {
        ("is missing", "has no value")
    };
    let written = if negated {
        format!("not {w}")
    } else {
        w.clone()
    };
    let quoted = if class.texty() {
        format!("; to compare with the text itself, write it in double quotes: \"{w}\"")
    } else {
        String::new()
    };
    ctx.emit(
        error(
            "accord::type-mismatch",
            test.span,
            format!("`is {written}` is not how a policy says {name} {meaning}"),
        )
        .with_label(format!("write `{test_words}`"))
        .with_help(format!(
            "a field the lead record leaves out (or gives as null) is missing: write `{name} {test_words}`{quoted}"
        ))
        .with_replacement(test_words),
    );
    true
}

/// What `true` / `false` (and `1` / `0`) compared with a yes/no field
/// mean: `Some(yes)`; `None` for any other value.
pub(crate) fn yes_no_value(v: &Value) -> Option<bool> {
    match &v.kind {
        ValueKind::Word(w) if w.eq_ignore_ascii_case("true") => Some(true),
        ValueKind::Word(w) if w.eq_ignore_ascii_case("false") => Some(false),
        ValueKind::Number(n) if *n == 1.0 => Some(true),
        ValueKind::Number(n) if *n == 0.0 => Some(false),
        _ => None,
    }
}

/// Says to write `yes` / `no` for a value [`yes_no_value`] reads.
pub(crate) fn yes_no_word(ctx: &mut Ctx, name: &str, v: &Value) {
    let Some(yes) = yes_no_value(v) else {
        return;
    };
    let word = if yes { "yes" } else { "no" };
    ctx.emit(
        error(
            "accord::type-mismatch",
            v.span,
            format!("{name} is yes/no, written `yes` or `no` in a policy"),
        )
        .with_label(format!("write `{word}`"))
        .with_help(format!(
            "write `{name} is {word}` (the lead record may still say true or false)"
        ))
        .with_replacement(word),
    );
}

/// A number in words compared with a number, a score or the tier, as a
/// value or a bound (`employees is twenty`, `employees is at least
/// twenty`, `tier is two`): reported with its digits as the fix. Whether
/// it was.
pub(crate) fn number_in_words_value(ctx: &mut Ctx, name: &str, class: &Class, v: &Value) -> bool {
    let (Class::Number { .. } | Class::Score(_) | Class::Tier, ValueKind::Word(w)) =
        (class, &v.kind)
    else {
        return false;
    };
    let Some(digits) = number_in_words(w) else {
        return false;
    };
    ctx.emit(
        error(
            "accord::type-mismatch",
            v.span,
            format!("{name} is compared with a number, written with digits"),
        )
        .with_label(format!("write `{digits}`"))
        .with_help(format!(
            "write numbers with digits: `{digits}` instead of `{w}`"
        ))
        .with_replacement(digits.to_string()),
    );
    true
}

/// `title_level is VP or Director`, `industry is SaaS or Fintech`: a text
/// or `one of` field compared with a value, then (joined by `or`) bare
/// words that name no condition and are not close to one's name — a
/// field's choice (or one misspelt: the fix writes it right), or any word
/// for a text field. Says to write `one of "VP", "Director"` (the
/// parser's words for quoted values joined by `or`) and returns the
/// indices in `cs` (the parts of one `or`) it said it for, which the
/// caller checks no further.
pub(crate) fn values_joined_by_or(ctx: &mut Ctx, cs: &[Condition]) -> Vec<usize> {
    let mut said = Vec::new();
    // The names of conditions, listed once for the `or` (when a part of
    // it compares a text or `one of` field).
    let mut conditions: Option<Vec<String>> = None;
    let mut i = 0;
    while i < cs.len() {
        let Some((field, first)) = cs.get(i).and_then(compared_value) else {
            i += 1;
            continue;
        };
        let choices = match ctx.syms.field(field).map(|f| &f.ty) {
            Some(FieldType::OneOf(choices)) => Some(choices.clone()),
            Some(FieldType::Text) => None,
            _ => {
                i += 1;
                continue;
            }
        };
        // A word close to a condition's name is that name misspelt (its
        // own diagnostic says which), not a value; a word close to one of
        // the field's choices is that choice misspelt, and written right.
        let conditions = &*conditions.get_or_insert_with(|| crate::class::condition_names(ctx));
        let is_more = |c: &Condition| match &c.kind {
            ConditionKind::Ref(id) => {
                let names_a_condition = ctx.syms.field(&id.name).is_some()
                    || ctx.syms.def(&id.name).is_some()
                    || closest(&id.name, conditions.iter().map(String::as_str)).is_some();
                let value = match &choices {
                    Some(choices) if choices.contains(&id.name) => Some(id.name.clone()),
                    Some(choices) => {
                        closest(&id.name, choices.iter().map(String::as_str)).map(str::to_string)
                    }
                    None => Some(id.name.clone()),
                };
                value
                    .filter(|_| !names_a_condition)
                    .map(|value| (value, id.span, id.name.clone()))
            }
            _ => None,
        };
        let more: Vec<_> = cs
            .get(i + 1..)
            .unwrap_or(&[])
            .iter()
            .map_while(is_more)
            .collect();
        let Some((_, last, _)) = more.last() else {
            i += 1;
            continue;
        };
        let values: Vec<String> = std::iter::once(first.0)
            .chain(more.iter().map(|(value, ..)| value.clone()))
            .collect();
        let write = format!("one of {}", crate::class::quoted(&values));
        let misspelt: String = more
            .iter()
            .filter(|(value, _, written)| value != written)
            .map(|(value, _, written)| format!(" (`{written}` read as the choice \"{value}\")"))
            .collect();
        ctx.emit(
            error(
                "accord::type-mismatch",
                first.1.to(*last),
                "`or` joins conditions, not the values of one",
            )
            .with_label(format!("write `{write}`"))
            .with_help(format!(
                "to accept any of these values, write `{field} is {write}`{misspelt}"
            ))
            .with_replacement(write),
        );
        said.extend(i..=i + more.len());
        i += more.len() + 1;
    }
    said
}

/// The field a condition compares with `is` and the value (a word or
/// text: its text and span).
fn compared_value(c: &Condition) -> Option<(&str, (String, accord_syntax::Span))> {
    let ConditionKind::Compare {
        subject: Operand::Name(field),
        test: Test {
            kind: TestKind::Is(v),
            ..
        },
    } = &c.kind
    else {
        return None;
    };
    let text = match &v.kind {
        ValueKind::Word(w) => w.clone(),
        ValueKind::Text(t) => t.clone(),
        _ => return None,
    };
    Some((field.name.as_str(), (text, v.span)))
}

/// Words people write for "an exclusion holds".
const EXCLUDED: &[&str] = &["excluded", "is_excluded", "exclusion", "exclusions"];

/// `not excluded` — `not` before a word for "an exclusion holds" that
/// names no definition or field — is what a policy writes `no exclusion
/// applies`: one diagnostic over the whole `not …`, with that fix, in
/// place of an unknown-definition error for the word. Whether it reported.
pub(crate) fn not_excluded(ctx: &mut Ctx, not: &Condition, inner: &Condition) -> bool {
    let ConditionKind::Ref(id) = &inner.kind else {
        return false;
    };
    let declared =
        ctx.syms.def(&id.name).is_some() || ctx.syms.field_names(|_| true).contains(&id.name);
    if !EXCLUDED.contains(&id.name.as_str()) || declared {
        return false;
    }
    ctx.emit(
        error(
            "accord::unknown-definition",
            not.span,
            format!("`not {}` is written `no exclusion applies`", id.name),
        )
        .with_label("write `no exclusion applies`")
        .with_help(
            "that no exclusion holds is written `no exclusion applies`, e.g. `mql \"MQL\" when icp and no exclusion applies`",
        )
        .with_replacement("no exclusion applies"),
    );
    true
}
