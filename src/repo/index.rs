//! The index as git reads it: from `GIT_INDEX_FILE` when that is set, a
//! split index joined with its shared part, and a sparse index's directory
//! entries expanded into the files of their trees.

use std::path::{Path, PathBuf};

use git2::Repository;

use super::index_file::{self, CacheTree, Entry, Index, Link};
use super::tree_files;
use crate::error::{Error, Result};

/// Every entry, sorted by path and stage, and the cache tree if any.
pub struct Loaded {
    pub entries: Vec<Entry>,
    pub cache_tree: Option<CacheTree>,
}

/// Where git reads the index: `GIT_INDEX_FILE` (`git commit -a` and `git
/// commit PATH` give the pre-commit hook a temporary index that way), or
/// `index` in the git dir.
pub fn path(git: &Repository) -> PathBuf {
    match std::env::var_os("GIT_INDEX_FILE") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => git.path().join("index"),
    }
}

/// Does the repository use SHA-1 object ids (all the fast reader knows)?
pub fn is_sha1(git: &Repository) -> bool {
    git.config()
        .ok()
        .and_then(|c| c.get_string("extensions.objectformat").ok())
        .is_none_or(|f| f.eq_ignore_ascii_case("sha1"))
}

pub fn load(git: &Repository) -> Result<Loaded> {
    let path = path(git);
    let data = match std::fs::read(&path) {
        Ok(d) => d,
        // As git: no index file is an empty index.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Loaded {
                entries: Vec::new(),
                cache_tree: None,
            })
        }
        Err(e) => return Err(Error::io(path, e)),
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
        let data = std::fs::read(&shared_path).map_err(|_| broken("cannot be read"))?;
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
pub fn merge_split(base: Vec<Entry>, link: &Link, own: Vec<Entry>) -> Option<Vec<Entry>> {
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
        let tree = git2::Oid::from_bytes(&e.oid)?;
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
                    String::from_utf8_lossy(&e.path)
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
