//! `teamlint ls`: every tracked file with its owner.

use super::{write_report_with, Io, Workspace};
use super::{Format, Global};
use teamlint_core::error::{Error, Result};
use teamlint_report::Style;

pub fn run(
    g: &Global,
    team: Option<&str>,
    unowned: bool,
    io: &mut Io<'_>,
    style: &Style,
) -> Result<u8> {
    let (ws, tracked) = Workspace::load(g, None, &[])?;
    if let Some(t) = team {
        if ws.config.team(t).is_none() {
            let names = ws.config.teams.iter().map(|t| t.name.as_str());
            let help = teamlint_core::suggest::did_you_mean(t, names, || {
                "`teamlint ls` lists every file with its team".into()
            });
            return Err(Error::usage(format!("no team `{t}` in the config"), help));
        }
    }
    let ownership = ws.resolver.resolve_all(ws.analysed(tracked));
    let entries: Vec<_> = ownership
        .paths
        .iter()
        .zip(&ownership.decisions)
        .map(|(p, d)| super::paths::entry(&ws.config, &ws.resolver, p, d))
        .filter(|e| !unowned || e.unowned)
        .filter(|e| team.is_none_or(|t| e.teams.iter().any(|x| x == t)))
        .collect();
    let format = g.format.unwrap_or(Format::Human);
    write_report_with(g, io, |w| {
        teamlint_report::write_paths(format, &entries, false, style, w)
    })?;
    Ok(super::EXIT_OK)
}
