//! `accord docs`: the reference and the diagnostic-code pages as the binary
//! prints them, and the pointer every rendered diagnostic carries.

mod cli_support;

use cli_support::{accord, code, text};

#[test]
fn docs_lists_the_topics_and_how_to_read_a_code() {
    let out = accord(&["docs"]);
    assert_eq!(code(&out), 0);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("  example-schema  "), "{stdout}");
    assert!(
        stdout.contains("accord docs accord::type-mismatch"),
        "{stdout}"
    );
}

#[test]
fn docs_code_prints_its_page_without_the_test_notes() {
    let out = accord(&["docs", "accord::empty-range"]);
    assert_eq!(code(&out), 0);
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("## accord::empty-range\n"), "{stdout}");
    assert!(
        stdout.contains("Wrong:") && stdout.contains("How to fix:"),
        "{stdout}"
    );
    assert!(stdout.contains("```accord\n"), "{stdout}");
    assert!(!stdout.contains("```accord wrong"), "{stdout}");
    // Without the `accord::` prefix too.
    let short = accord(&["docs", "empty-range"]);
    assert_eq!(text(&short.stdout), stdout);
}

#[test]
fn docs_codes_lists_every_code() {
    let out = accord(&["docs", "codes"]);
    assert_eq!(code(&out), 0);
    let stdout = text(&out.stdout);
    for c in ["accord::syntax::missing-colon", "accord::weights-sum"] {
        assert!(stdout.contains(&format!("  {c}\n")), "{c}: {stdout}");
    }
}

/// A topic is found by the words a policy writes (`rejection reasons`,
/// `lead fields`, joined by a hyphen or not, in any case), singular or
/// plural, as by its own name.
#[test]
fn a_topic_is_found_by_its_keyword_as_a_policy_writes_it() {
    let page = |what: &str| {
        let out = accord(&["docs", what]);
        assert_eq!(code(&out), 0, "{what}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    let rejections = page("rejections");
    for what in [
        "rejection reasons",
        "rejection-reasons",
        "Rejection_Reasons",
    ] {
        assert_eq!(page(what), rejections, "{what}");
    }
    assert_eq!(page("lead fields"), page("fields"));
    assert_eq!(page("tier"), page("tiers"));
    assert_eq!(page("calendars"), page("calendar"));
    assert_eq!(page("lists"), page("calendar"));
}

#[test]
fn an_unknown_topic_or_code_suggests_the_closest_and_exits_2() {
    let out = accord(&["docs", "accord::type-mismach"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        text(&out.stderr),
        "error: no topic or diagnostic code is named `accord::type-mismach`\n  \
         help: did you mean `accord docs accord::type-mismatch`?\n"
    );
    let out = accord(&["docs", "qqqqqqqqqqqqqqqqqqqqqqq"]);
    assert_eq!(code(&out), 2);
    assert!(text(&out.stderr).contains("`accord docs` lists the topics"));
}

#[test]
fn a_rendered_diagnostic_says_where_its_page_is() {
    let dir = cli_support::temp_dir("docs-pointer");
    let file = dir.path().join("broken.accord");
    std::fs::write(&file, "fit big \"Big\":\n  employees >= 20\n").expect("write");
    let out = accord(&["check", &file.to_string_lossy(), "--color", "never"]);
    assert_eq!(code(&out), 1);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("  for more: accord docs accord::syntax::comparison-symbol\n"),
        "{stderr}"
    );
}

/// Every command in the README's tour that is followed by a ```text block
/// prints exactly that block: the README's sample output cannot go stale.
#[test]
fn the_readme_tour_shows_what_the_commands_print() {
    let readme = std::fs::read_to_string(cli_support::root().join("README.md")).unwrap();
    let lines: Vec<&str> = readme.lines().collect();
    let mut checked = 0;
    for (i, line) in lines.iter().enumerate() {
        let Some(start) = line.find("`cargo run -p accord-cli -- ") else {
            continue;
        };
        let rest = &line[start + "`cargo run -p accord-cli -- ".len()..];
        let Some(command) = rest.split('`').next() else {
            continue;
        };
        // The block must follow the command (blank lines between).
        let mut j = i + 1;
        while j < lines.len() && lines[j].trim().is_empty() {
            j += 1;
        }
        if j >= lines.len() || lines[j].trim() != "```text" {
            continue;
        }
        let indent = lines[j].len() - lines[j].trim_start().len();
        let block: Vec<&str> = lines[j + 1..]
            .iter()
            .take_while(|l| l.trim() != "```")
            .map(|l| l.get(indent..).unwrap_or(""))
            .collect();
        let args: Vec<&str> = command.split_whitespace().collect();
        let out = accord(&args);
        let printed = text(&out.stdout);
        let shown = format!("{}\n", block.join("\n"));
        assert!(
            printed.starts_with(&shown),
            "README.md:{}: `accord {command}` now prints:\n{printed}",
            i + 1
        );
        checked += 1;
    }
    assert!(checked >= 1, "no command with its output in the README");
}
