use super::{Group, Rule};
use crate::config::Config;
use crate::finding::{Finding, Severity};

pub const RULE: Rule = Rule {
    name: "missing-cochange",
    default: Severity::Warning,
    group: Group::Change,
    summary: "a changed file historically changes with a file of another team (confidence ≥ 0.5, shared ≥ `min_shared`) that this change leaves alone",
    doc: "## What it does
For each file the change touches, looks up in the history cache the files of
other teams that changed with it in at least half of its changes (and at
least `min_shared` times). If the change leaves such a file alone, it says
so.

## Why is this bad?
Coupling across teams shows up as a change that is only half done: the other
team's file usually has to follow, in a change of theirs, later.

## Example
`services/payments/api.proto` changed 12 times; 9 of those also changed
`apps/web/src/api.ts` (web). This change edits the proto file only.

## How to fix
Check whether the other file needs the change too, and tell its team. If the
coupling is lasting, declare it (`depends_on`) or remove it. The rule reads
the cache that `teamlint audit` leaves; without it the rule is skipped (a
hook never starts a history scan).",
};

/// One historical partner of a changed file.
pub struct Partner {
    pub file: String,
    pub file_team: String,
    pub other: String,
    pub other_team: String,
    pub revs: u32,
    pub shared: u32,
}

pub fn check(config: &Config, partners: &[Partner]) -> Vec<Finding> {
    let min_shared = config.coupling.min_shared.max(1);
    partners
        .iter()
        .filter(|p| p.shared >= min_shared && f64::from(p.shared) / f64::from(p.revs.max(1)) >= 0.5)
        .map(|p| {
            Finding::new(
                RULE.name,
                format!(
                    "`{}` changed with `{}` ({}) in {} of its {} changes; this change leaves it alone",
                    p.file, p.other, p.other_team, p.shared, p.revs
                ),
            )
            .path(p.file.clone())
            .paths(vec![p.file.clone(), p.other.clone()])
            .teams([p.file_team.clone(), p.other_team.clone()])
            .help(format!(
                "does `{}` need this change too? tell `{}`, or declare the dependency",
                p.other, p.other_team
            ))
        })
        .collect()
}
