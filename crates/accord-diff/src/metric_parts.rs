//! A metric's change, part by part: the period it counts by and the
//! instant that puts a lead in one, the leads it counts, what it works
//! out of them (a number, a share, an average) and what it is broken down
//! by. A changed population or share condition is compared as any
//! condition is; its direction says whether the metric now counts more
//! leads (broader) or fewer, or, for a share, whether more leads count
//! towards it.

use crate::change::Direction;
use crate::conditions::{diff_condition, operand_words, Meaning, Polarity};
use crate::words::Cx;
use accord_syntax::ast::{default_period_instant, Aggregate, Ident, Metric};

/// What changed in metric `s` from `x` to `y`.
pub(crate) fn diff_metric(cx: &mut Cx, s: &str, x: &Metric, y: &Metric) {
    let spans = (Some(x.span), Some(y.span));
    if x.period.kind != y.period.kind {
        let text = format!(
            "counted by {} instead of by {}",
            y.period.kind.noun(),
            x.period.kind.noun()
        );
        cx.push(s, text, None, Some(x.period.span), Some(y.period.span));
    }
    let neutral = Polarity::of(Meaning::Neutral);
    match (&x.population, &y.population) {
        (Some(a), Some(b)) => diff_condition(cx, &format!("{s}: the leads counted"), a, b, neutral),
        (None, Some(b)) => {
            let text = format!(
                "now counts only `{}` leads (was every lead)",
                cx.new_text(b.span)
            );
            cx.push(s, text, Some(Direction::Narrower), spans.0, Some(b.span));
        }
        (Some(a), None) => {
            let text = format!(
                "now counts every lead (was `{}` leads)",
                cx.old_text(a.span)
            );
            cx.push(s, text, Some(Direction::Broader), Some(a.span), spans.1);
        }
        (None, None) => {}
    }
    // Compared as resolved: writing out the default is no change, and a
    // new population moves its leads to its own instant.
    if period_instants(x) != period_instants(y) {
        let text = format!(
            "a lead now lands in the {} of {} (was {})",
            y.period.kind.noun(),
            period_instant(y),
            period_instant(x)
        );
        cx.push(s, text, None, spans.0, spans.1);
    }
    match (&x.aggregate, &y.aggregate) {
        (Aggregate::Share(a), Aggregate::Share(b)) => {
            diff_condition(cx, &format!("{s}: the share's condition"), a, b, neutral);
        }
        (a, b) if !cx.same(a, b) => {
            let text = format!(
                "now {} (was {})",
                aggregate_words(cx, b, false),
                aggregate_words(cx, a, true)
            );
            cx.push(s, text, None, spans.0, spans.1);
        }
        _ => {}
    }
    if !cx.same(&x.per, &y.per) {
        let text = match (&x.per, &y.per) {
            (None, Some(p)) => format!("now broken down per {}", p.name),
            (Some(p), None) => format!("no longer broken down per {}", p.name),
            (Some(a), Some(b)) => format!("broken down per {} instead of per {}", b.name, a.name),
            (None, None) => return,
        };
        let span = |p: &Option<Ident>| p.as_ref().map(|p| p.span);
        cx.push(
            s,
            text,
            None,
            span(&x.per).or(spans.0),
            span(&y.per).or(spans.1),
        );
    }
}

/// The fields whose instant puts a lead of metric `m` in a period: the
/// one it names (`by month of routed_at`), else its population's own
/// ([`default_period_instant`]: `mql_at` for MQLs; the first the schema
/// declares).
fn period_instants(m: &Metric) -> Vec<&str> {
    match &m.instant {
        Some(field) => vec![field.name.as_str()],
        None => default_period_instant(m.population.as_ref()).to_vec(),
    }
}

/// [`period_instants`] in words.
fn period_instant(m: &Metric) -> String {
    let fields: Vec<String> = period_instants(m)
        .iter()
        .map(|f| format!("`{f}`"))
        .collect();
    match &m.instant {
        Some(_) => fields.join(""),
        None => format!("its population's own instant, {}", fields.join(" or ")),
    }
}

/// What a metric works out, in words: "the number of leads", "the share
/// of leads where `…`", "the average of lead_score".
fn aggregate_words(cx: &Cx, a: &Aggregate, old: bool) -> String {
    match a {
        Aggregate::Count => "the number of leads".to_string(),
        Aggregate::Share(c) => format!("the share of leads where `{}`", cx.text_in(old, c.span)),
        Aggregate::Average(o) => format!("the average of {}", operand_words(o)),
    }
}
