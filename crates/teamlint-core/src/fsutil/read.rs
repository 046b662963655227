//! Reads of the files teamlint consumes: only regular files, never through
//! a symbolic link, never blocking, and never more than a cap (docs/files.md,
//! "Reading"). A FIFO would hang the run, a device such as `/dev/zero` would
//! fill memory, and a link could carry a file from outside the repository
//! (`/proc/self/environ`) into a diagnostic excerpt.

use std::ffi::OsStr;
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path};

use crate::error::Error;

/// OWNERS.toml files: far above any map people write (a monorepo's map
/// of 50 MB is read), far below what would strain memory.
pub const OWNERSHIP_CAP: u64 = 64 << 20;
/// CODEOWNERS files: GitHub ignores one of 3 MB or more.
pub const CODEOWNERS_CAP: u64 = 3 << 20;
/// The baseline: about a hundred bytes a finding, so room for half a
/// million findings.
pub const BASELINE_CAP: u64 = 64 << 20;
/// The history cache; a larger one is ignored and rebuilt.
pub const CACHE_CAP: u64 = 1 << 30;
/// A hook script, read only to tell whether teamlint wrote it.
pub const HOOK_CAP: u64 = 1 << 20;
/// A git index (`GIT_INDEX_FILE`, a split index's shared part): a
/// monorepo's of millions of files is a few hundred MiB.
pub const INDEX_CAP: u64 = 2 << 30;
/// git's small files (`info/grafts`, `shallow`).
pub const GIT_FILE_CAP: u64 = 64 << 20;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// A symbolic link: never followed.
    Symlink,
    /// A directory where a file was expected.
    Directory,
    /// A FIFO, a device or a socket (what it is).
    Special(&'static str),
    /// Larger than the cap (in bytes).
    TooLarge(u64),
    Io(std::io::Error),
}

impl Refusal {
    /// The failure, for the file shown as `path`, which is `what` (e.g.
    /// "the ownership file").
    pub fn into_error(self, path: impl std::fmt::Display, what: &str) -> Error {
        match self {
            Refusal::Symlink => Error::file(
                path,
                format!("{what} is a symbolic link, which teamlint never follows"),
                "teamlint reads it only as a regular file, the same way in the working tree, the index, a commit and a bare repository: replace the link with a copy of the file it points to",
            ),
            Refusal::Directory => Error::file(
                path,
                format!("{what} is a directory"),
                "point at a regular file",
            ),
            Refusal::Special(kind) => Error::file(
                path,
                format!("{what} is {kind}, not a regular file"),
                "replace it with a regular file, or remove it",
            ),
            Refusal::TooLarge(cap) => Error::file(
                path,
                format!("{what} is larger than the {} MiB teamlint reads", cap >> 20),
                "no such file is one teamlint wrote or can use; the caps are listed in docs/files.md of the teamlint sources",
            ),
            Refusal::Io(e) => Error::io(path.to_string(), e),
        }
    }
}

/// Reads `rel` (`/`-separated) under the directory `root`, following no
/// link below `root`. `None` when there is no file there: nothing at the
/// path, a directory, or a path that passes through a link or a file (what
/// lies beyond a link is not inside the repository).
pub fn read_beneath(root: &Path, rel: &str, cap: u64) -> Result<Option<Vec<u8>>, Refusal> {
    let rel = crate::pathname::to_path(rel);
    let parts: Vec<&OsStr> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p),
            Component::ParentDir => Some(OsStr::new("..")),
            _ => None,
        })
        .collect();
    if parts.iter().any(|p| *p == "..") {
        return Ok(None);
    }
    match open_regular(root, &parts).and_then(|f| f.map(|f| read_capped(f, cap)).transpose()) {
        Err(Refusal::Directory) => Ok(None),
        read => read,
    }
}

/// Reads a file git keeps or the git environment names (`GIT_INDEX_FILE`,
/// `info/grafts`, `shallow`): a link is followed, as git follows it, but
/// only a regular file is read, opened without waiting (a FIFO never
/// blocks), and never past `cap` (`/dev/zero` never fills memory). `None`
/// when nothing is there.
pub fn read_git_file(path: &Path, cap: u64) -> Result<Option<Vec<u8>>, Refusal> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
        options.custom_flags(flags.bits() as i32);
    }
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => return Err(kind_refusal(m.file_type())),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Refusal::Io(e)),
    }
    match options.open(path) {
        Ok(file) => read_capped(file, cap).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Refusal::Io(e)),
    }
}

/// Reads a file the user named: its directories are followed as given,
/// its last component must be a regular file itself. `None` when nothing is
/// there.
pub fn read_path(path: &Path, cap: u64) -> Result<Option<Vec<u8>>, Refusal> {
    let (dir, name) = match (path.parent(), path.components().next_back()) {
        (Some(dir), Some(Component::Normal(name))) => (dir, name),
        _ => return Err(Refusal::Directory),
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    match open_regular(dir, &[name])? {
        Some(file) => read_capped(file, cap).map(Some),
        None => Ok(None),
    }
}

/// What a git tree or index entry of `mode` is to a reader of files:
/// `true` a file to read, `false` nothing to read (a directory or a
/// submodule), a refusal for a symbolic link, exactly as in the working
/// tree.
pub fn blob_kind(mode: u32) -> Result<bool, Refusal> {
    match mode & 0o170000 {
        0o100000 => Ok(true),
        0o120000 => Err(Refusal::Symlink),
        _ => Ok(false),
    }
}

fn read_capped(file: File, cap: u64) -> Result<Vec<u8>, Refusal> {
    let meta = file.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(kind_refusal(meta.file_type()));
    }
    if meta.len() > cap {
        return Err(Refusal::TooLarge(cap));
    }
    let mut out = Vec::with_capacity(meta.len() as usize);
    // A file that grows while it is read (or reports no size, as files in
    // /proc do) still stops at the cap.
    file.take(cap + 1)
        .read_to_end(&mut out)
        .map_err(Refusal::Io)?;
    if out.len() as u64 > cap {
        return Err(Refusal::TooLarge(cap));
    }
    Ok(out)
}

/// Why a file that is not a regular one is refused.
fn kind_refusal(t: std::fs::FileType) -> Refusal {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Refusal::Special("a named pipe (FIFO)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Refusal::Special("a device");
        }
        if t.is_socket() {
            return Refusal::Special("a socket");
        }
    }
    if t.is_dir() {
        Refusal::Directory
    } else if t.is_symlink() {
        Refusal::Symlink
    } else {
        Refusal::Special("something else")
    }
}

/// Opens `parts` under `root` in one call, refusing any link on the way
/// and any escape from `root`; the opened file's type is checked before it
/// is read. `None` when a link is in the way or the kernel has no
/// `openat2`: the walk below tells which.
#[cfg(target_os = "linux")]
fn open_beneath(root: &Path, parts: &[&OsStr]) -> Option<Result<Option<File>, Refusal>> {
    use rustix::fs::{open, openat2, Mode, OFlags, ResolveFlags};
    use rustix::io::Errno;

    let rel: std::path::PathBuf = parts.iter().collect();
    let dir = open(
        root,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .ok()?;
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY;
    let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS;
    match openat2(&dir, &rel, flags | OFlags::CLOEXEC, Mode::empty(), resolve) {
        Ok(fd) => Some(Ok(Some(File::from(fd)))),
        Err(e) if e == Errno::NOENT => Some(Ok(None)),
        Err(_) => None,
    }
}

/// Opens `parts` under `root`: every directory without following a link,
/// the file only when it is regular, and without waiting (a FIFO swapped in
/// between the check and the open does not block).
#[cfg(unix)]
fn open_regular(root: &Path, parts: &[&OsStr]) -> Result<Option<File>, Refusal> {
    use rustix::fs::{open, openat, statat, AtFlags, FileType, Mode, OFlags};
    use rustix::io::Errno;

    let Some((last, dirs)) = parts.split_last() else {
        return Err(Refusal::Directory);
    };
    #[cfg(target_os = "linux")]
    if let Some(opened) = open_beneath(root, parts) {
        return opened;
    }
    let absent = |e: Errno| e == Errno::NOENT || e == Errno::NOTDIR;
    let io = |e: Errno| Refusal::Io(e.into());
    let dir_flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let mut dir = match open(root, dir_flags, Mode::empty()) {
        Ok(fd) => fd,
        Err(e) if absent(e) => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    for d in dirs {
        dir = match openat(&dir, *d, dir_flags | OFlags::NOFOLLOW, Mode::empty()) {
            Ok(fd) => fd,
            Err(e) if absent(e) || e == Errno::LOOP => return Ok(None),
            Err(e) => return Err(io(e)),
        };
    }
    let st = match statat(&dir, *last, AtFlags::SYMLINK_NOFOLLOW) {
        Ok(st) => st,
        Err(e) if absent(e) => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    match FileType::from_raw_mode(st.st_mode) {
        FileType::RegularFile => {}
        FileType::Directory => return Err(Refusal::Directory),
        FileType::Symlink => return Err(Refusal::Symlink),
        FileType::Fifo => return Err(Refusal::Special("a named pipe (FIFO)")),
        FileType::CharacterDevice | FileType::BlockDevice => {
            return Err(Refusal::Special("a device"))
        }
        FileType::Socket => return Err(Refusal::Special("a socket")),
        FileType::Unknown => return Err(Refusal::Special("of an unknown kind")),
    }
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY;
    match openat(&dir, *last, flags | OFlags::CLOEXEC, Mode::empty()) {
        Ok(fd) => Ok(Some(File::from(fd))),
        Err(e) if absent(e) => Ok(None),
        Err(e) if e == Errno::LOOP => Err(Refusal::Symlink),
        Err(e) => Err(io(e)),
    }
}

#[cfg(not(unix))]
fn open_regular(root: &Path, parts: &[&OsStr]) -> Result<Option<File>, Refusal> {
    let Some((last, dirs)) = parts.split_last() else {
        return Err(Refusal::Directory);
    };
    let mut path = root.to_path_buf();
    for d in dirs {
        path.push(d);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => {}
            _ => return Ok(None),
        }
    }
    path.push(last);
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Refusal::Io(e)),
    };
    if meta.file_type().is_symlink() {
        return Err(Refusal::Symlink);
    }
    if meta.is_dir() {
        return Err(Refusal::Directory);
    }
    if !meta.is_file() {
        return Err(Refusal::Special("something else"));
    }
    File::open(&path).map(Some).map_err(Refusal::Io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_at_the_cap_is_read_and_one_byte_more_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), [b'x'; 16]).unwrap();
        assert_eq!(
            read_beneath(dir.path(), "f", 16).unwrap().unwrap().len(),
            16
        );
        assert!(matches!(
            read_beneath(dir.path(), "f", 15),
            Err(Refusal::TooLarge(15))
        ));
    }

    #[test]
    fn parent_components_never_leave_the_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("f"), "x").unwrap();
        assert!(read_beneath(&dir.path().join("a"), "../f", 10)
            .unwrap()
            .is_none());
    }

    #[test]
    fn tree_modes_match_the_working_tree() {
        assert!(blob_kind(0o100644).unwrap());
        assert!(blob_kind(0o100755).unwrap());
        assert!(!blob_kind(0o160000).unwrap());
        assert!(!blob_kind(0o040000).unwrap());
        assert!(matches!(blob_kind(0o120000), Err(Refusal::Symlink)));
    }
}
