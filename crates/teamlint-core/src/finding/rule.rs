//! Rule identities: every rule teamlint has, with its group, default
//! severity, summary and documentation. A rule is named by a [`RuleId`], so
//! a misspelt rule is a compile error; its kebab-case name is what users
//! write (`-D dead-pattern`, `[rules]`) and what reports show.
//!
//! Each rule's documentation is a page in `docs/rules/`, with the headings
//! "What it does", "Why is this bad?", "Example" and "How to fix".

use serde::Serializer;

use super::Severity;

/// When a rule runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// While the config is read.
    Config,
    /// Every `check`.
    Ownership,
    /// `check --staged` and `check --base`.
    Change,
    /// `audit`.
    History,
}

impl Group {
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Config => "config",
            Group::Ownership => "ownership",
            Group::Change => "change",
            Group::History => "history",
        }
    }
}

/// Defines [`RuleId`] and its metadata table in one place, so a rule's name,
/// group, default and documentation cannot drift apart.
macro_rules! rules {
    ($(($id:ident, $name:literal, $group:ident, $default:ident, $summary:literal),)*) => {
        /// A rule. The order is the order `teamlint rules` lists them in.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId {
            $($id,)*
        }

        impl RuleId {
            /// Every rule, in listing order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$id,)*];

            /// The kebab-case name users write and reports show.
            pub const fn name(self) -> &'static str {
                match self {
                    $(RuleId::$id => $name,)*
                }
            }

            pub const fn group(self) -> Group {
                match self {
                    $(RuleId::$id => Group::$group,)*
                }
            }

            pub const fn default_severity(self) -> Severity {
                match self {
                    $(RuleId::$id => Severity::$default,)*
                }
            }

            /// One line: when it fires.
            pub const fn summary(self) -> &'static str {
                match self {
                    $(RuleId::$id => $summary,)*
                }
            }

            /// The rule's page (Markdown), without its title line.
            pub fn doc(self) -> &'static str {
                let page = match self {
                    $(RuleId::$id => include_str!(concat!("../../../../docs/rules/", $name, ".md")),)*
                };
                page.split_once("\n\n").map_or(page, |(_, body)| body).trim_end()
            }
        }
    };
}

rules! {
    (InvalidConfig, "invalid-config", Config, Error, "TOML syntax, unknown key, wrong type"),
    (InvalidPattern, "invalid-pattern", Config, Error, "a pattern that cannot compile or uses unsupported syntax"),
    (UnknownTeam, "unknown-team", Config, Error, "a rule or `depends_on` names an undeclared team"),
    (UnownedFile, "unowned-file", Ownership, Error, "a tracked file no rule owns and `unowned` does not exempt"),
    (SharedOwnership, "shared-ownership", Ownership, Error, "a rule gives its files to more than one team (one finding per rule)"),
    (MissingLeader, "missing-leader", Ownership, Error, "a team has no leader"),
    (LeaderOfMany, "leader-of-many", Ownership, Warning, "one person leads more than one team"),
    (DeadPattern, "dead-pattern", Ownership, Warning, "a pattern matches no tracked file"),
    (ShadowedRule, "shadowed-rule", Ownership, Warning, "a rule matches files but wins none of them"),
    (TeamOwnsNothing, "team-owns-nothing", Ownership, Warning, "a declared team owns no file"),
    (CodeownersDrift, "codeowners-drift", Ownership, Error, "the repo's CODEOWNERS does not resolve every file as OWNERS.toml does (only when a CODEOWNERS file exists)"),
    (CrossTeamChange, "cross-team-change", Change, Warning, "the change touches more than `max_teams_per_change` teams, counting only pairs with no declared `depends_on`"),
    (OwnershipChange, "ownership-change", Change, Warning, "the change moves files from one team to another (OWNERS.toml edited), listing the files"),
    (MissingCochange, "missing-cochange", Change, Warning, "a changed file historically changes with a file of another team (confidence ≥ 0.5, shared ≥ `min_shared`) that this change leaves alone"),
    (SuppressionChange, "suppression-change", Change, Warning, "the change adds baseline entries, allows or lowers a rule, or adds an `unowned` or `exclude` pattern"),
    (UndeclaredCoupling, "undeclared-coupling", History, Error, "team pair coupling ≥ `team_threshold` with no `depends_on` either way"),
    (CoupledFiles, "coupled-files", History, Warning, "a file pair across teams with degree ≥ `min_degree` and shared ≥ `min_shared`"),
    (UnusedDependency, "unused-dependency", History, Warning, "a declared `depends_on` with no shared change in the window"),
    (LowSeparability, "low-separability", History, Warning, "a team's separability < 0.8"),
    (OwnershipMismatch, "ownership-mismatch", History, Warning, "most changes (> 50%, ≥ `min_revs`) to a team's files come from another team's members"),
    (UnfocusedLeader, "unfocused-leader", History, Warning, "a team's leader has ≥ `min_revs` changes and fewer than half touch only their own team's code"),
}

impl RuleId {
    /// The rule with this name.
    pub fn from_name(name: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.name() == name)
    }

    /// The config rules cannot be allowed or downgraded: a broken config
    /// gives no ownership at all.
    pub(crate) fn is_fixed(self) -> bool {
        self.group() == Group::Config && self != RuleId::UnknownTeam
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A rule serializes as its name.
impl serde::Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &r in RuleId::ALL {
            assert_eq!(RuleId::from_name(r.name()), Some(r));
        }
        assert_eq!(RuleId::from_name("dead-patern"), None);
    }

    #[test]
    fn doc_drops_the_title_line() {
        assert!(RuleId::DeadPattern.doc().starts_with("## What it does"));
    }
}
