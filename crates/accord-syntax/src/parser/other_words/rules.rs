//! A definition's keyword, a tier's last line and a score's points said
//! another way: `exclude competitors …` (`exclusion`), `tier 3 else` or
//! `tier 3 for everything else` (`otherwise`), `+10 points when …`
//! (`+10 when …`), `10 when …` (`+10`), `add 10 when …` and `subtract 5 when …` (`+10`, `-5`),
//! `+10 for phone_verified` (`when`) and `+5 for activity "…"` (`for
//! each`); a trigger's one event line without its `any of:` line; a count
//! of events as people say it (`2 or more activities`: `at least 2`); a
//! cap on points (`up to 25`, `max 25`: `, at most 25`); an agreement's
//! line with a colon (`owner: "RevOps"`: no colon); a score read from a
//! field said another way (`: read from map_score`, `is map_score`: `is
//! read from map_score`); a tier's or a definition's line with a colon
//! before its condition (`tier 1: …`, `"Students": when …`); an
//! exclusion's `except when` (`unless`); an event's kinds after `of kind`
//! (removed) and its fields after `with` (`where`). Each has one right
//! answer.

use super::{is_number, Instead, Stop};
use crate::parser::grammar::Rule;

/// Words people start a definition with, and the keyword a policy uses.
const KEYWORDS_IN_OTHER_WORDS: [(&str, &str); 12] = [
    ("include", "import"),
    ("includes", "import"),
    ("exclude", "exclusion"),
    ("excludes", "exclusion"),
    ("exclusions", "exclusion"),
    ("scoring", "score"),
    ("fits", "fit"),
    ("triggers", "trigger"),
    ("slas", "sla"),
    ("metrics", "metric"),
    ("lists", "list"),
    ("calendars", "calendar"),
];

/// How people say the tier every other lead gets.
const OTHERWISE_IN_OTHER_WORDS: [&str; 10] = [
    "else",
    "default",
    "by default",
    "for everything else",
    "for everyone else",
    "for all others",
    "for all other leads",
    "for the rest",
    "for any other lead",
    "for other leads",
];

/// Verbs that give points (`add 10 when …`) and take them away.
const POINTS_GIVEN: [(&str, char); 7] = [
    ("add", '+'),
    ("plus", '+'),
    ("give", '+'),
    ("award", '+'),
    ("subtract", '-'),
    ("minus", '-'),
    ("deduct", '-'),
];

/// What to write instead where the parser stopped, when it is one of
/// this module's.
pub(super) fn instead(stop: &Stop) -> Option<Instead> {
    let (pos, token) = (stop.pos, stop.token);
    let expects = |r: Rule| stop.expects(r);
    let line = stop.rest_of_line();

    // `exclude competitors "Competitors" when …`: a definition's keyword.
    if pos == 0 {
        let (_, keyword) = KEYWORDS_IN_OTHER_WORDS
            .into_iter()
            .find(|(said, _)| *said == token)?;
        return Some(Instead::unexpected(
            0,
            token.len(),
            keyword,
            format!("a definition starts with `{keyword}`, not `{token}`"),
            if keyword == "import" {
                String::from(
                    "write `import` and the file in quotes, e.g. `import \"shared/schema.accord\"`",
                )
            } else {
                format!("write `{keyword}`: a definition starts with its keyword, then its name")
            },
        ));
    }

    // `tier 3 else`, `tier 3 for everything else`: the tier every other
    // lead gets is `otherwise`.
    if expects(Rule::kw_otherwise) && OTHERWISE_IN_OTHER_WORDS.contains(&line) {
        return Some(stop.write_over(
            line.len(),
            "otherwise",
            format!("the tier every other lead gets is written `otherwise`, not `{line}`"),
            String::from("write `otherwise`, e.g. `tier 3 otherwise` as the tiers' last line"),
        ));
    }

    // `+10 points when …`: the number is the points.
    if expects(Rule::kw_when) && matches!(token, "points" | "point" | "pts" | "pt") {
        let after = stop.after_token();
        let spaces = after.len() - after.trim_start_matches(' ').len();
        return Some(stop.write_over(
            token.len() + spaces,
            "",
            format!("a point rule gives its points as a signed number, without `{token}`"),
            String::from("remove the word: `+10 when …` gives 10 points"),
        ));
    }

    // `add 10 when …`, `subtract 5 when …`: points carry their sign.
    if expects(Rule::kw_weighs) && is_number(token) {
        let verb = stop.line_before.trim();
        let (_, sign) = POINTS_GIVEN.into_iter().find(|(v, _)| *v == verb)?;
        let after = stop.after_token();
        // ` points` after the number goes too.
        let unit = ["points", "point", "pts", "pt"]
            .into_iter()
            .find(|u| {
                (after.strip_prefix(' ').and_then(|a| a.strip_prefix(u)))
                    .is_some_and(|a| a.starts_with(' '))
            })
            .map_or(0, |u| u.len() + 1);
        let indent = stop.line_before.len() - stop.line_before.trim_start().len();
        let verb_start = pos - stop.line_before.len() + indent;
        let write = format!("{sign}{token}");
        return Some(Instead::unexpected(
            verb_start,
            pos + token.len() + unit,
            write.clone(),
            format!("points are written with their sign: `{write}`"),
            format!("write `{write} when …`: `+` adds points, `-` takes them away"),
        ));
    }
    // A trigger's one event line without the `any of:` line it goes under.
    if expects(Rule::trigger_head) && stop.line_before.trim().is_empty() {
        return one_event_without_its_head(stop);
    }

    // `10 when …`: points without their sign are points given.
    let is_point_line = expects(Rule::score_line) || expects(Rule::point_rule);
    let rule_follows = [" when ", " for "]
        .iter()
        .any(|w| stop.after_token().starts_with(w));
    if is_point_line && is_number(token) && stop.line_before.trim().is_empty() && rule_follows {
        return Some(stop.write_over(
            token.len(),
            format!("+{token}"),
            format!("points are written with their sign: `+{token}` adds them, `-{token}` takes them away"),
            format!("write `+{token} when …` to add {token} points (or `-{token} when …` for a penalty)"),
        ));
    }

    // `score crm "CRM score": read from map_score`, `score crm "CRM" is
    // map_score`: a score read from a field is `is read from FIELD`.
    if stop.block.starts_with("score ") {
        let before = stop.line_before.trim_end();
        if token == "read" && before.ends_with(':') && stop.after_token().starts_with(" from ") {
            let colon = pos - stop.line_before.len() + before.len() - 1;
            return Some(score_read_from(colon, pos + token.len(), " is read"));
        }
        if expects(Rule::kw_read) && token.starts_with(|c: char| c.is_ascii_lowercase()) {
            let field = token.trim_end_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
            return Some(score_read_from(
                pos,
                pos + field.len(),
                &format!("read from {field}"),
            ));
        }
    }

    // `exclusion students "Students": when …`, `mql "MQL": when …`: the
    // condition follows the title, without a colon.
    if token.starts_with(':')
        && expects(Rule::kw_when)
        && stop.after_token().trim_start().starts_with("when ")
    {
        return Some(stop.write_over(
            1,
            "",
            String::from("a definition's `when` follows its title, without a colon"),
            String::from(
                "remove the colon, e.g. `exclusion students \"Students\" when status is \"student\"`",
            ),
        ));
    }

    // `… except when phone_verified`: an exclusion's exception is
    // `unless`.
    if token == "except" && expects(Rule::kw_unless) {
        let after = stop.after_token();
        let said = [" when", " if"]
            .into_iter()
            .find(|w| after.starts_with(w) && after[w.len()..].starts_with(' '))
            .map_or(token.len(), |w| token.len() + w.len());
        let written = stop.rest.get(..said).unwrap_or(token);
        return Some(stop.write_over(
            said,
            "unless",
            format!("an exclusion's exception is written `unless`, not `{written}`"),
            String::from(
                "write `unless` and the condition, e.g. `… when the domain of email is in free_email_domains unless phone_verified`",
            ),
        ));
    }

    // `tier 1: employees is at least 500`: a tier's condition follows
    // `when` (`tier 3: otherwise`: no colon).
    if token.starts_with(':')
        && expects(Rule::kw_when)
        && stop.line_before.trim_start().starts_with("tier ")
    {
        let otherwise = stop.after_token().trim_start().starts_with("otherwise");
        let (write, message, help) = if otherwise {
            (
                "",
                "a tier's line has no colon",
                "remove the colon: `tier 3 otherwise`",
            )
        } else {
            (
                " when",
                "a tier's line has no colon: its condition follows `when`",
                "write `when` before the condition, e.g. `tier 1 when employees is at least 500`",
            )
        };
        return Some(stop.after_word_before(1, write, String::from(message), String::from(help)));
    }

    // `owner: "RevOps"`, `effective: 2026-01-01`: the agreement's lines
    // take their value after the word, without a colon.
    let header_word = stop.line_before.trim();
    if token.starts_with(':')
        && stop.block.starts_with("agreement ")
        && !header_word.is_empty()
        && header_word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b' ')
        && !expects(Rule::colon)
    {
        return Some(stop.write_over(
            1,
            "",
            format!("the agreement's `{header_word}` takes its value without a colon"),
            format!(
                "remove the colon: `{header_word} …`, e.g. `owner \"RevOps\"`, `effective 2026-01-01`"
            ),
        ));
    }

    // `+5 for each activity "website_visit" up to 25`: a cap is `, at
    // most 25`.
    if let Some((said, cap)) = cap_in_other_words(stop) {
        return Some(stop.after_word_before(
            said.len(),
            format!(", at most {cap}"),
            format!("a cap on points is written `, at most {cap}`, not `{said}`"),
            format!(
                "write `, at most {cap}` after the rule, e.g. `+5 for each activity \"website_visit\", at most 25`"
            ),
        ));
    }

    // `2 or more activities "page_view"`: a count of events is `at least
    // 2` (`2 or fewer`: `at most 2`).
    if is_number(token) {
        let after = stop.after_token();
        let bound = [
            (" or more ", "at least"),
            (" or fewer ", "at most"),
            (" or less ", "at most"),
            ("+ ", "at least"),
        ]
        .into_iter()
        // An event's stream follows (`… activities "page_view"`).
        .find(|(said, _)| {
            after
                .strip_prefix(said)
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_lowercase()))
        });
        if let Some((said, bound)) = bound {
            let len = token.len() + said.trim_end().len();
            let written = stop.rest.get(..len).unwrap_or(token);
            return Some(stop.write_over(
                len,
                format!("{bound} {token}"),
                format!("a count of events is written `{bound} {token}`, not `{written}`"),
                format!(
                    "write `{bound} {token}`, e.g. `{bound} {token} activities \"page_view\" within the last 30 days`"
                ),
            ));
        }
    }

    // `an activity of kind "webinar"`: an event's kinds follow its stream
    // (`an activity "webinar"`); `… with page is "pricing"`: its fields
    // are tested `where`.
    if expects(Rule::kw_where) {
        let kind_words = ["of kind ", "of type ", "with kind ", "of kinds "]
            .into_iter()
            .find(|w| stop.rest.starts_with(w) && stop.rest[w.len()..].starts_with('"'));
        if let Some(said) = kind_words {
            return Some(stop.write_over(
                said.len(),
                "",
                format!(
                    "an event's kinds follow its stream, without `{}`",
                    said.trim_end()
                ),
                String::from("remove the words: `an activity \"webinar_attended\"`"),
            ));
        }
        let after = stop.after_token().trim_start();
        if matches!(token, "with" | "whose")
            && !after.starts_with('"')
            && !after.starts_with("a new ")
        {
            return Some(stop.write_over(
                token.len(),
                "where",
                format!("an event's fields are tested after `where`, not `{token}`"),
                String::from(
                    "write `where`, e.g. `at least 2 activities \"page_view\" where page is \"pricing\"`",
                ),
            ));
        }
    }

    // `+10 for phone_verified`: `for` starts `for each` (points per
    // event); a condition is given points with `when`.
    if expects(Rule::kw_each) && stop.line_before.trim_end().ends_with(" for") {
        return Some(for_without_each(stop));
    }
    None
}

/// A trigger whose one event line stands where its `any of:` line goes:
/// that line, then the event under it. (With several lines, whether any
/// or all of them must happen is the writer's to say: no fix, the
/// general help says how.)
fn one_event_without_its_head(stop: &Stop) -> Option<Instead> {
    let lines = stop.rest.split('\n').filter(|l| {
        let l = l.trim();
        !l.is_empty() && !l.starts_with('#')
    });
    if lines.count() != 1 {
        return None;
    }
    let line = stop.rest.split('\n').next()?.trim_end();
    // An event line starts with how many (`an activity …`, `at least 2
    // activities …`, `no activity …`, `there is an activity …`).
    let how_many = [
        "a ",
        "an ",
        "at least ",
        "at most ",
        "exactly ",
        "no ",
        "there is ",
    ];
    if !how_many.iter().any(|w| line.starts_with(w)) {
        return None;
    }
    let indent = stop.line_before;
    Some(stop.write_over(
        line.len(),
        format!("any of:\n{indent}  {line}"),
        String::from("a trigger's events go under an `any of:` line"),
        String::from(
            "write `any of:` (or `any of, within the last 30 days:`) first, then the events, indented by two spaces",
        ),
    ))
}

/// `+10 for …` without `each`: an event (a word then its kinds in quotes,
/// `one of` or `where`: `for activity "webinar"`) is counted `for each`;
/// anything else is a condition, given its points `when` it holds.
fn for_without_each(stop: &Stop) -> Instead {
    let after = stop.after_token().trim_start_matches(' ');
    let an_event =
        after.starts_with('"') || after.starts_with("one of ") || after.starts_with("where ");
    if an_event {
        let token = stop.token;
        return stop.write_over(
            token.len(),
            format!("each {token}"),
            format!("points per event are written `for each {token} …`, not `for {token} …`"),
            format!("write `for each {token} …`: the points are given for each such event"),
        );
    }
    let for_at = stop.line_before.trim_end().len() - "for".len();
    let start = stop.pos - stop.line_before.len() + for_at;
    Instead::unexpected(
        start,
        start + "for".len(),
        "when",
        String::from("points for a condition are given `when` it holds, not `for` it"),
        String::from(
            "write `when`, e.g. `+10 when phone_verified`; `for each` counts events, e.g. `+5 for each activity \"website_visit\"`",
        ),
    )
}

/// A cap on a rule's points said another way where the parser stopped
/// (`up to 25`, `max 25`, `maximum 25`, `capped at 25`, `(max 25)`):
/// what was written, and the cap.
fn cap_in_other_words<'s>(stop: &'s Stop) -> Option<(&'s str, &'s str)> {
    if !stop.expects(Rule::cap) {
        return None;
    }
    let line = stop.rest_of_line();
    let inner = line
        .strip_prefix('(')
        .and_then(|l| l.strip_suffix(')'))
        .unwrap_or(line);
    let cap = ["up to ", "max ", "maximum ", "capped at ", "max. "]
        .into_iter()
        .find_map(|w| inner.strip_prefix(w))?;
    is_number(cap).then_some((line, cap))
}

/// A score read from a field, written another way: `write` over
/// `start..end`.
fn score_read_from(start: usize, end: usize, write: &str) -> Instead {
    Instead::unexpected(
        start,
        end,
        write,
        String::from("a score read from a field is written `is read from FIELD` on its first line"),
        String::from(
            "write the field after `is read from`, e.g. `score crm_score \"CRM score\" is read from map_score`",
        ),
    )
}
