//! The ownership findings of a tree, and the baseline that hides known ones.

use super::workspace::{codeowners_in, Workspace};
use super::Global;
use teamlint_core::baseline::Baseline;
use teamlint_core::config::Config;
use teamlint_core::error::Result;
use teamlint_core::finding::{Finding, RuleId, Source};
use teamlint_core::ownership::Resolver;
use teamlint_core::rules::{self, Context, Levels};
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
    exempt_baseline_file(g, &ws.repo, &mut all);
    Ok((levels.apply(all), files))
}

/// The CODEOWNERS of a snapshot, when `codeowners-drift` is on.
pub fn codeowners_for(
    repo: &Repo,
    snap: &Snapshot<'_>,
    levels: &Levels,
) -> Result<Option<(String, String)>> {
    if levels.is_enabled(RuleId::CodeownersDrift) {
        codeowners_in(repo, snap)
    } else {
        Ok(None)
    }
}

/// One side of a change, or the tree as it is: the map that owns its files
/// and its CODEOWNERS (path, text). Everything is read already, so the two
/// sides of a change can be checked at once.
pub struct Tree<'a> {
    pub config: &'a Config,
    pub resolver: &'a Resolver,
    pub codeowners: Option<(String, String)>,
}

impl Tree<'_> {
    /// Every ownership finding over `paths` (the snapshot's files): the
    /// config's own, the ownership rules', and CODEOWNERS drift; at default
    /// severities (the caller applies its levels). With the number of files
    /// analysed.
    pub fn findings(&self, paths: Vec<String>) -> (Vec<Finding>, usize) {
        let analysed: Vec<String> = if self.config.settings.exclude.is_empty() {
            paths
        } else {
            paths
                .into_iter()
                .filter(|p| !self.resolver.is_excluded(p))
                .collect()
        };
        let files = analysed.len();
        let ownership = self.resolver.resolve_all(analysed);
        let cx = Context {
            config: self.config,
            resolver: self.resolver,
            ownership: &ownership,
        };
        let mut all = self.config.findings.clone();
        all.extend(rules::ownership(&cx));
        if let Some((path, text)) = &self.codeowners {
            all.extend(rules::codeowners_drift::check(&cx, path, text));
        }
        (all, files)
    }
}

/// The baseline file is teamlint's own record, committed beside the code:
/// it needs no owner.
pub fn exempt_baseline_file(g: &Global, repo: &Repo, findings: &mut Vec<Finding>) {
    let (Some(path), Some(w)) = (baseline_path(g, repo), &repo.workdir) else {
        return;
    };
    if let Ok(rel) = path.strip_prefix(w) {
        let rel = rel.to_string_lossy().replace('\\', "/");
        findings.retain(|f| {
            !(f.rule == RuleId::UnownedFile && f.path.as_deref() == Some(rel.as_str()))
        });
    }
}

/// Where the baseline lives: `--baseline`, or the repository root.
pub fn baseline_path(g: &Global, repo: &Repo) -> Option<std::path::PathBuf> {
    g.baseline.clone().or_else(|| {
        repo.workdir
            .as_ref()
            .map(|w| w.join(teamlint_core::baseline::FILE_NAME))
    })
}

/// The baseline as a snapshot holds it (the same side the map is read
/// from, so that a local run and CI agree), with its text for locations.
/// A `--baseline` outside the repository is read from disk.
pub fn baseline_in(
    g: &Global,
    repo: &Repo,
    snap: &Snapshot<'_>,
) -> Result<Option<(Baseline, Source)>> {
    let rel = match (&g.baseline, &repo.workdir) {
        (None, _) => Some(teamlint_core::baseline::FILE_NAME.to_string()),
        (Some(p), Some(w)) => {
            let abs = if p.is_absolute() {
                p.clone()
            } else {
                w.join(p)
            };
            abs.strip_prefix(w)
                .ok()
                .map(|r| r.to_string_lossy().replace('\\', "/"))
        }
        (Some(_), None) => None,
    };
    let text = match (rel, snap) {
        (Some(rel), Snapshot::Index(_) | Snapshot::Tree(_) | Snapshot::Empty) => {
            repo.read_in(snap, &rel)?.map(|t| (rel, t))
        }
        _ => {
            let Some(path) = baseline_path(g, repo) else {
                return Ok(None);
            };
            match teamlint_core::fsutil::read_path(&path, teamlint_core::fsutil::BASELINE_CAP) {
                Ok(Some(bytes)) => Some((
                    path.display().to_string(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                )),
                Ok(None) => None,
                Err(refusal) => return Err(refusal.into_error(path.display(), "the baseline")),
            }
        }
    };
    let Some((label, text)) = text else {
        return Ok(None);
    };
    let baseline = Baseline::parse(text.as_bytes(), &label)?;
    Ok(Some((baseline, Source::new(label, text))))
}

/// Drops findings the baseline records; notes stale entries when the run
/// saw everything the baseline could hold (`complete`).
pub fn apply_baseline(
    g: &Global,
    repo: &Repo,
    findings: &mut Vec<Finding>,
    complete: bool,
) -> Result<Vec<String>> {
    let Some(path) = baseline_path(g, repo) else {
        return Ok(Vec::new());
    };
    let base = Baseline::load(&path)?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Ok(hide_known(base.as_ref(), &name, findings, complete))
}

/// Drops findings `base` records; notes stale entries when the run saw
/// everything the baseline could hold (`complete`).
pub fn hide_known(
    base: Option<&Baseline>,
    name: &str,
    findings: &mut Vec<Finding>,
    complete: bool,
) -> Vec<String> {
    let Some(base) = base else {
        return Vec::new();
    };
    let before = findings.len();
    let stale = base.filter(findings);
    let hidden = before - findings.len();
    let mut notes = Vec::new();
    if hidden > 0 {
        notes.push(format!(
            "{hidden} known finding(s) hidden by the baseline {name}"
        ));
    }
    if complete && !stale.is_empty() {
        let shown: Vec<String> = stale
            .iter()
            .take(5)
            .map(|e| {
                format!(
                    "{} {}",
                    e.rule,
                    e.path.as_deref().or(e.subject.as_deref()).unwrap_or("")
                )
            })
            .collect();
        notes.push(format!(
            "{} baseline entr{} no longer occur{} ({}{}): `teamlint baseline --write` drops them",
            stale.len(),
            if stale.len() == 1 { "y" } else { "ies" },
            if stale.len() == 1 { "s" } else { "" },
            shown.join("; "),
            if stale.len() > 5 { "; …" } else { "" }
        ));
    }
    notes
}

pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_cached_key(|f| f.sort_key());
}
