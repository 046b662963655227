//! Files teamlint reads from a repository it does not trust: ownership
//! files, CODEOWNERS, the baseline and the history cache are read only as
//! regular files inside the repository, up to a cap, without blocking; a
//! symbolic link is refused the same way in the working tree, the index, a
//! commit and a bare repository.
#![cfg(unix)]

mod support;

use support::{Run, TestRepo};

const OWNERS: &str = r#"version = 1
[teams.core]
leader = "c@acme.com"
[[own]]
team = "core"
paths = ["*"]
"#;

/// Seconds a refused read may take: it is a stat and an open, so only a
/// hang comes near this, even on a loaded machine.
const QUICK: u64 = 30;

fn repo() -> TestRepo {
    let mut r = TestRepo::new();
    r.write("OWNERS.toml", OWNERS);
    r.write("sub/a.rs", "");
    r.write("other.toml", OWNERS);
    r.commit("init");
    r
}

fn assert_refused(run: &Run, path: &str, what: &str) {
    assert_eq!(
        run.code, 2,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    let text = format!("{}{}", run.stdout, run.stderr);
    assert!(text.contains(path), "names {path}:\n{text}");
    assert!(text.contains(what), "says {what}:\n{text}");
}

#[test]
fn a_committed_link_to_a_device_is_refused_by_every_command() {
    let mut r = repo();
    r.symlink("sub/OWNERS.toml", "/dev/zero");
    r.commit("link");
    for args in [
        &["check"][..],
        &["ls"],
        &["explain", "sub/a.rs"],
        &["audit", "--no-cache"],
        &["codeowners"],
    ] {
        let run = r.run_within(args, QUICK);
        assert_refused(&run, "sub/OWNERS.toml", "symbolic link");
    }
}

#[test]
fn a_link_to_a_file_outside_never_reaches_the_output() {
    let mut r = repo();
    r.symlink("sub/OWNERS.toml", "/proc/self/environ");
    r.commit("link");
    for format in ["human", "json", "sarif"] {
        let run = Run::within(
            r.cmd()
                .env("TEAMLINT_TEST_SECRET", "s3cr3t-token")
                .args(["check", "--format", format]),
            std::time::Duration::from_secs(QUICK),
        );
        assert_refused(&run, "sub/OWNERS.toml", "symbolic link");
        assert!(
            !run.stdout.contains("s3cr3t") && !run.stderr.contains("s3cr3t"),
            "{}{}",
            run.stdout,
            run.stderr
        );
    }
}

#[test]
fn a_linked_ownership_file_gets_one_answer_in_every_mode() {
    let mut r = repo();
    r.commit_files(&[("sub/b.rs", "")], "more");
    r.symlink("sub/OWNERS.toml", "../other.toml");
    r.write("sub/a.rs", "changed\n");
    r.commit("link the directory's map to the root's");
    r.write("sub/a.rs", "changed again\n");
    r.stage_all();
    let bare = tempfile::tempdir().unwrap();
    git2::build::RepoBuilder::new()
        .bare(true)
        .clone(r.path().to_str().unwrap(), &bare.path().join("b.git"))
        .unwrap();
    let bare_dir = bare.path().join("b.git");
    let bare_dir = bare_dir.to_str().unwrap();
    for args in [
        &["check"][..],
        &["check", "--staged"],
        &["check", "--base", "HEAD~1"],
        &["-C", bare_dir, "check"],
        &["-C", bare_dir, "ls"],
    ] {
        let run = r.run_within(args, QUICK);
        assert_refused(&run, "sub/OWNERS.toml", "symbolic link");
        let words: Vec<&str> = run.stderr.split_whitespace().collect();
        assert!(
            words.join(" ").contains("replace the link with a copy"),
            "{args:?}: a hint\n{}",
            run.stderr
        );
    }
}

#[test]
fn an_untracked_link_is_refused_like_a_tracked_one() {
    let r = repo();
    r.symlink("sub/OWNERS.toml", "../other.toml");
    let run = r.run_within(&["check"], QUICK);
    assert_refused(&run, "sub/OWNERS.toml", "symbolic link");
}

#[test]
fn a_fifo_never_blocks_a_run() {
    let r = repo();
    r.remove("OWNERS.toml");
    r.fifo("OWNERS.toml");
    let run = r.run_within(&["check"], QUICK);
    assert_refused(&run, "OWNERS.toml", "named pipe");

    let r = repo();
    r.fifo("sub/OWNERS.toml");
    let run = r.run_within(&["check"], QUICK);
    assert_refused(&run, "sub/OWNERS.toml", "named pipe");
}

#[test]
fn a_fifo_baseline_is_refused_and_a_fifo_cache_ignored() {
    let r = repo();
    r.fifo("teamlint-baseline.json");
    let run = r.run_within(&["check"], QUICK);
    assert_refused(&run, "teamlint-baseline.json", "named pipe");
    // A staged check reads the baseline from the index, as it reads the
    // map: the pipe in the working tree is not what the commit holds.
    let run = r.run_within(&["check", "--staged"], QUICK);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    let r = repo();
    std::fs::create_dir_all(r.repo.path().join("teamlint")).unwrap();
    let made = support::command("mkfifo")
        .arg(r.repo.path().join("teamlint/history.bin"))
        .status()
        .unwrap();
    assert!(made.success());
    let run = r.run_within(&["check", "--staged", "--format", "json"], QUICK);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = r.run_within(&["audit", "--format", "json", "--exit-zero"], QUICK);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_baseline_that_is_a_link_or_a_device_is_refused() {
    let r = repo();
    r.symlink("teamlint-baseline.json", "/dev/zero");
    let run = r.run_within(&["check"], QUICK);
    assert_refused(&run, "teamlint-baseline.json", "symbolic link");
    let run = r.run_within(&["check", "--baseline", "/dev/zero"], QUICK);
    assert_refused(&run, "/dev/zero", "a device");
}

#[test]
fn a_device_given_as_the_config_or_the_index_is_refused() {
    let r = repo();
    let run = r.run_within(&["--config", "/dev/urandom", "check"], QUICK);
    assert_refused(&run, "/dev/urandom", "a device");

    let run = Run::within(
        r.cmd()
            .env("GIT_INDEX_FILE", "/dev/zero")
            .args(["check", "--staged"]),
        std::time::Duration::from_secs(QUICK),
    );
    assert_refused(&run, "/dev/zero", "not a regular file");
}

#[test]
fn a_config_given_through_a_link_is_refused() {
    let r = repo();
    r.symlink("link.toml", "other.toml");
    let run = r.run_within(&["--config", "link.toml", "ls"], QUICK);
    assert_refused(&run, "link.toml", "symbolic link");
    let run = r.run_within(&["--config", "other.toml", "ls"], QUICK);
    assert_eq!(run.code, 0, "the file itself is read: {}", run.stderr);
}

#[test]
fn a_linked_codeowners_is_refused() {
    let r = repo();
    r.symlink(".github/CODEOWNERS", "/dev/zero");
    let run = r.run_within(&["check"], QUICK);
    assert_refused(&run, ".github/CODEOWNERS", "symbolic link");
    let run = r.run_within(&["codeowners", "--check"], QUICK);
    assert_refused(&run, ".github/CODEOWNERS", "symbolic link");
}

/// A CODEOWNERS file of exactly `len` bytes.
fn codeowners_of(len: usize) -> String {
    let mut text = String::from("* @acme/core\n");
    let pad = "# padding\n";
    while text.len() + pad.len() <= len {
        text.push_str(pad);
    }
    text.push_str(&"#".repeat(len - text.len()));
    text
}

#[test]
fn a_codeowners_over_the_cap_is_refused_in_the_tree_and_in_a_commit() {
    let mut r = repo();
    r.write(".github/CODEOWNERS", &codeowners_of((3 << 20) + 1));
    r.commit("a huge CODEOWNERS");
    let bare = tempfile::tempdir().unwrap();
    git2::build::RepoBuilder::new()
        .bare(true)
        .clone(r.path().to_str().unwrap(), &bare.path().join("b.git"))
        .unwrap();
    let bare_dir = bare.path().join("b.git");
    for args in [&["check"][..], &["-C", bare_dir.to_str().unwrap(), "check"]] {
        let run = r.run_within(args, QUICK);
        assert_refused(&run, ".github/CODEOWNERS", "larger than the 3 MiB");
    }
}

#[test]
fn a_codeowners_at_the_cap_is_still_read() {
    let mut r = repo();
    r.write(".github/CODEOWNERS", &codeowners_of(3 << 20));
    r.commit("a large CODEOWNERS");
    let run = r.run_within(&["codeowners", "--check"], QUICK);
    assert_ne!(run.code, 2, "{}", &run.stderr[..run.stderr.len().min(2000)]);
}

#[test]
fn an_ownership_file_over_the_cap_is_refused() {
    let r = repo();
    let f = std::fs::File::create(r.path().join("sub/OWNERS.toml")).unwrap();
    f.set_len((64 << 20) + 1).unwrap();
    let run = r.run_within(&["ls"], QUICK);
    assert_refused(&run, "sub/OWNERS.toml", "larger than the 64 MiB");
}

#[test]
fn a_directory_named_like_an_ownership_file_is_not_one() {
    let mut r = repo();
    r.write("sub/OWNERS.toml/x.rs", "");
    r.commit("a directory");
    let run = r.run_within(&["ls"], QUICK);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("sub/OWNERS.toml/x.rs\tcore"),
        "{}",
        run.stdout
    );
}
