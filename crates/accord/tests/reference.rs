//! The user documentation shipped in the binary cannot drift from the
//! language: every diagnostic code the parser and the checker can raise has
//! a page, every page's wrong example raises its code and its right example
//! checks clean, and every example in the language reference checks clean
//! (or raises the code it says it illustrates), with any result it shows
//! asserted by evaluating it.
//!
//! Examples are checked as if they began with
//! `import "example-schema.accord"` (`grammar/docs/example-schema.accord`),
//! unless their fence says `alone`.

mod reference_support;

use accord_syntax::docs;
use reference_support::{check_example, check_result, fences, Fence};

/// Pages that cannot show a wrong example, and why.
const NO_EXAMPLE: &[(&str, &str)] = &[
    ("accord::syntax::unreadable", "a fault in Accord itself"),
    (
        "accord::syntax::too-large",
        "needs a definition of megabytes",
    ),
    (
        "accord::reason-without-disposition",
        "the grammar cannot produce it; only programs building an AST can",
    ),
];

#[test]
fn every_code_has_a_page_and_every_page_a_code() {
    let raised: Vec<&str> = accord_syntax::CODES
        .iter()
        .chain(accord_check::CODES)
        .copied()
        .collect();
    for code in &raised {
        assert!(
            docs::code_page(code).is_some(),
            "{code} has no page under grammar/docs/codes/"
        );
    }
    for page in docs::code_pages() {
        assert!(
            raised.contains(&page.code),
            "{} has a page but is not a code Accord raises",
            page.code
        );
    }
}

#[test]
fn every_code_page_has_a_summary_and_a_fix() {
    for page in docs::code_pages() {
        assert!(!page.summary().is_empty(), "{}: no summary", page.code);
        assert!(
            page.text.contains("How to fix:"),
            "{}: no 'How to fix:'",
            page.code
        );
    }
}

#[test]
fn every_code_page_example_raises_its_code_and_its_fix_checks_clean() {
    let mut failures = Vec::new();
    for page in docs::code_pages() {
        let examples = fences(page.text);
        let wrong: Vec<&Fence> = examples.iter().filter(|f| f.has("wrong")).collect();
        let right: Vec<&Fence> = examples.iter().filter(|f| f.has("right")).collect();
        let exempt = NO_EXAMPLE.iter().any(|(c, _)| *c == page.code);
        if !exempt && (wrong.is_empty() || right.is_empty()) {
            failures.push(format!("{}: needs a wrong and a right example", page.code));
        }
        for f in wrong {
            let got = check_example(f);
            if !got.codes().contains(&page.code) {
                failures.push(format!(
                    "{}: the wrong example raises {:?}, not its code:\n{}",
                    page.code,
                    got.codes(),
                    f.text
                ));
            }
        }
        for f in right {
            let got = check_example(f);
            if let Some(problem) = got.not_clean(&[]) {
                failures.push(format!(
                    "{}: the right example is not clean ({problem}):\n{}",
                    page.code, f.text
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_rendered_diagnostic_with_a_page_says_where_to_read_it() {
    let f = Fence {
        info: "accord".into(),
        text: "fit saas \"SaaS\":\n  industry is 5\n".into(),
    };
    let got = check_example(&f);
    let rendered = got.rendered();
    assert!(
        rendered.contains("for more: accord docs accord::type-mismatch\n"),
        "{rendered}"
    );
}

/// Words a topic's fences may carry, and what they ask of the example.
#[test]
fn every_reference_example_checks_clean_and_every_result_shown_holds() {
    let mut failures = Vec::new();
    let mut results = 0;
    for topic in docs::TOPICS {
        if topic.name == "example-schema" {
            continue;
        }
        let mut last_policy: Option<&Fence> = None;
        let examples = fences(topic.text);
        for f in &examples {
            match f.lang() {
                "accord" => {
                    let got = check_example(f);
                    match f.value("raises") {
                        Some(code) if !got.codes().contains(&code) => failures.push(format!(
                            "{}: example does not raise {code} (got {:?}):\n{}",
                            topic.name,
                            got.codes(),
                            f.text
                        )),
                        Some(_) => {}
                        None => {
                            if let Some(problem) = got.not_clean(&["accord::unused-definition"]) {
                                failures.push(format!(
                                    "{}: example is not clean ({problem}):\n{}",
                                    topic.name, f.text
                                ));
                            }
                            last_policy = Some(f);
                        }
                    }
                }
                "result" => {
                    results += 1;
                    match last_policy {
                        Some(p) => failures.extend(
                            check_result(p, f)
                                .into_iter()
                                .map(|e| format!("{}: {e}\n{}", topic.name, f.text)),
                        ),
                        None => failures
                            .push(format!("{}: a result with no policy above it", topic.name)),
                    }
                }
                _ => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(results >= 5, "the reference shows results; found {results}");
}

#[test]
fn the_example_schema_checks_clean_alone() {
    let f = Fence {
        info: "accord alone".into(),
        text: docs::EXAMPLE_SCHEMA.into(),
    };
    assert_eq!(check_example(&f).not_clean(&[]), None);
}

#[test]
fn every_topic_is_listed_in_the_index() {
    let index = docs::index();
    for t in docs::TOPICS {
        assert!(index.contains(&format!("  {} ", t.name)), "{}", t.name);
    }
}
