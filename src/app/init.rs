//! `teamlint init [--from-codeowners PATH]`: writes OWNERS.toml, never over
//! an existing one without `--force`, and atomically.

use std::path::{Path, PathBuf};

use super::Global;
use super::Io;
use teamlint_core::codeowners::{Import, Why};
use teamlint_core::config::FILE_NAME;
use teamlint_core::error::{Error, Result};
use teamlint_core::finding::{Finding, Location, RuleId, Severity, Source};
use teamlint_core::pattern::Dialect;
use teamlint_report::{CheckReport, Style};

/// What `init` imports: the CODEOWNERS file, its dialect (detected when
/// not given) and the team to own the map (`--owner`).
pub struct ImportArgs<'a> {
    pub from: Option<&'a Path>,
    pub dialect: Option<Dialect>,
    pub owner: Option<&'a str>,
}

pub fn run(
    g: &Global,
    args: &ImportArgs<'_>,
    force: bool,
    io: &mut Io<'_>,
    style: &Style,
) -> Result<u8> {
    let (from, dialect, owner) = (args.from, args.dialect, args.owner);
    let repo = super::workspace::open_repo(g)?;
    let Some(workdir) = repo.workdir.clone() else {
        return Err(Error::usage(
            "init needs a working tree; this repository is bare",
            "run it in a clone with a working tree",
        ));
    };
    let target = g.config.clone().unwrap_or_else(|| workdir.join(FILE_NAME));
    teamlint_core::fsutil::refuse_kept_place(&target, &super::kept_places(g, true), "the map")?;
    if std::fs::symlink_metadata(&target).is_ok() && !force {
        return Err(Error::usage(
            format!("{} already exists", target.display()),
            "pass --force to replace it (the old file is replaced atomically, never half-written)",
        ));
    }
    let config_at = map_path(&workdir, &target);
    let (text, imported) = match from {
        Some(path) => {
            let path = if path.is_relative() && !path.exists() {
                workdir.join(path)
            } else {
                path.to_path_buf()
            };
            let bytes = teamlint_git::repo::read_user_file(
                &path,
                "the CODEOWNERS file",
                teamlint_core::fsutil::CODEOWNERS_CAP,
            )?;
            let codeowners = String::from_utf8_lossy(&bytes);
            let at = repo_relative(&workdir, &path);
            let origin = path.display().to_string();
            let dialect = dialect.unwrap_or_else(|| {
                teamlint_core::codeowners::detect(at.as_deref().or(Some(&origin)), &codeowners)
            });
            let imported = match dialect {
                Dialect::Github => teamlint_core::codeowners::adopt(
                    &codeowners,
                    &origin,
                    at.as_deref(),
                    config_at.as_deref(),
                    owner,
                ),
                Dialect::Gitlab => teamlint_core::codeowners::gitlab::adopt(
                    &codeowners,
                    &origin,
                    at.as_deref(),
                    config_at.as_deref(),
                    owner,
                ),
            };
            if !imported.errors.is_empty() && !g.quiet {
                // GitLab reads the file despite them, and so does the import.
                let source = Source::new(at.clone().unwrap_or(origin), codeowners.into_owned());
                let findings: Vec<Finding> = imported
                    .errors
                    .iter()
                    .map(|e| {
                        let mut f = Finding::new(
                            RuleId::CodeownersDrift,
                            format!("{} (GitLab: {})", e.message, e.kind.name()),
                        )
                        .at(Location::new(&source, e.span.clone()), e.label.clone())
                        .help(e.help.clone());
                        f.severity = Severity::Warning;
                        f
                    })
                    .collect();
                let sources = [source];
                let doc = CheckReport::new(&findings, 0, &sources);
                let _ = io
                    .err
                    .write_all(teamlint_report::human::findings(&doc, style).as_bytes());
            }
            if let Some(owner) = owner {
                if !imported.team_names.iter().any(|t| t == owner) {
                    let help = teamlint_core::suggest::did_you_mean(
                        owner,
                        imported.team_names.iter().map(String::as_str),
                        || "name one of the teams the CODEOWNERS file has".into(),
                    );
                    return Err(Error::usage(
                        format!("--owner {owner}: the CODEOWNERS file has no such team"),
                        help,
                    ));
                }
            }
            (imported.text.clone(), Some(imported))
        }
        None => {
            if !force {
                refuse_beside_codeowners(&workdir)?;
            }
            (starter(&repo), None)
        }
    };
    let text = format!("#:schema {}\n{text}", teamlint_core::config::schema::URL);
    if force {
        teamlint_core::fsutil::write_atomic(&target, text.as_bytes())?;
    } else {
        teamlint_core::fsutil::create_atomic(&target, text.as_bytes())?;
    }
    if !g.quiet {
        let _ = writeln!(io.err, "wrote {}", target.display());
        match &imported {
            Some(imported) => {
                let _ = io
                    .err
                    .write_all(next_steps(imported, config_at.as_deref()).as_bytes());
            }
            None => {
                let _ = writeln!(
                    io.err,
                    "next: `teamlint check` shows what the map still misses"
                );
            }
        }
    }
    Ok(super::EXIT_OK)
}

/// A starter map beside a CODEOWNERS file would disagree with it about
/// every path it gives another owner; the import would not.
fn refuse_beside_codeowners(workdir: &Path) -> Result<()> {
    let Some(found) = teamlint_core::codeowners::LOCATIONS
        .iter()
        .find(|l| workdir.join(l).is_file())
    else {
        return Ok(());
    };
    Err(Error::usage(
        format!("this repository has a CODEOWNERS file ({found}); a starter {FILE_NAME} would disagree with it"),
        format!(
            "import it without a change in meaning: `teamlint init --from-codeowners {found}`; \
             or pass --force to write the starter anyway"
        ),
    ))
}

/// What to do after an import, one line each.
fn next_steps(imported: &Import, config_at: Option<&str>) -> String {
    let mut out = String::new();
    if imported.skipped > 0 {
        out.push_str(&format!(
            "note: {} CODEOWNERS line(s) that cannot be read were left out (listed at the top of the file)\n",
            imported.skipped
        ));
    }
    match &imported.config_owner {
        Some((team, why)) => {
            let why = match why {
                Why::OwnedCodeowners => "it owned the CODEOWNERS file",
                Why::OwnedItAlready => "the CODEOWNERS lines already gave it that path",
                Why::MostLines => "no single team owned CODEOWNERS; it owns the most lines",
                Why::Named => "--owner named it",
            };
            out.push_str(&format!(
                "note: the map (/{}, the baseline, CODEOWNERS) is owned by team `{team}` ({why}); `--owner TEAM` picks another\n",
                config_at.unwrap_or(FILE_NAME)
            ));
        }
        None if imported.teams == 0 => out.push_str(
            "note: the CODEOWNERS file names no owner; declare a team and give it the map itself\n",
        ),
        None => {}
    }
    if !imported.leaderless.is_empty() {
        const SHOWN: usize = 5;
        let mut names: Vec<String> = imported
            .leaderless
            .iter()
            .take(SHOWN)
            .map(|n| format!("`{n}`"))
            .collect();
        if imported.leaderless.len() > SHOWN {
            names.push(format!("{} more", imported.leaderless.len() - SHOWN));
        }
        out.push_str(&format!(
            "next: fill in `leader` (one person) for the {} team(s) that have none: {}\n",
            imported.leaderless.len(),
            names.join(", ")
        ));
    }
    out.push_str(&adoption_steps());
    out
}

/// The steps that bring a new map in, in the order that works: each one
/// leaves the next with nothing to trip over.
pub fn adoption_steps() -> String {
    [
        "next: `teamlint codeowners --write` regenerates CODEOWNERS from the map (from now on, edit OWNERS.toml and run it again)",
        "next: `teamlint check` shows what the map still misses; `teamlint baseline --write` records it, so that only new findings fail",
        "next: commit OWNERS.toml, CODEOWNERS and teamlint-baseline.json together",
        "next: `teamlint hook install` checks every later commit (`check --staged`)",
    ]
    .iter()
    .map(|l| format!("{l}\n"))
    .collect()
}

/// The repository-relative path of the map being written, for the rule
/// that gives it an owner. The file may not exist yet, so its directory is
/// what is resolved.
fn map_path(workdir: &Path, target: &Path) -> Option<String> {
    let name = target.file_name()?.to_str()?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(match repo_relative(workdir, dir)? {
        d if d.is_empty() => name.to_string(),
        d => format!("{d}/{name}"),
    })
}

/// `path` relative to the working tree, `/`-separated, when it lies inside.
fn repo_relative(workdir: &Path, path: &Path) -> Option<String> {
    let workdir = std::fs::canonicalize(workdir).ok()?;
    let path: PathBuf = std::fs::canonicalize(path).ok()?;
    let rel = path.strip_prefix(&workdir).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// A first OWNERS.toml: one team owning everything, led by the committer.
fn starter(repo: &teamlint_git::repo::Repo) -> String {
    let leader = repo
        .config_string("user.email")
        .unwrap_or_else(|| "you@example.com".into());
    format!(
        r#"# Ownership map: every path has exactly one owning team.
# `teamlint check` lints it; `teamlint explain PATH` shows who owns a path.
version = 1

[settings]
exclude = []                 # not analysed at all, e.g. "vendor/**"
unowned = []                 # may stay unowned, e.g. "LICENSE"
max_teams_per_change = 1

[teams.core]
leader = {leader}
members = []
description = "Owns everything until the code is split among teams"

[[own]]
team = "core"
paths = ["*"]
"#,
        leader = teamlint_core::config::toml_string(&leader)
    )
}
