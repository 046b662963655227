//! Packs written by hand, with the headers a test chooses: a size that lies,
//! a chain of deltas thousands of links long. Laid out as git lays out a
//! pack (`PACK`, version 2, the objects, a trailer) with an index of
//! version 2, so libgit2 and git open them too.

use std::io::Write;
use std::path::Path;

use git2::{ObjectType, Oid, Repository};

/// One object of a pack.
pub enum Object {
    /// A whole object of `kind` (1 commit, 2 tree, 3 blob), its header
    /// giving `claimed` as its size when set (a lie), else its true size.
    Whole {
        kind: u8,
        data: Vec<u8>,
        claimed: Option<u64>,
    },
    /// An offset delta against the object at `base` in this list.
    Delta { base: usize, delta: Vec<u8> },
}

fn header(kind: u8, size: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let mut c = (kind << 4) | (size & 15) as u8;
    let mut rest = size >> 4;
    while rest != 0 {
        out.push(c | 0x80);
        c = (rest & 0x7f) as u8;
        rest >>= 7;
    }
    out.push(c);
    out
}

fn ofs(mut back: u64) -> Vec<u8> {
    let mut bytes = vec![(back & 0x7f) as u8];
    back >>= 7;
    while back != 0 {
        back -= 1;
        bytes.push(0x80 | (back & 0x7f) as u8);
        back >>= 7;
    }
    bytes.reverse();
    bytes
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

/// A stand-in for SHA-1 over raw bytes: git's id of them as a blob. The
/// trailers only need to agree between the pack and its index.
fn digest(bytes: &[u8]) -> [u8; 20] {
    let id = Oid::hash_object(ObjectType::Blob, bytes).unwrap();
    id.as_bytes().try_into().unwrap()
}

/// Writes `objects` (each with its id) as a pack and index under
/// `objects/pack` of `git_dir`.
pub fn write(git_dir: &Path, objects: &[(Oid, Object)]) {
    let mut pack = b"PACK".to_vec();
    pack.extend_from_slice(&2u32.to_be_bytes());
    pack.extend_from_slice(&(objects.len() as u32).to_be_bytes());
    let mut offsets = Vec::new();
    let mut crcs = Vec::new();
    for (_, o) in objects {
        let at = pack.len() as u64;
        let bytes = match o {
            Object::Whole {
                kind,
                data,
                claimed,
            } => {
                let mut b = header(*kind, claimed.unwrap_or(data.len() as u64));
                b.extend(zlib(data));
                b
            }
            Object::Delta { base, delta } => {
                let mut b = header(6, delta.len() as u64);
                b.extend(ofs(at - offsets[*base]));
                b.extend(zlib(delta));
                b
            }
        };
        crcs.push(crc32fast::hash(&bytes));
        offsets.push(at);
        pack.extend(bytes);
    }
    let pack_sum = digest(&pack);
    pack.extend_from_slice(&pack_sum);

    let mut order: Vec<usize> = (0..objects.len()).collect();
    order.sort_by_key(|&i| objects[i].0);
    let mut idx = b"\xfftOc".to_vec();
    idx.extend_from_slice(&2u32.to_be_bytes());
    for b in 0..256usize {
        let n = order
            .iter()
            .filter(|&&i| usize::from(objects[i].0.as_bytes()[0]) <= b)
            .count();
        idx.extend_from_slice(&(n as u32).to_be_bytes());
    }
    for &i in &order {
        idx.extend_from_slice(objects[i].0.as_bytes());
    }
    for &i in &order {
        idx.extend_from_slice(&crcs[i].to_be_bytes());
    }
    for &i in &order {
        idx.extend_from_slice(&(offsets[i] as u32).to_be_bytes());
    }
    idx.extend_from_slice(&pack_sum);
    let idx_sum = digest(&idx);
    idx.extend_from_slice(&idx_sum);

    let dir = git_dir.join("objects").join("pack");
    std::fs::create_dir_all(&dir).unwrap();
    let name = Oid::from_bytes(&pack_sum).unwrap();
    std::fs::write(dir.join(format!("pack-{name}.pack")), &pack).unwrap();
    std::fs::write(dir.join(format!("pack-{name}.idx")), &idx).unwrap();
}

/// Every object of a repository with its kind and bytes; the loose copies
/// removed, so only a pack written from them holds them.
pub fn take_loose(repo: &Repository) -> Vec<(Oid, u8, Vec<u8>)> {
    let odb = repo.odb().unwrap();
    let mut ids = Vec::new();
    odb.foreach(|id| {
        ids.push(*id);
        true
    })
    .unwrap();
    let mut out = Vec::new();
    for id in ids {
        let o = odb.read(id).unwrap();
        let kind = match o.kind() {
            ObjectType::Commit => 1,
            ObjectType::Tree => 2,
            ObjectType::Blob => 3,
            _ => 4,
        };
        out.push((id, kind, o.data().to_vec()));
    }
    let objects = repo.path().join("objects");
    for e in std::fs::read_dir(&objects).unwrap().flatten() {
        let name = e.file_name();
        if name.len() == 2 {
            std::fs::remove_dir_all(e.path()).unwrap();
        }
    }
    out
}

/// A delta from a base of `base_len` bytes to `result`, inserts only.
pub fn insert_delta(base_len: usize, result: &[u8]) -> Vec<u8> {
    let mut d = Vec::new();
    for mut n in [base_len, result.len()] {
        loop {
            let c = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                d.push(c);
                break;
            }
            d.push(c | 0x80);
        }
    }
    for chunk in result.chunks(127) {
        d.push(chunk.len() as u8);
        d.extend_from_slice(chunk);
    }
    d
}

/// A fake id for an object no one names (a link in the middle of a chain).
pub fn fake_id(i: usize) -> Oid {
    Oid::hash_object(ObjectType::Blob, format!("link {i}").as_bytes()).unwrap()
}

/// Rewrites a repository's objects into one pack whose trees all claim
/// `claimed` bytes in their headers.
pub fn lying_trees(repo: &Repository, claimed: u64) {
    let objects: Vec<(Oid, Object)> = take_loose(repo)
        .into_iter()
        .map(|(id, kind, data)| {
            let claimed = (kind == 2).then_some(claimed);
            (
                id,
                Object::Whole {
                    kind,
                    data,
                    claimed,
                },
            )
        })
        .collect();
    write(repo.path(), &objects);
}

/// Rewrites a repository's objects into one pack where HEAD's commit is
/// the top of a chain of `links` offset deltas, each link but the last a
/// result of `link_bytes` bytes (which zlib makes small in the pack).
pub fn long_chain(repo: &Repository, links: usize, link_bytes: usize) {
    let head = repo.head().unwrap().target().unwrap();
    let mut objects = Vec::new();
    let mut commit = Vec::new();
    for (id, kind, data) in take_loose(repo) {
        if id == head {
            commit = data;
        } else {
            objects.push((
                id,
                Object::Whole {
                    kind,
                    data,
                    claimed: None,
                },
            ));
        }
    }
    objects.push((
        fake_id(0),
        Object::Whole {
            kind: 1,
            data: commit.clone(),
            claimed: None,
        },
    ));
    let filler = vec![b'x'; link_bytes];
    let mut prev_len = commit.len();
    for i in 1..=links {
        let result: &[u8] = if i == links { &commit } else { &filler };
        let base = objects.len() - 1;
        let id = if i == links { head } else { fake_id(i) };
        objects.push((
            id,
            Object::Delta {
                base,
                delta: insert_delta(prev_len, result),
            },
        ));
        prev_len = result.len();
    }
    write(repo.path(), &objects);
}
