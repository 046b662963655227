//! `teamlint check`: every ownership rule over every tracked file.

use super::{exit_code, write_report, write_summary, Io, Workspace};
use crate::cli::{Format, Global};
use crate::error::Result;
use crate::finding::Finding;
use crate::report::{self, CheckReport, Style};
use crate::rules::{self, Context};

pub fn run(g: &Global, paths: &[String], io: &mut Io<'_>, style: &Style) -> Result<u8> {
    let (ws, tracked) = Workspace::load(g, None, &[])?;
    let levels = ws.levels(g)?;
    let analysed = ws.analysed(tracked);
    let files = analysed.len();
    let ownership = ws.resolver.resolve_all(analysed);
    let cx = Context {
        config: &ws.config,
        resolver: &ws.resolver,
        ownership: &ownership,
    };
    let mut findings = levels.apply(rules::ownership(&cx));
    if !paths.is_empty() {
        let cwd = g.repo.clone().unwrap_or_else(|| ".".into());
        let wanted: Vec<String> = paths
            .iter()
            .map(|p| super::repo_relative(&ws.repo, &cwd, p))
            .collect();
        findings.retain(|f| concerns(f, &wanted));
    }
    sort(&mut findings);
    let doc = CheckReport::new(&findings, files, &ws.config.sources);
    let format = g.format.unwrap_or(Format::Human);
    write_report(g, io, &report::check(format, &doc, style))?;
    if g.summary.is_some() {
        write_summary(g, &report::check(Format::Markdown, &doc, style))?;
    }
    Ok(exit_code(g, &findings))
}

/// Does a finding concern one of the paths asked about (a path finding for
/// a file at or under one of them)?
fn concerns(f: &Finding, wanted: &[String]) -> bool {
    let Some(p) = &f.path else {
        return false;
    };
    wanted.iter().any(|w| {
        w.is_empty()
            || p == w
            || p.starts_with(w.as_str()) && p.as_bytes().get(w.len()) == Some(&b'/')
    })
}

pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_cached_key(|f| f.sort_key());
}
