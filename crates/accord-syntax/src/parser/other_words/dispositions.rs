//! What happens to a rejected lead, said another way: `recycle after 30
//! days`, `return after 90 days with a new trigger`, `come back after …`
//! (a lead comes back by `re-enter`: one right answer), and `nurture`
//! without its track (the track is the writer's to name: the help says
//! how, with an example).

use super::{Instead, Offer, Stop, UNEXPECTED};
use crate::parser::grammar::Rule;

/// Words people use for a rejected lead coming back.
const COMING_BACK: [&str; 13] = [
    "recycle",
    "recycles",
    "recycled",
    "return",
    "returns",
    "reopen",
    "re-open",
    "reactivate",
    "re-activate",
    "requalify",
    "re-qualify",
    "come back",
    "comes back",
];

/// What to write instead where the parser stopped, when it is one of
/// this module's.
pub(super) fn instead(stop: &Stop) -> Option<Instead> {
    // `recycle after 30 days`: the disposition that lets a lead back in is
    // `re-enter`.
    let coming_back = COMING_BACK.into_iter().find(|w| {
        stop.rest
            .strip_prefix(w)
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', ',', '\n']))
    });
    if let Some(said) = coming_back.filter(|_| stop.expects(Rule::disposition)) {
        return Some(stop.write_over(
            said.len(),
            "re-enter",
            format!("a rejected lead comes back with `re-enter`, not `{said}`"),
            String::from(
                "write `re-enter`, and when it may come back, e.g. `re-enter after 30 days` or `re-enter after 90 days with a new trigger`",
            ),
        ));
    }
    // `nurture` without the track it places the lead in.
    let before = stop.line_before.trim_end();
    let nurture_alone = before.ends_with(": nurture") || before.ends_with(", nurture");
    if stop.expects(Rule::string) && nurture_alone {
        let start = stop.pos - stop.line_before.len() + before.len() - "nurture".len();
        return Some(Instead {
            code: UNEXPECTED,
            start,
            end: start + "nurture".len(),
            offer: Offer::Label("name the nurture track"),
            message: String::from("`nurture` names the nurture track the lead is placed in"),
            help: String::from(
                "write the track in quotes after `nurture`, e.g. `nurture \"check-in\"`, and for how long if it ends: `nurture \"long-cycle\" for 6 months`",
            ),
        });
    }
    None
}
