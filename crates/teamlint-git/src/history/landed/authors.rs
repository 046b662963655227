//! Author times, read once the walk is done. A walk through the
//! commit-graph file reads no commit object; only the commits a landing
//! landed need theirs, each read once however many landings (stacked pull
//! requests) hold it, and on as many threads as there are cores.

use std::path::Path;

use git2::Oid;

use super::super::packs::{Kind, Packs, Reader};
use super::super::tree;

/// Below this many commits a thread of their own costs more than it saves.
const PER_THREAD: usize = 1024;

/// What a landing landed: the earliest author time and number of its
/// commits whose author times are known, and the commits whose are still
/// to be read.
#[derive(Default)]
pub struct Tally {
    first: Option<i64>,
    count: u32,
    unread: Vec<Oid>,
}

impl Tally {
    pub fn add(&mut self, author_time: i64) {
        self.first = Some(self.first.map_or(author_time, |t| t.min(author_time)));
        self.count += 1;
    }

    pub fn add_unread(&mut self, id: Oid) {
        self.unread.push(id);
    }

    /// The earliest author time and how many commits, once `authors`
    /// holds the unread ones; a commit whose object cannot be read is left
    /// out.
    pub fn finish(&self, authors: &Authors) -> (Option<i64>, u32) {
        let mut out = Tally {
            first: self.first,
            count: self.count,
            unread: Vec::new(),
        };
        for &id in &self.unread {
            if let Some(t) = authors.get(id) {
                out.add(t);
            }
        }
        (out.first, out.count)
    }
}

/// The author times of the tallies' unread commits.
pub struct Authors {
    /// Sorted, each once.
    ids: Vec<Oid>,
    times: Vec<Option<i64>>,
}

impl Authors {
    /// Reads them: `reader` on this thread, and a reader of its own on each
    /// other one (each opens the repository at `git_dir`).
    pub fn read<'t>(
        git_dir: &Path,
        packs: &Packs,
        reader: &mut Reader<'_>,
        tallies: impl Iterator<Item = &'t Tally>,
    ) -> Authors {
        let mut ids: Vec<Oid> = tallies.flat_map(|t| t.unread.iter().copied()).collect();
        ids.sort_unstable();
        ids.dedup();
        // Read in the packs' order (a pack holds commits newest first):
        // pages are met once, and a delta's bases are the ones just read.
        let mut order: Vec<(Option<(usize, u64)>, Oid)> =
            ids.iter().map(|&id| (reader.position(id), id)).collect();
        order.sort_unstable_by_key(|&(at, _)| at.map_or((usize::MAX, 0), |a| a));
        let by_position = order;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = cores.min(ids.len() / PER_THREAD).max(1);
        let chunk = ids.len().div_ceil(threads).max(1);
        let mut chunks = by_position.chunks(chunk);
        let mine = chunks.next().unwrap_or(&[]);
        let times = std::thread::scope(|s| {
            let others: Vec<_> = chunks
                .map(|run| {
                    let handle = s.spawn(move || {
                        let repo = git2::Repository::open(git_dir).ok()?;
                        let odb = repo.odb().ok()?;
                        let mut reader = Reader::new(packs, &odb);
                        Some(read_run(&mut reader, run))
                    });
                    (run, handle)
                })
                .collect();
            let mut times = read_run(reader, mine);
            for (run, handle) in others {
                // A thread that could not open the repository leaves its
                // share to this one.
                match handle.join().ok().flatten() {
                    Some(t) => times.extend(t),
                    None => times.extend(read_run(reader, run)),
                }
            }
            times
        });
        let mut read: Vec<(Oid, Option<i64>)> = by_position
            .into_iter()
            .map(|(_, id)| id)
            .zip(times)
            .collect();
        read.sort_unstable_by_key(|&(id, _)| id);
        let (ids, times) = read.into_iter().unzip();
        Authors { ids, times }
    }

    fn get(&self, id: Oid) -> Option<i64> {
        let at = self.ids.binary_search(&id).ok()?;
        self.times[at]
    }

    /// How many of them could not be read.
    pub fn unreadable(&self) -> usize {
        self.times.iter().filter(|t| t.is_none()).count()
    }
}

fn read_run(reader: &mut Reader<'_>, ids: &[(Option<(usize, u64)>, Oid)]) -> Vec<Option<i64>> {
    let mut buf = Vec::new();
    ids.iter()
        .map(|&(at, id)| match reader.read_head_at(id, at, &mut buf) {
            Some(Kind::Commit) => tree::parse_commit(&buf).map(|c| c.author_time),
            _ => None,
        })
        .collect()
}
