//! How git rewrites history as it reads it: replace refs (`git replace`,
//! `git replace --graft`) stand a commit in for another, and grafts
//! (`info/grafts`) give a commit other parents. libgit2 applies neither
//! when reading raw objects, so the walk does, as `git log` would.
//!
//! They, and the shallow boundary, are also what the history cache is keyed
//! on: a walk cached before any of them changed is not the walk now.

use git2::{Oid, Repository};

use super::oid_map::OidMap;

#[derive(Default)]
pub struct Rewrites {
    /// Object → the object that replaces it.
    replace: OidMap<Oid>,
    /// Commit → its grafted parents.
    grafts: OidMap<Vec<Oid>>,
    /// A digest of everything that shapes the walk.
    pub key: u32,
    /// The repository is shallow.
    shallow: bool,
}

impl Rewrites {
    pub fn load(repo: &Repository) -> Rewrites {
        let common = repo.commondir();
        let mut material = Vec::new();
        let mut rw = Rewrites::default();
        // As git: `GIT_NO_REPLACE_OBJECTS` or `core.useReplaceRefs = false`
        // turn replace refs off.
        let use_replace = std::env::var_os("GIT_NO_REPLACE_OBJECTS").is_none()
            && repo
                .config()
                .and_then(|c| c.get_bool("core.useReplaceRefs"))
                .unwrap_or(true);
        if use_replace && may_have_replace_refs(common) {
            if let Ok(refs) = repo.references_glob("refs/replace/*") {
                for r in refs.flatten() {
                    let (Some(name), Some(target)) = (r.name().ok(), r.target()) else {
                        continue;
                    };
                    let Ok(from) = Oid::from_str(&name["refs/replace/".len()..]) else {
                        continue;
                    };
                    material.extend_from_slice(from.as_bytes());
                    material.extend_from_slice(target.as_bytes());
                    rw.replace.insert(from, target);
                }
            }
        }
        material.push(b'\n');
        let read = |path: std::path::PathBuf| {
            teamlint_core::fsutil::read_git_file(&path, teamlint_core::fsutil::GIT_FILE_CAP)
                .ok()
                .flatten()
        };
        if let Some(text) = read(common.join("info").join("grafts")) {
            material.extend_from_slice(&text);
            rw.grafts = parse_grafts(&text);
        }
        material.push(b'\n');
        if let Some(text) = read(common.join("shallow")) {
            rw.shallow = true;
            material.extend_from_slice(&text);
        }
        rw.key = crc32fast::hash(&material);
        rw
    }

    /// Object → the object that replaces it (read for it by
    /// `packs::Reader`, commits and trees alike).
    pub(crate) fn replacements(self) -> OidMap<Oid> {
        self.replace
    }

    /// Does anything stand in for what the commits say (a replace ref, a
    /// graft, a shallow boundary)? Then git reads no commit-graph file.
    pub fn rewrites(&self) -> bool {
        self.shallow || !self.replace.is_empty() || !self.grafts.is_empty()
    }

    /// The commit's parents, if grafted.
    pub fn parents(&self, commit: Oid) -> Option<&[Oid]> {
        self.grafts.get(&commit).map(Vec::as_slice)
    }
}

/// Could the repository hold a replace ref? Listing references through
/// libgit2 loads every packed ref, which costs more than a cached audit
/// itself in a repository with thousands of tags; most have no replace ref,
/// and say so by the absence of the name on disk. A reftable repository is
/// asked through libgit2 always.
fn may_have_replace_refs(common: &std::path::Path) -> bool {
    const NAME: &[u8] = b"refs/replace/";
    if common.join("refs").join("replace").exists() || common.join("reftable").exists() {
        return true;
    }
    teamlint_core::fsutil::read_git_file(
        &common.join("packed-refs"),
        teamlint_core::fsutil::INDEX_CAP,
    )
    .ok()
    .flatten()
    .is_some_and(|text| memchr::memmem::find(&text, NAME).is_some())
}

/// `<commit> [<parent>...]` per line; lines that do not parse are skipped,
/// as git skips them.
fn parse_grafts(text: &[u8]) -> OidMap<Vec<Oid>> {
    let mut out = OidMap::default();
    for line in String::from_utf8_lossy(text).lines() {
        if line.starts_with('#') {
            continue;
        }
        let ids: Option<Vec<Oid>> = line
            .split_whitespace()
            .map(|w| Oid::from_str(w).ok())
            .collect();
        if let Some(ids) = ids.filter(|ids| !ids.is_empty()) {
            out.insert(ids[0], ids[1..].to_vec());
        }
    }
    out
}
