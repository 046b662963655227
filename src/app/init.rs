//! `teamlint init [--from-codeowners PATH]`: writes OWNERS.toml, never over
//! an existing one without `--force`, and atomically.

use std::path::Path;

use super::Io;
use crate::cli::Global;
use crate::config::FILE_NAME;
use crate::error::{Error, Result};

pub fn run(g: &Global, from: Option<&Path>, force: bool, io: &mut Io<'_>) -> Result<u8> {
    let repo = super::workspace::open_repo(g)?;
    let Some(workdir) = repo.workdir.clone() else {
        return Err(Error::usage(
            "init needs a working tree; this repository is bare",
            "run it in a clone with a working tree",
        ));
    };
    let target = g.config.clone().unwrap_or_else(|| workdir.join(FILE_NAME));
    if target.exists() && !force {
        return Err(Error::usage(
            format!("{} already exists", target.display()),
            "pass --force to replace it (the old file is replaced atomically, never half-written)",
        ));
    }
    let (text, skipped) = match from {
        Some(path) => {
            let path = if path.is_relative() && !path.exists() {
                workdir.join(path)
            } else {
                path.to_path_buf()
            };
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            let codeowners = String::from_utf8_lossy(&bytes);
            crate::codeowners::import(&codeowners, &path.display().to_string())
        }
        None => (starter(&repo), 0),
    };
    if force {
        crate::fsutil::write_atomic(&target, text.as_bytes())?;
    } else {
        crate::fsutil::create_atomic(&target, text.as_bytes())?;
    }
    if !g.quiet {
        let _ = writeln!(io.err, "wrote {}", target.display());
        if skipped > 0 {
            let _ = writeln!(
                io.err,
                "note: {skipped} CODEOWNERS line(s) that GitHub skips were left out (listed at the top of the file)"
            );
        }
        let _ = writeln!(
            io.err,
            "next: `teamlint check` shows what the map still misses"
        );
    }
    Ok(super::EXIT_OK)
}

/// A first OWNERS.toml: one team owning everything, led by the committer.
fn starter(repo: &crate::repo::Repo) -> String {
    let leader = repo
        .git
        .config()
        .ok()
        .and_then(|c| c.get_string("user.email").ok())
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
        leader = crate::config::toml_string(&leader)
    )
}
