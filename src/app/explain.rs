//! `teamlint explain PATH..`: the owner, its leader, the deciding rule and
//! the rules it overrode, for tracked paths and paths not yet created.

use std::collections::HashSet;

use super::{repo_path, write_report, Io, Workspace};
use crate::cli::{Format, Global};
use crate::config::Config;
use crate::error::Result;
use crate::ownership::{Decision, Owner, Resolver, RuleRef};
use crate::report::{self, PathEntry, RuleInfo, Style};

pub fn run(g: &Global, args: &[String], io: &mut Io<'_>, style: &Style) -> Result<u8> {
    let repo = super::open_repo(g)?;
    let cwd = g.repo.clone().unwrap_or_else(|| ".".into());
    let asked = args
        .iter()
        .map(|a| repo_path(&repo, &cwd, a))
        .collect::<Result<Vec<String>>>()?;
    // A path inside a submodule is the submodule's business: here it is
    // owned as the submodule (its gitlink) is, and the submodule's own
    // OWNERS.toml files are not this repository's.
    let links: HashSet<String> = repo.gitlinks()?.into_iter().collect();
    let paths: Vec<String> = asked
        .iter()
        .map(|p| {
            crate::pattern::parent_dirs(p)
                .find(|d| links.contains(*d))
                .unwrap_or(p)
                .to_string()
        })
        .collect();
    drop(repo);
    let (ws, tracked) = Workspace::load(g, None, &paths)?;
    let mut entries = Vec::with_capacity(paths.len());
    for (path, asked) in paths.iter().zip(&asked) {
        let ex = ws.resolver.explain(path);
        let mut entry = entry(&ws.config, &ws.resolver, path, &ex.decision);
        entry.path.clone_from(asked);
        entry.overridden = ex
            .overridden
            .iter()
            .filter_map(|&r| rule_info(&ws.config, &ws.resolver, r))
            .collect();
        entry.excluded = ex.excluded;
        entry.exempt = ws.resolver.may_be_unowned(path);
        entry.tracked = Some(
            tracked.binary_search(path).is_ok()
                || tracked.iter().any(|t| t.starts_with(&format!("{path}/"))),
        );
        entries.push(entry);
    }
    let format = g.format.unwrap_or(Format::Human);
    write_report(g, io, &report::paths(format, &entries, true, style))?;
    Ok(super::EXIT_OK)
}

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
        });
    }
    let (rule_idx, idx) = resolver.place(r)?;
    let rule = file.rules.get(rule_idx)?;
    let p = rule.patterns.get(idx)?;
    let loc = config.location(&p.text.at);
    let owner = match &rule.owner {
        crate::config::RuleOwner::Team(t) => t.value.clone(),
        crate::config::RuleOwner::Teams(ts) => ts
            .iter()
            .map(|t| t.value.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        crate::config::RuleOwner::Unowned => "unowned".into(),
    };
    Some(RuleInfo {
        file: loc.file,
        line: loc.line,
        pattern: p.text.value.clone(),
        owner,
    })
}
