use std::collections::{BTreeMap, BTreeSet};

use super::ChangeContext;
use crate::finding::text::{first_few, plural};
use crate::finding::{Finding, RuleId};

/// Moved files named in the message before the rest are counted.
const SHOWN: usize = 5;

/// One finding per rule that moves files and per pair of owners they move
/// between, on that rule's line: where the change is made.
pub fn check(cx: &ChangeContext<'_>) -> Vec<Finding> {
    let label = |t: &[String]| {
        if t.is_empty() {
            "no owner".to_string()
        } else {
            t.join(", ")
        }
    };
    type Key = (Option<(u32, u32)>, String, String);
    let mut groups: BTreeMap<Key, (Vec<&super::Move>, Option<crate::ownership::RuleRef>)> =
        BTreeMap::new();
    for m in cx.moves {
        groups
            .entry((
                m.rule.map(|r| (r.file, r.pattern)),
                label(&m.before),
                label(&m.after),
            ))
            .or_insert_with(|| (Vec::new(), m.rule))
            .0
            .push(m);
    }
    groups
        .into_iter()
        .map(|((_, from, to), (moves, rule))| {
            let paths: Vec<&str> = moves.iter().map(|m| m.path.as_str()).collect();
            let teams: BTreeSet<String> = moves
                .iter()
                .flat_map(|m| m.before.iter().chain(&m.after).cloned())
                .collect();
            let mut f = Finding::new(
                RuleId::OwnershipChange,
                format!(
                    "{} from {from} to {to}: {}",
                    plural(moves.len(), "file moves", "files move"),
                    first_few(&paths, SHOWN, false)
                ),
            )
            .teams(teams)
            .subject(format!("{from} -> {to}"))
            .paths(moves.iter().map(|m| m.path.clone()).collect())
            .help("intended? have both teams' leaders review the OWNERS.toml change");
            if let Some(at) = rule.and_then(|r| super::pattern_location(cx.config, cx.resolver, r))
            {
                f = f.at(
                    at,
                    format!("moves {} to {to}", plural(moves.len(), "file", "files")),
                );
            }
            f
        })
        .collect()
}
