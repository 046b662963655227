//! A change: the paths a commit-to-be (`check --staged`) or a pull request
//! (`check --base`) touches, with the snapshots on either side of it.
//!
//! The staged change compares the index with HEAD the way `git diff
//! --cached` does: through the index's cache tree, so a directory whose
//! cached id equals HEAD's is skipped without being read. A hook pays for
//! the paths that changed, not for the size of the repository.

use crate::OrGit;
use std::collections::HashMap;

use git2::{ObjectType, Oid, Tree};

use crate::history::Status;
use crate::repo::index_file::{CacheDir, CacheTree, Entry};
use crate::repo::{CommitTree, Repo, Snapshot, StagedIndex};
use teamlint_core::error::{Error, Result};

/// A path the change touches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangedPath {
    pub path: String,
    pub status: Status,
    /// The file's content on the side it exists on, for an added or a
    /// deleted file (an exact rename is a deletion and an addition of the
    /// same content).
    pub blob: Option<Oid>,
}

pub struct Change<'r> {
    /// Sorted by path.
    pub paths: Vec<ChangedPath>,
    pub before: Snapshot<'r>,
    pub after: Snapshot<'r>,
    /// "staged" or "BASE..HEAD" for messages.
    pub label: String,
}

impl Change<'_> {
    /// Paths that exist after the change (added or modified).
    pub fn present(&self) -> impl Iterator<Item = &str> {
        self.paths
            .iter()
            .filter(|p| p.status != Status::Deleted)
            .map(|p| p.path.as_str())
    }

    /// The deleted paths whose content the change adds again at another
    /// path: exact renames, each deletion paired with one addition, as
    /// `git diff -M100%` pairs them. A renamed file is one file changed.
    pub fn renamed_away(&self) -> std::collections::HashSet<&str> {
        let mut added: HashMap<Oid, usize> = HashMap::new();
        for p in &self.paths {
            if let (Status::Added, Some(b)) = (p.status, p.blob) {
                *added.entry(b).or_default() += 1;
            }
        }
        let mut out = std::collections::HashSet::new();
        for p in &self.paths {
            if let (Status::Deleted, Some(b)) = (p.status, p.blob) {
                if let Some(n) = added.get_mut(&b).filter(|n| **n > 0) {
                    *n -= 1;
                    out.insert(p.path.as_str());
                }
            }
        }
        out
    }
}

/// The staged change: the index against HEAD (or against nothing before the
/// first commit).
pub fn staged(repo: &Repo) -> Result<Change<'_>> {
    if repo.is_bare() {
        return Err(Error::usage(
            "--staged needs a working tree; this repository is bare",
            "use `check --base REV --head REV` to check a range of commits",
        ));
    }
    let index = StagedIndex::read(repo)?;
    let head = repo.head_tree()?;
    // An intent-to-add entry (`git add -N`) is not part of the commit.
    let entries: Vec<&Entry> = index.entries.iter().filter(|e| !e.intent_to_add).collect();
    let mut out = Vec::new();
    let mut d = StagedDiff {
        repo,
        out: &mut out,
    };
    let root = index.cache_tree.as_ref().and_then(CacheTree::root);
    d.run(head.as_ref().map(Tree::id), root, &entries)?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    Ok(Change {
        paths: out,
        before: head.map_or(Snapshot::Empty, |t| Snapshot::Tree(CommitTree(t))),
        after: Snapshot::Index(index),
        label: "the staged change".into(),
    })
}

struct StagedDiff<'a, 'r> {
    repo: &'r Repo,
    out: &'a mut Vec<ChangedPath>,
}

/// A directory still to compare: its path (ending in `/`, or empty for
/// the root), HEAD's tree of it, its cache-tree node, and the index entries
/// below it (a range of the whole list).
struct Dir<'c> {
    prefix: Vec<u8>,
    head: Option<Oid>,
    cache: Option<CacheDir<'c>>,
    entries: (usize, usize),
}

impl StagedDiff<'_, '_> {
    fn push(&mut self, path: &[u8], status: Status, blob: Option<Oid>) {
        self.out.push(ChangedPath {
            path: teamlint_core::pathname::from_bytes(path).into_owned(),
            status,
            blob,
        });
    }

    /// Compares HEAD's tree with the index entries, one directory at a
    /// time from a list of its own (a path may nest deeper than the stack
    /// could follow).
    fn run(
        &mut self,
        head: Option<Oid>,
        cache: Option<CacheDir<'_>>,
        all: &[&Entry],
    ) -> Result<()> {
        let mut todo = vec![Dir {
            prefix: Vec::new(),
            head,
            cache,
            entries: (0, all.len()),
        }];
        while let Some(dir) = todo.pop() {
            self.dir(dir, all, &mut todo)?;
        }
        Ok(())
    }

    /// Compares one directory; its changed subdirectories go on `todo`.
    fn dir<'c>(&mut self, dir: Dir<'c>, all: &[&Entry], todo: &mut Vec<Dir<'c>>) -> Result<()> {
        let Dir {
            prefix,
            head,
            cache,
            entries: (from, to),
        } = dir;
        if let (Some(h), Some(c)) = (head, cache) {
            if c.oid().is_some_and(|o| o == h.as_bytes()) {
                return Ok(()); // unchanged since HEAD, by git's own record
            }
        }
        let entries = &all[from..to];
        // The index side of this directory: files, and runs of entries per
        // subdirectory (contiguous, since the index is sorted by path).
        let mut files: HashMap<&[u8], &Entry> = HashMap::new();
        let mut dirs: HashMap<&[u8], (usize, usize)> = HashMap::new();
        let mut i = 0;
        while i < entries.len() {
            let rest = &entries[i].path[prefix.len()..];
            match rest.iter().position(|&b| b == b'/') {
                None => {
                    let e = entries[i];
                    files.insert(rest, e);
                    if e.stage != 0 {
                        // A conflict: the path is changed whatever its sides.
                        while i + 1 < entries.len() && entries[i + 1].path == e.path {
                            i += 1;
                        }
                        self.push(&e.path, Status::Modified, None);
                    }
                    i += 1;
                }
                Some(slash) => {
                    let name = &rest[..slash];
                    let start = i;
                    let dir_prefix = &entries[i].path[..prefix.len() + slash + 1];
                    while i < entries.len() && entries[i].path.starts_with(dir_prefix) {
                        i += 1;
                    }
                    dirs.insert(name, (from + start, from + i));
                }
            }
        }

        let tree = match head {
            Some(h) => Some(self.repo.git.find_tree(h).git()?),
            None => None,
        };
        let mut seen_files: Vec<&[u8]> = Vec::new();
        let mut seen_dirs: Vec<&[u8]> = Vec::new();
        if let Some(tree) = &tree {
            for te in tree.iter() {
                let name = te.name_bytes();
                let mut path = prefix.clone();
                path.extend_from_slice(name);
                if te.kind() == Some(ObjectType::Tree) {
                    path.push(b'/');
                    match dirs.get_key_value(name) {
                        Some((&k, &range)) => {
                            seen_dirs.push(k);
                            todo.push(Dir {
                                prefix: path,
                                head: Some(te.id()),
                                cache: cache.and_then(|c| c.child(name)),
                                entries: range,
                            });
                        }
                        None => self.all(&path, te.id(), Status::Deleted)?,
                    }
                } else {
                    match files.get_key_value(name) {
                        Some((&k, e)) => {
                            seen_files.push(k);
                            if e.stage == 0
                                && (e.oid != te.id().as_bytes() || e.mode != te.filemode() as u32)
                            {
                                self.push(&path, Status::Modified, None);
                            }
                        }
                        None => self.push(&path, Status::Deleted, Some(te.id())),
                    }
                }
            }
        }
        for (name, e) in &files {
            if !seen_files.contains(name) && e.stage == 0 {
                self.push(&e.path, Status::Added, Oid::from_bytes(&e.oid).ok());
            }
        }
        for (name, &(a, b)) in &dirs {
            if !seen_dirs.contains(name) {
                for e in &all[a..b] {
                    self.push(&e.path, Status::Added, Oid::from_bytes(&e.oid).ok());
                }
            }
        }
        Ok(())
    }

    /// Every file under a HEAD subtree (`prefix` ends in `/`), with one
    /// status.
    fn all(&mut self, prefix: &[u8], tree: Oid, status: Status) -> Result<()> {
        let mut paths = Vec::new();
        crate::repo::tree_files(&self.repo.git, tree, prefix, |p, e| {
            paths.push((p.to_vec(), e.id()))
        })?;
        for (p, id) in paths {
            self.push(&p, status, Some(id));
        }
        Ok(())
    }
}

/// The change of a pull request: from the merge base of `base` and `head`
/// to `head`.
pub fn between<'r>(repo: &'r Repo, base: &str, head: Option<&str>) -> Result<Change<'r>> {
    let find = |rev: &str, what: &str| -> Result<git2::Commit<'r>> {
        repo.git
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| {
                let help = if repo.is_shallow() {
                    "this is a shallow clone; fetch the history (in GitHub Actions: `fetch-depth: 0` in actions/checkout)"
                } else {
                    "fetch it first (`git fetch origin BRANCH`), or check the name"
                };
                Error::git_with_help(format!("the {what} revision `{rev}` does not exist here"), help)
            })
    };
    let head_rev = head.unwrap_or("HEAD");
    let head_commit = find(head_rev, "head")?;
    let base_commit = find(base, "base")?;
    let merge_base = repo
        .git
        .merge_base(base_commit.id(), head_commit.id())
        .map_err(|_| {
            Error::git_with_help(
                format!("`{base}` and `{head_rev}` have no common ancestor here"),
                if repo.is_shallow() {
                    "this is a shallow clone: fetch the full history (`fetch-depth: 0`)"
                } else {
                    "are they from the same repository?"
                },
            )
        })?;
    let before = repo
        .git
        .find_commit(merge_base)
        .and_then(|c| c.tree())
        .map_err(|e| repo.object_error(e))?;
    let after = head_commit.tree().map_err(|e| repo.object_error(e))?;
    let objects = repo.objects()?;
    let mut differ = crate::history::Differ::new(objects.reader());
    let deltas = differ
        .diff(Some(before.id()), Some(after.id()))
        .map_err(|_| {
            let what = "objects needed for the diff are missing";
            if let Some(e) = crate::repo::unsupported::missing_in_partial_clone(&repo.git, what) {
                return e;
            }
            Error::git_with_help(what, "fetch the full history (`fetch-depth: 0`)")
        })?;
    let mut paths: Vec<ChangedPath> = deltas
        .into_iter()
        .map(|d| ChangedPath {
            path: teamlint_core::pathname::from_bytes(&d.path).into_owned(),
            status: d.status,
            blob: match d.status {
                Status::Added => d.new,
                Status::Deleted => d.old,
                Status::Modified => None,
            },
        })
        .collect();
    paths.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Change {
        paths,
        before: Snapshot::Tree(CommitTree(before)),
        after: Snapshot::Tree(CommitTree(after)),
        label: format!("{base}...{head_rev}"),
    })
}
