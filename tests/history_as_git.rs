//! The history teamlint reads is the history `git log` lists, in the odd
//! cases too: unparsable dates, clock skew under `--since`, non-canonical
//! modes, replaced trees, commits unreadable once, and a cache that holds
//! commits HEAD does not reach.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use git2::{ObjectType, Oid, Repository};
use support::{git, Run, TestRepo};

const OWNERS: &str = "version = 1\n[teams.core]\nleader = \"a@b.c\"\n[coupling]\nmin_revs = 1\nmin_shared = 1\n[[own]]\nteam = \"core\"\npaths = [\"*\"]\n";

/// Changes per file as `git log --no-merges --no-renames --name-only`
/// lists them, with extra arguments (`--since`).
fn git_revs(dir: &Path, extra: &[&str]) -> (usize, BTreeMap<String, u64>) {
    let mut args = vec![
        "log",
        "--no-merges",
        "--no-renames",
        "--name-only",
        "--format=@%H",
    ];
    args.extend_from_slice(extra);
    let out = git(dir, &args);
    let mut revs = BTreeMap::new();
    let mut commits = 0;
    for line in out.lines() {
        if line.starts_with('@') {
            commits += 1;
        } else if !line.is_empty() {
            *revs.entry(line.to_string()).or_insert(0) += 1;
        }
    }
    (commits, revs)
}

fn audit(dir: &Path, extra: &[&str]) -> Run {
    let mut cmd = support::teamlint();
    cmd.current_dir(dir)
        .env("COLUMNS", "80")
        .args(["audit", "--format", "json", "--exit-zero"])
        .args(extra);
    let run = Run::from(cmd.output().unwrap()).of(&cmd);
    assert_eq!(run.code, 0, "{run}");
    run
}

/// Changes and per-file revs as an audit counts them.
fn teamlint_revs(run: &Run) -> (usize, BTreeMap<String, u64>) {
    let json = run.json();
    let revs = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["revs"].as_f64().unwrap() as u64,
            )
        })
        .filter(|(_, r)| *r > 0)
        .collect();
    let changes = json["window"]["changes"].as_u64().unwrap() as usize;
    (changes, revs)
}

/// The audit, cold and cached, counts what git lists.
fn assert_as_git(dir: &Path, audit_args: &[&str], git_args: &[&str]) {
    let want = git_revs(dir, git_args);
    let mut cold = vec!["--no-cache"];
    cold.extend_from_slice(audit_args);
    assert_eq!(teamlint_revs(&audit(dir, &cold)), want, "cold");
    // Twice with the cache: written, then read.
    assert_eq!(
        teamlint_revs(&audit(dir, audit_args)),
        want,
        "cache written"
    );
    assert_eq!(teamlint_revs(&audit(dir, audit_args)), want, "cache read");
}

/// A commit written byte for byte with the committer line given, made HEAD.
fn raw_commit(repo: &Repository, tree: Oid, parent: Option<Oid>, committer: &str) -> Oid {
    let mut text = format!("tree {tree}\n");
    if let Some(p) = parent {
        text.push_str(&format!("parent {p}\n"));
    }
    text.push_str(&format!(
        "author Dev <dev@example.com> 1700000000 +0000\n{committer}\n\nc\n"
    ));
    let id = repo
        .odb()
        .unwrap()
        .write(ObjectType::Commit, text.as_bytes())
        .unwrap();
    repo.reference("refs/heads/main", id, true, "raw").unwrap();
    repo.set_head("refs/heads/main").unwrap();
    id
}

fn tree_of(repo: &TestRepo, files: &[(&str, &str)]) -> Oid {
    for (p, c) in files {
        repo.write(p, c);
    }
    repo.stage_all();
    repo.repo.index().unwrap().write_tree().unwrap()
}

#[test]
fn an_unparsable_committer_date_is_read_as_zero_and_the_walk_goes_on() {
    let repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    let mut parent = None;
    let dates = [
        "committer Dev <dev@example.com> 1700000000 +0000",
        "committer Dev <dev@example.com> 1700086400 +0000",
        "committer Dev <dev@example.com> not-a-date +0000",
        "committer Dev <dev@example.com>",
        "committer Dev <dev@example.com> 1700345600 +0000",
        "committer Dev <dev@example.com> 1700432000 +0000",
    ];
    for (i, committer) in dates.iter().enumerate() {
        let tree = tree_of(&repo, &[(&format!("f{i}.txt"), "x")]);
        parent = Some(raw_commit(&repo.repo, tree, parent, committer));
    }
    let (commits, _) = git_revs(repo.path(), &[]);
    assert_eq!(commits, 6);
    assert_as_git(repo.path(), &[], &[]);
}

#[test]
fn since_under_clock_skew_is_git_s_cold_and_cached() {
    let repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    let day = 86_400;
    let t0 = 1_700_000_000;
    // The fourth commit's clock was years behind: `git log --since` stops
    // there on that line, though the commits behind it are newer.
    let times = [
        t0,
        t0 + day,
        t0 + 2 * day,
        1_000_000_000,
        t0 + 4 * day,
        t0 + 5 * day,
    ];
    let mut parent = None;
    for (i, t) in times.iter().enumerate() {
        let tree = tree_of(&repo, &[(&format!("f{i}.txt"), "x")]);
        let committer = format!("committer Dev <dev@example.com> {t} +0000");
        parent = Some(raw_commit(&repo.repo, tree, parent, &committer));
    }
    // A whole audit first, so the cache holds every commit.
    audit(repo.path(), &[]);
    let since = "2023-11-14";
    let (listed, _) = git_revs(repo.path(), &["--since", since]);
    assert_eq!(listed, 2, "git lists the two commits above the skewed one");
    assert_as_git(repo.path(), &["--since", since], &["--since", since]);
    // The window's dates are those of the changes counted.
    let run = audit(repo.path(), &["--since", since]);
    let window = &run.json()["window"];
    assert_eq!(window["first"], "2023-11-18", "{window}");
    assert_eq!(window["last"], "2023-11-19", "{window}");
}

/// A tree object written byte for byte: `(mode, name, id)`.
fn raw_tree(repo: &Repository, entries: &[(&str, &str, Oid)]) -> Oid {
    let mut bytes = Vec::new();
    for (mode, name, id) in entries {
        bytes.extend_from_slice(format!("{mode} {name}\0").as_bytes());
        bytes.extend_from_slice(id.as_bytes());
    }
    repo.odb().unwrap().write(ObjectType::Tree, &bytes).unwrap()
}

#[test]
fn non_canonical_modes_and_replaced_trees_are_read_as_git_reads_them() {
    let repo = TestRepo::new();
    let r = &repo.repo;
    let blob = |text: &str| r.blob(text.as_bytes()).unwrap();
    let owners = blob(OWNERS);
    let (a, b, c) = (blob("a"), blob("b"), blob("c"));
    let committer = |i: i64| {
        format!(
            "committer Dev <dev@example.com> {} +0000",
            1_700_000_000 + i
        )
    };
    let t1 = raw_tree(
        r,
        &[
            ("100644", "OWNERS.toml", owners),
            ("100644", "f.txt", a),
            ("100644", "g.txt", b),
        ],
    );
    let c1 = raw_commit(r, t1, None, &committer(1));
    // Only the mode's group bits differ for f.txt: git sees no change there.
    let t2 = raw_tree(
        r,
        &[
            ("100644", "OWNERS.toml", owners),
            ("100664", "f.txt", a),
            ("100644", "g.txt", c),
        ],
    );
    let c2 = raw_commit(r, t2, Some(c1), &committer(2));
    let t3 = raw_tree(
        r,
        &[
            ("100644", "OWNERS.toml", owners),
            ("100644", "f.txt", a),
            ("100644", "g.txt", b),
        ],
    );
    let c3 = raw_commit(r, t3, Some(c2), &committer(3));
    let t4 = raw_tree(
        r,
        &[
            ("100644", "OWNERS.toml", owners),
            ("100644", "f.txt", b),
            ("100644", "g.txt", b),
        ],
    );
    let _c4 = raw_commit(r, t4, Some(c3), &committer(4));
    std::fs::write(repo.path().join("OWNERS.toml"), OWNERS).unwrap();
    let (_, before) = git_revs(repo.path(), &[]);
    assert_eq!(before.get("f.txt"), Some(&2), "{before:?}");
    assert_as_git(repo.path(), &[], &[]);
    // Replace the third commit's tree: git reads the replacement for it.
    let t3b = raw_tree(
        r,
        &[
            ("100644", "OWNERS.toml", owners),
            ("100644", "f.txt", c),
            ("100644", "g.txt", b),
            ("100644", "h.txt", a),
        ],
    );
    git(repo.path(), &["replace", &t3.to_string(), &t3b.to_string()]);
    let (_, after) = git_revs(repo.path(), &[]);
    assert!(after.contains_key("h.txt") && after != before, "{after:?}");
    assert_as_git(repo.path(), &[], &[]);
}

#[test]
fn a_commit_unreadable_once_is_read_when_it_is_back() {
    let mut origin = TestRepo::new();
    origin.write("OWNERS.toml", OWNERS);
    for i in 0..4 {
        origin.commit_files(&[(&format!("old{i}.txt"), "x")], &format!("old {i}"));
    }
    let dir = tempfile::tempdir().unwrap();
    let url = origin.path().display().to_string();
    git(dir.path(), &["clone", "-q", "--shared", &url, "clone"]);
    let clone = dir.path().join("clone");
    std::fs::write(clone.join("new.txt"), "n").unwrap();
    git(&clone, &["add", "new.txt"]);
    git(
        &clone,
        &[
            "-c",
            "user.name=Dev",
            "-c",
            "user.email=dev@example.com",
            "commit",
            "-q",
            "-m",
            "new",
        ],
    );
    // The alternate goes offline: the old commits cannot be read.
    let objects = origin.repo.path().join("objects");
    let away = origin.repo.path().join("objects-away");
    std::fs::rename(&objects, &away).unwrap();
    let offline = audit(&clone, &[]);
    assert!(
        offline.json()["window"]["skipped_missing"]
            .as_u64()
            .unwrap()
            > 0,
        "{offline}"
    );
    std::fs::rename(&away, &objects).unwrap();
    let (commits, _) = git_revs(&clone, &[]);
    assert_eq!(commits, 5);
    let back = audit(&clone, &[]);
    assert_eq!(back.json()["window"]["skipped_missing"], 0, "{back}");
    assert_eq!(teamlint_revs(&back), git_revs(&clone, &[]), "{back}");
}

const TWO_TEAMS: &str = "version = 1\n[teams.a]\nleader = \"a@b.c\"\n[teams.b]\nleader = \"b@b.c\"\n[coupling]\nmin_revs = 1\nmin_shared = 2\n[[own]]\nteam = \"a\"\npaths = [\"/a/\", \"/OWNERS.toml\"]\n[[own]]\nteam = \"b\"\npaths = [\"/b/\"]\n";

#[test]
fn a_check_counts_no_cached_commit_that_head_does_not_reach() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", TWO_TEAMS)
        .write("a/x.rs", "0")
        .write("b/y.rs", "0");
    repo.commit("map");
    let main = repo.repo.head().unwrap().target().unwrap();
    // A branch where a/x.rs and b/y.rs always change together, audited.
    git(repo.path(), &["checkout", "-q", "-b", "side"]);
    for i in 1..5 {
        repo.commit_files(
            &[("a/x.rs", &i.to_string()), ("b/y.rs", &i.to_string())],
            "both",
        );
    }
    audit(repo.path(), &[]);
    let check = |repo: &TestRepo| {
        let mut cmd = repo.cmd();
        cmd.args(["check", "--staged", "--format", "json", "--exit-zero"]);
        let run = Run::from(cmd.output().unwrap()).of(&cmd);
        assert_eq!(run.code, 0, "{run}");
        run
    };
    // On the branch, a change to a/x.rs alone misses its partner.
    repo.write("a/x.rs", "side change");
    repo.stage_all();
    let on_side = check(&repo);
    assert!(
        on_side.rules().contains(&"missing-cochange".to_string()),
        "{on_side}"
    );
    // Back on main, the branch deleted: that coupling is no history of
    // HEAD's, and git log agrees.
    git(repo.path(), &["checkout", "-q", "-f", &main.to_string()]);
    git(repo.path(), &["branch", "-q", "-D", "side"]);
    assert_eq!(git_revs(repo.path(), &[]).0, 1);
    repo.write("a/x.rs", "main change");
    repo.stage_all();
    let on_main = check(&repo);
    assert!(
        !on_main.rules().contains(&"missing-cochange".to_string()),
        "{on_main}"
    );
}

#[test]
fn a_replaced_tree_is_read_as_git_reads_it() {
    let repo = TestRepo::new();
    let r = &repo.repo;
    let blob = |text: &str| r.blob(text.as_bytes()).unwrap();
    let owners = blob(OWNERS);
    let (a, b) = (blob("a"), blob("b"));
    let committer = |i: i64| {
        format!(
            "committer Dev <dev@example.com> {} +0000",
            1_700_000_000 + i
        )
    };
    let t1 = raw_tree(
        r,
        &[("100644", "OWNERS.toml", owners), ("100644", "f.txt", a)],
    );
    let c1 = raw_commit(r, t1, None, &committer(1));
    let t2 = raw_tree(
        r,
        &[("100644", "OWNERS.toml", owners), ("100644", "f.txt", b)],
    );
    raw_commit(r, t2, Some(c1), &committer(2));
    std::fs::write(repo.path().join("OWNERS.toml"), OWNERS).unwrap();
    let t2b = raw_tree(
        r,
        &[
            ("100644", "OWNERS.toml", owners),
            ("100644", "f.txt", a),
            ("100644", "g.txt", b),
        ],
    );
    git(repo.path(), &["replace", &t2.to_string(), &t2b.to_string()]);
    let (_, revs) = git_revs(repo.path(), &[]);
    assert_eq!(revs.get("g.txt"), Some(&1), "{revs:?}");
    assert_eq!(revs.get("f.txt"), Some(&1), "{revs:?}");
    assert_as_git(repo.path(), &[], &[]);
}
