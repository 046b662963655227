use super::{Group, HistoryContext, Rule};
use crate::finding::{Finding, Severity};

pub const RULE: Rule = Rule {
    name: "unused-dependency",
    default: Severity::Warning,
    group: Group::History,
    summary: "a declared `depends_on` with no shared change in the window",
    doc: "## What it does
Reports a `depends_on` entry when the two teams shared no change in the
audited window.

## Why is this bad?
A declared dependency allows coupling. One that is never used is stale and
would silently allow coupling to grow back.

## Example
```toml
[teams.search]
leader = \"erin@acme.com\"
depends_on = [\"payments\"]   # no change touched both in 12 months
```

## How to fix
Remove the entry, or widen the window (`--since`) if the dependency is real
but rare.",
};

pub fn check(cx: &HistoryContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    if cx.metrics.changes == 0 {
        return out;
    }
    for team in &cx.config.teams {
        for dep in &team.depends_on {
            let shared = cx
                .metrics
                .team_pairs
                .iter()
                .find(|p| {
                    (p.a == team.name && p.b == dep.value) || (p.b == team.name && p.a == dep.value)
                })
                .map_or(0.0, |p| p.shared);
            if shared == 0.0 {
                out.push(
                    Finding::new(
                        RULE.name,
                        format!(
                            "`{}` depends on `{}`, but no change touched both",
                            team.name, dep.value
                        ),
                    )
                    .teams([team.name.clone(), dep.value.clone()])
                    .at(
                        cx.config.location(&dep.at),
                        "no shared change in the window",
                    )
                    .help("remove the dependency, or audit a longer window with --since"),
                );
            }
        }
    }
    out
}
