//! Odd repositories and odd paths: correct answers or clear errors, never a
//! panic.

mod support;

use std::os::unix::ffi::OsStrExt;

use support::{Run, TestRepo};

const OWNERS: &str =
    "version = 1\n[teams.core]\nleader = \"a@b.c\"\n[[own]]\nteam = \"core\"\npaths = [\"*\"]\n";

/// Paths as libgit2 lists them, for comparison with the fast reader.
fn git2_paths(repo: &git2::Repository) -> Vec<String> {
    let index = repo.index().unwrap();
    let mut out: Vec<String> = index
        .iter()
        .map(|e| String::from_utf8_lossy(&e.path).into_owned())
        .collect();
    out.dedup();
    out
}

fn fast_paths(repo: &git2::Repository) -> Option<Vec<String>> {
    teamlint_git::repo::index_file::read_paths(&repo.path().join("index"))
}

#[test]
fn the_fast_index_reader_agrees_with_libgit2_for_every_version() {
    let mut repo = TestRepo::new();
    for i in 0..300 {
        repo.write(&format!("dir{}/sub{}/file-{i}.txt", i % 7, i % 3), "x");
    }
    repo.write("a name with spaces/ü.txt", "x");
    repo.write(&format!("{}file", "long/".repeat(40)), "x");
    repo.commit("files");
    for version in [2, 3, 4] {
        let mut index = repo.repo.index().unwrap();
        index.set_version(version).unwrap();
        index.write().unwrap();
        let want = git2_paths(&repo.repo);
        assert_eq!(
            fast_paths(&repo.repo),
            Some(want.clone()),
            "index v{version}"
        );
    }
}

#[test]
fn intent_to_add_and_conflict_entries() {
    let mut repo = TestRepo::new();
    repo.write("a.txt", "x");
    repo.commit("one");
    let mut index = repo.repo.index().unwrap();
    let blob = repo.repo.blob(b"y").unwrap();
    let entry = |path: &str, stage: u16, extended: u16| git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: 1,
        id: blob,
        flags: (stage << 12) | path.len() as u16,
        flags_extended: extended,
        path: path.as_bytes().to_vec(),
    };
    index.add(&entry("b-intent.txt", 0, 1 << 13)).unwrap();
    index.add(&entry("c-conflict.txt", 1, 0)).unwrap();
    index.add(&entry("c-conflict.txt", 2, 0)).unwrap();
    index.add(&entry("c-conflict.txt", 3, 0)).unwrap();
    index.write().unwrap();
    let want = git2_paths(&repo.repo);
    assert_eq!(want, vec!["a.txt", "b-intent.txt", "c-conflict.txt"]);
    assert_eq!(fast_paths(&repo.repo), Some(want));
}

#[test]
fn non_utf8_file_names_are_listed_and_owned() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(repo.path().join(name), "x").unwrap();
    repo.commit("latin-1 name");
    let run = repo.run(&["ls"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\"caf\\351.txt\"\tcore"),
        "{}",
        run.stdout
    );
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn an_empty_repository_with_no_commits() {
    let repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.json()["summary"]["files"], 0);
    let run = repo.run(&["explain", "src/new.rs"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("core"));
    assert!(run.stdout.contains("not tracked"));
}

#[test]
fn a_submodule_is_one_path() {
    let mut repo = TestRepo::new();
    repo.write(
        "OWNERS.toml",
        &OWNERS.replace(
            "paths = [\"*\"]",
            "paths = [\"/OWNERS.toml\", \"/vendor/lib\"]",
        ),
    );
    repo.write(
        ".gitmodules",
        "[submodule \"lib\"]\n\tpath = vendor/lib\n\turl = ../lib\n",
    );
    repo.commit("init");
    let mut index = repo.repo.index().unwrap();
    let commit = repo.repo.head().unwrap().target().unwrap();
    index
        .add(&git2::IndexEntry {
            ctime: git2::IndexTime::new(0, 0),
            mtime: git2::IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o160000,
            uid: 0,
            gid: 0,
            file_size: 0,
            id: commit,
            flags: "vendor/lib".len() as u16,
            flags_extended: 0,
            path: b"vendor/lib".to_vec(),
        })
        .unwrap();
    index.write().unwrap();
    let run = repo.run(&["ls", "--format", "json"]);
    let j = run.json();
    let paths: Vec<&str> = j["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec![".gitmodules", "OWNERS.toml", "vendor/lib"]);
    assert_eq!(j["paths"][2]["teams"][0], "core");
}

#[test]
fn a_symlink_is_a_path_like_any_other() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    repo.write("real/file.txt", "x");
    std::os::unix::fs::symlink("real", repo.path().join("link")).unwrap();
    std::os::unix::fs::symlink("/nonexistent", repo.path().join("dangling")).unwrap();
    repo.commit("links");
    let run = repo.run(&["ls"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("link\tcore"));
    assert!(run.stdout.contains("dangling\tcore"));
}

#[test]
fn a_bare_repository_reads_head() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    repo.write("src/a.rs", "");
    repo.commit("init");
    let bare = tempfile::tempdir().unwrap();
    git2::build::RepoBuilder::new()
        .bare(true)
        .clone(repo.path().to_str().unwrap(), &bare.path().join("b.git"))
        .unwrap();
    let run = Run::from(
        support::teamlint()
            .arg("-C")
            .arg(bare.path().join("b.git"))
            .args(["ls"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "OWNERS.toml\tcore\nsrc/a.rs\tcore\n");
}

#[test]
fn outside_a_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = Run::from(
        support::teamlint()
            .current_dir(dir.path())
            .args(["check"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not in a git repository"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("-C DIR"));
}

#[test]
fn a_crlf_config_reads_like_lf() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", &OWNERS.replace('\n', "\r\n"));
    repo.write("x", "");
    repo.commit("crlf");
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn a_detached_head_and_a_worktree() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    let first = repo.commit("one");
    repo.write("b", "");
    repo.commit("two");
    repo.repo.set_head_detached(first).unwrap();
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let wt_dir = tempfile::tempdir().unwrap();
    let wt_path = wt_dir.path().join("wt");
    repo.repo.worktree("wt", &wt_path, None).unwrap();
    let run = Run::from(
        support::teamlint()
            .arg("-C")
            .arg(&wt_path)
            .args(["ls"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The worktree checked out the detached HEAD: the first commit.
    assert_eq!(run.stdout, "OWNERS.toml\tcore\n");
}
