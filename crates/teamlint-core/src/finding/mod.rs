//! Findings: what a lint run produces. A finding is data, not an error.
//!
//! This module is the core every other depends on and it depends on nothing
//! else in the crate: rule identities and their documentation ([`RuleId`]),
//! [`Severity`], the config texts findings point into ([`Source`]), and the
//! number formatting every report shares ([`text`]).

mod identity;
mod rule;
mod severity;
mod source;
pub mod text;

use serde::Serialize;

pub use identity::Identity;
pub use rule::{Group, RuleId};
pub use severity::Severity;
pub use source::{Location, Source};

/// One lint result.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// What a finding about no single path is about (a pattern, a team, a
    /// person), as its identity names it; never its message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
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
    /// Files of a change to annotate (a changed file of each team a
    /// cross-team change touches), when the finding's own path or span is
    /// not where a reviewer should see it.
    #[serde(skip)]
    pub anchors: Vec<String>,
}

impl Finding {
    pub fn new(rule: RuleId, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.default_severity(),
            message: message.into(),
            path: None,
            subject: None,
            teams: Vec::new(),
            location: None,
            label: None,
            help: None,
            paths: Vec::new(),
            evidence: None,
            anchors: Vec::new(),
        }
    }

    /// What the finding is about when that is no single path.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Files of the change to annotate instead of the finding's own place.
    pub fn anchors(mut self, anchors: Vec<String>) -> Self {
        self.anchors = anchors;
        self
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

    /// What the finding is about, whatever its words and wherever it is
    /// shown: the baseline, SARIF fingerprints and the GitLab report all
    /// key on it.
    pub fn identity(&self) -> Identity {
        Identity::of(self)
    }

    /// The identity as one line of text, for hashing.
    pub fn fingerprint(&self) -> String {
        self.identity().to_string()
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
            self.rule.name(),
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
