//! The steps around the check: the cache keys, the cached install and the
//! history refresh that lets `missing-cochange` run on a pull request.

use std::collections::BTreeMap;
use std::path::Path;

use super::support::TestRepo;
use super::{root, show, Runner};

const OWNERS: &str = r#"version = 1

[teams.payments]
leader = "alice@acme.com"

[teams.platform]
leader = "dave@acme.com"

[[own]]
team = "platform"
paths = ["/OWNERS.toml", "/infra/"]

[[own]]
team = "payments"
paths = ["/services/payments/"]
"#;

const API: &str = "services/payments/api.rs";
const INFRA: &str = "infra/main.tf";

/// A repository whose history changes the payments API together with the
/// platform's infra six times (more than `min_shared`), then a pull request
/// that edits the API alone. Returns the repository and the base commit.
fn coupled_pull_request() -> (TestRepo, String) {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    for i in 0..6 {
        repo.write(API, &format!("fn api() {{ {i} }}\n"))
            .write(INFRA, &format!("# infra {i}\n"));
        repo.commit(&format!("api and infra {i}"));
    }
    let base = repo.repo.head().unwrap().target().unwrap().to_string();
    repo.commit_files(&[(API, "fn api() { 6 }\n")], "the api alone");
    (repo, base)
}

fn git_dir(repo: &TestRepo) -> std::path::PathBuf {
    repo.repo.path().canonicalize().unwrap()
}

/// The outputs of the steps run since the last clear, as key -> value.
fn outputs(runner: &Runner) -> BTreeMap<String, String> {
    runner.outputs()
}

fn has_cochange_annotation(stdout: &str) -> bool {
    stdout
        .lines()
        .any(|l| l.starts_with("::warning ") && l.contains("missing-cochange") && l.contains(INFRA))
}

#[test]
fn a_pull_request_with_history_gets_missing_cochange_after_the_refresh() {
    let (repo, base) = coupled_pull_request();
    let runner = Runner::new(&base);
    let ws = repo.path();
    assert!(!git_dir(&repo).join("teamlint").exists(), "a cache already");

    // A fresh runner: no cache, so the check alone skips the rule.
    let before = runner.script("action.sh", ws, &[]);
    assert_eq!(before.code, 0, "{}", show(&before));
    assert!(
        !has_cochange_annotation(&before.stdout),
        "{}",
        show(&before)
    );
    assert!(
        before.stdout.contains("missing-cochange skipped"),
        "{}",
        show(&before)
    );

    runner.clear_outputs();
    let keys = runner.script("action-keys.sh", ws, &[("PR_BASE_SHA", &base)]);
    assert_eq!(keys.code, 0, "{}", show(&keys));
    let dir = outputs(&runner)["history-dir"].clone();
    assert_eq!(Path::new(&dir), git_dir(&repo).join("teamlint"));

    let refresh = runner.script("action-history.sh", ws, &[]);
    // The audit finds the undeclared coupling (exit 1 on its own); the
    // refresh passes all the same.
    assert_eq!(refresh.code, 0, "{}", show(&refresh));
    assert!(!refresh.stdout.contains("::warning"), "{}", show(&refresh));
    assert_eq!(outputs(&runner)["refreshed"], "true");
    assert!(Path::new(&dir).join("history.bin").is_file());
    assert_eq!(
        repo.run(&["audit", "-q"]).code,
        1,
        "the audit has no findings"
    );

    let after = runner.script("action.sh", ws, &[]);
    assert_eq!(
        after.code,
        0,
        "a warning does not fail the step\n{}",
        show(&after)
    );
    assert!(has_cochange_annotation(&after.stdout), "{}", show(&after));
    assert!(
        !after.stdout.contains("missing-cochange skipped"),
        "{}",
        show(&after)
    );
}

#[test]
fn a_restored_cache_is_brought_up_to_the_pull_request() {
    let (repo, base) = coupled_pull_request();
    let runner = Runner::new(&base);
    let ws = repo.path();
    // The cache as a run on the base left it: a clone at the base.
    let clone = tempfile::tempdir().unwrap();
    let at_base = clone.path().join("repo");
    git(&[
        "clone",
        "-q",
        "--no-local",
        path_str(ws),
        path_str(&at_base),
    ]);
    git(&[
        "-C",
        path_str(&at_base),
        "checkout",
        "-q",
        "--detach",
        &base,
    ]);
    let seeded = runner.script("action-history.sh", &at_base, &[]);
    assert_eq!(seeded.code, 0, "{}", show(&seeded));
    let restored = git_dir(&repo).join("teamlint");
    std::fs::create_dir_all(&restored).unwrap();
    std::fs::copy(
        at_base.join(".git/teamlint/history.bin"),
        restored.join("history.bin"),
    )
    .unwrap();

    let refresh = runner.script("action-history.sh", ws, &[]);
    assert_eq!(refresh.code, 0, "{}", show(&refresh));
    let check = runner.script("action.sh", ws, &[]);
    assert!(has_cochange_annotation(&check.stdout), "{}", show(&check));
    // The partner count includes this pull request's own commit: the cache
    // reached HEAD, not only the base.
    assert!(
        check.stdout.contains("in 6 of its 7 changes"),
        "{}",
        show(&check)
    );
}

#[test]
fn a_shallow_clone_is_not_refreshed_and_the_warning_names_fetch_depth() {
    let (repo, base) = coupled_pull_request();
    let runner = Runner::new(&base);
    let dir = tempfile::tempdir().unwrap();
    let shallow = dir.path().join("shallow");
    let url = format!("file://{}", repo.path().display());
    git(&["clone", "-q", "--depth", "1", &url, path_str(&shallow)]);

    let refresh = runner.script("action-history.sh", &shallow, &[]);
    assert_eq!(refresh.code, 0, "{}", show(&refresh));
    assert!(
        refresh
            .stdout
            .lines()
            .any(|l| l.starts_with("::warning ") && l.contains("fetch-depth: 0")),
        "{}",
        show(&refresh)
    );
    assert_eq!(outputs(&runner)["refreshed"], "false");
    assert!(!shallow.join(".git/teamlint").exists());
}

#[test]
fn a_refresh_that_cannot_run_warns_and_passes() {
    let (repo, base) = coupled_pull_request();
    repo.write("OWNERS.toml", "version = 1\n[teams.payments\n");
    let runner = Runner::new(&base);
    let refresh = runner.script("action-history.sh", repo.path(), &[]);
    assert_eq!(refresh.code, 0, "{}", show(&refresh));
    let warning = refresh
        .stdout
        .lines()
        .find(|l| l.starts_with("::warning "))
        .unwrap_or_else(|| panic!("no warning\n{}", show(&refresh)));
    assert!(warning.contains("exit status 2"), "{warning}");
    assert!(warning.contains("OWNERS.toml"), "{warning}");
    assert_eq!(outputs(&runner)["refreshed"], "false");
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

fn git(args: &[&str]) {
    let out = super::support::command("git")
        .args(args)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A copy of the files the build key is made of, to change one at a time.
fn action_source() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(root().join(f), dir.path().join(f)).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("src/app")).unwrap();
    std::fs::write(dir.path().join("src/main.rs"), "fn main() {}\n").unwrap();
    std::fs::write(dir.path().join("src/app/mod.rs"), "// app\n").unwrap();
    std::fs::create_dir_all(dir.path().join("crates/teamlint-core/src")).unwrap();
    std::fs::write(
        dir.path().join("crates/teamlint-core/src/lib.rs"),
        "// core\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("README.md"), "# teamlint\n").unwrap();
    dir
}

#[test]
fn the_build_key_follows_the_source_the_os_and_the_architecture() {
    let (repo, base) = coupled_pull_request();
    let runner = Runner::new(&base);
    let src = action_source();
    let key = |vars: &[(&str, &str)]| {
        runner.clear_outputs();
        let mut all = vec![("GITHUB_ACTION_PATH", path_str(src.path()))];
        all.extend_from_slice(vars);
        let run = runner.script("action-keys.sh", repo.path(), &all);
        assert_eq!(run.code, 0, "{}", show(&run));
        outputs(&runner)
    };
    let first = key(&[]);
    let bin = first["bin-key"].clone();
    assert!(bin.starts_with("teamlint-bin-v1-Linux-X64-"), "{bin}");
    assert_eq!(key(&[])["bin-key"], bin, "not stable");

    std::fs::write(src.path().join("README.md"), "# changed\n").unwrap();
    assert_eq!(key(&[])["bin-key"], bin, "the README is not built");
    std::fs::write(src.path().join("src/app/mod.rs"), "// changed\n").unwrap();
    let changed = key(&[])["bin-key"].clone();
    assert_ne!(changed, bin, "a source change must rebuild");
    std::fs::write(
        src.path().join("crates/teamlint-core/src/lib.rs"),
        "// changed\n",
    )
    .unwrap();
    let changed_crate = key(&[])["bin-key"].clone();
    assert_ne!(changed_crate, changed, "a change in a crate must rebuild");
    let changed = changed_crate;
    assert_ne!(key(&[("RUNNER_ARCH", "ARM64")])["bin-key"], changed);
    assert_ne!(key(&[("RUNNER_OS", "macOS")])["bin-key"], changed);
    assert_ne!(key(&[("ImageOS", "ubuntu22")])["bin-key"], changed);

    // The history key names the base, under prefixes an older cache has.
    let h = key(&[("PR_BASE_SHA", &base)]);
    let history = &h["history-key"];
    assert!(history.ends_with(&format!("-{base}")), "{history}");
    assert!(history.starts_with(&h["history-restore"]), "{h:?}");
    assert!(
        h["history-restore"].starts_with(&h["history-restore-any"]),
        "{h:?}"
    );
    assert!(!h["history-restore-any"].is_empty());
    // Outside a pull request, the commit the run is for.
    let head = repo.repo.head().unwrap().target().unwrap().to_string();
    let push = key(&[("GITHUB_SHA", &head)]);
    assert!(
        push["history-key"].ends_with(&format!("-{head}")),
        "{push:?}"
    );

    let off = key(&[("INPUT_HISTORY", "false")]);
    assert_eq!(off["history-key"], "", "{off:?}");
    let none = key(&[("INPUT_INSTALL", "none")]);
    assert_eq!(none["bin-key"], "", "{none:?}");
}

#[test]
fn unknown_history_and_install_values_are_rejected() {
    let (repo, base) = coupled_pull_request();
    let runner = Runner::new(&base);
    for (var, value) in [("INPUT_HISTORY", "yes"), ("INPUT_INSTALL", "brew")] {
        let run = runner.script("action-keys.sh", repo.path(), &[(var, value)]);
        assert_eq!(run.code, 2, "{}", show(&run));
        assert!(run.stdout.starts_with("::error "), "{}", show(&run));
        assert!(run.stdout.contains(value), "{}", show(&run));
    }
}

/// A `cargo` that stands for the toolchain: it records how it was called
/// (in `dir/cargo.log`) and installs the teamlint these tests run, so a
/// miss costs no compile. Returns the directory to put on PATH.
pub(super) fn fake_cargo(dir: &Path) -> std::path::PathBuf {
    let bin = dir.join("toolchain");
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{log}'\nwhile [ $# -gt 0 ]; do\n  if [ \"$1\" = --root ]; then root=\"$2\"; fi\n  shift\ndone\nmkdir -p -- \"$root/bin\" && cp -- '{exe}' \"$root/bin/teamlint\"\n",
        log = dir.join("cargo.log").display(),
        exe = env!("CARGO_BIN_EXE_teamlint"),
    );
    let path = bin.join("cargo");
    std::fs::write(&path, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

#[test]
fn a_cached_build_is_used_as_it_is_and_a_missing_or_broken_one_is_built() {
    let (repo, base) = coupled_pull_request();
    let runner = Runner::new(&base);
    let tools = tempfile::tempdir().unwrap();
    let toolchain = fake_cargo(tools.path());
    let path = format!(
        "{}:{}",
        toolchain.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let cache = runner.file("teamlint-bin");
    let log = tools.path().join("cargo.log");
    let install = || {
        runner.clear_outputs();
        let run = runner.script(
            "action-install.sh",
            repo.path(),
            &[
                ("PATH", &path),
                ("INPUT_INSTALL", "cargo"),
                ("TEAMLINT_ROOT", path_str(&cache)),
            ],
        );
        assert_eq!(run.code, 0, "{}", show(&run));
        (
            outputs(&runner),
            std::fs::read_to_string(&log).unwrap_or_default(),
        )
    };

    // A miss: built from the action's source, into the cached root.
    let (out, calls) = install();
    assert_eq!(out["built"], "true");
    assert_eq!(Path::new(&out["bin"]), cache.join("bin/teamlint"));
    assert_eq!(
        calls.trim(),
        format!(
            "install --locked --force --path {} --root {}",
            root().display(),
            cache.display()
        )
    );
    assert!(runner
        .read("path")
        .contains(&format!("{}", cache.join("bin").display())));

    // A hit: cargo is not called.
    let (out, calls) = install();
    assert_eq!(out["built"], "false");
    assert_eq!(calls.lines().count(), 1, "{calls}");

    // A restored file that does not run is rebuilt, not trusted.
    std::fs::write(cache.join("bin/teamlint"), "not a program").unwrap();
    let (out, calls) = install();
    assert_eq!(out["built"], "true");
    assert_eq!(calls.lines().count(), 2, "{calls}");
}
