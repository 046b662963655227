//! `teamlint baseline [--write]`: record today's findings.

use super::findings::whole_tree;
use super::Global;
use super::{write_report, Io, Workspace};
use teamlint_core::baseline::Baseline;
use teamlint_core::error::{Error, Result};

pub fn run(g: &Global, write: bool, io: &mut Io<'_>) -> Result<u8> {
    let (ws, tracked) = Workspace::load(g, None, &[])?;
    let (findings, _) = whole_tree(g, &ws, tracked)?;
    let base = Baseline::from_findings(&findings);
    let json = base.to_json();
    if !write {
        write_report(g, io, &json)?;
        if !g.quiet {
            let _ = writeln!(
                io.err,
                "nothing was saved: this is what `teamlint baseline --write` would record ({} finding(s))",
                base.entries.len()
            );
        }
        return Ok(super::EXIT_OK);
    }
    let Some(path) = g.files().baseline_path(&ws.repo) else {
        return Err(Error::usage(
            "a bare repository has no place for the baseline",
            "pass --baseline FILE",
        ));
    };
    let protected = teamlint_core::fsutil::Protected {
        what: "the baseline",
        config: g.config.as_deref(),
        codeowners: true,
        kept: super::kept_places(g, false),
    };
    teamlint_core::fsutil::refuse_protected(&path, &protected)?;
    teamlint_core::fsutil::write_atomic(&path, json.as_bytes())?;
    if !g.quiet {
        let _ = writeln!(
            io.err,
            "recorded {} finding(s) in {}; later checks report only new ones",
            base.entries.len(),
            path.display()
        );
    }
    Ok(super::EXIT_OK)
}
