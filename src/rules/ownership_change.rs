use std::collections::BTreeMap;

use super::ChangeContext;
use crate::finding::{Finding, RuleId};

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
                RuleId::OwnershipChange,
                format!(
                    "{} move from {from} to {to}: {}{more}",
                    crate::finding::text::plural(paths.len(), "file", "files"),
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
