//! Writes (docs/files.md, "Writing"). A regular file is replaced through a
//! temporary file and a rename, so readers see the old file or the new one,
//! never a part. Nothing else is ever renamed over: a rename would turn
//! `/dev/null` into a regular file (as root) and a symbolic link into a
//! copy.

use std::ffi::OsStr;
use std::fs::Metadata;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A place teamlint keeps its own state (the git directory with its index,
/// hooks and history cache; the baseline; the pre-commit hook), which no
/// write of another kind ever touches.
#[derive(Clone, Debug)]
pub struct Kept {
    pub path: PathBuf,
    /// What it is, for the message ("the git directory").
    pub what: &'static str,
    /// A directory: nothing inside it is written.
    pub dir: bool,
}

/// `path` as it will be written: resolved through links, and for a file
/// not there yet, its directory resolved.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    std::fs::canonicalize(parent(path))
        .ok()
        .map(|d| d.join(name))
}

/// Refuses a write to `path` inside a kept directory or over a kept file,
/// by the name given or the one a link resolves to.
pub fn refuse_kept_place(path: &Path, kept: &[Kept], what: &str) -> Result<()> {
    let Some(target) = resolved(path) else {
        return Ok(());
    };
    for k in kept {
        let Some(place) = resolved(&k.path) else {
            continue;
        };
        let (hit, why) = if k.dir {
            (
                target.starts_with(&place),
                format!("is inside {}, and {what} never writes there", k.what),
            )
        } else {
            (
                target == place,
                format!("is {}, and {what} never replaces it", k.what),
            )
        };
        if hit {
            return Err(Error::file(path.display(), why, "write it to another file"));
        }
    }
    Ok(())
}

/// The files a write must leave alone.
pub struct Protected<'a> {
    /// What is being written, for the message ("the report").
    pub what: &'a str,
    /// The `--config` file, wherever it is.
    pub config: Option<&'a Path>,
    /// Is a CODEOWNERS file protected too? (Not from `codeowners --write`.)
    pub codeowners: bool,
    /// The places teamlint keeps its state.
    pub kept: Vec<Kept>,
}

/// Refuses a target that is an ownership file: any OWNERS.toml, the
/// `--config` file, and (when `protected.codeowners`) any CODEOWNERS,
/// by the name given or the name a link resolves to.
pub fn refuse_protected(path: &Path, protected: &Protected<'_>) -> Result<()> {
    refuse_kept_place(path, &protected.kept, protected.what)?;
    let named = |p: &Path| {
        p.file_name().and_then(OsStr::to_str).is_some_and(|n| {
            n.eq_ignore_ascii_case(crate::config::FILE_NAME)
                || protected.codeowners && n.eq_ignore_ascii_case("CODEOWNERS")
        })
    };
    let resolved = std::fs::canonicalize(path).ok();
    let is_config = protected.config.is_some_and(|c| same_file(c, path));
    if named(path) || resolved.as_deref().is_some_and(named) || is_config {
        let kind = if protected.codeowners {
            "an ownership file or CODEOWNERS"
        } else {
            "an ownership file"
        };
        return Err(Error::file(
            path.display(),
            format!("is {kind}, and {} never replaces one", protected.what),
            "write it to another file",
        ));
    }
    Ok(())
}

/// Writes a report to `path`: a regular file (or one a link points to) is
/// replaced atomically and the link kept; a device, FIFO or socket is
/// written in place, its errors reported (`/dev/full` is full); a dangling
/// link and a directory are refused.
pub fn write_report(
    path: &Path,
    protected: &Protected<'_>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    refuse_protected(path, protected)?;
    let lstat = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return replace(path, write),
        Err(e) => return Err(Error::io(path, e)),
    };
    let meta = if lstat.file_type().is_symlink() {
        match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::file(
                    path.display(),
                    "is a symbolic link to nothing",
                    "point the link at a file, or write the report to another path",
                ))
            }
            Err(e) => return Err(Error::io(path, e)),
        }
    } else {
        lstat
    };
    if meta.is_dir() {
        return Err(Error::file(
            path.display(),
            "is a directory",
            "name a file inside it",
        ));
    }
    if !meta.is_file() {
        return in_place(path, write);
    }
    let real = std::fs::canonicalize(path).map_err(|e| Error::io(path, e))?;
    replace(&real, write)
}

/// Appends a report to `path`, creating it (`$GITHUB_STEP_SUMMARY`, which
/// other steps also append to). A link is written through; a dangling one
/// is refused.
pub fn append_report(path: &Path, protected: &Protected<'_>, bytes: &[u8]) -> Result<()> {
    refuse_protected(path, protected)?;
    let dangling =
        std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) && !path.exists();
    if dangling {
        return Err(Error::file(
            path.display(),
            "is a symbolic link to nothing",
            "point the link at a file, or write the summary to another path",
        ));
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    f.write_all(bytes)
        .and_then(|()| f.flush())
        .map_err(|e| Error::io(path, e))
}

/// Writes `bytes` to `path`, a file teamlint keeps (an ownership file,
/// CODEOWNERS, the baseline, a hook, the cache): atomically, and only over
/// a regular file or nothing.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] of what `write` writes, as it writes it.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if !m.is_file() => Err(refuse_kept(path, &m)),
        Ok(_) => replace(path, write),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => replace(path, write),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Writes a new file atomically, failing if anything is at `path` (a link
/// too: it is not followed).
pub fn create_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent(path);
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, e))?;
    set_readable(tmp.path());
    tmp.persist_noclobber(path)
        .map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

fn refuse_kept(path: &Path, meta: &Metadata) -> Error {
    if meta.file_type().is_symlink() {
        return Error::file(
            path.display(),
            "is a symbolic link; teamlint writes this file only as a regular file and never replaces a link",
            "remove the link, or copy the file it points to in its place",
        );
    }
    let kind = if meta.is_dir() {
        "a directory"
    } else {
        special_kind(meta)
    };
    Error::file(
        path.display(),
        format!("is {kind}; teamlint writes this file only as a regular file"),
        "point at a regular file",
    )
}

#[cfg(unix)]
fn special_kind(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_meta: &Metadata) -> &'static str {
    "not a regular file"
}

/// Writes into an existing file that is not a regular file, without
/// creating or truncating anything.
fn in_place(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    write(&mut f)
        .and_then(|()| f.flush())
        .map_err(|e| Error::io(path, e))
}

/// The temporary file and rename.
fn replace(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let dir = parent(path);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    write(&mut tmp)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, e))?;
    match std::fs::metadata(path) {
        // Keep the permissions of the file being replaced (a hook stays executable).
        Ok(meta) => {
            let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
        }
        // A temporary file is private (0600); a new report or config is not.
        Err(_) => set_readable(tmp.path()),
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(unix)]
fn set_readable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644));
}

#[cfg(not(unix))]
fn set_readable(_path: &Path) {}

/// A file's identity (device and inode): tells whether a path names a
/// file the process already has open as a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    /// The file behind an open descriptor (standard output, say).
    #[cfg(unix)]
    pub fn of(fd: impl std::os::fd::AsFd) -> Option<FileId> {
        // The types of `st_dev` and `st_ino` differ between platforms.
        #[allow(clippy::unnecessary_cast)]
        rustix::fs::fstat(fd).ok().map(|st| FileId {
            dev: st.st_dev as u64,
            ino: st.st_ino as u64,
        })
    }

    #[cfg(not(unix))]
    pub fn of<T>(_fd: T) -> Option<FileId> {
        None
    }

    /// The file a path names, links followed (`/dev/stdout`,
    /// `/proc/self/fd/1`, or the very file a shell redirected a stream to).
    #[cfg(unix)]
    pub fn of_path(path: &Path) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| FileId {
            dev: m.dev(),
            ino: m.ino(),
        })
    }

    #[cfg(not(unix))]
    pub fn of_path(_path: &Path) -> Option<FileId> {
        None
    }
}
