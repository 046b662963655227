use std::collections::BTreeMap;

use crate::config::Config;
use crate::finding::{Finding, RuleId};

pub fn check(config: &Config) -> Vec<Finding> {
    let mut by_leader: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, t) in config.teams.iter().enumerate() {
        if let Some(l) = &t.leader {
            let key = l.value.trim_start_matches('@').to_lowercase();
            by_leader.entry(key).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (key, teams) in by_leader.iter().filter(|(_, t)| t.len() > 1) {
        let names: Vec<String> = teams
            .iter()
            .map(|&i| config.teams[i].name.clone())
            .collect();
        let first = &config.teams[teams[0]];
        let leader = first.leader.as_ref().expect("grouped by leader");
        for &i in &teams[1..] {
            let t = &config.teams[i];
            let at = t.leader.as_ref().expect("grouped by leader");
            out.push(
                Finding::new(
                    RuleId::LeaderOfMany,
                    format!("{} leads {} teams: {}", leader.value, names.len(), names.join(", ")),
                )
                .teams(names.clone())
                .subject(format!("{key} leads {}", t.name))
                .at(config.location(&at.at), format!("also leads `{}`", first.name))
                .help("a single-threaded leader leads one team; name another leader or merge the teams"),
            );
        }
    }
    out
}
