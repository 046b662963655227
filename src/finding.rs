//! Findings: what a lint run produces. A finding is data, not an error.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

/// How serious a finding is; `Allow` findings are dropped before reporting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Allow,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" | "deny" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "allow" | "off" => Some(Severity::Allow),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Allow => "allow",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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

/// One lint result.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The label on the span in human output.
    #[serde(skip)]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Extra paths (e.g. the files a rule moved), for JSON and Markdown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// Numbers a coupling finding rests on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

impl Finding {
    pub fn new(rule: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: crate::rules::default_severity(rule),
            message: message.into(),
            path: None,
            teams: Vec::new(),
            location: None,
            label: None,
            help: None,
            paths: Vec::new(),
            evidence: None,
        }
    }

    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn teams<S: Into<String>>(mut self, teams: impl IntoIterator<Item = S>) -> Self {
        self.teams = teams.into_iter().map(Into::into).collect();
        self
    }

    pub fn at(mut self, location: Location, label: impl Into<String>) -> Self {
        self.location = Some(location);
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn paths(mut self, paths: Vec<String>) -> Self {
        self.paths = paths;
        self
    }

    pub fn evidence(mut self, evidence: Evidence) -> Self {
        self.evidence = Some(evidence);
        self
    }

    /// A stable identity that survives line moves: rule + teams + path.
    pub fn fingerprint(&self) -> String {
        let mut teams = self.teams.clone();
        teams.sort();
        format!(
            "{}|{}|{}",
            self.rule,
            teams.join(","),
            self.path
                .as_deref()
                .or(self.location.as_ref().map(|l| l.file.as_str()))
                .unwrap_or("")
        )
    }

    /// Sort key: file location first, then path, then rule.
    pub fn sort_key(&self) -> (String, usize, usize, String, &'static str, String) {
        let (file, line, col) = self.location.as_ref().map_or((String::new(), 0, 0), |l| {
            (l.file.clone(), l.line, l.column)
        });
        (
            file,
            line,
            col,
            self.path.clone().unwrap_or_default(),
            self.rule,
            self.message.clone(),
        )
    }
}

/// The counts behind a coupling finding, so a reader can check it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Evidence {
    pub revs_a: f64,
    pub revs_b: f64,
    pub shared: f64,
    pub degree: f64,
    pub confidence_ab: f64,
    pub confidence_ba: f64,
    pub commits: Vec<CommitRef>,
}

/// A commit a reader can look up with `git show`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CommitRef {
    pub id: String,
    pub date: String,
    pub subject: String,
}

/// Counts for a summary line.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
}

impl Summary {
    pub fn of(findings: &[Finding], files: usize) -> Summary {
        Summary {
            errors: findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count(),
            warnings: findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count(),
            files,
        }
    }
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
