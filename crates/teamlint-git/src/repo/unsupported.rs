//! Repositories teamlint cannot read fully, named as such: a SHA-256
//! repository (libgit2 here reads SHA-1 only) and a treeless partial clone
//! (git fetches missing trees on demand; teamlint reads objects directly
//! and cannot).

use git2::Repository;

use teamlint_core::error::Error;

/// Why a repository did not open, with what to do about it.
pub(crate) fn open_error(what: &str, e: &git2::Error) -> Error {
    if e.message().contains("object format") {
        return Error::git_with_help(
            format!(
                "the repository of {what} uses an object format teamlint cannot read ({})",
                e.message()
            ),
            "teamlint reads SHA-1 repositories only; `git rev-parse --show-object-format` names this one's",
        );
    }
    if e.code() == git2::ErrorCode::Owner {
        // As git says it: the directory is named in the exception to add.
        let dir = e
            .message()
            .split('\'')
            .nth(1)
            .map_or(what, |d| d.trim_end_matches('/'));
        return Error::git_with_help(
            format!(
                "detected dubious ownership in repository at '{dir}': it is owned by another user ({})",
                e.message()
            ),
            format!(
                "if you trust it, add an exception for this directory as git asks: `git config --global --add safe.directory {dir}`"
            ),
        );
    }
    Error::git_with_help(
        format!("{what} is not in a git repository: {}", e.message()),
        "run teamlint inside a git repository, or point at one with -C DIR",
    )
}

/// The filter of a partial clone that leaves trees out (`tree:<depth>`).
pub(crate) fn tree_filter(git: &Repository) -> Option<String> {
    let config = git.config().ok()?;
    let mut entries = config
        .entries(Some(r"remote\..*\.partialclonefilter"))
        .ok()?;
    while let Some(Ok(e)) = entries.next() {
        if let Some(v) = e.value().ok().filter(|v| v.starts_with("tree:")) {
            return Some(v.to_string());
        }
    }
    None
}

/// The error for objects that are missing, worded for a treeless partial
/// clone when this is one; `None` otherwise.
pub(crate) fn missing_in_partial_clone(git: &Repository, what: &str) -> Option<Error> {
    let filter = tree_filter(git)?;
    Some(Error::git_with_help(
        format!("{what}: this is a partial clone without trees (`--filter={filter}`), and teamlint does not fetch missing objects"),
        "clone with `--filter=blob:none` instead (it keeps every tree, which is all teamlint reads), or without a filter",
    ))
}
