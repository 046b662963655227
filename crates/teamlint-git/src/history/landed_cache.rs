//! The landed-changes cache: each landing's answer (how it came in, the
//! ref it was measured from, its earliest author time and how many commits
//! it landed), so that a periodic audit measures only the landings added
//! since. An answer from a request's ref stands while the ref points where
//! it did; one whose ref was missing is asked again (the refs may have
//! been fetched since).
//!
//! The file has the history cache's shape: a magic number and a version,
//! the payload, its length and CRC-32. A file that is truncated, corrupt,
//! of another version or not ours is ignored and rebuilt, never trusted.

use std::path::{Path, PathBuf};

use git2::Oid;
use rustc_hash::FxHashMap;

use super::via::Via;

const MAGIC: &[u8; 8] = b"TLLAND\0\x01";
const VERSION: u32 = 1;

pub fn path(git_dir: &Path) -> PathBuf {
    git_dir.join("teamlint").join("landed.bin")
}

/// One landing's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub via: Via,
    /// Where the request's ref pointed when it was measured.
    pub tip: Option<Oid>,
    pub first_authored: Option<i64>,
    pub commits: u32,
}

pub struct Cached {
    /// What shaped the history when it was saved (see `rewrite`).
    pub key: u32,
    pub entries: FxHashMap<Oid, Entry>,
}

pub fn save(
    path: &Path,
    key: u32,
    entries: &FxHashMap<Oid, Entry>,
) -> teamlint_core::error::Result<()> {
    let mut p = Vec::with_capacity(8 + entries.len() * 64);
    p.extend_from_slice(&key.to_le_bytes());
    p.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (id, e) in entries {
        p.extend_from_slice(id.as_bytes());
        p.extend_from_slice(&e.via.to_bytes());
        match e.tip {
            Some(t) => {
                p.push(1);
                p.extend_from_slice(t.as_bytes());
            }
            None => p.push(0),
        }
        match e.first_authored {
            Some(t) => {
                p.push(1);
                p.extend_from_slice(&t.to_le_bytes());
            }
            None => p.push(0),
        }
        p.extend_from_slice(&e.commits.to_le_bytes());
    }
    teamlint_core::fsutil::write_atomic_with(path, |out| {
        out.write_all(MAGIC)?;
        out.write_all(&VERSION.to_le_bytes())?;
        out.write_all(&p)?;
        out.write_all(&(p.len() as u64).to_le_bytes())?;
        out.write_all(&crc32fast::hash(&p).to_le_bytes())
    })
}

/// The cache at `path`, if there is a valid one.
pub fn load(path: &Path) -> Option<Cached> {
    let data = teamlint_core::fsutil::read_path(path, teamlint_core::fsutil::CACHE_CAP).ok()??;
    parse(&data)
}

pub fn parse(data: &[u8]) -> Option<Cached> {
    let body = data.strip_prefix(MAGIC)?;
    let (version, body) = body.split_first_chunk::<4>()?;
    if u32::from_le_bytes(*version) != VERSION {
        return None;
    }
    let (payload, tail) = body.split_at_checked(body.len().checked_sub(12)?)?;
    let (len, sum) = tail.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*len) != payload.len() as u64
        || crc32fast::hash(payload).to_le_bytes() != *sum
    {
        return None;
    }
    let mut r = payload;
    let mut take = |n: usize| -> Option<&[u8]> {
        let (a, b) = r.split_at_checked(n)?;
        r = b;
        Some(a)
    };
    let take = &mut take;
    let key = u32::from_le_bytes(take(4)?.try_into().ok()?);
    let n = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
    let mut entries = FxHashMap::default();
    entries.reserve(n.min(payload.len() / 34));
    for _ in 0..n {
        let id = Oid::from_bytes(take(20)?).ok()?;
        let via = Via::from_bytes(take(9)?)?;
        let tip = match take(1)?[0] {
            0 => None,
            1 => Some(Oid::from_bytes(take(20)?).ok()?),
            _ => return None,
        };
        let first_authored = match take(1)?[0] {
            0 => None,
            1 => Some(i64::from_le_bytes(take(8)?.try_into().ok()?)),
            _ => return None,
        };
        let commits = u32::from_le_bytes(take(4)?.try_into().ok()?);
        entries.insert(
            id,
            Entry {
                via,
                tip,
                first_authored,
                commits,
            },
        );
    }
    // Nothing may follow the last entry.
    take(1).is_none().then_some(Cached { key, entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> FxHashMap<Oid, Entry> {
        let id = |b: u8| Oid::from_bytes(&[b; 20]).unwrap();
        let mut m = FxHashMap::default();
        m.insert(
            id(1),
            Entry {
                via: Via::Merge,
                tip: None,
                first_authored: Some(1_700_000_000),
                commits: 3,
            },
        );
        m.insert(
            id(2),
            Entry {
                via: Via::Pull(42),
                tip: Some(id(9)),
                first_authored: None,
                commits: 0,
            },
        );
        m.insert(
            id(3),
            Entry {
                via: Via::MergeRequest(7),
                tip: None,
                first_authored: Some(-5),
                commits: 1,
            },
        );
        m
    }

    #[test]
    fn round_trips_and_refuses_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("teamlint").join("landed.bin");
        save(&path, 7, &sample()).unwrap();
        let data = std::fs::read(&path).unwrap();
        let back = parse(&data).unwrap();
        assert_eq!(back.key, 7);
        assert_eq!(back.entries, sample());
        for cut in [0, 8, 12, data.len() / 2, data.len() - 1] {
            assert!(parse(&data[..cut]).is_none(), "cut at {cut}");
        }
        let mut flipped = data.clone();
        flipped[20] ^= 1;
        assert!(parse(&flipped).is_none());
        let mut other = data;
        other[8] = 99;
        assert!(parse(&other).is_none());
    }
}
