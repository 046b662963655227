//! From commit diffs to changes, under a config: exact renames followed to
//! the current path, excluded paths dropped, bulk changes and ignored
//! authors skipped (docs/reference.md §3).

use rustc_hash::FxHashMap;

use teamlint_core::config::people::author_matches;
pub use teamlint_core::metrics::Change;

use super::Scan;

pub struct Filter<'a> {
    /// Whether a merge is a change (`changeset = "merge"`); in commit mode
    /// a scan holds merges only as landed changes (for lead time).
    pub merges: bool,
    pub renames: bool,
    pub max_changeset: usize,
    pub ignore_authors: &'a [String],
    pub excluded: &'a dyn Fn(&str) -> bool,
}

impl<'a> Filter<'a> {
    /// The filter a config's `[coupling]` table describes.
    pub fn new(c: &'a teamlint_core::config::Coupling, excluded: &'a dyn Fn(&str) -> bool) -> Self {
        Filter {
            merges: c.changeset == teamlint_core::config::Changeset::Merge,
            renames: c.renames,
            max_changeset: c.max_changeset,
            ignore_authors: &c.ignore_authors,
            excluded,
        }
    }
}

pub struct Changes {
    /// Counted changes, newest first; `index` points into `Scan::commits`.
    pub changes: Vec<Change>,
    /// Bulk changes skipped (indices into `Scan::commits`).
    pub skipped_large: Vec<usize>,
    pub skipped_authors: usize,
}

/// The scan's commits as changes, newest first.
pub fn build(scan: &Scan, f: &Filter<'_>) -> Changes {
    build_where(scan, f, true, |_, c| f.merges || c.parents <= 1)
}

/// The scan's landed changes ([`Scan::landings`]) as changes, in the
/// scan's order (newest first): the same renames, excluded paths and bulk
/// limit, but every author (an ignored author's change still landed).
pub fn build_landed(scan: &Scan, f: &Filter<'_>) -> Changes {
    let mut landed = vec![false; scan.commits.len()];
    for &i in &scan.landings {
        landed[i] = true;
    }
    build_where(scan, f, false, |i, _| landed[i])
}

/// Changes from the commits `counted` keeps; every commit's renames apply
/// to the commits older than it.
fn build_where(
    scan: &Scan,
    f: &Filter<'_>,
    skip_authors: bool,
    counted: impl Fn(usize, &super::CommitDiff) -> bool,
) -> Changes {
    let mut alias: FxHashMap<u32, u32> = FxHashMap::default();
    let excluded: Vec<bool> = scan.paths.iter().map(|p| (f.excluded)(p)).collect();
    let ignored: Vec<bool> = scan
        .authors
        .iter()
        .map(|email| f.ignore_authors.iter().any(|a| author_matches(email, a)))
        .collect();
    let mut out = Changes {
        changes: Vec::with_capacity(scan.commits.len()),
        skipped_large: Vec::new(),
        skipped_authors: 0,
    };
    // Newest first: a rename seen here applies to every older commit.
    for (index, c) in scan.commits.iter().enumerate() {
        // In commit mode a merge is no change and its renames are its
        // branch's, which the branch's commits carry.
        if !f.merges && c.parents > 1 && !counted(index, c) {
            continue;
        }
        let resolve = |p: u32| alias.get(&p).copied().unwrap_or(p);
        let mut files: Vec<u32> = if f.renames && !c.renames.is_empty() {
            // A large move renames thousands of files: look the old paths up
            // by binary search.
            let mut old: Vec<u32> = c.renames.iter().map(|r| r.0).collect();
            old.sort_unstable();
            c.files
                .iter()
                .filter(|p| old.binary_search(p).is_err())
                .map(|&p| resolve(p))
                .collect()
        } else if f.renames {
            c.files.iter().map(|&p| resolve(p)).collect()
        } else {
            c.files.clone()
        };
        if f.renames {
            let targets: Vec<(u32, u32)> = c
                .renames
                .iter()
                .map(|&(old, new)| (old, resolve(new)))
                .collect();
            alias.extend(targets);
        }
        if !counted(index, c) {
            continue;
        }
        files.retain(|&p| !excluded[p as usize]);
        files.sort_unstable();
        files.dedup();
        if files.is_empty() {
            continue;
        }
        if skip_authors && ignored[c.author as usize] {
            out.skipped_authors += 1;
            continue;
        }
        if files.len() > f.max_changeset {
            out.skipped_large.push(index);
            continue;
        }
        out.changes.push(Change {
            index,
            time: c.time,
            author: c.author,
            files,
        });
    }
    out
}
