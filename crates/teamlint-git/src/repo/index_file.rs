//! A fast reader for git's index file.
//!
//! libgit2 validates every path, inserts every entry into a hash map and
//! verifies a collision-detecting SHA-1 over the whole file before the first
//! path can be read: on a 100,000-file index that alone takes several times
//! as long as `git ls-files`. All `check` needs is the sorted list of paths,
//! so the index layouts (versions 2 to 4, SHA-1) are read here directly.
//! [`read_paths`] takes only a complete index; [`parse_index`] also reads
//! the parts of a split index (`link`) and a sparse index's directory
//! entries, for the caller to complete (see `repo::index`). Anything else
//! (an unknown version or extension flag, a file that does not parse)
//! returns `None` and the caller reads the index through libgit2 instead.
//!
//! Measured against gitoxide (gix-index 0.55, its checksum not verified,
//! as this reader does not verify it): every entry's path of the index, by
//! `benches/gix_trial.rs` (`-- REPO index`; medians of 9 interleaved
//! rounds; both read the same paths). Ours is `repo::index::load`; "parse
//! alone" is the file read and [`parse_index`], without the config look-up
//! and the completion of a split or sparse index. gix-index reads a large
//! index on several threads unless told otherwise. The clones are
//! `git clone --no-checkout` then `git read-tree HEAD`; the synthetic ones
//! are `benches/scale.sh`'s.
//!
//! | operation | repository | both read | ours ms | gix ms | gix / ours |
//! |---|---|---|---:|---:|---:|
//! | read index | git/git | 4,847 entries | 0.3 | 0.2 | 0.69 |
//! | read index, gix on 1 thread | git/git | 4,847 entries | 0.3 | 0.2 | 0.71 |
//! | read index, ours parse alone, gix on 1 thread | git/git | 4,847 entries | 0.3 | 0.2 | 0.75 |
//! | read index | DataDog/dd-trace-go | 2,285 entries | 0.2 | 0.1 | 0.61 |
//! | read index, gix on 1 thread | DataDog/dd-trace-go | 2,285 entries | 0.3 | 0.1 | 0.49 |
//! | read index, ours parse alone, gix on 1 thread | DataDog/dd-trace-go | 2,285 entries | 0.2 | 0.1 | 0.65 |
//! | read index | astral-sh/ruff | 11,055 entries | 1.1 | 0.6 | 0.50 |
//! | read index, gix on 1 thread | astral-sh/ruff | 11,055 entries | 1.2 | 0.6 | 0.50 |
//! | read index, ours parse alone, gix on 1 thread | astral-sh/ruff | 11,055 entries | 1.1 | 0.6 | 0.52 |
//! | read index | synthetic, 100,001 files | 100,001 entries | 6.6 | 4.4 | 0.66 |
//! | read index, gix on 1 thread | synthetic, 100,001 files | 100,001 entries | 7.0 | 4.4 | 0.63 |
//! | read index, ours parse alone, gix on 1 thread | synthetic, 100,001 files | 100,001 entries | 6.9 | 4.6 | 0.66 |
//! | read index | synthetic, 200,001 files | 200,001 entries | 15.8 | 9.5 | 0.60 |
//! | read index, gix on 1 thread | synthetic, 200,001 files | 200,001 entries | 15.4 | 9.5 | 0.62 |
//! | read index, ours parse alone, gix on 1 thread | synthetic, 200,001 files | 200,001 entries | 14.8 | 9.3 | 0.63 |
//!
//! gix-index takes a half to three quarters of our time, on one thread too,
//! and the gap is in the parse itself. It meets the rule for adopting a
//! gitoxide crate (at least as fast), so the recommendation is to read the
//! index through it (it joins a split index itself; sparse directories
//! would still be expanded here). It would replace this file's 260 lines
//! of code (335 with comments), `ewah` (54, 69) and the split-index merge
//! in `repo::index` (62 lines of code).
//!
//! Not done yet, for three reasons. It makes gix-index and the 23 crates
//! it brings (gix-object, gix-traverse, jiff, …) part of every build. It
//! cannot read an index holding a path of 4,095 bytes or more (the entry's
//! length field full), which git and this reader read: after such a path
//! gix-index 0.55 skips no padding, and the rest of the file no longer
//! parses, so the libgit2 fallback would have to stay for it. And it
//! decodes the cache-tree extension by recursion: on an index shaped as
//! `tests/git_fidelity.rs`'s, whose cache tree nests 2,000,000 deep (which
//! this reader declines to follow), the process aborts with its stack
//! overflowed inside gix-index. Adopting it needs a guard against that
//! first (a depth check of the extension before handing it over).

/// The paths of the index at `path`, sorted and each once, or `None` when
/// this reader does not handle the file.
pub fn read_paths(path: &std::path::Path) -> Option<Vec<String>> {
    let data =
        teamlint_core::fsutil::read_git_file(path, teamlint_core::fsutil::INDEX_CAP).ok()??;
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
    /// Added with `git add -N`: tracked, but not part of the next commit.
    pub intent_to_add: bool,
}

impl Entry {
    /// A sparse index's directory entry: its tree stands for every file
    /// below it.
    pub(crate) fn is_sparse_dir(&self) -> bool {
        self.mode & 0o170000 == 0o040000
    }
}

/// The cache-tree extension: for each directory git has not invalidated,
/// the tree id the index's version of it would have. It lets a diff against
/// HEAD skip every directory whose id equals HEAD's.
///
/// The nodes are kept flat, the root first: the extension may nest deeper
/// than any recursion (or recursive drop) could follow.
#[derive(Clone, Debug, Default)]
pub struct CacheTree {
    nodes: Vec<CacheNode>,
}

#[derive(Clone, Debug, Default)]
struct CacheNode {
    oid: Option<[u8; 20]>,
    children: std::collections::HashMap<Vec<u8>, usize>,
}

/// A directory in a [`CacheTree`].
#[derive(Clone, Copy)]
pub struct CacheDir<'a> {
    tree: &'a CacheTree,
    at: usize,
}

impl CacheTree {
    pub fn root(&self) -> Option<CacheDir<'_>> {
        (!self.nodes.is_empty()).then_some(CacheDir { tree: self, at: 0 })
    }
}

impl<'a> CacheDir<'a> {
    /// The directory's tree id, unless git invalidated it.
    pub fn oid(&self) -> Option<&'a [u8; 20]> {
        self.tree.nodes[self.at].oid.as_ref()
    }

    pub fn child(&self, name: &[u8]) -> Option<CacheDir<'a>> {
        let at = *self.tree.nodes[self.at].children.get(name)?;
        Some(CacheDir {
            tree: self.tree,
            at,
        })
    }
}

/// The `link` extension of a split index: the shared index this one
/// amends, and which of its entries are deleted or replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub shared: [u8; 20],
    /// EWAH bitmaps over the shared index's entries: those deleted, and
    /// those replaced (by the first entries of this index, in order). Read
    /// once the shared index's size is known.
    pub delete: Vec<u8>,
    pub replace: Vec<u8>,
}

/// The whole index: entries in index order and the cache tree, if any.
pub struct Index {
    pub entries: Vec<Entry>,
    pub cache_tree: Option<CacheTree>,
    /// Set in a split index: `entries` are then only the changes.
    pub link: Option<Link>,
}

pub fn parse_index(data: &[u8]) -> Option<Index> {
    let mut entries = Vec::new();
    let mut tree = None;
    let mut link = Some(None);
    walk(
        data,
        |e| entries.push(e),
        |sig, ext| match sig {
            b"TREE" => tree = Some(ext),
            b"link" => link = link.take().and_then(|_| parse_link(ext).map(Some)),
            _ => {}
        },
    )?;
    // No directory nests deeper than the deepest path: a cache tree that
    // does is not this index's, and is not trusted (nor read further).
    let deepest = entries
        .iter()
        .map(|e| e.path.iter().filter(|&&b| b == b'/').count() + 1)
        .max()
        .unwrap_or(0);
    Some(Index {
        cache_tree: tree.and_then(|t| parse_tree(t, deepest)),
        entries,
        link: link?,
    })
}

/// The cache tree, if it nests no deeper than `max_depth` below the root.
/// Nodes come in pre-order: `path\0entry_count SP subtrees\n[oid]`, then
/// the subtrees.
fn parse_tree(d: &[u8], max_depth: usize) -> Option<CacheTree> {
    let mut at = 0;
    let mut tree = CacheTree::default();
    let (_, root, subtrees) = tree_node(d, &mut at)?;
    tree.nodes.push(root);
    // Open directories: a node and how many of its subtrees are still to
    // come.
    let mut open = vec![(0usize, subtrees)];
    while let Some((parent, left)) = open.last_mut() {
        if *left == 0 {
            open.pop();
            continue;
        }
        *left -= 1;
        let parent = *parent;
        if open.len() > max_depth {
            return None;
        }
        let (name, node, subtrees) = tree_node(d, &mut at)?;
        let id = tree.nodes.len();
        tree.nodes.push(node);
        tree.nodes[parent].children.insert(name, id);
        open.push((id, subtrees));
    }
    Some(tree)
}

/// One cache-tree node: its name, the node, and its number of subtrees.
fn tree_node(d: &[u8], at: &mut usize) -> Option<(Vec<u8>, CacheNode, usize)> {
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
    let node = CacheNode {
        oid,
        children: Default::default(),
    };
    Some((name, node, subtrees))
}

/// `link`: the shared index id, then (optionally) the delete and replace
/// bitmaps.
fn parse_link(d: &[u8]) -> Option<Link> {
    let shared: [u8; 20] = d.get(..OID)?.try_into().ok()?;
    let (delete, replace) = if d.len() == OID {
        (Vec::new(), Vec::new())
    } else {
        let rest = &d[OID..];
        let n = super::ewah::len(rest)?;
        let (delete, replace) = rest.split_at(n);
        if super::ewah::len(replace)? != replace.len() {
            return None;
        }
        (delete.to_vec(), replace.to_vec())
    };
    Some(Link {
        shared,
        delete,
        replace,
    })
}

const OID: usize = 20;
const CHECKSUM: usize = 20;
/// Extended entry flags.
const INTENT_TO_ADD: u16 = 0x2000;
const SKIP_WORKTREE: u16 = 0x4000;

fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

/// The paths of a complete index: `None` for a split or sparse one.
pub fn parse(d: &[u8]) -> Option<Vec<String>> {
    let mut paths: Vec<String> = Vec::new();
    let (mut sparse, mut split) = (false, false);
    walk(
        d,
        |e| {
            sparse |= e.is_sparse_dir();
            let path = match String::from_utf8(e.path) {
                Ok(p) if !teamlint_core::pathname::has_raw(&p) => p,
                Ok(p) => teamlint_core::pathname::from_bytes(p.as_bytes()).into_owned(),
                Err(bad) => teamlint_core::pathname::from_bytes(bad.as_bytes()).into_owned(),
            };
            if paths.last() != Some(&path) {
                paths.push(path);
            }
        },
        |sig, _| split |= sig == b"link",
    )?;
    // git's order is the bytes'; a name keeping bytes that are not UTF-8
    // sorts by its text (see `pathname`).
    if !paths.is_sorted() {
        paths.sort_unstable();
    }
    (!sparse && !split).then_some(paths)
}

/// Walks the entries and extensions of an index file.
fn walk<'d>(
    d: &'d [u8],
    mut entry: impl FnMut(Entry),
    mut extension: impl FnMut(&'d [u8], &'d [u8]),
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
        let mut extended = 0;
        if flags & 0x4000 != 0 {
            if version < 3 {
                return None;
            }
            extended = be16(d, at)?;
            // Only intent-to-add and skip-worktree are known; both are tracked paths.
            if extended & !(INTENT_TO_ADD | SKIP_WORKTREE) != 0 {
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
        entry(Entry {
            path: name,
            mode: be32(d, start + 24)?,
            oid: d.get(start + 40..start + 40 + OID)?.try_into().ok()?,
            stage: ((flags >> 12) & 3) as u8,
            intent_to_add: extended & INTENT_TO_ADD != 0,
        });
    }
    while at + 8 <= end {
        let sig = &d[at..at + 4];
        let size = be32(d, at + 4)? as usize;
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
