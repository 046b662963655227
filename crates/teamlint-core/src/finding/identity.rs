//! A finding's identity: rule, teams, and the path or subject it is about.
//!
//! Never its message (words change between versions) nor a line number
//! (lines move). Two findings with the same identity are the same problem:
//! a baseline that holds one holds the other, a change check counts it as
//! already there, and code scanning keeps one alert for it.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Finding;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Identity {
    pub rule: String,
    /// Sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<String>,
    /// The file the finding is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The config file it points into, for a finding about no path: the same
    /// pattern in two directory files is two findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// What a finding about no path is about: a pattern, a team, a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

impl Identity {
    pub fn of(f: &Finding) -> Identity {
        let mut teams = f.teams.clone();
        teams.sort();
        teams.dedup();
        let pathless = f.path.is_none();
        Identity {
            rule: f.rule.to_string(),
            teams,
            path: f.path.clone(),
            file: pathless
                .then(|| f.location.as_ref().map(|l| l.file.clone()))
                .flatten(),
            subject: f.subject.clone(),
        }
    }
}

impl fmt::Display for Identity {
    /// `rule|teams|path|file|subject`, each field as it is (`|` inside a
    /// field is doubled, so two identities never print alike).
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let esc = |s: &str| s.replace('|', "||");
        let teams: Vec<String> = self.teams.iter().map(|t| esc(t)).collect();
        write!(
            out,
            "{}|{}|{}|{}|{}",
            self.rule,
            teams.join(","),
            esc(self.path.as_deref().unwrap_or("")),
            esc(self.file.as_deref().unwrap_or("")),
            esc(self.subject.as_deref().unwrap_or(""))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::RuleId;

    #[test]
    fn identity_ignores_words_and_team_order() {
        let a = Finding::new(RuleId::DeadPattern, "one wording")
            .subject("/x/")
            .teams(["b", "a"]);
        let b = Finding::new(RuleId::DeadPattern, "another wording")
            .subject("/x/")
            .teams(["a", "b"]);
        assert_eq!(a.identity(), b.identity());
        assert_eq!(a.fingerprint(), b.fingerprint());
        let c = Finding::new(RuleId::DeadPattern, "one wording").subject("/y/");
        assert_ne!(a.identity(), c.identity());
    }

    #[test]
    fn fields_cannot_run_into_each_other() {
        let a = Finding::new(RuleId::DeadPattern, "m").subject("a|b");
        let b = Finding::new(RuleId::DeadPattern, "m")
            .teams(["a"])
            .subject("b");
        assert_ne!(a.fingerprint(), b.fingerprint());
    }
}
