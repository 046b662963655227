//! The config texts findings point into, and places in them.

use std::ops::Range;

use serde::Serialize;

/// A config text that findings may point into.
#[derive(Clone, Debug)]
pub struct Source {
    /// Repository-relative path (or the path as given with `--config`).
    pub path: String,
    pub text: String,
    /// Byte offset of each line's start, for line and column look-ups.
    line_starts: Vec<usize>,
}

impl Source {
    pub fn new(path: String, text: String) -> Source {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            path,
            text,
            line_starts,
        }
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

/// Where a finding points: a span in a config source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub span: Range<usize>,
}

impl Location {
    pub fn new(source: &Source, span: Range<usize>) -> Location {
        let (line, column) = source.line_col(span.start);
        Location {
            file: source.path.clone(),
            line,
            column,
            span,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source::new("f".into(), text.into())
    }

    #[test]
    fn line_and_column_are_one_based() {
        let s = src("ab\ncd\n");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(2), (1, 3));
        assert_eq!(s.line_col(3), (2, 1));
        assert_eq!(s.line_col(4), (2, 2));
        assert_eq!(s.line_col(99), (3, 1));
    }

    #[test]
    fn column_counts_characters_not_bytes() {
        assert_eq!(src("é = x").line_col(3), (1, 3));
    }
}
