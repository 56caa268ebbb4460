//! Source positions: file ids, byte spans, and a map from file ids to their
//! text and path so diagnostics can be rendered with line and column.

use serde::Serialize;

/// Opaque id of a source file. The syntax crate never touches the file
/// system; whoever loads files hands out ids (see [`SourceMap`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
pub struct FileId(pub u32);

/// A byte range `start..end` in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One loaded source file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub id: FileId,
    /// Path as the user gave it (used in messages and `file:line`).
    pub path: String,
    pub text: String,
    /// Where lines start, built on first use, so that
    /// [`SourceFile::line_col`] is a binary search, not a scan from the top
    /// (compiling a policy of 10,000 definitions asked it 10,000 times).
    line_starts: std::sync::OnceLock<LineIndex>,
}

/// Byte offsets where lines start (after each `\n`), and whether the text
/// has a carriage return not followed by a line feed (which some readers,
/// miette among them, count as a line break of its own).
#[derive(Clone, Debug)]
struct LineIndex {
    starts: Vec<usize>,
    lone_cr: bool,
}

impl SourceFile {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if !self.text.is_char_boundary(offset) {
            return (1, 1);
        }
        let starts = &self.index().starts;
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let line_start = starts.get(line - 1).copied().unwrap_or(0);
        let col = self
            .text
            .get(line_start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        (line, col)
    }

    fn index(&self) -> &LineIndex {
        self.line_starts.get_or_init(|| LineIndex {
            starts: std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            lone_cr: self
                .text
                .match_indices('\r')
                .any(|(i, _)| self.text.as_bytes().get(i + 1) != Some(&b'\n')),
        })
    }

    /// The whole lines around `range` — from `before` lines above its first
    /// line to `after` lines below its last — as a byte range, with the
    /// number of lines above it: what quoting an excerpt needs, found
    /// without reading the text from the top. `None` when the text has a
    /// carriage return without a line feed (lines are then counted
    /// differently by whoever draws the excerpt) or `range` is not in it.
    pub fn lines_around(
        &self,
        range: std::ops::Range<usize>,
        before: usize,
        after: usize,
    ) -> Option<(std::ops::Range<usize>, usize)> {
        let index = self.index();
        if index.lone_cr || range.start > range.end || range.end > self.text.len() {
            return None;
        }
        let line_of = |offset: usize| index.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let first = line_of(range.start).saturating_sub(before);
        let last = line_of(range.end).saturating_add(after).saturating_add(1);
        let start = index.starts.get(first).copied().unwrap_or(0);
        let end = index.starts.get(last).copied().unwrap_or(self.text.len());
        Some((start..end, first))
    }
}

/// All files known to one run, indexed by [`FileId`].
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile {
            line_starts: std::sync::OnceLock::new(),
            id,
            path: path.into(),
            text: text.into(),
        });
        id
    }
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }
    /// `path:line` of a span, for explanations.
    pub fn location(&self, span: Span) -> String {
        match self.get(span.file) {
            Some(f) => format!("{}:{}", f.path, f.line_col(span.start as usize).0),
            None => String::from("<unknown>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line index gives what counting from the top gives, for every
    /// offset (multi-byte characters, empty lines, `\r\n`, the end).
    #[test]
    fn line_col_matches_counting_from_the_top() {
        let text = "fit a \"Ä\":\n\n  employees is at least 1\r\nü\n";
        let mut map = SourceMap::new();
        let id = map.add("t.accord", text);
        let file = map.get(id).expect("added");
        for offset in 0..=text.len() + 2 {
            let naive = {
                let o = offset.min(text.len());
                let before = text.get(..o).unwrap_or("");
                let line = before.matches('\n').count() + 1;
                let start = before.rfind('\n').map_or(0, |i| i + 1);
                (
                    line,
                    before.get(start..).map_or(0, |s| s.chars().count()) + 1,
                )
            };
            assert_eq!(file.line_col(offset), naive, "offset {offset}");
        }
    }
}
