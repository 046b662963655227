use super::{evidence_line, Group, HistoryContext, Rule};
use crate::finding::{Evidence, Finding, Severity};

pub const RULE: Rule = Rule {
    name: "coupled-files",
    default: Severity::Warning,
    group: Group::History,
    summary: "a file pair across teams with degree ≥ `min_degree` and shared ≥ `min_shared`",
    doc: "## What it does
Reports two files owned by different teams that change together: degree at
or above `min_degree`, at least `min_shared` shared changes, and each file
with at least `min_revs` changes.

## Why is this bad?
A file pair across teams is where team coupling comes from: one team cannot
change its file without the other team's file changing too.

## Example
`services/payments/api.rs` (payments) and `libs/auth/token.rs` (platform)
changed together in 6 of their 8 and 7 changes.

## How to fix
Move one file to the other team, merge the two, or give them a stable
interface. The evidence lists the commits that changed both.",
};

pub fn check(cx: &HistoryContext<'_>) -> Vec<Finding> {
    cx.metrics
        .file_pairs
        .iter()
        .map(|p| {
            let ev = Evidence {
                revs_a: p.revs_a,
                revs_b: p.revs_b,
                shared: p.shared,
                degree: p.degree,
                confidence_ab: p.confidence_ab,
                confidence_ba: p.confidence_ba,
                commits: p.commits.clone(),
            };
            let teams: Vec<String> = p.a_team.iter().chain(&p.b_team).cloned().collect();
            Finding::new(
                RULE.name,
                format!(
                    "`{}` and `{}` ({}) change together ({:.0}%)",
                    p.a,
                    p.b,
                    teams.join(" / "),
                    p.degree * 100.0
                ),
            )
            .path(p.a.clone())
            .paths(vec![p.a.clone(), p.b.clone()])
            .teams(teams)
            .help(evidence_line(&ev))
            .evidence(ev)
        })
        .collect()
}
