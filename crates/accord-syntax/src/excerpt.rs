//! The source text as miette reads it when it draws one diagnostic: only
//! the lines around each span it asks for, found with the file's line
//! index, instead of the whole file scanned from the top. miette's own
//! reader walks every byte up to the span for every label of every
//! diagnostic, so a file of N lines with an error on each took time in
//! N² (4,000 broken lines: 1.3 s to render, 8,000: 5.2 s). What miette
//! draws is unchanged: it reads the same excerpt, with the same line and
//! column numbers (a test holds the two readers equal).

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::span::SourceFile;

/// One file, read by miette excerpt by excerpt.
#[derive(Debug)]
pub(crate) struct Excerpts<'f> {
    pub file: &'f SourceFile,
}

impl SourceCode for Excerpts<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.file.text.as_str();
        let range = span.offset()..span.offset().saturating_add(span.len());
        // One line more than miette shows on each side, so that its reader
        // sees the excerpt begin and end exactly as in the whole file.
        let Some((window, lines_above)) =
            self.file
                .lines_around(range, before.saturating_add(1), after.saturating_add(1))
        else {
            let whole = text.read_span(span, before, after)?;
            return Ok(Box::new(self.named(
                whole.as_ref(),
                *whole.span(),
                whole.line(),
                whole.line_count(),
            )));
        };
        let part = text.get(window.clone()).ok_or(MietteError::OutOfBounds)?;
        let inner_span = SourceSpan::new((span.offset() - window.start).into(), span.len());
        let inner = part.read_span(&inner_span, before, after)?;
        Ok(Box::new(self.named(
            inner.as_ref(),
            SourceSpan::new(
                (inner.span().offset() + window.start).into(),
                inner.span().len(),
            ),
            inner.line() + lines_above,
            inner.line_count() + lines_above,
        )))
    }
}

impl<'f> Excerpts<'f> {
    /// `contents` (read from part of the file) placed back in the file.
    fn named<'a>(
        &self,
        contents: &(dyn SpanContents<'a> + 'a),
        span: SourceSpan,
        line: usize,
        line_count: usize,
    ) -> MietteSpanContents<'a> {
        MietteSpanContents::new_named(
            self.file.path.clone(),
            contents.data(),
            span,
            line,
            contents.column(),
            line_count,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::SourceMap;

    /// Reading an excerpt of the file equals miette reading the whole
    /// file, for every span of texts with blank lines, `\r\n`, a lone
    /// `\r`, non-ASCII text and spans at the very end, with 0 to 3 lines
    /// of context.
    #[test]
    fn an_excerpt_reads_as_the_whole_file_does() {
        let texts = [
            "fit a:\n  employees is at least 10\n\n  industry is \"Ä\"\n",
            "a\r\nb\r\n\r\nccc\r\nd",
            "one\rtwo\nthree\n",
            "\n\n\nx\n\n",
            "no line break at all",
            "",
        ];
        for text in texts {
            let mut map = SourceMap::new();
            let id = map.add("p.accord", text);
            let Some(file) = map.get(id) else {
                panic!("added");
            };
            let excerpts = Excerpts { file };
            for start in 0..=text.len() {
                for end in start..=text.len() {
                    for (before, after) in [(0, 0), (1, 1), (2, 0), (3, 3)] {
                        let span = SourceSpan::new(start.into(), end - start);
                        let whole = text.read_span(&span, before, after).ok().map(|c| {
                            (
                                c.data().to_vec(),
                                *c.span(),
                                c.line(),
                                c.column(),
                                c.line_count(),
                            )
                        });
                        let part = excerpts.read_span(&span, before, after).ok().map(|c| {
                            (
                                c.data().to_vec(),
                                *c.span(),
                                c.line(),
                                c.column(),
                                c.line_count(),
                            )
                        });
                        assert_eq!(part, whole, "{text:?} {start}..{end} {before} {after}");
                    }
                }
            }
        }
    }
}
