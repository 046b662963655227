//! git's environment honoured as git honours it: `GIT_INDEX_FILE` names the
//! index (even where `.git/index` is absent), `GIT_DIR` without
//! `GIT_WORK_TREE` makes the current directory the work tree, and every
//! path the environment names is read only as a regular file.
#![cfg(unix)]

mod support;

use std::path::Path;
use std::time::Duration;

use support::{Run, TestRepo};

const OWNERS: &str = "version = 1\n[teams.core]\nleader = \"a@b.c\"\n[teams.other]\nleader = \"o@b.c\"\n[[own]]\nteam = \"core\"\npaths = [\"*\"]\n";

fn repo() -> TestRepo {
    let mut r = TestRepo::new();
    r.write("OWNERS.toml", OWNERS).write("src/a.rs", "a");
    r.commit("init");
    r
}

fn git_in(dir: &Path, env: &[(&str, &std::ffi::OsStr)], args: &[&str]) -> String {
    let mut c = support::command("git");
    c.current_dir(dir).args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn teamlint_in(dir: &Path, env: &[(&str, &std::ffi::OsStr)], args: &[&str]) -> Run {
    let mut c = support::teamlint();
    c.current_dir(dir).env("COLUMNS", "80").args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    Run::within(&mut c, Duration::from_secs(30))
}

#[test]
fn git_index_file_is_read_where_git_dir_has_no_index() {
    let r = repo();
    let elsewhere = tempfile::tempdir().unwrap();
    let index = elsewhere.path().join("index");
    std::fs::copy(r.repo.path().join("index"), &index).unwrap();
    std::fs::remove_file(r.repo.path().join("index")).unwrap();
    let env = [("GIT_INDEX_FILE", index.as_os_str())];
    let listed = git_in(r.path(), &env, &["ls-files"]);
    assert_eq!(listed, "OWNERS.toml\nsrc/a.rs\n");
    let run = teamlint_in(r.path(), &env, &["ls"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(run.stdout, "OWNERS.toml\tcore\nsrc/a.rs\tcore\n", "{run}");
}

#[test]
fn git_dir_without_git_work_tree_makes_the_current_directory_the_work_tree() {
    let r = repo();
    // A second checkout of the same commit, where the map gives the file
    // to another team: git, run there with GIT_DIR, sees that edit.
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(work.path().join("src")).unwrap();
    std::fs::write(work.path().join("src/a.rs"), "a").unwrap();
    std::fs::write(
        work.path().join("OWNERS.toml"),
        OWNERS.replace("team = \"core\"", "team = \"other\""),
    )
    .unwrap();
    let git_dir = r.repo.path().as_os_str().to_owned();
    let env = [("GIT_DIR", git_dir.as_os_str())];
    let status = git_in(work.path(), &env, &["status", "--porcelain"]);
    assert_eq!(
        status, " M OWNERS.toml\n",
        "git's work tree is the current directory"
    );
    let run = teamlint_in(
        work.path(),
        &env,
        &["explain", "src/a.rs", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(run.json()["paths"][0]["teams"][0], "other", "{run}");
}

#[test]
fn an_index_that_is_a_fifo_or_a_device_is_refused_at_once() {
    let r = repo();
    r.fifo("fifo");
    let fifo = r.path().join("fifo");
    for index in [fifo.as_os_str(), std::ffi::OsStr::new("/dev/zero")] {
        let env = [("GIT_INDEX_FILE", index)];
        for args in [&["ls"][..], &["check"][..], &["check", "--staged"][..]] {
            let run = teamlint_in(r.path(), &env, args);
            assert_eq!(run.code, 2, "{args:?}: {run}");
            assert!(run.stderr.contains("not a regular file"), "{args:?}: {run}");
        }
    }
}

/// A repository owned by another user is refused as git refuses it, in
/// git's words, with the `safe.directory` exception to add.
#[test]
fn a_repository_owned_by_another_user_is_dubious_ownership_as_git_says() {
    if !rustix::process::geteuid().is_root() {
        // Only root can give a directory away; run the suite as root to
        // exercise this.
        return;
    }
    let r = repo();
    let chown = support::command("chown")
        .args(["-R", "65534:65534"])
        .arg(r.path())
        .status()
        .unwrap();
    assert!(chown.success());
    let mut git = support::command("git");
    let git = git.current_dir(r.path()).arg("status").output().unwrap();
    assert!(String::from_utf8_lossy(&git.stderr).contains("dubious ownership"));
    let run = teamlint_in(r.path(), &[], &["check"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("dubious ownership"), "{run}");
    assert!(run.stderr.contains("safe.directory"), "{run}");
    let _ = support::command("chown")
        .args(["-R", "0:0"])
        .arg(r.path())
        .status();
}
