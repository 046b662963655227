//! Landed changes and the commits each one landed (docs/reference.md §3,
//! "Time to value").
//!
//! A landed change is a commit on HEAD's first-parent chain. A merge landed
//! the commits reachable from its other parents and not from its first
//! parent; a squash or rebase landing that names a pull request (`(#N)`) or
//! a merge request (`See merge request group/project!N`) landed the
//! commits of `refs/pull/N/head` (`refs/merge-requests/N/head`) not
//! reachable from its first parent; any other commit landed itself.
//!
//! One walk answers every merge of the window at once: each commit is
//! labelled with the oldest chain commit it is reachable from (its
//! children's largest label, chain commits numbered newest first), in
//! committer-time order as `git log` walks, and the walk stops once every
//! commit still queued is reachable from the chain commit below the
//! window (or from the first one a cached answer covers). A commit whose
//! label is a chain position was landed there. The same walk, carried on
//! lazily, tells each pull-request walk which of its commits the chain
//! already held.

use crate::OrGit;
use git2::{Oid, Repository};
use rustc_hash::FxHashMap;

use super::packs::{self, Kind};
use super::rewrite::Rewrites;
use super::tree::{self, OidMap};
use super::Scan;
use teamlint_core::error::Result;

pub use super::via::Via;

/// One landed change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Landing {
    /// Index into [`Scan::commits`].
    pub index: usize,
    pub via: Via,
    /// Landing committer time.
    pub time: i64,
    /// The earliest author time of the commits it landed; `None`: not
    /// measured (its request's ref is missing, or holds no commit that
    /// the chain did not already have).
    pub first_authored: Option<i64>,
    /// How many commits it landed.
    pub commits: u32,
}

impl Landing {
    /// Lead time in seconds, when measured.
    pub fn lead(&self) -> Option<i64> {
        self.first_authored.map(|a| self.time - a)
    }
}

/// The window's landed changes, newest first along the chain.
pub struct Landed {
    pub landings: Vec<Landing>,
    /// Landings that name a pull request, and how many of them had no ref.
    pub pulls: (usize, usize),
    /// Landings that name a merge request, and how many of them had no ref.
    pub merge_requests: (usize, usize),
    /// Landings answered by this run (the others came from the cache).
    pub computed: usize,
    /// Commits that could not be read (skipped).
    pub missing: usize,
}

/// The landings of `scan` (which must have been run with
/// [`super::Options::landings`]). With `use_cache`, answers are kept in
/// `teamlint/landed.bin` under the git dir and reused while the ref they
/// came from stays where it was.
pub fn landed(repo: &Repository, scan: &Scan, use_cache: bool) -> Result<Landed> {
    let rw = Rewrites::load(repo);
    let cache_path = super::landed_cache::path(repo.path());
    let mut prior = if use_cache {
        super::landed_cache::load(&cache_path)
            .filter(|c| c.key == rw.key)
            .map(|c| c.entries)
            .unwrap_or_default()
    } else {
        FxHashMap::default()
    };
    let ids: Vec<Oid> = scan.landings.iter().map(|&i| scan.commits[i].id).collect();
    let tip = |via: Via| via.ref_name().and_then(|r| repo.refname_to_id(&r).ok());
    let mut answers: Vec<Option<super::landed_cache::Entry>> = ids
        .iter()
        .map(|id| {
            prior
                .get(id)
                .filter(|e| e.via.ref_name().is_none() || tip(e.via) == e.tip)
                .cloned()
        })
        .collect();
    let todo: Vec<usize> = (0..ids.len()).filter(|&k| answers[k].is_none()).collect();
    let mut missing = 0;
    let computed = todo.len();
    if let (Some(&first), Some(&last)) = (todo.first(), todo.last()) {
        let packs = packs::Packs::open(repo);
        let odb = repo.odb().git()?;
        let mut walk = Walk {
            objects: packs::Reader::new(&packs, &odb),
            rw: &rw,
            nodes: Vec::new(),
            at: OidMap::default(),
            heap: Default::default(),
            seq: 0,
            interesting: 0,
            boundary: u32::MAX,
            missing: 0,
        };
        // The chain from the newest landing to answer down to the oldest
        // (with any commit between them that the window left out), then
        // the commit below it: everything reachable from that one was
        // landed before.
        let mut chain: Vec<usize> = Vec::new();
        let mut chain_via: Vec<Via> = Vec::new();
        let oldest = scan.commits[scan.landings[last]].time;
        let mut next = Some(ids[first]);
        while let Some(id) = next {
            let Some((n, via)) = walk.chain_node(id) else {
                break;
            };
            chain.push(n);
            chain_via.push(via);
            next = walk.nodes[n].parents.first().copied();
            // The window's last landing, or (history rewritten under the
            // scan) the window's edge.
            if id == ids[last] || walk.nodes[n].time < oldest {
                break;
            }
        }
        walk.boundary = chain.len() as u32;
        for (pos, &n) in chain.iter().enumerate() {
            walk.nodes[n].label = pos as u32;
            walk.push(n);
        }
        if let Some(b) = chain
            .last()
            .and_then(|&n| walk.nodes[n].parents.first().copied())
            .and_then(|id| walk.node(id))
        {
            walk.nodes[b].label = walk.boundary;
            walk.push(b);
        }
        walk.run(|w| w.interesting == 0);
        // Each commit's landing: the chain position it is labelled with.
        let mut landed: Vec<(Option<i64>, u32)> = vec![(None, 0); chain.len()];
        let on_chain: OidMap<usize> = chain
            .iter()
            .enumerate()
            .map(|(pos, &n)| (walk.nodes[n].id, pos))
            .collect();
        for node in &walk.nodes {
            if node.label < walk.boundary && !on_chain.contains_key(&node.id) {
                let l = &mut landed[node.label as usize];
                l.0 = Some(l.0.map_or(node.author_time, |t: i64| t.min(node.author_time)));
                l.1 += 1;
            }
        }
        for &k in &todo {
            let Some(&pos) = on_chain.get(&ids[k]) else {
                continue;
            };
            let n = chain[pos];
            let via = chain_via[pos];
            let own = walk.nodes[n].author_time;
            let entry = match via {
                Via::Merge => match landed[pos] {
                    (Some(first), count) => entry(via, None, Some(first), count),
                    // A merge that brings nothing new landed itself.
                    (None, _) => entry(via, None, Some(own), 1),
                },
                Via::Itself => entry(via, None, Some(own), 1),
                Via::Pull(_) | Via::MergeRequest(_) => match tip(via) {
                    None => entry(via, None, None, 0),
                    Some(t) => {
                        let (first, count) = walk.request(t, pos as u32);
                        entry(via, Some(t), first, count)
                    }
                },
            };
            answers[k] = Some(entry);
        }
        missing = walk.missing;
    }
    let mut out = Landed {
        landings: Vec::with_capacity(ids.len()),
        pulls: (0, 0),
        merge_requests: (0, 0),
        computed,
        missing,
    };
    for (k, answer) in answers.iter().enumerate() {
        // A landing whose commit could not be read has no answer.
        let Some(e) = answer else { continue };
        let index = scan.landings[k];
        match e.via {
            Via::Pull(_) => {
                out.pulls.0 += 1;
                out.pulls.1 += usize::from(e.tip.is_none());
            }
            Via::MergeRequest(_) => {
                out.merge_requests.0 += 1;
                out.merge_requests.1 += usize::from(e.tip.is_none());
            }
            Via::Merge | Via::Itself => {}
        }
        out.landings.push(Landing {
            index,
            via: e.via,
            time: scan.commits[index].time,
            first_authored: e.first_authored,
            commits: e.commits,
        });
    }
    if use_cache && computed > 0 {
        for (id, e) in ids.iter().zip(answers) {
            if let Some(e) = e {
                prior.insert(*id, e);
            }
        }
        // A cache that cannot be written only costs speed next time.
        let _ = super::landed_cache::save(&cache_path, rw.key, &prior);
    }
    Ok(out)
}

fn entry(
    via: Via,
    tip: Option<Oid>,
    first_authored: Option<i64>,
    commits: u32,
) -> super::landed_cache::Entry {
    super::landed_cache::Entry {
        via,
        tip,
        first_authored,
        commits,
    }
}

/// What a landing's message says about how it came in: a pull request
/// named in the subject as `(#N)` (the last one), or a merge request in
/// the message as `See merge request group/project!N`.
pub(crate) fn via_of(subject: &str, message: &str) -> Via {
    if let Some(n) = pull_number(subject) {
        return Via::Pull(n);
    }
    if let Some(n) = merge_request_number(message) {
        return Via::MergeRequest(n);
    }
    Via::Itself
}

fn pull_number(subject: &str) -> Option<u64> {
    subject.rmatch_indices("(#").find_map(|(at, _)| {
        let rest = &subject[at + 2..];
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        (digits > 0 && rest[digits..].starts_with(')'))
            .then(|| rest[..digits].parse().ok())
            .flatten()
    })
}

fn merge_request_number(message: &str) -> Option<u64> {
    const SAY: &str = "See merge request ";
    message.lines().rev().find_map(|line| {
        let at = line.find(SAY)?;
        let name = line[at + SAY.len()..].split_whitespace().next()?;
        let (project, n) = name.rsplit_once('!')?;
        let n = n.trim_end_matches(|c: char| !c.is_ascii_digit());
        (!project.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .then(|| n.parse().ok())
            .flatten()
    })
}

/// A commit the walk has read.
struct Node {
    id: Oid,
    parents: Vec<Oid>,
    time: i64,
    author_time: i64,
    /// The oldest chain position it is reachable from so far.
    label: u32,
    queued: bool,
}

/// The labelling walk (see the module's doc).
struct Walk<'a, 'o> {
    objects: packs::Reader<'o>,
    rw: &'a Rewrites,
    nodes: Vec<Node>,
    at: OidMap<usize>,
    /// Newest first; among equal times, first pushed first.
    heap: std::collections::BinaryHeap<(i64, std::cmp::Reverse<u64>, usize)>,
    seq: u64,
    /// Queued commits not (yet) known to be reachable from the boundary.
    interesting: usize,
    /// The label of the commit below the chain.
    boundary: u32,
    missing: usize,
}

impl Walk<'_, '_> {
    fn read(&mut self, id: Oid) -> Option<(tree::RawCommit, Vec<u8>)> {
        // The reader reads a replaced commit's replacement.
        match self.objects.read(id) {
            Some((Kind::Commit, data)) => {
                let mut c = tree::parse_commit(&data)?;
                if let Some(parents) = self.rw.parents(id) {
                    c.parents = parents.to_vec();
                }
                Some((c, data))
            }
            _ => None,
        }
    }

    /// The node of a commit, read if new (labelled past every chain
    /// position until a child labels it); `None` if it cannot be read.
    fn node(&mut self, id: Oid) -> Option<usize> {
        if let Some(&n) = self.at.get(&id) {
            return Some(n);
        }
        let Some((c, _)) = self.read(id) else {
            self.missing += 1;
            return None;
        };
        Some(self.add(id, c))
    }

    fn add(&mut self, id: Oid, c: tree::RawCommit) -> usize {
        let n = self.nodes.len();
        self.nodes.push(Node {
            id,
            parents: c.parents,
            time: c.time,
            author_time: c.author_time,
            label: 0,
            queued: false,
        });
        self.at.insert(id, n);
        n
    }

    /// A chain commit's node and how it landed what it landed.
    fn chain_node(&mut self, id: Oid) -> Option<(usize, Via)> {
        let Some((c, data)) = self.read(id) else {
            self.missing += 1;
            return None;
        };
        let via = if c.parents.len() > 1 {
            Via::Merge
        } else {
            via_of(&tree::subject(&data), &tree::message(&data))
        };
        let n = match self.at.get(&id) {
            Some(&n) => n,
            None => self.add(id, c),
        };
        Some((n, via))
    }

    fn push(&mut self, n: usize) {
        let node = &mut self.nodes[n];
        if node.queued {
            return;
        }
        node.queued = true;
        if node.label < self.boundary {
            self.interesting += 1;
        }
        self.seq += 1;
        self.heap.push((node.time, std::cmp::Reverse(self.seq), n));
    }

    /// Pops and labels commits until `done` says so or the history ends.
    fn run(&mut self, done: impl Fn(&Self) -> bool) {
        while !done(self) {
            let Some((_, _, n)) = self.heap.pop() else {
                break;
            };
            self.nodes[n].queued = false;
            let label = self.nodes[n].label;
            if label < self.boundary {
                self.interesting -= 1;
            }
            let parents = self.nodes[n].parents.clone();
            for p in parents {
                let known = self.at.contains_key(&p);
                let Some(pn) = self.node(p) else { continue };
                let node = &mut self.nodes[pn];
                if !known {
                    node.label = label;
                    self.push(pn);
                } else if node.label < label {
                    // A child met late (clock skew) carries it further.
                    if node.queued && node.label < self.boundary && label >= self.boundary {
                        self.interesting -= 1;
                    }
                    node.label = label;
                    if !node.queued {
                        self.push(pn);
                    }
                }
            }
        }
    }

    /// The commits of a request's ref `tip` not reachable from the chain
    /// commit below position `pos`: their earliest author time and count.
    fn request(&mut self, tip: Oid, pos: u32) -> (Option<i64>, u32) {
        let mut seen: OidMap<()> = OidMap::default();
        let mut stack = vec![tip];
        let (mut first, mut count) = (None::<i64>, 0);
        while let Some(id) = stack.pop() {
            if seen.insert(id, ()).is_some() {
                continue;
            }
            let (parents, author_time) = match self.at.get(&id) {
                Some(&n) => (self.nodes[n].parents.clone(), self.nodes[n].author_time),
                None => {
                    let Some((c, _)) = self.read(id) else {
                        self.missing += 1;
                        continue;
                    };
                    // Labelled commits as old as this one are all known
                    // once the walk has passed its time.
                    let time = c.time;
                    self.run(|w| w.heap.peek().is_none_or(|&(t, _, _)| t < time));
                    (c.parents, c.author_time)
                }
            };
            if let Some(&n) = self.at.get(&id) {
                if self.nodes[n].label > pos {
                    continue;
                }
            }
            first = Some(first.map_or(author_time, |t| t.min(author_time)));
            count += 1;
            stack.extend(parents);
        }
        (first, count)
    }
}
