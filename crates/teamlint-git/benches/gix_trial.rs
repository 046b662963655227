//! teamlint's own git readers against gitoxide's, timed on the same jobs
//! in interleaved rounds (the median of each), with a check that both
//! answers agree:
//!
//! - `read`: every commit of HEAD's history, and every tree the first
//!   [`WINDOW`] of them reach, read whole (`history::packs` against
//!   gix-odb with a 48 MiB delta-base cache, the size ours keeps);
//! - `diff`: for each of HEAD's first [`WINDOW`] commits, the paths it
//!   changes against its first parent (`history::tree`'s differ against
//!   gix-diff's tree diff with a recorder of paths, over gix-odb with a
//!   16 MiB object cache, the size of our tree cache);
//! - `walk`: the commits from HEAD newest first by committer time (the
//!   scan's walk, which also parses each commit's author and subject,
//!   against gix-traverse's walk by commit time, without a commit-graph);
//! - `index`: the repository's index, every entry's path (`repo::index`
//!   against gix-index with its checksum not verified, as ours does not);
//!   again with gix-index on one thread, and with ours reduced to the
//!   file read and parsed (no config look-up, no split index to join).
//!
//!     cargo bench -p teamlint-git --features gix-trial --bench gix_trial -- REPO [JOBS] [ROUNDS]
//!
//! JOBS: a comma-separated list of the above (default: all; `index` is
//! skipped where there is no index file). ROUNDS: default 5, after one
//! warm-up round of each. Each row printed is `| operation | repository |
//! ours ms | gix ms | gix / ours | what both answered |`, or DIFFER (and
//! where, on stderr) when the answers disagree.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::Command;
use std::time::Instant;

use git2::Oid;
use gix_object::FindExt;
use teamlint_git::history;

/// The commits of the `read` job's trees and of the `diff` job.
const WINDOW: usize = 10_000;

/// Delta bases ours keeps per reader, given to gix-odb too.
const PACK_CACHE: usize = 48 << 20;

/// Trees our differ keeps, given to gix-odb's object cache for the diff.
const OBJECT_CACHE: usize = 16 << 20;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(path) = args.first() else {
        eprintln!("usage: gix_trial REPO [read,diff,walk,index] [ROUNDS]");
        std::process::exit(2);
    };
    let jobs: Vec<String> = args
        .get(1)
        .map_or("read,diff,walk,index", String::as_str)
        .split(',')
        .map(str::to_string)
        .collect();
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    history::configure_process();
    let repo = git2::Repository::open(path).expect("a git repository");
    let name = std::path::Path::new(path)
        .components()
        .rev()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .find(|c| c != "repo" && c != ".git")
        .unwrap_or_default();
    let head = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .expect("HEAD")
        .id();
    let history = rev_list(path);
    eprintln!("{name}: {} commits from HEAD", history.len());
    for job in &jobs {
        match job.as_str() {
            "read" => read(&repo, &name, &history, rounds),
            "diff" => diff(&repo, &name, &history, rounds),
            "walk" => walk(&repo, &name, head, rounds),
            "index" if history::trial::index_path(&repo).is_file() => index(&repo, &name, rounds),
            "index" => {}
            other => panic!("unknown job {other}"),
        }
    }
}

/// HEAD's history, as git lists it.
fn rev_list(path: &str) -> Vec<Oid> {
    let out = Command::new("git")
        .args(["-C", path, "rev-list", "HEAD"])
        .output()
        .expect("git rev-list");
    assert!(out.status.success(), "git rev-list failed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| Oid::from_str(l).expect("an id"))
        .collect()
}

fn gix_id(oid: Oid) -> gix_hash::ObjectId {
    gix_hash::ObjectId::try_from(oid.as_bytes()).expect("a SHA-1 id")
}

fn gix_odb(repo: &git2::Repository, object_cache: usize) -> gix_odb::Handle {
    let mut odb = gix_odb::at(repo.commondir().join("objects"), gix_hash::Kind::Sha1)
        .expect("gix-odb opens the objects");
    odb.set_pack_cache(|| Box::new(gix_pack::cache::lru::MemoryCappedHashmap::new(PACK_CACHE)));
    if object_cache > 0 {
        odb.set_object_cache(move || {
            Box::new(gix_pack::cache::object::MemoryCappedHashmap::new(
                object_cache,
            ))
        });
    }
    odb
}

/// Times both sides in interleaved rounds (one warm-up each first); prints
/// the row and checks their answers agree.
fn compare<T: PartialEq + Where>(
    op: &str,
    repo: &str,
    rounds: usize,
    what: impl Fn(&T) -> String,
    mut ours: impl FnMut() -> T,
    mut gix: impl FnMut() -> T,
) {
    let (a, b) = (ours(), gix());
    let agree = a == b;
    if !agree {
        eprintln!(
            "{op} on {repo}: the answers differ: ours {}, gix {}; first at {}",
            what(&a),
            what(&b),
            a.first_difference(&b)
        );
    }
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        // Alternate which side goes first.
        for side in [round % 2, 1 - round % 2] {
            let start = Instant::now();
            if side == 0 {
                std::hint::black_box(ours());
                ta.push(start.elapsed().as_secs_f64() * 1e3);
            } else {
                std::hint::black_box(gix());
                tb.push(start.elapsed().as_secs_f64() * 1e3);
            }
        }
    }
    let (ma, mb) = (median(&mut ta), median(&mut tb));
    println!(
        "| {op} | {repo} | {ma:.1} | {mb:.1} | {:.2} | {} |",
        mb / ma,
        if agree {
            what(&a)
        } else {
            "DIFFER".to_string()
        }
    );
}

/// Where two answers part.
trait Where {
    fn first_difference(&self, other: &Self) -> String;
}

impl<T: PartialEq + std::fmt::Debug> Where for Vec<T> {
    fn first_difference(&self, other: &Self) -> String {
        match self.iter().zip(other).position(|(a, b)| a != b) {
            Some(i) => format!("{i}: ours {:?}, gix {:?}", self[i], other[i]),
            None => format!("length: ours {}, gix {}", self.len(), other.len()),
        }
    }
}

impl Where for (usize, usize) {
    fn first_difference(&self, other: &Self) -> String {
        format!("{self:?} against {other:?}")
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Every tree the commits reach, each once, in the order first met.
fn reachable_trees(repo: &git2::Repository, commits: &[Oid]) -> Vec<Oid> {
    let objects = history::trial::objects(repo).expect("the objects");
    let mut reader = objects.reader();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for &c in commits {
        let (_, data) = reader.read(c).expect("a commit");
        stack.push(history::parse_commit(&data).expect("a commit").tree);
        while let Some(t) = stack.pop() {
            if !seen.insert(t) {
                continue;
            }
            out.push(t);
            let (_, data) = reader.read(t).expect("a tree");
            let tree =
                gix_object::TreeRef::from_bytes(&data, gix_hash::Kind::Sha1).expect("a tree");
            for e in tree.entries.iter().rev() {
                if e.mode.is_tree() {
                    stack.push(Oid::from_bytes(e.oid.as_bytes()).expect("an id"));
                }
            }
        }
    }
    out
}

fn read(repo: &git2::Repository, name: &str, history: &[Oid], rounds: usize) {
    let trees = reachable_trees(repo, &history[..history.len().min(WINDOW)]);
    let all: Vec<Oid> = history.iter().chain(&trees).copied().collect();
    let gix_all: Vec<gix_hash::ObjectId> = all.iter().map(|&o| gix_id(o)).collect();
    eprintln!("read: {} commits, {} trees", history.len(), trees.len());
    compare(
        "read commits + trees",
        name,
        rounds,
        |(n, bytes): &(usize, usize)| format!("{n} objects, {bytes} bytes"),
        || {
            let objects = history::trial::objects(repo).expect("the objects");
            let mut reader = objects.reader();
            let (mut n, mut bytes) = (0, 0);
            for &o in &all {
                if let Some((_, data)) = reader.read(o) {
                    n += 1;
                    bytes += data.len();
                }
            }
            (n, bytes)
        },
        || {
            let odb = gix_odb(repo, 0);
            let mut buf = Vec::new();
            let (mut n, mut bytes) = (0, 0);
            for o in &gix_all {
                if let Ok(Some(data)) = gix_object::Find::try_find(&odb, o, &mut buf) {
                    n += 1;
                    bytes += data.data.len();
                }
            }
            (n, bytes)
        },
    );
}

/// Paths per commit, each commit's sorted (the two diffs walk subtrees in
/// different orders).
type Changed = Vec<Option<Vec<Vec<u8>>>>;

fn diff(repo: &git2::Repository, name: &str, history: &[Oid], rounds: usize) {
    let window = &history[..history.len().min(WINDOW)];
    let gix_window: Vec<gix_hash::ObjectId> = window.iter().map(|&o| gix_id(o)).collect();
    compare(
        "diff first parent",
        name,
        rounds,
        |c: &Changed| {
            let paths: usize = c.iter().flatten().map(Vec::len).sum();
            format!("{} commits, {paths} paths", c.len())
        },
        || {
            let mut out = history::trial::changed_paths(repo, window).expect("the diff");
            out.iter_mut().flatten().for_each(|p| p.sort_unstable());
            out
        },
        || {
            let odb = gix_odb(repo, OBJECT_CACHE);
            let mut state = gix_diff::tree::State::default();
            let (mut buf, mut lhs_buf, mut rhs_buf) = (Vec::new(), Vec::new(), Vec::new());
            let mut out: Changed = Vec::with_capacity(gix_window.len());
            for id in &gix_window {
                let one = (|| {
                    let mut c = odb.find_commit_iter(id, &mut buf).ok()?;
                    let tree = c.tree_id().ok()?;
                    let parent = c.parent_ids().next();
                    let base = match parent {
                        Some(p) => Some(odb.find_commit_iter(&p, &mut buf).ok()?.tree_id().ok()?),
                        None => None,
                    };
                    let lhs = match base {
                        Some(t) => odb.find_tree_iter(&t, &mut lhs_buf).ok()?,
                        None => gix_object::TreeRefIter::from_bytes(&[], gix_hash::Kind::Sha1),
                    };
                    let rhs = odb.find_tree_iter(&tree, &mut rhs_buf).ok()?;
                    // A recorder per diff: one used again keeps the
                    // last diff's path state.
                    let mut recorder = gix_diff::tree::Recorder::default();
                    gix_diff::tree(lhs, rhs, &mut state, &odb, &mut recorder).ok()?;
                    let mut paths: Vec<Vec<u8>> = recorder
                        .records
                        .into_iter()
                        .filter_map(|r| {
                            use gix_diff::tree::recorder::Change;
                            match r {
                                Change::Addition {
                                    entry_mode, path, ..
                                }
                                | Change::Deletion {
                                    entry_mode, path, ..
                                }
                                | Change::Modification {
                                    entry_mode, path, ..
                                } => (!entry_mode.is_tree()).then(|| path.into()),
                            }
                        })
                        .collect();
                    paths.sort_unstable();
                    Some(paths)
                })();
                out.push(one);
            }
            out
        },
    );
}

fn walk(repo: &git2::Repository, name: &str, head: Oid, rounds: usize) {
    compare(
        "walk by date",
        name,
        rounds,
        |ids: &Vec<Oid>| format!("{} commits", ids.len()),
        || {
            let mut ids = history::trial::walk(repo, head).expect("the walk");
            ids.sort_unstable();
            ids
        },
        || {
            let odb = gix_odb(repo, 0);
            let walk = gix_traverse::commit::Simple::new([gix_id(head)], &odb)
                .sorting(gix_traverse::commit::simple::Sorting::ByCommitTime(
                    gix_traverse::commit::simple::CommitTimeOrder::NewestFirst,
                ))
                .expect("the walk");
            let mut ids: Vec<Oid> = walk
                .map(|i| Oid::from_bytes(i.expect("a commit").id.as_bytes()).expect("an id"))
                .collect();
            ids.sort_unstable();
            ids
        },
    );
}

fn index(repo: &git2::Repository, name: &str, rounds: usize) {
    let path = history::trial::index_path(repo);
    // gix-index reads a large index's entries on several threads; ours on
    // one.
    for (op, threads) in [
        ("read index", None),
        ("read index, gix on 1 thread", Some(1)),
    ] {
        compare(
            op,
            name,
            rounds,
            |paths: &Vec<Vec<u8>>| format!("{} entries", paths.len()),
            || {
                let loaded = history::trial::index(repo).expect("the index");
                loaded.entries.into_iter().map(|e| e.path).collect()
            },
            || {
                let file = gix_index::File::at(
                    &path,
                    gix_hash::Kind::Sha1,
                    true,
                    gix_index::decode::Options {
                        thread_limit: threads,
                        ..Default::default()
                    },
                )
                .expect("gix-index reads the index");
                file.entries()
                    .iter()
                    .map(|e| e.path(&file).to_vec())
                    .collect()
            },
        );
    }
    // Where ours spends it: the file read and parsed alone (no config
    // look-up, no split or sparse index to complete).
    compare(
        "read index, ours parse alone, gix on 1 thread",
        name,
        rounds,
        |paths: &Vec<Vec<u8>>| format!("{} entries", paths.len()),
        || {
            let data = std::fs::read(&path).expect("the index file");
            let index = teamlint_git::repo::index_file::parse_index(&data).expect("an index");
            index.entries.into_iter().map(|e| e.path).collect()
        },
        || {
            let options = gix_index::decode::Options {
                thread_limit: Some(1),
                ..Default::default()
            };
            let file = gix_index::File::at(&path, gix_hash::Kind::Sha1, true, options)
                .expect("gix-index reads the index");
            file.entries()
                .iter()
                .map(|e| e.path(&file).to_vec())
                .collect()
        },
    );
}
