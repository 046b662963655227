//! teamlint's one git layer: the repository and its index (`repo`), the
//! paths a change touches (`change`), and the history scan that turns
//! commits into changes (`history`). It is the only crate that names git2.

pub mod change;
pub mod history;
pub mod repo;

use teamlint_core::error::{Error, Result};

/// A git2 error as teamlint's: the message git gives.
pub(crate) fn git_error(e: git2::Error) -> Error {
    Error::git(e.message().to_string())
}

/// `?` for git2's results: `repo.head().git()?`.
pub(crate) trait OrGit<T> {
    fn git(self) -> Result<T>;
}

impl<T> OrGit<T> for std::result::Result<T, git2::Error> {
    fn git(self) -> Result<T> {
        self.map_err(git_error)
    }
}
