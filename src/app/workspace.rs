//! The repository and its ownership map, read once for a command.

use std::path::{Path, PathBuf};

use super::Global;
use teamlint_core::config::Config;
use teamlint_core::error::{Error, Result};
use teamlint_core::ownership::Resolver;
use teamlint_core::rules::Levels;
use teamlint_git::repo::{ConfigSources, Repo, Snapshot};

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
    let Some(dir) = g.repo.clone() else {
        return Repo::from_env();
    };
    if !dir.exists() {
        return Err(Error::usage(
            format!("{} does not exist", dir.display()),
            "-C takes a directory inside a git repository",
        ));
    }
    Repo::discover(&dir)
}

/// The CODEOWNERS file GitHub would use (first of .github/, root, docs/),
/// or else GitLab's `.gitlab/CODEOWNERS`, as (repository-relative path,
/// text), if any.
pub fn codeowners(repo: &Repo) -> Result<Option<(String, String)>> {
    teamlint_engine::files::codeowners_in(repo, &Snapshot::Current)
}

/// Turns a user-given path (relative to the current directory, or already
/// repository-relative) into a repository-relative `/` path; a path that
/// cannot be one is kept as given, normalized (see [`repo_path`] for the
/// strict form).
pub fn repo_relative(repo: &Repo, cwd: &Path, arg: &str) -> String {
    repo_path(repo, cwd, arg).unwrap_or_else(|_| normalized(Path::new(arg)))
}

/// A user-given path as a repository-relative `/` path: relative to `cwd`
/// in a work tree (relative to the root in a bare repository). An empty
/// path, the root itself and a path outside the repository are usage
/// errors.
pub fn repo_path(repo: &Repo, cwd: &Path, arg: &str) -> Result<String> {
    let outside = |why: &str| {
        Error::usage(
            format!("`{arg}` {why}"),
            "name a file or directory inside the repository (relative to the current directory, or absolute)",
        )
    };
    if arg.is_empty() {
        return Err(outside("is an empty path"));
    }
    let arg_path = Path::new(arg);
    let rel = match &repo.workdir {
        Some(work) => {
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
            let rel = clean.strip_prefix(&work).map_err(|_| {
                outside(&format!("is outside the repository at {}", work.display()))
            })?;
            normalized(rel)
        }
        None => {
            if arg_path.is_absolute() {
                return Err(outside(
                    "is an absolute path; a bare repository takes paths from its root",
                ));
            }
            let mut depth = 0usize;
            for c in arg_path.components() {
                match c {
                    std::path::Component::ParentDir if depth == 0 => {
                        return Err(outside("leads out of the repository"))
                    }
                    std::path::Component::ParentDir => depth -= 1,
                    std::path::Component::Normal(_) => depth += 1,
                    _ => {}
                }
            }
            normalized(arg_path)
        }
    };
    if rel.is_empty() {
        return Err(outside("is the repository's root, not a path in it"));
    }
    Ok(rel)
}

/// Normal components joined with `/`, each `..` taking one back.
fn normalized(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            // A name already (the arguments are); the bytes of one that is not.
            std::path::Component::Normal(s) => parts.push(match s.to_str() {
                Some(name) => name.to_string(),
                None => teamlint_core::pathname::from_path(s.as_ref()).into_owned(),
            }),
            std::path::Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    parts.join("/")
}
