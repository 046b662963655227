//! git's own semantics where they are easy to miss: trees nested deeper
//! than a stack, intent-to-add entries, split and sparse indexes, replace
//! refs and grafts, `GIT_DIR` and friends, and paths outside the work tree.

mod support;

use std::path::Path;
use std::process::Command;

use git2::{Oid, Repository, Signature, Time};
use support::{Run, TestRepo};

const OWNERS: &str =
    "version = 1\n[teams.core]\nleader = \"a@b.c\"\n[[own]]\nteam = \"core\"\npaths = [\"*\"]\n";

/// A git command in `dir` that reads no configuration but the repository's.
fn git(dir: &Path, args: &[&str]) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("HOME", home.path())
        .env("GIT_CONFIG_GLOBAL", home.path().join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Dev")
        .env("GIT_AUTHOR_EMAIL", "dev@example.com")
        .env("GIT_COMMITTER_NAME", "Dev")
        .env("GIT_COMMITTER_EMAIL", "dev@example.com")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// teamlint in `dir`, with no user configuration and the given environment.
fn teamlint(dir: &Path, args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Run {
    let home = tempfile::tempdir().unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_teamlint"));
    c.current_dir(dir)
        .args(args)
        .env("HOME", home.path())
        .env("GIT_CONFIG_GLOBAL", home.path().join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GITHUB_ACTIONS")
        .env("COLUMNS", "80");
    for (k, v) in env {
        c.env(k, v);
    }
    Run::from(c.output().expect("run teamlint"))
}

/// A tree holding one file `depth` directories down (`d/d/.../d/leaf`),
/// built object by object: far faster than files on disk.
fn deep_tree(repo: &Repository, depth: usize, leaf: &str) -> Oid {
    let blob = repo.blob(leaf.as_bytes()).unwrap();
    let mut b = repo.treebuilder(None).unwrap();
    b.insert(leaf, blob, 0o100644).unwrap();
    let mut tree = b.write().unwrap();
    for _ in 0..depth {
        let mut b = repo.treebuilder(None).unwrap();
        b.insert("d", tree, 0o040000).unwrap();
        tree = b.write().unwrap();
    }
    tree
}

fn deep_path(depth: usize, leaf: &str) -> String {
    format!("{}{leaf}", "d/".repeat(depth))
}

/// Commits `tree` plus the root OWNERS.toml on top of HEAD (if any).
fn commit_with(repo: &mut TestRepo, extra: &[(&str, Oid, i32)], message: &str) -> Oid {
    repo.write("OWNERS.toml", OWNERS);
    let owners = repo.repo.blob(OWNERS.as_bytes()).unwrap();
    let mut b = repo.repo.treebuilder(None).unwrap();
    b.insert("OWNERS.toml", owners, 0o100644).unwrap();
    for (name, oid, mode) in extra {
        b.insert(name, *oid, *mode).unwrap();
    }
    let tree = repo.repo.find_tree(b.write().unwrap()).unwrap();
    let sig = Signature::new("Dev", "dev@example.com", &Time::new(repo.time, 0)).unwrap();
    repo.time += 86_400;
    let parent = repo.repo.head().ok().map(|h| h.peel_to_commit().unwrap());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.repo
        .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap()
}

fn no_crash(run: &Run) {
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}\n{}\n{}",
        run.code,
        run.stdout,
        run.stderr
    );
}

#[test]
fn audit_reads_a_tree_nested_far_deeper_than_a_stack() {
    let mut repo = TestRepo::new();
    let deep = deep_tree(&repo.repo, 20_000, "leaf.txt");
    commit_with(&mut repo, &[], "init");
    commit_with(&mut repo, &[("d", deep, 0o040000)], "deep");
    let run = teamlint(
        repo.path(),
        &["audit", "--no-cache", "--format", "json"],
        &[],
    );
    no_crash(&run);
    let j = run.json();
    let files: Vec<&str> = j["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        files.contains(&deep_path(20_001, "leaf.txt").as_str()),
        "{files:?}"
    );
}

#[test]
fn check_base_diffs_a_tree_nested_far_deeper_than_a_stack() {
    let mut repo = TestRepo::new();
    let base = commit_with(&mut repo, &[], "init");
    let deep = deep_tree(&repo.repo, 20_000, "leaf.txt");
    commit_with(&mut repo, &[("d", deep, 0o040000)], "deep");
    let run = teamlint(
        repo.path(),
        &["check", "--base", &base.to_string(), "--format", "json"],
        &[],
    );
    no_crash(&run);
    // The change's one file, 20,000 directories down.
    assert_eq!(run.json()["summary"]["files"], 1, "{}", run.stdout);
    assert_eq!(run.json()["change"]["files"], 1, "{}", run.stdout);
}

#[test]
fn check_staged_reads_a_path_nested_far_deeper_than_a_stack() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    repo.commit("init");
    let blob = repo.repo.blob(b"x").unwrap();
    let path = deep_path(20_000, "leaf.txt");
    let owners = repo.repo.blob(OWNERS.as_bytes()).unwrap();
    let data = index_file(&[("OWNERS.toml", owners), (&path, blob)], &[]);
    std::fs::write(repo.repo.path().join("index"), data).unwrap();
    let run = teamlint(repo.path(), &["check", "--staged", "--format", "json"], &[]);
    no_crash(&run);
    assert_eq!(run.json()["change"]["files"], 1, "{}", run.stdout);
}

/// A version 2 index file of `entries`, then `extensions` (the checksum is
/// not checked by the reader that matters here).
fn index_file(entries: &[(&str, Oid)], extensions: &[u8]) -> Vec<u8> {
    let mut d = b"DIRC".to_vec();
    d.extend(2u32.to_be_bytes());
    d.extend((entries.len() as u32).to_be_bytes());
    for (path, oid) in entries {
        let start = d.len();
        d.extend([0u8; 24]);
        d.extend(0o100644u32.to_be_bytes());
        d.extend([0u8; 12]);
        d.extend(oid.as_bytes());
        // A name of 4095 bytes or more is read up to its NUL.
        d.extend((path.len().min(0xfff) as u16).to_be_bytes());
        d.extend(path.as_bytes());
        let len = d.len() - start;
        d.resize(start + ((len + 8) & !7), 0);
    }
    d.extend(extensions);
    d.extend([0u8; 20]);
    d
}

#[test]
fn a_cache_tree_nested_two_million_deep_is_not_followed() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    repo.commit("init");
    let owners = repo.repo.blob(OWNERS.as_bytes()).unwrap();
    let a = repo.repo.blob(b"a").unwrap();
    let depth = 2_000_000;
    let mut tree = b"\0-1 1\n".to_vec();
    for i in 0..depth {
        tree.extend(if i + 1 == depth {
            &b"d\0-1 0\n"[..]
        } else {
            b"d\0-1 1\n"
        });
    }
    let mut ext = b"TREE".to_vec();
    ext.extend((tree.len() as u32).to_be_bytes());
    ext.extend(tree);
    let data = index_file(&[("OWNERS.toml", owners), ("a.txt", a)], &ext);
    std::fs::write(repo.repo.path().join("index"), data).unwrap();
    let run = teamlint(repo.path(), &["check", "--staged", "--format", "json"], &[]);
    no_crash(&run);
    assert_eq!(run.json()["change"]["files"], 1, "{}", run.stdout);
}

#[test]
fn intent_to_add_files_are_not_staged() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    repo.commit("init");
    repo.write("later.txt", "x");
    git(repo.path(), &["add", "-N", "later.txt"]);
    let run = teamlint(repo.path(), &["check", "--staged", "--format", "json"], &[]);
    no_crash(&run);
    assert_eq!(run.json()["change"]["files"], 0, "{}", run.stdout);
    repo.write("now.txt", "x");
    git(repo.path(), &["add", "now.txt"]);
    let run = teamlint(repo.path(), &["check", "--staged", "--format", "json"], &[]);
    assert_eq!(run.json()["change"]["files"], 1, "{}", run.stdout);
    // Still a tracked path, as `git ls-files` lists it.
    let run = teamlint(repo.path(), &["ls"], &[]);
    assert!(run.stdout.contains("later.txt\tcore"), "{}", run.stdout);
}

/// `teamlint ls` paths against `git ls-files`.
fn assert_lists_as_git(dir: &Path) {
    let run = teamlint(dir, &["ls"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ours: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    let theirs = git(dir, &["ls-files"]);
    let theirs: Vec<&str> = theirs.lines().collect();
    assert_eq!(ours, theirs);
}

fn tree_of_files(repo: &mut TestRepo) {
    repo.write("OWNERS.toml", OWNERS);
    for d in ["a", "b", "b/deeper", "c"] {
        repo.write(&format!("{d}/file.txt"), d);
    }
    // Enough files that a few changes stay in a split index (git rewrites
    // the shared index when more than a fifth of it changes).
    for i in 0..40 {
        repo.write(&format!("e/{i}.txt"), "e");
    }
    repo.commit("init");
}

#[test]
fn a_sparse_index_lists_the_files_of_its_directories() {
    let mut repo = TestRepo::new();
    tree_of_files(&mut repo);
    git(repo.path(), &["sparse-checkout", "init", "--cone"]);
    git(repo.path(), &["config", "index.sparse", "true"]);
    git(repo.path(), &["sparse-checkout", "set", "a"]);
    let index = std::fs::read(repo.repo.path().join("index")).unwrap();
    assert!(index.windows(4).any(|w| w == b"sdir"), "not a sparse index");
    assert_lists_as_git(repo.path());
    repo.write("a/new.txt", "x");
    git(repo.path(), &["add", "a/new.txt"]);
    let run = teamlint(repo.path(), &["check", "--staged", "--format", "json"], &[]);
    no_crash(&run);
    assert_eq!(run.json()["change"]["files"], 1, "{}", run.stdout);
}

#[test]
fn a_split_index_is_joined_with_its_shared_index() {
    let mut repo = TestRepo::new();
    tree_of_files(&mut repo);
    git(repo.path(), &["update-index", "--split-index"]);
    repo.write("a/file.txt", "changed");
    repo.write("d/new.txt", "new");
    git(repo.path(), &["add", "a/file.txt", "d/new.txt"]);
    git(repo.path(), &["rm", "-q", "c/file.txt"]);
    let index = std::fs::read(repo.repo.path().join("index")).unwrap();
    assert!(index.windows(4).any(|w| w == b"link"), "not a split index");
    let own = u32::from_be_bytes(index[8..12].try_into().unwrap());
    assert!(own > 0, "the split index holds no entries");
    assert_lists_as_git(repo.path());
    let run = teamlint(repo.path(), &["check", "--staged", "--format", "json"], &[]);
    no_crash(&run);
    assert_eq!(run.json()["change"]["files"], 3, "{}", run.stdout);
}

/// A history of `n` commits, each changing its own file; oldest first.
fn linear_history(repo: &mut TestRepo, n: usize) -> Vec<Oid> {
    repo.write("OWNERS.toml", OWNERS);
    (0..n)
        .map(|i| repo.commit_files(&[(&format!("f{i}.txt"), "x")], &format!("c{i}")))
        .collect()
}

fn audit_changes(dir: &Path, cache: bool) -> u64 {
    let mut args = vec!["audit", "--format", "json"];
    if !cache {
        args.push("--no-cache");
    }
    let run = teamlint(dir, &args, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()["window"]["changes"].as_u64().unwrap()
}

fn git_log_count(dir: &Path) -> u64 {
    git(dir, &["log", "--oneline"]).lines().count() as u64
}

#[test]
fn replace_refs_and_grafts_shape_the_history_as_git_log_shows_it() {
    let mut repo = TestRepo::new();
    let commits = linear_history(&mut repo, 9);
    assert_eq!(audit_changes(repo.path(), true), 9);
    // Cut the history at the sixth commit, as `git log` then shows it.
    git(
        repo.path(),
        &["replace", "--graft", &commits[5].to_string()],
    );
    assert_eq!(git_log_count(repo.path()), 4);
    assert_eq!(audit_changes(repo.path(), false), 4);
    assert_eq!(
        audit_changes(repo.path(), true),
        4,
        "the cache predates the graft"
    );
    git(repo.path(), &["replace", "-d", &commits[5].to_string()]);
    assert_eq!(audit_changes(repo.path(), true), 9);
    // The older way: a grafts file.
    let grafts = repo.repo.path().join("info").join("grafts");
    std::fs::create_dir_all(grafts.parent().unwrap()).unwrap();
    std::fs::write(&grafts, format!("{}\n", commits[6])).unwrap();
    assert_eq!(git_log_count(repo.path()), 3);
    assert_eq!(audit_changes(repo.path(), false), 3);
    assert_eq!(audit_changes(repo.path(), true), 3);
}

#[test]
fn the_history_cache_is_not_trusted_after_the_clone_is_deepened() {
    let mut origin = TestRepo::new();
    linear_history(&mut origin, 9);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(dir.path(), &["clone", "-q", "--depth", "2", &url, "clone"]);
    let clone = dir.path().join("clone");
    let shallow = audit_changes(&clone, true);
    assert_eq!(shallow, audit_changes(&clone, false));
    git(&clone, &["fetch", "-q", "--unshallow"]);
    assert_eq!(audit_changes(&clone, false), 9);
    assert_eq!(audit_changes(&clone, true), 9);
}

/// A commit written byte for byte (libgit2 writes no time outside its
/// range), made HEAD.
fn raw_commit(repo: &Repository, tree: Oid, parent: Option<Oid>, time: &str) -> Oid {
    let mut text = format!("tree {tree}\n");
    if let Some(p) = parent {
        text.push_str(&format!("parent {p}\n"));
    }
    text.push_str(&format!(
        "author Dev <dev@example.com> {time} +0000\ncommitter Dev <dev@example.com> {time} +0000\n\nc\n"
    ));
    let odb = repo.odb().unwrap();
    let id = odb
        .write(git2::ObjectType::Commit, text.as_bytes())
        .unwrap();
    repo.reference("refs/heads/main", id, true, "raw").unwrap();
    repo.set_head("refs/heads/main").unwrap();
    id
}

#[test]
fn commit_times_at_the_ends_of_the_range_do_not_wrap() {
    let repo = TestRepo::new();
    repo.write(
        "OWNERS.toml",
        &OWNERS.replace(
            "version = 1\n",
            "version = 1\n[coupling]\nhalf_life = \"30d\"\n",
        ),
    );
    let mut parent = None;
    for (i, time) in [i64::MIN, 0, i64::MAX].into_iter().enumerate() {
        repo.write("a.txt", &i.to_string());
        repo.write("b.txt", &i.to_string());
        repo.stage_all();
        let tree = repo.repo.index().unwrap().write_tree().unwrap();
        parent = Some(raw_commit(&repo.repo, tree, parent, &time.to_string()));
    }
    for by in [None, Some("month")] {
        let mut args = vec!["audit", "--no-cache", "--format", "json"];
        args.extend(by.map(|b| ["--by", b]).into_iter().flatten());
        let run = teamlint(repo.path(), &args, &[]);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert_eq!(run.json()["window"]["changes"], 3);
    }
}

fn small_repo() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    repo.write("src/a.rs", "");
    repo.commit("init");
    repo
}

#[test]
fn git_dir_and_git_work_tree_name_the_repository() {
    let repo = small_repo();
    let elsewhere = tempfile::tempdir().unwrap();
    let git_dir = repo.repo.path().as_os_str().to_owned();
    let env = [
        ("GIT_DIR", git_dir.as_os_str()),
        ("GIT_WORK_TREE", repo.path().as_os_str()),
    ];
    let run = teamlint(elsewhere.path(), &["ls"], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "OWNERS.toml\tcore\nsrc/a.rs\tcore\n");
}

#[test]
fn a_missing_git_index_file_is_an_empty_index() {
    let repo = small_repo();
    let none = tempfile::tempdir().unwrap();
    let index = none.path().join("index");
    let env = [("GIT_INDEX_FILE", index.as_os_str())];
    assert_eq!(git_ls_files_with(repo.path(), &index), "");
    let run = teamlint(repo.path(), &["ls"], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    // The commit it would make holds no ownership map at all.
    let run = teamlint(
        repo.path(),
        &["check", "--staged", "--format", "json"],
        &env,
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("OWNERS.toml"), "{}", run.stderr);
}

fn git_ls_files_with(dir: &Path, index: &Path) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["ls-files"])
        .env("GIT_INDEX_FILE", index)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn explain_refuses_paths_outside_the_repository() {
    let repo = small_repo();
    let outside = tempfile::tempdir().unwrap();
    let outside_file = outside.path().join("passwd");
    std::fs::write(&outside_file, "").unwrap();
    for arg in [outside_file.to_str().unwrap(), "", "..", ".", "src/../.."] {
        let run = teamlint(repo.path(), &["explain", arg], &[]);
        assert_eq!(run.code, 2, "explain {arg:?}: {}", run.stdout);
        assert!(run.stderr.contains("help:"), "{}", run.stderr);
    }
    let run = teamlint(
        &repo.path().join("src"),
        &["explain", "../src/a.rs", "a.rs"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.matches("src/a.rs").count(), 2, "{}", run.stdout);
}

#[test]
fn a_path_inside_a_submodule_is_owned_as_the_submodule_is() {
    let repo = small_repo();
    let head = repo.repo.head().unwrap().target().unwrap();
    let mut index = repo.repo.index().unwrap();
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
            id: head,
            flags: "vendor/lib".len() as u16,
            flags_extended: 0,
            path: b"vendor/lib".to_vec(),
        })
        .unwrap();
    index.write().unwrap();
    // The submodule's work tree, with an ownership map of its own.
    repo.write(
        "vendor/lib/OWNERS.toml",
        "version = 1\n[teams.theirs]\nleader = \"t@x.org\"\n[[own]]\nteam = \"theirs\"\npaths = [\"*\"]\n",
    );
    repo.write("vendor/lib/src/x.rs", "");
    let run = teamlint(
        repo.path(),
        &["explain", "--format", "json", "vendor/lib/src/x.rs"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j = run.json();
    assert_eq!(j["paths"][0]["path"], "vendor/lib/src/x.rs");
    assert_eq!(j["paths"][0]["teams"], serde_json::json!(["core"]), "{j}");
}

#[test]
fn a_sha256_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "--object-format=sha256", "r"]);
    let r = dir.path().join("r");
    std::fs::write(r.join("OWNERS.toml"), OWNERS).unwrap();
    git(&r, &["add", "OWNERS.toml"]);
    git(&r, &["commit", "-qm", "init"]);
    for args in [&["ls"][..], &["check", "--staged"], &["audit"]] {
        let run = teamlint(&r, args, &[]);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains("SHA-1"), "{}", run.stderr);
    }
}

#[test]
fn a_treeless_partial_clone_is_a_clear_error_where_trees_are_needed() {
    let mut origin = TestRepo::new();
    repo_config(&origin, "uploadpack.allowFilter", "true");
    linear_history(&mut origin, 4);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(
        dir.path(),
        &["clone", "-q", "--filter=tree:0", &url, "clone"],
    );
    let clone = dir.path().join("clone");
    for args in [&["audit", "--no-cache"][..], &["check", "--base", "HEAD~2"]] {
        let run = teamlint(&clone, args, &[]);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains("--filter=blob:none"), "{}", run.stderr);
    }
    // What needs only the checked-out tree still works.
    let run = teamlint(&clone, &["check"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn repo_config(repo: &TestRepo, key: &str, value: &str) {
    repo.repo.config().unwrap().set_str(key, value).unwrap();
}

#[test]
fn a_check_does_not_use_a_cache_from_before_a_graft() {
    let mut repo = TestRepo::new();
    let commits = linear_history(&mut repo, 4);
    audit_changes(repo.path(), true);
    let notes = |repo: &TestRepo| {
        let run = teamlint(repo.path(), &["check", "--staged", "--format", "json"], &[]);
        no_crash(&run);
        run.json()["notes"].to_string()
    };
    assert!(
        !notes(&repo).contains("no usable history cache"),
        "{}",
        notes(&repo)
    );
    git(
        repo.path(),
        &["replace", "--graft", &commits[2].to_string()],
    );
    assert!(
        notes(&repo).contains("no usable history cache"),
        "{}",
        notes(&repo)
    );
}
