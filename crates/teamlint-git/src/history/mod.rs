//! History: git commits turned into changes (docs/reference.md §3).
//!
//! [`Repo::scan`](crate::repo::Repo::scan) lists the commits of the window and diffs each against its
//! (first) parent, reading raw objects on one thread per core, each with its
//! own `Repository`, over a contiguous run of commits. Objects come straight
//! from the pack files where they can (`packs`: no locks shared between
//! threads, and a delta-base cache that holds a long history's chains),
//! through libgit2 otherwise. Per-commit diffs are
//! kept in a cache under the git dir, so a repeated audit diffs only the
//! commits it has not seen. [`changes::build`] then applies the config:
//! renames, excluded paths, bulk changes and ignored authors.
//!
//! The scan is fastest with two libgit2 settings that are the process's to
//! choose, so the binary sets them at start: objects are not re-hashed on
//! read (a tree that does not parse is treated as missing, never trusted),
//! and libgit2's object cache is off (the differ keeps the trees it needs;
//! the cache, 256 MiB by default, would only hold them twice).
//!
//! The walk measured against gitoxide (gix-traverse 0.61's walk by commit
//! time, newest first, over gix-odb 0.84, without a commit-graph, as the
//! scan reads each commit anyway): every commit from HEAD, on one thread,
//! by `benches/gix_trial.rs` (`-- REPO walk`; medians of 5 interleaved
//! rounds, 3 for a million commits; both list the same commits).
//! Repositories and run as in `packs`. Ours also parses each commit's
//! author and subject, which gix-traverse does not.
//!
//! | operation | repository | both listed | ours ms | gix ms | gix / ours |
//! |---|---|---|---:|---:|---:|
//! | walk by date | git/git | 81,966 commits | 532 | 777 | 1.46 |
//! | walk by date | DataDog/dd-trace-go | 4,250 commits | 32.4 | 47.5 | 1.47 |
//! | walk by date | astral-sh/ruff | 16,863 commits | 160 | 264 | 1.65 |
//! | walk by date | synthetic, 10k commits | 10,001 commits | 34.4 | 54.2 | 1.57 |
//! | walk by date | synthetic, 100k commits | 100,001 commits | 360 | 606 | 1.68 |
//! | walk by date | synthetic, 1M commits | 1,000,001 commits | 3,944 | 6,377 | 1.62 |
//!
//! gix-traverse is slower everywhere, so the walk stays. It would replace
//! about 100 lines of code (the walk and its queue); the grafts, the
//! window's `--since` cut and the cached walk's stop set would have to be
//! put in its terms.

pub mod cache;
pub mod cached;
mod diff;
mod interrupt;
pub mod landed;
mod landed_cache;
mod oid_map;
mod packs;
mod rewrite;
mod tree;
#[cfg(feature = "gix-trial")]
#[doc(hidden)]
pub mod trial;
mod via;

use crate::OrGit;
use std::sync::atomic::AtomicU64;

use git2::{Oid, Repository};

pub use changes::Change;
pub use interrupt::Interrupt;
pub use packs::{Objects, Reader};
use teamlint_core::config::Changeset;
use teamlint_core::error::{Error, Result};
pub use tree::{parse_commit, Differ, Status};
pub use via::Via;

/// Sets libgit2's process-wide settings for the scan (see the module doc):
/// no re-hashing of objects on read, no object cache. The binary calls it
/// once at start, before any repository is opened.
pub fn configure_process() {
    git2::opts::strict_hash_verification(false);
    git2::opts::enable_caching(false);
}

/// The history of a repository, for callers that hold teamlint's `Repo`.
impl crate::repo::Repo {
    /// Reads the history of the window. `cached` is the cache as
    /// [`cache::load`] read it (the caller may read it while doing other
    /// work); with `opts.use_cache`, what this scan adds is written back.
    pub fn scan(
        &self,
        opts: &Options,
        cached: Option<cache::Cached>,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Scan> {
        scan(&self.git, opts, cached, progress)
    }

    /// The landings of `scan` (which must have been run with
    /// [`Options::landings`]) and what each landed. With `use_cache`,
    /// answers are kept in `teamlint/landed.bin` under the git dir and
    /// reused while the ref they came from stays where it was.
    pub fn landed(&self, scan: &Scan, use_cache: bool) -> Result<landed::Landed> {
        landed::landed(&self.git, scan, use_cache)
    }
}

/// One commit's diff against its (first) parent, independent of any config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitDiff {
    pub id: Oid,
    /// Committer time (as `git log --since` uses).
    pub time: i64,
    /// Author time (when the change was first written).
    pub authored: i64,
    /// Author email (an id into [`Scan::authors`]).
    pub author: u32,
    pub parents: u32,
    /// Paths changed (path ids into [`Scan::paths`]).
    pub files: Vec<u32>,
    /// Exact renames in this commit: (old path id, new path id). Both paths
    /// are also in `files`.
    pub renames: Vec<(u32, u32)>,
}

/// What the scan read.
pub struct Scan {
    /// Commits of the window, newest first (topological, then by time).
    pub commits: Vec<CommitDiff>,
    /// Paths, sorted: a path id is also its rank.
    pub paths: Vec<String>,
    /// Author emails, each once.
    pub authors: Vec<String>,
    /// Each commit's subject, as `commits`.
    pub subjects: Vec<String>,
    /// The window's commits on HEAD's first-parent chain (the landed
    /// changes), as indices into `commits`, newest first along the chain.
    /// Filled when [`Options::landings`] asks for it.
    pub landings: Vec<usize>,
    /// The walk the window was taken from (newest first; with the history
    /// cache, the whole history from HEAD): each commit's parents and
    /// times, which the lead-time pass then need not read again. Kept when
    /// [`Options::landings`] asks for it; the subjects are in `subjects`.
    pub walked: Vec<Walked>,
    /// Commits whose objects could not be read.
    pub missing: Vec<Oid>,
    /// Commits diffed in this run (the others came from the cache).
    pub diffed: usize,
}

/// What to scan.
#[derive(Clone, Debug)]
pub struct Options {
    pub changeset: Changeset,
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub use_cache: bool,
    pub threads: usize,
    /// Ctrl-C: stops the diffing and keeps what was done (see `interrupt`).
    pub interrupt: Option<&'static Interrupt>,
    /// Also diff the first-parent merges in commit mode and list the
    /// first-parent chain ([`Scan::landings`]): what lead time needs.
    pub landings: bool,
}

/// String interning (paths, authors): each text once, referred to by id.
/// The index of texts to ids is built only when a new text is interned.
#[derive(Default)]
pub(crate) struct Interner {
    ids: Option<rustc_hash::FxHashMap<String, u32>>,
    pub list: Vec<String>,
}

impl Interner {
    pub fn id(&mut self, text: &str) -> u32 {
        let list = &self.list;
        let ids = self.ids.get_or_insert_with(|| {
            list.iter()
                .enumerate()
                .map(|(i, p)| (p.clone(), i as u32))
                .collect()
        });
        if let Some(&id) = ids.get(text) {
            return id;
        }
        let id = self.list.len() as u32;
        ids.insert(text.to_string(), id);
        self.list.push(text.to_string());
        id
    }

    /// The id of a path given as git's bytes.
    pub(crate) fn id_bytes(&mut self, path: &[u8]) -> u32 {
        self.id(&teamlint_core::pathname::from_bytes(path))
    }

    pub(crate) fn from_list(list: Vec<String>) -> Interner {
        Interner { ids: None, list }
    }
}

/// A commit as the walk read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walked {
    pub id: Oid,
    pub tree: Oid,
    pub parents: Vec<Oid>,
    pub time: i64,
    /// Author time.
    pub authored: i64,
    /// An id into the scan's authors.
    pub author: u32,
    /// The message's subject (for evidence).
    pub subject: String,
    /// The request its message names, if it lands one (a commit with one
    /// parent on HEAD's first-parent chain landed it).
    pub via: Via,
}

/// A whole walk from a head, kept in the cache so that a re-run reads only
/// the commits added since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkCache {
    pub head: Oid,
    pub first_parent: bool,
    /// The whole history from `head`, every commit read. A walk cut at a
    /// window's start, or short of a commit that could not be read, is
    /// kept only to tell which cached diffs are this history's.
    pub whole: bool,
    /// Newest first.
    pub commits: Vec<Walked>,
}

/// Which commits of a walk (newest first) `git log --since` lists from
/// `heads`: a commit older than `since` is left out and its parents are not
/// followed from it (git's streaming walk), so behind a commit dated too
/// early (clock skew) history ends on that line even where it is newer;
/// without `since`, every commit reachable from `heads`.
pub fn members(
    walk: &[Walked],
    heads: &[Oid],
    since: Option<i64>,
    first_parent: bool,
) -> Vec<bool> {
    let at: tree::OidMap<usize> = walk.iter().enumerate().map(|(i, w)| (w.id, i)).collect();
    let mut seen = vec![false; walk.len()];
    let mut ok = vec![false; walk.len()];
    let mut stack: Vec<usize> = heads.iter().filter_map(|h| at.get(h).copied()).collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let c = &walk[i];
        if since.is_some_and(|s| c.time < s) {
            continue;
        }
        ok[i] = true;
        let follow = if first_parent {
            &c.parents[..c.parents.len().min(1)]
        } else {
            &c.parents[..]
        };
        stack.extend(follow.iter().filter_map(|p| at.get(p).copied()));
    }
    ok
}

/// Walks the window's commits from HEAD, newest first by committer time
/// (as `git log` does), reading raw commit objects. Commit mode follows
/// every parent; merge mode only first parents. A commit older than `since`
/// ends its line of history; one newer than `until` is kept (the caller's
/// window leaves it out).
/// Commits in `stop` are neither read nor followed; those met are returned
/// as the second value.
fn walk(
    objects: &mut packs::Reader<'_>,
    rw: &rewrite::Rewrites,
    head: Oid,
    opts: &Options,
    stop: &tree::OidMap<usize>,
    authors: &mut Interner,
    missing: &mut Vec<Oid>,
) -> Result<(Vec<Walked>, Vec<Oid>)> {
    let mut read = |oid: Oid| -> Option<(tree::RawCommit, String, Via)> {
        let (kind, data) = objects.read(oid)?;
        if kind != packs::Kind::Commit {
            return None;
        }
        let mut c = tree::parse_commit(&data)?;
        if let Some(parents) = rw.parents(oid) {
            c.parents = parents.to_vec();
        }
        let subject = tree::subject(&data);
        let via = landed::via_of(&subject, &data);
        Some((c, subject, via))
    };
    let mut seen: tree::OidMap<()> = tree::OidMap::default();
    let mut heap: std::collections::BinaryHeap<Pending> = Default::default();
    let mut read_so_far = 0;
    let mut enqueue = |oid: Oid,
                       heap: &mut std::collections::BinaryHeap<_>,
                       missing: &mut Vec<Oid>| match read(oid) {
        Some((commit, subject, via)) => {
            read_so_far += 1;
            heap.push(Pending {
                time: commit.time,
                seq: read_so_far,
                id: oid,
                commit,
                subject,
                via,
            });
        }
        None => missing.push(oid),
    };
    let mut hits = Vec::new();
    seen.insert(head, ());
    if stop.contains_key(&head) {
        return Ok((Vec::new(), vec![head]));
    }
    enqueue(head, &mut heap, missing);
    let mut out = Vec::new();
    while let Some(Pending {
        time,
        id,
        commit: c,
        subject,
        via,
        ..
    }) = heap.pop()
    {
        if opts.since.is_some_and(|s| time < s) {
            continue;
        }
        let follow: &[Oid] = match opts.changeset {
            Changeset::Merge => &c.parents[..c.parents.len().min(1)],
            Changeset::Commit => &c.parents,
        };
        for &p in follow {
            if seen.insert(p, ()).is_none() {
                if stop.contains_key(&p) {
                    hits.push(p);
                } else {
                    enqueue(p, &mut heap, missing);
                }
            }
        }
        // Commits newer than `until` stay in the walk (the window is a
        // filter on it): the chain of landed changes starts at HEAD.
        out.push(Walked {
            id,
            tree: c.tree,
            parents: c.parents,
            time,
            authored: c.author_time,
            author: authors.id(&c.author_email),
            subject,
            via,
        });
    }
    Ok((out, hits))
}

/// A commit read but not yet emitted by the walk: newest first, and first
/// read first among equal times.
struct Pending {
    time: i64,
    seq: usize,
    id: Oid,
    commit: tree::RawCommit,
    subject: String,
    via: Via,
}

impl Ord for Pending {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.time.cmp(&other.time).then(other.seq.cmp(&self.seq))
    }
}

impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Pending {}

/// The whole walk from `head`: the cached walk's commits still reachable,
/// plus the new ones read now. Returns the walk newest first.
fn walk_with_cache(
    objects: &mut packs::Reader<'_>,
    rw: &rewrite::Rewrites,
    head: Oid,
    opts: &Options,
    prior: WalkCache,
    authors: &mut Interner,
    missing: &mut Vec<Oid>,
) -> Result<Vec<Walked>> {
    let index: tree::OidMap<usize> = prior
        .commits
        .iter()
        .enumerate()
        .map(|(i, w)| (w.id, i))
        .collect();
    let whole = Options {
        since: None,
        until: None,
        ..opts.clone()
    };
    let (fresh, hits) = walk(objects, rw, head, &whole, &index, authors, missing)?;
    // History may have been rewritten: keep only cached commits reachable
    // from where the new walk met the old one.
    let mut reach = vec![false; prior.commits.len()];
    let mut stack: Vec<usize> = hits.iter().filter_map(|h| index.get(h).copied()).collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut reach[i], true) {
            continue;
        }
        let c = &prior.commits[i];
        let follow = if prior.first_parent {
            &c.parents[..c.parents.len().min(1)]
        } else {
            &c.parents[..]
        };
        stack.extend(follow.iter().filter_map(|p| index.get(p).copied()));
    }
    let old = prior
        .commits
        .into_iter()
        .zip(reach)
        .filter(|(_, r)| *r)
        .map(|(c, _)| c);
    // Both lists are newest first: merge them.
    let mut out = Vec::with_capacity(fresh.len() + index.len());
    let mut old = old.peekable();
    for f in fresh {
        while old.peek().is_some_and(|o| o.time > f.time) {
            out.extend(old.next());
        }
        out.push(f);
    }
    out.extend(old);
    Ok(out)
}

/// [`Repo::scan`](crate::repo::Repo::scan) on git2's repository.
pub(crate) fn scan(
    repo: &Repository,
    opts: &Options,
    cached: Option<cache::Cached>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Scan> {
    let mut missing = Vec::new();
    let head = match repo.head() {
        Ok(h) => h.peel_to_commit().git()?.id(),
        Err(e) if crate::repo::is_unborn(&e) => {
            return Ok(Scan {
                commits: Vec::new(),
                paths: Vec::new(),
                authors: Vec::new(),
                subjects: Vec::new(),
                landings: Vec::new(),
                walked: Vec::new(),
                missing,
                diffed: 0,
            })
        }
        Err(e) => return Err(crate::git_error(e)),
    };
    let rw = rewrite::Rewrites::load(repo);
    // The packs are mapped once, for the walk and every diff thread.
    let packs = packs::Packs::open(repo);
    let odb = repo.odb().git()?;
    let mut objects = packs::Reader::new(&packs, &odb);
    // A cache from before the history was rewritten (replace refs, grafts)
    // or deepened (the shallow boundary) is not this history's.
    let cached = cached.filter(|c| opts.use_cache && c.key == rw.key);
    let mut paths = Interner::default();
    let mut authors = Interner::default();
    let mut diffs: Vec<CommitDiff> = Vec::new();
    let first_parent = opts.changeset == Changeset::Merge;
    let mut prior = None;
    if let Some(c) = cached {
        paths = Interner::from_list(c.paths);
        authors = Interner::from_list(c.authors);
        diffs = c.commits;
        prior = c.walk.filter(|w| w.whole && w.first_parent == first_parent);
    }
    // With a cache, the whole history is walked once and kept; a window is
    // then a filter on it. Without one, the walk stops at the window.
    let same_head = prior.as_ref().is_some_and(|w| w.head == head);
    let none = &Default::default();
    // A walk is whole only when every commit on it was read: one missing
    // now (an alternate offline) must be looked for again next time.
    let (mut all, complete) = match prior {
        Some(w) if w.head == head => (w.commits, true),
        Some(w) => (
            walk_with_cache(&mut objects, &rw, head, opts, w, &mut authors, &mut missing)?,
            missing.is_empty(),
        ),
        None => {
            let whole = opts.use_cache && opts.since.is_none();
            let (all, _) = walk(
                &mut objects,
                &rw,
                head,
                opts,
                none,
                &mut authors,
                &mut missing,
            )?;
            (all, whole && missing.is_empty())
        }
    };
    // The walk's cache of delta bases is not the diff threads'.
    drop(objects);
    // HEAD's first-parent chain, as positions in the walk (in merge mode,
    // the walk is that chain).
    let chain = if opts.landings {
        first_parent_chain(&all, head)
    } else {
        Vec::new()
    };
    let mut on_chain = vec![false; if first_parent { 0 } else { all.len() }];
    for &i in &chain {
        if let Some(c) = on_chain.get_mut(i) {
            *c = true;
        }
    }
    // `--since` as git reads it, whether the walk was cut there or cached
    // whole.
    let listed = match opts.since {
        Some(_) => members(&all, &[head], opts.since, first_parent),
        None => vec![true; all.len()],
    };
    let in_window = |i: usize| {
        let w = &all[i];
        opts.until.is_none_or(|u| w.time <= u)
            // Merges are not changes in commit mode (but landed changes).
            && (first_parent || w.parents.len() <= 1 || on_chain[i])
    };
    // The window, as positions in the walk.
    let window: Vec<usize> = (0..all.len())
        .filter(|&i| listed[i] && in_window(i))
        .collect();
    drop(listed);
    let total = window.len() as u64;
    // The cache keeps the last window's diffs first, in walk order: the same
    // window again takes them as they are.
    let same_window = window.len() <= diffs.len()
        && window
            .iter()
            .zip(&diffs)
            .all(|(&i, d)| all[i].id.as_bytes() == d.id.as_bytes());
    let (mut commits, mut others, kept, diffed) = if same_window {
        progress(total, total);
        let others = diffs.split_off(window.len());
        (diffs, others, window, 0)
    } else {
        // Each window commit's diff at its position in the window: the
        // cache's where it has one, diffed now otherwise.
        let at: tree::OidMap<u32> = all.iter().zip(0..).map(|(w, i)| (w.id, i)).collect();
        let mut slot_of = vec![u32::MAX; all.len()];
        for (k, &i) in window.iter().enumerate() {
            slot_of[i] = k as u32;
        }
        let mut slots: Vec<Option<CommitDiff>> = Vec::new();
        slots.resize_with(window.len(), || None);
        let mut others = Vec::new();
        for d in diffs {
            match at.get(&d.id).map(|&i| slot_of[i as usize]) {
                Some(k) if k != u32::MAX => {
                    slots[k as usize].get_or_insert(d);
                }
                _ => others.push(d),
            }
        }
        drop(slot_of);
        let todo: Vec<usize> = (0..window.len()).filter(|&k| slots[k].is_none()).collect();
        let jobs: Vec<diff::Job> = todo
            .iter()
            .map(|&k| {
                let w = &all[window[k]];
                diff::Job {
                    id: w.id,
                    tree: w.tree,
                    base: match w.parents.first() {
                        None => diff::Base::Empty,
                        Some(p) => match at.get(p) {
                            Some(&i) => diff::Base::Tree(all[i as usize].tree),
                            None => diff::Base::Commit(*p),
                        },
                    },
                }
            })
            .collect();
        drop(at);
        let tally = diff::Tally {
            done: AtomicU64::new(total - jobs.len() as u64),
            total,
            progress,
        };
        tally.show();
        let runs = {
            let _armed = opts.interrupt.map(Interrupt::arm);
            diff::diff_commits(repo.path(), &packs, &jobs, opts, &tally)?
        };
        drop(jobs);
        // The runs answer the jobs in order; one stopped part way, its last.
        let mut next = todo.iter();
        for run in runs {
            let ids: Vec<u32> = run.paths.iter().map(|p| paths.id_bytes(p)).collect();
            next.by_ref()
                .take(run.given - run.commits.len())
                .for_each(drop);
            for (r, &k) in run.commits.into_iter().zip(next.by_ref()) {
                match r {
                    Ok((_, c)) => slots[k] = Some(commit_diff(&all[window[k]], c, &ids)),
                    Err(oid) => missing.push(oid),
                }
            }
        }
        let (mut commits, mut kept) = (Vec::with_capacity(slots.len()), Vec::new());
        for (d, &i) in slots.into_iter().zip(&window) {
            if let Some(d) = d {
                commits.push(d);
                kept.push(i);
            }
        }
        (commits, others, kept, todo.len())
    };
    // New paths were numbered as they came; sorted ids let the owners be
    // resolved in one sweep without sorting again.
    if !paths.list.is_sorted() {
        let rank = sort_paths(&mut paths.list);
        for d in commits.iter_mut().chain(&mut others) {
            renumber(d, &rank);
        }
    }
    if opts.use_cache && (!same_window || !same_head) {
        // Ctrl-C waits for the cache to be written whole.
        let _armed = opts.interrupt.map(Interrupt::arm);
        let walk = Some(WalkCache {
            head,
            first_parent,
            whole: complete,
            commits: std::mem::take(&mut all),
        });
        // A cache that cannot be written only costs speed next time.
        let _ = cache::save(
            &cache::path(repo.path()),
            rw.key,
            &paths.list,
            &authors.list,
            commits.iter().chain(&others),
            walk.as_ref(),
        );
        if let Some(w) = walk {
            all = w.commits;
        }
    }
    if opts.interrupt.is_some_and(Interrupt::is_requested) {
        let (message, help) = if opts.use_cache {
            (
                format!(
                    "interrupted: {} of {total} commits diffed; the history cache keeps them",
                    commits.len()
                ),
                "run the audit again to go on from there",
            )
        } else {
            (
                format!("interrupted: {} of {total} commits diffed", commits.len()),
                "without --no-cache, an interrupted audit keeps what it diffed",
            )
        };
        return Err(Error::Interrupted {
            message,
            help: help.to_string(),
        });
    }
    if !missing.is_empty() {
        let what = format!("{} commit(s) could not be read", missing.len());
        if let Some(e) = crate::repo::unsupported::missing_in_partial_clone(repo, &what) {
            return Err(e);
        }
    }
    let landings = {
        let mut slot = vec![usize::MAX; all.len()];
        for (k, &i) in kept.iter().enumerate() {
            slot[i] = k;
        }
        chain
            .iter()
            .map(|&i| slot[i])
            .filter(|&k| k != usize::MAX)
            .collect()
    };
    let subjects = kept
        .iter()
        .map(|&i| std::mem::take(&mut all[i].subject))
        .collect();
    if !opts.landings {
        all = Vec::new();
    }
    Ok(Scan {
        commits,
        paths: paths.list,
        authors: authors.list,
        subjects,
        landings,
        walked: all,
        missing,
        diffed,
    })
}

/// HEAD's first-parent chain through a walk (newest first), as positions
/// in it; it ends where the walk does (the window's edge).
fn first_parent_chain(all: &[Walked], head: Oid) -> Vec<usize> {
    let at: tree::OidMap<usize> = all.iter().enumerate().map(|(i, w)| (w.id, i)).collect();
    let mut chain = Vec::new();
    let mut next = Some(head);
    while let Some(i) = next.and_then(|id| at.get(&id).copied()) {
        chain.push(i);
        next = all[i].parents.first().copied();
    }
    chain
}

/// A cache past its size keeps the half of its entries used most lately
/// (`used`: when an entry was used last).
fn keep_newer_half<K: Eq + std::hash::Hash, V, S: std::hash::BuildHasher>(
    cache: &mut std::collections::HashMap<K, V, S>,
    used: impl Fn(&V) -> u64,
) {
    let mut ages: Vec<u64> = cache.values().map(&used).collect();
    if ages.is_empty() {
        return;
    }
    let half = ages.len() / 2;
    let cut = *ages.select_nth_unstable(half).1;
    cache.retain(|_, v| used(v) > cut);
}

/// Sorts paths in place; returns each old id's new id.
fn sort_paths(paths: &mut Vec<String>) -> Vec<u32> {
    let mut tagged: Vec<(String, u32)> = std::mem::take(paths).into_iter().zip(0..).collect();
    tagged.sort_unstable();
    let mut rank = vec![0; tagged.len()];
    for (new, (path, old)) in tagged.into_iter().enumerate() {
        rank[old as usize] = new as u32;
        paths.push(path);
    }
    rank
}

/// A commit's diff from its walk entry and its run's compact answer;
/// `ids` maps the run's path ids to the scan's.
fn commit_diff(w: &Walked, c: diff::Compact, ids: &[u32]) -> CommitDiff {
    let mut files: Vec<u32> = c.files.iter().map(|&f| ids[f as usize]).collect();
    files.sort_unstable();
    files.dedup();
    CommitDiff {
        id: w.id,
        time: w.time,
        authored: w.authored,
        author: w.author,
        parents: w.parents.len() as u32,
        files,
        renames: c
            .renames
            .iter()
            .map(|&(a, b)| (ids[a as usize], ids[b as usize]))
            .collect(),
    }
}

fn renumber(d: &mut CommitDiff, rank: &[u32]) {
    for f in &mut d.files {
        *f = rank[*f as usize];
    }
    d.files.sort_unstable();
    for (a, b) in &mut d.renames {
        (*a, *b) = (rank[*a as usize], rank[*b as usize]);
    }
}

pub mod changes;
