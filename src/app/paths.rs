//! A path's owner as `explain` and `ls` show it.

use teamlint_core::config::Config;
use teamlint_core::ownership::RuleInfo;
use teamlint_core::ownership::{Decision, Owner, Resolver};
use teamlint_report::PathEntry;

/// A path's entry for `explain` and `ls`.
pub fn entry(config: &Config, resolver: &Resolver, path: &str, d: &Decision) -> PathEntry {
    let teams: Vec<String> = d
        .owner
        .names(config)
        .into_iter()
        .map(String::from)
        .collect();
    let leaders = d
        .owner
        .team_ids()
        .iter()
        .map(|&t| config.teams[t].leader.as_ref().map(|l| l.value.clone()))
        .collect();
    PathEntry {
        path: path.to_string(),
        unowned: teams.is_empty(),
        declared_unowned: d.owner == Owner::Unowned,
        teams,
        leaders,
        rule: d.rule.and_then(|r| RuleInfo::of(config, resolver, r)),
        also: d
            .also
            .iter()
            .filter_map(|&r| RuleInfo::of(config, resolver, r))
            .collect(),
        overridden: Vec::new(),
        tracked: None,
        excluded: false,
        exempt: false,
    }
}
