//! `teamlint explain PATH..`: the owner, its leader, the deciding rule and
//! the rules it overrode, for tracked paths and paths not yet created.

use std::collections::HashSet;

use super::paths::entry;
use super::workspace::repo_path;
use super::{write_report_with, Io, Workspace};
use super::{Format, Global};
use teamlint_core::error::Result;
use teamlint_core::ownership::RuleInfo;

use teamlint_report::Style;

/// A name no pattern can spell (patterns hold no control character): what
/// stands for "anything under this directory".
const DIR_PROBE: &str = "\u{1}";

pub fn run(g: &Global, args: &[String], io: &mut Io<'_>, style: &Style) -> Result<u8> {
    let repo = super::workspace::open_repo(g)?;
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
            teamlint_core::pattern::parent_dirs(p)
                .find(|d| links.contains(*d))
                .unwrap_or(p)
                .to_string()
        })
        .collect();
    drop(repo);
    let (ws, tracked) = Workspace::load(g, None, &paths)?;
    let mut entries = Vec::with_capacity(paths.len());
    for ((path, asked), arg) in paths.iter().zip(&asked).zip(args) {
        // A directory (`dir/`, or `dir` when the tree has one) reads as a
        // `dir/` pattern does: the owner of what is under it, which is the
        // owner a new file there would get from every rule but those that
        // name files by their name.
        let under = format!("{path}/");
        let is_dir = arg.ends_with('/')
            || (tracked.binary_search(path).is_err()
                && tracked
                    .get(tracked.partition_point(|t| t.as_str() < under.as_str()))
                    .is_some_and(|t| t.starts_with(&under)));
        let probe = if is_dir {
            format!("{under}{DIR_PROBE}")
        } else {
            path.clone()
        };
        let ex = ws.resolver.explain(&probe);
        let mut entry = entry(&ws.config, &ws.resolver, path, &ex.decision);
        entry.path = if is_dir {
            format!("{asked}/")
        } else {
            asked.clone()
        };
        entry.overridden = ex
            .overridden
            .iter()
            .filter_map(|&r| RuleInfo::of(&ws.config, &ws.resolver, r))
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
        teamlint_report::write_paths(format, &entries, true, style, w)
    })?;
    Ok(super::EXIT_OK)
}
