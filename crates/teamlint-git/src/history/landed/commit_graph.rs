//! Commits' parents and committer times from git's commit-graph file
//! (`objects/info/commit-graph`, or the chain under
//! `objects/info/commit-graphs`), which `git gc` and `git fetch` write:
//! a walk reads them there without inflating a single commit.
//!
//! It is read where git reads it: not when `core.commitGraph` is false,
//! nor while replace refs, grafts or a shallow boundary rewrite the
//! history (the file holds the commits as written). A commit the file does
//! not hold (newer than it) is read from its object, as before. A parent
//! position past the file's end is a damaged file: that parent is treated
//! as unreadable.

use git2::{Oid, Repository};
use gix_commitgraph::{Graph, Position};

pub struct CommitGraph {
    graph: Graph,
    len: u32,
}

impl CommitGraph {
    /// The repository's commit-graph, where git would read one.
    /// `rewritten`: replace refs, grafts or a shallow boundary are in
    /// force.
    pub fn open(repo: &Repository, rewritten: bool) -> Option<CommitGraph> {
        if rewritten || !crate::repo::index::is_sha1(repo) {
            return None;
        }
        let enabled = repo
            .config()
            .and_then(|c| c.get_bool("core.commitGraph"))
            .unwrap_or(true);
        if !enabled {
            return None;
        }
        let info = repo.commondir().join("objects").join("info");
        let graph = Graph::from_info_dir(&info).ok()?;
        if graph.object_hash() != gix_hash::Kind::Sha1 {
            return None;
        }
        let len = graph.num_commits();
        Some(CommitGraph { graph, len })
    }

    /// How many commits it holds: positions are below this.
    pub fn len(&self) -> u32 {
        self.len
    }

    /// A commit's position, if the file holds it.
    pub fn lookup(&self, id: Oid) -> Option<u32> {
        let id = gix_hash::oid::try_from_bytes(id.as_bytes()).ok()?;
        self.graph.lookup(id).map(|p| p.0)
    }

    /// The commit at a position (below [`CommitGraph::len`]).
    pub fn id(&self, pos: u32) -> Oid {
        Oid::from_bytes(self.graph.id_at(Position(pos)).as_bytes()).unwrap_or(Oid::ZERO_SHA1)
    }

    /// Its committer time, as git reads it from the file.
    pub fn time(&self, pos: u32) -> i64 {
        self.graph.commit_at(Position(pos)).committer_timestamp() as i64
    }

    /// Its parents' positions into `out` (cleared first), in order; `None`
    /// if the file's entry for them is damaged.
    pub fn parents(&self, pos: u32, out: &mut Vec<u32>) -> Option<()> {
        out.clear();
        for p in self.graph.commit_at(Position(pos)).iter_parents() {
            let p = p.ok()?.0;
            if p >= self.len {
                return None;
            }
            out.push(p);
        }
        Some(())
    }
}
