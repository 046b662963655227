//! `teamlint codeowners [--check | --write] [--path P]`: exports OWNERS.toml
//! as the CODEOWNERS file GitHub reads, or checks that file for drift.

use std::path::Path;

use super::{exit_code, write_report, write_report_with, write_summary, Io, Workspace};
use super::{Format, Global};
use teamlint_core::error::{Error, Result};
use teamlint_core::finding::RuleId;
use teamlint_core::finding::{Finding, Severity};
use teamlint_core::pattern::Dialect;
use teamlint_core::rules::{self, Context};
use teamlint_git::repo::Repo;
use teamlint_report::{CheckReport, Style};

pub fn run(
    g: &Global,
    check: bool,
    write: bool,
    path: Option<&Path>,
    io: &mut Io<'_>,
    style: &Style,
) -> Result<u8> {
    let (ws, tracked) = Workspace::load(g, None, &[])?;
    if write && ws.repo.workdir.is_none() {
        return Err(Error::usage(
            "codeowners --write needs a working tree; this repository is bare",
            "run it in a clone with a working tree, or omit --write to print the file",
        ));
    }
    let existing = super::workspace::codeowners(&ws.repo)?;
    let target = match path {
        Some(p) => p.to_string_lossy().replace('\\', "/"),
        None => existing.as_ref().map_or_else(
            || match ws.config.dialect {
                Dialect::Github => teamlint_core::codeowners::LOCATIONS[0].to_string(),
                Dialect::Gitlab => ".gitlab/CODEOWNERS".to_string(),
            },
            |(p, _)| p.clone(),
        ),
    };
    if check {
        return run_check(g, &ws, tracked, &target, path.is_none(), io, style);
    }

    let workdir = ws.repo.workdir.as_deref().unwrap_or(Path::new("."));
    let file = workdir.join(&target);
    // The export is written over the file it replaces, keeping its layout.
    let previous = match ws.repo.workdir {
        Some(_) => teamlint_core::fsutil::read_path(&file, teamlint_core::fsutil::CODEOWNERS_CAP)
            .ok()
            .flatten()
            .map(|b| String::from_utf8_lossy(&b).into_owned()),
        None => read(&ws.repo, &target)?,
    };
    let text = teamlint_core::codeowners::export(&ws.config, previous.as_deref())
        .map_err(|e| Error::usage(e.to_string(), e.help()))?;
    if !write {
        write_report(g, io, &text)?;
        return Ok(super::EXIT_OK);
    }
    let protected = teamlint_core::fsutil::Protected {
        what: "the CODEOWNERS export",
        config: g.config.as_deref(),
        codeowners: false,
        kept: super::kept_places(g, true),
    };
    teamlint_core::fsutil::refuse_protected(&file, &protected)?;
    let unchanged = teamlint_core::fsutil::read_path(&file, teamlint_core::fsutil::CODEOWNERS_CAP)
        .is_ok_and(|old| old.as_deref() == Some(text.as_bytes()));
    if !unchanged {
        teamlint_core::fsutil::write_atomic(&file, text.as_bytes())?;
    }
    if !g.quiet {
        let verb = if unchanged { "is up to date:" } else { "wrote" };
        let _ = writeln!(io.err, "{verb} {target}");
        if let Some((used, _)) = existing.filter(|(p, _)| *p != target) {
            if shadows(ws.config.dialect, &used, &target) {
                let _ = writeln!(
                    io.err,
                    "warning: {} reads {used} before {target}; remove {used} or pass --path {used}",
                    match ws.config.dialect {
                        Dialect::Github => "GitHub",
                        Dialect::Gitlab => "GitLab",
                    }
                );
            }
        }
    }
    Ok(super::EXIT_OK)
}

/// Does GitHub (or GitLab) read `used` instead of `target`? (Both are
/// known locations, `used` first.)
fn shadows(dialect: Dialect, used: &str, target: &str) -> bool {
    let places = teamlint_core::codeowners::locations(dialect);
    let rank = |p: &str| places.iter().position(|l| *l == p);
    match (rank(used), rank(target)) {
        (Some(u), Some(t)) => u < t,
        (Some(_), None) => true,
        _ => false,
    }
}

/// `--check`: every analysed file, resolved through the CODEOWNERS file and
/// through OWNERS.toml, with the same comparison as `codeowners-drift`.
fn run_check(
    g: &Global,
    ws: &Workspace,
    tracked: Vec<String>,
    target: &str,
    searched: bool,
    io: &mut Io<'_>,
    style: &Style,
) -> Result<u8> {
    let analysed = ws.analysed(tracked);
    let files = analysed.len();
    let ownership = ws.resolver.resolve_all(analysed);
    let cx = Context {
        config: &ws.config,
        resolver: &ws.resolver,
        ownership: &ownership,
    };
    let text = read(&ws.repo, target)?;
    let mut findings = match &text {
        Some(text) => rules::codeowners_drift::check(&cx, target, text),
        None => {
            let message = if searched {
                match ws.config.dialect {
                    Dialect::Github => format!(
                        "no CODEOWNERS file (GitHub looks for {})",
                        teamlint_core::codeowners::LOCATIONS.join(", ")
                    ),
                    Dialect::Gitlab => format!(
                        "no CODEOWNERS file (GitLab looks for {})",
                        teamlint_core::codeowners::GITLAB_LOCATIONS.join(", ")
                    ),
                }
            } else {
                format!("no CODEOWNERS file at `{target}`")
            };
            vec![Finding::new(RuleId::CodeownersDrift, message)
                .path(target)
                .help(format!(
                    "create it from OWNERS.toml with `teamlint codeowners --write{}`",
                    if searched {
                        String::new()
                    } else {
                        format!(" --path {target}")
                    }
                ))]
        }
    };
    // Asked for explicitly, the check is not subject to `[rules]` levels.
    for f in &mut findings {
        f.severity = Severity::Error;
    }
    teamlint_engine::tree::sort(&mut findings);
    // Syntax errors point into the CODEOWNERS file: its text is a source.
    let mut sources = ws.config.sources.clone();
    if let Some(text) = text {
        sources.push(teamlint_core::finding::Source::new(
            target.to_string(),
            text,
        ));
    }
    let mut doc = CheckReport::new(&findings, files, &sources);
    if findings.is_empty() {
        doc.notes
            .push(format!("{target} resolves every file as OWNERS.toml does"));
    }
    let format = g.format.unwrap_or(Format::Human);
    write_report_with(g, io, |w| {
        teamlint_report::write_check(format, &doc, style, w)
    })?;
    if g.summary.is_some() {
        write_summary(g, &teamlint_report::check_markdown(&doc))?;
    }
    Ok(exit_code(g, &findings))
}

/// The CODEOWNERS text at a repository-relative path (or an absolute one).
fn read(repo: &Repo, target: &str) -> Result<Option<String>> {
    let p = Path::new(target);
    if !p.is_absolute() {
        return repo.read_text(target);
    }
    match teamlint_core::fsutil::read_path(p, teamlint_core::fsutil::CODEOWNERS_CAP) {
        Ok(bytes) => Ok(bytes.map(|b| String::from_utf8_lossy(&b).into_owned())),
        Err(refusal) => Err(refusal.into_error(p.display(), "the CODEOWNERS file")),
    }
}
