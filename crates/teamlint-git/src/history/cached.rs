//! Changes from the history cache alone, for a check that must never scan
//! history (a hook pays milliseconds): the window and the changeset kind of
//! `[coupling]` applied to the commits an earlier audit diffed.

use super::changes::{self, Changes};
use super::{cache, CommitDiff, Scan};
use teamlint_core::config::{Changeset, Coupling};

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
    // Only the commits of HEAD's history count: a cache also holds diffs
    // of branches since deleted, of history since rewritten, or (copied)
    // of another clone's. Its walk says which commits its head reaches;
    // HEAD reaches those its merge bases with that head reach.
    let walk = cached.walk?;
    let head = repo.head().ok()?.peel_to_commit().ok()?.id();
    let anchors: Vec<git2::Oid> =
        if walk.head == head || repo.graph_descendant_of(head, walk.head).unwrap_or(false) {
            vec![walk.head]
        } else {
            repo.merge_bases(head, walk.head)
                .ok()?
                .iter()
                .copied()
                .collect()
        };
    if anchors.is_empty() {
        return None;
    }
    let since = coupling.since.map(|s| s.resolve(now));
    let listed = super::members(&walk.commits, &anchors, since, walk.first_parent);
    let ours: super::tree::OidMap<()> = walk
        .commits
        .iter()
        .zip(listed)
        .filter(|(_, l)| *l)
        .map(|(w, _)| (w.id, ()))
        .collect();
    let mut commits = cached.commits;
    commits.retain(|c| ours.contains_key(&c.id));
    // Newest first, as a scan lists them.
    commits.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.id.cmp(&b.id)));
    let is_change = |c: &CommitDiff| coupling.changeset == Changeset::Merge || c.parents <= 1;
    commits.retain(is_change);
    let scan = Scan {
        subjects: vec![String::new(); commits.len()],
        commits,
        landings: Vec::new(),
        walked: Vec::new(),
        paths: cached.paths,
        authors: cached.authors,
        missing: Vec::new(),
        diffed: 0,
    };
    let changes = changes::build(&scan, &changes::Filter::new(coupling, excluded));
    Some(CachedChanges {
        changes,
        paths: scan.paths,
        commits: scan.commits.iter().map(|c| (c.id, c.time)).collect(),
    })
}
