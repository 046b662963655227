//! The ownership findings of the working tree at the run's severities, and
//! the baseline that hides known ones (the engine is `teamlint_engine`).

use super::{Global, Workspace};
use teamlint_core::baseline::Baseline;
use teamlint_core::error::Result;
use teamlint_core::finding::Finding;
use teamlint_engine::tree::{codeowners_for, hide_known, Tree};
use teamlint_git::repo::{Repo, Snapshot};

/// Every ownership finding over the whole tree (and CODEOWNERS drift), at
/// the configured severities; with the number of files analysed.
pub fn whole_tree(
    g: &Global,
    ws: &Workspace,
    tracked: Vec<String>,
) -> Result<(Vec<Finding>, usize)> {
    let levels = ws.levels(g)?;
    let tree = Tree {
        config: &ws.config,
        resolver: &ws.resolver,
        codeowners: codeowners_for(&ws.repo, &Snapshot::Current, &levels)?,
    };
    let (mut all, files) = tree.findings(tracked);
    g.files().exempt_baseline_file(&ws.repo, &mut all);
    Ok((levels.apply(all), files))
}

/// Drops findings the baseline records; notes stale entries when the run
/// saw everything the baseline could hold (`complete`).
pub fn apply_baseline(
    g: &Global,
    repo: &Repo,
    findings: &mut Vec<Finding>,
    complete: bool,
) -> Result<Vec<String>> {
    let Some(path) = g.files().baseline_path(repo) else {
        return Ok(Vec::new());
    };
    let base = Baseline::load(&path)?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Ok(hide_known(base.as_ref(), &name, findings, complete))
}
