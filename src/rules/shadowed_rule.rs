use super::{Context, Group, Rule};
use crate::finding::{Finding, Severity};

pub const RULE: Rule = Rule {
    name: "shadowed-rule",
    default: Severity::Warning,
    group: Group::Ownership,
    summary: "a rule matches files but wins none of them",
    doc: "## What it does
Reports a pattern that matches tracked files but decides none of them,
because a later rule in the same file, or a rule in a nearer OWNERS.toml,
wins every one.

## Why is this bad?
The last matching rule wins. A rule that never wins reads as if it owned
something; readers trust it and are wrong.

## Example
```toml
[[own]]
team = \"web\"
paths = [\"/apps/web/\"]

[[own]]
team = \"platform\"
paths = [\"/apps/\"]     # later, so it wins every file under apps/web/ too
```

## How to fix
Move the narrower rule after the broader one, or remove it.
`teamlint explain PATH` lists the rules a path's owner overrode.",
};

pub fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (fi, file) in cx.config.files.iter().enumerate() {
        for (id, (_, _, p)) in file.patterns().enumerate() {
            if cx.ownership.matched[fi][id] && cx.ownership.won[fi][id] == 0 {
                out.push(
                    Finding::new(
                        RULE.name,
                        format!(
                            "pattern `{}` matches files but a later or nearer rule wins all of them",
                            p.text.value
                        ),
                    )
                    .at(cx.config.location(&p.text.at), "never decides an owner")
                    .help("move it after the rules that override it, or remove it"),
                );
            }
        }
    }
    out
}
