//! Where the map and the baseline live: the root ownership file and the
//! baseline a run is given (or their places at the repository root), read
//! from one side of a change or the working tree.

use std::path::PathBuf;

use teamlint_core::baseline::Baseline;
use teamlint_core::config::Config;
use teamlint_core::error::{Error, Result};
use teamlint_core::finding::{Finding, RuleId, Source};
use teamlint_git::repo::{Repo, Snapshot};

/// The files a run is pointed at (`--config`, `--baseline`); `None`: the
/// default place.
#[derive(Clone, Debug, Default)]
pub struct Files {
    pub config: Option<PathBuf>,
    pub baseline: Option<PathBuf>,
}

impl Files {
    /// Where the baseline lives: the one given, or the repository root.
    pub fn baseline_path(&self, repo: &Repo) -> Option<PathBuf> {
        self.baseline.clone().or_else(|| {
            repo.workdir
                .as_ref()
                .map(|w| w.join(teamlint_core::baseline::FILE_NAME))
        })
    }

    /// The baseline as a snapshot holds it (the same side the map is read
    /// from, so that a local run and CI agree), with its text for locations.
    /// A baseline given outside the repository is read from disk.
    pub fn baseline_in(
        &self,
        repo: &Repo,
        snap: &Snapshot<'_>,
    ) -> Result<Option<(Baseline, Source)>> {
        let rel = match (&self.baseline, &repo.workdir) {
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
                let Some(path) = self.baseline_path(repo) else {
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

    /// The baseline file is teamlint's own record, committed beside the code:
    /// it needs no owner.
    pub fn exempt_baseline_file(&self, repo: &Repo, findings: &mut Vec<Finding>) {
        let (Some(path), Some(w)) = (self.baseline_path(repo), &repo.workdir) else {
            return;
        };
        if let Ok(rel) = path.strip_prefix(w) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            findings.retain(|f| {
                !(f.rule == RuleId::UnownedFile && f.path.as_deref() == Some(rel.as_str()))
            });
        }
    }

    /// Is this path part of the map (an OWNERS.toml, or the root file given)?
    pub fn is_map_file(&self, path: &str) -> bool {
        is_owners_file(path)
            || self.config.as_ref().is_some_and(|c| {
                let c = c.to_string_lossy().replace('\\', "/");
                c == path || c.ends_with(&format!("/{path}"))
            })
    }

    /// The map as a snapshot holds it, over its tracked files (and `extra`,
    /// files only the other side has).
    pub fn load_config(
        &self,
        repo: &Repo,
        snap: &Snapshot<'_>,
        tracked: &[String],
        extra: &[String],
    ) -> Result<Config> {
        let sources = repo.config_sources_in(snap, self.config.as_deref(), tracked, extra)?;
        Config::load(sources.root, sources.dirs).map_err(Error::from_config)
    }
}

pub fn is_owners_file(path: &str) -> bool {
    let name = teamlint_core::config::FILE_NAME;
    path == name || path.strip_suffix(name).is_some_and(|d| d.ends_with('/'))
}

/// The CODEOWNERS file GitHub would use (first of .github/, root, docs/),
/// or else GitLab's `.gitlab/CODEOWNERS`, as (repository-relative path,
/// text), if any, as of a snapshot.
pub fn codeowners_in(repo: &Repo, snap: &Snapshot<'_>) -> Result<Option<(String, String)>> {
    // GitHub's places, then GitLab's own.
    let gitlab = teamlint_core::codeowners::GITLAB_LOCATIONS
        .iter()
        .filter(|p| p.starts_with(".gitlab"));
    for p in teamlint_core::codeowners::LOCATIONS.iter().chain(gitlab) {
        if let Some(text) = repo.read_in(snap, p)? {
            return Ok(Some((p.to_string(), text)));
        }
    }
    Ok(None)
}
