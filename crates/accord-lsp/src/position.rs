//! Byte offsets (what the checker's spans hold) ↔ LSP positions (line and
//! character, where a character is a UTF-16 code unit, the protocol's
//! default and the one every client supports).
//!
//! A line ends at `\n`, `\r\n` or a lone `\r`, as the protocol says. A
//! position past the end of its line means the end of that line; a line
//! past the end of the text means the end of the text; a character in the
//! middle of a surrogate pair (an emoji) means the start of that character.
//! So no position the editor sends can make an offset that is not on a
//! character boundary.

use lsp_types::{Position, Range};

/// Where each line of one text starts.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
    /// Whether each line is ASCII: there a character is a byte and a
    /// UTF-16 unit, so a column is found without reading the line (a
    /// policy of one long line with thousands of diagnostics would
    /// otherwise read the line again for every one of them).
    ascii: Vec<bool>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut ascii = vec![true];
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            if starts.len() > ascii.len() {
                ascii.push(true);
            } else if !b.is_ascii() {
                if let Some(last) = ascii.last_mut() {
                    *last = false;
                }
            }
            i += 1;
        }
        LineIndex {
            starts,
            ascii,
            len: text.len(),
        }
    }

    /// The text of line `line` without its line ending.
    fn line<'t>(&self, text: &'t str, line: usize) -> (usize, &'t str) {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let content = text.get(start..end).unwrap_or("");
        let content = content
            .strip_suffix("\r\n")
            .or_else(|| content.strip_suffix('\n'))
            .or_else(|| content.strip_suffix('\r'))
            .unwrap_or(content);
        (start, content)
    }

    /// The position of a byte offset (clamped to the text; an offset inside
    /// a character counts as that character's start).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(self.len);
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let (start, content) = self.line(text, line);
        let upto = (offset - start).min(content.len());
        let character: usize = if self.is_ascii(line) {
            upto
        } else {
            content
                .char_indices()
                .take_while(|(i, c)| i + c.len_utf8() <= upto)
                .map(|(_, c)| c.len_utf16())
                .sum()
        };
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of a position (see the module docs for positions
    /// outside the text).
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let (start, content) = self.line(text, line);
        if self.is_ascii(line) {
            return start + content.len().min(position.character as usize);
        }
        let mut units = 0usize;
        for (i, c) in content.char_indices() {
            if units + c.len_utf16() > position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + content.len()
    }

    fn is_ascii(&self, line: usize) -> bool {
        self.ascii.get(line).copied().unwrap_or(false)
    }

    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range {
            start: self.position(text, start),
            end: self.position(text, end.max(start)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        // "é" is 2 bytes and 1 unit; "😀" is 4 bytes and 2 units.
        let text = "ab\n\"é😀\" x\r\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), pos(0, 0));
        assert_eq!(index.position(text, 3), pos(1, 0));
        let x = text.find('x').unwrap_or(0);
        assert_eq!(index.position(text, x), pos(1, 6));
        assert_eq!(index.offset(text, pos(1, 6)), x);
        let last = text.find("last").unwrap_or(0);
        assert_eq!(index.position(text, last), pos(2, 0));
        assert_eq!(index.offset(text, pos(2, 2)), last + 2);
    }

    /// An ASCII line's columns, found without reading it, are the ones
    /// counted character by character (as every other line's are).
    #[test]
    fn ascii_lines_count_as_every_line_does() {
        let text = "ascii line\r\n\"Ä😀\" é\nplain\rx 😀 y\n\nend";
        let index = LineIndex::new(text);
        assert_eq!(index.ascii, vec![true, false, true, false, true, true]);
        let counted = |offset: usize| {
            let start = text
                .get(..offset)
                .unwrap_or("")
                .rfind(['\n', '\r'])
                .map_or(0, |i| i + 1);
            let line = text.get(..start).unwrap_or("").matches('\n').count()
                + text.get(..start).unwrap_or("").matches('\r').count()
                - text.get(..start).unwrap_or("").matches("\r\n").count();
            let units: usize = text
                .get(start..offset)
                .unwrap_or("")
                .chars()
                .map(char::len_utf16)
                .sum();
            pos(line as u32, units as u32)
        };
        // Line ends: `every_offset_round_trips_through_its_position`.
        let not_line_ends = text
            .char_indices()
            .filter(|(_, c)| !matches!(c, '\n' | '\r'));
        for (offset, c) in not_line_ends {
            let p = index.position(text, offset);
            assert_eq!(p, counted(offset), "{offset} {c:?}");
            assert_eq!(index.offset(text, p), offset, "{offset} {c:?} back");
        }
        assert_eq!(
            index.offset(text, pos(0, 99)),
            10,
            "past an ASCII line's end"
        );
    }

    #[test]
    fn every_offset_round_trips_through_its_position() {
        let text = "fit a \"Ä😀\":\r\n  x is 1\r\rü\n";
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            let p = index.position(text, offset);
            let back = index.offset(text, p);
            // `\r` of `\r\n` has the position of the line end too.
            assert!(
                back == offset || text.get(back..offset) == Some("\r"),
                "{offset}"
            );
        }
    }

    #[test]
    fn positions_outside_the_text_are_clamped_to_character_boundaries() {
        let text = "😀x\nab";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(text, pos(0, 1)),
            0,
            "inside the surrogate pair"
        );
        assert_eq!(index.offset(text, pos(0, 99)), 5, "past the line end");
        assert_eq!(
            index.offset(text, pos(9, 0)),
            text.len(),
            "past the last line"
        );
        assert_eq!(index.position(text, 2), pos(0, 0), "inside a character");
        assert_eq!(index.position(text, 999), pos(1, 2));
    }
}
