use super::{Group, HistoryContext, Rule};
use crate::finding::{Finding, Severity};

/// Below this share of single-team changes a team is not separable.
pub const THRESHOLD: f64 = 0.8;

pub const RULE: Rule = Rule {
    name: "low-separability",
    default: Severity::Warning,
    group: Group::History,
    summary: "a team's separability < 0.8",
    doc: "## What it does
Reports a team with at least `min_revs` changes of which fewer than 80%
touch no other team's files.

## Why is this bad?
Separability is the share of a team's changes it can make alone. Below 80%,
one change in five or more needs another team: the split between the teams
does not follow how the code changes.

## Example
`platform` made 50 changes, 15 of which also touched `payments` or `search`:
separability 70%.

## How to fix
Look at the team's cross-team file pairs (`coupled-files`) and the team
coupling matrix in the audit report; move the files that keep changing
together, or try the move first with `teamlint audit --compare OTHER.toml`.",
};

pub fn check(cx: &HistoryContext<'_>) -> Vec<Finding> {
    cx.metrics
        .teams
        .iter()
        .filter_map(|t| {
            let s = t.separability?;
            if s >= THRESHOLD {
                return None;
            }
            let mut f = Finding::new(
                RULE.name,
                format!(
                    "team `{}` is {:.0}% separable: {} of its {} changes touched another team",
                    t.name,
                    s * 100.0,
                    crate::report::count(t.cross_team),
                    crate::report::count(t.revs)
                ),
            )
            .teams([t.name.clone()])
            .help("see the team's cross-team file pairs; `teamlint audit --compare OTHER.toml` tries a new split");
            if let Some(team) = cx.config.team(&t.name) {
                f = f.at(cx.config.location(&team.at), format!("{:.0}% separable", s * 100.0));
            }
            Some(f)
        })
        .collect()
}
