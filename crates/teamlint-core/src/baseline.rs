//! The baseline: today's findings recorded in a file, so that later runs
//! report only new ones. Entries are keyed by rule, teams and path (never
//! line numbers), sorted, so the file diffs cleanly.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::finding::{Finding, Identity};

/// The default file, at the repository root.
pub const FILE_NAME: &str = "teamlint-baseline.json";

/// The version `baseline --write` writes: entries are finding identities.
const VERSION: u32 = 2;

/// A recorded finding: its identity (rule, teams, path or subject).
pub type Entry = Identity;

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Default)]
pub struct Baseline {
    pub entries: BTreeSet<Entry>,
    /// Read from a version 1 file, whose entries named a finding about no
    /// path by its message, and a shared rule or a drifting CODEOWNERS by
    /// each of their files: matched as it was written.
    legacy: bool,
    /// Version 1's entries about a path, by rule and path.
    legacy_paths: HashMap<(String, String), Entry>,
}

impl Baseline {
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        Baseline {
            entries: findings.iter().map(Finding::identity).collect(),
            legacy: false,
            legacy_paths: HashMap::new(),
        }
    }

    /// Reads a baseline; `None` when there is no file. Only a regular
    /// file, not a link, up to a cap (docs/files.md, "Reading").
    pub fn load(path: &Path) -> Result<Option<Baseline>> {
        match crate::fsutil::read_path(path, crate::fsutil::BASELINE_CAP) {
            Ok(Some(bytes)) => Baseline::parse(&bytes, &path.display().to_string()).map(Some),
            Ok(None) => Ok(None),
            Err(refusal) => Err(refusal.into_error(path.display(), "the baseline")),
        }
    }

    /// Parses a baseline's bytes; `label` names it in errors.
    pub fn parse(bytes: &[u8], label: &str) -> Result<Baseline> {
        let hint = "regenerate it with `teamlint baseline --write`";
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Error::usage(
                format!(
                    "{label}: not a teamlint baseline: not UTF-8 text (byte {})",
                    e.valid_up_to()
                ),
                hint,
            )
        })?;
        let file: File = serde_json::from_str(text).map_err(|e| {
            Error::usage(
                format!(
                    "{label}:{}:{}: not a teamlint baseline: {e}",
                    e.line(),
                    e.column()
                ),
                hint,
            )
        })?;
        if file.version != 1 && file.version != VERSION {
            return Err(Error::usage(
                format!(
                    "{label}: baseline version {} is not supported",
                    file.version
                ),
                hint,
            ));
        }
        let legacy = file.version == 1;
        let legacy_paths = if legacy {
            file.findings
                .iter()
                .filter_map(|e| Some(((e.rule.clone(), e.path.clone()?), e.clone())))
                .collect()
        } else {
            HashMap::new()
        };
        Ok(Baseline {
            entries: file.findings.into_iter().collect(),
            legacy,
            legacy_paths,
        })
    }

    pub fn to_json(&self) -> String {
        let file = File {
            version: VERSION,
            findings: self.entries.iter().cloned().collect(),
        };
        let mut s = serde_json::to_string_pretty(&file).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Does the baseline hold this finding? Returns the entry that does.
    fn holds(&self, f: &Finding) -> Option<Entry> {
        if !self.legacy {
            let id = f.identity();
            return self.entries.contains(&id).then_some(id);
        }
        // Version 1: a finding about no path by its message, in its file or
        // (older still) in any file.
        let mut id = f.identity();
        if id.path.is_none() {
            id.subject = Some(f.message.clone());
            if self.entries.contains(&id) {
                return Some(id);
            }
            id.file = None;
            if self.entries.contains(&id) {
                return Some(id);
            }
        } else if self.entries.contains(&id) {
            return Some(id);
        }
        // A finding that now stands for many files (a shared rule, a drift)
        // was recorded file by file: any of them holds it.
        let rule = f.rule.name().to_string();
        f.paths
            .iter()
            .find_map(|p| self.legacy_paths.get(&(rule.clone(), p.clone())).cloned())
    }

    /// Drops the findings the baseline records; returns the entries that no
    /// longer occur (stale).
    pub fn filter(&self, findings: &mut Vec<Finding>) -> Vec<Entry> {
        let mut seen = HashSet::new();
        findings.retain(|f| match self.holds(f) {
            Some(e) => {
                seen.insert(e);
                false
            }
            None => true,
        });
        self.entries
            .iter()
            .filter(|e| !seen.contains(*e))
            .cloned()
            .collect()
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
        assert_eq!(a.identity(), b.identity());
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
