//! `teamlint check`: every ownership rule over every tracked file.

use super::findings::{apply_baseline, whole_tree};
use super::{exit_code, write_report_with, write_summary, Io, Workspace};
use super::{Format, Global};
use teamlint_core::error::Result;
use teamlint_engine::review::{self, concerns, require_known};
use teamlint_engine::tree::sort;
use teamlint_report::{ChangeSummary, CheckReport, Style};

pub fn run(g: &Global, paths: &[String], io: &mut Io<'_>, style: &Style) -> Result<u8> {
    let (ws, tracked) = Workspace::load(g, None, &[])?;
    let cwd = g.repo.clone().unwrap_or_else(|| ".".into());
    let wanted: Vec<String> = paths
        .iter()
        .map(|p| super::workspace::repo_relative(&ws.repo, &cwd, p))
        .collect();
    require_known(paths, &wanted, &[&tracked])?;
    let (mut findings, files) = whole_tree(g, &ws, tracked)?;
    if !paths.is_empty() {
        findings.retain(|f| concerns(f, &wanted));
    }
    let notes = apply_baseline(g, &ws.repo, &mut findings, paths.is_empty())?;
    sort(&mut findings);
    let mut doc = CheckReport::new(&findings, files, &ws.config.sources);
    doc.notes = notes;
    let format = g.format.unwrap_or(Format::Human);
    write_report_with(g, io, |w| {
        teamlint_report::write_check(format, &doc, style, w)
    })?;
    if g.summary.is_some() {
        write_summary(g, &teamlint_report::check_markdown(&doc))?;
    }
    Ok(exit_code(g, &findings))
}

/// What a change check is asked.
pub struct ChangeArgs<'a> {
    pub staged: bool,
    pub base: Option<&'a str>,
    pub head: Option<&'a str>,
    pub all: bool,
    /// Report only findings about these paths (all when empty).
    pub paths: &'a [String],
}

/// `check --staged` and `check --base`: the review of the change
/// (`teamlint_engine::review`), reported.
pub fn run_change(g: &Global, args: ChangeArgs<'_>, io: &mut Io<'_>, style: &Style) -> Result<u8> {
    let repo = super::workspace::open_repo(g)?;
    let change = match args.base {
        Some(base) if !args.staged => teamlint_git::change::between(&repo, base, args.head)?,
        _ => teamlint_git::change::staged(&repo)?,
    };
    let cwd = g.repo.clone().unwrap_or_else(|| ".".into());
    let wanted: Vec<String> = args
        .paths
        .iter()
        .map(|p| super::workspace::repo_relative(&repo, &cwd, p))
        .collect();
    let review = review::review(
        &repo,
        &change,
        &review::Request {
            files: &g.files(),
            levels: &super::flag_levels(g)?,
            all: args.all,
            paths: args.paths,
            wanted: &wanted,
        },
    )?;
    let mut doc = CheckReport::new(&review.findings, review.counts.files, &review.sources);
    doc.notes = review.notes;
    doc.change = Some(ChangeSummary {
        files: review.counts.files,
        teams: review.counts.teams,
        unowned: review.counts.unowned,
        shared: review.counts.shared,
    });
    // Annotations go on the files a reviewer sees in the diff.
    doc.changed = Some(review.changed.into_iter().collect());
    let format = g.format.unwrap_or(Format::Human);
    write_report_with(g, io, |w| {
        teamlint_report::write_check(format, &doc, style, w)
    })?;
    if g.summary.is_some() {
        write_summary(g, &teamlint_report::check_markdown(&doc))?;
    }
    Ok(exit_code(g, &review.findings))
}
