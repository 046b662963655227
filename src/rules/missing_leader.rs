use super::{Group, Rule};
use crate::config::Config;
use crate::finding::{Finding, Severity};

pub const RULE: Rule = Rule {
    name: "missing-leader",
    default: Severity::Error,
    group: Group::Ownership,
    summary: "a team has no leader",
    doc: "## What it does
Reports a team declared without a `leader`.

## Why is this bad?
Single-threaded leadership needs one person whose only job is the team's
initiative. A team without a leader has nobody to make its calls.

## Example
```toml
[teams.search]
members = [\"erin@acme.com\"]
```

## How to fix
Name one person: `leader = \"erin@acme.com\"`.",
};

pub fn check(config: &Config) -> Vec<Finding> {
    config
        .teams
        .iter()
        .filter(|t| t.leader.is_none())
        .map(|t| {
            Finding::new(RULE.name, format!("team `{}` has no leader", t.name))
                .teams([t.name.clone()])
                .at(config.location(&t.at), "no `leader` in this team")
                .help(
                    "add `leader = \"person@example.com\"`: one person whose only job is this team",
                )
        })
        .collect()
}
