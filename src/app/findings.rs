//! The ownership findings of the working tree at the run's severities, and
//! the baseline that hides known ones (the engine is `teamlint_engine`).

use super::{Global, Workspace};
use teamlint_core::baseline::Baseline;
use teamlint_core::error::Result;
use teamlint_core::finding::Finding;
use teamlint_engine::files::Files;
use teamlint_engine::measure::Scanning;
use teamlint_engine::tree::{codeowners_for, hide_known, Tree};
use teamlint_git::repo::{Repo, Snapshot};

impl Global {
    /// How a history scan runs under these flags.
    pub fn scanning(&self, no_cache: bool) -> Scanning {
        Scanning {
            use_cache: !no_cache,
            threads: self.threads.unwrap_or(0),
            interrupt: self.interrupt,
        }
    }

    /// The map and baseline files the flags point at.
    pub fn files(&self) -> Files {
        Files {
            config: self.config.clone(),
            baseline: self.baseline.clone(),
        }
    }
}

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
