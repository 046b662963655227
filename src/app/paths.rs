//! A path's owner as `explain` and `ls` show it.

use teamlint_core::config::Config;
use teamlint_core::ownership::{Decision, Owner, Resolver, RuleRef};
use teamlint_report::{PathEntry, RuleInfo};

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
        rule: d.rule.and_then(|r| rule_info(config, resolver, r)),
        also: d
            .also
            .iter()
            .filter_map(|&r| rule_info(config, resolver, r))
            .collect(),
        overridden: Vec::new(),
        tracked: None,
        excluded: false,
        exempt: false,
    }
}

pub fn rule_info(config: &Config, resolver: &Resolver, r: RuleRef) -> Option<RuleInfo> {
    let file = config.files.get(r.file as usize)?;
    if r.is_default() {
        let t = file.default_team.as_ref()?;
        let loc = config.location(&t.at);
        return Some(RuleInfo {
            file: loc.file,
            line: loc.line,
            pattern: format!("team = \"{}\"", t.value),
            owner: t.value.clone(),
            section: None,
        });
    }
    let (rule_idx, idx) = resolver.place(r)?;
    let rule = file.rules.get(rule_idx)?;
    let p = rule.patterns.get(idx)?;
    let loc = config.location(&p.text.at);
    let owner = match &rule.owner {
        teamlint_core::config::RuleOwner::Team(t) => t.value.clone(),
        teamlint_core::config::RuleOwner::Teams(ts) => ts
            .iter()
            .map(|t| t.value.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        teamlint_core::config::RuleOwner::Unowned => "unowned".into(),
    };
    Some(RuleInfo {
        file: loc.file,
        line: loc.line,
        pattern: p.text.value.clone(),
        owner,
        section: rule.section.as_ref().map(|(_, name)| name.value.clone()),
    })
}
