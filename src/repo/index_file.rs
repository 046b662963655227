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

const OID: usize = 20;
const CHECKSUM: usize = 20;

fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

pub fn parse(d: &[u8]) -> Option<Vec<String>> {
    if d.len() < 12 + CHECKSUM || &d[..4] != b"DIRC" {
        return None;
    }
    let version = be32(d, 4)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = be32(d, 8)? as usize;
    let end = d.len() - CHECKSUM;
    let mut paths: Vec<String> = Vec::with_capacity(count.min(end / 62));
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
        let name: &[u8];
        if version == 4 {
            let (strip, used) = varint(d.get(at..end)?)?;
            at += used;
            let nul = d.get(at..end)?.iter().position(|&b| b == 0)?;
            let keep = prev.len().checked_sub(strip as usize)?;
            prev.truncate(keep);
            prev.extend_from_slice(&d[at..at + nul]);
            at += nul + 1;
            name = &prev;
        } else {
            let nul = d.get(at..end)?.iter().position(|&b| b == 0)?;
            name = &d[at..at + nul];
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
        let path = String::from_utf8_lossy(name);
        if paths.last().map(String::as_str) != Some(path.as_ref()) {
            paths.push(path.into_owned());
        }
    }
    // Extensions: a split index ("link") or sparse index ("sdir") lists
    // only part of the tree here.
    while at + 8 <= end {
        let sig = &d[at..at + 4];
        let size = be32(d, at + 4)? as usize;
        if sig == b"link" || sig == b"sdir" {
            return None;
        }
        at = at.checked_add(8 + size)?;
    }
    (at == end).then_some(paths)
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
