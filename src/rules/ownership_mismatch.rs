use super::{Group, HistoryContext, Rule};
use crate::finding::{Finding, Severity};

pub const RULE: Rule = Rule {
    name: "ownership-mismatch",
    default: Severity::Warning,
    group: Group::History,
    summary:
        "most changes (> 50%, ≥ `min_revs`) to a team's files come from another team's members",
    doc: "## What it does
Reports a team whose files are mostly changed by the members of one other
team. Authors map to teams through each team's `leader` and `members`
(emails, or GitHub handles matched against noreply addresses).

## Why is this bad?
The map says one team owns the code; the history says another team works on
it. Either the map is out of date or the owning team is a bottleneck.

## Example
Of the 20 changes to `search`'s files, 14 were made by members of
`platform`.

## How to fix
Move the paths to the team that actually changes them, or move the people.",
};

pub fn check(cx: &HistoryContext<'_>) -> Vec<Finding> {
    let min = f64::from(cx.config.coupling.min_revs);
    let mut out = Vec::new();
    for t in &cx.metrics.teams {
        if t.revs < min || t.revs <= 0.0 {
            continue;
        }
        let Some((other, w)) = t
            .authors_by_team
            .iter()
            .find(|(name, _)| !name.is_empty() && *name != t.name)
        else {
            continue;
        };
        if *w / t.revs <= 0.5 || *w < min {
            continue;
        }
        let mut f = Finding::new(
            RULE.name,
            format!(
                "{:.0}% of the changes to `{}`'s files come from members of `{}`",
                w / t.revs * 100.0,
                t.name,
                other
            ),
        )
        .teams([t.name.clone(), other.clone()])
        .help(format!(
            "{} of {} changes; move the paths to `{other}`, or the people to `{}`",
            crate::report::count(*w),
            crate::report::count(t.revs),
            t.name
        ));
        if let Some(team) = cx.config.team(&t.name) {
            f = f.at(
                cx.config.location(&team.at),
                format!("mostly changed by `{other}`"),
            );
        }
        out.push(f);
    }
    out
}
