//! Where teamlint writes: a regular file is replaced atomically, anything
//! else is written in place or refused, a link is never replaced, and a
//! report never lands on an ownership file.
#![cfg(unix)]

mod support;

use std::path::Path;

use support::{Run, TestRepo};

const OWNERS: &str = r#"version = 1
[teams.core]
leader = "c@acme.com"
github = "@acme/core"
[[own]]
team = "core"
paths = ["*"]
"#;

const QUICK: u64 = 30;

fn repo() -> TestRepo {
    let mut r = TestRepo::new();
    r.write("OWNERS.toml", OWNERS);
    r.write("src/a.rs", "");
    r.commit("init");
    r
}

fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

fn is_char_device(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(p).is_ok_and(|m| m.file_type().is_char_device())
}

#[test]
fn a_report_to_a_link_to_a_device_is_written_into_the_device() {
    let r = repo();
    r.symlink("null", "/dev/null");
    let run = r.run_within(&["check", "--output", "null"], QUICK);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(is_link(&r.path().join("null")), "the link is kept");
    assert!(is_char_device(Path::new("/dev/null")));
}

#[test]
fn a_full_device_reports_the_failed_write() {
    let r = repo();
    r.symlink("full", "/dev/full");
    let run = r.run_within(&["check", "--output", "full"], QUICK);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("No space left"), "{}", run.stderr);
    assert!(is_link(&r.path().join("full")));
}

#[test]
fn a_report_to_a_fifo_goes_through_it() {
    let r = repo();
    r.fifo("pipe");
    let pipe = r.path().join("pipe");
    // The reader waits on the FIFO itself: should the run replace it, the
    // reader is never answered and the test fails at the timeout.
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let pipe = pipe.clone();
        std::thread::spawn(move || tx.send(std::fs::read_to_string(pipe)));
    }
    let run = r.run_within(&["check", "--format", "json", "--output", "pipe"], QUICK);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got = rx
        .recv_timeout(std::time::Duration::from_secs(QUICK))
        .expect("the report reaches the FIFO's reader")
        .unwrap();
    assert!(got.contains("\"findings\""), "{got}");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&pipe)
        .unwrap()
        .file_type()
        .is_fifo());
}

#[test]
fn a_linked_report_file_is_written_through_and_the_link_kept() {
    let r = repo();
    r.write("out/real.json", "old\n");
    r.symlink("report.json", "out/real.json");
    let run = r.run_within(
        &["check", "--format", "json", "--output", "report.json"],
        QUICK,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(is_link(&r.path().join("report.json")));
    let text = std::fs::read_to_string(r.path().join("out/real.json")).unwrap();
    assert!(text.contains("\"findings\""), "{text}");
}

#[test]
fn a_dangling_link_is_refused() {
    let r = repo();
    r.symlink("report.json", "nowhere/report.json");
    let run = r.run_within(&["check", "--output", "report.json"], QUICK);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("symbolic link to nothing"),
        "{}",
        run.stderr
    );
    assert!(is_link(&r.path().join("report.json")));
    assert!(!r.path().join("nowhere").exists());
}

#[test]
fn a_report_to_standard_output_by_name_appends_to_what_the_shell_opened() {
    let r = repo();
    let log = r.path().join("log.txt");
    std::fs::write(&log, "earlier\n").unwrap();
    r.symlink("stdout", "/proc/self/fd/1");
    let out = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let status = r
        .cmd()
        .args(["ls", "--output", "stdout"])
        .stdout(out)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text, "earlier\nOWNERS.toml\tcore\nsrc/a.rs\tcore\n");
    assert!(is_link(&r.path().join("stdout")));
}

#[test]
fn no_report_overwrites_an_ownership_file() {
    let mut r = repo();
    r.write(
        "src/OWNERS.toml",
        "[[own]]\nteam = \"core\"\npaths = [\"*\"]\n",
    );
    r.write(".github/CODEOWNERS", "* @acme/core\n");
    r.write("alt.toml", OWNERS);
    r.symlink("innocent.txt", "OWNERS.toml");
    r.commit("more maps");
    let cases: &[&[&str]] = &[
        &["check", "--output", "OWNERS.toml"],
        &["check", "--output", "src/OWNERS.toml"],
        &["check", "--output", ".github/CODEOWNERS"],
        &["check", "--output", "innocent.txt"],
        &["check", "--summary", "OWNERS.toml"],
        &["audit", "--output", "OWNERS.toml"],
        &["ls", "--output", "OWNERS.toml"],
        &["codeowners", "--output", ".github/CODEOWNERS"],
        &["baseline", "--output", "OWNERS.toml"],
        &["baseline", "--write", "--baseline", "OWNERS.toml"],
        &["--config", "alt.toml", "check", "--output", "alt.toml"],
        &["codeowners", "--write", "--path", "OWNERS.toml"],
    ];
    let before: Vec<String> = [
        "OWNERS.toml",
        "src/OWNERS.toml",
        ".github/CODEOWNERS",
        "alt.toml",
    ]
    .iter()
    .map(|p| std::fs::read_to_string(r.path().join(p)).unwrap())
    .collect();
    for args in cases {
        let run = r.run_within(args, QUICK);
        assert_eq!(run.code, 2, "{args:?}\n{}", run.stderr);
        assert!(
            run.stderr.contains("ownership file"),
            "{args:?}\n{}",
            run.stderr
        );
        let after: Vec<String> = [
            "OWNERS.toml",
            "src/OWNERS.toml",
            ".github/CODEOWNERS",
            "alt.toml",
        ]
        .iter()
        .map(|p| std::fs::read_to_string(r.path().join(p)).unwrap())
        .collect();
        assert_eq!(after, before, "{args:?} changed a map");
    }
    assert!(is_link(&r.path().join("innocent.txt")));
}

#[test]
fn files_teamlint_keeps_are_never_written_over_a_link_or_a_device() {
    let r = repo();
    r.symlink("to-null", "/dev/null");
    r.write("elsewhere.json", "{}\n");
    r.symlink("teamlint-baseline.json", "elsewhere.json");
    let cases: &[(&[&str], &str)] = &[
        (&["codeowners", "--write", "--path", "to-null"], "to-null"),
        (&["baseline", "--write"], "teamlint-baseline.json"),
        (&["init", "--force", "--config", "to-null"], "to-null"),
    ];
    for (args, target) in cases {
        let run = r.run_within(args, QUICK);
        assert_eq!(run.code, 2, "{args:?}\n{}", run.stderr);
        assert!(run.stderr.contains(target), "{args:?}\n{}", run.stderr);
        assert!(
            run.stderr.contains("symbolic link") || run.stderr.contains("a device"),
            "{args:?}\n{}",
            run.stderr
        );
    }
    assert!(is_link(&r.path().join("to-null")));
    assert!(is_link(&r.path().join("teamlint-baseline.json")));
    assert_eq!(
        std::fs::read_to_string(r.path().join("elsewhere.json")).unwrap(),
        "{}\n"
    );
    assert!(is_char_device(Path::new("/dev/null")));
}

/// A character device like /dev/null at `rel`, when this process may
/// make one (as root, in CI containers); `false` otherwise.
fn char_device(r: &TestRepo, rel: &str) -> bool {
    support::command("mknod")
        .arg(r.path().join(rel))
        .args(["c", "1", "3"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn codeowners_write_to_a_device_is_refused() {
    let r = repo();
    if !char_device(&r, "dev-null") {
        return;
    }
    let run = r.run_within(&["codeowners", "--write", "--path", "dev-null"], QUICK);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is a device"), "{}", run.stderr);
    assert!(is_char_device(&r.path().join("dev-null")));
    let run = r.run_within(&["check", "--output", "dev-null"], QUICK);
    assert_eq!(run.code, 0, "a report is written into it: {}", run.stderr);
    assert!(is_char_device(&r.path().join("dev-null")));
}

#[test]
fn init_force_over_a_linked_map_keeps_the_link() {
    let r = TestRepo::new();
    r.write("maps/real.toml", OWNERS);
    r.symlink("OWNERS.toml", "maps/real.toml");
    let run = r.run_within(&["init", "--force"], QUICK);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert!(is_link(&r.path().join("OWNERS.toml")));
    assert_eq!(
        std::fs::read_to_string(r.path().join("maps/real.toml")).unwrap(),
        OWNERS
    );
}

#[test]
fn a_summary_is_appended_through_a_link() {
    let r = repo();
    r.write("real.md", "before\n");
    r.symlink("summary.md", "real.md");
    let run: Run = r.run_within(&["check", "--summary", "summary.md"], QUICK);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(is_link(&r.path().join("summary.md")));
    let text = std::fs::read_to_string(r.path().join("real.md")).unwrap();
    assert!(text.starts_with("before\n") && text.len() > 10, "{text}");
}

/// No write of any command lands in the git directory (its index, hooks
/// or history cache) or on the baseline or the hook, by the name given or
/// through a link.
#[test]
fn no_write_touches_the_git_directory_or_a_file_teamlint_keeps() {
    let r = repo();
    assert_eq!(r.run(&["baseline", "--write"]).code, 0);
    assert_eq!(r.run(&["hook", "install"]).code, 0);
    assert_eq!(r.run(&["audit"]).code, 0);
    r.symlink("index-link", ".git/index");
    let kept = [
        ".git/index",
        ".git/HEAD",
        ".git/hooks/pre-commit",
        ".git/teamlint/history.bin",
        "teamlint-baseline.json",
    ];
    let before: Vec<Vec<u8>> = kept
        .iter()
        .map(|p| std::fs::read(r.path().join(p)).unwrap_or_else(|e| panic!("{p}: {e}")))
        .collect();
    let cases: &[&[&str]] = &[
        &["check", "--output", ".git/index"],
        &["check", "--output", "./.git/../.git/HEAD"],
        &["check", "--output", "index-link"],
        &["check", "--output", ".git/hooks/pre-commit"],
        &["check", "--output", ".git/new-file"],
        &["audit", "--output", ".git/teamlint/history.bin"],
        &["check", "--output", "teamlint-baseline.json"],
        &["check", "--summary", ".git/index"],
        &["ls", "--output", ".git/index"],
        &["init", "--force", "--config", ".git/index"],
        &["baseline", "--write", "--baseline", ".git/index"],
    ];
    for args in cases {
        let run = r.run(args);
        assert_eq!(run.code, 2, "{run}");
        assert!(
            [
                "inside the git directory",
                "is the baseline",
                "is the pre-commit hook"
            ]
            .iter()
            .any(|m| run.stderr.contains(m)),
            "{run}"
        );
    }
    for (p, old) in kept.iter().zip(&before) {
        assert_eq!(
            &std::fs::read(r.path().join(p)).unwrap(),
            old,
            "{p} changed"
        );
    }
    assert!(!r.path().join(".git/new-file").exists());
    // git still reads its index.
    let status = support::command("git")
        .args(["status", "--porcelain"])
        .current_dir(r.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
}
