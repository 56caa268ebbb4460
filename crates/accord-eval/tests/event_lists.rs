//! Explanations list at most 5 matched events per clause and say how many
//! more there were (`… and 3 more`), for event conditions and for
//! per-occurrence score rules alike, so a list followed by "capped at 25"
//! does not hide that there were 6.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use accord_eval::Node;
use common::*;

/// Checks every node that read a count of events (`occurrences`, or a
/// stream's name) against the events it lists; returns how many had more
/// than 5.
fn check(lead: &str, node: Node<'_>, problems: &mut Vec<String>) -> usize {
    let mut elided = 0;
    let count = node
        .values()
        .find(|r| r.name == "occurrences" || r.name == "activities" || r.name == "attempts")
        .and_then(|r| r.value.parse::<usize>().ok());
    let listed = node.notes().filter(|n| n.contains("\" at 20")).count();
    let more = node
        .notes()
        .find_map(|n| {
            n.strip_prefix("… and ")?
                .strip_suffix(" more")?
                .parse::<usize>()
                .ok()
        })
        .unwrap_or(0);
    // A sliding window (`within any 14 days`) counts its densest run but
    // lists every event matched, so only other clauses are compared.
    let sliding = node.clause().contains("within any");
    if let Some(count) = count.filter(|c| *c > 0 && listed > 0 && !sliding) {
        if listed + more != count || listed > 5 {
            problems.push(format!(
                "{lead}: {} lists {listed} + {more} more of {count}",
                node.clause()
            ));
        }
        elided += usize::from(more > 0);
    }
    for child in node.children() {
        elided += check(lead, child, problems);
    }
    elided
}

#[test]
fn listed_events_say_how_many_more_there_were() {
    let (p, schema) = load(SEED);
    let mut problems = Vec::new();
    let mut elided = 0;
    for lead in leads(&schema, DATA) {
        let d = p.evaluate(&lead, t(EXPORT), true);
        for answer in d.explanation.as_ref().unwrap().answers() {
            elided += check(&lead.id, answer, &mut problems);
        }
    }
    problems.truncate(20);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(elided > 0, "some lists are long enough to elide events");
}

#[test]
fn a_capped_rule_lists_five_and_says_how_many_more() {
    // E05 has 5 website visits (no elision); find a lead with more.
    let (p, schema) = load(SEED);
    let found = leads(&schema, DATA).into_iter().find_map(|lead| {
        let x = p
            .evaluate(&lead, t(EXPORT), true)
            .explanation
            .unwrap()
            .render_text(accord_eval::Detail::Full);
        let lines: Vec<String> = x.lines().map(String::from).collect();
        let at = lines.iter().position(|l| {
            l.contains("+5 for each activity \"website_visit\"") && l.contains("occurrences = 6")
        })?;
        Some(lines[at..].iter().take(8).cloned().collect::<Vec<_>>())
    });
    let lines = found.expect("a lead with 6 website visits");
    assert_eq!(lines[6].trim(), "… and 1 more", "{lines:#?}");
    assert_eq!(lines[7].trim(), "capped at 25", "{lines:#?}");
}
