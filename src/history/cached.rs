//! Changes from the history cache alone, for a check that must never scan
//! history (a hook pays milliseconds): the window and the changeset kind of
//! `[coupling]` applied to the commits an earlier audit diffed.

use super::changes::{self, Changes};
use super::{cache, CommitDiff, Scan};
use crate::config::{Changeset, Coupling};

/// The cached changes and the paths their ids name.
pub struct CachedChanges {
    pub changes: Changes,
    pub paths: Vec<String>,
    /// The commits the changes' `index` names: id and time.
    pub commits: Vec<(git2::Oid, i64)>,
}

/// The changes the cache under `git_dir` holds for `coupling`'s window;
/// `None` when there is no cache (or one that cannot be trusted).
pub fn changes(
    git_dir: &std::path::Path,
    coupling: &Coupling,
    excluded: &dyn Fn(&str) -> bool,
    now: i64,
) -> Option<CachedChanges> {
    let cached = cache::load(&cache::path(git_dir))?;
    // A cache from before the history was rewritten (replace refs, grafts)
    // or deepened is not this history's.
    let repo = git2::Repository::open(git_dir).ok()?;
    if cached.key != super::rewrite::Rewrites::load(&repo).key {
        return None;
    }
    let mut commits = cached.commits;
    // Newest first, as a scan lists them.
    commits.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.id.cmp(&b.id)));
    if let Some(since) = coupling.since {
        let since = since.resolve(now);
        commits.retain(|c| c.time >= since);
    }
    let is_change = |c: &CommitDiff| coupling.changeset == Changeset::Merge || c.parents <= 1;
    commits.retain(is_change);
    let scan = Scan {
        subjects: vec![String::new(); commits.len()],
        commits,
        paths: cached.paths,
        authors: cached.authors,
        missing: Vec::new(),
        diffed: 0,
        worker_error: None,
    };
    let changes = changes::build(&scan, &changes::Filter::new(coupling, excluded));
    Some(CachedChanges {
        changes,
        paths: scan.paths,
        commits: scan.commits.iter().map(|c| (c.id, c.time)).collect(),
    })
}
