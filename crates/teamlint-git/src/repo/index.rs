//! The index as git reads it: from `GIT_INDEX_FILE` when that is set, a
//! split index joined with its shared part, and a sparse index's directory
//! entries expanded into the files of their trees.

use crate::OrGit;
use std::path::{Path, PathBuf};

use git2::Repository;

use super::index_file::{self, CacheTree, Entry, Index, Link};
use super::tree_files;
use teamlint_core::error::{Error, Result};

/// Every entry, sorted by path and stage, and the cache tree if any.
pub struct Loaded {
    pub entries: Vec<Entry>,
    pub cache_tree: Option<CacheTree>,
}

/// Where git reads the index: `GIT_INDEX_FILE` (`git commit -a` and `git
/// commit PATH` give the pre-commit hook a temporary index that way), or
/// `index` in the git dir.
pub(crate) fn path(git: &Repository) -> PathBuf {
    match std::env::var_os("GIT_INDEX_FILE") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => git.path().join("index"),
    }
}

/// The index file at `path`, `None` when there is none. A FIFO or a device
/// named by GIT_INDEX_FILE would block or never end (docs/files.md): only
/// a regular file is read, up to [`fsutil::INDEX_CAP`](teamlint_core::fsutil::INDEX_CAP).
pub fn read(path: &Path) -> Result<Option<Vec<u8>>> {
    teamlint_core::fsutil::read_git_file(path, teamlint_core::fsutil::INDEX_CAP).map_err(
        |refusal| match refusal {
            teamlint_core::fsutil::Refusal::Io(e) => Error::io(path, e),
            refusal => Error::file(
                path.display(),
                match refusal {
                    teamlint_core::fsutil::Refusal::TooLarge(cap) => {
                        format!(
                            "the git index is larger than the {} MiB teamlint reads",
                            cap >> 20
                        )
                    }
                    _ => "the git index is not a regular file".to_string(),
                },
                "GIT_INDEX_FILE, when set, must name an index file that git wrote",
            ),
        },
    )
}

/// Does the repository use SHA-1 object ids (all the fast reader knows)?
pub(crate) fn is_sha1(git: &Repository) -> bool {
    git.config()
        .ok()
        .and_then(|c| c.get_string("extensions.objectformat").ok())
        .is_none_or(|f| f.eq_ignore_ascii_case("sha1"))
}

pub(crate) fn load(git: &Repository) -> Result<Loaded> {
    let path = path(git);
    // As git: no index file is an empty index.
    let Some(data) = read(&path)? else {
        return Ok(Loaded {
            entries: Vec::new(),
            cache_tree: None,
        });
    };
    if is_sha1(git) {
        if let Some(index) = index_file::parse_index(&data) {
            return complete(git, index);
        }
    }
    libgit2(&path)
}

/// A split index joined with its shared index, then sparse directories
/// expanded.
fn complete(git: &Repository, index: Index) -> Result<Loaded> {
    let cache_tree = index.cache_tree;
    let mut entries = match index.link {
        None => index.entries,
        Some(link) => join_split(git, &link, index.entries)?,
    };
    if entries.iter().any(Entry::is_sparse_dir) {
        entries = expand_sparse(git, entries)?;
    }
    Ok(Loaded {
        entries,
        cache_tree,
    })
}

fn join_split(git: &Repository, link: &Link, own: Vec<Entry>) -> Result<Vec<Entry>> {
    let hex: String = link.shared.iter().map(|b| format!("{b:02x}")).collect();
    let shared_path = git.path().join(format!("sharedindex.{hex}"));
    let broken = |what: &str| {
        Error::git_with_help(
            format!(
                "the split index's shared part {} {what}",
                shared_path.display()
            ),
            "rewrite the index whole with `git update-index --no-split-index`",
        )
    };
    let base = if link.shared == [0; 20] {
        Vec::new()
    } else {
        let data = read(&shared_path)
            .ok()
            .flatten()
            .ok_or_else(|| broken("cannot be read"))?;
        match index_file::parse_index(&data) {
            Some(i) if i.link.is_none() => i.entries,
            _ => return Err(broken("is not an index teamlint reads")),
        }
    };
    merge_split(base, link, own).ok_or_else(|| broken("does not match the index"))
}

/// git's merge of a split index into its shared index: the first entries
/// of the split index replace the shared entries its replace bitmap names
/// (taking their paths), those its delete bitmap names go, and the rest
/// are added, each over a shared entry of the same path and stage.
pub(crate) fn merge_split(base: Vec<Entry>, link: &Link, own: Vec<Entry>) -> Option<Vec<Entry>> {
    let n = base.len();
    let replace = super::ewah::bits(&link.replace, n)?;
    let delete = super::ewah::bits(&link.delete, n)?;
    let mut base: Vec<Option<Entry>> = base.into_iter().map(Some).collect();
    let mut own = own.into_iter();
    for pos in replace {
        let mut e = own.next()?;
        if !e.path.is_empty() {
            return None;
        }
        e.path = std::mem::take(&mut base[pos].as_mut()?.path);
        base[pos] = Some(e);
    }
    for pos in delete {
        base[pos] = None;
    }
    // (entry, added here): an added entry wins over a shared one.
    let mut all: Vec<(Entry, bool)> = base.into_iter().flatten().map(|e| (e, false)).collect();
    for e in own {
        if e.path.is_empty() {
            return None;
        }
        all.push((e, true));
    }
    all.sort_by(|(a, a_new), (b, b_new)| {
        (&a.path, a.stage, !a_new).cmp(&(&b.path, b.stage, !b_new))
    });
    all.dedup_by(|later, first| later.0.path == first.0.path && later.0.stage == first.0.stage);
    // A merged entry (stage 0) added replaces every side of a conflict.
    let resolved: Vec<Vec<u8>> = all
        .iter()
        .filter(|(e, added)| *added && e.stage == 0)
        .map(|(e, _)| e.path.clone())
        .collect();
    all.retain(|(e, added)| *added || e.stage == 0 || resolved.binary_search(&e.path).is_err());
    Some(all.into_iter().map(|(e, _)| e).collect())
}

/// Replaces each sparse directory entry with the files of its tree. The
/// files of `dir/` sort right where `dir/` does, so order is kept.
fn expand_sparse(git: &Repository, entries: Vec<Entry>) -> Result<Vec<Entry>> {
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        if !e.is_sparse_dir() {
            out.push(e);
            continue;
        }
        let tree = git2::Oid::from_bytes(&e.oid).git()?;
        tree_files(git, tree, &e.path, |path, file| {
            out.push(Entry {
                path: path.to_vec(),
                mode: file.filemode() as u32,
                oid: file.id().as_bytes().try_into().unwrap_or([0; 20]),
                stage: 0,
                intent_to_add: false,
            });
        })
        .map_err(|err| {
            Error::git_with_help(
                format!(
                    "the sparse index's directory {} cannot be read: {err}",
                    teamlint_core::finding::text::quoted_path(
                        &teamlint_core::pathname::from_bytes(&e.path)
                    )
                ),
                "expand the index with `git sparse-checkout disable`, or fetch the missing objects",
            )
        })?;
    }
    Ok(out)
}

/// The index read through libgit2, for layouts the fast reader declines.
fn libgit2(path: &Path) -> Result<Loaded> {
    let index = git2::Index::open(path).map_err(|e| {
        Error::git_with_help(
            format!(
                "the index {} cannot be read: {}",
                path.display(),
                e.message()
            ),
            "`git status` shows whether git itself can read it",
        )
    })?;
    let entries = index
        .iter()
        .map(|e| Entry {
            mode: e.mode,
            oid: e.id.as_bytes().try_into().unwrap_or([0; 20]),
            stage: ((e.flags >> 12) & 3) as u8,
            intent_to_add: e.flags_extended & 0x2000 != 0,
            path: e.path,
        })
        .collect();
    Ok(Loaded {
        entries,
        cache_tree: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, oid: u8, stage: u8) -> Entry {
        Entry {
            path: path.as_bytes().to_vec(),
            mode: 0o100644,
            oid: [oid; 20],
            stage,
            intent_to_add: false,
        }
    }

    /// An EWAH bitmap of one literal word.
    fn bitmap(bits: u64) -> Vec<u8> {
        let mut d = 64u32.to_be_bytes().to_vec();
        d.extend(2u32.to_be_bytes());
        d.extend((1u64 << 33).to_be_bytes());
        d.extend(bits.to_be_bytes());
        d.extend(0u32.to_be_bytes());
        d
    }

    #[test]
    fn a_split_index_replaces_deletes_and_adds() {
        let base = vec![
            entry("a", 1, 0),
            entry("b", 1, 0),
            entry("c", 1, 1),
            entry("c", 1, 2),
            entry("d", 1, 0),
        ];
        let link = Link {
            shared: [0; 20],
            delete: bitmap(0b10), // b
            replace: bitmap(0b1), // a
        };
        let own = vec![entry("", 2, 0), entry("c", 3, 0), entry("e", 3, 0)];
        let merged = merge_split(base, &link, own).unwrap();
        let got: Vec<(&[u8], u8, u8)> = merged
            .iter()
            .map(|e| (e.path.as_slice(), e.oid[0], e.stage))
            .collect();
        let want: Vec<(&[u8], u8, u8)> =
            vec![(b"a", 2, 0), (b"c", 3, 0), (b"d", 1, 0), (b"e", 3, 0)];
        assert_eq!(got, want);
        // A replacement must come without a name, an addition with one.
        let link = Link {
            shared: [0; 20],
            delete: bitmap(0),
            replace: bitmap(0b1),
        };
        let base = || vec![entry("a", 1, 0)];
        assert!(merge_split(base(), &link, vec![entry("", 2, 0)]).is_some());
        assert!(merge_split(base(), &link, vec![entry("x", 2, 0)]).is_none());
        assert!(merge_split(base(), &link, vec![entry("", 2, 0), entry("", 2, 0)]).is_none());
    }
}
