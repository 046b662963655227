use super::{Context, Group, Rule};
use crate::finding::{Finding, Severity};
use crate::ownership::Owner;

pub const RULE: Rule = Rule {
    name: "shared-ownership",
    default: Severity::Error,
    group: Group::Ownership,
    summary: "a file resolves to more than one team",
    doc: "## What it does
Reports every file whose deciding rule names several teams
(`teams = [\"a\", \"b\"]`, as a CODEOWNERS line with several owners imports).

## Why is this bad?
Two owners is no owner: each team assumes the other will act, and a change
to the file needs both. Single-threaded ownership means one team per path.

## Example
```toml
[[own]]
teams = [\"payments\", \"platform\"]
paths = [\"/libs/money/\"]
```

## How to fix
Choose the one team that owns the path, and declare the other team's need
with `depends_on`.",
};

pub fn check(cx: &Context<'_>) -> Vec<Finding> {
    let o = cx.ownership;
    o.paths
        .iter()
        .zip(&o.decisions)
        .filter_map(|(p, d)| {
            let Owner::Teams(_) = &d.owner else {
                return None;
            };
            let names = d.owner.names(cx.config);
            let mut f = Finding::new(
                RULE.name,
                format!("`{p}` is owned by {} teams: {}", names.len(), names.join(", ")),
            )
            .path(p.clone())
            .teams(names)
            .help("two owners is no owner: give the path to one team and declare `depends_on` for the other");
            if let Some(r) = d.rule {
                if let Some(at) = super::pattern_at(cx, r) {
                    f = f.at(at, "this rule names several teams");
                }
            }
            Some(f)
        })
        .collect()
}
