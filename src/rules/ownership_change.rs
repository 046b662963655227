use std::collections::BTreeMap;

use super::{ChangeContext, Group, Rule};
use crate::finding::{Finding, Severity};

pub const RULE: Rule = Rule {
    name: "ownership-change",
    default: Severity::Warning,
    group: Group::Change,
    summary:
        "the change moves files from one team to another (OWNERS.toml edited), listing the files",
    doc: "## What it does
When a change edits an OWNERS.toml, resolves every tracked file under the
map before and after the change and reports the files whose owner moves,
grouped by the teams they move between.

## Why is this bad?
It is not bad in itself: a reorganisation is how separability improves. But
a one-line pattern edit can hand hundreds of files to another team without
anybody noticing; both leaders should see the list.

## Example
Changing `/services/` to `/services/api/` moves `services/billing/*.rs` from
`payments` to `platform`.

## How to fix
Nothing to fix if the move is intended: have both teams' leaders review it.
Otherwise narrow the pattern.",
};

pub fn check(cx: &ChangeContext<'_>) -> Vec<Finding> {
    let mut groups: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let label = |t: &[String]| {
        if t.is_empty() {
            "no owner".to_string()
        } else {
            t.join(", ")
        }
    };
    for (path, before, after) in cx.moves {
        groups
            .entry((label(before), label(after)))
            .or_default()
            .push(path.clone());
    }
    groups
        .into_iter()
        .map(|((from, to), paths)| {
            let shown: Vec<&str> = paths.iter().take(5).map(String::as_str).collect();
            let more = if paths.len() > 5 {
                format!(", and {} more", paths.len() - 5)
            } else {
                String::new()
            };
            let teams: Vec<String> = cx
                .moves
                .iter()
                .filter(|(p, _, _)| paths.contains(p))
                .flat_map(|(_, b, a)| b.iter().chain(a).cloned())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            Finding::new(
                RULE.name,
                format!(
                    "{} move from {from} to {to}: {}{more}",
                    crate::rules::plural(paths.len(), "file", "files"),
                    shown.join(", ")
                ),
            )
            .teams(teams)
            .path(paths[0].clone())
            .paths(paths)
            .help("intended? have both teams' leaders review the OWNERS.toml change")
        })
        .collect()
}
