//! The history cache: per-commit diffs kept under the git dir, so that a
//! repeated audit reads only commits it has not seen.
//!
//! The file is a small binary format: a magic number and a version, the
//! payload, then its length and checksum (CRC-32), so that it is written
//! as it is produced; a file that is truncated, corrupt,
//! from another version or not ours is ignored (and rebuilt), never trusted.
//! Paths and author emails are stored once each and referred to by id.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use git2::Oid;

use super::{CommitDiff, WalkCache, Walked};

const MAGIC: &[u8; 8] = b"TLHIST\0\x01";
const VERSION: u32 = 8;

pub fn path(git_dir: &Path) -> PathBuf {
    git_dir.join("teamlint").join("history.bin")
}

pub struct Cached {
    /// What shaped the walk when it was saved (see `rewrite`).
    pub key: u32,
    pub paths: Vec<String>,
    pub authors: Vec<String>,
    pub commits: Vec<CommitDiff>,
    pub walk: Option<WalkCache>,
}

pub fn save<'a>(
    path: &Path,
    key: u32,
    paths: &[String],
    authors: &[String],
    commits: impl Iterator<Item = &'a CommitDiff> + Clone,
    walk: Option<&WalkCache>,
) -> teamlint_core::error::Result<()> {
    teamlint_core::fsutil::write_atomic_with(path, |out| {
        let mut w = Summed {
            out: BufWriter::with_capacity(1 << 16, out),
            len: 0,
            crc: crc32fast::Hasher::new(),
        };
        w.out.write_all(MAGIC)?;
        w.out.write_all(&VERSION.to_le_bytes())?;
        payload(&mut w, key, paths, authors, commits, walk)?;
        let (len, crc) = (w.len, w.crc.finalize());
        w.out.write_all(&len.to_le_bytes())?;
        w.out.write_all(&crc.to_le_bytes())?;
        w.out.flush()
    })
}

/// The payload, streamed: the cache of a long history is large, and is
/// never held whole in memory to be written.
fn payload<'a>(
    p: &mut Summed<impl Write>,
    key: u32,
    paths: &[String],
    authors: &[String],
    commits: impl Iterator<Item = &'a CommitDiff> + Clone,
    walk: Option<&WalkCache>,
) -> std::io::Result<()> {
    p.u32(key)?;
    p.u32(paths.len() as u32)?;
    for s in paths {
        p.bytes(s.as_bytes())?;
    }
    p.u32(authors.len() as u32)?;
    for s in authors {
        p.bytes(s.as_bytes())?;
    }
    p.u32(commits.clone().count() as u32)?;
    for c in commits {
        p.put(c.id.as_bytes())?;
        p.put(&c.time.to_le_bytes())?;
        p.put(&c.authored.to_le_bytes())?;
        p.u32(c.author)?;
        p.u32(c.parents)?;
        p.u32(c.files.len() as u32)?;
        for &f in &c.files {
            p.u32(f)?;
        }
        p.u32(c.renames.len() as u32)?;
        for &(a, b) in &c.renames {
            p.u32(a)?;
            p.u32(b)?;
        }
    }
    match walk {
        None => p.put(&[0]),
        Some(w) => {
            p.put(&[1])?;
            p.put(w.head.as_bytes())?;
            p.put(&[u8::from(w.first_parent)])?;
            p.put(&[u8::from(w.whole)])?;
            p.u32(w.commits.len() as u32)?;
            for c in &w.commits {
                p.put(c.id.as_bytes())?;
                p.put(c.tree.as_bytes())?;
                p.put(&c.time.to_le_bytes())?;
                p.put(&c.authored.to_le_bytes())?;
                p.u32(c.author)?;
                p.bytes(c.subject.as_bytes())?;
                p.put(&c.via.to_bytes())?;
                p.u32(c.parents.len() as u32)?;
                for q in &c.parents {
                    p.put(q.as_bytes())?;
                }
            }
            Ok(())
        }
    }
}

/// A writer that counts and checksums what goes through it.
struct Summed<W: Write> {
    out: W,
    len: u64,
    crc: crc32fast::Hasher,
}

impl<W: Write> Summed<W> {
    fn put(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.len += b.len() as u64;
        self.crc.update(b);
        self.out.write_all(b)
    }

    fn u32(&mut self, v: u32) -> std::io::Result<()> {
        self.put(&v.to_le_bytes())
    }

    fn bytes(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.u32(b.len() as u32)?;
        self.put(b)
    }
}

/// The cache at `path`, if it is a regular file (not a link, a FIFO that
/// would block, or a device) within the cap; anything else is rebuilt
/// (docs/files.md, "Reading").
pub fn load(path: &Path) -> Option<Cached> {
    let data = teamlint_core::fsutil::read_path(path, teamlint_core::fsutil::CACHE_CAP).ok()??;
    parse(&data)
}

pub fn parse(data: &[u8]) -> Option<Cached> {
    let mut r = Reader { d: data, at: 0 };
    if r.take(8)? != MAGIC || r.u32()? != VERSION {
        return None;
    }
    let payload = r.take(data.len().checked_sub(12 + 12)?)?;
    let len = r.u64()?;
    let sum = r.u32()?;
    if len != payload.len() as u64 || crc32fast::hash(payload) != sum {
        return None;
    }
    let mut r = Reader { d: payload, at: 0 };
    let key = r.u32()?;
    let n = r.u32()? as usize;
    let mut paths = Vec::with_capacity(n.min(payload.len() / 4));
    for _ in 0..n {
        paths.push(String::from_utf8(r.bytes()?.to_vec()).ok()?);
    }
    let n = r.u32()? as usize;
    let mut authors = Vec::with_capacity(n.min(payload.len() / 4));
    for _ in 0..n {
        authors.push(String::from_utf8(r.bytes()?.to_vec()).ok()?);
    }
    let author = |r: &mut Reader<'_>| r.u32().filter(|&a| (a as usize) < authors.len());
    let n = r.u32()? as usize;
    let mut commits = Vec::with_capacity(n.min(payload.len() / 40));
    let valid = |id: u32| (id as usize) < paths.len();
    for _ in 0..n {
        let id = Oid::from_bytes(r.take(20)?).ok()?;
        let time = i64::from_le_bytes(r.take(8)?.try_into().ok()?);
        let authored = i64::from_le_bytes(r.take(8)?.try_into().ok()?);
        let author = author(&mut r)?;
        let parents = r.u32()?;
        let nf = r.u32()? as usize;
        let mut files = Vec::with_capacity(nf.min(1 << 16));
        for _ in 0..nf {
            let f = r.u32()?;
            if !valid(f) {
                return None;
            }
            files.push(f);
        }
        let nr = r.u32()? as usize;
        let mut renames = Vec::with_capacity(nr.min(1 << 16));
        for _ in 0..nr {
            let (a, b) = (r.u32()?, r.u32()?);
            if !valid(a) || !valid(b) {
                return None;
            }
            renames.push((a, b));
        }
        commits.push(CommitDiff {
            id,
            time,
            authored,
            author,
            parents,
            files,
            renames,
        });
    }
    let walk = match r.take(1)?[0] {
        0 => None,
        1 => {
            let head = Oid::from_bytes(r.take(20)?).ok()?;
            let first_parent = r.take(1)?[0] == 1;
            let whole = r.take(1)?[0] == 1;
            let n = r.u32()? as usize;
            let mut commits = Vec::with_capacity(n.min(payload.len() / 60));
            for _ in 0..n {
                let id = Oid::from_bytes(r.take(20)?).ok()?;
                let tree = Oid::from_bytes(r.take(20)?).ok()?;
                let time = i64::from_le_bytes(r.take(8)?.try_into().ok()?);
                let authored = i64::from_le_bytes(r.take(8)?.try_into().ok()?);
                let author = author(&mut r)?;
                let subject = String::from_utf8(r.bytes()?.to_vec()).ok()?;
                let via = super::Via::from_bytes(r.take(9)?)?;
                let np = r.u32()? as usize;
                let mut parents = Vec::with_capacity(np.min(64));
                for _ in 0..np {
                    parents.push(Oid::from_bytes(r.take(20)?).ok()?);
                }
                commits.push(Walked {
                    id,
                    tree,
                    parents,
                    time,
                    authored,
                    author,
                    subject,
                    via,
                });
            }
            Some(WalkCache {
                head,
                first_parent,
                whole,
                commits,
            })
        }
        _ => return None,
    };
    (r.at == payload.len()).then_some(Cached {
        key,
        paths,
        authors,
        commits,
        walk,
    })
}

struct Reader<'a> {
    d: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.d.get(self.at..end)?;
        self.at = end;
        Some(s)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.bin");
        let c = CommitDiff {
            id: Oid::from_str("4b825dc642cb6eb9a060e54bf8d69288fbee4904").unwrap(),
            time: 1_700_000_000,
            authored: 1_699_990_000,
            author: 0,
            parents: 1,
            files: vec![0, 1],
            renames: vec![(0, 1)],
        };
        let walk = WalkCache {
            head: c.id,
            first_parent: false,
            whole: true,
            commits: vec![Walked {
                id: c.id,
                tree: c.id,
                parents: vec![c.id],
                time: 1,
                authored: 0,
                author: 0,
                via: super::super::Via::MergeRequest(12),
                subject: "Add a and b".into(),
            }],
        };
        save(
            &p,
            7,
            &["a".into(), "b".into()],
            &["a@b.c".into()],
            [&c].into_iter(),
            Some(&walk),
        )
        .unwrap();
        std::fs::read(&p).unwrap()
    }

    #[test]
    fn round_trips() {
        let data = sample();
        let c = parse(&data).unwrap();
        assert_eq!(c.key, 7);
        assert_eq!(c.paths, vec!["a", "b"]);
        assert_eq!(c.authors, vec!["a@b.c"]);
        assert_eq!(c.commits[0].renames, vec![(0, 1)]);
        assert_eq!(c.walk.unwrap().commits[0].parents.len(), 1);
    }

    #[test]
    fn truncated_corrupt_and_foreign_files_are_refused() {
        let data = sample();
        for cut in [0, 7, 20, data.len() - 1] {
            assert!(parse(&data[..cut]).is_none(), "cut at {cut}");
        }
        let mut flipped = data.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x40;
        assert!(parse(&flipped).is_none());
        let mut longer = data.clone();
        longer.push(0);
        assert!(parse(&longer).is_none());
        assert!(parse(b"not a teamlint cache at all, just text").is_none());
    }
}
