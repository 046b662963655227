//! A GitLab Code Quality report: the JSON array of issues GitLab reads from
//! a job's `artifacts:reports:codequality` and shows on the merge request.
//!
//! Each finding is one issue with GitLab's fields: `description` (the
//! message, then the help), `check_name` (the rule), `fingerprint`,
//! `severity` and `location` (`path` and `lines.begin`). The fingerprint is
//! a hash of the finding's identity ([`Finding::fingerprint`]: rule, teams
//! and path or subject), never of a line number, so an issue keeps its
//! fingerprint when lines move and GitLab tells new issues from old ones.
//!
//! Issues are placed as every annotation format places them
//! ([`CheckReport::places`]): a finding about a path on that path, line 1
//! (GitLab needs a line), one with only a location on its file and line;
//! in a change check only on files the change touches, one issue per
//! place, and a finding with no such place is left to the summary
//! (`--summary`), never put on an untouched file. Outside a change a
//! finding with no place at all is put on line 1 of the root config. Notes
//! have no place in the format and are left out.

use serde_json::{json, Value};

use super::{CheckReport, Place};
use teamlint_core::finding::{Finding, Severity};

/// Findings that point nowhere are placed on the root config.
const ROOT_CONFIG: &str = "OWNERS.toml";

pub fn check(doc: &CheckReport<'_>) -> String {
    let root = doc.sources.first().map_or(ROOT_CONFIG, |s| s.path.as_str());
    let mut issues: Vec<Value> = Vec::new();
    for f in doc.findings {
        let mut places = doc.places(f);
        if places.is_empty() && doc.changed.is_none() {
            places.push(Place {
                file: root.to_string(),
                line: Some((1, 0)),
            });
        }
        issues.extend(places.iter().map(|p| issue(f, p)));
    }
    let mut out =
        serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

fn issue(f: &Finding, place: &Place) -> Value {
    let line = place.line.map_or(1, |(l, _)| l.max(1));
    let description = match &f.help {
        Some(h) => format!("{}\n{h}", f.message),
        None => f.message.clone(),
    };
    json!({
        "type": "issue",
        "description": description,
        "check_name": f.rule.name(),
        // One finding may be placed on several files (a changed file of
        // each team): each place is its own issue to GitLab.
        "fingerprint": fingerprint(&format!("{}@{}", f.fingerprint(), place.file)),
        "severity": severity(f.severity),
        "location": { "path": place.file, "lines": { "begin": line } },
    })
}

/// GitLab's severities: info, minor, major, critical, blocker.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Allow => "info",
    }
}

/// 32 hex digits (the length of the MD5 GitLab's examples use) from two
/// FNV-1a hashes of the identity: stable across runs and platforms.
fn fingerprint(identity: &str) -> String {
    let fnv = |offset: u64| {
        identity.bytes().fold(offset, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:016x}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x6c62_272e_07bb_0142)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use teamlint_core::finding::{Location, RuleId, Source};

    #[test]
    fn issues_have_gitlabs_fields_and_fingerprints_ignore_lines() {
        let src = Source::new("OWNERS.toml".into(), "version = 1\n\n[[own]]\n".into());
        let about_path = Finding::new(RuleId::UnownedFile, "`a b.rs` has no owner")
            .path("src/a b.rs")
            .help("add a rule");
        let at = |start| {
            Finding::new(RuleId::DeadPattern, "`/x/` matches no file")
                .at(Location::new(&src, start..start + 3), "here")
        };
        let findings = vec![about_path, at(13), at(0)];
        let sources = [src.clone()];
        let doc = CheckReport::new(&findings, 3, &sources);
        let v: Value = serde_json::from_str(&check(&doc)).unwrap();
        let issues = v.as_array().unwrap();
        assert_eq!(issues.len(), 3);
        assert_eq!(issues[0]["check_name"], "unowned-file");
        assert_eq!(issues[0]["severity"], "major");
        assert_eq!(issues[0]["location"]["path"], "src/a b.rs");
        assert_eq!(issues[0]["location"]["lines"]["begin"], 1);
        assert_eq!(
            issues[0]["description"],
            "`a b.rs` has no owner\nadd a rule"
        );
        assert_eq!(issues[1]["location"]["lines"]["begin"], 3);
        assert_eq!(issues[2]["location"]["lines"]["begin"], 1);
        // The same finding on another line keeps its fingerprint.
        assert_eq!(issues[1]["fingerprint"], issues[2]["fingerprint"]);
        assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
        assert_eq!(issues[0]["fingerprint"].as_str().unwrap().len(), 32);
    }

    #[test]
    fn a_change_check_places_issues_only_on_changed_files() {
        let src = Source::new("OWNERS.toml".into(), "version = 1\n".into());
        let findings = vec![
            Finding::new(RuleId::CrossTeamChange, "two teams").anchors(vec![
                "a/x.rs".into(),
                "b/y.rs".into(),
                "c/untouched.rs".into(),
            ]),
            Finding::new(RuleId::UnownedFile, "no owner").path("old/file.rs"),
        ];
        let sources = [src];
        let mut doc = CheckReport::new(&findings, 2, &sources);
        doc.changed = Some(["a/x.rs", "b/y.rs"].iter().map(|s| s.to_string()).collect());
        let v: Value = serde_json::from_str(&check(&doc)).unwrap();
        let paths: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["location"]["path"].as_str().unwrap())
            .collect();
        // One issue per changed file of the change; nothing on a file the
        // change leaves alone.
        assert_eq!(paths, ["a/x.rs", "b/y.rs"]);
        assert_ne!(v[0]["fingerprint"], v[1]["fingerprint"]);
    }

    #[test]
    fn no_findings_is_an_empty_array() {
        let doc = CheckReport::new(&[], 0, &[]);
        assert_eq!(check(&doc), "[]\n");
    }
}
