//! What each named definition of a policy means, for comparing it across
//! versions of an agreement (`re-enter when the icp definition has changed
//! since the rejection`): the definition in canonical form (layout, comments
//! and its title left out, see [`accord_syntax::canon`]) together with every
//! definition it uses, transitively. Changing the list `target_industries`
//! that `icp` reads changes `icp`; retitling `icp` or rewrapping its lines
//! does not.

use accord_syntax::ast;
use accord_syntax::canon::canonical;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The meaning of every named definition (fits, scores, triggers,
/// exclusions, stages, SLAs, lists, calendars), by name.
pub(crate) fn meanings(items: &[&ast::Item]) -> HashMap<String, String> {
    let mut bodies: HashMap<&str, Value> = HashMap::new();
    for item in items {
        let name = match item {
            ast::Item::Fit(x) => &x.name,
            ast::Item::Score(x) => &x.name,
            ast::Item::Trigger(x) => &x.name,
            ast::Item::Exclusion(x) => &x.name,
            ast::Item::Stage(x) => &x.keyword,
            ast::Item::Sla(x) => &x.name,
            ast::Item::List(x) => &x.name,
            ast::Item::Calendar(x) => &x.name,
            _ => continue,
        };
        let mut body = canonical(item);
        drop_titles(&mut body);
        bodies.insert(&name.name, body);
    }
    bodies
        .keys()
        .map(|name| {
            // The definition and all it uses, by name (sorted: one text
            // for one meaning).
            let mut used: BTreeMap<&str, &Value> = BTreeMap::new();
            let mut todo = vec![*name];
            while let Some(n) = todo.pop() {
                let Some((key, body)) = bodies.get_key_value(n) else {
                    continue;
                };
                if used.insert(*key, body).is_none() {
                    names_in(body, &mut todo);
                }
            }
            let text = serde_json::to_string(&used).unwrap_or_default();
            (name.to_string(), text)
        })
        .collect()
}

/// Removes a definition's title (at its top level): a title is how the
/// definition is shown, not what it decides.
fn drop_titles(value: &mut Value) {
    if let Value::Object(map) = value {
        for inner in map.values_mut() {
            if let Value::Object(def) = inner {
                def.remove("title");
            }
        }
    }
}

/// Every identifier (`{"name": "…"}` once spans are gone) inside `value`.
fn names_in<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Object(map) => {
            if let (1, Some(Value::String(n))) = (map.len(), map.get("name")) {
                out.push(n);
                return;
            }
            map.values().for_each(|v| names_in(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| names_in(v, out)),
        _ => {}
    }
}
