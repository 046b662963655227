use super::{Context, Group, Rule};
use crate::finding::{Finding, Severity};
use crate::ownership::Owner;

pub const RULE: Rule = Rule {
    name: "unowned-file",
    default: Severity::Error,
    group: Group::Ownership,
    summary: "a tracked file no rule owns and `unowned` does not exempt",
    doc: "## What it does
Reports every tracked file that no `[[own]]` rule matches, unless
`[settings] unowned` lists it.

## Why is this bad?
A file without an owner has nobody to review, fix or answer for it; it is
where separable teams quietly stop being separable.

## Example
`tools/release.sh` is tracked, but no rule matches `/tools/`.

## How to fix
Add a rule (`teamlint explain tools/release.sh` shows what it would match
today), or list the path in `[settings] unowned` if nobody should own it.",
};

pub fn check(cx: &Context<'_>) -> Vec<Finding> {
    let o = cx.ownership;
    o.paths
        .iter()
        .zip(&o.decisions)
        .filter(|(p, d)| d.owner == Owner::Nobody && !cx.resolver.may_be_unowned(p))
        .map(|(p, _)| {
            Finding::new(RULE.name, format!("`{p}` has no owner"))
                .path(p.clone())
                .help("add an [[own]] rule for it, or list it in [settings] unowned")
        })
        .collect()
}
