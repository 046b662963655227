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
//!
//! What it reads: the history scan has already walked the window (with
//! the history cache, the whole history) and kept each commit's parents,
//! commit time and author time ([`super::Scan::walked`]); those are not
//! read again. With a commit-graph file (`commit_graph`; `git gc` writes
//! one) the walk takes parents and commit times from the file and inflates
//! no commit; the author times of the commits landed that the scan did not
//! walk (a pull request's own commits, in a squash-merge history) are read
//! after the walk (`authors`), each once, in pack order, on every core.
//! Without one, each commit met outside the scan is inflated to the end of
//! its header only.
//!
//! Speed (`cargo bench --bench lead_time -- REPO 2025-01-01`, the window
//! 2025-01-01 to now; medians of 5 runs, two rounds on a quiet 2-core
//! machine). The ratio is to `git log --first-parent` plus `git rev-list
//! HEAD REFS --not BOUNDARY`; the `%at` column to the same with
//! `--format=%at`, git reading the author times the pass needs. Before:
//! each commit read again by the pass, and request refs asked of libgit2
//! one by one; after: the scan's commits taken as it walked them.
//!
//! | repository             | graph | pass            | ratio               | `%at`       | cached      |
//! |------------------------|-------|-----------------|---------------------|-------------|-------------|
//! | git/git                | no    | 147 → 86-100 ms | 0.63x → 0.36-0.39x  | 0.32-0.34x  | 0.001x      |
//! | git/git                | yes   | 62 → 15-21 ms   | 1.7x → 0.28-0.51x   | 0.16-0.22x  | 0.008x      |
//! | dd-trace-go, pull refs | no    | 105 → 66-96 ms  | 0.56x → 0.40-0.53x  | 0.32-0.53x  | 0.031-0.036x |
//! | dd-trace-go, pull refs | yes   | 90 → 77-86 ms   | 1.6x → 1.5-1.8x     | 0.53-0.54x  | 0.026-0.041x |
//!
//! A merge history's landed commits are the scan's own, so the pass reads
//! almost nothing. A squash history's are the pull requests' commits,
//! which no scan of HEAD meets: the author time of each (about 10,000 on
//! dd-trace-go, 42% of them stored as deltas) is read from its object,
//! and with a commit-graph file git's reference walk reads no object at
//! all, which keeps that one row above 0.5x (git itself takes 1.9x the
//! pass to read the same author times).

use crate::OrGit;
use git2::{Oid, Repository};
use rustc_hash::FxHashMap;

use super::packs::{self, Kind};
use super::rewrite::Rewrites;
use super::tree::{self, OidMap};
use super::Scan;
use authors::{Authors, Tally};
use commit_graph::CommitGraph;
use tips::Tips;

mod authors;
mod commit_graph;
mod tips;
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

/// [`Repo::landed`](crate::repo::Repo::landed) on git2's repository.
pub(crate) fn landed(repo: &Repository, scan: &Scan, use_cache: bool) -> Result<Landed> {
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
    // Read when a landing names a request.
    let tips = std::cell::OnceCell::new();
    let tip = |via: Via| {
        let name = via.ref_name()?;
        tips.get_or_init(|| Tips::new(repo)).get(&name)
    };
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
        let graph = CommitGraph::open(repo, rw.rewrites());
        let known = Known::of(&scan.walked);
        let mut walk = Walk::new(packs::Reader::new(&packs, &odb), graph, known, &rw);
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
            next = walk.first_parent(n);
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
            .and_then(|&n| walk.first_parent(n))
            .and_then(|id| walk.node(id))
        {
            walk.nodes[b].label = walk.boundary;
            walk.push(b);
        }
        walk.run(|w| w.interesting == 0);
        // Each commit's landing: the chain position it is labelled with.
        let mut landed: Vec<Tally> = (0..chain.len()).map(|_| Tally::default()).collect();
        let mut is_chain = vec![false; walk.nodes.len()];
        for &n in &chain {
            is_chain[n] = true;
        }
        for (n, &on) in is_chain.iter().enumerate() {
            let label = walk.nodes[n].label;
            if label < walk.boundary && !on {
                walk.tally(n, &mut landed[label as usize]);
            }
        }
        let on_chain: OidMap<usize> = chain
            .iter()
            .enumerate()
            .map(|(pos, &n)| (walk.nodes[n].id, pos))
            .collect();
        // What each landing landed; the author times still to read are
        // read at the end, all at once.
        let mut plans: Vec<(usize, Plan)> = Vec::with_capacity(todo.len());
        for &k in &todo {
            let Some(&pos) = on_chain.get(&ids[k]) else {
                continue;
            };
            let n = chain[pos];
            let via = chain_via[pos];
            let mut own = Tally::default();
            let plan = match via {
                Via::Merge => {
                    walk.tally(n, &mut own);
                    Plan::Merge(std::mem::take(&mut landed[pos]), own)
                }
                Via::Itself => {
                    walk.tally(n, &mut own);
                    Plan::Itself(own)
                }
                Via::Pull(_) | Via::MergeRequest(_) => match tip(via) {
                    None => Plan::NoRef(via),
                    Some(t) => Plan::Request(via, t, walk.request(t, pos as u32)),
                },
            };
            plans.push((k, plan));
        }
        let authors = Authors::read(
            repo.path(),
            &packs,
            &mut walk.objects,
            plans.iter().flat_map(|(_, p)| p.tallies()),
        );
        for (k, plan) in plans {
            answers[k] = Some(match plan {
                Plan::Merge(landed, own) => match landed.finish(&authors) {
                    (Some(first), count) => entry(Via::Merge, None, Some(first), count),
                    // A merge that brings nothing new landed itself.
                    (None, _) => entry(Via::Merge, None, own.finish(&authors).0, 1),
                },
                Plan::Itself(own) => entry(Via::Itself, None, own.finish(&authors).0, 1),
                Plan::NoRef(via) => entry(via, None, None, 0),
                Plan::Request(via, t, tally) => {
                    let (first, count) = tally.finish(&authors);
                    entry(via, Some(t), first, count)
                }
            });
        }
        walk.missing += authors.unreadable();
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

/// How a landing is answered once the author times are read.
enum Plan {
    /// What the merge landed, and the merge itself.
    Merge(Tally, Tally),
    Itself(Tally),
    /// A request whose ref is missing.
    NoRef(Via),
    /// A request, its ref's tip, and what it landed.
    Request(Via, Oid, Tally),
}

impl Plan {
    fn tallies(&self) -> impl Iterator<Item = &Tally> {
        let (a, b) = match self {
            Plan::Merge(a, b) => (Some(a), Some(b)),
            Plan::Itself(a) | Plan::Request(_, _, a) => (Some(a), None),
            Plan::NoRef(_) => (None, None),
        };
        a.into_iter().chain(b)
    }
}

/// A commit's header as the scan walked it (grafts applied).
fn header_of(w: &super::Walked) -> tree::RawCommit {
    tree::RawCommit {
        tree: w.tree,
        parents: w.parents.clone(),
        author_email: String::new(),
        author_time: w.authored,
        time: w.time,
    }
}

/// What a commit's message says about how it came in, if it landed on
/// the chain with one parent: a pull request named in the subject as
/// `(#N)` (the last one), or a merge request in the message as `See merge
/// request group/project!N`. `data`: the commit object, `subject` as
/// [`tree::subject`] reads it.
pub(crate) fn via_of(subject: &str, data: &[u8]) -> Via {
    if let Some(n) = pull_number(subject) {
        return Via::Pull(n);
    }
    // Most messages name no merge request: a search of the bytes tells.
    if memchr::memmem::find(data, MERGE_REQUEST.as_bytes()).is_some() {
        if let Some(n) = merge_request_number(&tree::message(data)) {
            return Via::MergeRequest(n);
        }
    }
    Via::Itself
}

const MERGE_REQUEST: &str = "See merge request ";

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
    message.lines().rev().find_map(|line| {
        let at = line.find(MERGE_REQUEST)?;
        let name = line[at + MERGE_REQUEST.len()..].split_whitespace().next()?;
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
    /// Its position in the commit-graph file, which holds its parents; or
    /// [`NOT_IN_GRAPH`], and `parents` holds them as its object names them.
    pos: u32,
    parents: Vec<Oid>,
    time: i64,
    author: Author,
    /// The oldest chain position it is reachable from so far.
    label: u32,
    queued: bool,
}

const NOT_IN_GRAPH: u32 = u32::MAX;

/// A commit's author time, read from its object when first needed (a
/// commit met in the commit-graph file has not been read).
#[derive(Clone, Copy)]
enum Author {
    Unread,
    At(i64),
}

/// The commits the history scan walked: their parents and times, read
/// once for both.
struct Known<'a> {
    walked: &'a [super::Walked],
    at: OidMap<u32>,
}

impl<'a> Known<'a> {
    fn of(walked: &'a [super::Walked]) -> Self {
        Known {
            walked,
            at: walked.iter().zip(0..).map(|(w, i)| (w.id, i)).collect(),
        }
    }

    fn get(&self, id: Oid) -> Option<&'a super::Walked> {
        self.at.get(&id).map(|&i| &self.walked[i as usize])
    }

    fn author(&self, id: Oid) -> Author {
        self.get(id)
            .map_or(Author::Unread, |w| Author::At(w.authored))
    }
}

/// A commit of a request's ref that the labelling walk has not met.
struct Met {
    time: i64,
    parents: Vec<Oid>,
    /// Its author time, if its object was read for its parents.
    author: Option<i64>,
}

/// The labelling walk (see the module's doc).
struct Walk<'a, 'o> {
    objects: packs::Reader<'o>,
    graph: Option<CommitGraph>,
    /// The scan's commits: with the commit-graph file, their author
    /// times; without it, their headers too.
    known: Known<'a>,
    rw: &'a Rewrites,
    nodes: Vec<Node>,
    /// The nodes of commits read from their objects.
    at: OidMap<usize>,
    /// The nodes of the commit-graph file's commits by position, plus one
    /// (0: none yet).
    by_pos: Vec<u32>,
    /// Newest first; among equal times, first pushed first.
    heap: std::collections::BinaryHeap<(i64, std::cmp::Reverse<u64>, usize)>,
    seq: u64,
    /// Queued commits not (yet) known to be reachable from the boundary.
    interesting: usize,
    /// The label of the commit below the chain.
    boundary: u32,
    missing: usize,
    /// Scratch: an object's bytes, a commit's parents' positions.
    buf: Vec<u8>,
    edges: Vec<u32>,
}

impl<'a, 'o> Walk<'a, 'o> {
    fn new(
        objects: packs::Reader<'o>,
        graph: Option<CommitGraph>,
        known: Known<'a>,
        rw: &'a Rewrites,
    ) -> Self {
        let by_pos = vec![0; graph.as_ref().map_or(0, |g| g.len() as usize)];
        Walk {
            objects,
            graph,
            known,
            rw,
            nodes: Vec::new(),
            at: OidMap::default(),
            by_pos,
            heap: Default::default(),
            seq: 0,
            interesting: 0,
            boundary: u32::MAX,
            missing: 0,
            buf: Vec::new(),
            edges: Vec::new(),
        }
    }

    /// A commit's header from its object (parents as grafts give them).
    fn read_header(&mut self, id: Oid) -> Option<tree::RawCommit> {
        // The reader reads a replaced commit's replacement.
        match self.objects.read_head(id, &mut self.buf) {
            Some(Kind::Commit) => self.parse(id, &self.buf),
            _ => None,
        }
    }

    /// A commit's header from its object's bytes, with the parents grafts
    /// give it.
    fn parse(&self, id: Oid, data: &[u8]) -> Option<tree::RawCommit> {
        let mut c = tree::parse_commit(data)?;
        if let Some(parents) = self.rw.parents(id) {
            c.parents = parents.to_vec();
        }
        Some(c)
    }

    /// The node of a commit the walk has met.
    fn find(&self, id: Oid) -> Option<usize> {
        if let Some(&n) = self.at.get(&id) {
            return Some(n);
        }
        let pos = self.graph.as_ref()?.lookup(id)?;
        self.by_pos[pos as usize].checked_sub(1).map(|n| n as usize)
    }

    /// The node of a commit, read if new (labelled past every chain
    /// position until a child labels it); `None` if it cannot be read.
    fn node(&mut self, id: Oid) -> Option<usize> {
        if let Some(&n) = self.at.get(&id) {
            return Some(n);
        }
        if let Some(pos) = self.graph.as_ref().and_then(|g| g.lookup(id)) {
            return Some(self.graph_node(pos));
        }
        if let Some(w) = self.known.get(id) {
            return Some(self.insert(id, header_of(w)));
        }
        let Some(c) = self.read_header(id) else {
            self.missing += 1;
            return None;
        };
        Some(self.insert(id, c))
    }

    /// A node for a commit outside the commit-graph file, from its header.
    fn insert(&mut self, id: Oid, c: tree::RawCommit) -> usize {
        let n = self.nodes.len();
        self.nodes.push(Node {
            id,
            pos: NOT_IN_GRAPH,
            parents: c.parents,
            time: c.time,
            author: Author::At(c.author_time),
            label: 0,
            queued: false,
        });
        self.at.insert(id, n);
        n
    }

    /// A commit's whole object, when it is a commit.
    fn read_whole(&mut self, id: Oid) -> Option<Vec<u8>> {
        match self.objects.read(id) {
            Some((Kind::Commit, data)) => Some(data),
            _ => {
                self.missing += 1;
                None
            }
        }
    }

    /// The node of the commit at a position in the commit-graph file.
    fn graph_node(&mut self, pos: u32) -> usize {
        if let Some(n) = self.by_pos[pos as usize].checked_sub(1) {
            return n as usize;
        }
        let g = self.graph.as_ref().expect("a position in the graph");
        let n = self.nodes.len();
        let id = g.id(pos);
        self.nodes.push(Node {
            id,
            pos,
            parents: Vec::new(),
            time: g.time(pos),
            author: self.known.author(id),
            label: 0,
            queued: false,
        });
        self.by_pos[pos as usize] = n as u32 + 1;
        n
    }

    /// A node's parents' positions in the commit-graph file into
    /// `self.edges`; `false` if they are not there (the node was read
    /// from its object, or the file is damaged there).
    fn graph_parents(&mut self, n: usize) -> bool {
        let pos = self.nodes[n].pos;
        match &self.graph {
            Some(g) if pos != NOT_IN_GRAPH => g.parents(pos, &mut self.edges).is_some(),
            _ => false,
        }
    }

    /// A node's parents.
    fn parents(&mut self, n: usize) -> Vec<Oid> {
        if self.nodes[n].pos == NOT_IN_GRAPH {
            return self.nodes[n].parents.clone();
        }
        if !self.graph_parents(n) {
            self.missing += 1;
            return Vec::new();
        }
        let g = self.graph.as_ref().expect("a node from the graph");
        self.edges.iter().map(|&p| g.id(p)).collect()
    }

    /// A node's author time into `tally`, or the node as one still to
    /// read (a commit met in the commit-graph file).
    fn tally(&self, n: usize, tally: &mut Tally) {
        match self.nodes[n].author {
            Author::At(t) => tally.add(t),
            Author::Unread => tally.add_unread(self.nodes[n].id),
        }
    }

    /// A chain commit's node and how it landed what it landed.
    fn chain_node(&mut self, id: Oid) -> Option<(usize, Via)> {
        // A chain commit the scan did not walk, met for the first time
        // outside the commit-graph file, is read whole once: its header
        // makes the node and its message tells how it landed (reading the
        // header first would inflate it twice).
        let fresh = !self.at.contains_key(&id)
            && self.graph.as_ref().and_then(|g| g.lookup(id)).is_none()
            && self.known.get(id).is_none();
        let mut whole = None;
        let n = if fresh {
            let data = self.read_whole(id)?;
            let Some(c) = self.parse(id, &data) else {
                self.missing += 1;
                return None;
            };
            whole = Some(data);
            self.insert(id, c)
        } else {
            self.node(id)?
        };
        let parents = if self.nodes[n].pos == NOT_IN_GRAPH {
            self.nodes[n].parents.len()
        } else if self.graph_parents(n) {
            self.edges.len()
        } else {
            self.missing += 1;
            return None;
        };
        if parents > 1 {
            return Some((n, Via::Merge));
        }
        // The scan read its message.
        if let Some(w) = self.known.get(id) {
            return Some((n, w.via));
        }
        let data = match whole {
            Some(data) => data,
            None => self.read_whole(id)?,
        };
        if let (Author::Unread, Some(c)) = (self.nodes[n].author, tree::parse_commit(&data)) {
            self.nodes[n].author = Author::At(c.author_time);
        }
        Some((n, via_of(&tree::subject(&data), &data)))
    }

    /// A node's first parent.
    fn first_parent(&mut self, n: usize) -> Option<Oid> {
        if self.nodes[n].pos == NOT_IN_GRAPH {
            return self.nodes[n].parents.first().copied();
        }
        if !self.graph_parents(n) {
            return None;
        }
        let p = *self.edges.first()?;
        Some(self.graph.as_ref()?.id(p))
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

    /// A child labelled `label` reaches node `pn`, met for the first time
    /// (`known` false) or again.
    fn reach(&mut self, pn: usize, known: bool, label: u32) {
        let boundary = self.boundary;
        let node = &mut self.nodes[pn];
        if !known {
            node.label = label;
            self.push(pn);
        } else if node.label < label {
            // A child met late (clock skew) carries it further.
            if node.queued && node.label < boundary && label >= boundary {
                self.interesting -= 1;
            }
            node.label = label;
            if !node.queued {
                self.push(pn);
            }
        }
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
            if self.nodes[n].pos != NOT_IN_GRAPH {
                if !self.graph_parents(n) {
                    self.missing += 1;
                    continue;
                }
                let edges = std::mem::take(&mut self.edges);
                for &p in &edges {
                    let known = self.by_pos[p as usize] != 0;
                    let pn = self.graph_node(p);
                    self.reach(pn, known, label);
                }
                self.edges = edges;
            } else {
                let parents = std::mem::take(&mut self.nodes[n].parents);
                for &p in &parents {
                    let known = self.find(p).is_some();
                    let Some(pn) = self.node(p) else { continue };
                    self.reach(pn, known, label);
                }
                self.nodes[n].parents = parents;
            }
        }
    }

    /// A commit of a request's ref that the walk has not met: its time and
    /// parents (from the commit-graph file, else its object).
    fn meet(&mut self, id: Oid) -> Option<Met> {
        if let Some(g) = &self.graph {
            if let Some(pos) = g.lookup(id) {
                if g.parents(pos, &mut self.edges).is_none() {
                    self.missing += 1;
                    return None;
                }
                return Some(Met {
                    time: g.time(pos),
                    parents: self.edges.iter().map(|&p| g.id(p)).collect(),
                    author: self.known.get(id).map(|w| w.authored),
                });
            }
        }
        if let Some(w) = self.known.get(id) {
            return Some(Met {
                time: w.time,
                parents: w.parents.clone(),
                author: Some(w.authored),
            });
        }
        let Some(c) = self.read_header(id) else {
            self.missing += 1;
            return None;
        };
        Some(Met {
            time: c.time,
            parents: c.parents,
            author: Some(c.author_time),
        })
    }

    /// The commits of a request's ref `tip` not reachable from the chain
    /// commit below position `pos`.
    fn request(&mut self, tip: Oid, pos: u32) -> Tally {
        let mut seen: OidMap<()> = OidMap::default();
        let mut stack = vec![tip];
        let mut tally = Tally::default();
        while let Some(id) = stack.pop() {
            if seen.insert(id, ()).is_some() {
                continue;
            }
            match self.find(id) {
                Some(n) => {
                    if self.nodes[n].label > pos {
                        continue;
                    }
                    self.tally(n, &mut tally);
                    let parents = self.parents(n);
                    stack.extend(parents);
                }
                None => {
                    let Some(met) = self.meet(id) else {
                        continue;
                    };
                    // Labelled commits as old as this one are all known
                    // once the walk has passed its time.
                    let time = met.time;
                    self.run(|w| w.heap.peek().is_none_or(|&(t, _, _)| t < time));
                    let n = self.find(id);
                    if n.is_some_and(|n| self.nodes[n].label > pos) {
                        continue;
                    }
                    match (met.author, n) {
                        (Some(t), _) => tally.add(t),
                        (None, Some(n)) => self.tally(n, &mut tally),
                        (None, None) => tally.add_unread(id),
                    }
                    stack.extend(met.parents);
                }
            }
        }
        tally
    }
}
