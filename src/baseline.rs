//! The baseline: today's findings recorded in a file, so that later runs
//! report only new ones. Entries are keyed by rule, teams and path (never
//! line numbers), sorted, so the file diffs cleanly.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::finding::Finding;

/// The default file, at the repository root.
pub const FILE_NAME: &str = "teamlint-baseline.json";

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Entry {
    pub rule: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For findings without a path (a pattern, a team), what they are about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// For findings without a path, the config file they point into: the
    /// same pattern in two directory files is two findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl Entry {
    pub fn of(f: &Finding) -> Entry {
        let mut teams = f.teams.clone();
        teams.sort();
        Entry {
            rule: f.rule.to_string(),
            teams,
            path: f.path.clone(),
            subject: f.path.is_none().then(|| f.message.clone()),
            file: f
                .path
                .is_none()
                .then(|| f.location.as_ref().map(|l| l.file.clone()))
                .flatten(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Default)]
pub struct Baseline {
    pub entries: BTreeSet<Entry>,
}

impl Baseline {
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        Baseline {
            entries: findings.iter().map(Entry::of).collect(),
        }
    }

    /// Reads a baseline; `None` when there is no file. Only a regular
    /// file, not a link, up to a cap (docs/files.md, "Reading").
    pub fn load(path: &Path) -> Result<Option<Baseline>> {
        let bytes = match crate::fsutil::read_path(path, crate::fsutil::BASELINE_CAP) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Ok(None),
            Err(refusal) => return Err(refusal.into_error(path.display(), "the baseline")),
        };
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::usage(
                format!(
                    "{}: not a teamlint baseline: not UTF-8 text (byte {})",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ),
                "regenerate it with `teamlint baseline --write`",
            )
        })?;
        let file: File = serde_json::from_str(&text).map_err(|e| {
            Error::usage(
                format!(
                    "{}:{}:{}: not a teamlint baseline: {e}",
                    path.display(),
                    e.line(),
                    e.column()
                ),
                "regenerate it with `teamlint baseline --write`",
            )
        })?;
        if file.version != 1 {
            return Err(Error::usage(
                format!(
                    "{}: baseline version {} is not supported",
                    path.display(),
                    file.version
                ),
                "regenerate it with `teamlint baseline --write`",
            ));
        }
        Ok(Some(Baseline {
            entries: file.findings.into_iter().collect(),
        }))
    }

    pub fn to_json(&self) -> String {
        let file = File {
            version: 1,
            findings: self.entries.iter().cloned().collect(),
        };
        let mut s = serde_json::to_string_pretty(&file).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Drops the findings the baseline records; returns the entries that no
    /// longer occur (stale).
    pub fn filter(&self, findings: &mut Vec<Finding>) -> Vec<Entry> {
        let mut seen = BTreeSet::new();
        findings.retain(|f| {
            let e = Entry::of(f);
            // An entry written before entries named their file matches the
            // finding in any file.
            let without_file = Entry {
                file: None,
                ..e.clone()
            };
            let known = if self.entries.contains(&e) {
                Some(e)
            } else if e.file.is_some() && self.entries.contains(&without_file) {
                Some(without_file)
            } else {
                None
            };
            let hidden = known.is_some();
            seen.extend(known);
            !hidden
        });
        self.entries.difference(&seen).cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::RuleId;

    #[test]
    fn keys_ignore_lines_and_team_order() {
        let a = Finding::new(RuleId::SharedOwnership, "x")
            .path("a")
            .teams(["b", "a"]);
        let b = Finding::new(RuleId::SharedOwnership, "other words")
            .path("a")
            .teams(["a", "b"]);
        assert_eq!(Entry::of(&a), Entry::of(&b));
    }

    #[test]
    fn filters_known_and_reports_stale() {
        let old = vec![
            Finding::new(RuleId::UnownedFile, "m").path("a"),
            Finding::new(RuleId::UnownedFile, "m").path("gone"),
        ];
        let base = Baseline::from_findings(&old);
        let mut now = vec![
            Finding::new(RuleId::UnownedFile, "m").path("a"),
            Finding::new(RuleId::UnownedFile, "m").path("new"),
        ];
        let stale = base.filter(&mut now);
        assert_eq!(now.len(), 1);
        assert_eq!(now[0].path.as_deref(), Some("new"));
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].path.as_deref(), Some("gone"));
    }

    #[test]
    fn output_is_sorted_and_round_trips() {
        let base = Baseline::from_findings(&[
            Finding::new(RuleId::UnownedFile, "m").path("z"),
            Finding::new(RuleId::DeadPattern, "pattern `x` matches no tracked file"),
        ]);
        let json = base.to_json();
        assert!(json.find("dead-pattern").unwrap() < json.find("unowned-file").unwrap());
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.json");
        std::fs::write(&p, &json).unwrap();
        assert_eq!(Baseline::load(&p).unwrap().unwrap().entries, base.entries);
    }
}
