use std::collections::BTreeMap;

use super::ChangeContext;
use crate::finding::{Finding, RuleId};

pub fn check(cx: &ChangeContext<'_>) -> Vec<Finding> {
    let mut files: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (path, teams) in cx.paths {
        for &t in teams {
            files.entry(t).or_default().push(path);
        }
    }
    let teams: Vec<usize> = files.keys().copied().collect();
    // Teams joined by a declared dependency count once: count the groups.
    let mut group: Vec<usize> = (0..teams.len()).collect();
    fn root(g: &mut [usize], mut i: usize) -> usize {
        while g[i] != i {
            g[i] = g[g[i]];
            i = g[i];
        }
        i
    }
    for i in 0..teams.len() {
        for j in i + 1..teams.len() {
            if cx.config.declared_pair(teams[i], teams[j]) {
                let (ri, rj) = (root(&mut group, i), root(&mut group, j));
                group[ri] = rj;
            }
        }
    }
    let mut groups: Vec<usize> = (0..teams.len()).map(|i| root(&mut group, i)).collect();
    groups.sort_unstable();
    groups.dedup();
    let max = cx.config.settings.max_teams_per_change;
    if groups.len() <= max {
        return Vec::new();
    }
    let names: Vec<String> = teams
        .iter()
        .map(|&t| cx.config.teams[t].name.clone())
        .collect();
    let detail: Vec<String> = teams
        .iter()
        .map(|&t| {
            let f = &files[&t];
            let more = if f.len() > 3 {
                format!(" and {} more", f.len() - 3)
            } else {
                String::new()
            };
            let shown: Vec<&str> = f.iter().take(3).copied().collect();
            format!("{}: {}{more}", cx.config.teams[t].name, shown.join(", "))
        })
        .collect();
    // Each team is shown on one of its changed files, where a reviewer
    // reads the diff.
    let anchors: Vec<String> = teams
        .iter()
        .filter_map(|t| files[t].first().map(|p| p.to_string()))
        .collect();
    vec![Finding::new(
        RuleId::CrossTeamChange,
        format!(
            "this change touches {} teams ({}), more than the {max} allowed",
            groups.len(),
            names.join(", ")
        ),
    )
    .teams(names)
    .anchors(anchors)
    .paths(cx.paths.iter().map(|(p, _)| p.clone()).collect())
    .help(format!(
        "split it by team, or declare `depends_on` if the teams must change together ({})",
        detail.join("; ")
    ))]
}
