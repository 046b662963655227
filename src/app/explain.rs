//! `teamlint explain PATH..`: the owner, its leader, the deciding rule and
//! the rules it overrode, for tracked paths and paths not yet created.

use super::paths::{entry, rule_info};
use super::workspace::repo_relative;
use super::{write_report_with, Io, Workspace};
use super::{Format, Global};
use crate::error::Result;

use crate::report::{self, Style};

pub fn run(g: &Global, args: &[String], io: &mut Io<'_>, style: &Style) -> Result<u8> {
    let repo = super::workspace::open_repo(g)?;
    let cwd = g.repo.clone().unwrap_or_else(|| ".".into());
    let paths: Vec<String> = args.iter().map(|a| repo_relative(&repo, &cwd, a)).collect();
    drop(repo);
    let (ws, tracked) = Workspace::load(g, None, &paths)?;
    let mut entries = Vec::with_capacity(paths.len());
    for path in &paths {
        let ex = ws.resolver.explain(path);
        let mut entry = entry(&ws.config, &ws.resolver, path, &ex.decision);
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
    write_report_with(g, io, |w| {
        report::write_paths(format, &entries, true, style, w)
    })?;
    Ok(super::EXIT_OK)
}
