//! A fast reader for the paths in git's index file.
//!
//! libgit2 validates every path, inserts every entry into a hash map and
//! verifies a collision-detecting SHA-1 over the whole file before the first
//! path can be read: on a 100,000-file index that alone takes several times
//! as long as `git ls-files`. All `check` needs is the sorted list of paths,
//! so the common index layouts (versions 2 to 4, SHA-1) are read here
//! directly; anything else (a split or sparse index, an unknown version or
//! extension flag, a file that does not parse) returns `None` and the caller
//! reads the index through libgit2 instead.

/// The paths of the index at `path`, sorted and each once, or `None` when
/// this reader does not handle the file.
pub fn read_paths(path: &std::path::Path) -> Option<Vec<String>> {
    let data = std::fs::read(path).ok()?;
    parse(&data)
}

/// One index entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub path: Vec<u8>,
    pub mode: u32,
    pub oid: [u8; 20],
    /// 0, or 1-3 for the sides of a conflict.
    pub stage: u8,
}

/// The cache-tree extension: for each directory git has not invalidated,
/// the tree id the index's version of it would have. It lets a diff against
/// HEAD skip every directory whose id equals HEAD's.
#[derive(Clone, Debug, Default)]
pub struct CacheTree {
    pub oid: Option<[u8; 20]>,
    pub children: std::collections::HashMap<Vec<u8>, CacheTree>,
}

/// The whole index: entries in index order and the cache tree, if any.
pub struct Index {
    pub entries: Vec<Entry>,
    pub cache_tree: Option<CacheTree>,
}

/// Reads every entry (for staged diffs), with the same limits as
/// [`read_paths`].
pub fn read_index(path: &std::path::Path) -> Option<Index> {
    let data = std::fs::read(path).ok()?;
    let mut entries = Vec::new();
    let mut cache_tree = None;
    walk(
        &data,
        |e| entries.push(e),
        |sig, ext| {
            if sig == b"TREE" {
                cache_tree = parse_tree(ext);
            }
        },
    )?;
    Some(Index {
        entries,
        cache_tree,
    })
}

fn parse_tree(data: &[u8]) -> Option<CacheTree> {
    let mut at = 0;
    let node = tree_node(data, &mut at)?;
    Some(node.1)
}

/// One cache-tree node: `path\0entry_count SP subtrees\n[oid]`, then its
/// subtrees.
fn tree_node(d: &[u8], at: &mut usize) -> Option<(Vec<u8>, CacheTree)> {
    let nul = d.get(*at..)?.iter().position(|&b| b == 0)?;
    let name = d[*at..*at + nul].to_vec();
    *at += nul + 1;
    let nl = d.get(*at..)?.iter().position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&d[*at..*at + nl]).ok()?;
    *at += nl + 1;
    let (count, subtrees) = line.split_once(' ')?;
    let count: i64 = count.parse().ok()?;
    let subtrees: usize = subtrees.parse().ok()?;
    let oid = if count >= 0 {
        let o: [u8; 20] = d.get(*at..*at + OID)?.try_into().ok()?;
        *at += OID;
        Some(o)
    } else {
        None
    };
    let mut node = CacheTree {
        oid,
        children: Default::default(),
    };
    for _ in 0..subtrees {
        let (n, child) = tree_node(d, at)?;
        node.children.insert(n, child);
    }
    Some((name, node))
}

const OID: usize = 20;
const CHECKSUM: usize = 20;

fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

pub fn parse(d: &[u8]) -> Option<Vec<String>> {
    let mut paths: Vec<String> = Vec::new();
    walk(
        d,
        |e| {
            let path = String::from_utf8(e.path)
                .unwrap_or_else(|bad| String::from_utf8_lossy(bad.as_bytes()).into_owned());
            if paths.last() != Some(&path) {
                paths.push(path);
            }
        },
        |_, _| {},
    )?;
    Some(paths)
}

/// Walks the entries and extensions of an index file.
fn walk(
    d: &[u8],
    mut entry: impl FnMut(Entry),
    mut extension: impl FnMut(&[u8], &[u8]),
) -> Option<()> {
    if d.len() < 12 + CHECKSUM || &d[..4] != b"DIRC" {
        return None;
    }
    let version = be32(d, 4)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = be32(d, 8)? as usize;
    let end = d.len() - CHECKSUM;
    let mut prev: Vec<u8> = Vec::new();
    let mut at = 12;
    for _ in 0..count {
        let start = at;
        // ctime, mtime, dev, ino, mode, uid, gid, size: 40 bytes; then the oid.
        let flags = be16(d, start + 40 + OID)?;
        at = start + 40 + OID + 2;
        if flags & 0x4000 != 0 {
            if version < 3 {
                return None;
            }
            let extended = be16(d, at)?;
            // Only intent-to-add and skip-worktree are known; both are tracked paths.
            if extended & !0x6000 != 0 {
                return None;
            }
            at += 2;
        }
        let name: Vec<u8>;
        if version == 4 {
            let (strip, used) = varint(d.get(at..end)?)?;
            at += used;
            let nul = d.get(at..end)?.iter().position(|&b| b == 0)?;
            let keep = prev.len().checked_sub(strip as usize)?;
            prev.truncate(keep);
            prev.extend_from_slice(&d[at..at + nul]);
            at += nul + 1;
            name = prev.clone();
        } else {
            let nul = d.get(at..end)?.iter().position(|&b| b == 0)?;
            name = d[at..at + nul].to_vec();
            // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
            let len = at + nul - start;
            at = start + ((len + 8) & !7);
            if at > end {
                return None;
            }
        }
        let mode = be32(d, start + 24)?;
        if mode & 0o170000 == 0o040000 {
            // A sparse-index directory entry: the paths below are not listed.
            return None;
        }
        entry(Entry {
            path: name,
            mode,
            oid: d.get(start + 40..start + 40 + OID)?.try_into().ok()?,
            stage: ((flags >> 12) & 3) as u8,
        });
    }
    // Extensions: a split index ("link") or sparse index ("sdir") lists
    // only part of the tree here.
    while at + 8 <= end {
        let sig = &d[at..at + 4];
        let size = be32(d, at + 4)? as usize;
        if sig == b"link" || sig == b"sdir" {
            return None;
        }
        extension(sig, d.get(at + 8..at + 8 + size)?);
        at = at.checked_add(8 + size)?;
    }
    (at == end).then_some(())
}

/// git's offset varint (index v4 path prefix lengths).
fn varint(d: &[u8]) -> Option<(u64, usize)> {
    let mut i = 0;
    let mut b = *d.first()?;
    let mut value = u64::from(b & 0x7f);
    while b & 0x80 != 0 {
        i += 1;
        b = *d.get(i)?;
        value = value.checked_add(1)?.checked_shl(7)? | u64::from(b & 0x7f);
    }
    Some((value, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_it_does_not_know() {
        assert!(parse(b"").is_none());
        assert!(parse(&[0u8; 64]).is_none());
        let mut v5 = b"DIRC\0\0\0\x05\0\0\0\0".to_vec();
        v5.extend([0u8; 20]);
        assert!(parse(&v5).is_none());
        let mut empty = b"DIRC\0\0\0\x02\0\0\0\0".to_vec();
        empty.extend([0u8; 20]);
        assert_eq!(parse(&empty), Some(vec![]));
    }

    #[test]
    fn varints() {
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        assert_eq!(varint(&[0x80, 0x00]), Some((128, 2)));
        assert_eq!(varint(&[0x80]), None);
    }
}
