//! Where the pull- and merge-request refs point. A repository that fetched
//! its pull requests holds thousands of these refs, and a cached lead-time
//! pass asks for every landing's (to tell whether the request moved since
//! its answer was kept); asking libgit2 one name at a time costs a failed
//! open of the loose ref and a check of `packed-refs` each.
//!
//! So when none of the request refs is loose (git packs what it fetches
//! once `git gc` or `git pack-refs` ran, and a mirror clone writes them
//! packed), `packed-refs` is read once and its request refs kept; any
//! other layout (a loose request ref, which would win over a packed one,
//! or a ref store that is not files) asks libgit2 for each name.

use std::path::Path;

use git2::{Oid, Repository};
use rustc_hash::FxHashMap;

use super::super::via::REQUEST_NAMESPACES as NAMESPACES;

pub struct Tips<'r> {
    repo: &'r Repository,
    /// The packed request refs, when no request ref is loose.
    packed: Option<FxHashMap<Box<str>, Oid>>,
}

impl<'r> Tips<'r> {
    pub fn new(repo: &'r Repository) -> Self {
        Tips {
            repo,
            packed: packed(repo.commondir()),
        }
    }

    /// The commit the ref `name` points at, if it exists.
    pub fn get(&self, name: &str) -> Option<Oid> {
        match &self.packed {
            Some(refs) if NAMESPACES.iter().any(|n| name.starts_with(n)) => refs.get(name).copied(),
            _ => self.repo.refname_to_id(name).ok(),
        }
    }
}

/// The request refs of `packed-refs` in the common git dir, or `None`
/// when that file alone does not say where they point.
fn packed(common: &Path) -> Option<FxHashMap<Box<str>, Oid>> {
    // A reftable ref store keeps no packed-refs file that counts.
    if common.join("reftable").exists() {
        return None;
    }
    for namespace in NAMESPACES {
        if has_loose(&common.join(namespace)) {
            return None;
        }
    }
    let text = match std::fs::read(common.join("packed-refs")) {
        Ok(text) => text,
        // No file: no packed ref, and none loose either.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(FxHashMap::default()),
        Err(_) => return None,
    };
    let mut refs = FxHashMap::default();
    for line in text.split(|&b| b == b'\n') {
        // `<hex> <name>`; a `^<hex>` line peels the tag above it, `#` is
        // the header.
        let Some((hex, name)) = line
            .iter()
            .position(|&b| b == b' ')
            .map(|at| (&line[..at], &line[at + 1..]))
        else {
            continue;
        };
        if !NAMESPACES.iter().any(|n| name.starts_with(n.as_bytes())) {
            continue;
        }
        let (Ok(hex), Ok(name)) = (std::str::from_utf8(hex), std::str::from_utf8(name)) else {
            // A line this reader does not understand: let libgit2 read it.
            return None;
        };
        let Ok(id) = Oid::from_str(hex) else {
            return None;
        };
        refs.insert(name.into(), id);
    }
    Some(refs)
}

/// Whether a directory of loose refs holds any file (a loose ref, or a
/// lock or stray file that libgit2 would also look at).
fn has_loose(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        // Missing: nothing loose. Unreadable: let libgit2 decide.
        return dir.exists();
    };
    entries.flatten().any(|e| match e.file_type() {
        Ok(t) if t.is_dir() => has_loose(&e.path()),
        _ => true,
    })
}
