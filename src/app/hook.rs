//! `teamlint hook install [--force]`: writes a pre-commit hook that runs
//! `teamlint check --staged`. It never replaces a hook someone else wrote,
//! or one it wrote that someone has edited since, unless told to; and it
//! writes atomically, so a commit running at the same moment sees the old
//! hook or the new one.

use std::ffi::OsStr;
use std::path::Path;

use super::Global;
use super::Io;
use teamlint_core::error::{Error, Result};
use teamlint_git::repo::Repo;

/// The line that marks a hook as ours. It carries a checksum of the rest
/// of the script, so that a hook edited since can be told from one as
/// written: only the latter is replaced without `--force`.
pub const MARKER: &str = "# installed by teamlint hook install";

pub fn install(g: &Global, force: bool, io: &mut Io<'_>) -> Result<u8> {
    let repo = super::workspace::open_repo(g)?;
    let path = repo.hooks_dir()?.join("pre-commit");
    let replaced = match existing(&path)? {
        Existing::None => false,
        Existing::Ours => true,
        Existing::Foreign | Existing::Edited if force => true,
        Existing::Foreign => return Err(Error::usage(
            format!(
                "{} already exists and was not written by teamlint",
                path.display()
            ),
            "pass --force to replace it, or add `teamlint check --staged` to that hook yourself",
        )),
        Existing::Edited => {
            return Err(Error::usage(
                format!(
                    "{} was written by teamlint but has been edited since",
                    path.display()
                ),
                "pass --force to replace it (the edits are lost), or keep it as it is",
            ))
        }
    };
    let exe = std::env::current_exe()
        .ok()
        .filter(|p| p.is_absolute() && p.is_file());
    teamlint_core::fsutil::write_atomic(&path, &script(exe.as_deref()))?;
    make_executable(&path)?;
    if !g.quiet {
        let verb = if replaced { "replaced" } else { "installed" };
        let _ = writeln!(
            io.err,
            "{verb} the pre-commit hook at {}: it runs `teamlint check --staged`",
            path.display()
        );
        if !map_committed(&repo) {
            let _ = writeln!(
                io.err,
                "note: the map is not committed yet: the commit that brings it in is judged against the baseline it brings; \
                 run `teamlint baseline --write` and commit {} with the map, or that commit fails for every finding the map has today",
                teamlint_core::baseline::FILE_NAME
            );
        }
    }
    Ok(super::EXIT_OK)
}

/// Does HEAD hold the root ownership map?
fn map_committed(repo: &Repo) -> bool {
    repo.head_has(teamlint_core::config::FILE_NAME)
}

enum Existing {
    None,
    /// Written by teamlint and unchanged.
    Ours,
    /// Written by teamlint, changed since.
    Edited,
    Foreign,
}

fn existing(path: &Path) -> Result<Existing> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::None),
        Err(e) => return Err(Error::io(path, e)),
        Ok(_) => {}
    }
    // A link, a FIFO or a huge file: someone put it there on purpose.
    Ok(
        match teamlint_core::fsutil::read_path(path, teamlint_core::fsutil::HOOK_CAP) {
            Ok(Some(bytes)) if is_ours(&bytes) => Existing::Ours,
            Ok(Some(bytes)) if has_marker(&bytes) => Existing::Edited,
            _ => Existing::Foreign,
        },
    )
}

/// Does the hook carry the marker (written by teamlint, edited or not)?
fn has_marker(bytes: &[u8]) -> bool {
    lines(bytes).any(|line| line.trim_ascii().starts_with(MARKER.as_bytes()))
}

/// Is the hook exactly as teamlint wrote it: its marker's checksum that of
/// the script with the bare marker in its place?
fn is_ours(bytes: &[u8]) -> bool {
    let Some(line) = lines(bytes).find(|l| l.starts_with(MARKER.as_bytes())) else {
        return false;
    };
    let Some(sum) = line[MARKER.len()..]
        .strip_prefix(b" (checksum ")
        .and_then(|rest| rest.strip_suffix(b")"))
        .and_then(|hex| std::str::from_utf8(hex).ok())
        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
    else {
        return false;
    };
    let start = line.as_ptr() as usize - bytes.as_ptr() as usize;
    let mut bare = bytes[..start].to_vec();
    bare.extend_from_slice(MARKER.as_bytes());
    bare.extend_from_slice(&bytes[start + line.len()..]);
    crc32fast::hash(&bare) == sum
}

fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.split(|&b| b == b'\n')
}

/// The hook: the binary that installed it if it is still there (so the hook
/// works without teamlint on PATH, e.g. after `cargo run -- hook install`),
/// else `teamlint` from PATH. Git runs hooks at the top of the working tree,
/// so no `-C` is needed.
fn script(exe: Option<&Path>) -> Vec<u8> {
    let bare = bare_script(exe);
    let sum = format!("{MARKER} (checksum {:08x})", crc32fast::hash(&bare));
    let at = b"#!/bin/sh\n".len();
    let mut s = bare[..at].to_vec();
    s.extend_from_slice(sum.as_bytes());
    s.extend_from_slice(&bare[at + MARKER.len()..]);
    s
}

/// The hook with the marker line bare, as its checksum covers it.
fn bare_script(exe: Option<&Path>) -> Vec<u8> {
    let mut s: Vec<u8> = Vec::new();
    s.extend_from_slice(b"#!/bin/sh\n");
    s.extend_from_slice(MARKER.as_bytes());
    s.extend_from_slice(
        b"\n# Checks the ownership of the staged change before each commit.\n\
          # Skip once with `git commit --no-verify`; delete this file to uninstall.\n",
    );
    if let Some(exe) = exe {
        let quoted = sh_quote(os_bytes(exe.as_os_str()));
        s.extend_from_slice(b"teamlint=");
        s.extend_from_slice(&quoted);
        s.extend_from_slice(
            b"\nif [ -x \"$teamlint\" ]; then\n    exec \"$teamlint\" check --staged\nfi\n",
        );
    }
    s.extend_from_slice(
        b"if command -v teamlint >/dev/null 2>&1; then\n    exec teamlint check --staged\nfi\n\
          echo 'teamlint: not found; install it (cargo install teamlint) or skip this check with git commit --no-verify' >&2\n\
          exit 1\n",
    );
    s
}

/// Single-quotes a word for sh: only `'` itself needs care.
fn sh_quote(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + 2);
    out.push(b'\'');
    for &b in raw {
        if b == b'\'' {
            out.extend_from_slice(b"'\\''");
        } else {
            out.push(b);
        }
    }
    out.push(b'\'');
    out
}

#[cfg(unix)]
fn os_bytes(s: &OsStr) -> &[u8] {
    use std::os::unix::ffi::OsStrExt;
    s.as_bytes()
}

#[cfg(not(unix))]
fn os_bytes(s: &OsStr) -> &[u8] {
    // Git for Windows runs hooks with its own sh, which takes `/` paths.
    s.to_str().map(str::as_bytes).unwrap_or(b"teamlint")
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io(path, e))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_survives_quotes_and_spaces() {
        assert_eq!(sh_quote(b"/a b/it's"), b"'/a b/it'\\''s'".to_vec());
    }

    #[test]
    fn our_hook_carries_the_marker_and_a_foreign_one_does_not() {
        let ours = script(Some(Path::new("/opt/teamlint")));
        assert!(is_ours(&ours));
        assert!(!is_ours(b"#!/bin/sh\nmake lint\n"));
        assert!(!has_marker(b"#!/bin/sh\nmake lint\n"));
        let text = String::from_utf8(ours).unwrap();
        assert!(text.starts_with("#!/bin/sh\n"));
        assert!(text.contains("teamlint='/opt/teamlint'"));
        assert!(text.contains("exec teamlint check --staged"));
    }

    #[test]
    fn any_edit_of_our_hook_makes_it_edited() {
        let ours = script(Some(Path::new("/opt/teamlint")));
        let text = String::from_utf8(ours).unwrap();
        for edited in [
            text.replace("check --staged", "check --staged -W all"),
            format!("{text}make lint\n"),
            text.replace("#!/bin/sh\n", "#!/bin/bash\n"),
        ] {
            assert!(!is_ours(edited.as_bytes()), "{edited}");
            assert!(has_marker(edited.as_bytes()), "{edited}");
        }
        let old_style = text.replace(
            &text[text.find(MARKER).unwrap()..text.find(" (checksum").unwrap() + 20],
            MARKER,
        );
        assert!(!is_ours(old_style.as_bytes()), "{old_style}");
    }
}
