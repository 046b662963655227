use super::{Context, Group, Rule};
use crate::finding::{Finding, Severity};

pub const RULE: Rule = Rule {
    name: "dead-pattern",
    default: Severity::Warning,
    group: Group::Ownership,
    summary: "a pattern matches no tracked file",
    doc: "## What it does
Reports a pattern in an `[[own]]` rule or in `[settings] unowned` that
matches no tracked file.

## Why is this bad?
A dead pattern is usually a directory that moved or a typo; it makes the map
look more complete than it is, and it will silently claim whatever new file
lands there.

## Example
```toml
[[own]]
team = \"payments\"
paths = [\"/services/payment/\"]   # the directory is services/payments/
```

## How to fix
Fix or remove the pattern. `teamlint explain PATH` shows which rule owns a
path today.",
};

pub fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (fi, file) in cx.config.files.iter().enumerate() {
        for (id, (_, _, p)) in file.patterns().enumerate() {
            if !cx.ownership.matched[fi][id] {
                out.push(dead(cx, p));
            }
        }
    }
    for p in &cx.config.settings.unowned {
        let set = crate::pattern::PatternSet::new([&p.compiled]);
        if !cx.ownership.paths.iter().any(|path| set.is_match(path)) {
            out.push(dead(cx, p));
        }
    }
    out
}

fn dead(cx: &Context<'_>, p: &crate::config::PatternDef) -> Finding {
    Finding::new(
        RULE.name,
        format!("pattern `{}` matches no tracked file", p.text.value),
    )
    .at(cx.config.location(&p.text.at), "matches nothing")
    .help("fix or remove it; did the directory move?")
}
