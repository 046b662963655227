use crate::config::Config;
use crate::finding::{Finding, RuleId};

pub fn check(config: &Config) -> Vec<Finding> {
    config
        .teams
        .iter()
        .filter(|t| t.declared && t.leader.is_none())
        .map(|t| {
            Finding::new(
                RuleId::MissingLeader,
                format!("team `{}` has no leader", t.name),
            )
            .teams([t.name.clone()])
            .at(config.location(&t.at), "no `leader` in this team")
            .help("add `leader = \"person@example.com\"`: one person whose only job is this team")
        })
        .collect()
}
