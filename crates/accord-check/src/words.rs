//! `contains "intern"` on a text field also matches "International": when
//! the text of a `contains` is one short word, the checker suggests
//! `contains the word "intern"` (whole words only), or `matches "*intern*"`
//! to say that a part of a word is really meant.

use accord_syntax::ast::Str;
use accord_syntax::Span;

use crate::ctx::{warning, Ctx};

/// The longest text (in letters) taken for a short word: short words are
/// the ones found inside longer words ("intern", "ops", "cto", "student").
const SHORT_WORD: usize = 8;

/// Whether `text` is one short word of letters (2 to 8 letters: `SHORT_WORD`).
pub fn is_short_word(text: &str) -> bool {
    let n = text.chars().count();
    (2..=SHORT_WORD).contains(&n) && text.chars().all(char::is_alphabetic)
}

/// The warning for `contains "<one short word>"` on a text field.
pub fn suggest_whole_word(ctx: &mut Ctx, text: &Str, test_span: Span) {
    if !is_short_word(&text.value) {
        return;
    }
    let word = &text.value;
    ctx.emit(
        warning(
            "accord::contains-part-of-word",
            test_span,
            format!("`contains \"{word}\"` also matches \"{word}\" inside longer words"),
        )
        .with_label(format!(
            "also true when a longer word has \"{word}\" inside it"
        ))
        .with_help(format!(
            "write `contains the word \"{word}\"` to match the whole word only, or `matches \"*{word}*\"` if a part of a word is meant"
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::is_short_word;

    #[test]
    fn short_words_are_letters_only() {
        assert!(is_short_word("intern"));
        assert!(is_short_word("student"));
        assert!(!is_short_word("a"));
        assert!(!is_short_word("vice president"));
        assert!(!is_short_word("internship"));
        assert!(!is_short_word(".edu"));
    }
}
