//! The repository and its ownership map, read once for a command.

use std::path::{Path, PathBuf};

use super::Global;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ownership::Resolver;
use crate::repo::{ConfigSources, Repo, Snapshot};
use crate::rules::Levels;

/// Everything a command needs to know about the repository's ownership.
pub struct Workspace {
    pub repo: Repo,
    pub config: Config,
    pub resolver: Resolver,
}

impl Workspace {
    /// Opens the repository and reads the config. `extra` are paths that may
    /// not be tracked but whose directories' OWNERS.toml files matter.
    pub fn load(
        g: &Global,
        tracked: Option<&[String]>,
        extra: &[String],
    ) -> Result<(Workspace, Vec<String>)> {
        Workspace::in_repo(open_repo(g)?, g, tracked, extra)
    }

    /// [`Workspace::load`] in a repository already open.
    pub fn in_repo(
        repo: Repo,
        g: &Global,
        tracked: Option<&[String]>,
        extra: &[String],
    ) -> Result<(Workspace, Vec<String>)> {
        let tracked = match tracked {
            Some(t) => t.to_vec(),
            None => repo.tracked_paths()?,
        };
        let sources = repo.config_sources(g.config.as_deref(), &tracked, extra)?;
        Ok((Workspace::from_sources(repo, sources)?, tracked))
    }

    /// A workspace from config texts already read.
    pub fn from_sources(repo: Repo, sources: ConfigSources) -> Result<Workspace> {
        let config = Config::load(sources.root, sources.dirs).map_err(Error::from_config)?;
        let resolver = Resolver::new(&config);
        Ok(Workspace {
            repo,
            config,
            resolver,
        })
    }

    /// Drops excluded paths.
    pub fn analysed(&self, tracked: Vec<String>) -> Vec<String> {
        if self.config.settings.exclude.is_empty() {
            return tracked;
        }
        tracked
            .into_iter()
            .filter(|p| !self.resolver.is_excluded(p))
            .collect()
    }

    pub fn levels(&self, g: &Global) -> Result<Levels> {
        Ok(Levels::new(Some(&self.config), &super::flag_levels(g)?))
    }
}

pub fn open_repo(g: &Global) -> Result<Repo> {
    let dir = g.repo.clone().unwrap_or_else(|| PathBuf::from("."));
    if !dir.exists() {
        return Err(Error::usage(
            format!("{} does not exist", dir.display()),
            "-C takes a directory inside a git repository",
        ));
    }
    Repo::discover(&dir)
}

/// The CODEOWNERS file GitHub would use (first of .github/, root, docs/),
/// as (repository-relative path, text), if any.
pub fn codeowners(repo: &Repo) -> Result<Option<(String, String)>> {
    codeowners_in(repo, &Snapshot::Current)
}

/// [`codeowners`] as of a snapshot.
pub fn codeowners_in(repo: &Repo, snap: &Snapshot<'_>) -> Result<Option<(String, String)>> {
    for p in crate::codeowners::LOCATIONS {
        if let Some(text) = repo.read_in(snap, p)? {
            return Ok(Some((p.to_string(), text)));
        }
    }
    Ok(None)
}

/// Turns a user-given path (relative to the current directory, or already
/// repository-relative) into a repository-relative `/` path.
pub fn repo_relative(repo: &Repo, cwd: &Path, arg: &str) -> String {
    let arg_path = Path::new(arg);
    let normalized = |p: &Path| -> String {
        let mut parts: Vec<String> = Vec::new();
        for c in p.components() {
            match c {
                std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
                std::path::Component::ParentDir => {
                    parts.pop();
                }
                _ => {}
            }
        }
        parts.join("/")
    };
    if let Some(work) = &repo.workdir {
        let work = work.canonicalize().unwrap_or_else(|_| work.clone());
        let abs = if arg_path.is_absolute() {
            arg_path.to_path_buf()
        } else {
            let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
            cwd.join(arg_path)
        };
        // Resolve `..` without requiring the path to exist.
        let mut clean = PathBuf::new();
        for c in abs.components() {
            match c {
                std::path::Component::ParentDir => {
                    clean.pop();
                }
                std::path::Component::CurDir => {}
                other => clean.push(other),
            }
        }
        if let Ok(rel) = clean.strip_prefix(&work) {
            return normalized(rel);
        }
    }
    normalized(arg_path)
}
