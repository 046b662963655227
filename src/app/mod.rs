//! Commands: each reads what it needs, runs rules, and hands a report to
//! `report`. Nothing here prints directly; output goes through [`Io`].

mod audit;
mod baseline_cmd;
mod check;
mod codeowners_cmd;
mod explain;
mod hook;
mod init;
mod ls;
mod rules_cmd;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{Cli, ColorChoice, Command, Format, Global};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};
use crate::ownership::Resolver;
use crate::repo::{ConfigSources, Repo};
use crate::report::{self, Style};
use crate::rules::Levels;

/// Exit statuses, as documented in `--help`.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

/// Where a run writes: the report stream and the log stream.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// Is standard output a terminal? (colour, human paging)
    pub out_is_terminal: bool,
    /// Is standard error a terminal? (progress bars)
    pub err_is_terminal: bool,
}

/// Runs a parsed command line and returns the exit status.
pub fn run(cli: Cli, io: &mut Io<'_>) -> u8 {
    let style = style(&cli.global, io);
    match dispatch(&cli, io, &style) {
        Ok(code) => code,
        Err(Error::Config {
            mut findings,
            sources,
        }) => {
            check::sort(&mut findings);
            let format = cli.global.format.unwrap_or(Format::Human);
            let mut doc = report::CheckReport::new(&findings, 0, &sources);
            doc.config_failed = true;
            let rendered = report::check(format, &doc, &style);
            if let Err(e) = write_report(&cli.global, io, &rendered) {
                report::human::error(io.err, &e, &style);
            }
            EXIT_FAILURE
        }
        Err(e) => {
            report::human::error(io.err, &e, &style);
            EXIT_FAILURE
        }
    }
}

fn dispatch(cli: &Cli, io: &mut Io<'_>, style: &Style) -> Result<u8> {
    let g = &cli.global;
    match &cli.command {
        Command::Rules { name } => rules_cmd::run(name.as_deref(), g, io, style),
        Command::Init {
            from_codeowners,
            force,
        } => init::run(g, from_codeowners.as_deref(), *force, io),
        Command::Check {
            paths,
            staged,
            base,
            head,
        } => {
            if *staged || base.is_some() {
                return check::run_change(g, *staged, base.as_deref(), head.as_deref(), io, style);
            }
            check::run(g, paths, io, style)
        }
        Command::Explain { paths } => explain::run(g, paths, io, style),
        Command::Ls { team, unowned } => ls::run(g, team.as_deref(), *unowned, io, style),
        Command::Audit(args) => audit::run(g, args, io, style),
        Command::Hook {
            action: crate::cli::HookAction::Install { force },
        } => hook::install(g, *force, io),
        Command::Codeowners { check, write, path } => {
            codeowners_cmd::run(g, *check, *write, path.as_deref(), io, style)
        }
        Command::Baseline { write } => baseline_cmd::run(g, *write, io),
        Command::HistoryWorker { git_dir } => {
            let mut stdin = std::io::stdin().lock();
            crate::history::worker::serve(git_dir, &mut stdin, io.out)
                .map(|()| EXIT_OK)
                .map_err(|e| Error::io(git_dir, e))
        }
    }
}

fn style(g: &Global, io: &Io<'_>) -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let to_terminal = g.output.is_none() && io.out_is_terminal;
    let color = match g.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && !no_color,
    };
    Style {
        color,
        width: if to_terminal { terminal_width() } else { 80 },
        quiet: g.quiet,
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

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
        Ok(Levels::new(Some(&self.config), &flag_levels(g)?))
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

/// `-D/-W/-A` flags, in the order given per kind; unknown names are usage errors.
pub fn flag_levels(g: &Global) -> Result<Vec<(String, Severity)>> {
    let mut out = Vec::new();
    for (names, sev) in [
        (&g.allow, Severity::Allow),
        (&g.warn, Severity::Warning),
        (&g.deny, Severity::Error),
    ] {
        for name in names {
            if name != "all" && crate::rules::lookup(name).is_none() {
                return Err(crate::suggest::unknown_rule(name));
            }
            out.push((name.clone(), sev));
        }
    }
    Ok(out)
}

/// Writes the report to `--output` (atomically) or standard output.
pub fn write_report(g: &Global, io: &mut Io<'_>, text: &str) -> Result<()> {
    write_report_with(g, io, |w| w.write_all(text.as_bytes()))
}

/// [`write_report`] of what `write` writes, as it writes it (`write`
/// buffers its own small writes).
pub fn write_report_with(
    g: &Global,
    io: &mut Io<'_>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    match &g.output {
        Some(path) => crate::fsutil::write_atomic_with(path, write),
        None => write(&mut *io.out)
            .and_then(|()| io.out.flush())
            .or_else(|e| {
                // A closed pipe (`teamlint ls | head`) is not a failure.
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    Ok(())
                } else {
                    Err(e)
                }
            })
            .map_err(|e| Error::io("<stdout>", e)),
    }
}

/// Appends the Markdown report to `--summary`, if given.
pub fn write_summary(g: &Global, markdown: &str) -> Result<()> {
    let Some(path) = &g.summary else {
        return Ok(());
    };
    crate::fsutil::append(path, markdown.as_bytes())
}

/// Exit status for a set of reported findings.
pub fn exit_code(g: &Global, findings: &[Finding]) -> u8 {
    if !g.exit_zero && findings.iter().any(|f| f.severity == Severity::Error) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
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
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            std::path::Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    parts.join("/")
}
