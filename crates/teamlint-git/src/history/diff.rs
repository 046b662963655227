//! Diffing the window's commits: runs of commits on threads, each turned
//! at once into a compact answer.
//!
//! A run keeps what a change set needs and nothing more: each commit's
//! changed paths as ids into the run's own path table, and its exact
//! renames as pairs of those ids. The blob ids and path bytes of a diff live
//! only while its commit is diffed, so the memory of a scan grows with the
//! paths and changes of the history, not with its deltas.

use crate::OrGit;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use git2::{Oid, Repository};
use rustc_hash::FxHashMap;

use super::packs::Packs;
use super::tree::{self, Status};
use super::Interrupt;
use teamlint_core::error::{Error, Result};

/// The empty blob: empty files are never paired as renames.
const EMPTY_BLOB: [u8; 20] = [
    0xe6, 0x9d, 0xe2, 0x9b, 0xb2, 0xd1, 0xd6, 0x43, 0x4b, 0x8b, 0x29, 0xae, 0x77, 0x5a, 0xd8, 0xc2,
    0xe4, 0x8c, 0x53, 0x91,
];

/// What a commit's tree is compared against.
#[derive(Clone, Copy)]
pub(super) enum Base {
    /// A root commit: the empty tree.
    Empty,
    Tree(Oid),
    /// A parent outside the walk: its tree is read first.
    Commit(Oid),
}

#[derive(Clone, Copy)]
pub(super) struct Job {
    pub id: Oid,
    pub tree: Oid,
    pub base: Base,
}

/// One commit's changes: ids into its run's paths.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Compact {
    pub files: Vec<u32>,
    /// Exact renames: (old path, new path).
    pub renames: Vec<(u32, u32)>,
}

/// A commit's changes, or the commit whose objects could not be read.
pub(super) type Diffed = std::result::Result<(Oid, Compact), Oid>;

/// The answers of a run of jobs, in the jobs' order, with the paths they
/// name. A run stopped part way (Ctrl-C) answers only its last (oldest)
/// jobs: those it diffed, as it diffs oldest first.
#[derive(Default)]
pub(super) struct Run {
    pub paths: Vec<Vec<u8>>,
    /// How many jobs the run was given.
    pub given: usize,
    pub commits: Vec<Diffed>,
}

/// A run's path table while it is built: each path once.
#[derive(Default)]
pub(super) struct Paths(FxHashMap<Vec<u8>, u32>);

impl Paths {
    fn id(&mut self, path: Vec<u8>) -> u32 {
        let next = self.0.len() as u32;
        *self.0.entry(path).or_insert(next)
    }

    /// The paths, each at its id.
    pub(super) fn into_list(self) -> Vec<Vec<u8>> {
        let mut list = vec![Vec::new(); self.0.len()];
        for (p, id) in self.0 {
            list[id as usize] = p;
        }
        list
    }
}

/// A commit's deltas made compact: paths interned, exact renames paired
/// (an added path takes the first deleted path of the same non-empty blob).
fn compact(deltas: Vec<tree::Delta>, paths: &mut Paths) -> Compact {
    let mut files = Vec::with_capacity(deltas.len());
    let mut deleted: HashMap<Oid, Vec<u32>> = HashMap::new();
    let mut added: Vec<(Oid, u32)> = Vec::new();
    let empty = |o: &Oid| o.as_bytes() == EMPTY_BLOB;
    for d in deltas {
        let id = paths.id(d.path);
        files.push(id);
        match (d.status, d.old, d.new) {
            (Status::Deleted, Some(o), _) if !empty(&o) => deleted.entry(o).or_default().push(id),
            (Status::Added, _, Some(n)) if !empty(&n) => added.push((n, id)),
            _ => {}
        }
    }
    let mut renames = Vec::new();
    for (blob, new) in added {
        if let Some(old) = deleted.get_mut(&blob).and_then(Vec::pop) {
            renames.push((old, new));
        }
    }
    Compact { files, renames }
}

/// The window's commits done so far, shown as they are done.
pub(super) struct Tally<'a> {
    pub done: AtomicU64,
    pub total: u64,
    pub progress: &'a (dyn Fn(u64, u64) + Sync),
}

impl Tally<'_> {
    /// Counts `n` more done; returns how many are done.
    fn add(&self, n: u64) -> u64 {
        self.done.fetch_add(n, Ordering::Relaxed) + n
    }

    pub(super) fn show(&self) {
        (self.progress)(self.done.load(Ordering::Relaxed), self.total);
    }
}

/// Diffs commits on several threads, each over a contiguous run (oldest
/// first) so that one commit's trees serve the next. `packs` serve every
/// thread.
pub(super) fn diff_commits(
    git_dir: &Path,
    packs: &Packs,
    jobs: &[Job],
    opts: &super::Options,
    tally: &Tally<'_>,
) -> Result<Vec<Run>> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let threads = opts.threads;
    let threads = if threads > 0 {
        threads
    } else {
        cores.clamp(1, 8)
    }
    .min(jobs.len().div_ceil(64).max(1));
    let chunk = jobs.len().div_ceil(threads);
    let results: Vec<Result<Run>> = std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|run| s.spawn(move || diff_run(git_dir, packs, run, opts.interrupt, tally)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::git("a history thread failed")))
            })
            .collect()
    });
    tally.show();
    results.into_iter().collect()
}

/// Diffs a contiguous run of commits, oldest first, in this thread.
fn diff_run(
    git_dir: &Path,
    packs: &Packs,
    run: &[Job],
    stop: Option<&Interrupt>,
    tally: &Tally<'_>,
) -> Result<Run> {
    let repo = Repository::open(git_dir).git()?;
    let odb = repo.odb().git()?;
    let objects = super::packs::Reader::new(packs, &odb);
    Ok(answer(objects, run, stop, &mut |i| {
        if i % 64 == 63 {
            tally.add(64);
            tally.show();
        } else if i + 1 == run.len() {
            tally.add((run.len() % 64) as u64);
        }
    }))
}

/// Answers a run of jobs (given newest first) from one object database,
/// diffing oldest first, until `stop` is requested; `tick(i)` follows each
/// job done.
pub(super) fn answer(
    objects: super::packs::Reader<'_>,
    run: &[Job],
    stop: Option<&Interrupt>,
    tick: &mut dyn FnMut(usize),
) -> Run {
    let mut differ = tree::Differ::new(objects);
    let mut paths = Paths::default();
    let mut commits = Vec::with_capacity(run.len());
    for (i, job) in run.iter().rev().enumerate() {
        if stop.is_some_and(Interrupt::is_requested) {
            break;
        }
        commits.push(
            diff_one(&mut differ, job)
                .map(|d| (job.id, compact(d, &mut paths)))
                .map_err(|_| job.id),
        );
        differ.next_commit();
        tick(i);
    }
    commits.reverse();
    Run {
        paths: paths.into_list(),
        given: run.len(),
        commits,
    }
}

fn diff_one(
    differ: &mut tree::Differ<'_>,
    job: &Job,
) -> std::result::Result<Vec<tree::Delta>, tree::Missing> {
    let base = match job.base {
        Base::Empty => None,
        Base::Tree(t) => Some(t),
        Base::Commit(c) => Some(differ.commit_tree(c)?),
    };
    differ.diff(base, Some(job.tree))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delta(path: &str, status: Status, old: Option<Oid>, new: Option<Oid>) -> tree::Delta {
        tree::Delta {
            path: path.as_bytes().to_vec(),
            status,
            old,
            new,
        }
    }

    #[test]
    fn renames_pair_equal_non_empty_blobs_and_paths_are_interned_once() {
        let blob = Oid::from_str("1111111111111111111111111111111111111111").unwrap();
        let empty = Oid::from_bytes(&EMPTY_BLOB).unwrap();
        assert_eq!(
            empty.to_string(),
            "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
        );
        let mut paths = Paths::default();
        let c = compact(
            vec![
                delta("a", Status::Deleted, Some(blob), None),
                delta("b", Status::Added, None, Some(blob)),
                delta("e", Status::Deleted, Some(empty), None),
                delta("f", Status::Added, None, Some(empty)),
            ],
            &mut paths,
        );
        assert_eq!(c.files, vec![0, 1, 2, 3]);
        assert_eq!(c.renames, vec![(0, 1)]);
        let again = compact(vec![delta("b", Status::Modified, None, None)], &mut paths);
        assert_eq!(again.files, vec![1]);
        let list = paths.into_list();
        assert_eq!(
            list,
            vec![b"a".to_vec(), b"b".into(), b"e".into(), b"f".into()]
        );
    }
}
