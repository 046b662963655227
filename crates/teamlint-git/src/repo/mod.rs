//! The repository: tracked paths from the git index (or HEAD's tree in a
//! bare repository) and the OWNERS.toml files, read through git2.

mod ewah;
pub mod index;
pub mod index_file;
pub mod unsupported;

use crate::OrGit;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository};

use teamlint_core::config::FILE_NAME;
use teamlint_core::error::{Error, Result};
use teamlint_core::finding::Source;
use teamlint_core::fsutil::{self, CODEOWNERS_CAP, OWNERSHIP_CAP};

/// A commit's author, read through `.mailmap` (see [`Repo::authors`]).
pub struct Authors<'r> {
    git: &'r Repository,
    mailmap: Option<git2::Mailmap>,
}

impl Authors<'_> {
    /// The author of commit `id` as (name, lowercased email).
    pub fn of(&self, id: Oid) -> Option<(String, String)> {
        let commit = self.git.find_commit(id).ok()?;
        let sig = match &self.mailmap {
            Some(m) => commit.author_with_mailmap(m).ok(),
            None => None,
        }
        .unwrap_or_else(|| commit.author().to_owned());
        let name = String::from_utf8_lossy(sig.name_bytes()).into_owned();
        let email = String::from_utf8_lossy(sig.email_bytes()).to_lowercase();
        Some((name, email))
    }
}

pub struct Repo {
    pub(crate) git: Repository,
    /// The working tree, `None` in a bare repository.
    pub workdir: Option<PathBuf>,
}

/// The config texts: the root file, and each directory file with its dir.
pub struct ConfigSources {
    pub root: Source,
    pub dirs: Vec<(String, Source)>,
}

impl Repo {
    /// Opens the repository that contains `dir` (a subdirectory works too).
    pub fn discover(dir: &Path) -> Result<Repo> {
        let git = Repository::discover(dir)
            .map_err(|e| unsupported::open_error(&dir.display().to_string(), &e))?;
        let workdir = git.workdir().map(Path::to_path_buf);
        Ok(Repo { git, workdir })
    }

    /// Opens the repository as git does with no `-C`: `GIT_DIR`,
    /// `GIT_WORK_TREE`, `GIT_INDEX_FILE` and the others when set, else the
    /// one that contains the current directory.
    pub fn from_env() -> Result<Repo> {
        let git = Repository::open_from_env().map_err(|e| {
            let dir = std::env::var_os("GIT_DIR").map_or_else(
                || "the current directory".to_string(),
                |d| format!("GIT_DIR ({})", Path::new(&d).display()),
            );
            unsupported::open_error(&dir, &e)
        })?;
        // As git: `GIT_DIR` without `GIT_WORK_TREE` (and no `core.worktree`)
        // makes the current directory the top of the work tree, unless the
        // repository says it is bare. libgit2 would take the directory
        // above the git dir.
        let set = |v: Option<std::ffi::OsString>| v.is_some_and(|v| !v.is_empty());
        if set(std::env::var_os("GIT_DIR")) && !set(std::env::var_os("GIT_WORK_TREE")) {
            let config = git.config().git()?;
            let configured = config.get_path("core.worktree").is_ok();
            let bare = config.get_bool("core.bare").unwrap_or(false);
            if !configured && !bare {
                let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
                git.set_workdir(&cwd, false).git()?;
            }
        }
        let workdir = git.workdir().map(Path::to_path_buf);
        Ok(Repo { git, workdir })
    }

    pub(crate) fn is_bare(&self) -> bool {
        self.workdir.is_none()
    }

    /// Where git looks for hooks: `core.hooksPath` (relative to the top of the
    /// working tree, where git runs hooks), else `hooks` in the common git dir,
    /// which a linked worktree shares with its main repository.
    pub fn hooks_dir(&self) -> Result<PathBuf> {
        let Some(workdir) = &self.workdir else {
            return Err(Error::usage(
                "hook install needs a working tree; this repository is bare",
                "install the hook in a clone with a working tree: a bare repository has no commits to check",
            ));
        };
        let configured = match self.git.config().git()?.get_path("core.hooksPath") {
            Ok(p) => Some(p),
            Err(e) if e.code() == git2::ErrorCode::NotFound => None,
            Err(e) => return Err(crate::git_error(e)),
        };
        Ok(match configured {
            Some(p) if p.as_os_str().is_empty() => self.git.commondir().join("hooks"),
            Some(p) if p.is_absolute() => p,
            Some(p) => workdir.join(p),
            None => self.git.commondir().join("hooks"),
        })
    }

    /// The common git directory (a linked worktree shares its main
    /// repository's).
    pub fn common_dir(&self) -> &Path {
        self.git.commondir()
    }

    /// A string from git's config (`user.email`), if set.
    pub fn config_string(&self, key: &str) -> Option<String> {
        self.git.config().ok()?.get_string(key).ok()
    }

    /// A file's bytes at HEAD, when it is a blob of at most `cap` bytes (a
    /// clone without a checkout has no working copy).
    pub fn head_file(&self, path: &str, cap: usize) -> Option<Vec<u8>> {
        let object = self.git.revparse_single(&format!("HEAD:{path}")).ok()?;
        let blob = object.as_blob()?;
        (blob.size() <= cap).then(|| blob.content().to_vec())
    }

    /// A commit's subject line, if the commit can be read.
    pub fn subject(&self, id: Oid) -> Option<String> {
        let commit = self.git.find_commit(id).ok()?;
        commit.summary().ok().flatten().map(str::to_string)
    }

    /// Authors as `.mailmap` maps them: (name, lowercased email) of each
    /// commit asked for.
    pub fn authors(&self) -> Authors<'_> {
        Authors {
            git: &self.git,
            mailmap: self.git.mailmap().ok(),
        }
    }

    /// The git directory (where teamlint keeps its cache).
    pub fn git_dir(&self) -> &Path {
        self.git.path()
    }

    /// Has HEAD a commit yet?
    pub fn has_commits(&self) -> Result<bool> {
        Ok(self.head_tree()?.is_some())
    }

    /// Does HEAD's tree hold a file at this repository-relative path?
    pub fn head_has(&self, path: &str) -> bool {
        self.head_tree()
            .ok()
            .flatten()
            .is_some_and(|tree| tree.get_path(Path::new(path)).is_ok())
    }

    /// HEAD's tree, or `None` before the first commit.
    pub(crate) fn head_tree(&self) -> Result<Option<git2::Tree<'_>>> {
        match self.git.head() {
            Ok(head) => Ok(Some(head.peel_to_tree().git()?)),
            Err(e) if is_unborn(&e) => Ok(None),
            Err(e) => Err(crate::git_error(e)),
        }
    }

    /// Every tracked path, sorted, `/`-separated. From the index in a work
    /// tree (so edits and untracked files do not change the answer), from
    /// HEAD in a bare repository.
    pub fn tracked_paths(&self) -> Result<Vec<String>> {
        if self.is_bare() {
            return self.head_paths();
        }
        // The index git reads (GIT_INDEX_FILE when set), only as a regular
        // file; none is an empty index.
        if !index_is_regular(&index::path(&self.git))? {
            return Ok(Vec::new());
        }
        if let Some(paths) = self.fast_index_paths() {
            return Ok(paths);
        }
        let index = index::load(&self.git)?;
        let mut paths: Vec<String> = Vec::with_capacity(index.entries.len());
        for e in &index.entries {
            let p = teamlint_core::pathname::from_bytes(&e.path);
            if paths.last().map(String::as_str) != Some(p.as_ref()) {
                paths.push(p.into_owned());
            }
        }
        in_name_order(&mut paths);
        Ok(paths)
    }

    /// The index read directly, when it is complete (not split or sparse)
    /// and the repository uses SHA-1 object ids.
    fn fast_index_paths(&self) -> Option<Vec<String>> {
        if !index::is_sha1(&self.git) {
            return None;
        }
        index_file::read_paths(&index::path(&self.git))
    }

    /// The submodules' paths (gitlinks): from the index in a work tree,
    /// from HEAD in a bare repository.
    pub fn gitlinks(&self) -> Result<Vec<String>> {
        const GITLINK: u32 = 0o160000;
        let mut out = Vec::new();
        if self.is_bare() {
            if let Some(tree) = self.head_tree()? {
                tree_files(&self.git, tree.id(), b"", |path, e| {
                    if e.filemode() as u32 == GITLINK {
                        out.push(teamlint_core::pathname::from_bytes(path).into_owned());
                    }
                })?;
            }
        } else {
            let index = index::load(&self.git)?;
            out.extend(
                index
                    .entries
                    .iter()
                    .filter(|e| e.mode == GITLINK)
                    .map(|e| teamlint_core::pathname::from_bytes(&e.path).into_owned()),
            );
        }
        Ok(out)
    }

    fn head_paths(&self) -> Result<Vec<String>> {
        match self.head_tree()? {
            Some(tree) => tree_paths(&self.git, &tree),
            None => Ok(Vec::new()),
        }
    }

    /// An ownership or CODEOWNERS file's text as the user sees it: the
    /// working tree, or HEAD in a bare repository. `None` when it does not
    /// exist. Only a regular file inside the repository is read, up to a
    /// cap; a symbolic link is an error wherever it is read from
    /// (docs/files.md, "Reading").
    pub fn read_text(&self, rel: &str) -> Result<Option<String>> {
        match &self.workdir {
            Some(w) => match fsutil::read_beneath(w, rel, cap(rel)) {
                Ok(Some(bytes)) => Ok(Some(decode(
                    &w.join(teamlint_core::pathname::to_path(rel)),
                    bytes,
                )?)),
                Ok(None) => Ok(None),
                Err(refusal) => Err(refusal.into_error(rel, label(rel))),
            },
            None => match self.head_tree()? {
                Some(tree) => self.read_tree_file(&tree, rel),
                None => Ok(None),
            },
        }
    }

    /// A file in a commit's tree, under the same rules as the working tree.
    fn read_tree_file(&self, tree: &git2::Tree<'_>, rel: &str) -> Result<Option<String>> {
        let Ok(entry) = tree.get_path(&teamlint_core::pathname::to_path(rel)) else {
            return Ok(None);
        };
        self.read_entry(rel, entry.filemode() as u32, entry.id())
    }

    /// A tree or index entry's text, when it is a file.
    fn read_entry(&self, rel: &str, mode: u32, oid: Oid) -> Result<Option<String>> {
        match fsutil::blob_kind(mode) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(refusal) => return Err(refusal.into_error(rel, label(rel))),
        }
        let (size, _) = self.git.odb().git()?.read_header(oid).git()?;
        if size as u64 > cap(rel) {
            return Err(fsutil::Refusal::TooLarge(cap(rel)).into_error(rel, label(rel)));
        }
        let blob = self.git.find_blob(oid).git()?;
        Ok(Some(decode(Path::new(rel), blob.content().to_vec())?))
    }

    /// Finds and reads every OWNERS.toml: the root (or `--config`), every
    /// tracked one, and untracked ones next to tracked files (a new file the
    /// user is still writing counts). `extra` adds paths whose ancestors are
    /// looked at too (for `explain` of a path that does not exist yet).
    pub fn config_sources(
        &self,
        config: Option<&Path>,
        tracked: &[String],
        extra: &[String],
    ) -> Result<ConfigSources> {
        self.config_sources_in(&Snapshot::Current, config, tracked, extra)
    }

    /// The same, as of a snapshot: the index (what a commit will hold) or a
    /// commit's tree. Outside the working tree only `tracked` OWNERS.toml
    /// files and those beside `extra` paths are found.
    pub fn config_sources_in(
        &self,
        snap: &Snapshot<'_>,
        config: Option<&Path>,
        tracked: &[String],
        extra: &[String],
    ) -> Result<ConfigSources> {
        let root = self.root_config(snap, config)?;
        let mut dirs = config_dirs(tracked, extra);
        let found: Vec<String> = match (snap, &self.workdir) {
            (Snapshot::Current, Some(w)) => UntrackedConfigs {
                workdir: w.clone(),
                paths: [tracked, extra],
                known: dirs.clone(),
            }
            .find(),
            _ => snap
                .configs_in(&self.git, ancestors([&[], extra], &dirs))
                .into_iter()
                .map(str::to_string)
                .collect(),
        };
        dirs.extend(found.iter().map(String::as_str));
        Ok(ConfigSources {
            root,
            dirs: self.read_config_dirs(snap, dirs)?,
        })
    }

    /// The working tree's config in two steps, for a caller with other work
    /// to do meanwhile: the root and every tracked OWNERS.toml now, and the
    /// search for untracked ones (a stat per directory, which adds up in a
    /// large tree) to run on another thread.
    pub fn config_sources_deferred<'t>(
        &self,
        config: Option<&Path>,
        tracked: &'t [String],
    ) -> Result<(ConfigSources, Option<UntrackedConfigs<'t>>)> {
        let dirs = config_dirs(tracked, &[]);
        let search = self.workdir.as_ref().map(|w| UntrackedConfigs {
            workdir: w.clone(),
            paths: [tracked, &[]],
            known: dirs.clone(),
        });
        Ok((self.working_sources(config, dirs)?, search))
    }

    /// The working tree's config with the untracked OWNERS.toml files that
    /// an [`UntrackedConfigs`] search `found`.
    pub fn config_sources_with(
        &self,
        config: Option<&Path>,
        tracked: &[String],
        found: &[String],
    ) -> Result<ConfigSources> {
        let mut dirs = config_dirs(tracked, &[]);
        dirs.extend(found.iter().map(String::as_str));
        self.working_sources(config, dirs)
    }

    /// The root config and the OWNERS.toml of `dirs`, from the working tree.
    fn working_sources(
        &self,
        config: Option<&Path>,
        dirs: BTreeSet<&str>,
    ) -> Result<ConfigSources> {
        let snap = Snapshot::Current;
        Ok(ConfigSources {
            root: self.root_config(&snap, config)?,
            dirs: self.read_config_dirs(&snap, dirs)?,
        })
    }

    /// Reads the OWNERS.toml of each of `dirs` that has one.
    fn read_config_dirs<'d>(
        &self,
        snap: &Snapshot<'_>,
        dirs: impl IntoIterator<Item = &'d str>,
    ) -> Result<Vec<(String, Source)>> {
        let mut out = Vec::new();
        for dir in dirs {
            let rel = format!("{dir}/{FILE_NAME}");
            if let Some(text) = self.read_in(snap, &rel)? {
                out.push((dir.to_string(), Source::new(rel, text)));
            }
        }
        Ok(out)
    }

    fn root_config(&self, snap: &Snapshot<'_>, config: Option<&Path>) -> Result<Source> {
        match config {
            // A `--config` inside the repository is a file of the repository
            // like any other: each side of a change reads its own version.
            Some(path) if !matches!(snap, Snapshot::Current) && self.inside(path).is_some() => {
                let rel = self.inside(path).unwrap_or_default();
                match self.read_in(snap, &rel)? {
                    Some(text) => Ok(Source::new(path.display().to_string(), text)),
                    None => Err(Error::usage(
                        format!("{} is not in the {} being checked", path.display(), snap.name()),
                        "commit it (or stage it, for --staged), or pass a --config outside the repository",
                    )),
                }
            }
            Some(path) => {
                let bytes = read_user_file(path, "the config file", OWNERSHIP_CAP)?;
                Ok(Source::new(path.display().to_string(), decode(path, bytes)?))
            }
            None => match self.read_in(snap, FILE_NAME)? {
                Some(text) => Ok(Source::new(FILE_NAME.to_string(), text)),
                None if self.in_worktree_only(snap) => Err(missing_from(snap)),
                None => Err(Error::usage(
                    format!("no {FILE_NAME} at the root of {}", self.display_root()),
                    "create one with `teamlint init`, or import CODEOWNERS with `teamlint init --from-codeowners .github/CODEOWNERS`; or point at one with --config FILE",
                )),
            },
        }
    }

    /// A path's place in the working tree (repository-relative, `/`), when
    /// it lies inside it.
    fn inside(&self, path: &Path) -> Option<String> {
        let work = self.workdir.as_ref()?.canonicalize().ok()?;
        let abs = std::path::absolute(path).ok()?;
        let parent = abs.parent()?.canonicalize().ok()?;
        let rel = parent.join(abs.file_name()?);
        let rel = rel.strip_prefix(&work).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| teamlint_core::pathname::from_path(c.as_ref()).into_owned())
            .collect();
        (!parts.is_empty()).then(|| parts.join("/"))
    }

    /// Does the working tree hold the root OWNERS.toml that `snap` lacks?
    fn in_worktree_only(&self, snap: &Snapshot<'_>) -> bool {
        !matches!(snap, Snapshot::Current)
            && self
                .workdir
                .as_ref()
                .is_some_and(|w| w.join(FILE_NAME).is_file())
    }

    /// A file's text in a snapshot.
    pub fn read_in(&self, snap: &Snapshot<'_>, rel: &str) -> Result<Option<String>> {
        match snap {
            Snapshot::Current => self.read_text(rel),
            Snapshot::Empty => Ok(None),
            Snapshot::Index(index) => match index.entry(rel) {
                Some(e) => match Oid::from_bytes(&e.oid) {
                    Ok(oid) => self.read_entry(rel, e.mode, oid),
                    Err(_) => Ok(None),
                },
                None => Ok(None),
            },
            Snapshot::Tree(CommitTree(tree)) => self.read_tree_file(tree, rel),
        }
    }

    /// Is there a file at `rel` in the snapshot?
    pub fn exists_in(&self, snap: &Snapshot<'_>, rel: &str) -> bool {
        match snap {
            Snapshot::Current => self.workdir.as_ref().map_or_else(
                || {
                    self.head_tree()
                        .ok()
                        .flatten()
                        .is_some_and(|t| t.get_path(&teamlint_core::pathname::to_path(rel)).is_ok())
                },
                |w| w.join(teamlint_core::pathname::to_path(rel)).exists(),
            ),
            Snapshot::Empty => false,
            Snapshot::Index(index) => index.entry(rel).is_some(),
            Snapshot::Tree(CommitTree(tree)) => tree
                .get_path(&teamlint_core::pathname::to_path(rel))
                .is_ok(),
        }
    }

    /// Every path in a snapshot, sorted.
    pub fn paths_in(&self, snap: &Snapshot<'_>) -> Result<Vec<String>> {
        match snap {
            Snapshot::Current => self.tracked_paths(),
            Snapshot::Empty => Ok(Vec::new()),
            Snapshot::Index(index) => Ok(index.paths()),
            Snapshot::Tree(CommitTree(tree)) => tree_paths(&self.git, tree),
        }
    }

    pub(crate) fn display_root(&self) -> String {
        self.workdir
            .as_deref()
            .unwrap_or_else(|| self.git.path())
            .display()
            .to_string()
    }

    /// A git error, or the partial-clone error when objects are missing
    /// because this clone left them out.
    pub(crate) fn object_error(&self, e: git2::Error) -> Error {
        if e.code() == git2::ErrorCode::NotFound {
            if let Some(err) = unsupported::missing_in_partial_clone(&self.git, e.message()) {
                return err;
            }
        }
        crate::git_error(e)
    }

    /// Is this a shallow clone?
    pub fn is_shallow(&self) -> bool {
        self.git.is_shallow()
    }
}

/// The error for a root OWNERS.toml that exists in the working tree but
/// not in the snapshot a check reads.
fn missing_from(snap: &Snapshot<'_>) -> Error {
    match snap {
        Snapshot::Index(_) => Error::usage(
            format!("{FILE_NAME} exists but is not staged, and --staged checks what is staged"),
            format!("stage it with `git add {FILE_NAME}`"),
        ),
        _ => Error::usage(
            format!("{FILE_NAME} exists in the working tree but not in the commit being checked"),
            format!("commit it (`git add {FILE_NAME}` and `git commit`), or check the working tree without --base"),
        ),
    }
}

/// Paths in git's order (bytes) are in the order of their names too, unless
/// a name keeps bytes that are not UTF-8 (see `pathname`).
fn in_name_order(paths: &mut [String]) {
    if !paths.is_sorted() {
        paths.sort_unstable();
    }
}

/// Every file path in a tree (blobs and gitlinks), sorted.
pub(crate) fn tree_paths(git: &Repository, tree: &git2::Tree<'_>) -> Result<Vec<String>> {
    let mut paths = Vec::new();
    tree_files(git, tree.id(), b"", |path, _| {
        paths.push(teamlint_core::pathname::from_bytes(path).into_owned());
    })?;
    paths.sort_unstable();
    Ok(paths)
}

/// Calls `each` with every file (blob or gitlink) under a tree, its path
/// `prefix` + the path below the tree, in git's tree order.
///
/// libgit2's own walk recurses once per directory level: a tree nested a
/// few thousand directories deep would exhaust the stack. This one keeps
/// its stack on the heap.
pub(crate) fn tree_files(
    git: &Repository,
    tree: Oid,
    prefix: &[u8],
    mut each: impl FnMut(&[u8], &git2::TreeEntry<'_>),
) -> Result<()> {
    let mut path = prefix.to_vec();
    // Each open directory: its tree, the next entry, and the path length
    // to go back to when it is done.
    let mut open = vec![(git.find_tree(tree).git()?, 0usize, path.len())];
    while let Some((tree, next, restore)) = open.last_mut() {
        let Some(entry) = tree.get(*next) else {
            path.truncate(*restore);
            open.pop();
            continue;
        };
        *next += 1;
        let len = path.len();
        path.extend_from_slice(entry.name_bytes());
        match entry.kind() {
            Some(ObjectType::Tree) => {
                let id = entry.id();
                drop(entry);
                path.push(b'/');
                open.push((git.find_tree(id).git()?, 0, len));
            }
            Some(ObjectType::Blob | ObjectType::Commit) => {
                each(&path, &entry);
                path.truncate(len);
            }
            _ => path.truncate(len),
        }
    }
    Ok(())
}

/// Where files are read from.
pub enum Snapshot<'r> {
    /// The working tree (HEAD in a bare repository).
    Current,
    /// The index: what the next commit will hold.
    Index(StagedIndex),
    /// A commit's tree.
    Tree(CommitTree<'r>),
    /// Before the first commit.
    Empty,
}

/// A commit's tree, read through the git crate only.
pub struct CommitTree<'r>(pub(crate) git2::Tree<'r>);

impl Snapshot<'_> {
    /// What the snapshot is, for messages.
    fn name(&self) -> &'static str {
        match self {
            Snapshot::Current => "working tree",
            Snapshot::Index(_) => "index",
            Snapshot::Tree(_) => "commit",
            Snapshot::Empty => "empty repository",
        }
    }

    /// Those of `dirs` that hold an OWNERS.toml in the snapshot (not for
    /// `Current`).
    fn configs_in<'d>(&self, git: &Repository, dirs: Vec<&'d str>) -> Vec<&'d str> {
        match self {
            Snapshot::Current | Snapshot::Empty => Vec::new(),
            Snapshot::Index(i) => dirs
                .into_iter()
                // Any kind of entry: a link there is refused when read, as
                // in every other mode (docs/files.md).
                .filter(|d| i.entry(&format!("{d}/{FILE_NAME}")).is_some())
                .collect(),
            Snapshot::Tree(CommitTree(t)) => {
                // Each directory's tree is found from its parent's, once: a
                // lookup from the root per directory would cost the square
                // of the depth.
                let mut trees = DirTrees::new(t.id());
                dirs.into_iter()
                    .filter(|d| {
                        trees.get(git, d).is_some_and(|tree| {
                            tree.get_name(FILE_NAME)
                                .is_some_and(|e| e.kind() == Some(ObjectType::Blob))
                        })
                    })
                    .collect()
            }
        }
    }
}

/// The trees of directories of one commit, each read once.
struct DirTrees {
    /// Directory → its tree (`None`: not a directory there).
    known: std::collections::HashMap<String, Option<Oid>>,
}

impl DirTrees {
    fn new(root: Oid) -> DirTrees {
        DirTrees {
            known: [(String::new(), Some(root))].into(),
        }
    }

    fn get<'g>(&mut self, git: &'g Repository, dir: &str) -> Option<git2::Tree<'g>> {
        // The nearest ancestor already known, then down from it.
        let mut at = dir.len();
        let mut tree = loop {
            if let Some(t) = self.known.get(&dir[..at]) {
                break *t;
            }
            at = dir[..at].rfind('/').unwrap_or(0);
        };
        while at < dir.len() {
            let start = if at == 0 { 0 } else { at + 1 };
            let end = dir[start..].find('/').map_or(dir.len(), |i| start + i);
            tree = tree.and_then(|t| git.find_tree(t).ok()).and_then(|t| {
                t.get_name(&dir[start..end])
                    .filter(|e| e.kind() == Some(ObjectType::Tree))
                    .map(|e| e.id())
            });
            self.known.insert(dir[..end].to_string(), tree);
            at = end;
        }
        git.find_tree(tree?).ok()
    }
}

/// The index's entries, for reading staged files.
pub struct StagedIndex {
    pub entries: Vec<index_file::Entry>,
    pub cache_tree: Option<index_file::CacheTree>,
}

impl StagedIndex {
    /// Reads the index (see [`index`]).
    pub fn read(repo: &Repo) -> Result<StagedIndex> {
        let i = index::load(&repo.git)?;
        Ok(StagedIndex {
            entries: i.entries,
            cache_tree: i.cache_tree,
        })
    }

    /// The staged entry at a path (stage 0), of any kind.
    pub fn entry(&self, rel: &str) -> Option<&index_file::Entry> {
        let i = self
            .entries
            .partition_point(|e| e.path.as_slice() < rel.as_bytes());
        let e = self.entries.get(i)?;
        (e.path == rel.as_bytes() && e.stage == 0 && !e.intent_to_add).then_some(e)
    }

    /// The paths the next commit will hold.
    pub fn paths(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(self.entries.len());
        for e in self.entries.iter().filter(|e| !e.intent_to_add) {
            let p = teamlint_core::pathname::from_bytes(&e.path);
            if out.last().map(String::as_str) != Some(p.as_ref()) {
                out.push(p.into_owned());
            }
        }
        in_name_order(&mut out);
        out
    }
}

pub(crate) fn is_unborn(e: &git2::Error) -> bool {
    matches!(
        e.code(),
        git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
    )
}

/// What a repository file is, for messages.
fn label(rel: &str) -> &'static str {
    if is_codeowners(rel) {
        "the CODEOWNERS file"
    } else if is_baseline(rel) {
        "the baseline"
    } else {
        "the ownership file"
    }
}

/// The most of a repository file teamlint reads (docs/files.md).
fn cap(rel: &str) -> u64 {
    if is_codeowners(rel) {
        CODEOWNERS_CAP
    } else if is_baseline(rel) {
        fsutil::BASELINE_CAP
    } else {
        OWNERSHIP_CAP
    }
}

fn is_baseline(rel: &str) -> bool {
    rel.ends_with(".json")
}

fn is_codeowners(rel: &str) -> bool {
    rel.rsplit('/').next() == Some("CODEOWNERS")
}

/// A file the user named (`--config`, `--compare`, `--from-codeowners`): it
/// may be outside the repository, but it is read only as a regular file,
/// not through a link, up to `cap` (docs/files.md, "Reading").
pub fn read_user_file(path: &Path, what: &str, cap: u64) -> Result<Vec<u8>> {
    match fsutil::read_path(path, cap) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(Error::io(
            path,
            std::io::Error::from(std::io::ErrorKind::NotFound),
        )),
        Err(refusal) => Err(refusal.into_error(path.display(), what)),
    }
}

/// Is the index at `path` a regular file (`false`: there is none)? Read
/// any other way, a FIFO would block and a device never end.
fn index_is_regular(path: &Path) -> Result<bool> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(true),
        Ok(_) => Err(Error::file(
            path.display(),
            "the git index is not a regular file",
            "GIT_INDEX_FILE, when set, must name an index file that git wrote",
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(path, e)),
    }
}

fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
            ),
        )
    })
}

/// Directories whose OWNERS.toml is tracked (or named in `extra`).
fn config_dirs<'a>(tracked: &'a [String], extra: &'a [String]) -> BTreeSet<&'a str> {
    let suffix = format!("/{FILE_NAME}");
    tracked
        .iter()
        .chain(extra)
        .filter_map(|p| p.strip_suffix(&suffix))
        .collect()
}

/// The directories of `paths` and all their ancestors, less those in
/// `known`.
fn ancestors<'a>(paths: [&'a [String]; 2], known: &BTreeSet<&str>) -> Vec<&'a str> {
    // Sorted paths visit each directory's files in one run: a directory is
    // new when it is not among the previous path's directories (`open`,
    // outermost first). Unsorted paths only name some directories twice.
    let mut out = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    for p in paths.into_iter().flatten() {
        let Some(slash) = p.rfind('/') else {
            open.clear();
            continue;
        };
        let dir = &p[..slash];
        while let Some(top) = open.last() {
            if dir == *top || dir.starts_with(top) && dir.as_bytes()[top.len()] == b'/' {
                break;
            }
            open.pop();
        }
        let mut at = open.last().map_or(0, |top| top.len() + 1);
        while at <= dir.len() {
            let end = dir[at..].find('/').map_or(dir.len(), |i| at + i);
            open.push(&dir[..end]);
            out.push(&dir[..end]);
            at = end + 1;
        }
    }
    out.retain(|d| !known.contains(d));
    out
}

/// The search of a working tree for OWNERS.toml files not tracked yet: in
/// the directories of `paths` and their ancestors, less the `known` ones.
pub struct UntrackedConfigs<'a> {
    workdir: PathBuf,
    paths: [&'a [String]; 2],
    known: BTreeSet<&'a str>,
}

impl UntrackedConfigs<'_> {
    /// The directories that hold one, sorted; on all cores.
    pub fn find(self) -> Vec<String> {
        use rayon::prelude::*;
        let root = WorkDir::open(&self.workdir);
        let dirs = ancestors(self.paths, &self.known);
        let found = dirs
            .into_par_iter()
            .map_init(String::new, |buf, d| root.has_config(d, buf).then_some(d))
            .flatten();
        sorted(found.map(str::to_string).collect())
    }

    /// The same on the calling thread only, for a search that runs beside
    /// other work.
    pub fn find_here(self) -> Vec<String> {
        let root = WorkDir::open(&self.workdir);
        let mut buf = String::new();
        let dirs = ancestors(self.paths, &self.known);
        let found = dirs.into_iter().filter(|d| root.has_config(d, &mut buf));
        sorted(found.map(str::to_string).collect())
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort_unstable();
    v.dedup();
    v
}

/// The work tree, for many existence checks of files in it. On Unix, paths
/// are looked up relative to an open directory: the kernel resolves only
/// the relative part, which matters when every directory of a large tree is
/// checked.
struct WorkDir<'a> {
    path: &'a Path,
    #[cfg(unix)]
    fd: Option<rustix::fd::OwnedFd>,
}

impl<'a> WorkDir<'a> {
    fn open(path: &'a Path) -> WorkDir<'a> {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = rustix::fs::open(path, flags, Mode::empty()).ok();
            WorkDir { path, fd }
        }
        #[cfg(not(unix))]
        WorkDir { path }
    }

    /// Does `dir` hold an OWNERS.toml? (`buf`: room for its path.)
    fn has_config(&self, dir: &str, buf: &mut String) -> bool {
        buf.clear();
        buf.push_str(dir);
        buf.push('/');
        buf.push_str(FILE_NAME);
        self.is_file(buf)
    }

    /// Is there something other than a directory at `rel` (a link not
    /// followed)? A link or a FIFO counts, so that reading it reports it,
    /// as a tracked one is reported.
    fn is_file(&self, rel: &str) -> bool {
        #[cfg(unix)]
        if let Some(fd) = &self.fd {
            use rustix::fs::{statat, AtFlags, FileType};
            return statat(
                fd,
                &*teamlint_core::pathname::to_path(rel),
                AtFlags::SYMLINK_NOFOLLOW,
            )
            .is_ok_and(|st| FileType::from_raw_mode(st.st_mode) != FileType::Directory);
        }
        std::fs::symlink_metadata(self.path.join(teamlint_core::pathname::to_path(rel)))
            .is_ok_and(|m| !m.is_dir())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs_of(paths: &[&str], extra: &[&str], known: &[&str]) -> Vec<String> {
        let paths: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
        let extra: Vec<String> = extra.iter().map(|p| p.to_string()).collect();
        let known: BTreeSet<&str> = known.iter().copied().collect();
        let mut out: Vec<String> = ancestors([&paths, &extra], &known)
            .into_iter()
            .map(str::to_string)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn every_directory_and_ancestor_is_found_once() {
        // Byte order puts `a/b.txt` and `a/b-c/` around `a/b/`.
        let paths = [
            "README.md",
            "a/b-c/y",
            "a/b.txt",
            "a/b/deep/er/x",
            "a/b/x",
            "a/c",
            "z/top",
        ];
        let paths = paths.map(String::from);
        let found = ancestors([&paths, &[]], &BTreeSet::from(["z"]));
        let mut sorted = found.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            found.len(),
            sorted.len(),
            "sorted paths name each directory once"
        );
        assert_eq!(sorted, ["a", "a/b", "a/b-c", "a/b/deep", "a/b/deep/er"]);
    }

    #[test]
    fn unsorted_and_extra_paths_find_the_same_directories() {
        let sorted = dirs_of(&["a/b/x", "a/c/y", "d/e"], &[], &[]);
        let shuffled = dirs_of(&["d/e", "a/c/y", "a/b/x"], &["a/b/new/file"], &[]);
        assert_eq!(sorted, ["a", "a/b", "a/c", "d"]);
        assert_eq!(shuffled, ["a", "a/b", "a/b/new", "a/c", "d"]);
    }
}
