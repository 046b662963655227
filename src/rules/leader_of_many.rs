use std::collections::BTreeMap;

use super::{Group, Rule};
use crate::config::Config;
use crate::finding::{Finding, Severity};

pub const RULE: Rule = Rule {
    name: "leader-of-many",
    default: Severity::Warning,
    group: Group::Ownership,
    summary: "one person leads more than one team",
    doc: "## What it does
Reports a person named as `leader` of more than one team (compared without
case and without a leading `@`).

## Why is this bad?
A single-threaded leader works on one thing. Leading two teams splits that
attention, and the teams are no longer separable in practice.

## Example
```toml
[teams.payments]
leader = \"alice@acme.com\"
[teams.billing]
leader = \"alice@acme.com\"
```

## How to fix
Give one of the teams its own leader, or merge the teams if they are one
initiative.",
};

pub fn check(config: &Config) -> Vec<Finding> {
    let mut by_leader: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, t) in config.teams.iter().enumerate() {
        if let Some(l) = &t.leader {
            let key = l.value.trim_start_matches('@').to_lowercase();
            by_leader.entry(key).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for teams in by_leader.values().filter(|t| t.len() > 1) {
        let names: Vec<String> = teams
            .iter()
            .map(|&i| config.teams[i].name.clone())
            .collect();
        let first = &config.teams[teams[0]];
        let leader = first.leader.as_ref().expect("grouped by leader");
        for &i in &teams[1..] {
            let t = &config.teams[i];
            let at = t.leader.as_ref().expect("grouped by leader");
            out.push(
                Finding::new(
                    RULE.name,
                    format!("{} leads {} teams: {}", leader.value, names.len(), names.join(", ")),
                )
                .teams(names.clone())
                .at(config.location(&at.at), format!("also leads `{}`", first.name))
                .help("a single-threaded leader leads one team; name another leader or merge the teams"),
            );
        }
    }
    out
}
