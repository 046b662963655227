//! Placeholder replaced by the real command.

use std::path::Path;

use super::Io;
use crate::cli::Global;
use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::report::Style;

pub fn run(
    _g: &Global,
    _check: bool,
    _write: bool,
    _path: Option<&Path>,
    _io: &mut Io<'_>,
    _style: &Style,
) -> Result<u8> {
    Err(Error::usage("not yet", "later"))
}

/// The CODEOWNERS file GitHub would use (first of .github/, root, docs/),
/// as (repository-relative path, text), if any.
pub fn existing(repo: &Repo) -> Result<Option<(String, String)>> {
    for p in crate::codeowners::LOCATIONS {
        if let Some(text) = repo.read_text(p)? {
            return Ok(Some((p.to_string(), text)));
        }
    }
    Ok(None)
}
