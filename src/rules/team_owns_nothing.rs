use super::{Context, Group, Rule};
use crate::finding::{Finding, Severity};

pub const RULE: Rule = Rule {
    name: "team-owns-nothing",
    default: Severity::Warning,
    group: Group::Ownership,
    summary: "a declared team owns no file",
    doc: "## What it does
Reports a team that is declared but decides the owner of no tracked file.

## Why is this bad?
A team with no code is either gone (and its table is stale) or its rules
are dead or shadowed; either way the map is wrong.

## Example
```toml
[teams.growth]
leader = \"fay@acme.com\"   # no [[own]] rule names growth
```

## How to fix
Give the team its paths, or remove the team.",
};

pub fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut owns = vec![false; cx.config.teams.len()];
    for d in &cx.ownership.decisions {
        for &t in d.owner.team_ids() {
            owns[t] = true;
        }
    }
    cx.config
        .teams
        .iter()
        .zip(owns)
        .filter(|(_, owns)| !owns)
        .map(|(t, _)| {
            Finding::new(RULE.name, format!("team `{}` owns no file", t.name))
                .teams([t.name.clone()])
                .at(cx.config.location(&t.at), "owns nothing")
                .help("give it paths in an [[own]] rule, or remove the team")
        })
        .collect()
}
