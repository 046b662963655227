//! The history scan's readers as the gix-trial bench times them (built only
//! with the `gix-trial` feature): the walk and the per-commit tree diff as
//! [`Repo::scan`](crate::repo::Repo::scan) runs them, on one thread,
//! without the history cache.

use git2::{Oid, Repository};
use teamlint_core::config::Changeset;
use teamlint_core::error::Result;

/// The repository's objects, as [`Repo::objects`](crate::repo::Repo::objects)
/// gives them, for a bench that holds git2's repository.
pub fn objects(repo: &Repository) -> Result<super::Objects<'_>> {
    super::Objects::open(repo)
}

/// Where the repository's index file is.
pub fn index_path(repo: &Repository) -> std::path::PathBuf {
    crate::repo::index::path(repo)
}

/// The index as `Repo`'s tracked paths read it.
pub fn index(repo: &Repository) -> Result<crate::repo::index::Loaded> {
    crate::repo::index::load(repo)
}

/// The commits from `head` in the scan's walk order (newest first by
/// committer time, every parent followed), each read and parsed as the
/// scan reads it (parents, author, subject).
pub fn walk(repo: &Repository, head: Oid) -> Result<Vec<Oid>> {
    let store = super::Objects::open(repo)?;
    let mut objects = store.reader();
    let rw = super::rewrite::Rewrites::load(repo);
    let opts = super::Options {
        changeset: Changeset::Commit,
        since: None,
        until: None,
        use_cache: false,
        threads: 1,
        interrupt: None,
        landings: false,
    };
    let mut authors = super::Interner::default();
    let mut missing = Vec::new();
    let (walked, _) = super::walk(
        &mut objects,
        &rw,
        head,
        &opts,
        &Default::default(),
        &mut authors,
        &mut missing,
    )?;
    Ok(walked.into_iter().map(|w| w.id).collect())
}

/// For each commit, the paths it changes against its first parent (all of
/// its files for a root commit), in the differ's order; `None` for a commit
/// whose objects could not be read.
pub fn changed_paths(repo: &Repository, commits: &[Oid]) -> Result<Vec<Option<Vec<Vec<u8>>>>> {
    let store = super::Objects::open(repo)?;
    let mut differ = super::tree::Differ::new(store.reader());
    let mut out = Vec::with_capacity(commits.len());
    for &id in commits {
        let one = (|| {
            let c = differ.read_commit(id).ok()?;
            let base = match c.parents.first() {
                Some(&p) => Some(differ.commit_tree(p).ok()?),
                None => None,
            };
            let deltas = differ.diff(base, Some(c.tree)).ok()?;
            Some(deltas.into_iter().map(|d| d.path).collect())
        })();
        differ.next_commit();
        out.push(one);
    }
    Ok(out)
}
